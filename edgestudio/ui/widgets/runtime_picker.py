"""RuntimePicker: backend and device combos; unavailable options stay visible, disabled,
with the reason shown underneath, so nobody wonders where the GPU went."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QWidget

from edgestudio.core.hardware import Recommendation
from edgestudio.core.types import BackendStatus


def _set_enabled(combo: QComboBox, index: int, enabled: bool, tooltip: str) -> None:
    model = combo.model()
    if isinstance(model, QStandardItemModel):
        item = model.item(index)
        item.setEnabled(enabled)
        item.setToolTip(tooltip)


class RuntimePicker(QWidget):
    """GUI thread only. ``changed`` fires when backend or device changes."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = QComboBox()
        self.device = QComboBox()
        self.reason = QLabel("Checking which runtimes this device has…")
        self.reason.setWordWrap(True)
        self.reason.setTextFormat(Qt.TextFormat.PlainText)
        self.reason.setStyleSheet("color: palette(mid);")
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addRow("Backend", self.backend)
        layout.addRow("Device", self.device)
        layout.addRow(self.reason)
        self._statuses: dict[str, BackendStatus] = {}
        self._recommendation: Recommendation | None = None
        self.backend.currentIndexChanged.connect(self._on_backend)
        self.device.currentIndexChanged.connect(self._on_device)
        self.setEnabled(False)

    def set_statuses(
        self,
        statuses: list[BackendStatus],
        recommendation: Recommendation | None,
        backend: str = "",
        device: str = "",
    ) -> None:
        """Fill the combos; select ``backend``/``device`` if usable, else the recommendation."""
        self._statuses = {s.id: s for s in statuses}
        self._recommendation = recommendation
        self.backend.blockSignals(True)
        self.backend.clear()
        for index, status in enumerate(statuses):
            label = status.name if status.available else f"{status.name} (unavailable)"
            self.backend.addItem(label, status.id)
            _set_enabled(self.backend, index, status.available, status.reason)
        self.backend.blockSignals(False)
        wanted = backend if self._usable(backend) else (recommendation.backend if recommendation else "")
        index = self.backend.findData(wanted)
        if index < 0:
            index = next((i for i, s in enumerate(statuses) if s.available), 0)
        self.backend.setCurrentIndex(index)
        self._on_backend(select_device=device or (recommendation.device if recommendation else ""))
        self.setEnabled(True)

    def _usable(self, backend_id: str) -> bool:
        status = self._statuses.get(backend_id)
        return bool(status and status.available)

    def selection(self) -> tuple[str, str]:
        return self.backend.currentData() or "", self.device.currentData() or ""

    def _on_backend(self, *_args: object, select_device: str = "") -> None:
        status = self._statuses.get(self.backend.currentData() or "")
        self.device.blockSignals(True)
        self.device.clear()
        if status is not None:
            for index, option in enumerate(status.devices):
                label = option.label if option.available else f"{option.label} (unavailable)"
                self.device.addItem(label, option.id)
                _set_enabled(self.device, index, option.available, option.reason)
            wanted = self.device.findData(select_device)
            if wanted < 0 or not status.devices[wanted].available:
                wanted = next((i for i, d in enumerate(status.devices) if d.available), 0)
            self.device.setCurrentIndex(wanted)
        self.device.blockSignals(False)
        self._on_device()

    def _on_device(self, *_args: object) -> None:
        self.reason.setText(self._explain())
        self.changed.emit()

    def _explain(self) -> str:
        status = self._statuses.get(self.backend.currentData() or "")
        if status is None:
            return ""
        if not status.available:
            return f"{status.name} is unavailable: {status.reason}. {status.install_hint}".strip()
        lines = []
        rec = self._recommendation
        if rec and rec.backend == status.id and rec.device == self.device.currentData():
            lines.append(f"Recommended: {rec.reason}")
        missing = [d.label for d in status.devices if not d.available]
        if missing:
            lines.append(f"Not available here: {', '.join(missing)} (the Device tab says why).")
        return "\n".join(lines)
