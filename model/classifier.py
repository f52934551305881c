"""FrontlineClassifier: multi-label sectors with a primary, intensity overall and per sector.

It follows scikit-learn's estimator API: ``fit(X, y)`` with ``X`` a DataFrame of ``text``
(and optional ``date``) and ``y`` a DataFrame of labels (``sectors``, ``primary_sector``,
``intensity``); ``predict(X)`` returns one row of labels, probabilities and evidence per input.

A short text covering several sectors gets a level per sector from its sentences about each
(:mod:`model.sector_levels`). Long texts (daily assessments) are split into sections, each section
is scored, and the document takes the sectors its sections report with the highest intensity per
sector.
"""
from __future__ import annotations

import json
import math
from functools import partial

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import minimize_scalar
from sklearn.base import BaseEstimator, clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import FeatureUnion
from sklearn.svm import LinearSVC

from model.clean import main_text
from model.features import LexiconFeatures, TextFeatures, as_frame
from model.labels import INTENSITIES, NO_SECTOR, PRIMARY_SECTORS, SECTORS, covered_levels, join_sectors
from model.sections import split_sections
from model.bulletins import read_bulletin
from model.sector_levels import (
    SectorLevelModel, SectorPairs, consistent_levels, sector_count_ceilings, sector_count_levels, sentences_about,
)

_RANKS = np.arange(len(INTENSITIES))


def sector_matrix(sectors) -> np.ndarray:
    """Binary indicator matrix (n × len(SECTORS)) of lists of sector ids."""
    index = {s: i for i, s in enumerate(SECTORS)}
    out = np.zeros((len(sectors), len(SECTORS)), dtype=np.int8)
    for row, covered in enumerate(sectors):
        for sector in covered:
            out[row, index[sector]] = 1
    return out


class OrdinalClassifier(BaseEstimator):
    """Ordinal classification by cumulative binary models P(y > k) (Frank & Hall, 2001)."""

    def __init__(self, estimator=None, n_levels: int = len(INTENSITIES)):
        self.estimator = estimator
        self.n_levels = n_levels

    def fit(self, X, y):
        y = np.asarray(y)
        base = self.estimator if self.estimator is not None else LogisticRegression(max_iter=2000)
        splits = [(y > k).astype(int) for k in range(self.n_levels - 1)]
        # a split with one side empty (a level missing from the data) is a constant probability
        self.models_ = [clone(base).fit(X, split) if 0 < split.sum() < len(split) else float(split.mean())
                        for split in splits]
        return self

    def predict_proba(self, X) -> np.ndarray:
        above = np.column_stack([np.full(X.shape[0], m) if isinstance(m, float) else m.predict_proba(X)[:, 1]
                                 for m in self.models_])
        above = np.minimum.accumulate(above, axis=1)  # P(y>k) cannot grow with k
        cumulative = np.column_stack([np.ones(above.shape[0]), above, np.zeros(above.shape[0])])
        proba = np.clip(cumulative[:, :-1] - cumulative[:, 1:], 0.0, None)
        return proba / proba.sum(axis=1, keepdims=True)

    def predict(self, X) -> np.ndarray:
        return self.predict_proba(X).argmax(axis=1)


def temperature_scaled(proba: np.ndarray, temperature: float) -> np.ndarray:
    """Rows of ``proba`` raised to ``1 / temperature`` and renormalised (the order within a row stays)."""
    if temperature == 1.0:
        return proba
    logits = np.log(np.clip(proba, 1e-12, 1.0)) / temperature
    scaled = np.exp(logits - logits.max(axis=1, keepdims=True))
    return scaled / scaled.sum(axis=1, keepdims=True)


def fit_temperature(proba: np.ndarray, truth: np.ndarray) -> float:
    """The temperature that minimises the log loss of held-out probabilities (Guo et al., 2017)."""
    rows = np.arange(len(truth))

    def log_loss(temperature: float) -> float:
        return -float(np.mean(np.log(temperature_scaled(proba, temperature)[rows, truth] + 1e-12)))

    return float(minimize_scalar(log_loss, bounds=(0.1, 10.0), method="bounded").x)


def tune_thresholds(proba: np.ndarray, truth: np.ndarray, grid=np.arange(0.15, 0.80, 0.05)) -> np.ndarray:
    """Per-column probability threshold that maximises F1 on out-of-fold predictions."""
    best = np.full(proba.shape[1], 0.5)
    for j in range(proba.shape[1]):
        if truth[:, j].sum() == 0:
            continue
        scores = []
        for t in grid:
            chosen = proba[:, j] >= t
            tp = np.sum(chosen & (truth[:, j] == 1))
            scores.append(2 * tp / (chosen.sum() + truth[:, j].sum()))
        best[j] = grid[int(np.argmax(scores))]
    return best


