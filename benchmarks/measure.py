"""Time the key pages in-process, warm, with Django's test client; count their queries and the rows they read.

For each page: median and p95 of the time the test client takes to return the response (middleware,
view, queries and template rendering, in this process, over a warm database connection); the number
of SQL queries of one request; and the rows it reads, the sum over its SELECT queries of what
EXPLAIN (ANALYZE, FORMAT JSON) reports each table and index scan read (rows returned plus rows
removed by a filter or an index recheck, times loops). pg_stat_statements would be the other way,
but it needs shared_preload_libraries and so a restart of a server others share.

Two ratios come from the same run and the same clock: the leaderboard and the biggest scorecard
against the bare SQL that computes what they show (written out below, run on the same connection),
and Django admin's claim changelist against the claim list, for the same filter and page size.
"""

import cProfile
import csv
import dataclasses
import datetime
import io
import json
import math
import os
import platform
import pstats
import random
import re
import statistics
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import django
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command, get_commands
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import Resolver404, resolve

from claims.models import Claim, Commentator, Evidence, Resolution, Topic
from sources.models import Report, Source

SEARCH_WORDS = "sanctions"
ADMIN_USERNAME = "bench-admin"
QUERY_TARGET = 10
P95_TARGET_MS = 50.0
BARE_SQL_TARGET = 1.5
ADMIN_TARGET = 3.0


@dataclass
class Page:
    key: str
    label: str
    url: str
    as_admin: bool = False
    cold: bool = False  # measured with no cache at all: every figure computed afresh, as after a write


@dataclass
class QueryPlan:
    sql: str
    ms: float
    rows_read: int
    plan: str


@dataclass
class PageResult:
    page: Page
    runs_ms: list[float] = field(default_factory=list)
    status: int = 0
    queries: int = 0
    rows_read: int = 0
    sql_ms: float = 0.0
    slowest: QueryPlan | None = None
    profile: str = ""
    skipped: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.runs_ms)

    @property
    def p95(self) -> float:
        return percentile(self.runs_ms, 95)

    @property
    def meets_targets(self) -> bool:
        return self.queries <= QUERY_TARGET and self.p95 <= P95_TARGET_MS


@dataclass
class Ratio:
    label: str
    measured: str
    reference: str
    measured_ms: float
    reference_ms: float
    target: str
    met: bool

    @property
    def ratio(self) -> float:
        return self.measured_ms / self.reference_ms if self.reference_ms else math.inf


@dataclass
class BenchResult:
    database: str
    counts: dict[str, int]
    machine: dict[str, str]
    requests: int
    pages: list[PageResult]
    ratios: list[Ratio]
    import_note: str
    started: datetime.datetime
    warmup: int = 2
    load: tuple[float, float] = (math.nan, math.nan)  # the machine's 1-minute load average, at start and end


def percentile(values: Iterable[float], percent: float) -> float:
    """Return the nearest-rank percentile (the smallest value with at least percent% at or below it)."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    rank = max(1, math.ceil(percent / 100 * len(ordered)))
    return ordered[rank - 1]


# --- What a page reads --------------------------------------------------------------------------

SCAN_NODES_READ = ("Actual Rows", "Rows Removed by Filter", "Rows Removed by Index Recheck")


def rows_read(plan: dict) -> int:
    """Return the rows the plan's table and index scans read: returned plus filtered out, times loops."""
    total = 0
    if "Relation Name" in plan or plan.get("Node Type") == "Index Only Scan":
        total += round(sum(plan.get(key, 0) for key in SCAN_NODES_READ) * plan.get("Actual Loops", 1))
    for child in plan.get("Plans", []):
        total += rows_read(child)
    return total


def explain(sql: str) -> tuple[float, int]:
    """Run EXPLAIN (ANALYZE, FORMAT JSON) of a query; return its execution time (ms) and the rows it read."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
        document = cursor.fetchone()[0]
    if isinstance(document, str):
        document = json.loads(document)
    top = document[0]
    return top["Execution Time"] + top.get("Planning Time", 0.0), rows_read(top["Plan"])


def explain_text(sql: str, lines: int = 30) -> str:
    """Return the first lines of EXPLAIN (ANALYZE, BUFFERS) of a query, as PostgreSQL prints it."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        plan = [row[0] for row in cursor.fetchall()]
    if len(plan) > lines:
        plan = [*plan[:lines], f"... ({len(plan) - lines} more lines)"]
    return "\n".join(plan)


