"""Spark batch scoring: ``frontline-spark INPUT --out scores.parquet [--master URL]``.

Reads articles with Spark -- a folder of whole ``.txt``/``.md`` files (searched recursively), or
records in ``.jsonl``/``.json``/``.csv`` files with a ``text`` column and optional ``date`` and
``id``/``path`` columns -- splits the leading date off each text with
:func:`model.article.parse_article`, scores the texts with :func:`mlflow.pyfunc.spark_udf` on the
chosen model and writes one row per article (``path``, ``date``, the model's output columns,
``error``) as Parquet or CSV. Values equal those of ``predict.py`` on the same articles.

Runs on ``local[*]`` by default; ``--master`` picks any cluster, and under ``spark-submit`` the
master given to ``spark-submit`` is used. Python API::

    from scoring.spark import spark_session, score
    score(spark_session("local[2]"), "examples/articles", "scores.parquet")
"""
from __future__ import annotations

import argparse
import glob
import math
import os
import re
import shutil
import sys
from pathlib import Path
from urllib.parse import unquote

import pandas as pd

from model.article import ARTICLE_SUFFIXES, parse_article
from model.loading import default_model_uri, local_model_dir, verify_model_dir
from model.persistence import UnsafeModelError
from scoring.decoding import decode
from scoring.readers import text_error
from scoring.records import InputError

#: Input formats: whole article files, or records in JSON Lines, JSON or CSV files.
INPUT_FORMATS = ("files", "jsonl", "json", "csv")
OUTPUT_FORMATS = ("parquet", "csv")
#: Spark packs small files ~32 to a task, and every scoring task pays about a second of Python
#: set-up; folders of files are therefore read into few large tasks (one per core, or one per
#: this many articles). Measured on 2 cores, 1000 articles: 32 tasks 74 s, 2 tasks 26 s.
ARTICLES_PER_TASK = 20_000
#: What the article parsers return per row.
PARSED_SCHEMA = "text string, date string, error string"


def ensure_java() -> None:
    """Make sure Spark can start a JVM: ``JAVA_HOME`` or ``java`` on the PATH, else a Java 17
    under ``/usr/lib/jvm`` (Debian/Ubuntu's place), which then becomes ``JAVA_HOME``."""
    if os.environ.get("JAVA_HOME") or shutil.which("java"):
        return
    for home in sorted(glob.glob("/usr/lib/jvm/*17*")):
        if Path(home, "bin", "java").is_file():
            os.environ["JAVA_HOME"] = home
            return
    raise RuntimeError("Spark needs Java 17: install it (e.g. apt-get install openjdk-17-jre-headless) or set JAVA_HOME")


def spark_session(master: str | None = None, app_name: str = "frontline-spark"):
    """A SparkSession on ``master``; ``None`` means the ``spark-submit`` master, or ``local[*]``
    when not running under ``spark-submit``. Local sessions bind to 127.0.0.1, and Python
    workers run the driver's interpreter unless ``PYSPARK_PYTHON`` says otherwise."""
    from pyspark.sql import SparkSession

    ensure_java()
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    if master is None and "PYSPARK_GATEWAY_PORT" not in os.environ:  # the variable spark-submit sets
        master = "local[*]"
    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
    if master and master.startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        builder = builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
    return builder.getOrCreate()


def _parsed(raw: pd.Series, dates: pd.Series | None = None, errors: list[str] | None = None) -> pd.DataFrame:
    """The rows the scorer reads: the ``raw`` text itself (the pyfunc splits a leading date line or
    front matter off, once, as predict.py's reader does), its date (a given one wins over the
    text's own) and an error ("empty text" when nothing is left once that is split off, or
    :func:`~scoring.readers.text_error`'s when the text is all page clutter or not English: as predict.py does
    for a model that cleans its input, which every frontline model does unless trained with
    ``clean=False``)."""
    articles = [parse_article(text, date) for text, date in zip(raw, dates if dates is not None else [None] * len(raw))]
    errors = errors if errors is not None else [""] * len(articles)
    return pd.DataFrame({
        "text": list(raw),
        "date": [a.date for a in articles],
        "error": [error or ("empty text" if not a.text.strip() else text_error(a.text))
                  for error, a in zip(errors, articles)],
    })


