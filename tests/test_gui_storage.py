"""The GUI says so when the disk fills up during a session: the chat keeps working from
memory and the window shows the storage banner, once (real tmpfs, real chat model)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMainWindow

from tests.test_storage_faults import fill, tmpfs


def test_chat_says_conversations_are_no_longer_saved_when_the_disk_fills(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from edgestudio.context import AppContext
    from edgestudio.core.paths import AppPaths
    from edgestudio.ui.chat_tab import ChatTab
    from edgestudio.ui.widgets.storage_banner import StorageBanner

    with tmpfs(tmp_path / "tiny", "4m") as home:
        monkeypatch.setenv("EDGESTUDIO_HOME", str(home))
        ctx = AppContext.create(AppPaths.default())
        window = QMainWindow()
        tab = ChatTab(ctx)
        window.setCentralWidget(tab)
        qtbot.addWidget(window)
        messages: list[str] = []
        tab.status_message.connect(messages.append)
        try:
            tab.send("What is the capital of France?")
            assert tab.history.saved and window.findChild(StorageBanner) is None
            tab.stop()
            fill(home)
            tab.send("And of Italy?")
            assert not tab.history.saved, "the history should have moved to memory"
            banner = window.findChild(StorageBanner)
            assert banner is not None and "full" in banner.label.text()
            assert any("no longer saved" in m for m in messages)
            conversation = tab._conversation
            assert conversation is not None
            texts = [m.content for m in tab.history.messages(conversation.id)]
            assert "And of Italy?" in texts, "the conversation goes on in memory"
            tab.stop()
            tab.send("And of Spain?")
            assert len(window.findChildren(StorageBanner)) == 1, "the banner is shown once"
        finally:
            tab.shutdown()
