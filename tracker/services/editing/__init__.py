"""Every write of a record, and its history.

- ``loader``: the write engine: an upsert by key with a Revision, used by seeds, imports, forms,
  the API and restores;
- ``edits``: create, update, soft-delete, undelete and restore one record (optimistic locking),
  and finding speakers before making new ones;
- ``history``: revisions; ``created``: what bulk imports created (import runs and their ranges
  of ids) and the Created entry of such a record's history; ``merge``: merging speakers and
  undoing it.

May import ``services.input``, ``services.pages`` (the edit forms' loads) and the models.
"""
