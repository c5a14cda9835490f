from django.core.management.base import BaseCommand, CommandError

from claims.record import ledger


class Command(BaseCommand):
    help = (
        "Recompute the ledger's hash chain and compare it with the record as it is now. Exits 0 when all holds; "
        "otherwise names each claim or resolution changed outside the application, each broken link and each "
        "missing entry, and exits 1."
    )

    def handle(self, *args, **options) -> None:
        verification = ledger.verify_and_record()
        if verification.ok:
            self.stdout.write(
                f"The ledger holds: {verification.entries} entries, head {verification.head_hash}, "
                "and every claim and resolution matches what it recorded."
            )
            return
        for problem in verification.problems:
            self.stderr.write(f"- {problem['message']}")
        raise CommandError(f"The ledger does not hold: {len(verification.problems)} problem(s), listed above.")
