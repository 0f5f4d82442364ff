"""Write a Chinese chapter from its English source and its translation file, block by block.

An English page (book/<page>.md) is cut into blocks: the front matter, each fenced block (a code
cell, a directive) and each run of lines between blank lines (a paragraph, a heading, a list item, a
table). Blocks with nothing to translate (the front matter, code cells, the bibliography, math
alone, a label alone) are copied as they are; every other block is looked up in the page's
translation file, book/<edition>/<page>.md, by a hash of its English text. That file is a list of
entries, each a marker line naming the hash and the English block's first words, then
the translation:

    <!-- en 3f2a9c1b4d5e: The networks met so far take one vector -->
    目前为止我们见过的网络……

So the code cells and their outputs exist once, in the English source; a translation whose English
block changed no longer matches any hash, and the build (and tests/book/test_translations.py, which
needs no build) names the page and the block. The glossary's block is cut into its entries, so one
changed term stales one entry, not the whole glossary.

`python book/_ext/translated_pages.py PAGE` prints a page's blocks with their markers, the start of
a translation file; `python book/_ext/translated_pages.py` lists what is missing or stale in
every page.
"""

from __future__ import annotations

import hashlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

BOOK = Path(__file__).resolve().parent.parent
SOURCE_EDITION = "zh-hans"  # written by hand; zh-hant is converted from it (traditional.py)
COPIED_DIRECTIVES = {"code-cell", "bibliography", "math", "launch-links", "exercise-notebook"}
SPLIT_DIRECTIVES = {"glossary"}  # translated entry by entry
MARKER = re.compile(r"^<!-- en ([0-9a-f]{12})(?::.*)? -->$", re.M)
FENCE = re.compile(r"^(`{3,}|:{3,})\s*(\{([\w-]+)\})?")


@dataclass
class Block:
    text: str
    translate: bool

    @property
    def hash(self) -> str:
        return hashlib.sha256(self.text.encode()).hexdigest()[:12]

    @property
    def first_words(self) -> str:
        words = " ".join(self.text.split())
        return words[:60].replace("--", "- -")


def _prose_left(text: str) -> str:
    """The text with math and label lines removed: a block with no letters left has nothing
    to translate."""
    text = re.sub(r"\$\$.*?\$\$", "", text, flags=re.S)
    text = re.sub(r"\$[^$]*\$", "", text)
    text = re.sub(r"^\(.*\)=$", "", text, flags=re.M)
    return text if re.search(r"[A-Za-z]", text) else ""


def blocks(source: str) -> list[Block]:
    """The page's blocks, in order; joined by blank lines they give back the page."""
    lines = source.rstrip("\n").split("\n")
    out: list[Block] = []
    i = 0
    if lines and lines[0] == "---":  # front matter (jupytext, kernelspec): copied
        end = lines.index("---", 1)
        out.append(Block("\n".join(lines[: end + 1]), False))
        i = end + 1
    paragraph: list[str] = []

    def flush():
        if paragraph:
            text = "\n".join(ln.rstrip() for ln in paragraph)
            out.append(Block(text, bool(_prose_left(text))))
            paragraph.clear()

    while i < len(lines):
        line = lines[i]
        fence = FENCE.match(line)
        if fence:
            flush()
            mark = fence.group(1)
            end = i + 1
            while end < len(lines) and not (
                lines[end].strip().startswith(mark[0] * len(mark))
                and lines[end].strip().strip(mark[0]) == ""
            ):
                end += 1
            body = lines[i : end + 1]
            name = fence.group(3)
            if name in SPLIT_DIRECTIVES:
                out.append(Block(body[0], False))
                out += [b for b in blocks("\n".join(body[1:-1]).strip("\n")) if b.text]
                out.append(Block(body[-1], False))
            else:
                out.append(Block("\n".join(body), name not in COPIED_DIRECTIVES))
            i = end + 1
        elif not line.strip():
            flush()
            i += 1
        else:
            paragraph.append(line)
            i += 1
    flush()
    return out


