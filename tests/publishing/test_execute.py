"""Executing notebooks with parameters, atomically, with clear failures; the command line."""

import argparse
import importlib
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from helpers.errors import DataValidationError
from helpers.project import (
    NOTEBOOK_DIR,
    PARAMETERS_TAG,
    PROJECT_DIR,
    ManifestError,
    lessons,
    read_toc,
    start_page,
    unlisted,
)
from publish.cli import COMMANDS
from publish.cli import main as cli_main
from publish.execute import (
    NotebookFailedError,
    current_kernelspec,
    execute_notebook,
    main,
    notebooks,
    refresh_in_place,
    validate_data,
)


def tiny_notebook(path: Path, *sources: str) -> Path:
    cells = [new_code_cell("data_dir = None", metadata={"tags": [PARAMETERS_TAG]})]
    cells += [new_code_cell(s) for s in sources]
    nb = new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                             "language": "python"}})
    nbformat.write(nb, path)
    return path


def test_notebooks_are_listed_in_teaching_order():
    assert [p.name for p in notebooks()] == [
        "00_start_here.ipynb", "01_sigma_basics.ipynb", "02_ssri_affinities.ipynb",
        "03_neurotrophic_hypothesis.ipynb", "04_behavioural_toxicity.ipynb"]
    assert notebooks() == [start_page(), *lessons()]
    assert all(p.parent == NOTEBOOK_DIR for p in notebooks())


def manifest(folder: Path, text: str, *names: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "_toc.yml").write_text(text, encoding="utf-8")
    for name in names:
        nbformat.write(new_notebook(), folder / name)
    return folder


TOC = "format: jb-book\nroot: 00_start\nchapters:\n  - file: 02_b\n  - file: 01_a.ipynb\n"


def test_the_manifest_alone_says_which_notebooks_are_lessons(tmp_path):
    # A copy from JupyterLab's Duplicate, a scratch notebook and one in a subfolder are not
    # lessons, though the first two match the NN_name pattern; checkpoints are not counted.
    folder = manifest(tmp_path / "nb", TOC, "00_start.ipynb", "01_a.ipynb", "02_b.ipynb",
                      "02_b-Copy1.ipynb", "Untitled.ipynb", "03_scratch.ipynb")
    manifest(folder / "old", "", "05_old.ipynb")
    manifest(folder / ".ipynb_checkpoints", "", "01_a-checkpoint.ipynb")
    assert [p.name for p in lessons(folder)] == ["02_b.ipynb", "01_a.ipynb"]  # manifest order
    assert [p.name for p in notebooks(folder)] == ["00_start.ipynb", "02_b.ipynb", "01_a.ipynb"]
    assert [p.relative_to(folder).as_posix() for p in unlisted(folder)] == [
        "02_b-Copy1.ipynb", "03_scratch.ipynb", "Untitled.ipynb", "old/05_old.ipynb"]


@pytest.mark.parametrize(("text", "message"), [
    (None, r"_toc\.yml is missing"),
    ("root: [unclosed", "not valid YAML"),
    ("root: 00_start\n", "expected 'root: <start page>' and 'chapters:'"),
    ("root: 00_start\nchapters:\n  - 01_a\n", "'- file: <lesson>'"),
    ("root: 00_start\nchapters:\n  - file: 01_a\n  - file: 01_a.ipynb\n", "01_a.ipynb more than once"),
])
def test_a_broken_manifest_is_named(tmp_path, text, message):
    folder = tmp_path / "nb"
    folder.mkdir()
    if text is not None:
        manifest(folder, text)
    with pytest.raises(ManifestError, match=message):
        read_toc(folder)


def test_a_lesson_missing_from_the_folder_is_named(tmp_path):
    folder = manifest(tmp_path / "nb", TOC, "00_start.ipynb", "01_a.ipynb")
    with pytest.raises(ManifestError, match=r"names 02_b\.ipynb, which is not in"):
        lessons(folder)


