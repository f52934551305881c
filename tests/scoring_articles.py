"""Short front-line reports written for the scoring tests, helpers to lay them out on disk, and
``predict.py`` run as a subprocess."""
from __future__ import annotations

import csv
import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import REPO

KUPIANSK = ("date 2025-11-11 The Russians are trying to hold the northern part of Kupiansk; "
            "Ukrainian units repelled 30 assaults near Kupiansk and cleared two streets.")
POKROVSK = ("Russian troops attacked Ukrainian positions near Pokrovsk 42 times on Tuesday, the General Staff "
            "said. Fighting continued near Myrnohrad, where drones struck supply routes.")
ODESA = "A missile strike on Odesa damaged port warehouses overnight; two people were injured."
AID = "Finance ministers discussed the aid package and sanctions at the summit; talks continue next week."

#: A page saved as text that is all clutter: a menu and a cookie notice.
CLUTTER = ("Home | News | World | Ukraine | Business | Sport | Opinion\nSubscribe | Log in\n\n"
           "We use cookies to improve your experience. By continuing to browse you agree to our cookie policy and "
           "privacy policy.\nAccept all cookies\n")

HTML = """<html><head><title>Assaults near Pokrovsk</title></head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a> | Subscribe to our newsletter</nav>
<article><h1>Assaults near Pokrovsk</h1>
<p>Russian troops attacked Ukrainian positions near Pokrovsk 42 times on Tuesday, the General Staff said.</p>
<p>Fighting continued near Myrnohrad, where drones struck supply routes and shelling hit the outskirts.</p>
</article>
<footer>Copyright 2025 Example News. All rights reserved. Cookie policy.</footer></body></html>"""


def html_page(head: str = "", byline: str = "", footer: str = "") -> str:
    """A Sloviansk report as an HTML page, with what ``head``, ``byline`` and ``footer`` add."""
    return (f"<html><head>{head}</head><body><article><h1>Russian rockets hit Sloviansk</h1>{byline}"
            "<p>Russian forces struck Sloviansk with multiple rocket launchers on Sunday, injuring two residents and "
            "damaging a school, the city military administration said.</p></article>"
            f"<footer>{footer}</footer></body></html>")


def write(path: Path, data: str | bytes, gz: bool = False) -> Path:
    """Write text or bytes to ``path`` (gzip-compressed when ``gz``), creating folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    path.write_bytes(gzip.compress(raw) if gz else raw)
    return path


def jsonl(records: list[dict]) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


PLACES = ["Kupiansk", "Pokrovsk", "Lyman", "Siversk", "Huliaipole", "Orikhiv", "Kherson", "Kharkiv", "Myrnohrad",
          "Kostiantynivka", "Vovchansk", "Borova", "Toretsk", "Kurakhove", "Velyka Novosilka", "Stepnohirsk"]
ACTORS = ["Russian forces", "Enemy assault groups", "Russian infantry", "Mechanised units", "Drone operators",
          "Ukrainian brigades", "Border guards", "Artillery crews"]
ACTIONS = ["attacked positions near", "tried to advance towards", "shelled the outskirts of", "struck a depot in",
           "repelled assaults around", "held the line at", "cleared a treeline west of", "launched glide bombs on"]
TAILS = ["the General Staff said", "a brigade spokesman reported", "according to the regional governor",
         "fighting continued overnight", "no changes in the line were confirmed", "losses were not disclosed"]


def report(sentences: int, seed: int) -> str:
    """A report of ``sentences`` random front-line sentences, reproducible from ``seed``."""
    import random

    pick = random.Random(seed)
    return " ".join(f"{pick.choice(ACTORS)} {pick.choice(ACTIONS)} {pick.choice(PLACES)} {pick.randint(2, 60)} "
                    f"times on day {pick.randint(1, 30)}; {pick.choice(TAILS)}." for _ in range(sentences))


def predict_command(*args) -> list[str]:
    """The command line of ``python predict.py ARGS`` (run it from :data:`REPO` with :func:`predict_env`)."""
    return [sys.executable, "predict.py", *map(str, args)]


def predict_env() -> dict[str, str]:
    """The environment for a ``predict.py`` subprocess: this one, with the checkout importable."""
    return {**os.environ, "PYTHONPATH": str(REPO)}


def run_predict(*args, timeout: float = 300, **kwargs) -> subprocess.CompletedProcess:
    """``python predict.py ARGS`` from the repository root; stdout and stderr captured as text."""
    return subprocess.run(predict_command(*args), cwd=REPO, env=predict_env(), capture_output=True, text=True,
                          timeout=timeout, **kwargs)
