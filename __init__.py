"""ducha (督察): a terminal explorer for the records of China's central ecological and
environmental protection inspections and the rectification that follows them.

Kept import-free so that `ducha show` and `ducha extract` start fast; the heavy parts
(polars, textual) are imported by the command that needs them.
"""

__version__ = "0.1.0"
