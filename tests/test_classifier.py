"""FrontlineClassifier on the tiny corpus: output contract, label consistency, long documents."""
import copy
import json

import numpy as np
import pandas as pd
import pytest

from conftest import tiny_records
from model.classifier import (
    FrontlineClassifier, OrdinalClassifier, decide, fit_temperature, output_columns, temperature_scaled, tune_thresholds,
)
from model.labels import INTENSITIES, PRIMARY_SECTORS, SECTORS


@pytest.fixture(scope="module")
def fitted():
    frame = pd.DataFrame(tiny_records(4))
    return FrontlineClassifier(min_df=1, max_features=2000, long_chars=400, section_min_chars=0).fit(frame, frame)


def test_output_contract(fitted):
    out = fitted.predict(["Assaults on Pokrovsk continued near Myrnohrad.", "Ministers discussed sanctions."])
    assert list(out.columns) == output_columns()
    scores = json.loads(out.loc[0, "sector_scores"])
    assert list(scores) == list(SECTORS) and abs(scores["pokrovsk"] - out.loc[0, "p_pokrovsk"]) < 1e-6
    assert abs(sum(json.loads(out.loc[0, "intensity_scores"]).values()) - 1) < 1e-5


def test_labels_are_consistent(fitted):
    out = fitted.predict(pd.DataFrame({"text": ["Parliament passed the budget.", "A missile hit Kyiv, killing 6 people."]}))
    assert (out.loc[0, "primary_sector"], out.loc[0, "sectors"], out.loc[0, "intensity"]) == ("none", "", "none")
    assert out.loc[1, "primary_sector"] in out.loc[1, "sectors"].split(";")
    assert out.loc[1, "intensity"] != "none"


def test_long_document_yields_each_sector_of_its_sections(fitted):
    kupiansk = "Russian troops attacked Ukrainian positions near Kupiansk 31 times; fighting continues in Kupiansk."
    pokrovsk = "Assaults on Pokrovsk continued: 33 attacks were repelled near Pokrovsk and Myrnohrad."
    report = "\n\n".join([kupiansk * 2, "Ministers discussed sanctions at the summit; talks continue.", pokrovsk * 2])
    out = fitted.predict([report]).iloc[0]
    assert set(out["sectors"].split(";")) == {"kupiansk", "pokrovsk"}
    assert set(json.loads(out["sector_intensity"])) == {"kupiansk", "pokrovsk"}


def test_a_batch_mixing_long_and_short_texts_scores_each_as_alone(fitted):
    report = "\n\n".join(["Russian troops attacked near Kupiansk 31 times; fighting continues in Kupiansk."] * 3
                         + ["Assaults on Pokrovsk continued: 33 attacks were repelled near Pokrovsk."] * 3)
    texts = ["Assaults on Pokrovsk continued near Myrnohrad.", report, "Ministers discussed sanctions.", report[:300]]
    batch = fitted.predict(texts)
    alone = pd.concat([fitted.predict([t]) for t in texts], ignore_index=True)
    pd.testing.assert_frame_equal(batch, alone)
    assert json.loads(batch.loc[1, "evidence"])["terms"]  # a long document's evidence reads its whole text


def test_no_rows_in_gives_no_rows_out(fitted):
    out = fitted.predict(pd.DataFrame({"text": [], "date": []}))
    assert list(out.columns) == output_columns() and len(out) == 0


@pytest.mark.parametrize("intensity, expected", [
    ([0.1, 0.2, 0.45, 0.25], "moderate"),  # the most probable level
    ([0.7, 0.1, 0.15, 0.05], "low"),  # "none" most probable: the median, at least low
    ([0.49, 0.03, 0.06, 0.42], "low"),  # not "high", the most probable of the others
    ([0.37, 0.03, 0.36, 0.24], "moderate"),  # not "low", the least probable
])
def test_decide_forces_primary_into_sectors_and_kinetic_intensity(intensity, expected):
    primary = np.zeros((1, len(PRIMARY_SECTORS)))
    primary[0, PRIMARY_SECTORS.index("lyman")] = 1
    sectors = np.zeros((1, len(SECTORS)))
    sectors[0, SECTORS.index("siversk")] = 0.9
    [(top, covered, level)] = decide(primary, sectors, np.array([intensity]), np.full(len(SECTORS), 0.5))
    assert (top, covered, INTENSITIES[level]) == ("lyman", ["lyman", "siversk"], expected)


