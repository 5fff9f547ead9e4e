"""ChatSiteLink: the Chat tab's site server (issue 17, point 5).

When the Chat tab is pointed at a chat server (the user picks "Chat server", or
``[site_server] chat_url`` is set, which selects it at start), each question goes to the
server first and to a local llama.cpp model when the server does not answer
(``tasks/chat/site_chat.py``). This link builds that engine, says in the tab (a line under the
answer's speed, and the status bar) which side answers and why, and hands each switch to the
app-wide fallback observer (``AppContext.site_state_observer``: the main window's status bar
and the kiosk health strip say it as they do for Detect).

An answer the server stops in the middle of is answered afresh by the local model: the
question stays in the history, the cut answer is replaced, and the tab says so.

GUI thread, except :meth:`_on_change` (the session thread, which only emits a signal).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel

from edgestudio.context import AppContext
from edgestudio.core.errors import EdgeStudioError
from edgestudio.core.site_status import FallbackState, read_token
from edgestudio.core.types import TASK_CHAT
from edgestudio.tasks.chat.engine import ChatEngine, ChatOptions
from edgestudio.tasks.chat.models import chat_models
from edgestudio.tasks.chat.site_chat import SiteChat, build_site_chat_engine
from edgestudio.ui.widgets.chat_model_panel import SERVER, ChatModelPanel

CUT_OFF_KIND = "ServerCutOff"  # ErrorInfo.kind of an answer the server stopped mid-way


class ChatSiteLink(QObject):
    """The Chat tab's site server: the engine with its local fallback, and what it says."""

    state_seen = Signal(object)  # FallbackState, emitted on the session thread
    status_message = Signal(str)

    def __init__(self, ctx: AppContext, panel: ChatModelPanel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._panel = panel
        self._observer = ctx.site_state_observer(TASK_CHAT)
        self.label = QLabel("")
        self.label.setWordWrap(True)
        self.label.hide()
        self.state: FallbackState | None = None  # the last switch seen (None: none yet)
        self.state_seen.connect(self._show)
        self._select_site_server()

    def _select_site_server(self) -> None:
        """``[site_server] chat_url`` set: the panel starts on that chat server."""
        url = self._ctx.config.site_server.chat_url.strip()
        if url and not self._panel.url.text().strip():
            self._panel.url.setText(url)
            self._panel.combo.setCurrentIndex(max(self._panel.combo.findData(SERVER), 0))

    def site(self) -> SiteChat | None:
        """The chat server the panel names, with the site token for the site's own chat
        server (None: a local model is picked, or no server address)."""
        if not self._panel.is_server():
            return None
        server = self._panel.server()
        if not server.url:
            return None
        key = server.api_key
        if not key and server.url.rstrip("/") == self._ctx.config.site_server.chat_url.strip().rstrip("/"):
            try:
                key = read_token(self._ctx.config.site_server.token_file)
            except EdgeStudioError as exc:
                self.status_message.emit(exc.message)
        return SiteChat(server.url, key, server.model)

    def local_model(self) -> Path | None:
        """The local fallback: the deployed chat model, else the first (the packaged default)."""
        models = chat_models(self._ctx.models)
        deployed = self._ctx.active_deployment(TASK_CHAT)
        chosen = next((m for m in models if deployed and m.id == deployed.model_id), None)
        chosen = chosen or (models[0] if models else None)
        return chosen.path if chosen is not None else None

    def builder(self, site: SiteChat, local: Path, options: ChatOptions) -> Callable[[Any], ChatEngine]:
        """What the session thread runs to load the server and the local model. GUI thread."""
        registry = self._ctx.registry

        def build(report: Callable[[Any], None]) -> ChatEngine:  # the session thread
            return build_site_chat_engine(registry, local, options, site, report, self._on_change)

        return build

    def _on_change(self, state: FallbackState) -> None:  # the session thread
        self._observer(state)
        self.state_seen.emit(state)

    def _show(self, state: FallbackState) -> None:
        self.state = state
        if state.on_server:
            text = self.tr("Answers come from the site server again.")
        else:
            text = self.tr("The site server does not answer: the local model answers ({0}).").format(
                state.reason
            )
        self.label.setText(text)
        self.label.setVisible(True)
        self.status_message.emit(self.tr("Chat: {0}").format(text))

    def cut_off_notice(self) -> str:
        """Said when the server stopped mid-answer and the local model answers afresh."""
        return self.tr(
            "The site server stopped in the middle of the answer; the local model answers the "
            "question afresh."
        )
