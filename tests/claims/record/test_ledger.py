"""The ledger: a hash chain over what the record says, verified against changes made behind the application's back."""

import datetime
import hashlib

import pytest
import rfc8785
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from claims.models import Claim, LedgerEntry, LedgerVerification
from claims.record import ledger
from claims.services import claim_resolve, claim_retract, claim_update, commentator_merge, evidence_attach
from tests.factories import ClaimFactory, CommentatorFactory, ReportFactory

pytestmark = pytest.mark.django_db


def behind_the_back(sql: str, params=()) -> None:
    """Run SQL with triggers switched off, as someone with direct database access could."""
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        try:
            cursor.execute(sql, params)
        finally:
            cursor.execute("SET session_replication_role = DEFAULT")


def codes() -> list[str]:
    return sorted(problem.code for problem in ledger.verify())


@pytest.fixture
def demo(db):
    call_command("load_demo")


def test_hashes__follow_the_published_definition(demo):
    first, second = LedgerEntry.objects.order_by("sequence")[:2]
    canonical = rfc8785.dumps(first.content)
    claim_entry = LedgerEntry.objects.filter(kind="claim").order_by("sequence").first()
    assert first.content_hash == hashlib.sha256(canonical).hexdigest()
    assert first.previous_hash == "0" * 64
    assert first.entry_hash == hashlib.sha256(("0" * 64 + first.content_hash).encode()).hexdigest()
    assert second.previous_hash == first.entry_hash
    # RFC 8785 sorts keys and writes no spaces: the same content always gives the same bytes.
    assert rfc8785.dumps(claim_entry.content).startswith(b'{"appeared_in":')


def test_verify__holds_after_a_long_run_of_normal_edits(demo):
    claims = list(Claim.objects.order_by("pk"))
    before = LedgerEntry.objects.count()
    for round_number in range(5):
        for claim in claims:
            claim.refresh_from_db()
            claim_update(claim=claim, statement=f"{claim.statement.split(' [')[0]} [round {round_number}]")
    report = ReportFactory()
    for claim in claims[:3]:
        item = evidence_attach(claim=claim, report=report, stance="supports")
        claim_resolve(
            claim=claim, outcome="partly_true", resolved_on=datetime.date(2020, 1, 1), rationale="r",
            cited_evidence=[item], condition_met=True if claim.condition else None,
        )  # fmt: skip
    claim_retract(claim=claims[-1], reason="duplicate", note="Same as the first.")
    commentator_merge(keep=claims[0].commentator, duplicate=CommentatorFactory())
    assert codes() == []
    # 5 edits of each claim, a source and a report, 3 evidence links and 3 resolutions, a retraction, a
    # commentator made, merged away (the merge and the removal): each recorded once.
    assert LedgerEntry.objects.count() == before + 5 * len(claims) + 2 + 3 + 3 + 1 + 3


def test_verify__names_a_quote_edited_in_the_database(demo):
    claim = Claim.objects.order_by("pk").first()
    behind_the_back("UPDATE claims_claim SET quote = 'something else' WHERE id = %s", [claim.pk])
    problems = ledger.verify()
    assert [(p.code, p.claim_id) for p in problems] == [("claim_altered", claim.pk)]
    assert "quote" in problems[0].message and f"Claim {claim.pk}" in problems[0].message


def test_verify__names_a_backdated_claim(demo):
    claim = Claim.objects.order_by("pk").last()
    behind_the_back("UPDATE claims_claim SET made_on = '2010-01-01' WHERE id = %s", [claim.pk])
    problems = ledger.verify()
    assert [(p.code, p.claim_id) for p in problems] == [("claim_altered", claim.pk)]
    assert "made_on" in problems[0].message


def test_verify__names_a_deleted_resolution(demo):
    claim = Claim.objects.resolved().order_by("pk").first()
    resolution = claim.resolutions.get()
    behind_the_back("DELETE FROM claims_resolution_cited_evidence WHERE resolution_id = %s", [resolution.pk])
    behind_the_back("DELETE FROM claims_resolution WHERE id = %s", [resolution.pk])
    problems = ledger.verify()
    assert [(p.code, p.claim_id) for p in problems] == [("resolution_deleted", claim.pk)]
    assert f"Resolution {resolution.pk}" in problems[0].message


def test_verify__names_a_deleted_ledger_entry_and_the_broken_link(demo):
    third = LedgerEntry.objects.filter(kind="claim").order_by("sequence")[2]
    behind_the_back("DELETE FROM claims_ledgerentry WHERE sequence = %s", [third.sequence])
    # The chain is cut, and the claim it recorded is left with no entry.
    assert codes() == ["broken_link", "claim_unrecorded", "entry_removed"]
    assert {p.claim_id for p in ledger.verify() if p.code == "claim_unrecorded"} == {third.claim_id}
    assert any(f"#{third.sequence}" in problem.message for problem in ledger.verify())


def test_verify__names_an_altered_ledger_entry(demo):
    behind_the_back(
        "UPDATE claims_ledgerentry SET content = jsonb_set(content, '{quote}', '\"rewritten\"') WHERE sequence = 1"
    )
    assert "entry_altered" in codes()


def test_verify__names_a_claim_inserted_behind_the_back(demo):
    claim = Claim.objects.order_by("pk").first()
    behind_the_back(
        "INSERT INTO claims_claim (commentator_id, quote, statement, resolution_criteria, made_on, made_precision, "
        "estimative_words, outcome, appeared_url, retraction_reason, retraction_note, condition, version, created_at, "
        "updated_at) "
        "VALUES (%s, 'q', 's', 'c', '2016-01-01', 'day', '', '', '', '', '', '', 1, now(), now())",
        [claim.commentator_id],
    )
    # With the triggers off, the commentator's kept figures did not count the new claim either.
    assert codes() == ["claim_unrecorded", "figures_altered"]


