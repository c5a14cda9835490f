"""Pages for claims, commentators and topics: thin views over selectors (reads) and services (writes)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET
from django.views.generic import FormView, ListView, TemplateView
from django_filters.views import FilterView

from claims import selectors, services
from claims.filters import ClaimFilter
from claims.forms import (
    ClaimForm,
    DisputeDecisionForm,
    DisputeForm,
    EvidenceAttachForm,
    ReminderPreferenceForm,
    ReplyForm,
    ResolveForm,
    RetractForm,
    ScoreFilterForm,
    WalkbackForm,
)
from claims.models import Claim, Commentator, LedgerEntry, LedgerVerification, MergeRecord, ReminderPreference, Topic
from claims.record import history, ledger
from claims.scoring import charts, scorecards
from sources.models import Report, Source
from sources.services import report_create
from tracker.pagination import CappedPaginator


class HomeView(TemplateView):
    template_name = "claims/home.html"

    def get_context_data(self, **kwargs):
        top = scorecards.leaderboard_top(5)
        return {**super().get_context_data(**kwargs), **selectors.home(), "leaders": top}


class ClaimListView(FilterView):
    filterset_class = ClaimFilter
    template_name = "claims/claim_list.html"
    context_object_name = "claims"
    paginate_by = 25
    paginator_class = CappedPaginator

    def get_queryset(self):
        return selectors.claim_list()


TIMELINE_SIZE = 100  # evidence items shown on a claim's page before "show all"


class ClaimDetailView(TemplateView):
    template_name = "claims/claim_detail.html"

    def get_context_data(self, **kwargs):
        try:
            claim = selectors.claim_detail(pk=self.kwargs["pk"])
        except Claim.DoesNotExist as missing:
            raise Http404("No such claim.") from missing
        balance, evidence_count = scorecards.claim_balance(claim)
        points, step = charts.by_period(balance.points)
        chart = charts.line_chart(
            points,
            y_format="{:+g}",
            markers=[(claim.resolve_by, "deadline"), (claim.resolved_on, "resolved")],
        )
        show_all = self.request.GET.get("timeline") == "all"
        timeline = selectors.claim_timeline(claim, limit=None if show_all else TIMELINE_SIZE)
        return {
            **super().get_context_data(**kwargs),
            "claim": claim,
            "timeline": timeline,
            "timeline_cut": evidence_count - len(timeline),
            "evidence_count": evidence_count,
            "on_timeline": {item.pk for item in timeline},
            "balance": balance,
            "balance_points": points,
            "balance_step": step,
            "balance_chart": chart,
            "ledger_entry": selectors.claim_ledger_entry(claim),
            "open_disputes": [dispute for dispute in claim.disputes.all() if dispute.status == "open"],
        }


class ClaimCreateView(PermissionRequiredMixin, FormView):
    permission_required = "claims.add_claim"
    template_name = "claims/claim_form.html"
    form_class = ClaimForm

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            with transaction.atomic():
                commentator = data["commentator"] or services.commentator_create(
                    name=data["new_commentator"], kind=data["new_commentator_kind"]
                )
                claim = services.claim_create(
                    commentator=commentator,
                    topics=data["topics"],
                    created_by=self.request.user,
                    **form.claim_fields(),
                )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, "Claim recorded. Attach the evidence that bears on it below.")
        return redirect(claim)


class ClaimUpdateView(PermissionRequiredMixin, FormView):
    permission_required = "claims.change_claim"
    template_name = "claims/claim_form.html"
    form_class = ClaimForm

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():
            return self.handle_no_permission()
        self.claim = Claim.objects.filter(pk=kwargs["pk"]).select_related("commentator").first()
        if self.claim is None:
            raise Http404("No such claim.")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "creating": False}

    def get_initial(self):
        return ClaimForm.initial_for(self.claim)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "claim": self.claim}

    def form_valid(self, form):
        try:
            services.claim_update(
                claim=self.claim,
                commentator=form.cleaned_data["commentator"],
                topics=form.cleaned_data["topics"],
                expected_version=form.cleaned_data.get("version") or self.claim.version,
                **form.claim_fields(),
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, "Claim updated.")
        return redirect(self.claim)


class ClaimActionView(PermissionRequiredMixin, FormView):
    """A form shown on its own page for one claim (attach evidence, resolve)."""

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():  # before looking anything up: a reader learns nothing
            return self.handle_no_permission()
        self.claim = Claim.objects.filter(pk=kwargs["pk"]).select_related("commentator").first()
        if self.claim is None:
            raise Http404("No such claim.")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "claim": self.claim}


class EvidenceAttachView(ClaimActionView):
    permission_required = "claims.add_evidence"
    template_name = "claims/evidence_form.html"
    form_class = EvidenceAttachForm

    def get_context_data(self, **kwargs):
        recent = Report.objects.select_related("source").order_by("-created_at", "-id")[:200]
        return {**super().get_context_data(**kwargs), "recent_reports": recent, "has_sources": Source.objects.exists()}

    def form_valid(self, form):
        new_report = form.new_report_fields()
        try:
            with transaction.atomic():
                report = form.cleaned_data["report"] or report_create(**new_report)
                services.evidence_attach(
                    claim=self.claim,
                    report=report,
                    stance=form.cleaned_data["stance"],
                    note=form.cleaned_data["note"],
                    added_by=self.request.user,
                )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Evidence attached: {report.title}.")
        return redirect(self.claim)


class ClaimResolveView(ClaimActionView):
    permission_required = "claims.add_resolution"
    template_name = "claims/resolve_form.html"
    form_class = ResolveForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "claim": self.claim}

    def form_valid(self, form):
        try:
            services.claim_resolve(claim=self.claim, resolved_by=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, "Resolution recorded.")
        return redirect(self.claim)


class ClaimRetractView(ClaimActionView):
    permission_required = "claims.change_claim"
    template_name = "claims/retract_form.html"
    form_class = RetractForm

    def form_valid(self, form):
        try:
            services.claim_retract(claim=self.claim, retracted_by=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, "Claim retracted. It stays on record, marked retracted, and is not scored.")
        return redirect(self.claim)


class WalkbackRecordView(ClaimActionView):
    permission_required = "claims.add_walkback"
    template_name = "claims/walkback_form.html"
    form_class = WalkbackForm

    def form_valid(self, form):
        said_on, said_precision = form.cleaned_data["said_on"]
        try:
            services.walkback_record(
                claim=self.claim,
                said_on=said_on,
                said_precision=said_precision,
                text=form.cleaned_data["text"],
                report=form.cleaned_data["report"],
                url=form.cleaned_data["url"] or "",
                added_by=self.request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, "Walk-back recorded. The claim is still scored as it was made.")
        return redirect(self.claim)


class ClaimHistoryView(TemplateView):
    template_name = "claims/claim_history.html"

    def get_context_data(self, **kwargs):
        claim = Claim.objects.select_related("commentator").filter(pk=self.kwargs["pk"]).first()
        if claim is None:
            raise Http404("No such claim.")
        return {**super().get_context_data(**kwargs), "claim": claim, "events": history.claim_events(claim)}


class LedgerView(TemplateView):
    template_name = "claims/ledger.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "head": ledger.head(),
            "entry_count": LedgerEntry.objects.count(),
            "verification": LedgerVerification.objects.order_by("-checked_at", "-id").first(),
        }


@require_GET
def ledger_head_json(request) -> JsonResponse:
    """Return the ledger's head, for outsiders to keep and compare later."""
    current = ledger.head()
    return JsonResponse({**current, "entries": LedgerEntry.objects.count()})


