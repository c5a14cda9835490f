"""The pages of the claims app, one module per part of the site; every view is importable from claims.views."""

from claims.views.disputes import (
    DisputeDecideView,
    DisputeQueueView,
    DisputeRaiseView,
    ReminderPreferenceView,
)
from claims.views.editing import (
    ClaimActionView,
    ClaimCreateView,
    ClaimResolveView,
    ClaimRetractView,
    ClaimUpdateView,
    EvidenceAttachView,
    ReplyRecordView,
    WalkbackRecordView,
)
from claims.views.pages import (
    ClaimDetailView,
    ClaimListView,
    HomeView,
    TopicDetailView,
)
from claims.views.record import (
    ClaimHistoryView,
    LedgerEntryView,
    LedgerView,
    ledger_export,
    ledger_head_json,
    ledger_verifier,
)
from claims.views.scores import (
    CommentatorDetailView,
    CommentatorListView,
    LeaderboardView,
    leaderboard_json,
    scorecard_json,
)

__all__ = [
    "HomeView",
    "ClaimListView",
    "ClaimDetailView",
    "TopicDetailView",
    "CommentatorListView",
    "CommentatorDetailView",
    "scorecard_json",
    "LeaderboardView",
    "leaderboard_json",
    "ClaimCreateView",
    "ClaimUpdateView",
    "ClaimActionView",
    "EvidenceAttachView",
    "ClaimResolveView",
    "ClaimRetractView",
    "WalkbackRecordView",
    "ReplyRecordView",
    "DisputeRaiseView",
    "DisputeQueueView",
    "DisputeDecideView",
    "ReminderPreferenceView",
    "ClaimHistoryView",
    "LedgerView",
    "ledger_head_json",
    "LedgerEntryView",
    "ledger_export",
    "ledger_verifier",
]
