"""DevicePanel: what this device has, which runtimes work on it, and what we recommend."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from edgestudio.backends.registry import BackendRegistry
from edgestudio.core.errors import ErrorInfo
from edgestudio.core.hardware import HardwareProfile, Recommendation, probe_hardware, recommend
from edgestudio.core.types import BackendStatus
from edgestudio.workers.jobs import run_job

OK = QColor(46, 125, 50)
MISSING = QColor(158, 158, 158)


@dataclass(frozen=True)
class DeviceReport:
    profile: HardwareProfile
    statuses: list[BackendStatus]
    recommendations: list[Recommendation]
    broken_plugins: dict[str, str]


def collect_report(registry: BackendRegistry) -> DeviceReport:
    """Probe hardware and runtimes (pool thread: it imports runtimes and may take seconds)."""
    profile = probe_hardware()
    statuses = registry.probe_all()
    return DeviceReport(profile, statuses, recommend(profile, statuses), dict(registry.broken))


def _value(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class DevicePanel(QWidget):
    """GUI thread only. ``report_ready`` carries the DeviceReport to other tabs."""

    report_ready = Signal(object)

    def __init__(self, registry: BackendRegistry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._registry = registry
        self.report: DeviceReport | None = None
        self.state = QLabel("Checking this device…")
        self.refresh_button = QPushButton("Check again")
        self.hardware = QFormLayout()
        hardware_box = QGroupBox("This device")
        hardware_box.setLayout(self.hardware)
        self.runtimes = QTreeWidget()
        self.runtimes.setHeaderLabels(["Runtime / device", "Status"])
        self.runtimes.setRootIsDecorated(True)
        self.runtimes.setWordWrap(True)
        self.runtimes.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.runtimes.header().setStretchLastSection(True)
        runtimes_box = QGroupBox("Runtimes")
        QVBoxLayout(runtimes_box).addWidget(self.runtimes)
        self.recommended = QVBoxLayout()
        recommended_box = QGroupBox("Recommended")
        recommended_box.setLayout(self.recommended)

        top = QHBoxLayout()
        top.addWidget(self.state, 1)
        top.addWidget(self.refresh_button)
        left = QVBoxLayout()
        left.addWidget(hardware_box)
        left.addWidget(recommended_box)
        left.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 2)
        columns.addWidget(runtimes_box, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(columns, 1)
        self.refresh_button.clicked.connect(self.refresh)

    def refresh(self) -> None:
        """Probe again in the background."""
        self.refresh_button.setEnabled(False)
        self.state.setText("Checking this device…")
        run_job(lambda: collect_report(self._registry), self._show, self._failed)

    def _failed(self, error: ErrorInfo) -> None:
        self.refresh_button.setEnabled(True)
        self.state.setText(f"The device check failed: {error.text()}")

    def _show(self, report: DeviceReport) -> None:
        self.report = report
        self.refresh_button.setEnabled(True)
        available = sum(1 for s in report.statuses if s.available)
        self.state.setText(f"{available} of {len(report.statuses)} runtimes available.")
        self._fill_hardware(report.profile)
        self._fill_runtimes(report)
        self._fill_recommendations(report.recommendations)
        self.report_ready.emit(report)

    def _fill_hardware(self, p: HardwareProfile) -> None:
        while self.hardware.rowCount():
            self.hardware.removeRow(0)
        isa = ", ".join(name.upper() for name, present in p.isa.items() if present) or "none of note"
        gpus = "; ".join(f"{g.vendor} {g.name} ({g.memory_mb:,} MB)" for g in p.gpus) or "none found"
        rows = [
            ("CPU", p.cpu_model),
            ("Cores", f"{p.physical_cores} cores, {p.logical_cores} threads"),
            ("Instruction sets", isa),
            ("Memory", f"{p.memory_available_mb / 1024:.1f} GB free of {p.memory_total_mb / 1024:.1f} GB"),
            ("NVIDIA GPU", gpus),
            ("System", f"{p.os}, {p.machine}, Python {p.python}"),
        ]
        if p.jetson:
            rows.insert(5, ("Jetson", p.jetson))
        for name, value in rows:
            self.hardware.addRow(f"{name}:", _value(value))

    def _fill_runtimes(self, report: DeviceReport) -> None:
        self.runtimes.clear()
        for status in report.statuses:
            text = status.version if status.available else f"unavailable: {status.reason}"
            top = QTreeWidgetItem([status.name, text])
            top.setForeground(1, QBrush(OK if status.available else MISSING))
            if status.install_hint and not status.available:
                top.setToolTip(1, status.install_hint)
            for device in status.devices:
                child = QTreeWidgetItem([device.label, "available" if device.available else device.reason])
                child.setForeground(1, QBrush(OK if device.available else MISSING))
                child.setToolTip(1, device.reason or "available")
                top.addChild(child)
            self.runtimes.addTopLevelItem(top)
            top.setExpanded(True)
        for plugin, reason in report.broken_plugins.items():
            item = QTreeWidgetItem([f"plugin {plugin}", f"broken: {reason}"])
            item.setForeground(1, QBrush(MISSING))
            self.runtimes.addTopLevelItem(item)

    def _fill_recommendations(self, recommendations: list[Recommendation]) -> None:
        while self.recommended.count():
            item = self.recommended.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for rec in recommendations:
            choice = f"{rec.backend} / {rec.device}" if rec.backend else "nothing installed"
            label = _value(f"<b>{rec.kind}</b>: {choice}<br>{rec.reason}")
            label.setTextFormat(Qt.TextFormat.RichText)
            self.recommended.addWidget(label)
