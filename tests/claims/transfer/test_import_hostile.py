"""Hostile CSV files, for every import kind and column: a row-numbered refusal that writes nothing, never a traceback.

NUL characters, cells longer than the csv module reads, quotes left open, values outside the header, rows that
would overwrite an earlier row, ISO weeks for dates; through import_csv, the command and the upload page.
"""

import csv
import io

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.urls import reverse

from claims.models import Topic
from claims.roles import ensure_editors_group
from claims.transfer.csv_files import (
    BAD_NUMBER,
    CELL_TOO_LONG,
    CELLS_OUTSIDE_HEADER,
    COLUMNS,
    DUPLICATE_COLUMNS,
    NUL_IN_CELL,
    NUL_IN_HEADER,
    SAME_RECORD,
    TEXT_AFTER_QUOTE,
    UNTERMINATED_QUOTE,
    RowError,
)
from claims.transfer.importers import KINDS, import_csv
from tests.factories import (
    ClaimFactory,
    CommentatorFactory,
    EvidenceFactory,
    ReportFactory,
    SourceFactory,
    TopicFactory,
    UserFactory,
)
from tracker.partial_dates import WEEK_DATE

pytestmark = pytest.mark.django_db

CELL_LIMIT = csv.field_size_limit()


@pytest.fixture
def recorded(db) -> dict:
    """What good rows of every kind name: a source, a commentator, a topic, reports and claims."""
    source = SourceFactory(name="Daily NK", slug="daily-nk")
    commentator = CommentatorFactory(slug="pundit")
    TopicFactory(slug="sanctions")
    claims = [ClaimFactory(commentator=commentator, statement=f"Recorded claim {number}.") for number in range(3)]
    return {
        "reports": [ReportFactory(source=source, title=f"Recorded {number}") for number in range(4)],
        "claims": claims,
        # Evidence a resolution of each claim can cite.
        "cited": [
            EvidenceFactory(claim=claim, report=ReportFactory(source=source, title=f"Cited {number}"))
            for number, claim in enumerate(claims)
        ],
    }


def good_row(kind: str, number: int, recorded: dict) -> dict:
    """Return a row of the kind with every column filled (but those that exclude another), valid on its own."""
    report, claim = recorded["reports"][number], recorded["claims"][number]
    report_cells = {
        "source": "daily-nk",
        "title": f"Traders hold back {number}",
        "date": "2016-03",
        "summary": "They wait.",
        "url": f"https://www.dailynk.com/english/{number}",
        "excerpt": "Nobody sells.",
        "archive_url": f"https://web.archive.org/web/2016/{number}",
        "credibility": "2",
    }
    rows = {
        "sources": {
            "name": f"Outlet {number}", "slug": f"outlet-{number}", "kind": "news",
            "homepage": f"https://outlet{number}.example/", "country": "KR", "language": "ko",
            "description": "A newspaper.", "reliability": "C",
        },
        "reports": {**report_cells, "repeats": ""},
        "commentators": {
            "name": f"Pundit {number}", "slug": f"pundit-{number}", "kind": "person", "affiliation": "A think tank",
            "bio": "Writes on sanctions.", "links": f"https://pundit{number}.example/",
        },
        "topics": {"name": f"Topic {number}", "slug": f"topic-{number}", "description": "A topic."},
        "claims": {
            "commentator": "pundit", "quote": "It will not work.", "statement": f"Sanctions fail by 2019 ({number}).",
            "resolution_criteria": "True if no damage is reported.", "made": "2016-03", "condition": "",
            "appeared_in": f"#{report.pk}", "appeared_url": "https://example.com/said", "topics": "sanctions",
            "resolve_by": "2019-03-31", "probability": "70%", "estimative_words": "",
        },
        "evidence": {"claim": f"#{claim.pk}", "report": f"#{report.pk}", "stance": "supports", "note": "Bears on it."},
        "chronology": {**report_cells, "claim": f"#{claim.pk}", "stance": "context", "note": "Background."},
        "resolutions": {
            "claim": f"#{claim.pk}", "outcome": "false", "resolved_on": "2019-04-30",
            "rationale": "The reports show serious damage.", "cited": f"#{recorded['cited'][number].report_id}",
            "condition_met": "",  # the claims have no condition
        },
    }  # fmt: skip
    return rows[kind]


def columns(kind: str) -> list[str]:
    required, optional = COLUMNS[kind]
    return [*required, *optional]


