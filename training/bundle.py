"""Refresh the bundled default model: ``frontline-bundle [models:/frontline@champion]``.

Copies a logged MLflow model into ``model/bundled``. The copy drops the model's ``code/`` folder
(inside the package the code is the package itself), so the bundle holds only the MLmodel file,
the environment files and the checksummed joblib classifier, which is written anew by this code:
the same fitted model, in the current format (a model logged before
:class:`model.features.PackedVocabulary` existed loads several times faster once bundled). Its
environment files (``requirements.txt``, ``conda.yaml``) are pinned to the versions installed
here, which that file is written with.
"""
from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import yaml

from model.loading import BUNDLED_MODEL, CHAMPION_URI, local_model_dir
from model.persistence import MODEL_FILE, classifier_path, load_classifier, pinned_requirements, save_classifier


def bundle(source: str, target: Path = BUNDLED_MODEL) -> Path:
    """Copy the MLflow model at ``source`` (URI or folder) into ``target``, replacing it."""
    folder = local_model_dir(source)
    classifier = load_classifier(classifier_path(folder))  # refuse to bundle a model that fails its checksum
    staging = target.with_name(target.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    # the classifier is written below, not copied: a read-only source file would refuse the rewrite
    shutil.copytree(folder, staging, ignore=shutil.ignore_patterns("code", "__pycache__", f"{MODEL_FILE}*"))
    save_classifier(classifier, classifier_path(staging).parent)
    _pin_environment(staging)
    mlmodel = staging / "MLmodel"
    spec = yaml.safe_load(mlmodel.read_text())
    spec["flavors"]["python_function"].pop("code", None)
    if "model_size_bytes" in spec:  # what MLflow records: the files of the model folder
        spec["model_size_bytes"] = sum(f.stat().st_size for f in staging.rglob("*") if f.is_file() and f != mlmodel)
    mlmodel.write_text(yaml.safe_dump(spec, sort_keys=False))
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)
    return target


def _pin_environment(folder: Path) -> None:
    """Pin the pip requirements of the model in ``folder`` (its ``requirements.txt`` and the pip
    list of its ``conda.yaml``) to :func:`~model.persistence.pinned_requirements`."""
    requirements = pinned_requirements()
    (folder / "requirements.txt").write_text("\n".join(requirements) + "\n")
    conda = folder / "conda.yaml"
    if conda.is_file():
        env = yaml.safe_load(conda.read_text())
        env["dependencies"] = [{"pip": requirements} if isinstance(d, dict) and "pip" in d else d
                               for d in env.get("dependencies", [])]
        conda.write_text(yaml.safe_dump(env, sort_keys=False))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="frontline-bundle", description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", default=CHAMPION_URI, help=f"model URI or folder (default {CHAMPION_URI})")
    args = parser.parse_args(argv)
    print(f"bundled {args.source} -> {bundle(args.source)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
