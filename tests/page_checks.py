"""Page quality: discovery of every HTML page the app routes (from the url_map and the JSON API,
filled with real seeded ids), a small HTTP client to fetch them from the live server, and the
Nu HTML Checker (vnu.jar) and axe-core runners.

Imported by the page-quality tests in ``tests/browser`` (hence PYTEST_DONT_REWRITE: its
assertions carry their own messages).
"""

from __future__ import annotations

import http.cookiejar
import json
import re
import subprocess
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from flask import Flask
from playwright.sync_api import Page
from sqlalchemy import select
from werkzeug.routing import AnyConverter, Rule

from tests.browser.harness import ROOT, ensure_admin, login_form_data, route_endpoint
from tests.services.imports.helpers import sample_import
from tracker.models import Account, Article, Conflict, Event, Outlet, Speaker, Statement, Topic
from tracker.web.database import get_session

NODE_MODULES = ROOT / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Endpoints never fetched by discovery: they change state or are not pages.
SKIP_ENDPOINT = re.compile(r"^(static$|api\.)|logout|delete|restore|merge_confirm")


# --------------------------------------------------------------------------------------------
# Page discovery


@dataclass(frozen=True)
class PageCase:
    """One page to check: a readable name and its path (with query string)."""

    name: str
    path: str


@dataclass(frozen=True)
class Fetched:
    """A page as the server returned it."""

    case: PageCase
    status: int
    content_type: str
    text: str


Fetch = Callable[[str], tuple[int, str, str]]


@dataclass
class Discovery:
    """The pages found, and what is not there yet."""

    pages: list[Fetched] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    not_found: list[str] = field(default_factory=list)
    server_errors: list[str] = field(default_factory=list)
    redirects: list[str] = field(default_factory=list)

    def report(self) -> str:
        """A summary for the test output."""
        lines = [f"{len(self.pages)} HTML pages collected:"]
        lines += [f"  {p.status} {p.case.path}  ({p.case.name})" for p in self.pages]
        if self.missing:
            lines.append("Page types with no route yet (left out): " + "; ".join(self.missing))
        if self.redirects:
            lines.append("Redirects (login required; checked logged in where a test can log in): "
                         + "; ".join(self.redirects))
        if self.not_found:
            lines.append("Routed but 404 with the sample ids (left out): " + "; ".join(self.not_found))
        return "\n".join(lines)


# The page types the issues ask for: (name, path template). {speaker} etc. are real ids.
PAGE_TYPES: list[tuple[str, str]] = [
    ("home", "/"),
    ("speakers list", "/speakers"),
    ("speakers filtered by alias", "/speakers?q=Yin+Xiyue"),
    ("speaker page", "/speakers/{speaker}"),
    ("statement page", "/statements/{statement}"),
    ("conflict list", "/conflicts"),
    ("comparison page", "/conflicts/{conflict}"),
    ("events", "/events"),
    ("event page", "/events/{event}"),
    ("outlets", "/outlets"),
    ("outlet page", "/outlets/{outlet}"),
    ("article page", "/articles/{article}"),
    ("timeline", "/timeline"),
    ("search form", "/search"),
    ("search results", "/search?q=Kishida"),
    ("search results (Japanese)", "/search?" + urlencode({"q": "岸田"})),
    ("search results (Korean)", "/search?" + urlencode({"q": "윤석열"})),
    ("login", "/login"),
]
ALWAYS_PAGES: list[tuple[str, str]] = [
    ("404 page", "/no-such-page"),
    ("404 page for an unknown speaker", "/speakers/999999999"),
    ("bad filter", "/speakers?kind=no-such-kind"),
]
FORMAT_ARGUMENTS = {"fmt", "format", "ext", "extension"}
ENTITY_BY_SEGMENT = {
    "speakers": "speaker", "statements": "statement", "conflicts": "conflict", "events": "event",
    "outlets": "outlet", "articles": "article", "accounts": "account", "topics": "topic",
    "imports": "import_job",
}


@dataclass(frozen=True)
class Samples:
    """Real ids and keys of seeded records, by entity name."""

    ids: dict[str, int]
    keys: dict[str, str]


