"""The build cache (publish.cache): reused only while nothing a lesson depends on changed.

Fixture notebooks in a temporary project run in real kernels; a module-wide cache is
primed once and each test works on its own copy of it.
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from helpers.project import PROJECT_DIR
from publish.cache import ExecutionCache
from publish.execute import execute_keyed
from publish.handout_cache import TreeCache, output_key


def _lesson(folder: Path) -> Path:
    """A lesson that reads a.csv of its data folder (never b.csv)."""
    folder.mkdir(parents=True, exist_ok=True)
    notebook = new_notebook(cells=[
        new_markdown_cell("# A fixture lesson"),
        new_code_cell('data_dir = "data"', metadata={"tags": ["parameters"]}),
        new_code_cell('import pathlib\nprint(pathlib.Path(data_dir, "a.csv").read_text().strip())'),
        new_code_cell("6 * 7"),
    ])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    nbformat.write(notebook, folder / "lesson.ipynb")
    (folder / "data").mkdir(exist_ok=True)
    (folder / "data" / "a.csv").write_text("drug,ki_nm\nfluvoxamine,36\n", encoding="utf-8")
    (folder / "data" / "b.csv").write_text("drug,ki_nm\nsertraline,57\n", encoding="utf-8")
    return folder / "lesson.ipynb"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    """A lesson, its data, a library folder (with a style file) and a cache primed once."""
    root = tmp_path_factory.mktemp("project")
    source = _lesson(root / "nb")
    library = root / "lib"
    library.mkdir()
    (library / "mod.py").write_text("ANSWER = 42\n", encoding="utf-8")
    (library / "style.mplstyle").write_text("font.size: 9\n", encoding="utf-8")
    primed = root / "primed"
    fresh = execute_keyed(source, store=ExecutionCache(root=primed, library=[library]))
    return SimpleNamespace(root=root, source=source, library=library, primed=primed,
                           fresh=fresh)


@pytest.fixture
def run(project: SimpleNamespace, tmp_path: Path):
    """Run the lesson against a copy of the primed cache; the project's files are restored after."""
    saved = {p: p.read_bytes() for p in project.root.rglob("*")
             if p.is_file() and project.primed not in p.parents}
    shutil.copytree(project.primed, tmp_path / "cache")
    store = ExecutionCache(root=tmp_path / "cache", library=[project.library])

    def execute(**options):
        return execute_keyed(project.source, options.pop("data_dir", None), store=store,
                             **options)

    execute.store = store
    yield execute
    for path, data in saved.items():
        path.write_bytes(data)


def _outputs(notebook) -> list:
    return [cell.get("outputs") for cell in notebook.cells]


def test_hit_when_nothing_changed_and_equal_to_the_fresh_run(project, run) -> None:
    assert not project.fresh.hit and project.fresh.key
    again = run()
    assert again.hit and again.key == project.fresh.key
    assert _outputs(again.notebook) == _outputs(project.fresh.notebook)
    assert again.notebook.cells[2].outputs[0]["text"] == "drug,ki_nm\nfluvoxamine,36\n"
    assert again.notebook == project.fresh.notebook


def test_the_entry_names_the_file_read_and_not_the_other(project) -> None:
    entry = json.loads(next(project.primed.rglob("*.json")).read_text(encoding="utf-8"))
    read = {Path(path).name for kind, path, _ in entry["deps"] if kind == "f"}
    assert "a.csv" in read and "b.csv" not in read


def test_miss_after_editing_a_data_file_it_read(project, run) -> None:
    (project.source.parent / "data" / "a.csv").write_text("drug,ki_nm\nfluvoxamine,37\n")
    changed = run()
    assert not changed.hit
    assert changed.notebook.cells[2].outputs[0]["text"] == "drug,ki_nm\nfluvoxamine,37\n"
    (project.source.parent / "data" / "a.csv").write_text("drug,ki_nm\nfluvoxamine,36\n")
    assert run().hit  # back as it was: the first entry is still there


def test_hit_after_editing_a_data_file_it_did_not_read(project, run) -> None:
    (project.source.parent / "data" / "b.csv").write_text("drug,ki_nm\nsertraline,58\n")
    assert run().hit


@pytest.mark.parametrize("name", ["mod.py", "style.mplstyle"])
def test_miss_after_changing_the_library_or_its_style(project, run, name: str) -> None:
    with (project.library / name).open("a", encoding="utf-8") as out:
        out.write("# changed\n")
    assert not run().hit


def test_miss_after_changing_a_code_cell(project, run) -> None:
    notebook = nbformat.read(project.source, as_version=4)
    notebook.cells[3].source = "6 * 8"
    nbformat.write(notebook, project.source)
    changed = run()
    assert not changed.hit
    assert changed.notebook.cells[3].outputs[0]["data"]["text/plain"] == "48"


def test_miss_after_changing_a_parameter(project, run) -> None:
    copy = project.root / "data-copy"
    shutil.copytree(project.source.parent / "data", copy, dirs_exist_ok=True)
    changed = run(data_dir=copy)
    assert not changed.hit and changed.key != project.fresh.key


def test_miss_for_the_same_notebook_in_another_folder(project, run, tmp_path: Path) -> None:
    """The kernel starts in the notebook's folder: a copy elsewhere prints another cwd."""
    notebook = nbformat.read(project.source, as_version=4)
    notebook.cells.append(new_code_cell("import os\nprint(os.path.basename(os.getcwd()))"))
    nbformat.write(notebook, project.source)
    first = run()
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(project.source.parent, elsewhere)
    moved = execute_keyed(elsewhere / "lesson.ipynb", store=run.store)
    assert not moved.hit and moved.key != first.key
    assert moved.notebook.cells[-1].outputs[0]["text"] == "elsewhere\n"


