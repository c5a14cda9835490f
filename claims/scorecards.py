"""Scorecards, the leaderboard and evidence balance: the pure functions of claims.scoring, fed by a few queries.

Every figure is computed by claims.scoring; this module only gathers the plain values it needs
(outcomes, probabilities, dates, grades) in a fixed number of queries, whatever the size of the record.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Case, Count, FloatField, Q, QuerySet, Sum, Value, When

from claims import scoring
from claims.models import Claim, Commentator, Evidence, Topic
from claims.selectors import status_counts
from sources.models import Source


@dataclass(frozen=True)
class ScoreFilter:
    """Which claims a scorecard counts: those on a topic, made within a period."""

    topic: Topic | None = None
    made_from: datetime.date | None = None
    made_to: datetime.date | None = None

    def apply(self, claims: QuerySet[Claim], prefix: str = "") -> QuerySet[Claim]:
        conditions = Q()
        if self.topic is not None:
            conditions &= Q(**{f"{prefix}topics": self.topic})
        if self.made_from is not None:
            conditions &= Q(**{f"{prefix}made_on__gte": self.made_from})
        if self.made_to is not None:
            conditions &= Q(**{f"{prefix}made_on__lte": self.made_to})
        return claims.filter(conditions)

    def as_query(self) -> dict[str, str]:
        query = {}
        if self.topic is not None:
            query["topic"] = self.topic.slug
        if self.made_from is not None:
            query["from"] = self.made_from.isoformat()
        if self.made_to is not None:
            query["to"] = self.made_to.isoformat()
        return query


@dataclass
class TopicRow:
    topic_slug: str
    topic_name: str
    hit_rate: scoring.HitRate | None
    brier: float | None
    brier_n: int


@dataclass
class Scorecard:
    commentator: Commentator
    hit_rate: scoring.HitRate | None
    brier: float | None
    brier_n: int
    log_score: float | None
    calibration: list[scoring.CalibrationBin]
    murphy: scoring.Murphy | None
    discrimination: float | None
    counts: dict[str, int]
    history: list[scoring.HistoryPoint] = field(default_factory=list)
    topics: list[TopicRow] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.commentator.name

    @property
    def scored(self) -> int:
        return self.hit_rate.n if self.hit_rate else 0

    def as_json(self) -> dict:
        """Return the figures as the scorecard JSON documents them: unrounded, null where undefined."""
        rate = self.hit_rate
        return {
            "commentator": self.commentator.slug,
            "name": self.commentator.name,
            "scored": self.scored,
            "hit_rate": rate.rate if rate else None,
            "hit_rate_interval": [rate.low, rate.high] if rate else None,
            "brier": self.brier,
            "brier_n": self.brier_n,
            "log_score": self.log_score,
            "calibration": [
                {"from": b.low, "to": b.high, "n": b.n, "mean_p": b.mean_p, "observed": b.observed}
                for b in self.calibration
            ],
            "reliability": self.murphy.reliability if self.murphy else None,
            "resolution": self.murphy.resolution if self.murphy else None,
            "uncertainty": self.murphy.uncertainty if self.murphy else None,
            "discrimination": self.discrimination,
            "counts": self.counts,
        }


def _figures(commentator: Commentator, rows: list[tuple], counts: dict[str, int]) -> Scorecard:
    """Compute a commentator's figures from their (outcome, p, resolved_on) rows."""
    pairs = scoring.forecast_pairs((p, outcome) for outcome, p, _ in rows)
    history = scoring.score_history((resolved_on, outcome, p) for outcome, p, resolved_on in rows)
    return Scorecard(
        commentator=commentator,
        hit_rate=scoring.hit_rate(scoring.scored_outcome_values(outcome for outcome, _, _ in rows)),
        brier=scoring.brier_score(pairs),
        brier_n=len(pairs),
        log_score=scoring.log_score(pairs),
        calibration=scoring.calibration_bins(pairs),
        murphy=scoring.murphy_decomposition(pairs),
        discrimination=scoring.discrimination(pairs),
        counts=counts,
        history=history,
    )


COUNT_KEYS = (
    "open", "due", "resolved", "true", "false", "partly_true", "void", "void_condition_unmet", "retracted",
    "under_dispute",
)  # fmt: skip


def _counts(row: dict) -> dict[str, int]:
    return {"claims": row["claim_count"], **{key: row[f"{key}_count"] for key in COUNT_KEYS}}


def scorecards(commentators: Iterable[Commentator], filters: ScoreFilter = ScoreFilter()) -> list[Scorecard]:
    """Return the scorecard of each commentator, in two queries: their claim counts, and their scored claims."""
    commentators = list(commentators)
    counted = filters.apply(Claim.objects.filter(commentator__in=[commentator.pk for commentator in commentators]))
    counts = {
        row["commentator"]: row
        for row in counted.values("commentator").annotate(**status_counts()).order_by("commentator")
    }
    rows: dict[int, list[tuple]] = defaultdict(list)
    scored = counted.filter(outcome__in=scoring.OUTCOME_VALUES, retracted_at__isnull=True).values_list(
        "commentator", "outcome", "forecast_probability", "resolved_on"
    )
    for commentator_id, outcome, p, resolved_on in scored:
        rows[commentator_id].append((outcome, p, resolved_on))
    empty = dict.fromkeys(["claim_count", *(f"{key}_count" for key in COUNT_KEYS)], 0)
    return [
        _figures(commentator, rows[commentator.pk], _counts(counts.get(commentator.pk, empty)))
        for commentator in commentators
    ]


