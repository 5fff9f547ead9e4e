"""``edgestudio serve``: the site server (Triton Inference Server with the site's models, and
llama.cpp's OpenAI server for chat); ``serve install`` writes its systemd unit; ``bench serve``
measures it (issue 17).

``serve`` starts the servers (``serve/site_server.py``), prints their endpoints (``--json``:
one JSON document) and runs until Ctrl+C or SIGTERM, then stops them (SIGTERM, then SIGKILL
after a grace period) and exits 0; a server that dies on its own ends the command with exit
code 1 and the end of its log. ``--check`` stops again as soon as everything answered.
Main thread.
"""

from __future__ import annotations

import argparse
import os
import pwd
import shlex
import signal
import sys
import threading
from pathlib import Path
from typing import Any

from edgestudio.cli.common import Subparsers, cli_context, print_json
from edgestudio.core import site_protocol as sp
from edgestudio.core.errors import EdgeStudioError

UNIT_NAME = "edgestudio-serve.service"
MARKER = "Written by edgestudio serve install"
CREDENTIAL = "edgestudio-site-token"
UNIT = """# {marker}
[Unit]
Description=EdgeStudio site server (Triton Inference Server{chat})
After=network-online.target
Wants=network-online.target

[Service]
Type=simple
User={user}
ExecStart={exec_start}
{credential}KillSignal=SIGTERM
TimeoutStopSec=30
Restart=on-failure
RestartSec=5

[Install]
WantedBy=multi-user.target
"""


class ServeSetupError(EdgeStudioError):
    title = "The site server could not be set up"


def _options(args: argparse.Namespace, token: str, log_dir: Path | None = None) -> Any:
    from edgestudio.serve.site_server import SiteServerOptions
    from edgestudio.serve.triton_repository import BatchingOptions

    batching = BatchingOptions(
        max_batch_size=args.max_batch,
        preferred_batch_sizes=tuple(s for s in (2, 4, 8) if s <= args.max_batch),
        max_queue_delay_us=args.queue_delay_us,
        instances=args.instances,
    )
    return SiteServerOptions(
        detect=args.detect or "",
        faces=args.faces,
        asr=args.asr or "",
        chat=args.chat or "",
        host=args.host,
        http_port=args.http_port,
        grpc_port=args.grpc_port,
        metrics_port=args.metrics_port,
        chat_port=args.chat_port,
        token=token,
        batching=batching,
        threads=args.threads,
        throughput=args.throughput,
        backend=args.backend or "",
        device=args.device or "",
        log_dir=log_dir,
    )


def _check_numbers(args: argparse.Namespace) -> None:
    if not 1 <= args.max_batch <= 64:
        raise ServeSetupError("--max-batch must be 1 to 64.")
    if args.queue_delay_us < 0 or args.instances < 1 or args.threads < 0:
        raise ServeSetupError("--queue-delay-us and --threads must be 0 or more, --instances 1 or more.")
    for name in ("http_port", "grpc_port", "metrics_port", "chat_port"):
        if not 0 <= getattr(args, name) <= 65535:
            raise ServeSetupError(f"--{name.replace('_', '-')} must be a port number (0 = any free port).")


