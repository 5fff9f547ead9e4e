"""Benchmarks behind ``edgestudio bench ...``: each prints JSON measured in one run."""
