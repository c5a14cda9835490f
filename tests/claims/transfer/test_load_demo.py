import csv

import pytest
from django.core.management import call_command

from claims.management.commands.load_demo import DEMO_FILES
from claims.models import Claim, Commentator, Evidence, Resolution, Status, Topic
from sources.models import Report, Source
from tracker.partial_dates import Precision

pytestmark = pytest.mark.django_db

MODELS = [Source, Report, Commentator, Topic, Claim, Evidence, Resolution]


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def rows(kind: str) -> list[dict]:
    with (DEMO_FILES / f"{kind}.csv").open(newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def test_load_demo__twice_gives_the_same_counts_as_its_files():
    call_command("load_demo")
    first = counts()
    call_command("load_demo")
    assert counts() == first
    chronology = rows("chronology")
    assert first == {
        "Source": len(rows("sources")),
        "Report": len({row["title"] for row in rows("reports") + chronology}),
        "Commentator": len(rows("commentators")),
        "Topic": len(rows("topics")),
        "Claim": len(rows("claims")),
        "Evidence": len([row for row in chronology if row["claim"]]),
        "Resolution": len(rows("resolutions")),
    }


def test_load_demo__if_empty_leaves_an_existing_record_alone(claim):
    call_command("load_demo", "--if-empty")
    assert counts()["Claim"] == 1
    assert not Source.objects.filter(slug="daily-nk").exists()


def test_load_demo__holds_the_chronology_at_month_precision():
    call_command("load_demo")
    chronology = Report.objects.filter(published_on__range=("2016-03-01", "2019-04-30"))
    months = {report.published_display for report in chronology.filter(published_precision=Precision.MONTH)}
    assert {"Mar 2016", "Sep 2016", "Jul 2018", "Mar 2019", "Apr 2019"} <= months
    assert chronology.exclude(published_precision=Precision.DAY).count() == chronology.count()
    named = set(Source.objects.filter(reports__isnull=False).values_list("slug", flat=True))
    assert {"daily-nk", "rimjin-gang", "bank-of-korea", "new-york-times", "one-free-korea"} <= named


def test_load_demo__has_the_claims_the_product_started_from():
    call_command("load_demo")
    assert Claim.objects.count() >= 5
    assert Commentator.objects.filter(claims__isnull=False).distinct().count() >= 3
    assert any(claim.status == Status.OPEN for claim in Claim.objects.all())
    resolved = Claim.objects.resolved()
    assert resolved.count() >= 1
    for claim in resolved:
        latest = claim.resolutions.latest()
        assert latest.rationale
        assert latest.cited_evidence.exists()
        assert set(latest.cited_evidence.values_list("claim_id", flat=True)) == {claim.pk}
    stances = set(Evidence.objects.values_list("stance", flat=True))
    assert stances == {"supports", "contradicts", "mixed", "context"}
