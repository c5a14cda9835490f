from django.urls import path

from claims import feeds, views

app_name = "claims"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("claims/", views.ClaimListView.as_view(), name="claim_list"),
    path("claims/new/", views.ClaimCreateView.as_view(), name="claim_create"),
    path("claims/<int:pk>/", views.ClaimDetailView.as_view(), name="claim_detail"),
    path("claims/<int:pk>/edit/", views.ClaimUpdateView.as_view(), name="claim_update"),
    path("claims/<int:pk>/evidence/", views.EvidenceAttachView.as_view(), name="evidence_attach"),
    path("claims/<int:pk>/resolve/", views.ClaimResolveView.as_view(), name="claim_resolve"),
    path("claims/<int:pk>/retract/", views.ClaimRetractView.as_view(), name="claim_retract"),
    path("claims/<int:pk>/walkback/", views.WalkbackRecordView.as_view(), name="walkback_record"),
    path("claims/<int:pk>/history/", views.ClaimHistoryView.as_view(), name="claim_history"),
    path("claims/<int:pk>/reply/", views.ReplyRecordView.as_view(), name="reply_record"),
    path("claims/<int:pk>/dispute/", views.DisputeRaiseView.as_view(), name="dispute_raise"),
    path("disputes/", views.DisputeQueueView.as_view(), name="dispute_queue"),
    path("disputes/<int:pk>/decide/", views.DisputeDecideView.as_view(), name="dispute_decide"),
    path("reminders/", views.ReminderPreferenceView.as_view(), name="reminders"),
    path("feeds/due/", feeds.DueFeed(), name="feed_due"),
    path("feeds/claims/<int:pk>/", feeds.ClaimActivityFeed(), name="feed_claim"),
    path("ledger/", views.LedgerView.as_view(), name="ledger"),
    path("ledger/head.json", views.ledger_head_json, name="ledger_head"),
    path("ledger/heads.atom", feeds.TreeHeadFeed(), name="feed_heads"),
    path("ledger/export.json", views.ledger_export, name="ledger_export"),
    path("ledger/verifier.py", views.ledger_verifier, name="ledger_verifier"),
    path("ledger/entries/<int:sequence>/", views.LedgerEntryView.as_view(), name="ledger_entry"),
    path("commentators/", views.CommentatorListView.as_view(), name="commentator_list"),
    path("commentators/<str:slug>/", views.CommentatorDetailView.as_view(), name="commentator_detail"),
    path("commentators/<str:slug>/scorecard.json", views.scorecard_json, name="scorecard_json"),
    path("leaderboard/", views.LeaderboardView.as_view(), name="leaderboard"),
    path("leaderboard.json", views.leaderboard_json, name="leaderboard_json"),
    path("topics/<str:slug>/", views.TopicDetailView.as_view(), name="topic_detail"),
    path("feeds/claims/", feeds.ClaimFeed(), name="feed_claims"),
    path("feeds/evidence/", feeds.EvidenceFeed(), name="feed_evidence"),
    path("feeds/resolutions/", feeds.ResolutionFeed(), name="feed_resolutions"),
    path("feeds/commentators/<str:slug>/", feeds.CommentatorClaimFeed(), name="feed_commentator"),
]
