"""Runtimes behind one contract. Each module imports its runtime inside ``load()``/``probe()``."""
