"""Configuration: defaults, then the instance folder, then the environment, then tests."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any


def _secret_key(instance_path: Path) -> str:
    """SECRET_KEY from the environment, else one generated once into the instance folder."""
    from_env = os.environ.get("SECRET_KEY")
    if from_env:
        return from_env
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        # O_EXCL so two workers starting together cannot write different keys.
        try:
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_hex(32))
    return key_file.read_text().strip()


def default_config(instance_path: Path) -> dict[str, Any]:
    """The settings every app starts from."""
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{instance_path / 'tracker.sqlite'}"
    return {
        "SECRET_KEY": _secret_key(instance_path),
        "DATABASE_URL": normalize_database_url(database_url),
        "REDIS_URL": os.environ.get("REDIS_URL"),
        "PAGE_SIZE": 50,
        "MAX_PAGE_SIZE": 200,
        "MAX_CONTENT_LENGTH": 8 * 1024 * 1024,
        # Imports uploaded on /imports: stored here (never in the repository), at most this big.
        "UPLOAD_FOLDER": os.environ.get("UPLOAD_FOLDER") or str(instance_path / "uploads"),
        "UPLOAD_MAX_BYTES": int(os.environ.get("UPLOAD_MAX_BYTES", "") or 1024 ** 3),
        "IMPORT_QUEUE": os.environ.get("IMPORT_QUEUE") or "tracker-imports",
        "IMPORT_JOB_TIMEOUT": 24 * 3600,  # seconds an RQ worker lets one import run
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": os.environ.get("SESSION_COOKIE_SECURE", "0") == "1",
        # Proxies in front (nginx: 1) whose X-Forwarded-For/-Proto are trusted; 0 trusts none.
        "PROXY_HOPS": int(os.environ.get("PROXY_HOPS", "0") or 0),
    }


def normalize_database_url(url: str) -> str:
    """Send plain postgres URLs to psycopg 3, the driver we ship."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
