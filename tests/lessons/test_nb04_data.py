"""Fidelity of notebook 04's datasets against an independent transcription of the newsletter.

The passages below are this test's own transcription of Prof. Hindmarch's section of the
March 2007 International Medical News (line-break hyphens removed, nothing else changed:
'dependant', 'no affect', 'mirtazepine' and 'ki' are as printed).
"""

import json
import re
from pathlib import Path

import pytest

import helpers

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "04_behavioural_toxicity.ipynb"

NEWSLETTER = re.sub(r"\s+", " ", """
Cognition and antidepressants: beyond behavioural toxicity.
Figure 5: Depression is accompanied by dysfunction of the neural network
(Adapted from Boyer P, CINP, PARIS 2004).
Figure 6: Cognitive effects and anticholinergic activity.
There is substantial evidence of neural atrophy in major depression and this can persist long
after the pathology has resolved.
The problem is compounded by the observation that several antidepressant drugs have intrinsic
neurotoxic potential. These drugs can, via direct pharmacological action on alpha-1,
anti-cholinergic and anti-histaminic receptors, cause significant neural atrophy. The resulting
behavioural toxicity is not only counter-therapeutic but also increases the chance of cognitive
failure and/or accident in patients using them.
This impairment of cognitive function is most likely a direct consequence of the structural
changes caused by neural atrophy that occurs particularly in the hippocampus, amygdala and
prefrontal cortex in patients with depression, and is evident by PET imaging (Figure 5).
Loss of cognitive function in depression may manifest in several ways including impaired memory,
decision making, divided attention (atrophy to the prefrontal cortex), increased fear and
aggression (amygdala) and reduced contextual memory and memory storage (hippocampus).
Moreover, mild cognitive impairment may lead to dementia. It has recently been estimated that
60 – 65% of people with mild cognitive impairment develop clinical dementia during their life.
Progression from mild cognitive impairment to dementia appears time dependant, occurring within
the initial 18 months of onset (Busse A, et al. 2006).
For example, potent alpha-1 receptor blockade by tricyclic antidepressants (amitriptyline has a
Ki for alpha-1 blockade of 25) is associated with an increased incidence of falls and poor
sensory-motor coordination. The SSRIs typically have a much lower alpha-1 receptor affinity; the
Ki for sertraline is 400 and that for fluvoxamine is 7,500.
Potent antihistaminic activity causes CNS sedation that may result in meaningful cognitive
impairment (mirtazepine Ki = 0.5; amitriptyline Ki = 20; paroxetine ki = 250; fluvoxamine
Ki > 10,000). Potent anticholinergic activity may produce features of dementia including
cognitive impairment and memory loss (amitriptyline Ki = 1; fluvoxamine Ki > 10,000).
Comparative effects of antidepressants on critical flicker frequency (CFF) as a function of
anticholinergic activity are illustrated in Figure 6. In contrast to other antidepressants,
fluvoxamine, with relatively low anticholinergic activity, has a neutral impact on CFF.
Antidepressants can broadly be classified on the basis of their effects on cognitive function.
Whilst many agents may be described as causing either excitation or sedation, others may have
neutral or even cognitive enhancing properties. Based on clinical circumstances, it is therefore
good practice to avoid using drugs that possess behavioural toxicity and these include the
tricyclics, noradrenergic and specific serotonergic antidepressants (NASSAs) and some SSRIs. In
this context it is valuable to consider the fact that ligands of sigma-1 receptors not only
possess anti-depressant activity but that they can also improve cognitive function and learning
and initiate or promote neurogenesis.
Based on currently available data, fluvoxamine appears to be neutral as regards to cognitive
effects, with studies demonstrating it has no affect on choice reaction time (CRT, a reliable
indicator of psychomotor retardation; Figure 7a) (Hindmarch, 1995). Moreover, fluvoxamine may
actually aid learning. In a double-blind, randomised study, fluvoxamine significantly improved
performance in the digit symbol substitution test (p = 0.02 vs baseline; Figure 7b)
(Perez & Ashford, 1990).
""").strip()

# This test's own transcription of the abstracts the lesson quotes (from the records named in
# each source's "checked" note in data/datapackage.json).
ABSTRACTS = re.sub(r"\s+", " ", """
Hale & Pinninti 1995: Measures of critical flicker fusion (CFF), choice reaction time (CRT),
subjective sedation, and anticholinergic side-effect score were made. Tricyclic antidepressants
(TCAs) produce a significant deficit in critical flicker fusion threshold compared both to
controls and SSRIs. Anticholinergic side effects were strongly related to CFF, less so to visual
analogue sedating scales and not significantly to CRT.
Perez & Ashford 1990: Data from 63 patients (30 received fluvoxamine) were analyzed. Sedative
effects were assessed using the Leeds Sleep Evaluation Questionnaire and the Digit Symbol
Substitution Test. Similarly, the mianserin group performed less well on the Digit Symbol
Substitution Test.
Busse et al. 2006: Approximately 60–65% of people with mild cognitive impairment develop clinical
dementia during their life. Progression from mild cognitive impairment to dementia appears to be
time dependent, occurring primarily within the initial 18 months.
""").strip()

