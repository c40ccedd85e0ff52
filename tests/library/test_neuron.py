"""The procedural neuron of Figure 3: deterministic, and drawn from its levels."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import helpers
from helpers.neuron import BDNF_MARKS_AT_NORMAL, BDNF_RADIUS, neuron_geometry


def _same(a, b):
    assert a.n_segments == b.n_segments
    for p, q in zip(a.paths, b.paths, strict=True):
        np.testing.assert_array_equal(p, q)
    np.testing.assert_array_equal(a.bdnf_xy, b.bdnf_xy)


def test_same_seed_same_neuron():
    _same(neuron_geometry(1.0, 1.0, seed=11), neuron_geometry(1.0, 1.0, seed=11))


def test_different_seed_different_neuron():
    a, b = neuron_geometry(1.0, 1.0, seed=1), neuron_geometry(1.0, 1.0, seed=2)
    assert a.n_segments != b.n_segments or not np.allclose(a.paths[0], b.paths[0])


def test_global_random_state_is_not_used():
    np.random.seed(0)
    first = neuron_geometry(0.8, 0.8, seed=5)
    np.random.seed(99)
    np.random.random(10)
    _same(first, neuron_geometry(0.8, 0.8, seed=5))


@pytest.mark.parametrize("seed", range(8))
def test_branch_count_follows_arborisation(seed):
    levels = [0.0, 0.2, 0.45, 0.7, 1.0, 1.1, 1.3, 1.6, 2.0]
    counts = [neuron_geometry(a, 1.0, seed=seed).n_segments for a in levels]
    assert counts == sorted(counts), counts
    # The three states of Figure 3's dataset are clearly apart.
    low, normal = neuron_geometry(0.45, 1.0, seed=seed), neuron_geometry(1.0, 1.0, seed=seed)
    assert normal.n_segments >= 3 * low.n_segments
    assert neuron_geometry(2.0, 1.0, seed=seed).n_segments > normal.n_segments


def test_more_arborisation_only_adds_branches():
    for seed in range(5):
        small, large = neuron_geometry(0.45, 1.0, seed=seed), neuron_geometry(1.0, 1.0, seed=seed)
        assert {tuple(n) for n in small.nodes} < {tuple(n) for n in large.nodes}


def test_branch_orders_grow_with_arborisation():
    assert neuron_geometry(0.45, 1.0, seed=0).orders.max() < \
        neuron_geometry(1.0, 1.0, seed=0).orders.max()


def test_zero_arborisation_leaves_the_trunks():
    geometry = neuron_geometry(0.0, 1.0, seed=0)
    assert (geometry.orders <= 1).all()
    assert (geometry.orders == 0).sum() == 5


@pytest.mark.parametrize("bdnf", [0.0, 0.4, 1.0, 1.25, 2.0])
def test_bdnf_marks_follow_expression(bdnf):
    geometry = neuron_geometry(1.0, bdnf, seed=3)
    assert geometry.n_bdnf == round(BDNF_MARKS_AT_NORMAL * bdnf)
    centre = np.array([0.0, 0.05])
    if geometry.n_bdnf:
        assert (np.linalg.norm(geometry.bdnf_xy - centre, axis=1) <= BDNF_RADIUS + 1e-9).all()


def test_bdnf_does_not_change_the_tree():
    sparse, dense = neuron_geometry(1.0, 0.4, seed=3), neuron_geometry(1.0, 1.6, seed=3)
    assert len(sparse.paths) == len(dense.paths)
    assert all(np.array_equal(a, b) for a, b in zip(sparse.paths, dense.paths, strict=True))
    assert len(sparse.bdnf_xy) < len(dense.bdnf_xy)


@pytest.mark.parametrize("bad", [-0.1, 2.5, float("nan"), float("inf")])
def test_bad_levels_are_refused(bad):
    with pytest.raises(ValueError, match="arborisation"):
        neuron_geometry(bad, 1.0)
    with pytest.raises(ValueError, match="bdnf"):
        neuron_geometry(1.0, bad)


def test_draw_neuron_from_dataset_rows():
    states = helpers.load("neuron_states")
    fig, axes = plt.subplots(1, len(states))
    try:
        for ax, (_, row) in zip(axes, states.iterrows(), strict=True):
            returned = helpers.draw_neuron(row, seed=7, ax=ax)
            assert returned is ax
            geometry = neuron_geometry(row.arborisation_relative, row.bdnf_relative, seed=7)
            dendrites = [c for c in ax.collections if c.get_gid() == "dendrites"]
            marks = [c for c in ax.collections if c.get_gid() == "bdnf-marks"]
            assert len(dendrites[0].get_segments()) == geometry.n_segments
            assert len(marks[0].get_offsets()) == geometry.n_bdnf
            assert not ax.axison
    finally:
        plt.close(fig)


def test_draw_neuron_accepts_namedtuple_and_dict_and_current_axes():
    states = helpers.load("neuron_states")
    row = next(states.itertuples())
    fig = plt.figure()
    try:
        ax = helpers.draw_neuron(row, seed=1, inputs=False)
        assert ax is plt.gca()
        assert not [line for line in ax.lines if str(line.get_gid()).startswith("input")]
        ax2 = fig.add_subplot(1, 2, 2)
        helpers.draw_neuron(pd.Series({"arborisation_relative": 1, "bdnf_relative": 1}), ax=ax2,
                            label_inputs=True)
        assert any("glutamatergic" in t.get_text() for t in ax2.texts)
    finally:
        plt.close(fig)


def test_drawing_is_pixel_identical_for_a_seed():
    def render(seed):
        fig, ax = plt.subplots(figsize=(3, 4), dpi=60)
        helpers.draw_neuron({"arborisation_relative": 1.0, "bdnf_relative": 1.0}, seed=seed, ax=ax)
        fig.canvas.draw()
        pixels = np.asarray(fig.canvas.buffer_rgba()).copy()
        plt.close(fig)
        return pixels

    np.testing.assert_array_equal(render(9), render(9))
    assert not np.array_equal(render(9), render(10))
