"""Moving the face gallery to a new device from the real Faces tab: the export for a new device
(admin PIN again, a recovery code shown once with a copy button, or a passphrase) and the
import on a fresh gallery of another device (its own device key, handed over as the kiosk
service gets it: ``$CREDENTIALS_DIRECTORY``). Bad input (wrong PIN or code, weak passphrase or
PIN, a file that is not an export, a gallery no longer empty, a read-only or full disk) says
why and loses nothing; in English and in Chinese. Disk faults are injected at the write."""

from __future__ import annotations

import errno
import os
import re
import sqlite3
import tempfile
from pathlib import Path
from typing import TypeVar

import cv2
import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from edgestudio.context import AppContext
from edgestudio.core.device_key import CREDENTIAL_NAME
from edgestudio.core.paths import AppPaths
from edgestudio.tasks.faces import gallery_export
from edgestudio.tasks.faces.admin_pin import AdminPin
from edgestudio.tasks.faces.gallery import Gallery
from edgestudio.ui import i18n
from edgestudio.ui.faces_tab import GATE_PAGE, MAIN_PAGE, FacesTab
from edgestudio.ui.gallery_export_dialog import GalleryExportDialog
from edgestudio.ui.gallery_import_dialog import GalleryImportDialog
from tests import face_media
from tests.test_i18n import compiled_translations  # noqa: F401 - a fixture

OLD_PIN, NEW_PIN = "482916", "730519"  # device-bound galleries: 6 digits, not obvious
CODE_SHAPE = re.compile(r"^([A-Z2-9]{5}-){4}[A-Z2-9]{5}$")
Shown = TypeVar("Shown", bound=QWidget)
SHOTS = Path(os.environ["EDGESTUDIO_TEST_SHOTS"]) if os.environ.get("EDGESTUDIO_TEST_SHOTS") else None


def shoot(widget: QWidget, name: str, tmp_path: Path) -> None:
    QApplication.processEvents()
    folder = SHOTS or tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    assert widget.grab().save(str(folder / name))


def device(base: Path, secret: bytes, monkeypatch: pytest.MonkeyPatch) -> AppContext:
    """An app context with its own data folder and device key, handed over as systemd hands it
    to the kiosk service."""
    creds = base / "credentials"
    creds.mkdir(parents=True)
    (creds / CREDENTIAL_NAME).write_bytes(secret)
    monkeypatch.setenv("EDGESTUDIO_HOME", str(base / "home"))
    monkeypatch.setenv("CREDENTIALS_DIRECTORY", str(creds))
    ctx = AppContext.create(AppPaths.default())
    assert ctx.device_key().key is not None
    return ctx


def faces_tab(qtbot, ctx: AppContext) -> FacesTab:
    tab = FacesTab(ctx)
    qtbot.addWidget(tab)
    tab.resize(1280, 800)
    tab.show()
    return tab


def found(parent: QWidget, kind: type[Shown]) -> Shown:
    """The open dialog of ``kind`` under ``parent``."""
    dialog = parent.findChild(kind)
    assert isinstance(dialog, kind)
    return dialog


