"""The scorecard numbers against independent references, without a database.

References: scikit-learn (brier_score_loss, log_loss, calibration_curve), statsmodels
(proportion_confint with method="wilson"), and values worked by hand with the arithmetic shown.
"""

import datetime
import math
import random
from dataclasses import dataclass

import pytest
from sklearn.calibration import calibration_curve
from sklearn.metrics import brier_score_loss, log_loss
from statsmodels.stats.proportion import proportion_confint

from claims.models import Outcome
from claims.scoring.formulas import (
    CREDIBILITY_WEIGHTS,
    OUTCOME_VALUES,
    RELIABILITY_WEIGHTS,
    STANCE_SIGN,
    Z_95,
    BalanceItem,
    HitRate,
    brier_score,
    calibration_bin_index,
    calibration_bins,
    discrimination,
    evidence_balance,
    evidence_weight,
    forecast_pairs,
    hit_rate,
    leaderboard_key,
    leaderboard_order,
    log_score,
    murphy_decomposition,
    outcome_value,
    scored_outcome_values,
    source_track_record,
    wilson_interval,
)
from sources.models import Credibility, Reliability

EXACT = {"rel": 1e-12, "abs": 1e-15}


def exact(value: float) -> object:
    """Return value for comparison up to floating-point rounding (abs covers bounds at 0)."""
    return pytest.approx(value, **EXACT)


def statsmodels_wilson(count: float, nobs: int) -> tuple[float, float]:
    low, high = proportion_confint(count, nobs, alpha=0.05, method="wilson")
    return float(low), float(high)


def random_pairs(seed: int, size: int) -> list[tuple[float, float]]:
    """Return (p, o) pairs with p in hundredths and o drawn as if p were calibrated."""
    rng = random.Random(seed)
    pairs = []
    for _ in range(size):
        p = rng.randint(0, 100) / 100
        pairs.append((p, 1.0 if rng.random() < p else 0.0))
    return pairs


def unzip(pairs: list[tuple[float, float]]) -> tuple[list[float], list[int]]:
    return [p for p, _ in pairs], [int(o) for _, o in pairs]


# --- Outcomes ------------------------------------------------------------------------------------


def test_outcome_values__match_the_model_choices():
    assert set(OUTCOME_VALUES) | {Outcome.VOID} == set(Outcome.values)


def test_outcome_value__true_false_partly_true():
    assert outcome_value(Outcome.TRUE) == 1.0
    assert outcome_value("false") == 0.0
    assert outcome_value("partly_true") == 0.5


def test_outcome_value__void_and_unresolved_are_not_scored():
    assert outcome_value(Outcome.VOID) is None
    assert outcome_value("") is None


def test_scored_outcome_values__all_void_scores_nothing():
    assert scored_outcome_values(["void", "void", ""]) == []
    assert hit_rate(scored_outcome_values(["void", "void"])) is None


def test_forecast_pairs__keeps_only_true_and_false_with_a_probability():
    forecasts = [(0.7, "true"), (0.2, "false"), (0.6, "partly_true"), (0.9, "void"), (None, "true"), (0.4, "")]
    assert forecast_pairs(forecasts) == [(0.7, 1.0), (0.2, 0.0)]


def test_forecast_pairs__all_void_leaves_brier_undefined():
    assert brier_score(forecast_pairs([(0.7, "void"), (0.1, "void")])) is None


# --- Wilson interval -----------------------------------------------------------------------------


def test_wilson_interval__7_of_10_worked_by_hand():
    # z = 1.959964, z² = 3.841459, n = 10, p̂ = 0.7
    # denominator = 1 + z²/n = 1.3841459
    # centre = (0.7 + z²/20) / 1.3841459 = 0.8920729 / 1.3841459 = 0.6444934
    # half = z √(0.7·0.3/10 + z²/400) / 1.3841459 = 1.959964 · √0.0306036 / 1.3841459
    #      = 1.959964 · 0.1749390 / 1.3841459 = 0.2477153
    # interval = (0.6444934 − 0.2477153, 0.6444934 + 0.2477153) = (0.3967781, 0.8922087)
    low, high = wilson_interval(7, 10)
    assert low == pytest.approx(0.3967781, abs=1e-7)
    assert high == pytest.approx(0.8922087, abs=1e-7)


