"""The words of the planning chart: row labels and the hover text of each row."""

import html
import textwrap
from collections.abc import Sequence

from app.domain.labels import STATUS_LABELS
from app.domain.periods import format_day
from app.gantt.figures.style import LABEL_CHARS
from app.gantt.rows import GanttRow, RowKind, Span


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def row_label(row: GanttRow) -> str:
    if row.kind is RowKind.AFSPRAAK:
        return f"<b>{html.escape(_shorten(f'{row.afspraak_code}. {row.text}', LABEL_CHARS))}</b>"
    return html.escape(_shorten(f"{row.label} · {row.text}", LABEL_CHARS))


def _wrap(text: str, width: int = 64, lines: int = 4) -> str:
    wrapped = _lines(" ".join(text.split()), width) or [""]
    if len(wrapped) > lines:
        wrapped = [*wrapped[: lines - 1], _shorten(" ".join(wrapped[lines - 1 :]), width)]
    return "<br>".join(html.escape(line) for line in wrapped)


def _lines(text: str, width: int) -> list[str]:
    """`textwrap.wrap(text, width)` for text of single-spaced words: the same lines in a tenth of
    the time (it was most of the chart's time at 50×, issue 16). A hyphen or a word longer than a
    line takes textwrap itself, which breaks there."""
    words = text.split(" ") if text else []
    if "-" in text or any(len(word) > width for word in words):
        return textwrap.wrap(text, width)
    lines: list[str] = []
    line = ""
    for word in words:
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= width:
            line += " " + word
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def _phrase(text: str, span: Span | None) -> str:
    """The date phrase as written and the due date it means, or that it is not planned yet."""
    written = html.escape(text) if text else "geen datum"
    if span is None:
        return f"{written} (nog niet gepland)"
    if span.exact:
        return format_day(span.end) if not text else f"{written} ({format_day(span.end)})"
    return f"{written} ({format_day(span.start)} – {format_day(span.end)})"


def _days(days: int) -> str:
    n = abs(days)
    unit = "dag" if n == 1 else "dagen"
    return f"{n} {unit} {'later' if days > 0 else 'eerder'}"


def hover_text(row: GanttRow) -> str:
    lines = []
    if row.kind is RowKind.AFSPRAAK:
        lines.append(f"<b>Afspraak {html.escape(row.afspraak_code)}</b>")
        lines.append(_wrap(row.text))
        if row.planned is not None:
            lines.append(
                f"Looptijd: {format_day(row.planned.start)} – {format_day(row.planned.end)}"
            )
        lines.append(f"Status: {STATUS_LABELS[row.status]}")
    else:
        lines.append(f"<b>{html.escape(row.afspraak_code)} · {html.escape(row.label)}</b>")
        lines.append(_wrap(row.text))
        lines.append(f"Gepland: {_phrase(row.planned_text, row.planned)}")
        if row.forecast is not None or row.forecast_text:
            verwacht = f"Verwacht: {_phrase(row.forecast_text, row.forecast)}"
            if row.slip_days and row.reached_on is None:
                verwacht += f", {_days(row.slip_days)}"
            lines.append(verwacht)
        if row.reached_on is not None:
            bereikt = f"Bereikt: {format_day(row.reached_on)}"
            if row.slip_days:
                bereikt += f", {_days(row.slip_days)} dan gepland"
            lines.append(bereikt)
        if row.kind is RowKind.ACTIVITEIT:
            lines.append(f"Status van de afspraak: {STATUS_LABELS[row.status]}")
        else:
            status = STATUS_LABELS[row.status] + (" (te laat)" if row.overdue else "")
            lines.append(f"Status: {status}")
        if row.partijen:
            lines.append(_wrap("Partijen: " + ", ".join(row.partijen)))
    lines += [html.escape(reason) for reason in row.reasons]
    last = format_day(row.last_update) if row.last_update else "nog geen"
    lines.append(f"Laatste update: {last}")
    return "<br>".join(lines)


class Hovers:
    """The hover text of each row, made once per chart: a moved mijlpaal is in three traces."""

    def __init__(self) -> None:
        self._texts: dict[str, str] = {}

    def __getitem__(self, row: GanttRow) -> str:
        text = self._texts.get(row.key)
        if text is None:
            text = self._texts[row.key] = hover_text(row)
        return text


def tick_text(rows: Sequence[GanttRow]) -> list[str]:
    """The row labels as drawn on the y axis (for tests and the table)."""
    return [row_label(row) for row in rows]
