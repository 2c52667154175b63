"""Concurrency under load: separate gunicorn processes on one database, clients sending a mix of
reads and writes, and a burst of stale edits of one record.

    .venv/bin/python -m bench.load --database-url sqlite:////tmp/load.sqlite --requests 10000
    .venv/bin/python -m bench.load --database-url postgresql://postgres@127.0.0.1:5432/tracker_load \
        --requests 10000

The database is migrated and seeded when empty; the run adds an editor with an API token. Two
tracker instances (``--servers``, each ``--workers`` gunicorn workers) serve it, and the report
gives requests/s, every status seen, the 5xx count (the target is 0), and what the database holds
afterwards against what the clients were told was saved. The suite runs the same harness with
1,000 requests (tests/api/test_api_concurrency.py); the 10,000-request run is here because on
two shared cores it takes minutes.

The mix (each client its own seeded ``random.Random``, requests spread over the servers): 70 %
reads (home, speaker, statement, conflict and search pages, the read API) and 30 % writes
through the API: new statements, edits of the client's own statements at the version it
holds, edits of a shared statement at the version just read (other clients race for it, so a
409 is expected there), and deletes and restores.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import func, select

EXPECTED = {200, 201, 204, 409}
READS = ["/", "/speakers/{speaker}", "/statements/{statement}", "/conflicts/{conflict}",
         "/search?q=Kishida", "/search?q=%EC%9C%A4%EC%84%9D%EC%97%B4", "/timeline",
         "/api/v1/statements/{statement}", "/api/v1/speakers/{speaker}", "/api/v1/conflicts"]


@dataclass
class Targets:
    """What the clients read and which statement they race to edit."""

    speakers: list[int]
    statements: list[int]
    conflicts: list[int]
    contested: int


@dataclass
class LoadResult:
    """What a run saw: statuses per kind of request, dropped connections, and the writes the
    clients were told had been saved."""

    requests: int = 0
    seconds: float = 0.0
    statuses: Counter[str] = field(default_factory=Counter)
    dropped: list[str] = field(default_factory=list)
    created: list[str] = field(default_factory=list)  # keys of statements answered 201
    updates: int = 0  # PATCHes answered 200
    deletes: int = 0
    restores: int = 0

    @property
    def server_errors(self) -> int:
        """Answers with a 5xx status, plus connections dropped without an answer."""
        fives = sum(n for key, n in self.statuses.items() if key.split()[-1].startswith("5"))
        return fives + len(self.dropped)

    @property
    def unexpected(self) -> dict[str, int]:
        """Statuses outside 200/201/204/409, by request kind."""
        return {key: n for key, n in self.statuses.items() if int(key.split()[-1]) not in EXPECTED}

    def summary(self) -> dict[str, Any]:
        """The figures, for a report."""
        return {"requests": self.requests, "seconds": round(self.seconds, 1),
                "requests_per_second": round(self.requests / self.seconds, 1) if self.seconds else 0.0,
                "server_errors": self.server_errors, "dropped": len(self.dropped),
                "statuses": dict(sorted(self.statuses.items())), "created": len(self.created),
                "updated": self.updates, "deleted": self.deletes, "restored": self.restores}


def send(base_url: str, method: str, path: str, token: str | None = None, body: object = None,
         headers: dict[str, str] | None = None, timeout: float = 60.0) -> tuple[int, Any]:
    """One request on a new connection; the status and the JSON body (None when not JSON)."""
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=timeout)
    sent = dict(headers or {})
    if token:
        sent["Authorization"] = f"Bearer {token}"
    payload = None
    if body is not None:
        payload = json.dumps(body).encode()
        sent["Content-Type"] = "application/json"
    try:
        connection.request(method, path, body=payload, headers=sent)
        response = connection.getresponse()
        data = response.read()
    finally:
        connection.close()
    try:
        return response.status, json.loads(data) if data else None
    except ValueError:
        return response.status, None


class Client:
    """One of the load's clients: a thread with its own random plan and its own statements."""

    def __init__(self, number: int, servers: Sequence[str], token: str, targets: Targets, seed: int,
                 result: LoadResult, lock: threading.Lock) -> None:
        self.number, self.servers, self.token, self.targets = number, servers, token, targets
        self.rng = random.Random(seed * 1_000 + number)  # noqa: S311 - a repeatable plan, not a secret
        self.result, self.lock = result, lock
        self.sent = 0
        self.mine: dict[int, int] = {}  # statement id -> the version this client last saw

    def _call(self, kind: str, method: str, path: str, **kwargs: Any) -> tuple[int, Any] | None:
        server = self.servers[(self.number + self.sent) % len(self.servers)]
        self.sent += 1
        try:
            status, body = send(server, method, path, **kwargs)
        except (OSError, http.client.HTTPException) as error:
            with self.lock:
                self.result.requests += 1
                self.result.dropped.append(f"{method} {path}: {error!r}")
            return None
        with self.lock:
            self.result.requests += 1
            self.result.statuses[f"{kind} {status}"] += 1
        return status, body

    def read(self) -> None:
        """One of the reading pages or read endpoints."""
        path = self.rng.choice(READS).format(speaker=self.rng.choice(self.targets.speakers),
                                             statement=self.rng.choice(self.targets.statements),
                                             conflict=self.rng.choice(self.targets.conflicts))
        self._call("read", "GET", path)

    def create(self) -> None:
        """A new statement."""
        key = f"load-{self.number}-{self.sent}"
        answer = self._call("create", "POST", "/api/v1/statements", token=self.token, body={
            "key": key, "speaker": "fumio-kishida", "said": "2022-06-29", "topics": ["nato"],
            "wording": f"Load test statement {key}: Ukraine may be East Asia tomorrow."})
        if answer and answer[0] == 201:
            self.mine[answer[1]["id"]] = answer[1]["version"]
            with self.lock:
                self.result.created.append(key)

    def edit_own(self) -> None:
        """Change a statement only this client edits, at the version it holds (never stale)."""
        if not self.mine:
            self.create()
            return
        statement = self.rng.choice(sorted(self.mine))
        answer = self._call("edit", "PATCH", f"/api/v1/statements/{statement}", token=self.token,
                            body={"verdict": f"checked {self.sent}"},
                            headers={"If-Match": f'"{self.mine[statement]}"'})
        if answer and answer[0] == 200:
            self.mine[statement] = answer[1]["version"]
            with self.lock:
                self.result.updates += 1

    def edit_contested(self) -> None:
        """Read the shared statement's version, then change it: others race for the same one."""
        path = f"/api/v1/statements/{self.targets.contested}"
        read = self._call("read", "GET", path)
        if not read or read[0] != 200:
            return
        answer = self._call("contested edit", "PATCH", path, token=self.token,
                            body={"translation_note": f"client {self.number}, request {self.sent}"},
                            headers={"If-Match": f'"{read[1]["version"]}"'})
        if answer and answer[0] == 200:
            with self.lock:
                self.result.updates += 1

    def delete_and_restore(self) -> None:
        """Delete one of this client's statements, then restore it."""
        if not self.mine:
            self.create()
            return
        statement = self.rng.choice(sorted(self.mine))
        gone = self._call("delete", "DELETE", f"/api/v1/statements/{statement}", token=self.token)
        if not gone or gone[0] != 204:
            return
        with self.lock:
            self.result.deletes += 1
        back = self._call("restore", "POST", f"/api/v1/statements/{statement}/restore", token=self.token)
        if back and back[0] == 200:
            self.mine[statement] = back[1]["version"]
            with self.lock:
                self.result.restores += 1

    def run(self, count: int) -> None:
        """Send ``count`` requests (a write of two requests counts two)."""
        while self.sent < count:
            roll = self.rng.random()
            if roll < 0.70:
                self.read()
            elif roll < 0.80:
                self.create()
            elif roll < 0.90:
                self.edit_own()
            elif roll < 0.96:
                self.edit_contested()
            else:
                self.delete_and_restore()


