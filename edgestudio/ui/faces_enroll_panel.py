"""FacesEnrollPanel: enrolling a person in the Faces tab, from the camera (guided captures,
bad ones refused with the reason on screen) or from photos (one face each): consent, progress,
the name check ("a different face?") and saving in one transaction.

The workflow itself (which captures, which photo, refusals) lives in
``tasks.faces.enrollment``; the panel drives it through the tab's face session, reached
through the ``EnrollHost`` the tab is. GUI thread only.
"""

from __future__ import annotations

import html
import time
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from edgestudio.core.errors import EdgeStudioError
from edgestudio.core.types import Frame
from edgestudio.tasks.faces.enroll import CONSENT_TEXT, PHOTO_RULES, CaptureVerdict
from edgestudio.tasks.faces.enrollment import UNREADABLE_PHOTO, EnrollmentSource, EnrollmentWorkflow
from edgestudio.tasks.faces.gallery import Gallery, Person
from edgestudio.ui.i18n import exception_text, tr_message


class EnrollHost(Protocol):
    """What the panel needs from the Faces tab (GUI thread)."""

    gallery: Gallery

    @property
    def streaming(self) -> bool:
        """Whether the source is being captured now."""
        ...

    def configure(self, **settings: object) -> None:
        """Send settings to the face session (and remember them for the next one)."""
        ...

    def submit(self, frame: Frame) -> None:
        """Judge one picture on the face session."""
        ...

    def start(self) -> None:
        """Start capturing the chosen source."""
        ...

    def stop(self, message: str | None = None) -> None:
        """Stop capturing."""
        ...


