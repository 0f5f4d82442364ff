"""autograder.learner.sequence_labeling: the data and tasks a learner's notebook imports for
this chapter."""

import pytest

from autograder.learner.sequence_labeling import load_tagging_corpus, parse_corpus


def test_corpus_is_what_the_chapter_needs():
    corpus = load_tagging_corpus()
    train_sentences = [words for words, _ in corpus.train]
    assert ("i", "saw", "a", "saw") in [words for words, _ in corpus.test]
    assert ("i", "saw", "a", "saw") not in train_sentences, "the famous sentence is held out"
    assert {"saw", "watch", "fly", "can", "book"} <= corpus.ambiguous_words()
    train_words = {w for words in train_sentences for w in words}
    assert all(w in train_words for words, _ in corpus.test for w in words), (
        "every test word is seen in training"
    )
    assert corpus.words[0] == "<pad>" and list(corpus.words[1:]) == sorted(corpus.words[1:])
    assert len(corpus.train) >= 30 and all(len(w) == len(t) for w, t in corpus.train + corpus.test)


def test_corpus_batches_pad_with_zeros_and_mask():
    corpus = load_tagging_corpus()
    data = corpus.batch(
        [["i", "saw", "a", "saw"], ["birds", "fly"]],
        [["PRON", "VERB", "DET", "NOUN"], ["NOUN", "VERB"]],
    )
    assert data.tokens.shape == (2, 4) and data.tokens[1, 2:].tolist() == [0, 0]
    assert data.mask.tolist() == [[True] * 4, [True, True, False, False]]
    assert data.tokens[0, 1] == data.tokens[0, 3] == corpus.words.index("saw")
    assert [corpus.tags[i] for i in data.labels[0]] == ["PRON", "VERB", "DET", "NOUN"]
    with pytest.raises(ValueError, match="blorp"):
        corpus.batch([["i", "blorp"]])


def test_parse_corpus_rejects_a_line_with_a_missing_tag():
    with pytest.raises(ValueError, match="line 2"):
        parse_corpus("# comment\ntrain\ti saw\tPRON\n")