def cmd_serve(args: argparse.Namespace) -> int:
    from edgestudio.serve.site_server import read_token_file, start_site_server

    _check_numbers(args)
    token = read_token_file(Path(args.token_file)) if args.token_file else ""
    if args.host not in ("127.0.0.1", "localhost", "::1") and not token:
        print(
            "edgestudio serve: warning: listening beyond this machine without --token-file;", file=sys.stderr
        )
        print("  anyone on the network can use the models.", file=sys.stderr)
    ctx = cli_context()
    stop = threading.Event()
    received: list[int] = []

    def on_signal(signum: int, _frame: Any) -> None:
        received.append(signum)
        stop.set()

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    server = None
    try:
        server = start_site_server(
            ctx.registry, ctx.models, ctx.paths.models_dir, _options(args, token, ctx.paths.log_dir)
        )
        _print_endpoints(args, server)
        if args.check:
            return 0
        while not stop.wait(0.5):
            if server.triton is not None and not server.triton.running:
                print(
                    f"edgestudio serve: tritonserver stopped on its own:\n{server.triton.log_tail()}",
                    file=sys.stderr,
                )
                return 1
            if server.chat is not None and not server.chat.running:
                print(
                    f"edgestudio serve: the chat server stopped on its own:\n{server.chat.log_tail()}",
                    file=sys.stderr,
                )
                return 1
        if not args.json:
            print(f"Stopping ({signal.Signals(received[0]).name})…", flush=True)
        return 0
    finally:
        if server is not None:
            server.stop()
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _print_endpoints(args: argparse.Namespace, server: Any) -> None:
    endpoints = server.endpoints()
    if args.json:
        print_json(endpoints)  # flushed: whoever started us reads it while we serve
        return
    if endpoints["http"]:
        print(f"Triton HTTP  {endpoints['http']}    (KServe v2; health: {endpoints['http']}/v2/health/ready)")
        print(f"Triton gRPC  {endpoints['grpc']}")
        print(f"Metrics      {endpoints['metrics']}")
    if endpoints["chat"]:
        print(f"Chat         {endpoints['chat']}    (OpenAI API, model {endpoints['chat_model']})")
    for model in server.models:
        print(
            f"  {model.name:32} {model.form:8} {model.task:15} "
            f"on {model.runtime.name} ({model.runtime.device})"
        )
    if endpoints["token_required"]:
        print(f"Token required: HTTP header '{sp.TOKEN_HEADER}', gRPC metadata '{sp.GRPC_TOKEN_HEADER}',")
        print("  chat 'Authorization: Bearer TOKEN'.")
    for key in ("log", "chat_log"):
        if endpoints[key]:
            print(f"Log: {endpoints[key]}")
    if not args.check:
        print("Serving; Ctrl+C stops.", flush=True)


def _serve_argv(args: argparse.Namespace, token_path: str) -> list[str]:
    """The ``serve`` options the unit starts with (as given to ``serve install``)."""
    argv: list[str] = []
    for flag, value in (("--detect", args.detect), ("--asr", args.asr), ("--chat", args.chat)):
        if value:
            argv += [flag, value]
    if args.faces:
        argv.append("--faces")
    for name in (
        "host",
        "http_port",
        "grpc_port",
        "metrics_port",
        "chat_port",
        "max_batch",
        "queue_delay_us",
    ):
        argv += [f"--{name.replace('_', '-')}", str(getattr(args, name))]
    argv += ["--instances", str(args.instances), "--threads", str(args.threads)]
    argv.append("--throughput" if args.throughput else "--latency")
    if args.backend:
        argv += ["--backend", args.backend]
    if args.device:
        argv += ["--device", args.device]
    if token_path:
        argv += ["--token-file", token_path]
    return argv


def _systemd_quote(word: str) -> str:
    """One ExecStart word: quoted when it holds spaces; ``$`` kept for systemd's expansion only
    in the credentials path we write ourselves."""
    return word if word and all(c not in word for c in " \t\"'\\;") else '"' + word.replace('"', '\\"') + '"'


def cmd_serve_install(args: argparse.Namespace) -> int:
    from edgestudio.cli.kiosk import default_executable

    _check_numbers(args)
    if not (args.detect or args.faces or args.asr or args.chat):
        raise ServeSetupError("Nothing to serve.", "Name at least one of --detect, --faces, --asr, --chat.")
    try:
        user = pwd.getpwnam(args.user or pwd.getpwuid(os.geteuid()).pw_name)
    except KeyError as exc:
        raise ServeSetupError(f"There is no user called {args.user!r} on this machine.") from exc
    credential = ""
    token_path = ""
    if args.token_file:
        from edgestudio.serve.site_server import read_token_file

        token_file = Path(args.token_file).resolve()
        # checked as ``serve --token-file`` checks it (private, not empty, long enough; the
        # message says chmod 600), before any unit is written; a file staged for another
        # machine (--prefix) may not exist here yet
        if not args.prefix or token_file.exists():
            read_token_file(token_file)
        credential = f"LoadCredential={CREDENTIAL}:{token_file}\n"
        token_path = "${CREDENTIALS_DIRECTORY}/" + CREDENTIAL
    executable = shlex.split(args.exec or default_executable())
    words = [*executable, "serve", *_serve_argv(args, token_path)]
    text = UNIT.format(
        marker=MARKER,
        chat=", chat" if args.chat else "",
        user=user.pw_name,
        exec_start=" ".join(_systemd_quote(w) if not w.startswith("${") else w for w in words),
        credential=credential,
    )
    target = Path("/etc/systemd/system") / UNIT_NAME
    if args.prefix:
        target = Path(args.prefix) / target.relative_to("/")
    elif os.geteuid() != 0:
        raise ServeSetupError(
            f"{target} can only be written by root.", "Run it with sudo, or stage the file with --prefix."
        )
    if args.dry_run:
        print(f"Would write {target}:\n{text}")
        return 0
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ServeSetupError(f"{target} could not be written: {exc.strerror or exc}.") from exc
    print(f"Wrote {target}")
    if args.token_file:
        print(f"The token is read from {args.token_file} by systemd (LoadCredential=); keep it root-only:")
        print(f"  sudo chmod 600 {args.token_file}")
    print(
        "Start it now and at every boot: "
        f"sudo systemctl daemon-reload && sudo systemctl enable --now {UNIT_NAME}"
    )
    return 0


