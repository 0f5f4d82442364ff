"""Checks of the trained taggers and of the window-size sweep."""

from __future__ import annotations

import numpy as np
import torch

from autograder.checks.common import as_float_scalar, call, fail, trained_model
from autograder.checks.contracts import Clause, contract, passes, value_judged
from autograder.learner.sequence_labeling import load_tagging_corpus
from autograder.messages import say

# ------------------------------------------------------------------------------------ "I saw a saw"

SAW_SENTENCE = ("i", "saw", "a", "saw")


def _tag_test_sentences(model, name: str):
    """The model's tags of the corpus's test sentences: (predictions per sentence, the corpus)."""
    __tracebackhide__ = True
    params = trained_model(model, name, "WindowTagger")
    corpus = load_tagging_corpus()
    tokens, _, mask = corpus.data("test").to_torch(params[0].device)
    what = say("{name}(tokens, mask) on the corpus's test sentences", name=name)
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            logits = call(model, tokens, mask, what=what)
    finally:
        model.train(was_training)
    if not isinstance(logits, torch.Tensor) or tuple(logits.shape) != (
        *tokens.shape,
        corpus.n_tags,
    ):
        shape = tuple(logits.shape) if isinstance(logits, torch.Tensor) else type(logits).__name__
        fail(
            say(
                "{what} should return logits of shape {value} (one score per tag), found {shape}. "
                "Build it as WindowTagger(corpus.vocab_size, k, corpus.n_tags).",
                what=what,
                value=(*tokens.shape, corpus.n_tags),
                shape=shape,
            )
        )
    logits = logits.detach().double().cpu().numpy()
    return logits, corpus


def _accuracy(logits, corpus, ambiguous: bool) -> float:
    """Accuracy on the test words that are (or are not) ambiguous in the training sentences."""
    which = corpus.ambiguous_words()
    hits = [
        logits[r, i].argmax() == corpus.tags.index(tag)
        for r, (words, tags) in enumerate(corpus.test)
        for i, (w, tag) in enumerate(zip(words, tags))
        if (w in which) == ambiguous
    ]
    return float(np.mean(hits))


def _saw_row(corpus) -> int:
    return [words for words, _ in corpus.test].index(SAW_SENTENCE)


@contract(
    Clause(
        "logits per tag",
        "A WindowTagger(corpus.vocab_size, k, corpus.n_tags): logits (B, N, n_tags).",
        passes("tokens"),
    ),
    Clause(
        "one word at a time",
        "k = 0: each word alone, so both saw of 'i saw a saw' get the same tag.",
        passes("tokens"),
    ),
    Clause(
        "trained",
        "Trained on corpus_train: right on the unambiguous held-out words.",
        passes("tokens"),
    ),
)
def check_per_vector_tagger(model) -> None:
    """A trained k = 0 tagger: right on unambiguous words, necessarily the same tag for
    both "saw"."""
    __tracebackhide__ = True
    logits, corpus = _tag_test_sentences(model, "per_vector_tagger")
    row = _saw_row(corpus)
    if not np.allclose(logits[row, 1], logits[row, 3], atol=1e-6):
        fail(
            say(
                'per_vector_tagger gives the two "saw" of "i saw a saw" different outputs, so it '
                "sees more than one word at a time: a per-vector model is a WindowTagger with k = "
                "0."
            )
        )
    acc = _accuracy(logits, corpus, ambiguous=False)
    if acc < 0.9:
        fail(
            say(
                "per_vector_tagger tags {acc:.0%} of the unambiguous test words correctly; a "
                "trained per-vector model gets at least 90%. Train it on corpus.data('train') with "
                "train_tagger.",
                acc=acc,
            )
        )


