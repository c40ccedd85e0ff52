"""Fidelity of notebook 01's datasets against an independent transcription of the newsletter.

The transcription below was typed from International Medical News, March 2007, p. 2 (Prof.
Maurice's and Prof. Hashimoto's sections, and the opening editorial), joining the printed line
breaks and dropping hyphens that only split a word at a line break. Tests never read the source folder.
"""

import re

import pytest

import helpers

NEWSLETTER = """
It is now recognised that sigma-1 receptors are involved in the modulation of the
N-methyl-D-aspartate (NMDA) type of glutamate receptor, and contribute to the anti-depressant
effect of the SSRIs.

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
antidepressant-like effects.

Preclinical studies previously revealed that sigma-1 receptor is more abundant in the dentate
gyrus of the hippocampal formation, facial nucleus and various thalamic and hypothalamic nuclei.

An international workshop, Amsterdam, November 17th 2006
"""


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


TEXT = _flat(NEWSLETTER)

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
    undated = history[history.year.isna()]
    assert len(undated) == 1 and "later" in undated.when_printed.iloc[0]
    assert "non-opiate" in undated.event.iloc[0] and "two subtypes" in undated.event.iloc[0]
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


def test_knockout_year_is_marked_unverified(history):
    unverified = history[history.citation_status == "unverified"]
    assert len(unverified) == 1
    row = unverified.iloc[0]
    assert row.year == 2003 and row.kind == "literature"
    assert "knockout" in row.event and "Langa" in row.citation and "unverified" in row.citation
    langa = [s for s in helpers.sources(history) if "Langa" in s["title"]]
    assert len(langa) == 1 and "UNVERIFIED" in langa[0]["title"]
    assert "unverified" in langa[0]["short"]


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


@pytest.mark.parametrize("name", ["sigma_history", "sigma1_signalling", "sigma1_distribution"])
def test_resources_carry_sources_and_are_not_illustrative(name):
    sources = helpers.sources(name)
    assert sources and sources[0]["role"] == "newsletter"
    assert all(s.get("short") and s.get("title") for s in sources)
    assert not helpers.is_illustrative(name)
