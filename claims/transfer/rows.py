"""Import row by row, through the services: what each cell means, and how each kind's row is written."""

import datetime
import functools
import math
from collections.abc import Callable, Iterable

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction

from claims import services
from claims.confidence import EstimativeWords
from claims.models import Claim, Commentator, CommentatorKind, Evidence, Outcome, Resolution, Stance, Topic
from claims.transfer.csv_files import (
    AMBIGUOUS,
    BAD_CHOICE,
    BAD_NUMBER,
    CLAIM_WITHOUT_STANCE,
    CODE_FIELDS,
    COLUMNS,
    NO_SUCH,
    REQUIRED,
    STANCE_WITHOUT_CLAIM,
    ImportResult,
    RowError,
    RowRefused,
    _refuse,
)
from sources import services as source_services
from sources.models import Credibility, Reliability, Report, Source, SourceKind
from tracker.partial_dates import parse_full_date, parse_partial_date

# How a file says whether a conditional claim's condition was met.
CONDITION_MET = {"yes": True, "true": True, "met": True, "no": False, "false": False, "not met": False}
NOT_CONDITION_MET = "{!r} is not one of: yes, no (or true, false)."
NOT_CITABLE = "The report {!r} is not evidence on this claim: attach it first (evidence or chronology)."


@functools.cache
def _choices_by_name(enum: type[models.Choices]) -> dict[str, object]:
    """Return the stored value of each choice by its value and its label in lower case, the first choice first."""
    by_name = {}
    for stored, label in enum.choices:  # Choices.choices is built afresh on each access
        by_name.setdefault(str(stored).lower(), stored)
        by_name.setdefault(str(label).lower(), stored)
    return by_name


def _choice(value: str, enum: type[models.Choices], column: str):
    """Return the stored value of a choice given as its value or its label, in any case."""
    try:
        return _choices_by_name(enum)[value.lower()]
    except KeyError:
        _refuse(column, BAD_CHOICE.format(value, ", ".join(str(stored) for stored in enum.values)))


def _date(value: str, column: str) -> datetime.date:
    try:
        return parse_full_date(value)
    except ValidationError as error:
        _refuse(column, error.messages[0])


def _partial_date(value: str, column: str):
    try:
        return parse_partial_date(value)
    except ValidationError as error:
        _refuse(column, error.messages[0])


def _probability(value: str, column: str) -> float:
    try:
        number = float(value.removesuffix("%"))
    except ValueError:
        _refuse(column, BAD_NUMBER.format(value))
    if not math.isfinite(number):  # float() takes "nan" and "inf"
        _refuse(column, BAD_NUMBER.format(value))
    return number / 100 if value.endswith("%") else number


def _credibility(value: str, column: str) -> int:
    if not value.isdigit():
        _refuse(column, BAD_CHOICE.format(value, "1 to 6"))
    return int(_choice(value, Credibility, column))


def _report_fields(row: dict, published_on: datetime.date, precision: str) -> dict:
    """Return a report row's fields other than its source and the report it repeats, checked."""
    values = {
        "title": row["title"],
        "published_on": published_on,
        "published_precision": precision,
        "summary": row["summary"],
    }
    for name in ("url", "excerpt", "archive_url"):
        if row.get(name):
            values[name] = row[name]
    if row.get("credibility"):
        values["credibility"] = _credibility(row["credibility"], "credibility")
    return values


def _one(queryset, value: str, column: str, what: str):
    matches = list(queryset[:2])
    if not matches:
        _refuse(column, NO_SUCH.format(what, value))
    if len(matches) > 1:
        _refuse(column, AMBIGUOUS.format(value, what))
    return matches[0]


def find_source(value: str, column: str = "source") -> Source | None:
    return Source.objects.filter(slug=value).first() or Source.objects.filter(name__iexact=value).first()


def find_report(value: str, column: str) -> Report:
    """Return the report named by its Tracker number, its address, or its exact title."""
    if value.lstrip("#").isdigit():
        return _one(Report.objects.filter(pk=int(value.lstrip("#"))), value, column, "report")
    if value.startswith(("http://", "https://")):
        return _one(Report.objects.filter(url=value), value, column, "report")
    return _one(Report.objects.filter(title=value), value, column, "report")