@contract(
    Clause(
        "a window",
        "k = 1: each word with one neighbour on each side tells the two saw apart.",
        passes("tokens"),
    ),
    Clause(
        "trained",
        "Trained on corpus_train: right on most ambiguous held-out words.",
        passes("tokens"),
    ),
)
def check_window_tagger(model) -> None:
    """A trained window tagger tells the two "saw" apart and tags most ambiguous test
    words correctly."""
    __tracebackhide__ = True
    logits, corpus = _tag_test_sentences(model, "window_tagger")
    row = _saw_row(corpus)
    tags = [corpus.tags[i] for i in logits[row, : len(SAW_SENTENCE)].argmax(-1)]
    if (tags[1], tags[3]) != ("VERB", "NOUN"):
        fail(
            say(
                'window_tagger tags "i saw a saw" as {join}; the first saw is a VERB and '
                "the second a NOUN. Give it a window (k >= 1) and train it "
                "on corpus.data('train').",
                join=" ".join(tags),
            )
        )
    acc = _accuracy(logits, corpus, ambiguous=True)
    if acc < 0.75:
        fail(
            say(
                "window_tagger tags only {acc:.0%} of the ambiguous test words (saw, watch, fly, "
                "can, book) correctly; it needs at least 75%. Train it longer.",
                acc=acc,
            )
        )


# ---------------------------------------------------------------------------------------- the sweep

SWEEP_K = (0, 1, 2, 4, 8)
RERUN_K = 2
RERUN_TOLERANCE = 0.02


@contract(
    Clause(
        "every k", "window_accuracies = {k: test accuracy} for every k in K_VALUES.", value_judged
    ),
    Clause("fractions", "Accuracies are fractions between 0 and 1.", value_judged),
    Clause(
        "k = 0 near chance",
        "With k = 0 a card says nothing about its twin: near chance, 1/3.",
        value_judged,
    ),
    Clause("computed", "The values must be computed by sweep_point, not typed in.", passes("k")),
    Clause(
        "seeded",
        "sweep_point seeds PyTorch with torch.manual_seed(seed): a rerun gives the same accuracy.",
        passes("k"),
    ),
)
def check_window_sweep(accuracies, sweep_point, k_values=SWEEP_K, rerun_k: int = RERUN_K) -> None:
    """``{k: test accuracy}`` for every k, plausible, and computed: one point is re-run and
    must agree."""
    __tracebackhide__ = True
    if not isinstance(accuracies, dict):
        fail(
            say(
                "`window_accuracies` should be a dict {{k: test accuracy}}, "
                "found {accuracies_type}.",
                accuracies_type=type(accuracies).__name__,
            )
        )
    missing = [k for k in k_values if k not in accuracies]
    if missing:
        keys = ", ".join(repr(k) for k in accuracies) or "none"
        fail(
            say(
                "`window_accuracies` has no entry for k = {missing} (its keys: {keys}); it needs "
                "the ints {list_k_values}.",
                missing=missing,
                keys=keys,
                list_k_values=list(k_values),
            )
        )
    values = {k: as_float_scalar(accuracies[k], f"window_accuracies[{k}]") for k in k_values}
    for k, v in values.items():
        if not 0.0 <= v <= 1.0:
            hint = say(" Store fractions (0.45), not percentages (45).") if 1.0 < v <= 100.0 else ""
            fail(
                say(
                    "window_accuracies[{k}] = {v:g} is not an accuracy between 0 and 1.{hint}",
                    k=k,
                    v=v,
                    hint=hint,
                )
            )
    if values[0] > 0.45:
        fail(
            say(
                "window_accuracies[0] = {values:.3f}, but with k = 0 each card is tagged from "
                "itself alone, and its twin's colour is independent of it: the accuracy must be "
                "near chance, 1/3. Check that sweep_point(0) builds a window of k = 0 and scores "
                "the test set.",
                values=values[0],
            )
        )
    what = f"sweep_point({rerun_k})"
    again = as_float_scalar(call(sweep_point, rerun_k, what=what), what)
    twice = as_float_scalar(call(sweep_point, rerun_k, what=what), what)
    if abs(again - twice) > 1e-9:
        fail(
            say(
                "{what} gives {again:.3f}, then {twice:.3f} when run once more: it is not seeded. "
                "Seed PyTorch with torch.manual_seed(seed) at its start, before building the "
                "model, so that every run of sweep_point agrees.",
                what=what,
                again=again,
                twice=twice,
            ),
            mistake=say("sweep_point not seeded"),
        )
    if abs(again - values[rerun_k]) > RERUN_TOLERANCE:
        fail(
            say(
                "{what} gives {again:.3f} when run again, but window_accuracies[{rerun_k}] = "
                "{values:.3f}: fill the dict with the values sweep_point computes, and seed it "
                "(torch.manual_seed(seed) before building the model) so that a re-run agrees.",
                what=what,
                again=again,
                rerun_k=rerun_k,
                values=values[rerun_k],
            )
        )
