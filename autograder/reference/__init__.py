"""Reference implementations of everything the course grades, one module per chapter.

``from autograder import reference as ref`` gives the self-attention chapter's names directly (``ref.softmax``,
``ref.SelfAttention``, ...); other chapters' code lives in its own submodule.
"""

from .attention import *  # noqa: F403
from .attention import __all__ as _attention_names

__all__ = list(_attention_names)
from .transformer import *  # noqa: F403, E402
from .transformer import __all__ as _transformer_names  # noqa: E402

__all__ += list(_transformer_names)
