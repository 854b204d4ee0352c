"""Re-record the notebooks' outputs: run every notebook, in order, against a fresh stack (the
one CI checks them against, ``stack.py``) and write the outputs of the named ones (default:
all) back into the files. Run it after a change that changes what a notebook shows:

    .venv/bin/python notebooks/record.py 06_jobs_and_accounts.ipynb

Every notebook runs, because later ones see what earlier ones created (as in CI).
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from notebooks import stack  # noqa: E402


def main(names: list[str]) -> None:
    notebooks = sorted(HERE.glob("[0-9][0-9]_*.ipynb"))
    unknown = set(names) - {path.name for path in notebooks}
    if unknown:
        raise SystemExit(f"no such notebook: {', '.join(sorted(unknown))}")
    running = stack.start()
    try:
        for path in notebooks:
            notebook = nbformat.read(path, as_version=4)
            where = {"metadata": {"path": str(HERE)}}  # kernels start in notebooks/, as in CI
            NotebookClient(notebook, timeout=600, resources=where).execute()
            if not names or path.name in names:
                nbformat.write(notebook, path)
                print(f"recorded {path.name}")
            else:
                print(f"ran {path.name}")
    finally:
        stack.stop(running)


if __name__ == "__main__":
    main(sys.argv[1:])
