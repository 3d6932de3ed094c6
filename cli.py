"""The `ducha` command. Thin: each command imports only what it needs, so a quick lookup
does not pay for the app or the dataframe library.

Exit codes: 0 success; 1 some input had problems (the rest was processed); 2 usage error;
3 nothing found for a query, or the query is ambiguous.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ducha import __version__

if TYPE_CHECKING:
    from ducha.sources import Source

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_NOT_FOUND = 0, 1, 2, 3

EPILOG = """examples:
  ducha                      open the explorer (building the dataset first if needed)
  ducha show 河南            Henan's inspection, latest counts, metrics and their sources
  ducha show                 every entity with its completion (--sort behind --desc)
  ducha add ~/Downloads/report.html   copy a report into your library and read it
  ducha export --table metrics -o metrics.csv
  ducha serve                the explorer in a browser at http://127.0.0.1:8000
  ducha extract report.txt   what ducha reads in a file, with the sentence behind each number
  ducha config               effective settings and where each one comes from

exit status:
  0  success
  1  some input had problems (bad file, bad config); the rest was processed
  2  usage error (unknown option, bad value)
  3  nothing found for a query, or the query is ambiguous

environment:
  DUCHA_DATA     dataset directory (below --data, above the config file's data_dir)
  DUCHA_CONFIG   config file to read instead of the per-user one
  NO_COLOR       no colour in the output (colour is also off when not writing to a terminal)
"""

SHOW_EPILOG = """examples:
  ducha show 河南              by Chinese name
  ducha show henan             by pinyin (豫, 河南省 and Henan work too)
  ducha show 湖南 --evidence   with the sentence behind each number
  ducha show 河南 --json       the same as JSON, for scripts
  ducha show 山西 --tasks      the rows of its ledgers (task lists added with `ducha add`)
  ducha show 山西 --overdue    only the rows past their deadline (derived, marked overdue*)
  ducha show --sort behind --desc   overview, most behind first

an ambiguous query (hn) lists the candidates and an unknown one suggests near matches;
both exit with status 3.
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # exit status 2 for usage errors (argparse's default too)
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _sub(sub, name: str, help: str, epilog: str, **kw) -> argparse.ArgumentParser:
    p = sub.add_parser(
        name,
        help=help,
        description=help[0].upper() + help[1:] + ".",
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        **kw,
    )
    # `--data` is accepted after the command too: `ducha show 河南 --data ./ds`
    p.add_argument("--data", dest="data_sub", metavar="DIR", help=argparse.SUPPRESS)
    return p


def _parser() -> argparse.ArgumentParser:
    from ducha.config import GROUPINGS

    p = _Parser(
        prog="ducha",
        description="Explore the records of China's central environmental inspections (督察).",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"ducha {__version__}")
    p.add_argument("--data", metavar="DIR", help="dataset directory (default: per-user data dir)")
    p.add_argument("--config", metavar="FILE", help="config file (default: see `ducha config`)")
    p.add_argument("--theme", metavar="NAME", help="theme of the app, e.g. textual-light")
    p.add_argument("--grouping", choices=GROUPINGS, help="first grouping of the app's tree")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    ex = _sub(
        sub,
        "extract",
        "parse files and print their facts, without touching the dataset",
        "example: ducha extract --json data/sources/001_*.txt",
    )
    ex.add_argument("files", nargs="+", metavar="FILE")
    ex.add_argument("--json", action="store_true", help="one JSON object per file, one per line")

    bd = _sub(
        sub,
        "build",
        "build or refresh the dataset (incremental, by content hash)",
        "examples:\n"
        "  ducha build --data ./ds my_reports/    read my_reports/ now and in every later\n"
        "                                         command on ./ds (show, export, the app)\n"
        "  ducha build --data ./ds --forget my_reports/   stop reading it, drop its documents",
    )
    bd.add_argument(
        "sources",
        nargs="*",
        metavar="SOURCE",
        help="extra files or folders, recorded: every later command reads them too",
    )
    bd.add_argument("--full", action="store_true", help="re-parse every document")
    bd.add_argument(
        "--forget",
        action="append",
        default=[],
        metavar="FOLDER",
        help="take a folder recorded by an earlier build off the record, and its documents"
        " out of the dataset (repeatable)",
    )
    # for programs that run the build in a child process (the app): progress as JSON lines
    bd.add_argument("--progress-lines", action="store_true", help=argparse.SUPPRESS)

    sh = _sub(sub, "show", "show an entity's inspection, counts, metrics and sources", SHOW_EPILOG)
    sh.add_argument(
        "query", nargs="*", metavar="QUERY", help="name, short name, 简称 or pinyin; none: overview"
    )
    sh.add_argument(
        "--evidence", action="store_true", help="add the source sentence of each number"
    )
    sh.add_argument("--json", action="store_true", help="print JSON instead of tables")
    sh.add_argument("--tasks", action="store_true", help="list the rows of the entity's ledgers")
    sh.add_argument(
        "--overdue",
        action="store_true",
        help="ledger rows past their deadline only (implies --tasks)",
    )
    from ducha.vocabulary import SORT_KEYS

    sh.add_argument("--sort", choices=SORT_KEYS, help="overview order (default: place order)")
    sh.add_argument("--desc", action="store_true", help="overview in descending order")

    ad = _sub(
        sub,
        "add",
        "copy reports (.txt/.html files, .csv/.xlsx task lists, or folders) into your library and read them",
        "example: ducha add ~/Downloads/吉林省整改落实情况.html reports/2023/\n"
        "         ducha add 整改任务清单.xlsx --entity 山西省   (a ledger; the entity is kept\n"
        "         beside the copy in 整改任务清单.xlsx.ducha.toml)\n\n"
        "Adding a file whose content is already in the library changes nothing.",
    )
    ad.add_argument("paths", nargs="+", metavar="PATH")
    ad.add_argument(
        "--entity",
        metavar="NAME",
        help="the province or city a ledger (.csv/.xlsx/.html task list) belongs to",
    )

    exp = _sub(
        sub,
        "export",
        "write one table of the dataset as CSV, JSON lines or parquet",
        "examples:\n"
        "  ducha export                       facts as CSV on standard output\n"
        "  ducha export --table metrics -o metrics.csv   (UTF-8 with BOM: opens in Excel)\n"
        "  ducha export --table sections --format json > sections.jsonl\n"
        "  ducha export --table facts -o facts.parquet",
    )
    from ducha.export import EXPORT_TABLES, FORMATS

    exp.add_argument("--table", choices=EXPORT_TABLES, default="facts", help="default: facts")
    exp.add_argument("--format", choices=FORMATS, help="default: from -o's suffix, else csv")
    exp.add_argument("-o", "--output", metavar="PATH", help="file to write (default: stdout)")
    exp.add_argument(
        "--with-text", action="store_true", help="documents: include the full text column"
    )

    sv = _sub(
        sub,
        "serve",
        "serve the app to a web browser (textual-serve)",
        "examples:\n"
        "  ducha serve                      http://127.0.0.1:8000, this machine only\n"
        "  ducha serve --port 8080\n"
        "  ducha serve --host 0.0.0.0 --public-url http://laptop.local:8000\n\n"
        "There is no login: anyone who can reach the port can use the app. Keep the\n"
        "default loopback address and use an SSH tunnel to reach it from elsewhere.",
    )
    sv.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    sv.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    sv.add_argument("--public-url", metavar="URL", help="URL browsers use to reach the server")
    sv.add_argument("--max-sessions", type=int, default=None, metavar="N",
                    help="most app processes at once (default: 8, or $DUCHA_MAX_SESSIONS)")  # fmt: skip

    cf = _sub(
        sub,
        "config",
        "print the effective settings and where each one comes from",
        "example: ducha config\n\n" + _config_help(),
    )
    cf.add_argument("--json", action="store_true", help="print JSON")
    return p


def _config_help() -> str:
    return (
        "The config file is TOML, at $DUCHA_CONFIG or the per-user config folder:\n"
        '  data_dir = "~/ducha-data"        dataset directory\n'
        '  library_dir = "~/督察"            where `ducha add` copies reports\n'
        '  sources = ["~/reports"]          extra folders read by every build\n'
        '  theme = "textual-light"          theme of the app\n'
        '  grouping = "place"               first grouping of the tree: round or place\n'
        "  follow_symlinks = false          follow links that lead out of a source folder"
    )


# --- helpers ---------------------------------------------------------------------------


class Context:
    """Settings and paths shared by the commands."""

    def __init__(self, args: argparse.Namespace) -> None:
        from ducha.config import effective, load_settings

        self.args = args
        self.settings = load_settings(args.config)
        data_arg = getattr(args, "data_sub", None) or args.data
        (self.data_dir, self.data_origin, self.library, self.library_origin, self.configured) = (
            effective(self.settings, data_arg)
        )
        from ducha.sources import configure, recorded_roots, source_roots

        configure(follow_symlinks=self.settings.follow_symlinks)
        # the folders earlier `ducha build FOLDER` runs recorded: every command (show,
        # export, add, serve, the app and its builds) reads them with the configured ones
        self.recorded = recorded_roots(self.data_dir)
        self.extra = source_roots(self.configured, self.recorded)

    def check_data_dir(self) -> None:
        """A dataset directory that cannot be one, said in one line before any work: a file
        where the folder should be, or a `--data`/`DUCHA_DATA` folder whose parent is
        missing (a mistyped path creates no tree of folders)."""
        import errno

        d = self.data_dir
        if d.exists() and not d.is_dir():
            raise OSError(
                errno.ENOTDIR, f"not a folder (the dataset, from {self.data_origin})", str(d)
            )
        if self.data_origin in ("--data", "env DUCHA_DATA") and not d.exists():
            parent = d.absolute().parent
            if not parent.is_dir():
                raise OSError(
                    errno.ENOENT,
                    f"no such folder (the dataset's parent, from {self.data_origin})",
                    str(parent),
                )

    def warn_gone(self, forget: Sequence[str] = ()) -> None:
        """One line per recorded root that is gone: its documents stay in the dataset as
        the last build read them (see sources.kept_sources), and how to drop them."""
        from ducha.sources import gone_roots, kept_sources, read_manifest, root_path, under_root

        forgotten = {root_path(f) for f in forget}
        gone = [g for g in gone_roots(self.recorded) if g not in forgotten]
        if not gone:
            return
        from ducha.views import shown_path

        kept = kept_sources(read_manifest(self.data_dir), gone)
        for root in gone:
            n = sum(under_root(p, root) for p in kept)
            docs = "its 1 document is" if n == 1 else f"its {n} documents are"
            _print_line(
                f"ducha: source folder {shown_path(root)} recorded by an earlier build is gone;"
                f" {docs} kept until `ducha build --forget {shown_path(root)}`",
                style="yellow",
            )

    def warn_config(self) -> None:
        if not self.settings.problems:
            return
        from rich.text import Text

        from ducha.views import make_console

        err = make_console(stderr=True)
        from ducha.views import clean

        for problem in self.settings.problems:
            t = Text("ducha: config: ", style="yellow")
            t.append(clean(problem))
            err.print(t, soft_wrap=True)
        err.print(Text("ducha: using defaults for those settings", style="dim"))


def ensure_dataset(
    data_dir: Path, extra: Sequence[str], sources: list[Source] | None = None
) -> None:
    """Build or refresh the dataset when missing or stale, quietly, with one note on stderr.
    `sources` are `find_sources(data_dir, extra)` if the caller has walked them already."""
    from ducha.build import BuildLocked, build, is_stale
    from ducha.dataset import readable_as_is

    if not is_stale(data_dir, list(extra), sources=sources):
        return
    from rich.text import Text

    from ducha.views import clean, make_console, shown_path

    fresh = not (data_dir / "manifest.json").exists()
    try:
        # a dataset to show already: do not wait for another build to finish
        report = build(data_dir, list(extra), wait=None if fresh else 0)
    except (BuildLocked, OSError) as exc:
        if fresh or not readable_as_is(data_dir):
            raise
        if isinstance(exc, BuildLocked):
            why = f"another build is running, pid {exc.owner}"
        else:
            why = exc.strerror or str(exc)
        make_console(stderr=True).print(
            Text(
                f"ducha: could not refresh the dataset in {shown_path(data_dir)} ({clean(why)});"
                " showing it as the last build left it",
                style="yellow",
            ),
            soft_wrap=True,
        )
        return

    note = f"ducha: {'built' if fresh else 'refreshed'} the dataset in {shown_path(data_dir)}"
    note += f" ({report.documents} documents, {report.parsed} read"
    if report.problem_docs:
        note += f", {len(report.problem_docs)} with problems: see `ducha build`"
    make_console(stderr=True).print(Text(note + ")", style="dim"))


def _print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=1) + "\n")


