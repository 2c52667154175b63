"""The Flask glue the views, the API and the command line share.

- ``database``: the request's session (one commit per request, rollback at teardown);
- ``errors``: JSON for API clients, an HTML page for browsers, never a bare 500;
- ``auth``: logins, roles, CSRF; ``ratelimit``: login limits (Redis when configured);
- ``security``: the security headers on every response.

May import the services and the models; imported by ``views``, ``api`` and ``cli`` only.
"""
