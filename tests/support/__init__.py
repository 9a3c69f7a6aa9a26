"""Test support: code the tests share, importable as ``support.…``."""