def _serve_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--detect", metavar="MODEL", help="a stored detection model id to serve")
    parser.add_argument("--faces", action="store_true", help="serve the face detector and embedder")
    parser.add_argument("--asr", metavar="MODEL", help="'default' or a Whisper model id/folder to serve")
    parser.add_argument("--chat", metavar="MODEL", help="'default', a stored chat model id or a GGUF file")
    parser.add_argument(
        "--host", default=sp.DEFAULT_HOST, help=f"address to listen on (default {sp.DEFAULT_HOST})"
    )
    parser.add_argument("--http-port", type=int, default=sp.DEFAULT_HTTP_PORT, help="0 = any free port")
    parser.add_argument("--grpc-port", type=int, default=sp.DEFAULT_GRPC_PORT)
    parser.add_argument("--metrics-port", type=int, default=sp.DEFAULT_METRICS_PORT)
    parser.add_argument("--chat-port", type=int, default=sp.DEFAULT_CHAT_PORT)
    parser.add_argument("--token-file", metavar="FILE", help="a file whose first line is the access token")
    parser.add_argument(
        "--max-batch", type=int, default=8, help="the dynamic batcher's largest batch (default 8)"
    )
    parser.add_argument(
        "--queue-delay-us",
        type=int,
        default=2000,
        help="how long a request may wait for a batch (default 2000)",
    )
    parser.add_argument("--instances", type=int, default=1, help="model instances per device (default 1)")
    parser.add_argument("--threads", type=int, default=0, help="runtime threads per instance (0 = auto)")
    _compile_mode(parser, "the runtimes")
    parser.add_argument("--backend", help="runtime for the vision models (default: the best-ranked here)")
    parser.add_argument("--device", help="device of that runtime")


def _compile_mode(parser: argparse.ArgumentParser, what: str) -> None:
    """``--throughput`` (the default) or ``--latency``: how the served runtimes are compiled.
    Measured on a quiet 2-core CPU (README, "A site with many kiosks"): throughput held one
    stream as latency did (0.88-0.89 of the model here, either wire form) and raised four
    raw-tensor streams from 0.88 to 0.90-0.92 of the runtime's limit."""
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--throughput",
        dest="throughput",
        action="store_true",
        default=True,
        help=f"{what} compile for many requests in flight: a batch's frames run in parallel (default)",
    )
    mode.add_argument(
        "--latency",
        dest="throughput",
        action="store_false",
        help=f"{what} compile for one request's latency: every core on one frame",
    )


