"""The editor's forms on the claim pages: log and edit a claim, attach evidence, resolve, retract, record a
walk-back or a reply. Each calls a service."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.views.generic import FormView

from claims import services
from claims.forms import (
    ClaimForm,
    EvidenceAttachForm,
    ReplyForm,
    ResolveForm,
    RetractForm,
    WalkbackForm,
)
from claims.models import Claim
from sources.models import Report, Source
from sources.services import report_create


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
