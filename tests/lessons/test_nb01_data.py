"""Fidelity of notebook 01's datasets and quotations against an independent transcription.

The transcription below was typed from International Medical News, March 2007, p. 2 (Prof.
Maurice's and Prof. Hashimoto's sections, and the opening editorial), joining the printed line
breaks and dropping hyphens that only split a word at a line break. Tests never read the source folder.
"""

import json
import re
from pathlib import Path

import pandas as pd
import pytest

import helpers
from helpers.data import DATA_DIR

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "01_sigma_basics.ipynb"

# The editorial introduction on the first page (before Prof. Maurice's section).
EDITORIAL = """
Expanding Clinical Knowledge of Fluvoxamine was an international Solvay Pharmaceuticals-sponsored
workshop attended by over 100 delegates from around the world and held in the unique and
impressive 17th century domed Koepelchurch in central Amsterdam.

It is now recognised that sigma-1 receptors are involved in the modulation of the
N-methyl-D-aspartate (NMDA) type of glutamate receptor, and contribute to the anti-depressant
effect of the SSRIs.
"""

NEWSLETTER = EDITORIAL + """
Current knowledge on sigma receptors and their potential role in depression

Figure 1: Activation of the sigma-1 receptor

First described in 1976 as opiate receptors, sigma receptors were later determined to be a
distinct class of non-opiate receptors with at least two subtypes, sigma-1 and sigma-2. The
sigma-1 receptor was cloned in 1996, prompting the generation of sigma-1 knockout mice and
furthering the understanding of its molecular and cellular biology.

Although no endogenous ligand of sigma-1 receptors has yet been identified, the literature
currently points to the involvement of neurosteroids, such as dehydroepiandrosterone sulphate
or progesterone. A biphasic bell-shaped dose response curve occurs for sigma ligands,
suggesting that low doses of sigma ligands activate one subtype of sigma receptors for which
they have high affinity, whereas higher doses may activate another or other subtype(s) for
which they have a lower affinity. Acute activation of sigma-1 receptors triggers both
G-protein-dependent and -independent signal transduction pathways that modulate K+ and Ca2+
currents (Figure 1). Sigma-1 receptor ligands also modulate neurotransmitter release,
ionotropic (nicotinic) receptors, metabotropic (muscarinic, dopamine, norepinephrine, serotonin
and histamine) receptors and intracellular kinase and phospholipase pathways. Chronic sigma-1
receptor activation contributes to the formation and recomposition of membrane lipids rafts,
with direct consequences for neuroplasticity.

The mechanism of action of antidepressants may involve direct or indirect (via the
brain-derived neurotrophic factor system, BDNF) interactions with sigma-1 receptors.

Preclinical studies have also shown that the efficacy of sigma-1 receptor agonists is
dependent on endogenous neurosteroidal tonus. Circulating steroids appear to exert a tonic
modulatory effect on the sigma-1 receptor and therefore on sigma-1 receptor-mediated
antidepressant-like effects. It has thus been proposed that the potency of sigma-1 agonists as
antidepressants is highly dependent on endogenous neurosteroidal tonus. Depressed patients such
as the elderly with decreased levels of neurosteroids, which would be tonically inhibiting sigma
receptors to a lesser degree, might be particularly sensitive to such treatments.

Preclinical studies previously revealed that sigma-1 receptor is more abundant in the dentate
gyrus of the hippocampal formation, facial nucleus and various thalamic and hypothalamic nuclei.

An international workshop, Amsterdam, November 17th 2006
"""


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


TEXT = _flat(NEWSLETTER)
EDITORIAL_TEXT = _flat(EDITORIAL)

