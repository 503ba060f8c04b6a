"""Benchmark the app at several sizes of the Werkagenda on SQLite and PostgreSQL (issue 16).

For each database and factor: a fresh database, `flask db upgrade`, the seed scaled N times
(scripts/bench_seed.py) loaded with `flask seed load` and loaded again (a reseed that changes
nothing), then every target below is asked for in-process once (statements and bytes) and through
gunicorn on loopback: sequential requests (median and p95), 8 clients at once (requests per second,
errors), and at the end the peak RSS of each worker. The floor is /healthz, which touches nothing.
The tables go into docs/benchmarks.md between the markers of a named section.

Run by scripts/benchmark.sh; see the README ("Benchmark").
"""

import argparse
import json
import os
import platform
import re
import secrets
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402
from bench_seed import TODAY, write_scaled_seed  # noqa: E402
from first_visit import first_visits  # noqa: E402

VENV = ROOT / ".venv" / "bin"
WORKERS = 2
CLIENTS = 8
HX = {"HX-Request": "true"}
# What a browser sends: the responses are measured as they travel.
ACCEPT = {"Accept-Encoding": "gzip, deflate, br"}


@dataclass(frozen=True)
class Target:
    name: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)


TARGETS = [
    Target("floor: /healthz", "/healthz"),
    Target("overview /", "/"),
    Target("afspraak /afspraken/5a", "/afspraken/5a"),
    Target("fragment: mijlpaal row (htmx)", "/afspraken/5a/mijlpalen/{mijlpaal}", HX),
    Target("fragment: afspraak status (htmx)", "/afspraken/5a/status", HX),
    Target("partijen /partijen", "/partijen"),
    Target("partij /partijen/KNMP", "/partijen/KNMP"),
    Target("planning /planning", "/planning"),
    Target("planning of one afspraak", "/planning/afspraken/5"),
    Target("planning of one partij", "/planning/partijen/KNMP"),
    Target("verschuivingen", "/planning/verschuivingen"),
    Target("agenda page /agenda", "/agenda"),
    Target("feed: all mijlpalen", "/agenda/mijlpalen.ics"),
    Target("feed: one afspraak", "/agenda/afspraken/5a.ics"),
    Target("feed: one partij", "/agenda/partijen/KNMP.ics"),
    Target("feed: toezeggingen", "/agenda/toezeggingen.ics"),
    Target("feed: personal (secretariaat)", "/agenda/persoonlijk/{token}.ics"),
    Target("static: plotly.js", "{plotly_js}"),
]
# The readers added after the first run: the register, the open-data API and the reports. The Word
# brief needs a signed-in account (`/rapportage/...`); `flask report brief` times it from the CLI.
REPORT_TARGETS: list[Target] = [
    Target("register /kamer/toezeggingen", "/kamer/toezeggingen"),
    Target("api /api/v1/mijlpalen", "/api/v1/mijlpalen"),
    Target("report: Excel export", "/export/werkagenda.xlsx"),
]


@dataclass
class Settings:
    quick: bool
    seed_only: bool = False

    @property
    def samples(self) -> int:
        return 5 if self.quick else 20

    @property
    def sample_seconds(self) -> float:
        return 5 if self.quick else 30

    @property
    def concurrent_seconds(self) -> float:
        return 3 if self.quick else 10

    @property
    def visits(self) -> int:
        return 2 if self.quick else 5


@dataclass
class Measured:
    name: str
    path: str
    statements: int = 0
    bytes: int = 0
    sent: int = 0
    status: int = 0
    median_ms: float = 0.0
    p95_ms: float = 0.0
    rps: float = 0.0
    errors: int = 0


@dataclass
class Run:
    database: str
    factor: int
    seed_load_s: float
    reseed_s: float
    rss_mb: list[float]
    targets: list[Measured]
    first_visit: tuple[float, float, int]
    # The reports as a user waits for them when nothing is ready: the Excel export's download
    # with no file for the revision (median of three, through gunicorn), the Word brief in-process.
    excel_cold_s: float = 0.0
    brief_s: float = 0.0
    brief_second_s: float = 0.0  # of a second round, the previous one holding every update


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="few samples, 3 s of load per target")
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 50])
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--section", default="latest", help="section of docs/benchmarks.md")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/e5bench"))
    parser.add_argument("--commit", help="what was measured, when not this checkout's commit")
    parser.add_argument("--seed-only", action="store_true", help="only the seed load and reseed")
    parser.add_argument(
        "--render-only", action="store_true", help="write the section from its saved results"
    )
    args = parser.parse_args()
    settings = Settings(quick=args.quick, seed_only=args.seed_only)
    args.workdir.mkdir(parents=True, exist_ok=True)
    results = args.workdir / f"results-{args.section}.json"
    runs = [_load_run(r) for r in json.loads(results.read_text())] if args.render_only else []
    for factor in [] if args.render_only else args.factors:
        seed = _seed_file(args.workdir, factor)
        for database in args.databases:
            _log(f"{database} {factor}x")
            runs.append(_run(database, factor, seed, settings, args.workdir))
            results.write_text(json.dumps([asdict(r) for r in runs], indent=1))
    _write_section(args.out, args.section, _markdown(runs, settings, args.commit))
    _log(f"wrote section '{args.section}' of {args.out}")
    return 0


