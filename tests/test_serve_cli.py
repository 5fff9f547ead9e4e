"""``edgestudio serve`` as a program (issue 17): it prints its endpoints, stops cleanly on
SIGTERM with its children gone, writes a systemd unit that ``systemd-analyze`` accepts, and
says what to do with bad input (no model, an unknown model, a port in use, Triton missing).
Real processes, the real ``tritonserver``."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from edgestudio.cli import main
from edgestudio.serve import tritonserver
from edgestudio.serve.tritonserver import TritonNotInstalled, find_triton
from tests.site_server_fixtures import restart_site_server, start_test_server

FREE_PORTS = ["--http-port", "0", "--grpc-port", "0", "--metrics-port", "0"]


def serve_env(tmp_path: Path) -> dict[str, str]:
    env = {**os.environ, "EDGESTUDIO_HOME": str(tmp_path / "home")}
    env.pop("CREDENTIALS_DIRECTORY", None)
    return env


def read_document(stream, timeout: float = 240.0) -> dict:  # type: ignore[no-untyped-def]
    """The JSON document ``serve --json`` prints once the servers answer."""
    text = ""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = stream.readline()
        if not line:
            break
        text += line
        if line.rstrip() == "}":
            return json.loads(text)
    raise AssertionError(f"no endpoints document: {text!r}")


def test_serve_prints_its_endpoints_and_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    command = [
        sys.executable,
        "-m",
        "edgestudio",
        "serve",
        "--detect",
        "centernet-coco",
        *FREE_PORTS,
        "--json",
    ]
    process = subprocess.Popen(command, env=serve_env(tmp_path), stdout=subprocess.PIPE, text=True)
    try:
        document = read_document(process.stdout)
        assert document["http"].startswith("http://127.0.0.1:") and document["grpc"].startswith(
            "grpc://127.0.0.1:"
        )
        assert {m["name"] for m in document["models"]} == {"centernet-coco", "centernet-coco_jpeg"}
        triton = psutil.Process(document["pid"])
        family = [triton, *triton.children(recursive=True)]
        assert len(family) >= 3, "tritonserver and one backend stub per model instance"
        assert all(p.ppid() != 1 for p in family)
        process.send_signal(signal.SIGTERM)
        assert process.wait(60) == 0
        _, alive = psutil.wait_procs(family, timeout=15)
        assert not alive, f"left running: {alive}"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)


def test_a_killed_server_leaves_no_stub_behind_and_restarts_on_its_ports(tmp_path: Path) -> None:
    server = start_test_server(tmp_path)
    try:
        assert server.triton is not None
        stubs = server.triton.descendants()
        assert stubs, "the Python backend runs each model instance in a stub process"
        server.kill()  # kill -9: what kiosks see as a crash
        assert not server.ready()
        address = server.grpc_url
        server = restart_site_server(server)  # what a kiosk's fallback returns to
        _, alive = psutil.wait_procs(stubs, timeout=5)
        assert not alive, "stopping a crashed server reaps the stubs it left (they outlive it)"
        assert server.grpc_url == address and server.ready()
    finally:
        server.stop()


def test_serve_install_writes_a_unit_systemd_accepts(tmp_path: Path) -> None:
    token = tmp_path / "site-token"
    token.write_text("a-long-enough-site-token\n")
    token.chmod(0o600)  # private: an open one is refused (the test below)
    prefix = tmp_path / "root"
    argv = ["serve", "install", "--detect", "centernet-coco", "--faces", "--chat", "default"]
    argv += ["--token-file", str(token), "--prefix", str(prefix), "--host", "0.0.0.0"]
    assert main(argv) == 0
    unit = prefix / "etc/systemd/system/edgestudio-serve.service"
    text = unit.read_text()
    assert f"LoadCredential=edgestudio-site-token:{token}" in text
    exec_start = next(line for line in text.splitlines() if line.startswith("ExecStart="))
    assert " serve --detect centernet-coco --chat default --faces --host 0.0.0.0 " in exec_start
    assert "--token-file ${CREDENTIALS_DIRECTORY}/edgestudio-site-token" in exec_start
    assert "a-long-enough-site-token" not in text, "the token stays in its file"
    if shutil.which("systemd-analyze"):
        checked = subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr


def test_serve_install_refuses_a_token_file_others_can_read_before_writing_anything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """As ``serve --token-file`` and the kiosk refuse it (tests/test_site_token_file.py): the
    same message, with chmod 600, and no unit written; once private, the unit is written."""
    monkeypatch.delenv("CREDENTIALS_DIRECTORY", raising=False)
    token = tmp_path / "site-token"
    token.write_text("a-long-enough-site-token\n")
    prefix = tmp_path / "root"
    argv = ["serve", "install", "--asr", "default", "--prefix", str(prefix), "--token-file", str(token)]
    for mode in (0o644, 0o640, 0o604):
        token.chmod(mode)
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert f"The token file {token} is open to other users (permissions {mode:04o})" in err, err
        assert f"chmod 600 {token}" in err, "the message says how to fix it"
        assert not prefix.exists(), "refused before anything was written"
        assert main([*argv, "--dry-run"]) == 2, "a dry run says it too"
        assert "Would write" not in capsys.readouterr().out
    token.chmod(0o600)
    assert main(argv) == 0
    out = capsys.readouterr().out
    unit = prefix / "etc/systemd/system/edgestudio-serve.service"
    assert f"Wrote {unit}" in out and f"LoadCredential=edgestudio-site-token:{token}" in unit.read_text()
    unit.unlink()
    token.write_text("abc\n")  # private but too short, as ``serve`` says
    assert main(argv) == 2 and "at least 8 characters" in capsys.readouterr().err
    elsewhere = str(tmp_path / "on-the-target-machine")
    assert main([*argv[:-1], elsewhere]) == 0 and unit.is_file(), "staged: it may not exist here"
    capsys.readouterr()
    here = ["serve", "install", "--asr", "default", "--dry-run", "--token-file", elsewhere]
    assert main(here) == 2 and "does not exist" in capsys.readouterr().err


def run_cli(tmp_path: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "edgestudio", *argv],
        env=serve_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=240,
    )


def test_bad_input_is_refused_with_what_to_do(tmp_path: Path) -> None:
    nothing = run_cli(tmp_path, "serve", *FREE_PORTS)
    assert nothing.returncode == 2 and "Nothing to serve" in nothing.stderr and "--detect" in nothing.stderr
    unknown = run_cli(tmp_path, "serve", "--detect", "no-such-model", *FREE_PORTS)
    assert unknown.returncode == 2
    assert "There is no stored model 'no-such-model'" in unknown.stderr and "centernet-coco" in unknown.stderr
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        busy = run_cli(tmp_path, "serve", "--detect", "centernet-coco", *FREE_PORTS, "--grpc-port", str(port))
    assert busy.returncode == 2
    assert f"Port {port} on 127.0.0.1 (gRPC) is already in use" in busy.stderr
    short = tmp_path / "short-token"
    short.write_text("abc\n")
    short.chmod(0o600)  # private (an open token file is refused first: tests/test_site_token_file.py)
    refused = run_cli(
        tmp_path, "serve", "--detect", "centernet-coco", "--token-file", str(short), *FREE_PORTS
    )
    assert refused.returncode == 2 and "at least 8 characters" in refused.stderr


def test_a_missing_triton_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(TritonNotInstalled) as incomplete:
        find_triton(tmp_path / "pytriton")  # a folder without the binary
    assert "pip install --no-deps nvidia-pytriton==0.7.0" in str(incomplete.value.hint)
    # fault injection: the package is not there at all
    monkeypatch.setattr(tritonserver, "pytriton_package", lambda: None)
    monkeypatch.setenv("EDGESTUDIO_HOME", str(tmp_path / "home"))
    assert main(["serve", "--detect", "centernet-coco", *FREE_PORTS]) == 2
    err = capsys.readouterr().err
    assert "nvidia-pytriton (which carries tritonserver) is not installed" in err
    assert "pip install --no-deps nvidia-pytriton==0.7.0" in err