class FrontlineClassifier(BaseEstimator):
    """Sectors (multi-label, with a primary) and intensity (ordinal) from article text.

    Parameters name the feature blocks (word n-grams, optional character n-grams, the
    intensity lexicon, the gazetteer's place evidence), the linear model (``logreg`` or a
    calibrated linear ``svm``), the intensity model (``multinomial`` or ``ordinal``), and how
    sector thresholds are chosen (``threshold_folds`` > 1: tuned by cross-validation), how
    intensity probabilities are calibrated (a temperature fitted on ``calibration_folds`` folds),
    and whether a text covering several sectors gets a level per sector from its sentences about
    each (``sector_levels``, see :mod:`model.sector_levels`; learned from the same folds).
    Items of ``section_sources`` train only the section model (:meth:`fit_sections`); short texts
    in the style of the items of ``routed_sources`` or ``section_sources`` are scored by it too.
    """

    def __init__(
        self,
        ngram_range=(1, 2),
        max_features=50_000,
        min_df=2,
        char_ngrams=False,
        lexicon=False,
        lexicon_scale=0.1,
        places=False,
        linear="logreg",
        C_primary=10.0,
        C_sectors=10.0,
        C_intensity=4.0,
        intensity_model="multinomial",
        class_weight="balanced",
        sector_threshold=0.5,
        threshold_folds=0,
        clean=True,
        long_chars=3000,
        section_min_chars=300,
        lead_decay=0.8,
        calibration_folds=3,
        sector_levels=True,
        section_sources=(),
        routed_sources=(),
        random_state=0,
    ):
        self.ngram_range = ngram_range
        self.max_features = max_features
        self.min_df = min_df
        self.char_ngrams = char_ngrams
        self.lexicon = lexicon
        self.lexicon_scale = lexicon_scale
        self.places = places
        self.linear = linear
        self.C_primary = C_primary
        self.C_sectors = C_sectors
        self.C_intensity = C_intensity
        self.intensity_model = intensity_model
        self.class_weight = class_weight
        self.sector_threshold = sector_threshold
        self.threshold_folds = threshold_folds
        self.clean = clean
        self.long_chars = long_chars
        self.section_min_chars = section_min_chars
        self.lead_decay = lead_decay
        self.calibration_folds = calibration_folds
        self.sector_levels = sector_levels
        self.section_sources = section_sources
        self.routed_sources = routed_sources
        self.random_state = random_state

    #: Parameters added after models were first saved, with the values that reproduce how a model
    #: saved before them behaves (their defaults may differ: a loaded model predicts as it did).
    LEGACY_PARAMS = {"lead_decay": 1.0, "calibration_folds": 0, "sector_levels": False, "section_sources": (),
                     "routed_sources": ()}
    #: Likewise for fitted attributes, when the saved model was fitted.
    LEGACY_FITTED = {"intensity_temperature_": 1.0, "sector_level_model_": None, "section_model_": None, "router_": None}

    def __setstate__(self, state):
        """Models saved before a parameter or fitted attribute existed load with its legacy value
        (:data:`LEGACY_PARAMS`, :data:`LEGACY_FITTED`)."""
        legacy = {**self.LEGACY_PARAMS, **(self.LEGACY_FITTED if "intensity_" in state else {})}
        super().__setstate__({**legacy, **state})

    # -- fitting -----------------------------------------------------------------------------
    def _features(self) -> FeatureUnion:
        blocks = [("text", TextFeatures(self.ngram_range, self.max_features, self.min_df, char_ngrams=self.char_ngrams))]
        if self.lexicon:
            blocks.append(("lexicon", LexiconFeatures(scale=self.lexicon_scale)))
        if self.places:
            from model.gazetteer import PlaceFeatures  # the place layer is optional

            blocks.append(("places", PlaceFeatures()))
        return FeatureUnion(blocks)

    def _linear(self, C: float, class_weight="inherit"):
        weight = self.class_weight if class_weight == "inherit" else class_weight
        if self.linear == "svm":
            svm = LinearSVC(C=C / 10, class_weight=weight, random_state=self.random_state)
            return CalibratedClassifierCV(svm, cv=3, method="sigmoid")
        if self.linear != "logreg":
            raise ValueError(f"linear must be 'logreg' or 'svm', not {self.linear!r}")
        return LogisticRegression(C=C, max_iter=3000, class_weight=weight, random_state=self.random_state)

    def _fit_sectors(self, Z, covered: np.ndarray) -> list:
        return [
            clone(self._linear(self.C_sectors)).fit(Z, covered[:, j]) if 0 < covered[:, j].sum() < len(covered) else None
            for j in range(len(SECTORS))
        ]

    def _prepared(self, X) -> pd.DataFrame:
        """Input rows with page clutter (menus, notices, related headlines) removed from the text."""
        frame = as_frame(X).reset_index(drop=True)
        if self.clean:
            frame = frame.assign(text=pd.Series([main_text(t) for t in frame["text"]], index=frame.index, dtype=object))
        return frame

    def fit(self, X, y: pd.DataFrame):
        """Fit on ``X`` (``text``, optional ``date`` and ``source``) and its labels ``y``. Items whose
        ``source`` is one of ``section_sources`` train only :attr:`section_model_`, a copy fitted on
        every item that scores the sections of long documents (see :meth:`_documents`) and gives
        their evidence and thresholds (:meth:`fit_sections`); other short texts, including the
        per-section rows ``predict.py --sections`` asks for, are scored by the model fitted on the
        other items, unless they read like the items of ``routed_sources`` (see :meth:`fit_sections`)."""
        X = as_frame(X)
        section_only = of_sources(X, self.section_sources, "section_sources")
        if self.routed_sources and not section_only.any():
            raise ValueError(f"routed_sources {self.routed_sources} routes short texts to a section model, and no item "
                             f"has a source in section_sources {self.section_sources} to fit one")
        self.section_model_, self.router_ = None, None
        self._fit_short(X[~section_only], pd.DataFrame(y)[~section_only])
        if section_only.any():
            self.fit_sections(X, y)
        return self

    def _fit_short(self, X: pd.DataFrame, y: pd.DataFrame) -> None:
        """The model of short texts: features, primary, sector and intensity models."""
        frame = self._prepared(X)
        self.features_ = self._features().fit(frame)
        Z = self.features_.transform(frame).tocsr()
        places = dict(getattr(self.features_, "transformer_list", [])).get("places")
        self.intensity_width_ = Z.shape[1] - (len(places.get_feature_names_out()) if places is not None else 0)
        self.primary_ = self._linear(self.C_primary).fit(Z, np.asarray(y["primary_sector"]))
        covered = sector_matrix(y["sectors"])
        self.sector_models_ = self._fit_sectors(Z, covered)
        self.thresholds_ = np.full(len(SECTORS), float(self.sector_threshold))
        if self.threshold_folds > 1:
            self.thresholds_ = tune_thresholds(self._out_of_fold_sectors(Z, covered), covered)
        levels = np.asarray([INTENSITIES.index(v) for v in y["intensity"]])
        intensity = self._linear(self.C_intensity)
        self.intensity_ = (OrdinalClassifier(intensity) if self.intensity_model == "ordinal" else intensity)
        self._fit_intensity(frame, Z, y, levels)

    def fit_sections(self, X, y: pd.DataFrame) -> "FrontlineClassifier":
        """Fit only :attr:`section_model_`, the model that scores long documents' sections: one with
        this model's parameters trained on every item of ``X`` (those of ``section_sources``
        included). With ``routed_sources``, also :attr:`router_`, which tells short texts in the
        style of those sources' items and of ``section_sources``' (ISW paragraphs, say) from the
        others (a logistic regression on this model's features, C = 10, probability 0.5: sources as
        distinct as ISW paragraphs and news pages need no tuning; on dev it routes 89 of the 93 ISW
        paragraphs and none of the 344 pages): the section model scores them. Called by :meth:`fit`;
        on a fitted model it adds both and keeps the rest, so a champion gains them without a refit
        (without ``routed_sources`` its short texts predict exactly as before)."""
        X = as_frame(X)
        style = None
        if self.routed_sources:
            routed = of_sources(X, self.routed_sources, "routed_sources")
            style = routed | of_sources(X, self.section_sources, "section_sources")
            if not routed.any() or style.all():
                raise ValueError(f"the router needs items of routed_sources {self.routed_sources} (found "
                                 f"{int(routed.sum())}) and items of other sources (found {int((~style).sum())})")
        self.section_model_ = clone(self).set_params(section_sources=(), routed_sources=()).fit(X, y)
        self.router_ = None
        if style is not None:
            self.router_ = LogisticRegression(C=10.0, max_iter=2000).fit(self.transform(self._prepared(X)), style)
        return self

    def _fit_intensity(self, frame: pd.DataFrame, Z, y: pd.DataFrame, levels: np.ndarray) -> None:
        """The intensity model, its temperature and the sector-level model.

        The temperature is fitted on out-of-fold predictions of the training data (labels do not
        change); the sector-level model on the out-of-fold, calibrated probabilities of every
        training item and of its sentences about each of its gold sectors. Both need at least two
        folds (see :meth:`_calibration_fold_count`): without them, temperature 1 and no sector levels.
        """
        X = self._intensity_columns(Z)
        n_folds = self._calibration_fold_count(levels)
        pairs, pair_levels = self._training_pairs(frame, y) if self.sector_levels and n_folds >= 2 else (None, None)
        self.intensity_temperature_, self.sector_level_model_ = 1.0, None
        if n_folds >= 2:
            blocks = [(X, np.arange(len(levels)))]
            if pairs is not None:  # each view scored by the fold model that did not see its item
                blocks.append((self._view_features(pairs), np.asarray(pairs.item)))
            scored = self._out_of_fold(n_folds, levels, lambda train: partial(
                _level_proba, clone(self.intensity_).fit(X[train], levels[train])), blocks)
            self.intensity_temperature_ = fit_temperature(scored[0], levels)
            if pairs is not None and len(np.unique(pair_levels)) > 1:  # one level everywhere: nothing to learn
                article, view = (temperature_scaled(p, self.intensity_temperature_) for p in scored)
                self.sector_level_model_ = SectorLevelModel().fit(pairs.features(article, view), pair_levels)
        self.intensity_.fit(X, levels)

    def _calibration_fold_count(self, levels: np.ndarray) -> int:
        """``calibration_folds``, fewer when the rarest level is scarce; below 2 (none) when a fold
        would leave the calibrated SVM's own 3-fold cross-validation fewer than 3 items of a level."""
        rarest = int(np.unique(levels, return_counts=True)[1].min())
        inner = 3 if self.linear == "svm" else 1
        n_folds = min(self.calibration_folds, rarest)
        while n_folds >= 2 and rarest - math.ceil(rarest / n_folds) < inner:  # smallest training part of a fold
            n_folds -= 1
        return n_folds

    def _intensity_columns(self, Z):
        """The features intensity is learned from: words and the lexicon, not the place evidence
        (where a report is says nothing about how intense the fighting it reports was)."""
        return Z[:, : self.intensity_width_]

    def _out_of_fold_sectors(self, Z, covered: np.ndarray) -> np.ndarray:
        """Sector probabilities of each training item from models that did not see it."""
        strata = covered.argmax(axis=1) + covered.any(axis=1)
        return self._out_of_fold(self.threshold_folds, strata, lambda train: partial(
            _sector_proba, self._fit_sectors(Z[train], covered[train])), [(Z, np.arange(len(strata)))])[0]

    def _out_of_fold(self, n_folds: int, strata: np.ndarray, fit, blocks) -> list[np.ndarray]:
        """Out-of-fold predictions over a stratified ``n_folds``-fold split of the training items.

        ``fit(train)`` returns a predictor fitted on those items; each block is (matrix, training
        item of each row), and every row is predicted by the fold model that did not see its item
        (the items' own rows, or rows derived from them such as their sector views).
        """
        out: list = [None] * len(blocks)
        for train, held in self._folds(n_folds, strata):
            predict = fit(train)
            for b, (matrix, item) in enumerate(blocks):
                rows = np.flatnonzero(np.isin(item, held))
                if len(rows):
                    part = predict(matrix[rows])
                    out[b] = np.zeros((matrix.shape[0], part.shape[1])) if out[b] is None else out[b]
                    out[b][rows] = part
        return [o if o is not None else np.zeros((m.shape[0], 0)) for o, (m, _) in zip(out, blocks)]

    def _folds(self, n_folds: int, strata: np.ndarray):
        """(train, held) index pairs of a stratified, shuffled ``n_folds``-fold split."""
        folds = StratifiedKFold(n_folds, shuffle=True, random_state=self.random_state)
        return folds.split(np.zeros(len(strata)), strata)

    # -- sector levels ------------------------------------------------------------------------
    def _training_pairs(self, frame: pd.DataFrame, y: pd.DataFrame) -> tuple[SectorPairs, np.ndarray]:
        """The (training item, gold sector) pairs and their gold levels."""
        pairs, levels = SectorPairs(), []
        own_levels = y["sector_intensity"] if "sector_intensity" in y else [None] * len(y)  # optional in y
        for item, (text, date, sectors, primary, level, own) in enumerate(zip(
                frame["text"], frame["date"], y["sectors"], y["primary_sector"], y["intensity"], own_levels)):
            pairs.add(item, text, date, list(sectors), primary)
            levels += [INTENSITIES.index(v) for v in covered_levels(sectors, level, own).values()]
        return pairs, np.asarray(levels)

    def _view_features(self, pairs: SectorPairs) -> sparse.csr_matrix:
        """The intensity model's columns for the pairs' views (every feature block but the places;
        the lexicon's from the counts the pairs already hold)."""
        frame = pd.DataFrame({"text": pairs.view, "date": None})
        if not hasattr(self.features_, "transformer_list"):  # one block (an encoder): the views go through it
            return self._intensity_columns(self.transform(frame))
        blocks = [block.transform_counts(pairs.counts) if name == "lexicon" else block.transform(frame)
                  for name, block in self.features_.transformer_list if name != "places"]
        return sparse.hstack([sparse.csr_matrix(b) for b in blocks]).tocsr()

    def _levels_per_sector(self) -> bool:
        """Whether texts covering several sectors get a level per sector: switched on
        (``set_params(sector_levels=False)`` turns it off) and a sector-level model fitted."""
        return bool(self.sector_levels) and self.sector_level_model_ is not None

    def _sector_levels(self, frame: pd.DataFrame, decisions, intensity: np.ndarray) -> list[dict | None]:
        """Per row, {sector: level} for the rows that cover several sectors, and for a row covering
        one whose own sentences' counts lift it (see :func:`_floored`); None for the others.

        A bulletin-form text covers what :meth:`~model.bulletins.Bulletin.covered` says, however weak a
        direction's probability: a General Staff update gives its Kursk-border paragraph as much room
        as its Pokrovsk one. The text's counts then set the levels (:func:`_counted_levels`)."""
        out: list[dict | None] = [None] * len(frame)
        if not self._levels_per_sector():
            return out
        texts, dates = frame["text"].tolist(), frame["date"].tolist()
        bulletins = [read_bulletin(text, date) for text, date in zip(texts, dates)]
        decisions = [(main, bulletin.covered(covered), level) if bulletin and main != NO_SECTOR else (main, covered, level)
                     for (main, covered, level), bulletin in zip(decisions, bulletins)]
        for i, (main, covered, level) in enumerate(decisions):
            if len(covered) == 1:
                out[i] = _floored(main, level, texts[i], dates[i])
        rows = [i for i, (_, covered, _) in enumerate(decisions) if len(covered) > 1]
        if not rows:
            return out
        pairs = SectorPairs()
        for i in rows:
            pairs.add(i, texts[i], dates[i], decisions[i][1], decisions[i][0])
        view = self._calibrated_intensity(self._view_features(pairs))
        proba = self.sector_level_model_.predict_proba(pairs.features(intensity, view))
        start = 0
        for i in rows:
            mine = slice(start, start + len(decisions[i][1]))
            levels = consistent_levels(proba[mine], decisions[i][2], pairs.floor[mine])
            counted = _counted_levels(dict(zip(pairs.sector[mine], levels)), texts[i], dates[i],
                                      dict(zip(pairs.sector[mine], pairs.floor[mine])), bulletins[i])
            out[i] = {sector: INTENSITIES[level] for sector, level in counted.items()}
            start = mine.stop
        return out

    # -- prediction --------------------------------------------------------------------------
    def transform(self, X) -> sparse.csr_matrix:
        """The feature matrix the classifiers see."""
        return self.features_.transform(as_frame(X)).tocsr()

    def primary_proba(self, Z) -> np.ndarray:
        """P(primary sector) over PRIMARY_SECTORS, columns in contract order."""
        return _proba_over(self.primary_, Z, PRIMARY_SECTORS)

    def sector_proba(self, Z) -> np.ndarray:
        """P(sector is covered), one independent probability per sector."""
        return _sector_proba(self.sector_models_, Z)

    def intensity_proba(self, Z) -> np.ndarray:
        """P(intensity level), columns in INTENSITIES order."""
        return self._calibrated_intensity(self._intensity_columns(Z))

    def _calibrated_intensity(self, X) -> np.ndarray:
        """Calibrated intensity probabilities from the intensity model's own columns."""
        return temperature_scaled(_level_proba(self.intensity_, X), self.intensity_temperature_)

    def predict(self, X) -> pd.DataFrame:
        """One row per input: labels, probabilities and evidence (see :func:`output_columns`).

        Texts longer than ``long_chars`` are scored section by section (see :meth:`_documents`);
        the whole text of such a document is read only for its evidence.
        """
        frame = self._prepared(X)
        n = len(frame)
        primary, covered = np.zeros((n, len(PRIMARY_SECTORS))), np.zeros((n, len(SECTORS)))
        intensity, levels, evidence = np.zeros((n, len(INTENSITIES))), [None] * n, [None] * n
        long = np.asarray([len(text) for text in frame["text"]], dtype=int) > self.long_chars
        short_rows, long_rows = np.flatnonzero(~long), np.flatnonzero(long)
        thresholds = np.tile(self.thresholds_, (n, 1))
        if len(short_rows):
            short = frame.iloc[short_rows]
            Z = self.transform(short)
            routed = self.router_.predict(Z).astype(bool) if self.router_ is not None else np.zeros(len(short_rows), bool)
            for model, mine, features in ((self, ~routed, Z[~routed] if routed.any() else Z), (self.section_model_, routed, None)):
                if mine.any():
                    rows, part = short_rows[mine], short.iloc[np.flatnonzero(mine)]
                    primary[rows], covered[rows], intensity[rows], own_levels, found = model._short_scores(part, features)
                    thresholds[rows] = model.thresholds_
                    for k, row in enumerate(rows):
                        levels[row], evidence[row] = own_levels[k], found[k]
        if len(long_rows):
            docs, scorer = frame.iloc[long_rows], self._section_scorer
            for row, doc, found in zip(long_rows, self._documents(docs), scorer._evidence(docs)):
                primary[row], covered[row], intensity[row], levels[row] = doc
                evidence[row] = found
            primary[long_rows] = self._bulletin_primaries(docs, primary[long_rows])
            thresholds[long_rows] = scorer.thresholds_  # the model the sections' probabilities came from
        return prediction_frame(primary, covered, intensity, thresholds, evidence, levels)

    def _short_scores(self, frame: pd.DataFrame, Z=None):
        """Short texts scored by this model: (primary, sector, intensity) probability rows, per-row
        sector levels (:meth:`_sector_levels`) and evidence; ``Z``: their features, if known."""
        Z = self.transform(frame) if Z is None else Z
        p, c, i = self._bulletin_primaries(frame, self.primary_proba(Z)), self.sector_proba(Z), self.intensity_proba(Z)
        return p, c, i, self._sector_levels(frame, decide(p, c, i, self.thresholds_), i), self._evidence(frame, Z)

    @property
    def _section_scorer(self) -> "FrontlineClassifier":
        """The model that scores the sections of long documents: :attr:`section_model_`, or this one."""
        return self.section_model_ or self

    def _bulletin_primaries(self, frame: pd.DataFrame, primary: np.ndarray) -> np.ndarray:
        """``primary`` (rows of primary-sector probabilities) where a bulletin's row is its own
        choice (:attr:`~model.bulletins.Bulletin.primary`; none: the most probable of its
        directions), where that leads over the model's (:meth:`~model.bulletins.Bulletin.leads_over`).
        With per-sector levels on."""
        if not self._levels_per_sector():
            return primary
        primary = primary.copy()
        for row, (text, date) in enumerate(zip(frame["text"], frame["date"])):
            bulletin = read_bulletin(text, date)
            if bulletin and bulletin.leads_over(PRIMARY_SECTORS[primary[row].argmax()]):
                main = bulletin.primary or max(bulletin.sectors, key=lambda s: primary[row, PRIMARY_SECTORS.index(s)])
                primary[row] = np.eye(len(PRIMARY_SECTORS))[PRIMARY_SECTORS.index(main)]
        return primary

    def _documents(self, docs: pd.DataFrame):
        """Score each document's sections and aggregate them (LABELS.md: a long report is split first).

        Each section is labelled like an article, by :attr:`section_model_` when there is one (a
        copy that also saw the items of ``section_sources``, such as silver-labelled paragraphs of
        daily assessments), else by this model: it covers its primary sector and any other sector
        past that sector's threshold. The document covers what its sections cover. A sector's level
        is the highest level of the sections about it; where a sector is only a section's secondary
        one, that section gives it one level less (at least ``low``): the section's level describes
        its main event (the sector-level model of short texts, tried on sections instead, gave
        dev_long per-sector QWK 0.345 against this rule's 0.387); with ``sector_levels`` on, a
        bulletin's directions are covered as in a short text (:meth:`~model.bulletins.Bulletin.covered`)
        and the text's counts cap and lift the levels (:func:`_counted_levels`); a sector the document
        names no place or direction of is dropped (:func:`_named_only`).
        The overall intensity is the highest sector level, and the primary sector is
        the one the most text is mainly about, the lead counting most: the k-th section with a
        sector weighs its length times ``lead_decay ** k`` (a report, like a news item, opens with
        its main story; in multi-sector training articles the first sector named is the primary
        one in 78% of cases). Returns, per document, its (primary, sector,
        intensity) probability rows and its per-sector levels.
        """
        pieces = [(d, s.text) for d, text in enumerate(docs["text"])
                  for s in split_sections(text, min_chars=self.section_min_chars)]
        sections = pd.DataFrame({"text": [t for _, t in pieces], "date": [docs["date"].iloc[d] for d, _ in pieces]})
        owner = np.asarray([d for d, _ in pieces])
        lengths = sections["text"].str.len().to_numpy()
        scorer = self._section_scorer
        Z = scorer.transform(sections)
        primary, covered, intensity = scorer.primary_proba(Z), scorer.sector_proba(Z), scorer.intensity_proba(Z)
        decisions = decide(primary, covered, intensity, scorer.thresholds_)
        for d, (text, date) in enumerate(zip(docs["text"], docs["date"])):
            rows = np.flatnonzero(owner == d)
            levels: dict[str, int] = {}
            weight, lead = np.zeros(len(PRIMARY_SECTORS)), 1.0
            for r in rows:
                main, sectors, level = decisions[r]
                weight[PRIMARY_SECTORS.index(main)] += lengths[r] * lead
                if main != NO_SECTOR:
                    lead *= self.lead_decay
                for sector in sectors:
                    own = level if sector == main else max(level - 1, 1)
                    levels[sector] = max(levels.get(sector, 0), own)
            if levels and self.sector_levels:
                bulletin = read_bulletin(text, date)
                if bulletin and self._levels_per_sector():
                    # a bulletin's directions as for short texts: one no section covers is at least ``low``
                    levels = {sector: levels.get(sector, 1) for sector in bulletin.covered(levels)}
                levels = _counted_levels(levels, text, date, sector_count_levels(text, date), bulletin)
                named = _named_only(levels, text, date)
                unnamed = [PRIMARY_SECTORS.index(sector) for sector in levels if sector not in named]
                if weight.sum() > weight[unnamed].sum():
                    weight[unnamed] = 0.0
                levels = named
            if levels:
                weight[PRIMARY_SECTORS.index(NO_SECTOR)] = 0.0
            doc_primary = weight / weight.sum() if weight.sum() else primary[rows].mean(axis=0)
            most_intense = intensity[rows][np.argmax(intensity[rows] @ _RANKS)]
            yield doc_primary, covered[rows].max(axis=0), most_intense, {s: INTENSITIES[v] for s, v in levels.items()}

    def _evidence(self, frame: pd.DataFrame, Z=None) -> list[dict]:
        """Per row: the places and directions matched (with their sectors) and the heaviest n-grams
        (of ``Z``, the rows' feature matrix, or of their word features when it is not given)."""
        from model.gazetteer import mention_evidence

        text_block = self.features_.transformer_list[0][1]
        words = text_block.word_transform(frame) if Z is None else Z[:, : text_block.n_features_]
        terms = text_block.top_terms(words)
        return [{"places": mention_evidence(text, date), "terms": top}
                for text, date, top in zip(frame["text"], frame["date"], terms)]


