"""Benchmarks of the suite's stages next to the reference tools (``make bench``)."""