# Every arrow of Figure 1 the text names: (from, to, a word of the sentence that names the link)
EXPECTED_ARROWS = {
    ("DHEA sulphate", "Sigma-1 receptor"): "dehydroepiandrosterone sulphate",
    ("Progesterone", "Sigma-1 receptor"): "progesterone",
    ("Circulating steroids", "Sigma-1 receptor"): "tonic modulatory effect",
    ("Antidepressants", "Sigma-1 receptor"): "direct",
    ("Antidepressants", "BDNF system"): "brain-derived neurotrophic factor system",
    ("BDNF system", "Sigma-1 receptor"): "indirect",
    ("Sigma-1 receptor", "G-protein-dependent pathways"): "G-protein-dependent",
    ("Sigma-1 receptor", "G-protein-independent pathways"): "-independent",
    ("G-protein-dependent pathways", "K+ currents"): "K+",
    ("G-protein-dependent pathways", "Ca2+ currents"): "Ca2+",
    ("G-protein-independent pathways", "K+ currents"): "K+",
    ("G-protein-independent pathways", "Ca2+ currents"): "Ca2+",
    ("Sigma-1 receptor", "Neurotransmitter release"): "neurotransmitter release",
    ("Sigma-1 receptor", "Nicotinic receptors (ionotropic)"): "ionotropic (nicotinic)",
    ("Sigma-1 receptor", "NMDA glutamate receptor (ionotropic)"):
        "(NMDA) type of glutamate receptor",
    ("Sigma-1 receptor", "Muscarinic receptors (metabotropic)"): "metabotropic (muscarinic",
    ("Sigma-1 receptor", "Dopamine receptors (metabotropic)"): "dopamine",
    ("Sigma-1 receptor", "Norepinephrine receptors (metabotropic)"): "norepinephrine",
    ("Sigma-1 receptor", "Serotonin receptors (metabotropic)"): "serotonin",
    ("Sigma-1 receptor", "Histamine receptors (metabotropic)"): "histamine",
    ("Sigma-1 receptor", "Intracellular kinase pathways"): "intracellular kinase",
    ("Sigma-1 receptor", "Intracellular phospholipase pathways"): "phospholipase pathways",
    ("Sigma-1 receptor", "Membrane lipid rafts"): "Chronic sigma-1 receptor activation",
    ("Membrane lipid rafts", "Neuroplasticity"): "direct consequences for neuroplasticity",
}


@pytest.fixture(scope="module")
def edges():
    return helpers.load("sigma1_signalling")


@pytest.fixture(scope="module")
def history():
    return helpers.load("sigma_history")


@pytest.fixture(scope="module")
def distribution():
    return helpers.load("sigma1_distribution")


def test_every_arrow_the_text_names_is_drawn_and_no_other(edges):
    drawn = set(zip(edges.from_node, edges.to_node, strict=True))
    assert drawn == set(EXPECTED_ARROWS)
    assert not edges.duplicated(["from_node", "to_node"]).any()
    assert list(edges.edge_id) == list(range(1, len(edges) + 1))


def test_every_quote_is_a_whole_sentence_of_the_newsletter(edges):
    for row in edges.itertuples():
        quote = _flat(row.quote)
        assert quote in TEXT, f"arrow {row.edge_id}: quote not in the newsletter"
        assert quote[0].isupper() and quote.endswith("."), f"arrow {row.edge_id}: not a sentence"


def test_every_quote_names_its_arrow(edges):
    for row in edges.itertuples():
        word = EXPECTED_ARROWS[(row.from_node, row.to_node)]
        assert word.lower() in row.quote.lower(), f"arrow {row.edge_id}: {word!r} not in its quote"


def test_acute_chronic_and_direction_follow_the_text(edges):
    by_arrow = edges.set_index(["from_node", "to_node"])
    acute = set(by_arrow.index[by_arrow.activation == "acute"])
    assert acute == {k for k, w in EXPECTED_ARROWS.items() if "G-protein" in k[0] + k[1]}
    assert set(by_arrow.index[by_arrow.activation == "chronic"]) == {
        ("Sigma-1 receptor", "Membrane lipid rafts"), ("Membrane lipid rafts", "Neuroplasticity")}
    assert set(by_arrow.index[by_arrow.effect_class == "interaction"]) == {
        ("Antidepressants", "Sigma-1 receptor"), ("Antidepressants", "BDNF system"),
        ("BDNF system", "Sigma-1 receptor")}
    assert set(by_arrow.index[by_arrow.effect_class == "candidate ligand"]) == {
        ("DHEA sulphate", "Sigma-1 receptor"), ("Progesterone", "Sigma-1 receptor")}


