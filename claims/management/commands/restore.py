import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.record.backup import RestoreRefused, restore


class Command(BaseCommand):
    help = "Restore a backup made by `backup` into an EMPTY database (after migrate); refuses a database with a record."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options) -> None:
        try:
            document = json.loads(file.read_text(encoding="utf-8"))
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        except ValueError as error:
            raise CommandError(f"{file} is not JSON: {error}.") from error
        try:
            restored = restore(document)
        except RestoreRefused as refused:
            raise CommandError(str(refused)) from refused
        self.stdout.write(f"Restored {sum(restored.values())} rows of {len(restored)} tables from {file}.")
