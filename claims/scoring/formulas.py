"""The numbers of a scorecard, as pure functions over plain values: each formula written once.

Nothing here touches the database. A selector gathers the values with one aggregating query and
passes them in: outcomes as their stored strings ("true", "false", "partly_true", "void"),
probabilities as floats in [0, 1], pairs as (p, o) with o 1.0 for true and 0.0 for false.
The definitions are those of the "Numbers" section of PRODUCT.md and of issue 4.
"""

import datetime
import math
import statistics
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple, Protocol

# The 97.5th percentile of the standard normal distribution: a two-sided 95% interval.
Z_95 = 1.959963984540054

# Outcome value o. Void (and an unresolved claim, outcome "") is absent: it is not scored.
OUTCOME_VALUES: dict[str, float] = {"true": 1.0, "false": 0.0, "partly_true": 0.5}

LOG_SCORE_CLAMP = (0.01, 0.99)
CALIBRATION_BIN_COUNT = 10

# Admiralty scale: a source's reliability grade (A-F) and a report's credibility grade (1-6).
# The "cannot be judged" grades (F, 6) weigh as much as a coin toss, between C and D.
RELIABILITY_WEIGHTS: dict[str, float] = {"A": 1.0, "B": 0.8, "C": 0.6, "D": 0.4, "E": 0.2, "F": 0.5}
CREDIBILITY_WEIGHTS: dict[int, float] = {1: 1.0, 2: 0.8, 3: 0.6, 4: 0.4, 5: 0.2, 6: 0.5}
STANCE_SIGN: dict[str, int] = {"supports": 1, "contradicts": -1, "mixed": 0, "context": 0}
POINTING_STANCES = ("supports", "contradicts")


# --- Outcomes and hit rate -----------------------------------------------------------------------


def outcome_value(outcome: str) -> float | None:
    """Return the outcome value o (true 1, false 0, partly true 0.5), or None when not scored."""
    return OUTCOME_VALUES.get(outcome)


def scored_outcome_values(outcomes: Iterable[str]) -> list[float]:
    """Return the outcome values of the scored outcomes, dropping void and unresolved ones."""
    return [value for value in map(outcome_value, outcomes) if value is not None]


def forecast_pairs(forecasts: Iterable[tuple[float | None, str]]) -> list[tuple[float, float]]:
    """Return (p, o) for claims resolved true or false that carry a probability p.

    Partly-true claims count in the hit rate only, so they are left out here, as are claims with
    no probability and claims not scored.
    """
    return [(p, OUTCOME_VALUES[outcome]) for p, outcome in forecasts if p is not None and outcome in ("true", "false")]


def wilson_interval(successes: float, trials: int, z: float = Z_95) -> tuple[float, float] | None:
    """Return the Wilson score interval for successes out of trials, or None with no trials.

    With p̂ = successes / trials and n = trials:
        centre = (p̂ + z²/2n) / (1 + z²/n)
        half   = z √(p̂(1 − p̂)/n + z²/4n²) / (1 + z²/n)
    The bounds are centre ∓ half, clamped to [0, 1] against rounding. Successes may be
    fractional: a partly-true claim counts 0.5. With no successes the low bound is exactly 0,
    and with all successes the high bound exactly 1 (as the algebra gives; rounding would
    otherwise rank 0 of 3 above 0 of 10 on the leaderboard).
    """
    if trials < 0 or not 0 <= successes <= trials:
        raise ValueError(f"Need 0 <= successes <= trials, got {successes} of {trials}.")
    if trials == 0:
        return None
    n = trials
    p_hat = successes / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p_hat + z2 / (2 * n)) / denominator
    half = z * math.sqrt(p_hat * (1 - p_hat) / n + z2 / (4 * n * n)) / denominator
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == trials else min(1.0, centre + half)
    return low, high


@dataclass(frozen=True)
class HitRate:
    n: int
    successes: float
    rate: float
    low: float
    high: float


def hit_rate(outcome_values: Sequence[float]) -> HitRate | None:
    """Return the hit rate Σo / n with its Wilson 95% interval, or None when nothing is scored."""
    values = list(outcome_values)
    return hit_rate_from_sums(math.fsum(values), len(values))


