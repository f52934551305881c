"""The champion gate: the registry alias moves only when a candidate beats the champion on dev gold."""
from __future__ import annotations

from dataclasses import dataclass

from mlflow import MlflowClient
from mlflow.exceptions import MlflowException


@dataclass(frozen=True)
class GateDecision:
    promoted: bool
    reason: str
    candidate: float
    champion: float | None


def decide(candidate: float, champion: float | None, metric: str) -> GateDecision:
    """Promote when there is no champion or the candidate scores strictly higher on ``metric``."""
    if champion is None:
        return GateDecision(True, f"no champion yet; candidate {metric}={candidate:.4f}", candidate, None)
    if candidate > champion:
        return GateDecision(True, f"candidate {metric}={candidate:.4f} beats champion {champion:.4f}", candidate, champion)
    return GateDecision(False, f"candidate {metric}={candidate:.4f} does not beat champion {champion:.4f}", candidate, champion)


def champion_metric(client: MlflowClient, model_name: str, alias: str, metric: str) -> float | None:
    """The dev-gold ``metric`` of the run behind ``model_name@alias``, or None without a champion."""
    try:
        version = client.get_model_version_by_alias(model_name, alias)
    except MlflowException:
        return None
    if not version.run_id:
        return None
    return client.get_run(version.run_id).data.metrics.get(f"dev_{metric}")


def gate(client: MlflowClient, model_name: str, version: str, alias: str, metric: str, candidate: float) -> GateDecision:
    """Compare ``version`` with the current champion and move ``alias`` if it wins."""
    decision = decide(candidate, champion_metric(client, model_name, alias, metric), metric)
    if decision.promoted:
        client.set_registered_model_alias(model_name, alias, version)
    return decision
