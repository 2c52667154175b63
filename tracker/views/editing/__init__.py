"""The editors' pages: forms for every record, deletes and restores, history, speaker merges.

``records`` holds the shared form plumbing (load or 404, save or show the errors) and the
speaker, outlet, event, article and topic forms; ``statements`` and ``conflicts`` the longer
forms; ``history`` each record's revisions. Every save goes through ``services.editing``.
"""
