"""User-provided text (file names, answers, drafts, reasons, names) shown as plain text.

Streamlit renders Markdown in st.markdown, st.caption, st.error, widget and status labels: a
file name like "![x](https://host/pixel.png)" would load an image from another host, and a
backtick would end a code span. `md` escapes the characters that start Markdown syntax with a
backslash (CommonMark: an escaped character is always literal), which also disarms Streamlit's
own `:red[...]` colours and `$...$` math. No streamlit import: pages and tests use it alike.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# The characters that start Markdown (and Streamlit) syntax able to change what is shown or to
# load something: code spans, emphasis, strikethrough, links and images, HTML and autolinks,
# headings, tables, math, and the escape character itself. Others (. - : ( ) ...) stay as they
# are, so messages keep reading naturally in logs and tests.
_PUNCT = re.compile(r"([\\`*_~\[\]!<>#|$])")


def md(text: object) -> str:
    """`text` escaped so that Markdown shows it literally, on one line."""
    flat = " ".join(str(text).split())  # newlines would start lists, headings, tables
    return _PUNCT.sub(r"\\\1", flat)


def md_block(text: object) -> str:
    """Multi-line `text` escaped for Markdown, keeping its line breaks (paragraphs of a draft)."""
    lines = str(text).splitlines()
    return "  \n".join(_PUNCT.sub(r"\\\1", line) for line in lines)


# Codes an officer types into a file as they are (column names, answer codes such as PD_1_A or
# yes_all): shown as code, so they read as literal values rather than as words with underscores.
_FILE_CODE = re.compile(r"(?<![`\w])([A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+)(?![`\w])")


def as_code(names: Sequence[str]) -> str:
    """'`a`, `b`': column names as code spans, comma-separated."""
    return ", ".join(f"`{n}`" for n in names)


def code_spans(text: str) -> str:
    """Our own help text with every underscore code (PD_1, yes_all) in a code span."""
    return _FILE_CODE.sub(r"`\1`", text)
