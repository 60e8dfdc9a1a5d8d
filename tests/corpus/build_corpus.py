"""Build the segmentation corpus: each ``src/*.tagged`` page → ``<name>.txt`` + ``<name>.gold.json``.

A tagged page is the printed page with each line led by its role, so the page text and its
gold come from one hand-written file and cannot drift apart. Blank lines pass through.

``U|`` unassigned (page head)  ``#`` a new article  ``#box`` a new box  ``E|`` section
``T|`` title (a second one opens the next item of a briefs list)  ``C|`` column  ``A|printed|name`` author line  ``Y|printed|name|column`` one line
with author and column  ``S|`` subhead  ``P|`` paragraph (``P|text|name``: one ending in its author's credit)  ``+|`` the same paragraph after a
column break  ``K|`` caption  ``D|`` disclosure  ``B|`` box title  ``I|`` box item.
``N|`` a body line led by its title in brackets ("【小米季績勝預期】小米集團…"): the title (inside the
brackets) and a paragraph; a second one opens the next item, like ``T|``.
A first line ``%about text`` becomes the gold's ``_about``.

Run: ``python tests/corpus/build_corpus.py`` (rewrites the .txt and .gold.json files).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent / "pages"
_CLOSING = {"【": "】", "〖": "〗", "■": "■"}


def _new(kind: str) -> dict[str, Any]:
    return {"kind": kind, "title": "", "section": None, "column": None, "author": None, "subheads": [],
            "paragraphs": 0, "captions": [], "disclosures": [], "boxes": []}


def parse(tagged: str, page: str) -> tuple[str, dict[str, Any]]:
    """The page text and its gold from a tagged page."""
    lines: list[str] = []
    items: list[dict[str, Any]] = []
    rejoined: list[str] = []
    unassigned: list[str] = []
    about = ""
    last_piece = ""
    current: dict[str, Any] | None = None
    for raw in tagged.splitlines():
        if raw.startswith("%about"):
            about = raw[len("%about"):].strip()
            continue
        if not raw.strip():
            lines.append("")
            continue
        if raw.strip() in ("#", "#box"):
            current = _new("box" if raw.strip() == "#box" else "article")
            items.append(current)
            continue
        tag, _, rest = raw.partition("|")
        fields = rest.split("|")
        text = fields[0]
        lines.append(text)
        if tag == "U":
            unassigned.append(text.strip())
            continue
        if current is None:
            raise ValueError(f"{page}: line outside an article: {raw!r}")
        if tag in ("T", "N") and current["title"]:
            current = _new("article")  # the next item of a briefs list
            items.append(current)
        if tag == "E":
            current["section"] = text
        elif tag == "N":
            current["title"] = text[1:text.index(_CLOSING[text[0]], 1)]
            current["paragraphs"] += 1
            last_piece = text
        elif tag in ("T", "B") and not current["title"]:
            current["title"] = text
            if tag == "B":
                current["boxes"].append({"title": text, "items": []})
        elif tag == "B":
            current["boxes"].append({"title": text, "items": []})
        elif tag == "I":
            current["boxes"][-1]["items"].append(text)
        elif tag == "C":
            current["column"] = fields[1] if len(fields) > 1 else text
        elif tag == "A":
            current["author"] = fields[1]
        elif tag == "Y":
            current["author"], current["column"] = fields[1], fields[2]
        elif tag == "S":
            current["subheads"].append(text)
        elif tag == "P":
            current["paragraphs"] += 1
            last_piece = text
            if len(fields) > 1:  # "P|…完成。（記者 馮樂）|馮樂": a credit glued to the paragraph's end
                current["author"] = fields[1]
        elif tag == "+":
            rejoined.append(last_piece.strip()[-4:] + text.strip()[:3])
            last_piece = text
        elif tag == "K":
            current["captions"].append(text)
        elif tag == "D":
            current["disclosures"].append(text)
        else:
            raise ValueError(f"{page}: unknown tag {tag!r} in {raw!r}")
    gold = {"_about": about, "page": page, "items": items, "rejoined": rejoined, "unassigned": unassigned}
    return "\n".join(lines).strip("\n") + "\n", gold


def build(root: Path = HERE) -> list[Path]:
    """Write ``<root>/<part>/<name>.txt`` and ``.gold.json`` from each ``<root>/src/<part>/*.tagged``.

    Every corpus folder (``FOLDERS``) is built by this one function.
    """
    written = []
    repo = Path(__file__).resolve().parents[2]
    for part in ("dev", "locked"):
        for src in sorted((root / "src" / part).glob("*.tagged")):
            rel = f"{root.resolve().relative_to(repo).as_posix()}/{part}/{src.stem}.txt"
            text, gold = parse(src.read_text(encoding="utf-8"), rel)
            out = root / part
            out.mkdir(exist_ok=True)
            (out / f"{src.stem}.txt").write_text(text, encoding="utf-8")
            (out / f"{src.stem}.gold.json").write_text(json.dumps(gold, ensure_ascii=False, indent=2) + "\n",
                                                       encoding="utf-8")
            written.append(out / f"{src.stem}.txt")
    return written


FOLDERS = ("pages", "credits", "lists", "boxes", "unsigned", "features")

if __name__ == "__main__":
    # python tests/corpus/build_corpus.py [pages|credits|lists|boxes …] (default: every folder)
    for name in sys.argv[1:] or FOLDERS:
        pages = build(HERE.parent / name)
        print(f"{name}: {len(pages)} pages written", file=sys.stderr)
