"""ModelPage: the Optimize wizard's first page, which task and which of its models."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QWizardPage

from edgestudio.optimize.types import OPTIMIZE_TASKS
from edgestudio.ui.optimize_pages.state import WizardState, models_for


class ModelPage(QWizardPage):
    """GUI thread only. Fills ``state.task`` and ``state.model_id``."""

    def __init__(self, state: WizardState) -> None:
        super().__init__()
        self.state = state
        self.setTitle(self.tr("Model"))
        self.setSubTitle(
            self.tr(
                "Choose the model to make faster. The optimizer builds other forms of it, checks "
                "that they still answer like the original and measures them on this device."
            )
        )
        self.task = QComboBox()
        labels = {
            "detect": self.tr("Object detection (Detect tab)"),
            "faces": self.tr("Face detection (Faces tab)"),
            "asr": self.tr("Speech recognition (Voice tab)"),
            "chat": self.tr("Chat (Chat tab)"),
        }
        for task in OPTIMIZE_TASKS:
            self.task.addItem(labels.get(task, task), task)
        self.model = QComboBox()
        self.model.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.note = QLabel("")
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        form = QFormLayout(self)
        form.addRow(self.tr("Task"), self.task)
        form.addRow(self.tr("Model"), self.model)
        form.addRow(self.note)
        self.task.setCurrentIndex(max(0, self.task.findData(state.task)))
        self._fill_models(state.model_id)
        self.task.currentIndexChanged.connect(lambda _index: self._fill_models(""))
        self.model.currentIndexChanged.connect(self._on_model)

    def _fill_models(self, select: str) -> None:
        task = str(self.task.currentData())
        self.model.blockSignals(True)
        self.model.clear()
        choices = models_for(self.state.ctx, task)
        for choice in choices:
            self.model.addItem(choice.name, choice.id)
        wanted = next((i for i, c in enumerate(choices) if select and select in (c.id, c.path)), 0)
        self.model.setCurrentIndex(wanted)
        self.model.blockSignals(False)
        if self.model.count() == 0:
            self.note.setText(
                self.tr(
                    "No model for this task is installed. "
                    "Add one in its tab first, or run scripts/install.sh."
                )
            )
        else:
            self.note.setText("")
        self._on_model()

    def _on_model(self, *_args: object) -> None:
        self.state.task = str(self.task.currentData())
        self.state.model_id = str(self.model.currentData() or "")
        self.state.candidates = []
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return bool(self.model.currentData())
