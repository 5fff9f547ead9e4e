"""A kiosk put on the site server stays there after a restart: the Faces and Voice tabs keep
the runtime chosen in their pickers in the user config (``[faces]``, ``[voice]``), select it
at the next start's first Device check, and keep the choice (without using it) while the
site server is not set."""

from __future__ import annotations

from typing import Any

import tomllib
from PySide6.QtWidgets import QWidget

from edgestudio.context import AppContext
from edgestudio.core.paths import AppPaths
from edgestudio.ui.faces_tab import FacesTab
from edgestudio.ui.voice_tab import VoiceTab
from edgestudio.ui.widgets.runtime_picker import RuntimePicker

REMOTE = "remote"
NOWHERE = "http://127.0.0.1:9"  # a site server address; nothing needs to answer to choose it


def tabs(qtbot: Any, ctx: AppContext) -> list[tuple[str, QWidget, RuntimePicker]]:
    faces, voice = FacesTab(ctx), VoiceTab(ctx)
    for tab in (faces, voice):
        qtbot.addWidget(tab)
        tab.set_device_report(ctx.registry.report())
    return [("faces", faces, faces.models.runtime), ("voice", voice, voice.models.runtime)]


def test_the_site_server_chosen_in_faces_and_voice_is_chosen_again_at_the_next_start(
    qtbot: Any, ctx: AppContext
) -> None:
    ctx.save_site_server(NOWHERE, "")
    for _, _, picker in tabs(qtbot, ctx):
        assert picker.selection()[0] != REMOTE  # the best-ranked runtime here, by default
        picker.backend.setCurrentIndex(picker.backend.findData(REMOTE))
    saved = tomllib.loads(ctx.paths.user_config_file.read_text(encoding="utf-8"))
    assert saved["faces"]["backend"] == REMOTE and saved["voice"]["backend"] == REMOTE

    restarted = AppContext.create(AppPaths.default())
    for name, _, picker in tabs(qtbot, restarted):
        assert picker.selection()[0] == REMOTE, name

    restarted.save_site_server("", "")  # no site server: the best runtime here, choice kept
    again = AppContext.create(AppPaths.default())
    for name, _, picker in tabs(qtbot, again):
        assert picker.selection()[0] not in ("", REMOTE), name
    assert again.config.faces.backend == REMOTE and again.config.voice.backend == REMOTE
