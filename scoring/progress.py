"""Progress bar (rate and ETA on a terminal, silent when piped or ``--quiet``) and the end summary."""
from __future__ import annotations

import sys
import time
from collections import Counter
from dataclasses import dataclass, field

import pandas as pd
from tqdm import tqdm


def progress_bar(total: int | None, quiet: bool, stream=None):
    """A tqdm bar counting input files (rate, ETA; articles as a postfix); disabled unless ``stream``
    (stderr) is a terminal."""
    stream = stream or sys.stderr
    tqdm.monitor_interval = 0  # no monitor thread: worker processes are forked later
    return tqdm(total=total, unit=" files", file=stream, dynamic_ncols=True, smoothing=0.1,
                disable=quiet or not stream.isatty())


@dataclass
class Summary:
    """Counts over the whole-article rows of a run, and its duration."""

    started: float = field(default_factory=time.perf_counter)
    articles: int = 0
    sections: int = 0
    errors: int = 0
    duplicates: int = 0
    resumed_chunks: int = 0
    sectors: Counter = field(default_factory=Counter)
    intensities: Counter = field(default_factory=Counter)

    def add(self, frame: pd.DataFrame) -> pd.Series:
        """Count ``frame``'s rows; return the paths of its whole-article rows."""
        whole = frame[frame["section"].isna()]
        self.articles += len(whole)
        self.sections += len(frame) - len(whole)
        self.errors += int((whole["error"].fillna("") != "").sum())
        self.duplicates += int((whole["duplicate_of"].fillna("") != "").sum())
        self.sectors.update(value for value in whole["primary_sector"] if isinstance(value, str) and value)
        self.intensities.update(value for value in whole["intensity"] if isinstance(value, str) and value)
        return whole["path"]

    @property
    def seconds(self) -> float:
        return time.perf_counter() - self.started

    def report(self) -> str:
        seconds = self.seconds
        lines = [f"scored {self.articles} articles ({self.sections} section rows) in {seconds:.1f} s "
                 f"({self.articles / max(seconds, 1e-9):.0f} articles/s); {self.errors} errors, "
                 f"{self.duplicates} near-duplicates"
                 + (f"; resumed after {self.resumed_chunks} finished chunks" if self.resumed_chunks else "")]
        lines.append("primary sector: " + _counts(self.sectors))
        lines.append("intensity: " + _counts(self.intensities))
        return "\n".join(lines)


def _counts(counter: Counter) -> str:
    return ", ".join(f"{key} {count}" for key, count in counter.most_common()) or "-"
