"""Which model scored a row: name and version from the model folder or the registry URI."""
from __future__ import annotations

import re
from pathlib import Path

import yaml


def model_identity(location: str, model_dir: Path) -> tuple[str, str]:
    """``(name, version)``: the folder's ``registered_model_meta`` when present, else from the URI
    (``models:/name/3``, ``models:/name@alias``) or the folder's MLmodel ``model_id``."""
    meta = model_dir / "registered_model_meta"
    if meta.is_file():
        fields = yaml.safe_load(meta.read_text()) or {}
        if fields.get("model_name"):
            return str(fields["model_name"]), str(fields.get("model_version", ""))
    uri = re.match(r"models:/([^/@]+)(?:[/@](.+))?$", location or "")
    if uri:
        return uri.group(1), uri.group(2) or ""
    mlmodel = model_dir / "MLmodel"
    model_id = (yaml.safe_load(mlmodel.read_text()) or {}).get("model_id", "") if mlmodel.is_file() else ""
    return model_dir.name, str(model_id or "")