# --- entry point -----------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        code = _run(args)
        sys.stdout.flush()  # inside the try: a closed pipe shows here at the latest
        return code
    except KeyboardInterrupt:
        return 130
    except OSError as exc:  # a file-system situation: one line with the path, no traceback
        if _broken_pipe(exc):
            # `ducha export | head -1`: the reader has what it wanted. As the Python docs
            # advise, point stdout at devnull so the interpreter's last flush cannot fail.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            return EXIT_OK
        _print_os_error(exc, args)
        return EXIT_PROBLEMS
    except Exception as exc:
        if not _damaged_table(exc):
            raise
        data = getattr(args, "data_sub", None) or getattr(args, "data", None)
        data = data or os.environ.get("DUCHA_DATA") or "the dataset"
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        _print_line(
            f"ducha: {os.fspath(data)}: a table could not be read ({first});"
            " `ducha build --full` rebuilds it from the sources"
        )
        return EXIT_PROBLEMS


def _damaged_table(exc: Exception) -> bool:
    """An error of polars reading a table whose bytes are damaged inside (its footer
    reads, so nothing noticed before): said in one line, never a traceback."""
    polars = sys.modules.get("polars")
    return polars is not None and isinstance(exc, polars.exceptions.PolarsError)


def _broken_pipe(exc: OSError) -> bool:
    """A closed standard output: Python's BrokenPipeError, or the plain OSError polars
    raises when its CSV writer meets one (`Broken pipe (os error 32)`, no errno)."""
    import errno

    return (
        isinstance(exc, BrokenPipeError)
        or exc.errno == errno.EPIPE
        or f"(os error {errno.EPIPE})" in str(exc)
    )


