"""The report as one self-contained HTML file: the Markdown report converted by Python-Markdown, charts
inlined as data: URIs, every table sortable by clicking its header (a few lines of script, no server, no
network), and a print style (no script needed, tables not split across pages where avoidable).
"""

from __future__ import annotations

import base64
import html
import re
from pathlib import Path

STYLE = """
body { font-family: system-ui, "Noto Sans CJK SC", "PingFang SC", sans-serif; max-width: 1100px;
       margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.45; }
h1 { border-bottom: 2px solid #1f77b4; padding-bottom: .2em; }
h2 { margin-top: 2em; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; margin: 1em 0; min-width: 40%; }
th, td { border: 1px solid #ccc; padding: .3em .6em; text-align: left; vertical-align: top; }
th { background: #f2f5f9; cursor: pointer; user-select: none; white-space: nowrap; }
th[aria-sort="ascending"]::after { content: " ▲"; } th[aria-sort="descending"]::after { content: " ▼"; }
tr:nth-child(even) td { background: #fafafa; }
img { max-width: 100%; height: auto; border: 1px solid #eee; }
code { background: #f4f4f4; padding: 0 .2em; }
@media print {
  body { max-width: none; margin: 0; font-size: 10pt; }
  th { cursor: auto; } th::after { content: "" !important; }
  table, img { page-break-inside: avoid; } h2 { page-break-after: avoid; }
}
"""

# Click a header: sort by that column (numbers as numbers, "12.5%" and "3 (...)" by their leading number).
SCRIPT = """
document.querySelectorAll("table").forEach(function (table) {
  var heads = table.querySelectorAll("thead th");
  heads.forEach(function (th, column) {
    th.title = "sort";
    th.addEventListener("click", function () {
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      var key = function (row) {
        var text = row.cells[column] ? row.cells[column].textContent.trim() : "";
        var number = parseFloat(text.replace(/[^0-9.+-].*$/, ""));
        return isNaN(number) ? text.toLowerCase() : number;
      };
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        if (typeof x !== typeof y) { x = String(x); y = String(y); }
        return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
});
"""

_IMAGE = re.compile(r'<img alt="([^"]*)" src="([^"]+\.png)"')


def _inline_images(body: str, folder: Path) -> str:
    def inline(match: re.Match) -> str:
        path = folder / html.unescape(match.group(2))
        if not path.is_file():
            return match.group(0)
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        return f'<img alt="{match.group(1)}" src="data:image/png;base64,{data}"'

    return _IMAGE.sub(inline, body)


def render_html(markdown_text: str, folder: Path, title: str = "LoanCoach report") -> str:
    """The whole HTML page for ``markdown_text``; PNG charts named in it are read from ``folder``."""
    import markdown

    body = markdown.markdown(markdown_text, extensions=["tables", "sane_lists"], output_format="html")
    body = _inline_images(body, folder)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{html.escape(title)}'
        f"</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    )


def write_html(markdown_text: str, folder: Path, name: str = "report.html") -> Path:
    path = folder / name
    path.write_text(render_html(markdown_text, folder), encoding="utf-8")
    return path
