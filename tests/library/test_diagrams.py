"""The pathway diagram and the timeline (helpers.diagrams, helpers.timelines and their layouts):
structure and readability."""

import itertools

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
import pytest

import helpers
from helpers import diagrams, pathway_layout, timeline_layout, timelines
from helpers._matplotlib import figure_supxlabel


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


PRINT_WIDTH_IN = 6.69
"""The handout's text width on A4 (170 mm): charts are printed this wide."""


def _drawn_diagram(mark=False):
    edges = helpers.load("sigma1_signalling")
    if mark:
        edges = edges.assign(cites=edges.quote.str.contains("(Figure 1)", regex=False))
    fig, ax = plt.subplots(figsize=pathway_layout.pathway_size(edges, highlight="Sigma-1 receptor"))
    ax.set_title("Figure 1, reconstructed from the text (not the printed drawing)")
    helpers.caption(ax, edges, note="From the editorial introduction: arrow 15.")
    returned = diagrams.pathway_diagram(edges, ax=ax, highlight="Sigma-1 receptor",
                                        **({"mark": "cites", "mark_label": "cites Figure 1"}
                                           if mark else {}))
    fig.canvas.draw()
    return edges, ax, returned


def _printed_sizes(fig):
    """Each drawn text's size (points) as printed at the handout's text width."""
    renderer = fig.canvas.get_renderer()
    scale = PRINT_WIDTH_IN / fig.get_figwidth()
    texts = [t for t in fig.findobj(matplotlib.text.Text)
             if t.get_visible() and t.get_text().strip() and t.get_window_extent(renderer).width > 0]
    return {t.get_text(): t.get_fontsize() * scale for t in texts}


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
    pos = pathway_layout.layered_positions(graph)
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
    assert (history.citation_status == "checked").all()  # the shipped data: every citation checked
    history.loc[history.event.str.startswith("Human"), "citation_status"] = "unverified"
    fig, ax = plt.subplots(figsize=(6.69, 4))
    assert timelines.timeline(history, ax=ax) is ax
    fig.canvas.draw()
    labels = [t for t in ax.texts if t.get_gid() == "event-label"]
    assert len(labels) == len(history)
    renderer = fig.canvas.get_renderer()
    assert not _overlapping_pairs([t.get_window_extent(renderer) for t in labels])
    unverified = [t.get_text() for t in labels if "UNVERIFIED" in t.get_text()]
    assert len(unverified) == 1 and unverified[0].startswith("1996: Human")
    assert sum("year not given" in t.get_text() for t in labels) == 2
    open_markers = [c for c in ax.collections
                    if np.allclose(c.get_facecolor()[0][:3], 1.0)]  # white inside
    assert len(open_markers) == 1


def test_timeline_keeps_the_printed_1996_cloning_on_1996_and_moves_the_other():
    history = helpers.load("sigma_history")
    for frame in (history, history.iloc[::-1], history.assign(
            event_id=history.event_id.replace({3: 4, 4: 3}))):  # the literature event told first
        fig, ax = plt.subplots(figsize=(6.69, 4))
        timelines.timeline(frame, ax=ax, order_col="event_id")
        fig.canvas.draw()
        x_of = {t.get_text().split(":")[1].split("\n")[0].strip(): t.get_position()[0]
                for t in ax.texts if t.get_gid() == "event-label" and ":" in t.get_text()}
        assert x_of["Sigma-1 receptor"] == 1996.0  # as printed: on its year
        human = x_of["Human sigma-1 receptor"]
        assert 1996.0 < human < 1998.5  # beside it, not on it
        markers = sorted(float(c.get_offsets()[0][0]) for c in ax.collections)
        assert 1996.0 in markers and human in markers
        # a marker's width apart, in points, whatever the axis's scale
        points_per_year = ax.bbox.width / np.diff(ax.get_xlim())[0] * 72 / fig.dpi
        assert (human - 1996.0) * points_per_year == pytest.approx(timelines._SIDE_PT, rel=0.05)
        plt.close(fig)


def test_timeline_undated_knockout_mice_lie_between_the_cloning_and_the_workshop():
    history = helpers.load("sigma_history")
    spans = timeline_layout.undated_spans(history, order_col="event_id").join(history.event)
    knockout = spans[spans.event.str.contains("knockout")]
    assert knockout[["after_year", "before_year"]].values.tolist() == [[1996.0, 2006.0]]


