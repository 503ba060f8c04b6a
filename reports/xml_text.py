"""Text that an Office file (XML inside a zip) can hold.

User text may carry characters XML 1.0 cannot: C0 control characters (a pasted form field, a
JSON import with "\\u0001"), lone surrogates and U+FFFE/U+FFFF. openpyxl and python-docx refuse
to write them, so a report would fail for everyone; they are dropped instead.
"""

import dataclasses
import re
from typing import Any, TypeVar

_NOT_XML_RE = re.compile("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\ud800-\\udfff\\ufffe\\uffff]")

T = TypeVar("T")


def xml_safe(text: str) -> str:
    """The text without the characters XML 1.0 cannot hold."""
    return _NOT_XML_RE.sub("", text)


def xml_safe_all(value: T) -> T:
    """`value` with every string in it made xml_safe: dataclasses, tuples, lists, dicts."""
    return _clean(value)  # type: ignore[no-any-return]


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return xml_safe(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _clean(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return dataclasses.replace(value, **changes)
    if isinstance(value, tuple):
        return tuple(_clean(v) for v in value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    return value