def test_wilson_interval__matches_statsmodels_on_whole_counts():
    for trials in range(1, 41):
        for successes in range(trials + 1):
            assert wilson_interval(successes, trials) == exact(statsmodels_wilson(successes, trials))


def test_wilson_interval__matches_statsmodels_on_fractional_counts():
    # statsmodels' Wilson formula takes count / nobs as a float, so a half success is accepted as is.
    for trials in range(1, 21):
        for halves in range(1, 2 * trials, 2):
            successes = halves / 2
            assert wilson_interval(successes, trials) == exact(statsmodels_wilson(successes, trials))


def test_wilson_interval__fractional_successes_are_not_rounded():
    below, middle, above = wilson_interval(2, 4), wilson_interval(2.5, 4), wilson_interval(3, 4)
    assert below[0] < middle[0] < above[0]
    assert middle == exact((0.21942652006536284, 0.9081007708209878))  # statsmodels, count=2.5, nobs=4


def test_wilson_interval__no_trials_is_undefined():
    assert wilson_interval(0, 0) is None


def test_wilson_interval__bounds_exact_at_none_and_all():
    assert wilson_interval(0, 3)[0] == 0.0
    assert wilson_interval(0, 10)[0] == 0.0
    assert wilson_interval(3, 3)[1] == 1.0
    assert wilson_interval(1, 1) == exact(statsmodels_wilson(1, 1))


def test_wilson_interval__z_is_the_two_sided_95_percent_quantile():
    from scipy.stats import norm

    assert exact(norm.ppf(0.975)) == Z_95


@pytest.mark.parametrize(("successes", "trials"), [(-1, 3), (4, 3), (0.5, -1)])
def test_wilson_interval__rejects_impossible_counts(successes, trials):
    with pytest.raises(ValueError):
        wilson_interval(successes, trials)


# --- Hit rate ------------------------------------------------------------------------------------


def test_hit_rate__no_claims_is_undefined():
    assert hit_rate([]) is None


def test_hit_rate__partly_true_counts_half():
    # true, false, partly true, void: Σo = 1 + 0 + 0.5 = 1.5 over n = 3 (void is not scored)
    rate = hit_rate(scored_outcome_values(["true", "false", "partly_true", "void"]))
    assert (rate.n, rate.successes, rate.rate) == (3, 1.5, 0.5)
    assert (rate.low, rate.high) == exact(statsmodels_wilson(1.5, 3))


def test_hit_rate__single_claim():
    rate = hit_rate([1.0])
    assert (rate.n, rate.successes, rate.rate, rate.high) == (1, 1.0, 1.0, 1.0)
    assert rate.low == exact(statsmodels_wilson(1, 1)[0])


def test_hit_rate__interval_matches_statsmodels():
    values = [1.0] * 7 + [0.0] * 2 + [0.5] * 3
    rate = hit_rate(values)
    assert (rate.n, rate.successes) == (12, 8.5)
    assert rate.rate == exact(8.5 / 12)
    assert (rate.low, rate.high) == exact(statsmodels_wilson(8.5, 12))


# --- Brier score ---------------------------------------------------------------------------------


def test_brier_score__three_claims_worked_by_hand():
    # (0.9 − 1)² + (0.2 − 0)² + (0.6 − 1)² = 0.01 + 0.04 + 0.16 = 0.21; 0.21 / 3 = 0.07
    assert brier_score([(0.9, 1.0), (0.2, 0.0), (0.6, 1.0)]) == pytest.approx(0.07, rel=1e-12)


def test_brier_score__matches_sklearn_brier_score_loss():
    for seed in range(5):
        pairs = random_pairs(seed, 200)
        p, o = unzip(pairs)
        assert brier_score(pairs) == exact(brier_score_loss(o, p, labels=[0, 1]))


def test_brier_score__always_fifty_percent_is_a_quarter():
    assert brier_score([(0.5, 1.0), (0.5, 0.0), (0.5, 0.0)]) == 0.25


def test_brier_score__no_claims_is_undefined():
    assert brier_score([]) is None


def test_brier_score__single_claim():
    # (0.7 − 1)² = 0.09
    assert brier_score([(0.7, 1.0)]) == pytest.approx(0.09, rel=1e-12)
    assert brier_score([(0.7, 1.0)]) == exact(brier_score_loss([1], [0.7], labels=[0, 1]))


def test_brier_score__certainty_at_both_ends():
    assert brier_score([(1.0, 1.0), (0.0, 0.0)]) == 0.0
    assert brier_score([(0.0, 1.0), (1.0, 0.0)]) == 1.0


