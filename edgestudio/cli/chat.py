"""Chat commands: chat, bench chat."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from edgestudio.cli.common import Subparsers, cli_context, print_json
from edgestudio.core.errors import ModelLoadError

if TYPE_CHECKING:
    from edgestudio.context import AppContext
    from edgestudio.tasks.chat.site_chat import SiteChat


def _chat_model_path(model: str | None) -> Path:
    """``--model`` if given, else the packaged default chat model."""
    from edgestudio.tasks.chat.models import default_chat_model

    if model:
        return Path(model)
    default = default_chat_model()
    if default is None:
        raise ModelLoadError(
            "No chat model is installed.", "Run scripts/install.sh, or pass --model FILE.gguf."
        )
    return default.path


def _site_chat(args: argparse.Namespace, ctx: AppContext) -> SiteChat | None:
    """``--server URL`` (with the site token from ``--token-file``, the service credential or
    ``[site_server]``), or None to chat with the local model alone."""
    from edgestudio.core.errors import InputError
    from edgestudio.core.site_status import read_token
    from edgestudio.tasks.chat.site_chat import SiteChat

    if not args.server:
        return None
    url = str(args.server).rstrip("/")
    if not url.startswith(("http://", "https://")):
        raise InputError(
            f"The chat server address '{url}' must start with http:// or https://.",
            "llama.cpp's server, Ollama and vLLM answer at http://HOST:PORT/v1.",
        )
    token = read_token(args.token_file or ctx.config.site_server.token_file)
    return SiteChat(url, token, args.server_model or "")


def cmd_chat(args: argparse.Namespace) -> int:
    from edgestudio.core.hardware import chat_threads, probe_hardware
    from edgestudio.tasks.chat.engine import ChatDelta, ChatOptions, ChatTurn, build_chat_engine
    from edgestudio.tasks.chat.site_chat import ServerCutOff, build_site_chat_engine, runtime_used

    ctx = cli_context()
    model_path = _chat_model_path(args.model)
    threads = args.threads or chat_threads(probe_hardware())
    site = _site_chat(args, ctx)

    def report(item: object) -> None:
        if isinstance(item, ChatDelta) and not args.json:
            print(item.text, end="", flush=True)

    options = ChatOptions(threads=threads)
    if site is None:
        engine = build_chat_engine(ctx.registry, model_path, options, report)
    else:
        engine = build_site_chat_engine(ctx.registry, model_path, options, site, report)
    cut_off = ""
    try:
        turn = ChatTurn(
            args.system, (("user", args.prompt),), args.max_tokens, args.temperature, args.top_p, args.seed
        )
        try:
            answer = engine.process(turn, lambda: False)
        except ServerCutOff as exc:  # the server died mid-answer: the local model answers afresh
            cut_off = exc.partial
            if not args.json:
                print("\n[the site server stopped in the middle of the answer; the local model answers]\n")
            answer = engine.process(turn, lambda: False)
        used = runtime_used(engine.runner, engine.info.backend)
    finally:
        engine.close()
    if args.json:
        document = {"model": str(model_path), "answer": answer.text, **answer.stats(), **used}
        if site is not None:
            document["server"] = site.url
            document["cut_off_answer"] = cut_off
        print_json(document)
    else:
        print(
            f"\n\n[{answer.tokens} tokens, first after {answer.ttft_ms:.0f} ms, "
            f"{answer.tokens_per_s:.0f} tokens/s]"
        )
        if used["fallback_reason"]:
            print(f"[answered by the local model: {used['fallback_reason']}]")
    return 0


def cmd_bench_chat(args: argparse.Namespace) -> int:
    from edgestudio.benchmarks.chat import SYSTEM, run_chat_benchmark
    from edgestudio.tasks.chat.model_info import read_gguf_info
    from edgestudio.ui.chat_tab_driver import ChatTabDriver

    ctx = cli_context()
    model_path = _chat_model_path(args.model)
    read_gguf_info(model_path)  # missing, not GGUF or damaged: a clear message before loading
    if args.rounds < 1 or args.max_tokens < 2 or args.warmup < 0:
        raise ModelLoadError("--rounds must be 1 or more, --warmup 0 or more and --max-tokens 2 or more.")
    app = ChatTabDriver(ctx, args.max_tokens, SYSTEM)
    report = run_chat_benchmark(
        app,
        model_path,
        args.max_tokens,
        args.rounds,
        progress=None if args.json else print,
        warmup=args.warmup,
    )
    if args.json:
        print_json(report)
        return 0
    ranges = report["ratio_spread"]
    print(
        f"app {report['app']['tokens_per_s']} tok/s vs bare {report['bare']['tokens_per_s']} tok/s: "
        f"ratio {report['ratio']} (quartiles {ranges['p25']}-{ranges['p75']}, range {ranges['min']}-"
        f"{ranges['max']}, {report['rounds']} blocks); UI p99 {report['ui_event_loop_ms']['p99']} ms"
    )
    for finding in report["findings"]:
        print(f"note: {finding}")
    return 0


def register(sub: Subparsers, bench_sub: Subparsers) -> None:
    """Add this module's commands to the parser."""
    chat = sub.add_parser(
        "chat", help="ask the chat model one question (local, or the site server with --server)"
    )
    chat.add_argument("--prompt", required=True)
    chat.add_argument("--model", help="a .gguf file (default: the bundled SmolLM2)")
    chat.add_argument("--system", default="You are a helpful assistant.")
    chat.add_argument("--max-tokens", type=int, default=256)
    chat.add_argument("--temperature", type=float, default=0.7)
    chat.add_argument("--top-p", type=float, default=0.9)
    chat.add_argument("--seed", type=int, default=None)
    chat.add_argument("--threads", type=int, default=0)
    chat.add_argument(
        "--server",
        metavar="URL",
        help="ask the site's chat server first (OpenAI-compatible, http://HOST:PORT/v1), the local "
        "model when it does not answer; the JSON says which runtime answered and why it fell back",
    )
    chat.add_argument("--server-model", metavar="NAME", help="the server's model (default: its first)")
    chat.add_argument(
        "--token-file", metavar="FILE", help="the site server's access token (default: [site_server])"
    )
    chat.add_argument("--json", action="store_true")
    chat.set_defaults(func=cmd_chat)
    bench_chat = bench_sub.add_parser("chat", help="app vs bare llama-cpp-python tokens/s, UI latency")
    bench_chat.add_argument("--model", help="a .gguf file (default: the bundled SmolLM2)")
    # many short blocks, as bench detect: this machine's speed drifts by 5-10 % over seconds
    bench_chat.add_argument(
        "--max-tokens", type=int, default=64, help="tokens per block (default: %(default)s)"
    )
    bench_chat.add_argument(
        "--rounds", type=int, default=12, help="app/bare block pairs (default: %(default)s)"
    )
    bench_chat.add_argument(
        "--warmup", type=int, default=1, help="unmeasured answers on each side first (default: %(default)s)"
    )
    bench_chat.add_argument("--json", action="store_true")
    bench_chat.set_defaults(func=cmd_bench_chat)