def of_sources(X: pd.DataFrame, sources, name: str) -> np.ndarray:
    """Whether each row of ``X`` is an item of ``sources`` (a name or several; ``name``: the
    parameter, for the error when ``X`` has no ``source`` column)."""
    sources = (sources,) if isinstance(sources, str) else tuple(sources)
    if sources and "source" not in X:
        raise ValueError(f"{name} {sources} needs a 'source' column in X; got columns {list(X.columns)}")
    return X["source"].isin(sources).to_numpy() if sources else np.zeros(len(X), bool)


def _counted_levels(levels: dict[str, int], text: str, date, floors: dict[str, int], bulletin) -> dict[str, int]:
    """``levels`` (rank per covered sector) as the text's counts make them: capped by a sector's
    stated attacks (:func:`~model.sector_levels.sector_count_ceilings`), then lifted to its
    ``floors``; a direction of ``bulletin`` (the text read by :func:`~model.bulletins.read_bulletin`,
    or None) has its report's level (:attr:`~model.bulletins.Bulletin.levels`, which caps too),
    lifted to its floor. Few training texts state counts: in 5-fold CV on train
    (fold seeds 0 / 1) these rules leave intensity QWK at 0.882 / 0.882 and move multi-sector
    per-sector QWK 0.381 / 0.363 -> 0.382 / 0.361; on helper-written 2025-26 reports they lift
    per-sector QWK by 0.12-0.24 (README, red teams of long reports)."""
    counted = bulletin.levels if bulletin else {}
    ceilings = sector_count_ceilings(text, date)
    return {sector: max(counted.get(sector, min(level, ceilings.get(sector, level))), floors.get(sector, 0))
            for sector, level in levels.items()}


