"""Issue 14, item 1: Markdown reaches the handout as JupyterLab renders it, or the build
names the cell.

The notebook ``tests/cases/handouts/every-construct/constructs.ipynb`` holds every construct
(inline and block HTML, bare LaTeX environments, images beside the notebook and pasted
ones, HTML and Markdown outputs). Its reference text is nbconvert's HTML export (what
JupyterLab shows, maths excepted: MathJax draws it); every word and number of it must be
in both PDFs, and ``<sup>``/``<sub>`` must be set smaller and raised/lowered. The cases
of ``tests/cases/handouts/`` (from ``shared/cases/handouts``) are kept as regressions.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import bs4
import nbformat
import pypdf
import pytest
from handout_export import CASES, compact, export, pdf_text, text_boxes
from nbconvert import HTMLExporter
from nbformat.v4 import new_markdown_cell, new_notebook

from publish.pdf import HandoutError

CONSTRUCTS = CASES / "every-construct" / "constructs.ipynb"
MATHS = re.compile(r"\$\$.*?\$\$|\$[^$\n]+?\$|\\begin\{(\w+\*?)\}.*?\\end\{\1\}", re.S)
# Scripts whose PDF text comes back shaped or in visual order: compared by characters.
COMPLEX = re.compile(r"[\u0590-\u08ff\u0900-\u0dff\u0e00-\u0eff]")


def reference_text(notebook: Path) -> str:
    """What JupyterLab shows of Markdown cells and outputs: nbconvert's HTML, maths removed."""
    body, _ = HTMLExporter(template_name="lab").from_filename(str(notebook))
    soup = bs4.BeautifulSoup(body, "html.parser")
    parts = []
    for element in soup.select(".jp-RenderedMarkdown, .jp-OutputArea-output"):
        for hidden in element.select("script, style, a.anchor-link"):
            hidden.decompose()
        parts.append(element.get_text(" "))
    return MATHS.sub(" ", "\n".join(parts))


def missing_words(reference: str, pdf: Path) -> list[str]:
    """Words and numbers of the reference that are not in the PDF's text."""
    text = pdf_text(pdf)
    found = compact(text)
    characters = set(text)
    missing = []
    for word in dict.fromkeys(re.findall(r"\w+", reference)):
        if COMPLEX.search(word):
            ok = set(unicodedata.normalize("NFC", word)) <= characters | set(
                unicodedata.normalize("NFKC", text))
        else:
            ok = word in found or all(part in found for part in word.split("_") if part)
        if not ok:
            missing.append(word)
    return missing


@pytest.fixture(scope="module")
def constructs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return export(CONSTRUCTS, tmp_path_factory.mktemp("constructs"))


@pytest.mark.parametrize("version", ["student", "instructor"])
def test_every_word_jupyterlab_shows_is_in_the_pdf(constructs: dict[str, Path], version: str) -> None:
    reference = reference_text(CONSTRUCTS)
    assert "Hint for exercise 3" in reference and "Citalopram 292" in reference
    assert missing_words(reference, constructs[version]) == []


def test_nothing_is_printed_as_source(constructs: dict[str, Path]) -> None:
    """No HTML tag, LaTeX environment or Markdown image syntax reaches the page as text."""
    text = pdf_text(constructs["student"])
    for source in ("<sup>", "<br", "<table", "<details", "\\begin", "\\end{", "\\frac", "$$",
                   "![", "attachment:", "IPython.core.display"):
        assert source not in text


def test_superscripts_and_subscripts_are_set_as_such(constructs: dict[str, Path]) -> None:
    """10<sup>4</sup>: the 4 smaller and raised above the 10's baseline; H<sub>2</sub>O lowered."""
    boxes = text_boxes(pypdf.PdfReader(constructs["student"]).pages[0])
    ten = next(b for b in boxes if b.text.endswith("The ceiling is 10"))
    four = next(b for b in boxes if b.text == "4" and abs(b.x0 - ten.x1) < 3.5)
    assert four.size < 0.8 * ten.size and four.y > ten.y + 1
    water = next(b for b in boxes if b.text.endswith("water is H"))
    two = next(b for b in boxes if b.text == "2" and abs(b.x0 - water.x1) < 3.5)
    assert two.size < 0.8 * water.size and two.y < water.y
    assert "10 4" not in pdf_text(constructs["student"]).replace("\n", " ")


def test_details_are_shown_open_with_their_summary(constructs: dict[str, Path]) -> None:
    text = re.sub(r"\s+", " ", pdf_text(constructs["student"]))
    assert "Hint for exercise 3 The answer is 234, since 8439/36 = 234." in text
    assert "One-line hint Look at row 57." in text


def test_images_beside_the_notebook_and_pasted_are_included(constructs: dict[str, Path]) -> None:
    """beside.png (by Markdown and by <img>) and the pasted attachment (60 x 30 pixels)."""
    reader = pypdf.PdfReader(constructs["instructor"])
    sizes = {image.image.size for page in reader.pages for image in page.images}
    assert (60, 30) in sizes and len(sizes) == 2