class FacesEnrollPanel(QGroupBox):
    """GUI thread only. ``enrolled(person)`` after a person was saved in the gallery;
    ``photos_refused(["photo: reason", ...])``; ``busy_changed`` when an enrollment starts or
    ends (the tab then updates its controls)."""

    enrolled = Signal(object)  # Person
    photos_refused = Signal(list)
    status_message = Signal(str)
    busy_changed = Signal()

    def __init__(self, host: EnrollHost, embedder_size: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Enroll"))
        self._host = host
        self.workflow = EnrollmentWorkflow(embedder_size)
        self.consent = QCheckBox(self.tr("The person read and accepted:"))
        self.consent_text = QLabel(tr_message(CONSENT_TEXT))
        self.consent_text.setWordWrap(True)
        self.consent_text.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # muted in both themes
        self.camera_button = QPushButton(self.tr("Enroll from camera…"))
        self.photos_button = QPushButton(self.tr("Enroll from photos…"))
        self.progress = QProgressBar()
        self.progress.setFormat(self.tr("%v of %m good captures"))
        self.state = QLabel("")
        self.state.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.consent)
        layout.addWidget(self.consent_text)
        buttons = QHBoxLayout()
        buttons.addWidget(self.camera_button)
        buttons.addWidget(self.photos_button)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.state)
        self.camera_button.clicked.connect(self._camera_clicked)
        self.photos_button.clicked.connect(self._photos_clicked)

    @property
    def active(self) -> bool:
        """Whether an enrollment is under way."""
        return self.workflow.active

    @property
    def name(self) -> str | None:
        """The person being enrolled, or None."""
        return self.workflow.name

    def use_embedder(self, size: int) -> None:
        """Another face recognizer: enrollments collect templates of ``size`` from now on."""
        self.workflow = EnrollmentWorkflow(size)

    # -- commands ----------------------------------------------------------------------------
    def enroll_from_camera(self, name: str) -> None:
        """Guided enrollment on the current source: good captures are collected, bad ones
        refused with the reason on screen."""
        if not self._consented():
            return
        rules = self.workflow.start_camera(name)
        self.progress.setRange(0, self.workflow.captures_needed)
        self.progress.setValue(0)
        self.state.setText(self.tr("Enrolling {name}: look at the camera.").format(name=html.escape(name)))
        self._host.configure(mode="enroll", rules=rules, previous=self.workflow.empty_previous())
        if not self._host.streaming:
            self._host.start()
        self.busy_changed.emit()

    def enroll_from_photos(self, name: str, paths: list[Path]) -> None:
        """Judge each photo on the session; photos with no face or several are refused."""
        if not self._consented():
            return
        self._host.stop("")
        jobs = self.workflow.start_photos(name, paths)
        self._host.configure(mode="enroll", rules=PHOTO_RULES, previous=self.workflow.empty_previous())
        for job in jobs:
            self._host.submit(Frame(job.image, 0, time.perf_counter(), 0.0))
        if not jobs:
            self._finish_photos()

    def judge(self, verdict: CaptureVerdict) -> None:
        """A capture or photo was judged on the session: keep it, refuse it, or finish."""
        if not self.workflow.active:
            return
        photos = self.workflow.source is EnrollmentSource.PHOTOS
        step = self.workflow.judged(verdict)
        if step.previous is not None:
            self._host.configure(previous=step.previous)
        if photos:
            if step.ready:
                self._finish_photos()
            return
        if step.kept:
            self.progress.setValue(self.workflow.count)
            good = self.tr("Good capture ({n}).").format(n=self.workflow.count)
            self.state.setText(f"<span style='color:#43a047'>{good}</span>")
        elif step.refusal:
            refused = self.tr("Refused: {reason}").format(reason=html.escape(tr_message(step.refusal)))
            self.state.setText(f"<span style='color:#e53935'>{refused}</span>")
        if step.ready:
            count = self.workflow.count
            person = self.save()
            if person is None:
                self._reset()
                return
            self.state.setText(
                self.tr("Enrolled {name} with {n} captures.").format(name=html.escape(person.name), n=count)
            )
            self._after_enroll(person)
            self.busy_changed.emit()

    def camera_stopped(self) -> None:
        """The capture stopped: an unfinished camera enrollment is dropped, with the reason."""
        if self.workflow.active and not self.workflow.judging_photos:
            self.state.setText(self.tr("Enrollment stopped before enough captures: nothing was saved."))
            self._reset()

    def save(self) -> Person | None:
        """Enroll the workflow's captures; when the name exists and the face does not look
        like that person, ask first. Shows why and returns None when nothing was saved."""
        name = self.workflow.name or ""
        gallery = self._host.gallery
        check = self.workflow.check_name(gallery)
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
                self.state.setText(refused.replace("%1", html.escape(name)))
                self.workflow.reset()
                return None
        try:
            return self.workflow.save(gallery, CONSENT_TEXT)
        except EdgeStudioError as exc:
            self.state.setText(f"<span style='color:#c62828'>{html.escape(exception_text(exc))}</span>")
            self.status_message.emit(f"{tr_message(exc.title)}: {exception_text(exc)}")
            return None

    def update_buttons(self) -> None:
        busy = self.workflow.active
        self.camera_button.setEnabled(not busy)
        self.photos_button.setEnabled(not busy)
        self.progress.setVisible(busy and not self.workflow.judging_photos)

    # -- internals ---------------------------------------------------------------------------
    def _camera_clicked(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("Enroll from camera"), self.tr("Name of the person"))
        if ok and name.strip():
            self.enroll_from_camera(name.strip())

    def _photos_clicked(self) -> None:
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
            self.state.setText(
                "<span style='color:#e53935'>" + self.tr("Tick the consent line first.") + "</span>"
            )
            return False
        return True

    def _refusal_text(self, file: str, reason: str) -> str:
        if reason == UNREADABLE_PHOTO:
            return self.tr("{file}: not an image EdgeStudio can read").format(file=file)
        return f"{file}: {tr_message(reason)}"

    def _finish_photos(self) -> None:
        refusals = [self._refusal_text(r.file, r.reason) for r in self.workflow.refusals]
        if refusals:
            self.photos_refused.emit(refusals)
        text = "<br>".join(self.tr("Refused {reason}").format(reason=html.escape(r)) for r in refusals)
        count = self.workflow.count
        if count:
            person = self.save()
            if person is None:
                self._reset()
                return
            enrolled = self.tr("Enrolled {name} from {n} photo(s).").format(
                name=html.escape(person.name), n=count
            )
            text = enrolled + "<br>" + text
            self._after_enroll(person)
        self.state.setText(text or self.tr("No photo could be used."))
        self._reset()

    def _after_enroll(self, person: Person) -> None:
        self._host.configure(mode="recognize")
        self.enrolled.emit(person)

    def _reset(self) -> None:
        self.workflow.reset()
        self._host.configure(mode="recognize")
        self.busy_changed.emit()