def find_claim(value: str, column: str) -> Claim:
    """Return the claim named by its Tracker number or its statement exactly as recorded."""
    if value.lstrip("#").isdigit():
        return _one(Claim.objects.filter(pk=int(value.lstrip("#"))), value, column, "claim")
    return _one(Claim.objects.filter(statement=value), value, column, "claim")


def find_commentator(value: str, column: str) -> Commentator:
    query = Commentator.objects.filter(slug=value)
    if not query.exists():
        query = Commentator.objects.filter(name__iexact=value)
    return _one(query, value, column, "commentator")


def find_topic(value: str, column: str) -> Topic:
    query = Topic.objects.filter(slug=value)
    if not query.exists():
        query = Topic.objects.filter(name__iexact=value)
    return _one(query, value, column, "topic")


def _changes(instance, values: dict) -> dict:
    """Return the given values that differ from the instance's."""
    return {name: value for name, value in values.items() if getattr(instance, name) != value}


class Importer:
    """Import the rows of one kind; each `row_<kind>` method writes one row through the services."""

    # Service field names that have another name in the file, for error messages.
    field_columns = {
        "published_on": "date",
        "published_precision": "date",
        "made_on": "made",
        "made_precision": "made",
        "claim": "claim",
        "report": "report",
    }

    def __init__(self, kind: str, result: ImportResult, header: list[str], user=None) -> None:
        self.kind = kind
        self.result = result
        self.header = header
        self.user = user

    def note(self, action: str, model: str, description: str) -> None:
        getattr(self.result, action)[model] += 1
        if action != "unchanged":
            verb = {"created": "create", "changed": "change"}[action]
            self.result.actions.append(f"{verb} {model[:-1] if model.endswith('s') else model}: {description}")

    def column_for(self, field_name: str) -> str:
        column = self.field_columns.get(field_name, field_name)
        if field_name == NON_FIELD_ERRORS:
            return ""
        return column if column in self.header or column in COLUMNS[self.kind][0] else ""

    def run(self, rows: list[tuple[int, dict]], progress: Callable[..., Iterable]) -> None:
        for line, row in progress(rows):
            self.result.rows += 1
            self.import_row(line, row)

    def import_row(self, line: int, row: dict):
        """Write one row through the services, in a savepoint; return what it wrote, or None if it was refused."""
        try:
            with transaction.atomic():
                self.check_required(row)
                return getattr(self, f"row_{self.kind}")(row)
        except RowRefused as refused:
            self.refuse(line, refused)
        except ValidationError as error:
            self.result.errors += self.row_errors(line, error)
        return None

    def check_required(self, row: dict) -> None:
        missing = [name for name in COLUMNS[self.kind][0] if not row.get(name)]
        if missing:
            raise RowRefused([(name, REQUIRED) for name in missing])

    def refuse(self, line: int, refused: RowRefused) -> None:
        self.result.errors += [RowError(line, column, message) for column, message in refused.errors]

    def row_errors(self, line: int, error: ValidationError) -> list[RowError]:
        """Return a service's refusal as errors on the columns they concern (a rule of the whole row by its code)."""
        items = error.error_dict.items() if hasattr(error, "error_dict") else [(NON_FIELD_ERRORS, error.error_list)]
        errors = []
        for name, problems in items:
            for problem in problems:
                column = self.column_for(CODE_FIELDS.get(problem.code, name))
                errors += [RowError(line, column, message) for message in problem.messages]
        return errors

    # Sources and reports ---------------------------------------------------------------------------------

    def source_values(self, row: dict) -> dict:
        values = {}
        for name in ("homepage", "language", "description"):
            if row.get(name):
                values[name] = row[name]
        if row.get("country"):
            values["country"] = row["country"].upper()  # as the service stores it
        if row.get("kind"):
            values["kind"] = _choice(row["kind"], SourceKind, "kind")
        if row.get("reliability"):
            values["reliability"] = _choice(row["reliability"].upper(), Reliability, "reliability")
        return values

    def row_sources(self, row: dict) -> Source:
        values = self.source_values(row)
        slug = source_services.slug_for(row["name"], row.get("slug", ""))
        source = Source.objects.filter(slug=slug).first() or Source.objects.filter(name__iexact=row["name"]).first()
        if source is None:
            source = source_services.source_create(name=row["name"], slug=row.get("slug", ""), **values)
            self.note("created", "sources", source.name)
        elif changes := _changes(source, {"name": row["name"], **values}):
            source_services.source_update(source=source, **changes)
            self.note("changed", "sources", f"{source.name} ({', '.join(changes)})")
        else:
            self.note("unchanged", "sources", source.name)
        return source

    def report_source(self, row: dict) -> Source:
        source = find_source(row["source"])
        if source is None:
            if self.kind != "chronology":
                _refuse("source", NO_SUCH.format("source", row["source"]))
            # A chronology may name a source not yet recorded: it is recorded, reliability not yet judged (F).
            source = source_services.source_create(name=row["source"], kind=SourceKind.OTHER)
            self.note("created", "sources", source.name)
        return source

    def row_reports(self, row: dict) -> Report:
        source = self.report_source(row)
        published_on, precision = _partial_date(row["date"], "date")
        values = {"source": source, **_report_fields(row, published_on, precision)}
        if row.get("repeats"):
            values["repeats"] = find_report(row["repeats"], "repeats")
        report = None
        if row.get("url"):
            report = Report.objects.filter(url=row["url"]).first()
        if report is None:
            report = Report.objects.filter(source=source, title=row["title"], published_on=published_on).first()
        description = f"{source.name}, {row['date']}: {row['title']}"
        if report is None:
            report = source_services.report_create(**values)
            self.note("created", "reports", description)
        elif changes := _changes(report, values):
            source_services.report_update(report=report, **changes)
            self.note("changed", "reports", f"{description} ({', '.join(changes)})")
        else:
            self.note("unchanged", "reports", description)
        return report

    # Commentators, topics, claims, evidence --------------------------------------------------------------

    def row_commentators(self, row: dict) -> Commentator:
        values = {name: row[name] for name in ("affiliation", "bio") if row.get(name)}
        if row.get("kind"):
            values["kind"] = _choice(row["kind"], CommentatorKind, "kind")
        links = [link for link in row.get("links", "").replace(";", "\n").split() if link]
        slug = source_services.slug_for(row["name"], row.get("slug", ""))
        commentator = Commentator.objects.filter(slug=slug).first()
        if commentator is None:
            commentator = services.commentator_create(name=row["name"], slug=slug, links=links, **values)
            self.note("created", "commentators", commentator.name)
            return commentator
        changes = _changes(commentator, {"name": row["name"], **values})
        if links and links != commentator.link_list:
            changes["links"] = links
        if changes:
            services.commentator_update(commentator=commentator, **changes)
            self.note("changed", "commentators", f"{commentator.name} ({', '.join(changes)})")
        else:
            self.note("unchanged", "commentators", commentator.name)
        return commentator

    def row_topics(self, row: dict) -> Topic:
        slug = source_services.slug_for(row["name"], row.get("slug", ""))
        topic = Topic.objects.filter(slug=slug).first() or Topic.objects.filter(name__iexact=row["name"]).first()
        if topic is None:
            topic = services.topic_create(name=row["name"], slug=slug, description=row.get("description", ""))
            self.note("created", "topics", topic.name)
        elif changes := _changes(topic, {"name": row["name"], **{k: row[k] for k in ("description",) if row.get(k)}}):
            for name, value in changes.items():
                setattr(topic, name, value)
            services.topic_save(topic=topic)
            self.note("changed", "topics", f"{topic.name} ({', '.join(changes)})")
        else:
            self.note("unchanged", "topics", topic.name)
        return topic

    def row_claims(self, row: dict) -> Claim:
        commentator = find_commentator(row["commentator"], "commentator")
        made_on, precision = _partial_date(row["made"], "made")
        values = {
            "commentator": commentator,
            "quote": row["quote"],
            "statement": row["statement"],
            "resolution_criteria": row["resolution_criteria"],
            "made_on": made_on,
            "made_precision": precision,
        }
        if row.get("appeared_in"):
            values["appeared_in"] = find_report(row["appeared_in"], "appeared_in")
        for name in ("condition", "appeared_url"):
            if row.get(name):
                values[name] = row[name]
        if row.get("resolve_by"):
            values["resolve_by"] = _date(row["resolve_by"], "resolve_by")
        if row.get("probability"):
            values["probability"] = _probability(row["probability"], "probability")
        if row.get("estimative_words"):
            values["estimative_words"] = _choice(row["estimative_words"], EstimativeWords, "estimative_words")
        topics = None
        if row.get("topics"):
            topics = [find_topic(name.strip(), "topics") for name in row["topics"].split(";") if name.strip()]
        claim = Claim.objects.filter(commentator=commentator, statement=row["statement"]).first()
        description = f"{commentator.name}: {row['statement'][:60]}"
        if claim is None:
            claim = services.claim_create(created_by=self.user, topics=topics or (), **values)
            self.note("created", "claims", description)
            return claim
        changes = _changes(claim, values)
        if topics is not None and {topic.pk for topic in topics} != set(claim.topics.values_list("pk", flat=True)):
            changes["topics"] = topics
        if changes:
            services.claim_update(claim=claim, **changes)
            self.note("changed", "claims", f"{description} ({', '.join(changes)})")
        else:
            self.note("unchanged", "claims", description)
        return claim

    def attach(self, claim: Claim, report: Report, stance: str, note: str | None) -> Evidence:
        evidence = Evidence.objects.filter(claim=claim, report=report).first()
        description = f"report {report.title[:50]!r} on claim {claim.pk}"
        if evidence is None:
            evidence = services.evidence_attach(
                claim=claim, report=report, stance=stance, note=note or "", added_by=self.user
            )
            self.note("created", "evidence", description)
        elif changes := _changes(evidence, {"stance": stance, **({"note": note} if note else {})}):
            services.evidence_update(evidence=evidence, **changes)
            self.note("changed", "evidence", f"{description} ({', '.join(changes)})")
        else:
            self.note("unchanged", "evidence", description)
        return evidence

    def row_evidence(self, row: dict) -> Evidence:
        claim = find_claim(row["claim"], "claim")
        report = find_report(row["report"], "report")
        stance = _choice(row["stance"], Stance, "stance")
        return self.attach(claim, report, stance, row.get("note"))

    def row_resolutions(self, row: dict) -> Resolution | None:
        """Append the row's verdict to its claim, unless the claim's latest resolution already is this one."""
        claim = find_claim(row["claim"], "claim")
        outcome = _choice(row["outcome"], Outcome, "outcome")
        resolved_on = _date(row["resolved_on"], "resolved_on")
        condition_met = None
        if row.get("condition_met"):
            condition_met = CONDITION_MET.get(row["condition_met"].strip().lower())
            if condition_met is None:
                _refuse("condition_met", NOT_CONDITION_MET.format(row["condition_met"]))
        cited = []
        for reference in (line.strip() for line in (row.get("cited") or "").splitlines()):
            if reference:
                report = find_report(reference, "cited")
                item = claim.evidence.filter(report=report).first()
                if item is None:
                    _refuse("cited", NOT_CITABLE.format(reference))
                cited.append(item)
        description = f"claim {claim.pk}: {outcome} on {resolved_on.isoformat()}"
        latest = claim.resolutions.order_by("-recorded_at", "-id").first()
        if latest is not None and (latest.outcome, latest.resolved_on, latest.rationale) == (
            outcome, resolved_on, row["rationale"].strip()
        ):  # fmt: skip
            self.note("unchanged", "resolutions", description)
            return None
        resolution = services.claim_resolve(
            claim=claim, outcome=outcome, resolved_on=resolved_on, rationale=row["rationale"], cited_evidence=cited,
            resolved_by=self.user, condition_met=condition_met,
        )  # fmt: skip
        self.note("created", "resolutions", description)
        return resolution

    def row_chronology(self, row: dict) -> Report:
        if row.get("stance") and not row.get("claim"):
            _refuse("stance", STANCE_WITHOUT_CLAIM)
        if row.get("claim") and not row.get("stance"):
            _refuse("stance", CLAIM_WITHOUT_STANCE)
        claim = find_claim(row["claim"], "claim") if row.get("claim") else None
        stance = _choice(row["stance"], Stance, "stance") if claim else None
        report = self.row_reports(row)
        if claim is not None:
            self.attach(claim, report, stance, row.get("note"))
        return report
