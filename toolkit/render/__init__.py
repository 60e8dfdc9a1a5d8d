"""Renderers: the brief as Markdown, HTML and JSON."""

from toolkit.render.html import render_html
from toolkit.render.json import brief_to_dict, render_json
from toolkit.render.markdown import render_markdown

__all__ = ["brief_to_dict", "render_html", "render_json", "render_markdown"]
