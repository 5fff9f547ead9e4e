"""The GUI's languages: Qt translators for EdgeStudio's strings and Qt's own dialogs, the
locale used for numbers, dates and sizes, and a check that Chinese glyphs can be drawn.

Sources are ``edgestudio/i18n/edgestudio_<lang>.ts`` (made with ``pyside6-lupdate`` by
``scripts/i18n.sh update``); the ``.qm`` files are compiled from them by ``pyside6-lrelease`` at
install and bundle time and are not committed. Everything here runs on the GUI thread.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QDateTime, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QImage, QPainter

from edgestudio.core.errors import ErrorInfo

if TYPE_CHECKING:
    # Qt's stubs say the marker returns ``object``; it returns the text it was given.
    def QT_TRANSLATE_NOOP(context: str, text: str) -> str: ...  # Qt's name
else:
    from PySide6.QtCore import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)

TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "i18n"
SOURCE_LANGUAGE = "en"
# Language codes the GUI speaks, with their names written in that language.
LANGUAGES: dict[str, str] = {"en": "English", "zh_CN": "简体中文"}
CJK_FONT_HINT = "sudo apt-get install fonts-wqy-microhei (or fonts-noto-cjk)"


@dataclass(frozen=True)
class LanguageChoice:
    """What ``install_translators`` set up: the language, and why it fell short if it did."""

    language: str
    problems: tuple[str, ...] = ()


def resolve_language(setting: str, system_locale: QLocale | None = None) -> str:
    """The language to show for a setting of "system", "en" or "zh_CN"."""
    if setting in LANGUAGES:
        return setting
    locale = system_locale or QLocale.system()
    # Simplified Chinese unless the locale asks for the traditional script.
    chinese = locale.language() == QLocale.Language.Chinese
    if chinese and locale.script() != QLocale.Script.TraditionalChineseScript:
        return "zh_CN"
    return SOURCE_LANGUAGE


def translation_file(language: str) -> Path:
    return TRANSLATIONS_DIR / f"edgestudio_{language}.qm"


def install_translators(app: QCoreApplication, setting: str) -> LanguageChoice:
    """Load the translators for ``setting`` into ``app`` and set the default locale.

    Keeps the translator objects alive by parenting them to the application."""
    language = resolve_language(setting)
    QLocale.setDefault(QLocale(language))
    for old in app.findChildren(QTranslator, "edgestudio-translator"):
        app.removeTranslator(old)
        old.deleteLater()
    if language == SOURCE_LANGUAGE:
        return LanguageChoice(language)
    problems: list[str] = []
    ours = translation_file(language)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for path in (ours, Path(qt_dir) / f"qtbase_{language}.qm"):
        translator = QTranslator(app)
        translator.setObjectName("edgestudio-translator")
        if translator.load(str(path)):
            app.installTranslator(translator)
        else:
            translator.deleteLater()
            problems.append(f"translation file {path} is missing (run scripts/install.sh to compile it)")
    if not cjk_font_available():
        problems.append(f"no Chinese font is installed: {CJK_FONT_HINT}")
    for problem in problems:
        log.warning("language %s: %s", language, problem)
    return LanguageChoice(language, tuple(problems))


def cjk_font_available() -> bool:
    """Whether some installed font covers Simplified Chinese."""
    return bool(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))


def glyphs_render(text: str, font: QFont | None = None) -> bool:
    """Whether each character of ``text`` is drawn as its own glyph (not the same "tofu" box).

    Draws every character alone and compares the images: missing glyphs all come out alike."""
    images: set[bytes] = set()
    for char in text:
        image = QImage(48, 48, QImage.Format.Format_Grayscale8)
        image.fill(255)
        painter = QPainter(image)
        painter.setFont(font or QFont())
        painter.drawText(4, 36, char)
        painter.end()
        data = bytes(image.constBits())
        if data.count(255) == len(data):  # nothing drawn at all
            return False
        images.add(data)
    return len(images) == len(set(text))


def format_size(num_bytes: int) -> str:
    """A byte count for the current locale ("1.5 MB", "1.5 MB" in Chinese as Qt writes it)."""
    return QLocale().formattedDataSize(num_bytes, 1, QLocale.DataSizeFormat.DataSizeSIFormat)


def format_number(value: float, decimals: int = 1) -> str:
    """A number with the locale's separators."""
    return QLocale().toString(float(value), "f", decimals)


