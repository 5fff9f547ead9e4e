"""Light and dark themes: Qt's Fusion style with a palette chosen from the setting or, for
"system", from the desktop's colour scheme. Custom-painted widgets take their colours from
the palette (``palette().color(...)``) or from ``accent_colors`` so they read in both.

GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

THEMES = ("system", "light", "dark")


def resolve_theme(setting: str) -> str:
    """ "light" or "dark" for a setting of "system", "light" or "dark"."""
    if setting in ("light", "dark"):
        return setting
    hints = QGuiApplication.styleHints()
    return "dark" if hints.colorScheme() == Qt.ColorScheme.Dark else "light"


def _dark_palette() -> QPalette:
    palette = QPalette()
    window, base, text = QColor(0x2B, 0x2D, 0x31), QColor(0x1E, 0x1F, 0x22), QColor(0xE6, 0xE6, 0xE6)
    disabled = QColor(0x80, 0x80, 0x80)
    roles = {
        QPalette.ColorRole.Window: window,
        QPalette.ColorRole.WindowText: text,
        QPalette.ColorRole.Base: base,
        QPalette.ColorRole.AlternateBase: QColor(0x33, 0x35, 0x3A),
        QPalette.ColorRole.ToolTipBase: QColor(0x3C, 0x3F, 0x45),
        QPalette.ColorRole.ToolTipText: text,
        QPalette.ColorRole.PlaceholderText: QColor(0x9A, 0x9A, 0x9A),
        QPalette.ColorRole.Text: text,
        QPalette.ColorRole.Button: QColor(0x3A, 0x3D, 0x42),
        QPalette.ColorRole.ButtonText: text,
        QPalette.ColorRole.BrightText: QColor(0xFF, 0x6B, 0x6B),
        QPalette.ColorRole.Link: QColor(0x6C, 0xB4, 0xFF),
        QPalette.ColorRole.Highlight: QColor(0x35, 0x84, 0xE4),
        QPalette.ColorRole.HighlightedText: QColor(0xFF, 0xFF, 0xFF),
        QPalette.ColorRole.Light: QColor(0x4A, 0x4D, 0x52),
        QPalette.ColorRole.Mid: QColor(0x44, 0x47, 0x4C),
        QPalette.ColorRole.Dark: QColor(0x18, 0x19, 0x1B),
        QPalette.ColorRole.Shadow: QColor(0x0C, 0x0C, 0x0D),
    }
    for role, color in roles.items():
        palette.setColor(role, color)
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return palette


def apply_theme(app: QApplication, setting: str) -> str:
    """Apply the theme for ``setting`` to ``app``; returns "light" or "dark"."""
    theme = resolve_theme(setting)
    app.setStyle("Fusion")
    style = app.style()
    app.setPalette(_dark_palette() if theme == "dark" else style.standardPalette())
    app.setProperty("edgestudio_theme", theme)
    return theme


def is_dark(app: QApplication | None = None) -> bool:
    """Whether the palette in use is dark (a custom painter's test for its own colours)."""
    instance = app or QApplication.instance()
    if not isinstance(instance, QApplication):
        return False
    return instance.palette().color(QPalette.ColorRole.Window).lightness() < 128


def accent_colors(dark: bool) -> dict[str, QColor]:
    """Stage, chart and overlay colours that read on the given background."""
    if dark:
        return {
            "capture": QColor("#7aa2f7"),
            "preprocess": QColor("#9ece6a"),
            "inference": QColor("#f7768e"),
            "postprocess": QColor("#e0af68"),
            "draw": QColor("#bb9af7"),
            "genuine": QColor("#73daca"),
            "impostor": QColor("#ff9e64"),
            "threshold": QColor("#e6e6e6"),
        }
    return {
        "capture": QColor("#1f5fbf"),
        "preprocess": QColor("#2e7d32"),
        "inference": QColor("#c62828"),
        "postprocess": QColor("#b26a00"),
        "draw": QColor("#6a1b9a"),
        "genuine": QColor("#00796b"),
        "impostor": QColor("#d84315"),
        "threshold": QColor("#202020"),
    }
