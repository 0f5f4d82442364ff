"""Simplified Chinese to Traditional Chinese as written in Taiwan, for the zh-hant edition.

OpenCC's ``s2twp`` (characters plus Taiwan phrasing: 数据 -> 資料, 程序 -> 程式, 内存 -> 記憶體),
from the pure Python package ``opencc-python-reimplemented`` pinned in requirements.txt, then the
course's own overrides where the converter's choice is not what a Taiwanese machine-learning course
says. The overrides apply to the converted text, longest first.

Before conversion, a matrix's (or a table's) rows and columns are swapped: the mainland's 行 (row)
and 列 (column) are Taiwan's 列 and 行, a swap OpenCC does not make. This is the one rule for the
book's zh-hant edition, the zh-hant notebooks and the zh-hant messages (they all call
:func:`to_taiwan`). Every 行 and 列 of the simplified text is a row or a column, except inside the
words of :data:`NOT_ROWS_OR_COLUMNS`: words where the character has another sense (序列, 执行, 列出,
...), and a line of text or code, which is 行 in both and which the simplified sources always write
with what it is a line of (一行代码, 打印的第三行, `raise ...` 那一行). A word list of the
matrix senses could never be complete (第 $i$ 行, 沿着行, 这些列, 行和列 ...); the other senses
are a short, closed list of words.
"""

from __future__ import annotations

import re
from functools import lru_cache

# converter's output -> what Taiwanese courses write (checked word by word
# in tests/book/test_translations.py)
TAIWAN_TERMS = {
    "連線": "連接",  # a connection in a network (全連接層, 殘差連接), not an online connection
    "區域性": "局部",  # local (局部遮罩), not regional
    "實現": "實作",  # implement
    "構建": "建置",  # build (the book)
    "反饋": "回饋",  # feedback
    "軟體包": "套件",  # a Python package
    "程式碼倉庫": "程式碼儲存庫",  # a repository
    "壓縮包": "壓縮檔",
    "影象": "影像",  # the converter's 图像 -> 影象 is a typo-like form; image is 影像
    "畫素": "像素",
    "視窗": "窗口",  # a window of a signal or a sequence, not a window on the screen
    "掩碼": "遮罩",  # mask
    "幀移": "音框位移",  # hop
    "幀": "音框",  # frame of speech
    "歸一化": "正規化",  # normalisation (層正規化 = layer normalization)
    "示例": "範例",
    "列印": "印出",  # print() output
    "損失函式": "損失函數",
    "啟用函式": "激勵函數",
    "指數函式": "指數函數",
    "視訊記憶體": "顯示卡記憶體",  # GPU memory
    "筆記型電腦": "筆記本",  # a Jupyter notebook, never a laptop
    "質量": "品質",
    # a model's parameter (参数量 = 參數量), the converter's programming sense aside
    "引數": "參數",
    "迴圈神經網路": "循環神經網路",  # RNN
    "單元格": "儲存格",  # a notebook's cell, where the simplified text does not keep "cell"
    # 里 as "in" is 裡: OpenCC keeps 里 after a noun that ends as one of its words of the other 里
    # (格里, a name; 數里, some miles: 函數里 is then made 函式里); 公里, 里程 ... are not touched
    "格里": "格裡",  # 單元格里, 表格里 -> 儲存格裡, 表格裡
    "式里": "式裡",  # 函式里
    "錯誤資訊": "錯誤訊息",  # an error message (资讯 is information at large, 位置資訊)
    # what code does, as Taiwanese programmers say it (book, notebooks and messages alike)
    "丟擲": "拋出",  # an exception is raised (拋出例外)
    "返回": "回傳",  # a function returns
    "標量": "純量",  # a scalar
}


# 行 and 列 that are not a row or a column (simplified Chinese, before conversion): kept.
NOT_ROWS_OR_COLUMNS = re.compile(
    "|".join(
        [
            # words in which 列 is not a column
            "序列", "队列", "阵列", "并列", "排列", "行列式",
            "列表", "列出", "列举", "列入", "列在", "列了", "列为",
            # words in which 行 is not a row
            "执行", "运行", "进行", "并行", "平行", "实行", "举行", "行动", "行业", "流行",
            "银行", "发行", "可行", "不行", "才行", "都行", "行得通", "行不通",
            # a line of text or code, written with what it is a line of
            r"(?:一|几|这|那|每)行代码", r"代码(?:的)?(?:第\s*\S+\s*)?行", "标记行",
            r"打印(?:出)?的(?:第\S{1,3}|最后一|头几|几|前几)行", "一行都不用改",
            # `raise NotImplementedError()` 那一行: the line of code just quoted
            r"`\s*(?:这|那)(?:一|几)?行",
        ]
    )
)
_ROW_OR_COLUMN = re.compile("[行列]")
_SWAP = str.maketrans({"行": "列", "列": "行"})


def swap_rows_and_columns(simplified: str) -> str:
    """Every row 行 becomes 列 and every column 列 becomes 行, as Taiwan writes them; the words of
    :data:`NOT_ROWS_OR_COLUMNS` are kept."""
    out, start = [], 0
    for word in NOT_ROWS_OR_COLUMNS.finditer(simplified):
        out += [simplified[start : word.start()].translate(_SWAP), word.group()]
        start = word.end()
    out.append(simplified[start:].translate(_SWAP))
    return "".join(out)


def rows_and_columns(simplified: str) -> list[str]:
    """Each 行 and 列 that :func:`swap_rows_and_columns` swaps, with a few characters either side:
    what an author reads to check the rule (``python book/_ext/traditional.py FILE...``)."""
    kept = [w.span() for w in NOT_ROWS_OR_COLUMNS.finditer(simplified)]
    return [
        simplified[max(0, m.start() - 6) : m.end() + 4].replace("\n", " ")
        for m in _ROW_OR_COLUMN.finditer(simplified)
        if not any(a <= m.start() < b for a, b in kept)
    ]


TAIWAN_QUOTES = str.maketrans({"“": "「", "”": "」", "‘": "『", "’": "』"})


@lru_cache(1)
def _converter():
    from opencc import OpenCC

    return OpenCC("s2twp")


def to_taiwan(text: str) -> str:
    """Simplified Chinese (the book's, the notebooks' or a message's) as written in Taiwan."""
    converted = _converter().convert(swap_rows_and_columns(text))
    # Taiwan quotes with corner brackets: “可以关注” is 「可以關注」
    converted = converted.translate(TAIWAN_QUOTES)
    for word in sorted(TAIWAN_TERMS, key=len, reverse=True):
        converted = converted.replace(word, TAIWAN_TERMS[word])
    return converted


if __name__ == "__main__":
    import sys
    from pathlib import Path

    for name in sys.argv[1:]:
        for phrase in rows_and_columns(Path(name).read_text(encoding="utf-8")):
            print(f"{name}: {phrase}")
