from pathlib import Path

from django.core.management.base import BaseCommand

from claims.record.backup import backup, dumps


class Command(BaseCommand):
    help = (
        "Write the whole record (sources and claims apps, their history, the ledger, history contexts) as a JSON "
        "backup that `restore` brings back into an empty database."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options) -> None:
        document = backup()
        file.write_text(dumps(document), encoding="utf-8")
        rows = sum(document["counts"].values())
        self.stdout.write(f"Backed up {rows} rows of {len(document['counts'])} tables to {file}.")