class ReplyRecordView(ClaimActionView):
    permission_required = "claims.add_reply"
    template_name = "claims/reply_form.html"
    form_class = ReplyForm

    def get_initial(self):
        return {"speaker": self.claim.commentator.name}

    def form_valid(self, form):
        said_on, said_precision = form.cleaned_data["said_on"]
        try:
            services.reply_record(
                claim=self.claim,
                speaker=form.cleaned_data["speaker"],
                said_on=said_on,
                said_precision=said_precision,
                text=form.cleaned_data["text"],
                report=form.cleaned_data["report"],
                url=form.cleaned_data["url"] or "",
                added_by=self.request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, "Reply recorded. It is shown beside the claim and does not change its score.")
        return redirect(self.claim)


class DisputeRaiseView(LoginRequiredMixin, FormView):
    """Any signed-in reader may dispute a claim's current resolution."""

    template_name = "claims/dispute_form.html"
    form_class = DisputeForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.claim = Claim.objects.select_related("commentator").filter(pk=kwargs["pk"]).first()
        if self.claim is None:
            raise Http404("No such claim.")
        self.resolution = self.claim.resolutions.order_by("-recorded_at", "-id").first()
        if self.resolution is None:
            raise Http404("This claim has no resolution to dispute.")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "claim": self.claim, "resolution": self.resolution}

    def form_valid(self, form):
        try:
            services.dispute_raise(
                resolution=self.resolution,
                raised_by=self.request.user,
                reason=form.cleaned_data["reason"],
                report=form.cleaned_data["report"],
                evidence_url=form.cleaned_data["evidence_url"] or "",
                evidence_title=form.cleaned_data["evidence_title"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request, "Your dispute is recorded. An editor will decide it; the decision is shown here."
        )
        return redirect(self.claim)


class DisputeQueueView(PermissionRequiredMixin, ListView):
    permission_required = "claims.change_dispute"
    template_name = "claims/dispute_queue.html"
    context_object_name = "disputes"
    paginate_by = 25

    def get_queryset(self):
        return selectors.open_disputes()


class DisputeDecideView(PermissionRequiredMixin, FormView):
    permission_required = "claims.change_dispute"
    template_name = "claims/dispute_decide.html"
    form_class = DisputeDecisionForm

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():
            return self.handle_no_permission()
        self.dispute = selectors.open_disputes().filter(pk=kwargs["pk"]).first()
        if self.dispute is None:
            raise Http404("No such open dispute.")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "claim": self.dispute.claim}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "dispute": self.dispute, "claim": self.dispute.claim}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            if data["decision_kind"] == "uphold":
                services.dispute_uphold(dispute=self.dispute, decided_by=self.request.user, decision=data["decision"])
            else:
                services.dispute_overturn(
                    dispute=self.dispute,
                    decided_by=self.request.user,
                    decision=data["decision"],
                    outcome=data["outcome"],
                    resolved_on=data["resolved_on"],
                    cited_evidence=data["cited_evidence"],
                    condition_met=data.get("condition_met"),
                )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, "Dispute decided. The decision is shown on the claim.")
        return redirect(self.dispute.claim)


