"""``AppContext.save_config``: the Faces and Voice tabs keep a runtime choice through it. A
user config that cannot be written raises nothing there: the tab says why in the status bar,
in the words the Detect tab uses (the StorageError's message and hint, translated), and the
next save that can be written is written. The failure is real: the config file's place is
taken by a folder, so the atomic rename onto it fails (root ignores a read-only folder)."""

from __future__ import annotations

from typing import Any

import pytest
import tomllib

from edgestudio.context import AppContext
from edgestudio.core.errors import StorageError
from edgestudio.ui.faces_tab import FacesTab
from edgestudio.ui.i18n import error_text, exception_text
from edgestudio.ui.voice_tab import VoiceTab

REMOTE = "remote"
NOWHERE = "http://127.0.0.1:9"  # a site server address; nothing needs to answer to choose it


def test_a_runtime_choice_that_cannot_be_saved_is_said_in_the_status_bar(qtbot: Any, ctx: AppContext) -> None:
    ctx.save_site_server(NOWHERE, "")  # the site server among the runtimes: a choice to make
    config_file = ctx.paths.user_config_file
    config_file.unlink()
    (config_file / "in-the-way").mkdir(parents=True)
    with pytest.raises(StorageError) as refused:
        ctx.config_store.save(ctx.config)
    expected = exception_text(refused.value)  # what the tabs showed before save_config
    assert config_file.name in expected

    for tab in (FacesTab(ctx), VoiceTab(ctx)):
        qtbot.addWidget(tab)
        tab.set_device_report(ctx.registry.report())
        said: list[str] = []
        tab.status_message.connect(said.append)
        picker = tab.models.runtime
        assert picker.selection()[0] != REMOTE
        picker.backend.setCurrentIndex(picker.backend.findData(REMOTE))
        assert expected in said, (type(tab).__name__, said)

    problem = ctx.save_config("the test's settings")
    assert problem is not None and error_text(problem) == expected and problem.kind == "StorageError"

    (config_file / "in-the-way").rmdir()
    config_file.rmdir()
    assert ctx.save_config("the test's settings") is None
    saved = tomllib.loads(config_file.read_text(encoding="utf-8"))
    assert saved["faces"]["backend"] == REMOTE and saved["voice"]["backend"] == REMOTE
