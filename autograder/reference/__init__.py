"""Reference implementations of everything the course grades, one module per chapter.

``from autograder import reference as ref`` gives the self-attention chapter's names directly (``ref.softmax``,
``ref.SelfAttention``, ...); other chapters' code lives in its own submodule.
"""

from .attention import *  # noqa: F403
from .attention import __all__ as _attention_names

__all__ = list(_attention_names)
