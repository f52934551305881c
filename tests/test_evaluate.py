"""training/evaluate.py: exact metric values on small hand-made gold and predicted frames.

Gold frames hold labels as in the corpus (``sectors`` a list, ``sector_intensity`` a mapping);
predicted frames hold them as the model writes them (``sectors`` ";"-joined, levels and intensity
scores as JSON). Every expected value below is counted by hand in the comments.
"""
import json

import pandas as pd
import pytest

from training.evaluate import evaluate, evaluate_documents

GOLD = pd.DataFrame({
    "primary_sector": ["kupiansk", "pokrovsk", "none", "lyman"],
    "sectors": [["kupiansk"], ["pokrovsk", "kostiantynivka"], [], ["lyman", "siversk"]],
    "intensity": ["high", "low", "none", "moderate"],
})
PREDICTED = pd.DataFrame({
    "primary_sector": ["kupiansk", "pokrovsk", "none", "kupiansk"],  # the last one wrong
    "sectors": ["kupiansk;lyman", "pokrovsk", "", "kupiansk;siversk"],
    "intensity": ["high", "moderate", "none", "moderate"],  # the second one a level too high
    "intensity_scores": [json.dumps(s) for s in [
        {"none": 0.0, "low": 0.0, "moderate": 0.15, "high": 0.85},  # confident, right
        {"none": 0.0, "low": 0.25, "moderate": 0.75, "high": 0.0},  # fairly confident, wrong
        {"none": 0.85, "low": 0.15, "moderate": 0.0, "high": 0.0},  # confident, right
        {"none": 0.0, "low": 0.35, "moderate": 0.65, "high": 0.0},  # unsure, right
    ]],
})


def test_evaluate_on_a_known_confusion():
    metrics, reports = evaluate(GOLD, PREDICTED)
    assert set(metrics) == {"primary_macro_f1", "primary_accuracy", "intensity_macro_f1", "intensity_accuracy",
                            "intensity_qwk", "intensity_mae", "set_precision", "set_recall", "set_micro_f1",
                            "set_macro_f1", "intensity_ece"}  # no gold sector levels: no multi-sector QWK
    assert metrics["primary_accuracy"] == pytest.approx(0.75)
    # over the gold primaries: kupiansk P 1/2 R 1 -> F1 2/3; lyman 0; none 1; pokrovsk 1
    assert metrics["primary_macro_f1"] == pytest.approx((2 / 3 + 0 + 1 + 1) / 4)
    # over all four levels: none 1; low 0; moderate P 1/2 R 1 -> 2/3; high 1
    assert metrics["intensity_macro_f1"] == pytest.approx((1 + 0 + 2 / 3 + 1) / 4)
    assert metrics["intensity_accuracy"] == pytest.approx(0.75)
    assert metrics["intensity_mae"] == pytest.approx(0.25)
    # ranks gold [3, 1, 0, 2], predicted [3, 2, 0, 2]: observed weighted disagreement 1;
    # expected: gold counts 1,1,1,1 x predicted counts 1,0,2,1 -> sum (i-j)^2 g_i p_j / 4 = 40 / 4
    assert metrics["intensity_qwk"] == pytest.approx(1 - 1 / 10)
    # (article, sector) pairs: tp 3 (kupiansk, pokrovsk, siversk), fp 2 (lyman, kupiansk), fn 2 (kostiantynivka, lyman)
    assert metrics["set_precision"] == pytest.approx(3 / 5) and metrics["set_recall"] == pytest.approx(3 / 5)
    assert metrics["set_micro_f1"] == pytest.approx(3 / 5)
    # per gold sector 2 tp / (gold + predicted): kupiansk 2/3, pokrovsk 1, kostiantynivka 0, lyman 0, siversk 1
    assert metrics["set_macro_f1"] == pytest.approx((2 / 3 + 1 + 0 + 0 + 1) / 5)
    # confidence 0.85 (2 right), 0.75 (wrong), 0.65 (right), each in its own bin
    assert metrics["intensity_ece"] == pytest.approx(0.5 * 0.15 + 0.25 * 0.75 + 0.25 * 0.35)
    assert "lyman" in reports["primary_sector"] and "moderate" in reports["intensity"]


