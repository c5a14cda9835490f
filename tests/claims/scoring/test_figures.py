"""Figures kept by triggers (claims.figures): equal to a fresh computation after every kind of write, and the
tokens that key cached figures change with every write that alters them, so no page shows a stale figure.

The fresh computation is claims.scoring (itself checked against scikit-learn and statsmodels in
test_scoring.py); the Wilson bound kept in SQL is also compared with statsmodels' proportion_confint here.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from statsmodels.stats.proportion import proportion_confint

from claims.models import CommentatorFigures
from claims.record import ledger
from claims.scoring import figures, scorecards
from claims.services import (
    claim_resolve,
    claim_retract,
    claim_update,
    commentator_merge,
    dispute_raise,
    evidence_attach,
)
from sources.services import report_update
from tests.factories import (
    ClaimFactory,
    CommentatorFactory,
    EvidenceFactory,
    ReportFactory,
    SourceFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

DAY = datetime.date
VERDICT_DAY = DAY(2019, 4, 30)


def resolve(claim, outcome, on=VERDICT_DAY):
    evidence = claim.evidence.first() or EvidenceFactory(claim=claim)
    return claim_resolve(claim=claim, outcome=outcome, resolved_on=on, rationale="r", cited_evidence=[evidence])


def kept(commentator) -> CommentatorFigures:
    return CommentatorFigures.objects.get(pk=commentator.pk)


def test_figures__follow_every_kind_of_write_and_equal_a_fresh_computation():
    ann, bob = CommentatorFactory(name="Ann"), CommentatorFactory(name="Bob")
    claims = [ClaimFactory(commentator=ann, probability=p, resolve_by=None) for p in (0.9, 0.2, 0.6, 0.7)]
    words = ClaimFactory(commentator=ann, estimative_words="probable", resolve_by=None)  # Kent: 0.75
    for claim, outcome in zip([*claims, words], ["true", "false", "partly_true", "void", "true"], strict=True):
        resolve(claim, outcome)
    resolve(claims[1], "true")  # a re-judgement replaces the outcome
    claims[0].refresh_from_db()
    claim_update(claim=claims[0], probability=0.8)  # a changed probability changes the Brier sum
    bobs = [ClaimFactory(commentator=bob, probability=0.4, resolve_by=None) for _ in range(3)]
    resolve(bobs[0], "false")
    claim_retract(claim=bobs[1], reason="duplicate", note="Logged twice.")
    assert figures.differences() == []

    row = kept(ann)
    # true (0.8), true (re-judged, 0.2), partly true, true (words): 3.5 of 4; void is not scored.
    assert (row.claims, row.scored, row.successes, row.brier_n) == (5, 4, 3.5, 3)
    assert row.brier_sum == pytest.approx((0.8 - 1) ** 2 + (0.2 - 1) ** 2 + (0.75 - 1) ** 2, abs=1e-12)
    assert row.wilson_low == pytest.approx(proportion_confint(3.5, 4, method="wilson")[0], rel=1e-12)
    assert (kept(bob).claims, kept(bob).retracted, kept(bob).scored, kept(bob).successes) == (2, 1, 1, 0.0)

    commentator_merge(keep=ann, duplicate=bob)
    assert figures.differences() == []
    assert (kept(ann).claims, kept(ann).retracted, kept(ann).scored) == (7, 1, 5)
    assert not CommentatorFigures.objects.filter(pk=bob.pk).exists()


def test_claim_update__from_a_copy_read_before_a_verdict_is_refused_not_saved_over_it():
    claim = ClaimFactory(resolve_by=None)
    resolve(claim, "true")  # resolves a fresh copy; `claim` is now out of date
    with pytest.raises(ValidationError) as refused:
        claim_update(claim=claim, probability=0.8)
    assert refused.value.code == "stale"
    claim.refresh_from_db()
    assert (claim.outcome, claim.probability) == ("true", None)


def test_figures__a_new_commentator_has_a_row_of_zeros_at_once():
    commentator = CommentatorFactory()
    row = kept(commentator)
    assert (row.claims, row.scored, row.successes, row.brier_n, row.wilson_low) == (0, 0, 0.0, 0, None)


def test_rebuild_figures__check_names_a_row_changed_behind_the_triggers_back_and_rebuild_mends_it():
    commentator = CommentatorFactory()
    resolve(ClaimFactory(commentator=commentator, probability=0.7, resolve_by=None), "true")
    call_command("rebuild_figures", "--check")  # passes: nothing to report
    with connection.cursor() as cursor:
        cursor.execute("UPDATE claims_commentatorfigures SET scored = 9 WHERE commentator_id = %s", [commentator.pk])
    with pytest.raises(CommandError, match="1 figure row"):
        call_command("rebuild_figures", "--check")
    assert f"Commentator {commentator.pk}: scored 9 instead of 1" in figures.differences()[0]
    call_command("rebuild_figures")
    assert figures.differences() == []
    assert kept(commentator).scored == 1


def test_commentator_token__changes_with_claims_topics_and_disputes_and_not_with_others():
    commentator, other = CommentatorFactory(), CommentatorFactory()
    claim = ClaimFactory(commentator=commentator, resolve_by=None)
    tokens = [figures.commentator_token(commentator.pk)]
    untouched = figures.commentator_token(other.pk)

    claim_update(claim=claim, statement="A sharper statement of the same claim.")
    tokens.append(figures.commentator_token(commentator.pk))
    claim.topics.add(TopicFactory())
    tokens.append(figures.commentator_token(commentator.pk))
    resolution = resolve(claim, "true")
    tokens.append(figures.commentator_token(commentator.pk))
    dispute_raise(resolution=resolution, raised_by=UserFactory(), reason="The report was later withdrawn.")
    tokens.append(figures.commentator_token(commentator.pk))

    assert len(set(tokens)) == len(tokens), "every write gave the commentator a new token"
    assert figures.commentator_token(other.pk) == untouched


def test_source_token__changes_with_its_reports_evidence_and_verdicts_and_not_with_others():
    source, other = SourceFactory(), SourceFactory()
    untouched = figures.source_token(other.pk)
    claim = ClaimFactory(resolve_by=None)
    tokens = [figures.source_token(source.pk)]

    report = ReportFactory(source=source)
    tokens.append(figures.source_token(source.pk))
    evidence = evidence_attach(claim=claim, report=report, stance="supports")
    tokens.append(figures.source_token(source.pk))
    claim_resolve(claim=claim, outcome="true", resolved_on=DAY(2019, 1, 1), rationale="r", cited_evidence=[evidence])
    tokens.append(figures.source_token(source.pk))
    report_update(report=report, title="A corrected headline")
    tokens.append(figures.source_token(source.pk))

    assert len(set(tokens)) == len(tokens), "every write gave the source a new token"
    assert figures.source_token(other.pk) == untouched


def test_scorecard_page__cached_but_never_stale_after_a_write(client):
    commentator = CommentatorFactory(slug="cached")
    first = ClaimFactory(commentator=commentator, resolve_by=None)
    second = ClaimFactory(commentator=commentator, resolve_by=None)
    resolve(first, "true")
    url = reverse("claims:scorecard_json", kwargs={"slug": "cached"})
    assert client.get(url).json()["scored"] == 1
    assert client.get(url).json()["scored"] == 1  # from the cache
    resolve(second, "false")
    after = client.get(url).json()
    assert (after["scored"], after["hit_rate"]) == (2, 0.5)
    page = client.get(commentator.get_absolute_url()).content.decode()
    assert "n = 2" in page


def test_scorecard__a_cache_hit_equals_a_fresh_computation():
    commentator = CommentatorFactory()
    for outcome, p in (("true", 0.9), ("false", 0.6), ("partly_true", None)):
        resolve(ClaimFactory(commentator=commentator, probability=p, resolve_by=None), outcome)
    first = scorecards.scorecard(commentator)
    again = scorecards.scorecard(commentator)
    fresh = scorecards._scorecard(commentator, scorecards.ScoreFilter(), True)
    assert again == first == fresh


def test_leaderboard__kept_sums_and_live_aggregate_give_the_same_rows():
    topic = TopicFactory()
    for index in range(6):
        commentator = CommentatorFactory(name=f"C{index}")
        for outcome in ("true", "false", "true")[: 1 + index % 3]:
            claim = ClaimFactory(commentator=commentator, probability=0.1 * (index + 1), resolve_by=None)
            claim.topics.add(topic)
            resolve(claim, outcome)
    # Every claim is on the topic, so the topic's live aggregate must give the unfiltered board.
    _, from_sums = scorecards.leaderboard_page(scorecards.ScoreFilter())
    _, live = scorecards.leaderboard_page(scorecards.ScoreFilter(topic=topic))
    shown = [(row.name, row.hit_rate, row.brier, row.claims) for row in from_sums]
    assert shown == [(row.name, row.hit_rate, pytest.approx(row.brier), row.claims) for row in live]
    full = [(card.name, card.hit_rate) for card in scorecards.leaderboard()]
    assert [(row.name, row.hit_rate) for row in from_sums] == full


def test_figures_triggers__take_the_ledger_lock_first_so_writers_cannot_deadlock():
    with connection.cursor() as cursor:
        for function in ("claims_refresh_commentator_figures", "claims_touch_commentator_figures",
                         "claims_touch_source_figures"):  # fmt: skip
            cursor.execute("SELECT pg_get_functiondef(%s::regproc)", [function])
            assert f"pg_advisory_xact_lock({ledger.LEDGER_LOCK_KEY})" in cursor.fetchone()[0], function


def test_commentator_claims__latest_of_each_status_in_its_own_order():
    from claims.selectors import commentator_claims

    commentator = CommentatorFactory()
    today = datetime.date.today()
    made = [DAY(2016, month, 1) for month in (1, 2, 3)]
    # Resolved: made Jan, Feb, Mar but resolved in the opposite order, so made and resolved orders differ.
    resolved = [ClaimFactory(commentator=commentator, made_on=day, resolve_by=None) for day in made]
    for claim, verdict_day in zip(resolved, [DAY(2019, 3, 1), DAY(2018, 3, 1), DAY(2017, 3, 1)], strict=True):
        resolve(claim, "true", on=verdict_day)
    open_ = [ClaimFactory(commentator=commentator, made_on=day, resolve_by=None) for day in made]
    due = [ClaimFactory(commentator=commentator, made_on=day, resolve_by=today - datetime.timedelta(1)) for day in made]
    groups = commentator_claims(commentator, size=2)
    assert groups["resolved"] == [resolved[0], resolved[1]]  # latest verdict first
    assert groups["open"] == [open_[2], open_[1]]  # latest made first
    assert groups["due"] == [due[2], due[1]]


def test_source_figures__count_reports_through_inserts_moves_and_deletes():
    from sources.models import SourceFigures
    from sources.services import report_delete, source_merge

    first, second = SourceFactory(), SourceFactory()
    reports = [ReportFactory(source=first) for _ in range(3)] + [ReportFactory(source=second)]

    def counts():
        return [SourceFigures.objects.get(pk=source.pk).reports for source in (first, second)]

    assert counts() == [3, 1]
    report_delete(report=reports[0])
    assert counts() == [2, 1]
    source_merge(keep=second, duplicate=first)
    assert SourceFigures.objects.get(pk=second.pk).reports == 3
    assert figures.differences() == []
