"""DataPage: the pictures (or speech, or text) the optimizer calibrates on and judges with.

The packaged defaults, or the user's own folder or video for each set, with counts. A folder
that holds nothing usable is refused here, with the reason, before any work starts; the
child process checks each picture again when it reads them (flat or tiny ones)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from edgestudio.core.video import VIDEO_SUFFIXES
from edgestudio.optimize.data import IMAGE_SUFFIXES, MIN_IMAGES
from edgestudio.ui.optimize_pages.state import WizardState

VISION_TASKS = ("detect", "faces")


class _DataSetBox(QGroupBox):
    """One set (calibration or validation): packaged, or a folder or video; and a count."""

    def __init__(self, title: str, default_count: int, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.packaged = QRadioButton(self.tr("Packaged photos (shipped with the app, with their sources)"))
        self.own = QRadioButton(self.tr("My own folder of pictures, or a video"))
        group = QButtonGroup(self)
        group.addButton(self.packaged)
        group.addButton(self.own)
        self.packaged.setChecked(True)
        self.location = QLineEdit()
        self.location.setPlaceholderText(self.tr("a folder of JPEG/PNG pictures, or a video file"))
        self.folder_button = QPushButton(self.tr("Folder…"))
        self.video_button = QPushButton(self.tr("Video…"))
        self.count = QSpinBox()
        self.count.setRange(MIN_IMAGES, 500)
        self.count.setValue(default_count)
        self.count.setSuffix(self.tr(" pictures"))
        row = QHBoxLayout()
        row.addWidget(self.location, 1)
        row.addWidget(self.folder_button)
        row.addWidget(self.video_button)
        grid = QGridLayout(self)
        grid.addWidget(self.packaged, 0, 0, 1, 2)
        grid.addWidget(self.own, 1, 0, 1, 2)
        grid.addLayout(row, 2, 0, 1, 2)
        grid.addWidget(QLabel(self.tr("How many")), 3, 0)
        grid.addWidget(self.count, 3, 1, Qt.AlignmentFlag.AlignLeft)
        grid.setColumnStretch(1, 1)
        self.own.toggled.connect(self._update)
        self.folder_button.clicked.connect(self._choose_folder)
        self.video_button.clicked.connect(self._choose_video)
        self._update()

    def _update(self, *_args: object) -> None:
        for widget in (self.location, self.folder_button, self.video_button):
            widget.setEnabled(self.own.isChecked())

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose a folder of pictures"))
        if folder:
            self.location.setText(folder)

    def _choose_video(self) -> None:
        patterns = " ".join(f"*{s}" for s in VIDEO_SUFFIXES)
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a video"), "", self.tr("Videos ({0})").format(patterns)
        )
        if path:
            self.location.setText(path)

    def chosen(self) -> str:
        """The folder or video, or "" for the packaged photos."""
        return self.location.text().strip() if self.own.isChecked() else ""

    def use(self, location: str) -> None:
        """Choose ``location`` ("" = the packaged photos)."""
        self.own.setChecked(bool(location))
        self.packaged.setChecked(not location)
        self.location.setText(location)


class DataPage(QWizardPage):
    """GUI thread only. Fills the data fields of the wizard's state."""

    def __init__(self, state: WizardState) -> None:
        super().__init__()
        self.state = state
        self.setTitle(self.tr("Data"))
        self.setSubTitle(
            self.tr(
                "Quantizers learn the value ranges from the calibration set; the accuracy gate "
                "compares each candidate with the original on the validation set. Keep them apart."
            )
        )
        self.calibration = _DataSetBox(self.tr("Calibration"), state.calibration_count)
        self.validation = _DataSetBox(self.tr("Validation"), state.validation_count)
        self.rounds = QSpinBox()
        self.rounds.setRange(0, 100)
        self.rounds.setSpecialValueText(self.tr("the task's default"))
        self.rounds.setToolTip(
            self.tr("How many times each candidate is timed, alternating with the original")
        )
        timing = QHBoxLayout()
        timing.addWidget(QLabel(self.tr("Timing rounds")))
        timing.addWidget(self.rounds)
        timing.addStretch(1)
        self.error = QLabel("")
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setStyleSheet("color: #d32f2f; font-weight: 600")  # red reads on light and dark
        layout = QVBoxLayout(self)
        layout.addWidget(self.calibration)
        layout.addWidget(self.validation)
        layout.addLayout(timing)
        layout.addWidget(self.error)
        layout.addStretch(1)

    def initializePage(self) -> None:
        vision = self.state.task in VISION_TASKS
        self.calibration.setVisible(vision)
        self.validation.packaged.setText(
            self.tr("Packaged photos (shipped with the app, with their sources)")
            if vision
            else self.tr("Packaged data (shipped with the app, with its sources)")
        )
        self.calibration.use(self.state.calibration)
        self.validation.use(self.state.validation)
        self.calibration.count.setValue(self.state.calibration_count)
        self.validation.count.setValue(self.state.validation_count)
        self.rounds.setValue(self.state.rounds)
        self.error.setText("")

    def validatePage(self) -> bool:
        """Refuse an empty or unusable folder now, with the reason; else keep the choices."""
        vision = self.state.task in VISION_TASKS
        calibration = self.calibration.chosen() if vision else ""
        validation = self.validation.chosen()
        problem = ""
        for name, location, box in (
            (self.tr("calibration"), calibration, self.calibration),
            (self.tr("validation"), validation, self.validation),
        ):
            if box.own.isChecked() and not location:
                problem = self.tr(
                    "Choose a folder or a video for the {0} set, or use the packaged data."
                ).format(name)
            elif location and vision:
                problem = self._check_vision(name, Path(location).expanduser())
            elif location and not Path(location).expanduser().exists():
                problem = self.tr("{0} does not exist.").format(location)
            if problem:
                break
        if not problem and calibration and calibration == validation:
            problem = self.tr(
                "The calibration and validation sets are the same: the gate must judge on pictures the "
                "quantizer has not seen. Choose two different folders, or keep the packaged "
                "validation photos."
            )
        self.error.setText(problem)
        if problem:
            return False
        self.state.calibration, self.state.validation = calibration, validation
        self.state.calibration_count = self.calibration.count.value()
        self.state.validation_count = self.validation.count.value()
        self.state.rounds = self.rounds.value()
        return True

    def _check_vision(self, name: str, path: Path) -> str:
        """Why ``path`` cannot be a set of pictures, or "" when it looks usable."""
        if not path.exists():
            return self.tr("The {0} folder {1} does not exist.").format(name, path)
        if path.is_file():
            if path.suffix.lower() in VIDEO_SUFFIXES:
                return ""
            return self.tr("{0} is neither a folder of pictures nor a video (MP4, AVI, MKV…).").format(
                path.name
            )
        pictures = [p for p in path.iterdir() if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES]
        if not pictures:
            return self.tr("The {0} folder {1} holds no pictures (JPEG, PNG, BMP, WebP or TIFF).").format(
                name, path
            )
        if len(pictures) < MIN_IMAGES:
            return self.tr(
                "The {0} folder holds {1} pictures; at least {2} are needed (24-48 work well)."
            ).format(name, len(pictures), MIN_IMAGES)
        return ""
