"""The training job: ``frontline-train experiments/X.yaml [--set key=value ...]``.

Fits the configured model on the training set, evaluates it on dev gold, and logs everything
to MLflow: parameters, metrics, reports, and the model as a pyfunc registered under the
configured name, whose ``champion`` alias moves only when the candidate wins on dev gold.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

import mlflow
import pandas as pd
from mlflow.models import infer_signature

from model.baselines import MajorityClassifier, RulesClassifier
from model.classifier import FrontlineClassifier, of_sources
from model.loading import is_uri, load_model
from model.persistence import ARTIFACT, pinned_requirements, save_classifier
from model.pyfunc import FrontlinePyfunc
from training import registry
from training.config import ExperimentConfig, load_config
from training.crossval import cross_validate, summarise, tune
from training.corpus import labelled_dates
from training.data import load_frame
from training.evaluate import evaluate, evaluate_documents, metric_names, worst_errors
from training.plots import log_run_figures

EXPERIMENT = "frontline"
PACKAGE_DIR = Path(__file__).resolve().parent.parent / "model"


#: The parameters a run from ``model.base`` may set: what :meth:`FrontlineClassifier.fit_sections` fits.
ADDED_TO_BASE = ("section_sources", "routed_sources")


def base_params(classifier: FrontlineClassifier) -> dict:
    """``classifier``'s parameters less :data:`ADDED_TO_BASE`: its design fitted on gold alone,
    without a section model or router."""
    return {k: v for k, v in classifier.get_params().items() if k not in ADDED_TO_BASE}


ESTIMATORS = {"frontline": FrontlineClassifier, "majority": MajorityClassifier, "rules": RulesClassifier}


def build_estimator(config: ExperimentConfig, **overrides):
    """The estimator an experiment names, with its hyperparameters (and ``overrides``)."""
    if config.model.kind not in ESTIMATORS:
        raise ValueError(f"unknown model kind {config.model.kind!r}; expected one of {sorted(ESTIMATORS)}")
    params = {**config.model.params, **overrides}
    if "ngram_range" in params:
        params["ngram_range"] = tuple(params["ngram_range"])
    if config.model.kind == "frontline":
        params.setdefault("random_state", config.evaluation.seed)
    return ESTIMATORS[config.model.kind](**params)


def training_frames(config: ExperimentConfig, documents: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """The gold training set, and the weak and silver labels the experiment adds (``data.weak``,
    ``data.silver``; None without them). Neither comes from a report on a date of a dev, dev_long
    or silver document item (``documents``, :func:`silver_documents`; dev items marked ``skip``
    included), and no silver paragraph is part of a silver document's text (the corpus holds some
    reports twice, under two dates); weak labels, which rules give to whole reports, leave out
    train's report dates too."""
    train = load_frame(config.path(config.data.train))
    if not (config.data.weak or config.data.silver):
        return train, None
    from training.silver import silver_frame
    from training.weak import weak_frame

    gold_files = [config.path(p) for p in (config.data.dev, config.data.dev_long) if p]
    documents = silver_documents(config) if documents is None else documents
    held_out = pd.concat([load_frame(p) for p in gold_files] + [train, documents], ignore_index=True)
    silver = silver_frame([config.path(p) for p in config.data.silver], config.path(config.data.silver_corpus),
                          labelled_dates(gold_files) | set(documents["date"]))
    documents_text = "\0".join(documents["text"])
    silver = silver[[text not in documents_text for text in silver["text"]]]
    extra = pd.concat([weak_frame([config.path(p) for p in config.data.weak], held_out), silver], ignore_index=True)
    return train, extra


def silver_documents(config: ExperimentConfig) -> pd.DataFrame:
    """The whole reports of ``data.silver_documents`` with their document labels (none configured: no rows)."""
    from training.silver import silver_frame

    return silver_frame([config.path(p) for p in config.data.silver_documents], config.path(config.data.silver_corpus), ())


def input_example() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "text": [
                "Russian forces attacked Ukrainian positions near Kupiansk 14 times over the past day.",
                "Parliament debated the budget and a new aid package.",
            ],
            "date": ["2025-11-11", None],
        }
    )


def _model_code(tmp: Path) -> Path:
    """A copy of the ``model`` package without bundled models, to ship as the pyfunc's code."""
    target = tmp / "model"
    shutil.copytree(PACKAGE_DIR, target, ignore=shutil.ignore_patterns("bundled", "__pycache__", "*.pyc"))
    return target


