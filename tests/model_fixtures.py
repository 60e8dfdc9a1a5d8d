"""Fixtures that build and install the project's own small test model (filled in by the translation stage)."""