# django-pghistory prefixes the statements it does not recognise as reads (a UNION starts with a parenthesis)
# with set_config() calls that carry its context; the query itself follows them.
PGHISTORY_CONTEXT = re.compile(r"^SELECT set_config\('pghistory\.context_id'.*?, true\); ", re.DOTALL)


def _read_sql(sql: str) -> str | None:
    """Return the query of a captured statement when it only reads, else None."""
    sql = PGHISTORY_CONTEXT.sub("", sql.lstrip())
    return sql if sql.upper().startswith(("SELECT", "WITH", "(")) else None


# --- Timing -------------------------------------------------------------------------------------


def time_calls(call: Callable[[], object], *, requests: int, warmup: int, budget_s: float) -> list[float]:
    """Call warmup times untimed, then up to requests times timed (ms); stop early past the time budget."""
    for _ in range(warmup):
        call()
    runs: list[float] = []
    deadline = time.perf_counter() + budget_s
    for _ in range(requests):
        started = time.perf_counter()
        call()
        runs.append((time.perf_counter() - started) * 1000)
        if time.perf_counter() > deadline and len(runs) >= 3:
            break
    return runs


def profile_call(call: Callable[[], object], lines: int = 20) -> str:
    """Return the functions one call spends most time in (their own time), as cProfile's table."""
    profiler = cProfile.Profile()
    profiler.runcall(call)
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).strip_dirs().sort_stats("tottime").print_stats(lines)
    text = out.getvalue()
    return text[text.find("   ncalls") :].rstrip() if "   ncalls" in text else text.strip()


NO_CACHE = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


def measure_page(
    client: Client,
    page: Page,
    *,
    requests: int,
    warmup: int,
    budget_s: float,
    explain_queries: bool = True,
    profile: bool = False,
) -> PageResult:
    """Time one page, then load it once more capturing its queries and explain each of them."""
    if page.cold:
        with override_settings(CACHES=NO_CACHE):
            return measure_page(
                client, dataclasses.replace(page, cold=False), requests=requests, warmup=warmup,
                budget_s=budget_s, explain_queries=explain_queries, profile=profile,
            )  # fmt: skip
    result = PageResult(page)
    try:
        resolve(page.url.split("?")[0])
    except Resolver404:
        result.skipped = "the URL does not resolve (not built yet)"
        return result
    first = client.get(page.url)
    result.status = first.status_code
    if first.status_code != 200:
        result.skipped = f"answered {first.status_code}"
        return result
    result.runs_ms = time_calls(lambda: client.get(page.url), requests=requests, warmup=warmup, budget_s=budget_s)
    with CaptureQueriesContext(connection) as captured:
        client.get(page.url)
    # A copy: the next request clears connection.queries, which captured_queries is a view of.
    queries = list(captured.captured_queries)
    result.queries = len(queries)
    if profile:
        result.profile = profile_call(lambda: client.get(page.url))
    if explain_queries:
        slowest_ms, slowest_sql = -1.0, ""
        for query in queries:
            sql = _read_sql(query["sql"])
            if sql is None:
                continue
            ms, read = explain(sql)
            result.sql_ms += ms
            result.rows_read += read
            if ms > slowest_ms:
                slowest_ms, slowest_sql = ms, sql
        if slowest_sql:
            _, read = explain(slowest_sql)
            result.slowest = QueryPlan(slowest_sql, slowest_ms, read, explain_text(slowest_sql))
    return result


# --- The bare SQL the scoring pages need --------------------------------------------------------

Z = 1.959963984540054  # claims.scoring.Z_95
OUTCOME_VALUE = "CASE c.outcome WHEN 'true' THEN 1.0 WHEN 'partly_true' THEN 0.5 ELSE 0.0 END"
SCORED = "c.retracted_at IS NULL AND c.outcome IN ('true', 'false', 'partly_true')"
PAIRED = "c.retracted_at IS NULL AND c.outcome IN ('true', 'false') AND c.forecast_probability IS NOT NULL"
SQUARED_ERROR = "(c.forecast_probability - CASE WHEN c.outcome = 'true' THEN 1.0 ELSE 0.0 END) ^ 2"
WILSON_LOW = f"""CASE WHEN s.scored = 0 THEN NULL WHEN s.hits = 0 THEN 0.0 ELSE GREATEST(0.0,
    (s.hits / s.scored + {Z}^2 / (2 * s.scored)
     - {Z} * sqrt((s.hits / s.scored) * (1 - s.hits / s.scored) / s.scored + {Z}^2 / (4 * s.scored ^ 2)))
    / (1 + {Z}^2 / s.scored)) END"""

