"""CSV import of the record: sources, reports, commentators, topics, claims, evidence, and a whole chronology.

One file, one kind, one transaction; if any row is refused, nothing is written and every bad row is reported
with its line, column and reason. A dry run does the same and then rolls back, so its report says exactly what
a real run would create and change. Rows match what is already recorded by a natural key (a source's slug or
name, a report's address or its source, title and date, a claim's commentator and statement, evidence's claim
and report), so importing a file twice creates nothing the second time. The formats are documented in
docs/csv-formats.md.

Sources, commentators, topics and claims are few: each row is written through the services (Importer). Reports,
evidence and chronologies run to hundreds of thousands of rows: BulkImporter resolves what they name with a few
queries, checks each new row in Python by the rules the services apply, and writes the new rows with COPY. A
row that would change a recorded report or evidence, or names a report it repeats, still goes through the
services, row by row.
"""

import csv
import datetime
import functools
import io
import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pghistory
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DataError, IntegrityError, connection, models, transaction
from django.utils import timezone

from claims import services
from claims.confidence import EstimativeWords
from claims.models import Claim, Commentator, CommentatorKind, Evidence, Outcome, Resolution, Stance, Topic
from sources import services as source_services
from sources.models import PUBLISHED_IN_FUTURE, Credibility, Reliability, Report, Source, SourceKind
from tracker.partial_dates import parse_full_date, parse_partial_date
from tracker.validators import HTTP_URL_MESSAGE

KINDS = ("sources", "reports", "commentators", "topics", "claims", "evidence", "chronology", "resolutions")
# Kinds checked in bulk and written with COPY (BulkImporter); the others go row by row through the services.
BULK_KINDS = ("reports", "evidence", "chronology")
# New rows written per COPY statement: a few large statements, and a progress bar that moves while writing.
WRITE_CHUNK = 10_000

# Columns of each kind: required ones first. Documented in docs/csv-formats.md.
COLUMNS = {
    "sources": (("name",), ("slug", "kind", "homepage", "country", "language", "description", "reliability")),
    "reports": (
        ("source", "title", "date", "summary"),
        ("url", "excerpt", "archive_url", "credibility", "repeats"),
    ),
    "commentators": (("name",), ("slug", "kind", "affiliation", "bio", "links")),
    "topics": (("name",), ("slug", "description")),
    "claims": (
        ("commentator", "quote", "statement", "resolution_criteria", "made"),
        ("condition", "appeared_in", "appeared_url", "topics", "resolve_by", "probability", "estimative_words"),
    ),
    "evidence": (("claim", "report", "stance"), ("note",)),
    "chronology": (
        ("date", "source", "title", "summary"),
        ("url", "credibility", "excerpt", "archive_url", "claim", "stance", "note"),
    ),
    "resolutions": (("claim", "outcome", "resolved_on", "rationale"), ("cited", "condition_met")),
}
# How a file says whether a conditional claim's condition was met.
CONDITION_MET = {"yes": True, "true": True, "met": True, "no": False, "false": False, "not met": False}
NOT_CONDITION_MET = "{!r} is not one of: yes, no (or true, false)."
NOT_CITABLE = "The report {!r} is not evidence on this claim: attach it first (evidence or chronology)."

NOT_UTF8 = "The file is not UTF-8 text; save it as CSV UTF-8."
NO_HEADER = "The file is empty: the first line must name the columns."
MISSING_COLUMNS = "Missing required columns: {}."
UNKNOWN_COLUMNS = "Unknown columns: {} (expected some of: {})."
REQUIRED = "Required."
NO_SUCH = "No {} matches {!r}."
AMBIGUOUS = "{!r} matches more than one {}; use its Tracker number."
BAD_CHOICE = "{!r} is not one of: {}."
BAD_NUMBER = "{!r} is not a number."
STANCE_WITHOUT_CLAIM = "A stance needs a claim in the claim column."
CLAIM_WITHOUT_STANCE = "Say how the report bears on the claim: supports, contradicts, mixed or context."
DUPLICATE_COLUMNS = "Columns named more than once: {}."
NUL_IN_CELL = "The cell holds a NUL character, which no record can hold; remove it."
NUL_IN_HEADER = "The first line holds a NUL character, which no column name can hold; remove it."
CELLS_OUTSIDE_HEADER = (
    "This row has values where the first line names no column (cell{s} {positions}, counting from the left): "
    "name the column{s} there, or remove the values."
)
# Errors of the csv module, which stop the reading: the rest of the file cannot be split into rows.
CELL_TOO_LONG = (
    "A cell of the row starting on this line is longer than {limit:,} characters, the most a cell may hold; "
    "the rest of the file was not read."
)
UNTERMINATED_QUOTE = (
    'The row starting on this line opens a quoted cell (") that is never closed; add the closing quote. '
    "The rest of the file was not read."
)
TEXT_AFTER_QUOTE = (
    "A quoted cell of the row starting on this line has text after its closing quote; quote the whole cell, "
    'and write a quote inside it as "". The rest of the file was not read.'
)
UNREADABLE_ROW = "The row starting on this line is not CSV ({}); the rest of the file was not read."
SAME_RECORD = (
    "This row names the same {what} as line {first} (by its {key}) with another {column}; one would overwrite "
    "the other. Give the {what} one row, or make the rows agree."
)


