from collections import Counter
from pathlib import Path

import pghistory
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from claims.models import Claim
from claims.record import heads
from claims.transfer.importers import import_csv

# The demo record: the One Free Korea chronology of sanctions on North Korea, 2016-2019, in our own words, as
# CSV files in the importer's own formats, imported in this order (later files name what earlier ones created).
DEMO_FILES = Path(__file__).resolve().parents[2] / "transfer" / "demo"
DEMO_ORDER = ("sources", "commentators", "topics", "reports", "claims", "chronology", "resolutions")


class Command(BaseCommand):
    help = (
        "Load the demo record (the One Free Korea chronology of sanctions on North Korea, 2016-2019) through the "
        "CSV importer. Idempotent: what exists already is left as it is."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when the database already holds any claim."
        )

    def handle(self, *args, if_empty: bool = False, **options) -> None:
        if if_empty and Claim.objects.exists():
            self.stdout.write("The database already holds claims; the demo record was not loaded.")
            return
        with pghistory.context(command="load_demo"):
            created = load_demo()
        names = ("sources", "reports", "commentators", "topics", "claims", "evidence", "resolutions")
        summary = ", ".join(f"{created[name]} {name}" for name in names)
        self.stdout.write(f"Demo record loaded; created {summary}.")
        try:
            head = heads.publish_head(timestamp=False)
        except heads.SigningKeyMissing as error:
            self.stdout.write(f"No tree head signed: {error}")
        else:
            self.stdout.write(f"Signed the ledger's first tree head: {head.tree_size} entries, root {head.root_hash}.")


@transaction.atomic
def load_demo() -> Counter:
    """Import whatever part of the demo record is missing; return the counts of records created, by kind."""
    created = Counter()
    for kind in DEMO_ORDER:
        result = import_csv(kind, (DEMO_FILES / f"{kind}.csv").read_bytes(), file_name=f"demo/{kind}.csv")
        if result.errors:
            raise CommandError(f"The demo file {kind}.csv does not import: {'; '.join(map(str, result.errors))}")
        created.update(result.created)
    return created
