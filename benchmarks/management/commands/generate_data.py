import datetime
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from benchmarks import record
from claims.models import Claim


class Command(BaseCommand):
    help = (
        "Fill the database with a synthetic record for benchmarks (docs/benchmarks.md): for --claims 100000 about "
        "5,000 commentators, 300 sources, 500,000 reports and 1,000,000 evidence links, skewed like real data, "
        "with a valid ledger. Written with COPY in one transaction; the history triggers are bypassed while "
        "loading (no history rows for this data). Refuses a database that already holds claims unless --append."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--claims", type=int, required=True, help="How many claims to create.")
        parser.add_argument("--seed", type=int, default=7, help="Seed of the random draws (default 7).")
        parser.add_argument(
            "--until",
            type=datetime.date.fromisoformat,
            default=None,
            help="The last day of the record (YYYY-MM-DD, default today). The same seed, size and last day "
            "give the same record.",
        )
        parser.add_argument(
            "--append", action="store_true", help="Add to a database that already holds claims (new ids)."
        )
        parser.add_argument(
            "--keep-triggers",
            action="store_true",
            help="Leave the history and rule triggers on while loading: slower, but writes history rows.",
        )
        parser.add_argument("--no-check", action="store_true", help="Skip the SQL check of the record's rules.")
        parser.add_argument(
            "--no-vacuum", action="store_true", help="Skip VACUUM ANALYZE of the loaded tables afterwards."
        )

    def handle(self, *args, claims: int, seed: int, until, append: bool, keep_triggers: bool, **options) -> None:
        if claims < 1:
            raise CommandError("--claims must be at least 1.")
        today = timezone.localdate()
        until = until or today
        if until > today:
            raise CommandError(f"--until {until} is in the future; the record cannot hold claims made after today.")
        existing = Claim.objects.count()
        if existing and not append:
            raise CommandError(
                f"The database already holds {existing:,} claims; generate_data fills an empty database. "
                "Use --append to add to it, or point DATABASE_URL at a new database."
            )
        sizes = record.Sizes.for_claims(claims)
        self.stdout.write(
            f"Generating {sizes.claims:,} claims by {sizes.commentators:,} commentators, {sizes.reports:,} reports "
            f"from {sizes.sources:,} sources, about {round(sizes.claims * sizes.evidence_per_claim):,} evidence "
            f"links (seed {seed}, up to {until}) in {connection.settings_dict['NAME']}."
        )
        started = time.perf_counter()
        try:
            result = record.load_record(
                claims=claims,
                seed=seed,
                until=until,
                keep_triggers=keep_triggers,
                check=not options["no_check"],
                log=self._progress,
            )
        except record.RecordProblems as problems:
            raise CommandError(str(problems)) from problems
        if not options["no_vacuum"] and not connection.in_atomic_block:
            clock = time.perf_counter()
            record.vacuum_analyze()
            self._progress(f"  VACUUM ANALYZE of the loaded tables ({time.perf_counter() - clock:.1f} s)")
        counts = ", ".join(f"{count:,} {name}" for name, count in result.counts.items())
        self.stdout.write(
            f"Done in {time.perf_counter() - started:.1f} s: {counts}. The claim with "
            f"{record.BIG_CLAIM_EVIDENCE:,} evidence items is {result.big_claim_id}."
            + ("" if result.triggers_bypassed else " Triggers stayed on.")
        )

    def _progress(self, message: str) -> None:
        self.stdout.write(message)
        self.stdout.flush()
