"""Batch scoring of article collections: sources, readers, the parallel runner, writers, resume.

``predict.py`` is the command line and Python API on top of this package; ``model/`` knows nothing
of it.
"""
