"""Issue 14, item 2: any script a teacher types reaches the handout, which stays PDF/UA-1.

The fallback fonts (Noto, SIL Open Font License 1.1) come from the PyPI packages of the
``handouts`` extra; a character that no font has stops the build with one line naming
notebook, cell and character.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import re
import tomllib
import unicodedata
from pathlib import Path

import nbformat
import pypdf
import pytest
from handout_export import CASES, export, pdf_text
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from publish.handouts import main
from publish.pdf import FONT_PACKAGES, HandoutError, font_paths

PROJECT = Path(__file__).resolve().parents[2]
SCRIPTS = {
    "Greek": "σ₁ receptor, Ελληνικά", "Cyrillic": "Флувоксамин", "Hebrew": "פלובוקסמין",
    "Arabic": "فلوفوكسامين", "Devanagari": "फ्लूवोक्सामाइन", "Japanese": "フルボキサミン 橋本謙二",
    "Chinese": "氟伏沙明", "Korean": "플루복사민", "emoji": "💊 🧪 ✅ 👩‍🔬",
}
FONTS = ("LibertinusSerif", "NotoSansArabic", "NotoSansDevanagari", "NotoSansCJK", "NotoEmoji",
         "DejaVuSansMono")


def scripts_notebook(folder: Path) -> Path:
    cells = [new_markdown_cell("# Names in every script\n\n**Rebuilds:** nothing; a test.")]
    cells += [new_markdown_cell(f"**{name}:** {text}.") for name, text in SCRIPTS.items()]
    code = new_code_cell("print(names)", execution_count=1)
    code["outputs"] = [new_output("stream", name="stdout",
                                  text="".join(f"{n}: {t}\n" for n, t in SCRIPTS.items()))]
    path = folder / "scripts.ipynb"
    nbformat.write(new_notebook(cells=[*cells, code]), path)
    return path


def font_names(pdf: Path) -> set[str]:
    names = set()
    for page in pypdf.PdfReader(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


@pytest.fixture(scope="module")
def scripts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("scripts")
    return export(scripts_notebook(folder), folder / "out")


@pytest.mark.parametrize("version", ["student", "instructor"])
def test_every_script_is_set_in_a_font_that_has_it(scripts: dict[str, Path], version: str) -> None:
    text = pdf_text(scripts[version])
    shaped = set(unicodedata.normalize("NFKC", text)) | set(text)
    for name, sample in SCRIPTS.items():
        if name in ("Arabic", "Devanagari"):  # read back shaped: compare characters
            assert set(sample) - {" "} <= shaped | {"\u200d"}, name
        elif name == "Hebrew":  # read back right to left
            assert sample in text or sample[::-1] in text, name
        else:
            assert sample.replace("\u200d", "") in text.replace("\u200d", ""), name
    used = font_names(scripts[version])
    for family in FONTS:
        assert any(name.startswith(family) for name in used), (family, used)


def test_handouts_stay_pdf_ua_1(scripts: dict[str, Path]) -> None:
    for pdf in scripts.values():
        root = pypdf.PdfReader(pdf).trailer["/Root"]
        assert "<pdfuaid:part>1</pdfuaid:part>" in root["/Metadata"].get_object().get_data().decode()
        assert "/StructTreeRoot" in root


def test_rebuild_is_byte_identical(scripts: dict[str, Path], tmp_path: Path) -> None:
    again = export(scripts_notebook(tmp_path), tmp_path / "out")
    for version, pdf in scripts.items():
        assert hashlib.sha256(pdf.read_bytes()).digest() == hashlib.sha256(
            again[version].read_bytes()).digest(), version


@pytest.mark.parametrize(("case", "expected"), [
    ("unicode.ipynb", ["橋本謙二", "フルボキサミン", "💊", "σ₁ Ki = 36 nM ± 4"]),
    ("emoji_only.ipynb", ["Take-home message 💊 and ✓ done."]),
    ("cjk_output.ipynb", ["Hashimoto 橋本"]),
])
def test_shared_cases(case: str, expected: list[str], tmp_path: Path) -> None:
    for pdf in export(CASES / "glyph-outside-fonts" / case, tmp_path).values():
        text = pdf_text(pdf)
        for words in expected:
            assert words in text, words


def glyphless_notebook(folder: Path, in_output: bool) -> Path:
    """A hieroglyph (no font of the handout has one) in a Markdown cell or printed."""
    cells = [new_markdown_cell("# Glyphs\n\nIntro."), new_markdown_cell("Fine text.")]
    if in_output:
        code = new_code_cell("print(sign)", execution_count=1)
        code["outputs"] = [new_output("stream", name="stdout", text="sign: \U00013000\n")]
        cells.append(code)
    else:
        cells.append(new_markdown_cell("The sign \U00013000 is old."))
    path = folder / "glyphs.ipynb"
    nbformat.write(new_notebook(cells=cells), path)
    return path


@pytest.mark.parametrize("in_output", [False, True])
def test_character_no_font_has_is_named_with_its_cell(in_output: bool, tmp_path: Path) -> None:
    with pytest.raises(HandoutError) as error:
        export(glyphless_notebook(tmp_path, in_output), tmp_path / "out")
    message = str(error.value)
    assert message.startswith("glyphs.ipynb, cell 3: the character '\U00013000' (U+13000 "
                              "EGYPTIAN HIEROGLYPH A001) is in none of the handout's fonts")
    assert "\n" not in message and not list((tmp_path / "out").rglob("*.pdf"))


def test_make_handouts_names_the_character_in_one_line(tmp_path: Path, capsys) -> None:
    notebook = glyphless_notebook(tmp_path, in_output=False)
    out = tmp_path / "handouts"
    assert main([str(notebook), "--out", str(out)]) == 1
    errors = capsys.readouterr().err.strip().splitlines()
    assert re.fullmatch(r"FAILED +glyphs\.ipynb, cell 3: the character '\U00013000' \(U\+13000 "
                        r"EGYPTIAN HIEROGLYPH A001\) is in none of the handout's fonts.*", errors[0])
    assert len(errors) == 2 and "Traceback" not in errors[1] and not out.exists()


def test_fonts_come_from_the_handouts_extra_with_their_licence() -> None:
    extra = tomllib.loads((PROJECT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"]["handouts"]
    for package in FONT_PACKAGES:
        distribution = package.replace("_", "-")
        assert any(requirement.startswith(distribution) for requirement in extra), distribution
        assert importlib.metadata.metadata(distribution)["License-Expression"] == "OFL-1.1"
    assert len(font_paths()) == len(FONT_PACKAGES)
    files = {p.name for folder in font_paths() for p in Path(folder).iterdir()}
    assert {"NotoEmoji[wght].ttf", "NotoSansCJK-VF.otf.ttc", "NotoSansArabic[wght].ttf",
            "NotoSansDevanagari[wght].ttf", "NotoSansHebrew[wght].ttf"} <= files
