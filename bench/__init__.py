"""Benchmarks, run by `make bench` (the catalog) or one by one (`python -m bench.catalog`)."""
