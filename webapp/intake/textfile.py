"""Uploaded article files as plain text: .txt as UTF-8, .html through html.parser.

HTML is reduced to its visible text: scripts, styles and other non-content elements are
dropped, block elements become paragraphs, whitespace inside a paragraph is collapsed.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from webapp.imports.reading import UTF8_BOM

MAX_UPLOAD_BYTES = 1_000_000
TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm")
_SKIPPED = frozenset(
    ("script", "style", "noscript", "template", "svg", "iframe", "object", "head", "nav", "form")
)
_BLOCKS = frozenset(
    (
        "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td",
        "th", "table", "section", "article", "blockquote", "header", "footer", "aside",
        "figure", "figcaption", "pre", "hr", "main", "dd", "dt",
    )
)  # fmt: skip


class UnreadableFile(ValueError):
    """The upload is not a text or HTML file we can read; the message says why."""


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._current: list[str] = []
        self._skipping = 0

    def flush(self) -> None:
        text = " ".join("".join(self._current).split())
        if text:
            self.paragraphs.append(text)
        self._current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skipping += 1
        if tag in _BLOCKS:
            self.flush()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED and self._skipping:
            self._skipping -= 1
        if tag in _BLOCKS:
            self.flush()

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self._current.append(data)


def html_to_text(html: str) -> str:
    """The visible text of ``html``: one paragraph per block, a blank line between them."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    parser.flush()
    return "\n\n".join(parser.paragraphs)


def normalise_text(text: str) -> str:
    """Line endings as ``\\n`` and no trailing spaces, so offsets mean the same everywhere."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return re.sub(r"[ \t]+\n", "\n", text).strip("\n")


def read_upload(file_name: str, raw: bytes) -> str:
    """The text of an uploaded .txt or .html file; UnreadableFile says what is wrong."""
    name = (file_name or "").lower()
    if not name.endswith(TEXT_SUFFIXES + HTML_SUFFIXES):
        raise UnreadableFile("Upload a .txt or .html file.")
    if len(raw) > MAX_UPLOAD_BYTES:
        raise UnreadableFile(f"The file is larger than {MAX_UPLOAD_BYTES // 1_000_000} MB.")
    if raw.startswith(UTF8_BOM):
        raw = raw[len(UTF8_BOM) :]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise UnreadableFile(
            f"The file is not valid UTF-8 (byte {error.start + 1}); save it as UTF-8."
        ) from error
    if name.endswith(HTML_SUFFIXES):
        text = html_to_text(text)
    text = normalise_text(text)
    if not text.strip():
        raise UnreadableFile("The file holds no text.")
    return text