def test_timeline_key_sits_under_the_axis_labels_and_over_the_caption():
    history = helpers.load("sigma_history")
    fig, ax = plt.subplots(figsize=(6.69, 4))
    ax.set_title("title")
    helpers.caption(ax, history)
    timelines.timeline(history, ax=ax, order_col="event_id")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    key = ax.get_legend().get_window_extent(renderer)
    axis = ax.xaxis.get_tightbbox(renderer)
    caption = fig.get_supxlabel()
    assert key.y1 <= axis.y0 + 1 and not key.overlaps(axis)
    assert key.y0 >= figure_supxlabel(fig).get_window_extent(renderer).y1 - 1 and caption
    assert fig.bbox.contains(key.x0, key.y0) and fig.bbox.contains(key.x1, key.y1)
    fig2, ax2 = plt.subplots(figsize=(9, 4))
    timelines.timeline(history, ax=ax2, legend="right")
    fig2.canvas.draw()
    assert ax2.get_legend().get_window_extent(renderer).x0 >= ax2.bbox.x1
    with pytest.raises(ValueError, match="legend must be"):
        timelines.timeline(history, legend="top")


def test_timeline_stems_cross_no_other_label():
    history = helpers.load("sigma_history")
    fig, ax = plt.subplots(figsize=(6.69, 4))
    timelines.timeline(history, ax=ax, order_col="event_id")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    labels = [t for t in ax.texts if t.get_gid() == "event-label"]
    stems = [line for line in ax.lines if len(line.get_xdata()) == 2
             and line.get_xdata()[0] == line.get_xdata()[1]]
    assert len(stems) == len(history)  # dated events and the undated one's dotted leader
    for stem in stems:
        x = stem.get_xdata()[0]
        ends = stem.get_transform().transform(np.column_stack([stem.get_xdata(),
                                                               stem.get_ydata()]))
        assert abs(ends[0, 1] - ends[1, 1]) > 5  # a stem, in pixels
        for label in labels:
            box = label.get_window_extent(renderer)
            if abs(label.get_position()[0] - x) < 1e-9:
                continue
            y0, y1 = sorted(ends[:, 1])
            crosses = box.x0 < ends[0, 0] < box.x1 and box.y0 < y1 and box.y1 > y0
            assert not crosses, f"stem at {x} crosses {label.get_text()!r}"


def _timeline_labels(history, **kwargs):
    fig, ax = plt.subplots(figsize=(6.69, 4))
    ax.set_title("title")
    helpers.caption(ax, "sigma_history")
    timelines.timeline(history, ax=ax, **kwargs)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    labels = [t for t in ax.texts if t.get_gid() == "event-label"]
    return fig, ax, labels, [t.get_window_extent(renderer) for t in labels]


def test_timeline_follows_the_key_not_the_row_order():
    history = helpers.load("sigma_history")
    _, _, labels, _ = _timeline_labels(history, order_col="event_id")
    _, _, reordered, _ = _timeline_labels(history.iloc[::-1], order_col="event_id")
    assert sorted((t.get_text(), t.get_position()) for t in labels) == \
        sorted((t.get_text(), t.get_position()) for t in reordered)
    undated = next(t for t in reordered if "year not given" in t.get_text())
    assert 1976 < undated.get_position()[0] < 1996  # between its neighbours in the story


def test_undated_spans_use_the_story_order_and_keep_the_index():
    history = helpers.load("sigma_history")
    reordered = history.iloc[::-1]
    spans = timeline_layout.undated_spans(reordered, order_col="event_id")
    assert list(spans.index) == list(history.index[history.year.isna()])
    assert spans[["after_year", "before_year"]].values.tolist() == [[1976.0, 1996.0],
                                                                    [1996.0, 2006.0]]
    # in table order, the reversed file puts the undated events between the wrong neighbours
    in_table_order = timeline_layout.undated_spans(reordered)
    assert in_table_order[["after_year", "before_year"]].values.tolist() == [[2006.0, 1996.0],
                                                                             [1996.0, 1976.0]]
    edge = pd.DataFrame({"event_id": [1, 2], "year": [None, 2000]})
    assert np.isnan(timeline_layout.undated_spans(edge).after_year.iloc[0])


def test_timeline_grows_with_many_long_events_and_keeps_labels_apart_and_inside():
    history = helpers.load("sigma_history")
    rows = []
    for i in range(40):
        row = history.iloc[i % len(history)].copy()
        row["event_id"] = i + 1
        if pd.notna(row["year"]):
            row["year"] = 1976 + (i * 7) % 31
        if i == 3:
            row["event"] = "(E)-5-methoxy-1-[4-(trifluoromethyl)phenyl]pentan-1-one O-(2-aminoethyl)oxime"
        rows.append(row)
    many = pd.DataFrame(rows)
    fig, ax, labels, boxes = _timeline_labels(many, order_col="event_id")
    assert len(labels) == 40
    assert fig.get_figheight() > 6  # grown from 4 inches
    assert not _overlapping_pairs(boxes)
    inside = ax.bbox.padded(1)
    assert all(inside.x0 <= b.x0 and b.x1 <= inside.x1 and inside.y0 <= b.y0 and b.y1 <= inside.y1
               for b in boxes)


