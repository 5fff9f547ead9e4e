"""SiteStateNote: one line in a tab that says when its models on the site server fell back to
this device and when they are back on the server (issue 17, point 5).

The app-wide observer (``AppContext.subscribe_site_state``) hears every falling-back runner the
registry's ``remote`` runtime loads in this process; the main window turns that into the status
bar and the kiosk health strip. A tab shows the same switches for its own tasks with this note.
A runner in a child process (the Voice tab's file worker) is not heard there: its tab hands the
switches it reports to :meth:`relay`, which tells the app-wide observer, so the status bar, the
health strip and this note say it the same way.

GUI thread, except :meth:`_heard` (a runner's thread: it only emits a signal).
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QWidget

from edgestudio.context import AppContext
from edgestudio.core.site_status import FallbackState

SITE_RUNTIME = "remote"  # the registry's id of the site server's runtime (backends/remote_backend.py)


class SiteStateNote(QLabel):
    """Hidden until one of ``tasks`` switches; ``state_changed(task, state)`` on the GUI thread."""

    state_changed = Signal(str, object)
    _state_heard = Signal(str, object)  # emitted on a runner's thread

    def __init__(self, ctx: AppContext, tasks: Iterable[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._tasks = frozenset(tasks)
        self.states: dict[str, FallbackState] = {}  # task -> its runner's last switch
        self.setWordWrap(True)
        self.hide()
        self._state_heard.connect(self._show)
        self._unsubscribe = ctx.subscribe_site_state(self._heard)

    @property
    def on_local(self) -> bool:
        """Whether one of the tab's models runs on this device because the server is gone."""
        return any(not state.on_server for state in self.states.values())

    def relay(self, task: str, state: FallbackState) -> None:
        """A runner in a child process switched: tell the app (status bar, health strip and
        this note hear it back). GUI thread."""
        self._ctx.site_state_observer(task)(state)

    def reset(self) -> None:
        """The tab's models were loaded afresh (another runtime): forget the old switches."""
        self.states.clear()
        self.clear()
        self.hide()

    def close_note(self) -> None:
        """Stop listening (the tab shuts down). GUI thread."""
        self._unsubscribe()

    def _heard(self, task: str, state: FallbackState) -> None:  # a runner's thread
        if task in self._tasks:
            self._state_heard.emit(task, state)

    def _show(self, task: str, state: FallbackState) -> None:
        self.states[task] = state
        reasons = sorted({s.reason for s in self.states.values() if not s.on_server and s.reason})
        if self.on_local:
            text = self.tr("⚠ The site server does not answer: the model on this device runs instead.")
            self.setStyleSheet("color: #e65100;")
        else:
            text = self.tr("The site server answers again: back on it.")
            self.setStyleSheet("")
        self.setText(text)
        self.setToolTip("\n".join(reasons))
        self.show()
        self.state_changed.emit(task, state)
