from django.core.management.base import BaseCommand, CommandError

from claims.record import heads
from tracker.timestamping import TimestampError


class Command(BaseCommand):
    help = (
        "Sign the ledger's Merkle tree as it is now with the site's Ed25519 key (TRACKER_LEDGER_SIGNING_KEY), have "
        "it time-stamped by the authority TRACKER_TSA_URL names (if any), and publish the head (/ledger/heads.atom, "
        "/api/ledger/head/). Run it from cron: readers who keep heads can then prove any later rewrite."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--no-timestamp", action="store_true", help="Sign without asking the time-stamping authority."
        )

    def handle(self, *args, **options) -> None:
        try:
            head = heads.publish_head(timestamp=not options["no_timestamp"])
        except heads.SigningKeyMissing as error:
            raise CommandError(str(error)) from error
        except TimestampError as error:
            raise CommandError(f"The time-stamping authority did not stamp the head ({error.code}): {error}") from error
        stamped = (
            f", time-stamped by {head.tsa_authority} at {head.tsa_time:%Y-%m-%d %H:%M:%S} UTC" if head.tsa_token else ""
        )
        self.stdout.write(f"Signed tree head: {head.tree_size} entries, root {head.root_hash}{stamped}.")
