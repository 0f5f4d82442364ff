"""Checks of molecule_to_vector_set: a molecule as a set of atom vectors, and its errors."""

from __future__ import annotations

import numpy as np

from autograder.checks.common import (
    as_float_array,
    call,
    close,
    compare,
    expect_raises,
    fail,
    fmt,
    is_unimplemented,
    not_implemented,
    pair,
    run,
)
from autograder.checks.contracts import Clause, contract, omits, passes
from autograder.messages import say
from autograder.reference import vector_sets as ref

# ---------------------------------------------------------------------------------------- molecules

_GLYCINE = (
    ["N", "C", "C", "O", "O", "H", "H", "H", "H", "H"],
    [(0, 1), (1, 2), (2, 3), (2, 4), (0, 5), (0, 6), (1, 7), (1, 8), (4, 9)],
)
_CO2 = (["O", "C", "O"], [(0, 1), (1, 0), (1, 2), (1, 2)])  # double bonds, each listed twice
_ETHANOL = (
    ["C", "C", "O", "H", "H", "H", "H", "H", "H"],
    [(0, 1), (1, 2), (0, 3), (0, 4), (0, 5), (1, 6), (1, 7), (2, 8)],
)


@contract(
    Clause("elements", "X: column j for elements[j], for the elements given.", passes("elements")),
    Clause("default elements", 'elements defaults to ("H", "C", "N", "O").', omits("elements")),
    Clause("X shape", "X has shape (n_atoms, len(elements)), one row per atom.", passes("atoms")),
    Clause("(X, A)", "Return the pair (X, A).", passes("atoms")),
    Clause("symmetric", "A bond joins two atoms both ways, so A is symmetric.", passes("bonds")),
    Clause("diagonal", "Its diagonal is 0.", passes("bonds")),
    Clause(
        "double bond",
        "A bond listed twice (a double bond) is still a single 1.",
        passes("bonds", lambda b: len(b) > len({tuple(sorted(x)) for x in b})),
    ),
    Clause("from 0", "Atom indices start at 0.", passes("bonds", lambda b: any(0 in x for x in b))),
)
def check_molecule_to_vector_set(fn) -> None:
    __tracebackhide__ = True
    for (atoms, bonds), elements in ((_GLYCINE, None), (_CO2, None), (_ETHANOL, ("C", "H", "O"))):
        args = (list(atoms), list(bonds)) + ((tuple(elements),) if elements else ())
        what = f"molecule_to_vector_set({atoms}, {bonds}" + (
            f", elements={elements})" if elements else ")"
        )
        X, A = pair(call(fn, *args, what=what), what, ("X", "A"))
        X, A = as_float_array(X, f"{what}[0] (X)"), as_float_array(A, f"{what}[1] (A)")
        n_elements = len(elements or ref.ELEMENTS)
        if X.shape == (len(atoms), len(atoms)) and A.shape == (len(atoms), n_elements) != X.shape:
            fail(
                say(
                    "{what} returned (A, X); return the pair in the order (X, A): the one-hot "
                    "atoms first, then the adjacency matrix.",
                    what=what,
                ),
                mistake="returned (A, X)",
            )
        X_ref, A_ref = ref.molecule_to_vector_set(*args)
        default_cols = ref.molecule_to_vector_set(atoms, bonds)[0]
        if (
            elements is None
            and X.shape == X_ref.shape
            and not close(X, X_ref)
            and sorted(map(tuple, X.T)) == sorted(map(tuple, X_ref.T))
        ):
            fail(
                say(
                    "{what}: X has the right columns in another order. Without an elements "
                    "argument the columns "
                    'follow the default elements, ("H", "C", "N", "O"), in '
                    "that order.",
                    what=what,
                ),
                mistake=say("the default elements in another order"),
            )
        compare(
            X,
            X_ref,
            f"{what}: X",
            {
                say(
                    "the columns follow ('H', 'C', 'N', 'O') instead of the elements argument; "
                    "column j is elements[j]."
                ): default_cols,
                say("X is transposed: one row per atom, one column per element."): X_ref.T,
            },
        )
        n = len(atoms)
        if A.shape != (n, n):
            fail(
                say(
                    "{what}: A has shape {shape}; the adjacency of {n} atoms is ({n}, {n}).",
                    what=what,
                    shape=A.shape,
                    n=n,
                )
            )
        if not np.allclose(A, A.T):
            fail(
                say(
                    "{what}: A is not symmetric (A[i, j] != A[j, i]). A bond joins two atoms both "
                    "ways: set both A[i, j] and A[j, i] to 1.\nYou returned\n{A}",
                    what=what,
                    A=fmt(A),
                )
            )
        if np.any(np.diag(A) != 0):
            fail(
                say(
                    "{what}: A has non-zero entries on its diagonal; an atom is not bonded to "
                    "itself, so the diagonal is 0.",
                    what=what,
                )
            )
        if np.any(A > 1):
            fail(
                say(
                    "{what}: A holds {max} where a bond is listed twice (a double bond); A is 0/1, "
                    "so set the entries to 1 rather than adding 1.",
                    what=what,
                    max=fmt(A.max()),
                )
            )
        compare(
            A,
            A_ref,
            f"{what}: A",
            {
                say(
                    "the bonds were read as 1-based atom numbers; atom indices start at 0."
                ): ref.adjacency(n, [(i - 1, j - 1) for i, j in bonds]),
            },
        )


@contract(
    Clause(
        "unknown element",
        "An element that is not in elements must raise a ValueError.",
        passes("atoms", lambda atoms: "Cl" in atoms),
    ),
    Clause(
        "missing atom",
        "A bond to an atom that does not exist must raise a ValueError.",
        passes("bonds", lambda b: any(max(x) >= 3 for x in b)),
    ),
    Clause(
        "negative index",
        "... a negative index names no atom either (NumPy would read -1 as the last).",
        passes("bonds", lambda b: any(min(x) < 0 for x in b)),
    ),
)
def check_molecule_errors(fn) -> None:
    __tracebackhide__ = True
    expect_raises(
        fn,
        ValueError,
        say(
            "molecule_to_vector_set(['C', 'Cl'], [(0, 1)]) with chlorine, not in ('H', "
            "'C', 'N', 'O'),"
        ),
        ["C", "Cl"],
        [(0, 1)],
    )
    expect_raises(
        fn,
        ValueError,
        say(
            "molecule_to_vector_set(['O', 'H', 'H'], [(0, 1), (0, 3)]) with a bond to atom 3 of 3 "
            "(they are 0, 1, 2),"
        ),
        ["O", "H", "H"],
        [(0, 1), (0, 3)],
    )
    try:
        run(fn, (["O", "H", "H"], [(0, 1), (0, -1)]))
    except ValueError:
        return
    except Exception as exc:
        if is_unimplemented(exc):
            not_implemented("molecule_to_vector_set")
        fail(
            say(
                "molecule_to_vector_set(['O', 'H', 'H'], [(0, 1), (0, -1)]) should raise "
                "ValueError for atom -1, but raised {exc_type}: {exc}",
                exc_type=type(exc).__name__,
                exc=exc,
            )
        )
    fail(
        say(
            "molecule_to_vector_set(['O', 'H', 'H'], [(0, 1), (0, -1)]) returned normally: atom -1 "
            "does not exist, but NumPy reads index -1 as the last atom. Check 0 <= i < n_atoms for "
            "both ends of every bond and raise ValueError otherwise."
        )
    )