def test_timeline_needs_a_dated_event():
    with pytest.raises(ValueError, match="at least one event"):
        timelines.timeline(pd.DataFrame({"year": [None], "event": ["x"]}))


def test_pathway_size_grows_with_the_widest_layer_and_long_names():
    edges = helpers.load("sigma1_signalling")
    width, height = pathway_layout.pathway_size(edges, highlight="Sigma-1 receptor")
    # the shipped diagram, 13 boxes fanning out of the receptor, about as wide as a printed page
    assert 6.3 < width < 7.2 and 6 < height < 8
    more = pd.concat([edges, pd.DataFrame({"from_node": "Sigma-1 receptor",
                                           "to_node": [f"Target {i}" for i in range(10)]})])
    assert pathway_layout.pathway_size(more)[1] > height + 3
    long = edges.replace({"Neuroplasticity": "A very long name for a node " * 4})
    longer = pathway_layout.pathway_size(long)
    assert longer[0] > width or longer[1] > height


def test_diagram_prints_every_label_at_six_points_or_more_on_one_page():
    _, ax, _ = _drawn_diagram(mark=True)
    fig = ax.figure
    sizes = _printed_sizes(fig)
    assert {"Sigma-1\nreceptor", "15", "cites Figure 1"} <= set(sizes)
    small = {text: round(size, 2) for text, size in sizes.items() if size < 6.0}
    assert not small, f"printed below 6 pt: {small}"
    assert fig.get_figheight() * PRINT_WIDTH_IN / fig.get_figwidth() <= 9.5
    assert fig.get_figwidth() < 7.2  # printed at 93 % or more of its size


def test_diagram_is_laid_out_in_inches_and_fits_its_height():
    edges = helpers.load("sigma1_signalling")
    fig, ax = plt.subplots(figsize=(7, 3))  # too short: the diagram sets the height it needs
    diagrams.pathway_diagram(edges, ax=ax)
    fig.canvas.draw()
    inches = np.array([ax.bbox.width, ax.bbox.height]) / fig.dpi
    assert np.diff(ax.get_xlim())[0] == pytest.approx(inches[0], rel=1e-3)  # one unit, one inch
    assert abs(np.diff(ax.get_ylim())[0]) == pytest.approx(inches[1], rel=1e-3)
    assert fig.get_figheight() > 5
    boxes = _extents(ax, "node:", "patch")
    assert all(ax.bbox.contains(b.x0, b.y0) and ax.bbox.contains(b.x1, b.y1)
               for b in boxes.values())
    labels = [t.get_text() for t in ax.texts if t.get_gid() == "node-label"]
    assert "Antidepressants" in labels  # a long word is never broken inside


def test_diagram_marks_the_arrows_of_the_sentence_citing_figure_1():
    edges, ax, _ = _drawn_diagram(mark=True)
    marked = {p.get_gid()[len("mark:"):] for p in ax.patches
              if (p.get_gid() or "").startswith("mark:")}
    cites = edges[edges.cites]
    assert marked == {f"{a}->{b}" for a, b in zip(cites.from_node, cites.to_node, strict=True)}
    assert len(marked) == 6
    yellow = matplotlib.colors.to_rgba(diagrams.MARK_STYLE["color"])
    on_mark = sorted(int(t.get_text()) for t in ax.texts if t.get_gid() == "edge-number"
                     and t.get_bbox_patch().get_facecolor() == yellow)
    assert on_mark == sorted(cites.edge_id)
    key = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "cites Figure 1" in key
    plain_edges, plain_ax, _ = _drawn_diagram(mark=False)
    assert not [p for p in plain_ax.patches if (p.get_gid() or "").startswith("mark:")]
    assert "cites Figure 1" not in [t.get_text() for t in plain_ax.get_legend().get_texts()]
    with pytest.raises(ValueError, match="true or false"):
        diagrams.pathway_diagram(plain_edges.assign(cites="yes"), mark="cites")


def test_diagram_legend_sits_below_the_boxes():
    _, ax, _ = _drawn_diagram()
    renderer = ax.figure.canvas.get_renderer()
    legend = ax.get_legend().get_window_extent(renderer)
    assert legend.y1 <= ax.bbox.y0 + 1  # under the axes
    assert not [b for b in _extents(ax, "node:", "patch").values() if b.overlaps(legend)]
