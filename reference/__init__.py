"""Reference data and its lookups, shared by the parser and the queries: the gazetteer of
places (names, short names, 简称, pinyin, English, levels and parents) and the inspection
rounds and batches (data/reference/*.toml)."""
