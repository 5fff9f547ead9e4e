"""FacesPeoplePanel: the enrolled people of the face gallery with their first photo, and the
buttons that manage them (rename, add captures, delete, export) and the gallery (audit log,
change PIN, calibrate, lock, export for a new device: administrator-only on a kiosk)."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from edgestudio.core.atomic import atomic_write_text
from edgestudio.core.errors import EdgeStudioError
from edgestudio.tasks.faces.gallery import Gallery, Person
from edgestudio.ui.gallery_export_dialog import GalleryExportDialog
from edgestudio.ui.i18n import exception_text, tr_message
from edgestudio.ui.tab_protocol import mark_admin_only


class FacesPeoplePanel(QGroupBox):
    """GUI thread only. Rename, delete, export and Change PIN act on the gallery directly;
    rename and delete emit ``changed`` (the tab then sends the session a new snapshot). The
    audit, calibrate and lock buttons are connected by the tab."""

    changed = Signal()  # the people or their templates changed
    add_captures_requested = Signal(str)  # name of the selected person
    status_message = Signal(str)

    def __init__(self, gallery: Gallery, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("People"))
        self.gallery = gallery
        self.busy = False  # an enrollment is going on: person buttons are disabled
        self.people = QListWidget()
        self.people.setIconSize(QSize(48, 48))
        self.rename_button = QPushButton(self.tr("Rename"))
        self.more_button = QPushButton(self.tr("Add captures"))
        self.delete_button = QPushButton(self.tr("Delete"))
        self.export_button = QPushButton(self.tr("Export…"))
        self.audit_button = QPushButton(self.tr("Audit log…"))
        self.lock_button = QPushButton(self.tr("Lock"))
        self.pin_button = QPushButton(self.tr("Change PIN…"))
        self.calibrate_button = QPushButton(self.tr("Calibrate…"))
        self.move_button = QPushButton(self.tr("Export for a new device…"))
        self.move_button.setToolTip(
            self.tr("Write the whole gallery, sealed with a recovery code or a passphrase, to move it")
        )
        mark_admin_only(self.move_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.people, 1)
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
            layout.addLayout(line)
        layout.addWidget(self.move_button)
        self.rename_button.clicked.connect(self._rename_clicked)
        self.more_button.clicked.connect(self._more_clicked)
        self.delete_button.clicked.connect(self._delete_clicked)
        self.export_button.clicked.connect(self._export_clicked)
        self.pin_button.clicked.connect(self._change_pin_clicked)
        self.move_button.clicked.connect(self.open_move_export)
        self.people.currentItemChanged.connect(lambda *_: self.update_buttons())

    def set_gallery(self, gallery: Gallery) -> None:
        """Show another gallery (a new one after a damaged one was set aside)."""
        self.gallery = gallery
        self.people.clear()
        self.update_buttons()

    def refresh(self) -> None:
        """List the gallery's people (it must be unlocked for their photos)."""
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
        self.update_buttons()

    def clear(self) -> None:
        self.people.clear()
        self.update_buttons()

    def selected(self) -> Person | None:
        item = self.people.currentItem()
        return None if item is None else self.gallery.person(int(item.data(Qt.ItemDataRole.UserRole)))

    def update_buttons(self) -> None:
        selected = self.people.currentItem() is not None
        for button in (self.rename_button, self.more_button, self.delete_button, self.export_button):
            button.setEnabled(selected and not self.busy)

    def delete_person(self, person_id: int) -> None:
        """Erase a person with every template and photo (audited)."""
        self.gallery.delete(person_id)
        self.refresh()
        self.changed.emit()

    def _rename_clicked(self) -> None:
        person = self.selected()
        if person is None:
            return
        name, ok = QInputDialog.getText(self, self.tr("Rename"), self.tr("Name"), text=person.name)
        if ok and name.strip():
            self.gallery.rename(person.id, name)
            self.refresh()
            self.changed.emit()

    def _delete_clicked(self) -> None:
        person = self.selected()
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
        person = self.selected()
        if person is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export record"), f"{person.name}.json", self.tr("JSON (*.json)")
        )
        if path:
            atomic_write_text(Path(path), json.dumps(self.gallery.export_person(person.id), indent=2))
            saved = self.tr("Record of {name} saved to {path}").format(name=person.name, path=path)
            self.status_message.emit(saved)

    def _change_pin_clicked(self) -> None:
        password = QLineEdit.EchoMode.Password
        title = self.tr("Change PIN")
        old, ok = QInputDialog.getText(self, title, self.tr("Current PIN"), password)
        if not ok:
            return
        label = self.tr("New PIN (at least 6 digits, or a passphrase)")
        new, ok = QInputDialog.getText(self, title, label, password)
        if not ok:
            return
        again, ok = QInputDialog.getText(self, title, self.tr("New PIN again"), password)
        if not ok or new != again:
            self.status_message.emit(self.tr("The new PINs differ; the PIN was not changed."))
            return
        try:
            self.gallery.change_pin(old, new)
        except EdgeStudioError as exc:
            self.status_message.emit(f"{tr_message(exc.title)}: {exception_text(exc)}")
            return
        self.status_message.emit(self.tr("The admin PIN was changed."))

    def open_move_export(self) -> GalleryExportDialog:
        """Open the export for a new device (window-modal) and return it; the status bar says
        where the export went once it was written."""
        dialog = GalleryExportDialog(self.gallery, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.exported.connect(
            lambda people, path: self.status_message.emit(
                self.tr("{n} people were exported to {path}.").format(n=people, path=path)
            )
        )
        dialog.open()
        return dialog

    def _more_clicked(self) -> None:
        person = self.selected()
        if person is not None:
            self.add_captures_requested.emit(person.name)
