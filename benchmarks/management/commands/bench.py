import json
from pathlib import Path

from django.core.management.base import BaseCommand

from benchmarks import measure


class Command(BaseCommand):
    help = (
        "Time the key pages in-process with Django's test client (warm, many requests each) and print, for each, "
        "the median and p95 time, the number of SQL queries and the rows read; then the leaderboard and the "
        "biggest scorecard against their bare SQL, and the claim list against the admin changelist. Writes the "
        "table as markdown to --output. Run it on a database filled by generate_data (docs/benchmarks.md)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--requests", type=int, default=20, help="Timed requests a page (default 20).")
        parser.add_argument("--warmup", type=int, default=2, help="Untimed requests a page first (default 2).")
        parser.add_argument(
            "--budget",
            type=float,
            default=60.0,
            help="Seconds a page may take before its timing stops early, after at least 3 requests (default 60).",
        )
        parser.add_argument("--output", type=Path, help="Write the markdown table to this file.")
        parser.add_argument("--json", type=Path, help="Also write the figures as JSON to this file.")
        parser.add_argument(
            "--no-explain", action="store_true", help="Skip EXPLAIN ANALYZE of each query (no rows read, no plans)."
        )
        parser.add_argument("--no-plans", action="store_true", help="Leave the slowest queries' plans out of the file.")
        parser.add_argument(
            "--import-rows",
            type=int,
            default=100_000,
            help="Rows of the chronology import_csv is timed on (default 100,000; 0 skips it). Rolled back after.",
        )
        parser.add_argument(
            "--compare",
            type=Path,
            nargs="+",
            metavar="JSON",
            help="Measure nothing: print one table of earlier runs (files written by --json), to see how pages grow.",
        )
        parser.add_argument(
            "--profile", action="store_true", help="Add where each page spends its time in Python (cProfile)."
        )

    def handle(self, *args, **options) -> None:
        if options["compare"]:
            documents = [json.loads(path.read_text()) for path in options["compare"]]
            table = measure.compare_markdown(documents)
            self.stdout.write(table)
            if options["output"]:
                options["output"].write_text(table + "\n")
            return
        result = measure.run(
            requests=options["requests"],
            warmup=options["warmup"],
            budget_s=options["budget"],
            explain_queries=not options["no_explain"],
            profile=options["profile"],
            import_rows=options["import_rows"],
            log=self._progress,
        )
        table = measure.markdown(result, plans=False)
        self.stdout.write("")
        self.stdout.write(table)
        if options["output"]:
            options["output"].write_text(measure.markdown(result, plans=not options["no_plans"]) + "\n")
            self.stdout.write(f"Wrote {options['output']}.")
        if options["json"]:
            options["json"].write_text(json.dumps(measure.json_ready(result), indent=2) + "\n")
            self.stdout.write(f"Wrote {options['json']}.")

    def _progress(self, message: str) -> None:
        self.stdout.write(message)
        self.stdout.flush()
