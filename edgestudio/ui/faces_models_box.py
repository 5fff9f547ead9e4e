"""FacesModelsBox: the Faces tab's models and where they run: the face detector (with the
optimizer's button), the face recognizer (embedder), and the runtime picker Detect uses
(``widgets.runtime_picker.RuntimePicker``), which offers the site server when one is set in
Settings and says why not otherwise (issue 17).

On the site server both models run there when it serves them (CenterFace or BlazeFace and
FaceRes; dlib runs here), each with the same model on this device as its fallback; the
session's key names the runtime, so a change loads the models again.

GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from edgestudio.core.hardware import DeviceReport
from edgestudio.core.types import TASK_FACE_DETECTION
from edgestudio.tasks.faces.blazeface import MODEL_FORMAT as BLAZEFACE_FORMAT
from edgestudio.tasks.faces.detector import FACE_DETECTORS
from edgestudio.tasks.faces.detector import MODEL_FORMAT as CENTERFACE_FORMAT
from edgestudio.tasks.faces.embedder import DEFAULT_FACE_EMBEDDER, FACE_EMBEDDERS
from edgestudio.ui.tab_protocol import mark_admin_only
from edgestudio.ui.widgets.eliding_combo import ElidingComboBox
from edgestudio.ui.widgets.runtime_picker import RuntimePicker
from edgestudio.ui.widgets.site_state_note import SITE_RUNTIME

LOCAL_ONLY_EMBEDDERS = ("dlib",)  # the site server serves FaceRes, not dlib
DETECTOR_FORMATS = {"centerface": CENTERFACE_FORMAT, "blazeface": BLAZEFACE_FORMAT}


class FacesModelsBox(QGroupBox):
    """The face models and their runtime. ``runtime_changed`` when the detector or its
    runtime changes (the next recognition loads them); ``embedder_changed`` when the
    recognizer changes."""

    runtime_changed = Signal()
    embedder_changed = Signal()
    optimize_requested = Signal(str)  # the face detector's id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Models"))
        self.face_detector = ElidingComboBox(elide=Qt.TextElideMode.ElideRight)
        for detector_id, label in FACE_DETECTORS.items():
            self.face_detector.addItem(label, detector_id)
        self.face_detector.setToolTip(
            self.tr("The model that finds faces; the next start of the camera uses it.")
        )
        self.optimize_button = QPushButton(self.tr("Optimize…"))
        self.optimize_button.setToolTip(
            self.tr("Build faster versions of the face detector, check their accuracy and deploy one")
        )
        self.optimize_button.clicked.connect(lambda: self.optimize_requested.emit(self.detector_id()))
        mark_admin_only(self.optimize_button)
        self.face_embedder = ElidingComboBox(elide=Qt.TextElideMode.ElideRight)
        for embedder_id, spec in FACE_EMBEDDERS.items():
            self.face_embedder.addItem(spec.label, embedder_id)
        self.face_embedder.setToolTip(
            self.tr(
                "The model that tells people apart. Each keeps its own templates: people enrolled "
                "with one are recognised only with that one."
            )
        )
        self.runtime = RuntimePicker(TASK_FACE_DETECTION)
        self.embedder_note = QLabel("")  # on the site server: dlib still runs here
        self.embedder_note.setWordWrap(True)
        self.embedder_note.hide()
        layout = QVBoxLayout(self)
        for label, combo in ((self.tr("Face detector"), self.face_detector),
                             (self.tr("Face recognizer"), self.face_embedder)):  # fmt: skip
            row = QHBoxLayout()
            row.addWidget(QLabel(label))
            row.addWidget(combo, 1)
            if combo is self.face_detector:
                row.addWidget(self.optimize_button)
            layout.addLayout(row)
        layout.addWidget(self.runtime)
        layout.addWidget(self.embedder_note)
        self.face_detector.currentIndexChanged.connect(self._on_detector)
        self.face_embedder.currentIndexChanged.connect(lambda _i: self._on_embedder())
        self.runtime.changed.connect(self._on_runtime)
        self._on_detector()

    # -- what the tab asks -------------------------------------------------------------------
    def detector_id(self) -> str:
        return str(self.face_detector.currentData() or "")

    def embedder_id(self) -> str:
        return str(self.face_embedder.currentData() or DEFAULT_FACE_EMBEDDER)

    def on_site_server(self) -> bool:
        """Whether the site server is chosen for the face models."""
        return self.runtime.selection()[0] == SITE_RUNTIME

    def runtimes(self) -> tuple[str, str, str]:
        """(detector runtime, its device, recognizer runtime); "" = ranked at load."""
        backend, device = self.runtime.selection()
        embedder = (
            SITE_RUNTIME if backend == SITE_RUNTIME and self.embedder_id() not in LOCAL_ONLY_EMBEDDERS else ""
        )
        return backend, device, embedder

    def set_device_report(self, report: DeviceReport) -> None:
        """The runtimes that serve face detection here (the site server among them). Keeps the
        choice when it still works, else the best-ranked one."""
        self.runtime.set_report(report, *self.runtime.selection())

    def set_busy(self, busy: bool) -> None:
        """During an enrollment the recognizer stays as it is."""
        self.face_embedder.setEnabled(not busy)

    # -- internals ---------------------------------------------------------------------------
    def _on_detector(self, *_args: object) -> None:
        self.runtime.set_model_format(DETECTOR_FORMATS.get(self.detector_id()))
        self._on_runtime()

    def _on_embedder(self) -> None:
        self._update_note()
        self.embedder_changed.emit()

    def _on_runtime(self) -> None:
        self._update_note()
        self.runtime_changed.emit()

    def _update_note(self) -> None:
        local = self.on_site_server() and self.embedder_id() in LOCAL_ONLY_EMBEDDERS
        self.embedder_note.setText(
            self.tr("{0} runs on this device; the site server runs the face detector.").format(
                self.face_embedder.currentText().split(" (")[0]
            )
            if local
            else ""
        )
        self.embedder_note.setVisible(local)