MINE = ["side_effect_receptors", "depression_brain_regions", "cff_effects", "cognitive_tests",
        "mci_progression", "cognitive_classification"]


def newsletter_rows(frame):
    return frame[frame["source"] == "newsletter"] if "source" in frame else frame


@pytest.mark.parametrize(("name", "column"), [
    ("side_effect_receptors", "newsletter_sentence"),
    ("depression_brain_regions", "newsletter_sentence"),
    ("cff_effects", "statement"),
    ("cognitive_tests", "statement"),
    ("mci_progression", "wording"),
    ("cognitive_classification", "newsletter_sentence"),
])
def test_every_newsletter_quote_is_verbatim(name, column):
    for text in newsletter_rows(helpers.load(name))[column]:
        assert text in NEWSLETTER, f"{name}: not in the newsletter as printed: {text!r}"


def test_side_effect_consequences_as_printed():
    frame = helpers.load("side_effect_receptors").set_index("receptor")
    assert frame.consequence_as_printed.to_dict() == {
        "alpha-1": "an increased incidence of falls and poor sensory-motor coordination",
        "H1": "CNS sedation that may result in meaningful cognitive impairment",
        "muscarinic": "features of dementia including cognitive impairment and memory loss",
    }
    assert frame.link_as_printed.to_dict() == {
        "alpha-1": "is associated with", "H1": "causes", "muscarinic": "may produce"}
    for receptor, row in frame.iterrows():
        assert row.blockade_as_printed.lower() in row.newsletter_sentence.lower(), receptor
        assert row.link_as_printed in row.newsletter_sentence, receptor
        assert row.consequence_as_printed in row.newsletter_sentence, receptor


def test_side_effect_receptors_match_receptor_affinity():
    receptors = set(helpers.load("receptor_affinity").receptor)
    assert set(helpers.load("side_effect_receptors").receptor) == receptors


def test_brain_regions_as_stated():
    frame = helpers.load("depression_brain_regions")
    stated = frame[frame.attribution == "stated"]
    assert set(zip(stated.region, stated.function, stated.change, strict=True)) == {
        ("prefrontal cortex", "decision making", "impaired"),
        ("prefrontal cortex", "divided attention", "impaired"),
        ("amygdala", "fear", "increased"),
        ("amygdala", "aggression", "increased"),
        ("hippocampus", "contextual memory", "reduced"),
        ("hippocampus", "memory storage", "reduced"),
    }
    ambiguous = frame[frame.attribution == "ambiguous"]
    assert list(ambiguous.function) == ["memory"]


def test_figure5_credit_cited_as_printed():
    titles = " ".join(s["title"] for s in helpers.sources("depression_brain_regions"))
    assert "Adapted from Boyer P, CINP, PARIS 2004" in titles


def test_cff_effects_hold_no_numbers():
    frame = helpers.load("cff_effects")
    fields = helpers.resource("cff_effects")["schema"]["fields"]
    assert all(f["type"] == "string" for f in fields), "no per-drug CFF values exist"
    stated = frame.set_index(["subject", "source"]).cff_effect
    assert stated["fluvoxamine", "newsletter"] == "neutral"
    assert stated["tricyclic antidepressants", "hale_pinninti_1995"] == "impairs"
    assert not helpers.is_illustrative("cff_effects")


def test_cognitive_tests_report_only_the_printed_p_value():
    frame = helpers.load("cognitive_tests")
    numeric = [f["name"] for f in helpers.resource("cognitive_tests")["schema"]["fields"]
               if f["type"] in ("number", "integer")]
    assert numeric == ["p_value"]
    with_p = frame[frame.p_value.notna()]
    assert len(with_p) == 1
    row = with_p.iloc[0]
    assert (row.panel, row.drug, row.result, row.p_value) == ("7b", "fluvoxamine", "improved", 0.02)
    assert row.p_value_as_printed == "p = 0.02 vs baseline"
    crt = frame[frame.panel == "7a"].iloc[0]
    assert (crt.drug, crt.result) == ("fluvoxamine", "no effect")
    assert "no affect on choice reaction time" in crt.statement  # as printed


