"""The read side: the queries and row loaders behind the reading pages, and the JSON shapes.

- ``browse``: the browsing pages' queries (speakers A–Z, events, outlets, articles, timeline);
- ``queries``: statements, accounts and conflicts as models (their pages, the API, edit forms);
- ``page_rows``: statements and speakers as plain rows (fixed query counts) for the pages that
  list statements, their JSON twins and the API alike: one query per page;
- ``rows``: the plain row classes that ``page_rows`` and ``comparison.rows`` share;
- ``speaker_page``: a speaker's statements with keyset pagination, bounded counts and facets;
- ``pagination``: bounded pages; ``serialize``: records as plain data (JSON, CSV);
- ``timeline_svg``: the server-drawn timeline.

May import ``services.input`` and the models; nothing here writes.
"""