# Rules of a whole record, by their code, and the column they concern.
CODE_FIELDS = {
    "two_confidences": "probability",
    "probability_out_of_range": "probability",
    "invalid_estimative_words": "estimative_words",
    "deadline_before_made": "resolve_by",
    "date_not_at_precision": "date",
    "duplicate_url": "url",
    "duplicate_evidence": "report",
    "invalid_url": "url",
}


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.message}"


@dataclass
class ImportResult:
    """What an import did, or would do: counts by kind of record, one line per action, and every error."""

    kind: str
    dry_run: bool
    rows: int = 0
    created: Counter = field(default_factory=Counter)
    changed: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    actions: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def written(self) -> bool:
        return not self.dry_run and not self.errors

    def summary(self) -> str:
        """Return one line saying what was (or would be) created and changed."""
        if self.errors:
            return f"{len(self.errors)} error(s) in {self.rows} row(s): nothing was written."
        verb = "Would create" if self.dry_run else "Created"
        parts = [f"{count} {name}" for name, count in sorted(self.created.items())] or ["nothing"]
        changed = [f"{count} {name}" for name, count in sorted(self.changed.items())] or ["nothing"]
        change_verb = "would change" if self.dry_run else "changed"
        return f"{verb} {', '.join(parts)}; {change_verb} {', '.join(changed)} ({self.rows} rows)."


class RowRefused(Exception):
    """One row cannot be imported; carries its errors."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        super().__init__(errors)
        self.errors = errors


def _refuse(column: str, message: str):
    raise RowRefused([(column, message)])


class FileRefused(Exception):
    """The file cannot be read as rows at all; carries the errors."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(errors)
        self.errors = errors