def scorecard(commentator: Commentator, filters: ScoreFilter = ScoreFilter()) -> Scorecard:
    """Return one commentator's scorecard, with the history over time and the per-topic table."""
    card = scorecards([commentator], filters)[0]
    claims = filters.apply(
        Claim.objects.filter(commentator=commentator, outcome__in=scoring.OUTCOME_VALUES, retracted_at__isnull=True)
    )
    by_topic: dict[tuple[str, str], list[tuple]] = defaultdict(list)
    for slug, name, outcome, p in claims.filter(topics__isnull=False).values_list(
        "topics__slug", "topics__name", "outcome", "forecast_probability"
    ):
        by_topic[slug, name].append((outcome, p))
    for (slug, name), topic_rows in sorted(by_topic.items(), key=lambda item: item[0][1]):
        pairs = scoring.forecast_pairs((p, outcome) for outcome, p in topic_rows)
        card.topics.append(
            TopicRow(
                topic_slug=slug,
                topic_name=name,
                hit_rate=scoring.hit_rate(scoring.scored_outcome_values(outcome for outcome, _ in topic_rows)),
                brier=scoring.brier_score(pairs),
                brier_n=len(pairs),
            )
        )
    return card


def leaderboard(filters: ScoreFilter = ScoreFilter()) -> list[Scorecard]:
    """Return every commentator with a claim in the filter's scope, in leaderboard order."""
    commentators = Commentator.objects.filter(pk__in=filters.apply(Claim.objects.all()).values("commentator"))
    return scoring.leaderboard_order(scorecards(commentators.order_by("name"), filters))


def claim_balance(claim: Claim) -> scoring.Balance:
    """Return the evidence balance of a claim whose evidence (with report and source) is already loaded.

    Evidence dated after the claim's resolution is left out: the balance runs up to the verdict.
    """
    items = [
        scoring.BalanceItem(
            date=item.report.published_on,
            stance=item.stance,
            reliability=item.report.source.reliability,
            credibility=item.report.credibility,
            original_id=item.report.repeats_id or item.report_id,
        )
        for item in claim.evidence.all()
        if claim.resolved_on is None or item.report.published_on <= claim.resolved_on
    ]
    return scoring.evidence_balance(items)


def source_track_record(source: Source) -> scoring.TrackRecord | None:
    """Return how often the source's reports pointed to the outcome of the claims they were attached to."""
    items = Evidence.objects.filter(
        report__source=source,
        stance__in=scoring.POINTING_STANCES,
        claim__outcome__in=("true", "false"),
        claim__retracted_at__isnull=True,
    ).values_list("stance", "claim__outcome", "report__published_on", "claim__resolved_on")
    return scoring.source_track_record(items)


@dataclass
class LeaderRow:
    commentator: Commentator
    hit_rate: scoring.HitRate | None

    @property
    def name(self) -> str:
        return self.commentator.name


def leaderboard_top(size: int = 5) -> list[LeaderRow]:
    """Return the first rows of the leaderboard, from one aggregating query and the top names.

    Only the hit rate orders the leaderboard, so n and Σo per commentator are enough: the home page
    does not compute every scorecard.
    """
    value = Case(
        *(When(outcome=outcome, then=Value(o)) for outcome, o in scoring.OUTCOME_VALUES.items()),
        output_field=FloatField(),
    )
    totals = (
        Claim.objects.live()
        .filter(outcome__in=scoring.OUTCOME_VALUES)
        .values("commentator")
        .annotate(n=Count("id"), successes=Sum(value))
        .order_by()
    )
    rates = {}
    for row in totals:
        low, high = scoring.wilson_interval(row["successes"], row["n"])
        rates[row["commentator"]] = scoring.HitRate(
            n=row["n"], successes=row["successes"], rate=row["successes"] / row["n"], low=low, high=high
        )
    # Order by the leaderboard's key before fetching names: names only break exact ties, so keep every
    # commentator tied with the last place.
    ordered = sorted(rates.items(), key=lambda item: (-item[1].low, -item[1].n))
    cut = ordered[:size]
    while (
        cut
        and len(cut) < len(ordered)
        and (ordered[len(cut)][1].low, ordered[len(cut)][1].n)
        == (
            cut[-1][1].low,
            cut[-1][1].n,
        )
    ):
        cut.append(ordered[len(cut)])
    commentators = Commentator.objects.in_bulk([pk for pk, _ in cut])
    rows = [LeaderRow(commentators[pk], rate) for pk, rate in cut if pk in commentators]
    return scoring.leaderboard_order(rows)[:size]
