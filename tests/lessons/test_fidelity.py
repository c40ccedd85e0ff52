"""The datasets against the newsletter, value by value.

The expected values are the shared, independent transcription of the printed
newsletter in ``tests/newsletter.py``, never read back from the CSV files under test.
"""

import csv
import json
import re
from pathlib import Path

import pytest
from newsletter import (
    GOODMAN_GILMAN,
    NB03_FIGURE_3,
    NB03_PASSAGES,
    NEWSLETTER_OFF_TARGET,
    NEWSLETTER_QUOTED_IN_02,
    TABLE_1,
    WORKSHOP,
)

import helpers
from helpers.data import DATA_DIR


def test_table_1_has_the_printed_drugs_in_printed_order():
    affinity = helpers.load("sigma_affinity")
    assert affinity.drug.tolist() == list(TABLE_1)


@pytest.mark.parametrize("drug", list(TABLE_1))
def test_table_1_values_exactly_as_printed(drug):
    affinity = helpers.load("sigma_affinity").set_index("drug")
    row = affinity.loc[drug]
    drug_class, ki1, ki2, ratio = TABLE_1[drug]
    assert (row.drug_class, row.ki_sigma1_nm, row.ki_sigma2_nm, row.printed_ratio) == (
        drug_class, ki1, ki2, ratio)


