"""The sentences of a face gallery's move to a new device (``tasks/faces/gallery_export``) and
of failed writes (``core/atomic.write_error``) for translation: the templates of their ``Text``
messages and their fixed hints. ``ui/i18n.py`` adds them to the lower-layer texts;
``tr_message`` translates them."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:

    def QT_TRANSLATE_NOOP(context: str, text: str) -> str: ...  # Qt's name

else:
    from PySide6.QtCore import QT_TRANSLATE_NOOP

FACES_MOVE_TEXTS = (
    # core/atomic.write_error: a write that failed, and what was left as it was.
    QT_TRANSLATE_NOOP("Messages", "The disk is full: {what} could not be saved in {folder}."),
    QT_TRANSLATE_NOOP("Messages", "Free some space and try again; {undone}."),
    QT_TRANSLATE_NOOP("Messages", "{folder} is read-only: {what} could not be saved."),
    QT_TRANSLATE_NOOP(
        "Messages", "Make the folder writable (or mount the disk read-write) and try again; {undone}."
    ),
    QT_TRANSLATE_NOOP("Messages", "{what} could not be saved in {folder}: {error}."),
    QT_TRANSLATE_NOOP("Messages", "nothing was changed"),
    QT_TRANSLATE_NOOP("Messages", "the previous version was kept"),
    QT_TRANSLATE_NOOP("Messages", "The previous version was kept."),
    # tasks/faces/gallery_export.py
    QT_TRANSLATE_NOOP("Messages", "{path} is a folder."),
    QT_TRANSLATE_NOOP("Messages", "Give the name of the export file to write."),
    QT_TRANSLATE_NOOP("Messages", "{path} does not exist."),
    QT_TRANSLATE_NOOP("Messages", "{path} is a folder, not a gallery export."),
    QT_TRANSLATE_NOOP("Messages", "{path} cannot be read: {error}."),
    QT_TRANSLATE_NOOP("Messages", "{name} is not an EdgeStudio face gallery export."),
    QT_TRANSLATE_NOOP("Messages", "{name} is damaged: its header cannot be read."),
    QT_TRANSLATE_NOOP("Messages", "{name} cannot be opened with this passphrase or recovery code."),
    QT_TRANSLATE_NOOP(
        "Messages", "Type it exactly as it was given at the export; the file may also be damaged."
    ),
    QT_TRANSLATE_NOOP("Messages", "There is already a face gallery in {folder}; nothing was imported."),
    QT_TRANSLATE_NOOP(
        "Messages",
        "Import into a fresh data folder, or erase this gallery first (edgestudio kiosk reset-pin).",
    ),
    QT_TRANSLATE_NOOP("Messages", "{name} is damaged: it holds no gallery key check."),
    QT_TRANSLATE_NOOP("Messages", "{name} does not hold a readable gallery: {error}."),
    QT_TRANSLATE_NOOP("Messages", "Nothing was imported."),
    QT_TRANSLATE_NOOP("Messages", "Nothing was exported."),
    QT_TRANSLATE_NOOP("Messages", "the imported gallery"),
)