def read_rows(data: bytes | str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Return the normalised header and (line number, row) pairs of a file that reads cleanly; else FileRefused."""
    header, rows, errors = read_file(data)
    if errors:
        raise FileRefused(errors)
    return header, rows


def read_file(data: bytes | str) -> tuple[list[str], list[tuple[int, dict[str, str]]], list[RowError]]:
    """Return the normalised header, the (line number, row) pairs that read cleanly, and the errors of the others.

    UTF-8 with or without BOM, quoted newlines kept, a row numbered by the line it starts on. A row is refused
    with a NUL character in a cell or values outside the header's columns; a quote left open, text after a
    closing quote or a cell longer than the csv module allows stops the reading there. A file that is not
    UTF-8, has no first line or a NUL in it raises FileRefused.
    """
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise FileRefused([RowError(1, "", NOT_UTF8)]) from error
    data = data.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(data, newline=""), strict=True)
    try:
        names = next(reader)
    except StopIteration as error:
        raise FileRefused([RowError(1, "", NO_HEADER)]) from error
    except csv.Error as error:
        raise FileRefused([_csv_error(1, error)]) from error
    if any("\x00" in name for name in names):
        raise FileRefused([RowError(1, "", NUL_IN_HEADER)])
    header = [name.strip().lower().replace(" ", "_") for name in names]
    rows, errors = [], []
    line = reader.line_num + 1
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            errors.append(_csv_error(line, error))
            break
        if any(value.strip() for value in values):
            row_errors = _cell_errors(header, values, line)
            if row_errors:
                errors += row_errors
            else:
                values = values + [""] * (len(header) - len(values))
                rows.append((line, {name: value.strip() for name, value in zip(header, values, strict=False) if name}))
        line = reader.line_num + 1
    return header, rows, errors


def _cell_errors(header: list[str], values: list[str], line: int) -> list[RowError]:
    """Return the errors of a row's cells: NUL characters, and values in columns the header does not name."""
    errors = [
        RowError(line, header[position] if position < len(header) else "", NUL_IN_CELL)
        for position, value in enumerate(values)
        if "\x00" in value
    ]
    outside = [
        str(position + 1)
        for position, value in enumerate(values)
        if value.strip() and (position >= len(header) or not header[position])
    ]
    if outside:
        s = "s" if len(outside) > 1 else ""
        errors.append(RowError(line, "", CELLS_OUTSIDE_HEADER.format(s=s, positions=", ".join(outside))))
    return errors


def _csv_error(line: int, error: csv.Error) -> RowError:
    """Return the csv module's error in the row starting on the given line, in words."""
    text = str(error)
    if text.startswith("field larger than field limit"):
        return RowError(line, "", CELL_TOO_LONG.format(limit=csv.field_size_limit()))
    if text == "unexpected end of data":
        return RowError(line, "", UNTERMINATED_QUOTE)
    if text.endswith("expected after '\"'"):
        return RowError(line, "", TEXT_AFTER_QUOTE)
    return RowError(line, "", UNREADABLE_ROW.format(text))


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


# Bulk import of reports, evidence and chronologies -------------------------------------------------------------

# An http(s) address of the usual shape (lower-case scheme, a domain name, an optional port, a path without
# spaces), which Django's URLValidator, the http_url_validator and the database's ^https?:// check all accept.
# Matching it spares the two validators (about 50 µs an address); any other address goes through them, for their
# exact messages. tests/claims/transfer/test_import_bulk.py checks that every address it matches passes them.
USUAL_URL = re.compile(
    r"https?://(?P<host>[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,63})"
    r"(?::[0-9]{1,5})?(?:[/?#]\S*)?"
)
MAX_HOST_LENGTH = 253  # URLValidator's limit
MAX_ID = 2**63 - 1  # a bigint: a larger Tracker number names nothing
REPORT_TEXT_FIELDS = {
    name: Report._meta.get_field(name) for name in ("title", "summary", "url", "excerpt", "archive_url")
}
EVIDENCE_NOTE_FIELD = Evidence._meta.get_field("note")
# The fields of ReportRecord, in its order: the report's columns the import reads and writes.
REPORT_VALUES = (
    "id", "source_id", "title", "published_on", "published_precision", "summary", "url", "excerpt", "archive_url",
    "credibility", "repeats_id",
)  # fmt: skip


def usual_url(value: str, max_length: int) -> bool:
    """Return whether value is an address of the usual shape, short enough for its field."""
    match = USUAL_URL.fullmatch(value)
    return match is not None and len(value) <= max_length and len(match["host"]) <= MAX_HOST_LENGTH


def _ids(numbers: Iterable[str]) -> set[int]:
    """Return the Tracker numbers written as 12 or #12 that could name a record (a bigint)."""
    return {number for number in (int(value.lstrip("#")) for value in numbers) if number <= MAX_ID}


class ThroughServices(Exception):
    """The row changes what is recorded, or names a report it repeats: it is written through the services."""


@dataclass(eq=False, slots=True)
class ReportRecord:
    """A report as the bulk import sees it: recorded, or new in this file (given its id when it is written)."""

    id: int | None
    source_id: int
    title: str
    published_on: datetime.date
    published_precision: str
    summary: str
    url: str = ""
    excerpt: str = ""
    archive_url: str = ""
    credibility: int = Credibility.CANNOT_BE_JUDGED
    repeats_id: int | None = None
    order: int = 0  # new reports, in the order of the file


@dataclass(eq=False, slots=True)
class EvidenceRecord:
    claim_id: int
    report: ReportRecord
    stance: str
    note: str


def rows_where(model: type[models.Model], attnames: Iterable[str], attname: str, values: Iterable) -> list[tuple]:
    """Return the given attributes of the model's rows whose attribute attname is one of values.

    One array parameter (= ANY), not Django's IN list: for 100,000 values Django takes over half a second to
    build the list, and PostgreSQL to plan it.
    """
    values = list(values)
    if not values:
        return []
    columns = {model_field.attname: model_field.column for model_field in model._meta.concrete_fields}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(quote(columns[name]) for name in attnames)} FROM {quote(model._meta.db_table)} "
            f"WHERE {quote(columns[attname])} = ANY(%s)",
            [values],
        )
        return cursor.fetchall()


def newest(reports: Iterable[ReportRecord]) -> ReportRecord | None:
    """Return the report Report.objects...first() would: the highest id, a report not yet written after all."""
    return max(reports, key=lambda report: (report.id is None, report.id or 0, report.order), default=None)