def test_table_1_raw_file_holds_no_rounded_or_reformatted_numbers():
    with (DATA_DIR / "sigma_affinity.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        _, ki1, ki2, ratio = TABLE_1[row["drug"]]
        assert (row["ki_sigma1_nm"], row["ki_sigma2_nm"], row["printed_ratio"]) == (
            str(ki1), str(ki2), str(ratio))


def test_24_numbers_of_table_1():
    assert helpers.load("sigma_affinity")[["ki_sigma1_nm", "ki_sigma2_nm", "printed_ratio"]].size == 24


def _by_source(source):
    receptors = helpers.load("receptor_affinity")
    rows = receptors[receptors.source == source]
    return {(r.drug, r.receptor): (r.qualifier, r.ki_nm) for r in rows.itertuples()}, rows


def test_newsletter_off_target_values_exactly_as_printed():
    values, rows = _by_source("newsletter")
    assert values == NEWSLETTER_OFF_TARGET
    assert set(rows.kind) == {"as-printed"}


def test_censored_values_are_bounds_not_numbers():
    values, _ = _by_source("newsletter")
    censored = {key for key, (qualifier, _) in values.items() if qualifier != "="}
    assert censored == {("Fluvoxamine", "H1"), ("Fluvoxamine", "muscarinic")}


def test_goodman_gilman_values():
    values, rows = _by_source("goodman_gilman_12e")
    assert values == GOODMAN_GILMAN
    assert set(rows.kind) == {"literature"}


def test_mirtazapine_misspelling_is_recorded_not_hidden():
    receptors = helpers.load("receptor_affinity")
    note = receptors[(receptors.drug == "Mirtazapine") & (receptors.source == "newsletter")].note.item()
    assert "mirtazepine" in note


def test_known_problems_of_table_1_are_kept_as_printed():
    affinity = helpers.load("sigma_affinity").set_index("drug")
    computed = helpers.selectivity_ratio(affinity.ki_sigma2_nm, affinity.ki_sigma1_nm)
    agrees = helpers.agrees_with_printed(affinity.printed_ratio, computed)
    assert agrees[~agrees].index.tolist() == ["(±)Fluoxetine"]
    inverted = helpers.selectivity_ratio(affinity.ki_sigma1_nm, affinity.ki_sigma2_nm)
    assert not helpers.agrees_with_printed(affinity.printed_ratio, inverted).any()


def test_rank_order_of_narita_1996():
    ranks = helpers.load("sigma1_rank_order").sort_values("rank").drug.tolist()
    assert ranks == ["Fluvoxamine", "Sertraline", "S(+)Fluoxetine", "(±)Fluoxetine", "Citalopram",
                     "Imipramine", "Paroxetine", "Desipramine"]



NOTEBOOK_02 = DATA_DIR.parent / "notebooks" / "02_ssri_affinities.ipynb"


def _quotations_in_notebook_02() -> list[str]:
    """Every passage of four words or more in double quotes, in the text a student reads."""
    import json
    import re

    notebook = json.loads(NOTEBOOK_02.read_text(encoding="utf-8"))
    texts = []
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":
            texts.append("".join(cell["source"]))
        for output in cell.get("outputs", []):
            texts.append("".join(output.get("text", "")))
            texts.append("".join(output.get("data", {}).get("text/markdown", "")))
    found = []
    for text in texts:
        flat = " ".join(text.replace("\\n", " ").split())
        for quoted in re.findall(r'"([^"]+)"', flat):
            found += [part.strip() for part in quoted.split("...") if len(part.split()) >= 4]
    return found


def test_notebook_02_quotes_the_newsletter_word_for_word():
    """Issue 15.6: a quotation is the newsletter's words, never a paraphrase."""
    quotations = _quotations_in_notebook_02()
    assert len(quotations) >= 6
    missing = [q for q in quotations if not any(q in sentence for sentence in NEWSLETTER_QUOTED_IN_02)]
    assert not missing, missing


def test_the_quoted_claims_of_notebook_02_are_quoted():
    quotations = " | ".join(_quotations_in_notebook_02())
    for words in ("the highest affinity, of current antidepressants, for the sigma-1 "
                  "receptor", "Unlike the tricyclic antidepressants, SSRIs possess moderate to high "
                  "affinity for sigma-1 sites", "may produce features of dementia"):
        assert words in quotations, words




def test_workshop_facts_as_printed():
    workshop = helpers.load("workshop_facts")
    assert {r.fact: (r.qualifier, r.value, r.as_printed) for r in workshop.itertuples()} == WORKSHOP
    with (DATA_DIR / "workshop_facts.csv").open(encoding="utf-8") as handle:
        rows = {row["fact"]: row for row in csv.DictReader(handle)}
    assert (rows["delegates"]["qualifier"], rows["delegates"]["value"]) == (">", "100")


# --------------------------------------------------------------------------- notebook 03
NB03 = Path(__file__).resolve().parents[2] / "notebooks" / "03_neurotrophic_hypothesis.ipynb"


def _in_transcription(quote: str) -> bool:
    """A quotation is in the transcription word for word (only its first letter's case may differ)."""
    printed = [*NB03_PASSAGES, *(part for panel in NB03_FIGURE_3.values() for part in panel)]
    text = " ".join(" ".join(printed).split())
    quote = " ".join(quote.split())
    return quote in text or (quote[:1].swapcase() + quote[1:]) in text


def _nb03_quotations() -> list[tuple[str, str]]:
    """Every double-quoted passage of notebook 03's Markdown (code spans left out), with its cell."""
    cells = json.loads(NB03.read_text(encoding="utf-8"))["cells"]
    found = []
    for cell in cells:
        if cell["cell_type"] != "markdown":
            continue
        text = re.sub(r"`[^`]*`", "", "".join(cell["source"]))
        text = re.sub(r"^> ?", "", text, flags=re.MULTILINE)  # blockquote markers
        found += [(cell["id"], quote) for quote in re.findall(r'"([^"]+)"', text)]
    return found


def test_nb03_quotations_are_word_for_word():
    quotations = _nb03_quotations()
    assert len(quotations) >= 20  # the blockquotes and the words quoted in the prose
    wrong = [f"cell {cid}: {' '.join(q.split())[:80]!r}" for cid, q in quotations if not _in_transcription(q)]
    assert not wrong, "quoted but not the newsletter's words:\n" + "\n".join(wrong)


def test_nb03_bdnf_sentence_is_quoted_not_paraphrased():
    quotes = [" ".join(q.split()) for _, q in _nb03_quotations()]
    assert ("direct or indirect (via the brain-derived neurotrophic factor system, BDNF) interactions "
            "with sigma-1 receptors") in quotes
    assert not any("directly or indirectly" in q or "via the BDNF system" in q for q in quotes)


def test_the_transcription_check_refuses_a_paraphrase():
    assert _in_transcription("suggesting that the effects of fluvoxamine are mediated via agonistic activity")
    assert _in_transcription("unpublished")  # "Unpublished" opens its sentence
    assert not _in_transcription("directly or indirectly (via the BDNF system)")
    assert not _in_transcription("fluvoxamine must act on the receptor")


def test_pcp_study_keeps_the_newsletter_words():
    study = helpers.load("pcp_study")
    for row in study.itertuples():
        assert _in_transcription(row.newsletter_words), row.group
    # the outcome verbs are the text's own: "improved", and "antagonised" (not "blocked")
    assert set(study.outcome_as_stated) == {"deficit", "improved", "not improved", "improvement antagonised"}


def test_figure_3_titles_and_captions_word_for_word():
    states = helpers.load("neuron_states").set_index("panel")
    assert {p: (r.panel_title_as_printed, r.caption_as_printed) for p, r in states.iterrows()} == NB03_FIGURE_3


def test_figure_2_is_not_described_as_a_bar_chart():
    # only our text copy of the newsletter is known: the printed figure's kind is not
    package = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        if resource["name"] in ("pc12_design", "pc12_concentrations"):
            texts = [resource["description"]] + [f.get("description", "") for f in resource["schema"]["fields"]]
            assert not any("bar" in re.findall(r"[a-z]+", t.lower()) for t in texts), resource["name"]
    prose = " ".join("".join(c["source"]) for c in json.loads(NB03.read_text(encoding="utf-8"))["cells"]
                     if c["cell_type"] == "markdown")
    assert "under the bars" not in prose and "under the figure's values" in prose
