"""FacesTab: enroll people (camera, guided; or photos), recognise them live, manage the
protected gallery. The gallery belongs to the GUI thread; the models run in one session."""

from __future__ import annotations

import html
import json
import logging
import time
from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QPalette, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from edgestudio.context import AppContext
from edgestudio.core.atomic import atomic_write_text
from edgestudio.core.errors import EdgeStudioError, ErrorInfo
from edgestudio.core.hardware import DeviceReport
from edgestudio.core.types import TASK_FACE_DETECTION, Frame, LoadedInfo
from edgestudio.tasks.faces.detector import FACE_DETECTORS
from edgestudio.tasks.faces.detector import MODEL_FORMAT as CENTERFACE_FORMAT
from edgestudio.tasks.faces.enroll import (
    CONSENT_TEXT,
    PHOTO_RULES,
    CaptureCollector,
    EnrollmentRules,
    check_name,
)
from edgestudio.tasks.faces.gallery import Gallery, Person
from edgestudio.tasks.faces.recognize import EnrollResult, FacesResult, GallerySnapshot, build_face_recognizer
from edgestudio.ui.audit_dialog import AuditDialog
from edgestudio.ui.calibration_dialog import CalibrationDialog
from edgestudio.ui.i18n import error_text, error_title, format_number, tr_message
from edgestudio.ui.widgets.feedback import labeled_slider, sidebar
from edgestudio.ui.widgets.pin_gate import PinGate
from edgestudio.ui.widgets.source_picker import SourcePicker
from edgestudio.ui.widgets.video_view import VideoView
from edgestudio.workers.capture import CaptureThread
from edgestudio.workers.mailbox import FrameMailbox
from edgestudio.workers.session import InferenceSession
from edgestudio.workers.session_slot import SessionSlot

log = logging.getLogger(__name__)
RECOGNITION_LOG_SECONDS = 60.0


