"""A real calendar client reads the feeds: khal (pimutils/khal, from PyPI) into a temporary vdir.

khal runs offline as a command line program; it parses the .ics with its own stack (icalendar
plus its own all-day and time zone handling) and stores one file per UID, the way a
subscribing client keeps events. `khal list` then says on which days it puts them.
"""

import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlmodel import Session

from app.seeding.load import LoadReport
from tests.factories import find_mijlpaal, make_voortgang
from tests.icalendar_checks import whole

KHAL = Path(sys.executable).with_name("khal")
CONFIG = """\
[calendars]
[[werkagenda]]
path = {vdir}
type = calendar

[locale]
local_timezone = Europe/Amsterdam
default_timezone = Europe/Amsterdam
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M

[default]
default_calendar = werkagenda

[sqlite]
path = {db}
"""
FIELDS = ("uid", "title", "start-date", "end-date", "status")

Khal = Callable[..., str]


@pytest.fixture
def khal(tmp_path: Path) -> Khal:
    """Run khal with a config, vdir and cache of this test's own; returns its output."""
    if not KHAL.is_file():
        pytest.fail(f"{KHAL} is missing: install the test tools with pip install -e '.[test]'.")
    vdir = tmp_path / "vdir" / "werkagenda"
    vdir.mkdir(parents=True)
    config = tmp_path / "khal.conf"
    config.write_text(CONFIG.format(vdir=vdir, db=tmp_path / "khal.db"), encoding="utf-8")
    env = {
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "TZ": "Europe/Amsterdam",
        "LC_ALL": "C.UTF-8",
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    }

    def run(*args: str) -> str:
        result = subprocess.run(
            [str(KHAL), "-c", str(config), *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, f"khal {args[0]} failed:\n{result.stdout}\n{result.stderr}"
        return result.stdout

    return run


def subscribe(khal: Khal, client: FlaskClient, url: str, tmp_path: Path) -> None:
    """Fetch the feed (its whole history) and hand it to khal, as a client does on a refresh."""
    response = client.get(whole(url))
    assert response.status_code == 200
    path = tmp_path / "feed.ics"
    path.write_bytes(response.get_data())
    khal("import", "--batch", "-a", "werkagenda", str(path))


def listed(khal: Khal) -> dict[str, dict[str, Any]]:
    """Every event khal shows from 2024 to 2030, by UID, with its first and last day."""
    json_args = [arg for field in FIELDS for arg in ("--json", field)]
    output = khal("list", "--once", *json_args, "2024-01-01", "2031-01-01")
    events: dict[str, dict[str, Any]] = {}
    for line in output.splitlines():
        if line.startswith("["):
            for item in json.loads(line):
                assert item["uid"] not in events, f"{item['uid']} listed twice"
                events[item["uid"]] = item
    return events


def days(item: dict[str, Any]) -> tuple[date, date]:
    return date.fromisoformat(item["start-date"]), date.fromisoformat(item["end-date"])


def test_khal_puts_every_milestone_on_its_due_date(
    khal: Khal, client: FlaskClient, seeded: LoadReport, tmp_path: Path
) -> None:
    subscribe(khal, client, "/agenda/mijlpalen.ics", tmp_path)
    events = listed(khal)
    assert len(events) == 44
    a = events["mijlpaal-5a-A@e5-werkagenda"]
    assert a["title"] == (
        "E5 5a – A: Een document met definitieve definities, vastgesteld in het BO Farmacie."
    )
    assert days(a) == (date(2026, 6, 30), date(2026, 6, 30))  # one day: DTEND read as exclusive
    assert days(events["mijlpaal-5b-A@e5-werkagenda"]) == (date(2026, 9, 30), date(2026, 9, 30))
    assert days(events["mijlpaal-8-Mijlpaal_3@e5-werkagenda"]) == (
        date(2029, 1, 1),
        date(2029, 1, 1),
    )
    assert {item["status"].strip() for item in events.values()} == {"CONFIRMED"}


def test_khal_shows_the_planned_span_as_a_multi_day_event(
    khal: Khal, client: FlaskClient, seeded: LoadReport, tmp_path: Path
) -> None:
    subscribe(khal, client, "/agenda/afspraken/5b.ics?periode=span", tmp_path)
    events = listed(khal)
    assert days(events["mijlpaal-5b-A@e5-werkagenda"]) == (date(2026, 7, 1), date(2026, 9, 30))
    assert days(events["mijlpaal-5b-B@e5-werkagenda"]) == (date(2027, 1, 1), date(2027, 3, 31))


def test_khal_moves_an_updated_milestone_instead_of_adding_one(
    khal: Khal, client: FlaskClient, session: Session, seeded: LoadReport, tmp_path: Path
) -> None:
    subscribe(khal, client, "/agenda/afspraken/5a.ics", tmp_path)
    assert days(listed(khal)["mijlpaal-5a-A@e5-werkagenda"]) == (
        date(2026, 6, 30),
        date(2026, 6, 30),
    )
    m = find_mijlpaal(session, "5a", "A")
    make_voortgang(
        session,
        afspraak_id=m.afspraak_id,
        mijlpaal_id=m.id,
        forecast_text="Q1-2027",
        forecast_start=date(2027, 1, 1),
        forecast_end=date(2027, 3, 31),
    )

    subscribe(khal, client, "/agenda/afspraken/5a.ics", tmp_path)  # the next refresh

    events = listed(khal)
    assert sorted(events) == ["mijlpaal-5a-A@e5-werkagenda", "mijlpaal-5a-B@e5-werkagenda"]
    assert days(events["mijlpaal-5a-A@e5-werkagenda"]) == (date(2027, 3, 31), date(2027, 3, 31))


def test_khal_reads_toezeggingen_and_moties(
    khal: Khal, client: FlaskClient, seeded: LoadReport, tmp_path: Path
) -> None:
    subscribe(khal, client, "/agenda/toezeggingen.ics", tmp_path)
    events = listed(khal)
    motie = events["motie-mt-evaluatie-preferentiebeleid@e5-werkagenda"]
    assert days(motie) == (date(2026, 12, 31), date(2026, 12, 31))
    assert motie["title"].startswith("E5 Motie: Het kabinet werkt op dit moment aan een evaluatie")


def test_khal_reads_a_feed_without_dated_milestones(
    khal: Khal, client: FlaskClient, seeded: LoadReport, tmp_path: Path
) -> None:
    subscribe(khal, client, "/agenda/afspraken/6.ics", tmp_path)  # only a VTIMEZONE in it
    assert listed(khal) == {}
    subscribe(khal, client, "/agenda/afspraken/5a.ics", tmp_path)  # the same calendar, later
    assert sorted(listed(khal)) == ["mijlpaal-5a-A@e5-werkagenda", "mijlpaal-5a-B@e5-werkagenda"]
