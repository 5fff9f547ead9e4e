"""VideoGrid: one VideoView tile per source, in a grid; a click enlarges a tile, another
click goes back to the grid. GUI thread only."""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QGridLayout, QWidget

from edgestudio.ui.widgets.video_view import VideoView

MAX_TILES = 8


class VideoGrid(QWidget):
    """Tiles for 1 to ``MAX_TILES`` sources; each tile has its own HUD and message."""

    enlarged_changed = Signal(int)  # the enlarged tile, or -1 for the whole grid

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QGridLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)
        self.tiles: list[VideoView] = []
        self.enlarged = -1

    def set_count(self, count: int) -> None:
        """Show ``count`` tiles (1 to MAX_TILES), cleared; back to the whole grid."""
        count = max(1, min(MAX_TILES, count))
        while len(self.tiles) < count:
            tile = VideoView()
            tile.setMinimumSize(160, 120)
            tile.installEventFilter(self)
            self.tiles.append(tile)
        while len(self.tiles) > count:
            tile = self.tiles.pop()
            self._layout.removeWidget(tile)
            tile.deleteLater()
        for tile in self.tiles:
            tile.clear(" ")
            tile.set_hud("")
        self.enlarged = -1
        self._arrange()

    def tile(self, index: int) -> VideoView:
        return self.tiles[index]

    def enlarge(self, index: int) -> None:
        """Show tile ``index`` alone over the whole grid; -1 shows every tile again."""
        self.enlarged = index if 0 <= index < len(self.tiles) else -1
        self._arrange()
        self.enlarged_changed.emit(self.enlarged)

    def _arrange(self) -> None:
        for tile in self.tiles:
            self._layout.removeWidget(tile)
        if self.enlarged >= 0:
            for index, tile in enumerate(self.tiles):
                tile.setVisible(index == self.enlarged)
            self._layout.addWidget(self.tiles[self.enlarged], 0, 0)
            return
        columns = math.ceil(math.sqrt(len(self.tiles)))
        for index, tile in enumerate(self.tiles):
            tile.setVisible(True)
            self._layout.addWidget(tile, index // columns, index % columns)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A click on a tile enlarges it; a click on the enlarged tile shows the grid."""
        clicked = event.type() == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent)
        if clicked and watched in self.tiles:
            index = self.tiles.index(watched)
            self.enlarge(-1 if self.enlarged == index else index)
            return True
        return super().eventFilter(watched, event)
