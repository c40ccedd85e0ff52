"""The pathway diagram and the timeline (helpers.diagrams): structure and readability."""

import itertools

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
import pytest

import helpers
from helpers import diagrams, timelines


@pytest.fixture(autouse=True)
def _close_figures():
    helpers.use_style()
    yield
    plt.close("all")


def _extents(ax, gid_prefix, kind):
    renderer = ax.figure.canvas.get_renderer()
    items = ax.patches if kind == "patch" else ax.texts
    return {item.get_gid(): item.get_window_extent(renderer) for item in items
            if (item.get_gid() or "").startswith(gid_prefix)}


def _text_boxes(ax, gid):
    renderer = ax.figure.canvas.get_renderer()
    return [t.get_window_extent(renderer) for t in ax.texts if t.get_gid() == gid]


def _overlapping_pairs(boxes):
    return [(a, b) for a, b in itertools.combinations(boxes, 2) if a.overlaps(b)]


def _drawn_diagram():
    edges = helpers.load("sigma1_signalling")
    fig, ax = plt.subplots(figsize=(12, 9))
    returned = diagrams.pathway_diagram(edges, ax=ax, highlight="Sigma-1 receptor")
    fig.canvas.draw()
    return edges, ax, returned


def test_diagram_returns_the_axes_and_draws_every_arrow_and_node():
    edges, ax, returned = _drawn_diagram()
    assert returned is ax
    nodes = set(edges.from_node) | set(edges.to_node)
    assert set(_extents(ax, "node:", "patch")) == {f"node:{n}" for n in nodes}
    arrows = _extents(ax, "edge:", "patch")
    assert len([p for p in ax.patches if (p.get_gid() or "").startswith("edge:")]) == len(edges)
    assert len(arrows) == len(edges.drop_duplicates(["from_node", "to_node"]))
    numbers = sorted(int(t.get_text()) for t in ax.texts if t.get_gid() == "edge-number")
    assert numbers == sorted(edges.edge_id)


def test_diagram_boxes_and_numbers_do_not_overlap():
    _, ax, _ = _drawn_diagram()
    boxes = list(_extents(ax, "node:", "patch").values())
    numbers = _text_boxes(ax, "edge-number")
    assert not _overlapping_pairs(boxes), "node boxes overlap"
    assert not _overlapping_pairs(numbers), "arrow numbers overlap"
    assert not [(n, b) for n in numbers for b in boxes if n.overlaps(b)], "a number sits on a box"
    labels = _text_boxes(ax, "node-label")
    assert not _overlapping_pairs(labels), "node labels overlap"
    # every label sits inside its box
    for label in labels:
        assert any(box.contains(label.x0 + 1, label.y0 + 1)
                   and box.contains(label.x1 - 1, label.y1 - 1) for box in boxes)


def test_diagram_arrows_do_not_cross_other_boxes():
    _, ax, _ = _drawn_diagram()
    boxes = _extents(ax, "node:", "patch")
    for patch in ax.patches:
        gid = patch.get_gid() or ""
        if not gid.startswith("edge:"):
            continue
        start, end = gid[len("edge:"):].split("->")
        # the arrow's outline, curves flattened, in data coordinates -> pixels, densified
        outline = np.concatenate(patch.get_path().to_polygons(closed_only=False))
        corners = ax.transData.transform(outline)
        points = np.concatenate([np.linspace(a, b, 20) for a, b in itertools.pairwise(corners)])
        assert np.ptp(points[:, 0]) > 20 or np.ptp(points[:, 1]) > 20  # pixels, not data units
        for node_gid, box in boxes.items():
            if node_gid in (f"node:{start}", f"node:{end}"):
                continue
            inner = box.padded(-2)
            hits = [p for p in points if inner.contains(*p)]
            assert not hits, f"arrow {start} -> {end} crosses the box of {node_gid}"


def test_diagram_is_layered_left_to_right():
    edges = helpers.load("sigma1_signalling")
    graph = nx.DiGraph(list(zip(edges.from_node, edges.to_node, strict=True)))
    pos = diagrams.layered_positions(graph)
    assert all(pos[a][0] < pos[b][0] for a, b in graph.edges)
    assert pos["Sigma-1 receptor"][0] == 2.0
    assert pos["Neuroplasticity"][0] == pos["K+ currents"][0] == 4.0
    for layer in {x for x, _ in pos.values()}:
        ys = sorted(y for x, y in pos.values() if x == layer)
        assert all(b - a >= 1.0 - 1e-9 for a, b in itertools.pairwise(ys))


def test_diagram_refuses_a_cycle():
    cycle = pd.DataFrame({"edge_id": [1, 2], "from_node": ["a", "b"], "to_node": ["b", "a"],
                          "effect_class": ["modulates", "modulates"]})
    with pytest.raises(ValueError, match="cycle"):
        diagrams.pathway_diagram(cycle)


def test_diagram_draws_on_the_current_axes_without_numbers():
    small = pd.DataFrame({"from_node": ["a", "b"], "to_node": ["b", "c"],
                          "effect_class": ["triggers", "something new"]})
    _, ax = plt.subplots()
    assert diagrams.pathway_diagram(small, number_col=None) is ax
    assert not [t for t in ax.texts if t.get_gid() == "edge-number"]


def test_timeline_labels_do_not_overlap_and_mark_unverified():
    history = helpers.load("sigma_history")
    fig, ax = plt.subplots(figsize=(11, 4))
    assert timelines.timeline(history, ax=ax) is ax
    fig.canvas.draw()
    labels = [t for t in ax.texts if t.get_gid() == "event-label"]
    assert len(labels) == len(history)
    renderer = fig.canvas.get_renderer()
    assert not _overlapping_pairs([t.get_window_extent(renderer) for t in labels])
    unverified = [t.get_text() for t in labels if "UNVERIFIED" in t.get_text()]
    assert len(unverified) == (history.citation_status == "unverified").sum() == 1
    assert unverified[0].startswith("2003")
    assert any("year not given" in t.get_text() for t in labels)


def test_timeline_stems_cross_no_other_label():
    history = helpers.load("sigma_history")
    fig, ax = plt.subplots(figsize=(11, 4))
    timelines.timeline(history, ax=ax)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    labels = [t for t in ax.texts if t.get_gid() == "event-label"]
    stems = [line for line in ax.lines if len(line.get_xdata()) == 2
             and line.get_xdata()[0] == line.get_xdata()[1]]
    assert len(stems) == history.year.notna().sum()
    for stem in stems:
        x = stem.get_xdata()[0]
        top = ax.transData.transform([(x, y) for y in stem.get_ydata()])
        for label in labels:
            box = label.get_window_extent(renderer)
            own = abs(label.get_position()[0] - x) < 1e-9
            if own:
                continue
            y0, y1 = sorted(top[:, 1])
            crosses = box.x0 < top[0, 0] < box.x1 and box.y0 < y1 and box.y1 > y0
            assert not crosses, f"stem at {x} crosses {label.get_text()!r}"
