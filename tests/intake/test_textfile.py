"""Uploaded files as text: HTML reduced to its visible text, bad files refused with a reason."""

from __future__ import annotations

import pytest

from webapp.intake.textfile import (
    MAX_UPLOAD_BYTES,
    UnreadableFile,
    html_to_text,
    normalise_text,
    read_upload,
)


def test_html_keeps_paragraphs_and_drops_scripts_and_styles():
    html = (
        "<html><head><title>T</title><style>p { color: red }</style></head><body>"
        "<script>alert('x')</script><h1>Title</h1><p>Hello &amp; <b>world</b>.</p>"
        "<p>Second\n   paragraph</p><noscript>enable js</noscript><ul><li>item</li></ul></body></html>"
    )
    assert html_to_text(html) == "Title\n\nHello & world.\n\nSecond paragraph\n\nitem"


def test_normalise_text_line_endings():
    assert normalise_text("a  \r\nb\rc\x00\n\n") == "a\nb\nc"


def test_read_upload_txt_with_bom():
    assert read_upload("a.TXT", "\ufeffHello.\r\n".encode()) == "Hello."


@pytest.mark.parametrize(
    ("name", "raw", "reason"),
    [
        ("a.pdf", b"%PDF", "Upload a .txt or .html file."),
        ("a.txt", b"\xff\xfe", "not valid UTF-8"),
        ("a.txt", b"   \n", "no text"),
        ("a.html", b"<script>x</script>", "no text"),
        ("a.txt", b"x" * (MAX_UPLOAD_BYTES + 1), "larger than 1 MB"),
    ],
)
def test_unreadable_files(name, raw, reason):
    with pytest.raises(UnreadableFile, match=reason):
        read_upload(name, raw)
