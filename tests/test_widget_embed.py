"""The built widget and the demo lender page, without a browser (needs `make web`)."""

from __future__ import annotations

import gzip
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "web" / "dist"
BUNDLE = DIST / "loancoach-widget.js"


@pytest.fixture(scope="module")
def bundle() -> bytes:
    if not BUNDLE.exists():
        pytest.fail("the widget is not built: run `make web`")
    return BUNDLE.read_bytes()


def test_bundle_is_one_small_file_that_calls_no_other_host(bundle):
    assert len(gzip.compress(bundle, 9)) <= 60 * 1024
    hosts = set(re.findall(rb"https?://([a-zA-Z0-9.-]+\.[a-z]{2,})", bundle))
    # no fonts, analytics or CDNs: only the data-server host is contacted (socket.io's docs are named
    # in one of its error messages)
    assert hosts <= {b"socket.io"}, hosts
    assert b"?rasa=" not in bundle


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_demo_page_embeds_the_widget_with_one_tag_and_a_strict_csp():
    parser = Tags()
    parser.feed((DIST / "index.html").read_text(encoding="utf-8"))
    widget = [a for t, a in parser.tags if t == "script" and "loancoach-widget.js" in a.get("src", "")]
    assert len(widget) == 1 and widget[0]["data-server"].startswith("http") and "async" in widget[0]
    csp = next(a["content"] for t, a in parser.tags if a.get("http-equiv") == "Content-Security-Policy")
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["script-src"] == "'self'" and directives["default-src"] == "'self'"
    assert "unsafe-inline" not in csp and "http:" not in csp.split() and "*" not in csp
    assert not (DIST / "node_modules").exists()