def _parse_files(content: pd.Series) -> pd.DataFrame:
    """Whole article files (bytes) -> text, date, error, decoded and checked as predict.py does
    (:func:`scoring.decoding.decode`); a file that cannot be read keeps an empty text."""
    texts, errors = [], []
    for data in content:
        try:
            if not bytes(data).strip():
                raise InputError("empty file")
            texts.append(decode(bytes(data))[0])
            errors.append("")
        except InputError as exc:
            texts.append("")
            errors.append(str(exc))
    return _parsed(pd.Series(texts), errors=errors)


def _parse_records(text: pd.Series, date: pd.Series) -> pd.DataFrame:
    return _parsed(text.fillna("").astype(str), dates=date)


def _local_path(column):
    """Spark's ``file:`` URIs as plain local paths (what predict.py writes); other URIs unchanged."""
    from pyspark.sql import functions as F

    return F.regexp_replace(column, r"^file:(//)?(?=/)", "")


def detect_format(source: str) -> str:
    """The input format a path's suffix implies; a folder is a folder of article files."""
    suffix = Path(source.rstrip("/")).suffix.lower().lstrip(".")
    return suffix if suffix in INPUT_FORMATS else "files"


def _scan_path(uri: str) -> str:
    """A listed file's URI (``file:///a%20b.txt``) in the form of the scan's ``path`` column (``file:/a b.txt``)."""
    return unquote(re.sub(r"^file:///", "file:/", uri))


def _article_files(spark, source: str):
    """``path`` and ``content`` of every ``.txt``/``.md`` file under ``source``, recursively.

    Spark's file scan skips zero-length files; they are added back with empty content, so an
    empty article gets its row (as in predict.py) instead of vanishing."""
    from pyspark.sql import functions as F

    files = spark.read.format("binaryFile").option("recursiveFileLookup", "true").load(source).select("path", "content")
    listed = files.inputFiles()
    scanned = {row.path for row in files.select("path").collect()}  # no file is read for this
    empty = sorted({_scan_path(uri) for uri in listed} - scanned)
    if empty:
        files = files.unionByName(spark.createDataFrame([(path, bytearray()) for path in empty], "path string, content binary"))
    suffix = F.lower(F.regexp_extract("path", r"(\.[^./]*)$", 1))
    tasks = max(spark.sparkContext.defaultParallelism, math.ceil(len(listed) / ARTICLES_PER_TASK))
    return files.where(suffix.isin(*ARTICLE_SUFFIXES)).coalesce(tasks)


def read_articles(spark, source: str, fmt: str = "auto"):
    """Articles under ``source`` as a DataFrame of ``path``, ``text``, ``date``, ``error``."""
    from pyspark.sql import functions as F
    from pyspark.sql.functions import pandas_udf

    fmt = detect_format(source) if fmt == "auto" else fmt
    if fmt == "files":
        files = _article_files(spark, source)
        parse = pandas_udf(_parse_files, PARSED_SCHEMA)
        return files.select(_local_path(F.col("path")).alias("path"), parse("content").alias("a")).select("path", "a.*")
    if fmt == "csv":
        records = spark.read.options(header=True, multiLine=True, escape='"').csv(source)
    elif fmt in ("json", "jsonl"):
        records = spark.read.json(source, multiLine=fmt == "json")
    else:
        raise ValueError(f"unknown input format {fmt!r}; choose one of {', '.join(INPUT_FORMATS)} or auto")
    columns = set(records.columns)
    if "text" not in columns:
        raise ValueError(f"{source}: records need a 'text' column; found {sorted(columns)}")
    names = [F.col(c).cast("string") for c in ("path", "id") if c in columns]
    path = F.coalesce(*names, F.col("_metadata.file_path")) if names else F.col("_metadata.file_path")
    date = F.col("date").cast("string") if "date" in columns else F.lit(None).cast("string")
    parse = pandas_udf(_parse_records, PARSED_SCHEMA)
    return records.select(_local_path(path).alias("path"), parse(F.col("text").cast("string"), date).alias("a")).select("path", "a.*")


