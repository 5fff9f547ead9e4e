"""ElidingComboBox: a combo box for long names whose end is what tells them apart.

A converted model is called "CenterNet MobileNetV3 (COCO-80) (ncnn FP16)"; a plain combo box
in a side panel clips it to "CenterNet MobileNetV3 (COCO-80) (ncnn FP", and the FP32 and FP16
versions look the same. This one leaves out the middle instead ("CenterNet Mob…(ncnn FP16)"),
or the end with an ellipsis where the start is what matters, and its list opens as wide as
its longest entry.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox, QStylePainter, QWidget

LABEL_MARGIN_PX = 4  # the style's own padding inside the edit field


class ElidingComboBox(QComboBox):
    """GUI thread only. Shrinks to ``minimum_characters`` in a layout instead of growing to
    its longest entry; the full name stays in the list and in each item's tooltip."""

    def __init__(
        self,
        parent: QWidget | None = None,
        minimum_characters: int = 12,
        elide: Qt.TextElideMode = Qt.TextElideMode.ElideMiddle,
    ) -> None:
        super().__init__(parent)
        self._elide = elide
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(minimum_characters)
        self.view().setTextElideMode(elide)

    def displayed_text(self) -> str:
        """The current text as painted at the present width."""
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        field = self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, self
        )
        width = max(0, field.width() - LABEL_MARGIN_PX)
        return self.fontMetrics().elidedText(option.currentText, self._elide, width)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        option.currentText = self.displayed_text()
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)

    def showPopup(self) -> None:
        view = self.view()
        scrollbar = view.verticalScrollBar().sizeHint().width()
        widest = view.sizeHintForColumn(0) + scrollbar + 2 * view.frameWidth()
        screen = self.screen().availableGeometry().width() if self.screen() else widest
        view.setMinimumWidth(min(max(self.width(), widest), screen))
        super().showPopup()
