"""The record's own pages: a claim's history and the ledger."""

from django.http import Http404, JsonResponse
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from claims.models import Claim, LedgerEntry, LedgerVerification
from claims.record import history, ledger


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