def hit_rate_from_sums(successes: float, n: int) -> HitRate | None:
    """Return the hit rate of n scored claims whose outcome values sum to successes, or None when n is 0."""
    if not n:
        return None
    low, high = wilson_interval(successes, n)
    return HitRate(n=n, successes=successes, rate=successes / n, low=low, high=high)


@dataclass(frozen=True)
class HistoryPoint:
    date: datetime.date
    n: int
    hit_rate: float
    brier_n: int
    brier: float | None


def score_history(items: Iterable[tuple[datetime.date, str, float | None]]) -> list[HistoryPoint]:
    """Return the hit rate and Brier score as they stood after each date on which claims were resolved.

    items are (resolved_on, outcome, p or None); unscored outcomes are skipped. Each point is what
    hit_rate and brier_score give over the claims resolved up to and including that date, kept as
    running sums so that a long record costs one pass.
    """
    points: list[HistoryPoint] = []
    n, successes, brier_n, squared = 0, 0.0, 0, 0.0
    for date, outcome, p in sorted(items, key=lambda item: item[0]):
        value = outcome_value(outcome)
        if value is None:
            continue
        n += 1
        successes += value
        if p is not None and outcome in ("true", "false"):
            if not 0.0 <= p <= 1.0:
                raise ValueError(f"A probability is between 0 and 1, got {p}.")
            brier_n += 1
            squared += (p - value) ** 2
        point = HistoryPoint(date, n, successes / n, brier_n, squared / brier_n if brier_n else None)
        if points and points[-1].date == date:
            points[-1] = point
        else:
            points.append(point)
    return points


# --- Probability scores --------------------------------------------------------------------------


def _checked_pairs(pairs: Iterable[tuple[float, float]]) -> list[tuple[float, float]]:
    """Return the pairs as a list, refusing a p outside [0, 1] or an o other than 0 or 1."""
    checked = list(pairs)
    for p, o in checked:
        if not 0.0 <= p <= 1.0:
            raise ValueError(f"A probability is between 0 and 1, got {p}.")
        if o not in (0.0, 1.0):
            raise ValueError(f"An outcome scored by probability is 0 or 1, got {o}.")
    return checked


def brier_score(pairs: Sequence[tuple[float, float]]) -> float | None:
    """Return the Brier score, mean (p − o)², or None with no pairs (0 is best, 0.25 always says 50%)."""
    checked = _checked_pairs(pairs)
    if not checked:
        return None
    return math.fsum((p - o) ** 2 for p, o in checked) / len(checked)


def log_score(pairs: Sequence[tuple[float, float]], clamp: tuple[float, float] = LOG_SCORE_CLAMP) -> float | None:
    """Return the log score, mean ln(p′) if o = 1 else ln(1 − p′), p′ = p clamped; None with no pairs.

    Higher is better and 0 is perfect; the clamp keeps a confident miss (p = 0 or 1) finite.
    """
    checked = _checked_pairs(pairs)
    if not checked:
        return None
    low, high = clamp
    clamped = [(min(max(p, low), high), o) for p, o in checked]
    return math.fsum(math.log(p if o == 1.0 else 1.0 - p) for p, o in clamped) / len(clamped)


@dataclass(frozen=True)
class CalibrationBin:
    low: float
    high: float
    n: int
    mean_p: float | None
    observed: float | None


def calibration_bin_index(p: float) -> int:
    """Return the calibration bin of p: k for [k/10, (k+1)/10), and 9 for p = 1.0.

    The bin is taken from p's shortest decimal form, the number as entered. The float stored for
    0.3 is 0.29999999999999998889…, just below 0.3, and an edge built as 3 × 0.1 is
    0.30000000000000004, just above; neither may move 0.3 out of [0.3, 0.4).
    """
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"A probability is between 0 and 1, got {p}.")
    return min(int(Decimal(repr(p)) * CALIBRATION_BIN_COUNT), CALIBRATION_BIN_COUNT - 1)


