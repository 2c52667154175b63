"""The reading pages (no login): home, speakers, statements, conflicts, events, outlets,
articles, timeline and search. Each page has a JSON twin and lists a CSV, from one query.

Views parse the request (``views.params``), call the services, and ``respond`` (``views.formats``).
"""