def format_time(timestamp: float) -> str:
    """A date and time (seconds since the epoch) in the locale's short format."""
    moment = QDateTime.fromMSecsSinceEpoch(int(timestamp * 1000))
    return QLocale().toString(moment, QLocale.FormatType.ShortFormat)


# Fixed English texts that reach the GUI from the layers below ui/ (which have no Qt): error
# titles, enrollment verdicts, the consent line. They are translated whole when shown; a
# text not listed here (one with numbers or file names in it) is shown as it came.
MESSAGES_CONTEXT = "Messages"
LOWER_LAYER_TEXTS = (
    QT_TRANSLATE_NOOP("Messages", "Something went wrong"),
    QT_TRANSLATE_NOOP("Messages", "Unexpected error"),
    QT_TRANSLATE_NOOP("Messages", "The details are in the log file."),
    QT_TRANSLATE_NOOP("Messages", "The model could not be loaded"),
    QT_TRANSLATE_NOOP("Messages", "This file is not a model EdgeStudio can use"),
    QT_TRANSLATE_NOOP("Messages", "This runtime is not available"),
    QT_TRANSLATE_NOOP("Messages", "The model failed while running"),
    QT_TRANSLATE_NOOP("Messages", "The model could not be converted"),
    QT_TRANSLATE_NOOP("Messages", "The video source could not be used"),
    QT_TRANSLATE_NOOP("Messages", "The file could not be read"),
    QT_TRANSLATE_NOOP("Messages", "The settings could not be read"),
    QT_TRANSLATE_NOOP("Messages", "Data could not be saved"),
    QT_TRANSLATE_NOOP("Messages", "The disk is full"),
    QT_TRANSLATE_NOOP("Messages", "The data folder is read-only"),
    QT_TRANSLATE_NOOP("Messages", "A data file is damaged"),
    QT_TRANSLATE_NOOP("Messages", "This input cannot be used"),
    QT_TRANSLATE_NOOP("Messages", "Cancelled"),
    QT_TRANSLATE_NOOP("Messages", "The operation was cancelled."),
    QT_TRANSLATE_NOOP("Messages", "Wrong PIN"),
    QT_TRANSLATE_NOOP("Messages", "The face gallery is locked"),
    QT_TRANSLATE_NOOP("Messages", "No video source was chosen."),
    QT_TRANSLATE_NOOP("Messages", "Pick a camera, a file or a stream URL."),
    QT_TRANSLATE_NOOP("Messages", "There is no picture to save yet."),
    QT_TRANSLATE_NOOP("Messages", "There is no conversation to export."),
    QT_TRANSLATE_NOOP("Messages", "No face in view: look at the camera."),
    QT_TRANSLATE_NOOP("Messages", "The photo shows no face: choose a photo of the person's face."),
    QT_TRANSLATE_NOOP("Messages", "Hold still: the picture is blurred."),
    QT_TRANSLATE_NOOP("Messages", "Look straight at the camera: the face is turned too far."),
    QT_TRANSLATE_NOOP("Messages", "Same as an earlier capture: turn your head a little."),
    QT_TRANSLATE_NOOP("Messages", "Good capture."),
    # core.types.TASK_LABELS
    QT_TRANSLATE_NOOP("Messages", "Object detection"),
    QT_TRANSLATE_NOOP("Messages", "Face detection"),
    QT_TRANSLATE_NOOP("Messages", "Face recognition (embedding)"),
    QT_TRANSLATE_NOOP("Messages", "Speech"),
    QT_TRANSLATE_NOOP("Messages", "Chat"),
    QT_TRANSLATE_NOOP(
        "Messages",
        "I agree that this kiosk stores a mathematical template of my face, encrypted, to recognise "
        "me. I can ask for my record and for its deletion at any time.",
    ),
)


def tr_message(text: str) -> str:
    """``text`` from a lower layer in the GUI's language, when it is one of the known texts."""
    return QCoreApplication.translate(MESSAGES_CONTEXT, text) if text else text


def error_title(error: ErrorInfo) -> str:
    """The error's title in the GUI's language."""
    return tr_message(error.title)


def error_text(error: ErrorInfo) -> str:
    """The error's message and hint, each translated when it is a known text."""
    return " ".join(part for part in (tr_message(error.message), tr_message(error.hint)) if part)
