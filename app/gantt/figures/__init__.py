"""The planning chart: `layout` builds the figure from `traces`, `axes` and `text`."""

from app.gantt.figures.axes import drawn_dependencies, quarter_label
from app.gantt.figures.layout import Figure, build_gantt, extent, figure_config, figure_height
from app.gantt.figures.style import MS_PER_DAY, ROW_PX, STATUS_STYLES, TODAY_COLOUR
from app.gantt.figures.text import tick_text

__all__ = [
    "Figure",
    "MS_PER_DAY",
    "ROW_PX",
    "STATUS_STYLES",
    "TODAY_COLOUR",
    "build_gantt",
    "drawn_dependencies",
    "extent",
    "figure_config",
    "figure_height",
    "quarter_label",
    "tick_text",
]
