"""A synthetic record for benchmarks: drawn from a seed in plain Python, written with COPY, its ledger chained.

plan_record() draws every row (the same rows for the same seed, size, last day and first ids);
load_record() writes them with PostgreSQL COPY inside one transaction, appends their ledger entries
(hashed with claims.ledger, as the services would), checks the record's rules with SQL (check_record)
and commits only when every rule holds.

The shape follows what a newsroom's record looks like after years: per 100,000 claims about 5,000
commentators, 300 sources, 500,000 reports and 1,000,000 evidence links, a few prolific commentators
and sources and many small ones (Zipf-like), dates known to the day, month or year, stated
probabilities on some claims and estimative words on others, reports that repeat earlier ones,
resolutions on about half of the claims (a few judged twice), some retractions and walk-backs,
conditional claims, disputes of resolutions (open, upheld and overturned), replies, and one claim
with 1,000 evidence items.
"""

import bisect
import csv
import datetime
import io
import itertools
import json
import math
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import connection, models, transaction
from django.utils.text import slugify

from benchmarks import vocabulary as words
from claims.confidence import EstimativeWords, probability_of_words
from claims.models import Claim, Commentator, Dispute, Evidence, LedgerEntry, Reply, Resolution, Topic, Walkback
from claims.record import forms, ledger
from claims.scoring import figures
from claims.services import OPEN_DISPUTES_PER_READER
from sources.models import Report, Source

BIG_CLAIM_EVIDENCE = 1000
FIRST_REPORT_DAY = datetime.date(1995, 1, 1)
FIRST_CLAIM_DAY = datetime.date(2000, 1, 1)
UTC = datetime.UTC
EDITOR_PREFIX = "bench-editor-"
READER_PREFIX = "bench-reader-"


