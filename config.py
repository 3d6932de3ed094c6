"""User settings: a small TOML file at the platform's config path.

Where the file is: the environment variable ``DUCHA_CONFIG`` if set, else
``platformdirs.user_config_dir("ducha")/config.toml`` (``~/.config/ducha/config.toml`` on
Linux). A missing file is fine: every setting has a default. A bad file never stops the
program: each problem is reported as ``path:line: key: problem`` and that setting keeps its
default.

Example::

    # ~/.config/ducha/config.toml
    data_dir = "~/ducha-data"          # where the dataset (parquet tables) is written
    library_dir = "~/Documents/督察"     # where `ducha add` copies reports
    sources = ["~/reports/2023", "/srv/shared/督察"]   # extra folders read by every build
    theme = "textual-light"            # Textual theme of the app
    grouping = "place"                 # first grouping of the app's tree: "round" or "place"
    follow_symlinks = false            # follow links that lead out of a source folder

Relative paths are taken relative to the folder holding the config file; ``~`` is expanded.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

GROUPINGS = ("round", "place")
# Textual's built-in themes (textual.theme.BUILTIN_THEMES); listed here so that reading the
# settings does not import Textual.
THEMES = (
    "ansi-dark", "ansi-light", "atom-one-dark", "atom-one-light", "catppuccin-frappe",
    "catppuccin-latte", "catppuccin-macchiato", "catppuccin-mocha", "dracula", "flexoki",
    "gruvbox", "monokai", "nord", "rose-pine", "rose-pine-dawn", "rose-pine-moon",
    "solarized-dark", "solarized-light", "textual-dark", "textual-light", "tokyo-night",
)  # fmt: skip

DEFAULT = "default"


@dataclass(slots=True)
class Settings:
    """The effective settings; `origin` says where each one came from."""

    data_dir: str | None = None
    """Dataset directory (parquet tables). Default: the per-user data directory."""
    library_dir: str | None = None
    """Where `ducha add` copies documents. Default: ``<data_dir>/library``."""
    sources: list[str] = field(default_factory=list)
    """Extra files or folders of reports, read by every build."""
    theme: str | None = None
    """Textual theme of the app (e.g. textual-dark, textual-light). Default: the app's."""
    grouping: str = "round"
    """First grouping of the app's tree: "round" (round, batch, place) or "place"."""
    follow_symlinks: bool = False
    """Whether a build follows symbolic links that lead out of a source folder. Off by
    default: a link to `/` or to another user's files would otherwise pull them into the
    dataset. Links inside a source folder are always followed, each folder read once."""
    path: Path | None = None
    """The config file that was read (None when there was none)."""
    origin: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def source_of(self, key: str) -> str:
        return self.origin.get(key, DEFAULT)


SETTING_KEYS = tuple(
    f.name for f in fields(Settings) if f.name not in ("path", "origin", "problems")
)


def config_path() -> Path:
    env = os.environ.get("DUCHA_CONFIG")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("ducha", appauthor=False)) / "config.toml"


def _line_of(text: str, key: str) -> int | None:
    """Line number (1-based) where `key` is assigned, found by scanning the text."""
    pat = re.compile(rf"""^\s*(?:{re.escape(key)}|"{re.escape(key)}"|'{re.escape(key)}')\s*=""")
    for n, line in enumerate(text.splitlines(), 1):
        if pat.match(line):
            return n
    pat = re.compile(rf"^\s*\[+\s*{re.escape(key)}\s*\]+")
    for n, line in enumerate(text.splitlines(), 1):
        if pat.match(line):
            return n
    return None


def _where(path: Path, text: str, key: str) -> str:
    line = _line_of(text, key)
    return f"{path}:{line}" if line else str(path)


def _as_path(value: str, base: Path) -> str:
    p = Path(value).expanduser()
    if not p.is_absolute():
        p = base / p
    return str(p)


