"""Datasets for the scale benchmarks, made once and kept (in $DUCHA_BENCH_DIR, by default
/tmp/ducha-scale) so that each benchmark can be run on its own.

- `corpus_dataset(docs)`: a dataset directory whose library holds `docs` synthetic
  documents (tests/bench/gen_corpus.py), built; the app and `ducha show` open it as is.
- `million_dataset()`: the 10,000-document dataset with its sections, facts, metrics and
  deadlines repeated (new section ids; same documents, spans and values) until the facts
  table has at least one million rows. The tables are made with polars, not by parsing:
  a corpus that big would take minutes to generate and build for every run.
"""

from __future__ import annotations

import math
import os
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from gen_corpus import generate  # noqa: E402


def bench_root() -> Path:
    return Path(os.environ.get("DUCHA_BENCH_DIR", "/tmp/ducha-scale"))


def corpus(library: Path, docs: int, seed: int = 1) -> Path:
    """`docs` synthetic documents in `library` (generated once; a stamp marks them done)."""
    stamp = library / f".complete-{docs}-{seed}"
    if not stamp.exists():
        shutil.rmtree(library, ignore_errors=True)
        n = generate(library, docs, seed, kb=11.0)
        print(f"generated {docs} documents ({n / 1e6:.0f} MB) in {library}", file=sys.stderr)
        stamp.write_text("")
    return library


def corpus_dataset(docs: int = 10_000, seed: int = 1, build: bool = True) -> Path:
    from ducha.build import build as build_dataset
    from ducha.build import is_stale

    ddir = bench_root() / f"ds-{docs}-{seed}"
    corpus(ddir / "library", docs, seed)
    if build and is_stale(ddir):
        print(f"building {ddir} …", file=sys.stderr)
        build_dataset(ddir)
    return ddir


def million_dataset(facts: int = 1_000_000) -> Path:
    import polars as pl

    from ducha.build import is_stale
    from ducha.dataset import GENERATION_KEY, TABLES, write_atomic
    from ducha.sources import read_manifest

    base = corpus_dataset()
    out = bench_root() / "ds-1m"
    manifest = read_manifest(base)
    if (
        (out / "manifest.json").exists()
        and read_manifest(out).get("generation") == manifest.get("generation")
        and not is_stale(out)
    ):
        return out
    print(f"making {out} from {base} …", file=sys.stderr)
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    # the same sources: the library is a link, so the manifest's resolved paths still hold
    (out / "library").symlink_to(base / "library")
    n_facts = pl.scan_parquet(base / "facts.parquet").select(pl.len()).collect().item()
    copies = math.ceil(facts / n_facts)
    meta = {GENERATION_KEY: manifest["generation"]}
    for t in TABLES:
        df = pl.read_parquet(base / f"{t}.parquet")
        if t in ("sections", "facts", "metrics", "deadlines"):
            parts = [df] + [
                df.with_columns((pl.col("section_id") + f"~{k}").alias("section_id"))
                for k in range(1, copies)
            ]
            df = pl.concat(parts)
        if t == "documents":
            df = df.with_columns(pl.col("n_facts") * copies)
        write_atomic(df, out / f"{t}.parquet", metadata=meta)
    # the sources as found through the link (source paths are not resolved), so the app
    # takes the dataset as up to date instead of rebuilding it from the library
    import json

    prefix, linked = str(base / "library"), str(out / "library")
    manifest["sources"] = {
        (linked + k[len(prefix) :] if k.startswith(prefix) else k): v
        for k, v in manifest.get("sources", {}).items()
    }
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    return out