def calibration_bins(pairs: Sequence[tuple[float, float]]) -> list[CalibrationBin]:
    """Return the ten unfolded bins of p, each with n, mean p and observed frequency of o = 1.

    Bins are [0.0, 0.1), [0.1, 0.2) … [0.9, 1.0], p = 1.0 in the last. An empty bin has n 0 and
    mean_p and observed None. A bin is plotted at its mean p, not at its edge.
    """
    members: list[list[tuple[float, float]]] = [[] for _ in range(CALIBRATION_BIN_COUNT)]
    for p, o in _checked_pairs(pairs):
        members[calibration_bin_index(p)].append((p, o))
    bins = []
    for k, pairs_in_bin in enumerate(members):
        n = len(pairs_in_bin)
        bins.append(
            CalibrationBin(
                low=k / CALIBRATION_BIN_COUNT,
                high=(k + 1) / CALIBRATION_BIN_COUNT,
                n=n,
                mean_p=math.fsum(p for p, _ in pairs_in_bin) / n if n else None,
                observed=math.fsum(o for _, o in pairs_in_bin) / n if n else None,
            )
        )
    return bins


@dataclass(frozen=True)
class Murphy:
    n: int
    reliability: float
    resolution: float
    uncertainty: float


def murphy_decomposition(pairs: Sequence[tuple[float, float]]) -> Murphy | None:
    """Return the Murphy decomposition of the Brier score over the ten calibration bins, or None.

    With N pairs, ō the overall frequency of o = 1, and for bin k its count n_k, mean p p̄_k and
    frequency ō_k:
        reliability = Σ n_k (p̄_k − ō_k)² / N     (0 is best)
        resolution  = Σ n_k (ō_k − ō)² / N       (higher is better)
        uncertainty = ō (1 − ō)
    Brier = reliability − resolution + uncertainty holds exactly only when every p in a bin is
    equal. Binning otherwise leaves out the within-bin terms
        Σ_k Σ_(i in k) [(p_i − p̄_k)² − 2 (p_i − p̄_k)(o_i − ō_k)] / N
    (Stephenson, Coelho and Jolliffe, 2008), so the three parts need not add up to the Brier score.
    """
    bins = calibration_bins(pairs)
    total = sum(calibration_bin.n for calibration_bin in bins)
    if total == 0:
        return None
    filled = [calibration_bin for calibration_bin in bins if calibration_bin.n]
    o_bar = math.fsum(b.n * b.observed for b in filled) / total
    return Murphy(
        n=total,
        reliability=math.fsum(b.n * (b.mean_p - b.observed) ** 2 for b in filled) / total,
        resolution=math.fsum(b.n * (b.observed - o_bar) ** 2 for b in filled) / total,
        uncertainty=o_bar * (1 - o_bar),
    )


def discrimination(pairs: Sequence[tuple[float, float]]) -> float | None:
    """Return mean p of claims that came true minus mean p of those that did not, or None if either is empty."""
    checked = _checked_pairs(pairs)
    when_true = [p for p, o in checked if o == 1.0]
    when_false = [p for p, o in checked if o == 0.0]
    if not when_true or not when_false:
        return None
    return math.fsum(when_true) / len(when_true) - math.fsum(when_false) / len(when_false)


# --- Evidence balance ----------------------------------------------------------------------------


def evidence_weight(reliability: str, credibility: int) -> float:
    """Return the weight of an evidence item: reliability weight × credibility weight."""
    try:
        return RELIABILITY_WEIGHTS[reliability] * CREDIBILITY_WEIGHTS[credibility]
    except KeyError as error:
        raise ValueError(f"Unknown grade {error.args[0]!r}: reliability is A-F, credibility 1-6.") from error


@dataclass(frozen=True)
class BalanceItem:
    """One evidence item on a claim; original_id is shared by reports repeating the same story."""

    date: datetime.date
    stance: str
    reliability: str
    credibility: int
    original_id: Hashable | None = None


@dataclass(frozen=True)
class Balance:
    points: list[tuple[datetime.date, float]]
    total: float
    weight_sum: float
    lean: float | None
    counted: int