def load_settings(path: str | os.PathLike[str] | None = None) -> Settings:
    """Read the config file (if any) into a `Settings`; never raises on a bad file."""
    cfg = Path(path).expanduser() if path else config_path()
    settings = Settings()
    if not cfg.exists():
        return settings
    settings.path = cfg
    try:
        raw = cfg.read_bytes()
        text = raw.decode("utf-8-sig")
    except OSError as exc:
        settings.problems.append(f"{cfg}: cannot read: {exc.strerror or exc}")
        return settings
    except UnicodeDecodeError as exc:
        settings.problems.append(f"{cfg}: not UTF-8 text ({exc.reason} at byte {exc.start})")
        return settings
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = re.search(r"at line (\d+), column (\d+)", msg)
        line = getattr(exc, "lineno", None) or (int(m.group(1)) if m else None)
        key = _key_on_line(text, line)
        where = f"{cfg}:{line}" if line else str(cfg)
        settings.problems.append(f"{where}: {key or 'syntax'}: {msg}")
        return settings
    _apply(settings, data, cfg, text)
    return settings


def _key_on_line(text: str, line: int | None) -> str | None:
    if not line:
        return None
    lines = text.splitlines()
    if line > len(lines):
        return None
    m = re.match(r"""\s*["']?([A-Za-z0-9_\-]+)["']?\s*=""", lines[line - 1])
    return m.group(1) if m else None


def _apply(settings: Settings, data: dict[str, Any], cfg: Path, text: str) -> None:
    base = cfg.parent
    origin = f"config {cfg}"

    def problem(key: str, what: str) -> None:
        settings.problems.append(f"{_where(cfg, text, key)}: {key}: {what}")

    for key, value in data.items():
        if key not in SETTING_KEYS:
            known = ", ".join(SETTING_KEYS)
            problem(key, f"unknown setting (known: {known})")
            continue
        if key in ("data_dir", "library_dir"):
            if not isinstance(value, str) or not value.strip():
                problem(key, f"expected a folder path as a string, got {_kind(value)}")
                continue
            setattr(settings, key, _as_path(value, base))
        elif key == "sources":
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(
                isinstance(v, str) and v.strip() for v in value
            ):
                problem(key, f"expected a list of folder paths (strings), got {_kind(value)}")
                continue
            settings.sources = [_as_path(v, base) for v in value]
        elif key == "theme":
            if not isinstance(value, str):
                problem(key, f"expected a theme name as a string, got {_kind(value)}")
                continue
            if value not in THEMES:
                problem(key, f"unknown theme {value!r} (known: {', '.join(THEMES)})")
                continue
            settings.theme = value
        elif key == "grouping":
            if value not in GROUPINGS:
                shown = repr(value) if isinstance(value, str) else _kind(value)
                problem(key, f"expected one of {', '.join(map(repr, GROUPINGS))}, got {shown}")
                continue
            settings.grouping = value
        elif key == "follow_symlinks":
            if not isinstance(value, bool):
                problem(key, f"expected true or false, got {_kind(value)}")
                continue
            settings.follow_symlinks = value
        settings.origin[key] = origin


def _kind(value: Any) -> str:
    names = {bool: "a boolean", int: "a number", float: "a number", str: "a string",
             list: "a list", dict: "a table"}  # fmt: skip
    for t, name in names.items():
        if type(value) is t:
            return f"{name} ({value!r})" if t in (bool, int, float) else name
    return type(value).__name__


def effective(
    settings: Settings, data_arg: str | None = None
) -> tuple[Path, str, Path, str, list[str]]:
    """(data_dir, its origin, library_dir, its origin, extra sources for every build).

    Precedence for the dataset: ``--data`` > ``DUCHA_DATA`` > config ``data_dir`` > default.
    """
    from ducha.sources import default_data_dir

    if data_arg:
        data_dir, d_origin = Path(data_arg).expanduser(), "--data"
    elif os.environ.get("DUCHA_DATA"):
        data_dir, d_origin = Path(os.environ["DUCHA_DATA"]).expanduser(), "env DUCHA_DATA"
    elif settings.data_dir:
        data_dir, d_origin = Path(settings.data_dir), settings.source_of("data_dir")
    else:
        data_dir, d_origin = default_data_dir(), DEFAULT
    extra = list(settings.sources)
    if settings.library_dir:
        library, l_origin = Path(settings.library_dir), settings.source_of("library_dir")
        if library.resolve() != (data_dir / "library").resolve():
            extra.append(str(library))
    else:
        library, l_origin = data_dir / "library", f"{DEFAULT} (<data_dir>/library)"
    return data_dir, d_origin, library, l_origin, extra
