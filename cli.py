"""The `ducha` command. Thin: each command imports only what it needs, so a quick lookup
does not pay for the app or the dataframe library.

Exit codes: 0 success; 1 some input had problems (the rest was processed); 2 usage error;
3 nothing found for a query.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from ducha import __version__

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_NOT_FOUND = 0, 1, 2, 3

EPILOG = """examples:
  ducha                      open the explorer on the bundled reports (building the dataset first)
  ducha extract report.txt   show what ducha reads in a file, with the sentence behind each number
  ducha extract --json a.txt b.html
  ducha build --data ./ds    build or refresh a dataset directory
"""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="ducha",
        description="Explore the records of China's central environmental inspections (督察).",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"ducha {__version__}")
    p.add_argument("--data", metavar="DIR", help="dataset directory (default: per-user data dir)")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    ex = sub.add_parser(
        "extract",
        help="parse files and print their facts, without touching the dataset",
        epilog="example: ducha extract --json data/sources/001_*.txt",
    )
    ex.add_argument("files", nargs="+", metavar="FILE")
    ex.add_argument("--json", action="store_true", help="one JSON object per file, one per line")

    bd = sub.add_parser(
        "build",
        help="build or refresh the dataset (incremental, by content hash)",
        epilog="example: ducha build --data ./ds my_reports/",
    )
    bd.add_argument("sources", nargs="*", metavar="SOURCE", help="extra files or folders")
    bd.add_argument("--data", dest="data_sub", metavar="DIR", help=argparse.SUPPRESS)
    bd.add_argument("--full", action="store_true", help="re-parse every document")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    data_dir = getattr(args, "data_sub", None) or args.data
    if args.command == "extract":
        return cmd_extract(args.files, as_json=args.json)
    if args.command == "build":
        return cmd_build(data_dir, args.sources, full=args.full)
    return cmd_app(data_dir)


def cmd_extract(files: Sequence[str], as_json: bool) -> int:
    from ducha.parsers.pipeline import parse_path

    problems = False
    for path in files:
        doc = parse_path(path)
        problems |= doc.status != "ok"
        if as_json:
            out = doc.to_json()
            sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        else:
            from ducha.views import print_document

            print_document(doc)
    return EXIT_PROBLEMS if problems else EXIT_OK


def cmd_build(data_dir: str | None, sources: Sequence[str], full: bool = False) -> int:
    from ducha.parsers.dataset import build_with_progress

    report = build_with_progress(data_dir, sources, full=full)
    return EXIT_PROBLEMS if report.problem_docs else EXIT_OK


def cmd_app(data_dir: str | None) -> int:
    from ducha.tui.app import run_app

    return run_app(data_dir)
