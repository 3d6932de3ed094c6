"""The ducha explorer: tree, task table, metrics and source panes.

Start-up is kept cheap: this module imports Textual and the pane widgets only. The first
frame is drawn with a "loading" panel; a background thread then checks the dataset,
builds it when missing or stale (with a progress bar), and reads it (polars is imported
there). The panes are filled when the data arrives.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, TypeVar

from rich.text import Text
from textual import events
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from .collector import CHECK_EVERY, IdleCollector
from .keybar import KeyBar
from .line_api import QuietFocusScreen
from .safe import clean_line
from .textual_private import DEFAULT_SCREEN_ID, app_exiting

if TYPE_CHECKING:
    from textual.widgets import Tree

    from .allfacts import AllFactsScreen
    from .firstscreen import FirstScreen
    from .model import Evidence, Model
    from .tables import EvidenceRequested
    from .tree import NodeRef

# The panes (Tree, DataTable, the Line-API source view) are imported and mounted right
# after the first frame, which only holds the title, a loading panel and the footer.

THEMES = {"dark": "textual-dark", "light": "textual-light"}
# Seconds the app has to close after SIGTERM or SIGHUP before the process ends regardless.
EXIT_GRACE = 3.0
W = TypeVar("W", bound="Widget")


class DuchaApp(App[int]):
    """Explore inspection reports and their rectification counts."""

    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses live elsewhere
    TITLE = "ducha"
    handle_signals = False  # SIGTERM/SIGHUP handlers of the process (see _end_on_signals)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", tooltip="Quit ducha"),
        Binding("question_mark,f1", "help", "Help", tooltip="Show every key"),
        Binding("slash", "search", "Find", tooltip="Jump to a place (河南, henan, hn) or find text in the reports"),
        Binding("g", "toggle_grouping", "Group", show=False, tooltip="Group the tree by round or by place"),
        Binding("v", "overview", "Overview", show=False, tooltip="Overview of the selected round or batch: one row per province"),
        Binding("a", "all_facts", "All facts", show=False, tooltip="Every fact and indicator of the library in one table: filter, sort, open"),
        Binding("y", "copy_figure", "Copy", show=False, tooltip="Copy the highlighted row of the task or indicator table as a sentence: place, figures, as-of date and source"),
        Binding("o", "cycle_document", "Next doc", show=False, tooltip="Show the next document that mentions the entity"),
        Binding("T", "toggle_theme", "Light/dark", show=False, tooltip="Switch between the light and dark theme"),
        Binding("tab", "app.focus_next", "Next pane", show=False, tooltip="Focus the next pane"),
        Binding("shift+tab", "app.focus_previous", "Prev pane", show=False, tooltip="Focus the previous pane"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, tooltip="Command palette: every action by name"),
    ]  # fmt: skip

    def __init__(
        self,
        data_dir: str | Path | None = None,
        *,
        theme: str | None = None,
        grouping: str | None = None,
        model: Model | None = None,
        extra: Sequence[str] = (),
    ) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.extra = tuple(extra)  # configured source folders, read by every build
        self.model: Model | None = model
        self.grouping = grouping if grouping in ("round", "place") else "round"
        self._theme_name = THEMES.get(theme or "", theme)
        self.entity: str | None = None
        self.round: str | None = None
        self.doc_index = 0
        self.error: str | None = None
        self.loaded = threading.Event()
        self._current_doc: str | None = None
        self._panes_ready = False
        self._early: tuple | None = None
        self._collector = IdleCollector()
        self._all_facts: AllFactsScreen | None = None  # made on first use, then kept
        self.first: FirstScreen | None = None  # the stored tree, until the model is read
        self._pending: Callable[[], None] | None = None  # a key pressed before the model

    # --- layout ------------------------------------------------------------------------

    def get_default_screen(self) -> Screen:
        return QuietFocusScreen(id=DEFAULT_SCREEN_ID)

    def compose(self) -> ComposeResult:
        self._apply_size_classes()  # before the first layout: one styling pass, not two
        if self.model is None:
            self.first = self._stored_first_screen()
        if self.first is not None:
            first = self.first
            yield Static(_title(first.n_documents, first.n_sections, first.latest_report),
                         id="title")  # fmt: skip
        else:
            yield Static(Text("ducha · loading dataset", end=""), id="title")
        with Vertical(id="loading"):
            yield Static(Text("opening the dataset", end=""), id="loading-text")
        if self.first is None:
            yield Horizontal(id="main")
        else:  # the tree in the first frame; the panes on the right follow it
            from .tree import PlaceTree

            tree = PlaceTree(id="tree")
            tree.populate(self.first, self.grouping)
            tree.move_cursor(tree.root)
            _pane(tree, "reports")
            yield Horizontal(tree, Static(Text("reading the tables…", style="dim", end=""),
                                          id="right-waiting"), id="main")  # fmt: skip
        yield KeyBar()

    def _stored_first_screen(self) -> FirstScreen | None:
        """The tree and title the last build stored, when its sources are visibly unchanged."""
        from ducha.sources import default_data_dir

        from .firstscreen import FirstScreen

        ddir = Path(self.data_dir) if self.data_dir else default_data_dir()
        return FirstScreen.load(ddir, self.extra)

    def on_mount(self) -> None:
        if self._theme_name:
            try:
                self.theme = self._theme_name
            except Exception:
                self.notify(f"unknown theme {self._theme_name}", severity="warning", markup=False)
        self._apply_size_classes()
        self._end_on_signals()
        if self.first is None:
            self.screen.add_class("-loading")
        else:
            self.query_one("#tree").focus()

    def _end_on_signals(self) -> None:
        """Quit on SIGTERM and SIGHUP, and end the process if quitting takes too long.

        Textual's web driver turns SIGTERM into a request to the event loop, which is all
        an app gets while it loads; when that loop cannot run it (blocked writing to a
        server that no longer reads), the signal did nothing. This handler runs in the
        main thread itself, asks the app to quit, and arms a timer that ends the process
        after EXIT_GRACE seconds; a second signal ends it at once. Installed after the
        driver started, so it replaces the driver's (which still runs from the loop).
        """
        if not self.handle_signals or threading.current_thread() is not threading.main_thread():
            return  # signal handlers belong to the process: only `run_app` asks for them
        loop = asyncio.get_running_loop()
        received: list[int] = []

        def end_now() -> None:  # from any thread, whatever the process is doing
            os.kill(os.getpid(), signal.SIGKILL)

        def handler(signum: int, frame: object) -> None:
            received.append(signum)
            if len(received) > 1:
                end_now()
            timer = threading.Timer(EXIT_GRACE, end_now)
            timer.daemon = True
            timer.start()
            try:
                loop.call_soon_threadsafe(self.exit)
            except RuntimeError:
                pass  # the loop has closed: the timer ends the process

        for sig in (signal.SIGTERM, signal.SIGHUP):
            try:
                signal.signal(sig, handler)
            except (ValueError, OSError):
                pass

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            self._collector.touch()
        await super().on_event(event)

    def on_ready(self) -> None:
        """The first frame is on screen: start reading the dataset, then add the panes."""
        if self.model is None and not self.loaded.is_set():
            self._start_loading()
        self.call_later(self._mount_panes)

    async def _mount_panes(self) -> None:
        from textual.widgets import ProgressBar

        if app_exiting(self) or not self.screen.is_attached:
            return
        from .source import SourceView
        from .tables import MetricsTable, TaskTable
        from .tree import PlaceTree

        await self.query_one("#loading").mount(ProgressBar(id="loading-bar", show_eta=False))
        right = Vertical(
            TaskTable(id="tasks"), MetricsTable(id="metrics"), SourceView(id="source"), id="right"
        )
        main = self.query_one("#main")
        if self.first is None:
            await main.mount(_pane(PlaceTree(id="tree"), "reports"), right)
            self.query_one("#tree").focus()
        else:
            await self.query_one("#right-waiting").remove()
            await main.mount(right)
        for wid, title in (("tasks", "tasks"), ("metrics", "indicators"), ("source", "source")):
            _pane(self.query_one(f"#{wid}"), title)
        self._panes_ready = True
        if self.model is not None and not self.loaded.is_set():
            self._loaded(self.model)  # built with a model (tests, textual-serve)
        elif self._early is not None:  # data (or an error) arrived before the panes
            callback, args = self._early
            self._early = None
            callback(*args)

    def _start_loading(self) -> None:
        # A daemon thread: reading the dataset never holds up quitting.
        threading.Thread(target=self._load_in_thread, name="ducha-load", daemon=True).start()

    def _load_in_thread(self) -> None:
        from .model import DatasetError, Model

        def progress(stage: str, i: int, n: int, name: str) -> None:
            self._from_thread(self._show_progress, stage, i, n, name)

        try:
            model = Model.load(self.data_dir, progress=progress, extra=self.extra)
        except DatasetError as exc:
            self._from_thread(self._load_failed, str(exc))
            return
        except Exception as exc:
            self._from_thread(self._load_failed, f"could not open the dataset: {exc!r}")
            return
        self._from_thread(self._loaded, model)

    def _from_thread(self, callback, *args) -> None:
        if not self.is_running:
            return  # the app has exited (quit while it was loading)
        try:
            self.call_from_thread(self._when_panes_ready, callback, *args)
        except RuntimeError:
            pass  # the app has already exited

    def _when_panes_ready(self, callback, *args) -> None:
        if self._panes_ready:
            callback(*args)
        elif callback == self._show_progress:
            pass  # progress before the panes exist: the next tick will show
        else:
            self._early = (callback, args)

    def _show_progress(self, stage: str, i: int, n: int, name: str) -> None:
        if stage == "building":  # the stored tree is out of date: say what happens
            self.screen.add_class("-loading")
        label = Text(end="")
        if stage == "checking":
            label.append("checking the dataset in ")
            label.append(clean_line(name), style="dim")
        else:
            label.append("building the dataset", style="bold")
            if name:
                label.append(f"  {i}/{n}  " if n else "  ")
                label.append(clean_line(name), style="dim")
        self.query_one("#loading-text", Static).update(label)
        if n:
            self.query_one("#loading-bar").update(total=n, progress=i)  # type: ignore[attr-defined]

    def _load_failed(self, message: str) -> None:
        self.error = message
        self.screen.add_class("-failed")
        self.screen.add_class("-loading")
        t = Text("The dataset could not be opened\n\n", style="bold", end="")
        t.append(
            clean_line(message)
            if "\n" not in message
            else "\n".join(clean_line(x) for x in message.split("\n"))
        )
        t.append("\n\npress q to quit", style="dim")
        self.query_one("#loading-text", Static).update(t)
        self.query_one("#loading-bar").display = False
        self.query_one("#title", Static).update(Text("ducha · dataset error", end=""))
        self.loaded.set()

    def _loaded(self, model: Model) -> None:
        self.model = model
        self.screen.remove_class("-loading")
        self.query_one("#title", Static).update(
            _title(len(model.documents), len(model.sections_rows), model.latest_report)
        )
        tree = self.query_one("#tree")
        if self.first is not None and not model.rebuilt:
            tree.model = model  # the stored tree shows this very data: keep the cursor
            ref = tree.cursor_node.data if tree.cursor_node else None
            if ref is not None and ref.kind != "root":
                self.select(ref.entity, ref.round)
            else:
                self.select("全国", None)
        else:
            tree.populate(model, self.grouping)
            tree.move_cursor(tree.root)
            self.select("全国", None)
        self.first = None
        if model.note:
            self.notify(clean_line(model.note), severity="warning", timeout=10, markup=False)
        if self._pending is not None:  # what was asked for while the tables were read
            pending, self._pending = self._pending, None
            pending()
        # The model's long-lived objects leave the collector's reach, and a pause in input
        # runs a pending full collection before an automatic one can stall a keystroke.
        self._collector.start()
        self.set_interval(CHECK_EVERY, self._collector.tick, name="idle collection")
        self.loaded.set()

    # --- sizes -------------------------------------------------------------------------

    def on_resize(self) -> None:
        self._apply_size_classes()

    def _apply_size_classes(self) -> None:
        w, h = self.size
        screen = self.screen
        screen.set_class(w < 100, "-narrow")
        screen.set_class(w < 140, "-medium")
        screen.set_class(h < 32, "-short")
        screen.set_class(h >= 44, "-tall")

    # --- selection ---------------------------------------------------------------------

    def select(self, entity: str | None, round_: str | None, *, keep_source: bool = False) -> None:
        """Fill the task table, metrics and source pane for one entity and round."""
        model = self.model
        if model is None:
            return
        self.entity, self.round = entity, round_
        tasks = self.query_one("#tasks")
        metrics = self.query_one("#metrics")
        if entity is None:
            tasks.empty_text = ""
            tasks.show_rows([], ledger=None)
            metrics.show_metrics([])
            return
        if round_ is None:
            rounds = model.rounds_of(entity)
            round_ = rounds[0] if rounds else None
            self.round = round_
        if entity not in model.entities_with_docs():
            tasks.empty_text = f"no report yet for {clean_line(entity)}"
        else:
            tasks.empty_text = "its reports state no counts: see the source"
        tasks.show_rows(model.task_rows(entity, round_), ledger=model.ledger(entity))
        metrics.show_metrics(model.metric_rows(entity))
        tasks.border_title = self._entity_title(entity, round_)
        n = len(model.docs_of(entity))
        tasks.border_subtitle = Text(f"{tasks.row_count} rows", end="")
        metrics.border_title = Text(
            f"indicators · {metrics.row_count}"
            if metrics.row_count
            else "indicators · none stated",
            end="",
        )
        if not keep_source:
            self.doc_index = 0
            span = model.section_span(entity, round_)
            if span is not None:
                self.show_evidence(span, highlight=False)
            elif n == 0:
                self.query_one("#source").set_document(None, "")
                self._set_source_title(None)

    def _entity_title(self, entity: str, round_: str | None) -> Text:
        model = self.model
        assert model is not None
        t = Text(clean_line(entity), style="bold", end="")
        batch = model.batch_of(entity, round_)
        if batch is not None:
            t.append(f" · {clean_line(batch.batch_name)}")
        elif round_:
            t.append(f" · {clean_line(round_)}")
        # the date before the group: on a narrow pane the title is cut at its end
        summary = model.summary(entity, round_)
        if summary is not None and summary.as_of:
            from ducha.vocabulary import as_of_text

            t.append(
                f" · {clean_line(as_of_text(summary.as_of, summary.as_of_basis))}", style="dim"
            )
        group = batch.groups.get(entity) if batch is not None else None
        if group:
            t.append(f" · {clean_line(group)}", style="dim")
        if entity in model.entities_with_docs() and len(model.rounds_of(entity)) > 1:
            others = [r for r in model.rounds_of(entity) if r != round_]
            t.append(f" · also {'/'.join(clean_line(r or '?') for r in others)}", style="dim")
        return t

    def _set_source_title(self, doc_id: str | None) -> None:
        source = self.query_one("#source")
        model = self.model
        if doc_id is None or model is None:
            source.border_title = Text("source · no document", end="")
            source.border_subtitle = None
            return
        info = model.documents.get(doc_id)
        t = Text("source · ", end="")
        if info is not None:
            t.append(clean_line(info.title), style="bold")
            if info.published:
                t.append(f" · {clean_line(info.published)}", style="dim")
        source.border_title = t
        docs = model.docs_of(self.entity) if self.entity else []
        ids = [d for d, _ in docs]
        if doc_id in ids and len(ids) > 1:
            source.border_subtitle = Text(
                f"doc {ids.index(doc_id) + 1}/{len(ids)} · o: next", end=""
            )
        else:
            source.border_subtitle = None

    def show_evidence(self, ev: Evidence | None, *, highlight: bool = True) -> None:
        """Show `ev` in the source pane, reading the document's text now (one row group
        of the documents table, a few milliseconds): the pane then changes in the same
        frame as the tables, instead of one frame later with a second layout pass."""
        if ev is None or self.model is None:
            return
        if not highlight:
            ev = type(ev)(ev.doc_id, ev.start, ev.start)
        body = self.model.text(ev.doc_id)
        source = self.query_one("#source")
        source.set_document(ev.doc_id, body)
        self._current_doc = ev.doc_id
        self._set_source_title(ev.doc_id)
        if ev.end > ev.start:
            source.show_span(ev.start, ev.end, ev.matches)
        else:
            source.clear_highlight()
            source.scroll_to_offset(ev.start)

    # --- events ------------------------------------------------------------------------

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[NodeRef]) -> None:
        if event.control.id != "tree":
            return
        ref = event.node.data
        if ref is None or self.model is None:
            return
        if ref.entity is None:
            self.select(None, ref.round)
            tasks = self.query_one("#tasks")
            label = (
                event.node.label
                if isinstance(event.node.label, Text)
                else Text(str(event.node.label))
            )
            t = Text(end="")
            t.append_text(label.copy())
            tasks.border_title = t
            tasks.border_subtitle = Text("no report: Enter or v for the overview", end="")
            return
        if ref.kind == "missing":
            self.select(ref.entity, ref.round)
            tasks = self.query_one("#tasks")
            t = Text(clean_line(ref.entity), style="bold", end="")
            t.append(f" · {clean_line(ref.round or '')} · no report yet", style="dim")
            tasks.border_title = t
            return
        if ref.kind == "entity" and (ref.entity, ref.round) == (self.entity, self.round):
            return  # already shown (a jump selected it before moving the cursor)
        self.select(ref.entity, ref.round)

    def on_tree_node_selected(self, event: Tree.NodeSelected[NodeRef]) -> None:
        if event.control.id != "tree":
            return
        ref = event.node.data
        if ref is None:
            return
        if ref.kind in ("root", "round", "batch"):
            self.open_overview(ref)
        elif event.node.children:
            event.node.toggle()
        else:
            self._focus_pane("tasks")

    def on_evidence_requested(self, event: EvidenceRequested) -> None:
        self.show_evidence(event.evidence)
        if event.focus_source:
            self._focus_pane("source")

    # --- actions -----------------------------------------------------------------------

    def pane(self, wid: str) -> Widget | None:
        """The pane `wid` (tree, tasks, metrics, source), or None while it is not mounted:
        during start-up the tree may be in the first frame or not, and the panes on the
        right come after it; a key pressed then must find nothing, not fail."""
        try:
            return self.query_one(f"#{wid}")
        except NoMatches:
            return None

    def _focus_pane(self, wid: str) -> None:
        widget = self.pane(wid)
        if widget is not None:
            widget.focus()

    def action_focus_tree(self) -> None:
        self._focus_pane("tree")

    def _have_model(self, action: Callable[[], None]) -> bool:
        """Whether the model is read and the panes exist. Until then (the first frame
        draws the stored tree, or the model was given and the panes follow the first
        frame), the last action asked for waits and runs as soon as they are: a key
        pressed while the tables are read is not lost. With neither a stored tree nor a
        model (a loading panel), the key is ignored."""
        if self.model is not None and self._panes_ready:
            return True
        if self.first is not None or self.model is not None:
            self._pending = action
        return False

    def action_toggle_grouping(self) -> None:
        if not self._have_model(self.action_toggle_grouping):
            return
        self.grouping = "place" if self.grouping == "round" else "round"
        tree = self.query_one("#tree")
        entity, round_ = self.entity, self.round
        tree.populate(self.model, self.grouping)
        tree.border_title = Text(f"reports · by {self.grouping}", end="")
        if entity and entity != "全国":
            tree.select_ref(entity, round_)
        else:
            tree.move_cursor(tree.root)

    def action_all_facts(self) -> None:
        """Open the all-facts table. The screen is made once and kept: it opens again as
        it was left (filter, sort, row), and closing it does not tear it down, which made
        Textual lay out and draw the main screen a second time."""
        if not self._have_model(self.action_all_facts):
            return
        from .allfacts import AllFactsScreen

        screen = self._all_facts
        if screen is None or screen.model is not self.model:
            if screen is not None:
                self.uninstall_screen(screen)
            screen = self._all_facts = AllFactsScreen(self.model, on_open=self._open_fact)
            self.install_screen(screen, name="all-facts")
        self.push_screen(screen)

    def _open_fact(self, entity: str, round_: str | None, evidence: Evidence | None) -> None:
        self.jump_to(entity, round_, evidence)

    def action_overview(self) -> None:
        from .tree import NodeRef

        tree = self.pane("tree")
        if tree is None:  # a loading panel: no tree yet, nothing to ask about
            return
        node = tree.cursor_node
        ref = node.data if node is not None else None
        if ref is None or ref.kind in ("entity", "missing"):
            # the batch (or round) of the selected entity
            while (
                node is not None
                and node.data is not None
                and node.data.kind not in ("batch", "round", "root")
            ):
                node = node.parent
            ref = node.data if node is not None else NodeRef("root", "全国")
        self.open_overview(ref or NodeRef("root", "全国"))

    def open_overview(self, ref: NodeRef) -> None:
        if not self._have_model(lambda: self.open_overview(ref)):
            return
        from .screens import OverviewScreen

        if ref.kind == "batch":
            batch = next((b for b in self.model.batches if b.id == ref.batch_id), None)
            title = f"overview · {batch.batch_name if batch else ref.entity}"
            screen = OverviewScreen(self.model, title, scope=ref.members, round_=ref.round,
                                    batch=batch.batch_name.removeprefix(ref.round or "") if batch else None)  # fmt: skip
        elif ref.kind == "round":
            screen = OverviewScreen(self.model, f"overview · {ref.round}", round_=ref.round)
        else:
            screen = OverviewScreen(self.model, "overview · every entity with a report")

        def done(result: tuple[str, str] | None) -> None:
            if result:
                entity, round_ = result
                self.jump_to(entity, round_ or None)

        self.push_screen(screen, done)

    def jump_to(
        self, entity: str, round_: str | None = None, evidence: Evidence | None = None
    ) -> None:
        """Select `entity` now and put the tree's cursor on it (the highlight that
        follows finds the entity shown and does not fill the panes again); the source
        pane shows `evidence` if given, else the start of the entity's section."""
        self.select(entity, round_, keep_source=evidence is not None)
        if evidence is not None:
            self.doc_index = 0
            self.show_evidence(evidence)
        tree = self.query_one("#tree")
        tree.select_ref(entity, round_)
        tree.focus()

    def action_cycle_document(self) -> None:
        if self.model is None or not self._panes_ready or not self.entity:
            return
        docs = self.model.docs_of(self.entity)
        if not docs:
            self.notify("no document mentions this entity", markup=False)
            return
        ids = [d for d, _ in docs]
        if self._current_doc in ids:
            self.doc_index = (ids.index(self._current_doc) + 1) % len(ids)
        else:
            self.doc_index = 0
        doc_id, start = docs[self.doc_index]
        from .model import Evidence

        self.show_evidence(Evidence(doc_id, start, start), highlight=False)

    def action_search(self) -> None:
        if not self._have_model(self.action_search):
            return
        from .screens import SearchScreen

        def done(result: tuple[str, ...] | None) -> None:
            if not result:
                return
            if result[0] == "e":  # an entity, perhaps one of its rounds
                self.jump_to(result[1], result[2] if len(result) > 2 else None)
            elif result[0] == "t":
                from .model import Evidence

                doc_id, offset, term = result[1], int(result[2]), result[3]
                ev = Evidence(doc_id, offset, offset)
                self.show_evidence(ev, highlight=False)
                source = self.query_one("#source")

                def find() -> None:
                    source.find(term, offset)

                self.call_after_refresh(find)
                source.focus()

        self.push_screen(SearchScreen(self.model), done)

    def action_copy_figure(self) -> None:
        """Copy the highlighted figure as a sentence with its date and source. Through the
        terminal (OSC 52, `App.copy_to_clipboard`), not a local clipboard tool: it works
        over SSH and in tmux, where the app's machine is not the reader's."""
        from .clipboard import figure_sentence, shorten

        sentence = None
        if self.model is not None and self._panes_ready:
            sentence = figure_sentence(self.model, self.entity, self.round, self.focused)
        if sentence is None:
            self.notify("nothing to copy here: y copies the highlighted row of the task or "
                        "indicator table", timeout=4, markup=False)  # fmt: skip
            return
        self.copy_to_clipboard(sentence)
        self.notify(f"copied: {shorten(sentence, 96)}", timeout=4, markup=False)

    def action_help(self) -> None:
        from .allfacts import AllFactsScreen
        from .screens import HelpScreen, OverviewScreen, SearchScreen
        from .source import SourceView
        from .tables import MetricsTable, TaskTable
        from .tree import PlaceTree

        sections: list[tuple[str, list[BindingType]]] = [
            ("Everywhere", list(self.BINDINGS)),
            ("Tree pane", list(PlaceTree.BINDINGS)),
            ("Task table", list(TaskTable.BINDINGS)),
            ("Metrics table", list(MetricsTable.BINDINGS)),
            ("Source pane", list(SourceView.BINDINGS)),
            ("Overview screen", list(OverviewScreen.BINDINGS)),
            ("All facts screen", list(AllFactsScreen.BINDINGS)),
            ("Search box", list(SearchScreen.BINDINGS)),
        ]
        self.push_screen(HelpScreen(sections))

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    def watch_theme(self) -> None:
        # status colours come from theme variables: redraw the tables and tree labels
        if self.model is not None and self._panes_ready:
            self.call_after_refresh(self._redraw_for_theme)

    def _redraw_for_theme(self) -> None:
        self.query_one("#tasks").redraw()
        self.query_one("#metrics").redraw()
        tree = self.query_one("#tree")
        if self.model is not None:
            cursor = tree.cursor_node.data if tree.cursor_node else None
            tree.populate(self.model, self.grouping)
            if cursor is not None and cursor.kind != "root":
                tree.select_ref(cursor.entity, cursor.round)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield SystemCommand(
            "Find: place or text",
            "Jump to a place (河南, henan, hn) or find text (/)",
            self.action_search,
        )
        yield SystemCommand(
            "Overview",
            "One row per province with counts and status, sortable (v)",
            self.action_overview,
        )
        yield SystemCommand(
            "Group tree by place / round",
            "Toggle the tree grouping (g)",
            self.action_toggle_grouping,
        )
        yield SystemCommand(
            "Next document",
            "Show the next document mentioning the entity (o)",
            self.action_cycle_document,
        )
        yield SystemCommand(
            "All facts",
            "Every fact and indicator of the library: filter, sort, open (a)",
            self.action_all_facts,
        )
        yield SystemCommand("Help: keys", "Every key of the app (?)", self.action_help)
        yield SystemCommand("Light / dark theme", "Switch the theme (T)", self.action_toggle_theme)
        for wid, name in (
            ("tree", "tree"),
            ("tasks", "task table"),
            ("metrics", "metrics"),
            ("source", "source"),
        ):
            yield SystemCommand(
                f"Focus: {name}",
                f"Move the focus to the {name} pane",
                lambda w=wid: self._focus_pane(w),
            )
        yield from super().get_system_commands(screen)


