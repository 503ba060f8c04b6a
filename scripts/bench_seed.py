"""Write a seed file N times the size of seed/werkagenda.yaml, for the benchmark.

Copy 1 is the seed itself; copies 2..N repeat every afspraak (codes "5a-k2", ...), with its
activiteiten, mijlpalen and randvoorwaarden, and every toezegging, motie and seeded update, pointing
at that copy. Every afspraak of every copy also gets a progress update each week for WEEKS weeks up
to the benchmark's today (every fourth one on a mijlpaal, now and then reached), as a year of real
reporting would leave behind. The parties and documents are shared. The same N gives the same
file byte for byte; tests/scale.py grows a database instead, for the statement-count guards.

Usage: python scripts/bench_seed.py FACTOR OUT.yaml
"""

import copy
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

SEED = Path(__file__).resolve().parent.parent / "seed" / "werkagenda.yaml"
TODAY = date(2026, 11, 25)  # the benchmark pins E5_TODAY to this
WEEKS = 60
STATUSES = ["op_schema", "op_schema", "aandacht_nodig", "vertraagd"]


def scaled_seed(factor: int, seed: dict[str, Any] | None = None) -> dict[str, Any]:
    """The seed with `factor` copies of the plan and WEEKS weeks of updates on every afspraak."""
    if factor < 1:
        raise ValueError("factor must be at least 1")
    base = seed if seed is not None else yaml.load(SEED.read_text("utf-8"), Loader=yaml.CSafeLoader)
    out = copy.deepcopy(base)
    for n in range(2, factor + 1):
        out["afspraken"] += [_afspraak(a, n) for a in base["afspraken"]]
        for block in ("toezeggingen", "moties"):
            out[block] += [_commitment(c, n) for c in base.get(block, [])]
        out["voortgang"] += [
            {**v, "key": f"{v['key']}-k{n}", "afspraak": _code(v["afspraak"], n)}
            for v in base.get("voortgang", [])
        ]
    for afspraak in _flat(out["afspraken"]):
        out["voortgang"] += _weekly_updates(afspraak)
    return out


def _code(code: str, n: int) -> str:
    return code if n == 1 else f"{code}-k{n}"


def _afspraak(afspraak: dict[str, Any], n: int) -> dict[str, Any]:
    new = copy.deepcopy(afspraak)
    new["code"] = _code(str(afspraak["code"]), n)
    new["titel"] = f"{afspraak['titel']} (kopie {n})"
    for dependency in new.get("afhankelijkheden", []):
        dependency["afspraak"] = _code(str(dependency["afspraak"]), n)
    new["subafspraken"] = [_afspraak(sub, n) for sub in afspraak.get("subafspraken", [])]
    return new


def _commitment(commitment: dict[str, Any], n: int) -> dict[str, Any]:
    return {
        **commitment,
        "key": f"{commitment['key']}-k{n}",
        "afspraken": [_code(str(code), n) for code in commitment.get("afspraken", [])],
    }


def _flat(afspraken: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [x for a in afspraken for x in [a, *_flat(a.get("subafspraken", []))]]


def _weekly_updates(afspraak: dict[str, Any]) -> list[dict[str, Any]]:
    code = str(afspraak["code"])
    labels = [str(m["label"]) for m in afspraak.get("mijlpalen", [])]
    first = TODAY - timedelta(weeks=WEEKS)
    updates = []
    for week in range(WEEKS):
        update: dict[str, Any] = {
            "key": f"bench-{code}-w{week}",
            "afspraak": code,
            "datum": first + timedelta(weeks=week),
            "status": STATUSES[(week + len(code)) % len(STATUSES)],
            "tekst": f"Wekelijkse voortgang {code}, week {week + 1}: overleg gevoerd, "
            "stukken rondgestuurd en de volgende stap afgesproken.",
        }
        if labels and week % 4 == 3:
            update["mijlpaal"] = labels[week // 4 % len(labels)]
            if week % 20 == 19:
                update["status"] = "afgerond"
                update["bereikt_op"] = update["datum"]
        updates.append(update)
    return updates


def write_scaled_seed(factor: int, out: Path) -> None:
    """Write `scaled_seed(factor)` as YAML to `out`."""
    text = yaml.dump(
        scaled_seed(factor), Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=100
    )
    out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    write_scaled_seed(int(sys.argv[1]), Path(sys.argv[2]))