def test_history_years_as_printed(history):
    printed = history[history.kind == "as-printed"]
    assert {int(y) for y in printed.year.dropna()} == {1976, 1996, 2006}
    for row in printed.dropna(subset=["year"]).itertuples():
        assert str(row.year) in row.newsletter_quote
        assert _flat(row.newsletter_quote) in TEXT
    undated = history[history.year.isna()].sort_values("event_id")
    assert len(undated) == 2
    later, knockout = undated.itertuples()
    assert "later" in later.when_printed
    assert "non-opiate" in later.event and "at least two subtypes" in later.event
    assert "knockout" in knockout.event and "no year given" in knockout.when_printed
    for row in undated.itertuples():  # the newsletter's own sentence, not a citation, stands behind them
        assert row.kind == "as-printed" and _flat(row.newsletter_quote) in TEXT
    workshop = history[history.date.notna()]
    assert workshop.date.tolist() == ["2006-11-17"]


def test_history_citations(history):
    cites = dict(zip(history.year.astype("string").fillna("none") + " " + history.event,
                     history.citation.fillna(""), strict=True))
    text = " | ".join(f"{k}: {v}" for k, v in cites.items())
    assert "Martin WR" in text and "1976;197:517-532" in text
    assert "Hanner M" in text and "1996;93(15):8072-8077" in text
    assert "Kekuda R" in text and "1996;229:553-558" in text
    hanner = history[history.citation.fillna("").str.startswith("Hanner")]
    assert hanner.doi_url.tolist() == ["https://doi.org/10.1073/pnas.93.15.8072"]
    assert hanner.year.tolist() == [1996] and "guinea pig" in hanner.citation.iloc[0]


def test_knockout_mice_keep_the_newsletters_silence_on_their_year(history):
    # "Langa F, et al. Eur J Neurosci 2003" could not be verified (no journal record or DOI
    # found): the year and the citation are gone, and the data say why.
    knockout = history[history.event.str.contains("knockout")]
    assert len(knockout) == 1
    row = knockout.iloc[0]
    assert row.year is pd.NA or pd.isna(row.year)
    assert pd.isna(row.citation) and pd.isna(row.doi_url) and row.kind == "as-printed"
    assert "prompting the generation of sigma-1 knockout mice" in row.newsletter_quote
    assert (history.citation_status == "checked").all()
    assert not [s for s in helpers.sources(history) if "Langa" in s["title"]]
    description = helpers.resource("sigma_history")["description"]
    assert "Langa" in description and "removed" in description and "checked on" in description


def test_human_cloning_is_literature_not_newsletter(history):
    human = history[history.event.str.contains("Human")]
    assert len(human) == 1
    assert human.kind.iloc[0] == "literature" and human.newsletter_quote.isna().all()


def test_distribution_regions(distribution):
    sentence = ("Preclinical studies previously revealed that sigma-1 receptor is more abundant in "
                "the dentate gyrus of the hippocampal formation, facial nucleus and various "
                "thalamic and hypothalamic nuclei.")
    assert sentence in TEXT
    assert set(distribution.region) == {"Dentate gyrus", "Facial nucleus", "Thalamic nuclei",
                                        "Hypothalamic nuclei"}
    assert (distribution.quote == sentence).all()
    assert (distribution.relative_abundance == "more abundant").all()
    for phrase in distribution.as_printed:
        for part in phrase.split(" [...] "):
            assert part in sentence


@pytest.mark.parametrize("name", ["sigma_history", "sigma1_signalling", "sigma1_distribution",
                                  "workshop_facts"])
def test_resources_carry_sources_and_are_not_illustrative(name):
    sources = helpers.sources(name)
    assert sources and sources[0]["role"] == "newsletter"
    assert all(s.get("short") and s.get("title") for s in sources)
    assert not helpers.is_illustrative(name)


# --------------------------------------------------------------------------- Figure 1's framing

def test_each_arrow_says_where_in_the_newsletter_its_sentence_is(edges):
    for row in edges.itertuples():
        in_editorial = _flat(row.quote) in EDITORIAL_TEXT
        assert in_editorial == (row.section == "editorial introduction"), f"arrow {row.edge_id}"
    intro = edges[edges.section == "editorial introduction"]
    assert intro.to_node.tolist() == ["NMDA glutamate receptor (ionotropic)"]


