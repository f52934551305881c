"""Resumable runs: a folder of finished chunk parts beside the output, with a manifest.

``.<out>.parts/`` holds ``manifest.json`` (the run's settings), and per finished chunk ``N`` a
part file of its rows and ``N.dups.npz`` (the near-duplicate keys needed to rebuild the index).
Both are written atomically, the part last, so a part on disk is a finished chunk even after
kill -9. ``--resume`` keeps the finished prefix and scores the rest; the merged output is the same
as an uninterrupted run's.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np

from scoring.writers import atomic_path, merge_parts, write_part

MANIFEST = "manifest.json"


class ResumeError(RuntimeError):
    """``--resume`` asked for a run whose settings differ from the interrupted one."""


class Checkpoint:
    """The parts folder of one output file."""

    def __init__(self, out: str | Path, fmt: str):
        self.out = Path(out)
        self.fmt = fmt
        self.folder = self.out.parent / f".{self.out.name}.parts"

    def start(self, settings: dict, resume: bool) -> int:
        """Prepare the folder; return how many chunks are already done (0 unless resuming)."""
        manifest = self.folder / MANIFEST
        if resume and manifest.is_file():
            previous = json.loads(manifest.read_text())
            if previous != settings:
                changed = sorted(k for k in set(previous) | set(settings) if previous.get(k) != settings.get(k))
                raise ResumeError(f"cannot resume {self.out}: settings changed since the interrupted run ({', '.join(changed)})")
            return self.done_chunks()
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        with atomic_path(manifest) as tmp:
            tmp.write_text(json.dumps(settings, indent=1, sort_keys=True))
        return 0

    def part(self, index: int) -> Path:
        return self.folder / f"{index:09d}.{self.fmt}"

    def dups(self, index: int) -> Path:
        return self.folder / f"{index:09d}.dups.npz"

    def done_chunks(self) -> int:
        """Length of the unbroken run of finished chunks from chunk 0."""
        count = 0
        while self.part(count).is_file() and self.dups(count).is_file():
            count += 1
        return count

    def save(self, index: int, frame, ids: list[str], keys: np.ndarray) -> None:
        """Store one finished chunk: its duplicate keys, then its rows."""
        with atomic_path(self.dups(index)) as tmp:
            with tmp.open("wb") as handle:
                np.savez(handle, ids=np.asarray(ids, dtype=str), keys=keys)
        write_part(frame, self.part(index), self.fmt)

    def load_dups(self, index: int) -> tuple[list[str], np.ndarray]:
        with np.load(self.dups(index)) as stored:
            return stored["ids"].tolist(), stored["keys"]

    def finish(self, chunks: int) -> None:
        """Merge the parts into the output (atomically) and remove the folder."""
        merge_parts((self.part(i) for i in range(chunks)), self.out, self.fmt)
        shutil.rmtree(self.folder, ignore_errors=True)
