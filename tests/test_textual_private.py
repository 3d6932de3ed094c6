"""Textual's private names are used in tui/textual_private.py only, and the installed Textual
is the one they were checked against.

A private name is one that Textual's own source defines with a leading underscore: a
method, a class attribute, an attribute it sets on `self`, or a module. The rest of tui/
may not import a private Textual module, read or call such a name on a Textual object,
name it in a string (as `getattr` would), or define a method or attribute that overrides
one in a Textual base class. Our own private names are fine, even where Textual happens
to use the same word, unless textual_private.py uses that word for Textual's.
"""

from __future__ import annotations

import ast
import importlib
import re
import sys
from collections.abc import Iterator
from functools import cache
from importlib.metadata import version
from pathlib import Path

import textual
from packaging.requirements import Requirement

import ducha.tui

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
TEXTUAL_DIR = Path(textual.__file__).parent
TUI_DIR = Path(ducha.tui.__file__).parent
HOME = "textual_private.py"


def private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__") and name != "_"


def targets(node: ast.AST) -> Iterator[ast.expr]:
    """What an assignment statement binds, tuples unpacked."""
    if isinstance(node, ast.Assign):
        todo = list(node.targets)
    elif isinstance(node, ast.AnnAssign):
        todo = [node.target]
    else:
        return
    while todo:
        t = todo.pop()
        if isinstance(t, (ast.Tuple, ast.List)):
            todo.extend(t.elts)
        elif isinstance(t, ast.Starred):
            todo.append(t.value)
        else:
            yield t


def class_names(cls: ast.ClassDef) -> set[str]:
    """Private names a class defines: methods and attributes in its body, and attributes
    its methods set on `self`."""
    names: set[str] = set()
    for node in cls.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        for t in targets(node):
            if isinstance(t, ast.Name):
                names.add(t.id)
    for node in ast.walk(cls):
        for t in targets(node):
            if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name):
                if t.value.id == "self":
                    names.add(t.attr)
    return {n for n in names if private(n)}


def module_names(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        names.update(t.id for t in targets(node) if isinstance(t, ast.Name))
    return {n for n in names if private(n)}


def module_name(path: Path, top: Path, package: str) -> str:
    parts = path.relative_to(top).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join((package, *parts))


@cache
def textual_names() -> tuple[frozenset[str], dict[tuple[str, str], frozenset[str]]]:
    """Every private name Textual defines, and those of each class: (module, class) ->."""
    everything: set[str] = set()
    by_class: dict[tuple[str, str], frozenset[str]] = {}
    for path in TEXTUAL_DIR.rglob("*.py"):
        module = module_name(path, TEXTUAL_DIR, "textual")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        everything |= module_names(tree)
        everything.update(p for p in module.split(".") if private(p))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                names = class_names(node)
                everything |= names
                by_class[(module, node.name)] = (
                    by_class.get((module, node.name), frozenset()) | names
                )
    return frozenset(everything), by_class


def our_trees() -> dict[str, ast.Module]:
    """tui/*.py but textual_private.py: file name -> its syntax tree."""
    return {
        path.name: ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for path in sorted(TUI_DIR.glob("*.py"))
        if path.name != HOME
    }


def base_name(expr: ast.expr) -> str | None:
    if isinstance(expr, ast.Subscript):  # Tree[NodeRef]
        expr = expr.value
    if isinstance(expr, ast.Attribute):
        return expr.attr
    return expr.id if isinstance(expr, ast.Name) else None


class Ours:
    """The private names our code defines: in all, and per class with its bases."""

    def __init__(self, trees: dict[str, ast.Module]) -> None:
        self.everything: set[str] = set()
        self.classes: dict[str, set[str]] = {}
        self.bases: dict[str, list[str]] = {}
        for tree in trees.values():
            self.everything |= module_names(tree)
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef):
                    names = class_names(node)
                    self.everything |= names
                    self.classes.setdefault(node.name, set()).update(names)
                    bases = [b for b in map(base_name, node.bases) if b]
                    self.bases.setdefault(node.name, []).extend(bases)

    def of_class(self, name: str, seen: frozenset[str] = frozenset()) -> set[str]:
        """What class `name` and those of its bases that are ours define."""
        names = set(self.classes.get(name, ()))
        for base in self.bases.get(name, []):
            if base in self.classes and base not in seen:
                names |= self.of_class(base, seen | {name})
        return names


