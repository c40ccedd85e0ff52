"""How a chart is named for slides: by the headings it sits under, for what it rebuilds.

A name does not change when charts are added or removed elsewhere:

- a chart under a heading that names a newsletter table or figure (the
  section ``## 4. Figure 7: choice reaction time and digit symbol
  substitution``, or a subsection of it) is ``newsletter-figure-7-`` followed
  by a slug of its nearest heading, the item and numbering left out:
  ``newsletter-figure-7-choice-reaction-time-digit-symbol-substitution``;
- any other chart gets the slug of its nearest heading alone
  (``bell-shaped-dose-response``); a chart in a solution cell is
  ``exercise-N-solution``; a chart under no heading takes the first words of
  its text alternative;
- a slug is lower-case ASCII words joined by ``-`` (Greek letters spelt out,
  "a", "an", "the", "and", "of", "in" left out), at most 48 characters, cut
  at a word; two charts under the same heading are told apart by ``-2``,
  ``-3`` in notebook order (:func:`publish.figures.collect_figures`);
- a chart can declare its name instead: metadata ``{"rebuilds": "Figure 7",
  "name": "crt-dsst"}`` under :data:`FIGURE_KEY` on its description output
  (what ``helpers.show`` emits) gives ``newsletter-figure-7-crt-dsst``;
  ``"rebuilds": ""`` declares that it rebuilds nothing.
"""

from __future__ import annotations

import re
import unicodedata

from helpers.lesson_map import newsletter_items

__all__ = ["FIGURE_KEY", "SLUG_LENGTH", "chart_name", "declared", "exercises", "headings", "slug"]

FIGURE_KEY = "fluvoxamine-workshop/figure"
"""Output metadata key by which a chart may declare what it rebuilds and its name."""

SLUG_LENGTH = 48
_STOP_WORDS = frozenset({"a", "an", "the", "and", "of", "in"})
_WEAK_ENDS = frozenset({"by", "with", "for", "to", "on", "at", "as", "from", "into", "against",
                        "or", "vs", "versus", "per"})
_SPELT = {"σ": "sigma", "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "κ": "kappa",
          "µ": "micro", "μ": "micro", "Σ": "sigma"}
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_NUMBERING = re.compile(r"^\s*\d+(?:\.\d+)*\.?\s+")
_EXERCISE = re.compile(r"\bExercise\s+(\d+)", re.IGNORECASE)
_ITEM_WORDS = re.compile(
    r"\b(?:Tables?|Figures?|Figs?\.)\s+\d+(?:\s*(?:,|and|&|-|–|to)\s*\d+)*\s*[:.–—-]?\s*")


def _plain(markdown: str) -> str:
    """Heading text without emphasis, code marks, links or HTML tags."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"<[^>]+>", "", text)
    return " ".join(re.sub(r"[*_`]", "", text).split())


def slug(text: str, length: int = SLUG_LENGTH) -> str:
    """A file-name slug: lower-case ASCII words joined by ``-``, cut at a word.

    Examples
    --------
    >>> slug("Figure 1: activation of the σ-1 receptor")
    'figure-1-activation-sigma-1-receptor'
    >>> slug("Fluvoxamine and NGF-induced neurite sprouting in PC12 cells")
    'fluvoxamine-ngf-induced-neurite-sprouting-pc12'
    >>> slug("Fluvoxamine and NGF-induced neurite sprouting in PC12 cells", 30)
    'fluvoxamine-ngf-induced'
    """
    text = "".join(_SPELT.get(ch, ch) for ch in text)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"(?<=\w)['’](?=\w)", "", text)  # "text's" -> "texts"
    words = [w for w in ("-".join(re.findall(r"[a-z0-9]+", word)) for word in text.split()) if w]
    kept = [w for w in words if w not in _STOP_WORDS] or words
    result: list[str] = []
    for word in kept:
        if result and len("-".join([*result, word])) > length:
            break
        result.append(word)
    while len(result) > 1 and result[-1] in _WEAK_ENDS:  # not "...-antidepressants-by"
        result.pop()
    return "-".join(result)[:length].strip("-")


def _item_slug(items: list[str]) -> str:
    """``["Figure 7"]`` to ``newsletter-figure-7``; several: ``newsletter-figures-5-6``."""
    kinds: dict[str, list[str]] = {}
    for item in items:
        kind, number = item.lower().split()
        kinds.setdefault(kind, []).append(number)
    parts = [(kind if len(numbers) == 1 else f"{kind}s") + "-" + "-".join(numbers)
             for kind, numbers in kinds.items()]
    return "newsletter-" + "-".join(parts)


def headings(markdown: str) -> list[tuple[int, str]]:
    """The ATX headings of a Markdown cell (not those inside fenced code), as (level, text)."""
    found, fenced = [], False
    for line in markdown.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced and (match := _HEADING.match(line)):
            found.append((len(match.group(1)), _plain(match.group(2))))
    return found


def declared(metadata: dict) -> dict | None:
    """The name a chart declares in its description output's metadata (:data:`FIGURE_KEY`)."""
    value = metadata.get(FIGURE_KEY)
    return value if isinstance(value, dict) else None


def chart_name(path: dict[int, str], exercise: str | None, solution: bool, alt: str,
               declared: dict | None) -> tuple[str, str, str]:
    """The name, the newsletter items it rebuilds and the caption of one chart, from where it sits.

    Parameters
    ----------
    path : dict of int to str
        The headings above the chart, by level (1 for ``#``), as plain text.
    exercise : str or None
        The number of the last exercise named above it, if any.
    solution : bool
        Whether the chart is drawn by a solution cell.
    alt : str
        Its text alternative (names a chart under no heading).
    declared : dict or None
        What the chart declares itself (:func:`declared`).

    Returns
    -------
    tuple of (str, str, str)
        The file stem (not yet told apart from others), e.g. ``"Figure 7"``, and the caption.

    Examples
    --------
    >>> chart_name({2: "4. Figure 7: choice reaction time"}, None, False, "Bars.", None)
    ('newsletter-figure-7-choice-reaction-time', 'Figure 7', 'Figure 7: choice reaction time')
    """
    levels = [_NUMBERING.sub("", path[level]) for level in sorted(path) if level >= 2]
    named = next((h for h in reversed(levels) if newsletter_items(h)), None)
    if not levels:
        caption = ""
    elif named is not None and named != levels[-1]:
        caption = f"{named} — {levels[-1]}"
    else:
        caption = levels[-1]
    items = [] if solution or named is None else newsletter_items(named)
    if declared is not None:
        rebuilds = str(declared.get("rebuilds", ", ".join(items)) or "")
        items = newsletter_items(rebuilds)
        words = str(declared.get("name") or "")
    elif solution:
        words = f"exercise {exercise} solution" if exercise else "exercise solution"
        caption = f"Exercise {exercise}, solution" if exercise else "Solution to an exercise"
    elif levels:
        words = _ITEM_WORDS.sub("", levels[-1]).strip(" :.–—-")
    else:
        words = ""
    words = slug(words) if words else ""
    if not words and not items:
        words = slug(alt, 32) or "chart"
    prefix = _item_slug(items) if items else ""
    if prefix and words.startswith(prefix):
        name = words
    else:
        name = "-".join(part for part in (prefix, words) if part)
    return name, ", ".join(items), caption


def exercises(markdown: str) -> list[str]:
    """The numbers of the exercises a Markdown cell names ("Exercise 2" gives "2"), in order.

    Examples
    --------
    >>> exercises("**Exercise 2.** Compare with Exercise 3.")
    ['2', '3']
    """
    return _EXERCISE.findall(markdown)
