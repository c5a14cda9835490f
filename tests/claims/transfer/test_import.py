"""CSV import: all or nothing, every bad row reported, dry runs, no duplicates, any UTF-8, the seed's chronology."""

import datetime
import io
from pathlib import Path

import pghistory.models
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from claims.models import Claim, Commentator, Evidence, Resolution, Topic
from claims.roles import ensure_editors_group
from claims.transfer.csv_files import CLAIM_WITHOUT_STANCE, REQUIRED
from claims.transfer.importers import import_csv
from sources.models import Report, Source
from tests.factories import ClaimFactory, CommentatorFactory, SourceFactory, UserFactory

pytestmark = pytest.mark.django_db

EXAMPLES = Path(__file__).resolve().parents[3] / "claims" / "transfer" / "demo"
DEMO_ORDER = ["sources", "commentators", "topics", "reports", "claims", "chronology", "resolutions"]


def counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in (Source, Report, Commentator, Topic, Claim, Evidence))


def test_sources__are_created_then_matched_not_duplicated():
    data = "name,kind,reliability,country\nDaily NK,news,C,kr\n연합뉴스,news,B,KR\n"
    first = import_csv("sources", data)
    assert first.written and first.created["sources"] == 2
    assert Source.objects.get(slug="연합뉴스").reliability == "B"
    assert Source.objects.get(slug="daily-nk").country == "KR"
    second = import_csv("sources", data)
    assert second.created == {} and second.unchanged["sources"] == 2
    assert Source.objects.count() == 2


def test_changed_cells__change_the_record_and_say_so():
    import_csv("sources", "name,reliability\nDaily NK,C\n")
    result = import_csv("sources", "name,reliability\nDaily NK,B\n")
    assert result.changed["sources"] == 1
    assert any("change source: Daily NK (reliability)" in action for action in result.actions)
    assert Source.objects.get().reliability == "B"


def test_a_bad_row__writes_nothing_and_every_bad_row_is_reported_with_line_and_column():
    data = (
        "date,source,title,summary,credibility\n"
        "2016-03,Daily NK,Fine,All good,2\n"
        "2016-13,Daily NK,Bad month,Text,2\n"  # line 3
        '2017-01,Daily NK,"A title\nover two lines",Text,9\n'  # lines 4-5
        "2017-02,Daily NK,,Text,2\n"  # line 6
    )
    before = counts()
    result = import_csv("chronology", data)
    assert not result.written
    assert counts() == before
    found = {(error.line, error.column) for error in result.errors}
    assert found == {(3, "date"), (4, "credibility"), (6, "title")}
    assert next(e for e in result.errors if e.line == 6).message == REQUIRED
    assert "not a real date" in next(e for e in result.errors if e.line == 3).message


def test_header__names_missing_and_unknown_columns():
    result = import_csv("reports", "source,title,colour\nx,y,z\n")
    messages = " ".join(error.message for error in result.errors)
    assert "date, summary" in messages and "colour" in messages
    assert all(error.line == 1 for error in result.errors)


def test_dry_run__reports_what_would_be_done_and_writes_nothing():
    SourceFactory(name="Daily NK", slug="daily-nk", reliability="C")
    data = "name,reliability\nDaily NK,B\nRimjin-gang,C\n"
    result = import_csv("sources", data, dry_run=True)
    assert (result.created["sources"], result.changed["sources"]) == (1, 1)
    assert not result.errors and not result.written
    assert result.summary().startswith("Would create 1 sources")
    assert Source.objects.count() == 1 and Source.objects.get().reliability == "C"


def test_utf8_with_bom__korean_names_curly_quotes_and_quoted_newlines_survive():
    text = (
        'name,kind,bio\n김정은,person,"He said “sanctions won’t work”\nand then ‘maybe’."\nSanctions sceptics,group,\n'
    )
    result = import_csv("commentators", "\ufeff".encode() + text.encode("utf-8"))
    assert result.written, result.errors
    commentator = Commentator.objects.get(name="김정은")
    assert commentator.slug == "김정은"
    assert commentator.bio == "He said “sanctions won’t work”\nand then ‘maybe’."
    assert Commentator.objects.get(slug="sanctions-sceptics").kind == "group"


def test_a_file_that_is_not_utf8__is_refused_clearly():
    result = import_csv("topics", "name\nCafé\n".encode("latin-1"))
    assert not result.written
    assert "UTF-8" in result.errors[0].message


def test_chronology__attaches_reports_to_claims_and_refuses_a_claim_without_stance():
    claim = ClaimFactory(statement="Sanctions will fail.")
    data = (
        "date,source,title,summary,claim,stance,note\n"
        "3/2016,Daily NK,Traders hold back,They wait.,Sanctions will fail.,mixed,Both ways.\n"
        "2016-04-15,Daily NK,Mines idle,Idle.,,,\n"
    )
    result = import_csv("chronology", data)
    assert result.written, result.errors
    report = Report.objects.get(title="Traders hold back")
    assert (report.published_on, report.published_precision) == (datetime.date(2016, 3, 1), "month")
    assert Report.objects.get(title="Mines idle").published_precision == "day"
    assert Source.objects.get(name="Daily NK").reliability == "F"  # named by the chronology: not yet judged
    assert Evidence.objects.get().claim == claim
    bad = import_csv("chronology", "date,source,title,summary,claim\n2016,X,T,S,Sanctions will fail.\n")
    assert [(e.line, e.column, e.message) for e in bad.errors] == [(2, "stance", CLAIM_WITHOUT_STANCE)]