def new_ids(model: type[models.Model], count: int) -> list[int]:
    """Take count ids from the model's sequence, so that new rows can point at each other before they are written."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, count],
        )
        return [pk for (pk,) in cursor.fetchall()]


def copy_rows(model: type[models.Model], columns: tuple[str, ...], rows: Iterable[tuple], *, now) -> None:
    """Insert rows (values of the given attributes) into the model's table with one COPY.

    The other columns take their defaults: the database's own, now for auto_now fields, else the field's.
    Foreign keys are checked at the end of the statement rather than at commit: with many rows' deferred checks
    queued, each row-level history trigger costs more than the one before (100,000 reports took 194 s, not 13 s).
    """
    fields = {model_field.attname: model_field for model_field in model._meta.concrete_fields}
    names = [fields[name].column for name in columns]
    defaults = []
    for name, model_field in fields.items():
        if name in columns or model_field.generated or model_field.primary_key:
            continue
        if model_field.db_default is not models.NOT_PROVIDED:
            continue
        names.append(model_field.column)
        auto = getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False)
        defaults.append(now if auto else model_field.get_default())
    buffer = io.StringIO()
    csv.writer(buffer, quoting=csv.QUOTE_NOTNULL, lineterminator="\n").writerows(
        (*row, *defaults) for row in rows
    )  # QUOTE_NOTNULL: None is an empty cell, NULL to COPY; "" stays an empty string
    buffer.seek(0)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        # An ordinary statement first: COPY goes past Django's execute wrappers, and pghistory's wrapper sets its
        # context (who, which command, which file) as a transaction-local setting with each statement it sees.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        with connection.wrap_database_errors:  # as Django's IntegrityError, DataError: copy_expert is psycopg2's own
            cursor.copy_expert(
                f"COPY {quote(model._meta.db_table)} ({', '.join(quote(name) for name in names)}) "
                "FROM STDIN WITH (FORMAT csv)",
                buffer,
            )


class BulkImporter(Importer):
    """Import reports, evidence or a chronology in bulk.

    What the rows name (sources, claims, reports) and may match (reports, evidence) is looked up with a few
    queries; each new row is checked in Python by the rules the services and the models apply; the new rows are
    written with COPY at the end, a chunk at a time, and the history triggers record them as any insert. A row
    that would change a recorded report or evidence (or one created earlier in the file), or that names a report
    it repeats, goes through the services as in Importer, once the new rows before it are written.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.sources_by_slug: dict[str, tuple[int, str]] = {}
        self.sources_by_name: dict[str, tuple[int, str]] = {}
        self.source_refusals: dict[str, ValidationError] = {}
        self.claim_ids: set[int] = set()
        self.claims_by_statement: dict[str, list[int]] = defaultdict(list)
        self.reports_by_id: dict[int, ReportRecord] = {}
        self.reports_by_url: dict[str, ReportRecord] = {}
        self.reports_by_key: dict[tuple, list[ReportRecord]] = defaultdict(list)  # source, title and date
        self.reports_by_title: dict[str, list[ReportRecord]] = defaultdict(list)
        self.evidence: dict[tuple[int, ReportRecord], EvidenceRecord] = {}
        self.dates: dict[str, tuple] = {}
        self.order = itertools.count(1)
        self.new_rows: list[tuple[ReportRecord | None, EvidenceRecord | None]] = []
        self.touched: list[Report | Evidence] = []

    def run(self, rows: list[tuple[int, dict]], progress: Callable[..., Iterable]) -> None:
        self.load(rows)
        for line, row in progress(rows, "checking"):
            self.result.rows += 1
            try:
                self.check_required(row)
                getattr(self, f"bulk_{self.kind}")(row)
            except RowRefused as refused:
                self.refuse(line, refused)
            except ValidationError as error:
                self.result.errors += self.row_errors(line, error)
            except ThroughServices:
                self.write()  # the services look for earlier rows' reports and evidence in the database
                self.touched = []
                if self.import_row(line, row) is not None:
                    for record in self.touched:
                        self.remember(record)
        self.write(progress)
        connection.check_constraints()  # and back to checking foreign keys at commit, as Django does

    # Looking up what the rows name ---------------------------------------------------------------------------

    def load(self, rows: list[tuple[int, dict]]) -> None:
        """Look up every source, claim, report and piece of evidence the rows name or may match."""

        def cells(name: str) -> set[str]:
            return {row[name] for _, row in rows if row.get(name)}

        if self.kind != "evidence":
            for pk, slug, name in Source.objects.order_by("name").values_list("pk", "slug", "name"):
                self.sources_by_slug[slug] = (pk, name)
                # Python's upper() stands for the database's UPPER() of name__iexact; the first by name, as .first().
                self.sources_by_name.setdefault(name.upper(), (pk, name))
            self.load_reports("url", cells("url"))
            self.load_reports("title", self.titles_to_match(rows))
        else:
            named = cells("report")
            numbers = {value for value in named if value.lstrip("#").isdigit()}
            self.load_reports("id", _ids(numbers))
            web = {value for value in named if value.startswith(("http://", "https://"))}
            self.load_reports("url", web)
            for report in self.load_reports("title", named - web - numbers):
                self.reports_by_title[report.title].append(report)
        if self.kind != "reports":
            self.load_claims(cells("claim"))
            claims = self.claim_ids | {pk for pks in self.claims_by_statement.values() for pk in pks}
            found = rows_where(Evidence, ("claim_id", "report_id", "stance", "note"), "report_id", self.reports_by_id)
            for claim_id, report_id, stance, note in found:
                if claim_id in claims:
                    report = self.reports_by_id[report_id]
                    self.evidence[(claim_id, report)] = EvidenceRecord(claim_id, report, stance, note)

    def load_reports(self, attname: str, values: Iterable) -> list[ReportRecord]:
        """Load the reports whose attribute is one of values; return them (in the order of their ids)."""
        loaded = []
        for row in sorted(rows_where(Report, REPORT_VALUES, attname, values)):
            report = self.reports_by_id.get(row[0])
            if report is None:
                report = ReportRecord(*row)
                self.index_report(report)
            loaded.append(report)
        return loaded

    def titles_to_match(self, rows: list[tuple[int, dict]]) -> set[str]:
        """Return the titles of rows whose address matches no report: they are matched by source, title and date."""
        return {row["title"] for _, row in rows if row.get("title") and row.get("url") not in self.reports_by_url}

    def load_claims(self, values: set[str]) -> None:
        numbers = {value for value in values if value.lstrip("#").isdigit()}
        self.claim_ids = {pk for (pk,) in rows_where(Claim, ("id",), "id", _ids(numbers))}
        for pk, statement in sorted(rows_where(Claim, ("id", "statement"), "statement", values - numbers)):
            self.claims_by_statement[statement].append(pk)

    def index_report(self, report: ReportRecord) -> None:
        if report.id is not None:
            self.reports_by_id[report.id] = report
        if report.url:
            self.reports_by_url[report.url] = report
        self.reports_by_key[(report.source_id, report.title, report.published_on)].append(report)

    def remember_source(self, source: Source) -> tuple[int, str]:
        found = (source.pk, source.name)
        self.sources_by_slug[source.slug] = found
        self.sources_by_name.setdefault(source.name.upper(), found)
        return found

    def remember(self, record: Report | Evidence) -> None:
        """Take in what a row written through the services left recorded, for the rows after it."""
        if isinstance(record, Evidence):
            report = self.reports_by_id[record.report_id]
            self.evidence[(record.claim_id, report)] = EvidenceRecord(
                record.claim_id, report, record.stance, record.note
            )
            return
        self.remember_source(record.source)
        report = self.reports_by_id.get(record.pk)
        if report is None:
            report = ReportRecord(**{name: getattr(record, name) for name in REPORT_VALUES})
        else:  # changed: the same record, so that evidence on it stays matched
            if report.url and self.reports_by_url.get(report.url) is report:
                del self.reports_by_url[report.url]
            self.reports_by_key[(report.source_id, report.title, report.published_on)].remove(report)
            for name in REPORT_VALUES:
                setattr(report, name, getattr(record, name))
        self.index_report(report)

    def find_source(self, value: str) -> tuple[int, str]:
        """Return the id and name of the source named by slug or name; a chronology records one not yet known."""
        source = self.sources_by_slug.get(value) or self.sources_by_name.get(value.upper())
        if source is not None:
            return source
        if self.kind != "chronology":
            _refuse("source", NO_SUCH.format("source", value))
        if value in self.source_refusals:
            raise self.source_refusals[value]
        try:
            created = source_services.source_create(name=value, kind=SourceKind.OTHER)
        except ValidationError as error:
            self.source_refusals[value] = error
            raise
        self.note("created", "sources", created.name)
        return self.remember_source(created)

    def find_claim(self, value: str) -> int:
        """Return the id of the claim named by its Tracker number or its statement exactly as recorded."""
        if value.lstrip("#").isdigit():
            if int(value.lstrip("#")) not in self.claim_ids:
                _refuse("claim", NO_SUCH.format("claim", value))
            return int(value.lstrip("#"))
        return self.one(self.claims_by_statement.get(value, []), value, "claim", "claim")

    def find_report(self, value: str) -> ReportRecord:
        """Return the report named by its Tracker number, its address, or its exact title."""
        if value.lstrip("#").isdigit():
            matches = (
                [self.reports_by_id[int(value.lstrip("#"))]] if int(value.lstrip("#")) in self.reports_by_id else []
            )
        elif value.startswith(("http://", "https://")):
            matches = [self.reports_by_url[value]] if value in self.reports_by_url else []
        else:
            matches = self.reports_by_title.get(value, [])
        return self.one(matches, value, "report", "report")

    @staticmethod
    def one(matches: list, value: str, column: str, what: str):
        if not matches:
            _refuse(column, NO_SUCH.format(what, value))
        if len(matches) > 1:
            _refuse(column, AMBIGUOUS.format(value, what))
        return matches[0]

    def partial_date(self, value: str) -> tuple:
        if value not in self.dates:
            self.dates[value] = _partial_date(value, "date")
        return self.dates[value]

    # Checking a row: nothing is written or counted until the whole row has passed --------------------------

    def bulk_reports(self, row: dict) -> None:
        if row.get("repeats"):
            raise ThroughServices  # the original it repeats, and its date: the services' rules
        self.add(self.check_report(row), None)

    def bulk_evidence(self, row: dict) -> None:
        claim_id = self.find_claim(row["claim"])
        report = self.find_report(row["report"])
        stance = _choice(row["stance"], Stance, "stance")
        self.add(None, self.check_evidence(claim_id, report, stance, row.get("note")))

    def bulk_chronology(self, row: dict) -> None:
        if row.get("stance") and not row.get("claim"):
            _refuse("stance", STANCE_WITHOUT_CLAIM)
        if row.get("claim") and not row.get("stance"):
            _refuse("stance", CLAIM_WITHOUT_STANCE)
        claim_id = self.find_claim(row["claim"]) if row.get("claim") else None
        stance = _choice(row["stance"], Stance, "stance") if claim_id is not None else None
        report = self.check_report(row)
        evidence = self.check_evidence(claim_id, report[0], stance, row.get("note")) if claim_id is not None else None
        self.add(report, evidence)

    def check_report(self, row: dict) -> tuple[ReportRecord, bool, str]:
        """Return the row's report (recorded, or new and valid), whether it is new, and its description."""
        source_id, source_name = self.find_source(row["source"])
        published_on, precision = self.partial_date(row["date"])
        values = {"source_id": source_id, **_report_fields(row, published_on, precision)}
        description = f"{source_name}, {row['date']}: {row['title']}"
        report = self.reports_by_url.get(row["url"]) if row.get("url") else None
        if report is None:
            report = newest(self.reports_by_key.get((source_id, row["title"], published_on), ()))
        if report is not None:
            if _changes(report, values):
                raise ThroughServices
            return report, False, description
        report = ReportRecord(id=None, order=next(self.order), **values)
        check_new_report(report)
        return report, True, description

    def check_evidence(
        self, claim_id: int, report: ReportRecord, stance: str, note: str | None
    ) -> tuple[EvidenceRecord, bool, str]:
        """Return the evidence linking claim and report (recorded, or new), whether it is new, and its description."""
        description = f"report {report.title[:50]!r} on claim {claim_id}"
        evidence = self.evidence.get((claim_id, report))
        if evidence is None:
            if note:
                try:
                    EVIDENCE_NOTE_FIELD.clean(note, None)  # its length, as full_clean would check it
                except ValidationError as error:
                    raise ValidationError({"note": error.error_list}) from error
            return EvidenceRecord(claim_id, report, stance, note or ""), True, description
        if _changes(evidence, {"stance": stance, **({"note": note} if note else {})}):
            raise ThroughServices
        return evidence, False, description

    def add(self, report: tuple | None, evidence: tuple | None) -> None:
        """Count a checked row, and keep what it creates for writing and for the rows after it."""
        new_report = new_evidence = None
        if report is not None:
            record, new, description = report
            self.note("created" if new else "unchanged", "reports", description)
            if new:
                new_report = record
                self.index_report(record)
        if evidence is not None:
            record, new, description = evidence
            self.note("created" if new else "unchanged", "evidence", description)
            if new:
                new_evidence = record
                self.evidence[(record.claim_id, record.report)] = record
        if new_report or new_evidence:
            self.new_rows.append((new_report, new_evidence))

    # Rows that go through the services: what they wrote is taken in by remember() ----------------------------

    def row_reports(self, row: dict) -> Report:
        report = super().row_reports(row)
        self.touched.append(report)
        return report

    def attach(self, claim: Claim, report: Report, stance: str, note: str | None) -> Evidence:
        evidence = super().attach(claim, report, stance, note)
        self.touched.append(evidence)
        return evidence

    # Writing ------------------------------------------------------------------------------------------------

    def write(self, progress: Callable[..., Iterable] | None = None) -> None:
        """Write the new reports and evidence checked so far, a chunk of rows per COPY statement."""
        rows, self.new_rows = self.new_rows, []
        now = timezone.now()
        added_by = self.user.pk if self.user is not None else None
        for chunk in itertools.batched(progress(rows, "writing") if progress else rows, WRITE_CHUNK):
            reports = [report for report, _ in chunk if report is not None]
            if reports:
                for report, pk in zip(reports, new_ids(Report, len(reports)), strict=True):
                    report.id = pk
                    self.reports_by_id[pk] = report
                values = [[getattr(report, name) for name in REPORT_VALUES] for report in reports]
                copy_rows(Report, REPORT_VALUES, values, now=now)
            evidence = [item for _, item in chunk if item is not None]
            if evidence:
                values = [(item.claim_id, item.report.id, item.stance, item.note, added_by) for item in evidence]
                copy_rows(Evidence, ("claim_id", "report_id", "stance", "note", "added_by_id"), values, now=now)


