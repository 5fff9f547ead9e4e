"""ModelPicker: the stored detection models, plus "Add model…" from disk (checked first).

An Ultralytics training checkpoint (best.pt) is recognised by content and handed to
``CheckpointImportDialog``, which asks the user to trust it before anything loads it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFileDialog, QGridLayout, QPushButton, QWidget

from edgestudio.backends.registry import BackendRegistry
from edgestudio.core.artifact import FORMAT_PATTERNS, format_label
from edgestudio.core.errors import ErrorInfo, ModelAlreadyStored
from edgestudio.core.model_store import ModelEntry, ModelStore
from edgestudio.tasks.detection.importer import detection_formats, import_detection_model
from edgestudio.tasks.detection.ultralytics_checkpoint import (
    already_exported,
    checkpoint_sha256,
    inspect_checkpoint,
    is_torch_checkpoint,
    require_pytorch_tools,
)
from edgestudio.ui.i18n import format_size
from edgestudio.ui.tab_protocol import mark_admin_only
from edgestudio.ui.widgets.checkpoint_import import CheckpointImportDialog
from edgestudio.ui.widgets.eliding_combo import ElidingComboBox
from edgestudio.ui.widgets.feedback import show_warning
from edgestudio.workers.jobs import run_job


def model_file_filter(
    formats: list[str], all_files: str, extra: tuple[tuple[str, tuple[str, ...]], ...] = ()
) -> str:
    """A file-dialog filter of the formats given: one entry for all of them, one per format,
    then ``all_files`` (a model is recognised from its content whatever its name). ``extra``
    adds files that are not a runtime's format (label, patterns), such as checkpoints."""
    patterns = {format_label(f): FORMAT_PATTERNS.get(f, ()) for f in formats}
    patterns.update(dict(extra))
    known = [label for label, globs in patterns.items() if globs]
    every = " ".join(p for label in known for p in patterns[label])
    entries = [f"{' / '.join(known)} ({every})"] if known else []
    entries += [f"{label} ({' '.join(patterns[label])})" for label in known]
    return ";;".join([*entries, f"{all_files} (*)"])


class ModelPicker(QWidget):
    """GUI thread only. ``changed`` fires when another model is selected."""

    changed = Signal()
    added = Signal(object)  # ModelEntry
    add_failed = Signal(object)  # ErrorInfo
    optimize_requested = Signal(str)  # the selected model's id: open the Optimize wizard on it

    def __init__(self, store: ModelStore, registry: BackendRegistry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._registry = registry
        self.combo = ElidingComboBox()
        self.add_button = QPushButton(self.tr("Add model…"))
        self.add_button.setToolTip(
            self.tr(
                "Add a detection model from disk: a YOLOv5/v8/11 or CenterNet export as ONNX, "
                "OpenVINO IR (.xml with its .bin) or another format an installed runtime reads, "
                "or an Ultralytics training checkpoint (best.pt), exported to ONNX once you trust it"
            )
        )
        self.optimize_button = QPushButton(self.tr("Optimize…"))
        self.optimize_button.setToolTip(
            self.tr("Build faster versions of this model, check their accuracy and deploy one")
        )
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo, 0, 0, 1, 3)
        layout.addWidget(self.optimize_button, 1, 1)
        layout.addWidget(self.add_button, 1, 2)
        layout.setColumnStretch(0, 1)
        self.combo.currentIndexChanged.connect(self.changed)
        self.add_button.clicked.connect(self._choose_file)
        self.optimize_button.clicked.connect(lambda: self.optimize_requested.emit(self.current_id()))
        self.checkpoint_dialog: CheckpointImportDialog | None = None
        mark_admin_only(self.add_button, self.optimize_button)
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

    def _tooltip(self, entry: ModelEntry) -> str:
        """What the model is, in the GUI's language (its name and licence as stored)."""
        details = [format_label(entry.format), entry.precision]
        if len(entry.all_files) > 1:
            details.append(self.tr("{count} files").format(count=len(entry.all_files)))
        details.append(format_size(entry.size))
        details.append(self.tr("bundled") if entry.builtin else self.tr("added"))
        return self.tr("{name}\n{details}\nLicence: {licence}\nSHA-256: {digest}…").format(
            name=entry.name,
            details=", ".join(d for d in details if d),
            licence=entry.license or self.tr("not stated"),
            digest=entry.sha256[:16],
        )

    def current_id(self) -> str:
        return self.combo.currentData() or ""

    def select(self, model_id: str) -> None:
        index = self.combo.findData(model_id)
        if index >= 0:
            self.combo.setCurrentIndex(index)

    def add_file(self, path: Path) -> None:
        """Check and copy ``path`` into the store in the background; ``added`` when done.

        A model already stored is selected, and ``add_failed`` says so (nothing is copied).
        An Ultralytics checkpoint is checked without loading it, then ``checkpoint_dialog``
        asks the user to trust it and exports it."""
        self.add_button.setEnabled(False)
        self.add_button.setText(self.tr("Checking…"))
        store, registry = self._store, self._registry

        def check_and_add() -> tuple[ModelEntry | None, ErrorInfo | None, str]:  # a pool thread
            try:
                if is_torch_checkpoint(path):
                    inspect_checkpoint(path)
                    sha256 = checkpoint_sha256(path)
                    already_exported(store, path, sha256)
                    require_pytorch_tools(path)
                    return None, None, sha256  # the user decides whether to trust it
                return import_detection_model(store, registry, path), None, ""
            except ModelAlreadyStored as exc:
                return store.get(exc.model_id), ErrorInfo.from_exception(exc), ""

        def done(result: tuple[ModelEntry | None, ErrorInfo | None, str]) -> None:
            entry, already, checkpoint = result
            self._reset_button()
            if entry is None:
                self._ask_trust(path, checkpoint)
                return
            self.reload(select=entry.id)
            if already is None:
                self.added.emit(entry)
            else:
                self.add_failed.emit(already)

        def failed(error: ErrorInfo) -> None:
            self._reset_button()
            self.add_failed.emit(error)

        run_job(check_and_add, done, failed)

    def _ask_trust(self, path: Path, sha256: str) -> None:
        """Open the trust-and-export dialog for an Ultralytics checkpoint (window-modal)."""
        dialog = CheckpointImportDialog(self._store, self._registry, path, sha256, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.imported.connect(self._on_checkpoint_imported)
        dialog.already.connect(lambda model_id: self.reload(select=model_id))
        dialog.failed.connect(self.add_failed)
        dialog.destroyed.connect(lambda *_: setattr(self, "checkpoint_dialog", None))
        self.checkpoint_dialog = dialog
        dialog.open()

    def _on_checkpoint_imported(self, entry: ModelEntry) -> None:
        self.reload(select=entry.id)
        self.added.emit(entry)

    def _reset_button(self) -> None:
        self.add_button.setEnabled(True)
        self.add_button.setText(self.tr("Add model…"))

    def _choose_file(self) -> None:
        formats = detection_formats(self._registry)
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Add a detection model"),
            "",
            model_file_filter(
                formats, self.tr("All files"), ((self.tr("Ultralytics checkpoint"), ("*.pt",)),)
            ),
        )
        if path:
            self.add_file(Path(path))

    def show_add_error(self, error: ErrorInfo) -> None:
        show_warning(self, error)
