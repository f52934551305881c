"""predict.py end to end: outputs, order across workers, atomic writes, duplicates, sections, inputs."""
from __future__ import annotations

import io
import os
import subprocess

import pandas as pd
import pytest
import yaml

import predict
from model.loading import BUNDLED_MODEL
from scoring.rows import output_columns
from scoring.runner import Execution, RunOptions
from conftest import REPO
from tests.scoring_articles import (AID, CLUTTER, HTML, KUPIANSK, ODESA, POKROVSK, html_page, jsonl, predict_command, predict_env,
                                   report, run_predict, write)

SERIAL = Execution(workers=1, quiet=True)


@pytest.fixture
def mixed_folder(tmp_path):
    folder = tmp_path / "in"
    write(folder / "a" / "kupiansk.txt", KUPIANSK)
    write(folder / "a" / "page.html", HTML)
    write(folder / "b" / "feed.jsonl.gz", jsonl([{"id": "f1", "text": ODESA}, {"id": "f2", "text": AID}]), gz=True)
    for i in range(12):
        write(folder / "bulk" / f"r{i:02d}.txt", report(3, i))
    return folder


def test_columns_are_the_model_columns_wrapped_by_source_and_run_columns(mixed_folder, tmp_path):
    from model.classifier import output_columns as model_columns

    rows = predict.score_folder(mixed_folder, tmp_path / "s.csv", execution=SERIAL)
    assert list(rows.columns) == output_columns()
    start = output_columns().index(model_columns()[0])
    assert output_columns()[start:start + len(model_columns())] == model_columns()
    assert {"path", "line", "id", "date", "title", "model_name", "model_version", "duplicate_of", "error"} <= set(rows.columns)
    meta = yaml.safe_load((BUNDLED_MODEL / "registered_model_meta").read_text())
    assert set(rows["model_name"]) == {meta["model_name"]} and set(rows["model_version"]) == {str(meta["model_version"])}
    feed = rows[rows["path"].str.endswith("feed.jsonl.gz")]
    assert feed["line"].tolist() == [1, 2] and feed["id"].tolist() == ["f1", "f2"]
    assert rows.loc[rows["path"].str.endswith("kupiansk.txt"), "date"].item() == "2025-11-11"


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_output_formats_hold_the_same_rows(mixed_folder, tmp_path, suffix):
    options = RunOptions(chunk_size=5)
    reference = predict.score_folder(mixed_folder, tmp_path / "ref.csv", options=options, execution=SERIAL)
    rows = predict.score_folder(mixed_folder, tmp_path / f"s{suffix}", options=options, execution=SERIAL)
    assert list(rows.columns) == list(reference.columns) and len(rows) == len(reference) == 16
    pd.testing.assert_series_equal(rows["p_kupiansk"], reference["p_kupiansk"], check_exact=False, rtol=1e-12)
    assert rows["primary_sector"].fillna("").tolist() == reference["primary_sector"].tolist()


def test_worker_processes_keep_input_order_and_scores(mixed_folder, tmp_path):
    options = RunOptions(chunk_size=2)
    predict.score_folder(mixed_folder, tmp_path / "serial.csv", options=options, execution=SERIAL)
    predict.score_folder(mixed_folder, tmp_path / "parallel.csv", options=options, execution=Execution(workers=2, quiet=True))
    assert (tmp_path / "serial.csv").read_bytes() == (tmp_path / "parallel.csv").read_bytes()


def test_a_run_replaces_the_previous_output_and_removes_its_parts(mixed_folder, tmp_path):
    out = tmp_path / "scores.csv"
    out.write_text("previous complete output\n")
    predict.score_folder(mixed_folder, out, options=RunOptions(chunk_size=3), execution=SERIAL)
    assert out.read_text().startswith("path,line,id")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "scores.csv"]  # parts folder removed


