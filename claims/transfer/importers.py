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

from collections.abc import Callable, Iterable

import pghistory
from django.db import DataError, IntegrityError, transaction

from claims.transfer.bulk import BulkImporter
from claims.transfer.csv_files import FileRefused, ImportResult, check_header, conflicting_rows, read_file
from claims.transfer.rows import Importer

KINDS = ("sources", "reports", "commentators", "topics", "claims", "evidence", "chronology", "resolutions")
# Kinds checked in bulk and written with COPY (BulkImporter); the others go row by row through the services.
BULK_KINDS = ("reports", "evidence", "chronology")


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