def test_tune_thresholds_picks_the_separating_cut():
    proba = np.array([[0.9], [0.35], [0.3], [0.1], [0.05]])
    truth = np.array([[1], [1], [0], [0], [0]])
    assert 0.3 < tune_thresholds(proba, truth)[0] <= 0.35


def test_ordinal_probabilities_are_a_distribution():
    X = np.arange(40, dtype=float).reshape(-1, 1)
    y = np.repeat([0, 1, 2, 3], 10)
    proba = OrdinalClassifier().fit(X, y).predict_proba(X)
    assert np.allclose(proba.sum(axis=1), 1) and (proba >= 0).all()
    assert proba[0].argmax() == 0 and proba[-1].argmax() == 3


def test_long_document_primary_is_led_by_its_opening_sector(fitted):
    kupiansk = "Russian troops attacked Ukrainian positions near Kupiansk 31 times; fighting continues in Kupiansk. "
    pokrovsk = "Assaults on Pokrovsk continued: 33 attacks were repelled near Pokrovsk and Myrnohrad. "
    report = "\n\n".join([kupiansk * 3, pokrovsk * 4])  # the later section is longer (348 > 303 characters)
    by_length = fitted.set_params(lead_decay=1.0).predict([report]).iloc[0]["primary_sector"]
    by_lead = fitted.set_params(lead_decay=0.8).predict([report]).iloc[0]["primary_sector"]  # 303 > 0.8 * 348
    assert (by_length, by_lead) == ("pokrovsk", "kupiansk")


def test_models_saved_before_a_parameter_existed_predict_as_they_did(fitted):
    kupiansk = "Russian troops attacked Ukrainian positions near Kupiansk 31 times; fighting continues in Kupiansk. "
    pokrovsk = "Assaults on Pokrovsk continued: 33 attacks were repelled near Pokrovsk and Myrnohrad. "
    report = "\n\n".join([kupiansk * 3, pokrovsk * 4])
    state = dict(fitted.__getstate__())  # a copy: the state is the fixture's own __dict__
    for added in [*FrontlineClassifier.LEGACY_PARAMS, *FrontlineClassifier.LEGACY_FITTED]:
        del state[added]
    restored = FrontlineClassifier.__new__(FrontlineClassifier)
    restored.__setstate__(state)
    assert restored.lead_decay == 1.0 != FrontlineClassifier().lead_decay
    assert restored.intensity_temperature_ == 1.0 and restored.sector_level_model_ is None
    assert restored.predict([report]).iloc[0]["primary_sector"] == "pokrovsk"  # by length, as before lead_decay


def test_temperature_recovers_underconfidence_and_keeps_decisions():
    rng = np.random.default_rng(0)
    logits = rng.normal(scale=2.0, size=(4000, 4))
    true_p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    truth = np.array([rng.choice(4, p=row) for row in true_p])
    underconfident = temperature_scaled(true_p, 2.0)
    temperature = fit_temperature(underconfident, truth)
    assert 0.4 < temperature < 0.6
    calibrated = temperature_scaled(underconfident, temperature)
    assert (calibrated.argmax(axis=1) == underconfident.argmax(axis=1)).all()
    assert np.allclose(calibrated.sum(axis=1), 1)


def test_temperature_changes_intensity_probabilities_not_labels(fitted):
    from model.classifier import _level_proba

    Z = fitted.transform(pd.DataFrame(tiny_records(1)))
    raw, calibrated = _level_proba(fitted.intensity_, fitted._intensity_columns(Z)), fitted.intensity_proba(Z)
    assert fitted.intensity_temperature_ != 1.0 and not np.allclose(raw, calibrated)
    assert (raw.argmax(axis=1) == calibrated.argmax(axis=1)).all()


