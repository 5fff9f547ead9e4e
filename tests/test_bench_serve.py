"""``edgestudio bench serve`` against a real site server: every run holds the numbers the
issue asks for, measured in interleaved rounds, with Triton's own batch counts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from edgestudio.cli import main
from edgestudio.serve.site_server import SiteServer
from tests.site_server_fixtures import site_server  # noqa: F401  (fixture)


def test_bench_serve_runs_interleaved_rounds_and_reports_each_stream_count(
    site_server: SiteServer,  # noqa: F811
    street_video: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["bench", "serve", "--server", site_server.grpc_url, "--metrics", site_server.metrics_url]
    argv += ["--source", str(street_video), "--streams", "1,2", "--seconds", "1", "--rounds", "2"]
    assert main([*argv, "--form", "tensors", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    runs = {run["streams"]: run for run in document["runs"]}
    assert sorted(runs) == [1, 2]
    for streams, run in runs.items():
        for key in ("fps", "local_fps", "limit_fps", "p95_ms", "mean_batch", "bytes_per_frame"):
            assert run[key] > 0, (streams, key, run)
        assert run["rounds"] == 2 and len(run["vs_limit_rounds"]) == 2
        assert sorted(run["vs_limit_rounds"])[0] <= run["vs_limit"] <= sorted(run["vs_limit_rounds"])[1]
        assert len(run["per_stream_fps"]) == streams
        assert 0 < run["client_cpu_ms_per_frame"] < 1000.0 / run["fps"] * streams
        # the letterboxed 512x512 float input, and the raw outputs back
        assert run["request_bytes_per_frame"] == 512 * 512 * 3 * 4
    assert runs[1]["mean_batch"] == 1.0  # one stream never forms a batch
    assert document["client_letterbox"].startswith("before the clock")
