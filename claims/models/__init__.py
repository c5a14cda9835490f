"""The record of the claims app, one module per concept; every model is importable from claims.models."""

from claims.models.claims import (
    MADE_IN_FUTURE,
    RESOLVED_BEFORE_MADE,
    Claim,
    ClaimQuerySet,
    Outcome,
    RetractionReason,
    Status,
)
from claims.models.commentators import (
    Commentator,
    CommentatorKind,
    Topic,
)
from claims.models.evidence import (
    Evidence,
    Resolution,
    Stance,
)
from claims.models.fairness import (
    Digest,
    Dispute,
    DisputeStatus,
    ReminderPreference,
    ReminderSent,
    Reply,
    Walkback,
)
from claims.models.record import (
    CommentatorFigures,
    LedgerEntry,
    LedgerVerification,
    MergeRecord,
    TreeHead,
)

__all__ = [
    "MADE_IN_FUTURE",
    "RESOLVED_BEFORE_MADE",
    "Claim",
    "ClaimQuerySet",
    "Outcome",
    "RetractionReason",
    "Status",
    "Commentator",
    "CommentatorKind",
    "Topic",
    "Evidence",
    "Resolution",
    "Stance",
    "Digest",
    "Dispute",
    "DisputeStatus",
    "ReminderPreference",
    "ReminderSent",
    "Reply",
    "Walkback",
    "CommentatorFigures",
    "LedgerEntry",
    "LedgerVerification",
    "MergeRecord",
    "TreeHead",
]
