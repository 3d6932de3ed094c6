"""Bundled data: the source corpus (sources/, described in sources.toml) and the reference
tables (reference/*.toml) of places, inspected bodies and inspection batches."""
