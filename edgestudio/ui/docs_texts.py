"""The sentences of the document index (``tasks/chat/docs``) for translation: the templates
of its ``Text`` messages and its fixed messages and hints. ``ui/i18n.py`` adds them to the
lower-layer texts; ``tr_message`` translates them."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:

    def QT_TRANSLATE_NOOP(context: str, text: str) -> str: ...  # Qt's name

else:
    from PySide6.QtCore import QT_TRANSLATE_NOOP

DOCS_TEXTS = (
    QT_TRANSLATE_NOOP("Messages", "The documents do not say."),
    QT_TRANSLATE_NOOP("Messages", "This document cannot be indexed"),
    QT_TRANSLATE_NOOP(
        "Messages",
        "{name} is written mostly in a script the embedding model does not know ({script}): it is "
        "found by its words only, not by meaning.",
    ),
    QT_TRANSLATE_NOOP("Messages", "Reading {name}…"),
    QT_TRANSLATE_NOOP("Messages", "Saving {name}…"),
    QT_TRANSLATE_NOOP("Messages", "Indexing {name}: passage {done} of {total}…"),
    QT_TRANSLATE_NOOP("Messages", "{count} document(s) indexed."),
    QT_TRANSLATE_NOOP("Messages", "Several documents are called {name}."),
    QT_TRANSLATE_NOOP("Messages", "Give its full path or its id instead."),
    QT_TRANSLATE_NOOP("Messages", "{name} is not in the documents."),
    QT_TRANSLATE_NOOP("Messages", "{path} does not exist."),
    QT_TRANSLATE_NOOP("Messages", "Check the path."),
    QT_TRANSLATE_NOOP(
        "Messages", "{message} {name} was not indexed; the documents indexed before it are kept."
    ),
    QT_TRANSLATE_NOOP("Messages", "Indexing was cancelled; the documents indexed before are kept."),
    QT_TRANSLATE_NOOP("Messages", "{name} is empty (0 bytes)."),
    QT_TRANSLATE_NOOP("Messages", "Choose a file with text in it."),
    QT_TRANSLATE_NOOP("Messages", "{name} is too large to index ({mb} MB)."),
    QT_TRANSLATE_NOOP("Messages", "Split it into smaller files."),
    QT_TRANSLATE_NOOP("Messages", "{name} is not a document EdgeStudio can read."),
    QT_TRANSLATE_NOOP("Messages", "Documents can be PDF, Markdown, HTML, plain text or DOCX."),
    QT_TRANSLATE_NOOP("Messages", "{name} has no text in it."),
    QT_TRANSLATE_NOOP(
        "Messages",
        "{name} has no text layer: it looks scanned (pages as pictures). EdgeStudio does not read "
        "text in pictures.",
    ),
    QT_TRANSLATE_NOOP("Messages", "Add a version with text (the original file, or a PDF saved after OCR)."),
    QT_TRANSLATE_NOOP("Messages", "Pages without text (scanned?) were skipped: {pages}."),
    QT_TRANSLATE_NOOP("Messages", "{name} does not exist."),
    QT_TRANSLATE_NOOP("Messages", "{name} cannot be read: {reason}."),
    QT_TRANSLATE_NOOP("Messages", "{name} is protected by a password, so its text cannot be read."),
    QT_TRANSLATE_NOOP("Messages", "Save an unprotected copy (print it to PDF) and add that."),
    QT_TRANSLATE_NOOP("Messages", "{name} is a damaged PDF: {reason}."),
    QT_TRANSLATE_NOOP("Messages", "{name} is a damaged Word document: {reason}."),
    QT_TRANSLATE_NOOP("Messages", "The document embedding model is not installed."),
)
