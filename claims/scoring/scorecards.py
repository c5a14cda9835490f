"""Scorecards, the leaderboard and evidence balance: the pure functions of claims.scoring, fed by a few queries.

Every figure is computed by claims.scoring; this module only gathers the plain values it needs
(outcomes, probabilities, dates, grades) in a fixed number of queries, whatever the size of the record.
"""

import dataclasses
import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, F, FloatField, Func, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce, Collate, Lower
from django.template.loader import render_to_string
from django.utils import timezone

from claims.models import Claim, Commentator, CommentatorFigures, Evidence, Topic
from claims.scoring import charts, figures
from claims.scoring import formulas as scoring
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
    history_step: str = "date"  # "month" or "year" when the history keeps the last point of each (charts.by_period)
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


def _figures(commentator: Commentator, rows: list[tuple], counts: dict[str, int], *, history: bool) -> Scorecard:
    """Compute a commentator's figures from their (outcome, p, resolved_on) rows."""
    pairs = scoring.forecast_pairs((p, outcome) for outcome, p, _ in rows)
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
        history=scoring.score_history((day, outcome, p) for outcome, p, day in rows) if history else [],
    )


COUNT_KEYS = (
    "open", "due", "resolved", "true", "false", "partly_true", "void", "void_condition_unmet", "retracted",
    "under_dispute",
)  # fmt: skip


def _counts(row: dict) -> dict[str, int]:
    return {"claims": row["claim_count"], **{key: row[f"{key}_count"] for key in COUNT_KEYS}}


def scorecards(
    commentators: Iterable[Commentator], filters: ScoreFilter = ScoreFilter(), *, history: bool = True
) -> list[Scorecard]:
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
        _figures(commentator, rows[commentator.pk], _counts(counts.get(commentator.pk, empty)), history=history)
        for commentator in commentators
    ]


def scorecard(commentator: Commentator, filters: ScoreFilter = ScoreFilter(), *, detail: bool = True) -> Scorecard:
    """Return one commentator's scorecard; with detail, the history over time (as charts.by_period shows it)
    and the per-topic table too.

    Cached, keyed on the commentator's figures token (a new one on every change to their claims, topics or
    disputes), the day (open and due depend on it), the filters and the detail.
    """
    scope = urlencode(sorted(filters.as_query().items()))
    key = f"scorecard:{commentator.pk}:{timezone.localdate()}:{scope}:{'detail' if detail else 'figures'}"
    token = figures.commentator_token(commentator.pk)
    card = figures.cached(key, token, lambda: _scorecard(commentator, filters, detail))
    return dataclasses.replace(card, commentator=commentator)


def _scorecard(commentator: Commentator, filters: ScoreFilter, detail: bool) -> Scorecard:
    card = scorecards([commentator], filters, history=detail)[0]
    if not detail:
        return card
    card.history, card.history_step = charts.by_period(card.history, date_of=lambda point: point.date)
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


def claim_balance(claim: Claim) -> tuple[scoring.Balance, int]:
    """Return the evidence balance of a claim, and how many evidence items it has, from one query of plain values.

    Evidence dated after the claim's resolution is left out: the balance runs up to the verdict.
    """
    rows = Evidence.objects.filter(claim=claim).order_by("report__published_on", "report_id").values_list(
        "report__published_on", "stance", "report__source__reliability", "report__credibility", "report__repeats",
        "report",
    )  # fmt: skip
    rows = list(rows)
    items = [
        scoring.BalanceItem(
            date=published_on,
            stance=stance,
            reliability=reliability,
            credibility=credibility,
            original_id=repeats_id or report_id,
        )  # fmt: skip
        for published_on, stance, reliability, credibility, repeats_id, report_id in rows
        if claim.resolved_on is None or published_on <= claim.resolved_on
    ]
    return scoring.evidence_balance(items), len(rows)


def source_track_record(source: Source) -> scoring.TrackRecord | None:
    """Return how often the source's reports pointed to the outcome of the claims they were attached to.

    Cached, keyed on the source's figures token: a new one with every change to its reports, their evidence
    or the verdicts of the claims they bear on.
    """
    token = figures.source_token(source.pk)
    return figures.cached(f"track-record:{source.pk}", token, lambda: _source_track_record(source))


def source_track_record_panel(source: Source) -> str:
    """Return the source page's panel: how often its reports pointed to the verdict, and how early."""
    return render_to_string("claims/_source_track_record.html", {"track_record": source_track_record(source)})