def _print_os_error(exc: OSError, args: argparse.Namespace) -> None:
    """`ducha: <path>: <reason>`. An error without a file name (a write that found the
    disk full) names the dataset directory, the place the command was writing; a temporary
    file of an atomic write is named by its folder."""

    from ducha.views import shown_path

    path = exc.filename
    if path is None:
        path = getattr(args, "data_sub", None) or getattr(args, "data", None)
        path = path or os.environ.get("DUCHA_DATA")
    if path is not None:
        path = os.fspath(path)
        name = os.path.basename(path)
        if isinstance(name, str) and name.startswith(".") and name.endswith(".tmp"):
            path = os.path.dirname(path)
    reason = exc.strerror or str(exc) or type(exc).__name__
    _print_line("ducha: " + (f"{shown_path(path)}: " if path is not None else "") + reason)


def _print_line(line: str, style: str = "red") -> None:
    """One line on stderr (red: an error), as text (never markup)."""
    from rich.text import Text

    from ducha.views import clean, make_console

    try:
        make_console(stderr=True).print(Text(clean(line), style=style), soft_wrap=True)
    except OSError:  # stderr gone too: the exit status still says it
        pass


def _run(args: argparse.Namespace) -> int:
    if args.command == "extract":
        return cmd_extract(args.files, as_json=args.json)
    ctx = Context(args)
    if args.command == "config":
        return cmd_config(ctx, as_json=args.json)
    ctx.warn_config()
    ctx.check_data_dir()
    if args.command == "build":
        return _build_command(ctx, args)
    ctx.warn_gone()
    if args.command == "show":
        return cmd_show(ctx, " ".join(args.query).strip(), args)
    if args.command == "add":
        return cmd_add(ctx, args.paths, entity=args.entity)
    if args.command == "export":
        return cmd_export(ctx, args)
    if args.command == "serve":
        return cmd_serve(ctx, args)
    theme = args.theme or ctx.settings.theme
    grouping = args.grouping or ctx.settings.grouping
    return cmd_app(str(ctx.data_dir), theme=theme, grouping=grouping, extra=ctx.extra)


