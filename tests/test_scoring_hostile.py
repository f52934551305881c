"""A folder of hostile inputs: every bad file gets an error row with a clear message, nothing crashes."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import predict
from tests.scoring_articles import KUPIANSK, POKROVSK, jsonl, write


def hostile_folder(root):
    write(root / "good" / "kupiansk.txt", KUPIANSK)
    write(root / "good" / "pokrovsk.md.gz", POKROVSK, gz=True)
    write(root / "binary.txt", b"\x7fELF\x02\x01\x01\x00\x00\x00" + bytes(range(256)) * 4)
    write(root / "empty.txt", b"")
    write(root / "blank.md", b"  \n\n\t ")
    write(root / "huge.txt", "fighting near Lyman " * 2000)  # 40 kB against a 10 kB cap
    write(root / "fake.txt.gz", b"this is not gzip data at all")
    write(root / "broken.json", b'{"text": "unterminated')
    write(root / "lines.jsonl", jsonl([{"id": "ok", "text": POKROVSK}]) + '{"id": "bad", "text": \n' + "[1, 2]\n")
    write(root / "rows.csv", f'id,text\nr1,"bad "quoting here\nr2,"{POKROVSK}"\n')
    os.mkfifo(root / "fifo.txt")  # unreadable in a way that holds even for root: open() would block
    (root / "dangling.txt").symlink_to(root / "missing-target.txt")
    (root / "loop-a.txt").symlink_to(root / "loop-b.txt")
    (root / "loop-b.txt").symlink_to(root / "loop-a.txt")
    (root / "good" / "cycle").symlink_to(root)  # a folder symlink back to an ancestor
    write(root / "notes.pdf", b"%PDF ignored: not an article format")
    return root


EXPECTED_ERRORS = {
    "binary.txt": "binary content",
    "empty.txt": "empty file",
    "blank.md": "empty file",
    "huge.txt": "oversized",
    "fake.txt.gz": "cannot read",
    "broken.json": "malformed JSON",
    "fifo.txt": "not a regular file",
    "dangling.txt": "broken symlink",
    "loop-a.txt": "symlink loop",
    "loop-b.txt": "symlink loop",
}


@pytest.mark.parametrize("workers", [1, 2])
def test_hostile_folder_gives_error_rows_and_scores_the_rest(tmp_path, workers):
    folder = hostile_folder(tmp_path / "in")
    out = tmp_path / "scores.csv"
    code = predict.main([str(folder), "--out", str(out), "--max-bytes", "10000", "--workers", str(workers), "--quiet"])
    assert code == 0
    rows = predict.read_output(out)
    by_name = {os.path.basename(r["path"]): r for r in rows.to_dict("records")}
    for name, message in EXPECTED_ERRORS.items():
        assert message in by_name[name]["error"], (name, by_name[name]["error"])
        assert by_name[name]["primary_sector"] == ""
    good = rows[rows["path"].str.contains("/good/kupiansk.txt|/good/pokrovsk.md.gz")]
    assert list(good["error"]) == ["", ""] and list(good["primary_sector"]) == ["kupiansk", "pokrovsk"]
    lines = rows[rows["path"].str.endswith("lines.jsonl")]
    assert list(lines["error"].str.slice(0, 9)) == ["", "malformed", "expected "]
    csv_rows = rows[rows["path"].str.endswith("rows.csv")]
    assert csv_rows["error"].str.slice(0, 17).tolist() == ["malformed CSV row", ""]
    assert csv_rows["primary_sector"].tolist() == ["", "pokrovsk"]
    assert by_name["cycle"]["error"].startswith("symlink loop: folder links back to")
    assert not rows["path"].str.endswith("notes.pdf").any()


NOBODY = 65534


def as_user(uid: int, function, *args) -> int:
    """Exit code of ``function(*args)`` run in a forked child that first drops to ``uid`` (and its gid).

    A fork, not ``subprocess.run(..., user=uid)``: the interpreter may live where that user cannot
    exec it (a pyenv under /root). So the child keeps this process's loaded modules; anything it
    imports afresh must be readable by ``uid``. Exit code 77 means the user could not be taken on.
    """
    pid = os.fork()
    if pid == 0:  # the child: never return into pytest
        code = 1
        try:
            try:
                os.setgroups([])
                os.setgid(uid)
                os.setuid(uid)
            except OSError:
                code = 77
            else:
                code = function(*args)
        except BaseException:  # noqa: BLE001 - report, then leave through os._exit
            import traceback

            traceback.print_exc()
        finally:
            os._exit(code)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


def test_unreadable_file_by_permissions(tmp_path):
    """A file without read permission gets a "permission denied" row. Root reads it anyway, so as root
    (CI) the run happens as the unprivileged user ``nobody``, in a folder that user can enter."""
    import tempfile

    root = os.geteuid() == 0
    folder = tempfile.mkdtemp(prefix="frontline-perm-") if root else str(tmp_path)  # pytest's tmp_path: inside a folder only root enters
    try:
        os.chmod(folder, 0o777)
        good = write(Path(folder) / "good.txt", POKROVSK)
        good.chmod(0o644)
        secret = write(Path(folder) / "secret.txt", KUPIANSK)
        secret.chmod(0o000)
        out = Path(folder) / "scores.csv"
        argv = [str(secret), str(good), "--out", str(out), "-j", "1", "-q"]
        if root:
            # a run here first loads the model and every module a run needs: the child imports nothing new
            assert predict.main([str(good), "--out", str(out), "-j", "1", "-q"]) == 0
            out.unlink()
            code = as_user(NOBODY, predict.main, argv)
            if code == 77:
                pytest.skip(f"cannot switch to uid {NOBODY}")
            assert code == 0
        else:
            if os.access(secret, os.R_OK):
                pytest.skip("permission bits do not stop reads here")
            assert predict.main(argv) == 0
        rows = predict.read_output(out)
        assert rows["error"].tolist() == ["permission denied", ""]
        assert rows["primary_sector"].tolist() == ["", "pokrovsk"]
    finally:
        if root:
            shutil.rmtree(folder, ignore_errors=True)


def test_explicit_odd_paths(tmp_path):
    directory = tmp_path / "looks-like.txt"
    directory.mkdir()
    out = tmp_path / "scores.csv"
    predict.main([str(tmp_path / "missing.txt"), str(tmp_path / "article.docx"), "--out", str(out), "-j", "1", "-q"])
    errors = predict.read_output(out)["error"].tolist()
    assert errors == ["no such file", "unsupported format (expected .txt .md .html .htm .json .jsonl .csv, or .gz of these)"]
