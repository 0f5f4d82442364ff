"""Reference implementations of everything the course grades, one module per chapter.

``from autograder import reference as ref`` gives the self-attention chapter's names directly
(``ref.softmax``, ``ref.SelfAttention``, ...); other chapters' code lives in its own submodule.
"""

from autograder.reference.self_attention import *  # noqa: F403
from autograder.reference.self_attention import __all__ as _attention_names

__all__ = list(_attention_names)
from autograder.reference.transformer_layer import *  # noqa: F403, E402
from autograder.reference.transformer_layer import __all__ as _transformer_names  # noqa: E402

__all__ += list(_transformer_names)
from autograder.reference.transformer_block import *  # noqa: F403, E402
from autograder.reference.transformer_block import __all__ as _block_names  # noqa: E402

__all__ += list(_block_names)

from autograder.learner.devices import default_device  # noqa: E402, F401 (the book and tests call ref.default_device())
