"""Imports: Quotebank, LIAR, and the tracker's own CSV and JSON shapes (see docs/data-format.md)."""

from tracker.services.data.importers.run import FORMATS, ImportRejectedError, run_import

__all__ = ["FORMATS", "ImportRejectedError", "run_import"]
