"""The Chat tab answering from documents: indexing in the background with progress and
Cancel, a grounded answer with its sources (a click opens the passage), "documents only"
saying the documents do not say, the admin-only controls, and screenshots in English and
Chinese. Real documents, the real embedding model, the real index and the real SmolLM2."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from edgestudio.benchmarks.docs_corpus import manual_pages, write_pdf, write_site_documents
from edgestudio.tasks.chat.engine import ChatAnswer
from edgestudio.ui import i18n
from edgestudio.ui.chat_tab import ChatTab
from edgestudio.ui.tab_protocol import set_admin_controls_visible
from tests.test_i18n import compiled_translations  # noqa: F401 - a fixture

SHOTS = Path(os.environ["EDGESTUDIO_TEST_SHOTS"]) if os.environ.get("EDGESTUDIO_TEST_SHOTS") else None


def make_tab(qtbot, ctx, folder: Path) -> ChatTab:  # type: ignore[no-untyped-def]
    tab = ChatTab(ctx)
    qtbot.addWidget(tab)
    tab.resize(1400, 860)
    tab.show()
    wait_for_model_check(qtbot, tab)
    tab.temperature.setValue(0.0)
    tab.max_tokens.setValue(24)
    if tab.docs.documents.count() == 0:
        with qtbot.waitSignal(tab.docs.job_finished, timeout=120_000) as done:
            tab.docs.add_paths([folder])
        assert done.args[0] is not None and len(done.args[0]["added"]) == 4, tab.docs.summary.text()
    return tab


def wait_for_model_check(qtbot, tab: ChatTab) -> None:  # type: ignore[no-untyped-def]
    """The model panel reads the GGUF's metadata on a pool thread (seconds on a busy machine):
    a test ends only after it, so no background job outlives the test."""
    qtbot.waitUntil(lambda: tab.send_button.isEnabled() and tab.models.estimate is not None, timeout=60_000)


def ask(qtbot, tab: ChatTab, text: str) -> ChatAnswer:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(tab.answer_finished, timeout=120_000) as done:
        tab.send(text)
    assert done.args[0] is not None, tab.stats.text()
    return done.args[0]


def shoot(widget: QWidget, name: str, tmp_path: Path) -> Path:
    QApplication.processEvents()
    path = (SHOTS or tmp_path) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    assert widget.grab().save(str(path))
    return path


@pytest.fixture
def site(tmp_path: Path) -> Path:
    folder = tmp_path / "site"
    write_site_documents(folder)
    return folder


def test_answers_from_documents_with_sources_and_documents_only(  # type: ignore[no-untyped-def]
    qtbot, ctx, site: Path, tmp_path: Path
) -> None:
    tab = make_tab(qtbot, ctx, site)
    try:
        assert tab.docs.documents.count() == 4 and "4 document(s) indexed" in tab.docs.summary.text()
        answer = ask(qtbot, tab, "What does error E4 mean?")
        assert answer.grounded is True and answer.tokens > 0
        assert (
            answer.sources[0]["file"] == "printer-manual.html"
            and answer.sources[0]["heading"] == "Error codes"
        )
        shown = tab.transcript.toPlainText()
        assert "Sources" in shown and "printer-manual.html, Error codes" in shown
        tab.transcript.open_source(0)
        dialog = tab._source_dialog
        assert dialog is not None and dialog.isVisible()
        assert "paper tray is empty" in dialog.text.toPlainText() and dialog.open_button.isEnabled()
        shoot(tab, "chat-docs-en.png", tmp_path)
        shoot(dialog, "chat-docs-source-en.png", tmp_path)
        dialog.close()
        saved = tab.history.messages(tab.history.conversations()[0].id)[-1]
        assert saved.stats and saved.stats["grounded"] is True
        assert saved.stats["sources"][0]["heading"] == "Error codes"
        museum = ask(qtbot, tab, "How much is an adult ticket?")
        assert museum.sources[0]["file"] == "museum-guide.pdf" and museum.sources[0]["page"] == 2
        tab.export_current(tmp_path / "conversation.md")
        exported = (tmp_path / "conversation.md").read_text(encoding="utf-8")
        assert "1. printer-manual.html, Error codes" in exported and "1. museum-guide.pdf, page 2" in exported

        tab.docs.docs_only.setChecked(True)
        assert ctx.config_store.load().chat.documents_only is True, "kept in the user config"
        refused = ask(qtbot, tab, "What is the capital of Australia?")
        assert refused.grounded is False and refused.sources == () and refused.tokens == 0
        assert tab.transcript.toPlainText().rstrip().endswith("The documents do not say.")
        tab.docs.docs_only.setChecked(False)
        guessed = ask(qtbot, tab, "Who wrote Hamlet?")
        assert guessed.grounded is False and guessed.tokens > 0 and not guessed.sources
    finally:
        tab.shutdown()


def test_chinese_answer_with_sources(  # type: ignore[no-untyped-def]
    qtbot,
    ctx,
    site: Path,
    tmp_path: Path,
    compiled_translations,  # noqa: F811 - the fixture imported above
) -> None:
    app = QApplication.instance()
    i18n.install_translators(app, "zh_CN")
    try:
        tab = make_tab(qtbot, ctx, site)
        try:
            assert tab.docs.title() == "文档"
            answer = ask(qtbot, tab, "储物柜押金是多少钱？")
            assert answer.grounded is True and answer.sources[0]["file"] == "游泳馆须知.pdf"
            shown = tab.transcript.toPlainText()
            assert "来源" in shown and "游泳馆须知.pdf，第 5 页" in shown
            tab.docs.docs_only.setChecked(True)
            refused = ask(qtbot, tab, "法国的首都是哪里？")
            assert refused.grounded is False
            assert tab.transcript.toPlainText().rstrip().endswith("文档中没有提到。")
            tab.docs.docs_only.setChecked(False)
            tab.open_conversation(tab.history.conversations()[0].id)
            shoot(tab, "chat-docs-zh.png", tmp_path)
        finally:
            tab.shutdown()
    finally:
        i18n.install_translators(app, "en")


def test_indexing_shows_progress_and_cancel_keeps_the_set(  # type: ignore[no-untyped-def]
    qtbot, ctx, site: Path, tmp_path: Path
) -> None:
    tab = make_tab(qtbot, ctx, site)
    try:
        manual = write_pdf(tmp_path / "manual.pdf", manual_pages(500))
        tab.docs.add_paths([manual])
        assert tab.docs.cancel_button.isVisible() and not tab.docs.add_button.isEnabled()
        qtbot.waitUntil(lambda: "passage" in tab.docs.progress_label.text(), timeout=60_000)
        assert "Indexing manual.pdf: passage" in tab.docs.progress_label.text()
        with qtbot.waitSignal(tab.docs.job_finished, timeout=10_000) as done:
            tab.docs.cancel()
        assert done.args[0] is None and "cancelled" in tab.docs.summary.text()
        assert tab.docs.documents.count() == 4 and not tab.docs.cancel_button.isVisible()
        with qtbot.waitSignal(tab.docs.job_finished, timeout=60_000) as removed:
            tab.docs.documents.item(0).setSelected(True)
            tab.docs.remove_selected()
        assert removed.args[0] is not None and tab.docs.documents.count() == 3
        set_admin_controls_visible(tab, False)  # a kiosk before the PIN
        assert not tab.docs.add_button.isVisible() and not tab.docs.docs_only.isVisible()
        assert tab.docs.use_docs.isVisible() and tab.docs.documents.isVisible()
        set_admin_controls_visible(tab, True)
        assert tab.docs.add_button.isVisible()
    finally:
        tab.shutdown()


def test_changed_and_removed_files_are_caught_up_when_the_tab_opens(  # type: ignore[no-untyped-def]
    qtbot, ctx, site: Path
) -> None:
    make_tab(qtbot, ctx, site).shutdown()
    guide = site / "图书馆指南.md"
    more = "\n## 停车\n\n图书馆后面有免费停车场。\n"
    guide.write_text(guide.read_text(encoding="utf-8") + more, encoding="utf-8")
    (site / "printer-manual.html").unlink()
    tab = ChatTab(ctx)  # the panel sees both at once and refreshes in the background
    qtbot.addWidget(tab)
    try:
        with qtbot.waitSignal(tab.docs.job_finished, timeout=60_000) as done:
            pass
        report = done.args[0]
        assert report is not None, tab.docs.summary.text()
        assert [Path(p).name for p in report["updated"]] == ["图书馆指南.md"]
        assert [Path(p).name for p in report["removed"]] == ["printer-manual.html"]
        assert tab.docs.documents.count() == 3
        wait_for_model_check(qtbot, tab)
    finally:
        tab.shutdown()