def evidence_balance(items: Sequence[BalanceItem]) -> Balance:
    """Return the running evidence balance of a claim: Σ sign × weight, and the lean in [−1, 1].

    Reports sharing an original_id count once: only the earliest member of the group (by date,
    then by the order given) is counted. An item whose original_id is None is its own group.
    points holds one (date, running total) per date that has a counted item, in date order, the
    total after that day's items; context and mixed items add a point but do not move the total.
    lean = total / Σ|sign × weight|: only items that push one way are in the denominator, so
    context and mixed evidence do not dilute the lean. lean is None when no counted item pushes
    either way.
    """
    earliest: dict[Hashable, tuple[tuple[datetime.date, int], BalanceItem]] = {}
    for position, item in enumerate(items):
        group = ("own", position) if item.original_id is None else ("original", item.original_id)
        rank = (item.date, position)
        if group not in earliest or rank < earliest[group][0]:
            earliest[group] = (rank, item)
    counted = [item for _, item in sorted(earliest.values(), key=lambda entry: entry[0])]

    points: list[tuple[datetime.date, float]] = []
    total = 0.0
    weight_sum = 0.0
    for item in counted:
        signed = STANCE_SIGN[item.stance] * evidence_weight(item.reliability, item.credibility)
        total += signed
        weight_sum += abs(signed)
        if points and points[-1][0] == item.date:
            points[-1] = (item.date, total)
        else:
            points.append((item.date, total))
    return Balance(
        points=points,
        total=total,
        weight_sum=weight_sum,
        lean=total / weight_sum if weight_sum else None,
        counted=len(counted),
    )


# --- Source track record -------------------------------------------------------------------------


class TrackItem(NamedTuple):
    stance: str
    outcome: str
    report_date: datetime.date
    resolved_on: datetime.date


@dataclass(frozen=True)
class TrackRecord:
    n: int
    right: int
    share: float
    low: float
    high: float
    median_days_ahead: float | None

    @property
    def rate(self) -> float:
        """The share pointed right, under the name a hit rate uses (for display)."""
        return self.share


def source_track_record(items: Iterable[tuple[str, str, datetime.date, datetime.date]]) -> TrackRecord | None:
    """Return the share of a source's evidence whose stance pointed to the outcome, or None with none.

    Only items with stance supports or contradicts on claims resolved true or false count; others
    are ignored. Pointed right = (supports and true) or (contradicts and false). The interval is
    Wilson's 95% on right of n; median_days_ahead is the median of resolved_on − report_date in
    days over the items that pointed right (None when none did).
    """
    judged = [TrackItem(*item) for item in items]
    judged = [item for item in judged if item.stance in POINTING_STANCES and item.outcome in ("true", "false")]
    if not judged:
        return None
    pointed_right = [item for item in judged if (item.stance == "supports") == (item.outcome == "true")]
    rate = hit_rate([1.0] * len(pointed_right) + [0.0] * (len(judged) - len(pointed_right)))
    days_ahead = [(item.resolved_on - item.report_date).days for item in pointed_right]
    return TrackRecord(
        n=rate.n,
        right=len(pointed_right),
        share=rate.rate,
        low=rate.low,
        high=rate.high,
        median_days_ahead=statistics.median(days_ahead) if days_ahead else None,
    )


# --- Leaderboard ---------------------------------------------------------------------------------


class Ranked(Protocol):
    name: str
    hit_rate: HitRate | None


def leaderboard_key(name: str, rate: HitRate | None) -> tuple:
    """Return the leaderboard sort key: Wilson lower bound descending, n descending, name ascending.

    Commentators with no scored claim sort after everyone with one, by name.
    """
    if rate is None:
        return (1, 0.0, 0, name.casefold(), name)
    return (0, -rate.low, -rate.n, name.casefold(), name)


def leaderboard_order[R: Ranked](rows: Iterable[R]) -> list[R]:
    """Return the rows (each with a name and a hit_rate) in leaderboard order."""
    return sorted(rows, key=lambda row: leaderboard_key(row.name, row.hit_rate))
