"""Experiment configuration: ``experiments/*.yaml`` loaded into one typed object.

Relative data paths in a config file are resolved against the file's own folder, so a config
works from any working directory. ``--set section.key=value`` overrides one field.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml


@dataclass
class DataConfig:
    train: str = "../../shared/data/train.jsonl"
    dev: str = "../../shared/data/dev.jsonl"
    dev_long: str | None = "../../shared/data/dev_long.jsonl"
    #: unlabelled corpora to weakly label and add to training (see training/weak.py)
    weak: list[str] = field(default_factory=list)
    #: silver label files (labels by annotators, texts in ``silver_corpus``; see training/silver.py)
    silver: list[str] = field(default_factory=list)
    silver_corpus: str = "../../shared/corpora/isw_assessments_2022_2023/isw_reports.jsonl.gz"
    #: whole reports labelled as documents (texts in ``silver_corpus``): scored like dev_long, logged
    #: as ``silver_docs_*``, and their dates, like dev's, give no weak or silver training item
    silver_documents: list[str] = field(default_factory=list)


@dataclass
class ModelConfig:
    #: ``frontline`` (the learned classifier), ``rules`` (gazetteer + lexicon) or ``majority``.
    kind: str = "frontline"
    params: dict[str, Any] = field(default_factory=dict)
    #: a fitted model to start from instead of fitting one (a model folder, relative to the config
    #: file like every path here, or a ``models:/``/``runs:/`` URI with MLFLOW_TRACKING_URI set): it
    #: is kept as it is, and only a section model (and router, ``params.routed_sources``) is fitted
    #: when ``params.section_sources`` names sources. Its own parameters hold: other ``params`` must
    #: match them, and it takes no tuning grid and no cross-validation.
    base: str | None = None


@dataclass
class EvaluationConfig:
    cv_folds: int = 0
    seed: int = 0


@dataclass
class TuningConfig:
    #: parameter name → list of candidate values; empty means no tuning.
    grid: dict[str, list] = field(default_factory=dict)
    folds: int = 3
    #: the cross-validated metric candidates are ranked by; a list ranks them by the mean.
    metric: str | list[str] = "primary_macro_f1"


@dataclass
class RegistryConfig:
    model_name: str = "frontline"
    register: bool = True
    champion_alias: str = "champion"
    #: the dev-gold metric the champion gate ranks by; a list ranks by the mean (the default weighs the
    #: two labels a user reads: the primary sector and the intensity).
    champion_metric: str | list[str] = field(default_factory=lambda: ["primary_macro_f1", "intensity_qwk"])
    #: dev-gold metrics that decide, in order, between a candidate and a champion exactly equal on
    #: ``champion_metric`` (as a champion and the same model given a section model are: it changes
    #: long documents only, which dev_long's per-sector QWK and set micro-F1 then judge).
    tie_breakers: list[str] = field(default_factory=lambda: ["multi_sector_intensity_qwk", "long_sector_intensity_qwk",
                                                             "long_set_micro_f1"])


@dataclass
class ExperimentConfig:
    name: str = "frontline"
    description: str = ""
    data: DataConfig = field(default_factory=DataConfig)
    model: ModelConfig = field(default_factory=ModelConfig)
    evaluation: EvaluationConfig = field(default_factory=EvaluationConfig)
    tuning: TuningConfig = field(default_factory=TuningConfig)
    registry: RegistryConfig = field(default_factory=RegistryConfig)
    #: folder the relative paths are resolved against (the config file's folder).
    base_dir: str = "."

    def path(self, relative: str) -> Path:
        """A data path of this config, resolved against its file's folder."""
        return (Path(self.base_dir) / relative).resolve()

    def flat(self) -> dict[str, Any]:
        """Dotted key → value, for logging as MLflow parameters."""
        out: dict[str, Any] = {}

        def walk(prefix: str, value: Any) -> None:
            if isinstance(value, dict):
                for key, item in value.items():
                    walk(f"{prefix}.{key}" if prefix else str(key), item)
            else:
                out[prefix] = value

        walk("", {k: v for k, v in dataclasses.asdict(self).items() if k != "base_dir"})
        return out


def _build(cls, values: dict[str, Any], where: str):
    """Instantiate dataclass ``cls`` from ``values``, refusing unknown keys."""
    known = {f.name: f for f in dataclasses.fields(cls)}
    unknown = set(values) - set(known)
    if unknown:
        raise ValueError(f"{where}: unknown key(s) {sorted(unknown)}; expected {sorted(known)}")
    kwargs = {}
    for name, value in values.items():
        kind = known[name].type
        nested = {"DataConfig": DataConfig, "ModelConfig": ModelConfig, "EvaluationConfig": EvaluationConfig,
                  "TuningConfig": TuningConfig, "RegistryConfig": RegistryConfig}.get(str(kind))
        kwargs[name] = _build(nested, value or {}, f"{where}.{name}") if nested else value
    return cls(**kwargs)


def _override(tree: dict, assignment: str) -> None:
    """Apply one ``a.b.c=value`` (value parsed as YAML) to a nested dict."""
    key, sep, raw = assignment.partition("=")
    if not sep:
        raise ValueError(f"--set takes key=value, got {assignment!r}")
    *parents, leaf = key.strip().split(".")
    node = tree
    for part in parents:
        node = node.setdefault(part, {})
    node[leaf] = yaml.safe_load(raw)


def load_config(path: str | Path, overrides: list[str] = ()) -> ExperimentConfig:
    """Read an experiment file, apply ``overrides`` and return the typed config."""
    path = Path(path)
    tree = yaml.safe_load(path.read_text()) or {}
    for assignment in overrides:
        _override(tree, assignment)
    tree.setdefault("name", path.stem)
    config = _build(ExperimentConfig, tree, path.name)
    config.base_dir = str(path.parent.resolve())
    return config
