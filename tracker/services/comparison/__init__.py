"""The conflict comparison: versions side by side, a word diff, points, report lag.

- ``rows``: the conflict read as plain rows in at most four queries;
- ``diff``: word- (or character-, for CJK) level differences, cached per pair;
- ``build``: the page's view-model; ``twin``: its JSON twin.

May import ``services.pages`` (shared rows, serializers), ``services.search.text`` (what a
dense script is), ``services.input`` and the models.
"""
