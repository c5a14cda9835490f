"""The record's own bookkeeping: merges, the ledger and its verifications, the kept figures."""

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import F
from django.utils import timezone

from claims.models.claims import Claim
from claims.models.commentators import Commentator
from claims.models.evidence import Resolution


class MergeRecord(models.Model):
    """What a merge of two commentators or two sources did: the removed one's identity and what moved."""

    class Kind(models.TextChoices):
        COMMENTATOR = "commentator", "Commentator"
        SOURCE = "source", "Source"

    kind = models.CharField(max_length=12, choices=Kind.choices)
    kept_id = models.BigIntegerField()
    kept_name = models.CharField(max_length=200)
    removed_id = models.BigIntegerField()
    removed_name = models.CharField(max_length=200)
    removed_slug = models.CharField(max_length=200)
    moved = models.JSONField(help_text="How many rows of each kind moved to the kept record.")
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    merged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-merged_at", "-id"]
        indexes = [models.Index(fields=["kind", "removed_slug"], name="merge_removed_slug")]
        triggers = [pgtrigger.Protect(name="merge_record_append_only", operation=pgtrigger.Update | pgtrigger.Delete)]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.removed_name} merged into {self.kept_name}"


class LedgerEntry(models.Model):
    """One link of the append-only hash chain, and one leaf of the Merkle tree over it, in sequence order.

    An entry records the form of one part of the record after a change made through the application: a claim,
    a resolution, or one of the parts claims.record.forms covers (evidence, a report, …).
    """

    class Kind(models.TextChoices):
        CLAIM = "claim", "Claim"
        RESOLUTION = "resolution", "Resolution"
        EVIDENCE = "evidence", "Evidence"
        REPORT = "report", "Report"
        SOURCE = "source", "Source"
        COMMENTATOR = "commentator", "Commentator"
        TOPIC = "topic", "Topic"
        CLAIM_TOPICS = "claim_topics", "Claim's topics"
        WALKBACK = "walkback", "Walk-back"
        REPLY = "reply", "Reply"
        DISPUTE = "dispute", "Dispute"
        MERGE = "merge", "Merge"

    sequence = models.PositiveBigIntegerField(unique=True, help_text="1 for the first entry, then one more each.")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    claim = models.ForeignKey(
        Claim,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="ledger_entries",
        help_text="The claim the recorded part belongs to, if any.",
    )
    resolution = models.ForeignKey(
        Resolution, on_delete=models.DO_NOTHING, db_constraint=False, null=True, blank=True, related_name="+"
    )
    object_id = models.BigIntegerField(
        null=True,
        blank=True,
        help_text="The number of the recorded part, for the kinds other than claim and resolution.",
    )
    content = models.JSONField(help_text="The recorded form, as hashed (RFC 8785 canonical JSON of this value).")
    content_hash = models.CharField(max_length=64)
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["sequence"]
        verbose_name_plural = "ledger entries"
        indexes = [
            models.Index(fields=["claim", "-sequence"], name="ledger_claim_latest"),
            models.Index(fields=["kind", "object_id", "-sequence"], name="ledger_part_latest"),
        ]
        triggers = [pgtrigger.Protect(name="ledger_append_only", operation=pgtrigger.Update | pgtrigger.Delete)]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.kind} {self.part_id}: {self.entry_hash[:12]}"

    @property
    def part_id(self) -> int | None:
        """The number of the part this entry records: a claim's, a resolution's or another part's."""
        if self.kind == self.Kind.CLAIM:
            return self.claim_id
        if self.kind == self.Kind.RESOLUTION:
            return self.resolution_id
        return self.object_id


class TreeHead(models.Model):
    """A signed tree head: the Merkle tree's size and root at a moment, signed with the site's Ed25519 key and,
    where a time-stamping authority is configured, time-stamped by it (RFC 3161). Published on /ledger/heads/."""

    tree_size = models.PositiveBigIntegerField(help_text="How many ledger entries the tree held.")
    root_hash = models.CharField(max_length=64, help_text="The tree's root (RFC 9162), hex-encoded.")
    timestamp = models.DateTimeField(help_text="When the head was signed, as the signed text says.")
    log = models.CharField(max_length=200, help_text="The name of the log, in the signed text.")
    signature = models.CharField(max_length=100, help_text="Ed25519 signature of the head's text, base64.")
    public_key = models.CharField(max_length=60, help_text="The public key it verifies with, base64 of 32 bytes.")
    tsa_token = models.BinaryField(blank=True, default=b"", help_text="The RFC 3161 time-stamp token (DER), if any.")
    tsa_authority = models.CharField(max_length=500, blank=True)
    tsa_time = models.DateTimeField(null=True, blank=True, help_text="The time the authority's token states.")

    class Meta:
        ordering = ["-tree_size", "-id"]
        get_latest_by = "id"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(root_hash__regex=r"^[0-9a-f]{64}$"),
                name="tree_head_root_is_hex",
                violation_error_code="invalid_root",
            )
        ]
        triggers = [pgtrigger.Protect(name="tree_head_append_only", operation=pgtrigger.Update | pgtrigger.Delete)]

    def __str__(self) -> str:
        return f"Tree head of {self.tree_size} entries: {self.root_hash[:12]}"


class LedgerVerification(models.Model):
    """The result of one run of verify_ledger."""

    checked_at = models.DateTimeField(default=timezone.now)
    entries = models.PositiveBigIntegerField()
    head_hash = models.CharField(max_length=64, blank=True)
    problems = models.JSONField(default=list)

    class Meta:
        ordering = ["-checked_at", "-id"]
        get_latest_by = "checked_at"

    def __str__(self) -> str:
        return f"{'OK' if not self.problems else f'{len(self.problems)} problems'} at {self.checked_at:%Y-%m-%d %H:%M}"

    @property
    def ok(self) -> bool:
        return not self.problems


class CommentatorFigures(models.Model):
    """The sums a commentator's leaderboard row is made of, and a token of their record's last change.

    Kept by database triggers (migration 0007): any insert or update of the commentator's claims recomputes
    the row from the claims, in the same transaction; a change to a claim's topics or disputes writes a new
    token. `manage.py rebuild_figures` recomputes every row; a test checks the rows equal a fresh computation.
    Not edited by hand.
    """

    commentator = models.OneToOneField(Commentator, on_delete=models.CASCADE, primary_key=True, related_name="figures")
    claims = models.PositiveIntegerField(default=0, db_default=0, help_text="Claims not retracted.")
    retracted = models.PositiveIntegerField(default=0, db_default=0)
    scored = models.PositiveIntegerField(
        default=0, db_default=0, help_text="Claims not retracted, resolved true, false or partly."
    )
    successes = models.FloatField(
        default=0.0, db_default=0.0, help_text="Σ o over the scored claims: true 1, partly true ½, false 0."
    )
    brier_n = models.PositiveIntegerField(
        default=0, db_default=0, help_text="Scored true or false claims with a probability."
    )
    brier_sum = models.FloatField(default=0.0, db_default=0.0, help_text="Σ (p − o)² over those claims.")
    wilson_low = models.FloatField(null=True, help_text="Lower end of the 95% Wilson interval of the hit rate.")
    changed = models.UUIDField(help_text="A new value on every change to the commentator's claims, topics or disputes.")

    class Meta:
        verbose_name_plural = "commentator figures"
        indexes = [
            models.Index(F("wilson_low").desc(nulls_last=True), F("scored").desc(), name="figures_leaderboard_order"),
        ]

    def __str__(self) -> str:
        return f"Figures of commentator {self.commentator_id}"