def test_one_sentence_cites_figure_1_and_it_gives_the_current_arrows(edges):
    assert TEXT.count("(Figure 1)") == 1
    cites = edges[edges.quote.str.contains("(Figure 1)", regex=False)]
    assert set(cites.edge_id) == set(range(7, 13))
    assert set(cites.to_node) == {"G-protein-dependent pathways", "G-protein-independent pathways",
                                  "K+ currents", "Ca2+ currents"}


def test_sigma1_signalling_says_our_copy_lacks_the_printed_drawing():
    resource = helpers.resource("sigma1_signalling")
    description = resource["description"]
    assert "only as a title" not in description
    assert "not its drawing" in description and "reconstruction from the text" in description
    assert "editorial introduction" in description and "arrows 7-12" in description
    short = resource["sources"][0]["short"]
    assert "editorial introduction" in short and "drawing not in our copy" in short


# --------------------------------------------------------------------------- the workshop

def test_workshop_delegates_are_a_lower_bound_as_printed():
    workshop = helpers.load("workshop_facts")
    row = helpers.lookup(workshop, fact="delegates")
    assert (row.value, row.qualifier, row.unit) == (100, ">", "delegates")
    assert row.as_printed == "over 100 delegates" and row.as_printed in TEXT
    assert _flat(row.quote) in EDITORIAL_TEXT
    assert helpers.ki_text(row.value, row.qualifier) == "> 100"
    raw = (DATA_DIR / "workshop_facts.csv").read_text(encoding="utf-8").splitlines()
    assert raw[1].startswith("delegates,100,>,")  # the bound and its qualifier, not a rounded count


def _outputs(notebook):
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            yield "".join(data.get("text/markdown", data.get("text/plain", output.get("text", ""))))


def test_the_lesson_introduces_the_workshop_with_more_than_100_delegates():
    notebook = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    outputs = list(_outputs(notebook))
    said = [text for text in outputs if text.startswith("**The workshop.**")]
    assert len(said) == 1
    assert "**> 100** delegates" in said[0] and "over 100 delegates" in said[0]
    assert "lower bound" in said[0] and "17 November 2006" in said[0]
    # nowhere the bare number: every "100" before "delegates" is "over 100" or "> 100"
    for text in outputs:
        for found in re.finditer(r"(\S*\s*)100\**\s+delegates", text):
            assert found.group(1).strip(" *\"'") in ("over", ">"), found.group(0)


# --------------------------------------------------------------------------- quotations

# Phrases the lesson puts in quotation marks that are not the newsletter's: values to type,
# the edge list's own wording, and scare quotes.
NOT_QUOTATIONS = {"../my-data", "250", "0, 1, 4", "its ligands modulate", "more drug",
                  "less effect"}


def _quotations(notebook):
    for number, cell in enumerate(notebook["cells"], start=1):
        if cell["cell_type"] != "markdown":
            continue
        text = re.sub(r"\n>\s?", " ", "".join(cell["source"]))
        for quoted in re.findall(r'"([^"]+)"', re.sub(r"\s+", " ", text)):
            yield number, quoted


def test_every_quotation_in_the_lesson_is_word_for_word():
    notebook = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    checked = 0
    for number, quoted in _quotations(notebook):
        if quoted in NOT_QUOTATIONS:
            continue
        # "[...]" marks words left out, and *...* our emphasis: every other word as printed, in order
        parts = [part.strip().replace("*", "") for part in quoted.split("[...]")]
        position = 0
        for part in filter(None, parts):
            found = TEXT.lower().find(part.lower(), position)
            assert found >= 0, f"cell {number}: {part!r} is not word for word in the newsletter"
            assert part[1:] in TEXT[found:found + len(part)], f"cell {number}: {part!r} (case)"
            position = found + len(part)
        checked += 1
    assert checked >= 12


def test_the_bdnf_sentence_is_quoted_word_for_word():
    notebook = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    bdnf = [q for _, q in _quotations(notebook) if "BDNF" in q]
    assert bdnf == ["direct or indirect (via the brain-derived neurotrophic factor system, BDNF) "
                    "interactions"]
    assert bdnf[0] in TEXT