def _build_command(ctx: Context, args: argparse.Namespace) -> int:
    """`ducha build [SOURCE...] [--forget FOLDER...]`: the configured and recorded roots,
    plus the SOURCEs, which are recorded unless already read (the app's build passes the
    roots it was given: nothing new to record); `--forget` takes recorded roots off."""
    from ducha.sources import root_path, source_roots

    forget = [root_path(f) for f in args.forget]
    recorded = set(ctx.recorded)
    unknown = [f for f in forget if f not in recorded]
    if unknown:
        from ducha.views import shown_path

        listed = ", ".join(map(shown_path, ctx.recorded)) or "none"
        _print_line(
            f"ducha build: --forget {shown_path(unknown[0])}: not a folder recorded by an"
            f" earlier build (recorded: {listed})"
        )
        return EXIT_USAGE
    kept = [r for r in ctx.recorded if r not in forget]
    read = {root_path(r) for r in [*ctx.configured, *kept]}
    remember = [s for s in args.sources if root_path(s) not in read]
    sources = list(dict.fromkeys([*source_roots(ctx.configured, kept), *args.sources]))
    ctx.warn_gone(forget)
    if args.progress_lines:
        return cmd_build_lines(
            str(ctx.data_dir), sources, full=args.full, remember=remember, forget=forget
        )
    return cmd_build(str(ctx.data_dir), sources, full=args.full, remember=remember, forget=forget)


def _write_json_line(obj: Any) -> None:
    """One JSON object on a line of stdout; a path that is not UTF-8 goes as JSON escapes
    (see `sources.json_bytes`) instead of failing the write."""
    from ducha.sources import json_bytes

    sys.stdout.write(json_bytes(obj).decode("utf-8") + "\n")


