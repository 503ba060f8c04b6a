"""A bounded load run on loopback: readers and reporters against a running app, then a check that
every saved progress update is in the database.

Run by scripts/load_run.sh, which starts gunicorn on PostgreSQL first. Each client logs in as the
secretariaat and loops over the overview, an afspraak page, the planning, the mijlpalen feed and a
progress post with a unique text, until the time is up. An error is a 5xx, a refused post or a
broken connection; a lost update is a post that answered "saved" whose text is not stored.
"""

import argparse
import http.cookiejar
import json
import re
import statistics
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, field

CSRF_RE = re.compile(r'(?:name="csrf_token" value="|"X-CSRFToken": ")([^"]+)"')
PAGES = ("/", "/afspraken/5a", "/planning", "/agenda/mijlpalen.ics")
POST_PATH = "/afspraken/3/voortgang"


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    statuses: Counter[str] = field(default_factory=Counter)
    latencies: dict[str, list[float]] = field(default_factory=dict)
    saved_texts: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def add(self, what: str, status: int, seconds: float) -> None:
        with self.lock:
            self.statuses[f"{what} {status}"] += 1
            self.latencies.setdefault(what, []).append(seconds)
            if status >= 500:
                self.errors.append(f"{what}: {status}")


class Client:
    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect()
        )

    def request(self, path: str, data: dict[str, str] | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, body, timeout=30) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")

    def token(self, path: str = "/toegankelijkheid") -> str:
        match = CSRF_RE.search(self.request(path)[1])
        if not match:
            raise RuntimeError(f"no CSRF token on {path}")
        return match.group(1)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None  # a 302 after a write is the answer itself


def run_client(number: int, args: argparse.Namespace, tally: Tally, until: float) -> None:
    client = Client(args.url)
    email = args.email.format(n=number)
    form = {"email": email, "password": args.password, "csrf_token": client.token("/inloggen")}
    status, _ = client.request("/inloggen", form)
    if status != 302:
        tally.errors.append(f"client {number}: login answered {status}")
        return
    n = 0
    while time.monotonic() < until:
        for path in PAGES:
            started = time.monotonic()
            try:
                status, _ = client.request(path)
            except OSError as error:
                tally.errors.append(f"{path}: {error}")
                continue
            tally.add(path, status, time.monotonic() - started)
        n += 1
        text = f"load-{args.tag}-{number}-{n}"
        started = time.monotonic()
        try:
            status, _ = client.request(
                POST_PATH, {"public_text": text, "csrf_token": client.token()}
            )
        except OSError as error:
            tally.errors.append(f"POST: {error}")
            continue
        tally.add("POST " + POST_PATH, status, time.monotonic() - started)
        if status == 302:
            with tally.lock:
                tally.saved_texts.append(text)
        else:
            tally.errors.append(f"POST answered {status}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default="http://127.0.0.1:8765")
    parser.add_argument("--email", required=True, help="e.g. load{n}@vbg.nl: {n} is the client")
    parser.add_argument("--password", required=True)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--tag", default=str(int(time.time())))
    parser.add_argument("--out", help="write the figures as JSON to this file")
    args = parser.parse_args()
    if urllib.parse.urlsplit(args.url).hostname not in {"127.0.0.1", "localhost", "::1"}:
        parser.error("a load run only goes to this machine (127.0.0.1, localhost or ::1)")

    tally = Tally()
    until = time.monotonic() + args.seconds
    threads = [
        threading.Thread(target=run_client, args=(n, args, tally, until))
        for n in range(args.clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    figures = {
        "clients": args.clients,
        "seconds": args.seconds,
        "requests": sum(tally.statuses.values()),
        "statuses": dict(sorted(tally.statuses.items())),
        "median_ms": {k: round(statistics.median(v) * 1000) for k, v in tally.latencies.items()},
        "p95_ms": {
            k: round(sorted(v)[int(len(v) * 0.95) - 1] * 1000) for k, v in tally.latencies.items()
        },
        "errors": tally.errors[:20],
        "error_count": len(tally.errors),
        "saved_texts": tally.saved_texts,
    }
    text = json.dumps(figures, indent=2)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as out:
            out.write(text)
    print(json.dumps({k: v for k, v in figures.items() if k != "saved_texts"}, indent=2))  # noqa: T201
    return 1 if tally.errors else 0


if __name__ == "__main__":
    sys.exit(main())
