"""Bulk import of reports, evidence and chronologies: the rows checked in Python by the services' rules, the
new ones written with COPY; a row that changes something recorded goes through the services."""

import csv
import datetime
import io
import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connection, models
from django.utils import timezone

from claims.models import Claim, Evidence, Stance
from claims.transfer.csv_files import (
    AMBIGUOUS,
    CLAIM_WITHOUT_STANCE,
    NO_SUCH,
    STANCE_WITHOUT_CLAIM,
    RowRefused,
    _refuse,
)
from claims.transfer.rows import Importer, _changes, _choice, _partial_date, _report_fields
from sources import services as source_services
from sources.models import PUBLISHED_IN_FUTURE, Credibility, Report, Source, SourceKind
from tracker.signals import rows_written
from tracker.validators import HTTP_URL_MESSAGE

# New rows written per COPY statement: a few large statements, and a progress bar that moves while writing.
WRITE_CHUNK = 10_000


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
                rows_written.send(sender=Report, ids=[report.id for report in reports])
            evidence = [item for _, item in chunk if item is not None]
            if evidence:
                ids = new_ids(Evidence, len(evidence))
                values = [
                    (pk, item.claim_id, item.report.id, item.stance, item.note, added_by)
                    for pk, item in zip(ids, evidence, strict=True)
                ]
                copy_rows(Evidence, ("id", "claim_id", "report_id", "stance", "note", "added_by_id"), values, now=now)
                rows_written.send(sender=Evidence, ids=ids)


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
