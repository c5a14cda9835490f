"""Export (CSV bundle and zip) and backup/restore of the whole record into an empty database."""

import csv
import datetime
import io
import json
import zipfile

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse

from claims.models import Claim
from claims.record.backup import NOT_EMPTY, backup, dumps, existing_rows, record_models
from claims.scoring import scorecards
from claims.services import claim_resolve, claim_update, evidence_attach
from claims.transfer.exporters import neutralise
from sources.models import Source
from tests.factories import ReportFactory, SourceFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


@pytest.mark.parametrize("text", ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://x")'])
def test_neutralise__defuses_formulas(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["Daily NK", "", None, 3, "2016-03", "a=b"])
def test_neutralise__leaves_plain_values(value):
    assert neutralise(value) == ("" if value is None else str(value))


def test_export_data__writes_one_file_per_kind_and_a_readme(demo, tmp_path):
    SourceFactory(name="=cmd|' /C calc'!A0", slug="evil")
    call_command("export_data", str(tmp_path / "out"), stdout=io.StringIO())
    names = {path.name for path in (tmp_path / "out").iterdir()}
    kinds = ["sources", "reports", "commentators", "topics", "claims", "evidence", "resolutions"]
    assert names == {f"{kind}.csv" for kind in kinds} | {"README.txt"}
    readme = (tmp_path / "out" / "README.txt").read_text()
    for kind in kinds:
        with open(tmp_path / "out" / f"{kind}.csv", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        assert f"{kind}.csv" in readme
        for column in rows[0]:
            assert f"\n{column} " in readme or f"\n{column:<22}" in readme, (kind, column)
    with open(tmp_path / "out" / "sources.csv", encoding="utf-8") as handle:
        names = [row["name"] for row in csv.DictReader(handle)]
    assert "'=cmd|' /C calc'!A0" in names
    with open(tmp_path / "out" / "claims.csv", encoding="utf-8") as handle:
        claims = list(csv.DictReader(handle))
    assert len(claims) == Claim.objects.count()
    assert {row["made"] for row in claims} >= {"2016", "2019-04"}  # dates at their precision


def test_export_zip__downloads_the_bundle_for_everyone(client, demo):
    response = client.get(reverse("data:export_zip"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert "tracker-export/README.txt" in archive.namelist()
    assert "tracker-export/evidence.csv" in archive.namelist()


def figures() -> list[dict]:
    return [card.as_json() for card in scorecards.leaderboard()]


def rows_by_model() -> dict[str, list]:
    return {model._meta.label: list(model.objects.order_by("pk").values()) for model in record_models()}


def test_backup_then_restore_into_an_empty_database__gives_back_the_same_record(tmp_path):
    path = tmp_path / "backup.json"
    with transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        editor = UserFactory(username="resolver")
        claim = Claim.objects.unresolved().filter(condition="", estimative_words="").first()
        claim_update(claim=claim, probability=0.8)
        item = evidence_attach(claim=claim, report=ReportFactory(), stance="supports", added_by=editor)
        claim_resolve(claim=claim, outcome="true", resolved_on=datetime.date(2020, 1, 2), rationale="r",
                      cited_evidence=[item], resolved_by=editor)  # fmt: skip
        call_command("backup", str(path), stdout=io.StringIO())
        before_figures, before_rows = figures(), rows_by_model()
        assert before_rows["claims.ClaimEvent"] and before_rows["claims.LedgerEntry"]
        assert before_rows["pghistory.Context"]
        transaction.set_rollback(True)
    assert existing_rows() == {}  # the database is empty again: a new one, as restore expects
    call_command("restore", str(path), stdout=io.StringIO())
    after_rows = rows_by_model()
    for label, rows in before_rows.items():
        # Same rows, and no history written twice by the triggers.
        assert len(after_rows[label]) == len(rows), label
        for before, after in zip(rows, after_rows[label], strict=True):
            assert after == before, (label, {k: (v, after.get(k)) for k, v in before.items() if after.get(k) != v})
    assert figures() == before_figures
    assert Claim.objects.get(pk=claim.pk).resolutions.get().resolved_by.username == "resolver"
    out = io.StringIO()
    call_command("verify_ledger", stdout=out)
    # New writes after a restore get new ids and are kept in the history as usual.
    event_model = apps.get_model("claims", "ClaimEvent")
    events = event_model.objects.count()
    claim_update(claim=Claim.objects.get(pk=claim.pk), probability=0.7)
    assert event_model.objects.count() == events + 1
    assert SourceFactory().pk > max(row["id"] for row in before_rows["sources.Source"])


def test_restore__refuses_a_database_that_holds_a_record(demo, tmp_path):
    path = tmp_path / "backup.json"
    path.write_text(dumps(backup()), encoding="utf-8")
    before = Source.objects.count()
    with pytest.raises(CommandError, match="already holds a record"):
        call_command("restore", str(path), stdout=io.StringIO())
    assert Source.objects.count() == before
    assert NOT_EMPTY.split("(")[0] in NOT_EMPTY


def test_restore__refuses_a_file_that_is_not_a_backup(tmp_path):
    path = tmp_path / "x.json"
    path.write_text(json.dumps({"hello": 1}))
    with pytest.raises(CommandError, match="not a Tracker backup"):
        call_command("restore", str(path), stdout=io.StringIO())
