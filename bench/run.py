"""The load benchmark: the tracker (gunicorn, 2 workers) beside Datasette on the same SQLite file.

    .venv/bin/python -m bench.run --database-url sqlite:///bench/data/bench-1m.sqlite --label 1m-sqlite
    .venv/bin/python -m bench.run --database-url postgresql://postgres@127.0.0.1:5432/tracker_bench \
        --no-datasette --label 100k-pg

Pages (ids and terms come from ``<database>.targets.json``, written by bench.generate):

| page | tracker | Datasette |
|---|---|---|
| speaker | /speakers/<id> (speakers of 16 spaced statements) | /db/statement?speaker_id=<id>&_sort=said_on |
| speaker_top | /speakers/<busiest speaker> | the same filter for that speaker |
| statement | /statements/<id> (16 ids) | /db/account?statement_id=<id> |
| comparison | /conflicts/<id> (16 ids) | — |
| search_* | /search?q=<term> | /db/search_document?_search=<term> (FTS5 on search_fts) |

Every (page, server) pair is run with ``wrk -t2 -c4 -d<duration>s --latency`` on loopback, the
two servers alternating page by page, for several rounds; the medians over rounds are
reported. Every loop is bounded; both servers are stopped (their own process group) at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from .generate import targets_path

ROOT = Path(__file__).resolve().parent
PROJECT = ROOT.parent
VENV = PROJECT / ".venv" / "bin"
DATASETTE_VENV = ROOT / ".venv-datasette" / "bin"
WRK = "/usr/bin/wrk"
HOST = "127.0.0.1"


def free_port() -> int:
    """A free loopback port."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Server:
    """A server process we started (in its own process group) and its port."""

    name: str
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    def url(self, path: str) -> str:
        """The absolute URL of a path."""
        return f"http://{HOST}:{self.port}{path}"

    def workers(self) -> list[int]:
        """Pids of the worker processes (children of the master), or the process itself."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            pids = [int(p) for p in children.read_text().split()]
        except OSError:
            pids = []
        return pids or [self.process.pid]

    def stop(self) -> None:
        """Terminate the process group we started; kill it if it does not stop in 10 s."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)


def cpu_ticks(pids: Sequence[int]) -> int:
    """User + system clock ticks these processes have used so far."""
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total


def settle(servers: Sequence[Server], quiet: float = 0.3, limit: float = 60.0) -> float:
    """Wait until every server has stopped using CPU (a server keeps working through
    requests wrk abandoned at the end of its run, which would slow the next run, whichever
    server that is); returns the seconds waited, at most ``limit``."""
    started = time.monotonic()
    pids = [pid for server in servers for pid in (server.process.pid, *server.workers())]
    before = cpu_ticks(pids)
    while time.monotonic() - started < limit:
        time.sleep(quiet)
        now = cpu_ticks(pids)
        if now - before <= 1:  # at most one tick (10 ms) in the last 0.3 s
            break
        before = now
    return time.monotonic() - started


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB (VmRSS)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def wait_ready(server: Server, path: str, timeout: float = 60.0) -> None:
    """Poll until the server answers 200 on path (bounded)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} exited; see {server.log}")
        try:
            with urllib.request.urlopen(server.url(path), timeout=5) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{server.name} did not answer within {timeout:.0f} s; see {server.log}")


def start(name: str, command: list[str], env: dict[str, str], port: int, log_dir: Path,
          ready_path: str) -> Server:
    """Start a server in a new process group and wait until it answers."""
    log = log_dir / f"{name}.log"
    handle = log.open("wb")
    process = subprocess.Popen(command, cwd=PROJECT, env=env, stdout=handle, stderr=subprocess.STDOUT,  # noqa: S603
                               start_new_session=True)
    server = Server(name, process, port, log)
    try:
        wait_ready(server, ready_path)
    except BaseException:
        server.stop()
        raise
    return server


def start_tracker(database_url: str, log_dir: Path, workers: int = 2) -> Server:
    """gunicorn -w 2 'tracker:create_app()' on loopback with DATABASE_URL."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "bench"}
    command = [str(VENV / "gunicorn"), "-w", str(workers), "-b", f"{HOST}:{port}", "--timeout", "60",
               "tracker:create_app()"]
    return start("tracker", command, env, port, log_dir, "/")