def sample_records(app: Flask, fetch_json: Callable[[str], Any]) -> Samples:
    """Yoon, the Kishida exchange and its records, found through the JSON API; the rest from the
    database (events, outlets, articles and topics have no JSON endpoint of their own yet)."""
    ids: dict[str, int] = {}
    keys: dict[str, str] = {}
    found = fetch_json("/api/v1/speakers?q=Yoon")["items"]
    yoon = next((s for s in found if s["key"] == "yoon-suk-yeol"), found[0])
    ids["speaker"], keys["speaker"] = yoon["id"], yoon["key"]
    conflicts = fetch_json("/api/v1/conflicts?per_page=200")["items"]
    kishida = next(c for c in conflicts if c["key"] == "kishida-yoon-dinner-exchange")
    ids["conflict"], keys["conflict"] = kishida["id"], kishida["key"]
    detail = fetch_json(f"/api/v1/conflicts/{kishida['id']}")
    account = next(m for m in detail["members"] if m["type"] == "account")
    statement = account["statement"]
    ids["statement"], keys["statement"] = statement["id"], statement["key"]
    ids["account"], keys["account"] = account["account"]["id"], account["account"]["key"]
    article = account["account"]["article"]
    if article:
        ids["article"] = article["id"]
        if article["outlet"]:
            ids["outlet"] = article["outlet"]["id"]
    if statement["event"]:
        ids["event"] = statement["event"]["id"]
    with app.app_context():
        session = get_session()
        for name, model in (("event", Event), ("outlet", Outlet), ("article", Article),
                            ("topic", Topic), ("speaker", Speaker), ("statement", Statement),
                            ("conflict", Conflict), ("account", Account)):
            if name not in ids:
                ids[name] = session.scalars(select(model.id).order_by(model.id).limit(1)).one()
            key = session.scalars(select(model.key).where(model.id == ids[name])).one()
            if name not in keys and key is not None:
                keys[name] = key
    ids["import_job"] = sample_import(app)
    return Samples(ids, keys)


def _routed(app: Flask, path: str) -> bool:
    endpoint = route_endpoint(app, path)
    return endpoint is not None and not SKIP_ENDPOINT.search(endpoint)


def _entity(rule: Rule, argument: str, chosen: dict[str, str]) -> str | None:
    """Which record an argument names: by its name (speaker_id), else by the path segment before
    it (/speakers/<int:id>, /<any(speakers,...):resource>/<int:record_id>)."""
    name = re.sub(r"_(id|key|slug)$", "", argument)
    if name in ENTITY_BY_SEGMENT.values():
        return name
    before: list[str] = []
    for part in rule.rule.split("/"):
        variable = re.fullmatch(r"<(?:.*:)?(\w+)>", part)
        if variable and variable.group(1) == argument:
            break
        before.append(chosen.get(variable.group(1), "") if variable else part)
    return next((ENTITY_BY_SEGMENT[p] for p in reversed(before) if p in ENTITY_BY_SEGMENT), None)


def _rule_pages(rule: Rule, samples: Samples) -> list[list[str]] | None:
    """Concrete pages of one rule, each as its candidate paths (ids first, then keys); one page per
    option of an ``any(...)`` argument; None when an argument can't be filled."""
    defaults = dict(rule.defaults or {})
    free = sorted(rule.arguments - set(defaults))
    if any(argument in FORMAT_ARGUMENTS for argument in free):
        return []  # a JSON/CSV twin of a page, not a page
    converters: dict[str, Any] = getattr(rule, "_converters", {})
    choices = [(a, sorted(converters[a].items)) for a in free
               if isinstance(converters.get(a), AnyConverter)]
    combos: list[dict[str, str]] = [{}]
    for argument, items in choices:
        combos = [{**combo, argument: item} for combo in combos for item in items]
    pages = []
    for chosen in combos:
        options: list[dict[str, object]] = [{**defaults, **chosen}, {**defaults, **chosen}]
        for argument in (a for a in free if a not in chosen):
            entity = _entity(rule, argument, chosen)
            if entity is None or entity not in samples.ids:
                return None
            options[0][argument] = samples.ids[entity]
            options[1][argument] = samples.keys.get(entity, samples.ids[entity])
        paths: list[str] = []
        for values in options:
            try:
                built = rule.build(values, append_unknown=False)
            except (ValueError, TypeError):
                continue
            if built and built[1] not in paths:
                paths.append(built[1])
        pages.append(paths)
    return pages