def _source_track_record(source: Source) -> scoring.TrackRecord | None:
    items = Evidence.objects.filter(
        report__source=source,
        stance__in=scoring.POINTING_STANCES,
        claim__outcome__in=("true", "false"),
        claim__retracted_at__isnull=True,
    ).values_list("stance", "claim__outcome", "report__published_on", "claim__resolved_on")
    return scoring.source_track_record(items)


LEADERBOARD_PAGE_SIZE = 50


@dataclass
class LeaderRow:
    """What the leaderboard shows of a commentator: the hit rate with its interval, the Brier score, claims."""

    commentator: Commentator
    hit_rate: scoring.HitRate | None
    brier: float | None
    brier_n: int
    claims: int

    @property
    def name(self) -> str:
        return self.commentator.name


def _live_sums(filters: ScoreFilter) -> QuerySet:
    """Return the leaderboard sums of each commentator over the claims the filters keep, from the claims."""
    live = Q(retracted_at__isnull=True)
    scored = live & Q(outcome__in=scoring.OUTCOME_VALUES)
    in_brier = live & Q(outcome__in=("true", "false"), forecast_probability__isnull=False)
    value = Case(
        *(When(outcome=outcome, then=Value(o)) for outcome, o in scoring.OUTCOME_VALUES.items()),
        output_field=FloatField(),
    )
    truth = Case(When(outcome="true", then=Value(1.0)), default=Value(0.0), output_field=FloatField())
    return (
        filters.apply(Claim.objects.all())
        .values("commentator")
        .annotate(
            claims=Count("id", filter=live),
            retracted=Count("id", filter=~live),
            scored=Count("id", filter=scored),
            successes=Coalesce(Sum(value, filter=scored), 0.0),
            brier_n=Count("id", filter=in_brier),
            brier_sum=Coalesce(Sum((F("forecast_probability") - truth) ** Value(2.0), filter=in_brier), 0.0),
        )
        .annotate(wilson_low=Func(F("successes"), F("scored"), function="claims_wilson_low", output_field=FloatField()))
    )


def _sums(filters: ScoreFilter) -> QuerySet:
    """Return each commentator's leaderboard sums in leaderboard order (as claims.scoring.leaderboard_key).

    Unfiltered, they are read from CommentatorFigures (kept by triggers); narrowed to a topic or period,
    they are aggregated from the claims, which costs a scan of the claims in scope.
    """
    if filters == ScoreFilter():
        with_claims = CommentatorFigures.objects.filter(Q(claims__gt=0) | Q(retracted__gt=0))
        sums = with_claims.values("commentator", *figures.SUM_FIELDS)
    else:
        sums = _live_sums(filters)
    return sums.order_by(
        F("wilson_low").desc(nulls_last=True),
        F("scored").desc(),
        Collate(Lower("commentator__name"), "C"),
        Collate("commentator__name", "C"),
    )


def _leader_rows(sums: list[dict]) -> list[LeaderRow]:
    commentators = Commentator.objects.in_bulk([row["commentator"] for row in sums])
    rows = []
    for row in sums:
        rows.append(
            LeaderRow(
                commentator=commentators[row["commentator"]],
                hit_rate=scoring.hit_rate_from_sums(row["successes"], row["scored"]),
                brier=row["brier_sum"] / row["brier_n"] if row["brier_n"] else None,
                brier_n=row["brier_n"],
                claims=row["claims"],
            )
        )
    return rows


def leaderboard_page(
    filters: ScoreFilter = ScoreFilter(), number: int | str | None = 1
) -> tuple[Page, list[LeaderRow]]:
    """Return one page of the leaderboard (LEADERBOARD_PAGE_SIZE rows) and its rows, in three queries."""
    page = Paginator(_sums(filters), LEADERBOARD_PAGE_SIZE).get_page(number)
    return page, _leader_rows(list(page.object_list))


def leaderboard_json(filters: ScoreFilter = ScoreFilter(), number: int | str | None = 1) -> dict:
    """Return one page of the leaderboard with the full scorecard figures of each row."""
    page, rows = leaderboard_page(filters, number)
    cards = scorecards([row.commentator for row in rows], filters, history=False)
    return {
        "filters": filters.as_query(),
        "page": page.number,
        "pages": page.paginator.num_pages,
        "count": page.paginator.count,
        "rows": [card.as_json() for card in cards],
    }


def leaderboard_top(size: int = 5) -> list[LeaderRow]:
    """Return the first rows of the leaderboard that have a hit rate, from CommentatorFigures."""
    sums = _sums(ScoreFilter()).filter(scored__gt=0)[:size]
    return _leader_rows(list(sums))
