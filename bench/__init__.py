"""Benchmarks of jcg-ledger against bean-check: `python -m bench` (see `bench.run`)."""
