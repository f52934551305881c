"""Markdown table of the latest MLflow run of each experiment config (dev-gold metrics, and the silver documents').

    python benchmarks/runs.py            # the store of MLFLOW_TRACKING_URI, else ./mlflow.db
"""
from __future__ import annotations

import argparse

import mlflow

COLUMNS = [
    ("primary macro-F1", "dev_primary_macro_f1"), ("primary acc.", "dev_primary_accuracy"),
    ("set micro-F1", "dev_set_micro_f1"), ("intensity macro-F1", "dev_intensity_macro_f1"),
    ("intensity QWK", "dev_intensity_qwk"), ("intensity MAE", "dev_intensity_mae"), ("intensity ECE", "dev_intensity_ece"),
    ("multi-sector per-sector QWK", "dev_multi_sector_intensity_qwk"),
    ("long set micro-F1", "dev_long_set_micro_f1"), ("long set macro-F1", "dev_long_set_macro_f1"),
    ("long primary acc.", "dev_long_primary_accuracy"), ("long per-sector QWK", "dev_long_sector_intensity_qwk"),
    # annotators' labels of 64 other reports (training/labels/isw_reports.jsonl), not gold
    ("silver docs set micro-F1", "silver_docs_set_micro_f1"), ("silver docs primary acc.", "silver_docs_primary_accuracy"),
    ("silver docs per-sector QWK", "silver_docs_sector_intensity_qwk"),
]


def table(experiment: str = "frontline") -> str:
    runs = mlflow.search_runs(experiment_names=[experiment], filter_string="attributes.status = 'FINISHED'",
                              order_by=["attributes.start_time DESC"])
    runs = runs[runs["tags.mlflow.parentRunId"].isna()] if "tags.mlflow.parentRunId" in runs else runs
    latest = runs.drop_duplicates("tags.mlflow.runName")
    lines = ["| experiment | train / dev items | " + " | ".join(name for name, _ in COLUMNS) + " |",
             "|---|---|" + "---:|" * len(COLUMNS)]
    for _, run in latest.iloc[::-1].iterrows():
        counts = f"{run.get('params.train_items', '?')} / {run.get('params.dev_items', '?')}"
        cells = [f"{run[f'metrics.{key}']:.3f}" if f"metrics.{key}" in run and run[f"metrics.{key}"] == run[f"metrics.{key}"] else "—"
                 for _, key in COLUMNS]
        lines.append(f"| {run['tags.mlflow.runName']} | {counts} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--experiment", default="frontline")
    print(table(parser.parse_args().experiment))