@pytest.fixture(scope="module")
def scored_rows(tmp_path_factory):
    """Real output rows of two articles, to write as chunk parts."""
    root = tmp_path_factory.mktemp("merge")
    write(root / "in" / "a.txt", KUPIANSK)
    write(root / "in" / "b.txt", AID)
    return predict.score_folder(root / "in", root / "rows.parquet", execution=SERIAL)


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_a_merge_failing_part_way_keeps_the_previous_output_and_leaves_no_temporary_file(scored_rows, tmp_path, fmt):
    from scoring.writers import merge_parts, write_part

    parts = tmp_path / "parts"
    parts.mkdir()
    first = parts / f"000000000.{fmt}"
    write_part(scored_rows, first, fmt)
    out = tmp_path / f"scores.{fmt}"
    previous = b"previous complete output\n"
    out.write_bytes(previous)
    with pytest.raises(FileNotFoundError):  # the first part is merged, then the second is missing
        merge_parts([first, parts / f"000000001.{fmt}"], out, fmt)
    assert out.read_bytes() == previous
    assert sorted(p.name for p in tmp_path.iterdir()) == ["parts", out.name]  # no temporary file beside it
    merge_parts([first, first], out, fmt)
    merged = predict.read_output(out, fmt)
    assert merged["path"].tolist() == 2 * scored_rows["path"].tolist()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["parts", out.name]


@pytest.fixture
def umask():
    """``os.umask``, to set the umask in one test (0o022 unless it does); the old one is restored."""
    previous = os.umask(0o022)
    yield os.umask
    os.umask(previous)


@pytest.mark.parametrize("mask, mode", [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)], ids=["022", "027", "002"])
def test_output_and_part_files_get_the_mode_open_would_give(mixed_folder, tmp_path, umask, mask, mode):
    from scoring.checkpoint import Checkpoint

    umask(mask)
    out = tmp_path / "scores.csv"
    rows = predict.score_folder(mixed_folder, out, options=RunOptions(chunk_size=5), execution=SERIAL)
    checkpoint = Checkpoint(tmp_path / "other.csv", "csv")
    checkpoint.start({"any": "settings"}, resume=False)
    checkpoint.save(0, rows, ["x"], rows.index.to_numpy()[:1, None].astype("uint64"))
    written = [out, checkpoint.folder / "manifest.json", checkpoint.part(0), checkpoint.dups(0)]
    assert {p.name: oct(p.stat().st_mode & 0o777) for p in written} == {p.name: oct(mode) for p in written}


def test_overwriting_an_output_keeps_its_mode(mixed_folder, tmp_path, umask):
    out = tmp_path / "scores.csv"
    out.write_text("previous output\n")
    out.chmod(0o660)
    predict.score_folder(mixed_folder, out, execution=SERIAL)
    assert out.stat().st_mode & 0o777 == 0o660


def test_the_umask_is_read_without_proc_too(umask, monkeypatch):
    from scoring import writers

    def no_proc(*args, **kwargs):
        raise OSError("no /proc here")

    umask(0o027)
    assert writers.current_umask() == 0o027
    monkeypatch.setattr(writers, "open", no_proc, raising=False)  # shadows the builtin inside writers
    assert writers.current_umask() == 0o027
    assert os.umask(0o027) == 0o027  # and it is left as it was


def test_a_copyright_footer_does_not_date_a_page_nor_change_its_sectors(tmp_path):
    write(tmp_path / "in" / "a-footer.html", html_page(footer="&copy; 2025 Kyiv Post"))
    write(tmp_path / "in" / "b-plain.html", html_page())
    rows = predict.score_folder(tmp_path / "in", tmp_path / "s.csv", execution=SERIAL)
    assert rows["date"].tolist() == ["", ""]
    assert rows["sectors"].tolist() == ["siversk", "siversk"]  # dated 2025-01-01, Sloviansk was kramatorsk's


def test_near_duplicates_point_at_the_first_and_keep_their_scores(tmp_path):
    folder = tmp_path / "in"
    original = report(4, 7)
    write(folder / "1-original.txt", original)
    write(folder / "2-other.txt", report(4, 8))
    write(folder / "3-syndicated.txt", "KYIV (Wire) - " + original.replace(";", ",") + "\nShared by Example Outlet.")
    write(folder / "4-feed.jsonl", jsonl([{"id": "wire-9", "text": original.upper()}]))
    rows = predict.score_folder(folder, tmp_path / "s.csv", execution=SERIAL)
    first_id = rows.loc[0, "id"]
    assert rows["duplicate_of"].tolist() == ["", "", first_id, first_id]
    alone = predict.score_folder(folder / "3-syndicated.txt", tmp_path / "alone.csv", execution=SERIAL)
    probabilities = [c for c in rows.columns if c.startswith("p_")]
    pd.testing.assert_frame_equal(rows.loc[[2], probabilities].reset_index(drop=True), alone[probabilities])