# The leaderboard: each commentator with a claim, with claims, n, hit rate and its interval, Brier (n), in order.
LEADERBOARD_SQL = [
    f"""
SELECT m.id, m.name, m.slug, s.claims, s.scored, s.hits / NULLIF(s.scored, 0) AS hit_rate, {WILSON_LOW} AS low,
       s.brier_n, s.brier
FROM (
    SELECT c.commentator_id,
           count(*) FILTER (WHERE c.retracted_at IS NULL) AS claims,
           count(*) FILTER (WHERE {SCORED}) AS scored,
           COALESCE(sum({OUTCOME_VALUE}) FILTER (WHERE {SCORED}), 0) AS hits,
           count(*) FILTER (WHERE {PAIRED}) AS brier_n,
           avg({SQUARED_ERROR}) FILTER (WHERE {PAIRED}) AS brier
    FROM claims_claim c GROUP BY c.commentator_id
) s JOIN claims_commentator m ON m.id = s.commentator_id
ORDER BY low DESC NULLS LAST, s.scored DESC, lower(m.name), m.name"""
]

# The leaderboard as it is now served: the first page of the sums the triggers keep, and their number.
_KEPT = "FROM claims_commentatorfigures f JOIN claims_commentator m ON m.id = f.commentator_id"
LEADERBOARD_KEPT_SQL = [
    f"SELECT count(*) {_KEPT} WHERE f.claims > 0 OR f.retracted > 0",
    f"""
SELECT m.id, m.name, m.slug, f.claims, f.scored, f.successes, f.brier_n, f.brier_sum, f.wilson_low {_KEPT}
WHERE f.claims > 0 OR f.retracted > 0
ORDER BY f.wilson_low DESC NULLS LAST, f.scored DESC, lower(m.name) COLLATE "C", m.name COLLATE "C" LIMIT 50""",
]

_COMMENTATOR = "SELECT id, name, slug, kind, affiliation, bio, links FROM claims_commentator WHERE id = %(id)s"
_COUNTS = """
SELECT count(*) FILTER (WHERE c.retracted_at IS NULL) AS claims,
       count(*) FILTER (WHERE c.retracted_at IS NULL AND c.outcome = ''
                        AND (c.resolve_by IS NULL OR c.resolve_by >= current_date)) AS open,
       count(*) FILTER (WHERE c.retracted_at IS NULL AND c.outcome = '' AND c.resolve_by < current_date) AS due,
       count(*) FILTER (WHERE c.retracted_at IS NULL AND c.outcome <> '') AS resolved,
       count(*) FILTER (WHERE c.retracted_at IS NULL AND c.outcome = 'true') AS true,
       count(*) FILTER (WHERE c.retracted_at IS NULL AND c.outcome = 'false') AS false,
       count(*) FILTER (WHERE c.retracted_at IS NULL AND c.outcome = 'partly_true') AS partly_true,
       count(*) FILTER (WHERE c.retracted_at IS NULL AND c.outcome = 'void') AS void,
       count(*) FILTER (WHERE c.retracted_at IS NULL AND c.outcome = 'void' AND c.condition_met = false)
           AS void_condition_unmet,
       count(*) FILTER (WHERE c.retracted_at IS NOT NULL) AS retracted,
       count(*) FILTER (WHERE c.retracted_at IS NULL AND c.outcome <> '' AND EXISTS (
           SELECT 1 FROM claims_dispute d WHERE d.claim_id = c.id AND d.status = 'open')) AS under_dispute
FROM claims_claim c WHERE c.commentator_id = %(id)s"""
_FIGURES = f"""
SELECT count(*) FILTER (WHERE {SCORED}) AS scored, sum({OUTCOME_VALUE}) FILTER (WHERE {SCORED}) AS hits,
       count(*) FILTER (WHERE {PAIRED}) AS brier_n, avg({SQUARED_ERROR}) FILTER (WHERE {PAIRED}) AS brier,
       avg(ln(CASE WHEN c.outcome = 'true' THEN LEAST(GREATEST(c.forecast_probability, 0.01), 0.99)
                   ELSE 1 - LEAST(GREATEST(c.forecast_probability, 0.01), 0.99) END)) FILTER (WHERE {PAIRED}) AS log,
       avg(c.forecast_probability) FILTER (WHERE {PAIRED} AND c.outcome = 'true')
       - avg(c.forecast_probability) FILTER (WHERE {PAIRED} AND c.outcome = 'false') AS discrimination
FROM claims_claim c WHERE c.commentator_id = %(id)s"""
_CALIBRATION = f"""
SELECT LEAST(floor(c.forecast_probability * 10), 9) AS bin, count(*), avg(c.forecast_probability),
       avg(CASE WHEN c.outcome = 'true' THEN 1.0 ELSE 0.0 END)
FROM claims_claim c WHERE c.commentator_id = %(id)s AND {PAIRED} GROUP BY 1 ORDER BY 1"""
_HISTORY = f"""
SELECT c.resolved_on, sum(count(*)) OVER w AS n, sum(sum({OUTCOME_VALUE})) OVER w AS hits,
       sum(count(*) FILTER (WHERE {PAIRED})) OVER w AS brier_n,
       sum(sum({SQUARED_ERROR}) FILTER (WHERE {PAIRED})) OVER w AS squared
FROM claims_claim c WHERE c.commentator_id = %(id)s AND {SCORED}
GROUP BY c.resolved_on WINDOW w AS (ORDER BY c.resolved_on) ORDER BY c.resolved_on"""
_TOPICS = f"""
SELECT t.slug, t.name, count(*), sum({OUTCOME_VALUE}), count(*) FILTER (WHERE {PAIRED}),
       avg({SQUARED_ERROR}) FILTER (WHERE {PAIRED})
FROM claims_claim c JOIN claims_claim_topics ct ON ct.claim_id = c.id JOIN claims_topic t ON t.id = ct.topic_id
WHERE c.commentator_id = %(id)s AND {SCORED} GROUP BY t.id ORDER BY t.name"""
_LATEST_BY_STATUS = """
SELECT r.id, r.statement, r.made_on, r.made_precision, r.resolve_by, r.outcome, r.retracted_at, r.status,
       (SELECT count(*) FROM claims_evidence e WHERE e.claim_id = r.id) AS evidence,
       ARRAY(SELECT t.name FROM claims_claim_topics ct JOIN claims_topic t ON t.id = ct.topic_id
             WHERE ct.claim_id = r.id ORDER BY t.name) AS topics
FROM (
    SELECT c.*, row_number() OVER (PARTITION BY c.status ORDER BY c.resolved_on DESC NULLS LAST, c.made_on DESC,
                                   c.id DESC) AS position
    FROM (SELECT *, CASE WHEN outcome <> '' THEN 'resolved' WHEN resolve_by < current_date THEN 'due'
                         ELSE 'open' END AS status
          FROM claims_claim WHERE commentator_id = %(id)s) c
) r WHERE r.position <= 20 ORDER BY r.position"""

