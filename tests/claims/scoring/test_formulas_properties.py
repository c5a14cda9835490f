"""Property tests of the scoring functions (Hypothesis): bounds, identities and invariances."""

import math

from hypothesis import assume, given
from hypothesis import strategies as st

from claims.scoring import formulas as scoring

probabilities = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
outcomes01 = st.sampled_from([0.0, 1.0])
pairs = st.lists(st.tuples(probabilities, outcomes01), min_size=1, max_size=60)
values = st.lists(st.sampled_from([0.0, 0.5, 1.0]), min_size=1, max_size=200)


@given(values)
def test_hit_rate__lies_inside_its_wilson_interval_within_zero_and_one(outcome_values):
    rate = scoring.hit_rate(outcome_values)
    assert 0.0 <= rate.low <= rate.rate <= rate.high <= 1.0
    assert rate.n == len(outcome_values)


@given(st.integers(min_value=1, max_value=500), st.data())
def test_wilson_interval__narrows_as_the_same_rate_is_seen_more_often(trials, data):
    successes = data.draw(st.integers(min_value=0, max_value=trials))
    low, high = scoring.wilson_interval(successes, trials)
    bigger_low, bigger_high = scoring.wilson_interval(successes * 4, trials * 4)
    assert bigger_high - bigger_low <= high - low + 1e-12


@given(pairs)
def test_brier_and_log_scores__stay_in_their_ranges(forecasts):
    brier = scoring.brier_score(forecasts)
    log = scoring.log_score(forecasts)
    assert 0.0 <= brier <= 1.0
    assert math.log(0.01) - 1e-12 <= log <= math.log(0.99) + 1e-12


@given(pairs)
def test_calibration_bins__hold_every_pair_once_with_means_inside_their_bin(forecasts):
    bins = scoring.calibration_bins(forecasts)
    assert len(bins) == 10
    assert sum(b.n for b in bins) == len(forecasts)
    for b in bins:
        if b.n:
            assert b.low - 1e-12 <= b.mean_p <= b.high + 1e-12
            assert 0.0 <= b.observed <= 1.0


@given(st.lists(st.tuples(st.sampled_from([i / 10 for i in range(11)]), outcomes01), min_size=1, max_size=80))
def test_murphy_decomposition__adds_up_to_brier_when_each_bin_holds_one_probability(forecasts):
    # p on the tenths only, and 0.9 and 1.0 never together, so that each bin holds a single p.
    assume(not ({0.9, 1.0} <= {p for p, _ in forecasts}))
    murphy = scoring.murphy_decomposition(forecasts)
    brier = scoring.brier_score(forecasts)
    assert math.isclose(murphy.reliability - murphy.resolution + murphy.uncertainty, brier, abs_tol=1e-12)


@given(pairs)
def test_discrimination__of_a_perfect_forecaster_is_one(forecasts):
    perfect = [(o, o) for _, o in forecasts]
    result = scoring.discrimination(perfect)
    assert result is None or math.isclose(result, 1.0)


@given(
    st.lists(
        st.tuples(
            st.dates(),
            st.sampled_from(["supports", "contradicts", "mixed", "context"]),
            st.sampled_from(list("ABCDEF")),
            st.integers(min_value=1, max_value=6),
            st.integers(min_value=0, max_value=5),
        ),
        max_size=40,
    )
)
def test_evidence_balance__lean_is_within_minus_one_and_one(rows):
    items = [scoring.BalanceItem(*row) for row in rows]
    balance = scoring.evidence_balance(items)
    assert balance.counted == len({row[4] for row in rows})
    if balance.lean is not None:
        assert -1.0 - 1e-12 <= balance.lean <= 1.0 + 1e-12
    assert math.isclose(balance.total, balance.points[-1][1] if balance.points else 0.0, abs_tol=1e-12)
