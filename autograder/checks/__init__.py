"""Checks that hidden test cells call; one module per assignment, shared machinery in ``common``."""
