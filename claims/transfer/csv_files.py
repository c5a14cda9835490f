"""Reading an import file: its kinds' columns, the messages of its refusals, rows read from CSV, and the
checks of a whole file (its header, rows that would overwrite each other)."""

import csv
import io
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from sources import services as source_services
from tracker.partial_dates import parse_partial_date

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