def _named_only(levels: dict[str, int], text: str, date) -> dict[str, int]:
    """``levels`` less the sectors no sentence of ``text`` is about (:func:`~model.sector_levels.sentences_about`:
    no place or direction of theirs is named anywhere in the document, so only a section's words
    suggested them; on the long reports of dev_long, of the red teams and of the silver-labelled
    reports, 35 of 39 such sectors are not in the gold set), unless that leaves none (the gazetteer
    may not know a document's places)."""
    about = {sector for *_, sectors in sentences_about(text, date) for sector in sectors}
    return {sector: level for sector, level in levels.items() if sector in about} or levels


def _floored(sector: str, level: int, text: str, date) -> dict | None:
    """{sector: level} for a text covering one sector when the counts of the sentences naming it
    make it more intense than ``level`` (LABELS.md thresholds: "In the Siversk direction, 6 enemy
    attacks were stopped" is at least ``moderate``), else None. In 5-fold CV on train (two fold
    seeds) this lifts 12-13 texts, 9-10 of them to their gold level: intensity QWK +0.002,
    macro-F1 +0.004."""
    floor = sector_count_levels(text, date).get(sector, 0)
    return {sector: INTENSITIES[floor]} if floor > level else None


def _proba_over(model, Z, labels) -> np.ndarray:
    """``model``'s class probabilities laid out over all ``labels`` (unseen classes get 0)."""
    labels = list(labels)
    proba = np.zeros((Z.shape[0], len(labels)))
    proba[:, [labels.index(c) for c in model.classes_]] = model.predict_proba(Z)
    return proba


