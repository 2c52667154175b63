"""Outside input becomes typed values: one path for forms, the API, imports and query
parameters.

- ``records``: ``RecordReader`` reads one record's fields (type, length, characters, keys,
  enumerations, dates, URLs) and raises ``RecordError`` naming the source, record and field;
- ``dates``: partial dates with their precision; ``text``: normalisation and name folding;
- ``parameters``: ``ParameterError``, a refused query parameter.

May import ``tracker.models`` only (for the enumerations).
"""