def test_brier_score__rejects_partly_true_outcome():
    with pytest.raises(ValueError):
        brier_score([(0.6, 0.5)])


@pytest.mark.parametrize("p", [-0.1, 1.1])
def test_brier_score__rejects_probability_outside_0_to_1(p):
    with pytest.raises(ValueError):
        brier_score([(p, 1.0)])


# --- Log score -----------------------------------------------------------------------------------


def test_log_score__three_claims_worked_by_hand():
    # (ln 0.9 + ln(1 − 0.2) + ln 0.6) / 3 = (−0.1053605 − 0.2231436 − 0.5108256) / 3 = −0.8393297 / 3
    assert log_score([(0.9, 1.0), (0.2, 0.0), (0.6, 1.0)]) == pytest.approx(-0.2797766, abs=1e-7)


def test_log_score__is_minus_sklearn_log_loss_on_clamped_probabilities():
    for seed in range(5):
        pairs = random_pairs(seed, 200)
        clamped = [(min(max(p, 0.01), 0.99), o) for p, o in pairs]
        p, o = unzip(clamped)
        assert log_score(pairs) == exact(-log_loss(o, p, labels=[0, 1]))


def test_log_score__p_0_and_1_are_clamped():
    # a confident miss scores ln 0.01 = −4.6051702, a confident hit ln 0.99 = −0.0100503
    assert log_score([(0.0, 1.0)]) == exact(math.log(0.01))
    assert log_score([(1.0, 0.0)]) == exact(math.log(0.01))
    assert log_score([(1.0, 1.0)]) == exact(math.log(0.99))
    assert log_score([(0.0, 0.0)]) == exact(math.log(0.99))
    assert log_score([(0.0, 1.0)]) == pytest.approx(-4.6051702, abs=1e-7)


def test_log_score__clamp_can_be_changed():
    assert log_score([(0.0, 1.0)], clamp=(0.001, 0.999)) == exact(math.log(0.001))


def test_log_score__no_claims_is_undefined():
    assert log_score([]) is None


def test_log_score__single_claim_matches_sklearn():
    assert log_score([(0.7, 0.0)]) == exact(-log_loss([0], [0.7], labels=[0, 1]))


# --- Calibration ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("p", "index"),
    [
        (0.0, 0),
        (0.1, 1),
        (0.2, 2),
        (0.3, 3),  # the float stored for 0.3 is 0.29999999999999998889…, below the edge 0.3
        (0.1 + 0.2, 3),  # 0.30000000000000004
        (math.nextafter(0.3, 0.0), 2),  # the float just below 0.3 is below the edge
        (0.6, 6),
        (0.7, 7),  # stored as 0.69999999999999995559…
        (7 * 0.1, 7),  # 0.7000000000000001
        (0.9, 9),
        (0.0999, 0),
        (0.95, 9),
        (1.0, 9),
    ],
)
def test_calibration_bin_index__edges_belong_to_the_bin_above(p, index):
    assert calibration_bin_index(p) == index


def test_calibration_bin_index__every_tenth_on_its_own_edge():
    assert [calibration_bin_index(k / 10) for k in range(11)] == [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9]


def test_calibration_bins__no_claims_gives_ten_empty_bins():
    bins = calibration_bins([])
    assert [(b.low, b.high) for b in bins] == [(k / 10, (k + 1) / 10) for k in range(10)]
    assert bins[3].low == 0.3
    assert all(b.n == 0 and b.mean_p is None and b.observed is None for b in bins)


def test_calibration_bins__edges_worked_by_hand():
    # 0.3 and 0.35 share [0.3, 0.4): mean p (0.3 + 0.35) / 2 = 0.325, observed 1 of 2 = 0.5
    # 0.1 is alone in [0.1, 0.2); 0.0 in [0.0, 0.1); 0.9 and 1.0 share [0.9, 1.0]: mean 0.95, observed 1.0
    bins = calibration_bins([(0.3, 1.0), (0.35, 0.0), (0.1, 0.0), (0.0, 0.0), (1.0, 1.0), (0.9, 1.0)])
    assert [b.n for b in bins] == [1, 1, 0, 2, 0, 0, 0, 0, 0, 2]
    assert (bins[0].mean_p, bins[0].observed) == (0.0, 0.0)
    assert (bins[1].mean_p, bins[1].observed) == (0.1, 0.0)
    assert bins[3].mean_p == exact(0.325)
    assert bins[3].observed == 0.5
    assert bins[9].mean_p == exact(0.95)
    assert bins[9].observed == 1.0


