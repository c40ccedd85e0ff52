"""The newsletter as printed: one transcription that every fidelity test shares.

Typed by hand from the printed newsletter (International Medical News, March 2007,
"Fluvoxamine, sigma-1 receptors and SSRIs" workshop report) for the tests, never
read from ``data/`` or from the project's text copy of the source: a test compares
what the datasets and notebooks hold with these values, so a slip in either shows.
Line-end hyphens of the printed columns are rejoined ("affini-/ty" is "affinity");
superscripts are written out (``10^3``).

The values of other sources the datasets cite (Goodman & Gilman's) are here too,
marked as such, so that no test keeps a second copy.
"""

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


# Sentences of the newsletter that notebook 02 quotes, word for word.
NEWSLETTER_QUOTED_IN_02 = [
    # Prof. Kenji Hashimoto's section
    "Amongst the SSRIs, fluvoxamine has the highest affinity at the sigma-1 receptor (Table 1).",
    "Table 1: In vitro affinity of various agents for rat sigma-1 binding sites",
    "Ki ratio (sigma-1/sigma-2)",
    # Prof. Tangui Maurice's section
    "Unlike the tricyclic antidepressants, SSRIs possess moderate to high affinity for sigma-1 sites "
    "(see the next presentation for comparative affinity data).",
    # Prof. Ian Hindmarch's section
    "For example, potent alpha-1 receptor blockade by tricyclic antidepressants (amitriptyline has a "
    "Ki for alpha-1 blockade of 25) is associated with an increased incidence of falls and poor "
    "sensory-motor coordination.",
    "Potent antihistaminic activity causes CNS sedation that may result in meaningful cognitive "
    "impairment (mirtazepine Ki = 0.5; amitriptyline Ki = 20; paroxetine ki = 250; fluvoxamine Ki > "
    "10,000).",
    "Potent anticholinergic activity may produce features of dementia including cognitive impairment "
    "and memory loss (amitriptyline Ki = 1; fluvoxamine Ki > 10,000).",
    "These observations likely reflect the fact that fluvoxamine has the highest affinity, of current "
    "antidepressants, for the sigma-1 receptor.",
]


# The editorial introduction: "attended by over 100 delegates" (a bound, never the number 100).
WORKSHOP = {"delegates": (">", 100, "over 100 delegates")}


# The newsletter passages that notebook 03 quotes or stores.
NB03_PASSAGES = (
    "Sigma-1 receptors and SSRIs: clinical implication",
    "The mechanism of action of antidepressants may involve direct or indirect (via the "
    "brain-derived neurotrophic factor system, BDNF) interactions with sigma-1 receptors.",
    "One theory concerning the action of antidepressants relates to the drugs' ability to induce "
    "an adaptive plasticity in neurons such as neurite sprouting. Sigma-1 receptors may play a "
    "significant role in cell morphological changes, specifically in the initiation of neurite "
    "outgrowth and sprouting. In cultured PC12 cells, fluvoxamine potentiated the effects of nerve "
    "growth factor (NGF); these effects were antagonised by the selective sigma-1 antagonist NE100, "
    "indicating that the effects were mediated via sigma-1 receptors (Figure 2). Chronic treatment "
    "of cells with fluvoxamine also increased the number of sigma-1 receptors.",
    "Amongst the SSRIs, fluvoxamine has the highest affinity at the sigma-1 receptor (Table 1).",
    "Figure 2: Fluvoxamine may facilitate neuronal sprouting in the brain via sigma-1 receptors "
    "(Adapted from Takebayashi et al., 2002)",
    "Table 1: In vitro affinity of various agents for rat sigma-1 binding sites",
    "CON 10 30 10^2 3x10^2 10^3 3x10^3 10^4 Fluvoxamine (nM) NGF 1 ng/ml FVX 10^2 nM 10^3 nM "
    "NE 100 1 µM",
    "The neurotrophic hypothesis of depression and antidepressant action was originally based on "
    "findings in rodents that acute or chronic stress decreases expression of BDNF in the "
    "hippocampus and that diverse classes of antidepressant treatment produce the opposite effect "
    "and prevent the actions of stress (Figure 3).",
    "As discussed by Professor Maurice, sigma-1 receptors were shown to play a role in the "
    "mechanism of stimulation of NGF-induced neurite sprouting by fluvoxamine. Interestingly, the "
    "SSRI sertraline appeared to act as a sigma-1 receptor antagonist in cultured PC12 cells; in "
    "combination with fluvoxamine, sertraline reduced to control levels the number of cells with "
    "neurite outgrowth.",
    "The role of sigma-1 receptors in cognitive defects suggests promising new therapeutic "
    "applications, as revealed by recent preclinical data (Hashimoto et al. 2006). The effects of "
    "fluvoxamine and paroxetine on cognitive deficits in mice were investigated after repeated "
    "administration of the NMDA receptor antagonist phencyclidine (PCP), known to induce cognitive "
    "deficits in healthy human subjects. PCP-induced cognitive deficits were significantly improved "
    "by subsequent subchronic (2-week) administration of fluvoxamine (20 mg/kg/day), but not "
    "paroxetine (10 mg/kg/day). This effect of fluvoxamine was antagonised by co-administration of "
    "NE100, suggesting that the effects of fluvoxamine are mediated via agonistic activity at "
    "sigma-1 receptors.",
    "Unpublished positron emission tomography studies provide clear evidence that fluvoxamine, but "
    "not paroxetine, binds to sigma-1 receptors in the human brain (Figure 4).",
    "Figure 3: Neurotrophic mechanisms in depression and antidepressant action",
)
NB03_FIGURE_3 = {  # panel: (title, caption), as printed under Figure 3
    "a": ("a) Normal state", "Shows a normal hippocampal pyramidal neuron and its innervation by "
          "glutamatergic, monoaminergic and other types of neuron. Its regulation by BDNF is also shown."),
    "b": ("b) Depressed state", "Severe stress causes several changes in these neurons, including a "
          "reduction in their dendritic arborisation, and a reduction in BDNF expression."),
    "c": ("c) Treated state", "Antidepressants produce the opposite effects to those seen in b: they "
          "increase dendritic arborisation and BDNF expression of these hippocampal neurons."),
}
