"""The bundled corpus ships byte for byte with its description."""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

SEEDS = Path(__file__).parent / "fixtures" / "seeds"


def test_bundled_sources_match_the_seed_copies_and_are_described() -> None:
    data = resources.files("ducha.data")
    described = tomllib.loads((data / "sources.toml").read_text(encoding="utf-8"))["source"]
    names = {s["file"] for s in described}
    shipped = {p.name for p in Path(str(data / "sources")).iterdir()}
    assert names == shipped == {p.name for p in SEEDS.iterdir()}
    for name in names:
        assert (Path(str(data / "sources")) / name).read_bytes() == (SEEDS / name).read_bytes()