def test_calibration_bins__unfolded_10_and_90_percent_apart():
    bins = calibration_bins([(0.1, 0.0), (0.9, 1.0)])
    assert (bins[1].n, bins[9].n) == (1, 1)


def test_calibration_bins__match_sklearn_calibration_curve_away_from_edges():
    # sklearn's uniform bins are closed on the right ((0.1, 0.2]); issue 4's on the left ([0.1, 0.2)).
    # Away from the edges the two agree, so the reference is used on p that avoids every tenth.
    rng = random.Random(7)
    pairs = []
    for _ in range(300):
        p = rng.choice([k / 100 for k in range(1, 100) if k % 10])
        pairs.append((p, 1.0 if rng.random() < p else 0.0))
    p, o = unzip(pairs)
    observed, mean_p = calibration_curve(o, p, n_bins=10, strategy="uniform")
    filled = [b for b in calibration_bins(pairs) if b.n]
    assert [b.observed for b in filled] == exact(list(observed))
    assert [b.mean_p for b in filled] == exact(list(mean_p))
    assert sum(b.n for b in filled) == 300


# --- Murphy decomposition and discrimination -----------------------------------------------------

TWO_BINS = [(0.2, 0.0)] * 3 + [(0.2, 1.0)] + [(0.8, 1.0)] * 3 + [(0.8, 0.0)]


def test_murphy_decomposition__worked_by_hand():
    # bin [0.2, 0.3): 4 claims at p 0.2, 1 true, ō = 0.25; bin [0.8, 0.9): 4 at p 0.8, 3 true, ō = 0.75
    # N = 8, ō = 4/8 = 0.5
    # reliability = (4 (0.2 − 0.25)² + 4 (0.8 − 0.75)²) / 8 = (0.01 + 0.01) / 8 = 0.0025
    # resolution  = (4 (0.25 − 0.5)² + 4 (0.75 − 0.5)²) / 8 = (0.25 + 0.25) / 8 = 0.0625
    # uncertainty = 0.5 × 0.5 = 0.25
    # Brier = (3·0.04 + 0.64 + 3·0.04 + 0.64) / 8 = 1.52 / 8 = 0.19 = 0.0025 − 0.0625 + 0.25
    murphy = murphy_decomposition(TWO_BINS)
    assert murphy.n == 8
    assert murphy.reliability == exact(0.0025)
    assert murphy.resolution == exact(0.0625)
    assert murphy.uncertainty == exact(0.25)
    assert brier_score(TWO_BINS) == exact(0.19)


def test_murphy_decomposition__adds_up_to_brier_when_each_bin_holds_one_p():
    rng = random.Random(11)
    # one p value per bin (the bin's centre), several claims each
    pairs = [
        (k / 10 + 0.05, 1.0 if rng.random() < k / 10 else 0.0) for k in range(10) for _ in range(rng.randint(1, 9))
    ]
    murphy = murphy_decomposition(pairs)
    p, o = unzip(pairs)
    reference = brier_score_loss(o, p, labels=[0, 1])
    assert murphy.reliability - murphy.resolution + murphy.uncertainty == exact(reference)


def test_murphy_decomposition__within_bin_terms_make_up_the_rest():
    # With several p in a bin, Brier = REL − RES + UNC + (1/N) Σ_k Σ_(i in k) [(p_i − p̄_k)² − 2 (p_i − p̄_k)(o_i − ō_k)]
    # (Stephenson, Coelho and Jolliffe 2008); the within-bin terms are computed here from the raw pairs.
    pairs = random_pairs(3, 250)
    groups: dict[int, list[tuple[float, float]]] = {}
    for p, o in pairs:
        groups.setdefault(min(int(round(p * 10, 9)), 9), []).append((p, o))
    within = 0.0
    for members in groups.values():
        p_bar = sum(p for p, _ in members) / len(members)
        o_bar = sum(o for _, o in members) / len(members)
        within += sum((p - p_bar) ** 2 - 2 * (p - p_bar) * (o - o_bar) for p, o in members)
    within /= len(pairs)
    murphy = murphy_decomposition(pairs)
    p, o = unzip(pairs)
    reference = brier_score_loss(o, p, labels=[0, 1])
    assert within != pytest.approx(0.0, abs=1e-6)
    assert murphy.reliability - murphy.resolution + murphy.uncertainty + within == pytest.approx(reference, rel=1e-9)