def check_new_report(report: ReportRecord) -> None:
    """Raise the ValidationError report_create would raise for this new report, without a query.

    Its full_clean can find only these faults in a row the importer has parsed: a field too long or an address
    its validators refuse, an address the database's check refuses (HTTP:// in capitals) and a date in the
    future. The rest cannot occur here: the source exists, the date was parsed at its precision, the credibility
    is a grade, a report with the same address would have been matched, not created.
    """
    errors: dict[str, list[ValidationError]] = {}
    if report.published_on > timezone.localdate():
        errors["published_on"] = [ValidationError(PUBLISHED_IN_FUTURE, code="published_in_future")]
    for name, model_field in REPORT_TEXT_FIELDS.items():
        value = getattr(report, name)
        if not value and model_field.blank:
            continue  # as full_clean: an empty optional field is not validated
        if isinstance(model_field, models.URLField) and usual_url(value, model_field.max_length):
            continue
        try:
            model_field.clean(value, None)
        except ValidationError as error:
            errors[name] = error.error_list
    for name in ("url", "archive_url"):  # the http_url_constraint, left out (as by full_clean) for a field that failed
        value = getattr(report, name)
        if value and name not in errors and not value.startswith(("http://", "https://")):
            errors.setdefault(NON_FIELD_ERRORS, []).append(ValidationError(HTTP_URL_MESSAGE, code="invalid_url"))
    if errors:
        raise ValidationError(errors)


