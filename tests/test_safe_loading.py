"""Safe loading: frontline refuses altered, unverifiable or foreign-writable models with a clear error."""
import os
import shutil

import mlflow
import pytest

from model.loading import BUNDLED_MODEL, load_model, verify_model_dir
from model.persistence import UnsafeModelError, classifier_path


@pytest.fixture
def model_copy(tmp_path):
    """A private copy of the bundled model that each test may damage."""
    return shutil.copytree(BUNDLED_MODEL, tmp_path / "model")


def test_an_intact_copy_loads_and_predicts(model_copy):
    out = load_model(str(model_copy)).predict(["Assaults on Pokrovsk were repelled near Pokrovsk."])
    assert out.loc[0, "primary_sector"] == "pokrovsk"


def test_altered_model_file_is_refused(model_copy):
    with classifier_path(model_copy).open("ab") as handle:
        handle.write(b"\0")
    with pytest.raises(UnsafeModelError, match="SHA-256 does not match"):
        load_model(str(model_copy))


def test_model_without_checksum_is_refused(model_copy):
    path = classifier_path(model_copy)
    path.with_name(path.name + ".sha256").unlink()
    with pytest.raises(UnsafeModelError, match="no checksum file"):
        load_model(str(model_copy))


@pytest.mark.parametrize("target", ["file", "artifact folder", "model folder", "python model"])
def test_model_anyone_can_write_is_refused(model_copy, target):
    path = {"file": classifier_path(model_copy), "artifact folder": classifier_path(model_copy).parent,
            "model folder": model_copy, "python model": model_copy / "python_model.pkl"}[target]
    path.chmod(path.stat().st_mode | 0o002)
    with pytest.raises(UnsafeModelError, match="writable by other users.*chmod o-w"):
        verify_model_dir(model_copy)
    with pytest.raises(UnsafeModelError):
        load_model(str(model_copy))


def test_group_writable_model_loads(model_copy):
    path = classifier_path(model_copy)
    path.chmod(path.stat().st_mode | 0o020)
    assert load_model(str(model_copy)) is not None


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="changing a file's owner needs root")
def test_model_owned_by_another_user_is_refused(model_copy):
    os.chown(classifier_path(model_copy), 54321, -1)
    with pytest.raises(UnsafeModelError, match="owned by uid 54321"):
        load_model(str(model_copy))


def test_registry_uri_without_a_configured_store_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    mlflow.set_tracking_uri(None)
    with pytest.raises(UnsafeModelError, match="set MLFLOW_TRACKING_URI"):
        load_model("models:/frontline@champion")
    assert list(tmp_path.iterdir()) == [], "nothing may be looked up or created in the working directory"


def test_pyfunc_loading_refuses_an_altered_model(model_copy):
    """Spark and `mlflow models serve` load the pyfunc through MLflow; the check still applies."""
    with classifier_path(model_copy).open("ab") as handle:
        handle.write(b"\0")
    with pytest.raises(UnsafeModelError, match="SHA-256 does not match"):
        mlflow.pyfunc.load_model(str(model_copy))


@pytest.mark.parametrize("workers", ["1", "2"])
def test_predict_cli_refuses_a_tampered_model_without_a_traceback(model_copy, tmp_path, capsys, workers):
    import predict

    with classifier_path(model_copy).open("ab") as handle:
        handle.write(b"tampered")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Shelling of Kherson continued.")
    assert predict.main([str(folder), "--out", str(tmp_path / "s.csv"), "--model", str(model_copy), "-j", workers, "-q"]) == 2
    assert "SHA-256 does not match" in capsys.readouterr().err
    assert not (tmp_path / "s.csv").exists()
