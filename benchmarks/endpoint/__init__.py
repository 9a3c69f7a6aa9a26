"""The parts of ``benchmarks/sparql_endpoint.py``: data, contenders, answer check, load, profile, tables."""
