"""Long model names in a narrow panel keep the end that tells them apart."""

from __future__ import annotations

from PySide6.QtCore import Qt

from edgestudio.ui.widgets.eliding_combo import ElidingComboBox

FP32 = "CenterNet MobileNetV3 (COCO-80) (ncnn FP32)"
FP16 = "CenterNet MobileNetV3 (COCO-80) (ncnn FP16)"


def shown_combo(qtbot, width: int, items=(FP32, FP16), **options) -> ElidingComboBox:  # type: ignore[no-untyped-def]
    """A combo box holding ``items``, shown at ``width`` pixels."""
    combo = ElidingComboBox(**options)
    qtbot.addWidget(combo)
    combo.addItems(list(items))
    combo.resize(width, combo.sizeHint().height())
    combo.show()
    qtbot.waitExposed(combo)
    return combo


def test_a_narrow_combo_leaves_out_the_middle_of_a_long_name(qtbot) -> None:
    combo = shown_combo(qtbot, 180)
    combo.setCurrentIndex(1)
    shown = combo.displayed_text()
    assert shown != FP16 and "…" in shown
    assert shown.startswith("Cent") and shown.endswith("FP16)")
    assert combo.fontMetrics().horizontalAdvance(shown) <= combo.width()
    combo.setCurrentIndex(0)
    assert combo.displayed_text().endswith("FP32)")
    assert not combo.grab().isNull()  # paints without error at this width


def test_a_wide_combo_shows_the_whole_name_and_its_list_opens_wide(qtbot) -> None:
    combo = shown_combo(qtbot, 600)
    assert combo.displayed_text() == FP32

    combo.resize(150, combo.sizeHint().height())
    combo.showPopup()
    try:
        view = combo.view()
        assert view.width() >= view.fontMetrics().horizontalAdvance(FP16)
    finally:
        combo.hidePopup()


def test_a_combo_whose_start_matters_can_elide_the_end(qtbot) -> None:
    name = "CenterFace (ONNX: ONNX Runtime, OpenVINO)"
    combo = shown_combo(qtbot, 170, (name,), elide=Qt.TextElideMode.ElideRight)
    shown = combo.displayed_text()
    assert shown.startswith("CenterFace") and shown.endswith("…")


def test_in_a_layout_it_shrinks_instead_of_growing_to_its_longest_entry(qtbot) -> None:
    combo = ElidingComboBox(minimum_characters=12)
    qtbot.addWidget(combo)
    combo.addItem(FP32 * 3)
    assert combo.minimumSizeHint().width() < combo.fontMetrics().horizontalAdvance(FP32)