def cmd_extract(files: Sequence[str], as_json: bool) -> int:
    import stat

    from ducha.parsers.pipeline import parse_path
    from ducha.sources import not_a_file

    problems = False
    for path in files:
        try:
            mode = os.stat(path).st_mode
        except OSError:
            mode = stat.S_IFREG  # missing or unreadable: the parser says so
        if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):  # a FIFO would block the read
            from rich.text import Text

            from ducha.views import make_console, shown_path

            t = Text("problem: ", style="bold red")
            t.append(f"{shown_path(path)}: {not_a_file(mode)}")
            make_console(stderr=True).print(t, soft_wrap=True)
            problems = True
            continue
        doc = parse_path(path)
        problems |= doc.status != "ok"
        if as_json:
            _write_json_line(doc.to_json())
        else:
            from ducha.views import print_document

            print_document(doc)
    return EXIT_PROBLEMS if problems else EXIT_OK


def _build_with_bar(
    label: str, console: Any, data_dir: Any, sources: Sequence[str], full: bool = False, **kw: Any
) -> Any:
    """A build with a progress bar: each file's name shown escaped, never as markup."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from ducha.build import build
    from ducha.views import shown_path

    with Progress(
        TextColumn(f"[bold]{label}"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.description}", markup=False), console=console, transient=True,
    ) as bar:  # fmt: skip
        task = bar.add_task("", total=None)

        def tick(i: int, n: int, name: str) -> None:
            bar.update(task, completed=i, total=n, description=shown_path(name))

        return build(data_dir, sources, full=full, progress=tick, **kw)


def cmd_build(
    data_dir: str | None,
    sources: Sequence[str],
    full: bool = False,
    remember: Sequence[str] = (),
    forget: Sequence[str] = (),
) -> int:
    """`ducha build`: a progress bar, the summary, every problem, and every entry of the
    source folders that was not read (a FIFO, a link out of the folder) with the reason.
    File names are shown through `shown_path` and never as markup: a name may hold ESC,
    BEL or `[red]`."""
    from dataclasses import replace

    from rich.text import Text

    from ducha.build import print_report
    from ducha.views import clean, make_console, shown_path

    console = make_console(stderr=True)
    report = _build_with_bar(
        "parsing", console, data_dir, sources, full=full, remember=remember, forget=forget
    )
    safe = replace(
        report,
        data_dir=Path(shown_path(report.data_dir)),
        messages=[clean(m) for m in report.messages],
        problem_docs=[
            (shown_path(p), [clean(x) for x in probs]) for p, probs in report.problem_docs
        ],
    )
    print_report(safe, console)
    if report.recorded:
        t = Text("recorded source folders, read by every command: ", style="dim")
        t.append(", ".join(map(shown_path, report.recorded)))
        console.print(t, soft_wrap=True)
    for path, reason in report.skipped:
        t = Text("skipped: ", style="yellow")
        t.append(shown_path(path))
        t.append(f" - {reason}")
        console.print(t, soft_wrap=True)
    return EXIT_PROBLEMS if report.problem_docs else EXIT_OK


def cmd_build_lines(
    data_dir: str,
    sources: Sequence[str],
    full: bool = False,
    remember: Sequence[str] = (),
    forget: Sequence[str] = (),
) -> int:
    """`ducha build --progress-lines`: one JSON object per line on stdout, each document's
    progress ({"i", "n", "name"}) and then the outcome ({"done", "documents", "parsed",
    "problems", "messages"}), for a program that shows the build's progress itself."""
    from ducha.build import build

    def emit(obj: dict[str, Any]) -> None:
        _write_json_line(obj)
        sys.stdout.flush()

    from ducha.sources import shown

    def tick(i: int, n: int, name: str) -> None:
        emit({"i": i, "n": n, "name": shown(name)})

    report = build(data_dir, sources, full=full, progress=tick, remember=remember, forget=forget)
    emit({"done": True, "documents": report.documents, "parsed": report.parsed,
          "problems": len(report.problem_docs), "messages": report.messages})  # fmt: skip
    return EXIT_PROBLEMS if report.problem_docs else EXIT_OK


def _stored_answer(
    ctx: Context, query: str, args: argparse.Namespace
) -> tuple[dict[str, Any] | None, list[Source] | None]:
    """The report the last build stored for this query when the dataset is current (a lookup
    that never loads polars or the parser, see answers.py), and the sources walked to know
    that, for the query path to reuse."""
    if not query or args.tasks or args.overdue:
        return None, None
    from ducha.answers import lookup
    from ducha.sources import (
        read_manifest,
        sources_current,
        stamps_current,
        walk_sources,
        write_stamps,
    )

    generation = stamps_current(ctx.data_dir, ctx.extra)
    if generation is not None:  # nothing visibly changed since the last build
        return lookup(ctx.data_dir, query, generation), None
    manifest = read_manifest(ctx.data_dir)
    if not manifest:
        return None, None
    walk = walk_sources(ctx.data_dir, ctx.extra)
    if not sources_current(ctx.data_dir, ctx.extra, manifest=manifest, sources=walk.sources):
        return None, walk.sources
    generation = manifest.get("generation")
    answer = lookup(ctx.data_dir, query, generation)
    if answer is not None:  # the next lookup need not walk every file again
        write_stamps(ctx.data_dir, generation, walk)
    return answer, walk.sources


