"""schema.org ClaimReview for a resolved claim, so that fact-checking tools and search engines can reuse verdicts.

The review's author is this site; the claim's author is the commentator; the verdict in words is the
rating's alternateName. Vocabulary: https://schema.org/ClaimReview (schema.org version 29.0).
"""

import json

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from claims.models import Claim, CommentatorKind, Outcome, Resolution
from tracker.partial_dates import iso_partial_date

SITE_NAME = "Tracker"

# The verdict as a number on a three-step scale (false 1, partly true 2, true 3); a void claim has none.
RATING_VALUES = {Outcome.FALSE: 1, Outcome.PARTLY_TRUE: 2, Outcome.TRUE: 3}
WORST_RATING, BEST_RATING = 1, 3


def _latest_resolution(claim: Claim) -> Resolution | None:
    # Sorted in Python so that resolutions prefetched by the claim page's selector cost no query.
    return max(claim.resolutions.all(), key=lambda item: (item.recorded_at, item.pk), default=None)


def _author(claim: Claim, base_url: str) -> dict:
    commentator = claim.commentator
    kind = "Person" if commentator.kind == CommentatorKind.PERSON else "Organization"
    author = {"@type": kind, "name": commentator.name, "url": base_url + commentator.get_absolute_url()}
    if commentator.link_list:
        author["sameAs"] = commentator.link_list
    return author


def _appearance(claim: Claim) -> dict | None:
    report = claim.appeared_in
    if report is not None:
        appearance = {
            "@type": "CreativeWork",
            "headline": report.title,
            "datePublished": report.published_iso,
            "publisher": {"@type": "Organization", "name": report.source.name},
        }
        if report.url:
            appearance["url"] = report.url
        return appearance
    if claim.appeared_url:
        return {"@type": "CreativeWork", "url": claim.appeared_url}
    return None


def claim_review(claim: Claim, *, base_url: str) -> dict | None:
    """Return the schema.org ClaimReview of a resolved claim, or None while it is unresolved.

    base_url is the site's address without a trailing slash (e.g. https://tracker.example), for absolute links.
    """
    resolution = _latest_resolution(claim)
    if not claim.outcome or resolution is None:
        return None
    base_url = base_url.rstrip("/")
    item = {
        "@type": "Claim",
        "author": _author(claim, base_url),
        "datePublished": iso_partial_date(claim.made_on, claim.made_precision),
        "text": claim.quote,
    }
    appearance = _appearance(claim)
    if appearance is not None:
        item["appearance"] = appearance
    rating = {
        "@type": "Rating",
        "alternateName": Outcome(resolution.outcome).label,
        "worstRating": WORST_RATING,
        "bestRating": BEST_RATING,
    }
    if resolution.outcome in RATING_VALUES:
        rating["ratingValue"] = RATING_VALUES[resolution.outcome]
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": base_url + claim.get_absolute_url(),
        "claimReviewed": claim.statement,
        "itemReviewed": item,
        "author": {"@type": "Organization", "name": SITE_NAME, "url": base_url + "/"},
        "datePublished": resolution.recorded_at.date().isoformat(),
        "reviewRating": rating,
        "reviewBody": resolution.rationale,
    }


# As django.utils.html.json_script: no character of the text can close the script element or open a comment.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld_script(data: dict) -> SafeString:
    """Return data as a <script type="application/ld+json"> element that no text inside it can break out of."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))
