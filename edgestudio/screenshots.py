"""``edgestudio screenshots``: drive the real main window and save PNGs of each view.

Run it in a real window under Xvfb (``scripts/screenshots.sh``). Views: detect, device, chat
(with an answer from sample documents and its sources),
voice (a file in progress and finished, plus the microphone: live text when a microphone
works, otherwise the no-microphone state).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from edgestudio.context import AppContext
from edgestudio.core.logs import setup_logging
from edgestudio.core.types import reads_format

VIEWS = ("detect", "faces", "device", "chat", "voice", "optimize")


def take_screenshots(
    outdir: Path,
    video: Path | None,
    audio: Path | None,
    views: tuple[str, ...] = VIEWS,
    backend: str = "",
    language: str = "",
    theme: str = "",
) -> list[Path]:
    """Shoot ``views`` into ``outdir``; ``language`` ("en", "zh_CN") and ``theme`` ("light",
    "dark") override the config's for this run (main thread)."""
    from PySide6.QtCore import QEventLoop, QTimer

    from edgestudio.app import make_app
    from edgestudio.ui.i18n import install_translators
    from edgestudio.ui.main_window import MainWindow
    from edgestudio.ui.theme import apply_theme
    from edgestudio.workers.jobs import wait_for_jobs

    ctx = AppContext.create()
    setup_logging(ctx.paths.log_dir, ctx.config.logging.level)
    app = make_app()
    apply_theme(app, theme or ctx.config.ui.theme)
    install_translators(app, language or ctx.config.ui.language)
    outdir.mkdir(parents=True, exist_ok=True)
    window = MainWindow(ctx)
    window.show()
    saved: list[Path] = []

    def wait(condition: Callable[[], bool], timeout_s: float) -> None:
        loop = QEventLoop()
        timer = QTimer()
        timer.timeout.connect(lambda: loop.quit() if condition() else None)
        timer.start(50)
        QTimer.singleShot(int(timeout_s * 1000), loop.quit)
        loop.exec()
        timer.stop()

    def shoot(name: str) -> None:
        app.processEvents()
        path = outdir / f"{name}.png"
        window.grab().save(str(path))
        saved.append(path)

    wait(lambda: window.device_panel.report is not None, 60)
    if "detect" in views and video is not None:
        tab = window.detect_tab
        if backend:  # the first stored detector this runtime reads (a converted copy for ncnn)
            formats = ctx.registry.get(backend).formats
            readable = [e for e in ctx.models.list("detection") if reads_format(tuple(formats), e.format)]
            if readable:
                tab.models.select(readable[0].id)
            tab.runtime.backend.setCurrentIndex(tab.runtime.backend.findData(backend))
        tab.source.set_spec("file", str(video), True)
        shown: list[int] = []
        tab.result_shown.connect(lambda r: shown.append(len(r.detections)))
        tab.start()
        wait(lambda: sum(1 for n in shown if n) >= 20, 120)
        shoot("detect")
        tab.stop()
    if "grid" in views and video is not None:
        _shoot_grid(window, video, wait, shoot)
    if "idle" in views:
        from edgestudio.ui.kiosk_controller import KioskController

        kiosk = KioskController(window, ctx.config.kiosk, ctx.paths, tabs_locked=False)
        window.tabs.setCurrentWidget(window.detect_tab)
        kiosk.show_idle_screen()  # what a kiosk shows while its camera is missing
        shoot("kiosk-idle")
        kiosk._camera_poll.stop()
        kiosk.close()
    if "faces" in views:
        _choose_runtime(window.faces_tab.runtime, backend)
        _shoot_faces(window, outdir, wait, shoot)
    if "device" in views:
        window.tabs.setCurrentWidget(window.device_panel)
        shoot("device")
    if "chat" in views:
        chat = window.chat_tab
        window.tabs.setCurrentWidget(chat)
        wait(lambda: chat.send_button.isEnabled() and chat.models.estimate is not None, 60)
        chat.temperature.setValue(0.2)
        chat.max_tokens.setValue(40)
        chat.send("Give me three tips for a kiosk.")
        wait(lambda: not chat._generating, 120)
        chat.new_conversation()
        chat.max_tokens.setValue(200)
        chat.send("Write a Python function that adds two numbers, in a code block, then explain it.")
        wait(lambda: chat._partial.count("\n") >= 6, 120)
        shoot("chat-streaming")
        wait(lambda: not chat._generating, 120)
        shoot("chat")
        # An answer from the site's documents, with its sources (issue 20).
        from edgestudio.benchmarks.docs_corpus import write_site_documents

        folder = ctx.paths.data_dir / "sample-documents"
        write_site_documents(folder)
        chat.docs.add_paths([folder])
        wait(lambda: not chat.docs.running, 180)
        chat.new_conversation()
        chat.temperature.setValue(0.0)
        chat.max_tokens.setValue(40)
        chinese = (language or ctx.config.ui.language).startswith("zh")
        chat.send("储物柜押金是多少钱？" if chinese else "What does error E4 mean?")
        wait(lambda: not chat._generating, 120)
        shoot("chat-docs")
    if "voice" in views and audio is not None:
        voice = window.voice_tab
        window.tabs.setCurrentWidget(voice)
        _choose_runtime(voice.models.runtime, backend)
        voice.transcribe(audio)
        wait(lambda: voice.files.segments.rowCount() >= 1 and 25 <= voice.files.progress.value() < 100, 120)
        shoot("voice-progress")
        wait(lambda: not voice.files.busy, 120)
        shoot("voice-file")
        voice.pages.setCurrentIndex(2)
        if voice.saved.list.count():
            voice.saved.list.setCurrentRow(0)
        shoot("voice-history")
    if "live" in views:
        voice = window.voice_tab
        window.tabs.setCurrentWidget(voice)
        voice.start_listening()
        if voice.live.listening:
            wait(
                lambda: (
                    len([line for line in voice.live.lines if line.text]) >= 2 and bool(voice.live.partial)
                ),
                60,
            )
            shoot("voice-live")
            voice.stop_listening()
        else:
            voice.pages.setCurrentIndex(1)
            shoot("voice-no-microphone")
    if "optimize" in views:
        saved += _shoot_optimize(window, outdir, wait)
    window.shutdown()
    window.close()
    wait_for_jobs()
    return saved


