"""Document commands: docs add|list|remove|refresh, chat --docs [--docs-only], bench docs.

``chat --docs`` belongs to the ``chat`` command (``cli/chat.py`` registers it first); this
module adds the two options to that parser and answers from the documents when one is given.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from edgestudio.cli import chat as chat_cli
from edgestudio.cli.common import Subparsers, cli_context, print_json
from edgestudio.core.errors import InputError


def _progress_printer(enabled: bool) -> Any:
    last = [""]

    def progress(fraction: float, message: str) -> None:
        if enabled and message != last[0]:
            print(f"[{fraction * 100:5.1f} %] {message}", file=sys.stderr, flush=True)
            last[0] = message

    return progress


def _print_report(report: dict[str, Any]) -> None:
    for kind in ("added", "updated", "unchanged", "removed"):
        for path in report[kind]:
            print(f"{kind:9} {path}")
    for item in report["failed"]:
        print(f"failed    {item['path']}: {item['message']}")
    for item in report["notes"]:
        print(f"note      {item['path']}: {item['note']}")
    print(f"{report['pages']} page(s), {report['passages']} passage(s) in {report['seconds']} s")


def cmd_docs(args: argparse.Namespace) -> int:
    from edgestudio.tasks.chat.docs.index import open_index

    ctx = cli_context()
    index = open_index(ctx.paths.data_dir)
    try:
        if args.docs_cmd == "list":
            documents = [d.to_dict() for d in index.documents()]
            if args.json:
                print_json({"documents": documents, "embedder": index.recorded_embedder()})
            for d in [] if args.json else documents:
                where = f"{d['pages']} page(s)" if d["kind"] == "pdf" else f"{d['passages']} passage(s)"
                print(f"{d['id']:4}  {d['name']}  ({d['kind']}, {where})  {d['path']}")
            return 0
        if args.docs_cmd == "remove":
            removed = [index.remove(key).to_dict() for key in args.documents]
            if args.json:
                print_json({"removed": removed})
            for d in [] if args.json else removed:
                print(f"removed   {d['path']}")
            return 0
        progress = _progress_printer(not args.json)
        if args.docs_cmd == "add":
            report = index.add([Path(p).expanduser() for p in args.paths], progress).to_dict()
        else:
            report = index.refresh(progress).to_dict()
        if args.json:
            print_json(report)
        else:
            _print_report(report)
        return (
            1 if report["failed"] and not (report["added"] or report["updated"] or report["unchanged"]) else 0
        )
    finally:
        index.close()


def cmd_chat(args: argparse.Namespace) -> int:
    """``chat``; with --docs or --docs-only the answer comes from the indexed documents."""
    if not (args.docs or args.docs_only):
        return chat_cli.cmd_chat(args)
    from edgestudio.core.hardware import chat_threads, probe_hardware
    from edgestudio.tasks.chat.docs.answer import DocsTurn, answer_from_documents, not_in_documents
    from edgestudio.tasks.chat.docs.index import open_index
    from edgestudio.tasks.chat.docs.search import search
    from edgestudio.tasks.chat.engine import ChatDelta, ChatOptions, ChatTurn, build_chat_engine

    ctx = cli_context()
    index = open_index(ctx.paths.data_dir)
    try:
        if not index.documents():
            raise InputError("No documents are indexed.", "Add some first: edgestudio docs add FILES|FOLDER")

        def report(item: object) -> None:
            if isinstance(item, ChatDelta) and not args.json:
                print(item.text, end="", flush=True)

        turn = ChatTurn(
            args.system, (("user", args.prompt),), args.max_tokens, args.temperature, args.top_p, args.seed
        )
        request = DocsTurn(turn, docs_only=args.docs_only)
        model = ""
        if args.docs_only and not search(index, args.prompt, request.k).grounded:
            answer = not_in_documents(report, ())  # no model needed to say so
        else:
            model_path = chat_cli._chat_model_path(args.model)
            model = str(model_path)
            threads = args.threads or chat_threads(probe_hardware())
            engine = build_chat_engine(ctx.registry, model_path, ChatOptions(threads=threads), report)
            try:
                answer = answer_from_documents(engine, index, request, lambda: False, report)
            finally:
                engine.close()
    finally:
        index.close()
    if args.json:
        stats = answer.stats()
        print_json({"model": model, "answer": str(answer.text), **stats})
        return 0
    print()
    if answer.sources:
        print("\nSources:")
        for n, source in enumerate(answer.sources, start=1):
            where = f"page {source['page']}" if "page" in source else source.get("heading", "")
            print(f"  [{n}] {source['file']}{', ' + where if where else ''}  (score {source['score']})")
    elif not answer.grounded:
        print("\n(Nothing relevant was found in the documents.)")
    return 0


def cmd_bench_docs(args: argparse.Namespace) -> int:
    from edgestudio.benchmarks.docs import run_docs_benchmark

    ctx = cli_context()
    if args.passages < 1 or args.pages < 1:
        raise InputError("--passages and --pages must be 1 or more.")
    result = run_docs_benchmark(
        ctx.paths.cache_dir / "bench-docs", args.passages, args.pages, progress=None if args.json else print
    )
    if args.json:
        print_json(result)
    else:
        print(
            f"indexing {result['indexing']['pages_per_s']} pages/s; retrieval p95 "
            f"{result['retrieval']['p95_ms']} ms over {result['retrieval']['passages']} passages; recall@3 "
            f"en {result['recall_at_3']['en']}, zh {result['recall_at_3']['zh']}"
        )
    return 0


def register(sub: Subparsers, bench_sub: Subparsers) -> None:
    """Add this module's commands to the parser (after cli/chat.py registered ``chat``)."""
    docs = sub.add_parser("docs", help="the documents chat answers from")
    docs_sub = docs.add_subparsers(dest="docs_cmd", required=True)
    add = docs_sub.add_parser("add", help="index files or folders (PDF, Markdown, HTML, text, DOCX)")
    add.add_argument("paths", nargs="+", metavar="FILE|FOLDER")
    listing = docs_sub.add_parser("list", help="the indexed documents")
    remove = docs_sub.add_parser("remove", help="forget documents (by id, path or file name)")
    remove.add_argument("documents", nargs="+", metavar="DOCUMENT")
    refresh = docs_sub.add_parser("refresh", help="re-index changed files, forget removed ones")
    for parser in (add, listing, remove, refresh):
        parser.add_argument("--json", action="store_true")
        parser.set_defaults(func=cmd_docs)

    chat = sub.choices["chat"]
    chat.add_argument("--docs", action="store_true", help="answer from the indexed documents, with sources")
    chat.add_argument(
        "--docs-only",
        action="store_true",
        help="answer only from the documents: 'The documents do not say.' when nothing relevant is found",
    )
    chat.set_defaults(func=cmd_chat)

    bench = bench_sub.add_parser("docs", help="document indexing speed, retrieval latency and recall@3")
    bench.add_argument(
        "--passages",
        type=int,
        default=10_000,
        help="passages in the index, at least the site's own (default: %(default)s)",
    )
    bench.add_argument("--pages", type=int, default=100, help="pages of the PDF timed for indexing speed")
    bench.add_argument("--json", action="store_true")
    bench.set_defaults(func=cmd_bench_docs)
