"""Direct-SQL tampering with every table a page or a figure reads is detected and named; harmless work is not.

The cases are drawn from a fixed seed over every covered table, row and column (so the same 100+ cases run on
every machine): each changes one value to another the column accepts, with the triggers off as someone with
database access could, and verify_ledger must name the change with the code of that part of the record. Then the
chain rewritten with every later hash recomputed, and truncated, against a head the reader kept; and no problem at
all after no-op updates, VACUUM FULL and REINDEX.
"""

import datetime
import random

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from claims.models import Claim, LedgerEntry
from claims.record import forms, heads, ledger, verifier
from claims.services import commentator_merge, dispute_raise, reply_record, topic_create, walkback_record
from tests.claims.record.test_ledger import behind_the_back
from tests.factories import CommentatorFactory, UserFactory

pytestmark = pytest.mark.django_db

SEED = 20261201
CASES = 120

# table → (the code verify_ledger must give, the columns a page or a figure reads)
TABLES = {
    "claims_claim": (
        {"claim_altered", "verdict_altered"},
        ["quote", "statement", "resolution_criteria", "made_on", "resolve_by", "probability", "commentator_id",
         "outcome", "resolved_on", "condition_met", "appeared_url", "estimative_words"],
    ),
    "claims_resolution": ({"resolution_altered"}, ["outcome", "resolved_on", "rationale", "recorded_at"]),
    "claims_evidence": ({"evidence_altered"}, ["stance", "note", "report_id", "added_at"]),
    "sources_report": (
        {"report_altered"}, ["title", "url", "published_on", "credibility", "summary", "source_id", "archive_url"],
    ),
    "sources_source": ({"source_altered"}, ["name", "slug", "reliability", "homepage", "kind"]),
    "claims_commentator": ({"commentator_altered"}, ["name", "slug", "affiliation", "kind", "bio"]),
    "claims_topic": ({"topic_altered"}, ["name", "slug", "description"]),
    "claims_walkback": ({"walkback_altered"}, ["text", "said_on", "url"]),
    "claims_reply": ({"reply_altered"}, ["text", "speaker", "said_on"]),
    "claims_dispute": ({"dispute_altered"}, ["reason", "status", "evidence_title"]),
    "claims_mergerecord": ({"merge_altered"}, ["kept_id", "removed_slug", "kept_name"]),
    "claims_claim_topics": ({"claim_topics_altered"}, ["topic_id"]),
    "claims_resolution_cited_evidence": ({"resolution_altered"}, ["evidence_id"]),
    "claims_commentatorfigures": ({"figures_altered"}, ["successes", "scored", "brier_sum", "claims"]),
    "sources_sourcefigures": ({"figures_altered"}, ["reports"]),
    "claims_ledgerentry": ({"entry_altered", "broken_link"}, ["content_hash", "entry_hash", "previous_hash"]),
}  # fmt: skip


