"""generate_data: a synthetic record that keeps every rule of the real one, the same for the same seed."""

import datetime
import statistics
from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from benchmarks import record
from claims import services
from claims.models import Claim, Commentator, Dispute, Evidence, LedgerEntry, Reply, Resolution, Walkback
from claims.record import ledger
from claims.scoring import formulas as scoring
from claims.scoring import scorecards
from sources.models import Report, Source
from tests.factories import CommentatorFactory

pytestmark = pytest.mark.django_db

UNTIL = datetime.date(2025, 12, 31)


def generate(claims: int = 200, seed: int = 3, **options) -> str:
    out = StringIO()
    call_command("generate_data", claims=claims, seed=seed, until=UNTIL, no_vacuum=True, stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def tiny(db):
    return generate()


def test_generate_data__creates_the_sizes_it_announces(tiny):
    sizes = record.Sizes.for_claims(200)
    assert Claim.objects.count() == 200
    assert Commentator.objects.count() == sizes.commentators
    assert Source.objects.count() == sizes.sources
    assert Report.objects.count() == sizes.reports
    assert 1500 <= Evidence.objects.count() <= 4500  # about ten a claim, plus the claim with 1,000
    assert "Done in" in tiny and "rows of claims_evidence" in tiny  # progress, then a summary


def test_generate_data__every_row_passes_full_clean(tiny):
    for model in (Commentator, Source, Report, Claim, Evidence, Resolution, Walkback, Reply, Dispute):
        for index, instance in enumerate(model.objects.order_by("pk")):
            # PostgreSQL held the check and unique constraints while loading; asking again is one query per
            # constraint and row, so every tenth row is enough to show that Django's reading of them agrees.
            instance.full_clean(validate_constraints=index % 10 == 0)


def test_generate_data__keeps_the_rules_the_database_triggers_and_services_hold(tiny):
    assert record.check_record() == []
    today = datetime.date.today()
    for resolution in Resolution.objects.select_related("claim").prefetch_related("cited_evidence"):
        services.resolution_check(
            claim=resolution.claim,
            outcome=resolution.outcome,
            resolved_on=resolution.resolved_on,
            rationale=resolution.rationale,
            cited_evidence=list(resolution.cited_evidence.all()),
            condition_met=resolution.condition_met,
        )
        assert resolution.resolved_on <= today
    for claim in Claim.objects.prefetch_related("resolutions"):
        assert claim.made_on <= UNTIL
        assert claim.resolve_by is None or claim.resolve_by >= claim.made_on
        resolutions = sorted(claim.resolutions.all(), key=lambda item: (item.recorded_at, item.pk))
        assert claim.outcome == (resolutions[-1].outcome if resolutions else "")
        assert claim.resolved_on == (resolutions[-1].resolved_on if resolutions else None)
        assert claim.condition_met == (resolutions[-1].condition_met if resolutions else None)
        assert all(claim.made_on <= item.resolved_on for item in resolutions)
    for walkback in Walkback.objects.select_related("claim"):
        assert walkback.said_on >= walkback.claim.made_on
    open_disputes = Counter(Dispute.objects.filter(status="open").values_list("raised_by_id", flat=True))
    assert max(open_disputes.values(), default=0) <= services.OPEN_DISPUTES_PER_READER
    for dispute in Dispute.objects.select_related("resolution", "new_resolution"):
        assert dispute.resolution.claim_id == dispute.claim_id
        latest = Resolution.objects.filter(claim_id=dispute.claim_id).order_by("-recorded_at", "-id").first()
        if dispute.status == "open":
            assert dispute.resolution == latest
        if dispute.status == "overturned":
            assert dispute.new_resolution.claim_id == dispute.claim_id
            assert dispute.resolution.recorded_at <= dispute.raised_at <= dispute.new_resolution.recorded_at


def test_generate_data__chains_a_ledger_that_verify_ledger_accepts(tiny):
    assert ledger.verify() == []
    out = StringIO()
    call_command("verify_ledger", stdout=out)
    assert "The ledger holds" in out.getvalue()
    claim_entries = LedgerEntry.objects.filter(kind=LedgerEntry.Kind.CLAIM)
    assert set(claim_entries.values_list("claim_id", flat=True)) == set(Claim.objects.values_list("pk", flat=True))
    assert LedgerEntry.objects.filter(kind=LedgerEntry.Kind.RESOLUTION).count() == Resolution.objects.count()


def test_generate_data__gives_a_record_the_scorecards_can_score(tiny):
    board = scorecards.leaderboard()
    assert len(board) == Commentator.objects.filter(claims__isnull=False).distinct().count()
    scored = Claim.objects.live().filter(outcome__in=scoring.OUTCOME_VALUES).count()
    assert sum(card.scored for card in board) == scored > 0
    assert any(card.brier is not None for card in board)
    prolific = Commentator.objects.get(pk=board and max(board, key=lambda card: card.counts["claims"]).commentator.pk)
    card = scorecards.scorecard(prolific)
    assert card.counts["claims"] == prolific.claims.live().count()


def test_generate_data__looks_like_a_real_record(tiny):
    claims = Claim.objects.all()
    assert set(claims.values_list("made_precision", flat=True)) == {"day", "month", "year"}
    assert set(Report.objects.values_list("published_precision", flat=True)) == {"day", "month", "year"}
    assert claims.filter(probability__isnull=False).count() > 20
    assert claims.exclude(estimative_words="").count() > 20
    assert 0.35 <= claims.exclude(outcome="").count() / claims.count() <= 0.7
    assert Report.objects.filter(repeats__isnull=False).exists()
    assert claims.exclude(condition="").exists() and Resolution.objects.filter(condition_met=False).exists()
    assert Dispute.objects.filter(status="open").exists() and Reply.objects.exists()
    assert Claim.topics.through.objects.exists()
    # A few prolific commentators and sources, many small ones.
    per_commentator = Counter(claims.values_list("commentator_id", flat=True))
    assert max(per_commentator.values()) >= 3 * statistics.median(per_commentator.values())
    per_source = Counter(Report.objects.values_list("source_id", flat=True))
    assert max(per_source.values()) >= 3 * statistics.median(per_source.values())
    # The claim the benchmark opens: one with 1,000 evidence items.
    biggest = Counter(Evidence.objects.values_list("claim_id", flat=True)).most_common(1)[0][1]
    assert biggest == record.BIG_CLAIM_EVIDENCE


def test_generate_data__refuses_a_database_that_holds_claims(db):
    services.claim_create(
        commentator=CommentatorFactory(),
        quote="q",
        statement="s",
        resolution_criteria="c",
        made_on=datetime.date(2020, 1, 1),
    )
    with pytest.raises(CommandError, match="already holds 1 claims"):
        generate()
    assert Claim.objects.count() == 1


def test_generate_data__appends_after_the_existing_record_and_ledger(db):
    claim = services.claim_create(
        commentator=CommentatorFactory(),
        quote="q",
        statement="s",
        resolution_criteria="c",
        made_on=datetime.date(2020, 1, 1),
    )
    generate(claims=50, append=True)
    generate(claims=50, seed=4, append=True)
    assert Claim.objects.count() == 101
    assert LedgerEntry.objects.filter(kind="claim").order_by("sequence").first().claim_id == claim.pk
    assert ledger.verify() == []
    assert record.check_record() == []


def test_generate_data__refuses_a_last_day_in_the_future(db):
    with pytest.raises(CommandError, match="in the future"):
        call_command("generate_data", claims=10, until=datetime.date.today() + datetime.timedelta(days=2))


def test_generate_data__stops_and_writes_nothing_when_a_rule_fails(db, monkeypatch):
    monkeypatch.setattr(record, "check_record", lambda cursor=None: ["a rule: 1 row(s)"])
    with pytest.raises(CommandError, match="a rule: 1 row"):
        generate(claims=20)
    assert not Claim.objects.exists() and not Report.objects.exists() and not LedgerEntry.objects.exists()


def _plan(seed: int) -> record.Record:
    starts = dict.fromkeys(record.TABLE_ORDER, 1)
    return record.plan_record(
        sizes=record.Sizes.for_claims(100), seed=seed, until=UNTIL, starts=starts, topic_ids=list(range(1, 41)),
        editor_ids=[1, 2], reader_ids=[3, 4, 5],
    )  # fmt: skip


def test_plan_record__is_the_same_for_the_same_seed_and_differs_for_another():
    first, again, other = _plan(11), _plan(11), _plan(12)
    for name in record.TABLE_ORDER:
        assert first.tables[name].rows == again.tables[name].rows, name
    assert first.tables["claim"].rows != other.tables["claim"].rows


def _content() -> dict[str, list]:
    """Return the record without its ids (sequences are not rolled back, so ids differ between runs)."""
    return {
        "claims": list(
            Claim.objects.order_by("pk").values_list(
                "commentator__slug", "statement", "made_on", "made_precision", "probability", "outcome", "resolved_on"
            )
        ),
        "evidence": list(Evidence.objects.order_by("pk").values_list("claim__statement", "report__title", "stance")),
        "reports": list(Report.objects.order_by("pk").values_list("source__name", "title", "published_on")),
    }


def test_generate_data__writes_the_same_record_for_the_same_seed(db):
    snapshots = []
    for _ in range(2):
        with transaction.atomic():
            generate(claims=60, seed=5)
            snapshots.append(_content())
            transaction.set_rollback(True)
    # Slugs carry ids; compare them without the id.
    for snapshot in snapshots:
        snapshot["claims"] = [(slug.rsplit("-", 1)[0], *rest) for slug, *rest in snapshot["claims"]]
    assert snapshots[0] == snapshots[1]
    assert len(snapshots[0]["claims"]) == 60