def _choose_runtime(picker: Any, backend: str) -> None:
    """Run a tab's models on ``backend`` (``--backend``; "remote": the site server) where its
    runtime picker offers it; else the tab keeps its choice."""
    if backend and picker.usable(backend):
        picker.backend.setCurrentIndex(picker.backend.findData(backend))


def _shoot_grid(
    window: Any,
    video: Path,
    wait: Callable[[Callable[[], bool], float], None],
    shoot: Callable[[str], None],
) -> None:
    """The Detect tab with four sources in a grid (the video four times); the user's list of
    further sources is put back afterwards."""
    tab = window.detect_tab
    settings = window.ctx.config.detection
    kept = list(settings.more_sources)
    window.tabs.setCurrentWidget(tab)
    tab.source.set_spec("file", str(video), True)
    tab.more_sources.setPlainText("\n".join([str(video)] * 3))
    sources: set[int] = set()
    tab.result_shown.connect(lambda r: sources.add(r.source))
    tab.start()
    wait(lambda: len(sources) == 4, 180)
    wait(lambda: False, 3)  # a few frames on every tile, and the HUDs filled in
    shoot("detect-grid")
    tab.stop()
    tab.more_sources.setPlainText("\n".join(kept))
    settings.more_sources = kept
    window.ctx.config_store.save(window.ctx.config)