def test_evaluate_of_a_perfect_prediction():
    perfect = GOLD.assign(sectors=[";".join(s) for s in GOLD["sectors"]])
    metrics, _ = evaluate(GOLD, perfect)
    for name in ("primary_accuracy", "primary_macro_f1", "intensity_accuracy", "intensity_qwk", "set_micro_f1",
                 "set_macro_f1", "set_precision", "set_recall"):
        assert metrics[name] == pytest.approx(1.0), name
    assert metrics["intensity_mae"] == 0.0
    # intensity macro-F1 averages all four levels, and every level occurs in GOLD
    assert metrics["intensity_macro_f1"] == pytest.approx(1.0)


def test_evaluate_documents_on_a_known_confusion():
    gold = pd.DataFrame({
        "primary_sector": ["kupiansk", "lyman"],
        "sectors": [["kupiansk", "pokrovsk"], ["lyman", "siversk", "kramatorsk"]],
        "intensity": ["high", "moderate"],
        "sector_intensity": [{"kupiansk": "high", "pokrovsk": "low"}, {"lyman": "moderate"}],  # the others: moderate
    })
    predicted = pd.DataFrame({
        "primary_sector": ["pokrovsk", "lyman"],
        "sectors": ["kupiansk;pokrovsk", "lyman;siversk;kupiansk"],
        "intensity": ["high", "moderate"],
        "sector_intensity": [json.dumps({"kupiansk": "high", "pokrovsk": "moderate"}),
                             json.dumps({"lyman": "moderate", "siversk": "low", "kupiansk": "high"})],
    })
    metrics = evaluate_documents(gold, predicted)
    assert set(metrics) == {"set_precision", "set_recall", "set_micro_f1", "set_macro_f1", "primary_accuracy",
                            "sector_intensity_qwk"}
    assert metrics["primary_accuracy"] == pytest.approx(0.5)
    # tp 4, fp 1 (kupiansk in the second), fn 1 (kramatorsk)
    assert metrics["set_micro_f1"] == pytest.approx(0.8)
    # kupiansk 2*1/(1+2), pokrovsk 1, lyman 1, siversk 1, kramatorsk 0
    assert metrics["set_macro_f1"] == pytest.approx((2 / 3 + 1 + 1 + 1 + 0) / 5)
    # gold pairs: kupiansk 3/3, pokrovsk 1/2, lyman 2/2, siversk 2/1, kramatorsk 2/0 (missed -> none);
    # observed 1 + 1 + 4 = 6; gold counts (0,1,3,1) x predicted (1,1,2,1): sum (i-j)^2 g_i p_j / 5 = 40 / 5
    assert metrics["sector_intensity_qwk"] == pytest.approx(1 - 6 / 8)
    perfect = predicted.assign(primary_sector=gold["primary_sector"], sectors=[";".join(s) for s in gold["sectors"]],
                               sector_intensity=[json.dumps(gold["sector_intensity"][0]),
                                                 json.dumps({s: "moderate" for s in gold["sectors"][1]})])
    assert evaluate_documents(gold, perfect) == pytest.approx(dict.fromkeys(metrics, 1.0))


def test_frontline_evaluate_prints_a_saved_model_s_metrics_on_gold_files(tmp_path, capsys):
    from training.evaluate import main

    items = [
        {"id": "a", "text": "In the Pokrovsk direction, the enemy attacked 43 times near Myrnohrad and Rodynske.",
         "sectors": ["pokrovsk"], "primary_sector": "pokrovsk", "intensity": "high"},
        {"id": "b", "text": "The EU agreed a new package of sanctions against Russian banks on Friday.",
         "sectors": [], "primary_sector": "none", "intensity": "none"},
    ]
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(item) + "\n" for item in items))
    assert main(["--dev", str(gold), "--long", str(gold)]) == 0  # the bundled model
    rows = dict(line.strip("|").split("|") for line in capsys.readouterr().out.splitlines()[2:])
    values = {name.strip(): float(value) for name, value in rows.items()}
    assert values["primary_accuracy"] == 1.0 and values["intensity_qwk"] == 1.0
    assert values["long_primary_accuracy"] == 1.0  # the same file read as documents
    assert main(["--dev", str(gold), "--long", ""]) == 0
    assert "long_" not in capsys.readouterr().out
    with pytest.raises(SystemExit):  # a missing gold file is a usage error, not a traceback
        main(["--dev", str(tmp_path / "missing.jsonl"), "--long", ""])
    assert "no gold file at" in capsys.readouterr().err