def check_header(kind: str, header: list[str]) -> list[RowError]:
    """Return errors for missing required columns, columns the kind does not know and columns named twice."""
    required, optional = COLUMNS[kind]
    errors = []
    named_twice = sorted(name for name, count in Counter(name for name in header if name).items() if count > 1)
    if named_twice:
        errors.append(RowError(1, "", DUPLICATE_COLUMNS.format(", ".join(named_twice))))
    missing = [name for name in required if name not in header]
    if missing:
        errors.append(RowError(1, "", MISSING_COLUMNS.format(", ".join(missing))))
    unknown = [name for name in header if name and name not in required + optional]
    if unknown:
        errors.append(RowError(1, "", UNKNOWN_COLUMNS.format(", ".join(unknown), ", ".join(required + optional))))
    return errors


# The cells of a chronology's row that describe its report, and those that describe its evidence.
CHRONOLOGY_REPORT_COLUMNS = ("date", "source", "title", "summary", "url", "credibility", "excerpt", "archive_url")
CHRONOLOGY_EVIDENCE_COLUMNS = ("stance", "note")


def record_keys(kind: str, row: dict) -> list[tuple[str, str, object, tuple[str, ...]]]:
    """Return the records a row names as the import matches them: (what, by which key, the key, its cells).

    The cells are those the row gives the record: another row naming the record must not give them other values.
    """
    required, optional = COLUMNS[kind]
    cells = required + optional
    keys = []
    if kind in ("sources", "commentators", "topics") and row.get("name"):
        keys.append((kind[:-1], "slug", source_services.slug_for(row["name"], row.get("slug", "")), cells))
        if kind != "commentators":  # a commentator is matched by slug alone
            keys.append((kind[:-1], "name", row["name"].upper(), cells))
    elif kind in ("reports", "chronology"):
        report_cells = cells if kind == "reports" else CHRONOLOGY_REPORT_COLUMNS
        report_keys = []
        if row.get("url"):
            report_keys.append(("report", "address", row["url"], report_cells))
        if row.get("source") and row.get("title") and row.get("date"):
            key = (row["source"].upper(), row["title"], _date_key(row["date"]))
            report_keys.append(("report", "source, title and date", key, report_cells))
        keys += report_keys
        if kind == "chronology" and row.get("claim") and report_keys:
            key = (row["claim"], report_keys[0][2])
            keys.append(("evidence", "claim and report", key, CHRONOLOGY_EVIDENCE_COLUMNS))
    elif kind == "claims" and row.get("commentator") and row.get("statement"):
        keys.append(("claim", "commentator and statement", (row["commentator"].upper(), row["statement"]), cells))
    elif kind == "evidence" and row.get("claim") and row.get("report"):
        keys.append(("evidence", "claim and report", (row["claim"], row["report"]), cells))
    return keys


