"""Derived status of mijlpalen and afspraken: reached, overdue, slipped, at risk.

Pure functions over progress facts; `today` is always passed in. The rules, in the order they apply:

- A mijlpaal is *reached* from the latest update that gives a reached date, until a later update
  reports it as not done (a correction is a new update; history is never rewritten).
- The day it *stands on* now, in every view (pages, planning chart, calendar feeds), is the day it
  was reached, else the end of its latest forecast, else its planned due date (`stands_on`). A
  forecast of "data n.t.b." takes the date away until it is reached: the plan no longer holds. A
  reached date wins over any forecast, also one given before it or in the same update.
- Its *due date* is the latest forecast if one was given, else the planned due date (the last day
  of the planned period: "Q3-2026" is due 30 September 2026). "data n.t.b." has no due date and is
  never overdue.
- A mijlpaal past its due date and not reached is *overdue*; so is one whose forecast became
  "data n.t.b." after its planned date passed. One that moved later without a reported status
  needs *aandacht*.
- An afspraak is at least *vertraagd* when one of its mijlpalen is overdue, and at least *aandacht
  nodig* when an afspraak it needs first (a randvoorwaarde) is vertraagd: "5b wacht op 5a".
  Otherwise it has the worst status its parties reported, or *nog niet gestart* without updates.
- Where the status shown differs from the one last reported on the afspraak, the status says why:
  the causes that lead to the status shown (overdue or shifted mijlpalen, a status reported on a
  mijlpaal, a mijlpaal already reached, a late randvoorwaarde).
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from typing import Protocol

from app.domain.labels import STATUS_LABELS


class Status(StrEnum):
    """A reported or derived progress status (stored in `Voortgang.status`)."""

    OP_SCHEMA = "op_schema"
    AANDACHT_NODIG = "aandacht_nodig"
    VERTRAAGD = "vertraagd"
    AFGEROND = "afgerond"
    NOG_NIET_GESTART = "nog_niet_gestart"


# Worse statuses win when several apply; afgerond is decided separately.
_SEVERITY = {
    Status.NOG_NIET_GESTART: 0,
    Status.OP_SCHEMA: 1,
    Status.AANDACHT_NODIG: 2,
    Status.VERTRAAGD: 3,
}


class ProgressFact(Protocol):
    """What status needs of one progress update (a `Voortgang` row satisfies it)."""

    @property
    def id(self) -> int | None: ...
    @property
    def recorded_at(self) -> datetime: ...
    @property
    def effective_date(self) -> date: ...
    @property
    def status(self) -> StrEnum | None: ...
    @property
    def forecast_text(self) -> str: ...
    @property
    def forecast_end(self) -> date | None: ...
    @property
    def reached_on(self) -> date | None: ...


class MijlpaalDates(Protocol):
    """The dates `stands_on` reads (`MijlpaalStatus`, a planning row and a feed row give them)."""

    @property
    def planned_due(self) -> date | None: ...
    @property
    def forecast_text(self) -> str: ...
    @property
    def forecast_due(self) -> date | None: ...
    @property
    def reached_on(self) -> date | None: ...


def stands_on(mijlpaal: MijlpaalDates) -> date | None:
    """The day a mijlpaal stands on now: reached, else latest forecast, else planned; or none."""
    if mijlpaal.reached_on is not None:
        return mijlpaal.reached_on
    return expected_due(mijlpaal)


def expected_due(mijlpaal: MijlpaalDates) -> date | None:
    """The date it is expected by: the latest forecast, else the plan; none for "data n.t.b."."""
    if mijlpaal.forecast_due is not None:
        return mijlpaal.forecast_due
    return None if mijlpaal.forecast_text else mijlpaal.planned_due


def chronological(updates: Iterable[ProgressFact]) -> list[ProgressFact]:
    """Oldest first, by the day the state held, then by when it was recorded."""
    return sorted(updates, key=lambda u: (u.effective_date, u.recorded_at, u.id or 0))


@dataclass(frozen=True)
class MijlpaalStatus:
    planned_due: date | None
    forecast_due: date | None = None
    forecast_text: str = ""
    reached_on: date | None = None
    reported: Status | None = None
    overdue: bool = False
    last_update: date | None = None

    @property
    def due(self) -> date | None:
        """The date it is now expected: the latest forecast, else the plan.

        A forecast of "data n.t.b." counts: the date is no longer known, so there is none.
        """
        return expected_due(self)

    @property
    def stands_on(self) -> date | None:
        """The day it stands on in every view: reached, else `due` (see the module docstring)."""
        return stands_on(self)

    @property
    def reached(self) -> bool:
        return self.reached_on is not None

    @property
    def slip_days(self) -> int | None:
        """How many days the forecast lies after the plan (negative: earlier); None if unknown."""
        if self.forecast_due is None or self.planned_due is None:
            return None
        return (self.forecast_due - self.planned_due).days

    @property
    def status(self) -> Status:
        """What to show for this mijlpaal."""
        if self.reached:
            return Status.AFGEROND
        if self.overdue:
            return Status.VERTRAAGD
        if self.reported:
            return self.reported
        # A later date without a word on the status still means the plan slipped.
        slipped = (self.slip_days or 0) > 0 or self.unplanned_again
        return Status.AANDACHT_NODIG if slipped else Status.NOG_NIET_GESTART

    @property
    def unplanned_again(self) -> bool:
        """The latest forecast is "data n.t.b.": the planned date no longer holds."""
        return bool(self.forecast_text) and self.forecast_due is None


def mijlpaal_status(
    planned_due: date | None, updates: Iterable[ProgressFact], *, today: date
) -> MijlpaalStatus:
    """Fold a mijlpaal's updates (any order) into its current status on `today`."""
    reached_on: date | None = None
    forecast_due: date | None = None
    forecast_text = ""
    reported: Status | None = None
    last_update: date | None = None
    for update in chronological(updates):
        last_update = update.effective_date
        if update.status is not None:
            reported = Status(update.status)
            if reported is not Status.AFGEROND and update.reached_on is None:
                reached_on = None  # a later update says it is not done after all
        if update.reached_on is not None:
            reached_on = update.reached_on
        if update.forecast_text:
            forecast_text = update.forecast_text
            forecast_due = update.forecast_end
    result = MijlpaalStatus(
        planned_due=planned_due,
        forecast_due=forecast_due,
        forecast_text=forecast_text,
        reached_on=reached_on,
        reported=reported,
        last_update=last_update,
    )
    due = result.due
    # With a forecast of "data n.t.b." after the planned date passed, it is still late: not
    # knowing when does not make a missed deadline go away.
    deadline = planned_due if result.unplanned_again else due
    return replace(result, overdue=reached_on is None and deadline is not None and deadline < today)