def register(sub: Subparsers, bench_sub: Subparsers) -> None:
    """Add ``serve``, ``serve install`` and ``bench serve`` to the parser."""
    serve = sub.add_parser("serve", help="serve the site's models to kiosks (Triton, llama.cpp)")
    _serve_options(serve)
    serve.add_argument("--check", action="store_true", help="start, print the endpoints, stop")
    serve.add_argument("--json", action="store_true", help="print the endpoints as JSON")
    serve.set_defaults(func=cmd_serve)
    serve_sub = serve.add_subparsers(dest="serve_cmd")
    install = serve_sub.add_parser(
        "install", help="write the systemd unit that starts the site server at boot"
    )
    _serve_options(install)
    install.add_argument("--user", help="the user the server runs as (default: you)")
    install.add_argument("--exec", help="the program the unit starts (default: this edgestudio)")
    install.add_argument("--prefix", help="stage the unit under this folder (for packaging)")
    install.add_argument("--dry-run", action="store_true", help="show the unit, write nothing")
    install.set_defaults(func=cmd_serve_install)
    bench = bench_sub.add_parser(
        "serve", help="detection through the site server against the same model here"
    )
    bench.add_argument("--server", help="Triton's gRPC address (grpc://HOST:PORT; default: start one here)")
    bench.add_argument("--metrics", help="Triton's metrics URL (default: the server's port 8002, /metrics)")
    bench.add_argument("--token-file", metavar="FILE", help="the access token, when the server needs one")
    bench.add_argument(
        "--model", default="centernet-coco", help="the detection model id (default centernet-coco)"
    )
    bench.add_argument("--source", required=True, help="a video file (or picture) to send")
    bench.add_argument("--streams", default="1,2,4,8", help="stream counts to measure (default 1,2,4,8)")
    bench.add_argument("--form", choices=["jpeg", "tensors", "both"], default="both", help="wire form(s)")
    bench.add_argument("--seconds", type=float, default=8.0, help="seconds per block (default 8)")
    bench.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="rounds of each block, interleaved; medians reported (default 1)",
    )
    bench.add_argument("--instances", type=int, default=1, help="model instances of a server started here")
    _compile_mode(bench, "a server started here")
    bench.add_argument("--json", action="store_true", help="print the results as JSON")
    bench.set_defaults(func=cmd_bench_serve)
    fallback = bench_sub.add_parser(
        "fallback", help="a kiosk's stream while its site server is killed and restarted, N times"
    )
    fallback.add_argument("--source", required=True, help="a picture (or a video's first frame) to stream")
    fallback.add_argument(
        "--model", default="centernet-coco", help="the detection model id (default centernet-coco)"
    )
    fallback.add_argument("--cycles", type=int, default=20, help="kill and restart cycles (default 20)")
    fallback.add_argument("--protocol", choices=["grpc", "http"], default="grpc", help="the kiosk's protocol")
    fallback.add_argument("--json", action="store_true", help="print the results as JSON")
    fallback.set_defaults(func=cmd_bench_fallback)


def _grpc_address(url: str) -> tuple[str, int]:
    """(host, port) of ``grpc://HOST:PORT`` or ``HOST:PORT``."""
    address = url.removeprefix("grpc://").rstrip("/")
    if "://" in address:
        raise ServeSetupError(
            f"{url} is not a gRPC address.",
            "bench serve talks gRPC: give grpc://HOST:PORT (Triton's port 8001).",
        )
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit():
        raise ServeSetupError(f"{url} has no port.", "Give grpc://HOST:PORT.")
    return host, int(port)


def _served_runtime(grpc: str, model: str, token: str) -> tuple[str, str]:
    """The runtime and device the server says it runs ``model`` on (its config's parameters)."""
    import json

    import tritonclient.grpc as grpcclient
    from tritonclient.utils import InferenceServerException

    client = grpcclient.InferenceServerClient(grpc)
    headers = {sp.GRPC_TOKEN_HEADER: token} if token else None
    try:
        config = client.get_model_config(sp.pipeline_model_name(model), headers=headers, as_json=True)
    except InferenceServerException as exc:
        raise ServeSetupError(f"The server at {grpc} does not answer for {model}: {exc.message()}") from exc
    finally:
        client.close()
    runtime = json.loads(config["config"]["parameters"][sp.PARAM_RUNTIME]["string_value"])
    return str(runtime["runtime"]), str(runtime.get("device", ""))


