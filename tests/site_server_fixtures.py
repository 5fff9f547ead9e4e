"""A real site server for tests: ``tritonserver`` 2.51 (nvidia-pytriton) on free 127.0.0.1 ports
serving the default detector (centernet-coco) in both forms (issue 17).

Use it from a test module by importing the fixtures (pytest finds imported fixtures)::

    from tests.site_server_fixtures import site_server, site_server_with_token  # noqa: F401

    def test_something(site_server):                     # started once per test module
        server = site_server
        server.grpc_url       # "grpc://127.0.0.1:PORT"  -> tritonclient.grpc: url without "grpc://"
        server.http_url       # "http://127.0.0.1:PORT"  -> tritonclient.http: url without "http://"
        server.metrics_url
        DETECTOR              # "centernet-coco": raw tensors under triton_model_name(DETECTOR),
                              # JPEG under pipeline_model_name(DETECTOR) (core/site_protocol.py)
        server.kill()         # kill -9 tritonserver mid-stream (then use restart_site_server)

    def test_token(site_server_with_token):              # needs TOKEN in site_protocol.TOKEN_HEADER
        ...

Need another shape (faces, ASR, chat, several instances)? Call ``start_test_server(tmp_path,
faces=True, ...)`` (any ``SiteServerOptions`` field) and ``stop()`` it in a ``finally``. After
``kill()``, ``restart_site_server(server)`` starts a new one on the same ports (what a kiosk's
fallback must notice and return to). Byte strings travel as UINT8 rows: the JPEG form's input
is ``numpy.frombuffer(jpeg_bytes, numpy.uint8)[None]`` (TYPE_UINT8, dims [-1]).

The servers die with the test process (``serve/processes.py``); every fixture stops its
server (SIGTERM, then SIGKILL) and removes its folder.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from edgestudio.serve.site_server import SiteServer, SiteServerOptions, start_site_server

REMOTE = "remote"  # the site server's runtime id
DETECTOR = "centernet-coco"  # the default detector (core/config.py DetectionSettings.model_id)
TOKEN = "site-test-token-7f3a"


def start_test_server(folder: Path, **options: Any) -> SiteServer:
    """A site server with its own model store and work folder under ``folder`` (the calling
    thread owns it: stop it there). Options as ``SiteServerOptions``; default: the detector."""
    from edgestudio.backends.registry import BackendRegistry
    from edgestudio.core.model_store import ModelStore
    from edgestudio.core.paths import resources_dir

    models_dir = folder / "models"
    models_dir.mkdir(parents=True, exist_ok=True)
    store = ModelStore(models_dir, resources_dir() / "models")
    settings = SiteServerOptions(**({"detect": DETECTOR} | options | {"work_dir": folder / "serve"}))
    return start_site_server(BackendRegistry(), store, models_dir, settings)


def restart_site_server(server: SiteServer) -> SiteServer:
    """A new server like ``server`` (same ports, same models) after ``server.kill()``."""
    server.stop()
    work = Path(str(server.options.work_dir))
    return start_test_server(
        work.parent, **{k: v for k, v in vars(replace(server.options)).items() if k != "work_dir"}
    )


@pytest.fixture(scope="module")
def site_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    """The detector in both forms, no token; one server per test module."""
    server = start_test_server(tmp_path_factory.mktemp("site-server"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def site_server_with_token(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    """The detector in both forms behind the access token ``TOKEN``."""
    server = start_test_server(tmp_path_factory.mktemp("site-server-token"), token=TOKEN)
    try:
        yield server
    finally:
        server.stop()


def choose_site_server(picker: Any) -> None:
    """Pick the site server in a tab's RuntimePicker (it must be offered and enabled)."""
    from PySide6.QtGui import QStandardItemModel

    index = picker.backend.findData(REMOTE)
    model = picker.backend.model()
    assert index >= 0 and isinstance(model, QStandardItemModel) and model.item(index).isEnabled()
    picker.backend.setCurrentIndex(index)
    assert picker.selection()[0] == REMOTE
