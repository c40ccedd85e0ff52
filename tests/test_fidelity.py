"""The datasets against the newsletter, value by value.

The expected values below are an independent transcription of the printed
newsletter (International Medical News, March 2007), made for this test and
never read back from the CSV files under test.
"""

import csv

import pytest

import helpers
from helpers.data import DATA_DIR

# Table 1, as printed: drug, Ki sigma-1, Ki sigma-2, printed "Ki ratio".
TABLE_1 = {
    "Fluvoxamine": ("SSRI", 36, 8_439, 234),
    "Sertraline": ("SSRI", 57, 5_297, 93),
    "S(+)Fluoxetine": ("SSRI", 120, 5_480, 46),
    "(±)Fluoxetine": ("SSRI", 240, 16_100, 68),
    "Citalopram": ("SSRI", 292, 5_410, 19),
    "Paroxetine": ("SSRI", 1_893, 22_870, 12),
    "Imipramine": ("TCA", 343, 2_107, 6),
    "Desipramine": ("TCA", 1_987, 11_430, 6),
}

# Hindmarch's section: alpha-1, antihistaminic (H1) and anticholinergic (muscarinic) Ki.
NEWSLETTER_OFF_TARGET = {
    ("Amitriptyline", "alpha-1"): ("=", 25),
    ("Sertraline", "alpha-1"): ("=", 400),
    ("Fluvoxamine", "alpha-1"): ("=", 7_500),
    ("Mirtazapine", "H1"): ("=", 0.5),
    ("Amitriptyline", "H1"): ("=", 20),
    ("Paroxetine", "H1"): ("=", 250),
    ("Fluvoxamine", "H1"): (">", 10_000),
    ("Amitriptyline", "muscarinic"): ("=", 1),
    ("Fluvoxamine", "muscarinic"): (">", 10_000),
}

# Goodman & Gilman's, 12th ed., Table 15-4 (nM).
GOODMAN_GILMAN = {
    ("Amitriptyline", "muscarinic"): ("=", 18), ("Amitriptyline", "H1"): ("=", 1.1),
    ("Amitriptyline", "alpha-1"): ("=", 27),
    ("Fluvoxamine", "muscarinic"): ("=", 24_000), ("Fluvoxamine", "H1"): (">", 100_000),
    ("Fluvoxamine", "alpha-1"): ("=", 7_700),
    ("Paroxetine", "muscarinic"): ("=", 108), ("Paroxetine", "H1"): ("=", 22_000),
    ("Paroxetine", "alpha-1"): (">", 100_000),
    ("Sertraline", "muscarinic"): ("=", 625), ("Sertraline", "H1"): ("=", 24_000),
    ("Sertraline", "alpha-1"): ("=", 370),
    ("Mirtazapine", "muscarinic"): ("=", 670), ("Mirtazapine", "H1"): ("=", 0.1),
    ("Mirtazapine", "alpha-1"): ("=", 500),
}


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
