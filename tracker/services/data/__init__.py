"""Data in and out: imports (Quotebank, LIAR, the tracker's CSV and JSON), exports (JSON dump,
CSV, JSON-LD, TimelineJS), the seeds, and the schema migrations.

- ``importers``: read, check every record (``services.input``), then write in bulk;
- ``exporters``: deterministic dumps; ``cells``: CSV cells no spreadsheet runs;
- ``seeding``: the seed files through the ``Loader``; ``migrations``: Alembic from Python.

May import every other service package and the models.
"""