# The scorecard JSON: the commentator, counts by status and the figures with their calibration bins.
SCORECARD_JSON_SQL = [_COMMENTATOR, _COUNTS, _FIGURES, _CALIBRATION]
# The scorecard page adds the history over time, the per-topic table and the latest claims in each status.
SCORECARD_PAGE_SQL = [*SCORECARD_JSON_SQL, _HISTORY, _TOPICS, _LATEST_BY_STATUS]


def time_sql(statements: list[str], params: dict, *, requests: int, warmup: int, budget_s: float) -> list[float]:
    """Time running the statements one after the other and fetching every row, as a page would."""

    def run() -> None:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement, params)
                cursor.fetchall()

    return time_calls(run, requests=requests, warmup=warmup, budget_s=budget_s)


# --- The run --------------------------------------------------------------------------------------


@dataclass
class Targets:
    commentator: Commentator | None
    claim_id: int | None
    claim_evidence: int
    source: Source | None
    topic: Topic | None


def find_targets() -> Targets:
    """Find the most prolific commentator, the claim with most evidence, the biggest source and topic."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT commentator_id FROM claims_claim GROUP BY commentator_id ORDER BY count(*) DESC, commentator_id "
            "LIMIT 1"
        )
        commentator_row = cursor.fetchone()
        cursor.execute(
            "SELECT claim_id, count(*) FROM claims_evidence GROUP BY claim_id ORDER BY count(*) DESC, claim_id LIMIT 1"
        )
        claim_row = cursor.fetchone()
        cursor.execute(
            "SELECT source_id FROM sources_report GROUP BY source_id ORDER BY count(*) DESC, source_id LIMIT 1"
        )
        source_row = cursor.fetchone()
        cursor.execute(
            f"SELECT topic_id FROM {Claim.topics.through._meta.db_table} GROUP BY topic_id "
            "ORDER BY count(*) DESC, topic_id LIMIT 1"
        )
        topic_row = cursor.fetchone()
    return Targets(
        commentator=Commentator.objects.get(pk=commentator_row[0]) if commentator_row else None,
        claim_id=claim_row[0] if claim_row else None,
        claim_evidence=claim_row[1] if claim_row else 0,
        source=Source.objects.get(pk=source_row[0]) if source_row else None,
        topic=Topic.objects.get(pk=topic_row[0]) if topic_row else None,
    )


def pages_for(targets: Targets, per_page: int) -> list[Page]:
    """Return the pages issue 7 names, for these targets, and the admin changelists to compare with."""
    pages = [
        Page("home", "Home", "/"),
        Page("claims", "Claim list", "/claims/"),
    ]
    if targets.topic:
        topic = targets.topic
        pages += [
            Page("claims_topic", f"Claim list, topic {topic.name}", f"/claims/?topic={topic.slug}"),
            Page(
                "claims_topic_status",
                f"Claim list, topic {topic.name}, status open",
                f"/claims/?topic={topic.slug}&status=open",
            ),
        ]
    pages.append(Page("claims_search", f"Claim list, search “{SEARCH_WORDS}”", f"/claims/?q={SEARCH_WORDS}"))
    if targets.claim_id:
        pages.append(
            Page("claim", f"Claim with {targets.claim_evidence:,} evidence items", f"/claims/{targets.claim_id}/")
        )
    if targets.commentator:
        slug = targets.commentator.slug
        pages += [
            Page("scorecard", "Scorecard page, most prolific commentator", f"/commentators/{slug}/"),
            Page(
                "scorecard_cold",
                "Scorecard page, same, cache cold",
                f"/commentators/{slug}/",
                cold=True,
            ),
            Page("scorecard_json", "Scorecard JSON, same commentator", f"/commentators/{slug}/scorecard.json"),
        ]
    pages.append(Page("leaderboard", "Leaderboard", "/leaderboard/"))
    if targets.source:
        url = f"/sources/{targets.source.slug}/"
        pages.append(Page("source", "Source page, biggest source", url))
        pages.append(Page("source_cold", "Source page, same, cache cold", url, cold=True))
    pages.append(Page("api_claims", "API claim list", "/api/claims/"))
    pages.append(Page("admin_claims", f"Admin changelist, {per_page} a page", "/admin/claims/claim/", as_admin=True))
    if targets.topic:
        pages.append(
            Page(
                "admin_claims_topic",
                f"Admin changelist, topic {targets.topic.name}, {per_page} a page",
                f"/admin/claims/claim/?topics__id__exact={targets.topic.pk}",
                as_admin=True,
            )
        )
    return pages


def record_counts() -> dict[str, int]:
    """Return the size of the record (estimates from the planner's statistics would be quicker but vaguer)."""
    models = {
        "claims": Claim,
        "evidence": Evidence,
        "reports": Report,
        "commentators": Commentator,
        "sources": Source,
        "resolutions": Resolution,
    }
    return {name: model.objects.count() for name, model in models.items()}


def machine() -> dict[str, str]:
    """Describe where the benchmark ran."""
    memory = ""
    try:
        with open("/proc/meminfo") as meminfo:
            kilobytes = int(meminfo.readline().split()[1])
        memory = f"{kilobytes / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
        cursor.execute("SHOW shared_buffers")
        buffers = cursor.fetchone()[0]
    return {
        "cores": str(os.cpu_count()),
        "memory": memory,
        "processor": platform.processor() or platform.machine(),
        "postgresql": f"{server} (shared_buffers {buffers})",
        "python": platform.python_version(),
        "django": django.get_version(),
        "database": f"{connection.settings_dict.get('HOST') or 'local socket'}/{connection.settings_dict['NAME']}",
    }


def admin_client() -> Client:
    """Return a test client signed in as the benchmark's superuser (created the first time)."""
    user_model = get_user_model()
    user = user_model.objects.filter(username=ADMIN_USERNAME).first()
    if user is None:
        user = user_model(username=ADMIN_USERNAME, is_staff=True, is_superuser=True)
        user.set_unusable_password()
        user.save()
    client = Client()
    client.force_login(user)
    return client


IMPORT_TARGET = 20_000  # rows a second


def chronology_csv(rows: int, *, seed: int = 7) -> str:
    """Return a chronology CSV of new reports, each bearing on a recorded claim (docs/csv-formats.md)."""
    rng = random.Random(seed)
    sources = list(Source.objects.order_by("pk").values_list("slug", flat=True))
    claims = list(Claim.objects.live().order_by("pk").values_list("pk", flat=True))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["date", "source", "title", "summary", "url", "credibility", "claim", "stance", "note"])
    for number in range(1, rows + 1):
        year, month, day = rng.randrange(2000, 2026), rng.randrange(1, 13), rng.randrange(1, 29)
        date = rng.choice((f"{year}-{month:02d}-{day:02d}", f"{year}-{month:02d}", f"{month}/{year}", f"{year}"))
        writer.writerow(
            [
                date,
                rng.choice(sources),
                f"Imported report {number} on the sanctions",
                "What the report says, in the editor's words.",
                f"https://import.example/chronology/{seed}/{number}",
                rng.randrange(1, 7),
                rng.choice(claims),
                rng.choice(("supports", "contradicts", "mixed", "context")),
                "Bears on the claim's main condition." if number % 2 else "",
            ]
        )
    return out.getvalue()


