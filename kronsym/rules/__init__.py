"""Rewrite rules, one module per family (issue #5)."""