def _load_run(saved: dict[str, Any]) -> Run:
    targets = [Measured(**t) for t in saved.pop("targets")]
    return Run(**{**saved, "targets": targets, "first_visit": tuple(saved["first_visit"])})


def _log(text: str) -> None:
    sys.stderr.write(f"[{datetime.now(UTC):%H:%M:%S}] {text}\n")
    sys.stderr.flush()


def _seed_file(workdir: Path, factor: int) -> Path:
    path = workdir / f"seed-{factor}x.yaml"
    if not path.exists():
        write_scaled_seed(factor, path)
    return path


def _database_url(database: str, factor: int, workdir: Path) -> str:
    """A new, empty database for this run."""
    name = f"e5bench_{factor}x"
    if database == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            (workdir / f"{name}.sqlite{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{workdir / name}.sqlite"
    test_url = subprocess.run(
        ["bash", "scripts/postgres.sh"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()
    postgres = ["runuser", "-u", "postgres", "--"]
    subprocess.run([*postgres, "dropdb", "--if-exists", "--force", name], check=True)
    subprocess.run([*postgres, "createdb", "-O", "e5test", name], check=True)
    return f"{test_url.rsplit('/', 1)[0]}/{name}"


def _run(database: str, factor: int, seed: Path, settings: Settings, workdir: Path) -> Run:
    url = _database_url(database, factor, workdir)
    env = {
        **os.environ,
        "FLASK_APP": "wsgi",
        "DATABASE_URL": url,
        "E5_TODAY": TODAY.isoformat(),
        "E5_ENV": "production",
        "SECRET_KEY": secrets.token_hex(32),
        "E5_EXPORT_DIR": str(workdir / f"exports-{database}-{factor}x"),
        # Built ahead after a write only; the benchmark writes nothing, and times the cold build.
        "E5_EXPORT_PREBUILD": "0",
    }
    flask = [str(VENV / "flask")]
    subprocess.run([*flask, "db", "upgrade"], env=env, cwd=ROOT, check=True, capture_output=True)
    seed_load = _timed(lambda: _flask(env, "seed", "load", "--file", str(seed)))
    reseed = _timed(lambda: _flask(env, "seed", "load", "--file", str(seed)))
    _log(f"  seed load {seed_load:.1f} s, reseed {reseed:.1f} s")
    if settings.seed_only:
        return Run(database, factor, seed_load, reseed, [], [], (0, 0, 0))
    email = "benchmark@vbg.nl"
    password = secrets.token_hex(16)
    _flask(
        env, "users", "create-secretariaat", email, "--name", "Benchmark", "--password", password
    )
    measured, fill, briefs = _in_process(url, email)
    port = _free_port()
    server = subprocess.Popen(
        [str(VENV / "gunicorn"), "--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}"]
        + ["--access-logfile", "/dev/null", "--log-level", "warning", "wsgi:app"],
        env=env,
        cwd=ROOT,
    )
    try:
        _wait_until_up(port)
        for target, result in zip(TARGETS + REPORT_TARGETS, measured, strict=True):
            path = target.path.format(**fill)
            _latency(port, path, target.headers, settings, result)
            _concurrent(port, path, target.headers, settings, result)
            _log(f"  {result.name}: {result.median_ms:.0f} ms, {result.rps:.2f}/s")
        visit = first_visits(f"http://127.0.0.1:{port}/planning", settings.visits)
        _log(f"  first visit to /planning: {visit[0]:.0f} ms")
        excel_cold = _excel_cold(port, Path(env["E5_EXPORT_DIR"]))
        _log(
            f"  Excel export with no file yet: {excel_cold:.1f} s; Word brief {briefs[0]:.1f} s, "
            f"of a second round {briefs[1]:.1f} s"
        )
        rss = _peak_rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=60)
    return Run(database, factor, seed_load, reseed, rss, measured, visit, excel_cold, *briefs)


def _excel_cold(port: int, folder: Path) -> float:
    """The export's download when its file must be built first: the files removed, three times."""
    times = []
    for _ in range(3):
        for built in folder.rglob("*.xlsx"):
            built.unlink()
        times.append(_timed(lambda: _get(port, "/export/werkagenda.xlsx", {})))
    return statistics.median(times)


def _flask(env: dict[str, str], *args: str) -> None:
    subprocess.run([str(VENV / "flask"), *args], env=env, cwd=ROOT, check=True, capture_output=True)


def _timed(action: Callable[[], None]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _in_process(url: str, email: str) -> tuple[list[Measured], dict[str, str], tuple[float, float]]:
    """Statements and bytes per target, counted on the app's engine in this process; and the
    seconds the Word brief of today takes to read and write, for a first and a second round."""
    from sqlmodel import Session, col, select

    from app import create_app
    from app.feeds.tokens import create_token
    from app.models import Afspraak, Mijlpaal, User

    app = create_app(DATABASE_URL=url, TODAY=TODAY.isoformat())
    engine = app.extensions["e5_engine"]
    with Session(engine) as session:
        user = session.exec(select(User).where(User.email == email)).one()
        assert user.id is not None
        token = create_token(user.id, session=session)
        mijlpaal = session.exec(
            select(Mijlpaal.label)
            .join(Afspraak, col(Afspraak.id) == col(Mijlpaal.afspraak_id))
            .where(Afspraak.code == "5a")
            .order_by(col(Mijlpaal.position))
        ).first()
        session.commit()
    client = app.test_client()
    planning = client.get("/planning").get_data(as_text=True)
    plotly = re.search(r'src="(/static-plotly/[^"]+)"', planning)
    fill = {"token": token, "mijlpaal": str(mijlpaal), "plotly_js": plotly[1] if plotly else ""}
    count = [0]

    def counted(*_: Any) -> None:
        count[0] += 1

    sa.event.listen(engine, "before_cursor_execute", counted)
    results = []
    for target in TARGETS + REPORT_TARGETS:
        count[0] = 0
        response = client.get(target.path.format(**fill), headers=target.headers)
        results.append(
            Measured(
                target.name,
                target.path,
                statements=count[0],
                bytes=len(response.get_data()),
                status=response.status_code,
            )
        )
    sa.event.remove(engine, "before_cursor_execute", counted)
    briefs = _brief_seconds(app)
    engine.dispose()
    return results, fill, briefs


def _brief_seconds(app: Any) -> tuple[float, float]:
    """The brief of the first round, and of a second one whose previous round holds every
    update (it reads what the brief compares with at the previous cut-off too)."""
    from sqlmodel import Session

    from app.clock import AMSTERDAM
    from app.db import read_session
    from app.models import Rapportageronde
    from app.rounds.queries import brief_for

    # The seed load records every update now, so only a cut-off of today's real date holds them
    # all (at 50x: 50,000 updates, each listed under its afspraak).
    cutoff = datetime.now(AMSTERDAM).date()

    def write(day: date) -> Callable[[], None]:
        def run() -> None:
            with read_session() as session:
                brief_for(day, session=session, generated_on=TODAY).docx()

        return run

    with app.app_context():
        first = _timed(write(cutoff))
        with Session(app.extensions["e5_engine"]) as session:
            previous = Rapportageronde(name="benchmark", cutoff=cutoff, opened_by="benchmark")
            session.add(previous)
            session.commit()
            second = _timed(write(cutoff + timedelta(days=1)))
            session.delete(previous)
            session.commit()
        return first, second


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(port: int, path: str, headers: dict[str, str]) -> tuple[int, int]:
    """Status and bytes on the wire of one GET, on a new connection (sync workers close it)."""
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request("GET", path, headers={**ACCEPT, **headers})
        response = connection.getresponse()
        return response.status, len(response.read())
    finally:
        connection.close()


def _wait_until_up(port: int) -> None:
    for _ in range(100):
        try:
            if _get(port, "/healthz", {})[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def _latency(
    port: int, path: str, headers: dict[str, str], settings: Settings, result: Measured
) -> None:
    _, result.sent = _get(port, path, headers)  # warm-up: caches, first import of a module
    times: list[float] = []
    until = time.monotonic() + settings.sample_seconds
    while len(times) < settings.samples and (len(times) < 2 or time.monotonic() < until):
        started = time.perf_counter()
        _get(port, path, headers)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    result.median_ms = statistics.median(times)
    result.p95_ms = times[max(0, round(0.95 * len(times)) - 1)]


def _concurrent(
    port: int, path: str, headers: dict[str, str], settings: Settings, result: Measured
) -> None:
    done: list[int] = []
    errors: list[str] = []
    until = time.monotonic() + settings.concurrent_seconds

    def client() -> None:
        while time.monotonic() < until:
            try:
                status, _ = _get(port, path, headers)
            except OSError as error:
                errors.append(str(error))
                continue
            (errors.append(str(status)) if status >= 500 else done.append(status))

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.rps = len(done) / (time.monotonic() - started)
    result.errors = len(errors)


def _peak_rss_mb(master: int) -> list[float]:
    """VmHWM of every gunicorn worker (the children of the master process)."""
    peaks = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":", 1) for line in status.read_text().splitlines() if ":" in line
            )
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(master):
            peaks.append(round(int(fields["VmHWM"].split()[0]) / 1024, 1))
    return sorted(peaks)


def _machine(commit: str | None) -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "?",
    )
    memory = next(
        line.split()[1]
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    commit = (
        commit
        or subprocess.run(
            ["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
    )
    postgres = subprocess.run(
        ["runuser", "-u", "postgres", "--", "psql", "-tAc", "SHOW server_version"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    return (
        f"{cpu}, {os.cpu_count()} cores, {int(memory) // 1024} MB; {platform.platform()}; "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
        f"PostgreSQL {postgres or '?'}; commit {commit}"
    )


def _markdown(runs: list[Run], settings: Settings, commit: str | None) -> str:
    lines = [
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {_machine(commit)}.",
        f"gunicorn with {WORKERS} sync workers on loopback; "
        f"{'quick run' if settings.quick else 'full run'}: up to {settings.samples} sequential "
        f"requests per target (median, p95), then {CLIENTS} clients for "
        f"{settings.concurrent_seconds:g} s (requests per second, errors = 5xx or no answer). "
        "Statements and bytes (uncompressed) from one request in-process; *sent* is what went "
        "over the wire to a client that accepts gzip and brotli.",
        "",
    ]
    for run in runs:
        if not run.targets:
            lines += [
                f"- {run.database}, {run.factor}×: seed load {run.seed_load_s:.1f} s, "
                f"reseed that changes nothing {run.reseed_s:.1f} s",
                "",
            ]
            continue
        floor = run.targets[0].median_ms or 1
        lines += [
            f"### {run.database}, {run.factor}×",
            "",
            f"Seed load {run.seed_load_s:.1f} s; reseed that changes nothing {run.reseed_s:.1f} s; "
            f"peak RSS per worker {', '.join(f'{m:.0f}' for m in run.rss_mb)} MB; "
            f"first visit to /planning in headless Chromium (empty cache) until the chart is "
            f"drawn: median {run.first_visit[0]:,.0f} ms, worst {run.first_visit[1]:,.0f} ms, "
            f"{run.first_visit[2]:,} bytes over the wire. Reports when nothing is ready: the "
            f"Excel export's download with no file for the revision {run.excel_cold_s:.2f} s "
            f"(median of 3), the Word brief {run.brief_s:.2f} s and that of a second round "
            f"{run.brief_second_s:.2f} s (in-process).",
            "",
            "| target | status | median ms | p95 ms | × floor | req/s (8 clients) | errors "
            "| statements | bytes | sent |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        lines += [
            f"| {t.name} | {t.status} | {t.median_ms:,.1f} | {t.p95_ms:,.1f} "
            f"| {t.median_ms / floor:,.0f} | {t.rps:,.2f} | {t.errors} | {t.statements} "
            f"| {t.bytes:,} | {t.sent:,} |"
            for t in run.targets
        ]
        lines.append("")
    return "\n".join(lines)


def _write_section(out: Path, section: str, body: str) -> None:
    """Replace the named section's generated part, keeping everything written around it."""
    start, end = f"<!-- benchmark:{section} -->", f"<!-- /benchmark:{section} -->"
    text = out.read_text("utf-8") if out.exists() else "# Benchmarks\n"
    block = f"{start}\n{body}\n{end}"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        text = before + block + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + f"\n\n## Run: {section}\n\n{block}\n"
    out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