def test_calibration_leaves_a_scarce_level_to_the_svm_s_own_cross_validation():
    frame = pd.DataFrame(tiny_records(6))
    frame = frame.drop(frame[frame["intensity"] == "none"].index[3:]).reset_index(drop=True)  # 3 items of "none"
    model = FrontlineClassifier(min_df=1, max_features=2000, linear="svm", threshold_folds=1).fit(frame, frame)
    assert model.intensity_temperature_ == 1.0
    assert set(model.predict(frame)["intensity"]) <= set(INTENSITIES)


def test_ordinal_intensity_model_fits_calibrates_and_predicts():
    frame = pd.DataFrame(tiny_records(4))
    model = FrontlineClassifier(min_df=1, max_features=2000, intensity_model="ordinal").fit(frame, frame)
    assert isinstance(model.intensity_, OrdinalClassifier)
    proba = model.intensity_proba(model.transform(frame))
    assert np.allclose(proba.sum(axis=1), 1)
    assert set(model.predict(frame)["intensity"]) <= set(INTENSITIES)


def test_long_document_drops_a_sector_whose_places_it_never_names(fitted):
    kupiansk = "Russian troops attacked Ukrainian positions near Kupiansk 31 times; fighting continues in Kupiansk."
    pokrovsk = "Assaults on Pokrovsk continued: 33 attacks were repelled near Pokrovsk and Myrnohrad."
    strike = "A missile hit an apartment block{}, killing 6 people and injuring many."
    assert fitted.predict([strike.format("")]).iloc[0]["primary_sector"] == "rear_strike"  # its words alone say so
    unnamed, named = ("\n\n".join([kupiansk * 2, strike.format(place), pokrovsk * 2]) for place in ("", " in Kyiv"))
    assert len(unnamed) > fitted.long_chars  # scored by sections
    assert fitted.predict([unnamed]).iloc[0]["sectors"] == "kupiansk;pokrovsk"
    assert fitted.predict([named]).iloc[0]["sectors"] == "kupiansk;pokrovsk;rear_strike"


@pytest.fixture(scope="module")
def with_silver():
    """Gold tiny records, and silver items about a sector the gold ones never name."""
    gold = pd.DataFrame(tiny_records(4)).assign(source="pages")
    silver = pd.DataFrame([{**gold.iloc[0].to_dict(), "id": f"s-{i}", "source": "silver", "text": f"{SEA} Report {i}.",
                            "sectors": ["crimea_black_sea"], "primary_sector": "crimea_black_sea", "intensity": "moderate"}
                           for i in range(8)])
    return gold, pd.concat([gold, silver], ignore_index=True)


SEA = "Naval drones struck a landing ship of the Black Sea Fleet at Sevastopol, damaging it."
SECTIONED = dict(min_df=1, max_features=2000, long_chars=400, section_min_chars=0)


def test_items_of_section_sources_train_only_the_model_that_scores_long_documents_sections(with_silver):
    gold, both = with_silver
    model = FrontlineClassifier(section_sources=["silver"], **SECTIONED).fit(both, both)
    plain, everything = FrontlineClassifier(**SECTIONED).fit(gold, gold), FrontlineClassifier(**SECTIONED).fit(both, both)
    assert everything.section_model_ is None  # no section_sources: one model for all
    short = ["Assaults on Pokrovsk continued near Myrnohrad.", SEA]
    # short texts: exactly the model fitted on the other items; long ones: exactly the model fitted on all
    pd.testing.assert_frame_equal(model.predict(short), plain.predict(short))
    report = "\n\n".join([SEA * 3, "Ministers discussed sanctions at the summit; talks continue.", SEA * 2])
    pd.testing.assert_frame_equal(model.predict([report]), everything.predict([report]))
    assert model.predict([report]).iloc[0]["primary_sector"] == "crimea_black_sea" != plain.predict([report]).iloc[0]["primary_sector"]
    assert model.section_model_.get_params() == {**model.get_params(), "section_sources": ()}