def measure_import(rows: int, log: Callable[[str], None]) -> str:
    """Return import_csv's throughput on a chronology of rows new reports and evidence, or why not measured.

    The import runs as from the command line (all or nothing, checked in bulk, written with COPY, with
    history), inside a transaction that is then rolled back, so that the record the pages were timed on stays
    as it was. The rolled-back rows stay behind as dead rows until VACUUM: run it between measurements.
    """
    if "import_csv" not in get_commands():
        return "Not measured: there is no import_csv command yet."
    if not Source.objects.exists() or not Claim.objects.live().exists():
        return "Not measured: the record has no source or no claim to import evidence for."
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "chronology.csv"
        path.write_text(chronology_csv(rows))
        log(f"  import_csv: importing a chronology of {rows:,} rows (rolled back afterwards) ...")
        out = io.StringIO()
        with transaction.atomic():
            started = time.perf_counter()
            try:
                call_command("import_csv", "chronology", str(path), verbosity=0, stdout=out, stderr=io.StringIO())
            except CommandError as error:
                transaction.set_rollback(True)
                return f"Not measured: import_csv refused the generated chronology ({error})."
            seconds = time.perf_counter() - started
            transaction.set_rollback(True)
    rate = rows / seconds
    verdict = "meets" if rate >= IMPORT_TARGET else "**misses**"
    return (
        f"{rows:,} chronology rows (a new report and its evidence each) in {seconds:,.1f} s: "
        f"**{rate:,.0f} rows a second**, validation included; {verdict} the target of {IMPORT_TARGET:,} "
        f"({out.getvalue().strip()})."
    )