def test_sections_add_rows_per_section_of_long_reports(tmp_path):
    folder = tmp_path / "in"
    daily = "\n\n".join([
        "Kupiansk direction. " + KUPIANSK[16:] + " " + KUPIANSK[16:],
        "Pokrovsk direction. " + POKROVSK + " " + POKROVSK,
        "Odesa. " + ODESA + " " + ODESA,
    ])
    write(folder / "daily.txt", "date 2025-12-01\n" + daily)
    write(folder / "short.txt", AID)
    rows = predict.score_folder(folder, tmp_path / "s.csv", options=RunOptions(sections=True, section_chars=400),
                                execution=SERIAL)
    daily_rows = rows[rows["path"].str.endswith("daily.txt")]
    assert daily_rows["section"].isna().tolist() == [True, False, False, False]
    assert daily_rows["section"].iloc[1:].tolist() == [0, 1, 2]
    assert daily_rows["primary_sector"].iloc[1:].tolist() == ["kupiansk", "pokrovsk", "rear_strike"]
    assert set(daily_rows["date"]) == {"2025-12-01"} and len(rows[rows["path"].str.endswith("short.txt")]) == 1
    without = predict.score_folder(folder, tmp_path / "w.csv", execution=SERIAL)
    assert len(without) == 2 and "section" in without.columns


def test_paths_from_stdin_and_include_exclude_globs(mixed_folder, tmp_path):
    listed = [str(mixed_folder / "a" / "kupiansk.txt"), str(mixed_folder / "bulk" / "r03.txt")]
    out = tmp_path / "s.csv"
    summary = predict.score(["-"], out, execution=SERIAL, stdin=io.StringIO("\n".join(listed) + "\n"))
    assert predict.read_output(out)["path"].tolist() == listed and summary.articles == 2
    options = RunOptions(path_filter=predict.PathFilter(include=("*.txt",), exclude=("bulk/r1*",)))
    rows = predict.score_folder(mixed_folder, out, options=options, execution=SERIAL)
    names = [os.path.relpath(p, mixed_folder) for p in rows["path"]]
    assert names == ["a/kupiansk.txt"] + [f"bulk/r{i:02d}.txt" for i in range(10)]


def test_piped_run_prints_only_the_summary_and_quiet_prints_nothing(mixed_folder, tmp_path):
    result = run_predict(mixed_folder, "--out", tmp_path / "s.csv", "-j", "1")
    assert result.returncode == 0 and "\r" not in result.stderr
    assert "scored 16 articles" in result.stderr and "primary sector: " in result.stderr and "errors" in result.stderr
    quiet = run_predict(mixed_folder, "--out", tmp_path / "s.csv", "-j", "1", "--quiet")
    assert quiet.returncode == 0 and quiet.stderr == ""


def test_terminal_run_shows_a_progress_bar_with_rate(mixed_folder, tmp_path):
    import fcntl
    import pty
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))  # a 120-column terminal
    process = subprocess.Popen(predict_command(mixed_folder, "--out", tmp_path / "s.csv", "-j", "1"),
                               cwd=REPO, stderr=follower, stdout=subprocess.DEVNULL, env=predict_env())
    os.close(follower)
    output = b""
    while True:
        try:
            block = os.read(leader, 4096)
        except OSError:
            break
        if not block:
            break
        output += block
    assert process.wait(timeout=300) == 0
    text = output.decode(errors="replace")
    assert "files/s" in text and "15/15" in text and "articles=16" in text, text  # 15 files counted up front for the ETA


def test_a_page_of_only_clutter_is_an_error_row_unless_the_model_does_not_clean(tmp_path):
    from model.loading import load_model
    from scoring import runner
    from scoring.readers import CLUTTER_ONLY
    from scoring.rows import RowSettings

    clutter = write(tmp_path / "in" / "a-clutter.txt", CLUTTER)
    write(tmp_path / "in" / "b-article.txt", CLUTTER + "\n" + POKROVSK)  # the same clutter around an article
    rows = predict.score_folder(tmp_path / "in", tmp_path / "s.csv", execution=SERIAL)
    assert rows["error"].tolist() == [CLUTTER_ONLY, ""]
    assert rows["primary_sector"].tolist() == ["", "pokrovsk"]  # an error row has no scores
    raw = load_model()
    raw.clean = False  # a model that scores its input as it is: the page is scored, not refused
    runner._WORKER.update(classifier=raw, settings=RowSettings(), max_bytes=10_000)
    assert runner.score_chunk([str(clutter)]).frame["error"].tolist() == [""]


