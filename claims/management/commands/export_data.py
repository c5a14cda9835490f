from pathlib import Path

from django.core.management.base import BaseCommand

from claims.transfer.exporters import write_bundle


class Command(BaseCommand):
    help = "Write the public record as CSV files, one per kind, with a README of the columns, into a directory."

    def add_arguments(self, parser) -> None:
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory: Path, **options) -> None:
        written = write_bundle(directory)
        self.stdout.write(f"Wrote {len(written)} files to {directory}: {', '.join(path.name for path in written)}.")