def _level_proba(model, Z) -> np.ndarray:
    """An intensity model's probabilities over all INTENSITIES levels."""
    if isinstance(model, OrdinalClassifier):
        return model.predict_proba(Z)
    return _proba_over(model, Z, range(len(INTENSITIES)))


def _sector_proba(models, Z) -> np.ndarray:
    return np.column_stack([m.predict_proba(Z)[:, 1] if m is not None else np.zeros(Z.shape[0]) for m in models])


def decide(primary_p: np.ndarray, sector_p: np.ndarray, intensity_p: np.ndarray, thresholds: np.ndarray,
           sector_levels=None):
    """Consistent labels from probabilities: ``(primary, covered sectors, level)`` per row.

    The primary sector is the most probable one; covered sectors pass their threshold and always
    include the primary; a text with primary ``none`` covers nothing and has intensity ``none``;
    any other text has at least ``low`` intensity (LABELS.md: intensity describes reported events):
    its most probable level, or, when that is ``none``, the median level but at least ``low``. The
    intensity model then doubts that anything happened, and the most probable of the other levels
    is often ``high``: in 5-fold CV on train such texts are gold ``none`` or ``low`` 24 times in 31
    and were predicted ``high`` 12 times; with the median, intensity QWK 0.873 / 0.872 -> 0.882 / 0.882
    (fold seeds 0 / 1).
    A row with its own ``sector_levels`` (a sectioned document, or a text covering several sectors)
    covers exactly those sectors, and its intensity is the highest of them.
    """
    primary_index = primary_p.argmax(axis=1)
    above = sector_p >= thresholds
    median = (np.cumsum(intensity_p, axis=1) >= 0.5).argmax(axis=1)
    most_probable_kinetic = intensity_p[:, 1:].argmax(axis=1) + 1
    kinetic_level = np.where(intensity_p.argmax(axis=1) == 0, np.maximum(median, 1), most_probable_kinetic)
    rows = []
    for i, p in enumerate(primary_index):
        primary = PRIMARY_SECTORS[p]
        own = sector_levels[i] if sector_levels is not None else None
        if own:
            covered = [primary] + [s for s in SECTORS if s in own and s != primary]
            rows.append((primary, covered, max(INTENSITIES.index(v) for v in own.values())))
        elif primary == NO_SECTOR:
            rows.append((primary, [], 0))
        else:
            covered = [primary] + [s for j, s in enumerate(SECTORS) if above[i, j] and s != primary]
            rows.append((primary, covered, int(kinetic_level[i])))
    return rows


