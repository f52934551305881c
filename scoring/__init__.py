"""Batch scoring of article collections and what consumes its output.

Sources, readers, the parallel runner, writers and resume (``predict.py`` is the command line and
Python API on top of them), Spark scoring, and the HTML report of a scored folder. ``model/`` knows
nothing of this package.
"""