def fail_with(code: int):
    def fail(*_args: object, **_kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    return fail


def full_disk(*_args: object) -> None:
    """SQLite's answer when the disk fills up during the import's write."""
    error = sqlite3.OperationalError("database or disk is full")
    error.sqlite_errorcode = sqlite3.SQLITE_FULL
    raise error


def export_with_code(qtbot, tab: FacesTab, target: Path, monkeypatch, tmp_path: Path) -> str:
    """Drive the export dialog through its refusals to a written export; the recovery code."""
    tab.people_panel.move_button.click()
    dialog = found(tab, GalleryExportDialog)
    assert dialog.isVisible()
    dialog.file.setText(str(target))
    dialog.pin.setText("000111")
    dialog.export_button.click()
    assert "cannot be read with this PIN" in dialog.state.text() and not target.exists()
    dialog.pin.setText(OLD_PIN)
    dialog.use_passphrase.setChecked(True)
    dialog.passphrase.setText("too short")
    dialog.repeat.setText("too short")
    dialog.export_button.click()
    assert "at least 12 characters" in dialog.state.text() and not target.exists()
    assert dialog.pin.text() == OLD_PIN and dialog.file.text() == str(target), "the form is kept"
    dialog.use_code.setChecked(True)
    with monkeypatch.context() as fault:
        fault.setattr(tempfile, "mkstemp", fail_with(errno.EROFS))
        dialog.export_button.click()
    assert "is read-only" in dialog.state.text()
    assert not target.exists() and dialog.stack.currentIndex() == 0
    shoot(dialog, "faces-export-error-en.png", tmp_path)
    dialog.export_button.click()
    assert dialog.stack.currentIndex() == 1, dialog.state.text()
    code = dialog.code.text()
    assert CODE_SHAPE.match(code) and dialog.code.isVisible() and "keep it safe" in dialog.code_warning.text()
    assert "1 people were exported" in dialog.outcome.text()
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == code
    shoot(dialog, "faces-export-code-en.png", tmp_path)
    assert (target.stat().st_mode & 0o777) == 0o600
    dialog.done_button.click()
    qtbot.waitUntil(lambda: tab.findChild(GalleryExportDialog) is None)
    return code


def test_export_with_a_recovery_code_and_import_on_a_new_device(qtbot, tmp_path: Path, monkeypatch) -> None:
    photo = tmp_path / "grace.png"
    cv2.imwrite(str(photo), face_media.grace())
    old = faces_tab(qtbot, device(tmp_path / "old", b"o" * 32, monkeypatch))
    assert old.gate.import_button.isVisible(), "a fresh gallery offers the import"
    old.gate.pin.setText(OLD_PIN)
    old.gate.repeat.setText(OLD_PIN)
    old.gate.button.click()
    assert old.stack.currentIndex() == MAIN_PAGE
    old.consent.setChecked(True)
    with qtbot.waitSignal(old.enrolled, timeout=60_000):
        old.enroll_from_photos("Grace", [photo])
    target = tmp_path / "usb" / "faces.esgallery"
    code = export_with_code(qtbot, old, target, monkeypatch, tmp_path)
    exports = [e for e in old.gallery.audit_entries() if e.action == "export-for-move"]
    assert len(exports) == 1 and "recovery code" in exports[0].detail
    old.shutdown()

    new = faces_tab(qtbot, device(tmp_path / "new", b"n" * 32, monkeypatch))
    kiosk_pin = AdminPin(new.gallery.path.parent, device=new.gallery.device)  # the kiosk drawer's
    assert new.stack.currentIndex() == GATE_PAGE and new.gate.import_button.isVisible()
    new.gate.import_button.click()
    dialog = found(new, GalleryImportDialog)
    assert dialog.isVisible()
    notes = tmp_path / "notes.txt"
    notes.write_text("not an export")
    dialog.file.setText(str(notes))
    dialog.passphrase.setText(code)
    dialog.pin.setText(NEW_PIN)
    dialog.repeat.setText(NEW_PIN)
    dialog.import_button.click()
    assert "not an EdgeStudio face gallery export" in dialog.state.text()
    dialog.file.setText(str(target))
    dialog.pin.setText("123456")
    dialog.repeat.setText("123456")
    dialog.import_button.click()
    assert "run of consecutive digits" in dialog.state.text()
    dialog.pin.setText(NEW_PIN)
    dialog.repeat.setText(NEW_PIN)
    dialog.passphrase.setText("AAAAA-BBBBB-CCCCC-DDDDD-EEEEE")
    dialog.import_button.click()
    assert "cannot be opened with this passphrase or recovery code" in dialog.state.text()
    dialog.passphrase.setText(code.replace("-", "").lower())  # as someone may type it
    with monkeypatch.context() as fault:
        fault.setattr(gallery_export, "copy_into", full_disk)
        dialog.import_button.click()
    assert "The disk is full" in dialog.state.text() and "nothing was changed" in dialog.state.text()
    assert not new.gallery.has_pin and new.stack.currentIndex() == GATE_PAGE, "still the fresh gallery"
    shoot(dialog, "faces-import-error-en.png", tmp_path)
    dialog.import_button.click()
    assert dialog.people == 1 and not dialog.isVisible(), dialog.state.text()
    assert new.stack.currentIndex() == MAIN_PAGE and new.people.count() == 1
    assert new.gallery.binding == "device" and new.gallery.device_key is not None
    assert "import" in [e.action for e in new.gallery.audit_entries()]
    assert new.gallery.verify_audit() is None
    assert kiosk_pin.has_pin and kiosk_pin.check(NEW_PIN).accepted, "the kiosk drawer follows the import"
    kiosk_pin.close()
    new.lock()
    assert new.gate.import_button.isHidden(), "a gallery with a PIN offers no import"
    new.gate.pin.setText(NEW_PIN)
    new.gate.button.click()
    assert new.stack.currentIndex() == MAIN_PAGE and new.gallery.people()[0].name == "Grace"
    new.shutdown()


def test_a_gallery_that_is_no_longer_empty_is_not_replaced_in_chinese(
    qtbot,
    tmp_path: Path,
    monkeypatch,
    compiled_translations,  # noqa: F811 - the fixture imported above
) -> None:
    old_ctx = device(tmp_path / "old", b"o" * 32, monkeypatch)
    source = Gallery(old_ctx.paths.data_dir / "faces.db", device=old_ctx.device_key())
    source.set_pin(OLD_PIN)
    export = gallery_export.export_gallery(source, tmp_path / "move.esgallery", "a long passphrase here")
    source.close()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    i18n.install_translators(app, "zh_CN")
    try:
        tab = faces_tab(qtbot, device(tmp_path / "new", b"n" * 32, monkeypatch))
        assert tab.gate.import_button.text() == "从另一台设备导入…"
        tab.gate.import_button.click()
        dialog = found(tab, GalleryImportDialog)
        shoot(dialog, "faces-import-zh.png", tmp_path)
        # Meanwhile the kiosk drawer chose the admin PIN: the gallery is no longer fresh.
        kiosk_pin = AdminPin(tab.gallery.path.parent, device=tab.gallery.device)
        kiosk_pin.set_pin("864209")
        dialog.file.setText(str(export.path))
        dialog.passphrase.setText("a long passphrase here")
        dialog.pin.setText(NEW_PIN)
        dialog.repeat.setText(NEW_PIN)
        dialog.import_button.click()
        shown = dialog.state.text()
        assert "已经有一个人脸库" in shown and "nothing" not in shown, shown
        shoot(dialog, "faces-import-refused-zh.png", tmp_path)
        assert kiosk_pin.check("864209").accepted, "the gallery and its PIN are untouched"
        kiosk_pin.close()
        dialog.reject()
        assert tab.gate.import_button.isHidden(), "the gate now asks for the PIN the drawer chose"
        tab.gate.pin.setText("864209")
        tab.gate.button.click()
        assert tab.stack.currentIndex() == MAIN_PAGE
        tab.people_panel.move_button.click()
        exporter = found(tab, GalleryExportDialog)
        exporter.pin.setText("864209")
        exporter.file.setText(str(tmp_path / "again.esgallery"))
        exporter.export_button.click()
        assert "请" in exporter.code_warning.text() and CODE_SHAPE.match(exporter.code.text())
        shoot(exporter, "faces-export-code-zh.png", tmp_path)
        exporter.done_button.click()
        tab.shutdown()
    finally:
        i18n.install_translators(app, "en")