class ReminderPreferenceView(PermissionRequiredMixin, FormView):
    permission_required = "claims.add_claim"
    template_name = "claims/reminders.html"
    form_class = ReminderPreferenceForm

    def get_initial(self):
        preference = ReminderPreference.objects.filter(user=self.request.user).first()
        return {"digest": preference.digest if preference else "none"}

    def form_valid(self, form):
        ReminderPreference.objects.update_or_create(
            user=self.request.user, defaults={"digest": form.cleaned_data["digest"]}
        )
        messages.success(self.request, "Reminder preference saved.")
        return redirect("claims:reminders")


class CommentatorListView(ListView):
    template_name = "claims/commentator_list.html"
    context_object_name = "commentators"
    paginate_by = 50

    def get_queryset(self):
        return selectors.commentator_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["commentators"] = selectors.with_status_counts(list(context["commentators"]))
        return context


class CommentatorDetailView(TemplateView):
    template_name = "claims/commentator_detail.html"

    def get(self, request, *args, **kwargs):
        slug = kwargs["slug"]
        self.commentator = Commentator.objects.filter(slug=slug).first()
        if self.commentator is None:
            merge = MergeRecord.objects.filter(kind=MergeRecord.Kind.COMMENTATOR, removed_slug=slug).first()
            kept = Commentator.objects.filter(pk=merge.kept_id).first() if merge else None
            if kept is not None:
                return redirect(kept, permanent=True)
            raise Http404("No such commentator.")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        commentator = self.commentator
        groups = selectors.commentator_claims(commentator)
        form = ScoreFilterForm(self.request.GET or None)
        card = scorecards.scorecard(commentator, form.score_filter() if form.is_valid() else scorecards.ScoreFilter())
        points = card.history
        return {
            **super().get_context_data(**kwargs),
            "commentator": commentator,
            "groups": groups,
            "card": card,
            "history": points,
            "history_step": card.history_step,
            "filter_form": form,
            "calibration_chart": charts.calibration_chart(card.calibration),
            "hit_rate_chart": charts.line_chart(
                [(point.date, point.hit_rate) for point in points], y_range=(0.0, 1.0), y_format="{:.0%}"
            ),
            "brier_chart": charts.line_chart(
                [(point.date, point.brier) for point in points if point.brier is not None],
                y_range=(0.0, 1.0),
                y_format="{:.2f}",
            ),
        }


@require_GET
def scorecard_json(request, slug: str) -> JsonResponse:
    """Return a commentator's figures as JSON (?topic=&from=&to= narrow them)."""
    commentator = Commentator.objects.filter(slug=slug).first()
    if commentator is None:
        return JsonResponse({"error": "No such commentator."}, status=404)
    form = ScoreFilterForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    return JsonResponse(scorecards.scorecard(commentator, form.score_filter(), detail=False).as_json())


class LeaderboardView(TemplateView):
    template_name = "claims/leaderboard.html"

    def get_context_data(self, **kwargs):
        form = ScoreFilterForm(self.request.GET or None)
        filters = form.score_filter() if form.is_valid() else scorecards.ScoreFilter()
        page, rows = scorecards.leaderboard_page(filters, self.request.GET.get("page"))
        return {**super().get_context_data(**kwargs), "rows": rows, "page_obj": page, "filter_form": form}


@require_GET
def leaderboard_json(request) -> JsonResponse:
    """Return a page of leaderboard rows (?page=), in order, with the scorecard figures of each."""
    form = ScoreFilterForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    return JsonResponse(scorecards.leaderboard_json(form.score_filter(), request.GET.get("page")))


class TopicDetailView(FilterView):
    """A topic's claims: the claim list narrowed to the topic."""

    filterset_class = ClaimFilter
    template_name = "claims/topic_detail.html"
    context_object_name = "claims"
    paginate_by = 25
    paginator_class = CappedPaginator

    def get(self, request, *args, **kwargs):
        try:
            self.topic = selectors.topic_detail(slug=kwargs["slug"])
        except Topic.DoesNotExist as missing:
            raise Http404("No such topic.") from missing
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.claim_list(Claim.objects.filter(topics=self.topic))

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "topic": self.topic}
