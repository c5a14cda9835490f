"""{% claim_review_json_ld claim %}: the ClaimReview JSON-LD of a resolved claim, safely inside its script element."""

from django import template

from claims.transfer.claimreview import claim_review, json_ld_script

register = template.Library()


@register.simple_tag(takes_context=True)
def claim_review_json_ld(context, claim) -> str:
    """Return the claim's ClaimReview as a JSON-LD script element; nothing while the claim is unresolved."""
    request = context.get("request")
    base_url = request.build_absolute_uri("/") if request is not None else "/"
    review = claim_review(claim, base_url=base_url)
    return json_ld_script(review) if review is not None else ""