def datasette_metadata(db_name: str) -> dict[str, Any]:
    """Search on search_document through the app's own FTS5 table."""
    return {"databases": {db_name: {"tables": {"search_document": {
        "fts_table": "search_fts", "fts_pk": "id"}}}}}


def start_datasette(path: Path, log_dir: Path) -> Server:
    """datasette serve FILE (its own venv), with FTS configured on the tracker's search_fts."""
    port = free_port()
    metadata = log_dir / "datasette-metadata.json"
    metadata.write_text(json.dumps(datasette_metadata(path.stem)))
    command = [str(DATASETTE_VENV / "datasette"), "serve", str(path), "-h", HOST, "-p", str(port),
               "-m", str(metadata)]
    return start("datasette", command, dict(os.environ), port, log_dir, f"/{path.stem}")


# -- pages ----------------------------------------------------------------------------------


def q(term: str) -> str:
    """URL-encode a search term."""
    return urllib.parse.quote(term)


def tracker_pages(targets: dict[str, Any]) -> dict[str, list[str]]:
    """The tracker's benchmark pages: name -> paths cycled through."""
    pages = {
        "speaker": [f"/speakers/{i}" for i in targets["speakers"]],
        "speaker_top": [f"/speakers/{targets['top_speaker']}"],
        "statement": [f"/statements/{i}" for i in targets["statements"]],
        "comparison": [f"/conflicts/{i}" for i in targets["conflicts"]],
    }
    for name, term in targets["terms"].items():
        pages[f"search_{name}"] = [f"/search?q={q(term)}"]
    return pages


def datasette_pages(targets: dict[str, Any], db: str) -> dict[str, list[str]]:
    """The equivalent Datasette pages."""
    pages = {
        "speaker": [f"/{db}/statement?speaker_id={i}&_sort=said_on" for i in targets["speakers"]],
        "speaker_top": [f"/{db}/statement?speaker_id={targets['top_speaker']}&_sort=said_on"],
        "statement": [f"/{db}/account?statement_id={i}" for i in targets["statements"]],
    }
    for name, term in targets["terms"].items():
        pages[f"search_{name}"] = [f"/{db}/search_document?_search={q(term)}"]
    return pages


# -- wrk ------------------------------------------------------------------------------------


@dataclass
class Sample:
    """One wrk run."""

    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(value: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value)
    if not match:
        raise ValueError(f"cannot read wrk latency {value!r}")
    return float(match.group(1)) * _UNITS[match.group(2)]


def parse_wrk(output: str) -> Sample:
    """Requests/sec, the 50 % and 99 % latencies, requests and non-2xx/socket errors."""
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))  # type: ignore[union-attr]
    total = int(re.search(r"(\d+) requests in", output).group(1))  # type: ignore[union-attr]
    errors = 0
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non2xx:
        errors += int(non2xx.group(1))
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if sockets:
        errors += sum(int(g) for g in sockets.groups())
    return Sample(rps, p50, p99, total, errors)


LUA = """
local paths = {%s}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n %% #paths) + 1])
end
"""


def run_wrk(base: str, paths: Sequence[str], duration: int, connections: int, threads: int,
            scripts: Path) -> tuple[Sample, str]:
    """wrk on loopback, cycling through paths; returns the sample and the exact command."""
    script = scripts / f"paths-{abs(hash(tuple(paths)))}.lua"
    script.write_text(LUA % ", ".join(json.dumps(p) for p in paths))
    command = [WRK, f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "--latency",
               "-s", str(script), base]
    done = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60, check=True)  # noqa: S603
    return parse_wrk(done.stdout), " ".join(command)


def check_pages(server: Server, pages: dict[str, list[str]]) -> dict[str, float]:
    """GET every path once (warm-up and a 200 check); returns the slowest single time per page."""
    slowest: dict[str, float] = {}
    failures: dict[str, int] = {}
    for name, paths in pages.items():
        for path in paths:
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(server.url(path), timeout=60) as response:  # noqa: S310 - loopback
                    response.read()
            except urllib.error.HTTPError as error:
                if server.name == "tracker":
                    raise RuntimeError(f"{server.name} {path}: HTTP {error.code}") from None
                # Datasette answers 400 when a query hits its SQL time limit: that is a result.
                print(f"{server.name} {path}: HTTP {error.code}", file=sys.stderr)
                failures[name] = failures.get(name, 0) + 1
            slowest[name] = max(slowest.get(name, 0.0), (time.perf_counter() - started) * 1000)
    return slowest


