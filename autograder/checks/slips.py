"""Known slips behind a crash: what an exception from the learner's code means, in their terms.

A raw ``TypeError: unsupported operand type(s) for -: 'Tensor' and 'torch.return_types.max'`` says
where the code broke, not what to change. Each slip below is recognised from the exception's type
and message and, where the message alone is not enough, from the learner's line that raised it
(``line``: its source text, or None when it cannot be read). The hints speak of the slip itself,
never of a particular part: they hold for any code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from autograder.messages import say, template


@dataclass(frozen=True)
class Slip:
    # exception class names (the kernel's exceptions come back as look-alikes)
    names: tuple[str, ...]
    message: str  # a regular expression the exception's message matches
    hint: str  # a template (autograder.messages), said in the learner's language
    # a regular expression the learner's line must match too (None: any line)
    line: str | None = None


SLIPS = (
    Slip(
        ("TypeError", "AttributeError"),
        r"return_types\.(max|min|sort|topk|kthvalue|median|mode)",
        template(
            "torch.max(x, dim=...) (and min, sort, topk) returns a pair (values, indices), not a "
            "tensor: take .values (or use torch.amax / torch.amin, which return the values only)."
        ),
    ),
    Slip(
        ("TypeError", "AttributeError"),
        r"return_types",
        template("A torch reduction with dim= returned a pair (values, indices): take .values."),
    ),
    Slip(
        ("TypeError",),
        r"max\(\) received an invalid combination|max\(\): argument 'dim'",
        template(
            "torch.max(a, b) of two tensors is torch.maximum(a, b); torch.max(x, dim) returns "
            "(values, indices)."
        ),
        r"\.max\(|max\(",
    ),
    Slip(
        ("RuntimeError",),
        r"Boolean value of Tensor with more than one (value|values) is ambiguous",
        template(
            "A tensor of several values is neither True nor False: `if t:`, `and`, `or` and `not` "
            "need one bool. Combine masks with &, | and ~, and test them with .any() or .all()."
        ),
    ),
    Slip(
        ("ValueError",),
        r"truth value of an array with more than one element is ambiguous",
        template(
            "An array of several values is neither True nor False: `if a:`, `and`, `or` and `not` "
            "need one bool. Combine boolean arrays with &, | and ~, and test them with .any() or "
            ".all()."
        ),
    ),
    Slip(
        ("RuntimeError",),
        r"view size is not compatible with input tensor's size and stride",
        template(
            "After transpose or permute a tensor is no longer contiguous, and .view cannot reshape "
            "it: use .reshape(...) (or .contiguous().view(...))."
        ),
    ),
    Slip(
        ("RuntimeError",),
        r"mat1 and mat2 shapes cannot be multiplied|size mismatch, m1|shapes cannot be multiplied",
        template(
            "The inner sizes of a matrix product must agree, (n, d) @ (d, m): check the order of "
            "the operands, and which one needs .T or .transpose(-2, -1). nn.Linear(n_in, n_out) "
            "takes inputs whose last axis has n_in features."
        ),
    ),
    Slip(
        ("ValueError",),
        r"matmul: Input operand \d+ does not have enough dimensions|matmul: Input operand 1 "
        r"has a mismatch in its core dimension",
        template(
            "The inner sizes of a matrix product must agree, (n, d) @ (d, m): check the order of "
            "the operands, and which one needs .T."
        ),
    ),
    Slip(
        ("RuntimeError",),
        r"expected (scalar type|m1 and m2 to have the same dtype|mat1 and mat2 to have the same "
        r"dtype|both vectors to have same dtype)|found dtype \w+ but expected|must have the same "
        r"dtype",
        template(
            "Two tensors of different dtypes met: a tensor you created is float32 (PyTorch's "
            "default) while the input is float64, or the other way round. Create new tensors with "
            "dtype=x.dtype (torch.zeros_like(x), x.new_zeros(...)), or compute them from the "
            "inputs."
        ),
    ),
    Slip(
        ("RuntimeError",),
        r"Expected all tensors to be on the same device|expected .* to be on the same device",
        template(
            "Two tensors on different devices met: create new tensors on the input's device "
            "(device=x.device, torch.zeros_like, x.new_zeros) and never call .cpu() or "
            ".cuda() inside your code."
        ),
    ),
    Slip(
        ("RuntimeError",),
        r"masked_fill_? only supports boolean masks",
        template(
            "masked_fill needs a bool mask: pass mask.bool() (or mask == 0 for its complement), "
            "not a float or int tensor."
        ),
    ),
    Slip(
        ("RuntimeError",),
        r"result type Float can't be cast to the desired output type (Long|Int|Bool)",
        template(
            "An in-place operation wrote floats into an integer or bool tensor: create the tensor "
            "as floats (torch.zeros(..., dtype=x.dtype)) or use the out-of-place form (a = a + b)."
        ),
    ),
    Slip(
        ("RuntimeError",),
        r"a leaf Variable that requires grad is being used in an in-place operation|"
        r"modified by an inplace operation",
        template(
            "An in-place operation (x += ..., x[...] = ..., masked_fill_, relu_) changed a tensor "
            "that the gradient still needs: use the out-of-place form (x = x + ..., masked_fill, "
            "torch.where)."
        ),
    ),
    Slip(
        ("RuntimeError",),
        r"Can't call numpy\(\) on Tensor that requires grad",
        template(
            "Tensors that take part in training cannot become NumPy arrays: compute with torch "
            "operations (or .detach() where no gradient is needed)."
        ),
    ),
    Slip(
        ("TypeError",),
        r"can't convert (cuda|meta|mps)\S* device type tensor to numpy|can't convert .* to numpy",
        template(
            "A tensor on a GPU cannot become a NumPy array: keep the computation in "
            "torch operations."
        ),
    ),
    Slip(
        ("TypeError",),
        r"expected Tensor as element \d+ in argument \d+, but got (numpy\.ndarray|list|float|int)",
        template(
            "torch.cat and torch.stack take tensors only: convert with torch.as_tensor(..., "
            "device=x.device), or build the pieces with torch operations."
        ),
    ),
    Slip(
        ("AttributeError",),
        r"'numpy\.ndarray' object has no attribute '(masked_fill|transpose|softmax|size|"
        r"unsqueeze|view|to|detach|device|clone|float|long|bool|mT)'",
        template(
            "A NumPy array reached a torch method: NumPy and torch mix badly; use torch operations "
            "throughout (torch.as_tensor converts an array)."
        ),
    ),
    Slip(
        ("AttributeError",),
        r"'Tensor' object has no attribute '(astype|copy|ndim_|keepdims|axis)'",
        template(
            "A torch tensor reached a NumPy method: torch spells them .to(dtype), .clone(), "
            "keepdim= and dim=."
        ),
    ),
    Slip(
        ("TypeError",),
        r"(sum|mean|max|min|amax|softmax|log_softmax|argmax|std|var|norm)\(\) received an invalid "
        r"combination of arguments.*(axis|keepdims)",
        template("torch spells NumPy's axis= and keepdims= as dim= and keepdim=."),
    ),
    Slip(
        ("TypeError",),
        r"softmax\(\) (received an invalid combination of arguments|missing 1 required "
        r"positional argument)",
        template("torch.softmax needs the axis to normalise over: torch.softmax(x, dim=-1)."),
    ),
    Slip(
        ("TypeError",),
        r"'torch\.Size' object is not callable|'tuple' object is not callable",
        template("x.shape is an attribute, not a method: x.shape[0] (or x.size(0))."),
    ),
    Slip(
        ("TypeError",),
        r"'builtin_function_or_method' object is not subscriptable|'method' object is not "
        r"subscriptable",
        template("A method was indexed instead of called: x.size(0) or x.shape[0], not x.size[0]."),
    ),
    Slip(
        ("TypeError", "AttributeError"),
        r"NoneType",
        template(
            "An optional argument is None when it is not given (its default, mask=None): handle "
            "that case first, e.g. `if mask is not None:` before using it."
        ),
        r"\bmask\b",
    ),
    Slip(
        ("TypeError",),
        r"'NoneType' object is not (subscriptable|iterable|callable)|unsupported operand type\(s\) "
        r"for .*'NoneType'",
        template(
            "A value you used is None: a function of yours may lack its `return`, or you kept the "
            "result of an in-place method (list.sort(), list.append, random.shuffle), which "
            "returns None."
        ),
    ),
    Slip(
        ("AttributeError",),
        r"'NoneType' object has no attribute",
        template(
            "A value you used is None: a function of yours may lack its `return`, or you kept the "
            "result of an in-place method (list.sort(), list.append), which returns None."
        ),
    ),
    Slip(
        ("IndexError",),
        r"Dimension out of range \(expected to be in range of \[-(\d), (\d)\], but got",
        template(
            "An axis number is out of range for this input: count axes from the end (dim=-1 for "
            "the last, -2 for the one before), so the same code works with or without a batch axis."
        ),
    ),
    Slip(
        ("AxisError", "IndexError", "ValueError"),
        r"axis -?\d+ is out of bounds for array of dimension",
        template(
            "An axis number is out of range for this input: count axes from the end (axis=-1 for "
            "the last), so the same code works for any number of dimensions."
        ),
    ),
    Slip(
        ("NameError",),
        r"name '(F|np|torch|nn|math)' is not defined",
        template(
            "Import it in a cell that runs before: `import torch.nn.functional as F`, `import "
            "numpy as np`, `import torch`, `from torch import nn`, `import math`."
        ),
    ),
    Slip(
        ("TypeError",),
        r"can't multiply sequence by non-int|unsupported operand type\(s\) for [-+/*@]+: 'list'",
        template(
            "Arithmetic on a Python list works element by element only on arrays: convert it first "
            "with np.asarray(...) (or torch.as_tensor)."
        ),
    ),
    Slip(
        ("TypeError",),
        r"only integer tensors of a single element can be converted to an index|only integer "
        r"scalar arrays can be converted to a scalar index|slice indices must be integers",
        template(
            "An index or a slice bound must be a Python int: use int(...) on a count, and // "
            "rather than / for integer division."
        ),
    ),
    Slip(
        ("TypeError",),
        r"'float' object cannot be interpreted as an integer",
        template("A size or a count must be an int: use // (floor division) or int(...), not /."),
    ),
    Slip(
        ("RuntimeError",),
        r"shape '\[[\d, ]*\]' is invalid for input of size \d+",
        template(
            "view and reshape keep the number of elements: the sizes you ask for hold another "
            "count. A size-1 axis broadcasts as it is (no reshape needed), and a batch axis may be "
            "missing or extra: check each size."
        ),
    ),
    Slip(
        ("RuntimeError",),
        r"The size of tensor a \(\d+\) must match the size of tensor b \(\d+\) at "
        r"non-singleton dimension",
        template(
            "Two tensors do not broadcast: after a reduction keep its axis (keepdim=True) or add "
            "one (t[:, None], t.unsqueeze(-1)) so the sizes line up."
        ),
    ),
    Slip(
        ("ValueError",),
        r"operands could not be broadcast together",
        template(
            "Two arrays do not broadcast: after a reduction keep its axis (keepdims=True) or add "
            "one (a[:, None]) so the shapes line up."
        ),
    ),
)


def slip_hint(name: str, message: str, line: str | None = None) -> str:
    """The hint for a crash (exception class ``name``, its ``message``, the learner's ``line``),
    or ""."""
    for slip in SLIPS:
        if name in slip.names and re.search(slip.message, message or "", re.IGNORECASE | re.DOTALL):
            if slip.line is None or (line and re.search(slip.line, line)):
                return say(slip.hint)
    return ""