def test_murphy_decomposition__no_claims_is_undefined():
    assert murphy_decomposition([]) is None


def test_murphy_decomposition__single_claim():
    # one claim, p 0.7, true: reliability (0.7 − 1)² = 0.09, resolution 0, uncertainty 1 × 0 = 0
    murphy = murphy_decomposition([(0.7, 1.0)])
    assert (murphy.reliability, murphy.resolution, murphy.uncertainty) == exact((0.09, 0.0, 0.0))


def test_discrimination__worked_by_hand():
    # came true: 0.2, 0.8, 0.8, 0.8, mean 0.65; did not: 0.2, 0.2, 0.2, 0.8, mean 0.35; 0.65 − 0.35 = 0.3
    assert discrimination(TWO_BINS) == exact(0.3)


def test_discrimination__undefined_without_both_outcomes():
    assert discrimination([]) is None
    assert discrimination([(0.7, 1.0)]) is None
    assert discrimination([(0.7, 0.0), (0.2, 0.0)]) is None


def test_discrimination__p_0_and_1():
    assert discrimination([(1.0, 1.0), (0.0, 0.0)]) == 1.0
    assert discrimination([(0.0, 1.0), (1.0, 0.0)]) == -1.0


# --- Evidence weight and balance -----------------------------------------------------------------


def test_weights__cover_every_grade_and_stance():
    assert set(RELIABILITY_WEIGHTS) == set(Reliability.values)
    assert set(CREDIBILITY_WEIGHTS) == set(Credibility.values)
    assert STANCE_SIGN == {"supports": 1, "contradicts": -1, "mixed": 0, "context": 0}


@pytest.mark.parametrize(
    ("reliability", "credibility", "weight"),
    [("A", 1, 1.0), ("B", 2, 0.64), ("C", 3, 0.36), ("D", 4, 0.16), ("E", 5, 0.04), ("F", 6, 0.25), ("A", 6, 0.5)],
)
def test_evidence_weight__reliability_times_credibility(reliability, credibility, weight):
    assert evidence_weight(reliability, credibility) == pytest.approx(weight, rel=1e-12)


@pytest.mark.parametrize(("reliability", "credibility"), [("G", 1), ("A", 7), ("a", 1)])
def test_evidence_weight__rejects_unknown_grades(reliability, credibility):
    with pytest.raises(ValueError):
        evidence_weight(reliability, credibility)


def day(month: int, day_of_month: int = 1) -> datetime.date:
    return datetime.date(2016, month, day_of_month)


def test_evidence_balance__worked_by_hand_with_a_repeat_counted_once():
    items = [
        BalanceItem(day(3), "supports", "A", 1, original_id=1),  # +1.0 × 1.0 = +1.0
        BalanceItem(day(5), "supports", "B", 3, original_id=2),  # repeat of 2, later: not counted
        BalanceItem(day(4), "supports", "D", 6, original_id=2),  # earliest of 2: +0.4 × 0.5 = +0.2
        BalanceItem(day(6), "contradicts", "E", 5, original_id=3),  # −0.2 × 0.2 = −0.04
        BalanceItem(day(7), "context", "A", 1, original_id=4),  # 0
    ]
    # running total: 1.0, 1.2, 1.16, 1.16; Σ|sign × weight| = 1.0 + 0.2 + 0.04 = 1.24
    # lean = 1.16 / 1.24 = 29/31
    balance = evidence_balance(items)
    assert [point[0] for point in balance.points] == [day(3), day(4), day(6), day(7)]
    assert [point[1] for point in balance.points] == exact([1.0, 1.2, 1.16, 1.16])
    assert balance.total == exact(1.16)
    assert balance.weight_sum == exact(1.24)
    assert balance.lean == exact(29 / 31)
    assert balance.counted == 4


def test_evidence_balance__same_day_repeat_counts_the_first_given():
    items = [
        BalanceItem(day(3), "contradicts", "A", 1, original_id="nyt"),
        BalanceItem(day(3), "supports", "A", 1, original_id="nyt"),
    ]
    balance = evidence_balance(items)
    assert (balance.total, balance.counted, balance.lean) == (-1.0, 1, -1.0)


