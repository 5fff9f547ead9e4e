"""DevicePanel: what this device has, which runtimes work on it, and what we recommend; with a
site server set (Settings > Site server), its version, models and devices (issue 17)."""

from __future__ import annotations

from collections.abc import Callable

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
from edgestudio.core.hardware import DeviceReport, HardwareProfile, Recommendation
from edgestudio.core.site_status import SiteServerInfo
from edgestudio.core.types import task_label
from edgestudio.ui.i18n import error_text, format_size, tr_message
from edgestudio.ui.theme import is_dark
from edgestudio.workers.jobs import run_job

OK = QColor(46, 125, 50)  # on a light palette
OK_DARK = QColor(102, 187, 106)  # on a dark palette
MISSING = QColor(158, 158, 158)


def _value(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class DevicePanel(QWidget):
    """GUI thread only. ``report_ready`` carries the DeviceReport to other tabs; ``site_checked``
    the site server's answer (a SiteServerInfo, None when none is set, or an ErrorInfo).
    ``site_check`` asks the site server (a pool thread runs it)."""

    report_ready = Signal(object)
    site_checked = Signal(object)

    def __init__(
        self,
        registry: BackendRegistry,
        parent: QWidget | None = None,
        site_check: Callable[[], SiteServerInfo | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._registry = registry
        self._site_check = site_check
        self.site_info: SiteServerInfo | None = None
        self.site = _value("")
        self.site_box = QGroupBox(self.tr("Site server"))
        QVBoxLayout(self.site_box).addWidget(self.site)
        self.site_box.setVisible(site_check is not None)
        self.report: DeviceReport | None = None
        self.state = QLabel(self.tr("Checking this device…"))
        self.refresh_button = QPushButton(self.tr("Check again"))
        self.hardware = QFormLayout()
        hardware_box = QGroupBox(self.tr("This device"))
        hardware_box.setLayout(self.hardware)
        self.runtimes = QTreeWidget()
        self.runtimes.setHeaderLabels([self.tr("Runtime / device"), self.tr("Status")])
        self.runtimes.setRootIsDecorated(True)
        self.runtimes.setWordWrap(True)
        self.runtimes.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.runtimes.header().setStretchLastSection(True)
        runtimes_box = QGroupBox(self.tr("Runtimes"))
        QVBoxLayout(runtimes_box).addWidget(self.runtimes)
        self.recommended = QVBoxLayout()
        recommended_box = QGroupBox(self.tr("Recommended"))
        recommended_box.setLayout(self.recommended)

        top = QHBoxLayout()
        top.addWidget(self.state, 1)
        top.addWidget(self.refresh_button)
        left = QVBoxLayout()
        left.addWidget(hardware_box)
        left.addWidget(recommended_box)
        left.addWidget(self.site_box)
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
        self.state.setText(self.tr("Checking this device…"))
        run_job(self._registry.report, self._show, self._failed)  # pool thread: imports runtimes
        if self._site_check is not None:
            self.site.setText(self.tr("Asking the site server…"))
            run_job(self._site_check, self._show_site, self._site_failed)  # pool thread: network

    def _show_site(self, info: SiteServerInfo | None) -> None:
        self.site_info = info
        self.site.setStyleSheet("")
        if info is None:
            self.site.setText(self.tr("None set. Settings > Site server connects this device to one."))
            self.site_checked.emit(None)
            return
        lines = [
            self.tr("{0} at {1}, round trip {2} ms").format(info.version, info.url, f"{info.rtt_ms:.1f}"),
            self.tr("Devices: {0}").format(", ".join(info.devices) or self.tr("not said")),
            self.tr("Models:") if info.models else self.tr("Models: none yet"),
        ]
        for model in info.models:
            task = tr_message(task_label(model.task)) if model.task else self.tr("unknown task")
            where = " / ".join(part for part in (model.runtime, model.device) if part)
            state = self.tr("ready") if model.ready else self.tr("not ready")
            line = self.tr("• {0}: {1}, {2}").format(model.name, task, state)
            lines.append(f"{line} ({where})" if where else line)
        self.site.setText("\n".join(lines))
        self.site_checked.emit(info)

    def _site_failed(self, error: ErrorInfo) -> None:
        self.site_info = None
        self.site.setStyleSheet("color: #e53935;")
        self.site.setText(self.tr("Not reachable: {0}").format(error_text(error)))
        self.site_checked.emit(error)

    def _failed(self, error: ErrorInfo) -> None:
        self.refresh_button.setEnabled(True)
        self.state.setText(self.tr("The device check failed: {detail}").format(detail=error_text(error)))

    def _show(self, report: DeviceReport) -> None:
        self.report = report
        self.refresh_button.setEnabled(True)
        available = sum(1 for s in report.statuses if s.available)
        self.state.setText(
            self.tr("{n} of {total} runtimes available.").format(n=available, total=len(report.statuses))
        )
        self._fill_hardware(report.profile)
        self._fill_runtimes(report)
        self._fill_recommendations(report.recommendations)
        self.report_ready.emit(report)

    def _fill_hardware(self, p: HardwareProfile) -> None:
        while self.hardware.rowCount():
            self.hardware.removeRow(0)
        isa = ", ".join(name.upper() for name, present in p.isa.items() if present) or self.tr("none of note")
        gpus = "; ".join(
            f"{g.vendor} {g.name} ({format_size(g.memory_mb * 1024 * 1024)})" for g in p.gpus
        ) or self.tr("none found")
        memory = self.tr("{free} free of {total}").format(
            free=format_size(p.memory_available_mb * 1024 * 1024),
            total=format_size(p.memory_total_mb * 1024 * 1024),
        )
        rows = [
            (self.tr("CPU"), p.cpu_model),
            (self.tr("Cores"), self.tr("{cores} cores, {threads} threads").format(
                cores=p.physical_cores, threads=p.logical_cores)),
            (self.tr("Instruction sets"), isa),
            (self.tr("Memory"), memory),
            (self.tr("NVIDIA GPU"), gpus),
            (self.tr("System"), f"{p.os}, {p.machine}, Python {p.python}"),
        ]  # fmt: skip
        if p.jetson:
            rows.insert(5, ("Jetson", p.jetson))
        for name, value in rows:
            self.hardware.addRow(self.tr("{name}:").format(name=name), _value(value))

    def _fill_runtimes(self, report: DeviceReport) -> None:
        self.runtimes.clear()
        ok = OK_DARK if is_dark() else OK
        for status in report.statuses:
            text = (
                status.version
                if status.available
                else self.tr("unavailable: {reason}").format(reason=tr_message(status.reason))
            )
            top = QTreeWidgetItem([tr_message(status.name), text])
            top.setForeground(1, QBrush(ok if status.available else MISSING))
            if status.install_hint and not status.available:
                top.setToolTip(1, tr_message(status.install_hint))
            serves = ", ".join(tr_message(task_label(t)) for t in status.tasks) or self.tr("nothing")
            reads = ", ".join(status.formats) or self.tr("no model file (a server)")
            top.setToolTip(0, self.tr("Serves: {0}\nLoads: {1}").format(serves, reads))
            for device in status.devices:
                available = self.tr("available")
                reason = tr_message(device.reason)
                child = QTreeWidgetItem([tr_message(device.label), available if device.available else reason])
                child.setForeground(1, QBrush(ok if device.available else MISSING))
                child.setToolTip(1, reason or available)
                top.addChild(child)
            self.runtimes.addTopLevelItem(top)
            top.setExpanded(True)
        for plugin, reason in report.broken_plugins.items():
            item = QTreeWidgetItem(
                [
                    self.tr("plugin {name}").format(name=plugin),
                    self.tr("broken: {reason}").format(reason=reason),
                ]
            )
            item.setForeground(1, QBrush(MISSING))
            self.runtimes.addTopLevelItem(item)

    def _fill_recommendations(self, recommendations: list[Recommendation]) -> None:
        while self.recommended.count():
            item = self.recommended.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for rec in recommendations:
            choice = f"{rec.backend} / {rec.device}" if rec.backend else self.tr("nothing installed")
            label = _value(f"<b>{tr_message(rec.kind)}</b>: {choice}<br>{tr_message(rec.reason)}")
            label.setTextFormat(Qt.TextFormat.RichText)
            self.recommended.addWidget(label)