@pytest.mark.parametrize("damage", [
    lambda text: text[: len(text) // 2],  # half-written
    lambda text: "{garbage",
    lambda text: text.replace("fluvoxamine,36", "fluvoxamine,99"),  # checksum no longer matches
])
def test_a_corrupt_entry_is_ignored_and_rebuilt(project, run, damage) -> None:
    entry = next(run.store.root.rglob("*.json"))
    entry.write_text(damage(entry.read_text(encoding="utf-8")), encoding="utf-8")
    rebuilt = run()
    assert not rebuilt.hit
    assert _outputs(rebuilt.notebook) == _outputs(project.fresh.notebook)
    assert run().hit  # the rebuilt entry replaced the damaged one


def test_no_cache_bypasses_it(project, run, monkeypatch) -> None:
    assert not run(cache=False).hit
    assert run().hit  # the fresh result was stored
    monkeypatch.setenv("PUBLISH_NO_CACHE", "1")
    assert not run().hit


def test_a_real_lesson_reads_only_its_datasets(tmp_path: Path, data_copy: Path) -> None:
    source = tmp_path / "nb" / "lesson.ipynb"
    source.parent.mkdir()
    notebook = new_notebook(cells=[
        new_code_cell("data_dir = None", metadata={"tags": ["parameters"]}),
        new_code_cell('import helpers\nhelpers.load("sigma_affinity", data_dir).shape[0] > 0'),
    ])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    nbformat.write(notebook, source)
    store = ExecutionCache(root=tmp_path / "cache")
    first = execute_keyed(source, data_copy, store=store)
    entry = json.loads(next(store.root.rglob("*.json")).read_text(encoding="utf-8"))
    read = {Path(path).name for kind, path, _ in entry["deps"]
            if kind == "f" and Path(path).parent in (data_copy, PROJECT_DIR / "data")}
    assert "sigma_affinity.csv" in read and "datapackage.json" in read
    assert not read & {"receptor_affinity.csv", "toxicity_profiles.csv"}
    unread = next(p for p in data_copy.glob("*.csv") if p.name not in read)
    with unread.open("a", encoding="utf-8") as out:
        out.write("\n")
    assert execute_keyed(source, data_copy, store=store).hit
    assert first.key


def test_the_library_key_covers_helpers_and_its_style() -> None:
    library = ExecutionCache().library
    assert PROJECT_DIR / "helpers" in library
    assert (PROJECT_DIR / "helpers" / "style.mplstyle").is_file()


def test_outputs_are_restored_byte_for_byte_and_a_damaged_entry_is_refused(tmp_path: Path) -> None:
    made = tmp_path / "made"
    files = [made / "student" / "02.pdf", made / "figures" / "02" / "chart.png"]
    for number, path in enumerate(files):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(bytes(range(256)) * (number + 1))
    cache = TreeCache(root=tmp_path / "cache")
    key = output_key("exec-key", tmp_path / "nb" / "lesson.ipynb", ["a4", None])
    cache.store(key, made, files)
    restored = cache.restore(key, tmp_path / "again")
    assert [p.read_bytes() for p in restored] == [p.read_bytes() for p in files]
    assert cache.restore("another-key", tmp_path / "x") is None
    (cache.root / key / "files" / "student" / "02.pdf").write_bytes(b"%PDF-truncated")
    assert cache.restore(key, tmp_path / "third") is None
    cache.store(key, made, files)  # rebuilt over the damaged entry
    assert cache.restore(key, tmp_path / "fourth") is not None
    assert key != output_key("exec-key", tmp_path / "nb" / "lesson.ipynb", ["letter", None])


def test_handouts_take_a_no_cache_flag() -> None:
    from publish.handouts import add_arguments

    parser = argparse.ArgumentParser()
    add_arguments(parser)
    assert parser.parse_args(["--no-cache"]).no_cache
    assert not parser.parse_args([]).no_cache


def test_two_processes_missing_the_same_entry_run_it_once(tmp_path: Path) -> None:
    """The second waits on the entry's lock, then reuses the first one's run (xdist workers)."""
    import threading
    import time

    notebook = new_notebook(cells=[new_code_cell("6 * 7")])
    runs: list[float] = []

    def run(arguments: list[str]):
        runs.append(time.perf_counter())
        time.sleep(0.5)  # long enough for the other to reach the lock
        return notebook

    results = []

    def execute() -> None:  # each its own store object, as two processes would have
        store = ExecutionCache(root=tmp_path / "cache", library=[tmp_path])
        results.append(store.execute(notebook, {}, [tmp_path], run))

    threads = [threading.Thread(target=execute) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(runs) == 1
    assert sorted(r.hit for r in results) == [False, True]
    assert len({r.key for r in results}) == 1


def test_a_lock_held_too_long_is_given_up_and_the_run_goes_on(tmp_path: Path, capsys) -> None:
    """Where a dead holder's lock file could stay (filelock's fallback), nobody waits forever."""
    from filelock import FileLock

    from publish.cache_files import exclusive

    lock_path = tmp_path / "key" / ".lock"
    lock_path.parent.mkdir()
    held = FileLock(lock_path)  # another process's lock, never released while we wait
    held.acquire()
    try:
        with exclusive(lock_path, "the other run", patience_s=1.5) as locked:
            assert locked is False
        said = capsys.readouterr().err
        assert "waiting for the other run" in said and "going on without the lock" in said
    finally:
        held.release()
    with exclusive(lock_path, "the other run", patience_s=1.5) as locked:
        assert locked is True
