"""autograder.learner.transformer_layer: the data and tasks a learner's notebook imports for
this chapter."""

import torch

from autograder.learner.transformer_layer import left_neighbour_labels, make_left_neighbour_tagging

DEVICES = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
TOL = {
    torch.float32: dict(rtol=1e-5, atol=1e-5),
    torch.float64: dict(rtol=1e-10, atol=1e-12),
    torch.bfloat16: dict(rtol=2e-2, atol=2e-2),
}
SHAPES = [((), 1, 1, 1, 1), ((2,), 5, 5, 4, 3), ((3, 2), 7, 9, 8, 5), ((1,), 33, 17, 16, 16)]


def test_left_neighbour_task_is_seeded_and_balanced():
    a, b = make_left_neighbour_tagging(50, seed=3), make_left_neighbour_tagging(50, seed=3)
    assert (a.tokens == b.tokens).all() and (a.labels == b.labels).all()
    assert not (make_left_neighbour_tagging(50, seed=4).tokens == a.tokens).all()
    for seq, lab in zip(a.sequences(), [lab[m] for lab, m in zip(a.labels, a.mask)]):
        colours = (seq - 1) % a.n_classes
        assert (lab == left_neighbour_labels(seq, a.n_classes)).all()
        assert lab[0] == colours[0] and (lab[1:] == colours[:-1]).all()
        assert len(set(int((colours == c).sum()) for c in range(a.n_classes))) == 1, (
            "balanced colours"
        )