def test_perez_ashford_population():
    titles = " ".join(s["title"] for s in helpers.sources("cognitive_tests"))
    for fact in ("Perez A, Ashford JJ", "Curr Med Res Opin 1990", "6 weeks", "63 adult outpatients",
                 "mean age 41.6"):
        assert fact in titles


def test_mci_is_a_range_not_a_point():
    frame = helpers.load("mci_progression").set_index(["quantity", "source"])
    for source in ("newsletter", "busse_2006"):
        share = frame.loc[("people with MCI who develop dementia", source)]
        assert (share.low, share.high, share.unit) == (60, 65, "percent")
        window = frame.loc[("time window of progression", source)]
        assert (window.low, window.high, window.unit) == (0, 18, "months")
    assert frame.loc[("people with MCI who develop dementia", "busse_2006"), "wording"].startswith(
        "Approximately 60–65%")
    assert "primarily" in frame.loc[("time window of progression", "busse_2006"), "wording"]


def test_busse_citation():
    (busse,) = [s for s in helpers.sources("mci_progression") if s["role"] == "original"]
    assert "Busse A, Angermeyer MC, Riedel-Heller SG" in busse["title"]
    assert "Br J Psychiatry 2006;189:399-404" in busse["title"]
    assert busse["path"] == "https://doi.org/10.1192/bjp.bp.105.014779"


def test_figure6_sources():
    hale = next(s for s in helpers.sources("cff_effects") if "Hale" in s["title"])
    assert "J Psychopharmacol 1995;9(3):258-266" in hale["title"]
    assert hale["path"] == "https://doi.org/10.1177/026988119500900309"
    hindmarch = next(s for s in helpers.sources("cognitive_tests") if "Hindmarch I" in s["title"])
    assert "Int Clin Psychopharmacol 1995;9 Suppl 4" in hindmarch["title"]


def test_classification_as_printed():
    frame = helpers.load("cognitive_classification")
    toxic = frame[frame.category == "behavioural toxicity"].subject_as_printed
    assert list(toxic) == ["the tricyclics",
                           "noradrenergic and specific serotonergic antidepressants (NASSAs)",
                           "some SSRIs"]
    named = frame[frame.subject_type != "none named"]
    assert set(zip(named.category, named.subject_as_printed, strict=True)) >= {
        ("neutral", "fluvoxamine"), ("cognitive enhancing", "fluvoxamine")}
    assert set(frame[frame.subject_type == "none named"].category) == {"excitation", "sedation"}


@pytest.mark.parametrize("name", MINE)
def test_no_illustrative_or_derived_values(name):
    assert helpers.kinds(name) <= {"as-printed", "literature"}


def test_literature_statements_are_verbatim_from_the_abstracts():
    for name, column in (("cff_effects", "statement"), ("cognitive_tests", "statement"),
                         ("mci_progression", "wording")):
        frame = helpers.load(name)
        for text in frame[frame.source != "newsletter"][column]:
            assert text in ABSTRACTS, f"{name}: not in the abstract as transcribed: {text!r}"


def test_claim_labels_keep_every_verb_of_the_text():
    """Issue 15: the receptor panels keep 'is associated with', 'causes ... may result in',
    'may produce' (the strength of each claim), not one arrow for all three."""
    frame = helpers.load("side_effect_receptors").set_index("receptor")
    verbs = {"alpha-1": ["is associated with"], "H1": ["causes", "may result in"],
             "muscarinic": ["may produce"]}
    for receptor, said in verbs.items():
        row = frame.loc[receptor]
        for verb in said:
            assert verb in row.claim_label and verb in row.newsletter_sentence, (receptor, verb)
        assert row.claim_label.startswith(row.link_as_printed)


def test_classification_has_four_categories_and_a_separate_list_to_avoid():
    frame = helpers.load("cognitive_classification")
    parts = frame.groupby("part", sort=False).category.agg(lambda c: list(dict.fromkeys(c)))
    assert parts.to_dict() == {
        "classification": ["excitation", "sedation", "neutral", "cognitive enhancing"],
        "drugs to avoid": ["behavioural toxicity"]}
    avoid = frame[frame.part == "drugs to avoid"]
    assert all("good practice to avoid using drugs that possess behavioural toxicity" in s
               for s in avoid.newsletter_sentence)


# --------------------------------------------------------------------------- sources checked


def _source(name, key):
    (entry,) = [s for s in helpers.sources(name) if s.get("id") == key]
    return entry