def prediction_frame(primary_p, sector_p, intensity_p, thresholds, evidence=None, sector_levels=None) -> pd.DataFrame:
    """The output DataFrame of :func:`output_columns` from probability matrices."""
    n = len(primary_p)
    evidence = evidence if evidence is not None else [{} for _ in range(n)]
    decisions = decide(primary_p, sector_p, intensity_p, thresholds, sector_levels)
    out = pd.DataFrame(
        {
            "primary_sector": [d[0] for d in decisions],
            "sectors": [join_sectors(d[1]) for d in decisions],
            "intensity": [INTENSITIES[d[2]] for d in decisions],
            "expected_intensity": intensity_p @ _RANKS,
            "sector_intensity": _sector_intensity(decisions, sector_levels),
            "sector_scores": _score_maps(SECTORS, sector_p),
            "intensity_scores": _score_maps(INTENSITIES, intensity_p),
            "evidence": [json.dumps(e, ensure_ascii=False) for e in evidence],
        }
    )
    probabilities = pd.DataFrame(np.asarray(sector_p, dtype=float), columns=[f"p_{s}" for s in SECTORS])
    return pd.concat([out, probabilities], axis=1)[output_columns()]


def _score_maps(names, proba) -> list[str]:
    """Per row, ``json.dumps`` of {name: probability rounded to 6 decimals}: the same text, built
    directly (json writes a finite float as its repr; rows with other values go through json)."""
    rounded = np.round(np.asarray(proba, dtype=float), 6)
    heads = [f'"{name}": ' for name in names]
    if not np.isfinite(rounded).all() or any(json.dumps(n) != f'"{n}"' for n in names):
        return [json.dumps(dict(zip(names, row))) for row in rounded.tolist()]
    return ["{" + ", ".join([head + repr(v) for head, v in zip(heads, row)]) + "}" for row in rounded.tolist()]


def _sector_intensity(decisions, sector_levels=None) -> list[str]:
    """JSON map of covered sector → level; sectors without their own level take the overall one."""
    out = []
    for i, (_, covered, level) in enumerate(decisions):
        own = sector_levels[i] if sector_levels is not None else None
        out.append(json.dumps(covered_levels(covered, INTENSITIES[level], own)))
    return out


def output_columns() -> list[str]:
    """The columns every prediction frame has, in order."""
    return [
        "primary_sector", "sectors", "intensity", "expected_intensity", "sector_intensity",
        "sector_scores", "intensity_scores", "evidence",
    ] + [f"p_{s}" for s in SECTORS]