def test_service_refusals__become_row_errors_on_the_right_column():
    CommentatorFactory(name="Joshua Stanton", slug="joshua-stanton")
    future = (datetime.date.today() + datetime.timedelta(days=400)).isoformat()
    data = (
        "commentator,quote,statement,resolution_criteria,made,probability,estimative_words\n"
        f"joshua-stanton,Q,S1,C,{future},,\n"
        "joshua-stanton,Q,S2,C,2016,0.7,probable\n"
        "nobody,Q,S3,C,2016,,\n"
    )
    result = import_csv("claims", data)
    assert not result.written and not Claim.objects.exists()
    by_line = {error.line: error for error in result.errors}
    assert by_line[2].column == "made"
    assert by_line[3].column == "probability"  # the service: a probability or words, not both
    assert by_line[4].column == "commentator"


def test_import__is_recorded_in_the_history_as_the_command():
    import_csv("topics", "name\nSanctions\n", file_name="topics.csv")
    context = pghistory.models.Context.objects.order_by("-created_at").first()
    assert context.metadata["command"] == "import_csv"
    assert context.metadata["file"] == "topics.csv"


def snapshot() -> dict:
    """Return the record by natural keys, so that two loads can be compared whatever their ids."""
    return {
        "sources": sorted(Source.objects.values_list("slug", "name", "kind", "reliability", "country", "description")),
        "reports": sorted(
            Report.objects.values_list(
                "source__slug",
                "title",
                "published_on",
                "published_precision",
                "summary",
                "excerpt",
                "url",
                "credibility",
            )
        ),  # fmt: skip
        "evidence": sorted(Evidence.objects.values_list("claim__statement", "report__title", "stance", "note")),
        "claims": sorted(
            Claim.objects.values_list(
                "commentator__slug",
                "statement",
                "quote",
                "condition",
                "made_on",
                "made_precision",
                "appeared_in__title",
                "resolve_by",
                "probability",
                "estimative_words",
            )
        ),  # fmt: skip
        "topics": sorted(Claim.topics.through.objects.values_list("claim__statement", "topic__slug")),
        "resolutions": sorted(
            Resolution.objects.values_list("claim__statement", "outcome", "resolved_on", "rationale", "condition_met")
        ),
        "commentators": sorted(Commentator.objects.values_list("slug", "name", "kind", "affiliation", "bio", "links")),
    }


def test_the_documented_loop_over_the_demo_files__gives_the_record_load_demo_gives():
    """docs/csv-formats.md's loop of import_csv commands and load_demo (the same files) make one record."""
    assert counts() == (0, 0, 0, 0, 0, 0)
    for kind in DEMO_ORDER:
        call_command("import_csv", kind, str(EXAMPLES / f"{kind}.csv"), stdout=io.StringIO(), stderr=io.StringIO())
    imported = snapshot()
    assert Resolution.objects.count() == 2 and all(r.cited_evidence.exists() for r in Resolution.objects.all())
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert (
        "created 0 sources, 0 reports, 0 commentators, 0 topics, 0 claims, 0 evidence, 0 resolutions" in out.getvalue()
    )
    assert snapshot() == imported


def test_command__imports_with_a_progress_bar_and_reports(tmp_path):
    path = tmp_path / "topics.csv"
    path.write_text("name,description\nSanctions,UN and U.S. measures\nDefections,\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    call_command("import_csv", "topics", str(path), "--dry-run", stdout=out, stderr=err)
    assert "Dry run. Would create 2 topics" in out.getvalue()
    assert "create topic: Sanctions" in out.getvalue()
    assert "row" in err.getvalue()  # tqdm's bar
    assert not Topic.objects.exists()
    call_command("import_csv", "topics", str(path), stdout=out, stderr=err)
    assert Topic.objects.count() == 2


def test_command__fails_with_every_error_and_writes_nothing(tmp_path):
    path = tmp_path / "topics.csv"
    path.write_text("name,slug\nGood,good\n,empty-name\nAlso good,\n,again\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="2 error"):
        call_command("import_csv", "topics", str(path), stdout=io.StringIO(), stderr=err)
    assert "line 3, column name: Required." in err.getvalue()
    assert "line 5, column name: Required." in err.getvalue()
    assert not Topic.objects.exists()


@pytest.fixture
def editor(client):
    user = UserFactory(username="importer")
    user.groups.add(ensure_editors_group())
    client.force_login(user)
    return user


def test_upload_page__shows_the_same_report_and_writes_through_the_services(client, editor):
    url = reverse("data:import_csv")
    assert client.get(url).status_code == 200
    upload = io.BytesIO(b"name\nSanctions\nDefections\n")
    upload.name = "topics.csv"
    response = client.post(url, {"kind": "topics", "file": upload, "dry_run": "on"})
    assert response.status_code == 200
    assert "Would create 2 topics" in response.content.decode()
    assert not Topic.objects.exists()
    upload.seek(0)
    response = client.post(url, {"kind": "topics", "file": upload})
    assert "Created 2 topics" in response.content.decode()
    assert Topic.objects.count() == 2
    context = pghistory.models.Context.objects.order_by("-created_at").first()
    assert context.metadata["user"] == editor.pk and context.metadata["command"] == "import_csv"


def test_upload_page__lists_every_bad_row(client, editor):
    upload = io.BytesIO(b"name,slug\n,a\n,b\n")
    upload.name = "bad.csv"
    html = client.post(reverse("data:import_csv"), {"kind": "topics", "file": upload}).content.decode()
    assert "Line 2" in html and "Line 3" in html and "nothing was written" in html


def test_upload_page__is_for_editors_only(client):
    url = reverse("data:import_csv")
    assert client.get(url).status_code == 302
    client.force_login(UserFactory(username="reader"))
    assert client.get(url).status_code == 403