def cmd_show(ctx: Context, query: str, args: argparse.Namespace) -> int:

    stored, sources = _stored_answer(ctx, query, args)
    if stored is not None:
        from ducha.answers import without_evidence

        report = stored if args.evidence else without_evidence(stored)
        return _print_entity(report, args)
    from ducha.answers import strip_private
    from ducha.query import Store, entity_report, overview_rows, resolve_entity
    from ducha.views import make_console, render_overview, resolution_message

    ensure_dataset(ctx.data_dir, ctx.extra, sources)
    store = Store(ctx.data_dir)
    out = make_console()
    if not query:
        rows = overview_rows(store, args.sort, args.desc)
        if args.json:
            _print_json(strip_private(rows))
        else:
            out.print(render_overview(rows, out.width))
        return EXIT_OK
    res = resolve_entity(store, query)
    if res.entity is None:
        if args.json:
            _print_json(
                {
                    "error": res.kind,
                    "query": query,
                    "candidates": res.candidates,
                    "suggestions": res.suggestions,
                }
            )
        err = make_console(stderr=True)
        err.print(resolution_message(res))
        return EXIT_NOT_FOUND
    report = entity_report(
        store, res.entity, evidence=args.evidence, tasks=args.tasks, overdue=args.overdue
    )
    return _print_entity(report, args)


def _no_ledger_line(entity: str) -> str:
    """What `--tasks`/`--overdue` say of an entity without a ledger, and how to add one."""
    return f"{entity} has no task ledger; add one with: ducha add FILE --entity {entity}"


def _print_entity(report: dict[str, Any], args: argparse.Namespace) -> int:
    """`ducha show ENTITY`'s output, from a stored answer or from the tables alike. Asked
    for its ledger rows, an entity without a ledger says so (on stderr under --json, so
    the JSON stays one object) instead of printing nothing."""
    from rich.text import Text

    from ducha.answers import strip_private
    from ducha.views import clean, make_console, render_entity

    asked = getattr(args, "tasks", False) or getattr(args, "overdue", False)
    missing = None
    if asked and "ledger" not in report:
        missing = _no_ledger_line(clean(report.get("entity") or ""))
    if args.json:
        _print_json(strip_private(report))
        if missing:
            _print_line(f"ducha: {missing}", style="yellow")
        return EXIT_OK
    out = make_console()
    out.print(render_entity(report, evidence=args.evidence, width=out.width))
    if missing:
        out.print(Text(missing), soft_wrap=True)
    if not args.evidence:
        out.print(Text("(--evidence adds the sentence behind each number)", style="dim"))
    return EXIT_OK


