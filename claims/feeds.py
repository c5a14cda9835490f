"""Atom feeds of new claims, new evidence, resolutions, and each commentator's claims."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from claims.models import Claim, Commentator, Evidence, Resolution

FEED_SIZE = 50


class ClaimFeed(Feed):
    feed_type = Atom1Feed
    title = "Tracker: new claims"
    subtitle = "Predictions newly recorded, with who made them and when."

    def link(self):
        return reverse("claims:claim_list")

    def items(self):
        return self.claims()[:FEED_SIZE]

    def claims(self):
        return Claim.objects.select_related("commentator").order_by("-created_at", "-id")

    def item_title(self, claim: Claim) -> str:
        return f"{claim.commentator.name}: {claim.statement}"

    def item_description(self, claim: Claim) -> str:
        return f"“{claim.quote}” (made {claim.made_display}). Resolution criteria: {claim.resolution_criteria}"

    def item_pubdate(self, claim: Claim):
        return claim.created_at

    def item_updateddate(self, claim: Claim):
        return claim.updated_at

    def item_author_name(self, claim: Claim) -> str:
        return claim.commentator.name


class CommentatorClaimFeed(ClaimFeed):
    def get_object(self, request, slug: str) -> Commentator:
        return get_object_or_404(Commentator, slug=slug)

    def title(self, commentator: Commentator) -> str:
        return f"Tracker: claims by {commentator.name}"

    def subtitle(self, commentator: Commentator) -> str:
        return f"Predictions by {commentator.name} as they are recorded."

    def link(self, commentator: Commentator) -> str:
        return commentator.get_absolute_url()

    def items(self, commentator: Commentator):
        return self.claims().filter(commentator=commentator)[:FEED_SIZE]


class EvidenceFeed(Feed):
    feed_type = Atom1Feed
    title = "Tracker: new evidence"
    subtitle = "Reports newly attached to claims, with their stance."

    def link(self):
        return reverse("claims:home")

    def items(self):
        return Evidence.objects.select_related("report__source", "claim__commentator").order_by("-added_at", "-id")[
            :FEED_SIZE
        ]

    def item_title(self, evidence: Evidence) -> str:
        return f"{evidence.get_stance_display()}: {evidence.report.title} ({evidence.report.source.name})"

    def item_description(self, evidence: Evidence) -> str:
        return (
            f"{evidence.report.source.name}, {evidence.report.published_display}, on the claim by "
            f"{evidence.claim.commentator.name} that {evidence.claim.statement} {evidence.note}"
        )

    def item_link(self, evidence: Evidence) -> str:
        return f"{evidence.claim.get_absolute_url()}#evidence-{evidence.pk}"

    def item_pubdate(self, evidence: Evidence):
        return evidence.added_at


class ResolutionFeed(Feed):
    feed_type = Atom1Feed
    title = "Tracker: resolutions"
    subtitle = "Claims judged, with the outcome and the rationale."

    def link(self):
        return reverse("claims:claim_list") + "?status=resolved"

    def items(self):
        return Resolution.objects.select_related("claim__commentator").order_by("-recorded_at", "-id")[:FEED_SIZE]

    def item_title(self, resolution: Resolution) -> str:
        return f"{resolution.get_outcome_display()}: {resolution.claim.commentator.name}: {resolution.claim.statement}"

    def item_description(self, resolution: Resolution) -> str:
        return resolution.rationale

    def item_link(self, resolution: Resolution) -> str:
        return f"{resolution.claim.get_absolute_url()}#resolution-{resolution.pk}"

    def item_pubdate(self, resolution: Resolution):
        return resolution.recorded_at