def _date_key(value: str):
    """Return a date cell as the import reads it, so that 2016-03 and 3/2016 are one date; else the cell."""
    try:
        return parse_partial_date(value)
    except ValidationError:
        return value


def conflicting_rows(kind: str, rows: list[tuple[int, dict]]) -> list[RowError]:
    """Return an error for each row naming a record an earlier row names, with another value in a cell both fill.

    The later row would silently overwrite what the earlier one gave (two reports with one address, say). A row
    repeating the earlier one's values is not refused: a chronology repeats a report's cells for each claim.
    """
    seen: dict[tuple, tuple[int, dict]] = {}
    errors = []
    for line, row in rows:
        for what, by, key, cells in record_keys(kind, row):
            if (what, by, key) not in seen:
                seen[(what, by, key)] = (line, row)
                continue
            first_line, first = seen[(what, by, key)]
            differ = [name for name in cells if row.get(name) and first.get(name) and not _same(name, row, first)]
            if differ:
                message = SAME_RECORD.format(what=what, first=first_line, key=by, column=differ[0])
                errors.append(RowError(line, differ[0], message))
                break
    return errors


def _same(name: str, row: dict, other: dict) -> bool:
    if name in ("date", "made"):
        return _date_key(row[name]) == _date_key(other[name])
    return row[name] == other[name]