def read_translations(path: Path) -> dict[str, str]:
    """hash -> translation, from a translation file."""
    text = path.read_text(encoding="utf-8")
    parts = MARKER.split(text)
    return {parts[k]: parts[k + 1].strip("\n").rstrip() for k in range(1, len(parts), 2)}


def problems(page: str, edition: str = SOURCE_EDITION) -> list[str]:
    """What keeps a translated page from being generated: English blocks with no translation of
    their current text, and translations of English text that is no longer there (both name the page
    and the first words)."""
    english = [b for b in blocks((BOOK / f"{page}.md").read_text(encoding="utf-8")) if b.translate]
    path = BOOK / edition / f"{page}.md"
    translated = read_translations(path)
    known = {b.hash for b in english}
    found = [
        f"{page}: no translation of the English block '{b.first_words}' (hash {b.hash}): translate "
        "it in "
        f"book/{edition}/{page}.md under <!-- en {b.hash}: ... -->"
        for b in english
        if b.hash not in translated
    ]
    stale = [h for h in translated if h not in known]
    if stale:
        text = path.read_text(encoding="utf-8")
        for h in stale:
            words = re.search(rf"<!-- en {h}:?(.*?) -->", text).group(1).strip()
            found.append(
                f"{page}: the translation of '{words}' (hash {h}) translates English that "
                "changed or "
                f"went: update it in book/{edition}/{page}.md from the English block now "
                "there, and put that block's hash in its marker (`python "
                f"book/_ext/translated_pages.py {page}` prints them)"
            )
    return found


def translated_pages(edition: str = SOURCE_EDITION) -> list[str]:
    return sorted(p.stem for p in (BOOK / edition).glob("*.md"))


LINK = re.compile(r"\[([^\]]+)\]\(([\w-]+)\.md(#[\w-]+)?\)")


def link_untranslated(text: str, translated: set[str]) -> str:
    """Links to a page the edition does not have yet go to the English page, saying so (the language
    switch's class tells the edition's own link check that the page lies outside it)."""

    def english(match):
        label, page, anchor = match.group(1), match.group(2), match.group(3) or ""
        if page in translated or not (BOOK / f"{page}.md").is_file():
            return match.group(0)
        return (
            f'<a class="edition-link" href="../{page}.html{anchor}" '
            f'hreflang="en">{label}（英文）</a>'
        )

    return LINK.sub(english, text)


def chinese_page(page: str, convert=None, edition: str = SOURCE_EDITION) -> str:
    """The page in Chinese: each translatable block replaced by its translation (``convert`` applied
    to it, e.g. to traditional characters), every other block copied from the English source."""
    pages = set(translated_pages(edition))
    trouble = problems(page, edition)
    if trouble:
        raise ValueError("\n".join(trouble))
    translated = read_translations(BOOK / edition / f"{page}.md")
    out = []
    for block in blocks((BOOK / f"{page}.md").read_text(encoding="utf-8")):
        if block.translate:
            text = link_untranslated(translated[block.hash], pages)
            out.append(convert(text) if convert else text)
        else:
            out.append(block.text)
    return "\n\n".join(out) + "\n"


def skeleton(page: str) -> str:
    """Markers and English text of every translatable block: the start of a new translation file."""
    return (
        "\n\n".join(
            f"<!-- en {b.hash}: {b.first_words} -->\n{b.text}"
            for b in blocks((BOOK / f"{page}.md").read_text(encoding="utf-8"))
            if b.translate
        )
        + "\n"
    )


if __name__ == "__main__":
    if len(sys.argv) > 1:
        print(skeleton(sys.argv[1]), end="")
    else:
        issues = [p for page in translated_pages() for p in problems(page)]
        print(
            "\n".join(issues)
            or (f"every translation is up to date ({', '.join(translated_pages())})")
        )
        sys.exit(1 if issues else 0)
