"""User-provided text (file names, answers, drafts, reasons, names) shown as plain text.

Streamlit renders Markdown in st.markdown, st.caption, st.error, widget and status labels: a
file name like "![x](https://host/pixel.png)" would load an image from another host, and a
backtick would end a code span. `md` escapes every ASCII punctuation character with a
backslash (CommonMark: an escaped character is always literal), which also disarms Streamlit's
own `:red[...]`, `:emoji:` and `$...$` syntax. No streamlit import: pages and tests use it alike.
"""

from __future__ import annotations

import re

# All ASCII punctuation may be backslash-escaped in CommonMark; escaping all of it is simplest
# and safe (links, images, emphasis, code spans, headings, lists, tables, HTML, math).
_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")


def md(text: object) -> str:
    """`text` escaped so that Markdown shows it literally, on one line."""
    flat = " ".join(str(text).split())  # newlines would start lists, headings, tables
    return _PUNCT.sub(r"\\\1", flat)


def md_block(text: object) -> str:
    """Multi-line `text` escaped for Markdown, keeping its line breaks (paragraphs of a draft)."""
    lines = str(text).splitlines()
    return "  \n".join(_PUNCT.sub(r"\\\1", line) for line in lines)