def test_section_sources_fit_by_position_whatever_the_index_and_refuse_input_without_sources(with_silver):
    _, both = with_silver
    shuffled = both.sample(frac=1, random_state=3)
    X, y = shuffled.set_index(shuffled.index + 1000), shuffled.reset_index(drop=True)
    texts = ["Assaults on Pokrovsk continued near Myrnohrad.", "\n\n".join([SEA * 3, "Talks continue."] * 2)]
    a = FrontlineClassifier(section_sources="silver", **SECTIONED).fit(X, y).predict(texts)
    b = FrontlineClassifier(section_sources=("silver",), **SECTIONED).fit(shuffled.reset_index(drop=True), y).predict(texts)
    pd.testing.assert_frame_equal(a, b)
    with pytest.raises(ValueError, match="needs a 'source' column"):
        FrontlineClassifier(section_sources=["silver"], **SECTIONED).fit(both.drop(columns="source"), both)


def test_a_fitted_model_gains_a_section_model_and_keeps_the_rest(with_silver):
    gold, both = with_silver
    plain = FrontlineClassifier(**SECTIONED).fit(gold, gold)
    before = copy.deepcopy(plain)
    added = plain.fit_sections(both, both)
    at_once = FrontlineClassifier(section_sources=["silver"], **SECTIONED).fit(both, both)
    short = ["Assaults on Pokrovsk continued near Myrnohrad.", SEA]
    report = "\n\n".join([SEA * 3, "Ministers discussed sanctions at the summit; talks continue.", SEA * 2])
    pd.testing.assert_frame_equal(added.predict(short), before.predict(short))  # short texts as before
    pd.testing.assert_frame_equal(added.predict([report]), at_once.predict([report]))  # long ones as a joint fit
    assert added.predict([report]).iloc[0]["primary_sector"] != before.predict([report]).iloc[0]["primary_sector"]


def test_short_texts_in_the_style_of_routed_sources_are_scored_by_the_section_model(with_silver):
    gold, both = with_silver
    sea_reports = pd.DataFrame([{**gold.iloc[0].to_dict(), "id": f"g-{i}", "source": "isw", "text": f"{SEA} Update {i}.",
                                 "sectors": ["crimea_black_sea"], "primary_sector": "crimea_black_sea"} for i in range(4)])
    data = pd.concat([both, sea_reports], ignore_index=True)
    routed = FrontlineClassifier(section_sources=["silver"], routed_sources=["isw"], **SECTIONED).fit(data, data)
    plain = FrontlineClassifier(section_sources=["silver"], **SECTIONED).fit(data, data)
    news = "Assaults on Pokrovsk continued near Myrnohrad."
    assert plain.router_ is None and list(routed.router_.predict(routed.transform([news, SEA]))) == [False, True]
    mixed = routed.predict([news, SEA])  # one batch, each row scored by its own model
    pd.testing.assert_frame_equal(mixed.iloc[[0]], plain.predict([news]))
    pd.testing.assert_frame_equal(mixed.iloc[[1]].reset_index(drop=True), routed.section_model_.predict([SEA]))
    assert not mixed.iloc[[1]].reset_index(drop=True).equals(plain.predict([SEA]))


def test_routing_refuses_sources_it_cannot_learn_from(with_silver):
    gold, both = with_silver
    with pytest.raises(ValueError, match="no item has a source in section_sources"):
        FrontlineClassifier(section_sources=["silver"], routed_sources=["pages"], **SECTIONED).fit(gold, gold)
    with pytest.raises(ValueError, match=r"needs items of routed_sources \['isw'\] \(found 0\)"):
        FrontlineClassifier(section_sources=["silver"], routed_sources=["isw"], **SECTIONED).fit(both, both)
    with pytest.raises(ValueError, match=r"and items of other sources \(found 0\)"):
        FrontlineClassifier(section_sources=["silver"], routed_sources=["pages"], **SECTIONED).fit(both, both)
