"""bench: times the pages, counts queries and rows, and compares with bare SQL and the admin changelist."""

import datetime
import json
import math
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from benchmarks import measure
from claims.models import Commentator
from claims.scoring import scorecards
from claims.selectors import commentator_claims
from sources.models import Report

pytestmark = pytest.mark.django_db

COLUMNS = "| Page | URL | Requests | Median ms | p95 ms | Queries | Rows read | SQL ms |"


@pytest.fixture
def tiny(db):
    call_command(
        "generate_data", claims=200, seed=3, until=datetime.date(2025, 12, 31), no_vacuum=True, stdout=StringIO()
    )


def test_bench__prints_and_writes_each_page_with_the_expected_columns(tiny, tmp_path):
    out = StringIO()
    output, figures = tmp_path / "bench.md", tmp_path / "bench.json"
    reports = Report.objects.count()
    call_command("bench", requests=2, warmup=0, profile=True, import_rows=60, output=output, json=figures, stdout=out)
    assert Report.objects.count() == reports  # the timed import was rolled back
    printed = out.getvalue()
    assert COLUMNS in printed
    for label in (
        "| Home |",
        "| Claim list |",
        "| Claim list, topic North Korea,",
        "| Claim list, search “sanctions” |",
        "| Claim with 1,000 evidence items |",
        "| Scorecard page, most prolific commentator |",
        "| Scorecard JSON, same commentator |",
        "| Leaderboard |",
        "| Source page, biggest source |",
        "| API claim list |",
        "| Admin changelist, 25 a page |",
        "Leaderboard ÷ its bare SQL",
        "Scorecard page ÷ its bare SQL",
        "Admin changelist ÷ claim list, unfiltered",
        "chronology rows (a new report and its evidence each)",
        "rows a second",
    ):
        assert label in printed, label
    written = output.read_text()
    assert COLUMNS in written and "### Slowest query of each page" in written
    assert "Seq Scan" in written or "Index Scan" in written  # the plans are PostgreSQL's own
    assert "### Where each page spends its time in Python" in written and "tottime" in written
    document = json.loads(figures.read_text())
    pages = {page["key"]: page for page in document["pages"] if not page["skipped"]}
    assert {"home", "claims", "claim", "scorecard", "leaderboard", "source", "admin_claims"} <= set(pages)
    for page in pages.values():
        assert page["requests"] == 2 and page["queries"] >= 1 and page["rows_read"] >= 1
        assert 0 < page["median_ms"] <= page["p95_ms"]


def test_bench__skips_a_page_whose_url_does_not_resolve(client):
    result = measure.measure_page(
        client, measure.Page("x", "Nowhere", "/no/such/page/"), requests=1, warmup=0, budget_s=1
    )
    assert result.skipped == "the URL does not resolve (not built yet)"


def test_percentile__is_the_nearest_rank():
    values = list(range(1, 101))
    assert measure.percentile(values, 95) == 95
    assert measure.percentile([3.0, 1.0, 2.0], 95) == 3.0
    assert measure.percentile([5.0], 50) == 5.0
    assert math.isnan(measure.percentile([], 95))


def test_rows_read__sums_what_each_scan_read_times_its_loops():
    index_scan = {"Node Type": "Bitmap Index Scan", "Index Name": "b_idx", "Actual Rows": 5, "Actual Loops": 10}
    heap_scan = {
        "Node Type": "Bitmap Heap Scan",
        "Relation Name": "b",
        "Actual Rows": 4,
        "Rows Removed by Index Recheck": 1,
        "Actual Loops": 10,
        "Plans": [index_scan],
    }
    seq_scan = {"Node Type": "Seq Scan", "Relation Name": "a", "Actual Rows": 10, "Rows Removed by Filter": 90}
    plan = {
        "Node Type": "Nested Loop",
        "Actual Rows": 40,
        "Actual Loops": 1,
        "Plans": [{**seq_scan, "Actual Loops": 1}, heap_scan],
    }
    assert measure.rows_read(plan) == 100 + 50


def _rows(statement: str, params: dict) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall()


def test_bare_sql__computes_the_leaderboard_the_page_shows(tiny):
    """The ratio is honest only if the bare SQL computes the same figures in the same order."""
    board = scorecards.leaderboard()
    rows = _rows(measure.LEADERBOARD_SQL[0], {})
    assert [row[2] for row in rows] == [card.commentator.slug for card in board]
    for row, card in zip(rows, board, strict=True):
        _, _, _, claims, scored, hit_rate, low, brier_n, brier = row
        assert claims == card.counts["claims"] and scored == card.scored and brier_n == card.brier_n
        if card.hit_rate:
            assert float(hit_rate) == pytest.approx(card.hit_rate.rate)
            assert float(low) == pytest.approx(card.hit_rate.low)
        if card.brier is not None:
            assert brier == pytest.approx(card.brier)


def test_bare_sql__computes_the_scorecard_the_page_shows(tiny):
    commentator = max(Commentator.objects.all(), key=lambda item: item.claims.count())
    card = scorecards.scorecard(commentator)
    params = {"id": commentator.pk}
    with connection.cursor() as cursor:
        cursor.execute(measure._COUNTS, params)
        counts = dict(zip([column.name for column in cursor.description], cursor.fetchone(), strict=True))
    assert counts == card.counts, "the bare SQL no longer counts what the scorecard counts: update measure._COUNTS"
    scored, hits, brier_n, brier, log, discrimination = _rows(measure._FIGURES, params)[0]
    assert scored == card.hit_rate.n and float(hits) == pytest.approx(card.hit_rate.successes)
    assert brier_n == card.brier_n and brier == pytest.approx(card.brier)
    assert log == pytest.approx(card.log_score)
    assert discrimination == pytest.approx(card.discrimination)
    bins = {int(row[0]): row[1] for row in _rows(measure._CALIBRATION, params)}
    assert [bins.get(k, 0) for k in range(10)] == [b.n for b in card.calibration]
    history = _rows(measure._HISTORY, params)
    assert [(row[0], int(row[1])) for row in history] == [(point.date, point.n) for point in card.history]
    topics = _rows(measure._TOPICS, params)
    assert [(row[0], row[2]) for row in topics] == [(row.topic_slug, row.hit_rate.n) for row in card.topics]
    groups = commentator_claims(commentator)
    latest = _rows(measure._LATEST_BY_STATUS, params)
    assert sorted(row[0] for row in latest) == sorted(claim.pk for claims in groups.values() for claim in claims)


def _document(claims: int, median: float) -> dict:
    page = {"key": "home", "label": "Home", "skipped": "", "median_ms": median, "p95_ms": median * 2}
    ratio = {"label": "Leaderboard ÷ its bare SQL", "ratio": median / 10}
    return {"counts": {"claims": claims}, "pages": [{**page, "queries": 11, "rows_read": claims}], "ratios": [ratio]}


def test_bench_compare__puts_runs_side_by_side_smallest_first(tmp_path):
    paths = []
    for claims, median in ((100_000, 900.0), (1_000, 12.0)):
        paths.append(tmp_path / f"{claims}.json")
        paths[-1].write_text(json.dumps(_document(claims, median)))
    out = StringIO()
    call_command("bench", compare=paths, stdout=out)
    printed = out.getvalue()
    assert "| Page | 1,000 claims: median / p95 ms | 100,000 claims: median / p95 ms | Queries | Rows read |" in printed
    assert "| Home | 12.0 / 24.0 | 900 / 1,800 | 11 / 11 | 1,000 / 100,000 |" in printed
    assert "| Leaderboard ÷ its bare SQL | 1.20 | 90.00 | ≤ 1.5 |" in printed
