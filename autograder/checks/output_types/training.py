"""Check of the trained speaker model."""

from __future__ import annotations

import torch

from autograder.checks.common import fail, quiet, seeded, trained_model
from autograder.checks.contracts import Clause, contract, passes, value_judged
from autograder.learner.output_types import make_utterances
from autograder.messages import say
from autograder.reference import output_types as ref


@contract(
    Clause(
        "an nn.Module",
        "speaker_model is your trained SequenceClassifier, an nn.Module with parameters.",
        value_judged,
    ),
    Clause("forward(frames, mask)", "It is called as speaker_model(frames, mask).", passes("mask")),
    Clause(
        "90% on fresh utterances",
        "It names the speaker of at least 90% of fresh utterances.",
        passes("x", lambda x: x.shape[0] >= 1000),
    ),
)
def check_speaker_model(model, min_accuracy: float = 0.9, seed: int = 4242) -> None:
    """The trained sequence classifier names the speaker of fresh held-out utterances."""
    __tracebackhide__ = True
    params = trained_model(
        model,
        "speaker_model",
        "SequenceClassifier",
        say(
            "`speaker_model` must be your SequenceClassifier, called as speaker_model(frames, "
            "mask)."
        ),
    )
    data = make_utterances(1000, seed=seeded(seed))
    frames, mask, speakers, _ = data.to_torch(params[0].device)
    try:
        with quiet(), torch.no_grad():
            model.eval()
            acc = ref.sequence_accuracy(model, frames.to(params[0].dtype), mask, speakers)
    except Exception as exc:
        fail(
            say(
                "evaluating `speaker_model(frames, mask)` raised {exc_type}: {exc}",
                exc_type=type(exc).__name__,
                exc=exc,
            )
        )
    if not acc >= min_accuracy:
        fail(
            say(
                "your speaker classifier names the speaker of {acc:.1%} of held-out utterances; it "
                "needs at least {min_accuracy:.0%}. Check that padding is left out of the mean, "
                "then train longer or with a larger learning rate.",
                acc=acc,
                min_accuracy=min_accuracy,
            )
        )