def test_every_notebook_in_the_folder_is_in_the_manifest():
    """A lesson added without its line in notebooks/_toc.yml would silently not be built."""
    assert unlisted() == [], "add these to notebooks/_toc.yml, or move them out of notebooks/"


def test_every_notebook_stores_the_kernelspec_jupyterlab_reports():
    """Otherwise JupyterLab marks it modified on open, and an export from its menu saves it."""
    for path in notebooks():
        assert nbformat.read(path, as_version=4).metadata.kernelspec == current_kernelspec(), (
            f"{path.name}: refresh it with .venv/bin/python -m publish.execute --in-place {path}")


def test_refreshed_notebooks_store_the_kernelspec_jupyterlab_reports(tmp_path):
    # JupyterLab marks a notebook modified when the stored kernelspec differs from the running
    # kernel's; an export from its menu then saves the notebook first.
    assert current_kernelspec()["display_name"] == "Python 3 (ipykernel)"
    source = tiny_notebook(tmp_path / "nb.ipynb", "1 + 1")
    refresh_in_place([source])
    assert nbformat.read(source, as_version=4).metadata.kernelspec == current_kernelspec()


def test_the_kernel_starts_in_the_notebook_folder_and_ours_stays_put(tmp_path):
    folder = tmp_path / "lessons"
    folder.mkdir()
    source = tiny_notebook(folder / "nb.ipynb", "import os\nprint(os.getcwd())")
    here = Path.cwd()
    executed = execute_notebook(source, tmp_path / "out" / "nb.ipynb")
    assert executed.cells[-1].outputs[0]["text"].strip() == str(folder)
    assert Path.cwd() == here


def test_parameters_reach_the_notebook(tmp_path, data_copy):
    source = tiny_notebook(tmp_path / "nb.ipynb",
                           "import helpers\nprint(helpers.load('sigma_affinity', data_dir).attrs['path'])")
    executed = execute_notebook(source, tmp_path / "out" / "nb.ipynb", data_dir=data_copy)
    printed = executed.cells[-1].outputs[0]["text"]
    assert printed.strip() == str(data_copy / "sigma_affinity.csv")
    assert (tmp_path / "out" / "nb.ipynb").is_file()


def test_a_failing_notebook_names_the_cell_and_writes_nothing(tmp_path):
    source = tiny_notebook(tmp_path / "broken.ipynb", "x = 1", "1 / 0")
    output = tmp_path / "out" / "broken.ipynb"
    with pytest.raises(NotebookFailedError, match=r"broken.ipynb, cell 3 \(`1 / 0`\): ZeroDivisionError"):
        execute_notebook(source, output)
    assert not output.exists()
    assert not output.parent.exists() or list(output.parent.iterdir()) == []  # no partial file


def test_invalid_data_stops_before_any_notebook_runs(data_copy, tmp_path, capsys):
    (data_copy / "sigma_affinity.csv").write_text("drug\n", encoding="utf-8")
    with pytest.raises(DataValidationError):
        validate_data(data_copy)
    assert main(["--data", str(data_copy), "--out", str(tmp_path / "out")]) == 2
    assert "no notebook was run" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_the_failing_cell_is_named_as_stored_even_with_injected_parameters(tmp_path, data_copy):
    source = tiny_notebook(tmp_path / "broken.ipynb", "x = 1", "1 / 0")
    with pytest.raises(NotebookFailedError, match=r"cell 3 \(`1 / 0`\)"):
        execute_notebook(source, tmp_path / "out" / "broken.ipynb", data_dir=data_copy)


def test_split_printing_is_merged_into_one_output(tmp_path):
    code = "import sys\nfor i in range(3):\n    print(i)\n    sys.stdout.flush()\n    __import__('time').sleep(0.3)"
    executed = execute_notebook(tiny_notebook(tmp_path / "nb.ipynb", code), tmp_path / "out" / "nb.ipynb")
    outputs = executed.cells[-1].outputs
    assert [o.output_type for o in outputs] == ["stream"] and outputs[0].text == "0\n1\n2\n"
    stored = nbformat.read(tmp_path / "out" / "nb.ipynb", as_version=4)
    assert len(stored.cells[-1].outputs) == 1


