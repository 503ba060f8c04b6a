"""CSV of a collection: the same public models as the JSON, flattened to one row per item.

Dutch Excel opens a file with a BOM as UTF-8 and splits on ';' (the list separator of the Dutch
locale), so that is what it gets. A nested model becomes one column per field ("plan.text",
"plan.start", "plan.end", "plan.precision" for a PeriodOut), a list becomes one cell. Text that
starts with = + - @ (or a tab or carriage return) would be a formula to a spreadsheet; it gets a
leading apostrophe (OWASP's advice for CSV injection), which Excel shows as plain text.
"""

import csv
import io
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def to_csv(items: Sequence[BaseModel], model: type[BaseModel]) -> bytes:
    """The items as CSV bytes (UTF-8 with BOM, ';'), columns in the model's field order."""
    columns = _columns(model.model_json_schema(mode="serialization"))
    rows = [_flatten(item.model_dump(mode="json", by_alias=True)) for item in items]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(column)) for column in columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def neutralise(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_START) else text


def _columns(schema: dict[str, Any]) -> list[str]:
    definitions = schema.get("$defs", {})
    columns: list[str] = []

    def walk(properties: dict[str, Any], prefix: str) -> None:
        for name, prop in properties.items():
            if name == "_links":
                continue
            nested = _object_schema(prop, definitions)
            if nested is not None:
                walk(nested["properties"], f"{prefix}{name}.")
            else:
                columns.append(prefix + name)

    walk(schema["properties"], "")
    return columns


def _object_schema(prop: dict[str, Any], definitions: dict[str, Any]) -> dict[str, Any] | None:
    for option in [prop, *prop.get("anyOf", [])]:
        ref = option.get("$ref")
        if ref:
            target = definitions[ref.rsplit("/", 1)[-1]]
            if "properties" in target:
                return dict(target)
    return None


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for name, value in data.items():
        if isinstance(value, dict) and name != "_links":
            flat.update(_flatten(value, f"{prefix}{name}."))
        else:
            flat[prefix + name] = value
    return flat


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, list):
        return ", ".join(_list_item(v) for v in value)
    if isinstance(value, str):
        return neutralise(value)
    return str(value)


def _list_item(value: Any) -> str:
    if isinstance(value, dict):
        return neutralise(" ".join(str(v) for v in value.values() if v not in ("", None)))
    return neutralise(str(value))
