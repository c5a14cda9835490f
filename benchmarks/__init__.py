"""The benchmark harness of issue 7: a synthetic record (record.py) and the page timings (measure.py).

Used by the generate_data and bench management commands; see docs/benchmarks.md.
"""
