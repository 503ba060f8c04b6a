"""Sizes, colours and legend names of the planning chart."""

from dataclasses import dataclass

from app.domain.status import Status

ROW_PX = 24
TITLE_PX = 36
LEGEND_ROW_PX = 22
LEGEND_COLUMNS = 3  # at the legend's entry width, in a figure of 800 pixels or more
LEGEND_ENTRY_PX = 235
AXIS_PX = 72  # the today label and the two-line quarter labels above the rows
BOTTOM_PX = 56  # the quarter labels below the rows
MIN_HEIGHT_PX = 320
LABEL_CHARS = 48  # row labels longer than this are shortened; the hover has the whole text
EXPORT_WIDTH_PX = 1400

MS_PER_DAY = 86_400_000


@dataclass(frozen=True)
class StatusStyle:
    colour: str
    symbol: str


# Rijkshuisstijl colours, each at least 3:1 against white (WCAG 1.4.11); the marker symbols differ
# as well, so the status never depends on colour alone (and the hover and the table name it).
STATUS_STYLES = {
    Status.OP_SCHEMA: StatusStyle("#39870c", "circle"),
    Status.AANDACHT_NODIG: StatusStyle("#c45500", "triangle-up"),
    Status.VERTRAAGD: StatusStyle("#d52b1e", "x"),
    Status.AFGEROND: StatusStyle("#01689b", "star"),
    Status.NOG_NIET_GESTART: StatusStyle("#696969", "diamond"),
}
STATUS_ORDER = (
    Status.VERTRAAGD,
    Status.AANDACHT_NODIG,
    Status.OP_SCHEMA,
    Status.NOG_NIET_GESTART,
    Status.AFGEROND,
)
EXTENT_COLOUR = "#5c6670"
BASELINE_COLOUR = "#535353"
PERIOD_FILL = "rgba(1, 104, 155, 0.16)"
PERIOD_LINE = "rgba(1, 104, 155, 0.55)"
UNPLANNED_COLOUR = "#535353"
TODAY_COLOUR = "#a90061"
ARROW_COLOUR = "#154273"
GRID_COLOUR = "#c3cad1"
MONTH_GRID_COLOUR = "#e6e9ec"
YEAR_GRID_COLOUR = "#8d99a6"
BAND_FILL = "#f1f4f7"

NAME_EXTENT = "Looptijd afspraak"
NAME_BASELINE = "Oorspronkelijke planning"
NAME_PERIOD = "Periode zonder exacte datum"
NAME_SLIP = "Verschuiving"
NAME_UNPLANNED = "Datum n.t.b."
