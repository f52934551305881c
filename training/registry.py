"""The champion gate: the registry alias moves only when a candidate beats the champion on dev gold."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from mlflow import MlflowClient
from mlflow.exceptions import MlflowException

from training.evaluate import metric_mean, metric_names


@dataclass(frozen=True)
class GateDecision:
    promoted: bool
    reason: str


Metric = str | Sequence[str]


def decide(candidate: dict[str, float], champion: dict[str, float] | None, metrics: Sequence[Metric]) -> GateDecision:
    """Promote when there is no champion, or when the candidate scores higher on the first of
    ``metrics`` on which the two differ (the later ones only break exact ties, as between models
    whose change leaves the first metric as it was). A metric given as a list of names is their mean;
    a metric measured for the candidate and not for the champion counts as lower for the champion."""
    if champion is None:
        return GateDecision(True, f"no champion yet; candidate {_name(metrics[0])}={_shown(metric_mean(candidate, metrics[0]))}")
    for i, metric in enumerate(metrics):
        mine, theirs = metric_mean(candidate, metric), metric_mean(champion, metric)
        if mine == theirs:
            continue
        won = mine is not None and (theirs is None or mine > theirs)
        tie = f"tie on {', '.join(map(_name, metrics[:i]))}; " if i else ""
        return GateDecision(won, f"{tie}candidate {_name(metric)}={_shown(mine)} {'beats' if won else 'does not beat'} "
                                 f"champion {_shown(theirs)}")
    return GateDecision(False, f"candidate ties the champion on {', '.join(map(_name, metrics))}: does not beat it")


def _name(metric: Metric) -> str:
    return metric if isinstance(metric, str) else "mean(" + ", ".join(metric) + ")"


def _shown(value: float | None) -> str:
    return "(not measured)" if value is None else f"{value:.4f}"


def gate(client: MlflowClient, model_name: str, version: str, alias: str, metrics: Sequence[Metric],
         candidate: dict[str, float], score: Callable[[str], dict[str, float]]) -> GateDecision:
    """Compare ``version`` with the current champion on ``metrics`` and move ``alias`` if it wins.

    The champion is scored anew, ``score(its models:/ URI)``, by the same code and on the same dev
    sets as the candidate: the metrics its run logged were measured by the code of its day, on the
    dev sets of its day, and a change that leaves short texts exactly as they were (such as a
    section model added to the champion) must tie on them to be judged by the next metric. A
    champion that cannot be loaded (its files fail the trust or checksum checks, no tracking store
    was configured explicitly, or older code wrote it) is judged by the metrics its run logged, and
    the reason says why."""
    try:
        champion = client.get_model_version_by_alias(model_name, alias)
    except MlflowException:
        champion = None
    scored, how = None, ""
    if champion is not None:
        try:
            scored, how = score(f"models:/{model_name}/{champion.version}"), "scored now"
        except Exception as error:  # the gate still decides, on the champion's record
            scored = logged_metrics(client, champion.run_id, metrics)
            how = f"its logged metrics: not re-scored, {type(error).__name__}: {error}"
    decision = decide(candidate, scored, metrics)
    if champion is not None:
        decision = GateDecision(decision.promoted, f"{decision.reason} (version {champion.version}, {how})")
    if decision.promoted:
        client.set_registered_model_alias(model_name, alias, version)
    return decision


def logged_metrics(client: MlflowClient, run_id: str | None, metrics: Sequence[Metric]) -> dict[str, float]:
    """The dev-gold ``metrics`` (names) run ``run_id`` logged (none without a run)."""
    logged = client.get_run(run_id).data.metrics if run_id else {}
    names = {name for metric in metrics for name in metric_names(metric)}
    return {m: logged[f"dev_{m}"] for m in names if f"dev_{m}" in logged}