def import_csv(
    kind: str,
    data: bytes | str,
    *,
    file_name: str = "",
    dry_run: bool = False,
    user=None,
    progress: Callable[..., Iterable] = lambda rows, step="": rows,
) -> ImportResult:
    """Import one CSV file of the given kind, all or nothing; return what was (or would be) done.

    progress(rows, step) wraps each pass over the rows (a progress bar); step is "" for the row-by-row
    import, "checking" then "writing" for the bulk one.
    """
    if kind not in KINDS:
        raise ValueError(f"Unknown kind {kind!r}; choose one of {', '.join(KINDS)}.")
    result = ImportResult(kind=kind, dry_run=dry_run)
    try:
        header, rows, refused = read_file(data)
    except FileRefused as error:
        result.errors = error.errors
        return result
    result.errors = check_header(kind, header)
    if result.errors:
        return result
    # Rows refused before any is imported: unreadable, or overwriting an earlier row. The others are still checked.
    refused += conflicting_rows(kind, rows)
    refused_lines = {error.line for error in refused}
    rows = [(line, row) for line, row in rows if line not in refused_lines]
    with pghistory.context(command="import_csv", file=file_name, kind=kind), transaction.atomic():
        try:
            with transaction.atomic():
                importer = BulkImporter if kind in BULK_KINDS else Importer
                importer(kind, result, header, user=user).run(rows, progress)
        except (IntegrityError, DataError):
            # The database refused a row the bulk checks passed (a rule they do not know, or a record written
            # meanwhile by someone else): check every row again through the services, which name the bad rows.
            result = ImportResult(kind=kind, dry_run=dry_run)
            Importer(kind, result, header, user=user).run(rows, progress)
        result.rows += len(refused_lines)
        result.errors = sorted([*refused, *result.errors], key=lambda error: error.line)
        if result.errors or dry_run:
            transaction.set_rollback(True)
    return result
