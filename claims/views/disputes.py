"""Readers dispute a resolution; editors decide disputes; editors choose their reminder digests."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.views.generic import FormView, ListView

from claims import selectors, services
from claims.forms import (
    DisputeDecisionForm,
    DisputeForm,
    ReminderPreferenceForm,
)
from claims.models import Claim, ReminderPreference


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