def test_inline_figures_are_shown_at_their_own_size_with_the_house_style(tmp_path):
    """use_style turns off the inline backend's "tight" re-crop: the PNG is figsize x dpi."""
    import base64
    import io

    from PIL import Image

    source = tiny_notebook(
        tmp_path / "nb.ipynb",
        "import matplotlib.pyplot as plt\nimport helpers\nhelpers.use_style()",
        "fig, ax = plt.subplots(figsize=(3, 2))\nax.plot([1, 2], [1, 4])\n"
        "helpers.caption(ax, 'sigma_affinity')\nhelpers.show(fig, alt='a line')")
    executed = execute_notebook(source, tmp_path / "out" / "nb.ipynb")
    png = next(o["data"]["image/png"] for o in executed.cells[-1].outputs
               if "image/png" in o.get("data", {}))
    assert Image.open(io.BytesIO(base64.b64decode(png))).size == (300, 200)


# --- one command line: python -m publish <command> ---------------------------------------------

def publish(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=PROJECT_DIR, capture_output=True,
                          text=True, check=False, timeout=300)


def test_the_command_line_lists_every_command():
    result = publish("publish", "--help")
    assert result.returncode == 0
    for name in COMMANDS:
        assert re.search(rf"^\s+{name}\s+\S", result.stdout, re.M), name
    assert sorted(COMMANDS) == ["execute", "handouts", "site", "student"]


@pytest.mark.parametrize("command", ["execute", "handouts", "student"])
def test_both_spellings_give_the_same_usage_error(command):
    """``python -m publish CMD`` and ``python -m publish.CMD``: same message, status 2."""
    spelled = [publish("publish", command, "no-such.ipynb"),
               publish(f"publish.{command}", "no-such.ipynb")]
    for result, prog in zip(spelled, [f"python -m publish {command}",
                                      f"python -m publish.{command}"], strict=True):
        assert result.returncode == 2
        assert result.stderr.splitlines()[-1] == f"{prog}: error: no such notebook: no-such.ipynb"


def test_a_command_without_one_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as stopped:
        cli_main([])
    assert stopped.value.code == 2
    assert "COMMAND" in capsys.readouterr().err


def test_every_command_shares_the_options_it_has_in_common():
    for name in ("execute", "handouts", "student"):
        parser = argparse.ArgumentParser()
        importlib.import_module(COMMANDS[name][0]).add_arguments(parser)
        args = parser.parse_args(["--out", "somewhere", "a.ipynb", "b.ipynb"])
        assert args.out == Path("somewhere") and args.notebook == [Path("a.ipynb"), Path("b.ipynb")]
        if name != "student":
            assert parser.parse_args(["--data", "my-data"]).data == "my-data"


def test_a_broken_manifest_is_one_message_for_every_command(monkeypatch, capsys, tmp_path):
    def broken():
        raise ManifestError("notebooks/_toc.yml is missing")

    monkeypatch.setattr("helpers.project.notebooks", broken)
    assert cli_main(["student", "--out", str(tmp_path)]) == 2
    assert capsys.readouterr().err == "No notebook was run: notebooks/_toc.yml is missing\n"
    assert not any(tmp_path.iterdir())


def test_invalid_data_is_the_same_message_through_the_subcommand(data_copy, tmp_path, capsys):
    (data_copy / "sigma_affinity.csv").write_text("drug\n", encoding="utf-8")
    assert cli_main(["execute", "--data", str(data_copy), "--out", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err.startswith("Data not valid, no notebook was run:\n")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("given", ["02_ssri_affinities.ipynb", "02_ssri_affinities"])
def test_a_lesson_named_without_its_folder_is_found_in_notebooks(tmp_path, given):
    """``python -m publish student 02_ssri_affinities.ipynb`` from the project's folder."""
    result = publish("publish", "student", "--out", str(tmp_path), given)
    assert result.returncode == 0, result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["02_ssri_affinities.ipynb"]