class FacesTab(QWidget):
    """GUI thread only."""

    status_message = Signal(str)
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
        # (backend, device) for the face detector from the Device check; "" = ranked at load.
        self._detector_runtime = ("", "")
        self.gallery = Gallery(ctx.paths.data_dir / "faces.db")
        self.gate = PinGate()
        self.view = VideoView()
        self.view.clear(self.tr("Choose a source and press Recognise, or enroll someone."))
        self.source = SourcePicker()
        self.run_button = QPushButton(self.tr("Recognise"))
        self.face_detector = QComboBox()
        for detector_id, label in FACE_DETECTORS.items():
            self.face_detector.addItem(label, detector_id)
        self.face_detector.setToolTip(
            self.tr("The model that finds faces; the next start of the camera uses it.")
        )
        self.threshold = labeled_slider(0.3, 0.7, 0.5)
        self.calibrate_button = QPushButton(self.tr("Calibrate…"))
        self.consent = QCheckBox(self.tr("The person read and accepted:"))
        self.consent_text = QLabel(tr_message(CONSENT_TEXT))
        self.consent_text.setWordWrap(True)
        self.consent_text.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # muted in both themes
        self.enroll_camera = QPushButton(self.tr("Enroll from camera…"))
        self.enroll_photos = QPushButton(self.tr("Enroll from photos…"))
        self.enroll_progress = QProgressBar()
        self.enroll_progress.setFormat(self.tr("%v of %m good captures"))
        self.enroll_state = QLabel("")
        self.enroll_state.setWordWrap(True)
        self.people = QListWidget()
        self.people.setIconSize(QSize(48, 48))
        self.rename_button = QPushButton(self.tr("Rename"))
        self.more_button = QPushButton(self.tr("Add captures"))
        self.delete_button = QPushButton(self.tr("Delete"))
        self.export_button = QPushButton(self.tr("Export…"))
        self.audit_button = QPushButton(self.tr("Audit log…"))
        self.lock_button = QPushButton(self.tr("Lock"))
        self.pin_button = QPushButton(self.tr("Change PIN…"))
        self.stack = QStackedWidget()
        self._build_layout()

        self._slot = SessionSlot(self._wire_session, "faces")
        self._capture: CaptureThread | None = None
        self._mailbox: FrameMailbox[Frame] | None = None
        self._streaming = False
        self._enrolling: str | None = None
        self._collector: CaptureCollector | None = None
        self._photo_jobs: list[str] = []
        self._photo_refusals: list[str] = []
        self._last_logged: dict[str, float] = {}
        self._settings: dict[str, object] = {"mode": "recognize", "threshold": 0.5}

        self.gate.submitted.connect(self._pin_entered)
        self.run_button.clicked.connect(self._run_clicked)
        self.threshold.valueChanged.connect(lambda v: self._configure(threshold=float(v)))
        self.calibrate_button.clicked.connect(self.open_calibration)
        self.enroll_camera.clicked.connect(self._enroll_camera_clicked)
        self.enroll_photos.clicked.connect(self._enroll_photos_clicked)
        self.rename_button.clicked.connect(self._rename_clicked)
        self.more_button.clicked.connect(self._more_clicked)
        self.delete_button.clicked.connect(self._delete_clicked)
        self.export_button.clicked.connect(self._export_clicked)
        self.audit_button.clicked.connect(lambda: AuditDialog(self.gallery, self).exec())
        self.lock_button.clicked.connect(self.lock)
        self.pin_button.clicked.connect(self._change_pin_clicked)
        self.people.currentItemChanged.connect(lambda *_: self._update_buttons())
        self._capture_failed.connect(self._on_capture_failed)
        self._capture_ended.connect(lambda: self.stop(self.tr("The video has ended.")))
        self.gate.ask(setting=not self.gallery.has_pin)
        self._update_buttons()

    # -- layout ------------------------------------------------------------------------------
    def _build_layout(self) -> None:
        side = QVBoxLayout()
        source_box = QGroupBox(self.tr("Source"))
        source_layout = QVBoxLayout(source_box)
        source_layout.addWidget(self.source)
        source_layout.addWidget(self.run_button)
        detector_row = QHBoxLayout()
        detector_row.addWidget(QLabel(self.tr("Face detector")))
        detector_row.addWidget(self.face_detector, 1)
        source_layout.addLayout(detector_row)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Threshold")))
        row.addWidget(self.threshold, 1)
        source_layout.addLayout(row)
        side.addWidget(source_box)
        enroll_box = QGroupBox(self.tr("Enroll"))
        enroll_layout = QVBoxLayout(enroll_box)
        enroll_layout.addWidget(self.consent)
        enroll_layout.addWidget(self.consent_text)
        buttons = QHBoxLayout()
        buttons.addWidget(self.enroll_camera)
        buttons.addWidget(self.enroll_photos)
        enroll_layout.addLayout(buttons)
        enroll_layout.addWidget(self.enroll_progress)
        enroll_layout.addWidget(self.enroll_state)
        side.addWidget(enroll_box)
        people_box = QGroupBox(self.tr("People"))
        people_layout = QVBoxLayout(people_box)
        people_layout.addWidget(self.people, 1)
        grid = [
            (self.rename_button, self.more_button),
            (self.delete_button, self.export_button),
            (self.audit_button, self.pin_button),
            (self.calibrate_button, self.lock_button),
        ]
        for left, right in grid:
            line = QHBoxLayout()
            line.addWidget(left)
            line.addWidget(right)
            people_layout.addLayout(line)
        side.addWidget(people_box, 1)
        side_widget = QWidget()
        side_widget.setLayout(side)
        scroll = sidebar(side_widget, 380)
        main = QWidget()
        main_layout = QHBoxLayout(main)
        main_layout.addWidget(self.view, 1)
        main_layout.addWidget(scroll)
        self.stack.addWidget(self.gate)
        self.stack.addWidget(main)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    # -- PIN ---------------------------------------------------------------------------------
    def _pin_entered(self, pin: str) -> None:
        try:
            if self.gallery.has_pin:
                self.gallery.unlock(pin)
            else:
                self.gallery.set_pin(pin)
        except EdgeStudioError as exc:
            self.gate.ask(setting=not self.gallery.has_pin, error=tr_message(str(exc)))
            return
        self.stack.setCurrentIndex(1)
        self.refresh_people()
        self._configure(gallery=self._snapshot())

    def lock(self) -> None:
        self.stop("")
        self.gallery.lock()
        self._configure(gallery=GallerySnapshot(np.zeros((0, 128), np.float32), np.zeros(0, np.int64), {}))
        self.people.clear()
        self.gate.ask(setting=False)
        self.stack.setCurrentIndex(0)

    def change_pin(self, old: str, new: str) -> None:
        """Re-encrypt the gallery under a new PIN (one transaction; audited)."""
        self.gallery.change_pin(old, new)
        self.status_message.emit(self.tr("The admin PIN was changed."))

    def _change_pin_clicked(self) -> None:
        password = QLineEdit.EchoMode.Password
        title = self.tr("Change PIN")
        old, ok = QInputDialog.getText(self, title, self.tr("Current PIN"), password)
        if not ok:
            return
        new, ok = QInputDialog.getText(self, title, self.tr("New PIN (4 or more characters)"), password)
        if not ok:
            return
        again, ok = QInputDialog.getText(self, title, self.tr("New PIN again"), password)
        if not ok or new != again:
            self.status_message.emit(self.tr("The new PINs differ; the PIN was not changed."))
            return
        try:
            self.change_pin(old, new)
        except EdgeStudioError as exc:
            self.status_message.emit(f"{tr_message(exc.title)}: {tr_message(str(exc))}")

    def _snapshot(self) -> GallerySnapshot:
        matrix, owners = self.gallery.template_matrix
        return GallerySnapshot(matrix.copy(), owners.copy(), {p.id: p.name for p in self.gallery.people()})

    # -- people ------------------------------------------------------------------------------
    def refresh_people(self) -> None:
        self.people.clear()
        for person in self.gallery.people():
            count = person.templates
            templates = self.tr("1 template") if count == 1 else self.tr("{n} templates").format(n=count)
            item = QListWidgetItem(f"{person.name}\n{templates}")
            item.setData(Qt.ItemDataRole.UserRole, person.id)
            photos = self.gallery.photos(person.id, limit=1)
            if photos:
                image = QImage.fromData(photos[0])
                item.setIcon(QIcon(QPixmap.fromImage(image)))
            self.people.addItem(item)
        self._update_buttons()

    def _selected(self) -> Person | None:
        item = self.people.currentItem()
        return None if item is None else self.gallery.person(int(item.data(Qt.ItemDataRole.UserRole)))

    def _rename_clicked(self) -> None:
        person = self._selected()
        if person is None:
            return
        name, ok = QInputDialog.getText(self, self.tr("Rename"), self.tr("Name"), text=person.name)
        if ok and name.strip():
            self.gallery.rename(person.id, name)
            self.refresh_people()
            self._configure(gallery=self._snapshot())

    def delete_person(self, person_id: int) -> None:
        self.gallery.delete(person_id)
        self.refresh_people()
        self._configure(gallery=self._snapshot())

    def _delete_clicked(self) -> None:
        person = self._selected()
        if person is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Delete person"),
            self.tr("Erase {name} with every template and photo? This cannot be undone.").format(
                name=person.name
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.delete_person(person.id)
            self.status_message.emit(self.tr("{name} was erased.").format(name=person.name))

    def _export_clicked(self) -> None:
        person = self._selected()
        if person is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export record"), f"{person.name}.json", self.tr("JSON (*.json)")
        )
        if path:
            atomic_write_text(Path(path), json.dumps(self.gallery.export_person(person.id), indent=2))
            saved = self.tr("Record of {name} saved to {path}").format(name=person.name, path=path)
            self.status_message.emit(saved)

    def _more_clicked(self) -> None:
        person = self._selected()
        if person is not None:
            self.enroll_from_camera(person.name)

    def open_calibration(self) -> None:
        matrix, owners = self.gallery.template_matrix
        dialog = CalibrationDialog(matrix, owners, self.threshold.value(), self)
        if dialog.exec():
            self.threshold.setValue(dialog.threshold)

    # -- enrollment --------------------------------------------------------------------------
    def _enroll_camera_clicked(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("Enroll from camera"), self.tr("Name of the person"))
        if ok and name.strip():
            self.enroll_from_camera(name.strip())

    def _enroll_photos_clicked(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("Enroll from photos"), self.tr("Name of the person"))
        if not ok or not name.strip():
            return
        paths, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Photos of the person"), "", self.tr("Images (*.jpg *.jpeg *.png *.bmp *.webp)")
        )
        if paths:
            self.enroll_from_photos(name.strip(), [Path(p) for p in paths])

    def _consented(self) -> bool:
        if not self.consent.isChecked():
            self.enroll_state.setText(
                "<span style='color:#e53935'>" + self.tr("Tick the consent line first.") + "</span>"
            )
            return False
        return True

    def enroll_from_camera(self, name: str) -> None:
        """Guided enrollment on the current source: good captures are collected, bad ones
        refused with the reason on screen."""
        if not self._consented():
            return
        self._enrolling, self._collector = name, CaptureCollector()
        self.enroll_progress.setRange(0, self._collector.rules.captures_needed)
        self.enroll_progress.setValue(0)
        enrolling = self.tr("Enrolling {name}: look at the camera.").format(name=html.escape(name))
        self.enroll_state.setText(enrolling)
        self._configure(mode="enroll", rules=EnrollmentRules(), previous=np.zeros((0, 128), np.float32))
        if not self._streaming:
            self.start()
        self._update_buttons()

    def enroll_from_photos(self, name: str, paths: list[Path]) -> None:
        """Judge each photo on the session; photos with no face or several are refused."""
        if not self._consented():
            return
        self.stop("")
        self._enrolling, self._collector = name, CaptureCollector()
        self._collector.rules = replace(PHOTO_RULES, captures_needed=len(paths))
        self._photo_jobs, self._photo_refusals = [], []
        self._configure(mode="enroll", rules=PHOTO_RULES, previous=np.zeros((0, 128), np.float32))
        for path in paths:
            image = cv2.imread(str(path), cv2.IMREAD_COLOR)
            if image is None:
                self._photo_refusals.append(
                    self.tr("{file}: not an image EdgeStudio can read").format(file=path.name)
                )
                continue
            self._photo_jobs.append(path.name)
            self._submit(Frame(image, 0, time.perf_counter(), 0.0))
        if not self._photo_jobs:
            self._finish_photos()

    def _finish_photos(self) -> None:
        collector, name = self._collector, self._enrolling
        if self._photo_refusals:
            self.photos_refused.emit(list(self._photo_refusals))
        text = "<br>".join(
            self.tr("Refused {reason}").format(reason=html.escape(r)) for r in self._photo_refusals
        )
        if collector is not None and name and collector.count:
            person = self._save_enrollment(name, collector)
            if person is None:
                self._reset_enrollment()
                return
            enrolled = self.tr("Enrolled {name} from {n} photo(s).").format(
                name=html.escape(person.name), n=collector.count
            )
            text = enrolled + "<br>" + text
            self._after_enroll(person)
        self.enroll_state.setText(text or self.tr("No photo could be used."))
        self._reset_enrollment()

    def _save_enrollment(self, name: str, collector: CaptureCollector) -> Person | None:
        """Enroll the collected captures; when ``name`` exists and the face does not look like
        that person, ask first. Shows why and returns None when nothing was saved."""
        embeddings = collector.embeddings()
        check = check_name(self.gallery, name, embeddings)
        if check.mismatch:
            question = self.tr("Add these captures to %1 anyway?").replace("%1", name)
            answer = QMessageBox.question(
                self,
                self.tr("A different face?"),
                f"{check.explanation()}\n\n{question}",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                refused = self.tr("Nothing was enrolled: the face did not match %1.")
                self.enroll_state.setText(refused.replace("%1", html.escape(name)))
                return None
        try:
            return self.gallery.enroll(name, embeddings, collector.photos(), CONSENT_TEXT)
        except EdgeStudioError as exc:
            self.enroll_state.setText(f"<span style='color:#c62828'>{html.escape(str(exc))}</span>")
            self.status_message.emit(f"{tr_message(exc.title)}: {tr_message(str(exc))}")
            return None

    def _after_enroll(self, person: Person) -> None:
        self.refresh_people()
        self._configure(mode="recognize", gallery=self._snapshot())
        self.enrolled.emit(person)
        self.status_message.emit(self.tr("{name} enrolled.").format(name=person.name))

    def _reset_enrollment(self) -> None:
        self._enrolling, self._collector = None, None
        self._photo_jobs = []
        self._configure(mode="recognize")
        self._update_buttons()

    # -- session and capture -----------------------------------------------------------------
    def _ensure_session(self) -> InferenceSession:
        """The face session for the detector runtime chosen now (reused while it holds)."""
        registry, models = self.ctx.registry, self.ctx.paths.models_dir
        backend, device = self._detector_runtime
        detector_id = str(self.face_detector.currentData())
        session, created = self._slot.ensure(
            (detector_id, backend, device),
            lambda report: build_face_recognizer(
                registry, models, backend, report, device, detector_id=detector_id
            ),
        )
        if created:
            session.configure(**self._settings)
        return session

    def _wire_session(self, session: InferenceSession) -> None:
        session.loaded.connect(self._on_loaded)
        session.result.connect(self._on_result)
        session.failed.connect(self._on_failed)

    def _configure(self, **settings: object) -> None:
        """Remember the settings (a session created later starts with them) and send them."""
        self._settings.update(settings)
        if self._slot.session is not None:
            self._slot.session.configure(**settings)

    def _submit(self, frame: Frame) -> None:
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
        if self._enrolling and not self._photo_jobs:
            stopped = self.tr("Enrollment stopped before enough captures: nothing was saved.")
            self.enroll_state.setText(stopped)
            self._reset_enrollment()
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
            self.view.show_frame(result.annotated)
            now = time.monotonic()
            for face in result.faces:
                if (
                    face.name != "Unknown"
                    and now - self._last_logged.get(face.name, 0.0) > RECOGNITION_LOG_SECONDS
                ):
                    self._last_logged[face.name] = now
                    self.gallery.log("recognize", face.name, f"score {face.score:.2f}")
            self.result_shown.emit(result)

    def _on_capture(self, result: EnrollResult) -> None:
        verdict, collector = result.verdict, self._collector
        self.capture_judged.emit(verdict)
        if self._photo_jobs:
            name = self._photo_jobs.pop(0)
            if collector is not None and collector.add(verdict):
                self._configure(previous=collector.embeddings())
            elif not verdict.accepted:
                self._photo_refusals.append(f"{name}: {tr_message(verdict.reason)}")
            if not self._photo_jobs:
                self._finish_photos()
            return
        if self._streaming:
            self.view.show_frame(result.annotated)
        if collector is None or self._enrolling is None:
            return
        if collector.add(verdict):
            self.enroll_progress.setValue(collector.count)
            self._configure(previous=collector.embeddings())
            good = self.tr("Good capture ({n}).").format(n=collector.count)
            self.enroll_state.setText(f"<span style='color:#43a047'>{good}</span>")
        elif not verdict.accepted:
            refused = self.tr("Refused: {reason}").format(reason=html.escape(tr_message(verdict.reason)))
            self.enroll_state.setText(f"<span style='color:#e53935'>{refused}</span>")
        if collector.done:
            person = self._save_enrollment(self._enrolling, collector)
            if person is None:
                self._enrolling, self._collector = None, None
                self._reset_enrollment()
                return
            self.enroll_state.setText(
                self.tr("Enrolled {name} with {n} captures.").format(
                    name=html.escape(person.name), n=collector.count
                )
            )
            self._enrolling, self._collector = None, None
            self._after_enroll(person)
            self._update_buttons()

    def _on_failed(self, error: ErrorInfo) -> None:
        self.stop("")
        self._slot.drop_if_not_loaded()
        self.view.show_message(f"{error_title(error)}\n\n{error_text(error)}", error=True)
        self.status_message.emit(f"{error_title(error)}: {error_text(error)}")

    def _on_capture_failed(self, error: ErrorInfo) -> None:
        self.stop("")
        self.view.show_message(f"{error_title(error)}\n\n{error_text(error)}", error=True)

    def _update_buttons(self) -> None:
        selected = self.people.currentItem() is not None
        busy = self._enrolling is not None
        self.run_button.setText(self.tr("Stop") if self._streaming else self.tr("Recognise"))
        for button in (self.rename_button, self.more_button, self.delete_button, self.export_button):
            button.setEnabled(selected and not busy)
        self.enroll_camera.setEnabled(not busy)
        self.enroll_photos.setEnabled(not busy)
        self.enroll_progress.setVisible(busy and not self._photo_jobs)

    def set_device_report(self, report: DeviceReport) -> None:
        """GUI thread: the face detector will load on the runtime ranked best for it here."""
        best = report.best(TASK_FACE_DETECTION, CENTERFACE_FORMAT)
        self._detector_runtime = (best.backend, best.device) if best is not None else ("", "")

    def shutdown(self) -> None:
        self.stop("")
        self._slot.close()
        self.gallery.close()