def _shoot_optimize(
    window: Any, outdir: Path, wait: Callable[[Callable[[], bool], float], None]
) -> list[Path]:
    """Walk the Optimize wizard on the default detector with a short real plan (OpenVINO FP32
    and NNCF INT8, few pictures) and shoot every page, the build while it runs included."""
    wizard = window.open_optimizer("detect", "centernet-coco")
    saved: list[Path] = []

    def shoot_wizard(name: str) -> None:
        wait(lambda: False, 0.3)
        path = outdir / f"optimize-{name}.png"
        wizard.grab().save(str(path))
        saved.append(path)

    shoot_wizard("model")
    wizard.next()
    wait(lambda: wizard.target_page.job is None and bool(wizard.state.candidates), 60)
    wizard.target_page.set_checked({"openvino-fp32-cpu", "openvino-nncf-int8-cpu"})
    shoot_wizard("target")
    wizard.next()
    wizard.data_page.calibration.count.setValue(8)
    wizard.data_page.validation.count.setValue(8)
    wizard.data_page.rounds.setValue(3)
    shoot_wizard("data")
    wizard.next()
    build = wizard.build_page
    wait(lambda: build.overall.value() >= 300 or build.isComplete(), 120)
    shoot_wizard("build-running")
    wait(build.isComplete, 300)
    shoot_wizard("build-done")
    wizard.next()
    shoot_wizard("results")
    wizard.next()
    shoot_wizard("deploy")
    wizard.close()
    return saved


def _shoot_faces(
    window: Any, outdir: Path, wait: Callable[[Callable[[], bool], float], None], shoot: Callable[[str], None]
) -> None:
    """Enroll two people from photos and one through guided camera enrollment, then recognise."""
    import cv2

    from tests import face_media  # the screenshot run uses the test media (scripts/screenshots.sh)

    faces = window.faces_tab
    window.tabs.setCurrentWidget(faces)
    if not faces.gallery.has_pin:
        faces.gate.pin.setText("amber-falcon-2468")
        faces.gate.repeat.setText("amber-falcon-2468")
        faces.gate.button.click()
    else:
        faces.gate.pin.setText("amber-falcon-2468")
        faces.gate.button.click()
    faces.consent.setChecked(True)
    people: list[tuple[str, list[Any]]] = [
        (name, [image, *face_media.altered(image).values()])
        for name, image in (("Grace Hopper", face_media.grace()), ("Eileen Collins", face_media.eileen()))
    ]
    people += [(f"Guest {i + 1}", [crop]) for i, crop in enumerate(face_media.group_faces())]
    for name, images in people:
        paths = []
        for index, image in enumerate(images):
            paths.append(outdir / f"{name.replace(' ', '_').lower()}_{index}.png")
            cv2.imwrite(str(paths[-1]), image)
        if faces.gallery.find(name) is None:
            done: list[Any] = []
            faces.enrolled.connect(done.append)
            faces.enroll_from_photos(name, paths)
            wait(partial(bool, done), 60)
    camera = face_media.write_video(outdir / "camera.mp4", [
        (face_media.no_face(), 20), (face_media.group(), 30), (face_media.tom(), 200)])  # fmt: skip
    faces.source.set_spec("file", str(camera), False)
    if faces.gallery.find("Tom") is None:
        faces.enroll_from_camera("Tom")
        wait(lambda: "faces in view" in faces.enroll_state.text(), 60)
        shoot("faces-enroll")
        wait(lambda: faces.enrolling is None, 120)
    faces.people.setCurrentRow(0)
    shoot("faces-people")
    live = face_media.write_video(outdir / "live.mp4", [(face_media.recognition_scene(), 90)])
    faces.source.set_spec("file", str(live), True)
    seen: set[str] = set()
    faces.result_shown.connect(lambda r: seen.update(f.name for f in r.faces))
    faces.start()
    wait(lambda: {"Grace Hopper", "Eileen Collins", "Unknown"} <= seen, 60)
    wait(lambda: False, 1.0)
    shoot("faces-live")
    faces.stop("")
    from edgestudio.ui.calibration_dialog import CalibrationDialog

    matrix, owners = faces.gallery.template_matrix
    dialog = CalibrationDialog(matrix, owners, faces.threshold.value(), faces)
    dialog.resize(760, 480)
    dialog.show()
    wait(lambda: False, 0.5)
    dialog.grab().save(str(outdir / "faces-calibration.png"))
    dialog.close()
