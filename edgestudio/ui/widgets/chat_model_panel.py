"""ChatModelPanel: choose a GGUF model (or a chat server), see what it is and whether it fits."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import psutil
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from edgestudio.core.errors import ErrorInfo, ModelAlreadyStored
from edgestudio.core.model_store import ModelStore
from edgestudio.tasks.chat.model_info import GgufInfo, MemoryEstimate, estimate_memory, read_gguf_info
from edgestudio.tasks.chat.models import ChatModel, add_chat_model, chat_models
from edgestudio.ui.i18n import error_text, format_number, tr_message
from edgestudio.ui.tab_protocol import mark_admin_only
from edgestudio.ui.theme import is_dark
from edgestudio.ui.widgets.eliding_combo import ElidingComboBox
from edgestudio.ui.widgets.feedback import show_warning
from edgestudio.workers.jobs import run_job

SERVER = "server"
N_CTX = 4096


@dataclass(frozen=True)
class ServerSettings:
    url: str
    api_key: str
    model: str


class ChatModelPanel(QWidget):
    """GUI thread only. ``changed`` fires when the choice changes; ``checked`` when the
    selected model's metadata and memory estimate are known."""

    changed = Signal()
    checked = Signal(object)  # MemoryEstimate | None
    added = Signal(object)  # ChatModel
    add_failed = Signal(object)  # ErrorInfo
    optimize_requested = Signal(str)  # the selected model's id: open the Optimize wizard on it

    def __init__(self, store: ModelStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.combo = ElidingComboBox()
        self.add_button = QPushButton(self.tr("Add GGUF…"))
        self.info = QLabel("")
        self.info.setWordWrap(True)
        self.info.setTextFormat(Qt.TextFormat.RichText)
        self.memory = QProgressBar()
        self.memory.setTextVisible(True)
        self.verdict = QLabel("")
        self.verdict.setWordWrap(True)
        self.url = QLineEdit()
        self.url.setPlaceholderText("http://192.168.1.20:8080/v1")
        self.api_key = QLineEdit()
        self.api_key.setEchoMode(QLineEdit.EchoMode.Password)
        self.api_key.setPlaceholderText(self.tr("optional"))
        self.server_model = QLineEdit()
        self.server_model.setPlaceholderText(self.tr("the server's first model"))
        self.server_box = QWidget()
        server_form = QFormLayout(self.server_box)
        server_form.setContentsMargins(0, 0, 0, 0)
        server_form.addRow(self.tr("URL"), self.url)
        server_form.addRow(self.tr("API key"), self.api_key)
        server_form.addRow(self.tr("Model"), self.server_model)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo)
        self.optimize_button = QPushButton(self.tr("Optimize…"))
        self.optimize_button.setToolTip(
            self.tr("Build faster quantizations of this model, check their perplexity and deploy one")
        )
        self.optimize_button.clicked.connect(lambda: self.optimize_requested.emit(self.current_id()))
        model_buttons = QHBoxLayout()
        model_buttons.addStretch(1)
        model_buttons.addWidget(self.optimize_button)
        model_buttons.addWidget(self.add_button)
        layout.addLayout(model_buttons)
        layout.addWidget(self.info)
        layout.addWidget(self.memory)
        layout.addWidget(self.verdict)
        layout.addWidget(self.server_box)
        self.estimate: MemoryEstimate | None = None
        self.gguf: GgufInfo | None = None
        self._models: dict[str, ChatModel] = {}
        self.combo.currentIndexChanged.connect(self._on_selected)
        self.add_button.clicked.connect(self._choose_file)
        mark_admin_only(self.add_button, self.optimize_button)
        for edit in (self.url, self.api_key, self.server_model):
            edit.editingFinished.connect(self.changed)
        self.reload()

    def reload(self, select: str = "") -> None:
        current = select or self.current_id()
        self.combo.blockSignals(True)
        self.combo.clear()
        self._models = {m.id: m for m in chat_models(self._store)}
        for model in self._models.values():
            self.combo.addItem(tr_message(model.name), model.id)
            self.combo.setItemData(self.combo.count() - 1, model.provenance, Qt.ItemDataRole.ToolTipRole)
        self.combo.addItem(self.tr("Chat server (OpenAI-compatible)…"), SERVER)
        index = self.combo.findData(current)
        self.combo.setCurrentIndex(max(index, 0))
        self.combo.blockSignals(False)
        self._on_selected()

    def current_id(self) -> str:
        return self.combo.currentData() or ""

    def current_model(self) -> ChatModel | None:
        return self._models.get(self.current_id())

    def server(self) -> ServerSettings:
        return ServerSettings(
            self.url.text().strip(), self.api_key.text().strip(), self.server_model.text().strip()
        )

    def is_server(self) -> bool:
        return self.current_id() == SERVER

    def _on_selected(self) -> None:
        self.server_box.setVisible(self.is_server())
        self.estimate = None
        self.gguf = None
        model = self.current_model()
        if model is None:
            self.info.setText(
                self.tr("Answers come from a chat server: llama.cpp's server, Ollama or vLLM.")
                if self.is_server()
                else self.tr("No chat model installed.")
            )
            self.memory.hide()
            self.verdict.setText("")
            self.checked.emit(None)
        else:
            self.info.setText(self.tr("Reading the model's metadata…"))
            self.memory.hide()
            self.verdict.setText("")
            path = model.path

            def read() -> tuple[GgufInfo, MemoryEstimate]:
                info = read_gguf_info(path)
                available = psutil.virtual_memory().available / (1024 * 1024)
                return info, estimate_memory(info, min(N_CTX, info.context_length), available)

            run_job(read, self._show_info, self._show_info_error)
        self.changed.emit()

    def _show_info(self, result: tuple[GgufInfo, MemoryEstimate]) -> None:
        info, estimate = result
        if self.current_model() is None or self.current_model().path != info.path:  # type: ignore[union-attr]
            return  # the user picked another model meanwhile
        self.gguf, self.estimate = info, estimate
        params = (
            f"{format_number(info.parameters / 1e9, 2)} B"
            if info.parameters >= 1e9
            else f"{format_number(info.parameters / 1e6, 0)} M"
        )
        template = self.tr("from the file")
        if not info.has_chat_template:
            template = self.tr("<b>none</b> (answers may be poor)")
        self.info.setText(
            self.tr(
                "<b>{architecture}</b>, {params} parameters, {quantization}<br>context {context} tokens, "
                "chat template {template}<br>licence {license}"
            ).format(
                architecture=info.architecture,
                params=params,
                quantization=info.quantization,
                context=format_number(info.context_length, 0),
                template=template,
                license=info.license,
            )
        )
        self.memory.setRange(0, max(1, int(estimate.available_mb)))
        self.memory.setValue(min(int(estimate.total_mb), int(estimate.available_mb)))
        self.memory.setFormat(
            self.tr("{used} MB of {free} MB free").format(
                used=format_number(estimate.total_mb, 0), free=format_number(estimate.available_mb, 0)
            )
        )
        self.memory.show()
        # Red, orange, green: darker shades on a light palette, lighter ones on a dark palette.
        dark = is_dark()
        red, orange, green = ("#ef5350", "#ffa726", "#66bb6a") if dark else ("#c62828", "#ef6c00", "#2e7d32")
        color = red if not estimate.fits else (orange if estimate.tight else green)
        self.verdict.setText(f"<span style='color:{color}'>{tr_message(estimate.verdict())}</span>")
        self.checked.emit(estimate)

    def _show_info_error(self, error: ErrorInfo) -> None:
        self.info.setText(f"<span style='color:#e53935'>{error_text(error)}</span>")
        self.checked.emit(None)

    def add_file(self, path: Path) -> None:
        """Check ``path`` (a load check in a child process) and copy it into the store in the
        background; ``added`` when done. A model already stored is selected and ``add_failed``
        says so; a file that is not a GGUF or does not load is refused with the reason."""
        self.add_button.setEnabled(False)
        self.add_button.setText(self.tr("Checking…"))
        store = self._store

        def check_and_add() -> tuple[str, ErrorInfo | None]:  # a pool thread
            try:
                return add_chat_model(store, path).id, None
            except ModelAlreadyStored as exc:
                return exc.model_id, ErrorInfo.from_exception(exc)

        def done(result: tuple[str, ErrorInfo | None]) -> None:
            model_id, already = result
            self._reset_button()
            self.reload(select=model_id)
            model = self._models.get(model_id)
            if already is not None:
                self.add_failed.emit(already)
                show_warning(self, already)
            elif model is not None:
                self.added.emit(model)

        def failed(error: ErrorInfo) -> None:
            self._reset_button()
            self.add_failed.emit(error)
            show_warning(self, error)

        run_job(check_and_add, done, failed)

    def _reset_button(self) -> None:
        self.add_button.setEnabled(True)
        self.add_button.setText(self.tr("Add GGUF…"))

    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Add a chat model"), "", self.tr("GGUF models (*.gguf);;All files (*)")
        )
        if path:
            self.add_file(Path(path))
