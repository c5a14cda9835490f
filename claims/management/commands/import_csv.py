from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from claims.transfer.importers import KINDS, import_csv


class Command(BaseCommand):
    help = (
        "Import a CSV file of one kind (sources, reports, commentators, topics, claims, evidence or chronology), "
        "all or nothing: a file with any bad row writes nothing and every bad row is reported. "
        "Formats: docs/csv-formats.md."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("kind", choices=KINDS)
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check every row and report what would change; write nothing."
        )

    def handle(self, *args, kind: str, file: Path, dry_run: bool = False, verbosity: int = 1, **options) -> None:
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error

        # tqdm redraws its line with carriage returns: give it the stream itself, not Django's line-ending wrapper.
        stream = getattr(self.stderr, "_out", self.stderr)

        def progress(rows, step=""):
            desc = f"{kind} from {file.name}" + (f", {step}" if step else "")
            return tqdm(rows, desc=desc, unit="row", file=stream, disable=verbosity == 0)

        result = import_csv(kind, data, file_name=str(file), dry_run=dry_run, progress=progress)
        if verbosity > 1 or dry_run:
            for action in result.actions:
                self.stdout.write(f"  {action}")
        if result.errors:
            for error in result.errors:
                self.stderr.write(f"{file}: {error}")
            raise CommandError(result.summary())
        self.stdout.write(("Dry run. " if dry_run else "") + result.summary())