def fetch(sql: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@pytest.fixture
def record(db):
    """The demo record, with a walk-back, a reply, a dispute and a second topic on a claim, and a kept head."""
    call_command("load_demo")
    editor, reader = UserFactory(), UserFactory()
    claim = Claim.objects.resolved().order_by("pk").first()
    walkback_record(
        claim=claim, said_on=datetime.date(2021, 3, 1), said_precision="day", text="I overstated it.",
        url="https://example.org/walkback", added_by=editor,
    )  # fmt: skip
    reply_record(
        claim=claim, speaker="A spokesperson", said_on=datetime.date(2021, 4, 1), said_precision="day",
        text="We stand by it.", url="https://example.org/reply",
    )  # fmt: skip
    dispute_raise(resolution=claim.resolutions.get(), raised_by=reader, reason="The outcome came later.")
    claim.topics.add(topic_create(name="Tampering"))
    commentator_merge(keep=claim.commentator, duplicate=CommentatorFactory(name="A duplicate"))
    assert ledger.verify() == []
    return heads.publish_head(timestamp=False)


def changed_value(table: str, column: str, value, rng: random.Random):
    """Return a value the column accepts that differs from value (of the same type)."""
    if table == "claims_ledgerentry":
        return "".join(rng.choice("0123456789abcdef") for _ in range(64))
    if column.endswith("_id"):
        target = {
            "commentator_id": "claims_commentator", "kept_id": "claims_commentator", "report_id": "sources_report",
            "source_id": "sources_source",
            "topic_id": "claims_topic", "evidence_id": "claims_evidence",
        }[column]  # fmt: skip
        others = [pk for (pk,) in fetch(f"SELECT id FROM {target} WHERE id <> %s ORDER BY id", [value])]
        return rng.choice(others)
    if isinstance(value, bool) or column == "condition_met":
        return not value if value is not None else True
    if isinstance(value, float) or column in {"probability", "successes", "brier_sum"}:
        return round(((value or 0.0) + 0.13) % 1, 6) or 0.5
    if isinstance(value, int):
        return value + 1 if column != "credibility" else (value % 6) + 1
    if isinstance(value, datetime.datetime):
        return value - datetime.timedelta(days=rng.randint(1, 400))
    if isinstance(value, datetime.date) or value is None and column in {"resolve_by", "resolved_on"}:
        return (value or datetime.date(2015, 1, 1)) - datetime.timedelta(days=rng.randint(1, 400))
    choices = {
        "outcome": ["true", "false", "partly_true", "void"],
        "stance": ["supports", "contradicts", "mixed", "context"],
        "reliability": ["A", "B", "C", "D", "E", "F"],
        "kind": None,
        "status": ["open", "upheld"],
        "estimative_words": ["probable", "almost_certain", "even_chance"],
    }.get(column)
    if choices:
        return rng.choice([choice for choice in choices if choice != value])
    if column in {"url", "homepage", "archive_url", "appeared_url"}:
        return f"https://example.org/moved/{rng.randint(1, 10**6)}"
    return f"{value or ''} (changed {rng.randint(1, 10**6)})"


def cases() -> list[tuple[str, str, int]]:
    rng = random.Random(SEED)
    tables = sorted(TABLES)
    drawn = [(table, column, rng.random()) for table in tables for column in TABLES[table][1]]  # every column once
    while len(drawn) < CASES:
        table = rng.choice(tables)
        drawn.append((table, rng.choice(TABLES[table][1]), rng.random()))
    return drawn


def test_every_random_change_to_a_covered_table_is_named(record):
    rng = random.Random(SEED)
    missed, tried = [], 0
    for table, column, position in cases():
        codes, _ = TABLES[table]
        key = (
            "sequence"
            if table == "claims_ledgerentry"
            else (
                "commentator_id"
                if table == "claims_commentatorfigures"
                else "source_id"
                if table == "sources_sourcefigures"
                else "id"
            )
        )  # noqa: E501
        rows = fetch(f"SELECT {key}, {column} FROM {table} ORDER BY {key}")
        if column == "outcome" and table == "claims_claim":
            rows = [row for row in rows if row[1]]
        row_key, value = rows[int(position * len(rows))]
        if table == "claims_dispute" and column == "status":
            continue  # a status change needs the decision's columns too: the dispute sweep below covers it
        new = changed_value(table, column, value, rng)
        with transaction.atomic():
            try:
                behind_the_back(f"UPDATE {table} SET {column} = %s WHERE {key} = %s", [new, row_key])
            except Exception:  # noqa: BLE001  a value the table's own checks refuse is not a tampering
                transaction.set_rollback(True)
                continue
            found = {problem.code for problem in ledger.verify()}
            tried += 1
            if not found & codes:
                missed.append((table, column, row_key, value, new, sorted(found)))
            transaction.set_rollback(True)
    assert tried >= 100
    assert missed == []


def test_rows_inserted_or_deleted_behind_the_back_are_named(record):
    claim = Claim.objects.resolved().order_by("pk").first()
    checks = {
        "claims_evidence": "evidence_deleted",
        "claims_walkback": "walkback_deleted",
        "claims_reply": "reply_deleted",
        "claims_dispute": "dispute_deleted",
        "claims_topic": "topic_deleted",
        "claims_claim_topics": "claim_topics_altered",
    }
    for table, code in checks.items():
        (pk,) = fetch(f"SELECT max(id) FROM {table}")[0]
        with transaction.atomic():
            behind_the_back(f"DELETE FROM {table} WHERE id = %s", [pk])
            assert code in {problem.code for problem in ledger.verify()}, table
            transaction.set_rollback(True)
    claim = min(Claim.objects.order_by("pk"), key=lambda each: each.evidence.count())
    with transaction.atomic():
        behind_the_back(
            "INSERT INTO claims_evidence (claim_id, report_id, stance, note, added_at) "
            "SELECT %s, r.id, 'supports', '', now() FROM sources_report r WHERE r.id NOT IN "
            "(SELECT report_id FROM claims_evidence WHERE claim_id = %s) ORDER BY r.id LIMIT 1",
            [claim.pk, claim.pk],
        )
        assert "evidence_unrecorded" in {problem.code for problem in ledger.verify()}
        transaction.set_rollback(True)


def _rewrite_from(sequence: int) -> None:
    """Change entry #sequence's content and recompute every hash after it, as an operator covering tracks would."""
    entries = list(LedgerEntry.objects.filter(sequence__gte=sequence - 1).order_by("sequence"))
    previous = entries[0].entry_hash if sequence > 1 else ledger.GENESIS_HASH
    for entry in entries[1:] if sequence > 1 else entries:
        content = entry.content
        if entry.sequence == sequence:
            content = {**content, "rewritten": True}
        digest = ledger.content_hash(content)
        link = ledger.entry_hash(previous, digest)
        behind_the_back(
            "UPDATE claims_ledgerentry SET content = %s::jsonb, content_hash = %s, previous_hash = %s, entry_hash = %s "
            "WHERE sequence = %s",
            [ledger.rfc8785.dumps(content).decode(), digest, previous, link, entry.sequence],
        )
        previous = link


def test_a_rewritten_chain_is_named_against_the_kept_head(record):
    _rewrite_from(5)
    found = {problem.code for problem in ledger.verify()}
    assert "tree_rewritten" in found
    assert not found & {"entry_altered", "broken_link"}  # every hash was recomputed: only the tree shows it
    export = heads.export()
    kept = heads.head_text(record)
    assert "tree_rewritten" in {finding.code for finding in verifier.verify_export(export, kept_head=kept)}


def test_a_truncated_chain_is_named_as_removed_entries_not_as_a_changed_record(record):
    last = LedgerEntry.objects.order_by("-sequence").first().sequence
    behind_the_back("DELETE FROM claims_ledgerentry WHERE sequence > %s", [last - 2])
    problems = ledger.verify()
    assert "entry_removed" in {problem.code for problem in problems}
    removed = next(problem for problem in problems if problem.code == "entry_removed")
    assert f"#{last - 1} to #{last}" in removed.message
    export = heads.export()
    found = {finding.code for finding in verifier.verify_export(export, kept_head=heads.head_text(record))}
    assert "entry_removed" in found and "entry_altered" not in found


def test_a_rewritten_recorded_at_is_named_by_the_tree(record):
    behind_the_back("UPDATE claims_ledgerentry SET recorded_at = recorded_at - interval '1 day' WHERE sequence = 2")
    assert "tree_rewritten" in {problem.code for problem in ledger.verify()}


@pytest.mark.django_db(transaction=True)
def test_no_false_alarm_after_no_op_updates_vacuum_full_and_reindex():
    call_command("load_demo")
    heads.publish_head(timestamp=False)
    tables = sorted({*TABLES, "claims_treehead"})
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        for table in tables:
            (column,) = [name for name in ["id", "commentator_id", "source_id"] if name in _columns(table)][:1]
            cursor.execute(f"UPDATE {table} SET {column} = {column}")
        cursor.execute("SET session_replication_role = DEFAULT")
        for table in tables:
            cursor.execute(f"VACUUM FULL {table}")
            cursor.execute(f"REINDEX TABLE {table}")
    assert ledger.verify() == []


def _columns(table: str) -> set[str]:
    rows = fetch("SELECT column_name FROM information_schema.columns WHERE table_name = %s", [table])
    return {name for (name,) in rows}


def test_every_field_of_a_covered_model_is_recorded_or_said_not_to_be():
    for covered in forms.COVERED.values():
        for field in covered.model._meta.concrete_fields:
            if field.generated:
                continue
            recorded = field.attname in covered.fields or field.attname in covered.later
            assert recorded or field.name in forms.NOT_COVERED, (
                f"{covered.model.__name__}.{field.name} is neither in the ledger's form nor said not to be"
            )