def test_ledger_rows__cannot_be_changed_through_the_application(demo):
    from django.db import IntegrityError, InternalError, transaction

    with pytest.raises((IntegrityError, InternalError)), transaction.atomic():
        LedgerEntry.objects.filter(sequence=1).update(content_hash="0" * 64)
    with pytest.raises((IntegrityError, InternalError)), transaction.atomic():
        LedgerEntry.objects.filter(sequence=1).delete()
    assert codes() == []


def test_claim_cannot_be_deleted_in_the_database():
    from django.db import IntegrityError, InternalError, transaction

    claim = ClaimFactory()
    with pytest.raises((IntegrityError, InternalError)), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).delete()
    assert Claim.objects.filter(pk=claim.pk).exists()


def test_verify_ledger_command__exits_zero_or_names_the_problem(demo, capsys):
    call_command("verify_ledger")
    assert "The ledger holds" in capsys.readouterr().out
    claim = Claim.objects.order_by("pk").first()
    behind_the_back("UPDATE claims_claim SET statement = 'quietly changed' WHERE id = %s", [claim.pk])
    with pytest.raises(CommandError, match="1 problem"):
        call_command("verify_ledger")
    assert f"Claim {claim.pk} differs" in capsys.readouterr().err
    assert LedgerVerification.objects.count() == 2


def test_ledger_pages__show_the_head_and_each_claims_entry(client, demo):
    call_command("verify_ledger")
    head = client.get(reverse("claims:ledger_head")).json()
    last = LedgerEntry.objects.order_by("-sequence").first()
    assert (head["head_hash"], head["sequence"], head["entries"]) == (last.entry_hash, last.sequence, last.sequence)
    page = client.get(reverse("claims:ledger")).content.decode()
    assert last.entry_hash in page and "the ledger held" in page
    claim = Claim.objects.order_by("pk").first()
    entry = LedgerEntry.objects.filter(claim=claim, kind="claim").latest("sequence")
    claim_page = client.get(claim.get_absolute_url()).content.decode()
    assert f"#{entry.sequence}" in claim_page and entry.content_hash in claim_page


def with_triggers(sql: str, params=()) -> None:
    """Run SQL with the database's triggers on, so the kept figures follow the change as they would for any writer."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.parametrize("run_sql", [behind_the_back, with_triggers], ids=["triggers_off", "triggers_on"])
@pytest.mark.parametrize(
    ("assignment", "field"),
    [
        ("outcome = CASE WHEN outcome = 'true' THEN 'false' ELSE 'true' END", "outcome"),
        ("resolved_on = resolved_on + 1", "resolved_on"),
        ("outcome = 'void'", "outcome"),
    ],
)
def test_verify__names_a_verdict_rewritten_in_the_database(demo, run_sql, assignment, field):
    claim = Claim.objects.resolved().order_by("pk").first()
    run_sql(f"UPDATE claims_claim SET {assignment} WHERE id = %s", [claim.pk])
    problems = [p for p in ledger.verify() if p.code == "verdict_altered"]
    assert [p.claim_id for p in problems] == [claim.pk]
    assert field in problems[0].message and f"Claim {claim.pk}'s verdict" in problems[0].message


def test_verify__names_an_unresolved_claim_given_a_verdict_in_the_database(demo):
    claim = Claim.objects.unresolved().order_by("pk").first()
    with_triggers("UPDATE claims_claim SET outcome = 'true', resolved_on = '2019-01-01' WHERE id = %s", [claim.pk])
    problems = ledger.verify()
    assert [(p.code, p.claim_id) for p in problems] == [("verdict_altered", claim.pk)]
    assert "no resolution is recorded" in problems[0].message


def test_verify__names_a_condition_judgement_rewritten_in_the_database(demo):
    claim = Claim.objects.resolved().exclude(condition="").order_by("pk").first()
    assert claim is not None, "the demo record has a resolved conditional claim"
    with_triggers("UPDATE claims_claim SET condition_met = NOT condition_met WHERE id = %s", [claim.pk])
    assert [(p.code, p.claim_id) for p in ledger.verify()] == [("verdict_altered", claim.pk)]


def test_verify__follows_the_latest_of_several_resolutions(demo):
    claim = Claim.objects.resolved().order_by("pk").first()
    item = claim.evidence.first()
    claim_resolve(
        claim=claim, outcome="partly_true", resolved_on=datetime.date(2020, 2, 1), rationale="Judged again.",
        cited_evidence=[item], condition_met=True if claim.condition else None,
    )  # fmt: skip
    assert codes() == []
    # Putting back the first verdict is as much a rewrite as inventing one.
    first = claim.resolutions.order_by("recorded_at", "id").first()
    with_triggers(
        "UPDATE claims_claim SET outcome = %s, resolved_on = %s WHERE id = %s",
        [first.outcome, first.resolved_on, claim.pk],
    )
    assert codes() == ["verdict_altered"]


def test_verify__names_kept_figures_altered_in_the_database(demo):
    claim = Claim.objects.resolved().order_by("pk").first()
    behind_the_back(
        "UPDATE claims_commentatorfigures SET successes = successes + 1 WHERE commentator_id = %s",
        [claim.commentator_id],
    )
    problems = ledger.verify()
    assert [p.code for p in problems] == ["figures_altered"]
    assert f"Commentator {claim.commentator_id}" in problems[0].message
