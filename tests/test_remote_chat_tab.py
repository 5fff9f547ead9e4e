"""The real Chat tab on the site's chat server (llama.cpp's real OpenAI-compatible server),
with the local model as its fallback (issue 17, point 5): the server answers, then it is
killed (kill -9) and the local model answers, the tab and the app-wide observer say so; the
server comes back and answers again; an answer the server stops mid-way is answered afresh
by the local model with the question kept."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from edgestudio.core.site_status import FallbackState
from edgestudio.serve.site_server import SiteServer
from edgestudio.tasks.chat.engine import ChatAnswer
from edgestudio.tasks.chat.models import default_chat_model
from edgestudio.ui.chat_tab import ChatTab
from tests.site_server_fixtures import restart_site_server, start_test_server

pytestmark = pytest.mark.skipif(default_chat_model() is None, reason="no default chat model")


@pytest.fixture
def chat_server(tmp_path: Path) -> Iterator[SiteServer]:
    server = start_test_server(tmp_path / "site", detect="", chat="default")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def site_tab(qtbot: Any, ctx: Any, chat_server: SiteServer) -> Iterator[ChatTab]:
    """The Chat tab of a kiosk whose ``[site_server] chat_url`` is the test server."""
    ctx.config.site_server.chat_url = chat_server.chat_url
    widget = ChatTab(ctx)
    qtbot.addWidget(widget)
    widget.show()
    widget.temperature.setValue(0.0)
    widget.max_tokens.setValue(16)
    qtbot.waitUntil(lambda: widget.send_button.isEnabled(), timeout=30_000)
    yield widget
    widget.shutdown()


def ask(qtbot: Any, tab: ChatTab, text: str) -> ChatAnswer:
    with qtbot.waitSignal(tab.answer_finished, timeout=120_000) as done:
        tab.send(text)
    answer = done.args[0]
    assert isinstance(answer, ChatAnswer) and answer.text.strip(), tab.stats.text()
    return answer


def test_the_tab_falls_back_to_the_local_model_says_so_and_returns(
    qtbot: Any, site_tab: ChatTab, ctx: Any, chat_server: SiteServer
) -> None:
    seen: list[tuple[str, FallbackState]] = []
    unsubscribe = ctx.subscribe_site_state(lambda task, state: seen.append((task, state)))
    statuses: list[str] = []
    site_tab.status_message.connect(statuses.append)
    try:
        assert site_tab.models.is_server() and site_tab.models.server().url == chat_server.chat_url
        ask(qtbot, site_tab, "Say hi.")
        assert site_tab.site.state is None and not site_tab.site.label.isVisible() and not seen
        assert chat_server.chat is not None
        chat_server.chat.kill()  # kill -9
        ask(qtbot, site_tab, "Say hello.")
        state = site_tab.site.state
        assert state is not None and not state.on_server and state.reason.startswith("server unreachable")
        assert site_tab.site.label.isVisible() and "local model answers" in site_tab.site.label.text()
        assert any("Chat: The site server does not answer" in s for s in statuses), statuses
        assert [(task, s.on_server) for task, s in seen] == [("chat", False)]
        messages = site_tab.history.messages(site_tab._conversation.id)
        assert [m.role for m in messages] == ["user", "assistant", "user", "assistant"]
        server = restart_site_server(chat_server)  # back on the same port
        try:
            time.sleep(1.2)  # the first pause before the server is asked again
            ask(qtbot, site_tab, "Say bye.")
            assert site_tab.site.state is not None and site_tab.site.state.on_server
            assert "site server again" in site_tab.site.label.text()
            assert [(task, s.on_server) for task, s in seen] == [("chat", False), ("chat", True)]
        finally:
            server.stop()
    finally:
        unsubscribe()


def test_an_answer_cut_mid_way_is_answered_afresh_by_the_local_model(
    qtbot: Any, site_tab: ChatTab, chat_server: SiteServer
) -> None:
    statuses: list[str] = []
    site_tab.status_message.connect(statuses.append)
    site_tab.max_tokens.setValue(120)
    killed: list[bool] = []

    def kill_on_first_piece(item: object) -> None:
        if not killed and site_tab._partial and chat_server.chat is not None:
            killed.append(True)
            chat_server.chat.kill()

    session = None

    def wire() -> None:  # the session exists once the first question is asked
        nonlocal session
        if site_tab._slot.session is not None and session is None:
            session = site_tab._slot.session
            session.progress.connect(kill_on_first_piece)

    site_tab.send("Count from 1 to 100, one number a line.")
    wire()
    with qtbot.waitSignal(site_tab.answer_finished, timeout=120_000) as done:
        pass
    answer = done.args[0]
    assert killed, "the server was killed while it answered"
    assert isinstance(answer, ChatAnswer) and answer.text.strip()
    assert any("stopped in the middle of the answer" in s for s in statuses), statuses
    assert site_tab.site.state is not None and not site_tab.site.state.on_server
    messages = site_tab.history.messages(site_tab._conversation.id)  # type: ignore[union-attr]
    assert [m.role for m in messages] == ["user", "assistant"]
    assert messages[0].content.startswith("Count from 1") and messages[1].content == answer.text


def test_the_status_bar_and_kiosk_strip_say_when_chat_falls_back_and_returns(
    qtbot: Any, ctx: Any, chat_server: SiteServer
) -> None:
    from edgestudio.ui.kiosk_health_strip import KioskHealthStrip
    from edgestudio.ui.main_window import MainWindow

    ctx.config.site_server.chat_url = chat_server.chat_url
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    strip = KioskHealthStrip()
    qtbot.addWidget(strip)
    window.site_state_changed.connect(strip.set_site_state)
    said: list[str] = []
    window.statusBar().messageChanged.connect(said.append)
    window.show()
    server = chat_server
    try:
        tab = window.chat_tab
        tab.temperature.setValue(0.0)
        tab.max_tokens.setValue(16)
        qtbot.waitUntil(lambda: tab.send_button.isEnabled(), timeout=30_000)
        assert tab.models.is_server()
        assert server.chat is not None
        server.chat.kill()  # kill -9 before the first question: the load starts local
        ask(qtbot, tab, "Say hi.")
        qtbot.waitUntil(lambda: window.site_label.isVisible(), timeout=10_000)
        assert window.site_label.text() == f"On local models: {tab.windowTitle()}"
        fell_back = "Chat: the site server stopped answering; using the local model"
        assert any(m.startswith(fell_back) for m in said), said
        assert strip.site_label.text() == "⚠ Site server not answering: local models in use"
        server = restart_site_server(server)
        time.sleep(1.2)  # the first pause before the server is asked again
        ask(qtbot, tab, "Say bye.")
        qtbot.waitUntil(lambda: not window.site_label.isVisible(), timeout=10_000)
        assert "Chat: the site server answers again; back on it." in said
        assert strip.site_label.text() == "Site server: in use"
    finally:
        window.shutdown()
        server.stop()
