"""The handouts as nbconvert exporters, for JupyterLab's menu and ``jupyter nbconvert``.

Registered (``pyproject.toml``, entry points ``nbconvert.exporters``) as
``handout_student`` and ``handout_instructor`` (no hyphens: the Jupyter server's
export URL takes only word characters as a format name), so JupyterLab's
*File > Save and Export Notebook As* offers them and::

    jupyter nbconvert --to handout_instructor notebooks/02_ssri_affinities.ipynb

writes ``02_ssri_affinities.instructor.pdf`` beside the notebook (and
``--to handout_student`` writes ``02_ssri_affinities.student.pdf``): each version
is named by its ``file_extension``, so one never overwrites the other, and
JupyterLab's download gets the same name. ``--output NAME.pdf`` is taken as
given. Git ignores ``*.student.pdf`` and ``*.instructor.pdf`` wherever they land.

The notebook is exported as it is, with its current outputs (it is not run
again, and the file is only read, never written): the same filter and template
as ``make handouts``, with the charts as the notebook holds them (PNG).

A notebook that cannot be typeset (:class:`~publish.pdf.HandoutError`, a chart
without text alternative) stops ``jupyter nbconvert`` with the one-line message
naming notebook, cell and construct, and exit status 1, with no traceback and no
PDF. nbconvert itself would log any exporter exception with its traceback
(``NbConvertApp.export_single_notebook`` catches only ``ConversionException``, and
logs even that with ``exc_info``), so the exporter ends the command itself, but
only when it is the exporter the running ``NbConvertApp`` is converting with.
Called otherwise (JupyterLab's export through the Jupyter server, or from
Python) it raises the error, and the server shows its text to the user.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

from nbconvert.exporters import Exporter
from traitlets import Unicode, default

from publish.figures import MissingAltTextError
from publish.notebook_pdfs import export_notebook
from publish.pdf import HandoutError

__all__ = ["InstructorHandoutExporter", "StudentHandoutExporter"]


class _HandoutExporter(Exporter):
    """One version of the handout PDF of a notebook (pandoc and Typst)."""

    output_mimetype = "application/pdf"
    version = "instructor"
    paper = Unicode("a4", help="Paper size: a4 or letter.").tag(config=True)

    @default("file_extension")
    def _file_extension_default(self) -> str:
        return f".{self.version}.pdf"

    def from_notebook_node(self, nb: Any, resources: dict | None = None,
                           **kw: Any) -> tuple[bytes, dict]:
        """Make the PDF; return its bytes and the resources (nbconvert's protocol).

        Examples
        --------
        >>> StudentHandoutExporter().file_extension, InstructorHandoutExporter().file_extension
        ('.student.pdf', '.instructor.pdf')
        """
        nb, resources = super().from_notebook_node(nb, resources, **kw)
        metadata = resources.get("metadata", {})
        name = (metadata.get("name") or "notebook") + ".ipynb"
        folder = Path(metadata["path"]) if metadata.get("path") else None  # its images
        with tempfile.TemporaryDirectory(prefix="handout-") as scratch:
            try:
                (pdf,) = export_notebook(nb, name, Path(scratch), self.paper,
                                         versions=(self.version,), progress=lambda _line: None,
                                         folder=folder)
            except (HandoutError, MissingAltTextError) as error:
                self._stop_command_line(error)
                raise
            output = pdf.read_bytes()
        resources["output_extension"] = self.file_extension
        chosen = str(resources.get("unique_key", ""))
        if chosen.lower().endswith(".pdf"):  # --output handout.pdf: that name, not .pdf.student.pdf
            resources["unique_key"] = chosen[:-4]
            resources["output_extension"] = chosen[-4:]
        return output, resources

    def _stop_command_line(self, error: Exception) -> None:
        """End ``jupyter nbconvert`` with ``error``'s one line, if it is running this exporter.

        Returns (and the caller raises the error) anywhere else: in the Jupyter server, or
        when called from Python, even after a ``jupyter nbconvert`` run in the same process.

        Parameters
        ----------
        error : Exception
            A :class:`~publish.pdf.HandoutError` or a chart without text alternative: its
            message is one line naming notebook, cell and construct.
        """
        app_module = sys.modules.get("nbconvert.nbconvertapp")
        if app_module is None or not app_module.NbConvertApp.initialized():
            return
        app = app_module.NbConvertApp.instance()
        if getattr(app, "exporter", None) is not self:
            return
        app.log.error("%s", error)
        app.exit(1)


class StudentHandoutExporter(_HandoutExporter):
    """Student handout: code and setup hidden (outputs kept), solutions removed."""

    export_from_notebook = "Handout PDF (student)"
    version = "student"


class InstructorHandoutExporter(_HandoutExporter):
    """Instructor handout: code shown and wrapped, solutions kept and marked."""

    export_from_notebook = "Handout PDF (instructor)"
    version = "instructor"
