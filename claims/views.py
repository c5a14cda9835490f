from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from claims import selectors
from claims.models import Claim


def home(request: HttpRequest) -> HttpResponse:
    """Show every claim with its evidence in date order."""
    return render(request, "claims/home.html", {"claims": selectors.claims_with_evidence()})


def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show one claim, its resolutions and its evidence timeline."""
    try:
        claim = selectors.claim_detail(pk=pk)
    except Claim.DoesNotExist as missing:
        raise Http404("No such claim.") from missing
    return render(request, "claims/claim_detail.html", {"claim": claim})
