from django.apps import AppConfig


class BenchmarksConfig(AppConfig):
    """The benchmark harness: a synthetic record at scale (generate_data) and the pages' timings (bench)."""

    name = "benchmarks"
    verbose_name = "Benchmarks"