def home_names() -> set[str]:
    """The private names textual_private.py uses: Textual's, or it would not need them."""
    tree = ast.parse((TUI_DIR / HOME).read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and private(node.attr):
            names.add(node.attr)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if node.value.isidentifier() and private(node.value):
                names.add(node.value)
        elif isinstance(node, ast.ImportFrom):
            names.update(a.name for a in node.names if private(a.name))
        elif isinstance(node, ast.ClassDef):
            names |= {
                n.name
                for n in node.body
                if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and private(n.name)
            }
    return names


class Uses(ast.NodeVisitor):
    """Textual private names one module imports, reads or names in a string."""

    def __init__(self, textual: frozenset[str], ours: Ours, home: set[str]) -> None:
        self.textual = textual
        self.ours = ours
        self.home = home  # Textual's for sure, whoever else uses the word
        self.found: list[tuple[int, str]] = []
        self.classes: list[str] = []

    def theirs(self, name: str) -> bool:
        """`name`, read on something that is not our `self`, means Textual's."""
        return name in self.textual and (name not in self.ours.everything or name in self.home)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.classes.append(node.name)
        self.generic_visit(node)
        self.classes.pop()

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.name.split(".")[0] == "textual" and any(
                private(p) for p in alias.name.split(".")
            ):
                self.found.append((node.lineno, f"import {alias.name}"))

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        if module.split(".")[0] == "textual":
            names = [a.name for a in node.names]
            if any(private(p) for p in module.split(".")) or any(map(private, names)):
                self.found.append((node.lineno, f"from {module} import {', '.join(names)}"))

    def visit_Attribute(self, node: ast.Attribute) -> None:
        name = node.attr
        if private(name):
            receiver = node.value
            on_self = isinstance(receiver, ast.Name) and receiver.id in ("self", "cls")
            if on_self and self.classes:
                ours = self.ours.of_class(self.classes[-1])
                flagged = name not in ours and name in self.textual
            else:
                flagged = self.theirs(name)
            if flagged:
                self.found.append((node.lineno, ast.unparse(node)))
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        value = node.value
        if isinstance(value, str) and value.isidentifier() and private(value):
            if self.theirs(value):
                self.found.append((node.lineno, repr(value)))


def uses_in(source: str, ours: Ours | None = None) -> list[tuple[int, str]]:
    """Textual private names `source` (a module of tui/) uses, with their lines."""
    tree = ast.parse(source)
    if ours is None:
        ours = Ours({**our_trees(), "<source>": tree})
    visitor = Uses(textual_names()[0], ours, home_names())
    visitor.visit(tree)
    return visitor.found


def overrides(cls: type, ours: Ours) -> set[str]:
    """Private names of Textual base classes of `cls` that a class of ours redefines."""
    ours_in_mro: set[str] = set()
    theirs: set[str] = set()
    by_class = textual_names()[1]
    for c in cls.__mro__:
        if c.__module__.startswith("ducha.tui.") and c.__module__ != "ducha.tui.textual_private":
            ours_in_mro |= ours.classes.get(c.__name__, set())
        elif c.__module__.split(".")[0] == "textual":
            theirs |= by_class.get((c.__module__, c.__name__), frozenset())
            theirs.update(n for n in vars(c) if private(n))
    return ours_in_mro & theirs


def test_textual_private_names_are_used_in_textual_private_only():
    ours = Ours(our_trees())
    found = []
    for name, tree in our_trees().items():
        visitor = Uses(textual_names()[0], ours, home_names())
        visitor.visit(tree)
        found += [f"tui/{name}:{line}: {what}" for line, what in visitor.found]
    assert not found, "use tui/textual_private.py for:\n" + "\n".join(found)


def test_no_class_of_ours_overrides_a_private_textual_name_outside_textual_private():
    ours = Ours(our_trees())
    found = []
    for name in our_trees():
        module = importlib.import_module(f"ducha.tui.{Path(name).stem}")
        for obj in vars(module).values():
            if isinstance(obj, type) and obj.__module__ == module.__name__:
                found += [f"{module.__name__}.{obj.__qualname__}.{n}" for n in overrides(obj, ours)]
    assert not found, (
        "override these in a mixin of tui/textual_private.py, or handle events through"
        " public `on_` names (Textual calls them as it calls `_on_` ones):\n" + "\n".join(found)
    )


def test_the_checks_catch_what_they_are_for():
    source = """
from textual.widgets._tree import TOGGLE_STYLE
from textual.widgets import Tree

class Pane(Tree):
    def __init__(self):
        self._mine = 1

    def draw(self, node, widget):
        self._mine += 1
        widget._scroll_update(None)
        n = node._line + len(self._tree_lines)
        getattr(self, "_vertical_scrollbar")
"""
    found = {what for _line, what in uses_in(source)}
    assert found == {
        "from textual.widgets._tree import TOGGLE_STYLE",
        "widget._scroll_update",
        "node._line",
        "self._tree_lines",
        "'_vertical_scrollbar'",
    }

    from textual.widgets import Tree

    class Pane(Tree):
        def _invalidate(self) -> None: ...

        def _own(self) -> None: ...

    tree = ast.parse("class Pane(Tree):\n    def _invalidate(self): ...\n    def _own(self): ...\n")
    Pane.__module__ = "ducha.tui.example"
    assert overrides(Pane, Ours({"example.py": tree})) == {"_invalidate"}


def test_every_name_textual_private_uses_is_textual_s_and_explained():
    doc = ast.get_docstring(ast.parse((TUI_DIR / HOME).read_text(encoding="utf-8"))) or ""
    names = home_names()
    assert "_scroll_update" in names and "_invalidate" in names
    textual = textual_names()[0]
    assert not names - textual, "not in the installed Textual (renamed?)"
    unexplained = {n for n in names if not re.search(rf"(?<!\w){re.escape(n)}(?!\w)", doc)}
    assert not unexplained, "say in textual_private's docstring what these are for"


def test_installed_textual_is_within_the_range_pyproject_declares():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    (textual_req,) = [r for r in map(Requirement, project["dependencies"]) if r.name == "textual"]
    assert any(s.operator in ("<", "<=", "==", "~=") for s in textual_req.specifier), (
        "Textual needs an upper bound: its private names change between releases"
    )
    installed = version("textual")
    assert textual_req.specifier.contains(installed, prereleases=True), (
        f"Textual {installed} is installed; pyproject.toml declares {textual_req}"
    )