def cmd_add(ctx: Context, paths: Sequence[str], entity: str | None = None) -> int:
    import polars as pl
    from rich.text import Text

    from ducha.build import build
    from ducha.library import add_paths
    from ducha.views import clean, make_console, shown_path

    out, err = make_console(), make_console(stderr=True)
    if entity is not None:
        from ducha.reference.gazetteer import load_gazetteer

        place = load_gazetteer().get(entity)
        if place is None:
            t = Text("ducha add: --entity: ", style="red")
            t.append(
                f"{clean(repr(entity))} is not a known province or city"
                " (try its full name, e.g. 山西省)"
            )
            err.print(t)
            return EXIT_USAGE
        entity = place.name
    result = add_paths(list(paths), ctx.library)
    relabelled = []
    if entity is not None:
        from ducha.parsers.ledger.headers import write_sidecar

        for _src, dest, _id in result.added:
            write_sidecar(str(dest), entity)
        for src, copy in result.present_at.items():
            write_sidecar(str(copy), entity)  # the same file again: its entity is corrected
            relabelled.append((src, copy))
    for src, where in result.present:
        t = Text("= ", style="dim")
        if any(src == r for r, _c in relabelled):
            t.append(f"{shown_path(src.name)}: already {shown_path(where)}; entity set to {entity}")
        else:
            t.append(f"{shown_path(src.name)}: already {shown_path(where)}; nothing to do")
        out.print(t)
    for path, problem in result.problems:
        t = Text("problem: ", style="bold red")
        t.append(f"{shown_path(path)}: {clean(problem)}")
        err.print(t)
    if relabelled and not result.added:
        build(ctx.data_dir, ctx.extra)
        out.print(Text(f"dataset updated: {shown_path(ctx.data_dir)}", style="dim"))
        return EXIT_PROBLEMS if result.problems else EXIT_OK
    if not result.added:
        out.print(Text(f"library unchanged: {shown_path(ctx.library)}", style="dim"))
        return EXIT_PROBLEMS if result.problems else EXIT_OK

    report = _build_with_bar("reading", err, ctx.data_dir, ctx.extra)
    for msg in report.messages:
        err.print(Text(f"! {clean(msg)}", style="yellow"))

    ids = [doc_id for _src, _dest, doc_id in result.added]
    docs = pl.read_parquet(ctx.data_dir / "documents.parquet").drop("text")
    docs = docs.filter(pl.col("doc_id").is_in(ids))
    secs = pl.read_parquet(ctx.data_dir / "sections.parquet").filter(pl.col("doc_id").is_in(ids))
    tasks = pl.read_parquet(ctx.data_dir / "tasks.parquet", columns=["doc_id"]).filter(
        pl.col("doc_id").is_in(ids)
    )
    by_id = {r["doc_id"]: r for r in docs.iter_rows(named=True)}
    bad = False
    for src, dest, doc_id in result.added:
        row = by_id.get(doc_id)
        t = Text("+ ", style="bold green")
        t.append(shown_path(dest.name), style="bold")
        if row is None:
            t.append("  (not read: see `ducha build`)", style="red")
            out.print(t)
            bad = True
            continue
        t.append(f"  {clean(row['kind'] or 'unknown kind')}", style="cyan")
        t.append(f"  {clean(row['encoding'] or '')}", style="dim")
        out.print(t)
        t = Text("  ")
        t.append(clean(row["title"] or "(no title)"))
        out.print(t)
        ents = secs.filter(pl.col("doc_id") == doc_id).select("entity", "level", "round")
        names = ", ".join(
            clean(f"{r['entity']} ({r['round']})" if r["round"] else r["entity"])
            for r in ents.iter_rows(named=True)
        )
        t = Text(f"  {row['n_sections']} sections", style="dim")
        if names:
            t.append(f": {names}")
        t.append(f"; {row['n_facts']} facts")
        n_tasks = tasks.filter(pl.col("doc_id") == doc_id).height
        if n_tasks:
            t.append(f"; {n_tasks} ledger rows")
        out.print(t)
        if row["status"] != "ok":
            bad = True
            typed = _typed_path(src, paths)
            for problem in row["problems"] or []:
                pt = Text("  problem: ", style="bold red")
                pt.append(_entity_hint(clean(problem), typed))
                out.print(pt, soft_wrap=True)  # unbroken: the command in it can be copied
    out.print(
        Text(
            f"{len(result.added)} added to {shown_path(ctx.library)};"
            f" dataset: {report.documents} documents",
            style="dim",
        )
    )
    return EXIT_PROBLEMS if (bad or result.problems) else EXIT_OK


# the hint of a ledger whose entity could not be told (parsers/ledger/document.py)
_ENTITY_HINT = re.compile(r"`ducha add .+? --entity NAME`")
# what a shell reads as it is: a path made only of these needs no quotes
_SHELL_PLAIN = re.compile(r"[^\s'\"\\$`!*?;&|<>(){}\[\]#]+")


def _typed_path(src: Path, paths: Sequence[str]) -> str:
    """`src` as the user named it: the argument itself, or the argument naming its folder
    joined with its place in that folder (never the library copy's path)."""
    from ducha.sources import root_path, under_root

    for raw in paths:
        if Path(raw).expanduser() == src:
            return raw
    real = root_path(src)
    for raw in paths:
        base = root_path(raw)
        if under_root(real, base):
            return os.path.join(raw, os.path.relpath(real, base))
    return os.fspath(src)


def _entity_hint(problem: str, typed: str) -> str:
    """A problem's `ducha add FILE --entity NAME` naming the file as it was typed, quoted
    for the shell only when it must be, so the command can be run as printed."""
    import shlex

    from ducha.views import shown_path

    word = shown_path(typed)
    if not _SHELL_PLAIN.fullmatch(word):
        word = shlex.quote(word)
    return _ENTITY_HINT.sub(lambda _m: f"`ducha add {word} --entity NAME`", problem)