def cmd_bench_serve(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from edgestudio.benchmarks.serve import ServeBenchConfig, run_serve_benchmark
    from edgestudio.serve.site_server import SiteServerOptions, read_token_file, start_site_server
    from edgestudio.serve.triton_repository import BatchingOptions
    from edgestudio.tasks.detection.pipeline import DetectionOptions, build_detection_pipeline

    try:
        streams = tuple(int(n) for n in args.streams.split(",") if n.strip())
    except ValueError as exc:
        raise ServeSetupError("--streams takes numbers separated by commas, such as 1,2,4,8.") from exc
    if not 1 <= args.seconds <= 600:
        raise ServeSetupError("--seconds must be 1 to 600.")
    if not 1 <= args.rounds <= 20:
        raise ServeSetupError("--rounds must be 1 to 20.")
    forms = ("jpeg", "tensors") if args.form == "both" else (args.form,)
    token = read_token_file(Path(args.token_file)) if args.token_file else ""
    ctx = cli_context()
    entry = ctx.resolve_model(args.model)
    config = ServeBenchConfig(
        args.source, streams, forms, args.seconds, token=token, model_id=entry.id, rounds=args.rounds
    )
    server = None
    pipelines: list[Any] = []
    try:
        if args.server:
            host, port = _grpc_address(args.server)
            metrics = args.metrics or f"http://{host}:{sp.DEFAULT_METRICS_PORT}/metrics"
            config = replace(config, grpc_url=f"{host}:{port}", metrics_url=metrics)
        else:
            if args.instances < 1:
                raise ServeSetupError("--instances must be 1 or more.")
            batching = BatchingOptions(instances=args.instances)
            options = SiteServerOptions(
                detect=entry.id, token=token, batching=batching, throughput=args.throughput
            )
            server = start_site_server(ctx.registry, ctx.models, ctx.paths.models_dir, options)
            grpc = server.grpc_url.removeprefix("grpc://")
            config = replace(config, grpc_url=grpc, metrics_url=server.metrics_url)
        runtime, device = _served_runtime(config.grpc_url, entry.id, token)
        for count in (1, max(streams)):
            local = DetectionOptions(backend=runtime, device=device, draw=False, streams=count)
            pipelines.append(build_detection_pipeline(ctx.registry, entry, local))
        report = run_serve_benchmark(config, pipelines[0], pipelines[1])
        report["server"] = args.server or "started here"
        if server is not None:
            report["server_options"] = {"instances": args.instances, "throughput": args.throughput}
    finally:
        for pipeline in pipelines:
            pipeline.close()
        if server is not None:
            server.stop()
    if args.json:
        print_json(report)
        return 0
    print(
        f"{report['model']} on {report['runtime']} ({report['device']}), "
        f"{report['frames']} frames of {args.source}"
    )
    print("form     streams    fps  local  limit  p50 ms  p95 ms  batch  bytes/frame")
    for run in report["runs"]:
        print(
            f"{run['form']:8} {run['streams']:7} {run['fps']:6.1f} {run['local_fps']:6.1f} "
            f"{run['limit_fps']:6.1f} "
            f"{run['p50_ms']:7.1f} {run['p95_ms']:7.1f} {run['mean_batch']:6.2f} {run['bytes_per_frame']:12,}"
        )
    if "jpeg_bytes_vs_tensors" in report:
        print(f"JPEG sends {report['jpeg_bytes_vs_tensors']:.3f}x the raw-tensor bytes per frame.")
    return 0


def cmd_bench_fallback(args: argparse.Namespace) -> int:
    from edgestudio.benchmarks.serve import read_frames
    from edgestudio.benchmarks.serve_fallback import FallbackBenchConfig, run_fallback_benchmark

    ctx = cli_context()
    entry = ctx.resolve_model(args.model)
    image = read_frames(args.source, 1)[0]
    config = FallbackBenchConfig(cycles=args.cycles, protocol=args.protocol)

    def progress(done: int, total: int) -> None:
        print(f"cycle {done}/{total}", file=sys.stderr, flush=True)

    report = run_fallback_benchmark(
        ctx.registry, ctx.models, ctx.paths.models_dir, entry, image, config, progress
    )
    if args.json:
        print_json(report)
        return 0
    fell, back = report["fallback"], report["return_after_ready"]
    print(f"{len(report['cycles'])} kill and restart cycles over {report['protocol']}, {report['model']}")
    print(f"to the local model after a kill: median {fell['median_ms']:.0f} ms, max {fell['max_ms']:.0f} ms")
    print(f"back on the server once ready:   median {back['median_ms']:.0f} ms, max {back['max_ms']:.0f} ms")
    return 0