def model_scorer(spark, location: str | None = None):
    """A Spark UDF over (``text``, ``date``) that returns the model's output columns as a struct.

    The model is resolved and verified on the driver (:func:`model.loading.verify_model_dir`)
    before Spark ships that verified folder to the executors."""
    import mlflow.pyfunc
    from mlflow.models import Model

    folder = verify_model_dir(local_model_dir(location or default_model_uri()))
    signature = Model.load(str(folder)).signature
    if signature is None or signature.outputs is None:
        raise ValueError(f"model at {folder} has no output signature; Spark needs it to know the output columns")
    # With no result_type, spark_udf returns a (nullable) struct of the signature's output columns.
    return mlflow.pyfunc.spark_udf(spark, str(folder), env_manager="local")


def score_frame(spark, articles, model: str | None = None):
    """``articles`` (``path``, ``text``, ``date``, ``error``) scored into output rows: ``path``,
    ``date``, the model's columns, the top sectors (as predict.py's rows have them) and ``error``."""
    from pyspark.sql.types import DoubleType, StringType, StructField, StructType

    from scoring.rows import top_columns, top_sectors

    scorer = model_scorer(spark, model)
    scored = articles.select("path", "date", scorer("text", "date").alias("s"), "error").select("path", "date", "s.*", "error")
    tops = [StructField(c, DoubleType() if c.endswith("_p") else StringType()) for c in top_columns()]
    schema = StructType([f for f in scored.schema.fields if f.name != "error"] + tops + [scored.schema["error"]])

    def with_tops(batches):
        for batch in batches:
            batch = pd.concat([batch.drop(columns="error"), top_sectors(batch), batch[["error"]]], axis=1)[schema.names].copy()
            failed = batch["error"].fillna("") != ""
            batch.loc[failed, [c for c in schema.names if c not in ("path", "date", "error")]] = None
            yield batch

    return scored.mapInPandas(with_tops, schema)


def write_scores(frame, out: str, fmt: str = "parquet", overwrite: bool = False) -> None:
    """Write ``frame`` to the folder ``out`` as Parquet, or as CSV with a header (quotes doubled)."""
    writer = frame.write.mode("overwrite" if overwrite else "errorifexists")
    if fmt == "parquet":
        writer.parquet(out)
    elif fmt == "csv":
        writer.options(header=True, escape='"').csv(out)
    else:
        raise ValueError(f"unknown output format {fmt!r}; choose one of {', '.join(OUTPUT_FORMATS)}")


def score(spark, source: str, out: str, model: str | None = None, input_format: str = "auto",
          output_format: str | None = None, overwrite: bool = False, partitions: int | None = None) -> None:
    """Read, score and write: the whole job behind ``frontline-spark``."""
    articles = read_articles(spark, source, input_format)
    if partitions:
        articles = articles.repartition(partitions)
    fmt = output_format or ("csv" if out.rstrip("/").lower().endswith(".csv") else "parquet")
    write_scores(score_frame(spark, articles, model), out, fmt, overwrite)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="frontline-spark", description=__doc__.splitlines()[0])
    parser.add_argument("input", help="folder of .txt/.md articles, or .jsonl/.json/.csv record files (any Spark path)")
    parser.add_argument("--out", required=True, help="output folder (Spark writes part files into it)")
    parser.add_argument("--model", default=None,
                        help=f"model folder or registry URI such as models:/frontline@champion (default: {default_model_uri()})")
    parser.add_argument("--master", default=None, help="Spark master URL (default: spark-submit's, else local[*])")
    parser.add_argument("--input-format", choices=("auto",) + INPUT_FORMATS, default="auto",
                        help="default: from the input's suffix; a folder is read as article files")
    parser.add_argument("--output-format", choices=OUTPUT_FORMATS, default=None,
                        help="default: csv when --out ends in .csv, else parquet")
    parser.add_argument("--partitions", type=int, default=None, help="repartition the articles before scoring")
    parser.add_argument("--overwrite", action="store_true", help="replace --out if it exists")
    args = parser.parse_args(argv)
    from pyspark.errors import AnalysisException
    from pyspark.sql import SparkSession

    started_here = SparkSession.getActiveSession() is None
    spark = spark_session(args.master)
    try:
        score(spark, args.input, args.out, args.model, args.input_format, args.output_format, args.overwrite, args.partitions)
    except (UnsafeModelError, ValueError, AnalysisException) as exc:
        print(f"frontline-spark: error: {exc}", file=sys.stderr)
        return 2
    finally:
        if started_here:
            spark.stop()
    print(f"scored {args.input} -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
