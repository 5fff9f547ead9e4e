"""RuntimePicker: runtime and device combos for one task, filled from the Device check.

It lists every runtime that serves the task (the registry's answer, no names written here);
runtimes that are missing, or cannot read the chosen model's format, stay visible, disabled,
with the reason shown, so nobody wonders where the GPU went. By default it selects the
best-ranked runtime that reads the model, on the device that runtime ranked best.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QWidget

from edgestudio.core.config import RuntimeChoice
from edgestudio.core.hardware import DeviceReport
from edgestudio.core.types import BackendStatus, Rank, reads_format
from edgestudio.ui.i18n import tr_message


def _set_enabled(combo: QComboBox, index: int, enabled: bool, tooltip: str) -> None:
    model = combo.model()
    if isinstance(model, QStandardItemModel):
        item = model.item(index)
        item.setEnabled(enabled)
        item.setToolTip(tooltip)


class RuntimePicker(QWidget):
    """GUI thread only. ``changed`` fires when runtime or device changes."""

    changed = Signal()

    def __init__(self, task: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.task = task
        self.backend = QComboBox()
        self.device = QComboBox()
        self.reason = QLabel(self.tr("Checking which runtimes this device has…"))
        self.reason.setWordWrap(True)
        self.reason.setTextFormat(Qt.TextFormat.PlainText)
        self.reason.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # muted, readable in both themes
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addRow(self.tr("Backend"), self.backend)
        layout.addRow(self.tr("Device"), self.device)
        layout.addRow(self.reason)
        self._statuses: list[BackendStatus] = []
        self._ranks: dict[str, Rank] = {}
        self._format: str | None = None
        self._memory: tuple[RuntimeChoice, Callable[[], None]] | None = None
        self._restored = False
        self.backend.currentIndexChanged.connect(self._on_backend)
        self.device.currentIndexChanged.connect(self._on_device)
        self.changed.connect(self._remember)
        self.setEnabled(False)

    def remember(self, choice: RuntimeChoice, save: Callable[[], None]) -> None:
        """Keep the choice in ``choice`` (a config section) across starts: the first Device
        check selects it when it works here; each later change by the user is written into
        ``choice`` and ``save`` is called (it reports its own failure)."""
        self._memory, self._restored = (choice, save), False

    # -- inputs ------------------------------------------------------------------------------
    def set_report(self, report: DeviceReport, backend: str = "", device: str = "") -> None:
        """Fill the combos from the Device check; select ``backend``/``device`` if usable,
        else the best-ranked runtime for the model's format."""
        self._statuses = report.statuses_for(self.task)
        self._ranks = {r.backend: r for r in report.ranks_for(self.task)}
        if self._memory is not None and not self._restored:
            backend, device = self._memory[0].backend, self._memory[0].device
        self._fill(backend, device)
        self._restored = True
        self.setEnabled(True)

    def set_model_format(self, fmt: str | None) -> None:
        """The format id of the model that will run (None: unknown); runtimes that cannot read
        it are disabled. Keeps the current choice when it still works."""
        if fmt == self._format:
            return
        self._format = fmt
        if self._statuses:
            self._fill(*self.selection())

    # -- queries -----------------------------------------------------------------------------
    def selection(self) -> tuple[str, str]:
        return self.backend.currentData() or "", self.device.currentData() or ""

    def usable(self, backend_id: str) -> bool:
        """True when ``backend_id`` is installed and reads the current model's format."""
        status = self._status(backend_id)
        return bool(status and status.available and reads_format(status.formats, self._format))

    def has_usable(self) -> bool:
        return any(self.usable(s.id) for s in self._statuses)

    # -- internals ---------------------------------------------------------------------------
    def _status(self, backend_id: str) -> BackendStatus | None:
        return next((s for s in self._statuses if s.id == backend_id), None)

    def _why_not(self, status: BackendStatus) -> str:
        if not status.available:
            return tr_message(status.reason)
        if not reads_format(status.formats, self._format):
            reads = ", ".join(status.formats) or self.tr("no model files")
            return self.tr("cannot read {0} models (it loads {1})").format(self._format, reads)
        return ""

    def _remember(self) -> None:
        if self._memory is None or not self._restored:
            return  # the saved choice is not replaced by what the first fill fell back to
        choice, save = self._memory
        backend, device = self.selection()
        if (choice.backend, choice.device) != (backend, device):
            choice.backend, choice.device = backend, device
            save()

    def _best(self) -> str:
        usable = [s.id for s in self._statuses if self.usable(s.id)]
        scored = [(self._ranks[b].score, -i, b) for i, b in enumerate(usable) if b in self._ranks]
        return max(scored)[2] if scored else (usable[0] if usable else "")

    def _fill(self, backend: str, device: str) -> None:
        self.backend.blockSignals(True)
        self.backend.clear()
        for index, status in enumerate(self._statuses):
            why = self._why_not(status)
            name = tr_message(status.name)
            label = name if not why else self.tr("{0} (unavailable)").format(name)
            self.backend.addItem(label, status.id)
            _set_enabled(self.backend, index, not why, why)
        wanted = backend if self.usable(backend) else self._best()
        index = self.backend.findData(wanted)
        self.backend.setCurrentIndex(max(index, 0))
        self.backend.blockSignals(False)
        self._on_backend(select_device=device if wanted == backend else "")

    def _on_backend(self, *_args: object, select_device: str = "") -> None:
        status = self._status(self.backend.currentData() or "")
        self.device.blockSignals(True)
        self.device.clear()
        if status is not None:
            for index, option in enumerate(status.devices):
                name = tr_message(option.label)
                label = name if option.available else self.tr("{0} (unavailable)").format(name)
                self.device.addItem(label, option.id)
                _set_enabled(self.device, index, option.available, tr_message(option.reason))
            rank = self._ranks.get(status.id)
            preferred = select_device or (rank.device if rank is not None and rank.ranked else "")
            wanted = self.device.findData(preferred)
            if wanted < 0 or not status.devices[wanted].available:
                wanted = next((i for i, d in enumerate(status.devices) if d.available), 0)
            self.device.setCurrentIndex(wanted)
        self.device.blockSignals(False)
        self._on_device()

    def _on_device(self, *_args: object) -> None:
        self.reason.setText(self._explain())
        self.changed.emit()

    def _explain(self) -> str:
        status = self._status(self.backend.currentData() or "")
        if status is None:
            return self.tr("No installed runtime serves this task.") if not self._statuses else ""
        why = self._why_not(status)
        if why:
            return f"{tr_message(status.name)}: {why}. {status.install_hint}".strip()
        lines = []
        rank = self._ranks.get(status.id)
        if rank is not None and rank.ranked and rank.device == self.device.currentData():
            if status.id == self._best():
                lines.append(self.tr("Recommended: {0}").format(tr_message(rank.reason)))
            else:
                lines.append(tr_message(rank.reason))
        missing = [tr_message(d.label) for d in status.devices if not d.available]
        if missing:
            lines.append(
                self.tr("Not available here: {0} (the Device tab says why).").format(", ".join(missing))
            )
        return "\n".join(lines)
