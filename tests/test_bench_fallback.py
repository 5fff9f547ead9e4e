"""``edgestudio bench fallback``: a real site server killed (kill -9) and restarted while a
kiosk streams; every cycle is timed and checked against the issue's limits (1 s to the
local model, 5 s back once the server is ready). The 20-cycle run is the benchmark's
default; the suite runs one (tests/test_remote_fallback.py kills it over both protocols)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from edgestudio.cli import main


def test_a_kill_restart_cycle_is_timed_and_falls_back_and_returns_within_the_limits(
    bus_jpg: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["bench", "fallback", "--source", str(bus_jpg), "--cycles", "1", "--json"]) == 0
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert [line for line in captured.err.splitlines() if line.startswith("cycle")] == ["cycle 1/1"]
    assert len(report["cycles"]) == 1 and report["protocol"] == "grpc"
    for cycle in report["cycles"]:
        assert 0 < cycle["fallback_ms"] < 1000, cycle
        assert 0 <= cycle["return_ms"] < 5000, cycle
        assert cycle["local_frames"] >= 1  # the stream went on locally while the server was down
    assert report["fallback"]["within_target"] and report["return_after_ready"]["within_target"]
    assert report["fallback"]["max_ms"] == max(c["fallback_ms"] for c in report["cycles"])
    assert report["local_runtime"] and report["frames"] > 2


def test_bad_arguments_are_refused_with_a_clear_message(
    bus_jpg: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["bench", "fallback", "--source", str(bus_jpg), "--cycles", "0", "--json"]) == 2
    assert json.loads(capsys.readouterr().out)["error"]["message"] == "--cycles must be 1 to 200."