def run_load(servers: Sequence[str], token: str, targets: Targets, requests: int, clients: int = 8,
             seed: int = 11) -> LoadResult:
    """``requests`` mixed requests from ``clients`` threads, spread over ``servers``."""
    result, lock = LoadResult(), threading.Lock()
    share = -(-requests // clients)
    workers = [Client(n, servers, token, targets, seed, result, lock) for n in range(clients)]
    threads = [threading.Thread(target=w.run, args=(share,), name=f"load-client-{w.number}") for w in workers]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.monotonic() - started
    return result


def stale_edits(servers: Sequence[str], token: str, path: str, version: int,
                count: int = 50) -> list[tuple[int, Any]]:
    """``count`` PATCHes of one record, all at the same ``version``, released together."""
    barrier = threading.Barrier(count)
    answers: list[tuple[int, Any]] = [(0, None)] * count

    def edit(number: int) -> None:
        barrier.wait()
        try:
            answers[number] = send(servers[number % len(servers)], "PATCH", path, token=token,
                                   body={"description": f"stale edit {number}"},
                                   headers={"If-Match": f'"{version}"'})
        except (OSError, http.client.HTTPException) as error:
            answers[number] = (0, repr(error))

    threads = [threading.Thread(target=edit, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


# -- the database side (in-process, before and after the run) --------------------------------

def prepare(database_url: str) -> tuple[str, Targets]:
    """Migrate and seed an empty database, add an editor with a token; the token and targets."""
    from tracker import create_app
    from tracker.models import Conflict, Speaker, Statement, UserRole
    from tracker.services.access import tokens, users
    from tracker.services.data import migrations, seeding
    from tracker.web.database import get_session

    migrations.upgrade(database_url)
    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "load"})
    try:
        with app.app_context():
            session = get_session()
            if session.scalar(select(func.count()).select_from(Statement)) == 0:
                seeding.load_files(session, seeding.seed_files())
            user = users.create_user(session, f"load-{time.time_ns()}@example.org",
                                     "load test password 123", UserRole.EDITOR)
            session.flush()
            _, plain = tokens.issue_token(session, user, "bench.load")
            session.commit()
            live_statements = list(session.scalars(select(Statement.id).where(
                Statement.deleted_at.is_(None)).order_by(Statement.id).limit(200)))
            targets = Targets(
                speakers=list(session.scalars(select(Speaker.id).where(
                    Speaker.deleted_at.is_(None), Speaker.merged_into_id.is_(None)).order_by(Speaker.id)
                    .limit(200))),
                statements=live_statements,
                conflicts=list(session.scalars(select(Conflict.id).where(Conflict.deleted_at.is_(None))
                                               .order_by(Conflict.id).limit(200))),
                contested=live_statements[0])
    finally:
        app.extensions["engine"].dispose()
    return plain, targets


def revision_counts(database_url: str) -> Counter[str]:
    """Statement revisions in the database, by action."""
    from tracker.db import make_engine
    from tracker.models import Revision

    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            return Counter(dict(connection.execute(select(Revision.action, func.count()).where(
                Revision.entity_type == "statement").group_by(Revision.action)).tuples().all()))
    finally:
        engine.dispose()


def check_stored(database_url: str, result: LoadResult, before: Counter[str]) -> dict[str, int]:
    """What the database holds against what the clients were told: every statement answered
    201 is there, and every answered edit, delete and restore has its revision (0 everywhere
    means nothing was lost and nothing was recorded twice)."""
    from tracker.db import make_engine
    from tracker.models import Statement

    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            keys = set(connection.scalars(select(Statement.key).where(Statement.key.like("load-%"))))
    finally:
        engine.dispose()
    added = revision_counts(database_url) - before
    return {"created_missing": len(set(result.created) - keys),
            "created_revisions_off": added["create"] - len(result.created),
            "updates_off": added["update"] - result.updates,
            "deletes_off": added["delete"] - result.deletes,
            "restores_off": added["undelete"] - result.restores}


def main(argv: Sequence[str] | None = None) -> int:
    """Start the servers, run the stale edits and the mixed load, print the report."""
    from bench.run import start_tracker
    from tracker.config import normalize_database_url

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--servers", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--stale", type=int, default=50)
    args = parser.parse_args(argv)
    args.database_url = normalize_database_url(args.database_url)  # postgresql:// -> psycopg 3
    token, targets = prepare(args.database_url)
    log_dir = Path(tempfile.mkdtemp(prefix="bench-load-"))
    servers = []
    for number in range(args.servers):
        (log_dir / str(number)).mkdir()
        servers.append(start_tracker(args.database_url, log_dir / str(number), args.workers))
    try:
        urls = [server.url("") for server in servers]
        _, body = send(urls[0], "GET", f"/api/v1/speakers/{targets.speakers[0]}")
        answers = stale_edits(urls, token, f"/api/v1/speakers/{targets.speakers[0]}", body["version"],
                              args.stale)
        stale = Counter(status for status, _ in answers)
        before = revision_counts(args.database_url)
        result = run_load(urls, token, targets, args.requests, args.clients)
        report = {"stale_edits": dict(stale), **result.summary(),
                  "stored": check_stored(args.database_url, result, before), "unexpected": result.unexpected,
                  "dropped_examples": result.dropped[:5], "logs": str(log_dir)}
    finally:
        for server in servers:
            server.stop()
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0 if result.server_errors == 0 and stale.get(200) == 1 else 1


if __name__ == "__main__":
    sys.exit(main())
