"""Spark batch scoring on real pyspark (``local[2]``) against predict.py's local path, row by row."""
import json

import numpy as np
import pandas as pd
import pytest

import predict
from model.article import parse_article
from model.classifier import output_columns
from scoring.rows import top_columns
from model.loading import BUNDLED_MODEL, load_model
from scoring import spark as spark_scoring

pytestmark = pytest.mark.slow

#: (relative path, file bytes): articles written for this test, in the shapes analysts send.
ARTICLES = [
    ("kupiansk.txt", b"date 2025-11-11 Russian troops attacked near Kupiansk 27 times; all assaults were repelled."),
    ("pokrovsk.md", b"---\ntitle: Pressure on Pokrovsk\ndate: 2025-12-03\n---\nAssaults on Pokrovsk and Myrnohrad continued all day."),
    ("nested/odesa.TXT", b"date 2026-01-20\r\nA missile struck port buildings in Odesa overnight,\r\nkilling 3 people.\r\n"),
    ("nested/deeper/summit.md", b"\xef\xbb\xbfMinisters met in Brussels to discuss sanctions and the next aid package."),
    ("nested/huliaipole.Md", "date 2025-10-02 Shelling of Huliaipole damaged houses; one civilian was wounded.".encode()),
    ("with space/lyman.txt", b"Fighting near Lyman: 12 clashes along the Zherebets river, says the General Staff."),
    ("twice-dated.txt", b"date 2025-06-01\ndate 2025-06-02\nDrones struck a depot near Orikhiv."),  # one date line is split off
    ("front-matter-only.md", b"---\ntitle: Nothing\n---\n"),
    ("broken.txt", b"\xff\xfe not UTF-8 at all"),
    ("empty.txt", b""),
    ("notes.pdf", b"not an article"),
]


@pytest.fixture(scope="module")
def spark():
    session = spark_scoring.spark_session("local[2]", app_name="frontline-test")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("articles")
    for name, data in ARTICLES:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


@pytest.fixture(scope="module")
def local_rows(folder, tmp_path_factory):
    """predict.py's rows for the folder, on the columns both paths share."""
    frame = predict.score_folder(folder, tmp_path_factory.mktemp("local") / "scores.csv", str(BUNDLED_MODEL))
    return _comparable(frame)


def _comparable(frame: pd.DataFrame) -> pd.DataFrame:
    columns = ["path", "date", *output_columns(), *top_columns(), "error"]
    # an empty value is None on one path and "" on the other: the same empty CSV cell
    return frame[columns].replace({np.nan: None, "": None}).sort_values("path").reset_index(drop=True)


def assert_same_rows(spark_rows: pd.DataFrame, local: pd.DataFrame) -> None:
    """Identical labels, strings and paths; probabilities within 1e-9."""
    spark_rows = _comparable(spark_rows)
    assert list(spark_rows["path"]) == list(local["path"])
    floats = [c for c in local.columns if c.startswith("p_") or c.endswith("_p") or c == "expected_intensity"]
    for column in local.columns:
        if column in floats:
            np.testing.assert_allclose(spark_rows[column].astype(float), local[column].astype(float), rtol=0, atol=1e-9, err_msg=column)
        else:
            assert list(spark_rows[column]) == list(local[column]), column


def test_a_page_of_only_clutter_is_an_error_as_in_predict():
    from scoring.readers import CLUTTER_ONLY
    from tests.scoring_articles import CLUTTER, POKROVSK

    parsed = spark_scoring._parsed(pd.Series([CLUTTER, CLUTTER + "\n" + POKROVSK]))
    assert parsed["error"].tolist() == [CLUTTER_ONLY, ""]


def test_spark_scores_a_folder_like_predict(spark, folder, local_rows, tmp_path):
    out = tmp_path / "scores.parquet"
    spark_scoring.score(spark, str(folder), str(out), str(BUNDLED_MODEL))
    rows = pd.read_parquet(out)
    assert list(rows.columns) == ["path", "date", *output_columns(), *top_columns(), "error"]
    assert len(rows) == len(ARTICLES) - 1  # the .pdf is not an article
    assert_same_rows(rows, local_rows)
    by_name = rows.set_index(rows["path"].str.rsplit("/", n=1).str[-1])
    assert by_name.loc["kupiansk.txt", "primary_sector"] == "kupiansk"
    assert by_name.loc["odesa.TXT", "date"] == "2026-01-20"
    assert by_name.loc["broken.txt", "error"] in ("", None)  # decoded by the cp1251 fallback, as locally
    assert by_name.loc["empty.txt", "error"] == "empty file"


def test_spark_scores_jsonl_records_and_writes_csv(spark, tmp_path):
    unscored = ("broken.txt", "empty.txt", "notes.pdf", "front-matter-only.md")  # error rows (see the folder test)
    texts = [data.decode("utf-8-sig") for name, data in ARTICLES if name not in unscored]
    records = [{"id": f"r{i}", "text": text} for i, text in enumerate(texts)]
    records[0]["date"] = "2024-02-24"  # a date given with the record wins over the one in the text
    source = tmp_path / "articles.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    out = tmp_path / "scores.csv"
    assert spark_scoring.main([str(source), "--out", str(out), "--model", str(BUNDLED_MODEL), "--master", "local[2]"]) == 0
    rows = pd.concat(pd.read_csv(part, dtype=str, keep_default_na=False) for part in sorted(out.glob("part-*.csv")))
    rows = rows.sort_values("path").reset_index(drop=True)
    assert list(rows["path"]) == [f"r{i}" for i in range(len(texts))]
    articles = [parse_article(t) for t in texts]
    dates = [records[0]["date"]] + [a.date for a in articles[1:]]
    assert list(rows["date"]) == [d or "" for d in dates] and dates[1] == "2025-12-03"
    expected = load_model(str(BUNDLED_MODEL)).predict(pd.DataFrame({"text": [a.text for a in articles], "date": dates}))
    for column in output_columns():
        if column.startswith("p_") or column == "expected_intensity":
            np.testing.assert_allclose(rows[column].astype(float), expected[column], rtol=0, atol=1e-9, err_msg=column)
        else:
            assert list(rows[column]) == list(expected[column]), column


def test_cli_refuses_an_altered_model_without_a_traceback(spark, folder, tmp_path, capsys):
    import shutil

    from model.persistence import classifier_path

    model = shutil.copytree(BUNDLED_MODEL, tmp_path / "model")
    with classifier_path(model).open("ab") as handle:
        handle.write(b"\0")
    assert spark_scoring.main([str(folder), "--out", str(tmp_path / "out"), "--model", str(model)]) == 2
    assert "frontline-spark: error: refusing to load" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