@dataclass
class PageResult:
    """Every round of one page on one server, and the medians."""

    server: str
    page: str
    paths: list[str]
    samples: list[Sample] = field(default_factory=list)

    def median(self, attribute: str) -> float:
        """The median of one measure over the rounds."""
        return float(statistics.median(getattr(s, attribute) for s in self.samples))


@dataclass
class RunReport:
    """The whole run."""

    label: str
    database: str
    duration: int
    rounds: int
    connections: int
    threads: int
    started: str
    machine: dict[str, str]
    commands: list[str]
    first_request_ms: dict[str, dict[str, float]]
    results: list[PageResult]
    rss_mb: dict[str, list[float]]
    cpu: dict[str, dict[str, float]] = field(default_factory=dict)


def machine_facts() -> dict[str, str]:
    """CPU, cores, memory, load, versions."""
    facts: dict[str, str] = {"cores": str(os.cpu_count())}
    with contextlib.suppress(OSError):
        model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                      if line.startswith("model name")), "?")
        facts["cpu"] = model
    with contextlib.suppress(OSError):
        facts["memory"] = Path("/proc/meminfo").read_text().splitlines()[0].split(":", 1)[1].strip()
    facts["loadavg_at_start"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    facts["python"] = sys.version.split()[0]
    for name, command in (("wrk", [WRK, "--version"]),
                          ("datasette", [str(DATASETTE_VENV / "datasette"), "--version"]),
                          ("gunicorn", [str(VENV / "gunicorn"), "--version"])):
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            done = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)  # noqa: S603
            facts[name] = (done.stdout or done.stderr).strip().splitlines()[0]
    return facts


@contextlib.contextmanager
def servers(database_url: str, datasette: bool, log_dir: Path) -> Iterator[list[Server]]:
    """Start the tracker (and Datasette on the same SQLite file); stop both at the end."""
    started: list[Server] = []
    try:
        started.append(start_tracker(database_url, log_dir))
        url = make_url(database_url)
        if datasette and url.get_backend_name() == "sqlite" and url.database:
            started.append(start_datasette(Path(url.database), log_dir))
        yield started
    finally:
        for server in started:
            server.stop()


def run(database_url: str, label: str, *, duration: int, rounds: int, connections: int, threads: int,
        datasette: bool, only: set[str] | None, profile: str | None, out_dir: Path) -> RunReport:
    """Start the servers, check every page, then the interleaved wrk rounds."""
    targets = json.loads(targets_path(database_url).read_text())
    out_dir.mkdir(parents=True, exist_ok=True)
    log_dir = Path(tempfile.mkdtemp(prefix=f"bench-{label}-", dir=out_dir))
    report = RunReport(label=label, database=make_url(database_url).render_as_string(hide_password=True),
                       duration=duration, rounds=rounds, connections=connections, threads=threads,
                       started=time.strftime("%Y-%m-%d %H:%M:%S %Z"), machine=machine_facts(), commands=[],
                       first_request_ms={}, results=[], rss_mb={})
    with servers(database_url, datasette, log_dir) as running:
        report.commands += [" ".join(str(a) for a in s.process.args) for s in running]  # type: ignore[union-attr]
        plans: dict[str, dict[str, list[str]]] = {"tracker": tracker_pages(targets)}
        if len(running) > 1:
            plans["datasette"] = datasette_pages(targets, Path(make_url(database_url).database or "").stem)
        by_name = {s.name: s for s in running}
        for name, pages in plans.items():
            if only:
                plans[name] = pages = {k: v for k, v in pages.items() if k in only}
            report.first_request_ms[name] = check_pages(by_name[name], pages)
        results: dict[tuple[str, str], PageResult] = {}
        page_names = list(plans["tracker"])
        for round_number in range(rounds):
            order = list(plans) if round_number % 2 == 0 else list(reversed(plans))
            for page in page_names:
                for name in order:
                    if page not in plans[name]:
                        continue
                    paths = plans[name][page]
                    settle(running)
                    sample, command = run_wrk(by_name[name].url(""), paths, duration, connections, threads,
                                              log_dir)
                    if round_number == 0 and page == page_names[0]:
                        report.commands.append(command)
                    results.setdefault((name, page), PageResult(name, page, paths)).samples.append(sample)
                    rps = sample.requests_per_second
                    print(f"round {round_number + 1} {name:9} {page:18} {rps:8.1f} req/s"
                          f"  p50 {sample.p50_ms:7.2f} ms  p99 {sample.p99_ms:7.2f} ms"
                          f"{'  ERRORS ' + str(sample.errors) if sample.errors else ''}", flush=True)
            for server in running:
                report.rss_mb.setdefault(server.name, []).extend(
                    round(rss_mb(p), 1) for p in server.workers())
        report.results = list(results.values())
        for page in (profile or "").split(","):
            if page in plans["tracker"]:
                profile_page(by_name["tracker"], plans["tracker"][page], duration, connections, threads,
                             out_dir / f"profile-{label}-{page}", log_dir)
    return report


