"""Itemised task lists (ledgers): HTML tables, CSV and XLSX files -> task rows."""
