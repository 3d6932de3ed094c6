"""The tree pane: round -> batch -> province -> city, or place -> round (toggle with g).

Every label is a `rich.text.Text` assembled from cleaned parts, never markup.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from ducha.vocabulary import ROUND_ORDER, round_rank

from . import fmt
from .line_api import BaseStyleOncePerRender, MemoScrollbars, QuietVirtualSize, component_styles
from .safe import clean_line
from .textual_private import (
    TOGGLE_STYLE,
    TreeHooks,
    bump_tree_updates,
    clear_line_cache,
    clicked_toggle,
    line_cache,
    node_cache_key,
    node_line,
    refresh_line,
    reset_root,
    toggle_node,
    tree_lines,
    tree_updates,
)

if TYPE_CHECKING:
    from ducha.results import Summary

    from .model import Model

_LINE_COMPONENTS = ("tree--label", "tree--guides", "tree--highlight", "tree--highlight-line")
LONG_NAME = 10  # cells: longer names (广西壮族自治区) show their short form (广西)
# the guides in ASCII (DUCHA_ASCII): box drawing is ambiguous width, as wide as a CJK
# character on some terminals
_ASCII_GUIDES = ("  ", "| ", "`-", "|-")
ASCII_LINES = {"default": _ASCII_GUIDES, "bold": _ASCII_GUIDES, "double": _ASCII_GUIDES}


@dataclass(frozen=True, slots=True)
class _Parts:
    """What a label says, so a pane too narrow for it can say it shorter."""

    name: str
    short: str  # the name's short form (湖南 for 湖南省), or the name
    bold: bool = False
    counts: str | None = None  # "59/82", or "-" without figures
    bar: str = ""
    bar_style: str = ""
    behind: str = ""  # "2": the count of items behind schedule
    missing: str | None = None  # "no report"
    note: str = ""  # "1/6 reported"
    gap: str = "  "  # between the name and the rest
    mark: bool = False  # behind as "!2", not "2 behind"

    def text(self) -> Text:
        label = Text(self.name, style="bold" if self.bold else "", end="", no_wrap=True)
        if self.missing is not None:
            label.stylize("dim")
            label.append(f"{self.gap}{self.missing}", style="dim italic")
        elif self.counts == "-":
            label.append(f"{self.gap}-", style="dim")
        elif self.counts is not None:
            label.append(f"{self.gap}{self.counts}")
            if self.bar:
                label.append(" " + self.bar, style=self.bar_style)
            if self.behind:
                word = f" !{self.behind}" if self.mark else f" {self.behind} behind"
                label.append(word, style="bold")
        if self.note:
            label.append(f"{self.gap}{self.note}", style="dim")
        return label

    def shorter(self) -> list[_Parts]:
        """Shorter forms, the preferred first: one space, no bar (its figures stay), the
        short name, behind as a mark, no note. The signals (figures, behind, no report)
        stay in every form."""
        base = replace(self, gap=" ")
        forms = [base]
        if self.bar:
            base = replace(base, bar="")
            forms.append(base)
        if self.short != self.name:
            forms.append(replace(base, name=self.short))
        for change in (
            {"mark": True} if self.behind else None,
            {"note": ""} if self.note else None,
        ):
            if change:
                forms.append(replace(base, **change))
                if self.short != self.name:
                    forms.append(replace(base, name=self.short, **change))
        return forms


class _Label(Text):
    """A tree label that can say itself in fewer cells."""

    __slots__ = ("_forms", "parts", "width")

    def __init__(self, parts: _Parts) -> None:
        full = parts.text()
        super().__init__(full.plain, style=full.style, end="", no_wrap=True, spans=full.spans)
        self.parts = parts
        self.width = full.cell_len
        self._forms: list[tuple[_Parts, Text]] | None = None

    def fitted(self, room: int) -> Text:
        """The label, or the first of its shorter forms that fits in `room` cells; else
        the shortest with its name cut."""
        if self.width <= room:
            return self
        if self._forms is None:
            self._forms = [(p, p.text()) for p in self.parts.shorter()]
        for _parts, form in self._forms:
            if form.cell_len <= room:
                return form
        parts, form = min(self._forms, key=lambda pf: pf[1].cell_len)
        name_room = room - (form.cell_len - cell_len(parts.name))
        if name_room < 3:  # a character and the cut mark
            return form
        return replace(parts, name=fmt.fit(parts.name, name_room)).text()


@dataclass(frozen=True, slots=True)
class NodeRef:
    """What a tree node stands for."""

    kind: str  # "root" | "round" | "batch" | "entity" | "missing"
    entity: str | None = None  # the entity whose counts the node shows
    round: str | None = None
    batch_id: str | None = None
    members: tuple[str, ...] = ()  # provinces (overview scope of a batch or round)


class PlaceTree(MemoScrollbars, QuietVirtualSize, BaseStyleOncePerRender, TreeHooks, Tree[NodeRef]):
    """Rounds, batches and places, each with its completion."""

    ICON_NODE = "+ "
    ICON_NODE_EXPANDED = "- "
    LINES: ClassVar[dict[str, tuple[str, str, str, str]]] = ASCII_LINES if fmt.ASCII else Tree.LINES

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Open", key_display="Enter", tooltip="Open: expand the node; on 全国 or a batch, the overview"),
        Binding("g", "app.toggle_grouping", "Group", tooltip="Group by place or by round"),
        Binding("v", "app.overview", "Overview", tooltip="Overview of the node's provinces, sortable"),
        Binding("j", "cursor_down", "Down", show=False, tooltip="Move down"),
        Binding("k", "cursor_up", "Up", show=False, tooltip="Move up"),
        Binding("l,right", "expand", "Expand", show=False, tooltip="Expand the node"),
        Binding("h,left", "collapse", "Collapse", show=False, tooltip="Collapse the node, or go to its parent"),
        Binding("home", "scroll_home", "Top", show=False, tooltip="First node"),
        Binding("G,end", "scroll_end", "Bottom", show=False, tooltip="Last node"),
        Binding("space", "toggle_node", "Toggle", show=False, tooltip="Expand or collapse"),
    ]  # fmt: skip

    DEFAULT_CSS = """
    PlaceTree { background: $surface; }
    PlaceTree > .tree--guides { color: $foreground 40%; }
    PlaceTree:focus { background-tint: $foreground 0%; }
    PlaceTree:focus > .tree--guides { color: $foreground 40%; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Text("全国"), data=NodeRef("root", "全国"), id=id)
        self.guide_depth = 2
        self.auto_expand = False
        self.grouping = "round"
        self.model: Model | None = None
        self._styles_seen: tuple[object, ...] | None = None
        self._drawn_size: Size | None = None
        self._guides_seen: dict[tuple[Style, bool, int], tuple[str, str, str, str]] = {}
        self._counties: dict[tuple[str | None, str], list[str]] = {}
        self._room_seen: tuple[object, int] = (None, 0)

    def on_mount(self) -> None:
        # the panes' borders in ASCII too (app.tcss: `.-ascii`); the tree is the first pane
        # up, in the first frame
        self.app.set_class(fmt.ASCII, "-ascii")

    # --- actions -----------------------------------------------------------------------

    def action_expand(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.allow_expand and not node.is_expanded:
            node.expand()
        elif node.children:
            self.move_cursor(node.children[0])

    def action_collapse(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.is_expanded and node.children:
            node.collapse()
        elif node.parent is not None:
            self.move_cursor(node.parent)

    # --- building ------------------------------------------------------------------------

    def populate(self, model: Model, grouping: str | None = None) -> None:
        self.model = model
        if grouping:
            self.grouping = grouping
        keep = self.cursor_node.data if self.cursor_node else None
        self.clear()
        root = self.root
        root.set_label(self._label("全国", model.summary("全国", None), bold=True))
        if self.grouping == "place":
            self._build_by_place(model, root)
        else:
            self._build_by_round(model, root)
        root.expand()
        if keep is not None and keep.kind != "root":
            self.select_ref(keep.entity, keep.round)
        else:
            self.move_to(root)

    def _build_by_round(self, model: Model, root: TreeNode[NodeRef]) -> None:
        with_docs = model.entities_with_docs()
        cities_by_key: dict[tuple[str | None, str], list[str]] = {}
        counties_by_key: dict[tuple[str | None, str], list[str]] = {}
        for (entity, round_), s in model.overview.items():
            if s.level == "city" and s.parent:
                cities_by_key.setdefault((round_, s.parent), []).append(entity)
            elif s.level == "county" and s.parent:
                counties_by_key.setdefault((round_, s.parent), []).append(entity)
        # a county's city stands in the tree even when it has no report of its own
        for round_, parent in list(counties_by_key):
            city = model.gazetteer.get(parent)
            if city is not None and city.level == "city" and city.parent:
                listed = cities_by_key.setdefault((round_, city.parent), [])
                if parent not in listed:
                    listed.append(parent)
        self._counties = counties_by_key
        rounds_present = {r for (_e, r) in model.overview}
        rounds = [
            r
            for r in ROUND_ORDER
            if r in rounds_present or any(b.round_name == r for b in model.batches)
        ]
        rounds += sorted(r for r in rounds_present if r and r not in rounds)
        placed: set[tuple[str, str | None]] = set()
        for round_ in rounds:
            nat = model.overview.get(("全国", round_))
            batches = [b for b in model.batches if b.round_name == round_]
            has_docs = any(r == round_ for (_e, r) in model.overview)
            members = tuple(p for b in batches for p in b.provinces)
            rnode = root.add(
                self._label(
                    round_, nat, bold=True, missing_word=None if has_docs else "no reports"
                ),
                data=NodeRef("round", "全国" if nat else None, round_, None, members),
                expand=has_docs,
            )
            for b in batches:
                bsum = model.overview.get((b.batch_name, round_))
                year = (b.start or "")[:4]
                provinces_with = [p for p in b.provinces if (p, round_) in model.overview]
                cities_with = [
                    c
                    for p in b.provinces
                    for c in cities_by_key.get((round_, p), [])
                    + counties_by_key.get((round_, p), [])
                ]
                any_docs = bool(provinces_with or cities_with or bsum)
                name = b.batch_name.removeprefix(round_)
                note = f"{len(provinces_with)}/{len(b.provinces)} reported"
                label = self._label(
                    f"{name} {year}",
                    bsum,
                    missing_word=None if any_docs else "-",
                    note=note if not bsum and any_docs else "",
                    short=name,
                )
                bnode = rnode.add(
                    label,
                    data=NodeRef(
                        "batch", b.batch_name if bsum else None, round_, b.id, b.provinces
                    ),
                    expand=any_docs,
                )
                for p in b.provinces:
                    psum = model.overview.get((p, round_))
                    cities = cities_by_key.get((round_, p), [])
                    counties = counties_by_key.get((round_, p), [])
                    if psum is None and not cities and not counties:
                        bnode.add_leaf(
                            self._label(p, None, missing_word="no report"),
                            data=NodeRef("missing", p, round_),
                        )
                        continue
                    ref = NodeRef("entity", p, round_) if psum else NodeRef("missing", p, round_)
                    if cities or counties:
                        pnode = bnode.add(
                            self._label(p, psum, missing_word=None if psum else "no report"),
                            data=ref,
                            expand=True,
                        )
                        for c in cities:
                            self._add_city(pnode, model, c, round_)
                            placed.add((c, round_))
                            placed.update((k, round_) for k in counties_by_key.get((round_, c), []))
                        for county in counties:
                            pnode.add_leaf(
                                self._label(county, model.overview[(county, round_)]),
                                data=NodeRef("entity", county, round_),
                            )
                            placed.add((county, round_))
                    else:
                        bnode.add_leaf(self._label(p, psum), data=ref)
                    placed.add((p, round_))
            # sections of this round not placed under a batch (unknown provinces, bodies)
            for (entity, r), s in sorted(model.overview.items(), key=lambda kv: kv[0][0]):
                if r != round_ or (entity, r) in placed or s.level in ("national", "batch"):
                    continue
                if entity in with_docs:
                    rnode.add_leaf(self._label(entity, s), data=NodeRef("entity", entity, round_))

    def _add_city(
        self, pnode: TreeNode[NodeRef], model: Model, city: str, round_: str | None
    ) -> None:
        """A city under its province, with its counties under it; a city without a report of
        its own whose counties have one is shown as such."""
        csum = model.overview.get((city, round_))
        counties = self._counties.get((round_, city), [])
        data = NodeRef("entity" if csum else "missing", city, round_)
        label = self._label(city, csum, missing_word=None if csum else "no report")
        if not counties:
            pnode.add_leaf(label, data=data)
            return
        cnode = pnode.add(label, data=data, expand=True)
        for county in counties:
            cnode.add_leaf(
                self._label(county, model.overview[(county, round_)]),
                data=NodeRef("entity", county, round_),
            )

    def _build_by_place(self, model: Model, root: TreeNode[NodeRef]) -> None:
        by_entity: dict[str, list[Summary]] = {}
        for (entity, _r), s in model.overview.items():
            by_entity.setdefault(entity, []).append(s)
        for lst in by_entity.values():
            lst.sort(key=lambda s: round_rank(s.round))
        g = model.gazetteer
        shown: set[str] = set()
        counties_of: dict[str, list[str]] = {}
        for entity, sums in by_entity.items():
            if sums[0].level == "county" and sums[0].parent:
                counties_of.setdefault(sums[0].parent, []).append(entity)
        for p in g.provinces():
            sums = by_entity.get(p.name, [])
            cities = [
                c.name for c in g.cities_of(p.name) if c.name in by_entity or c.name in counties_of
            ]
            if not sums and not cities and not counties_of.get(p.name):
                root.add_leaf(
                    self._label(p.name, None, missing_word="no report"),
                    data=NodeRef("missing", p.name),
                )
                continue
            latest = sums[0] if sums else None
            pnode = root.add(
                self._label(p.name, latest),
                data=NodeRef(
                    "entity" if latest else "missing", p.name, latest.round if latest else None
                ),
                expand=False,
            )
            for s in sums:
                pnode.add_leaf(
                    self._label(s.round or "?", s), data=NodeRef("entity", p.name, s.round)
                )
            for c in cities:
                csums = by_entity.get(c, [])
                counties = counties_of.get(c, [])
                if len(csums) == 1 and not counties:
                    pnode.add_leaf(
                        self._label(c, csums[0]), data=NodeRef("entity", c, csums[0].round)
                    )
                else:
                    first = csums[0] if csums else None
                    cnode = pnode.add(
                        self._label(c, first, missing_word=None if first else "no report"),
                        data=NodeRef(
                            "entity" if first else "missing", c, first.round if first else None
                        ),
                    )
                    for s in csums:
                        cnode.add_leaf(
                            self._label(s.round or "?", s), data=NodeRef("entity", c, s.round)
                        )
                    for county in counties:
                        self._add_place_rounds(cnode, county, by_entity[county])
                        shown.add(county)
                shown.add(c)
            for county in counties_of.get(p.name, []):
                self._add_place_rounds(pnode, county, by_entity[county])
                shown.add(county)
            shown.add(p.name)
        for entity, sums in by_entity.items():
            if entity in shown or entity == "全国" or sums[0].level in ("national", "batch"):
                continue
            node = root.add(
                self._label(entity, sums[0]), data=NodeRef("entity", entity, sums[0].round)
            )
            for s in sums:
                node.add_leaf(
                    self._label(s.round or "?", s), data=NodeRef("entity", entity, s.round)
                )

    def _add_place_rounds(
        self, parent: TreeNode[NodeRef], entity: str, sums: list[Summary]
    ) -> None:
        """A place under its parent: one leaf, or a node with a leaf per round."""
        first = NodeRef("entity", entity, sums[0].round)
        if len(sums) == 1:
            parent.add_leaf(self._label(entity, sums[0]), data=first)
            return
        node = parent.add(self._label(entity, sums[0]), data=first)
        for s in sums:
            node.add_leaf(self._label(s.round or "?", s), data=NodeRef("entity", entity, s.round))

    def _label(
        self,
        name: str | None,
        summary: Summary | None,
        *,
        bold: bool = False,
        missing_word: str | None = None,
        note: str = "",
        short: str | None = None,
    ) -> Text:
        """'山西省  59/82 ███░', '湖南省  25/53 ██░░ 2 behind', '北京市  no report' (dim);
        `short` is the name's short form (else the place's short name)."""
        name = clean_line(name or "")
        if short is None and self.model is not None:
            short = clean_line(self.model.short(name)) or name
            if cell_len(name) > LONG_NAME:
                name = short
        short = clean_line(short) if short else name
        parts = _Parts(name, short, bold=bold, note=note)
        if missing_word is not None and summary is None:
            return _Label(replace(parts, missing=missing_word))
        if summary is None:
            return _Label(parts)
        if summary.total is not None or summary.done is not None:
            done = fmt.num(summary.done) if summary.done is not None else "-"
            total = fmt.num(summary.total) if summary.total is not None else "-"
            parts = replace(
                parts,
                counts=f"{done}/{total}",
                bar=fmt.bar(summary.done, summary.total),
                bar_style=self._status_style(summary.status),
                behind=fmt.num(summary.behind) if summary.behind else "",
            )
        else:
            parts = replace(parts, counts="-")
        return _Label(parts)

    def _status_style(self, status: str) -> str:
        try:
            variables = self.app.theme_variables
        except Exception:
            variables = {}
        return fmt.status_style(variables, status)

    def process_label(self, label: str | Text) -> Text:
        """Our labels as they are: single lines already, which know their shorter forms."""
        if isinstance(label, _Label):
            return label
        return super().process_label(label)

    def shown_label(self, node: TreeNode[NodeRef]) -> Text:
        """The node's label as its line shows it: in a shorter form when the line would
        run past the pane, so no figure, behind count or "no report" is cut off."""
        if not node.allow_expand:
            return self._fitted(node, 0)
        icon = self.ICON_NODE_EXPANDED if node.is_expanded else self.ICON_NODE
        return self._fitted(node, cell_len(icon))

    def _fitted(self, node: TreeNode[NodeRef], icon: int) -> Text:
        label = node.label
        if not isinstance(label, _Label):
            return label if isinstance(label, Text) else Text(str(label))
        room = self._room()
        if room <= 0:  # not laid out yet
            return label
        parent = node.parent
        while parent is not None:
            room -= self.guide_depth
            parent = parent.parent
        return label.fitted(room - icon)

    def _room(self) -> int:
        """Cells a line may fill: the pane less its vertical scrollbar. Read for every label
        measured (each expand measures every line), so kept until the lines or the
        scrollbar change."""
        key = tree_updates(self)
        if self._room_seen[0] != key:
            self._room_seen = (key, self.scrollable_content_region.width)
        return self._room_seen[1]

    def watch_show_vertical_scrollbar(self) -> None:
        """A line has a cell more or less: labels may take another form."""
        self._room_seen = (None, 0)
        line_cache(self).clear()

    def render_label(self, node: TreeNode[NodeRef], base_style: Style, style: Style) -> Text:
        """As Tree's, with the label as its line shows it (`shown_label`)."""
        label = self.shown_label(node).copy()
        label.stylize(style)
        if node.allow_expand:
            icon = self.ICON_NODE_EXPANDED if node.is_expanded else self.ICON_NODE
            prefix = (icon, base_style + TOGGLE_STYLE)
        else:
            prefix = ("", base_style)
        return Text.assemble(prefix, label)

    def get_label_width(self, node: TreeNode[NodeRef]) -> int:
        """The label's cells plus its expand icon, without rendering it: every expand
        measures all lines, over a thousand of them in a large library."""
        if not node.allow_expand:
            return self._fitted(node, 0).cell_len
        icon = cell_len(self.ICON_NODE_EXPANDED if node.is_expanded else self.ICON_NODE)
        return self._fitted(node, icon).cell_len + icon

    # --- drawing -----------------------------------------------------------------------
    # Tree draws a line through a Rich `Text` per line and caches it under the line's
    # number, so scrolling (a jump from all facts) drew every line again, at about half a
    # millisecond each; and the lines below the cursor node carry its focus colour, so a
    # move onto an expanded round drew its whole subtree. Here a line is built from
    # segments, cached under its node, and depends on no other node's cursor or hover
    # state: a move draws two lines, a scroll draws only lines never seen.

    def render_lines(self, crop: Region) -> list[Strip]:
        # Tree's own render_lines only records the pseudo classes for its cache keys
        return self.with_base_style(super(Tree, self).render_lines, crop)

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.size.width  # (a lookup in the compositor's map)
        return self._line_strip(y + scroll_y, scroll_x, scroll_x + width, self.base_style)

    def _line_strip(self, y: int, x1: int, x2: int, base_style: Style) -> Strip:
        """Line `y` of the tree from cell `x1` to `x2` (what Tree's `render_line` draws)."""
        lines = tree_lines(self)
        width = x2 - x1
        if y >= len(lines):
            return Strip.blank(width, base_style)
        line = lines[y]
        node = line.node
        hover = y == self.hover_line
        cursor = y == self.cursor_line
        padded = max(self.virtual_size.width, width)
        key = (
            *node_cache_key(node),
            line.last,
            tree_updates(self),  # the tree's shape: the guides
            padded,
            hover,
            cursor,
            cursor and self.has_focus,
        )
        cache = line_cache(self)
        strip = cache.get(key)
        if strip is None:
            strip = self._draw_line(line.path, line.last, hover, cursor, base_style, padded)
            cache[key] = strip
        return strip.crop(x1, x2)

    def _draw_line(
        self,
        path: list[TreeNode[NodeRef]],
        last: bool,
        hover: bool,
        cursor: bool,
        base: Style,
        width: int,
    ) -> Strip:
        """Guides, expand icon and label of the line of `path[-1]`, padded to `width`."""
        component = self.get_component_rich_style
        line_style = base + component("tree--highlight-line") if hover else base
        segments: list[Segment] = []
        cells = 0
        if len(path) > 1:
            guide_style = line_style + component("tree--guides", partial=True)
            space, vertical, end, branch = self._guides(guide_style)
            text = "".join(space if n.is_last else vertical for n in path[1:-1])
            text += end if last else branch
            segments.append(Segment(text, guide_style))
            cells += cell_len(text)
        node = path[-1]
        if node.allow_expand:
            icon = self.ICON_NODE_EXPANDED if node.is_expanded else self.ICON_NODE
            segments.append(Segment(icon, line_style + TOGGLE_STYLE))  # Tree's click toggles
            cells += cell_len(icon)
        over = component("tree--label", partial=True)
        if hover:
            over += component("tree--highlight", partial=True)
        if cursor:
            over += component("tree--cursor", partial=False)
        label = self.shown_label(node)
        console = self.app.console
        under = line_style + console.get_style(label.style) if label.style else line_style
        for seg in label.render(console, end=""):  # (its own style only with spans)
            style = under + seg.style + over if seg.style else under + over
            segments.append(Segment(seg.text, style))
        cells += label.cell_len
        if width > cells:
            segments.append(Segment(" " * (width - cells), line_style))
        return Strip(segments, max(width, cells))

    def _guides(self, style: Style) -> tuple[str, str, str, str]:
        """Space, vertical, end and branch guides in `style`, as Tree draws them."""
        key = (style, self.show_guides, self.guide_depth)
        guides = self._guides_seen.get(key)
        if guides is None:
            if not self.show_guides or self.get_component_styles("tree--guides").color.a == 0:
                guides = ("  ", "  ", "  ", "  ")
            else:
                kind = "bold" if style.bold else "double" if style.underline2 else "default"
                depth = max(0, self.guide_depth - 2)
                a, b, c, d = (f"{g[0]}{g[1] * depth} " for g in self.LINES[kind])
                guides = (a, b, c, d)
            self._guides_seen[key] = guides
        return guides

    def refresh_node_line(self, node: TreeNode[NodeRef]) -> None:
        """Only the node's own line: no other line's drawing depends on its state."""
        line = node_line(node)
        lines = tree_lines(self)
        if 0 <= line < len(lines) and lines[line].node is node:
            refresh_line(self, line)

    def _line_at(self, event: events.MouseEvent) -> int:
        offset = event.get_content_offset(self)
        if offset is None:
            return -1
        line = offset.y + self.scroll_offset.y
        return line if line < len(tree_lines(self)) else -1

    def on_mouse_move(self, event: events.MouseMove) -> None:
        """The line under the pointer, from its position (lines carry no line number)."""
        event.prevent_default()  # instead of Tree's handler
        self.hover_line = self._line_at(event)

    async def on_click(self, event: events.Click) -> None:
        """As Tree's, with the line from the pointer's position."""
        event.prevent_default()  # instead of Tree's handler
        async with self.lock:
            line = self._line_at(event)
            if line < 0:
                return
            if clicked_toggle(event):
                node = self.get_node_at_line(line)
                if node is not None:
                    toggle_node(self, node)
            else:
                self.cursor_line = line
                await self.run_action("select_cursor")

    def invalidate_lines(self) -> None:
        """Tree's, without its layout of the whole screen on each expand and collapse:
        this pane's size is set by CSS, and the new count of lines reaches its scrollbars
        through `QuietVirtualSize` (a layout only if a scrollbar comes or goes)."""
        clear_line_cache(self)
        bump_tree_updates(self)
        reset_root(self)
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        """Tree rebuilds every line on each Resize, and layouts that leave this pane's size
        alone send one too (moving focus between the other panes, say). Cached lines are
        keyed by width already: rebuild only when the size really changed."""
        event.prevent_default()  # instead of Tree's handler
        line_cache(self).grow(event.size.height)
        if event.size != self._drawn_size:
            self._drawn_size = event.size
            self.invalidate_lines()

    def notify_style_update(self) -> None:
        """Repaint in the new colours without Tree's rebuild of every line and layout of
        the whole screen, which it does on any style change (focus is one). Colours change
        no line's text or width; changes of size lay the screen out by themselves. When
        only focus changed, only the cursor node's lines are drawn again."""
        Widget.notify_style_update(self)
        components = component_styles(self, _LINE_COMPONENTS)
        styles = None if components is None else (self.rich_style, self.app.theme, components)
        if styles is None or styles != self._styles_seen:
            self._styles_seen = styles
            line_cache(self).clear()
            self._guides_seen.clear()
            bump_tree_updates(self)
        self.refresh()

    # --- navigation ----------------------------------------------------------------------

    def iter_nodes(self) -> list[TreeNode[NodeRef]]:
        out: list[TreeNode[NodeRef]] = []
        stack = [self.root]
        while stack:
            node = stack.pop()
            out.append(node)
            stack.extend(reversed(node.children))
        return out

    def select_ref(self, entity: str | None, round_: str | None = None) -> bool:
        """Move the cursor to the node of `entity` (in `round_` when given)."""
        nodes = self.iter_nodes()
        candidates = [
            n
            for n in nodes
            if n.data
            and n.data.entity == entity
            and n.data.kind in ("entity", "missing", "batch", "root", "round")
        ]
        if round_ is not None:
            exact = [n for n in candidates if n.data and n.data.round == round_]
            candidates = exact or candidates
        if not candidates:
            return False
        rank = {"entity": 0, "batch": 1, "round": 2, "root": 3, "missing": 4}
        if entity == "全国" and round_ is None:
            rank["root"] = -1
        candidates.sort(key=lambda n: rank.get(n.data.kind if n.data else "", 9))
        node = candidates[0]
        parent = node.parent
        while parent is not None:
            if not parent.is_expanded:  # expanding rebuilds and measures every line
                parent.expand()
            parent = parent.parent
        self.move_to(node)
        return True

    def move_to(self, node: TreeNode[NodeRef]) -> None:
        """Move the cursor to `node` now (building the line index first if needed)."""
        tree_lines(self)  # lines are rebuilt lazily after an expand
        self.move_cursor(node)
        self.scroll_to_node(node, animate=False)