def profile_page(server: Server, paths: list[str], duration: int, connections: int, threads: int,
                 out: Path, scripts: Path) -> None:
    """py-spy record one worker while wrk loads the page; writes raw stacks and a summary."""
    raw = out.with_suffix(".txt")
    worker = server.workers()[0]
    spy = subprocess.Popen([str(DATASETTE_VENV / "py-spy"), "record", "-p", str(worker), "-d", str(duration),  # noqa: S603
                            "-r", "200", "-f", "raw", "-o", str(raw)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1)
    run_wrk(server.url(""), paths, duration, connections, threads, scripts)
    try:
        spy.wait(duration + 30)
    except subprocess.TimeoutExpired:
        spy.terminate()
        spy.wait(10)
    if raw.exists():
        out.with_suffix(".summary.txt").write_text(summarize_profile(raw.read_text()))


PLUMBING = re.compile(r"gunicorn/|flask/app\.py|werkzeug/|<module>|flask/templating|jinja2/environment")


def summarize_profile(raw: str, top: int = 30) -> str:
    """Inclusive and self sample shares per function from py-spy's raw (collapsed) stacks."""
    inclusive: Counter[str] = Counter()
    own: Counter[str] = Counter()
    total = 0
    for line in raw.splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        total += count
        frames = [re.sub(r" \((/.*/)?(site-packages/)?", " (", f) for f in stack.split(";")]
        for frame in set(frames):
            if not PLUMBING.search(frame):
                inclusive[frame] += count
        own[frames[-1]] += count
    lines = [f"{total} samples", "", "inclusive (% of samples):"]
    lines += [f"{100 * n / total:5.1f}  {frame}" for frame, n in inclusive.most_common(top)]
    lines += ["", "self (% of samples):"]
    lines += [f"{100 * n / total:5.1f}  {frame}" for frame, n in own.most_common(top)]
    return "\n".join(lines) + "\n"


def cpu_costs(database_url: str, pages: dict[str, list[str]], repeat: int = 5) -> dict[str, dict[str, float]]:
    """In-process cost of each page (Flask test client, no HTTP): median CPU ms, wall ms, SQL ms and
    statements per request. CPU time is what a busy, shared machine distorts least."""
    from sqlalchemy import event

    from tracker import create_app

    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "bench"})
    engine = app.extensions["engine"]
    sql: list[float] = []

    def before(conn: Any, *_: Any) -> None:
        conn.info["bench_started"] = time.perf_counter()

    def after(conn: Any, *_: Any) -> None:
        sql.append(time.perf_counter() - conn.info.pop("bench_started", time.perf_counter()))

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    client = app.test_client()
    costs: dict[str, dict[str, float]] = {}
    try:
        for name, paths in pages.items():
            cpu, wall, sql_ms, statements = [], [], [], []
            for n in range(repeat * len(paths[:4]) + 1):
                path = paths[n % len(paths[:4])]
                sql.clear()
                started, cpu_started = time.perf_counter(), time.process_time()
                status = client.get(path).status_code
                if status != 200:
                    raise RuntimeError(f"{path}: HTTP {status}")
                if n == 0:
                    continue  # warm-up
                wall.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - cpu_started) * 1000)
                sql_ms.append(sum(sql) * 1000)
                statements.append(len(sql))
            costs[name] = {"cpu_ms": round(statistics.median(cpu), 1),
                           "wall_ms": round(statistics.median(wall), 1),
                           "sql_ms": round(statistics.median(sql_ms), 1),
                           "sql_statements": float(statistics.median(statements))}
    finally:
        engine.dispose()
    return costs


