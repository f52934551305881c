import json

import pytest

from training.corpus import CorpusError, read_examples
from conftest import tiny_records, write_jsonl


def test_reads_records_and_skips_flagged(tmp_path):
    records = tiny_records(1)
    records[0]["skip"] = True
    examples = read_examples(write_jsonl(tmp_path / "a.jsonl", records))
    assert len(examples) == len(records) - 1
    assert examples[0].id == records[1]["id"] and examples[0].sectors == tuple(records[1]["sectors"])


@pytest.mark.parametrize(
    "bad_line, message",
    [
        ("{not json", "Expecting"),
        (json.dumps({"text": "x", "sectors": ["atlantis"], "primary_sector": "none", "intensity": "low"}), "unknown sector"),
        (json.dumps({"text": 3, "sectors": [], "primary_sector": "none", "intensity": "none"}), "'text' must be a string"),
        ("[1, 2]", "JSON object"),
    ],
)
def test_bad_line_names_file_and_line(tmp_path, bad_line, message):
    path = write_jsonl(tmp_path / "b.jsonl", tiny_records(1))
    with path.open("a") as f:
        f.write(bad_line + "\n")
    with pytest.raises(CorpusError, match=rf"b\.jsonl:9: .*{message}"):
        read_examples(path)
