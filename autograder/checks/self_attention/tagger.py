"""Check of the trained long-range tagger."""

from __future__ import annotations

from torch import nn

from autograder.checks.common import (
    GradingError,
    fail,
    first_failing_part,
    held_out_tagging_accuracy,
    seeded,
    signature_text,
    trained_model,
)
from autograder.checks.contracts import Clause, contract, passes
from autograder.checks.self_attention.module import (
    check_self_attention_mask,
    check_self_attention_module,
)
from autograder.learner.self_attention import make_long_range_tagging
from autograder.messages import say


@contract(
    Clause(
        "built as asked",
        "An nn.Module of your SelfAttention and nn.Linear layers, forward(tokens, mask).",
        passes("tokens"),
    ),
    Clause(
        "95% on fresh sequences",
        "At least 95% of held-out tokens tagged right, on fresh sequences.",
        passes("tokens", lambda t: t.shape[0] >= 100),
    ),
)
def check_tagger(model, min_accuracy: float = 0.95, seed: int = 12345) -> None:
    """The trained tagger reaches ``min_accuracy`` on fresh held-out data of the long-range task."""
    __tracebackhide__ = True
    params = trained_model(model, "tagger", "SelfAttentionTagger")
    if not any(isinstance(m, nn.Linear) for m in model.modules()) or "mask" not in signature_text(
        model.forward
    ):
        fail(
            say(
                "`tagger` must be built from your SelfAttention and nn.Linear layers, with "
                "forward(tokens, mask)."
            )
        )
    upstream = lambda: first_failing_part(  # noqa: E731 (run only when the tagger fails)
        model,
        [
            (say("part 7 (SelfAttention, values)"), "SelfAttention", check_self_attention_module),
            (
                say("part 7 (SelfAttention, padding mask)"),
                "SelfAttention",
                check_self_attention_mask,
            ),
        ],
    )
    try:
        acc = held_out_tagging_accuracy(
            model, make_long_range_tagging(1000, seed=seeded(seed)), params
        )
    except GradingError as exc:
        fail(f"{exc} {upstream() or ''}".strip())
    if not acc >= min_accuracy:
        advice = upstream() or (
            say(
                "Check that the residual connection keeps each token's own embedding, that "
                "padding is masked, and train a little longer."
            )
        )
        fail(
            say(
                "your tagger tags {acc:.1%} of held-out tokens correctly; it needs at least "
                "{min_accuracy:.0%}. {advice}",
                acc=acc,
                min_accuracy=min_accuracy,
                advice=advice,
            )
        )
    # Returns nothing on purpose: nbgrader would read a returned number as partial credit.
