from pathlib import Path

from django.core.management.base import BaseCommand

from claims.record.backup import backup, dumps


class Command(BaseCommand):
    help = (
        "Write the whole record (sources and claims apps, their history, the ledger, history contexts) as a JSON "
        "backup that `restore` brings back into an empty database. Passwords and API tokens are left out: after a "
        "restore into a new database, users set a password and API users make a new token."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options) -> None:
        document = backup()
        file.write_text(dumps(document), encoding="utf-8")
        rows = sum(document["counts"].values())
        self.stdout.write(
            f"Backed up {rows} rows of {len(document['counts'])} tables to {file}. "
            "Passwords and API tokens are not in it (manage.py drf_create_token makes a new token)."
        )
