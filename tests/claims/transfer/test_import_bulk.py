"""Bulk import of reports, evidence and chronologies: the same answers as row by row, in a fixed number of queries."""

import csv
import io

import pghistory.models
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.models import Claim, Evidence, EvidenceEvent
from claims.scoring import figures
from claims.transfer import bulk, importers
from claims.transfer.bulk import USUAL_URL
from claims.transfer.csv_files import COLUMNS, NO_SUCH
from claims.transfer.importers import import_csv
from sources.models import Report, ReportEvent, Source, SourceFigures
from tests.factories import ClaimFactory, EvidenceFactory, ReportFactory, SourceFactory, UserFactory
from tracker.validators import HTTP_URL_MESSAGE

pytestmark = pytest.mark.django_db

CHRONOLOGY = [*COLUMNS["chronology"][0], *COLUMNS["chronology"][1]]
REPORTS = [*COLUMNS["reports"][0], *COLUMNS["reports"][1]]


def to_csv(header: list[str], rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def chronology_row(number: int, claim: Claim | None = None, **cells) -> dict:
    row = {
        "date": "2016-03",
        "source": "daily-nk",
        "title": f"Traders hold back {number}",
        "summary": "They wait.",
        "url": f"https://www.dailynk.com/english/{number}",
        "credibility": "2",
        "claim": str(claim.pk) if claim else "",
        "stance": "supports" if claim else "",
    }
    return {**row, **cells}


def record() -> dict:
    """Return what is recorded, by natural keys, so that two imports can be compared whatever their ids."""
    return {
        "sources": sorted(Source.objects.values_list("slug", "name", "kind", "reliability")),
        "reports": sorted(
            Report.objects.values_list(
                "source__slug",
                "title",
                "url",
                "published_on",
                "published_precision",
                "summary",
                "excerpt",
                "archive_url",
                "credibility",
                "repeats__title",
            )
        ),
        "evidence": sorted(
            Evidence.objects.values_list("claim__statement", "report__title", "stance", "note", "added_by__username")
        ),
    }


def row_by_row(monkeypatch, kind: str, data: str, **options):
    """Import through the services, row by row, as before the bulk import."""
    with monkeypatch.context() as patch:
        patch.setattr(importers, "BULK_KINDS", ())
        return import_csv(kind, data, **options)


@pytest.fixture
def row_by_row_runs(monkeypatch) -> list[str]:
    """Record each row-by-row pass: the bulk import falls back to one when the database refuses what it passed."""
    runs = []
    run = importers.Importer.run

    def recorded_run(self, rows, progress):
        runs.append(self.kind)
        return run(self, rows, progress)

    monkeypatch.setattr(importers.Importer, "run", recorded_run)  # BulkImporter.run is its own
    return runs


@pytest.fixture
def daily_nk(db):
    return SourceFactory(name="Daily NK", slug="daily-nk")


@pytest.fixture
def claims(db):
    return [ClaimFactory(statement=f"Sanctions will fail {number}.") for number in range(3)]


# The same errors, on the same lines and columns, as row by row -------------------------------------------------

BAD_ROWS = {
    "required title": ("chronology", {"title": ""}),
    "a date that is not real": ("chronology", {"date": "2016-13"}),
    "a date in words": ("chronology", {"date": "March 2016"}),
    "credibility out of range": ("chronology", {"credibility": "9"}),
    "credibility in words": ("chronology", {"credibility": "high"}),
    "stance without claim": ("chronology", {"claim": "", "stance": "supports"}),
    "claim without stance": ("chronology", {"claim": "Sanctions will fail 0.", "stance": ""}),
    "no such claim number": ("chronology", {"claim": "#999999", "stance": "mixed"}),
    "no such claim statement": ("chronology", {"claim": "Nobody said this.", "stance": "mixed"}),
    "a claim number too large for the database": ("chronology", {"claim": "9" * 30, "stance": "mixed"}),
    "two claims with the statement": ("chronology", {"claim": "Said twice.", "stance": "mixed"}),
    "unknown stance": ("chronology", {"claim": "Sanctions will fail 0.", "stance": "agrees"}),
    "title too long": ("chronology", {"title": "x" * 301}),
    "excerpt too long": ("chronology", {"excerpt": "x" * 1001}),
    "summary too long": ("chronology", {"summary": "x" * 5001}),
    "note too long": ("chronology", {"claim": "Sanctions will fail 0.", "note": "x" * 2001}),
    "a date that has not yet come": ("chronology", {"date": "2999-01"}),
    "a date that has not yet come (reports)": ("reports", {"date": "2999"}),
    "note too long (evidence)": ("evidence", {"note": "x" * 2001}),
    "not an address": ("chronology", {"url": "not an address"}),
    "an ftp address": ("chronology", {"url": "ftp://example.com/report"}),
    "an address in capitals": ("chronology", {"url": "HTTP://EXAMPLE.COM/REPORT"}),
    "an archive address in capitals": ("chronology", {"archive_url": "HTTPS://web.archive.org/x"}),
    "an address too long": ("chronology", {"url": "https://example.com/" + "a" * 1000}),
    "an address with a space": ("chronology", {"url": "https://example.com/a report"}),
    "a host name too long": ("chronology", {"url": "https://" + ".".join(["a" * 60] * 5) + ".com/"}),
    "a source name too long to record": ("chronology", {"source": "S" * 201}),
    "a source the site reserves": ("chronology", {"source": "new"}),
    "no such source (reports)": ("reports", {"source": "nobody-publishes-this"}),
    "an address in capitals (reports)": ("reports", {"url": "HTTP://EXAMPLE.COM/REPORT"}),
    "no such report number (evidence)": ("evidence", {"report": "#999999"}),
    "no such report address (evidence)": ("evidence", {"report": "https://nowhere.example/x"}),
    "two reports with the title (evidence)": ("evidence", {"report": "Same title"}),
    "no such claim (evidence)": ("evidence", {"claim": "#999999"}),
    "unknown stance (evidence)": ("evidence", {"stance": "agrees"}),
}


def file_with_one_bad_row(kind: str, cells: dict, claims: list[Claim], report: Report) -> str:
    """Return a file of the kind: a good row, the bad one (line 3), and a good row after it."""
    if kind == "evidence":
        rows = [
            {"claim": str(claim.pk), "report": f"#{report.pk}", "stance": "context", "note": ""} for claim in claims
        ]
        rows[1] = {**rows[1], "report": report.title, **cells}
        return to_csv(["claim", "report", "stance", "note"], rows)
    rows = [{**chronology_row(number, claims[number]), **(cells if number == 1 else {})} for number in range(3)]
    if kind == "reports":
        return to_csv(REPORTS, [{name: row[name] for name in REPORTS if name in row} for row in rows])
    return to_csv(CHRONOLOGY, rows)


@pytest.mark.parametrize("case", BAD_ROWS)
def test_a_bad_row__is_reported_as_row_by_row(case, monkeypatch, daily_nk, claims, row_by_row_runs):
    kind, cells = BAD_ROWS[case]
    ClaimFactory(statement="Said twice.")
    ClaimFactory(statement="Said twice.")
    ReportFactory(title="Same title", source=daily_nk)
    ReportFactory(title="Same title", source=daily_nk)
    data = file_with_one_bad_row(kind, cells, claims, ReportFactory(source=daily_nk))
    before = record()
    bulk = import_csv(kind, data)
    assert row_by_row_runs == []  # checked in bulk, not refused by the database and checked again
    expected = row_by_row(monkeypatch, kind, data)
    assert [(e.line, e.column, e.message) for e in bulk.errors] == [
        (e.line, e.column, e.message) for e in expected.errors
    ]
    assert bulk.errors and {error.line for error in bulk.errors} == {3}
    assert record() == before


def test_one_bad_row_in_many__writes_nothing_and_every_bad_row_is_named(daily_nk, claims):
    rows = [chronology_row(number, claims[number % 3]) for number in range(60)]
    rows[9]["date"] = "2016-02-30"  # line 11
    rows[30]["url"] = "HTTP://EXAMPLE.COM/30"  # line 32
    rows[58]["claim"] = "#999999"  # line 60
    before = (record(), ReportEvent.objects.count(), EvidenceEvent.objects.count())
    result = import_csv("chronology", to_csv(CHRONOLOGY, rows))
    assert not result.written
    assert [(error.line, error.column) for error in result.errors] == [(11, "date"), (32, "url"), (60, "claim")]
    assert result.errors[1].message == HTTP_URL_MESSAGE
    assert result.errors[2].message == NO_SUCH.format("claim", "#999999")
    assert (record(), ReportEvent.objects.count(), EvidenceEvent.objects.count()) == before


def test_importing_a_chronology__creates_reports_and_evidence_and_twice_creates_nothing(daily_nk, claims):
    rows = [chronology_row(number, claims[number % 3], note="Both ways." if number % 2 else "") for number in range(30)]
    rows += [chronology_row(30, url="", title="On its own")]  # a report bearing on no claim, without an address
    data = to_csv(CHRONOLOGY, rows)
    first = import_csv("chronology", data)
    assert first.written, first.errors
    assert first.created == {"reports": 31, "evidence": 30}
    report = Report.objects.get(url="https://www.dailynk.com/english/7")
    assert (report.source, report.published_precision, report.credibility) == (daily_nk, "month", 2)
    assert Evidence.objects.get(report=report).note == "Both ways."
    imported = record()
    second = import_csv("chronology", data)
    assert second.written and second.created == {} and second.changed == {}
    assert second.unchanged == {"reports": 31, "evidence": 30}
    assert record() == imported


def test_a_source_not_yet_recorded__is_recorded_once_ungraded(claims):
    rows = [chronology_row(number, claims[0], source="Rimjin-gang") for number in range(3)]
    result = import_csv("chronology", to_csv(CHRONOLOGY, rows))
    assert result.written, result.errors
    assert result.created == {"sources": 1, "reports": 3, "evidence": 3}
    source = Source.objects.get()
    assert (source.name, source.slug, source.kind, source.reliability) == ("Rimjin-gang", "rimjin-gang", "other", "F")


def test_duplicates_within_a_file__come_out_as_row_by_row(monkeypatch, daily_nk, claims, row_by_row_runs):
    first, second = claims[0], claims[1]
    rows = [
        chronology_row(1, first),
        chronology_row(1, second),  # the same report bearing on another claim: one report, two pieces of evidence
        chronology_row(1, first),  # the same row again: nothing new
        chronology_row(2, first),
        chronology_row(3, first, url=""),
        chronology_row(3, second, url=""),  # no address: the same source, title and date match line 6
        chronology_row(4, first),
    ]  # rows that would change what an earlier row gave are refused: tests/claims/transfer/test_import_hostile.py
    data = to_csv(CHRONOLOGY, rows)
    bulk = import_csv("chronology", data)
    assert bulk.written, bulk.errors
    assert row_by_row_runs == []
    imported = record()
    Evidence.objects.all().delete()
    Report.objects.all().delete()
    expected = row_by_row(monkeypatch, "chronology", data)
    assert (bulk.created, bulk.changed, bulk.unchanged) == (expected.created, expected.changed, expected.unchanged)
    assert bulk.actions == expected.actions
    assert record() == imported
    assert bulk.created == {"reports": 4, "evidence": 6}
    assert bulk.changed == {} and bulk.unchanged == {"reports": 3, "evidence": 1}


def test_a_row_that_changes_a_recorded_report__goes_through_the_services(daily_nk, claims):
    recorded = ReportFactory(source=daily_nk, title="Mines idle", url="https://www.dailynk.com/english/mines")
    EvidenceFactory(claim=claims[0], report=recorded, stance="supports", note="")
    rows = [
        chronology_row(1, claims[0]),
        chronology_row(3, claims[0], title="Mines idle", url=recorded.url, summary="Idle since March.", stance="mixed"),
        chronology_row(4, claims[1]),
    ]
    result = import_csv("chronology", to_csv(CHRONOLOGY, rows))
    assert result.written, result.errors
    assert result.created == {"reports": 2, "evidence": 2}
    assert result.changed == {"reports": 1, "evidence": 1}
    recorded.refresh_from_db()
    assert recorded.summary == "Idle since March."
    assert Evidence.objects.get(report=recorded).stance == "mixed"
    assert ReportEvent.objects.filter(pgh_obj_id=recorded.pk, pgh_label="update").count() == 1


def test_history__records_each_imported_report_and_evidence_with_the_import_as_context(daily_nk, claims):
    editor = UserFactory(username="importer")
    rows = [chronology_row(number, claims[0]) for number in range(5)]
    with pghistory.context(user=editor.pk):  # as the upload page's middleware does
        result = import_csv("chronology", to_csv(CHRONOLOGY, rows), file_name="chronology.csv", user=editor)
    assert result.written, result.errors
    reports = list(Report.objects.order_by("pk"))
    events = ReportEvent.objects.filter(pgh_label="insert").order_by("pgh_obj_id")
    assert [(event.pgh_obj_id, event.title, event.url) for event in events] == [
        (report.pk, report.title, report.url) for report in reports
    ]
    evidence = EvidenceEvent.objects.filter(pgh_label="insert")
    assert sorted(event.pgh_obj_id for event in evidence) == sorted(Evidence.objects.values_list("pk", flat=True))
    assert {event.added_by_id for event in evidence} == {editor.pk}
    contexts = {event.pgh_context_id for event in [*events, *evidence]}
    assert len(contexts) == 1
    context = pghistory.models.Context.objects.get(pk=contexts.pop())
    assert context.metadata == {
        "command": "import_csv", "file": "chronology.csv", "kind": "chronology", "user": editor.pk
    }  # fmt: skip


def test_figures__are_kept_by_their_triggers_for_the_rows_written_with_copy(daily_nk, claims):
    token = SourceFigures.objects.get(pk=daily_nk.pk).changed
    rows = [chronology_row(number, claims[0]) for number in range(4)]
    rows += [chronology_row(number, claims[1], source="Rimjin-gang") for number in range(4, 6)]
    result = import_csv("chronology", to_csv(CHRONOLOGY, rows))
    assert result.written, result.errors
    assert SourceFigures.objects.get(pk=daily_nk.pk).reports == 4
    assert SourceFigures.objects.get(source__name="Rimjin-gang").reports == 2
    assert SourceFigures.objects.get(pk=daily_nk.pk).changed != token
    assert figures.differences() == []


def test_the_number_of_queries__does_not_grow_with_the_rows(daily_nk, claims, row_by_row_runs):
    def queries(count: int) -> list[str]:
        rows = [chronology_row(number, claims[number % 3]) for number in range(count)]
        with CaptureQueriesContext(connection) as captured:
            result = import_csv("chronology", to_csv(CHRONOLOGY, rows))
        assert result.created == {"reports": count, "evidence": count}
        Evidence.objects.all().delete()
        Report.objects.all().delete()
        return [query["sql"] for query in captured.captured_queries]

    ten, two_hundred = queries(10), queries(200)
    # Two savepoints; the sources, the reports by address and by title, the claims; the report ids; a COPY of
    # the reports and one of the evidence, each after SET CONSTRAINTS; foreign keys back to deferred. After each
    # COPY, the ledger: the evidence ids, the rows read back, their latest entries, the lock, the last entry and
    # one insert of the new entries (claims.record.ledger.record_rows).
    assert len(ten) == len(two_hundred) == 26, "\n".join(sql[-120:] for sql in two_hundred)
    assert [sql.startswith("COPY") for sql in ten] == [sql.startswith("COPY") for sql in two_hundred]
    assert sum(sql.startswith("COPY") for sql in two_hundred) == 2
    assert row_by_row_runs == []


def test_dry_run__lists_what_a_real_run_creates_and_writes_nothing(daily_nk, claims):
    data = to_csv(CHRONOLOGY, [chronology_row(number, claims[0]) for number in range(4)])
    dry = import_csv("chronology", data, dry_run=True)
    assert not dry.written and not dry.errors
    assert not Report.objects.exists() and not ReportEvent.objects.exists()
    real = import_csv("chronology", data)
    assert (dry.created, dry.actions) == (real.created, real.actions)
    assert dry.summary().replace("Would create", "Created").replace("would change", "changed") == real.summary()


def test_what_the_database_refuses__is_checked_again_row_by_row(monkeypatch, daily_nk, claims, row_by_row_runs):
    monkeypatch.setattr(bulk, "check_new_report", lambda report: None)  # a rule the bulk checks would miss
    rows = [chronology_row(1, claims[0]), chronology_row(2, claims[0], url="HTTP://EXAMPLE.COM/2")]
    result = import_csv("chronology", to_csv(CHRONOLOGY, rows))
    assert row_by_row_runs == ["chronology"]
    assert [(error.line, error.column, error.message) for error in result.errors] == [(3, "url", HTTP_URL_MESSAGE)]
    assert not Report.objects.exists()


def test_evidence__attached_in_bulk_by_number_address_or_title(daily_nk, claims, row_by_row_runs):
    by_number = ReportFactory(source=daily_nk)
    by_address = ReportFactory(source=daily_nk, url="https://www.dailynk.com/english/by-address")
    by_title = ReportFactory(source=daily_nk, title="Traders hold back")
    data = to_csv(
        ["claim", "report", "stance", "note"],
        [
            {"claim": f"#{claims[0].pk}", "report": f"#{by_number.pk}", "stance": "supports", "note": ""},
            {"claim": claims[1].statement, "report": by_address.url, "stance": "Contradicts", "note": "Prices."},
            {"claim": str(claims[2].pk), "report": "Traders hold back", "stance": "context", "note": ""},
        ],
    )
    first = import_csv("evidence", data)
    assert first.written and first.created == {"evidence": 3}, first.errors
    assert sorted(Evidence.objects.values_list("claim_id", "report_id", "stance")) == sorted(
        [(claims[0].pk, by_number.pk, "supports"), (claims[1].pk, by_address.pk, "contradicts"),
         (claims[2].pk, by_title.pk, "context")]
    )  # fmt: skip
    again = import_csv("evidence", data.replace("Contradicts", "mixed"))
    assert (again.created, again.changed, again.unchanged) == ({}, {"evidence": 1}, {"evidence": 2})
    assert row_by_row_runs == []


def test_reports__a_repeat_of_a_report_earlier_in_the_file_goes_through_the_services(daily_nk):
    data = to_csv(
        ["source", "title", "date", "summary", "url", "repeats"],
        [
            {
                "source": "Daily NK",
                "title": "Original",
                "date": "2017-05",
                "summary": "S",
                "url": "https://a.example/1",
            },
            {
                "source": "daily-nk",
                "title": "Copy",
                "date": "2017-06-02",
                "summary": "S",
                "repeats": "https://a.example/1",
            },
            {"source": "daily-nk", "title": "Too early", "date": "2017-04", "summary": "S", "repeats": "Original"},
        ],
    )
    result = import_csv("reports", data)
    assert [(error.line, error.column) for error in result.errors] == [(4, "repeats")]
    result = import_csv("reports", "\n".join(data.splitlines()[:3]) + "\n")
    assert result.written, result.errors
    assert Report.objects.get(title="Copy").repeats == Report.objects.get(title="Original")


def test_command__shows_checking_and_writing_progress(tmp_path, daily_nk, claims):
    path = tmp_path / "chronology.csv"
    path.write_text(to_csv(CHRONOLOGY, [chronology_row(number, claims[0]) for number in range(3)]), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    call_command("import_csv", "chronology", str(path), stdout=out, stderr=err)
    assert "Created 3 evidence, 3 reports" in out.getvalue()
    assert "chronology from chronology.csv, checking" in err.getvalue()
    assert "chronology from chronology.csv, writing" in err.getvalue()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.from_regex(USUAL_URL, fullmatch=True))
def test_an_address_of_the_usual_shape__passes_the_validators_and_the_database_check(address):
    for name in ("url", "archive_url"):
        model_field = Report._meta.get_field(name)
        if bulk.usual_url(address, model_field.max_length):
            try:
                model_field.clean(address, None)
            except ValidationError as error:  # pragma: no cover - the failure itself
                pytest.fail(f"{address!r} skipped the validators, which refuse it: {error.messages}")
            assert address.startswith(("http://", "https://"))  # report_url_http, case-sensitive in PostgreSQL
