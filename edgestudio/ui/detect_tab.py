"""DetectTab: live object detection on a camera, video file, stream or image."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import platformdirs
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QTimer, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from edgestudio.context import AppContext
from edgestudio.core.atomic import atomic_write_bytes
from edgestudio.core.deployments import DeploymentChange
from edgestudio.core.errors import EdgeStudioError, ErrorInfo
from edgestudio.core.hardware import DeviceReport
from edgestudio.core.types import TASK_DETECTION, DetectionResult, Frame, LoadedInfo
from edgestudio.core.video import SourceSpec
from edgestudio.tasks.detection.pipeline import DetectionOptions, build_detection_pipeline
from edgestudio.ui.detect_sources import SourceSet
from edgestudio.ui.i18n import error_text, error_title, format_number, tr_message
from edgestudio.ui.object_labels import object_label
from edgestudio.ui.overlays import detection_overlays
from edgestudio.ui.widgets.feedback import labeled_slider, lock_site_settings, sidebar
from edgestudio.ui.widgets.model_picker import ModelPicker
from edgestudio.ui.widgets.runtime_picker import RuntimePicker
from edgestudio.ui.widgets.source_picker import SourcePicker
from edgestudio.ui.widgets.stage_bar import StageBar
from edgestudio.ui.widgets.video_grid import MAX_TILES, VideoGrid
from edgestudio.ui.widgets.video_view import VideoView
from edgestudio.workers.capture import CaptureThread
from edgestudio.workers.mailbox import FrameMailbox
from edgestudio.workers.session import InferenceSession
from edgestudio.workers.session_slot import SessionSlot

log = logging.getLogger(__name__)
SIDEBAR_WIDTH = 360


class DetectTab(QWidget):
    """GUI thread only. Owns at most one InferenceSession and one CaptureThread."""

    status_message = Signal(str)
    result_shown = Signal(object)  # DetectionResult, after it was painted
    optimize_requested = Signal(str, str)  # task, model id: the main window opens the Optimize wizard
    _capture_failed = Signal(object)  # emitted from the capture thread
    _capture_ended = Signal()
    _capture_state = Signal(str, object)  # emitted from the capture thread: state, ErrorInfo | None

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Detect"))
        self.ctx = ctx
        settings = ctx.config.detection
        self.view = VideoView()
        self.source = SourcePicker()
        self.source.set_spec(settings.source_kind, settings.source, settings.loop)
        # 2 to 8 sources at once: the ones after the first, one per line, shown in a grid
        self.more_sources = QPlainTextEdit()
        self.more_sources.setPlaceholderText(
            self.tr(
                "More cameras, video files or stream URLs, one per line (up to 7); each gets its own tile"
            )
        )
        self.more_sources.setPlainText("\n".join(settings.more_sources))
        self.more_sources.setMaximumHeight(90)
        self.grid = VideoGrid()
        self._screens = QStackedWidget()
        self._screens.addWidget(self.view)
        self._screens.addWidget(self.grid)
        self.models = ModelPicker(ctx.models, ctx.registry)
        self.models.select(settings.model_id)
        # A model the optimizer deployed (from the wizard or `edgestudio optimize --deploy`) is
        # used unless the user has chosen another model since; applied once runtimes are known.
        deployed = ctx.active_deployment("detect")
        follows = deployed is not None and settings.model_id in (deployed.source_id, deployed.model_id)
        self._startup_deployment = deployed if follows else None
        self.runtime = RuntimePicker(TASK_DETECTION)
        self.confidence = labeled_slider(0.05, 0.95, settings.confidence)
        self.iou = labeled_slider(0.1, 0.9, settings.iou)
        self.start_button = QPushButton(self.tr("Start"))
        self.start_button.setEnabled(False)
        self.snapshot_button = QPushButton(self.tr("Snapshot"))
        self.snapshot_button.setEnabled(False)
        self.stages = StageBar()
        self.fps_label = QLabel("–")
        self.infer_label = QLabel("–")
        self.latency_label = QLabel("–")
        self.objects_label = QLabel("–")
        self.cameras_label = QLabel("")  # several sources: one line each (state, fps, drops)
        self.cameras_label.setWordWrap(True)
        self.model_label = QLabel(self.tr("No model loaded."))
        self.model_label.setWordWrap(True)
        self._build_layout()
        self._apply_site_locks()

        self._slot = SessionSlot(self._wire_session, "detect")
        self._capture: CaptureThread | None = None
        self._mailbox: FrameMailbox[Frame] | None = None
        self.sources = SourceSet(self.grid, self)
        self._running = False
        self._last_result: DetectionResult | None = None
        self._fps = 0.0
        self._last_arrival = 0.0
        self._latency_ms = 0.0
        self._stats_timer = QTimer(self)
        self._stats_timer.setInterval(250)
        self._stats_timer.timeout.connect(self._refresh_stats)

        self.start_button.clicked.connect(self.toggle)
        self.snapshot_button.clicked.connect(self._snapshot_clicked)
        self.confidence.valueChanged.connect(self._thresholds_changed)
        self.iou.valueChanged.connect(self._thresholds_changed)
        self.models.changed.connect(self._selection_changed)
        self.models.changed.connect(self._update_runtime_format)
        self._update_runtime_format()
        self.runtime.changed.connect(self._selection_changed)
        self.models.added.connect(
            lambda e: self.status_message.emit(self.tr("Added {name}.").format(name=e.name))
        )
        self.models.add_failed.connect(self.models.show_add_error)
        self.models.optimize_requested.connect(
            lambda model_id: self.optimize_requested.emit("detect", model_id)
        )
        self._capture_failed.connect(self._on_capture_failed)
        self._capture_ended.connect(self._on_capture_ended)
        self._capture_state.connect(self._on_capture_state)

    # -- layout ------------------------------------------------------------------------------
    def _build_layout(self) -> None:
        panel = QWidget()
        side = QVBoxLayout(panel)
        buttons = QHBoxLayout()
        self.start_button.setMinimumHeight(36)
        self.snapshot_button.setMinimumHeight(36)
        buttons.addWidget(self.start_button, 2)
        buttons.addWidget(self.snapshot_button, 1)
        side.addLayout(buttons)
        source_box = QWidget()
        source_layout = QVBoxLayout(source_box)
        source_layout.setContentsMargins(0, 0, 0, 0)
        source_layout.addWidget(self.source)
        source_layout.addWidget(self.more_sources)
        groups = (
            (self.tr("Source"), source_box),
            (self.tr("Model"), self.models),
            (self.tr("Runtime"), self.runtime),
        )
        for title, widget in groups:
            group = QGroupBox(title)
            QVBoxLayout(group).addWidget(widget)
            side.addWidget(group)
        thresholds = QGroupBox(self.tr("Thresholds"))
        form = QFormLayout(thresholds)
        form.addRow(self.tr("Confidence"), self.confidence)
        form.addRow(self.tr("Overlap (IoU)"), self.iou)
        side.addWidget(thresholds)
        perf = QGroupBox(self.tr("Performance"))
        perf_form = QFormLayout(perf)
        perf_form.addRow(self.tr("Frame rate"), self.fps_label)
        perf_form.addRow(self.tr("Inference"), self.infer_label)
        perf_form.addRow(self.tr("End-to-end latency"), self.latency_label)
        perf_form.addRow(self.tr("Objects"), self.objects_label)
        perf_form.addRow(self.cameras_label)
        perf_form.addRow(QLabel(self.tr("Time per frame (ms)")))
        perf_form.addRow(self.stages)
        perf_form.addRow(self.model_label)
        side.addWidget(perf)
        side.addStretch(1)
        scroll = sidebar(panel, SIDEBAR_WIDTH)
        layout = QHBoxLayout(self)
        layout.addWidget(self._screens, 1)
        layout.addWidget(scroll)

    # -- runtime statuses arrive from the Device probe ---------------------------------------
    def set_device_report(self, report: DeviceReport) -> None:
        """The runtimes serving detection, ranked for this device (GUI thread)."""
        settings = self.ctx.config.detection
        self.runtime.set_report(report, settings.backend, settings.device)
        self.start_button.setEnabled(self.runtime.has_usable())
        self._apply_site_locks()
        if self._startup_deployment is not None:
            deployed, self._startup_deployment = self._startup_deployment, None
            self.apply_deployment(DeploymentChange(TASK_DETECTION, deployed, deployed.source_id))

    def _apply_site_locks(self) -> None:
        """Settings a kiosk's site file sets cannot be changed here (GUI thread)."""
        lock_site_settings(
            self.ctx.config_store.is_locked,
            "detection",
            {
                "model_id": self.models,
                "backend": self.runtime.backend,
                "device": self.runtime.device,
                "confidence": self.confidence,
                "iou": self.iou,
                "source": self.source,
                "source_kind": self.source,
                "more_sources": self.more_sources,
            },
        )

    def _update_runtime_format(self) -> None:
        """Runtimes that cannot read the selected model's format are disabled, with why."""
        entry = self.ctx.models.find(self.models.current_id())
        self.runtime.set_model_format(entry.format if entry is not None else None)
        self.start_button.setEnabled(self.runtime.has_usable())

    # -- commands ----------------------------------------------------------------------------
    def toggle(self) -> None:
        if self._running:
            self.stop()
        else:
            self.start()

    def start(self) -> None:
        """Load the model if needed, open the source and stream frames through the session."""
        backend, device = self.runtime.selection()
        model_id = self.models.current_id()
        if not backend or not model_id:
            self._show_error(
                self.tr("Nothing to run"), self.tr("Choose a model and an available backend first.")
            )
            return
        self._save_settings()
        streams = len(self.source_specs())
        key = (model_id, backend, device, streams)
        self._running = True
        self.start_button.setText(self.tr("Stop"))
        self._fps = 0.0
        self._last_arrival = 0.0
        self._stats_timer.start()
        if self._slot.is_ready(key):
            self._start_capture()
            return
        entry = self.ctx.models.get(model_id)
        options = DetectionOptions(  # draw=False: the view paints boxes and translated labels
            backend,
            device,
            self.ctx.config.detection.threads,
            self.confidence.value(),
            self.iou.value(),
            draw=False,
            streams=streams,
        )
        registry = self.ctx.registry
        _, created = self._slot.ensure(
            key, lambda report: build_detection_pipeline(registry, entry, options, report)
        )
        if created:
            if streams > 1:
                self.grid.set_count(streams)
            self._screens.setCurrentWidget(self.grid if streams > 1 else self.view)
            for screen in self.grid.tiles if streams > 1 else [self.view]:
                screen.show_message(self.tr("Loading {name}…").format(name=entry.name))

    def stop(self, message: str | None = None) -> None:
        """Stop capture and streaming; the model stays loaded for the next Start. ``message``
        (default: how to go on; "" for none) goes on the view and the status bar."""
        if message is None:
            message = self.tr("Stopped. Press Start to go on.")
        self._running = False
        if self._slot.session is not None:
            self._slot.session.cancel()
        self._stop_capture()
        self.sources.stop()
        self._stats_timer.stop()
        self.view.set_hud("")
        self.start_button.setText(self.tr("Start"))
        if message:
            self.view.show_message(message)
            for tile in self.grid.tiles:
                tile.show_message(message)
            self.status_message.emit(message)

    def apply_deployment(self, change: DeploymentChange) -> None:
        """Use the optimizer's deployed detector with its settings (re-fitted confidence,
        runtime, device), or after a rollback to the default, the model it was made from (GUI
        thread; other tasks' changes are ignored). A running stream stops; the next Start
        loads the model (the session's key names the model)."""
        if change.task != TASK_DETECTION:
            return
        active = change.active
        if self._running:
            self.stop(message="")
        self.models.reload(select=change.model_id)
        settings = active.settings if active is not None else {}
        if "confidence" in settings:
            self.confidence.setValue(float(settings["confidence"]))
        backend, device = str(settings.get("backend", "")), str(settings.get("device", ""))
        if backend and self.runtime.usable(backend):
            self.runtime.backend.setCurrentIndex(self.runtime.backend.findData(backend))
            if device and self.runtime.device.findData(device) >= 0:
                self.runtime.device.setCurrentIndex(self.runtime.device.findData(device))
        name = active.label if active is not None else self.models.combo.currentText()
        self.status_message.emit(self.tr("Now using {0}. Press Start to run it.").format(name))

    def shutdown(self) -> None:
        """Stop everything and close the session (window closing)."""
        self.stop(message="")
        self._slot.close()

    def snapshot(self, folder: Path | None = None) -> Path:
        """Save the frame on screen, boxes and labels included, as PNG; returns its path."""
        image = self.view.rendered_image()
        if image is None:
            raise EdgeStudioError("There is no picture to save yet.")
        folder = folder or Path(platformdirs.user_pictures_dir()) / "EdgeStudio"
        path = folder / time.strftime("snapshot-%Y%m%d-%H%M%S.png")
        png = QByteArray()
        buffer = QBuffer(png)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        if not image.save(buffer, "PNG"):  # type: ignore[call-overload]  # the stubs say bytes; str works
            raise EdgeStudioError("The picture could not be encoded as PNG.")
        atomic_write_bytes(path, bytes(png.data()))
        return path

    def show_idle(self, text: str) -> None:
        """Show ``text`` alone on the single view (the kiosk's idle screen, no error)."""
        self._screens.setCurrentWidget(self.view)
        self.view.clear(text)

    def source_specs(self) -> list[SourceSpec]:
        """The chosen source, then each further one typed below it (at most 8 in all)."""
        extra = [line.strip() for line in self.more_sources.toPlainText().splitlines() if line.strip()]
        loop = self.source.spec().loop
        return [self.source.spec(), *(SourceSpec.guess(text, loop) for text in extra)][:MAX_TILES]

    # -- internals ---------------------------------------------------------------------------
    def _start_capture(self) -> None:
        session = self._slot.session
        if session is None:
            return
        specs = self.source_specs()
        pacing = "realtime" if self.source.realtime.isChecked() else "on_demand"
        if len(specs) > 1:
            self._screens.setCurrentWidget(self.grid)
            self.sources.start(session, specs, pacing)
            self.status_message.emit(self.tr("Running on {count} sources").format(count=len(specs)))
            return
        self._screens.setCurrentWidget(self.view)
        spec = specs[0]
        self._mailbox = FrameMailbox()
        self._capture = CaptureThread(
            spec,
            self._mailbox,
            pacing=pacing,
            on_error=self._capture_failed.emit,
            on_end=self._capture_ended.emit,
            on_state=self._capture_state.emit,
            reconnect_after_first_frame=spec.is_live,  # an unplugged camera or a dropped stream
        )
        self._capture.start()
        session.start_stream(self._mailbox)
        self.view.show_message(self.tr("Opening {source}…").format(source=tr_message(spec.describe())))
        self.status_message.emit(self.tr("Running on {source}").format(source=tr_message(spec.describe())))

    def _stop_capture(self) -> None:
        if self._capture is not None:
            if not self._capture.stop():
                log.error("capture thread did not stop in time")
            self._capture = None
        if self._mailbox is not None:
            self._mailbox.close()
            self._mailbox = None

    def _wire_session(self, session: InferenceSession) -> None:
        session.loaded.connect(self._on_loaded)
        session.result.connect(self._on_result)
        session.failed.connect(self._on_failed)
        session.progress.connect(lambda text: self.view.show_message(str(text)))

    def _on_loaded(self, info: LoadedInfo) -> None:
        text = self.tr("{model} on {backend} / {device}, loaded in {ms} ms").format(
            model=info.model_name, backend=info.backend, device=info.device, ms=format_number(info.load_ms, 0)
        )
        if info.fallback_reason:
            text += f"\n{info.fallback_reason}"
        self.model_label.setText(text)
        if self._running:
            self._start_capture()

    def _on_result(self, result: DetectionResult) -> None:
        if not self._running or result.image is None:
            return
        now = time.perf_counter()
        if self._last_arrival:
            interval = now - self._last_arrival
            self._fps = 1 / interval if not self._fps else 0.9 * self._fps + 0.1 / interval
        self._last_arrival = now
        self._latency_ms = (now - (result.finished_at - result.latency_ms / 1e3)) * 1e3
        self._last_result = result
        if self.sources.active:
            self.sources.show_result(result)
            self.snapshot_button.setEnabled(False)
            self.result_shown.emit(result)
            return
        self.view.show_frame(result.image, detection_overlays(result.detections))
        self.snapshot_button.setEnabled(True)
        self.result_shown.emit(result)

    def _refresh_stats(self) -> None:
        result = self._last_result
        if result is None:
            return
        if self.sources.active:
            self._refresh_source_stats(result)
            return
        self.cameras_label.setText("")
        fps = format_number(self._fps, 1)
        self.fps_label.setText(self.tr("{fps} fps").format(fps=fps) if self._fps else "–")
        self.infer_label.setText(self.tr("{ms} ms").format(ms=format_number(result.times.infer_ms, 1)))
        self.latency_label.setText(self.tr("{ms} ms").format(ms=format_number(self._latency_ms, 0)))
        counts: dict[str, int] = {}
        for label in (object_label(det.label) for det in result.detections):
            counts[label] = counts.get(label, 0) + 1
        objects = ", ".join(f"{label} ×{n}" for label, n in counts.items())
        self.objects_label.setText(objects or self.tr("none"))
        # Boxes are painted by the view, not by the session: "draw" is the view's paint time.
        self.stages.set_stages({**result.times.as_dict(), "draw": self.view.paint_ms})
        self.view.set_hud(
            self.tr("{fps} fps   inference {infer} ms   latency {latency} ms").format(
                fps=fps,
                infer=format_number(result.times.infer_ms, 0),
                latency=format_number(self._latency_ms, 0),
            )
        )

    def _refresh_source_stats(self, result: DetectionResult) -> None:
        """Several sources: the total rate, and per source its state, fps and drops."""
        self.sources.refresh_huds()
        total = self.sources.aggregate_fps()
        self.fps_label.setText(self.tr("{fps} fps in all").format(fps=format_number(total, 1)))
        self.infer_label.setText(self.tr("{ms} ms").format(ms=format_number(result.times.infer_ms, 1)))
        lines = []
        states = {
            "opening": self.tr("opening"),
            "running": self.tr("running"),
            "reconnecting": self.tr("reconnecting"),
        }
        for index, status in enumerate(self.sources.statuses()):
            lines.append(
                self.tr("{n}. {source}: {state}, {fps} fps, {dropped} dropped").format(
                    n=index + 1,
                    source=status.name,
                    state=states.get(status.state, status.state),
                    fps=format_number(status.fps, 1),
                    dropped=status.dropped,
                )
            )
        self.cameras_label.setText("\n".join(lines))
        self.stages.set_stages({**result.times.as_dict(), "draw": self.grid.tile(result.source).paint_ms})

    def _on_failed(self, error: ErrorInfo) -> None:
        self.stop(message="")
        self._slot.drop_if_not_loaded()  # a failed load is not reused
        self._show_error(error_title(error), error_text(error))

    def _on_capture_failed(self, error: ErrorInfo) -> None:
        self.stop(message="")
        self._show_error(error_title(error), error_text(error))

    def _on_capture_state(self, state: str, error: ErrorInfo | None) -> None:
        """A live source that had worked dropped (reconnecting) or came back (running)."""
        if self._capture is None:
            return
        name = tr_message(self._capture.spec.describe())
        if state == "reconnecting":
            reason = error_text(error) if error is not None else ""
            self.view.show_message(self.tr("{source}: reconnecting…").format(source=name) + f"\n\n{reason}")
            self.status_message.emit(self.tr("{source}: reconnecting…").format(source=name))
        elif state == "running" and self._capture.reconnects:
            self.view.show_message("")
            self.status_message.emit(self.tr("{source} is back.").format(source=name))

    def _on_capture_ended(self) -> None:
        self.stop(message=self.tr("The video has ended. Press Start to play it again."))

    def _show_error(self, title: str, text: str) -> None:
        self.view.show_message(f"{title}\n\n{text}", error=True)
        self.status_message.emit(f"{title}: {text}")

    def _thresholds_changed(self) -> None:
        if self._slot.session is not None:
            self._slot.session.configure(confidence=self.confidence.value(), iou=self.iou.value())

    def _selection_changed(self) -> None:
        if self._running:
            self.stop(message=self.tr("Settings changed. Press Start to use them."))

    def _snapshot_clicked(self) -> None:
        try:
            path = self.snapshot()
        except EdgeStudioError as exc:
            QMessageBox.warning(self, tr_message(exc.title), tr_message(exc.message))
            return
        self.status_message.emit(self.tr("Snapshot saved to {path}").format(path=path))

    def _save_settings(self) -> None:
        settings = self.ctx.config.detection
        spec = self.source.spec()
        backend, device = self.runtime.selection()
        settings.source_kind, settings.source, settings.loop = spec.kind, spec.location, spec.loop
        extra = [line.strip() for line in self.more_sources.toPlainText().splitlines() if line.strip()]
        settings.more_sources = extra[: MAX_TILES - 1]
        settings.model_id = self.models.current_id()
        settings.backend, settings.device = backend, device
        settings.confidence, settings.iou = round(self.confidence.value(), 2), round(self.iou.value(), 2)
        if (problem := self.ctx.save_config("the Detect settings")) is not None:
            self.status_message.emit(error_text(problem))
