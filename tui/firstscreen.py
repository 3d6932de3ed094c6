"""The tree and title of the app's first frame, from what the last build stored.

Reading the tables needs polars and takes a moment at 10,000 reports; the first frame
needs only each tree node's summary, the places and batches the tree arranges them by,
and the title's figures, which the build stored as JSON (answers.write_first_screen).
`FirstScreen` offers the tree what `Model` offers it, so the tree is drawn from either;
the full model replaces it as soon as the tables are read.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from ducha.results import Summary
from ducha.vocabulary import round_rank


class StoredPlace(NamedTuple):
    name: str
    short: str
    level: str
    parent: str | None


class StoredBatch(NamedTuple):
    """The fields of a reference batch the tree reads (reference.batches.Batch)."""

    id: str
    round_name: str
    batch_name: str
    batch: int
    start: str
    provinces: tuple[str, ...]
    units_other: tuple[str, ...]

    @property
    def members(self) -> tuple[str, ...]:
        return self.provinces + self.units_other


class Places:
    """The gazetteer lookups the tree makes, over the places the first screen needs."""

    def __init__(self, rows: list[list[Any]]) -> None:
        self.places = [StoredPlace(*row) for row in rows]
        self._by_name = {p.name: p for p in self.places}

    def get(self, name: str) -> StoredPlace | None:
        return self._by_name.get(name)

    def provinces(self) -> list[StoredPlace]:
        return [p for p in self.places if p.level == "province"]

    def cities_of(self, province: str) -> list[StoredPlace]:
        return [p for p in self.places if p.level == "city" and p.parent == province]


class SummaryLookups:
    """A tree node's summary by entity and round (round None: the entity's latest), for
    the model and the stored first screen alike."""

    overview: dict[tuple[str, str | None], Summary]

    def rounds_of(self, entity: str) -> list[str | None]:
        raise NotImplementedError

    def summary(self, entity: str, round_: str | None) -> Summary | None:
        if round_ is None:
            rounds = self.rounds_of(entity)
            round_ = rounds[0] if rounds else None
        return self.overview.get((entity, round_))


class FirstScreen(SummaryLookups):
    """The stored first screen: what the tree and the title read from a `Model`."""

    def __init__(self, stored: dict[str, Any]) -> None:
        self.generation: str = stored["generation"]
        self.n_documents: int = stored["documents"]
        self.n_sections: int = stored["sections"]
        latest = stored["latest_report"]
        if latest is not None and (not isinstance(latest, list) or len(latest) != 2):
            raise ValueError("an earlier shape of the title's date")
        self.latest_report: tuple[str, str] | None = (latest[0], latest[1]) if latest else None
        self.overview: dict[tuple[str, str | None], Summary] = {}
        for row in stored["summaries"]:
            s = Summary(*row)
            self.overview[(s.entity, s.round)] = s
        self.gazetteer = Places(stored["places"])
        keep = StoredBatch._fields
        self.batches = tuple(
            StoredBatch(**{k: tuple(b[k]) if isinstance(b[k], list) else b[k] for k in keep})
            for b in stored["batches"]
        )

    @classmethod
    def load(cls, data_dir: Path, extra: Sequence[str] = ()) -> FirstScreen | None:
        """The stored first screen when the dataset is visibly unchanged, else None."""
        from ducha.answers import read_first_screen

        stored = read_first_screen(data_dir, extra)
        if stored is None:
            return None
        try:
            return cls(stored)
        except (KeyError, TypeError, ValueError):
            return None  # a file of another shape: the tables will do

    def rounds_of(self, entity: str) -> list[str | None]:
        return sorted({r for (e, r) in self.overview if e == entity}, key=round_rank)

    def entities_with_docs(self) -> set[str]:
        return {e for (e, _r) in self.overview}

    def short(self, name: str) -> str:
        place = self.gazetteer.get(name)
        return place.short if place else name
