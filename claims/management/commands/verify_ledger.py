from django.core.management.base import BaseCommand, CommandError

from claims.record import ledger


class Command(BaseCommand):
    help = (
        "Recompute the ledger's hash chain and Merkle tree, check them against every signed tree head kept, and "
        "compare the latest entry of every part of the record with its row as it is now. Exits 0 when all holds; "
        "otherwise names each part changed, added or deleted outside the application, each altered, removed or "
        "rewritten entry and each bad head, and exits 1."
    )

    def handle(self, *args, **options) -> None:
        verification = ledger.verify_and_record()
        if verification.ok:
            self.stdout.write(
                f"The ledger holds: {verification.entries} entries, head {verification.head_hash}, "
                "every signed head still holds, and every part of the record matches what it recorded."
            )
            return
        for problem in verification.problems:
            self.stderr.write(f"- {problem['message']}")
        raise CommandError(f"The ledger does not hold: {len(verification.problems)} problem(s), listed above.")
