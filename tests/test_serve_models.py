"""The site server's other models (issue 17): face detection and embedding as raw tensors,
Whisper through the speech engine, and llama.cpp's OpenAI server for chat, behind the token.
One real server for the module (tritonserver 2.51 and llama.cpp's server on 127.0.0.1)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest
import tritonclient.grpc as grpcclient

from edgestudio.backends.registry import BackendRegistry
from edgestudio.core import site_protocol as sp
from edgestudio.serve.site_server import SiteServer, faces_entries
from edgestudio.tasks.speech.audio_file import read_audio
from tests import face_media, speech_media
from tests.site_server_fixtures import TOKEN, start_test_server


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    started = start_test_server(
        tmp_path_factory.mktemp("site-models"),
        detect="",
        faces=True,
        asr="default",
        chat="default",
        token=TOKEN,
    )
    try:
        yield started
    finally:
        started.stop()


def infer(server: SiteServer, model: str, feeds: dict[str, np.ndarray]) -> grpcclient.InferResult:
    client = grpcclient.InferenceServerClient(server.grpc_url.removeprefix("grpc://"))
    inputs = []
    for name, array in feeds.items():
        tensor = grpcclient.InferInput(
            name, list(array.shape), {"float32": "FP32", "uint8": "UINT8"}[array.dtype.name]
        )
        tensor.set_data_from_numpy(array)
        inputs.append(tensor)
    try:
        return client.infer(model, inputs, headers={sp.GRPC_TOKEN_HEADER: TOKEN})
    finally:
        client.close()


def test_face_models_answer_as_the_same_models_do_here(server: SiteServer) -> None:
    registry = BackendRegistry()
    detector_entry, embedder_entry = faces_entries(Path(str(server.options.work_dir)).parent / "models")
    by_name = {m.name: m for m in server.models}
    for entry in (detector_entry, embedder_entry):
        served = by_name[sp.triton_model_name(entry.id)]
        runner = registry.get(served.runtime.runtime).load(entry.path, served.runtime.device)
        try:
            if entry is detector_entry:
                face = face_media.grace()
                blob = cv2.dnn.blobFromImage(face, 1.0, (320, 320), (0, 0, 0), swapRB=True, crop=False)
                feeds = {runner.metadata.inputs[0].name: blob.astype(np.float32)}
            else:
                shape = [d if isinstance(d, int) and d > 0 else 1 for d in runner.metadata.inputs[0].shape]
                rng = np.random.default_rng(7)
                feeds = {runner.metadata.inputs[0].name: rng.random(shape, dtype=np.float32)}
            local = runner.run(feeds)
            remote = infer(server, served.name, feeds)
            for name, value in local.items():
                np.testing.assert_allclose(remote.as_numpy(name), value, rtol=1e-4, atol=1e-4)
        finally:
            runner.close()


def test_whisper_transcribes_through_the_server(server: SiteServer) -> None:
    wav, reference = speech_media.librivox()[0]
    audio = read_audio(wav)[None].astype(np.float32)
    language = np.frombuffer(sp.text_to_bytes("en"), np.uint8)[None]
    name = next(m.name for m in server.models if m.form == "speech")
    result = infer(server, name, {sp.ASR_INPUT: audio, sp.ASR_LANGUAGE_INPUT: language})
    text = sp.bytes_to_text(result.as_numpy(sp.ASR_TEXT_OUTPUT)[0].tobytes()).rstrip("\0")
    segments = json.loads(sp.bytes_to_text(result.as_numpy(sp.ASR_SEGMENTS_OUTPUT)[0].tobytes()).rstrip("\0"))
    assert speech_media.wer(reference, text) < 0.35, text
    assert segments and segments[0]["start"] >= 0 and segments[-1]["end"] <= len(audio[0]) / 16_000 + 1


def chat_request(server: SiteServer, token: str) -> urllib.request.Request:
    body = {"messages": [{"role": "user", "content": "Say hello."}], "max_tokens": 8, "seed": 1}
    return urllib.request.Request(
        f"{server.chat_url}/chat/completions",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
    )


def test_the_chat_server_answers_an_openai_chat_completion_with_the_token(server: SiteServer) -> None:
    with urllib.request.urlopen(chat_request(server, TOKEN), timeout=120) as response:
        answer = json.loads(response.read())
    assert answer["object"] == "chat.completion"
    assert answer["choices"][0]["message"]["role"] == "assistant"
    assert answer["choices"][0]["message"]["content"].strip()
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(chat_request(server, "not-the-token"), timeout=30)
    assert refused.value.code == 401
