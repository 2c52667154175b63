"""Rate limits with fixed windows; counters live in Redis when REDIS_URL is set.

Counters in Redis are shared by every gunicorn worker, so N workers never allow N times the
limit. Without Redis (one development process) an in-process counter does the same job.

The login limit counts failures only, per account and per address, as Warehouse (PyPI) does: a
login first checks that neither counter is over the limit, and only a wrong password counts, so
a newsroom behind one address can log in all day while guessing stops after a few tries.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import TYPE_CHECKING, Protocol

from flask import Flask, current_app

if TYPE_CHECKING:
    import redis


class LimiterUnavailableError(Exception):
    """The shared counters cannot be reached (Redis is down): refuse rather than guess."""


class Counter(Protocol):
    """Counts hits per key within a window."""

    def hit(self, key: str, window: int) -> int:
        """Count one hit and return the total within the current window."""

    def count(self, key: str, window: int) -> int:
        """The hits within the current window, without counting one."""

    def reset(self, key: str) -> None:
        """Forget a key's hits."""


class RedisCounter:
    """INCR + EXPIRE in one transaction: atomic across workers and hosts."""

    def __init__(self, url: str, prefix: str) -> None:
        import redis  # only where Redis is configured: it costs each worker several MB

        self.client: redis.Redis = redis.Redis.from_url(url, socket_timeout=2)
        self.errors: type[Exception] = redis.RedisError
        self.prefix = prefix

    def hit(self, key: str, window: int) -> int:
        """Count one hit; the key expires with its window."""
        try:
            pipe = self.client.pipeline()
            pipe.incr(self.prefix + key)
            pipe.expire(self.prefix + key, window, nx=True)
            count, _ = pipe.execute()
        except self.errors as error:
            raise LimiterUnavailableError(str(error)) from error
        return int(count)

    def count(self, key: str, window: int) -> int:
        """The key's hits (it expires with its window)."""
        try:
            value = self.client.get(self.prefix + key)
        except self.errors as error:
            raise LimiterUnavailableError(str(error)) from error
        return int(value or 0)  # type: ignore[arg-type]

    def reset(self, key: str) -> None:
        """Forget a key's hits; if Redis is unreachable they simply expire with their window."""
        try:
            self.client.delete(self.prefix + key)
        except self.errors:
            logging.getLogger(__name__).warning("could not reset rate-limit key %s", key)


class MemoryCounter:
    """A per-process counter, for a single development server only."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.hits: dict[str, tuple[float, int]] = {}

    def hit(self, key: str, window: int) -> int:
        """Count one hit within the window that started with the first one."""
        now = time.monotonic()
        with self.lock:
            started, count = self.hits.get(key, (now, 0))
            if now - started >= window:
                started, count = now, 0
            self.hits[key] = (started, count + 1)
            return count + 1

    def count(self, key: str, window: int) -> int:
        """The hits within the window that started with the first one."""
        with self.lock:
            started, count = self.hits.get(key, (0.0, 0))
            return count if time.monotonic() - started < window else 0

    def reset(self, key: str) -> None:
        """Forget a key's hits."""
        with self.lock:
            self.hits.pop(key, None)


class RateLimiter:
    """Allows ``limit`` hits per key per ``window`` seconds."""

    def __init__(self, counter: Counter, limit: int, window: int) -> None:
        self.counter, self.limit, self.window = counter, limit, window

    def allow(self, *keys: str) -> bool:
        """Count a hit on every key; False when any of them is over the limit."""
        counts = [self.counter.hit(key, self.window) for key in keys]
        return all(count <= self.limit for count in counts)

    def blocked(self, *keys: str) -> bool:
        """Whether any key has used up its limit, without counting a hit."""
        return any(self.counter.count(key, self.window) >= self.limit for key in keys)

    def fail(self, *keys: str) -> None:
        """Count one failure on every key."""
        for key in keys:
            self.counter.hit(key, self.window)

    def reset(self, key: str) -> None:
        """Forget a key (after a successful login, for its account)."""
        self.counter.reset(key)


def init_app(app: Flask) -> None:
    """Create the login limiter: Redis when configured, else in-process."""
    app.config.setdefault("LOGIN_ATTEMPTS", 10)
    app.config.setdefault("LOGIN_WINDOW_SECONDS", 15 * 60)
    app.config.setdefault("RATELIMIT_PREFIX", "tracker:ratelimit:")
    url = app.config.get("REDIS_URL")
    counter: Counter = RedisCounter(url, app.config["RATELIMIT_PREFIX"]) if url else MemoryCounter()
    app.extensions["login_limiter"] = RateLimiter(
        counter, int(app.config["LOGIN_ATTEMPTS"]), int(app.config["LOGIN_WINDOW_SECONDS"])
    )


def login_limiter() -> RateLimiter:
    """The current app's login limiter."""
    limiter: RateLimiter = current_app.extensions["login_limiter"]
    return limiter
