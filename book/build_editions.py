"""Build the book's one site: English at the root, 简体中文 in zh-hans/, 繁體中文 (Taiwan)
in zh-hant/.

    python book/build_editions.py -W -n --keep-going [--path-output DIR]

(the options are jupyter-book build's, passed to each of its three runs; the site lands in
DIR/_build/html, DIR being book/ by default). Jupyter Book 1.x builds one language per run and its
command line cannot set one, so:

1. the English book is built as ever, executing every chapter once into a fresh jupyter-cache;
2. each Chinese edition gets a source folder of its own under DIR/_build/editions/: every translated
   page generated from the English source and its translation file (_ext/translated_pages.py;
   zh-hant converted from zh-hans, _ext/traditional.py), a _toc.yml of the translated pages and a
   _config.yml with the edition's language. Its code cells are the English ones, so jupyter-cache
   (keyed on the code) hands back the English run's outputs and no chapter is executed again;
3. each edition's HTML is moved under the site, and the links of the whole site are checked.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

BOOK = Path(__file__).resolve().parent
sys.path.insert(0, str(BOOK / "_ext"))
from exercise_notebook import with_edition_notebooks  # noqa: E402
from link_check import broken_links  # noqa: E402
from traditional import to_taiwan  # noqa: E402
from translated_pages import chinese_page, translated_pages  # noqa: E402

EDITIONS = {
    "zh-hans": {"language": "zh_CN", "title": "自注意力：从课堂到代码", "convert": None},
    "zh-hant": {
        "language": "zh_TW",
        "title": to_taiwan("自注意力：从课堂到代码"),
        "convert": to_taiwan,
    },
}


def jupyter_book(source: Path, options: list[str], output: Path) -> None:
    command = ["jupyter-book", "build", str(source), *options, "--path-output", str(output)]
    print("+", " ".join(command), flush=True)
    subprocess.run(command, check=True)


def write_edition(edition: str, root: Path, cache: Path) -> Path:
    """The edition's source folder: the book's files without its English pages, the translated
    pages, a toc of them and the configuration. It lies beside a link to the course's exercises/, as
    book/ does, so the pages' ../exercises/ paths resolve there too."""
    settings = EDITIONS[edition]
    source = root / edition
    shutil.rmtree(source, ignore_errors=True)
    shutil.copytree(
        BOOK,
        source,
        ignore=shutil.ignore_patterns(
            "_build",
            "zh-hans",
            "*.md",
            "_toc.yml",
            "_config.yml",
            "__pycache__",
            "build_editions.py",
        ),
    )
    exercises = root / "exercises"
    if not exercises.exists():
        exercises.symlink_to(BOOK.parent / "exercises", target_is_directory=True)
    pages = translated_pages()
    for page in pages:
        (source / f"{page}.md").write_text(
            with_edition_notebooks(chinese_page(page, settings["convert"]), edition),
            encoding="utf-8",
        )

    toc = yaml.safe_load((BOOK / "_toc.yml").read_text())
    toc["chapters"] = [c for c in toc["chapters"] if c["file"] in pages]
    (source / "_toc.yml").write_text(yaml.safe_dump(toc, allow_unicode=True, sort_keys=False))

    config = yaml.safe_load((BOOK / "_config.yml").read_text())
    config["title"] = settings["title"]
    config["execute"]["cache"] = str(cache)
    sphinx = config["sphinx"]
    sphinx["local_extensions"]["language_switch"] = "_ext"
    sphinx["config"].update(
        language=settings["language"],
        book_edition=edition,
        book_translated_pages=pages,
        html_search_language="zh",
    )
    (source / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False))
    return source


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--path-output", type=Path, default=BOOK)
    args, options = parser.parse_known_args(argv)
    build = args.path_output.resolve() / "_build"
    cache = build / ".jupyter_cache"
    # every chapter executed on every build, as before the editions
    shutil.rmtree(cache, ignore_errors=True)
    jupyter_book(BOOK, options, args.path_output.resolve())
    site = build / "html"
    for edition in EDITIONS:
        source = write_edition(edition, build / "editions", cache)
        output = build / "editions" / f"{edition}-build"
        jupyter_book(source, options, output)
        shutil.rmtree(site / edition, ignore_errors=True)
        os.replace(output / "_build" / "html", site / edition)
    broken = broken_links(site)
    if broken:
        print("broken links between the editions:\n  " + "\n  ".join(broken), file=sys.stderr)
        return 1
    print(f"the site, in English, {' and '.join(EDITIONS)}: {site}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