def test_evidence_balance__three_outlets_rerunning_one_story_count_once():
    story = [BalanceItem(day(month), "supports", "B", 2, original_id=9) for month in (2, 3, 4)]
    balance = evidence_balance(story)
    assert balance.points == [(day(2), pytest.approx(0.64, rel=1e-12))]
    assert balance.counted == 1


def test_evidence_balance__items_without_original_each_count():
    items = [BalanceItem(day(2), "supports", "A", 1), BalanceItem(day(2), "supports", "A", 1)]
    balance = evidence_balance(items)
    assert (balance.total, balance.counted) == (2.0, 2)


def test_evidence_balance__one_point_per_day_in_date_order():
    items = [
        BalanceItem(day(9), "supports", "A", 1),
        BalanceItem(day(2), "contradicts", "C", 3),  # −0.36
        BalanceItem(day(2), "supports", "A", 2),  # +0.8
    ]
    balance = evidence_balance(items)
    # 2 Feb: −0.36 + 0.8 = 0.44; 9 Sep: 0.44 + 1.0 = 1.44
    assert [point[0] for point in balance.points] == [day(2), day(9)]
    assert [point[1] for point in balance.points] == exact([0.44, 1.44])


def test_evidence_balance__no_evidence():
    balance = evidence_balance([])
    assert (balance.points, balance.total, balance.weight_sum, balance.lean, balance.counted) == ([], 0.0, 0.0, None, 0)


def test_evidence_balance__context_only_has_no_lean():
    balance = evidence_balance([BalanceItem(day(2), "context", "A", 1), BalanceItem(day(3), "mixed", "B", 2)])
    assert (balance.total, balance.weight_sum, balance.lean, balance.counted) == (0.0, 0.0, None, 2)
    assert [point[0] for point in balance.points] == [day(2), day(3)]


def test_evidence_balance__context_does_not_dilute_the_lean():
    balance = evidence_balance([BalanceItem(day(2), "supports", "C", 3), BalanceItem(day(3), "context", "A", 1)])
    assert balance.lean == 1.0


def test_evidence_balance__lean_at_its_bounds():
    supports = [BalanceItem(day(m), "supports", g, c) for m, g, c in [(1, "A", 1), (2, "E", 5), (3, "F", 6)]]
    contradicts = [BalanceItem(day(m), "contradicts", g, c) for m, g, c in [(1, "B", 4), (2, "D", 2)]]
    assert evidence_balance(supports).lean == 1.0
    assert evidence_balance(contradicts).lean == -1.0


def test_evidence_balance__lean_always_within_minus_1_and_1():
    rng = random.Random(5)
    for _ in range(500):
        items = [
            BalanceItem(
                day(rng.randint(1, 12), rng.randint(1, 28)),
                rng.choice(list(STANCE_SIGN)),
                rng.choice(list(RELIABILITY_WEIGHTS)),
                rng.choice(list(CREDIBILITY_WEIGHTS)),
                original_id=rng.choice([None, 1, 2, 3]),
            )
            for _ in range(rng.randint(0, 8))
        ]
        balance = evidence_balance(items)
        if balance.lean is not None:
            assert -1.0 <= balance.lean <= 1.0
            assert abs(balance.total) <= balance.weight_sum + 1e-12


# --- Source track record -------------------------------------------------------------------------


def test_source_track_record__worked_by_hand():
    items = [
        ("supports", "true", day(1), datetime.date(2016, 12, 31)),  # right, 365 days ahead (2016 is a leap year)
        ("contradicts", "false", day(6), day(7)),  # right, 30 days
        ("contradicts", "false", day(7), day(7, 11)),  # right, 10 days
        ("supports", "false", day(2), day(3)),  # wrong
        ("contradicts", "true", day(2), day(3)),  # wrong
        ("mixed", "true", day(2), day(3)),  # not a pointing stance: ignored
        ("supports", "partly_true", day(2), day(3)),  # not true or false: ignored
        ("supports", "void", day(2), day(3)),  # ignored
    ]
    # 3 right of 5: share 0.6; median of 365, 30, 10 days = 30
    record = source_track_record(items)
    assert (record.n, record.right, record.share, record.median_days_ahead) == (5, 3, 0.6, 30)
    assert (record.low, record.high) == exact(statsmodels_wilson(3, 5))


