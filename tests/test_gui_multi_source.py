"""The real main window with four video sources at once (issue 18): a grid of tiles, each
painted only with its own source's frames and its own HUD, a click enlarges a tile, the
Performance panel lists every source, and a source whose file disappears says
"reconnecting" on its tile while the others go on."""

from __future__ import annotations

import shutil
from pathlib import Path

import cv2
import numpy as np
from PySide6.QtCore import QPoint, Qt

from edgestudio.core.types import DetectionResult
from edgestudio.ui.main_window import MainWindow


def test_four_sources_play_in_a_grid_and_a_click_enlarges_a_tile(
    qtbot, ctx, street_video: Path, bus_jpg: Path, zidane_jpg: Path, tmp_path: Path
) -> None:
    flipped = tmp_path / "flipped.mp4"
    capture = cv2.VideoCapture(str(street_video))
    writer = cv2.VideoWriter(str(flipped), cv2.VideoWriter_fourcc(*"mp4v"), 25, (320, 240))
    while True:
        ok, frame = capture.read()
        if not ok:
            break
        writer.write(cv2.resize(frame[:, ::-1], (320, 240)))
    writer.release()
    capture.release()
    doomed = tmp_path / "doomed.mp4"
    shutil.copy(street_video, doomed)

    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    try:
        qtbot.waitUntil(lambda: win.detect_tab.start_button.isEnabled(), timeout=60_000)
        tab = win.detect_tab
        tab.source.set_spec("file", str(street_video), True)
        tab.more_sources.setPlainText(f"{flipped}\n{bus_jpg}\n{doomed}")
        sizes = {0: (480, 640), 1: (240, 320), 2: cv2.imread(str(bus_jpg)).shape[:2], 3: (480, 640)}
        shown: list[DetectionResult] = []
        tab.result_shown.connect(shown.append)
        tab.start()
        qtbot.waitUntil(
            lambda: all(sum(r.source == i for r in shown) >= 3 for i in range(4)), timeout=180_000
        )
        assert ctx.config.detection.more_sources == [str(flipped), str(bus_jpg), str(doomed)]
        assert len(tab.grid.tiles) == 4 and tab.grid.isVisible() and not tab.view.isVisible()
        for result in shown:
            assert result.image is not None and result.image.shape[:2] == sizes[result.source]
        for index, tile in enumerate(tab.grid.tiles):
            frame = tile.current_frame()
            assert frame is not None and frame.shape[:2] == sizes[index], f"tile {index} shows another source"
        bus = cv2.imread(str(bus_jpg))
        tile_frame = tab.grid.tile(2).current_frame()
        assert tile_frame is not None and np.array_equal(tile_frame, bus)
        qtbot.waitUntil(lambda: tab.cameras_label.text().count("running") == 4, timeout=10_000)
        assert tab.fps_label.text().endswith("fps in all")
        assert all(tile._hud and "fps" in tile._hud for tile in tab.grid.tiles)

        qtbot.mouseClick(tab.grid.tile(1), Qt.MouseButton.LeftButton, pos=QPoint(20, 20))
        assert tab.grid.enlarged == 1 and tab.grid.tile(1).isVisible() and not tab.grid.tile(0).isVisible()
        qtbot.mouseClick(tab.grid.tile(1), Qt.MouseButton.LeftButton, pos=QPoint(20, 20))
        assert tab.grid.enlarged == -1 and all(t.isVisible() for t in tab.grid.tiles)

        doomed.unlink()
        qtbot.waitUntil(lambda: "reconnecting" in tab.cameras_label.text(), timeout=60_000)
        assert "reconnecting" in tab.grid.tile(3)._hud
        before = sum(r.source == 0 for r in shown)
        qtbot.waitUntil(lambda: sum(r.source == 0 for r in shown) >= before + 3, timeout=60_000)
        shutil.copy(street_video, doomed)
        qtbot.waitUntil(lambda: tab.cameras_label.text().count("running") == 4, timeout=60_000)
        tab.stop()
    finally:
        win.shutdown()
