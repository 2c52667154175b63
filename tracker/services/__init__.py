"""Domain logic: the views, the API, the command line and the imports all call these.

One package per concept; each says what it owns and what it may import. Services import the
models, ``tracker.db`` and each other (never a cycle: ``scripts/architecture.py``), and never
Flask, the views, the API or the command line. They take a SQLAlchemy ``Session`` and flush;
the caller (a view, an API endpoint, a command) commits once.

- ``input``: outside input becomes typed values (``RecordReader``, partial dates, text
  normalisation, ``ParameterError``);
- ``pages``: the read queries and row loaders behind the reading pages, and the serializers
  of their JSON twins;
- ``search``: the full-text index (tokenising, numbering, writing) and the search itself;
- ``comparison``: the conflict comparison page (rows, word diff, view-model, JSON twin);
- ``editing``: every write of a record (the ``Loader``), revisions, restore, speaker merges;
- ``access``: users, passwords and API tokens;
- ``data``: imports, exports, seeding and the schema migrations.

Importing the services registers the session hooks that keep the search index current
(``search.index``), so every write that goes through them is indexed, and the one that gives
every speaker name its loose variant (``editing.identity``).
"""

from tracker.services.editing import identity as _identity  # noqa: F401 - registers the hook
from tracker.services.search import index as _search_index  # noqa: F401 - registers the hooks
