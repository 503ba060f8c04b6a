"""The cyclic garbage collector's thresholds for a process that serves the app.

CPython 3.11 collects its youngest generation after 700 new container objects, and the whole
heap once enough has survived. The reads that matter most here build tens of thousands of small
objects that all stay alive until the answer is sent: the Werkagenda on a change of the data, the
Excel export, the voortgangsbrief (at 50 times the seed's size, 50,000 updates). Each of them ran
18 full collections in a row, every one walking the whole heap again. Measured in one process at
50x on SQLite (docs/benchmarks.md, run after-gc): the brief 2.70 -> 1.50 s, of which collecting
1.39 -> 0.21 s; the export 2.04 -> 1.33 s; a reread of the Werkagenda 0.54 -> 0.31 s.

The larger first threshold still collects every cycle, only in fewer and larger batches; the
data rows themselves (frozen rows, pydantic models) hold no cycles.
"""

import gc

THRESHOLDS = (50_000, 20, 20)


def tune_for_serving() -> None:
    """Collect in fewer, larger batches (called once per process, by wsgi.py)."""
    gc.set_threshold(*THRESHOLDS)