def log_pyfunc(classifier, config: ExperimentConfig, tmp: Path):
    """Log ``classifier`` as a pyfunc model (joblib artifact + the model package) and register it."""
    classifier_dir = tmp / ARTIFACT
    save_classifier(classifier, classifier_dir)
    example = input_example()
    signature = infer_signature(example, classifier.predict(example))
    return mlflow.pyfunc.log_model(
        name="model",
        python_model=FrontlinePyfunc(),
        artifacts={ARTIFACT: str(classifier_dir)},
        code_paths=[str(_model_code(tmp))],
        signature=signature,
        input_example=example,
        registered_model_name=config.registry.model_name if config.registry.register else None,
        pip_requirements=pinned_requirements(),
    )


def run(config: ExperimentConfig) -> dict:
    """Fit, evaluate and log one experiment; return the MLflow run id, metrics and gate decision."""
    dev, documents = load_frame(config.path(config.data.dev)), silver_documents(config)
    mlflow.set_experiment(EXPERIMENT)
    with mlflow.start_run(run_name=config.name) as active, tempfile.TemporaryDirectory() as tmp:
        train, extra = training_frames(config, documents)
        if extra is not None:
            mlflow.log_params({"weak_items": int((extra["source"] != "silver").sum()), "silver_items": int((extra["source"] == "silver").sum())})
        mlflow.log_params({k: json.dumps(v) if isinstance(v, (list, dict)) else v for k, v in config.flat().items()})
        mlflow.log_params({"train_items": len(train) + (0 if extra is None else len(extra)), "gold_train_items": len(train),
                           "dev_items": len(dev)})
        estimator = _fitted(config, train, extra)
        result = {"run_id": active.info.run_id, "metrics": _evaluated(estimator, config, dev, documents)}
        if config.model.kind == "frontline":  # baselines are measured, not shipped
            result.update(_shipped(estimator, config, result["metrics"], Path(tmp), dev))
    return result


def _fitted(config: ExperimentConfig, train: pd.DataFrame, extra: pd.DataFrame | None = None):
    """The experiment's estimator fitted on ``train`` (gold) and ``extra`` (weak or silver labels),
    its hyperparameters tuned and its cross-validated metrics logged first when the config asks for
    them (folds of gold; ``extra`` joins each fold's fitting data)."""
    if config.model.base:
        return _from_base(config, pd.concat([train, extra], ignore_index=True))
    chosen = _tuned_params(config, train, extra)
    if config.evaluation.cv_folds > 1:
        mlflow.log_metrics(cross_validate(lambda: build_estimator(config, **chosen), train,
                                          config.evaluation.cv_folds, config.evaluation.seed, extra=extra))
    data = pd.concat([train, extra], ignore_index=True)
    return build_estimator(config, **chosen).fit(data, data)


def _from_base(config: ExperimentConfig, data: pd.DataFrame) -> FrontlineClassifier:
    """The fitted model of ``model.base``, with a section model (and, with ``params.routed_sources``,
    the router of short texts to it) fitted on ``data`` when ``params.section_sources`` names sources."""
    if config.model.kind != "frontline":
        raise ValueError(f"model.base needs model.kind frontline, not {config.model.kind!r}")
    if config.tuning.grid or config.evaluation.cv_folds > 1:
        raise ValueError("model.base keeps a fitted model: it takes no tuning.grid and no evaluation.cv_folds")
    base = config.model.base
    classifier = load_model(base if is_uri(base) else str(config.path(base)))
    own = classifier.get_params()
    differ = {k: v for k, v in config.model.params.items() if k not in ADDED_TO_BASE and _plain(v) != _plain(own.get(k))}
    if differ:
        raise ValueError(f"model.base keeps its own parameters; the config's differ: {differ} (the base's: "
                         f"{ {k: own.get(k) for k in differ} })")
    sources, routed = (config.model.params.get(k) or () for k in ADDED_TO_BASE)
    if routed and not sources:
        raise ValueError("routed_sources routes short texts to a section model: it needs section_sources")
    if sources:
        sources = [sources] if isinstance(sources, str) else list(sources)
        if not of_sources(data, sources, "section_sources").any():
            raise ValueError(f"no training item has a source in section_sources {sources}")
        classifier.set_params(section_sources=sources, routed_sources=routed).fit_sections(data, data)
    return classifier