def cmd_export(ctx: Context, args: argparse.Namespace) -> int:
    from rich.text import Text

    from ducha.export import format_for, table_frame, write
    from ducha.views import make_console, shown_path

    fmt = format_for(args.output, args.format)
    err = make_console(stderr=True)
    if fmt == "parquet" and not args.output and sys.stdout.isatty():
        err.print(Text("ducha export: parquet is binary; give -o FILE", style="red"))
        return EXIT_USAGE
    ensure_dataset(ctx.data_dir, ctx.extra)
    df = table_frame(ctx.data_dir, args.table, with_text=args.with_text)
    if args.output:
        try:
            write(df, fmt, args.output)
        except OSError as exc:
            err.print(
                Text(f"ducha export: cannot write {shown_path(args.output)}: {exc.strerror or exc}")
            )
            return EXIT_PROBLEMS
        err.print(
            Text(
                f"wrote {len(df)} rows of {args.table} to {shown_path(args.output)} ({fmt})",
                style="dim",
            )
        )
    else:
        sys.stdout.flush()
        write(df, fmt, sys.stdout.buffer)
        sys.stdout.buffer.flush()
    return EXIT_OK


def cmd_serve(ctx: Context, args: argparse.Namespace) -> int:
    from rich.text import Text

    from ducha.serve import app_command, is_loopback, make_server
    from ducha.views import make_console

    err = make_console(stderr=True)
    if not 0 < args.port < 65536:
        err.print(Text(f"ducha serve: bad port {args.port}", style="red"))
        return EXIT_USAGE
    if args.max_sessions is not None and args.max_sessions < 1:
        err.print(Text(f"ducha serve: bad --max-sessions {args.max_sessions}", style="red"))
        return EXIT_USAGE
    try:
        import textual_serve  # noqa: F401
    except ImportError:
        err.print(
            Text("ducha serve needs textual-serve: pip install textual-serve", style="bold red")
        )
        return EXIT_PROBLEMS
    if not is_loopback(args.host):
        err.print(
            Text(
                f"warning: listening on {args.host}: anyone who can reach port {args.port} "
                "can use the app (there is no login)",
                style="bold yellow",
            )
        )
    ensure_dataset(ctx.data_dir, ctx.extra)
    command = app_command(
        ctx.data_dir,
        theme=args.theme,  # the app processes read the config file themselves
        grouping=args.grouping,
        config=args.config,
    )
    server = make_server(
        command, args.host, args.port, args.public_url, max_sessions=args.max_sessions
    )
    server.serve()
    return EXIT_OK


def cmd_config(ctx: Context, as_json: bool) -> int:
    from rich.text import Text

    from ducha.config import DEFAULT, config_path
    from ducha.views import clean, make_console, shown_path

    s = ctx.settings
    path = s.path or (Path(ctx.args.config).expanduser() if ctx.args.config else config_path())
    src = (
        "--config"
        if ctx.args.config
        else ("env DUCHA_CONFIG" if os.environ.get("DUCHA_CONFIG") else DEFAULT)
    )
    rows = [
        ("config file", shown_path(path) + ("" if path.exists() else " (not present)"), src),
        ("data_dir", shown_path(ctx.data_dir), ctx.data_origin),
        ("library_dir", shown_path(ctx.library), ctx.library_origin),
        ("sources", ", ".join(map(shown_path, s.sources)) or "(none)", s.source_of("sources")),
        ("theme", ctx.args.theme or s.theme or "(the app's default)",
         "--theme" if ctx.args.theme else s.source_of("theme")),
        ("grouping", ctx.args.grouping or s.grouping,
         "--grouping" if ctx.args.grouping else s.source_of("grouping")),
        ("follow_symlinks", s.follow_symlinks,
         s.source_of("follow_symlinks")),
    ]  # fmt: skip
    if as_json:
        _print_json(
            {
                "settings": {k: {"value": v, "from": o} for k, v, o in rows},
                "problems": s.problems,
            }
        )
    else:
        out = make_console()
        for key, value, origin in rows:
            t = Text(f"{key:<15} ", style="bold")
            t.append(value if isinstance(value, str) else json.dumps(value))
            t.append(f"  (from {origin})", style="dim")
            out.print(t, soft_wrap=True)
        for problem in s.problems:
            t = Text("problem: ", style="bold red")
            t.append(clean(problem))
            out.print(t, soft_wrap=True)
        if s.problems:
            out.print(Text("the settings above use defaults where the file had problems"))
    return EXIT_PROBLEMS if s.problems else EXIT_OK


def cmd_app(
    data_dir: str | None,
    theme: str | None = None,
    grouping: str | None = None,
    extra: Sequence[str] = (),
) -> int:
    from ducha.tui.app import run_app

    return run_app(data_dir, theme=theme, grouping=grouping, extra=extra)
