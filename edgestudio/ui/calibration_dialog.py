"""CalibrationDialog: pick the recognition threshold from the gallery's own statistics."""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from edgestudio.tasks.faces.recognize import calibrate
from edgestudio.ui.i18n import QT_TRANSLATE_NOOP, format_number
from edgestudio.ui.widgets.score_histogram import ScoreHistogram

FAR_CHOICES = [
    (QT_TRANSLATE_NOOP("CalibrationDialog", "1 in 10,000"), 1e-4),
    (QT_TRANSLATE_NOOP("CalibrationDialog", "1 in 1,000"), 1e-3),
    (QT_TRANSLATE_NOOP("CalibrationDialog", "1 in 100"), 1e-2),
]


class CalibrationDialog(QDialog):
    """GUI thread only. ``threshold`` is the chosen value after ``accept``."""

    def __init__(self, matrix: np.ndarray, owners: np.ndarray, current: float, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Calibrate the recognition threshold"))
        self._matrix, self._owners = matrix, owners
        self.plot = ScoreHistogram()
        self.far = QComboBox()
        for label, value in FAR_CHOICES:
            self.far.addItem(self.tr(label), value)
        self.far.setCurrentIndex(1)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Use this threshold"))
        form = QFormLayout()
        form.addRow(self.tr("Accept a stranger at most"), self.far)
        layout = QVBoxLayout(self)
        layout.addWidget(self.plot, 1)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.far.currentIndexChanged.connect(self._update)
        self.threshold = current
        self._update()

    def _update(self) -> None:
        threshold, genuine, impostor = calibrate(self._matrix, self._owners, float(self.far.currentData()))
        self.threshold = threshold
        self.plot.set_data(genuine, impostor, threshold)
        if not impostor.size:
            self.summary.setText(
                self.tr(
                    "Enroll at least two people to calibrate; the default threshold ({value}) is used."
                ).format(value=format_number(0.5, 2))
            )
            return
        frr = float(np.mean(genuine > threshold)) if genuine.size else 0.0
        far = float(np.mean(impostor <= threshold))
        self.summary.setText(
            self.tr(
                "Threshold {threshold}: {far} % of stranger pairs would be accepted; {frr} % of same-person "
                "pairs would be rejected (from {genuine} and {impostor} pairs)."
            ).format(
                threshold=format_number(threshold, 2),
                far=format_number(100 * far, 2),
                frr=format_number(100 * frr, 1),
                genuine=len(genuine),
                impostor=len(impostor),
            )
        )
