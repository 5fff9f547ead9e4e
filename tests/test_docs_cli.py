"""``edgestudio docs`` and ``chat --docs`` end to end: real documents made here, the real
embedding model, the real SQLite index and the real default chat model (SmolLM2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from edgestudio.benchmarks.docs_corpus import write_site_documents
from edgestudio.cli import main


@pytest.fixture
def site(ctx, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    """The site's documents in a folder, and an EDGESTUDIO_HOME of this test's own."""
    folder = tmp_path / "site"
    write_site_documents(folder)
    return folder


def run_json(args: list[str], capsys: pytest.CaptureFixture[str]) -> dict:  # type: ignore[type-arg]
    code = main([*args, "--json"])
    out = capsys.readouterr().out
    assert code == 0, out
    return dict(json.loads(out))


def test_docs_add_list_remove(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = run_json(["docs", "add", str(site)], capsys)
    assert sorted(Path(p).name for p in report["added"]) == sorted(p.name for p in site.iterdir())
    assert report["pages"] >= 12 and report["passages"] >= 20 and not report["failed"]
    listed = run_json(["docs", "list"], capsys)
    assert {d["name"] for d in listed["documents"]} == {p.name for p in site.iterdir()}
    assert listed["embedder"]["license"] == "Apache-2.0" and len(listed["embedder"]["sha256"]) == 64
    again = run_json(["docs", "add", str(site / "museum-guide.pdf")], capsys)
    assert again["unchanged"] and not again["added"]
    removed = run_json(["docs", "remove", "museum-guide.pdf"], capsys)
    assert [d["name"] for d in removed["removed"]] == ["museum-guide.pdf"]
    assert len(run_json(["docs", "list"], capsys)["documents"]) == 3
    assert main(["docs", "remove", "museum-guide.pdf"]) == 2
    assert "is not in the documents" in capsys.readouterr().err
    assert main(["docs", "add", str(site / "nothing-here.pdf")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_chat_with_documents_grounded_and_not(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # a few tokens are enough to show the model answered; sources and grounding come first
    base = ["chat", "--max-tokens", "12", "--temperature", "0", "--seed", "1", "--threads", "2"]
    assert main(["chat", "--docs", "--prompt", "Hello?", "--json"]) == 2  # nothing indexed yet
    assert "No documents are indexed" in capsys.readouterr().out
    run_json(["docs", "add", str(site)], capsys)
    grounded = run_json([*base, "--docs", "--prompt", "How much is an adult ticket at the museum?"], capsys)
    assert grounded["grounded"] is True and grounded["answer"].strip()
    first = grounded["sources"][0]
    assert first["file"] == "museum-guide.pdf" and first["page"] == 2 and "adult ticket" in first["text"]
    scores = [s["score"] for s in grounded["sources"]]
    assert scores == sorted(scores, reverse=True) and all(s > 0 for s in scores)
    # Chinese with sources is asked through the Chat tab (tests/test_gui_docs.py); here only the
    # refusal, which needs no model.
    library = run_json([*base, "--docs-only", "--prompt", "今天天气怎么样？"], capsys)  # Chinese, unanswered
    assert library["grounded"] is False and library["answer"] == "The documents do not say."
    refused = run_json([*base, "--docs-only", "--prompt", "What is the capital of Australia?"], capsys)
    assert refused == {**refused, "grounded": False, "sources": [], "answer": "The documents do not say."}
    guessed = run_json([*base, "--docs", "--prompt", "What is the capital of Australia?"], capsys)
    assert guessed["grounded"] is False and guessed["sources"] == [] and guessed["answer"].strip()
    assert guessed["answer"] != "The documents do not say." and guessed["tokens"] > 0


def test_bench_docs_prints_only_json(ctx, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    result = run_json(["bench", "docs", "--passages", "200", "--pages", "10"], capsys)
    assert result["retrieval"]["passages"] == 200 and result["retrieval"]["p95_ms"] > 0
    assert result["indexing"]["pages"] == 10 and result["indexing"]["pages_per_s"] > 0
    assert result["recall_at_3"]["en"] >= 0.9 and result["recall_at_3"]["zh"] >= 0.9
    assert result["embedder"]["license"] == "Apache-2.0"