def run_app(
    data_dir: str | None,
    theme: str | None = None,
    grouping: str | None = None,
    extra: Sequence[str] = (),
) -> int:
    """Open the explorer; returns the exit code (0, or 1 when the dataset could not be read).
    `extra` are source folders beside the bundled corpus and the library (from the config)."""
    theme = theme or os.environ.get("DUCHA_THEME")
    app = DuchaApp(data_dir, theme=theme, grouping=grouping, extra=extra)
    app.handle_signals = True
    app.run()
    if app.error:
        sys.stderr.write(f"ducha: {app.error}\n")
        return 1
    return app.return_code or 0


def _title(n_docs: int, n_secs: int, latest_report: tuple[str, str] | None) -> Text:
    """`ducha · 5 documents · 21 sections · latest counts as of 2022-12-31`: the latest
    date a report states, never a repost's page date (query.latest_report)."""
    from ducha.vocabulary import as_of_text

    title = Text("ducha", style="bold", end="")
    title.append(f" · {n_docs} document{'s' if n_docs != 1 else ''} · {n_secs} sections")
    if latest_report:
        title.append(f" · latest counts {clean_line(as_of_text(*latest_report))}")
    return title


def _pane(widget: W, title: str) -> W:
    widget.add_class("pane")
    widget.border_title = Text(title)
    return widget
