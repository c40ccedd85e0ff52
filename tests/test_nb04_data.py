"""Fidelity of notebook 04's datasets against an independent transcription of the newsletter.

The passages below are this test's own transcription of Prof. Hindmarch's section of the
March 2007 International Medical News (line-break hyphens removed, nothing else changed:
'dependant', 'no affect', 'mirtazepine' and 'ki' are as printed).
"""

import re

import pytest

import helpers

NEWSLETTER = re.sub(r"\s+", " ", """
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
