"""Benchmarks: scripts that measure and write their numbers to docs/benchmarks.md."""