def markdown(report: RunReport) -> str:
    """The medians as a Markdown table, with the ratios tracker / Datasette."""
    rows = {(r.server, r.page): r for r in report.results}
    lines = [f"### {report.label}: {report.database}", "",
             f"wrk -t{report.threads} -c{report.connections} -d{report.duration}s, {report.rounds} rounds, "
             f"medians over rounds; started {report.started}; load average at start "
             f"{report.machine.get('loadavg_at_start')}", "",
             "| page | tracker req/s | p50 ms | p99 ms | Datasette req/s | p50 ms | p99 ms | req/s ratio |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for page in dict.fromkeys(r.page for r in report.results):
        t, d = rows.get(("tracker", page)), rows.get(("datasette", page))
        cells = [page]
        for r in (t, d):
            cells += ([f"{r.median('requests_per_second'):.0f}", f"{r.median('p50_ms'):.1f}",
                       f"{r.median('p99_ms'):.1f}"] if r else ["—", "—", "—"])
        ratio = (t.median("requests_per_second") / d.median("requests_per_second")
                 if t and d and d.median("requests_per_second") else None)
        cells.append(f"{ratio:.1f}×" if ratio else "—")
        errors = [f"{who} {n} errors" for who, r in (("tracker", t), ("Datasette", d)) if r
                  and (n := sum(s.errors for s in r.samples))]
        if errors:
            cells[0] += f" ({', '.join(errors)})"
        lines.append("| " + " | ".join(cells) + " |")
    if report.cpu:
        lines += ["", "In-process cost per request (Flask test client, medians):", "",
                  "| page | CPU ms | wall ms | SQL ms | SQL statements |", "|---|---:|---:|---:|---:|"]
        lines += [f"| {page} | {c['cpu_ms']} | {c['wall_ms']} | {c['sql_ms']} | {c['sql_statements']:.0f} |"
                  for page, c in report.cpu.items()]
    lines += ["", "RSS per process after each round (MB): "
              + "; ".join(f"{k}: max {max(v):.0f}" for k, v in report.rss_mb.items() if v), ""]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--label", required=True)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--no-datasette", action="store_true")
    parser.add_argument("--no-cpu", action="store_true", help="skip the in-process cost per page")
    parser.add_argument("--cpu-repeat", type=int, default=5, help="in-process requests per path")
    parser.add_argument("--only", help="comma-separated page names")
    parser.add_argument("--profile", help="py-spy a tracker worker on these pages (comma-separated)")
    parser.add_argument("--out", type=Path, default=ROOT / "out")
    args = parser.parse_args(argv)
    if not 1 <= args.duration <= 60 or not 1 <= args.rounds <= 10:
        parser.error("--duration must be 1..60 s and --rounds 1..10 (bounded runs)")
    report = run(args.database_url, args.label, duration=args.duration, rounds=args.rounds,
                 connections=args.connections, threads=args.threads, datasette=not args.no_datasette,
                 only=set(args.only.split(",")) if args.only else None, profile=args.profile,
                 out_dir=args.out)
    if not args.no_cpu:
        pages = tracker_pages(json.loads(targets_path(args.database_url).read_text()))
        only = set(args.only.split(",")) if args.only else None
        report.cpu = cpu_costs(args.database_url, {k: v for k, v in pages.items() if not only or k in only},
                               repeat=args.cpu_repeat)
    (args.out / f"run-{args.label}.json").write_text(json.dumps(asdict(report), ensure_ascii=False, indent=1))
    text = markdown(report)
    (args.out / f"run-{args.label}.md").write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
