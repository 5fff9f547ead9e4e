"""Light and dark themes: the palette applies, and custom-painted widgets stay readable (pixels
sampled from real renders, contrast measured as WCAG defines it)."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from edgestudio.tasks.faces.enroll import CONSENT_TEXT
from edgestudio.ui.theme import apply_theme, is_dark
from edgestudio.ui.widgets.score_histogram import RANGE, ScoreHistogram
from edgestudio.ui.widgets.stage_bar import STAGES, StageBar


def luminance(rgb: np.ndarray) -> np.ndarray:
    channels = rgb.astype(np.float64) / 255.0
    linear = np.where(channels <= 0.03928, channels / 12.92, ((channels + 0.055) / 1.055) ** 2.4)
    return linear @ np.array([0.2126, 0.7152, 0.0722])


def contrast(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    la, lb = luminance(a), luminance(b)
    return (np.maximum(la, lb) + 0.05) / (np.minimum(la, lb) + 0.05)


def pixels(widget: QWidget) -> np.ndarray:
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    array = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    return array[:, : image.width() * 3].reshape(image.height(), image.width(), 3).copy()


def rgb(color: QColor) -> np.ndarray:
    return np.array([color.red(), color.green(), color.blue()])


@pytest.fixture(params=["light", "dark"])
def theme(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    applied = apply_theme(qapp, request.param)
    yield applied
    qapp.setPalette(qapp.style().standardPalette())


def test_dark_palette_is_applied(theme: str, qapp: QApplication) -> None:
    assert is_dark(qapp) == (theme == "dark")
    palette = qapp.palette()
    text = rgb(palette.color(QPalette.ColorRole.WindowText))
    window = rgb(palette.color(QPalette.ColorRole.Window))
    assert contrast(text, window) >= 7


def test_stage_bar_legend_and_swatches_read(qtbot, theme: str) -> None:  # type: ignore[no-untyped-def]
    bar = StageBar()
    qtbot.addWidget(bar)
    bar.resize(340, bar.sizeHint().height())
    bar.set_stages({"capture": 1.0, "pre": 2.0, "infer": 10.0, "post": 1.5, "draw": 0.5})
    image = pixels(bar)
    background = rgb(bar.palette().color(QPalette.ColorRole.Window))
    legend = image[26:]
    assert contrast(legend.reshape(-1, 3), background).max() >= 4.5  # the legend's text
    column = bar.width() / 3
    line = bar.fontMetrics().height() + 2
    for index in range(len(STAGES)):
        x, y = int((index % 3) * column + 5), int(26 + (index // 3) * line + 8)
        assert contrast(image[y, x], background) >= 2.0, list(STAGES)[index]


def test_histogram_bars_and_threshold_read(qtbot, theme: str) -> None:  # type: ignore[no-untyped-def]
    plot = ScoreHistogram()
    qtbot.addWidget(plot)
    plot.resize(640, 320)
    plot.set_data(np.full(50, 0.3), np.full(50, 0.9), 0.6)
    image = pixels(plot)
    base = rgb(plot.palette().color(QPalette.ColorRole.Base))
    height = plot.height() - 24 - 3 * plot.fontMetrics().height() - 10
    left, width, bottom = 40, plot.width() - 56, 24 + height
    for value in (0.3, 0.9):  # a bar of each distribution, sampled inside it
        x = int(left + width * (value - RANGE[0]) / (RANGE[1] - RANGE[0]) + 3)
        assert contrast(image[int(bottom - 10), x], base) >= 3.0, value
    threshold_x = int(left + width * (0.6 - RANGE[0]) / (RANGE[1] - RANGE[0]))
    strip = image[30 : int(bottom) - 2, threshold_x - 1 : threshold_x + 2].reshape(-1, 3)
    assert contrast(strip, base).max() >= 3.0


def test_consent_text_reads_in_both_themes(qtbot, ctx, theme: str) -> None:  # type: ignore[no-untyped-def]
    from edgestudio.ui.faces_tab import FacesTab

    tab = FacesTab(ctx)
    qtbot.addWidget(tab)
    tab.stack.setCurrentIndex(1)
    tab.resize(1200, 760)
    tab.show()
    qtbot.waitExposed(tab)
    label = tab.consent_text
    assert label.text() == CONSENT_TEXT
    image = pixels(label)
    background = rgb(label.palette().color(QPalette.ColorRole.Window))
    assert contrast(image.reshape(-1, 3), background).max() >= 3.0
    tab.shutdown()
