"""Turn off JupyterLab's news and update pop-ups for everyone using an environment.

Merges deploy/jupyterlab-overrides.json into ``<prefix>/share/jupyter/lab/settings/
overrides.json`` (JupyterLab's defaults for every user of that environment; a user's own
setting still wins), keeping any other overrides already there. Used by ``make lab``,
``make class`` and binder/postBuild: ``python deploy/lab_settings.py <environment prefix>``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OVERRIDES = Path(__file__).resolve().with_name("jupyterlab-overrides.json")


def apply(prefix: Path) -> Path:
    """Merge our overrides into the environment at ``prefix``; return the file written.

    Raises
    ------
    json.JSONDecodeError
        An existing overrides.json is not valid JSON (left as it is).
    """
    target = Path(prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    current = json.loads(target.read_text(encoding="utf-8")) if target.is_file() else {}
    for plugin, settings in json.loads(OVERRIDES.read_text(encoding="utf-8")).items():
        current[plugin] = {**current.get(plugin, {}), **settings}
    text = json.dumps(current, indent=2) + "\n"
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return target


if __name__ == "__main__":
    written = apply(Path(sys.argv[1] if len(sys.argv) > 1 else sys.prefix))
    print(f"JupyterLab news and update checks off: {written}")