@dataclass(frozen=True)
class AfspraakStatus:
    status: Status
    reported: Status | None = None
    overdue_count: int = 0
    waits_on: tuple[str, ...] = ()  # codes of late prerequisites
    last_update: date | None = None
    reasons: tuple[str, ...] = field(default=())
    reported_id: int | None = None  # the update that reported `reported`
    reported_on: date | None = None
    # Each thing that pushes the status up, with the status it leads to; a clause that completes
    # "omdat ...", e.g. (VERTRAAGD, "2 mijlpalen te laat zijn").
    causes: tuple[tuple[Status, str], ...] = ()

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def at_risk(self) -> bool:
        return bool(self.waits_on)

    @property
    def differs_from_reported(self) -> bool:
        """A status was reported on the afspraak, and the app shows another one."""
        return self.reported is not None and self.reported is not self.status

    @property
    def shown_because(self) -> tuple[str, ...]:
        """Why the status shown is not the reported one: the causes of the status shown."""
        if not self.differs_from_reported:
            return ()
        return tuple(why for status, why in self.causes if status is self.status)

    @property
    def because(self) -> str:
        """`shown_because` as one clause: "2 mijlpalen te laat zijn en 5b wacht op 5a"."""
        parts = self.shown_because
        if len(parts) <= 1:
            return "".join(parts)
        return ", ".join(parts[:-1]) + " en " + parts[-1]


