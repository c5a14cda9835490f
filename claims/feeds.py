"""Atom feeds of new claims, new evidence, resolutions, each commentator's claims and the ledger's heads."""

import json

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from claims import reminders
from claims.models import Claim, Commentator, Evidence, Resolution, TreeHead
from claims.record import heads

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


class DueFeed(Feed):
    """Claims coming due in the next 30 days and claims overdue: the list the reminders carry."""

    feed_type = Atom1Feed
    title = "Tracker: claims coming due and overdue"
    subtitle = "Unresolved claims whose deadline is within 30 days or has passed."

    def link(self):
        return reverse("claims:claim_list") + "?status=due"

    def items(self):
        return reminders.due_claims(timezone.localdate())[:FEED_SIZE]

    def item_title(self, claim: Claim) -> str:
        when = "overdue since" if claim.resolve_by < timezone.localdate() else "due"
        return f"{when} {claim.resolve_by:%d %b %Y}: {claim.commentator.name}: {claim.statement}"

    def item_description(self, claim: Claim) -> str:
        return f"Resolution criteria: {claim.resolution_criteria}"

    def item_pubdate(self, claim: Claim):
        return claim.created_at


class ClaimActivityFeed(Feed):
    """Everything that happens to one claim: evidence, resolutions, replies, walk-backs and disputes."""

    feed_type = Atom1Feed

    def get_object(self, request, pk: int) -> Claim:
        return get_object_or_404(Claim.objects.select_related("commentator"), pk=pk)

    def title(self, claim: Claim) -> str:
        return f"Tracker: {claim.commentator.name}: {claim.statement}"

    def link(self, claim: Claim) -> str:
        return claim.get_absolute_url()

    def items(self, claim: Claim) -> list:
        entries = [
            (
                item.added_at,
                f"Evidence ({item.get_stance_display()}): {item.report.title}",
                item.note,
                f"evidence-{item.pk}",
            )
            for item in claim.evidence.select_related("report")
        ]
        entries += [
            (r.recorded_at, f"Resolved {r.get_outcome_display()}", r.rationale, f"resolution-{r.pk}")
            for r in claim.resolutions.all()
        ]
        entries += [(r.added_at, f"Reply by {r.speaker}", r.text, f"reply-{r.pk}") for r in claim.replies.all()]
        entries += [(w.added_at, "Walk-back", w.text, f"walkback-{w.pk}") for w in claim.walkbacks.all()]
        entries += [
            (d.raised_at, f"Dispute ({d.get_status_display()})", d.decision or d.reason, f"dispute-{d.pk}")
            for d in claim.disputes.all()
        ]
        return sorted(entries, key=lambda entry: entry[0], reverse=True)[:FEED_SIZE]

    def item_title(self, entry) -> str:
        return entry[1]

    def item_description(self, entry) -> str:
        return entry[2]

    def item_link(self, entry) -> str:
        return f"{self._claim_url}#{entry[3]}"

    def item_pubdate(self, entry):
        return entry[0]

    def get_feed(self, obj, request):
        self._claim_url = obj.get_absolute_url()
        return super().get_feed(obj, request)


class TreeHeadFeed(Feed):
    """Every signed tree head of the ledger: a reader's feed reader keeps them, so a later rewrite is provable."""

    feed_type = Atom1Feed
    title = "Tracker: signed ledger heads"
    subtitle = "Each head signs the ledger's Merkle tree at a moment: its size and root (RFC 9162), Ed25519-signed."

    def link(self):
        return reverse("claims:ledger")

    def items(self):
        return TreeHead.objects.order_by("-tree_size", "-id")[:FEED_SIZE]

    def item_title(self, head: TreeHead) -> str:
        return f"{head.tree_size} entries, root {head.root_hash[:16]}…"

    def item_description(self, head: TreeHead) -> str:
        return json.dumps(heads.head_text(head), sort_keys=True)

    def item_link(self, head: TreeHead) -> str:
        return f"{reverse('api:ledger_consistency')}?first={head.tree_size}"

    def item_guid(self, head: TreeHead) -> str:
        return f"tree-head:{head.log}:{head.tree_size}:{head.root_hash}"

    def item_pubdate(self, head: TreeHead):
        return head.timestamp