@dataclass(frozen=True)
class Sizes:
    """How many of each kind of row a record of a given number of claims holds."""

    claims: int
    commentators: int
    sources: int
    reports: int
    editors: int
    readers: int
    evidence_per_claim: float = 10.0

    @classmethod
    def for_claims(cls, claims: int) -> "Sizes":
        """Scale issue 7's figures for 100,000 claims: claims/20 commentators, 5 reports a claim, 300 sources."""
        return cls(
            claims=claims,
            commentators=max(5, round(claims / 20)),
            sources=max(5, round(300 * math.sqrt(claims / 100_000))),
            reports=max(5 * claims, BIG_CLAIM_EVIDENCE + 200),
            editors=max(2, min(25, claims // 4000)),
            readers=max(3, claims // 300),
        )


@dataclass
class Rows:
    """Rows of one table, in the order of columns (attnames of the model's fields)."""

    model: type[models.Model]
    columns: tuple[str, ...]
    rows: list[tuple] = field(default_factory=list)


@dataclass
class Record:
    """Every row of a planned record, table by table, in an order that satisfies the foreign keys."""

    tables: dict[str, Rows]
    big_claim_id: int

    def count(self, name: str) -> int:
        return len(self.tables[name].rows)


# --- Drawing ----------------------------------------------------------------------------------------


def zipf_cum_weights(count: int, exponent: float = 1.0) -> list[float]:
    """Return cumulative weights 1/k^s for ranks 1..count, for random.choices."""
    return list(itertools.accumulate(1.0 / (rank**exponent) for rank in range(1, count + 1)))


def _truncate(ordinal: int, precision: str) -> int:
    if precision == "day":
        return ordinal
    day = datetime.date.fromordinal(ordinal)
    return (day.replace(day=1) if precision == "month" else day.replace(month=1, day=1)).toordinal()


def _rising(rng: random.Random, first: int, last: int) -> int:
    """Return a day between first and last with density rising linearly: records grow over the years."""
    return first + int((last - first) * math.sqrt(rng.random()))


def _midnight(ordinal: int) -> datetime.datetime:
    return datetime.datetime.combine(datetime.date.fromordinal(ordinal), datetime.time(), UTC)


PRECISIONS = ("day", "month", "year")
CREDIBILITIES = (1, 2, 3, 4, 5, 6)
CREDIBILITY_WEIGHTS = (10, 30, 30, 12, 5, 13)
RELIABILITIES = ("A", "B", "C", "D", "E", "F")
RELIABILITY_WEIGHTS = (5, 30, 30, 12, 5, 18)
SOURCE_KINDS = ("news", "ngo", "government", "academic", "think_tank", "state_media", "social", "blog", "other")
SOURCE_KIND_WEIGHTS = (55, 6, 10, 5, 7, 4, 5, 6, 2)
KENT_WORDS = tuple(EstimativeWords.values)
KENT_WORD_WEIGHTS = (3, 15, 35, 12, 25, 8, 2)
STATED_PROBABILITIES = (0.01, 0.05, 0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.99)
STATED_WEIGHTS = (1, 3, 5, 5, 4, 5, 4, 6, 6, 3, 9, 7, 9, 4, 8, 5, 2)
HORIZONS = (30, 90, 180, 365, 365, 730, 1095, 1825, 3650)
STANCES = ("supports", "contradicts", "mixed", "context")
STANCE_WEIGHTS = {
    "true": (50, 20, 10, 20),
    "false": (20, 50, 10, 20),
    "partly_true": (35, 30, 20, 15),
    "void": (25, 25, 20, 30),
    "": (35, 30, 10, 25),
}
RETRACTION_REASONS = ("wrong_words", "duplicate", "not_a_claim")


class _Claim:
    """A claim being drawn, before it has an id."""

    __slots__ = (
        "commentator", "topics", "subject", "quote", "statement", "criteria", "appeared_in", "appeared_url",
        "made", "precision", "resolve_by", "probability", "words", "created_at", "resolutions", "retraction",
        "walkback", "evidence_count", "id", "condition", "reply",
    )  # fmt: skip


def _claim_texts(rng, subject, verb, deadline, probability, kent_words):
    by = f" by {deadline:%B %Y}" if deadline else ""
    if kent_words:
        quote = f"{words.WORDS_PHRASES[kent_words]} {subject} will {verb}{by}."
    elif probability is not None:
        quote = f"I would put the chance that {subject} will {verb}{by} at {round(probability * 100)} per cent."
    else:
        quote = f"{rng.choice(words.HEDGES)} {subject} will {verb}{by}."
    statement = f"{subject[0].upper()}{subject[1:]} will {verb}{by or ' eventually'}."
    when = f"{deadline:%d %B %Y}" if deadline else "the time of judgement"
    criteria = (
        f"True if reports published by {when} confirm that {subject} did {verb}; "
        f"false if they confirm it did not. Partly true if only part of it happened."
    )
    return quote, statement, criteria


def plan_record(
    *,
    sizes: Sizes,
    seed: int,
    until: datetime.date,
    starts: dict[str, int],
    topic_ids: list[int],
    editor_ids: list[int],
    reader_ids: list[int],
    taken_commentator_slugs: Iterable[str] = (),
    taken_source_names: Iterable[str] = (),
    taken_source_slugs: Iterable[str] = (),
) -> Record:
    """Draw every row of a record of sizes.claims claims, dated up to until, with ids from starts."""
    rng = random.Random(seed)
    last = until.toordinal()
    until_end = datetime.datetime.combine(until, datetime.time(23, 59, 59), UTC)
    topic_subjects = [subjects for _, subjects in words.TOPICS][: len(topic_ids)]
    topic_cum = zipf_cum_weights(len(topic_ids))
    editors_or_none = [*editor_ids, None]

    # Sources: Zipf-like, so that a few publish most reports.
    taken_names, taken_slugs = set(taken_source_names), set(taken_source_slugs)
    combinations = [f"The {place} {noun}" for place in words.OUTLET_PLACES for noun in words.OUTLET_NOUNS]
    rng.shuffle(combinations)
    source_rows, source_names, source_domains = [], [], []
    for index in range(sizes.sources):
        source_id = starts["source"] + index
        name = combinations[index % len(combinations)]
        if index >= len(combinations) or name in taken_names:
            name = f"{name} {source_id}"
        slug = slugify(name)
        if slug in taken_slugs:
            slug = f"{slug}-{source_id}"
        taken_names.add(name)
        taken_slugs.add(slug)
        country = rng.randrange(len(words.COUNTRIES))
        domain = f"{slug.removeprefix('the-')}.example"
        source_names.append(name)
        source_domains.append(domain)
        source_rows.append(
            [
                source_id,
                name,
                slug,
                rng.choices(SOURCE_KINDS, SOURCE_KIND_WEIGHTS)[0],
                f"https://www.{domain}/",
                words.COUNTRIES[country],
                words.LANGUAGES[country],
                f"{name}: a synthetic source for benchmarks.",
                rng.choices(RELIABILITIES, RELIABILITY_WEIGHTS)[0],
                None,  # created_at, set from its first report below
                None,
            ]
        )
    source_rank = list(range(sizes.sources))
    rng.shuffle(source_rank)

    # Reports, drawn then sorted by date, so that a report's index orders it in time.
    first_report = FIRST_REPORT_DAY.toordinal()
    precisions = rng.choices(PRECISIONS, (80, 15, 5), k=sizes.reports)
    dated = sorted((_truncate(_rising(rng, first_report, last), precision), precision) for precision in precisions)
    report_days = [day for day, _ in dated]
    report_sources = [
        source_rank[rank]
        for rank in rng.choices(range(sizes.sources), cum_weights=zipf_cum_weights(sizes.sources), k=sizes.reports)
    ]
    credibilities = rng.choices(CREDIBILITIES, CREDIBILITY_WEIGHTS, k=sizes.reports)
    report_topics = rng.choices(range(len(topic_ids)), cum_weights=topic_cum, k=sizes.reports)
    report_repeats: list[int | None] = [None] * sizes.reports
    report_rows = []
    for index, (day, precision) in enumerate(dated):
        report_id = starts["report"] + index
        source = report_sources[index]
        if index and rng.random() < 0.04:
            original = rng.randrange(max(0, index - 2000), index)
            if report_repeats[original] is None and report_sources[original] != source:
                report_repeats[index] = original
        subject = rng.choice(topic_subjects[report_topics[index]])
        what = rng.choice(words.REPORT_OBJECTS)
        date = datetime.date.fromordinal(day)
        url = f"https://www.{source_domains[source]}/{date:%Y/%m}/{report_id}" if rng.random() < 0.85 else ""
        created_at = min(until_end, _midnight(day) + datetime.timedelta(seconds=rng.randrange(90 * 86400)))
        repeats = report_repeats[index]
        report_rows.append(
            (
                report_id,
                starts["source"] + source,
                f"{what[0].upper()}{what[1:]} {subject}",
                url,
                date,
                precision,
                f"{source_names[source]} {rng.choice(words.REPORT_VERBS)} {what} {subject}.",
                f"“{subject[0].upper()}{subject[1:]} is changing faster than expected.”" if rng.random() < 0.15 else "",
                f"https://web.archive.org/web/{date:%Y%m%d}/{url}" if url and rng.random() < 0.1 else "",
                credibilities[index],
                None if repeats is None else starts["report"] + repeats,
                created_at,
                created_at,
            )
        )
    for index, row in enumerate(report_rows):
        source = source_rows[report_sources[index]]
        if source[9] is None or row[11] < source[9]:
            source[9] = row[11]
    for row in source_rows:
        row[9] = row[10] = row[9] or until_end

    # Commentators: Zipf-like, so that a few make most claims; each with a hidden skill.
    commentator_kinds, commentator_names = [], []
    for _ in range(sizes.commentators):
        kind = rng.choices(("person", "organisation", "group"), (85, 10, 5))[0]
        if kind == "group":
            name = f"{rng.choice(words.GROUPS).capitalize()} {rng.choice(words.TOPICS)[0]}"
        elif kind == "organisation":
            name = f"{rng.choice(words.OUTLET_PLACES)} {rng.choice(('Institute', 'Forum', 'Council', 'Research'))}"
        else:
            name = f"{rng.choice(words.FIRST_NAMES)} {rng.choice(words.LAST_NAMES)}"
        commentator_kinds.append(kind)
        commentator_names.append(name)
    claim_commentators = rng.choices(
        range(sizes.commentators), cum_weights=zipf_cum_weights(sizes.commentators), k=sizes.claims
    )
    commentator_rank = list(range(sizes.commentators))
    rng.shuffle(commentator_rank)
    skills = [rng.uniform(0.2, 1.0) for _ in range(sizes.commentators)]

    # Claims.
    first_claim = FIRST_CLAIM_DAY.toordinal()
    claim_reports_from = bisect.bisect_left(report_days, first_claim)
    claim_reports_to = bisect.bisect_left(report_days, last)  # reports before the last day
    drawn: list[_Claim] = []
    for index in range(sizes.claims):
        claim = _Claim()
        claim.commentator = commentator_rank[claim_commentators[index]]
        topic_count = rng.choices((0, 1, 2, 3), (10, 45, 30, 15))[0]
        chosen = []
        while len(chosen) < topic_count:
            topic = rng.choices(range(len(topic_ids)), cum_weights=topic_cum)[0]
            if topic not in chosen:
                chosen.append(topic)
        claim.topics = chosen
        subjects = topic_subjects[chosen[0] if chosen else rng.randrange(len(topic_ids))]
        claim.subject = rng.choice(subjects)
        where = rng.random()
        claim.appeared_in, claim.appeared_url = None, ""
        if where < 0.25 and claim_reports_to > claim_reports_from:
            report = rng.randrange(claim_reports_from, claim_reports_to)
            claim.appeared_in = report
            claim.made, claim.precision = dated[report]
        else:
            claim.precision = rng.choices(PRECISIONS, (70, 22, 8))[0]
            claim.made = _truncate(_rising(rng, first_claim, last - 1), claim.precision)
            if where < 0.75:
                claim.appeared_url = f"https://commentary.example/{claim.commentator}/{index}"
        made = claim.made
        claim.resolve_by = None
        if rng.random() < 0.75:
            claim.resolve_by = made + rng.choice(HORIZONS) + rng.randrange(30)
        confidence = rng.random()
        claim.probability, claim.words = None, ""
        if confidence < 0.3:
            claim.probability = rng.choices(STATED_PROBABILITIES, STATED_WEIGHTS)[0]
        elif confidence < 0.65:
            claim.words = rng.choices(KENT_WORDS, KENT_WORD_WEIGHTS)[0]
        deadline = datetime.date.fromordinal(claim.resolve_by) if claim.resolve_by else None
        claim.quote, claim.statement, claim.criteria = _claim_texts(
            rng, claim.subject, rng.choice(words.FUTURE_VERBS), deadline, claim.probability, claim.words
        )
        claim.condition = ""
        if rng.random() < 0.04:
            claim.condition = f"if {rng.choice(rng.choice(topic_subjects))} {rng.choice(words.CONDITIONS)}"
        # Logged soon after it was made, or (for half of them) looked up later from the archive.
        latest_logging = (until_end - _midnight(made)).total_seconds()
        delay = rng.uniform(0, min(3 * 86400, latest_logging)) if rng.random() < 0.5 else rng.uniform(0, latest_logging)
        claim.created_at = min(until_end, _midnight(made) + datetime.timedelta(seconds=int(delay)))

        # About half are resolved: most of those past their deadline, a few early.
        if claim.resolve_by is not None and claim.resolve_by < last:
            chance = 0.68
        elif claim.resolve_by is None:
            chance = 0.35 if made < last - 365 else 0.1
        else:
            chance = 0.08
        claim.resolutions = []
        if rng.random() < chance:
            if claim.resolve_by is not None and claim.resolve_by < last:
                resolved = min(last, max(made, claim.resolve_by + rng.randrange(-60, 120)))
            else:
                resolved = made + int((last - made) * rng.random())
            p = claim.probability if claim.probability is not None else probability_of_words(claim.words)
            outcome, condition_met = _draw_outcome(rng, p, skills[claim.commentator], claim.condition)
            recorded = min(
                until_end,
                max(claim.created_at, _midnight(resolved)) + datetime.timedelta(seconds=rng.randrange(20 * 86400)),
            )
            claim.resolutions.append((outcome, resolved, recorded, rng.choice(editors_or_none), condition_met))
            if rng.random() < 0.03:  # judged again later: the new resolution is the claim's outcome
                again = min(last, resolved + rng.randrange(366))
                recorded_again = min(until_end, recorded + datetime.timedelta(seconds=rng.randrange(3600, 400 * 86400)))
                outcome, condition_met = _draw_outcome(rng, p, skills[claim.commentator], claim.condition)
                claim.resolutions.append((outcome, again, recorded_again, rng.choice(editors_or_none), condition_met))
        claim.retraction = None
        if not claim.resolutions and rng.random() < 0.004:
            reason = rng.choice(RETRACTION_REASONS)
            at = min(until_end, claim.created_at + datetime.timedelta(seconds=rng.randrange(3600, 60 * 86400)))
            claim.retraction = (at, reason, words.RETRACTION_NOTES[reason], rng.choice(editors_or_none))
        claim.walkback = None
        if claim.retraction is None and rng.random() < 0.01:
            claim.walkback = min(last, made + rng.randrange(30, 1000))
        claim.reply = None
        if rng.random() < 0.005:
            claim.reply = min(last, made + rng.randrange(1, 400))
        count = min(400, int(rng.lognormvariate(1.85, 1.0)))
        if any(outcome != "void" for outcome, *_ in claim.resolutions):
            count = max(count, 1)  # a resolution that is not void cites evidence
        claim.evidence_count = count
        drawn.append(claim)

    # The claim with 1,000 evidence items: one of the most prolific commentator's, made well in the past.
    prolific = commentator_rank[0]
    candidates = [claim for claim in drawn if claim.commentator == prolific and claim.retraction is None] or [
        claim for claim in drawn if claim.retraction is None
    ]
    big = min(candidates, key=lambda claim: (claim.made, claim.created_at))
    big.evidence_count = min(BIG_CLAIM_EVIDENCE, sizes.reports)

    # Ids follow the order in which the claims were logged.
    drawn.sort(key=lambda claim: claim.created_at)
    for index, claim in enumerate(drawn):
        claim.id = starts["claim"] + index

    claim_rows, topic_rows, evidence_rows, walkback_rows, reply_rows = [], [], [], [], []
    resolutions = []  # (recorded_at, claim id, order, outcome, resolved_on, resolved_by, evidence of the claim)
    topic_link_id, evidence_id, walkback_id = starts["claim_topics"], starts["evidence"], starts["walkback"]
    reply_id = starts["reply"]
    for claim in drawn:
        latest = claim.resolutions[-1] if claim.resolutions else None
        retraction = claim.retraction
        claim_rows.append(
            (
                claim.id,
                starts["commentator"] + claim.commentator,
                claim.quote,
                claim.statement,
                claim.criteria,
                None if claim.appeared_in is None else starts["report"] + claim.appeared_in,
                claim.appeared_url,
                datetime.date.fromordinal(claim.made),
                claim.precision,
                datetime.date.fromordinal(claim.resolve_by) if claim.resolve_by else None,
                claim.probability,
                claim.words,
                latest[0] if latest else "",
                datetime.date.fromordinal(latest[1]) if latest else None,
                claim.condition,
                latest[4] if latest else None,
                retraction[0] if retraction else None,
                retraction[1] if retraction else "",
                retraction[2] if retraction else "",
                retraction[3] if retraction else None,
                2 if retraction else 1,
                rng.choice(editors_or_none),
                claim.created_at,
                retraction[0] if retraction else claim.created_at,
            )
        )
        for topic in claim.topics:
            topic_rows.append((topic_link_id, claim.id, topic_ids[topic]))
            topic_link_id += 1

        # Evidence: distinct reports published from a year before the claim to a little after its verdict.
        end = min(last, latest[1] + 90) if latest else last
        low = bisect.bisect_left(report_days, claim.made - 365)
        high = bisect.bisect_right(report_days, end)
        if claim is big or high - low < claim.evidence_count:
            low, high = 0, bisect.bisect_right(report_days, last)
        chosen_reports = rng.sample(range(low, high), min(claim.evidence_count, high - low))
        stance_weights = STANCE_WEIGHTS[latest[0] if latest else ""]
        stances = rng.choices(STANCES, stance_weights, k=len(chosen_reports))
        items = []
        for report, stance in zip(chosen_reports, stances, strict=True):
            added = max(claim.created_at, _midnight(report_days[report]))
            added = min(until_end, added + datetime.timedelta(seconds=rng.randrange(30 * 86400)))
            note = rng.choice(words.NOTES) if rng.random() < 0.5 else ""
            evidence_rows.append(
                (evidence_id, claim.id, starts["report"] + report, stance, note, rng.choice(editors_or_none), added)
            )
            items.append((evidence_id, report_days[report]))
            evidence_id += 1
        for order, (outcome, resolved, recorded, editor, condition_met) in enumerate(claim.resolutions):
            resolutions.append((recorded, claim.id, order, outcome, resolved, editor, condition_met, items))
        if claim.reply is not None:
            name = commentator_names[claim.commentator]
            reply_rows.append(
                (
                    reply_id,
                    claim.id,
                    rng.choice((name, f"A spokesperson for {name}")),
                    datetime.date.fromordinal(claim.reply),
                    "day",
                    rng.choice(words.REPLIES),
                    None,
                    "",
                    rng.choice(editors_or_none),
                    min(until_end, max(claim.created_at, _midnight(claim.reply)) + datetime.timedelta(hours=2)),
                )
            )
            reply_id += 1
        if claim.walkback is not None:
            walkback_rows.append(
                (
                    walkback_id,
                    claim.id,
                    datetime.date.fromordinal(claim.walkback),
                    "day",
                    rng.choice(words.WALKBACKS),
                    None,
                    f"https://commentary.example/walkbacks/{claim.id}" if rng.random() < 0.5 else "",
                    rng.choice(editors_or_none),
                    min(until_end, _midnight(claim.walkback) + datetime.timedelta(seconds=rng.randrange(86400))),
                )
            )
            walkback_id += 1

    # Resolutions, numbered in the order they were recorded, each citing evidence of its own claim.
    resolutions.sort(key=lambda resolution: resolution[:3])
    resolution_rows, cited_rows = [], []
    cited_id = starts["cited"]
    by_claim: dict[int, list[tuple]] = {}
    for index, (recorded, claim_id, _, outcome, resolved, editor, condition_met, items) in enumerate(resolutions):
        resolution_id = starts["resolution"] + index
        resolution_rows.append(
            (
                resolution_id,
                claim_id,
                outcome,
                datetime.date.fromordinal(resolved),
                words.RATIONALES[outcome],
                condition_met,
                editor,
                recorded,
            )
        )
        by_claim.setdefault(claim_id, []).append((resolution_id, recorded, editor))
        before = [item for item, day in items if day <= resolved] or [item for item, _ in items]
        wanted = rng.choice((1, 1, 2, 3)) if outcome != "void" else rng.choice((0, 1))
        for item in sorted(rng.sample(before, min(wanted, len(before)))):
            cited_rows.append((cited_id, resolution_id, item))
            cited_id += 1

    # Disputes: a judgement later overturned was disputed first; a few current judgements are disputed,
    # some still open (at most OPEN_DISPUTES_PER_READER open a reader), the others upheld.
    dispute_rows = []
    dispute_id, open_disputes = starts["dispute"], 0
    for claim_id, judged in by_claim.items():
        status = None
        if len(judged) > 1 and rng.random() < 0.5:
            (disputed, recorded, _), (new, new_recorded, new_editor) = judged[-2], judged[-1]
            status, raised = "overturned", recorded + (new_recorded - recorded) * rng.random()
            decided, decider = new_recorded, new_editor
        elif rng.random() < 0.02:
            disputed, recorded, _ = judged[-1]
            new = None
            raised = min(until_end, recorded + datetime.timedelta(seconds=rng.randrange(1, 90 * 86400)))
            if open_disputes < OPEN_DISPUTES_PER_READER * len(reader_ids) and rng.random() < 0.4:
                status, decided, decider = "open", None, None
            else:
                status, decider = "upheld", rng.choice(editor_ids)
                decided = min(until_end, raised + datetime.timedelta(seconds=rng.randrange(1, 30 * 86400)))
        if status is None:
            continue
        if status == "open":
            reader = reader_ids[open_disputes % len(reader_ids)]
            open_disputes += 1
        else:
            reader = rng.choice(reader_ids)
        dispute_rows.append(
            (
                dispute_id,
                disputed,
                claim_id,
                reader,
                raised,
                rng.choice(words.DISPUTE_REASONS),
                None,
                "",
                "",
                status,
                decider,
                decided,
                "" if status == "open" else words.DECISIONS[status],
                new,
            )
        )
        dispute_id += 1

    # Commentators, created before their first claim.
    first_claim_at: dict[int, datetime.datetime] = {}
    for claim in drawn:
        first_claim_at.setdefault(claim.commentator, claim.created_at)
    taken = set(taken_commentator_slugs)
    commentator_rows = []
    for index in range(sizes.commentators):
        commentator_id = starts["commentator"] + index
        kind, name = commentator_kinds[index], commentator_names[index]
        slug = f"{slugify(name)}-{commentator_id}"
        while slug in taken:
            slug = f"{slug}-x"
        taken.add(slug)
        created = first_claim_at.get(index, until_end) - datetime.timedelta(hours=1)
        commentator_rows.append(
            (
                commentator_id,
                name,
                slug,
                kind,
                rng.choice(words.AFFILIATIONS) if rng.random() < 0.5 else "",
                f"{name} comments on {rng.choice(words.TOPICS)[0]}." if rng.random() < 0.6 else "",
                f"https://commentary.example/{slug}" if rng.random() < 0.3 else "",
                created,
                created,
            )
        )

    return Record(
        tables={
            "commentator": Rows(Commentator, COLUMNS["commentator"], commentator_rows),
            "source": Rows(Source, COLUMNS["source"], [tuple(row) for row in source_rows]),
            "report": Rows(Report, COLUMNS["report"], report_rows),
            "claim": Rows(Claim, COLUMNS["claim"], claim_rows),
            "claim_topics": Rows(Claim.topics.through, COLUMNS["claim_topics"], topic_rows),
            "evidence": Rows(Evidence, COLUMNS["evidence"], evidence_rows),
            "resolution": Rows(Resolution, COLUMNS["resolution"], resolution_rows),
            "cited": Rows(Resolution.cited_evidence.through, COLUMNS["cited"], cited_rows),
            "walkback": Rows(Walkback, COLUMNS["walkback"], walkback_rows),
            "reply": Rows(Reply, COLUMNS["reply"], reply_rows),
            "dispute": Rows(Dispute, COLUMNS["dispute"], dispute_rows),
        },
        big_claim_id=big.id,
    )


def _draw_outcome(rng: random.Random, p: float | None, skill: float, condition: str) -> tuple[str, bool | None]:
    """Draw an outcome and, for a conditional claim, whether its condition was met (void when it was not).

    Void sometimes; else true with a chance between p and a coin toss, by the commentator's skill.
    """
    condition_met = None
    if condition:
        condition_met = rng.random() < 0.75
        if not condition_met:
            return "void", False
    if rng.random() < 0.05:
        return "void", condition_met
    if rng.random() < 0.07:
        return "partly_true", condition_met
    chance = 0.45 if p is None else skill * p + (1 - skill) * 0.5
    return ("true" if rng.random() < chance else "false"), condition_met


COLUMNS: dict[str, tuple[str, ...]] = {
    "commentator": ("id", "name", "slug", "kind", "affiliation", "bio", "links", "created_at", "updated_at"),
    "source": (
        "id", "name", "slug", "kind", "homepage", "country", "language", "description", "reliability",
        "created_at", "updated_at",
    ),
    "report": (
        "id", "source_id", "title", "url", "published_on", "published_precision", "summary", "excerpt",
        "archive_url", "credibility", "repeats_id", "created_at", "updated_at",
    ),
    "claim": (
        "id", "commentator_id", "quote", "statement", "resolution_criteria", "appeared_in_id", "appeared_url",
        "made_on", "made_precision", "resolve_by", "probability", "estimative_words", "outcome", "resolved_on",
        "condition", "condition_met", "retracted_at", "retraction_reason", "retraction_note", "retracted_by_id",
        "version", "created_by_id", "created_at", "updated_at",
    ),
    "claim_topics": ("id", "claim_id", "topic_id"),
    "evidence": ("id", "claim_id", "report_id", "stance", "note", "added_by_id", "added_at"),
    "resolution": (
        "id", "claim_id", "outcome", "resolved_on", "rationale", "condition_met", "resolved_by_id", "recorded_at",
    ),
    "cited": ("id", "resolution_id", "evidence_id"),
    "walkback": ("id", "claim_id", "said_on", "said_precision", "text", "report_id", "url", "added_by_id", "added_at"),
    "reply": (
        "id", "claim_id", "speaker", "said_on", "said_precision", "text", "report_id", "url", "added_by_id", "added_at",
    ),
    "dispute": (
        "id", "resolution_id", "claim_id", "raised_by_id", "raised_at", "reason", "report_id", "evidence_url",
        "evidence_title", "status", "decided_by_id", "decided_at", "decision", "new_resolution_id",
    ),
    "ledger": (
        "id", "sequence", "kind", "claim_id", "resolution_id", "object_id", "content", "content_hash",
        "previous_hash", "entry_hash", "recorded_at",
    ),
}  # fmt: skip


# --- The ledger ---------------------------------------------------------------------------------


def ledger_rows(record: Record, *, first_id: int, first_sequence: int, previous_hash: str) -> list[tuple]:
    """Return the ledger entries of the record, chained after previous_hash in the order things happened.

    Each claim is recorded when it was logged, a retracted claim again when it was retracted, each
    resolution when it was recorded, and every other covered part (claims.record.forms) when it was added:
    what the application would have appended, hashed by claims.record.ledger.
    """
    claims = record.tables["claim"]
    cited: dict[int, list[int]] = {}
    for _, resolution_id, evidence_id in record.tables["cited"].rows:
        cited.setdefault(resolution_id, []).append(evidence_id)
    events = []  # (when, order, id, kind, claim id, resolution id, content)
    for row in claims.rows:
        claim = Claim(**dict(zip(claims.columns, row, strict=True)))
        content = ledger.claim_form(claim)
        if claim.retracted_at is None:
            events.append((claim.created_at, 0, claim.pk, LedgerEntry.Kind.CLAIM, claim.pk, None, content))
        else:
            events.append(
                (claim.created_at, 0, claim.pk, LedgerEntry.Kind.CLAIM, claim.pk, None, {**content, "retraction": None})
            )
            events.append((claim.retracted_at, 2, claim.pk, LedgerEntry.Kind.CLAIM, claim.pk, None, content))
    resolutions = record.tables["resolution"]
    for row in resolutions.rows:
        resolution = Resolution(**dict(zip(resolutions.columns, row, strict=True)))
        content = ledger.resolution_form(resolution, cited.get(resolution.pk, []))
        events.append(
            (
                resolution.recorded_at,
                1,
                resolution.pk,
                LedgerEntry.Kind.RESOLUTION,
                resolution.claim_id,
                resolution.pk,
                content,
            )
        )
    for covered in forms.COVERED.values():
        table = record.tables.get(covered.kind)
        if table is None:
            continue
        when_field = next(name for name in ("created_at", "added_at", "raised_at") if name in table.columns)
        for row in table.rows:
            part = covered.model(**dict(zip(table.columns, row, strict=True)))
            claim_id = getattr(part, covered.claim_field) if covered.claim_field else None
            content = forms.form(covered, part)
            events.append((getattr(part, when_field), 3, part.pk, covered.kind, claim_id, None, content, part.pk))
    created = {row[0]: row[claims.columns.index("created_at")] for row in claims.rows}
    topics: dict[int, list[int]] = {}
    for _, claim_id, topic_id in record.tables["claim_topics"].rows:
        topics.setdefault(claim_id, []).append(topic_id)
    for claim_id, topic_ids in topics.items():
        content = forms.claim_topics_form(claim_id, topic_ids)
        events.append((created[claim_id], 4, claim_id, forms.CLAIM_TOPICS, claim_id, None, content, claim_id))
    events.sort(key=lambda event: event[:3])
    rows = []
    previous = previous_hash
    for offset, (when, _, _, kind, claim_id, resolution_id, content, *part) in enumerate(events):
        digest = ledger.content_hash(content)
        link = ledger.entry_hash(previous, digest)
        rows.append(
            (
                first_id + offset,
                first_sequence + offset,
                kind,
                claim_id,
                resolution_id,
                part[0] if part else None,
                json.dumps(content),
                digest,
                previous,
                link,
                when,
            )
        )
        previous = link
    return rows


# --- Writing ------------------------------------------------------------------------------------


def _quoted(name: str) -> str:
    return connection.ops.quote_name(name)


def _completed(model: type[models.Model], columns: tuple[str, ...]) -> tuple[tuple[str, ...], tuple]:
    """Return the model's other columns and the constant each gets, refusing one that needs a value.

    Fields added to the models after this generator was written get their default, so that the
    generator keeps working while the schema grows; a new required field without a default stops it
    with a message naming the field.
    """
    names, values = [], []
    for model_field in model._meta.concrete_fields:
        if model_field.attname in columns or isinstance(model_field, models.GeneratedField):
            continue
        if model_field.db_default is not models.NOT_PROVIDED:
            continue  # the database fills it in
        default = model_field.get_default()
        if default is None and not model_field.null:
            raise RuntimeError(
                f"{model.__name__}.{model_field.name} is required and has no default: teach "
                "benchmarks/record.py to fill it in."
            )
        names.append(model_field.column)
        values.append(default)
    return tuple(names), tuple(values)


def copy_rows(
    cursor, model: type[models.Model], columns: tuple[str, ...], rows: list[tuple], chunk: int = 100_000
) -> None:
    """Write rows into the model's table with COPY ... FROM STDIN (CSV), a chunk at a time."""
    extra_columns, extra_values = _completed(model, columns)
    by_attname = {model_field.attname: model_field.column for model_field in model._meta.concrete_fields}
    db_columns = [by_attname[name] for name in columns]
    statement = (
        f"COPY {_quoted(model._meta.db_table)} ({', '.join(_quoted(c) for c in [*db_columns, *extra_columns])}) "
        "FROM STDIN WITH (FORMAT csv)"
    )
    for start in range(0, len(rows), chunk):
        buffer = io.StringIO()
        writer = csv.writer(buffer, quoting=csv.QUOTE_NOTNULL, lineterminator="\n")
        if extra_columns:
            writer.writerows(row + extra_values for row in rows[start : start + chunk])
        else:
            writer.writerows(rows[start : start + chunk])
        buffer.seek(0)
        cursor.copy_expert(statement, buffer)


def _reserve_ids(cursor, model: type[models.Model]) -> int:
    """Lock the model's table against other writers and return the first id this load may use."""
    table = model._meta.db_table
    cursor.execute(f"LOCK TABLE {_quoted(table)} IN EXCLUSIVE MODE")
    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
    sequence = cursor.fetchone()[0]
    cursor.execute(f"SELECT GREATEST(nextval(%s), (SELECT COALESCE(max(id), 0) + 1 FROM {_quoted(table)}))", [sequence])
    return cursor.fetchone()[0]


def _advance_sequence(cursor, model: type[models.Model]) -> None:
    table = model._meta.db_table
    cursor.execute(
        f"SELECT setval(pg_get_serial_sequence(%s, 'id'), max(id)) FROM {_quoted(table)} HAVING max(id) IS NOT NULL",
        [table],
    )


def ensure_topics(count: int) -> list[int]:
    """Return the ids of the vocabulary's first count topics, creating those missing."""
    wanted = [(name, slugify(name)) for name, _ in words.TOPICS[:count]]
    existing = {topic.slug: topic.pk for topic in Topic.objects.filter(slug__in=[slug for _, slug in wanted])}
    missing = [
        Topic(name=name, slug=slug, description=f"Claims about {name}.")
        for name, slug in wanted
        if slug not in existing
    ]
    for topic in Topic.objects.bulk_create(missing):
        existing[topic.slug] = topic.pk
    return [existing[slug] for _, slug in wanted]


def ensure_users(prefix: str, count: int) -> list[int]:
    """Return the ids of the benchmark's accounts named prefix1, prefix2 …, creating those missing."""
    user_model = get_user_model()
    names = [f"{prefix}{number}" for number in range(1, count + 1)]
    existing = dict(user_model.objects.filter(username__in=names).values_list("username", "pk"))
    for name in names:
        if name not in existing:
            user = user_model(username=name)
            user.set_unusable_password()
            user.save()
            existing[name] = user.pk
    return [existing[name] for name in names]


TABLE_ORDER = (
    "commentator", "source", "report", "claim", "claim_topics", "evidence", "resolution", "cited", "walkback", "reply",
    "dispute",
)  # fmt: skip


@dataclass
class LoadResult:
    counts: dict[str, int]
    big_claim_id: int
    triggers_bypassed: bool
    seconds: dict[str, float]


def load_record(
    *,
    claims: int,
    seed: int,
    until: datetime.date,
    keep_triggers: bool = False,
    check: bool = True,
    log: Callable[[str], None] = print,
) -> LoadResult:
    """Plan and write a record of the given number of claims in one transaction; raise if a rule fails."""
    sizes = Sizes.for_claims(claims)
    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(stage: str, message: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[stage] = now - clock
        clock = now
        log(f"  {message} ({seconds[stage]:.1f} s)")

    with transaction.atomic(), connection.cursor() as cursor:
        bypass = False
        if not keep_triggers:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            bypass = bool(cursor.fetchone()[0])
            if bypass:
                # Replica mode skips every trigger of this transaction: the history (pghistory) and
                # append-only triggers, the resolution-date trigger and the foreign-key checks.
                # check_record() below checks the same rules in bulk before anything is committed.
                cursor.execute("SET LOCAL session_replication_role = replica")
            else:
                log("  Not a superuser: triggers stay on, which is slower (history rows are written too).")
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ledger.LEDGER_LOCK_KEY])
        topic_ids = ensure_topics(len(words.TOPICS))
        editor_ids = ensure_users(EDITOR_PREFIX, sizes.editors)
        reader_ids = ensure_users(READER_PREFIX, sizes.readers)
        models_by_table = {
            "commentator": Commentator, "source": Source, "report": Report, "claim": Claim,
            "claim_topics": Claim.topics.through, "evidence": Evidence, "resolution": Resolution,
            "cited": Resolution.cited_evidence.through, "walkback": Walkback, "reply": Reply, "dispute": Dispute,
        }  # fmt: skip
        starts = {name: _reserve_ids(cursor, model) for name, model in models_by_table.items()}
        record = plan_record(
            sizes=sizes,
            seed=seed,
            until=until,
            starts=starts,
            topic_ids=topic_ids,
            editor_ids=editor_ids,
            reader_ids=reader_ids,
            taken_commentator_slugs=Commentator.objects.values_list("slug", flat=True),
            taken_source_names=Source.objects.values_list("name", flat=True),
            taken_source_slugs=Source.objects.values_list("slug", flat=True),
        )
        lap("plan", f"drew {record.count('claim'):,} claims, {record.count('report'):,} reports, "
            f"{record.count('evidence'):,} evidence links, {record.count('resolution'):,} resolutions")  # fmt: skip
        for name in TABLE_ORDER:
            rows = record.tables[name]
            copy_rows(cursor, rows.model, rows.columns, rows.rows)
            lap(name, f"wrote {len(rows.rows):,} rows of {rows.model._meta.db_table}")

        first_id = _reserve_ids(cursor, LedgerEntry)
        last = LedgerEntry.objects.order_by("-sequence").values_list("sequence", "entry_hash").first()
        entries = ledger_rows(
            record,
            first_id=first_id,
            first_sequence=last[0] + 1 if last else 1,
            previous_hash=last[1] if last else ledger.GENESIS_HASH,
        )
        lap("ledger_hash", f"hashed {len(entries):,} ledger entries")
        copy_rows(cursor, LedgerEntry, COLUMNS["ledger"], entries)
        lap("ledger", f"wrote {len(entries):,} ledger entries")
        for model in [*models_by_table.values(), LedgerEntry]:
            _advance_sequence(cursor, model)
        ledger.record_rows(Topic, topic_ids)  # the topics ensure_topics made (none if they were there)
        if bypass:
            # Back to normal for the rest of the transaction (it matters when the caller's transaction goes on).
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")
        # The figures the triggers keep (claims.figures), computed once for the whole record.
        figures.rebuild()
        lap("figures", "rebuilt the commentators' and sources' figures")
        if check:
            problems = check_record(cursor)
            lap("check", f"checked the record's rules: {len(problems)} problem(s)")
            if problems:
                raise RecordProblems(problems)

    counts = {name: record.count(name) for name in TABLE_ORDER}
    counts["ledger"] = len(entries)
    return LoadResult(counts=counts, big_claim_id=record.big_claim_id, triggers_bypassed=bypass, seconds=seconds)


def vacuum_analyze(log: Callable[[str], None] = print) -> None:
    """VACUUM ANALYZE the loaded tables, as autovacuum eventually would: fresh statistics, visibility maps."""
    tables = [
        model._meta.db_table
        for model in (
            Commentator, Source, Report, Claim, Claim.topics.through, Evidence, Resolution,
            Resolution.cited_evidence.through, Walkback, Reply, Dispute, LedgerEntry, Topic,
        )
    ]  # fmt: skip
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"VACUUM (ANALYZE) {_quoted(table)}")


class RecordProblems(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("The generated record breaks these rules:\n- " + "\n- ".join(problems))
        self.problems = problems


# --- Checking -----------------------------------------------------------------------------------

RULES: dict[str, str] = {
    "a report repeats a report that is itself a repeat": """
        SELECT count(*) FROM sources_report r JOIN sources_report o ON o.id = r.repeats_id
        WHERE o.repeats_id IS NOT NULL""",
    "a report repeats one published after it": """
        SELECT count(*) FROM sources_report r JOIN sources_report o ON o.id = r.repeats_id
        WHERE date_trunc(
            CASE WHEN 'year' IN (r.published_precision, o.published_precision) THEN 'year'
                 WHEN 'month' IN (r.published_precision, o.published_precision) THEN 'month' ELSE 'day' END,
            o.published_on) > date_trunc(
            CASE WHEN 'year' IN (r.published_precision, o.published_precision) THEN 'year'
                 WHEN 'month' IN (r.published_precision, o.published_precision) THEN 'month' ELSE 'day' END,
            r.published_on)""",
    "a claim is made in the future": "SELECT count(*) FROM claims_claim WHERE made_on > current_date",
    "a resolution is dated before its claim was made, or in the future": """
        SELECT count(*) FROM claims_resolution r JOIN claims_claim c ON c.id = r.claim_id
        WHERE r.resolved_on < c.made_on OR r.resolved_on > current_date""",
    "a claim's outcome, resolution date or condition judgement is not its latest resolution's": """
        SELECT count(*) FROM claims_claim c LEFT JOIN (
            SELECT DISTINCT ON (claim_id) claim_id, outcome, resolved_on, condition_met FROM claims_resolution
            ORDER BY claim_id, recorded_at DESC, id DESC) latest ON latest.claim_id = c.id
        WHERE c.outcome IS DISTINCT FROM COALESCE(latest.outcome, '')
           OR c.resolved_on IS DISTINCT FROM latest.resolved_on
           OR c.condition_met IS DISTINCT FROM latest.condition_met""",
    "a resolution of a conditional claim leaves the condition unjudged, or one of another claim judges it": """
        SELECT count(*) FROM claims_resolution r JOIN claims_claim c ON c.id = r.claim_id
        WHERE (c.condition <> '') <> (r.condition_met IS NOT NULL)""",
    "a dispute is of a resolution of another claim": """
        SELECT count(*) FROM claims_dispute d JOIN claims_resolution r ON r.id = d.resolution_id
        WHERE r.claim_id <> d.claim_id""",
    "an open dispute is not of its claim's current resolution": """
        SELECT count(*) FROM claims_dispute d WHERE d.status = 'open' AND d.resolution_id <> (
            SELECT r.id FROM claims_resolution r WHERE r.claim_id = d.claim_id ORDER BY r.recorded_at DESC, r.id DESC
            LIMIT 1)""",
    "an overturned dispute's new resolution is of another claim, or recorded before the dispute": """
        SELECT count(*) FROM claims_dispute d JOIN claims_resolution n ON n.id = d.new_resolution_id
        WHERE n.claim_id <> d.claim_id OR n.recorded_at < d.raised_at""",
    "a reader has more open disputes than allowed": f"""
        SELECT count(*) FROM (SELECT raised_by_id FROM claims_dispute WHERE status = 'open' GROUP BY raised_by_id
                              HAVING count(*) > {OPEN_DISPUTES_PER_READER}) crowded""",
    "a resolution cites evidence of another claim": """
        SELECT count(*) FROM claims_resolution_cited_evidence ce
        JOIN claims_resolution r ON r.id = ce.resolution_id JOIN claims_evidence e ON e.id = ce.evidence_id
        WHERE e.claim_id <> r.claim_id""",
    "a resolution other than void cites no evidence": """
        SELECT count(*) FROM claims_resolution r WHERE r.outcome <> 'void'
        AND NOT EXISTS (SELECT 1 FROM claims_resolution_cited_evidence ce WHERE ce.resolution_id = r.id)""",
    "a walk-back comes before its claim": """
        SELECT count(*) FROM claims_walkback w JOIN claims_claim c ON c.id = w.claim_id WHERE w.said_on < c.made_on""",
    "a claim has no ledger entry": """
        SELECT count(*) FROM claims_claim c
        WHERE NOT EXISTS (SELECT 1 FROM claims_ledgerentry l WHERE l.claim_id = c.id AND l.kind = 'claim')""",
    "a resolution has no ledger entry": """
        SELECT count(*) FROM claims_resolution r
        WHERE NOT EXISTS (SELECT 1 FROM claims_ledgerentry l WHERE l.resolution_id = r.id)""",
}


def _foreign_key_rules() -> dict[str, str]:
    """Return a query counting the rows whose foreign key points nowhere, for each key of the loaded tables."""
    rules = {}
    for model in (
        Report, Claim, Claim.topics.through, Evidence, Resolution, Resolution.cited_evidence.through, Walkback, Reply,
        Dispute,
    ):  # fmt: skip
        for key in model._meta.concrete_fields:
            if not key.is_relation or not key.db_constraint:
                continue
            target = key.target_field
            rules[f"{model._meta.db_table}.{key.column} points to no {key.related_model._meta.db_table}"] = (
                f"SELECT count(*) FROM {_quoted(model._meta.db_table)} child WHERE child.{_quoted(key.column)} IS NOT "
                f"NULL AND NOT EXISTS (SELECT 1 FROM {_quoted(key.related_model._meta.db_table)} parent WHERE "
                f"parent.{_quoted(target.column)} = child.{_quoted(key.column)})"
            )
    return rules


def check_record(cursor=None) -> list[str]:
    """Return a sentence for each rule of the record that some rows break (foreign keys included)."""
    problems = []
    own_cursor = cursor is None
    cursor = cursor or connection.cursor()
    try:
        for rule, query in {**_foreign_key_rules(), **RULES}.items():
            cursor.execute(query)
            broken = cursor.fetchone()[0]
            if broken:
                problems.append(f"{rule}: {broken} row(s)")
    finally:
        if own_cursor:
            cursor.close()
    return problems
