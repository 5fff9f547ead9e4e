"""ChatTab: conversations with a local LLM (or a chat server), answers streamed in batches."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import psutil
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from edgestudio.context import AppContext
from edgestudio.core.atomic import atomic_write_text
from edgestudio.core.deployments import DeploymentChange
from edgestudio.core.errors import EdgeStudioError, ErrorInfo
from edgestudio.core.hardware import DeviceReport, chat_threads
from edgestudio.core.messages import Text
from edgestudio.core.types import TASK_CHAT, LoadedInfo
from edgestudio.tasks.chat.docs.answer import DocsChatEngine, DocsTurn
from edgestudio.tasks.chat.docs.index import INDEX_FILE
from edgestudio.tasks.chat.engine import MODEL_FORMAT as CHAT_MODEL_FORMAT
from edgestudio.tasks.chat.engine import ChatAnswer, ChatDelta, ChatOptions, ChatTurn, build_chat_engine
from edgestudio.tasks.chat.history import ChatHistory, Conversation, Message
from edgestudio.tasks.chat.model_info import MemoryEstimate
from edgestudio.ui.chat_tab_site import CUT_OFF_KIND, ChatSiteLink
from edgestudio.ui.i18n import (
    QT_TRANSLATE_NOOP,
    error_text,
    error_title,
    exception_text,
    format_number,
    tr_message,
)
from edgestudio.ui.widgets.chat_model_panel import N_CTX, ChatModelPanel
from edgestudio.ui.widgets.docs_panel import DocsPanel
from edgestudio.ui.widgets.feedback import labeled_slider, sidebar
from edgestudio.ui.widgets.passage_dialog import PassageDialog
from edgestudio.ui.widgets.push_to_talk import LanguageChoice, ModelChoice, PushToTalkButton
from edgestudio.ui.widgets.storage_banner import report_unsaved
from edgestudio.ui.widgets.transcript_view import TranscriptView
from edgestudio.workers.session import InferenceSession
from edgestudio.workers.session_slot import SessionSlot

log = logging.getLogger(__name__)
# Translated where it is used, so a Chinese GUI asks the model for Chinese answers.
DEFAULT_SYSTEM_PROMPT = QT_TRANSLATE_NOOP(
    "ChatTab", "You are a helpful assistant. Answer briefly and clearly."
)


class ChatTab(QWidget):
    """GUI thread only. Owns the chat history database and at most one chat session."""

    status_message = Signal(str)
    answer_finished = Signal(object)  # ChatAnswer, or None when stopped

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Chat"))
        self.ctx = ctx
        self.history = ChatHistory(ctx.paths.data_dir / "chat.db")
        if self.history.db.notice:  # a damaged file was set aside and a new one started
            ctx.warnings.append(self.history.db.notice)
        self.conversations = QListWidget()
        self.conversations.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.conversations.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search conversations"))
        self.new_button = QPushButton(self.tr("New"))
        self.rename_button = QPushButton(self.tr("Rename"))
        self.delete_button = QPushButton(self.tr("Delete"))
        self.export_button = QPushButton(self.tr("Export…"))
        self.transcript = TranscriptView()
        self.input = QPlainTextEdit()
        self.input.setPlaceholderText(self.tr("Ask something… (Ctrl+Enter sends)"))
        self.input.setFixedHeight(80)
        self.send_button = QPushButton(self.tr("Send"))
        self.stop_button = QPushButton(self.tr("Stop"))
        self.regenerate_button = QPushButton(self.tr("Regenerate"))
        self.stats = QLabel("")
        self.push_to_talk = PushToTalkButton(ctx.registry)
        self.send_after_speaking = QCheckBox(self.tr("Send after speaking"))
        self.send_after_speaking.setToolTip(
            self.tr("Push-to-talk sends the spoken question at once instead of putting it in the prompt.")
        )
        self.send_after_speaking.setChecked(ctx.config.chat.send_after_speaking)
        self.models = ChatModelPanel(ctx.models)
        deployed = ctx.active_deployment("chat")
        if deployed is not None:
            self.models.reload(select=deployed.model_id)
        self.system_prompt = QPlainTextEdit(self.tr(DEFAULT_SYSTEM_PROMPT))
        self.system_prompt.setFixedHeight(70)
        self.temperature = labeled_slider(0.0, 1.5, 0.7)
        self.top_p = labeled_slider(0.05, 1.0, 0.9)
        self.max_tokens = QSpinBox()
        self.max_tokens.setRange(16, 4096)
        self.max_tokens.setValue(256)
        self.docs = DocsPanel(ctx)
        self.site = ChatSiteLink(ctx, self.models, self)  # the site's chat server, local fallback
        self._build_layout()

        self._slot = SessionSlot(self._wire_session, "chat")
        self._conversation: Conversation | None = None
        self._pending: ChatTurn | DocsTurn | None = None
        self._partial = ""
        self._partial_tokens = 0
        self._generating = False
        self._estimate_blocks = False
        self._local_runtime = ("", "")  # (backend, device) for GGUF models; "" = ranked at load
        self._threads = psutil.cpu_count(logical=False) or 1
        self._source_dialog: PassageDialog | None = None
        self._following_deployment = False  # a deploy changes the model: an answer may finish

        self.new_button.clicked.connect(self.new_conversation)
        self.rename_button.clicked.connect(self._rename_clicked)
        self.delete_button.clicked.connect(self._delete_clicked)
        self.export_button.clicked.connect(self._export_clicked)
        self.search.textChanged.connect(lambda _t: self._reload_list())
        self.conversations.currentItemChanged.connect(self._on_conversation_selected)
        self.send_button.clicked.connect(self._send_clicked)
        self.stop_button.clicked.connect(self.stop)
        self.regenerate_button.clicked.connect(self.regenerate)
        self.models.changed.connect(self._model_changed)
        self.models.checked.connect(self._model_checked)
        self.push_to_talk.transcribed.connect(self._on_spoken)
        self.push_to_talk.status_message.connect(self.status_message)
        self.send_after_speaking.toggled.connect(self._send_after_speaking_toggled)
        self.docs.status_message.connect(self.status_message)
        self.site.status_message.connect(self.status_message)
        self.transcript.source_clicked.connect(self.show_source)
        QShortcut(QKeySequence("Ctrl+Return"), self.input, self._send_clicked)
        self._reload_list()
        self._update_buttons()

    # -- layout ------------------------------------------------------------------------------
    def _build_layout(self) -> None:
        left = QVBoxLayout()
        left.addWidget(QLabel(self.tr("Conversations")))
        left.addWidget(self.search)
        left.addWidget(self.conversations, 1)
        row1, row2 = QHBoxLayout(), QHBoxLayout()
        row1.addWidget(self.new_button)
        row1.addWidget(self.rename_button)
        row2.addWidget(self.delete_button)
        row2.addWidget(self.export_button)
        left.addLayout(row1)
        left.addLayout(row2)
        left_widget = QWidget()
        left_widget.setLayout(left)
        left_widget.setFixedWidth(230)

        center = QVBoxLayout()
        center.addWidget(self.transcript, 1)
        center.addWidget(self.stats)
        center.addWidget(self.site.label)
        center.addWidget(self.input)
        buttons = QHBoxLayout()
        buttons.addWidget(self.push_to_talk)
        buttons.addStretch(1)
        for button in (self.regenerate_button, self.stop_button, self.send_button):
            button.setMinimumHeight(32)
            buttons.addWidget(button)
        center.addLayout(buttons)

        side = QVBoxLayout()
        model_box = QGroupBox(self.tr("Model"))
        QVBoxLayout(model_box).addWidget(self.models)
        side.addWidget(model_box)
        side.addWidget(self.docs)
        settings = QGroupBox(self.tr("Answers"))
        form = QFormLayout(settings)
        form.addRow(QLabel(self.tr("System prompt")))
        form.addRow(self.system_prompt)
        form.addRow(self.tr("Temperature"), self.temperature)
        form.addRow(self.tr("Top-p"), self.top_p)
        form.addRow(self.tr("Max tokens"), self.max_tokens)
        form.addRow(self.send_after_speaking)
        side.addWidget(settings)
        side.addStretch(1)
        side_widget = QWidget()
        side_widget.setLayout(side)
        scroll = sidebar(side_widget, 330)

        layout = QHBoxLayout(self)
        layout.addWidget(left_widget)
        layout.addLayout(center, 1)
        layout.addWidget(scroll)

    # -- conversations -----------------------------------------------------------------------
    def _reload_list(self, select: int | None = None) -> None:
        current = select if select is not None else (self._conversation.id if self._conversation else None)
        self.conversations.blockSignals(True)
        self.conversations.clear()
        for conv in self.history.conversations(self.search.text().strip()):
            item = QListWidgetItem(conv.title)
            item.setData(Qt.ItemDataRole.UserRole, conv.id)
            item.setToolTip(f"{conv.title}\n{conv.model}" if conv.model else conv.title)
            self.conversations.addItem(item)
            if conv.id == current:
                self.conversations.setCurrentItem(item)
        self.conversations.blockSignals(False)

    def new_conversation(self) -> None:
        self._conversation = None
        self.transcript.set_messages([], self.tr("New conversation: type a question below."))
        self.conversations.clearSelection()
        self._update_buttons()

    def open_conversation(self, conversation_id: int) -> None:
        self._conversation = self.history.get(conversation_id)
        if self._conversation.system_prompt:
            self.system_prompt.setPlainText(self._conversation.system_prompt)
        self.transcript.set_messages(self.history.messages(conversation_id))
        self._reload_list(select=conversation_id)
        self._update_buttons()

    def rename(self, title: str) -> None:
        if self._conversation and title.strip():
            self.history.update(self._conversation.id, title=title.strip())
            self._conversation = self.history.get(self._conversation.id)
            self._reload_list()

    def delete_current(self) -> None:
        if self._conversation is None or self._generating:
            return
        self.history.delete(self._conversation.id)
        self.new_conversation()
        self._reload_list()

    def export_current(self, path: Path) -> None:
        if self._conversation is None:
            raise EdgeStudioError("There is no conversation to export.")
        text = (
            self.history.export_json(self._conversation.id)
            if path.suffix.lower() == ".json"
            else self.history.export_markdown(self._conversation.id)
        )
        atomic_write_text(path, text)

    def _on_conversation_selected(self, item: QListWidgetItem | None, _previous: object) -> None:
        if item is not None and not self._generating:
            self.open_conversation(int(item.data(Qt.ItemDataRole.UserRole)))

    def _rename_clicked(self) -> None:
        if self._conversation:
            title, ok = QInputDialog.getText(
                self, self.tr("Rename conversation"), self.tr("Title"), text=self._conversation.title
            )
            if ok:
                self.rename(title)

    def _delete_clicked(self) -> None:
        self.delete_current()
        self.status_message.emit(self.tr("Conversation deleted."))

    def _export_clicked(self) -> None:
        if self._conversation is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export conversation"),
            f"{self._conversation.title}.md",
            self.tr("Markdown (*.md);;JSON (*.json)"),
        )
        if path:
            try:
                self.export_current(Path(path))
            except EdgeStudioError as exc:
                self.status_message.emit(exception_text(exc))
                return
            self.status_message.emit(self.tr("Exported to {path}").format(path=path))

    # -- speaking ----------------------------------------------------------------------------
    def set_speech_source(self, model_choice: ModelChoice, language: LanguageChoice) -> None:
        """GUI thread: push-to-talk transcribes with this Whisper model and language (the
        main window passes the Voice tab's choice)."""
        self.push_to_talk.set_speech_source(model_choice, language)

    def _on_spoken(self, text: str) -> None:
        """Push-to-talk finished: the words go into the prompt, or are sent at once."""
        if not text:
            return
        if self.send_after_speaking.isChecked() and self.send_button.isEnabled():
            self.input.setPlainText(text)
            self.send(text)
            return
        current = self.input.toPlainText().rstrip()
        self.input.setPlainText(f"{current} {text}".strip() if current else text)
        self.input.setFocus()
        self.status_message.emit(self.tr("Check the question, then press Send."))

    def _send_after_speaking_toggled(self, checked: bool) -> None:
        if self.ctx.config.chat.send_after_speaking == checked:
            return
        self.ctx.config.chat.send_after_speaking = checked
        try:
            self.ctx.config_store.save(self.ctx.config)
        except EdgeStudioError as exc:
            self.status_message.emit(tr_message(exc.message))

    # -- asking ------------------------------------------------------------------------------
    def _send_clicked(self) -> None:
        text = self.input.toPlainText().strip()
        if text:
            self.send(text)

    def send(self, text: str) -> None:
        """Save the question, then stream the answer."""
        if self._generating or self._estimate_blocks:
            return
        model_label = self.models.combo.currentText()
        if self._conversation is None:
            title = text.splitlines()[0][:48] or self.tr("Conversation")
            self._conversation = self.history.create(title, model_label, self.system_prompt.toPlainText())
        self.history.add_message(self._conversation.id, Message("user", text))
        self._check_saved()
        self.input.clear()
        self._reload_list(select=self._conversation.id)
        self._ask()

    def _check_saved(self) -> None:
        """After a write: say so when the history has just started living in memory."""
        if report_unsaved(self, self.history, self.ctx.paths.data_dir):
            self.status_message.emit(self.tr("Conversations are no longer saved: the disk is not writable."))

    def regenerate(self) -> None:
        """Ask again for the last question, replacing the last answer."""
        if self._conversation is None or self._generating:
            return
        messages = self.history.messages(self._conversation.id)
        if messages and messages[-1].role == "assistant":
            self.history.delete_message(messages[-1].id)
        if self.history.messages(self._conversation.id):
            self._ask()

    def stop(self) -> None:
        """End the answer now; what was generated so far is kept, marked as stopped."""
        if not self._generating or self._slot.session is None:
            return
        self._slot.session.cancel()
        self._generating = False
        if self._conversation is not None and self._partial:
            stats = {"tokens": self._partial_tokens, "stopped": True}
            self.history.add_message(self._conversation.id, Message("assistant", self._partial, stats))
            self._check_saved()
        self._refresh_transcript()
        self.stats.setText(self.tr("Stopped after {n} tokens.").format(n=self._partial_tokens))
        self.answer_finished.emit(None)
        self._update_buttons()

    def _ask(self) -> None:
        assert self._conversation is not None
        turns = tuple(
            (m.role, m.content)
            for m in self.history.messages(self._conversation.id)
            if m.role in ("user", "assistant")
        )
        turn = ChatTurn(
            self.system_prompt.toPlainText(),
            turns,
            self.max_tokens.value(),
            self.temperature.value(),
            self.top_p.value(),
        )
        from_docs = self.docs.answers_from_documents()
        self._pending = DocsTurn(turn, self.docs.docs_only.isChecked()) if from_docs else turn
        self._partial, self._partial_tokens = "", 0
        self._generating = True
        self._refresh_transcript()
        self.transcript.begin_answer()
        self.stats.setText(self.tr("Thinking…"))
        self._update_buttons()
        options, model_path = self._options()
        registry = self.ctx.registry
        index_path = self.ctx.paths.data_dir / INDEX_FILE
        site, local = self.site.site(), self.site.local_model()
        backend, device = self._local_runtime
        local_options = ChatOptions(backend, device, threads=self._threads, n_ctx=N_CTX)
        on_site = self.site.builder(site, local, local_options) if site and local else None

        def build(report: Callable[[str], None]) -> DocsChatEngine:  # on the session thread
            chat = on_site(report) if on_site else build_chat_engine(registry, model_path, options, report)
            engine = DocsChatEngine(chat, index_path, 1, report)
            engine.warm_up()
            return engine

        session, created = self._slot.ensure(self._options_key(), build)
        if created:
            self.stats.setText(self.tr("Loading the model…"))
        elif session.info is not None:
            self._submit_pending()

    def _wire_session(self, session: InferenceSession) -> None:
        session.loaded.connect(self._on_loaded)
        session.progress.connect(self._on_progress)
        session.result.connect(self._on_answer)
        session.failed.connect(self._on_failed)

    def set_device_report(self, report: DeviceReport) -> None:
        """GUI thread: local models load on the runtime ranked best here for GGUF files, on
        its best device, with one thread per core."""
        self._threads = chat_threads(report.profile)
        best = report.best(TASK_CHAT, CHAT_MODEL_FORMAT)
        self._local_runtime = (best.backend, best.device) if best is not None else ("", "")

    def _options(self) -> tuple[ChatOptions, Path | None]:
        threads = self._threads
        if self.models.is_server():
            server = self.models.server()
            return ChatOptions(
                url=server.url, api_key=server.api_key, model_name=server.model, n_ctx=N_CTX
            ), None
        model = self.models.current_model()
        context = self.models.gguf.context_length if self.models.gguf else N_CTX
        backend, device = self._local_runtime
        options = ChatOptions(backend, device, threads=threads, n_ctx=min(N_CTX, context))
        return options, model.path if model else None

    def _options_key(self) -> tuple[str, ...]:
        server = self.models.server()
        return (self.models.current_id(), server.url, server.api_key, server.model)

    def _submit_pending(self) -> None:
        if self._slot.session is not None and self._pending is not None:
            self._slot.session.submit(self._pending)
            self._pending = None

    # -- session events ----------------------------------------------------------------------
    def _on_loaded(self, info: LoadedInfo) -> None:
        self.stats.setText(
            self.tr("{model} loaded in {s} s ({device}).").format(
                model=info.model_name, s=format_number(info.load_ms / 1000, 1), device=info.device
            )
        )
        self._submit_pending()

    def _on_progress(self, item: object) -> None:
        if isinstance(item, ChatDelta) and self._generating:
            text = tr_message(item.text) if isinstance(item.text, Text) else item.text
            self._partial += text
            self._partial_tokens = item.tokens
            self.transcript.stream_text(self._partial, text)
            self.stats.setText(self.tr("Generating… {n} tokens").format(n=item.tokens))
        elif isinstance(item, str):
            self.stats.setText(item)

    def _on_answer(self, answer: ChatAnswer) -> None:
        self._generating = False
        if self._conversation is not None:
            text = tr_message(answer.text) if isinstance(answer.text, Text) else answer.text
            self.history.add_message(self._conversation.id, Message("assistant", text, answer.stats()))
            self._check_saved()
        self._refresh_transcript()
        if answer.grounded is False and not answer.tokens:  # "the documents do not say": no model ran
            self.stats.setText(self.tr("Nothing relevant was found in the documents."))
        else:
            self._show_speed(answer)
        self.answer_finished.emit(answer)
        self._update_buttons()

    def _show_speed(self, answer: ChatAnswer) -> None:
        self.stats.setText(
            self.tr("First token in {ttft} ms · {speed} tokens/s · {n} tokens").format(
                ttft=format_number(answer.ttft_ms, 0),
                speed=format_number(answer.tokens_per_s, 0),
                n=answer.tokens,
            )
        )

    def _on_failed(self, error: ErrorInfo) -> None:
        self._generating = False
        if error.kind == CUT_OFF_KIND and self._conversation is not None:  # the question stays
            self.status_message.emit(self.site.cut_off_notice())
            self._ask()  # the local model answers it afresh, replacing the cut answer
            return
        self._pending = None
        self._slot.drop_if_not_loaded()
        title, text = error_title(error), error_text(error)
        self._refresh_transcript(notice=f"{title}: {text}")
        self.stats.setText(title)
        self.status_message.emit(f"{title}: {text}")
        self.answer_finished.emit(None)
        self._update_buttons()

    def _refresh_transcript(self, notice: str = "") -> None:
        messages = self.history.messages(self._conversation.id) if self._conversation else []
        self.transcript.set_messages(messages, notice)

    # -- model choice ------------------------------------------------------------------------
    def apply_deployment(self, change: DeploymentChange) -> None:
        """GUI thread: the deployed chat model (a quantized GGUF) is selected, or after a
        rollback the model it was made from. An answer being written finishes on its model;
        the next question loads the new one (the session's key names the model)."""
        if change.task != TASK_CHAT:
            return
        self._following_deployment = True
        try:
            self.models.reload(select=change.model_id)
        finally:
            self._following_deployment = False
        name = change.active.label if change.active is not None else self.models.combo.currentText()
        self.status_message.emit(self.tr("Chat now uses {0}; it loads with the next question.").format(name))

    def _model_changed(self) -> None:
        stale = self._slot.session is not None and not self._slot.holds(self._options_key())
        # a deploy lets the answer being written finish; the next question loads the new key
        if stale and not (self._generating and self._following_deployment):
            if self._generating:
                self.stop()
            self._slot.close()
        self._update_buttons()

    def _model_checked(self, estimate: MemoryEstimate | None) -> None:
        self._estimate_blocks = estimate is not None and not estimate.fits
        if estimate is not None and not estimate.fits:
            self.status_message.emit(tr_message(estimate.verdict()))
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_model = self.models.is_server() or self.models.current_model() is not None
        can_send = has_model and not self._generating and not self._estimate_blocks
        self.send_button.setEnabled(can_send)
        self.send_button.setToolTip(
            "" if not self._estimate_blocks else self.tr("This model does not fit in memory.")
        )
        self.stop_button.setEnabled(self._generating)
        self.regenerate_button.setEnabled(can_send and self._conversation is not None)
        for button in (self.rename_button, self.delete_button, self.export_button):
            button.setEnabled(self._conversation is not None and not self._generating)

    def show_source(self, source: dict[str, object]) -> PassageDialog:
        """Open the passage an answer used (a click on one of its sources)."""
        dialog = PassageDialog(source, self)
        dialog.setModal(False)
        dialog.show()
        self._source_dialog = dialog
        return dialog

    def shutdown(self) -> None:
        self.docs.shutdown()
        self.push_to_talk.shutdown()
        if self._generating:
            self.stop()
        self._slot.close()
        self.history.close()
