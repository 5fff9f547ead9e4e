"""``edgestudio screenshots`` enrolls sample people and chats: it must do so in a data folder of
its own, never in the user's (a kiosk's protected gallery, say). Real command, real window."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from edgestudio.core.paths import APP_NAME


def test_screenshots_leave_the_users_own_data_untouched(tmp_path: Path) -> None:
    user_dirs = {name: tmp_path / name for name in ("config", "data", "cache", "state")}
    env = {key: value for key, value in os.environ.items() if key not in ("EDGESTUDIO_HOME", "TMPDIR")}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(user_dirs["config"]),
        XDG_DATA_HOME=str(user_dirs["data"]),
        XDG_CACHE_HOME=str(user_dirs["cache"]),
        XDG_STATE_HOME=str(user_dirs["state"]),
        TMPDIR=str(tmp_path / "tmp"),
    )
    (tmp_path / "tmp").mkdir()
    out = tmp_path / "shots"
    done = subprocess.run(
        [sys.executable, "-m", "edgestudio", "screenshots", str(out), "--views", "device"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert (out / "device.png").stat().st_size > 10_000
    assert "fresh data folder" in done.stderr
    written = [p.relative_to(tmp_path) for folder in user_dirs.values() for p in folder.rglob("*")]
    ours = [p for p in written if APP_NAME.lower() in str(p).lower()]
    assert not ours, f"the user's own data was written to: {ours}"
    assert not [p for p in written if p.name in ("deviceid", "onnxruntime.db")], "a runtime's telemetry"
    assert not list((tmp_path / "tmp").glob("edgestudio-*")), "the scratch data folder was left behind"
