"""The tiny part-of-speech corpus of the sequence-labeling chapter ("I saw a saw"), shipped in
the package.

Sentences are lower case and tagged with Universal Dependencies' part-of-speech names. Words become
token ids (``0`` is padding, real words ``1 .. len(words) - 1``) and tags become class ids ``0 ..
len(tags) - 1``, packed in the same :class:`~autograder.learner.tagging.TaggingData` batches as the
long-range task, so the same training loop (:func:`autograder.learner.tagging.train_tagger`)
serves both.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

from autograder.learner.tagging import PAD, TaggingData

CORPUS_FILE = "tagging_corpus.tsv"

Sentence = tuple[tuple[str, ...], tuple[str, ...]]  # (words, tags), one tag per word


def parse_corpus(text: str) -> dict[str, list[Sentence]]:
    """``split -> [(words, tags), ...]`` from the TSV text (``#`` lines are comments)."""
    splits: dict[str, list[Sentence]] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        split, sentence, tags = line.split("\t")
        words, labels = tuple(sentence.split()), tuple(tags.split())
        if len(words) != len(labels):
            raise ValueError(
                f"{CORPUS_FILE} line {number}: {len(words)} words but {len(labels)} tags"
            )
        splits.setdefault(split, []).append((words, labels))
    return splits


@dataclass(frozen=True)
class TaggingCorpus:
    train: tuple[Sentence, ...]
    test: tuple[Sentence, ...]
    words: tuple[str, ...]  # index = token id; words[0] is the padding token
    tags: tuple[str, ...]  # index = class id

    @property
    def vocab_size(self) -> int:
        return len(self.words)

    @property
    def n_tags(self) -> int:
        return len(self.tags)

    def ambiguous_words(self) -> set[str]:
        """Words that carry more than one tag in the training sentences."""
        seen: dict[str, set[str]] = {}
        for words, tags in self.train:
            for word, tag in zip(words, tags):
                seen.setdefault(word, set()).add(tag)
        return {word for word, tags in seen.items() if len(tags) > 1}

    def batch(self, sentences: list[list[str]] | list[tuple[str, ...]], tags=None) -> TaggingData:
        """Padded token ids (and tag ids, zeros where ``tags`` is None) of ``sentences``."""
        index = {w: i for i, w in enumerate(self.words)}
        tag_index = {t: i for i, t in enumerate(self.tags)}
        length = max((len(s) for s in sentences), default=0)
        tokens = np.full((len(sentences), length), PAD, dtype=np.int64)
        labels = np.zeros((len(sentences), length), dtype=np.int64)
        mask = np.zeros((len(sentences), length), dtype=bool)
        for row, words in enumerate(sentences):
            unknown = [w for w in words if w not in index]
            if unknown:
                raise ValueError(f"words not in the corpus vocabulary: {unknown}")
            tokens[row, : len(words)] = [index[w] for w in words]
            mask[row, : len(words)] = True
            if tags is not None:
                labels[row, : len(words)] = [tag_index[t] for t in tags[row]]
        return TaggingData(tokens, labels, mask, vocab_size=self.vocab_size, n_classes=self.n_tags)

    def data(self, split: str) -> TaggingData:
        """The ``"train"`` or ``"test"`` sentences as one padded batch."""
        sentences = {"train": self.train, "test": self.test}[split]
        return self.batch([w for w, _ in sentences], [t for _, t in sentences])


@cache
def load_tagging_corpus() -> TaggingCorpus:
    """The corpus shipped in ``learner/data``; the vocabulary is sorted, so ids never depend on
    file order."""
    text = resources.files(__package__).joinpath("data", CORPUS_FILE).read_text(encoding="utf-8")
    splits = parse_corpus(text)
    every = splits["train"] + splits["test"]
    words = ("<pad>", *sorted({w for s, _ in every for w in s}))
    tags = tuple(sorted({t for _, ts in every for t in ts}))
    return TaggingCorpus(tuple(splits["train"]), tuple(splits["test"]), words, tags)
