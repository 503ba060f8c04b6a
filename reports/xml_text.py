"""Text that an Office file (XML inside a zip) can hold.

User text may carry characters XML 1.0 cannot: C0 control characters (a pasted form field, a
JSON import with "\\u0001"), lone surrogates and U+FFFE/U+FFFF. openpyxl and python-docx refuse
to write them, so a report would fail for everyone; they are dropped instead.
"""

import re

_NOT_XML_RE = re.compile("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\ud800-\\udfff\\ufffe\\uffff]")


def xml_safe(text: str) -> str:
    """The text without the characters XML 1.0 cannot hold."""
    return _NOT_XML_RE.sub("", text)
