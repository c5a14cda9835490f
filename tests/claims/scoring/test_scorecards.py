"""Scorecards end to end: factories in, pages and JSON out, compared with an independent computation.

The references are scikit-learn (brier_score_loss, log_loss) and statsmodels
(proportion_confint, method="wilson"), computed here from the claims as the test made them.
"""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from sklearn.metrics import brier_score_loss, log_loss
from statsmodels.stats.proportion import proportion_confint

from claims.models import Claim, Commentator
from claims.services import claim_resolve
from tests.factories import (
    ClaimFactory,
    CommentatorFactory,
    EvidenceFactory,
    ReportFactory,
    SourceFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

DAY = datetime.date
MARCH_2016, END_OF_APRIL_2019 = DAY(2016, 3, 1), DAY(2019, 4, 30)


def resolved_claim(commentator, outcome, *, probability=None, words="", made=MARCH_2016, on=END_OF_APRIL_2019):
    claim = ClaimFactory(
        commentator=commentator, probability=probability, estimative_words=words, made_on=made, resolve_by=None
    )
    evidence = EvidenceFactory(claim=claim)
    claim_resolve(claim=claim, outcome=outcome, resolved_on=on, rationale="r", cited_evidence=[evidence])
    return claim


@pytest.fixture
def record():
    """One commentator with every kind of claim the definitions treat differently."""
    commentator = CommentatorFactory(name="Forecaster", slug="forecaster")
    sanctions = TopicFactory(slug="sanctions")
    made = [
        resolved_claim(commentator, "true", probability=0.8, on=DAY(2018, 1, 1)),
        resolved_claim(commentator, "false", probability=0.3, on=DAY(2018, 6, 1)),
        resolved_claim(commentator, "true", words="probable", on=DAY(2019, 1, 1)),  # Kent: 0.75
        resolved_claim(commentator, "false", probability=0.9, made=DAY(2017, 5, 1)),
        resolved_claim(commentator, "partly_true", probability=0.6),  # hit rate only
        resolved_claim(commentator, "false"),  # no probability: hit rate only
        resolved_claim(commentator, "void", probability=0.99),  # not scored
    ]
    for claim in made[:3]:
        claim.topics.add(sanctions)
    ClaimFactory(commentator=commentator, probability=0.7, resolve_by=DAY(2099, 1, 1))  # open: not scored
    return commentator


def reference(pairs: list[tuple[float, int]], outcomes: list[float]) -> dict:
    """Compute the figures with scikit-learn and statsmodels, independently of claims.scoring."""
    probabilities, truths = [p for p, _ in pairs], [o for _, o in pairs]
    clamped = [min(max(p, 0.01), 0.99) for p in probabilities]
    low, high = proportion_confint(sum(outcomes), len(outcomes), alpha=0.05, method="wilson")
    return {
        "hit_rate": sum(outcomes) / len(outcomes),
        "hit_rate_interval": [low, high],
        "brier": brier_score_loss(truths, probabilities),
        "log_score": -log_loss(truths, clamped, labels=[0, 1]),
    }


def test_scorecard_json__matches_scikit_learn_and_statsmodels(client, record):
    data = client.get(reverse("claims:scorecard_json", kwargs={"slug": "forecaster"})).json()
    expected = reference(pairs=[(0.8, 1), (0.3, 0), (0.75, 1), (0.9, 0)], outcomes=[1, 0, 1, 0, 0.5, 0])
    assert data["commentator"] == "forecaster"
    assert data["scored"] == 6
    assert data["brier_n"] == 4
    assert data["hit_rate"] == pytest.approx(expected["hit_rate"], rel=1e-12)
    assert data["hit_rate_interval"] == pytest.approx(expected["hit_rate_interval"], rel=1e-9)
    assert data["brier"] == pytest.approx(expected["brier"], rel=1e-12)
    assert data["log_score"] == pytest.approx(expected["log_score"], rel=1e-12)
    # Discrimination by hand: mean p when true (0.8 + 0.75) / 2 = 0.775, when false (0.3 + 0.9) / 2 = 0.6.
    assert data["discrimination"] == pytest.approx(0.175, rel=1e-12)
    filled = {(row["from"], row["to"]): row for row in data["calibration"] if row["n"]}
    assert filled.keys() == {(0.3, 0.4), (0.7, 0.8), (0.8, 0.9), (0.9, 1.0)}
    assert filled[0.7, 0.8] == {"from": 0.7, "to": 0.8, "n": 1, "mean_p": 0.75, "observed": 1.0}
    assert data["counts"] == {
        "claims": 8, "open": 1, "due": 0, "resolved": 7, "true": 2, "false": 3, "partly_true": 1, "void": 1,
        "retracted": 0, "void_condition_unmet": 0, "under_dispute": 0,
    }  # fmt: skip
    # Murphy over these four single-member bins: reliability = mean (p - o)² = Brier, resolution = mean (o - 0.5)².
    assert data["reliability"] == pytest.approx(expected["brier"], rel=1e-12)
    assert data["resolution"] == pytest.approx(0.25, rel=1e-12)
    assert data["uncertainty"] == pytest.approx(0.25, rel=1e-12)


def test_scorecard_json__narrows_to_a_topic_and_a_period(client, record):
    url = reverse("claims:scorecard_json", kwargs={"slug": "forecaster"})
    on_topic = client.get(url, {"topic": "sanctions"}).json()
    expected = reference(pairs=[(0.8, 1), (0.3, 0), (0.75, 1)], outcomes=[1, 0, 1])
    assert (on_topic["scored"], on_topic["brier"]) == (3, pytest.approx(expected["brier"], rel=1e-12))
    in_2017 = client.get(url, {"from": "2017-01-01", "to": "2017-12-31"}).json()
    assert (in_2017["scored"], in_2017["hit_rate"], in_2017["brier"]) == (1, 0.0, pytest.approx(0.81))


def test_scorecard_json__is_null_where_a_figure_is_undefined(client):
    commentator = CommentatorFactory(slug="quiet")
    resolved_claim(commentator, "void")
    data = client.get(reverse("claims:scorecard_json", kwargs={"slug": "quiet"})).json()
    assert data["scored"] == 0
    for name in ("hit_rate", "hit_rate_interval", "brier", "log_score", "reliability", "discrimination"):
        assert data[name] is None, name
    assert all(row["n"] == 0 and row["mean_p"] is None for row in data["calibration"])


@pytest.mark.parametrize(
    ("query", "field"),
    [({"from": "soon"}, "from"), ({"topic": "nope"}, "topic"), ({"from": "2019-01-02", "to": "2019-01-01"}, "to")],
)
def test_scorecard_json__refuses_bad_filters_with_400(client, record, query, field):
    response = client.get(reverse("claims:scorecard_json", kwargs={"slug": "forecaster"}), query)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_scorecard_json__answers_404_for_an_unknown_commentator(client):
    assert client.get(reverse("claims:scorecard_json", kwargs={"slug": "nobody"})).status_code == 404


def test_leaderboard__orders_by_wilson_lower_bound_then_n_with_the_unscored_last(client):
    lucky, steady, tied_bigger, silent = (
        CommentatorFactory(name=name) for name in ("Lucky", "Steady", "Tied", "Silent")
    )
    for _ in range(2):
        resolved_claim(lucky, "true")  # 2/2: high rate, wide interval
    for outcome in ["true"] * 16 + ["false"] * 4:
        resolved_claim(steady, outcome)  # 16/20
    tied_small = CommentatorFactory(name="Also tied")
    for outcome in ["true"] * 8 + ["false"] * 2:
        resolved_claim(tied_small, outcome)  # 8/10: same rate as steady, wider interval
    for outcome in ["true"] * 2:
        resolved_claim(tied_bigger, outcome)  # 2/2, same lower bound as Lucky, same n: name decides
    ClaimFactory(commentator=silent)
    rows = client.get(reverse("claims:leaderboard_json")).json()["rows"]
    names = [row["name"] for row in rows]
    lower_bounds = {row["name"]: row["hit_rate_interval"][0] for row in rows if row["hit_rate_interval"]}
    assert lower_bounds["Steady"] == pytest.approx(proportion_confint(16, 20, method="wilson")[0], rel=1e-9)
    assert lower_bounds["Lucky"] == pytest.approx(proportion_confint(2, 2, method="wilson")[0], rel=1e-9)
    assert names == ["Steady", "Also tied", "Lucky", "Tied", "Silent"]
    page = client.get(reverse("claims:leaderboard")).content.decode()
    assert page.index("Steady") < page.index("Also tied") < page.index("Lucky") < page.index("Silent")
    assert "n = 20" in page


def test_leaderboard__narrows_to_a_topic(client, record):
    other = CommentatorFactory(name="Other")
    resolved_claim(other, "true")
    rows = client.get(reverse("claims:leaderboard_json"), {"topic": "sanctions"}).json()["rows"]
    assert [(row["name"], row["scored"]) for row in rows] == [("Forecaster", 3)]


def make_commentators(number: int) -> None:
    topic = TopicFactory()
    for index in range(number):
        commentator = CommentatorFactory()
        for outcome in ("true", "false", "partly_true"):
            resolved_claim(commentator, outcome, probability=0.1 * (index % 10)).topics.add(topic)
        ClaimFactory(commentator=commentator)


@pytest.mark.parametrize("number", [2, 12])
def test_score_pages__run_a_fixed_number_of_queries(client, django_assert_max_num_queries, number):
    make_commentators(number)
    commentator = Commentator.objects.order_by("pk").first()
    for url, most in [
        (reverse("claims:leaderboard"), 5),
        (reverse("claims:leaderboard_json"), 5),
        (reverse("claims:scorecard_json", kwargs={"slug": commentator.slug}), 5),
        (commentator.get_absolute_url(), 8),
        (reverse("claims:home"), 10),
    ]:
        with django_assert_max_num_queries(most):
            assert client.get(url).status_code == 200


def test_commentator_page__shows_the_figures_with_n_and_interval(client, record):
    page = client.get(reverse("claims:commentator_detail", kwargs={"slug": "forecaster"})).content.decode()
    low, high = proportion_confint(2.5, 6, method="wilson")
    assert f"95% interval {round(low * 100)}–{round(high * 100)}%, n = 6" in page
    assert "Calibration" in page and "<svg" in page
    assert "Sanctions" in page or "Topic" in page


def test_claim_page__shows_the_evidence_balance_and_lean(client):
    claim = ClaimFactory(resolve_by=DAY(2019, 3, 31))
    a_grade, c_grade = SourceFactory(reliability="A"), SourceFactory(reliability="C")
    original = ReportFactory(source=a_grade, credibility=1, published_on=DAY(2017, 1, 1))
    repeat = ReportFactory(source=c_grade, credibility=2, published_on=DAY(2017, 2, 1), repeats=original)
    against = ReportFactory(source=c_grade, credibility=3, published_on=DAY(2018, 1, 1))
    background = ReportFactory(source=a_grade, credibility=1, published_on=DAY(2016, 6, 1))
    EvidenceFactory(claim=claim, report=original, stance="supports")
    EvidenceFactory(claim=claim, report=repeat, stance="supports")  # the same story: counted once
    EvidenceFactory(claim=claim, report=against, stance="contradicts")
    EvidenceFactory(claim=claim, report=background, stance="context")
    response = client.get(claim.get_absolute_url())
    balance = response.context["balance"]
    # By hand: +1.0 x 1.0 (A1) - 0.6 x 0.6 (C3) = 0.64; lean = 0.64 / (1.0 + 0.36) = 0.470588...
    assert balance.total == pytest.approx(0.64)
    assert balance.lean == pytest.approx(0.64 / 1.36)
    assert [total for _, total in balance.points] == pytest.approx([0.0, 1.0, 0.64])
    page = response.content.decode()
    assert "Lean: <strong>0.47</strong>" in page
    assert "deadline" in page and "<svg" in page


def test_source_page__shows_its_track_record(client):
    source = SourceFactory(slug="daily-nk")
    for outcome, stance in [("true", "supports"), ("false", "contradicts"), ("false", "supports"), ("true", "context")]:
        claim = resolved_claim(CommentatorFactory(), outcome, on=DAY(2019, 1, 31))
        EvidenceFactory(claim=claim, stance=stance, report=ReportFactory(source=source, published_on=DAY(2019, 1, 1)))
    record = client.get(reverse("sources:source_detail", kwargs={"slug": "daily-nk"})).context["track_record"]
    low, high = proportion_confint(2, 3, method="wilson")
    assert (record.n, record.right) == (3, 2)
    assert (record.low, record.high) == (pytest.approx(low, rel=1e-9), pytest.approx(high, rel=1e-9))
    assert record.median_days_ahead == 30


def test_demo_scorecards__match_an_independent_computation(client):
    call_command("load_demo")
    for commentator in Commentator.objects.all():
        data = client.get(reverse("claims:scorecard_json", kwargs={"slug": commentator.slug})).json()
        outcomes = {"true": 1.0, "false": 0.0, "partly_true": 0.5}
        claims = Claim.objects.filter(commentator=commentator, outcome__in=outcomes)
        values = [outcomes[claim.outcome] for claim in claims]
        assert data["scored"] == len(values)
        if values:
            low, high = proportion_confint(sum(values), len(values), method="wilson")
            assert data["hit_rate"] == pytest.approx(sum(values) / len(values), rel=1e-12)
            assert data["hit_rate_interval"] == pytest.approx([low, high], rel=1e-9)
        page = client.get(commentator.get_absolute_url())
        assert page.status_code == 200


def test_leaderboard_top__equals_the_head_of_the_full_leaderboard(client):
    from claims.scoring.scorecards import leaderboard, leaderboard_top

    for index in range(7):
        commentator = CommentatorFactory(name=f"C{index}")
        for outcome in ["true"] * (index + 1) + ["false"] * (7 - index) + ["partly_true"] * (index % 3):
            resolved_claim(commentator, outcome)
    ClaimFactory(commentator=CommentatorFactory(name="Nothing scored"))
    full = [(card.name, card.hit_rate) for card in leaderboard() if card.hit_rate][:5]
    top = [(row.name, row.hit_rate) for row in leaderboard_top(5)]
    assert [name for name, _ in top] == [name for name, _ in full]
    for (_, mine), (_, theirs) in zip(top, full, strict=True):
        assert (mine.n, mine.successes) == (theirs.n, theirs.successes)
        assert mine.low == pytest.approx(theirs.low, rel=1e-12)
