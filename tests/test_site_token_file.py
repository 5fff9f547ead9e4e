"""The site server's token file (issue 17): like ssh with a private key, a file that other users
may read is refused on the server (``edgestudio serve --token-file``) and on the kiosk
(``detect``/``chat --token-file``, ``[site_server] token_file``), and the message says how to
fix it (``chmod 600``); a missing or empty file is said too. Once private, the same files
work: the real ``tritonserver`` takes the token and a kiosk's detection runs on it."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from edgestudio.cli import main
from edgestudio.core.errors import ConfigError
from edgestudio.core.site_status import TOKEN_CREDENTIAL, read_token, read_token_file, store_token
from tests import media
from tests.test_serve_cli import FREE_PORTS, read_document, serve_env

TOKEN = "token-file-test-4b9d-site"


def token_file(folder: Path, mode: int, text: str = TOKEN + "\n") -> Path:
    path = folder / f"token-{mode:o}"
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o620])
def test_a_token_file_open_to_others_is_refused_with_how_to_fix_it(tmp_path: Path, mode: int) -> None:
    path = token_file(tmp_path, mode)
    with pytest.raises(ConfigError) as refused:
        read_token(path)
    message = refused.value.message
    assert f"The token file {path} is open to other users (permissions {mode:04o})" in message
    assert f"chmod 600 {path}" in message, "the message itself says how to fix it"
    path.chmod(0o600)
    assert read_token(path) == TOKEN
    path.chmod(0o400)
    assert read_token(path) == TOKEN


def test_missing_empty_and_folder_token_files_are_said(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist") as missing:
        read_token(tmp_path / "nowhere")
    assert "Settings" in missing.value.hint
    empty = token_file(tmp_path, 0o600, "\n  \n")
    with pytest.raises(ConfigError, match="is empty") as blank:
        read_token(empty)
    assert f"chmod 600 {empty}" in blank.value.hint
    with pytest.raises(ConfigError, match="is not a regular file"):
        read_token(tmp_path)
    assert read_token("") == "", "no token file named: no token"


def test_the_settings_token_is_written_private_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "config" / "site-token"
    path.parent.mkdir()
    store_token(path, TOKEN)  # what Settings > Site server does
    assert path.stat().st_mode & 0o777 == 0o600
    assert read_token(path) == TOKEN


def test_the_systemd_credential_is_trusted_as_systemd_made_it(tmp_path: Path) -> None:
    """``serve install`` hands the file over with LoadCredential=; systemd keeps that folder
    private to the service (an ACL may show group bits), so its mode is not judged."""
    folder = tmp_path / "credentials"
    folder.mkdir()
    handed = token_file(folder, 0o640)
    environ = {"CREDENTIALS_DIRECTORY": str(folder)}
    assert read_token_file(handed, environ=environ) == TOKEN
    (folder / TOKEN_CREDENTIAL).write_text(TOKEN)
    assert read_token(tmp_path / "not-read", environ) == TOKEN
    with pytest.raises(ConfigError, match="open to other users"):
        read_token_file(handed, environ={})


def test_serve_refuses_an_open_missing_or_empty_token_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("EDGESTUDIO_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CREDENTIALS_DIRECTORY", raising=False)
    argv = ["serve", "--detect", "centernet-coco", *FREE_PORTS, "--token-file"]
    open_file = token_file(tmp_path, 0o644)
    assert main([*argv, str(open_file)]) == 2
    err = capsys.readouterr().err
    assert "is open to other users (permissions 0644)" in err and f"chmod 600 {open_file}" in err
    assert main([*argv, str(tmp_path / "missing")]) == 2
    err = capsys.readouterr().err
    assert "does not exist" in err and "chmod 600" in err
    assert main([*argv, str(token_file(tmp_path, 0o600, ""))]) == 2
    assert "is empty" in capsys.readouterr().err
    assert main([*argv, str(token_file(tmp_path, 0o600, "abc"))]) == 2  # private but too short
    assert "at least 8 characters" in capsys.readouterr().err


def test_kiosk_commands_refuse_an_open_token_file_and_use_it_once_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The real server started with a private token file; the kiosk's ``detect --token-file``
    (and ``chat``'s) is refused while its copy is 0644 and runs on the server once it is 0600."""
    monkeypatch.setenv("EDGESTUDIO_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CREDENTIALS_DIRECTORY", raising=False)
    server_token = token_file(tmp_path, 0o600)
    env = serve_env(tmp_path)
    command = [sys.executable, "-m", "edgestudio", "serve", "--detect", "centernet-coco", *FREE_PORTS]
    process = subprocess.Popen(
        [*command, "--token-file", str(server_token), "--json"], env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        document = read_document(process.stdout)
        assert document["token_required"] is True
        kiosk = tmp_path / "kiosk"
        kiosk.mkdir()
        kiosk_token = token_file(kiosk, 0o644)
        photo = str(media.ultralytics_asset("bus.jpg"))

        def detect() -> subprocess.CompletedProcess[str]:
            argv = ["detect", photo, "--server", document["grpc"], "--token-file", str(kiosk_token), "--json"]
            return subprocess.run(
                [sys.executable, "-m", "edgestudio", *argv],
                env=env,
                capture_output=True,
                text=True,
                timeout=240,
            )

        refused = detect()
        assert refused.returncode == 2, refused.stderr[-2000:]
        error = json.loads(refused.stdout)["error"]
        assert "is open to other users (permissions 0644)" in error["message"]
        assert f"chmod 600 {kiosk_token}" in error["message"]
        chat = ["chat", "--server", "http://127.0.0.1:9/v1", "--prompt", "hi", "--model", photo]
        assert main([*chat, "--token-file", str(kiosk_token), "--json"]) == 2
        error = json.loads(capsys.readouterr().out)["error"]
        assert "is open to other users (permissions 0644)" in error["message"], "chat reads it the same way"
        kiosk_token.chmod(0o600)
        served = detect()
        assert served.returncode == 0, served.stderr[-2000:]
        result = json.loads(served.stdout)
        assert result["runtime"] == "remote" and result["fallback_reason"] == "", result
        assert result["results"][0]["detections"]
        process.send_signal(signal.SIGTERM)
        assert process.wait(60) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)