def _plain(value):
    """A parameter's value as a config file writes it (a tuple as a list)."""
    return list(value) if isinstance(value, tuple) else value


def _scores(estimator, config: ExperimentConfig, dev: pd.DataFrame) -> dict[str, float]:
    """The metrics the champion gate compares: dev's, and ``long_*`` on dev_long's documents."""
    metrics, _ = evaluate(dev, estimator.predict(dev))
    return {**metrics, **_long_scores(estimator, config)}


def _long_scores(estimator, config: ExperimentConfig) -> dict[str, float]:
    """Document-level metrics on dev_long, as ``long_*`` (none without a dev_long file)."""
    if not config.data.dev_long:
        return {}
    long_gold = load_frame(config.path(config.data.dev_long))
    return {f"long_{k}": v for k, v in evaluate_documents(long_gold, estimator.predict(long_gold)).items()}


def _evaluated(estimator, config: ExperimentConfig, dev: pd.DataFrame, documents: pd.DataFrame) -> dict[str, float]:
    """Metrics on dev gold (and ``long_*`` on dev_long documents), logged with the reports, the
    figures and the model card; returned for the gate. Logged too, not returned: ``silver_docs_*``
    on the silver-labelled ``documents`` (:func:`silver_documents`)."""
    predicted = estimator.predict(dev)
    metrics, reports = evaluate(dev, predicted)
    mlflow.log_metrics({f"dev_{k}": v for k, v in metrics.items()})
    for name, text in reports.items():
        mlflow.log_text(text, f"reports/dev_{name}.txt")
    mlflow.log_text(worst_errors(dev, predicted), "reports/dev_worst_errors.md")
    long_metrics = _long_scores(estimator, config)
    mlflow.log_metrics({f"dev_{k}": v for k, v in long_metrics.items()})
    metrics.update(long_metrics)
    if len(documents):  # annotators' labels, not gold: logged, never gated on
        mlflow.log_metrics({f"silver_docs_{k}": v for k, v in evaluate_documents(documents, estimator.predict(documents)).items()})
    log_run_figures(dev, predicted, metrics, config.flat())
    return metrics


def _shipped(estimator, config: ExperimentConfig, metrics: dict[str, float], tmp: Path, dev: pd.DataFrame) -> dict:
    """Log the model as a pyfunc, register it and let the champion gate decide on ``metrics`` (the
    champion scored on ``dev`` and dev_long by this code)."""
    logged = log_pyfunc(estimator, config, tmp)
    shipped = {"model_uri": logged.model_uri}
    if config.registry.register and logged.registered_model_version is not None:
        decision = registry.gate(
            mlflow.MlflowClient(), config.registry.model_name, str(logged.registered_model_version),
            config.registry.champion_alias, [config.registry.champion_metric, *metric_names(config.registry.tie_breakers)], metrics,
            score=lambda uri: _scores(load_model(uri), config, dev),
        )
        mlflow.set_tags({"champion_gate": "promoted" if decision.promoted else "kept", "champion_gate_reason": decision.reason})
        shipped.update(version=logged.registered_model_version, gate=decision.reason)
    return shipped


def _tuned_params(config: ExperimentConfig, train: pd.DataFrame, extra: pd.DataFrame | None = None) -> dict:
    """Hyperparameters chosen by cross-validation on the training data (empty without a grid)."""
    if not config.tuning.grid:
        return {}
    best, results = tune(lambda params: build_estimator(config, **params), train, config.tuning.grid,
                         config.tuning.folds, config.tuning.metric, config.evaluation.seed, extra=extra)
    mlflow.log_params({f"tuned.{k}": v for k, v in best.items()})
    mlflow.log_text(summarise(results, config.tuning.metric), "reports/tuning.md")
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="frontline-train", description=__doc__.splitlines()[0])
    parser.add_argument("config", help="experiment file, e.g. experiments/baseline.yaml")
    parser.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE",
                        help="override a config field, e.g. --set model.params.C_primary=3")
    args = parser.parse_args(argv)
    result = run(load_config(args.config, args.overrides))
    print(f"run {result['run_id']}")
    for key, value in result["metrics"].items():
        print(f"  dev {key:<22} {value:.4f}")
    if "version" in result:
        print(f"registered version {result['version']}: {result['gate']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
