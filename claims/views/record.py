"""The record's own pages: a claim's history and the ledger."""

import json
from pathlib import Path

from django.http import FileResponse, Http404, JsonResponse, StreamingHttpResponse
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from claims.models import Claim, LedgerEntry, LedgerVerification, TreeHead
from claims.record import heads, history, ledger

VERIFIER = Path(__file__).resolve().parent.parent / "record" / "verifier.py"
MAX_SEQUENCE = 2**63 - 1


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
            "heads": TreeHead.objects.order_by("-tree_size", "-id")[:10],
            "public_key": _public_key(),
            "covered": [label for _, label in LedgerEntry.Kind.choices],
        }


def _public_key() -> str:
    try:
        return heads.public_key_text()
    except heads.SigningKeyMissing:
        return ""


class LedgerEntryView(TemplateView):
    """One entry: what it recorded, its hashes, and its inclusion proof in the newest signed head."""

    template_name = "claims/ledger_entry.html"

    def get_context_data(self, **kwargs):
        sequence = self.kwargs["sequence"]
        entry = LedgerEntry.objects.filter(sequence=sequence).first() if sequence <= MAX_SEQUENCE else None
        if entry is None:
            raise Http404("No such ledger entry.")
        head = heads.latest_head()
        proof = heads.inclusion(sequence, head.tree_size) if head and sequence <= head.tree_size else None
        return {
            **super().get_context_data(**kwargs),
            "entry": entry,
            "content": json.dumps(entry.content, indent=2, sort_keys=True, ensure_ascii=False),
            "head": head,
            "proof": proof,
        }


@require_GET
def ledger_head_json(request) -> JsonResponse:
    """Return the ledger's head, for outsiders to keep and compare later."""
    current = ledger.head()
    return JsonResponse({**current, "entries": LedgerEntry.objects.count()})


@require_GET
def ledger_export(request) -> StreamingHttpResponse:
    """Return the whole ledger and its signed heads, as the stand-alone verifier reads it."""
    response = StreamingHttpResponse(heads.export_chunks(), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="tracker-ledger.json"'
    return response


@require_GET
def ledger_verifier(request) -> FileResponse:
    """Return the stand-alone verifier: one Python file, the standard library only."""
    return FileResponse(VERIFIER.open("rb"), as_attachment=True, filename="verifier.py", content_type="text/x-python")
