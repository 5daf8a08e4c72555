"""Warehouse maintenance scripts: real code smells for the analysers gates reads."""