def run(
    *,
    requests: int = 20,
    warmup: int = 2,
    budget_s: float = 60.0,
    explain_queries: bool = True,
    profile: bool = False,
    import_rows: int = 100_000,
    log: Callable[[str], None] = print,
) -> BenchResult:
    """Measure every page, the bare SQL and the admin changelist; return the results."""
    started = datetime.datetime.now(datetime.UTC)
    load_at_start = os.getloadavg()[0]
    claim_admin = admin.site._registry.get(Claim)
    from claims.views import ClaimListView

    per_page = ClaimListView.paginate_by
    saved_per_page = claim_admin.list_per_page if claim_admin else None
    with override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"]):
        if claim_admin:
            claim_admin.list_per_page = per_page  # the same page size as the claim list
        try:
            targets = find_targets()
            counts = record_counts()
            log(
                f"Record: {counts['claims']:,} claims, {counts['evidence']:,} evidence links, "
                f"{counts['reports']:,} reports, {counts['commentators']:,} commentators."
            )
            reader, editor = Client(), admin_client()
            results = []
            for page in pages_for(targets, per_page):
                result = measure_page(
                    editor if page.as_admin else reader,
                    page,
                    requests=requests,
                    warmup=warmup,
                    budget_s=budget_s,
                    explain_queries=explain_queries,
                    profile=profile,
                )
                results.append(result)
                if result.skipped:
                    log(f"  {page.label}: skipped, {result.skipped}")
                else:
                    log(
                        f"  {page.label}: median {result.median:.1f} ms, p95 {result.p95:.1f} ms, "
                        f"{result.queries} queries, {result.rows_read:,} rows read ({len(result.runs_ms)} requests)"
                    )
            ratios = _ratios(results, targets, requests=requests, warmup=warmup, budget_s=budget_s)
            for ratio in ratios:
                log(f"  {ratio.label}: {ratio.ratio:.2f} (target {ratio.target})")
            import_note = measure_import(import_rows, log) if import_rows else "Not measured (--import-rows 0)."
            log(f"  import_csv: {import_note}")
        finally:
            if claim_admin:
                claim_admin.list_per_page = saved_per_page
    return BenchResult(
        database=connection.settings_dict["NAME"],
        counts=counts,
        machine=machine(),
        requests=requests,
        pages=results,
        ratios=ratios,
        import_note=import_note,
        started=started,
        warmup=warmup,
        load=(load_at_start, os.getloadavg()[0]),
    )


