"""The handouts as nbconvert exporters, for JupyterLab's menu and ``jupyter nbconvert``.

Registered (``pyproject.toml``, entry points ``nbconvert.exporters``) as
``handout_student`` and ``handout_instructor`` (no hyphens: the Jupyter server's
export URL takes only word characters as a format name), so JupyterLab's
*File > Save and Export Notebook As* offers them and::

    jupyter nbconvert --to handout_instructor notebooks/02_ssri_affinities.ipynb

writes ``02_ssri_affinities.pdf`` beside the notebook. The notebook is exported
as it is, with its current outputs (it is not run again): the same filter and
template as ``make handouts``, with the charts as the notebook holds them (PNG).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from nbconvert.exporters import Exporter
from traitlets import Unicode, default

from helpers.handouts import export_notebook

__all__ = ["InstructorHandoutExporter", "StudentHandoutExporter"]


class _HandoutExporter(Exporter):
    """One version of the handout PDF of a notebook (pandoc and Typst)."""

    output_mimetype = "application/pdf"
    version = "instructor"
    paper = Unicode("a4", help="Paper size: a4 or letter.").tag(config=True)

    @default("file_extension")
    def _file_extension_default(self) -> str:
        return ".pdf"

    def from_notebook_node(self, nb: Any, resources: dict | None = None,
                           **kw: Any) -> tuple[bytes, dict]:
        """Make the PDF; return its bytes and the resources (nbconvert's protocol).

        Examples
        --------
        >>> StudentHandoutExporter().file_extension
        '.pdf'
        """
        nb, resources = super().from_notebook_node(nb, resources, **kw)
        name = (resources.get("metadata", {}).get("name") or "notebook") + ".ipynb"
        with tempfile.TemporaryDirectory(prefix="handout-") as scratch:
            (pdf,) = export_notebook(nb, name, Path(scratch), self.paper,
                                     versions=(self.version,), progress=lambda _line: None)
            output = pdf.read_bytes()
        resources["output_extension"] = self.file_extension
        return output, resources


class StudentHandoutExporter(_HandoutExporter):
    """Student handout: code and setup hidden (outputs kept), solutions removed."""

    export_from_notebook = "Handout PDF (student)"
    version = "student"


class InstructorHandoutExporter(_HandoutExporter):
    """Instructor handout: code shown and wrapped, solutions kept and marked."""

    export_from_notebook = "Handout PDF (instructor)"
    version = "instructor"