def to_csv(kind: str, rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns(kind), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def file_with_bad_cell(kind: str, column: str, value: str, recorded: dict) -> str:
    """Return a file of the kind: a good row, one whose cell in the column is the value (line 3), a good row."""
    rows = [good_row(kind, number, recorded) for number in range(3)]
    rows[1][column] = value
    return to_csv(kind, rows)


def record_counts() -> dict[str, int]:
    """Count the rows of every table of the record (and the accounts)."""
    labels = ("sources", "claims", "auth", "authtoken")
    return {model._meta.label: model.objects.count() for model in apps.get_models() if model._meta.app_label in labels}


EVERY_COLUMN = [(kind, column) for kind in KINDS for column in columns(kind)]


@pytest.mark.parametrize("kind", KINDS)
def test_good_rows__of_every_kind_import(kind, recorded):
    """The files the tests below spoil import cleanly: the refusals are the bad cell's, nothing else's."""
    result = import_csv(kind, to_csv(kind, [good_row(kind, number, recorded) for number in range(3)]), dry_run=True)
    assert result.errors == []
    assert result.rows == 3


@pytest.mark.parametrize(("kind", "column"), EVERY_COLUMN)
def test_a_nul_character__in_any_cell_is_refused_on_its_line_and_column(kind, column, recorded):
    before = record_counts()
    result = import_csv(kind, file_with_bad_cell(kind, column, "Daily\x00NK", recorded))
    assert result.errors == [RowError(3, column, NUL_IN_CELL)]
    assert record_counts() == before


@pytest.mark.parametrize(("kind", "column"), EVERY_COLUMN)
def test_a_cell_longer_than_csv_reads__is_refused_on_the_line_its_row_starts(kind, column, recorded):
    before = record_counts()
    result = import_csv(kind, file_with_bad_cell(kind, column, "x\n" * (CELL_LIMIT // 2 + 1), recorded))
    assert result.errors == [RowError(3, "", CELL_TOO_LONG.format(limit=CELL_LIMIT))]
    assert record_counts() == before


@pytest.mark.parametrize(("kind", "column"), EVERY_COLUMN)
def test_a_cell_of_100000_characters__is_refused_or_imported_never_a_traceback(kind, column, recorded):
    before = record_counts()
    result = import_csv(kind, file_with_bad_cell(kind, column, "x" * 100_000, recorded))
    if result.errors:
        assert {error.line for error in result.errors} == {3}
        assert record_counts() == before


def test_a_nul_character__in_the_first_line_is_refused():
    result = import_csv("topics", "na\x00me\nSanctions\n")
    assert result.errors == [RowError(1, "", NUL_IN_HEADER)]
    assert not Topic.objects.exists()


def test_an_unterminated_quote__is_named_on_the_line_its_row_starts_not_as_missing_cells():
    data = 'name,description\nSanctions,"closed"\nDefections,"never closed\nTrade,x\nAid,y\n'
    result = import_csv("topics", data)
    assert result.errors == [RowError(3, "", UNTERMINATED_QUOTE)]
    assert not Topic.objects.exists()


def test_an_unterminated_quote__after_a_quoted_cell_spanning_lines_is_named_on_its_rows_first_line():
    data = 'name,description\n"Sanc\ntions",x\n"Defections","two\nlines"\nTrade,"open\n'
    result = import_csv("topics", data)
    assert result.errors == [RowError(6, "", UNTERMINATED_QUOTE)]
    assert not Topic.objects.exists()


def test_text_after_a_closing_quote__is_refused_rather_than_joined_to_the_cell():
    result = import_csv("topics", 'name,description\nSanctions,"a" b\n')
    assert result.errors == [RowError(2, "", TEXT_AFTER_QUOTE)]
    assert not Topic.objects.exists()


def test_values_beyond_the_header__are_refused_naming_the_row():
    result = import_csv("topics", "name,description\nSanctions,A topic.,stray\nTrade,x,,again,more\n")
    assert result.errors == [
        RowError(2, "", CELLS_OUTSIDE_HEADER.format(s="", positions="3")),
        RowError(3, "", CELLS_OUTSIDE_HEADER.format(s="s", positions="4, 5")),
    ]
    assert not Topic.objects.exists()


def test_values_under_a_column_with_no_name__are_refused():
    result = import_csv("topics", "name,,description\nSanctions,stray,A topic.\n")
    assert result.errors == [RowError(2, "", CELLS_OUTSIDE_HEADER.format(s="", positions="2"))]


def test_empty_cells_beyond_the_header__are_no_values_and_import():
    result = import_csv("topics", "name,description,\nSanctions,A topic.,,\n")
    assert result.errors == [] and Topic.objects.get().description == "A topic."


def test_a_column_named_twice__is_refused_rather_than_one_dropped():
    result = import_csv("topics", "name,description,Description\nSanctions,one,two\n")
    assert result.errors == [RowError(1, "", DUPLICATE_COLUMNS.format("description"))]
    assert not Topic.objects.exists()


# Two rows naming one record: the second would overwrite the first --------------------------------------------

# For each kind: the cells that make a second row name the record of the first, and the column that differs.
SAME_RECORD_CASES = {
    "sources by name": ("sources", "source", "name", {"name": "OUTLET 0", "slug": "other"}, "name"),
    "sources by slug": ("sources", "source", "slug", {"name": "Outlet Z"}, "name"),
    "sources by slug made from the name": ("sources", "source", "slug", {"slug": "", "kind": "blog"}, "kind"),
    "reports by address": ("reports", "report", "address", {"title": "Another title"}, "title"),
    "reports by source, title and date": (
        "reports", "report", "source, title and date", {"url": "https://www.dailynk.com/english/other"}, "url",
    ),
    "commentators by slug": ("commentators", "commentator", "slug", {"bio": "Another bio."}, "bio"),
    "topics by name": ("topics", "topic", "name", {"name": "TOPIC 0", "slug": "other"}, "name"),
    "topics by slug": ("topics", "topic", "slug", {"description": "Another."}, "description"),
    "claims by commentator and statement": (
        "claims", "claim", "commentator and statement", {"quote": "Another quote."}, "quote",
    ),
    "evidence by claim and report": ("evidence", "evidence", "claim and report", {"stance": "contradicts"}, "stance"),
    "chronology reports by address": ("chronology", "report", "address", {"summary": "Another summary."}, "summary"),
    "chronology evidence by claim and report": (
        "chronology", "evidence", "claim and report", {"stance": "contradicts"}, "stance",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", SAME_RECORD_CASES)
def test_a_row_naming_the_record_of_an_earlier_row_with_other_values__is_refused_naming_both(case, recorded):
    kind, what, key, cells, column = SAME_RECORD_CASES[case]
    first = good_row(kind, 0, recorded)
    rows = [first, good_row(kind, 1, recorded), {**first, **cells}]
    before = record_counts()
    result = import_csv(kind, to_csv(kind, rows))
    assert result.errors == [RowError(4, column, SAME_RECORD.format(what=what, first=2, key=key, column=column))]
    assert record_counts() == before


@pytest.mark.parametrize("kind", KINDS)
def test_a_row_repeating_an_earlier_row__is_not_refused(kind, recorded):
    first = good_row(kind, 0, recorded)
    result = import_csv(kind, to_csv(kind, [first, good_row(kind, 1, recorded), first]), dry_run=True)
    assert result.errors == []


def test_a_chronology__names_one_report_for_several_claims_in_rows_that_agree(recorded):
    first = good_row("chronology", 0, recorded)
    other_claim = {**first, "claim": f"#{recorded['claims'][1].pk}", "excerpt": "", "stance": "supports"}
    result = import_csv("chronology", to_csv("chronology", [first, other_claim]))
    assert result.errors == []
    assert result.created == {"reports": 1, "evidence": 2}


def test_a_row_overwriting_an_earlier_one__is_refused_with_the_other_bad_rows(recorded):
    first = good_row("reports", 0, recorded)
    rows = [first, {**good_row("reports", 1, recorded), "date": "2016-13"}, {**first, "title": "Other"}]
    result = import_csv("reports", to_csv("reports", rows))
    assert [(error.line, error.column) for error in result.errors] == [(3, "date"), (4, "title")]
    assert result.rows == 3


# Dates and numbers ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("week", ["2016-W10", "2016W10", "2016-W10-1", "2016-w10"])
@pytest.mark.parametrize(("kind", "column"), [("claims", "resolve_by"), ("claims", "made"), ("reports", "date")])
def test_an_iso_week__is_not_taken_for_a_date(week, kind, column, recorded):
    before = record_counts()
    result = import_csv(kind, file_with_bad_cell(kind, column, week, recorded))
    assert result.errors == [RowError(3, column, WEEK_DATE.format(value=week))]
    assert record_counts() == before


@pytest.mark.parametrize("number", ["nan", "inf", "-inf", "1e999"])
def test_a_probability_that_is_not_a_finite_number__is_refused(number, recorded):
    result = import_csv("claims", file_with_bad_cell("claims", "probability", number, recorded))
    assert result.errors == [RowError(3, "probability", BAD_NUMBER.format(number))]


# The command and the upload page -------------------------------------------------------------------------------

HOSTILE_FILES = {
    "a NUL character": ("name\nSanctions\nDe\x00fections\n", RowError(3, "name", NUL_IN_CELL)),
    "a cell too long": (
        f"name\nSanctions\n{'x' * (CELL_LIMIT + 1)}\n",
        RowError(3, "", CELL_TOO_LONG.format(limit=CELL_LIMIT)),
    ),
    "a quote left open": ('name\nSanctions\n"Defections\n', RowError(3, "", UNTERMINATED_QUOTE)),
}


@pytest.mark.parametrize("case", HOSTILE_FILES)
def test_command__names_the_line_and_writes_nothing(case, tmp_path):
    data, error = HOSTILE_FILES[case]
    path = tmp_path / "topics.csv"
    path.write_text(data, encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_csv", "topics", str(path), stderr=err)
    assert f"{path}: {error}" in err.getvalue()
    assert not Topic.objects.exists()


@pytest.mark.parametrize("case", HOSTILE_FILES)
def test_upload_page__names_the_line_and_writes_nothing(case, client):
    data, error = HOSTILE_FILES[case]
    editor = UserFactory(username="importer")
    editor.groups.add(ensure_editors_group())
    client.force_login(editor)
    upload = io.BytesIO(data.encode())
    upload.name = "topics.csv"
    response = client.post(reverse("data:import_csv"), {"kind": "topics", "file": upload})
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<td>Line {error.line}</td>" in html and "nothing was written" in html
    assert not Topic.objects.exists()
