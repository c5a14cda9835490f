from django.core.management.base import BaseCommand, CommandError

from claims.scoring import figures


class Command(BaseCommand):
    help = (
        "Recompute the figures the database keeps ahead of reads (each commentator's leaderboard sums, each "
        "source's token and number of reports), as after loading a record behind the triggers' back. With "
        "--check, change nothing: compare the kept figures with a fresh computation and exit 1 naming each "
        "commentator or source that differs."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--check", action="store_true", help="Compare only; write nothing.")

    def handle(self, *args, check: bool, **options) -> None:
        if check:
            problems = figures.differences()
            for problem in problems:
                self.stderr.write(f"- {problem}")
            if problems:
                raise CommandError(f"{len(problems)} figure row(s) differ from a fresh computation, listed above.")
            self.stdout.write("The kept figures equal a fresh computation.")
            return
        written = figures.rebuild()
        self.stdout.write(
            f"Rebuilt the figures of {written['commentators']} commentators and {written['sources']} sources."
        )
