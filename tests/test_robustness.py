"""Issue 9, point 4: the same article with and without page clutter gets the same labels.

The pages are cleaned with ``model.clean.main_text`` and scored with the bundled model; the labels
of every cleaned page must equal those of the bare article, scored as it is (the model's own cleaning
switched off). Each article names a front-line sector, so a cleaner that returned nothing would get
``none`` and fail. What is compared is the model's output, so a failure here means the cleaning let
clutter through (or cut article text) and the model noticed.
"""
from __future__ import annotations

import copy

import pandas as pd
import pytest

from model.clean import main_text
from model.loading import load_model
from tests.pages import ARTICLES, WRAPPERS, wrap

LABELS = ["primary_sector", "sectors", "intensity"]


@pytest.fixture(scope="module")
def model():
    return load_model()


def _labels(model, texts: list[str]) -> list[dict]:
    frame = model.predict(pd.DataFrame({"text": texts}))
    return frame[LABELS].to_dict("records")


@pytest.mark.parametrize("article", ARTICLES, ids=[a.stem for a in ARTICLES])
def test_cleaned_pages_get_the_labels_of_the_bare_article(model, article):
    bare = article.read_text(encoding="utf-8")
    pages = [main_text(wrap(article, wrapper)) for wrapper in WRAPPERS]
    [expected] = _labels(copy.copy(model).set_params(clean=False), [bare])  # not cleaned, by us or by the model
    assert expected["primary_sector"] != "none"  # a front-line article, so an emptied page could not match it
    cleaned = _labels(model, pages)
    for wrapper, labels in zip(WRAPPERS, cleaned):
        assert labels == expected, wrapper.stem