@pytest.mark.parametrize("name", ["cff_effects", "cognitive_tests"])
def test_hindmarch_1995_checked_with_both_page_ranges(name):
    hindmarch = _source(name, "hindmarch_1995")
    assert hindmarch["title"].startswith(
        "Hindmarch I. The behavioural toxicity of the selective serotonin reuptake inhibitors. "
        "Int Clin Psychopharmacol 1995;9 Suppl 4:13-17 (PubMed; 13-18 in the Crossref record).")
    assert hindmarch["path"] == "https://doi.org/10.1097/00004850-199501004-00002"
    for fact in ("PMID 7622818", "13-17", "13-18", "Crossref", "bib-bvb.de"):
        assert fact in hindmarch["checked"], fact


def test_perez_ashford_and_hale_pinninti_checked_word_for_word():
    perez = _source("cognitive_tests", "perez_ashford_1990")
    for sentence in ("Data from 63 patients (30 received fluvoxamine) were analyzed.",
                     "Sedative effects were assessed using the Leeds Sleep Evaluation "
                     "Questionnaire and the Digit Symbol Substitution Test.",
                     "Similarly, the mianserin group performed less well on the Digit Symbol "
                     "Substitution Test."):
        assert sentence in perez["checked"] and sentence in ABSTRACTS
    assert "mean age 41.6" in perez["checked"] and "CD006114" in perez["checked"]
    hale = _source("cff_effects", "hale_pinninti_1995")
    (tca,) = helpers.load("cff_effects").query("source == 'hale_pinninti_1995'").statement
    assert tca in hale["checked"]
    assert "Anticholinergic side effects were strongly related to CFF" in hale["checked"]
    assert "PMID 22297766" in hale["checked"]
    busse = _source("mci_progression", "busse_2006")
    assert "Cambridge Core" in busse["checked"] and "Neurology 2006;67:2176-2185" in busse["checked"]


@pytest.mark.parametrize("name", ["receptor_affinity", "cff_effects", "cognitive_tests",
                                  "mci_progression"])
def test_every_source_key_of_the_rows_has_a_citation(name):
    labels = helpers.source_labels(name)
    assert set(helpers.load(name).source) <= set(labels)
    assert all("_" not in label for label in labels.values())


def test_references_print_citations_not_keys():
    refs = helpers.references("cff_effects", "cognitive_tests", "mci_progression",
                              "depression_brain_regions")
    text = str(refs) + refs._repr_markdown_()
    for key in ("[newsletter]", "[original]", "[literature]", "[figure credit]", "busse_2006",
                "hale_pinninti_1995", "perez_ashford_1990", "hindmarch_1995"):
        assert key not in text
    assert "https://doi.org/10.1177/026988119500900309 (further literature)" in text
    assert "https://doi.org/10.1192/bjp.bp.105.014779 (original publication)" in text


# --------------------------------------------------------------------------- the lesson's words


def _markdown():
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]


def _plain(text):
    return re.sub(r"\s+", " ", text.replace("**", "").replace("*", "")).strip()


def test_block_quotations_are_word_for_word():
    quoted = 0
    for cell in _markdown():
        block = " ".join(line[1:].strip() for line in cell.splitlines() if line.startswith(">"))
        if block:
            assert block.startswith('"') and block.endswith('"'), block[:60]
            assert _plain(block[1:-1]) in NEWSLETTER, block[:80]
            quoted += 1
    assert quoted == 6


NOT_QUOTATIONS = {  # words in quotation marks that quote nobody: a gloss, an exercise's claim
    "the text's reasoning points to this risk",
    "Figure 7b shows fluvoxamine improved learning by a large amount in elderly patients.",
}


def test_inline_quotations_are_word_for_word():
    """Every phrase of three words or more in quotation marks is in the newsletter or an abstract
    as transcribed here (a capital letter at a sentence's start aside; '...' marks a cut)."""
    sources = (NEWSLETTER + " " + ABSTRACTS).lower()
    checked = 0
    for cell in _markdown():
        body = _plain("\n".join(line for line in cell.splitlines() if not line.startswith(">")))
        for quote in re.findall(r'"([^"]+)"', body):
            if len(quote.split()) < 3 or quote in NOT_QUOTATIONS:
                continue
            for piece in quote.split(" ... "):
                assert piece.lower() in sources, quote
            checked += 1
    assert checked >= 15


def test_figure_7_and_p_value_worded_as_the_sources_allow():
    text = _plain(" ".join(_markdown()))
    assert "The figure's values cannot be rebuilt" in text
    assert "bars" not in text
    assert "unlikely to be chance" not in text
    assert ('says how often a change from baseline at least this large would be seen if the true '
            'scores had not changed at all') in text
    assert "gives no p value for the DSST" in text  # the abstract's silence on the p value
    assert "four categories" in text and "separate list" in text
