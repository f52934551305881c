"""Batch scoring engines beside predict.py (Spark: :mod:`scoring.spark`)."""