def test_source_track_record__median_of_an_even_count():
    items = [("supports", "true", day(1), day(1, 11)), ("contradicts", "false", day(1), day(1, 31))]
    assert source_track_record(items).median_days_ahead == 20  # (10 + 30) / 2


def test_source_track_record__none_pointed_right():
    record = source_track_record([("supports", "false", day(1), day(2))])
    assert (record.n, record.right, record.share, record.low, record.median_days_ahead) == (1, 0, 0.0, 0.0, None)
    assert record.high == exact(statsmodels_wilson(0, 1)[1])


def test_source_track_record__nothing_judged_is_undefined():
    assert source_track_record([]) is None
    assert source_track_record([("context", "true", day(1), day(2)), ("supports", "void", day(1), day(2))]) is None


# --- Leaderboard ---------------------------------------------------------------------------------


@dataclass
class Row:
    name: str
    hit_rate: HitRate | None


def row(name: str, successes: float = 0.0, n: int = 0) -> Row:
    values = [1.0] * int(successes) + [0.5] * (successes % 1 > 0) + [0.0] * (n - math.ceil(successes))
    return Row(name, hit_rate(values))


def test_leaderboard_order__three_lucky_claims_rank_below_a_longer_record():
    # 3 of 3: rate 1.0 but Wilson low 0.4385; 16 of 20: rate 0.8, Wilson low 0.5840
    lucky, steady = row("Lucky", 3, 3), row("Steady", 16, 20)
    assert lucky.hit_rate.rate > steady.hit_rate.rate
    assert [r.name for r in leaderboard_order([lucky, steady])] == ["Steady", "Lucky"]


def test_leaderboard_order__ties_by_n_then_name_and_nothing_scored_last():
    rows = [
        row("Zed"),  # nothing scored
        row("Ann", 0, 3),  # Wilson low 0 with n 3
        row("bea", 7, 10),
        row("Abe"),  # nothing scored
        row("Cal", 0, 10),  # Wilson low 0 with n 10: above Ann
        row("Ada", 7, 10),  # same as bea: by name, case aside
        row("Dan", 2.5, 4),
    ]
    expected = ["Ada", "bea", "Dan", "Cal", "Ann", "Abe", "Zed"]
    assert [r.name for r in leaderboard_order(rows)] == expected
    assert [r.name for r in leaderboard_order(reversed(rows))] == expected


def test_leaderboard_key__nothing_scored_sorts_after_a_zero_lower_bound():
    assert leaderboard_key("Ann", hit_rate([0.0])) < leaderboard_key("Aaron", None)


def test_score_history__each_point_equals_the_pure_scores_of_the_claims_resolved_so_far():
    import datetime

    from claims.scoring.formulas import brier_score, forecast_pairs, hit_rate, score_history, scored_outcome_values

    day = datetime.date
    items = [
        (day(2019, 3, 1), "true", 0.9),
        (day(2019, 1, 1), "false", 0.3),
        (day(2019, 1, 1), "partly_true", 0.6),
        (day(2019, 2, 1), "void", 0.5),
        (day(2019, 5, 1), "false", None),
        (day(2019, 6, 1), "true", 0.2),
    ]
    history = score_history(items)
    assert [point.date for point in history] == [day(2019, 1, 1), day(2019, 3, 1), day(2019, 5, 1), day(2019, 6, 1)]
    for point in history:
        so_far = [item for item in items if item[0] <= point.date]
        expected_rate = hit_rate(scored_outcome_values(outcome for _, outcome, _ in so_far))
        expected_brier = brier_score(forecast_pairs((p, outcome) for _, outcome, p in so_far))
        assert point.n == expected_rate.n
        assert point.hit_rate == pytest.approx(expected_rate.rate, rel=1e-12)
        assert point.brier == pytest.approx(expected_brier, rel=1e-12)
    # Worked by hand at 1 Jan 2019: o = 0 and 0.5 -> hit rate 0.25; Brier over the false claim only: 0.3² = 0.09.
    assert (history[0].hit_rate, history[0].brier_n, history[0].brier) == (0.25, 1, pytest.approx(0.09))


def test_score_history__is_empty_when_nothing_is_scored():
    import datetime

    from claims.scoring.formulas import score_history

    assert score_history([]) == []
    assert score_history([(datetime.date(2019, 1, 1), "void", 0.5), (datetime.date(2019, 1, 2), "", None)]) == []
