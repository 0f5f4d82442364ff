"""The exercise pages' Binder and Colab links, each edition's into the learner kit of its language.

An exercise page writes

    ```{launch-links} exercises/04_self_attention/self_attention.ipynb
    ```

and gets a sentence in the edition's language (``book_edition``, set by build_editions.py) with
links that open the notebook in the cloud from the kit of that language: the English kit
(``kit.url`` in _config.yml) for English, and for 简体中文 and 繁體中文 the kits that
``python -m autograder release`` builds (``self-attention-kit-zh-hans``, ``-zh-hant``), each
published as its own repository (``kit.zh-hans``, ``kit.zh-hant``; by default beside the English
one, named as the kit folder is). The directive is copied into the Chinese pages as it is
(translated_pages.py), so their code cells stay the English ones and the English run's cache
serves them.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective

SENTENCE = {
    "en": (
        "Open it in the cloud, from the learner kit: {links}. Binder installs the kit itself; "
        "in Colab, first run `%pip install git+{url}` in a cell of its own."
    ),
    "zh-hans": (
        "也可以直接在云端打开学生套件里的这份 Notebook：{links}。Binder 会自己装好套件；"
        "用 Colab 的话，先在单独的一个单元格中执行 `%pip install git+{url}`。"
    ),
}


def kit_url(kit: dict, edition: str = "en") -> str:
    """The public repository of the kit in ``edition``'s language."""
    if edition == "en":
        return kit["url"]
    return kit.get(edition) or f"{kit['url'].rstrip('/')}-{edition}"


def kit_path(notebook: str) -> str:
    """Where a released notebook (exercises/ASSIGNMENT/NAME.ipynb) lies in every kit
    (ASSIGNMENT/NAME.ipynb)."""
    return notebook.removeprefix("exercises/")


def launch_links(kit: dict, notebook: str, edition: str = "en") -> dict[str, str]:
    owner_name = kit_url(kit, edition).removeprefix("https://github.com/").strip("/")
    branch, path = kit.get("branch", "main"), kit_path(notebook)
    return {
        "Binder (JupyterLab)": (
            f"https://mybinder.org/v2/gh/{owner_name}/{branch}?urlpath=lab/tree/{path}"
        ),
        "Colab": f"https://colab.research.google.com/github/{owner_name}/blob/{branch}/{path}",
    }


def sentence(kit: dict, notebook: str, edition: str = "en") -> str:
    """The page's Markdown: the links and how each service gets the kit's package."""
    links = launch_links(kit, notebook, edition)
    links = " · ".join(f"[{name}]({url})" for name, url in links.items())
    text = SENTENCE["en" if edition == "en" else "zh-hans"]
    text = text.format(links=links, url=kit_url(kit, edition))
    if edition == "zh-hant":
        from traditional import to_taiwan

        text = to_taiwan(text)
    return text


class LaunchLinks(SphinxDirective):
    required_arguments = 1

    def run(self):
        config = yaml.safe_load((Path(self.env.srcdir) / "_config.yml").read_text())
        text = sentence(config["kit"], self.arguments[0], self.config.book_edition)
        container = nodes.container(classes=["launch-links"])
        self.state.nested_parse(StringList([text]), self.content_offset, container)
        return [container]


def setup(app):
    if "book_edition" not in app.config.values:
        app.add_config_value("book_edition", "en", "html")
    app.add_directive("launch-links", LaunchLinks)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
