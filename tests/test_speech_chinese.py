"""Chinese speech: Whisper base (multilingual) joined from its two part packages into the
cache folder, real Mandarin speech from espeak-ng to Simplified Chinese text, and the Voice
tab picking the multilingual model when Chinese is chosen with the English-only tiny.en."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import jiwer
import numpy as np
import pytest

from edgestudio.backends.registry import BackendRegistry
from edgestudio.backends.speech import TranscribeOptions
from edgestudio.core.errors import ModelLoadError
from edgestudio.core.hardware import probe_hardware
from edgestudio.tasks.speech.engine import FileJob, Transcript, build_speech_engine, choose_settings
from edgestudio.tasks.speech.model_cache import WHISPER_BASE, assemble, ensure_assembled, is_assembled
from edgestudio.tasks.speech.models import speech_models
from tests.speech_media import espeak

# Short everyday sentences. espeak-ng's Mandarin is robotic: Whisper base wrote them with a
# character error rate of 0.46 over all ten (0.0 for the coffee sentence), measured once on
# this machine at 130 words a minute; the bound (on the median sentence) leaves room for
# thread-count differences.
SENTENCES = (
    "我想买一杯咖啡，谢谢。",
    "这个模型在本地设备上运行。",
    "我们明天早上九点开会。",
    "请把门关上。",
    "他是我的好朋友。",
    "中国是一个很大的国家。",
    "我喜欢吃米饭和面条。",
    "你好，很高兴认识你。",
    "现在几点了？",
    "今天天气很好。",
)
MAX_CER = 0.75  # the median sentence; an English-only or broken model scores about 1.0
MANDARIN_VOICE = "cmn-latn-pinyin"  # plain "cmn" reads the pinyin tone digits in English


def hanzi(text: str) -> str:
    return "".join(char for char in text if char.isalnum())


def test_base_model_is_offered_and_joined_once_with_its_checksum(tmp_path: Path) -> None:
    models = {m.id: m for m in speech_models(tmp_path / "models", tmp_path / "cache")}
    base = models["whisper-base"]
    assert base.multilingual and not models["whisper-tiny-en"].multilingual
    assert not base.path.exists(), "listing models joins nothing"
    ensure_assembled(base.path)
    assert is_assembled(base.path)
    assert (base.path / "model.bin").stat().st_size == WHISPER_BASE.size
    assert {p.name for p in base.path.iterdir()} >= {"model.bin", "config.json", "tokenizer.json"}
    stamp = (base.path / "model.bin").stat().st_mtime_ns
    ensure_assembled(base.path)  # already joined: untouched
    assert (base.path / "model.bin").stat().st_mtime_ns == stamp
    assert [p.name for p in base.path.parent.iterdir()] == ["whisper-base"], "no partial folder left"


def test_parts_that_do_not_match_the_checksum_are_refused(tmp_path: Path) -> None:
    wrong = dataclasses.replace(WHISPER_BASE, sha256="0" * 64)  # fault injection: a damaged part
    target = tmp_path / "speech" / "whisper-base"
    with pytest.raises(ModelLoadError, match="damaged"):
        assemble(wrong, target)
    assert not target.exists() and list(target.parent.iterdir()) == []


def test_chinese_speech_becomes_simplified_chinese_text(tmp_path: Path) -> None:
    base = next(m for m in speech_models(tmp_path / "models", tmp_path / "cache") if m.multilingual)
    engine = build_speech_engine(
        BackendRegistry(), base.path, choose_settings(probe_hardware(), False), lambda _item: None
    )
    references, hypotheses = [], []
    try:
        for number, sentence in enumerate(SENTENCES):
            audio = espeak(sentence, tmp_path / f"zh{number}.wav", voice=MANDARIN_VOICE, rate=130)
            result = engine.process(FileJob(audio, TranscribeOptions(language="zh")), lambda: False)
            assert isinstance(result, Transcript)
            assert result.info.language == "zh"
            references.append(hanzi(sentence))
            hypotheses.append(hanzi(result.text))
    finally:
        engine.close()
    # Per sentence, then the median: Whisper's temperature fallback samples at random, and on
    # this robotic voice it now and then loops on one sentence (a CER far above 1 for it alone),
    # which would swing a pooled CER from run to run.
    per_sentence = [jiwer.cer(ref, hyp) for ref, hyp in zip(references, hypotheses, strict=True)]
    median = float(np.median(per_sentence))
    print(f"Whisper base on espeak-ng Mandarin: CER per sentence {per_sentence}, median {median:.3f}")
    assert median <= MAX_CER, list(zip(references, hypotheses, strict=True))
    assert "咖啡" in hypotheses[0] and "买" in hypotheses[0], "Simplified characters (not 買)"


def test_choosing_chinese_with_tiny_en_switches_to_the_multilingual_model(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    from edgestudio.ui.voice_tab import VoiceTab

    tab = VoiceTab(ctx)
    qtbot.addWidget(tab)
    panel = tab.models
    assert panel.model.currentText().startswith("Whisper tiny.en")
    assert panel.model.findText("Whisper base (multilingual)") >= 0
    with qtbot.waitSignal(panel.status_message) as note:
        panel.set_language("zh")
    assert panel.model.currentText() == "Whisper base (multilingual)"
    assert "only English" in note.args[0] and "Chinese" in note.args[0]
    assert "only English" in panel.settings_label.text()
    choice = panel.choice()
    assert choice is not None and Path(choice[0]).name == "whisper-base"
    panel.set_language("en")  # English works on either model: nothing switches back
    assert panel.model.currentText() == "Whisper base (multilingual)"
    tab.shutdown()
