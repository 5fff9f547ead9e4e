"""ModelPicker: the stored detection models, plus "Add model…" from disk (checked first)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFileDialog, QGridLayout, QPushButton, QWidget

from edgestudio.backends.registry import BackendRegistry
from edgestudio.core.errors import ErrorInfo
from edgestudio.core.model_store import ModelEntry, ModelStore
from edgestudio.tasks.detection.importer import import_detection_model
from edgestudio.ui.widgets.feedback import show_warning
from edgestudio.workers.jobs import run_job

MODEL_FILTER = "ONNX detection models (*.onnx);;All files (*)"


class ModelPicker(QWidget):
    """GUI thread only. ``changed`` fires when another model is selected."""

    changed = Signal()
    added = Signal(object)  # ModelEntry
    add_failed = Signal(object)  # ErrorInfo

    def __init__(self, store: ModelStore, registry: BackendRegistry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._registry = registry
        self.combo = QComboBox()
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(12)
        self.add_button = QPushButton("Add model…")
        self.add_button.setToolTip("Add a YOLOv5/v8/11 or CenterNet ONNX file from disk")
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo, 0, 0, 1, 2)
        layout.addWidget(self.add_button, 1, 1)
        layout.setColumnStretch(0, 1)
        self.combo.currentIndexChanged.connect(self.changed)
        self.add_button.clicked.connect(self._choose_file)
        self.reload()

    def reload(self, select: str = "") -> None:
        current = select or self.current_id()
        self.combo.blockSignals(True)
        self.combo.clear()
        for entry in self._store.list("detection"):
            self.combo.addItem(entry.name, entry.id)
            self.combo.setItemData(self.combo.count() - 1, self._tooltip(entry), 3)  # ToolTipRole
        index = self.combo.findData(current)
        self.combo.setCurrentIndex(max(index, 0))
        self.combo.blockSignals(False)
        self.changed.emit()

    @staticmethod
    def _tooltip(entry: ModelEntry) -> str:
        origin = "bundled" if entry.builtin else "added"
        return (
            f"{entry.name}\n{entry.format}, {entry.precision}, {entry.size / 1e6:.1f} MB, {origin}\n"
            f"licence: {entry.license}\nsha256: {entry.sha256[:16]}…"
        )

    def current_id(self) -> str:
        return self.combo.currentData() or ""

    def select(self, model_id: str) -> None:
        index = self.combo.findData(model_id)
        if index >= 0:
            self.combo.setCurrentIndex(index)

    def add_file(self, path: Path) -> None:
        """Check and copy ``path`` into the store in the background; ``added`` when done."""
        self.add_button.setEnabled(False)
        self.add_button.setText("Checking…")

        def done(entry: ModelEntry) -> None:
            self._reset_button()
            self.reload(select=entry.id)
            self.added.emit(entry)

        def failed(error: ErrorInfo) -> None:
            self._reset_button()
            self.add_failed.emit(error)

        run_job(lambda: import_detection_model(self._store, self._registry, path), done, failed)

    def _reset_button(self) -> None:
        self.add_button.setEnabled(True)
        self.add_button.setText("Add model…")

    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Add a detection model", "", MODEL_FILTER)
        if path:
            self.add_file(Path(path))

    def show_add_error(self, error: ErrorInfo) -> None:
        show_warning(self, error)