def test_an_article_in_another_script_is_an_error_row(tmp_path):
    from model.loading import load_model
    from scoring import runner
    from scoring.readers import NOT_ENGLISH
    from scoring.rows import RowSettings

    write(tmp_path / "in" / "a-ukrainian.txt", "На Покровському напрямку ворог 52 рази атакував позиції наших "
          "захисників поблизу Родинського та Мирнограда. Загинули двоє цивільних.")
    write(tmp_path / "in" / "b-article.txt", POKROVSK + "\n\nУкраїнською: «Покровськ тримається».")  # a quote stays
    rows = predict.score_folder(tmp_path / "in", tmp_path / "s.csv", execution=SERIAL)
    assert rows["error"].tolist() == [NOT_ENGLISH, ""]
    assert rows["primary_sector"].tolist() == ["", "pokrovsk"]
    raw = load_model()
    raw.clean = False  # not English whether the model cleans its input or not
    runner._WORKER.update(classifier=raw, settings=RowSettings(), max_bytes=10_000)
    assert runner.score_chunk([str(tmp_path / "in" / "a-ukrainian.txt")]).frame["error"].tolist() == [NOT_ENGLISH]


def test_an_article_in_another_language_in_latin_letters_is_an_error_row(tmp_path):
    from scoring.readers import NOT_ENGLISH_WORDS

    write(tmp_path / "in" / "a-german.txt", "Russische Truppen haben in der Nacht erneut die Stadt Charkiw mit "
          "Drohnen und Raketen angegriffen. Nach Angaben der regionalen Militärverwaltung wurden mindestens drei "
          "Menschen verletzt. Im Gebiet Donezk gehen die schweren Kämpfe um Pokrowsk weiter, der ukrainische "
          "Generalstab meldete 46 Angriffe an diesem Frontabschnitt.")
    write(tmp_path / "in" / "b-article.txt", POKROVSK + "\n\nAuf Deutsch: «Pokrowsk hält stand».")  # a quote stays
    write(tmp_path / "in" / "c-short.txt", "Kämpfe um Pokrowsk dauern an.")  # too short to tell: scored
    write(tmp_path / "in" / "d-terse.txt",  # English without function words is still English
          "Pokrovsk direction: 43 attacks near Myrnohrad, Rodynske, Lysivka, Udachne, Kotlyne.\n"
          "Lyman direction: 17 attacks near Novoselivka, Zarichne, Torske, Yampil, Serebryanske forest.\n"
          "Huliaipole direction: 21 attacks near Uspenivka, Zaliznychne, Pryvilne, Novoivanivka.")
    rows = predict.score_folder(tmp_path / "in", tmp_path / "s.csv", execution=SERIAL)
    assert rows["error"].tolist() == [NOT_ENGLISH_WORDS, "", "", ""]
    assert rows["primary_sector"].tolist()[:2] == ["", "pokrovsk"]
    assert rows["intensity"].tolist()[3] == "high"


def test_a_record_that_breaks_the_model_gets_an_error_row_and_the_chunk_survives(tmp_path):
    from model.loading import load_model
    from scoring import runner
    from scoring.records import Record
    from scoring.rows import RowSettings

    class BreaksOnPoison:
        """The real classifier, except that it raises on one text (a stand-in for a model bug)."""

        def __init__(self):
            self.real = load_model()

        def predict(self, frame):
            if frame["text"].str.contains("POISON").any():
                raise ValueError("cannot score this text")
            return self.real.predict(frame)

    runner._WORKER.update(classifier=BreaksOnPoison(), settings=RowSettings(), max_bytes=10_000)
    chunk = [Record("a", text=POKROVSK), Record("b", text="POISON " + ODESA), Record("c", text=AID)]
    rows = runner.score_chunk(chunk).frame
    assert rows["error"].tolist() == ["", "scoring failed: ValueError: cannot score this text", ""]
    assert rows["primary_sector"].tolist() == ["pokrovsk", None, "none"]
