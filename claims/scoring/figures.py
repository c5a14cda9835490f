"""Figures kept ahead of reads: per-commentator sums, and the tokens that key cached figures.

CommentatorFigures and SourceFigures are written only by database triggers (migration 0008), in the same
transaction as the change that alters them, whatever made it: a service, the admin, an import, the API.
A cached figure is keyed on its token; a write gives the token a new value, so the old entry is never read
again and simply expires. Read the token before computing what it keys: a figure computed after the token
was read is at least as new as the token, never older.
"""

import math
from collections.abc import Callable

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count

from claims.models import Claim, Commentator, CommentatorFigures
from claims.scoring import formulas as scoring
from sources.models import Source, SourceFigures

CACHE_SECONDS = 24 * 60 * 60
SUM_FIELDS = ("claims", "retracted", "scored", "successes", "brier_n", "brier_sum", "wilson_low")
_MISSING = object()


def rebuild() -> dict[str, int]:
    """Recompute every commentator's sums and give every source a new token; return the rows written."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT claims_refresh_commentator_figures(ARRAY(SELECT id FROM claims_commentator))")
        cursor.execute("SELECT claims_touch_source_figures(ARRAY(SELECT id FROM sources_source))")
        cursor.execute(
            "UPDATE sources_sourcefigures f "
            "SET reports = (SELECT count(*) FROM sources_report r WHERE r.source_id = f.source_id)"
        )
    return {"commentators": CommentatorFigures.objects.count(), "sources": SourceFigures.objects.count()}


def commentator_token(commentator_id: int) -> str | None:
    token = CommentatorFigures.objects.filter(pk=commentator_id).values_list("changed", flat=True).first()
    return None if token is None else token.hex


def source_token(source_id: int) -> str | None:
    token = SourceFigures.objects.filter(pk=source_id).values_list("changed", flat=True).first()
    return None if token is None else token.hex


def cached[T](key: str, token: str | None, compute: Callable[[], T]) -> T:
    """Return the value cached under key and token, computing and storing it on a miss.

    Without a token (a record loaded behind the triggers' back and not rebuilt) nothing is cached.
    """
    if token is None:
        return compute()
    full_key = f"{key}:{token}"
    value = cache.get(full_key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(full_key, value, CACHE_SECONDS)
    return value


def fresh_commentator_sums() -> dict[int, dict]:
    """Compute every commentator's sums afresh in Python with claims.scoring, as CommentatorFigures holds them."""
    rows: dict[int, list[tuple[str, float | None, bool]]] = {
        pk: [] for pk in Commentator.objects.values_list("pk", flat=True)
    }
    for commentator_id, outcome, p, retracted_at in Claim.objects.values_list(
        "commentator", "outcome", "forecast_probability", "retracted_at"
    ):
        rows[commentator_id].append((outcome, p, retracted_at is not None))
    sums = {}
    for pk, claims in rows.items():
        live = [(outcome, p) for outcome, p, retracted in claims if not retracted]
        values = scoring.scored_outcome_values(outcome for outcome, _ in live)
        pairs = scoring.forecast_pairs((p, outcome) for outcome, p in live)
        rate = scoring.hit_rate(values)
        sums[pk] = {
            "claims": len(live),
            "retracted": len(claims) - len(live),
            "scored": len(values),
            "successes": math.fsum(values),
            "brier_n": len(pairs),
            "brier_sum": math.fsum((p - o) ** 2 for p, o in pairs),
            "wilson_low": rate.low if rate else None,
        }
    return sums


def differences(tolerance: float = 1e-9) -> list[str]:
    """Return how the kept figures differ from a fresh computation: one line per differing commentator or source."""
    kept = {row.pop("commentator"): row for row in CommentatorFigures.objects.values("commentator", *SUM_FIELDS)}
    problems = []
    for pk, expected in fresh_commentator_sums().items():
        row = kept.get(pk)
        if row is None:
            problems.append(f"Commentator {pk} has no figures row.")
            continue
        wrong = [
            f"{name} {row[name]!r} instead of {value!r}"
            for name, value in expected.items()
            if not _close(row[name], value, tolerance)
        ]
        if wrong:
            problems.append(f"Commentator {pk}: " + ", ".join(wrong) + ".")
    kept_reports = dict(SourceFigures.objects.values_list("source", "reports"))
    counted = dict(Source.objects.annotate(n=Count("reports")).values_list("pk", "n"))
    for pk, count in counted.items():
        if kept_reports.get(pk) != count:
            problems.append(f"Source {pk}: reports {kept_reports.get(pk)!r} instead of {count!r}.")
    return problems


def _close(kept: float | None, fresh: float | None, tolerance: float) -> bool:
    if kept is None or fresh is None:
        return kept is fresh
    return math.isclose(kept, fresh, rel_tol=tolerance, abs_tol=tolerance)