def afspraak_statuses(
    *,
    afspraak_updates: Mapping[str, Sequence[ProgressFact]],
    mijlpalen: Mapping[str, Sequence[MijlpaalStatus]],
    prerequisites: Mapping[str, Sequence[str]],
    today: date,
) -> dict[str, AfspraakStatus]:
    """Status per afspraak code; `prerequisites` maps a code to the codes it needs first."""
    codes = set(afspraak_updates) | set(mijlpalen) | set(prerequisites)
    base = {
        code: _own_status(afspraak_updates.get(code, ()), mijlpalen.get(code, ())) for code in codes
    }
    result: dict[str, AfspraakStatus] = {}
    for code in sorted(codes):
        own = base[code]
        # Lateness does not cascade further than one step: 5b waits on 5a, not on what 5a awaits.
        late = tuple(
            p
            for p in prerequisites.get(code, ())
            if p in base and base[p].status is Status.VERTRAAGD
        )
        if late and own.status is not Status.AFGEROND:
            reasons = (*own.reasons, *(f"{code} wacht op {p}" for p in late))
            status = _worst(own.status, Status.AANDACHT_NODIG)
            waiting = tuple(
                (Status.AANDACHT_NODIG, f"{code} wacht op {p}, dat vertraagd is") for p in late
            )
            result[code] = replace(
                own,
                status=status,
                waits_on=late,
                reasons=reasons,
                causes=own.causes + waiting,
            )
        else:
            result[code] = own
    return result


def _own_status(
    updates: Sequence[ProgressFact], mijlpalen: Sequence[MijlpaalStatus]
) -> AfspraakStatus:
    ordered = chronological(updates)
    report = next((u for u in reversed(ordered) if u.status is not None), None)
    reported = Status(report.status) if report is not None and report.status else None
    dates = [u.effective_date for u in ordered] + [
        m.last_update for m in mijlpalen if m.last_update
    ]
    last_update = max(dates, default=None)
    overdue = sum(1 for m in mijlpalen if m.overdue)
    known = AfspraakStatus(
        Status.AFGEROND,
        reported,
        overdue,
        last_update=last_update,
        reported_id=report.id if report is not None else None,
        reported_on=report.effective_date if report is not None else None,
    )
    if reported is Status.AFGEROND:
        return known
    candidates: list[Status] = [reported or Status.NOG_NIET_GESTART]
    candidates += [m.status for m in mijlpalen if not m.reached]
    if any(m.reached for m in mijlpalen):
        candidates.append(Status.OP_SCHEMA)  # something was delivered: it has started
    reasons: tuple[str, ...] = ()
    if overdue:
        candidates.append(Status.VERTRAAGD)
        reasons = (
            f"{overdue} mijlpaal te laat" if overdue == 1 else f"{overdue} mijlpalen te laat",
        )
    status = Status.NOG_NIET_GESTART
    for candidate in candidates:
        status = _worst(status, candidate)
    return replace(known, status=status, reasons=reasons, causes=_causes(mijlpalen))


def _causes(mijlpalen: Sequence[MijlpaalStatus]) -> tuple[tuple[Status, str], ...]:
    """What in the mijlpalen raises the afspraak's status, as clauses that complete "omdat ..."."""
    open_ = [m for m in mijlpalen if not m.reached and not m.overdue]
    counted: list[tuple[Status, int, str, str]] = [
        (Status.VERTRAAGD, sum(m.overdue for m in mijlpalen), "te laat is", "te laat zijn")
    ]
    for status in (Status.VERTRAAGD, Status.AANDACHT_NODIG, Status.OP_SCHEMA):
        label = STATUS_LABELS[status]
        count = sum(1 for m in open_ if m.reported is status)
        counted.append((status, count, f"als '{label}' is gemeld", f"als '{label}' zijn gemeld"))
    shifted = sum(1 for m in open_ if m.reported is None and m.status is Status.AANDACHT_NODIG)
    counted.append((Status.AANDACHT_NODIG, shifted, "verschoven is", "verschoven zijn"))
    reached = sum(1 for m in mijlpalen if m.reached)
    counted.append((Status.OP_SCHEMA, reached, "al bereikt is", "al bereikt zijn"))
    return tuple(
        (status, f"1 mijlpaal {one}" if count == 1 else f"{count} mijlpalen {many}")
        for status, count, one, many in counted
        if count
    )


def _worst(a: Status, b: Status) -> Status:
    if a is Status.AFGEROND or b is Status.AFGEROND:
        return b if a is Status.AFGEROND else a
    return a if _SEVERITY[a] >= _SEVERITY[b] else b
