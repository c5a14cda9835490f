"""CSV import of the record: sources, reports, commentators, topics, claims, evidence, and a whole chronology.

One file, one kind. Every row is checked and written through the services inside one transaction; if any row
is refused, nothing is written and every bad row is reported with its line, column and reason. A dry run does
the same and then rolls back, so its report says exactly what a real run would create and change. Rows match
what is already recorded by a natural key (a source's slug or name, a report's address or its source, title and
date, a claim's commentator and statement, evidence's claim and report), so importing a file twice creates
nothing the second time. The formats are documented in docs/csv-formats.md.
"""

import csv
import datetime
import io
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pghistory
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction

from claims import services
from claims.confidence import EstimativeWords
from claims.models import Claim, Commentator, CommentatorKind, Evidence, Stance, Topic
from sources import services as source_services
from sources.models import Credibility, Reliability, Report, Source, SourceKind
from tracker.partial_dates import parse_partial_date

KINDS = ("sources", "reports", "commentators", "topics", "claims", "evidence", "chronology")

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
}

NOT_UTF8 = "The file is not UTF-8 text; save it as CSV UTF-8."
NO_HEADER = "The file is empty: the first line must name the columns."
MISSING_COLUMNS = "Missing required columns: {}."
UNKNOWN_COLUMNS = "Unknown columns: {} (expected some of: {})."
REQUIRED = "Required."
NO_SUCH = "No {} matches {!r}."
AMBIGUOUS = "{!r} matches more than one {}; use its Tracker number."
BAD_CHOICE = "{!r} is not one of: {}."
BAD_NUMBER = "{!r} is not a number."
BAD_DATE = "{!r} is not a date (YYYY-MM-DD)."
STANCE_WITHOUT_CLAIM = "A stance needs a claim in the claim column."
CLAIM_WITHOUT_STANCE = "Say how the report bears on the claim: supports, contradicts, mixed or context."


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


def read_rows(data: bytes | str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Return the normalised header and (line number, row) pairs; UTF-8 with or without BOM, quoted newlines kept."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise RowRefused([("", NOT_UTF8)]) from error
    data = data.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(data, newline=""))
    try:
        header = [name.strip().lower().replace(" ", "_") for name in next(reader)]
    except StopIteration as error:
        raise RowRefused([("", NO_HEADER)]) from error
    rows = []
    line = reader.line_num + 1
    for values in reader:
        if any(value.strip() for value in values):
            values = values + [""] * (len(header) - len(values))
            rows.append((line, {name: value.strip() for name, value in zip(header, values, strict=False) if name}))
        line = reader.line_num + 1
    return header, rows


def _choice(value: str, choices, column: str) -> str:
    """Return the stored value of a choice given as its value or its label, in any case."""
    for stored, label in choices:
        if value.lower() in {str(stored).lower(), str(label).lower()}:
            return stored
    _refuse(column, BAD_CHOICE.format(value, ", ".join(str(stored) for stored, _ in choices)))


def _date(value: str, column: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        _refuse(column, BAD_DATE.format(value))


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
    return number / 100 if value.endswith("%") else number


def _credibility(value: str, column: str) -> int:
    if not value.isdigit():
        _refuse(column, BAD_CHOICE.format(value, "1 to 6"))
    return int(_choice(value, Credibility.choices, column))


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

    def run(self, rows: Iterable[tuple[int, dict]]) -> None:
        for line, row in rows:
            self.result.rows += 1
            try:
                with transaction.atomic():
                    missing = [name for name in COLUMNS[self.kind][0] if not row.get(name)]
                    if missing:
                        raise RowRefused([(name, REQUIRED) for name in missing])
                    getattr(self, f"row_{self.kind}")(row)
            except RowRefused as refused:
                self.result.errors += [RowError(line, column, message) for column, message in refused.errors]
            except ValidationError as error:
                self.result.errors += self.row_errors(line, error)

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
            values["kind"] = _choice(row["kind"], SourceKind.choices, "kind")
        if row.get("reliability"):
            values["reliability"] = _choice(row["reliability"].upper(), Reliability.choices, "reliability")
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
        values = {
            "source": source,
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
            values["kind"] = _choice(row["kind"], CommentatorKind.choices, "kind")
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
            values["estimative_words"] = _choice(row["estimative_words"], EstimativeWords.choices, "estimative_words")
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
        stance = _choice(row["stance"], Stance.choices, "stance")
        return self.attach(claim, report, stance, row.get("note"))

    def row_chronology(self, row: dict) -> Report:
        if row.get("stance") and not row.get("claim"):
            _refuse("stance", STANCE_WITHOUT_CLAIM)
        if row.get("claim") and not row.get("stance"):
            _refuse("stance", CLAIM_WITHOUT_STANCE)
        claim = find_claim(row["claim"], "claim") if row.get("claim") else None
        stance = _choice(row["stance"], Stance.choices, "stance") if claim else None
        report = self.row_reports(row)
        if claim is not None:
            self.attach(claim, report, stance, row.get("note"))
        return report


def check_header(kind: str, header: list[str]) -> list[RowError]:
    """Return errors for missing required columns and columns the kind does not know."""
    required, optional = COLUMNS[kind]
    errors = []
    missing = [name for name in required if name not in header]
    if missing:
        errors.append(RowError(1, "", MISSING_COLUMNS.format(", ".join(missing))))
    unknown = [name for name in header if name and name not in required + optional]
    if unknown:
        errors.append(RowError(1, "", UNKNOWN_COLUMNS.format(", ".join(unknown), ", ".join(required + optional))))
    return errors


def import_csv(
    kind: str,
    data: bytes | str,
    *,
    file_name: str = "",
    dry_run: bool = False,
    user=None,
    progress: Callable[[list], Iterable] = lambda rows: rows,
) -> ImportResult:
    """Import one CSV file of the given kind, all or nothing; return what was (or would be) done."""
    if kind not in KINDS:
        raise ValueError(f"Unknown kind {kind!r}; choose one of {', '.join(KINDS)}.")
    result = ImportResult(kind=kind, dry_run=dry_run)
    try:
        header, rows = read_rows(data)
    except RowRefused as refused:
        result.errors = [RowError(1, column, message) for column, message in refused.errors]
        return result
    result.errors = check_header(kind, header)
    if result.errors:
        return result
    with pghistory.context(command="import_csv", file=file_name, kind=kind), transaction.atomic():
        Importer(kind, result, header, user=user).run(progress(rows))
        if result.errors or dry_run:
            transaction.set_rollback(True)
    return result
