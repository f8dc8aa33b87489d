"""Codes: series, generation, import, lookup, and publication to customers."""