def _ratios(results: list[PageResult], targets: Targets, **timing) -> list[Ratio]:
    by_key = {result.page.key: result for result in results if not result.skipped}
    ratios = []
    sql_sets = [
        ("leaderboard", "Leaderboard ÷ its bare SQL", "Leaderboard page", LEADERBOARD_SQL, {}),
        (
            "leaderboard",
            "Leaderboard ÷ the bare SQL reading its kept sums",
            "Leaderboard page",
            LEADERBOARD_KEPT_SQL,
            {},
        ),
    ]
    if targets.commentator:
        params = {"id": targets.commentator.pk}
        sql_sets += [
            ("scorecard", "Scorecard page ÷ its bare SQL", "Scorecard page", SCORECARD_PAGE_SQL, params),
            (
                "scorecard_cold",
                "Scorecard page, cache cold ÷ its bare SQL",
                "Scorecard page, cache cold",
                SCORECARD_PAGE_SQL,
                params,
            ),
            ("scorecard_json", "Scorecard JSON ÷ its bare SQL", "Scorecard JSON", SCORECARD_JSON_SQL, params),
        ]
    for key, ratio_label, page_label, statements, params in sql_sets:
        if key not in by_key:
            continue
        bare = statistics.median(time_sql(statements, params, **timing))
        page_ms = by_key[key].median
        ratios.append(
            Ratio(
                ratio_label,
                page_label,
                f"bare SQL, {len(statements)} statement{'s' if len(statements) > 1 else ''}",
                page_ms,
                bare,
                f"≤ {BARE_SQL_TARGET}",
                page_ms / bare <= BARE_SQL_TARGET,
            )
        )
    for admin_key, list_key, label in (
        ("admin_claims", "claims", "unfiltered"),
        ("admin_claims_topic", "claims_topic", "one topic"),
    ):
        if admin_key in by_key and list_key in by_key:
            admin_ms, list_ms = by_key[admin_key].median, by_key[list_key].median
            ratios.append(
                Ratio(
                    f"Admin changelist ÷ claim list, {label}",
                    f"`{by_key[admin_key].page.url}`",
                    f"`{by_key[list_key].page.url}`",
                    admin_ms,
                    list_ms,
                    f"≥ {ADMIN_TARGET}",
                    admin_ms / list_ms >= ADMIN_TARGET,
                )
            )
    return ratios


# --- The report -----------------------------------------------------------------------------------


def _cell(value: float) -> str:
    return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"


def markdown(result: BenchResult, *, plans: bool = True) -> str:
    """Return the results as a markdown section: the machine, the table, the ratios and the slowest queries."""
    counts = result.counts
    lines = [
        f"## {counts['claims']:,} claims, {counts['evidence']:,} evidence links ({result.database})",
        "",
        f"Measured {result.started:%Y-%m-%d %H:%M} UTC on {result.machine['cores']} cores, "
        f"{result.machine['memory']} RAM; PostgreSQL {result.machine['postgresql']}; Python "
        f"{result.machine['python']}, Django {result.machine['django']}. Record: "
        + ", ".join(f"{count:,} {name}" for name, count in counts.items())
        + f". Up to {result.requests} timed requests a page after {result.warmup} warm-up requests. Load average "
        f"(1 min) {result.load[0]:.1f} at the start and {result.load[1]:.1f} at the end, on "
        f"{result.machine['cores']} cores: other work on the machine slows every figure alike.",
        "",
        "Rows read: the rows the table and index scans of one request's SELECT queries read, by EXPLAIN "
        "(ANALYZE); SQL ms: the sum of those queries' planning and execution times in the same EXPLAIN.",
        "",
        "| Page | URL | Requests | Median ms | p95 ms | Queries | Rows read | SQL ms | ≤ 10 queries, p95 ≤ 50 ms |",
        "|---|---|--:|--:|--:|--:|--:|--:|:-:|",
    ]
    for page in result.pages:
        if page.skipped:
            lines.append(f"| {page.page.label} | `{page.page.url}` | — | — | — | — | — | — | skipped: {page.skipped} |")
            continue
        lines.append(
            f"| {page.page.label} | `{page.page.url}` | {len(page.runs_ms)} | {_cell(page.median)} | "
            f"{_cell(page.p95)} | {page.queries} | {page.rows_read:,} | {_cell(page.sql_ms)} | "
            f"{'yes' if page.meets_targets else '**no**'} |"
        )
    lines += [
        "",
        "| Ratio | Measured | Median ms | Reference | Median ms | Ratio | Target | Met |",
        "|---|---|--:|---|--:|--:|:-:|:-:|",
    ]
    for ratio in result.ratios:
        lines.append(
            f"| {ratio.label} | {ratio.measured} | {_cell(ratio.measured_ms)} | {ratio.reference} | "
            f"{_cell(ratio.reference_ms)} | {ratio.ratio:.2f} | {ratio.target} | {'yes' if ratio.met else '**no**'} |"
        )
    lines += ["", f"import_csv: {result.import_note}", ""]
    if plans:
        lines += ["### Slowest query of each page", ""]
        for page in result.pages:
            if page.skipped or page.slowest is None:
                continue
            slowest = page.slowest
            sql = slowest.sql if len(slowest.sql) <= 1500 else f"{slowest.sql[:1500]} …"
            lines += [
                f"#### {page.page.label}: {slowest.ms:,.1f} ms of {page.sql_ms:,.1f} ms in SQL, "
                f"{slowest.rows_read:,} rows read",
                "",
                "```sql",
                sql,
                "```",
                "",
                "```",
                slowest.plan,
                "```",
                "",
            ]
    profiled = [page for page in result.pages if page.profile]
    if profiled:
        lines += ["### Where each page spends its time in Python (cProfile of one request, own time)", ""]
        for page in profiled:
            lines += [f"#### {page.page.label}", "", "```", page.profile, "```", ""]
    return "\n".join(lines)


