"""Small shared UI helpers: a labelled slider for thresholds and settings, a scrolling
sidebar of fixed width, and a non-modal warning (the video or the answer keeps running
behind it). GUI thread only."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QComboBox, QLayout, QMessageBox, QScrollArea, QWidget
from superqt import QLabeledDoubleSlider

from edgestudio.core.errors import ErrorInfo
from edgestudio.ui.i18n import error_text, error_title


def labeled_slider(minimum: float, maximum: float, value: float) -> QLabeledDoubleSlider:
    slider = QLabeledDoubleSlider(Qt.Orientation.Horizontal)
    slider.setRange(minimum, maximum)
    slider.setDecimals(2)
    slider.setValue(value)
    return slider


def show_warning(parent: QWidget, error: ErrorInfo) -> None:
    """A non-modal warning box for ``error``, its known texts in the GUI's language."""
    box = QMessageBox(
        QMessageBox.Icon.Warning, error_title(error), error_text(error), QMessageBox.StandardButton.Ok, parent
    )
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()


def sidebar(content: QWidget | QLayout, width: int) -> QScrollArea:
    """A fixed-width, vertically scrolling side panel holding ``content``."""
    if isinstance(content, QLayout):
        holder = QWidget()
        holder.setLayout(content)
        content = holder
    # A long item in a combo box must not widen the panel past its fixed width (the panel does
    # not scroll sideways, so the right-hand column would be cut off): combos elide instead.
    for combo in content.findChildren(QComboBox):
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(8)
    scroll = QScrollArea()
    scroll.setWidget(content)
    scroll.setWidgetResizable(True)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setFixedWidth(width)
    return scroll


def lock_site_settings(
    is_locked: Callable[[str, str], bool], section: str, widgets: dict[str, QWidget]
) -> None:
    """Disable the widgets of the settings the site configuration sets (kiosks), saying why.

    ``widgets`` maps a setting's key in ``section`` to the control that changes it. GUI thread."""
    reason = QCoreApplication.translate("SiteLock", "Set by the site configuration.")
    for key, widget in widgets.items():
        if is_locked(section, key):
            widget.setEnabled(False)
            widget.setToolTip(reason)
