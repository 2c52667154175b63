"""Full-text search over statements and their accounts, on SQLite FTS5 and PostgreSQL alike.

- ``text``: the tokeniser both backends share (CJK bigrams) and the highlighter;
- ``order``: document ids numbered in date order, so newest-first reads the index in order;
- ``index``: writing the documents, and the session hooks that keep them current;
- ``query``: the search (plans, counts, facet samples); ``facets``: the facet counts.

May import ``services.input``, ``services.pages`` (pagination, loaders) and the models.
"""
