"""Reports and other consumers of scored folders (predict.py output)."""
