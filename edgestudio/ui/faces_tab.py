"""FacesTab: enroll people (camera, guided; or photos), recognise them live, manage the
protected gallery. The gallery belongs to the GUI thread; the models run in one session; the
enrollment workflow (which captures, which photo, refusals, name check, saving) lives in
``tasks.faces.enrollment``. A damaged gallery file shows DamagedGalleryPage instead of the
PIN gate, which also offers to import a gallery exported on another device while no PIN is
set (the export for a new device is in the people panel). Enrolling is the enroll panel's
(``faces_enroll_panel``).

Deployments: the face session's key names the optimizer's deployed face detector (and face
recognizer), so after a deploy or a rollback (``apply_deployment``) the next recognition loads
the deployed model; a running recognition reloads at once, an enrollment first finishes."""

from __future__ import annotations

import logging
import time
from collections.abc import Hashable
from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from edgestudio.context import AppContext
from edgestudio.core.deployments import Deployment, DeploymentChange
from edgestudio.core.errors import EdgeStudioError, ErrorInfo
from edgestudio.core.hardware import DeviceReport
from edgestudio.core.types import TASK_FACE_DETECTION, TASK_FACE_EMBEDDING, Frame, LoadedInfo
from edgestudio.tasks.faces.embedder import DEFAULT_FACE_EMBEDDER, FACE_EMBEDDERS, embedder_spec
from edgestudio.tasks.faces.enrollment import EnrollmentSource, EnrollmentWorkflow
from edgestudio.tasks.faces.gallery import UNKNOWN, Gallery, start_new_gallery
from edgestudio.tasks.faces.gallery_export import import_gallery
from edgestudio.tasks.faces.recognize import (
    EnrollResult,
    FacesResult,
    GallerySnapshot,
    build_face_recognizer,
)
from edgestudio.ui.audit_dialog import AuditDialog
from edgestudio.ui.calibration_dialog import CalibrationDialog
from edgestudio.ui.faces_enroll_panel import FacesEnrollPanel
from edgestudio.ui.faces_models_box import FacesModelsBox
from edgestudio.ui.faces_people_panel import FacesPeoplePanel
from edgestudio.ui.gallery_import_dialog import GalleryImportDialog
from edgestudio.ui.i18n import error_text, error_title, exception_text, format_number, tr_message
from edgestudio.ui.overlays import ACCEPTED_COLOUR, REFUSED_COLOUR, face_overlays
from edgestudio.ui.tab_protocol import admin_controls_shown
from edgestudio.ui.widgets.damaged_gallery_page import DamagedGalleryPage
from edgestudio.ui.widgets.feedback import labeled_slider, sidebar
from edgestudio.ui.widgets.pin_gate import PinGate
from edgestudio.ui.widgets.site_state_note import SiteStateNote
from edgestudio.ui.widgets.source_picker import SourcePicker
from edgestudio.ui.widgets.video_view import Overlay, VideoView
from edgestudio.workers.capture import CaptureThread
from edgestudio.workers.mailbox import FrameMailbox
from edgestudio.workers.session import InferenceSession
from edgestudio.workers.session_slot import SessionSlot

log = logging.getLogger(__name__)
RECOGNITION_LOG_SECONDS = 60.0
GATE_PAGE, MAIN_PAGE, DAMAGED_PAGE = 0, 1, 2
FACE_TASKS = (TASK_FACE_DETECTION, TASK_FACE_EMBEDDING)  # the deployments the face session follows