@pytest.mark.parametrize(("case", "expected"), [
    ("html-in-markdown/markdown_html.ipynb",
     ["Fluvoxamine 36", "Paroxetine 1893", "The answer is 234.", "ceiling.\nLine two", "red warning text"]),
    ("latex-environment/math.ipynb", ["Align environment:", "End."]),
    ("latex-environment/math2.ipynb", ["C: bare equation environment:", "End."]),
    ("markdown-image/image_md.ipynb", ["Image in markdown", "End."]),
    ("markdown-image/attachment.ipynb", ["Pasted image", "End."]),
])
def test_shared_cases(case: str, expected: list[str], tmp_path: Path) -> None:
    pdfs = export(CASES / case, tmp_path)
    for pdf in pdfs.values():
        text = pdf_text(pdf)
        for words in expected:
            assert words in text, (case, words)
        assert "\\begin" not in text and "<sup>" not in text
    if "image" in case:
        assert len(pypdf.PdfReader(pdfs["student"]).pages[0].images) == 1


def write_notebook(folder: Path, source: str, attachments: dict | None = None) -> Path:
    cell = new_markdown_cell(source)
    if attachments:
        cell["attachments"] = attachments
    notebook = new_notebook(cells=[new_markdown_cell("# A teacher's notebook"), cell])
    path = folder / "teacher.ipynb"
    nbformat.write(notebook, path)
    return path


@pytest.mark.parametrize(("source", "named"), [
    ('<iframe src="https://example.org/quiz"></iframe>', "<iframe>"),
    ('Watch <video src="clip.mp4" controls></video> this.', "<video>"),
    ("<svg width='10' height='10'><circle r='4'/></svg>", "<svg>"),
    ("A form field <input type='text'> inline.", "<input>"),
    ("![chart](missing.png)", "missing.png was not found"),
    ("![chart](https://example.org/chart.png)", "is on the web"),
    ("![shot](attachment:gone.png)", "attachment:gone.png"),
    ("![drawing](drawing.bmp)", "bmp, which a handout cannot show"),
    ("$\\mynewcommand{x}$", "\\mynewcommand{x}"),
    ("\\begin{tikzpicture}\\draw (0,0);\\end{tikzpicture}", "tikzpicture"),
    ("```mermaid\ngraph TD; A-->B\n```", "mermaid"),
])
def test_what_cannot_be_typeset_stops_with_one_line(source: str, named: str, tmp_path: Path) -> None:
    (tmp_path / "drawing.bmp").write_bytes(b"BM" + bytes(60))
    notebook = write_notebook(tmp_path, f"Before.\n\n{source}\n\nAfter.")
    out = tmp_path / "out"
    with pytest.raises(HandoutError) as error:
        export(notebook, out)
    message = str(error.value)
    assert message.startswith("teacher.ipynb, cell 2: ") and named in message
    assert "\n" not in message and "Traceback" not in message and "/.src" not in message
    assert not list(out.rglob("*.pdf"))


def test_unknown_tags_show_their_text_and_comments_nothing(tmp_path: Path) -> None:
    notebook = write_notebook(tmp_path, "A <custom-tag>custom words</custom-tag> here"
                              "<!-- a hidden remark --> and <wbr>on.<script>alert(1)</script>")
    text = pdf_text(export(notebook, tmp_path / "out", ("student",))["student"])
    assert "A custom words here and on." in re.sub(r"\s+", " ", text)
    assert "hidden remark" not in text and "alert" not in text


def test_mathjax_commands_pandoc_lacks(tmp_path: Path) -> None:
    r"""\label, \tag, \nonumber, mhchem's \pu and \ce: typeset as MathJax shows them."""
    notebook = write_notebook(tmp_path, "$$x = 1 \\label{eq:x} \\tag{3}$$ and $\\pu{36 nM}$ of "
                              "$\\ce{H2O}$ with \\begin{align} a &= b \\nonumber \\end{align}")
    text = pdf_text(export(notebook, tmp_path / "out", ("student",))["student"])
    assert "(3)" in text and "36" in text and "nM" in text and "\\" not in text


def test_exporter_finds_images_beside_the_notebook_from_any_folder(tmp_path: Path, monkeypatch) -> None:
    """JupyterLab's export runs in the server's folder, not the notebook's."""
    from publish.exporter import InstructorHandoutExporter

    monkeypatch.chdir(tmp_path)
    pdf, _ = InstructorHandoutExporter().from_filename(str(CASES / "markdown-image" / "image_md.ipynb"))
    (tmp_path / "out.pdf").write_bytes(pdf)
    assert len(pypdf.PdfReader(tmp_path / "out.pdf").pages[0].images) == 1