def json_ready(result: BenchResult) -> dict:
    """Return the results as plain values, for comparing runs at several sizes."""
    return {
        "database": result.database,
        "started": result.started.isoformat(),
        "counts": result.counts,
        "machine": result.machine,
        "load": list(result.load),
        "pages": [
            {
                "key": page.page.key,
                "label": page.page.label,
                "url": page.page.url,
                "skipped": page.skipped,
                "requests": len(page.runs_ms),
                "median_ms": page.median if page.runs_ms else None,
                "p95_ms": page.p95 if page.runs_ms else None,
                "queries": page.queries,
                "rows_read": page.rows_read,
                "sql_ms": page.sql_ms,
                "slowest_sql_ms": page.slowest.ms if page.slowest else None,
            }
            for page in result.pages
        ],
        "ratios": [
            {"label": r.label, "measured_ms": r.measured_ms, "reference_ms": r.reference_ms, "ratio": r.ratio}
            for r in result.ratios
        ],
        "import": result.import_note,
    }


def compare_markdown(documents: list[dict]) -> str:
    """Return one table of several runs (the JSON that --json writes), smallest record first: how pages grow."""
    documents = sorted(documents, key=lambda document: document["counts"]["claims"])
    sizes = [f"{document['counts']['claims']:,}" for document in documents]
    header = ["Page", *(f"{size} claims: median / p95 ms" for size in sizes), "Queries", "Rows read"]
    lines = [
        "| " + " | ".join(header) + " |",
        "|---|" + "--:|" * len(sizes) + "--:|--:|",
    ]
    keys = list(dict.fromkeys(page["key"] for document in documents for page in document["pages"]))
    for key in keys:
        pages = [next((page for page in document["pages"] if page["key"] == key), None) for document in documents]
        label = next(page["label"] for page in pages if page)
        cells, queries, rows = [], [], []
        for page in pages:
            if page is None or page["skipped"]:
                cells.append("—")
                queries.append("—")
                rows.append("—")
                continue
            cells.append(f"{_cell(page['median_ms'])} / {_cell(page['p95_ms'])}")
            queries.append(str(page["queries"]))
            rows.append(f"{page['rows_read']:,}")
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {' / '.join(queries)} | {' / '.join(rows)} |")
    lines += ["", "| Ratio | " + " | ".join(f"{size} claims" for size in sizes) + " | Target |"]
    lines.append("|---|" + "--:|" * len(sizes) + ":-:|")
    targets = {"Leaderboard": "≤ 1.5", "Scorecard": "≤ 1.5", "Admin": "≥ 3.0"}
    labels = list(dict.fromkeys(ratio["label"] for document in documents for ratio in document["ratios"]))
    for label in labels:
        values = []
        for document in documents:
            ratio = next((ratio for ratio in document["ratios"] if ratio["label"] == label), None)
            values.append(f"{ratio['ratio']:.2f}" if ratio else "—")
        target = next((value for prefix, value in targets.items() if label.startswith(prefix)), "")
        lines.append(f"| {label} | " + " | ".join(values) + f" | {target} |")
    return "\n".join(lines)