class FacesTab(QWidget):
    """GUI thread only."""

    status_message = Signal(str)
    optimize_requested = Signal(str, str)  # task, model id: the main window opens the Optimize wizard
    result_shown = Signal(object)  # FacesResult
    capture_judged = Signal(object)  # CaptureVerdict
    enrolled = Signal(object)  # Person
    photos_refused = Signal(list)  # ["photo: reason", ...]
    _capture_failed = Signal(object)
    _capture_ended = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Faces"))
        self.ctx = ctx
        # the optimizer's deployments of the face models; part of the session's key
        self._deployed: dict[str, Deployment | None] = {
            task: ctx.active_deployment(task) for task in FACE_TASKS
        }
        self.gallery = Gallery(ctx.paths.data_dir / "faces.db", DEFAULT_FACE_EMBEDDER, ctx.device_key())
        self.gate = PinGate()
        self.damaged_page = DamagedGalleryPage()
        self.view = VideoView()
        self.view.clear(self.tr("Choose a source and press Recognise, or enroll someone."))
        self.source = SourcePicker()
        self.run_button = QPushButton(self.tr("Recognise"))
        # the face models and where they run (the site server among the runtimes)
        self.models = FacesModelsBox()
        self.models.runtime.remember(ctx.config.faces, self._save_config)
        self.face_detector, self.face_embedder = self.models.face_detector, self.models.face_embedder
        self.optimize_button, self.runtime = self.models.optimize_button, self.models.runtime
        self.models.optimize_requested.connect(
            lambda model_id: self.optimize_requested.emit("faces", model_id)
        )
        self.site_note = SiteStateNote(ctx, FACE_TASKS)  # fell back to this device, or back on the server
        self.threshold = labeled_slider(0.3, 0.7, 0.5)
        self.enroll_panel = FacesEnrollPanel(self, FACE_EMBEDDERS[DEFAULT_FACE_EMBEDDER].size)
        self.consent, self.consent_text = self.enroll_panel.consent, self.enroll_panel.consent_text
        self.enroll_state = self.enroll_panel.state
        self.people_panel = FacesPeoplePanel(self.gallery)
        self.people: QListWidget = self.people_panel.people
        self.calibrate_button = self.people_panel.calibrate_button
        self.stack = QStackedWidget()
        self._build_layout()

        self._slot = SessionSlot(self._wire_session, "faces")
        self._capture: CaptureThread | None = None
        self._mailbox: FrameMailbox[Frame] | None = None
        self._streaming = False
        self._last_logged: dict[str, float] = {}
        self._settings: dict[str, object] = {"mode": "recognize", "threshold": 0.5}

        self.gate.submitted.connect(self._pin_entered)
        self.gate.import_requested.connect(self.open_move_import)
        self.damaged_page.set_aside_confirmed.connect(self.start_new_gallery)
        self.run_button.clicked.connect(self._run_clicked)
        self.models.embedder_changed.connect(self._embedder_changed)
        self.models.runtime_changed.connect(self._runtime_changed)
        self.threshold.valueChanged.connect(lambda v: self.configure(threshold=float(v)))
        self.enroll_panel.enrolled.connect(self._on_enrolled)
        self.enroll_panel.photos_refused.connect(self.photos_refused)
        self.enroll_panel.status_message.connect(self.status_message)
        self.enroll_panel.busy_changed.connect(self._enrollment_changed)
        self.people_panel.changed.connect(lambda: self.configure(gallery=self._snapshot()))
        self.people_panel.add_captures_requested.connect(self.enroll_from_camera)
        self.people_panel.status_message.connect(self.status_message)
        self.people_panel.calibrate_button.clicked.connect(self.open_calibration)
        self.people_panel.audit_button.clicked.connect(lambda: AuditDialog(self.gallery, self).exec())
        self.people_panel.lock_button.clicked.connect(self.lock)
        self._capture_failed.connect(self._on_capture_failed)
        self._capture_ended.connect(lambda: self.stop(self.tr("The video has ended.")))
        self._show_gallery_state()
        self._apply_embedder_threshold()
        self._update_buttons()

    # -- layout ------------------------------------------------------------------------------
    def _build_layout(self) -> None:
        side = QVBoxLayout()
        source_box = QGroupBox(self.tr("Source"))
        source_layout = QVBoxLayout(source_box)
        source_layout.addWidget(self.source)
        source_layout.addWidget(self.run_button)
        source_layout.addWidget(self.site_note)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Threshold")))
        row.addWidget(self.threshold, 1)
        source_layout.addLayout(row)
        side.addWidget(source_box)
        side.addWidget(self.models)
        side.addWidget(self.enroll_panel)
        side.addWidget(self.people_panel, 1)
        side_widget = QWidget()
        side_widget.setLayout(side)
        scroll = sidebar(side_widget, 380)
        main = QWidget()
        main_layout = QHBoxLayout(main)
        main_layout.addWidget(self.view, 1)
        main_layout.addWidget(scroll)
        self.stack.addWidget(self.gate)  # GATE_PAGE
        self.stack.addWidget(main)  # MAIN_PAGE
        self.stack.addWidget(self.damaged_page)  # DAMAGED_PAGE
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    # -- a damaged gallery -------------------------------------------------------------------
    def _show_gallery_state(self) -> None:
        """The damaged-file page when the gallery file is damaged, else the PIN gate."""
        problem = self.gallery.problem
        if self.gallery.damaged and problem is not None:
            self.damaged_page.show_damage(self.gallery.path, tr_message(problem.message))
            self.stack.setCurrentIndex(DAMAGED_PAGE)
            self.status_message.emit(self.tr("The face gallery file is damaged."))
            return
        self._ask_pin()
        self.stack.setCurrentIndex(GATE_PAGE)

    def start_new_gallery(self) -> None:
        """Keep the damaged gallery file aside (renamed) and start a new one, then ask for its
        PIN. The new gallery's audit log records where the damaged file went."""
        try:
            self.gallery, kept = start_new_gallery(self.gallery)
        except EdgeStudioError as exc:
            self.gallery = Gallery(self.gallery.path, self._embedder_id(), self.ctx.device_key())
            self.damaged_page.show_error(f"{tr_message(exc.title)}: {exception_text(exc)}")
            return
        self.people_panel.set_gallery(self.gallery)
        self._show_gallery_state()
        self.status_message.emit(
            self.tr("The damaged gallery was kept as {name}; choose a PIN for the new one.").format(
                name=kept.name
            )
        )

    # -- PIN ---------------------------------------------------------------------------------
    def _pin_entered(self, pin: str) -> None:
        try:
            if self.gallery.has_pin:
                self.gallery.unlock(pin)
            else:
                self.gallery.set_pin(pin)
        except EdgeStudioError as exc:
            self._ask_pin(exception_text(exc))
            return
        self.stack.setCurrentIndex(MAIN_PAGE)
        self.refresh_people()
        self.configure(gallery=self._snapshot())

    def open_move_import(self) -> GalleryImportDialog:
        """Open the import of a gallery from another device (window-modal) and return it."""
        dialog = GalleryImportDialog(self.import_from_export, self.gallery.device_key is not None, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def import_from_export(self, source: Path, passphrase: str, pin: str) -> int:
        """Restore an export as this (fresh) gallery, bound to this device and ``pin``, and open
        it. The connection is closed for the swap and reopened either way, so a refusal (wrong
        code, weak PIN, a gallery that is not empty, a full disk) leaves the gallery as it was."""
        path, device = self.gallery.path, self.gallery.device
        self.gallery.close()
        try:
            people = import_gallery(source, passphrase, path, pin, device)
        finally:
            self.gallery = Gallery(path, self._embedder_id(), device)
            self.people_panel.set_gallery(self.gallery)
            self._ask_pin()  # the gallery may have got a PIN meanwhile (the kiosk drawer)
        self._pin_entered(pin)
        done = (
            self.tr("{n} people were imported from {file}; the gallery is bound to this device.")
            if device.key is not None
            else self.tr("{n} people were imported from {file}; the new PIN alone protects them.")
        )
        self.status_message.emit(done.format(n=people, file=source.name))
        return people

    def showEvent(self, event: QShowEvent) -> None:
        """A gallery without a PIN asks again on show: kiosk mode may have started since."""
        super().showEvent(event)
        if self.stack.currentIndex() == GATE_PAGE and not self.gallery.has_pin:
            self._ask_pin()

    def _ask_pin(self, error: str = "") -> None:
        self.gate.ask(
            not self.gallery.has_pin,
            error,
            device_bound=self.gallery.device_key is not None,
            claim_allowed=admin_controls_shown(self),
        )

    def lock(self) -> None:
        self.stop("")
        self.gallery.lock()
        size = FACE_EMBEDDERS[self._embedder_id()].size
        self.configure(gallery=GallerySnapshot(np.zeros((0, size), np.float32), np.zeros(0, np.int64), {}))
        self.people_panel.clear()
        self.gate.ask(setting=False)
        self.stack.setCurrentIndex(GATE_PAGE)

    def change_pin(self, old: str, new: str) -> None:
        """Re-encrypt the gallery under a new PIN (one transaction; audited)."""
        self.gallery.change_pin(old, new)
        self.status_message.emit(self.tr("The admin PIN was changed."))

    def _snapshot(self) -> GallerySnapshot:
        matrix, owners = self.gallery.template_matrix
        return GallerySnapshot(matrix.copy(), owners.copy(), {p.id: p.name for p in self.gallery.people()})

    # -- people and the embedder -------------------------------------------------------------
    def refresh_people(self) -> None:
        self.people_panel.refresh()

    def delete_person(self, person_id: int) -> None:
        self.people_panel.delete_person(person_id)

    def open_calibration(self) -> None:
        matrix, owners = self.gallery.template_matrix
        dialog = CalibrationDialog(matrix, owners, self.threshold.value(), self)
        if dialog.exec():
            self.threshold.setValue(dialog.threshold)

    def _embedder_id(self) -> str:
        return self.models.embedder_id()

    def _apply_embedder_threshold(self) -> None:
        """The slider's range and value follow the embedder's calibrated threshold."""
        spec = embedder_spec(self._embedder_id(), self.ctx.paths.models_dir)
        low, high = spec.threshold_range
        self.threshold.setRange(low, high)
        self.threshold.setValue(spec.threshold)
        self.configure(threshold=spec.threshold)

    def _embedder_changed(self) -> None:
        """Another face recognizer: its templates are the gallery's from now on, and the next
        start of the camera loads it."""
        self.stop("")
        embedder_id = self._embedder_id()
        self.gallery.use_embedder(embedder_id)
        self.enroll_panel.use_embedder(FACE_EMBEDDERS[embedder_id].size)
        self._apply_embedder_threshold()
        if self.gallery.unlocked:
            self.refresh_people()
            self.configure(gallery=self._snapshot())

    # -- enrollment (the enroll panel's) -----------------------------------------------------
    @property
    def enrollment(self) -> EnrollmentWorkflow:
        return self.enroll_panel.workflow

    @property
    def enrolling(self) -> str | None:
        """The person being enrolled, or None."""
        return self.enroll_panel.name

    def enroll_from_camera(self, name: str) -> None:
        """Guided enrollment on the current source (see FacesEnrollPanel)."""
        self.enroll_panel.enroll_from_camera(name)

    def enroll_from_photos(self, name: str, paths: list[Path]) -> None:
        """Enroll from photos, each judged on the session (see FacesEnrollPanel)."""
        self.enroll_panel.enroll_from_photos(name, paths)

    def _on_enrolled(self, person: object) -> None:
        self.refresh_people()
        self.configure(gallery=self._snapshot())
        self.enrolled.emit(person)
        self.status_message.emit(self.tr("{name} enrolled.").format(name=getattr(person, "name", "")))

    def _enrollment_changed(self) -> None:
        """An enrollment started or ended; once it ended, a deployment made meanwhile applies."""
        self._update_buttons()
        if not self.enroll_panel.active:
            self._follow_deployments()

    # -- session and capture -----------------------------------------------------------------
    @property
    def streaming(self) -> bool:
        """Whether the source is being captured now."""
        return self._streaming

    def _session_key(self) -> Hashable:
        """What the face session is built with: the models chosen, the detector's runtime and
        the deployments of the face models (a deploy or rollback makes a new key)."""
        backend, device, embedder_backend = self.models.runtimes()
        deployed = tuple(
            (task, d.model_id, d.candidate_id, d.deployed_at)
            for task, d in sorted(self._deployed.items())
            if d is not None
        )
        return (self.models.detector_id(), self._embedder_id(), backend, device, embedder_backend, deployed)

    def _ensure_session(self) -> InferenceSession:
        """The face session for the models, runtime and deployments in use now (reused while
        they hold)."""
        registry, models = self.ctx.registry, self.ctx.paths.models_dir
        backend, device, embedder_backend = self.models.runtimes()
        detector_id, embedder_id = self.models.detector_id(), self._embedder_id()
        session, created = self._slot.ensure(
            self._session_key(),
            lambda report: build_face_recognizer(
                registry,
                models,
                backend,
                report,
                device,
                embedder_backend=embedder_backend,
                detector_id=detector_id,
                embedder_id=embedder_id,
            ),
        )
        if created:
            self.site_note.reset()
            session.configure(**self._settings)
        return session

    def _wire_session(self, session: InferenceSession) -> None:
        session.loaded.connect(self._on_loaded)
        session.result.connect(self._on_result)
        session.failed.connect(self._on_failed)

    def configure(self, **settings: object) -> None:
        """Remember the settings (a session created later starts with them) and send them."""
        self._settings.update(settings)
        if self._slot.session is not None:
            self._slot.session.configure(**settings)

    def submit(self, frame: Frame) -> None:
        """Judge one picture on the face session (loaded first if needed)."""
        session = self._ensure_session()
        session.submit(frame)

    def _run_clicked(self) -> None:
        if self._streaming:
            self.stop()
        else:
            self.start()

    def start(self) -> None:
        """Stream the chosen source; capture begins once the models are loaded, so no frame
        is skipped while they load."""
        session = self._ensure_session()
        self._streaming = True
        self._update_buttons()
        if session.info is None:
            self.view.show_message(self.tr("Loading the face models…"))
            return  # _on_loaded starts the capture
        self._start_capture(session)

    def _start_capture(self, session: InferenceSession) -> None:
        self._mailbox = FrameMailbox()
        self._capture = CaptureThread(
            self.source.spec(),
            self._mailbox,
            on_error=self._capture_failed.emit,
            on_end=self._capture_ended.emit,
        )
        self._capture.start()
        session.start_stream(self._mailbox)
        self.view.show_message(self.tr("Starting…"))

    def stop(self, message: str | None = None) -> None:
        """Stop capture (an unfinished camera enrollment is dropped); ``message`` (default
        "Stopped."; "" for none) goes on the view."""
        if message is None:
            message = self.tr("Stopped.")
        if self._slot.session is not None and self._streaming:
            self._slot.session.cancel()
        if self._capture is not None:
            self._capture.stop()
            self._capture = None
        self._streaming = False
        self.enroll_panel.camera_stopped()
        if message:
            self.view.show_message(message)
        self._update_buttons()

    def _on_loaded(self, info: LoadedInfo) -> None:
        self.status_message.emit(
            self.tr("Face models ready ({ms} ms)").format(ms=format_number(info.load_ms, 0))
        )
        session = self._slot.session
        if self._streaming and self._capture is None and session is not None:
            self._start_capture(session)

    def _on_result(self, result: object) -> None:
        if isinstance(result, EnrollResult):
            self._on_capture(result)
        elif isinstance(result, FacesResult) and self._streaming:
            self.view.show_frame(result.image, face_overlays(result.faces, self.tr("Unknown")))
            now = time.monotonic()
            for face in result.faces:
                if (
                    face.name != UNKNOWN
                    and now - self._last_logged.get(face.name, 0.0) > RECOGNITION_LOG_SECONDS
                ):
                    self._last_logged[face.name] = now
                    self.gallery.log("recognize", face.name, f"score {face.score:.2f}")
            self.result_shown.emit(result)

    def _on_capture(self, result: EnrollResult) -> None:
        verdict = result.verdict
        self.capture_judged.emit(verdict)
        photos = self.enrollment.source is EnrollmentSource.PHOTOS
        if self._streaming and not photos:
            colour = ACCEPTED_COLOUR if verdict.accepted else REFUSED_COLOUR
            self.view.show_frame(result.image, [Overlay(box, "", colour) for box in result.boxes])
        self.enroll_panel.judge(verdict)

    def _on_failed(self, error: ErrorInfo) -> None:
        self.stop("")
        self._slot.drop_if_not_loaded()
        self.view.show_message(f"{error_title(error)}\n\n{error_text(error)}", error=True)
        self.status_message.emit(f"{error_title(error)}: {error_text(error)}")

    def _on_capture_failed(self, error: ErrorInfo) -> None:
        self.stop("")
        self.view.show_message(f"{error_title(error)}\n\n{error_text(error)}", error=True)

    def _update_buttons(self) -> None:
        busy = self.enrollment.active
        self.run_button.setText(self.tr("Stop") if self._streaming else self.tr("Recognise"))
        self.people_panel.busy = busy
        self.people_panel.update_buttons()
        self.enroll_panel.update_buttons()
        self.models.set_busy(busy)

    def set_device_report(self, report: DeviceReport) -> None:
        """GUI thread: the runtimes for the face models (the best-ranked one chosen, or the
        site server when the user picks it)."""
        self.models.set_device_report(report)

    def _save_config(self) -> None:
        """Keep the runtime chosen for the next start (GUI thread)."""
        if (problem := self.ctx.save_config("the Faces runtime")) is not None:
            self.status_message.emit(error_text(problem))

    def _runtime_changed(self) -> None:
        """Another runtime (or face detector) was chosen: a running recognition reloads on it
        at once, an enrollment first finishes, else the next start loads it. GUI thread."""
        if self._slot.session is None or self._slot.holds(self._session_key()):
            return
        when = self._follow_deployments()
        backend = self.models.runtime.backend.currentText()
        self.status_message.emit(self.tr("Faces: the models run on {0}. {1}").format(backend, when))

    def apply_deployment(self, change: DeploymentChange) -> None:
        """GUI thread: a deploy or rollback of the face detector (or recognizer) changes the
        face session's key, so the next recognition loads what is deployed now; a running
        recognition reloads at once, an enrollment in progress first finishes. Other tasks'
        changes are ignored."""
        if change.task not in FACE_TASKS:
            return
        self._deployed[change.task] = change.active
        label = change.active.label if change.active is not None else self.tr("the original model")
        if change.task == TASK_FACE_DETECTION:
            what = self.tr("The face detector is now {0}.").format(label)
        else:
            what = self.tr("The face recognizer is now {0}.").format(label)
        when = self._follow_deployments()
        self.status_message.emit(f"{what} {when}")

    def _follow_deployments(self) -> str:
        """Make the face session follow the deployments; returns when that happens, in words.
        A loaded session on an old key is closed (recognising: reloaded at once); during an
        enrollment nothing changes until it ends."""
        if self.enroll_panel.active:
            return self.tr("It is used once this enrollment ends.")
        if self._slot.session is None or self._slot.holds(self._session_key()):
            return self.tr("The next recognition loads it.")
        if self._streaming:
            self.stop("")
            self.start()
            return self.tr("Recognition reloads the face models now.")
        self._slot.close()
        return self.tr("The next recognition loads it.")

    def shutdown(self) -> None:
        self.stop("")
        self.site_note.close_note()
        self._slot.close()
        self.gallery.close()