def discover_pages(app: Flask, fetch: Fetch) -> Discovery:
    """Every HTML page type the app routes, filled with real ids, fetched with ``fetch``.

    ``fetch(path)`` returns (status, content type, body). Page types that have no route yet
    are listed in ``missing`` (and printed by the tests), never silently skipped."""

    def fetch_json(path: str) -> Any:
        status, _, body = fetch(path)
        assert status == 200, f"{path}: {status}"
        return json.loads(body)

    samples = sample_records(app, fetch_json)
    found = Discovery()
    seen: set[str] = set()

    def add(name: str, path: str) -> bool:
        if path in seen:
            return True
        seen.add(path)
        status, content_type, body = fetch(path)
        if status >= 500:
            found.server_errors.append(
                f"{path} ({name}): " + ("no answer in time" if status == TIMED_OUT else str(status)))
            return True
        if 300 <= status < 400:
            found.redirects.append(path)
            return True
        if not content_type.startswith("text/html"):
            return False
        if status == 404 and name.startswith("route "):
            found.not_found.append(path)
            return False
        found.pages.append(Fetched(PageCase(name, path), status, content_type, body))
        return True

    for name, template in PAGE_TYPES:
        path = template.format(**samples.ids)
        if _routed(app, path):
            add(name, path)
        else:
            found.missing.append(f"{name} ({path})")
    for name, path in ALWAYS_PAGES:
        add(name, path)
    # Anything else the app routes (edit forms, history pages, ...), filled with sample ids.
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "GET" not in (rule.methods or set()) or SKIP_ENDPOINT.search(rule.endpoint):
            continue
        if rule.rule.endswith((".json", ".csv")):
            continue
        pages = _rule_pages(rule, samples)
        if pages is None:
            found.missing.append(f"route {rule.rule} (cannot fill its arguments)")
            continue
        for candidates in pages:
            for path in candidates:
                if add(f"route {rule.endpoint}", path) and path not in found.not_found:
                    break
    found.not_found = [p for p in found.not_found if p not in {f.case.path for f in found.pages}]
    return found


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


REQUEST_TIMEOUT = 15.0
TIMED_OUT = 599  # a status of our own: the page did not answer within REQUEST_TIMEOUT


class HttpClient:
    """A small HTTP client for the live server: cookies kept, redirects not followed, every
    request time-limited (a page stuck in a loop is reported, not waited for forever)."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.opener = urllib.request.build_opener(
            _NoRedirect, urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def request(self, path: str, data: dict[str, str] | None = None) -> tuple[int, str, str]:
        """(status, content type, body) of a GET, or of a form POST when ``data`` is given."""
        body = urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base_url + path, data=body, headers={"Accept": "text/html"})
        try:
            with self.opener.open(request, timeout=REQUEST_TIMEOUT) as response:
                return (response.status, response.headers.get("Content-Type", ""),
                        response.read().decode("utf-8", "replace"))
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Content-Type", ""), error.read().decode("utf-8", "replace")
        except TimeoutError:
            return TIMED_OUT, "", f"no answer within {REQUEST_TIMEOUT:.0f} s"
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                return TIMED_OUT, "", f"no answer within {REQUEST_TIMEOUT:.0f} s"
            raise

    def fetch(self, path: str) -> tuple[int, str, str]:
        """A GET, as discover_pages wants it."""
        return self.request(path)

    def login(self, app: Flask) -> bool:
        """Log in as an admin through the login form, when the app has one."""
        if not _routed(app, "/login"):
            return False
        ensure_admin(app)
        _, _, form = self.request("/login")
        status, _, _ = self.request("/login", login_form_data(form))
        return status in (302, 303)


def http_fetch(base_url: str) -> Fetch:
    """A ``fetch`` over HTTP to a live server, anonymous."""
    return HttpClient(base_url).fetch


def path_of(url: str) -> str:
    """The path and query of a page path or absolute URL, quoted for file names."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", url).strip("_") or "root"


# --------------------------------------------------------------------------------------------
# The Nu HTML Checker and axe-core


def require_node_modules() -> None:
    """Fail clearly when `npm ci` has not run."""
    for tool in (VNU_JAR, AXE_JS):
        if not tool.exists():
            raise RuntimeError(f"{tool} is missing: run `make node_modules/.installed` (npm ci).")


def run_vnu(files: list[Path]) -> list[dict[str, Any]]:
    """Check the files with one JVM start; the error messages, each with its file path."""
    require_node_modules()
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--stdout",
         *map(str, files)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    try:
        messages: list[dict[str, Any]] = json.loads(result.stdout or "{}").get("messages", [])
    except json.JSONDecodeError as error:
        raise RuntimeError(f"vnu printed no JSON ({result.returncode}):\n{result.stdout}\n{result.stderr}") \
            from error
    return [m for m in messages if m.get("type") in ("error", "non-document-error")]


AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 200),
                             summary: n.failureSummary}))
  }));
}"""


def run_axe(page: Page) -> list[dict[str, Any]]:
    """axe-core's violations on the page now loaded (the context must bypass the CSP)."""
    require_node_modules()
    page.add_script_tag(path=str(AXE_JS))
    violations: list[dict[str, Any]] = page.evaluate(AXE_RUN)
    return violations


def format_axe(path: str, violations: list[dict[str, Any]]) -> str:
    """Violations as lines a page owner can act on."""
    lines = [f"{path}:"]
    for v in violations:
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:5]:
            lines.append(f"      at {node['target']}: {node['html']}")
            summary = " ".join((node["summary"] or "").split())
            if summary:
                lines.append(f"        {summary[:300]}")
        if len(v["nodes"]) > 5:
            lines.append(f"      ... and {len(v['nodes']) - 5} more")
    return "\n".join(lines)
