"""The study walk-through notebook executes from top to bottom, in this virtualenv's Python.

The test registers a kernel spec that points at ``sys.executable`` in a temporary directory, so the notebook
runs with exactly the interpreter and packages under test, whatever kernels the machine has installed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "study_walkthrough.ipynb"
KERNEL = "ticket-analyser-test"


def _kernel_manager(directory: Path):
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager

    spec = directory / "kernels" / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "ticket-analyser (test venv)",
                "language": "python",
                "env": {"MPLBACKEND": "Agg", "PYTHONHASHSEED": "0"},
            }
        ),
        "utf-8",
    )
    specs = KernelSpecManager(kernel_dirs=[str(directory / "kernels")])
    return KernelManager(kernel_name=KERNEL, kernel_spec_manager=specs)


def test_study_notebook_executes(tmp_path) -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        km=_kernel_manager(tmp_path),
        timeout=180,
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    client.execute()
    outputs = [output.get("text", "") for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]
    text = "\n".join(str(o) for o in outputs)
    assert "Stelling 1 study:" in text  # the summary printed
    assert "input checksum: sha256:" in text
    errors = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert errors == []
