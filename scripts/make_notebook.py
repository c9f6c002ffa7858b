"""Write a dashboard notebook from cells given as arguments (keeps notebooks small and clean).

    python scripts/make_notebook.py notebooks/Home.ipynb "from aimsi_ebay.ui.open import open_home" "open_home()"
"""

import sys

import nbformat

path, *cells = sys.argv[1:]
notebook = nbformat.v4.new_notebook()
notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
notebook.cells = [nbformat.v4.new_code_cell(source) for source in cells]
nbformat.write(notebook, path)
