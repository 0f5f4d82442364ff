"""Simplified Chinese to Traditional Chinese as written in Taiwan, for the zh-hant edition.

OpenCC's ``s2twp`` (characters plus Taiwan phrasing: 数据 -> 資料, 程序 -> 程式, 内存 -> 記憶體),
from the pure Python package ``opencc-python-reimplemented`` pinned in requirements.txt, then the
course's own overrides where the converter's choice is not what a Taiwanese machine-learning course
says. The overrides apply to the converted text, longest first.
"""

from __future__ import annotations

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
}


@lru_cache(1)
def _converter():
    from opencc import OpenCC

    return OpenCC("s2twp")


def to_taiwan(text: str) -> str:
    converted = _converter().convert(text)
    for word in sorted(TAIWAN_TERMS, key=len, reverse=True):
        converted = converted.replace(word, TAIWAN_TERMS[word])
    return converted
