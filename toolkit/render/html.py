"""The brief as one self-contained HTML page, readable on a phone.

It is the Markdown brief rendered by markdown-it-py (CommonMark plus tables), wrapped in a
page with inline CSS and no external resources, so it can be mailed or opened offline.
Chinese text carries ``lang`` attributes so browsers pick Chinese fonts and line breaking.
"""

from __future__ import annotations

import html as _html
import re

from toolkit.config import BriefOptions
from toolkit.document import Brief
from toolkit.render.markdown import render_brief_markdown

_CSS = """
:root { color-scheme: light dark; }
body { font-family: -apple-system, "Segoe UI", Roboto, "Noto Sans", "PingFang HK", "Microsoft JhengHei",
       sans-serif; line-height: 1.55; max-width: 46rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.5rem; margin-top: 0; }
h2 { font-size: 1.25rem; margin-top: 2rem; padding-top: .75rem; border-top: 1px solid #8884; }
h3 { font-size: 1.05rem; }
table { border-collapse: collapse; width: 100%; display: block; overflow-x: auto; margin: .5rem 0 1rem; }
th, td { border: 1px solid #8886; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #8882; }
blockquote { margin: 1rem 0; padding: .5rem 1rem; border-left: 4px solid #c90; background: #c902; }
small { color: #777; }
code { font-size: .9em; overflow-wrap: break-word; }
[lang|="zh"] { font-family: "PingFang HK", "Noto Sans CJK TC", "Microsoft JhengHei", sans-serif; }
"""


def render_html(brief: Brief, options: BriefOptions | None = None) -> str:
    """The brief as a complete HTML document (UTF-8, inline CSS, no external resources)."""
    from markdown_it import MarkdownIt

    body = MarkdownIt("commonmark").enable("table").render(render_brief_markdown(brief, options, html=True))
    name = re.split(r"[\\/]", brief.source)[-1] or brief.source
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Brief: {_html.escape(name)}</title>\n"
        f"<style>{_CSS}</style>\n</head>\n<body>\n<main>\n{body}</main>\n</body>\n</html>\n"
    )
