"""The GUI in Simplified Chinese: the .ts is complete and current, the .qm builds, every text of
the main window and its dialogs is translated, Chinese glyphs render, and the language
follows the locale."""

from __future__ import annotations

import ast
import json
import pickle
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication, QLocale, Qt
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QTableWidget,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItemIterator,
    QWidget,
)

from edgestudio.core.errors import ErrorInfo, MediaError, ModelLoadError
from edgestudio.core.messages import Text
from edgestudio.core.video import SourceSpec
from edgestudio.tasks.chat.model_info import MemoryEstimate
from edgestudio.tasks.faces.enroll import CONSENT_TEXT
from edgestudio.ui import i18n
from edgestudio.ui.audit_dialog import AuditDialog
from edgestudio.ui.calibration_dialog import CalibrationDialog
from edgestudio.ui.main_window import MainWindow
from edgestudio.ui.settings_dialog import SettingsDialog

ROOT = Path(__file__).resolve().parent.parent
TS_FILE = ROOT / "edgestudio" / "i18n" / "edgestudio_zh_CN.ts"
PLACEHOLDERS = re.compile(r"\{[^}]*\}|%\d|%n|%v|%m|%p")


def ts_messages(path: Path) -> list[tuple[str, str, str, bool]]:
    """(context, source, translation, finished) for every message of a .ts file."""
    rows = []
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            finished = translation.get("type") not in ("unfinished", "obsolete", "vanished")
            rows.append((name, message.findtext("source") or "", translation.text or "", finished))
    return rows


@pytest.fixture(scope="session")
def compiled_translations() -> Path:
    """The .qm, compiled by scripts/i18n.sh release when missing or older than the .ts."""
    qm = i18n.translation_file("zh_CN")
    if not qm.exists() or qm.stat().st_mtime < TS_FILE.stat().st_mtime:
        subprocess.run(["bash", str(ROOT / "scripts" / "i18n.sh"), "release"], check=True, timeout=120)
    assert qm.exists() and qm.stat().st_size > 1000
    return qm


@pytest.fixture
def chinese(qapp: QApplication, compiled_translations: Path) -> Iterator[i18n.LanguageChoice]:
    choice = i18n.install_translators(qapp, "zh_CN")
    yield choice
    i18n.install_translators(qapp, "en")


def test_every_message_is_translated_with_its_placeholders() -> None:
    rows = ts_messages(TS_FILE)
    assert len(rows) > 300
    unfinished = [(c, s) for c, s, t, done in rows if not done or not t.strip()]
    assert not unfinished, f"untranslated: {unfinished[:10]}"
    for context, source, translation, _ in rows:
        assert sorted(PLACEHOLDERS.findall(source)) == sorted(PLACEHOLDERS.findall(translation)), (
            context,
            source,
        )


def test_ts_file_holds_every_string_the_gui_marks(tmp_path: Path) -> None:
    """pyside6-lupdate over the GUI sources finds nothing the committed .ts lacks."""
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    sources = sorted(str(p) for p in (ROOT / "edgestudio" / "ui").rglob("*.py"))
    fresh = tmp_path / "fresh.ts"
    subprocess.run([str(lupdate), *sources, "-ts", str(fresh)], check=True, capture_output=True, timeout=120)
    marked = {(c, s) for c, s, _, _ in ts_messages(fresh)}
    committed = {(c, s) for c, s, _, _ in ts_messages(TS_FILE)}
    missing = sorted(marked - committed)
    assert not missing, f"run scripts/i18n.sh update and translate: {missing[:10]}"


def test_release_builds_the_qm(compiled_translations: Path) -> None:
    from PySide6.QtCore import QTranslator

    translator = QTranslator()
    assert translator.load(str(compiled_translations))
    assert translator.translate("DetectTab", "Start") == "开始"


def widget_texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for every user-visible text under ``root``."""
    for widget in [root, *root.findChildren(QWidget)]:
        kind = type(widget).__name__
        yield f"{kind} tooltip", widget.toolTip()
        if widget.isWindow():
            yield f"{kind} title", widget.windowTitle()
        if isinstance(widget, QLabel):
            yield kind, widget.text()
        if isinstance(widget, QAbstractButton):
            yield kind, widget.text()
        if isinstance(widget, QGroupBox):
            yield kind, widget.title()
        if isinstance(widget, QLineEdit | QPlainTextEdit):
            yield f"{kind} placeholder", widget.placeholderText()
        if isinstance(widget, QProgressBar):
            yield kind, widget.format()
        if isinstance(widget, QComboBox):
            for index in range(widget.count()):
                yield f"{kind} item tooltip", str(widget.itemData(index, Qt.ItemDataRole.ToolTipRole) or "")
            dialog = widget.window()
            # The language choice names each language in its own words ("English", "简体中文").
            endonyms = isinstance(dialog, SettingsDialog) and widget is dialog.language
            for index in range(widget.count()):
                text = widget.itemText(index)
                if not (endonyms and text in i18n.LANGUAGES.values()):
                    yield f"{kind} item", text
        if isinstance(widget, QTabWidget):
            for index in range(widget.count()):
                yield f"{kind} tab", widget.tabText(index)
        if isinstance(widget, QTreeWidget):
            header = widget.headerItem()
            for column in range(header.columnCount()):
                yield f"{kind} header", header.text(column)
            items = QTreeWidgetItemIterator(widget)
            while items.value():
                item = items.value()
                for column in range(item.columnCount()):
                    yield f"{kind} cell", item.text(column)
                    yield f"{kind} cell tooltip", item.toolTip(column)
                items += 1
        if isinstance(widget, QTableWidget):
            for column in range(widget.columnCount()):
                item = widget.horizontalHeaderItem(column)
                if item is not None:
                    yield f"{kind} header", item.text()
    for action in root.findChildren(QAction):
        yield "QAction", action.text()


def english_fragments() -> set[str]:
    """The fixed words of every lower-layer template (what stays English when a sentence from
    core, backends or tasks is shown untranslated, whatever its numbers and names)."""
    fragments = set()
    for template in i18n.LOWER_LAYER_TEXTS:
        if QCoreApplication.translate(i18n.MESSAGES_CONTEXT, template) == template:
            continue  # the same in Chinese (a product name)
        for part in PLACEHOLDERS.split(template):
            if len(part.strip()) >= 12 and re.search(r"[a-z]{3,} [a-z]{2,}", part):
                fragments.add(part.strip())
    return fragments


def untranslated(root: QWidget, sources: set[str]) -> list[tuple[str, str]]:
    """Texts under ``root`` that are a GUI source text, or hold the English words of a
    lower-layer sentence (a runtime reason, a verdict, an error with a file name)."""
    fragments = english_fragments() if QCoreApplication.translate("DetectTab", "Start") != "Start" else set()
    return [
        (where, text)
        for where, text in widget_texts(root)
        if text.strip() and (text in sources or any(fragment in text for fragment in fragments))
    ]


@pytest.fixture
def english_sources() -> set[str]:
    """Source texts whose Chinese differs (a text like "Top-p" stays as it is)."""
    return {s for _, s, t, _ in ts_messages(TS_FILE) if s != t}


def test_main_window_and_dialogs_are_chinese(qtbot, ctx, chinese, english_sources: set[str]) -> None:  # type: ignore[no-untyped-def]
    assert chinese.language == "zh_CN" and not chinese.problems
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.device_panel.report is not None, timeout=60_000)
    qtbot.wait(200)  # the tabs take the Device report
    dialogs: list[QWidget] = [
        SettingsDialog(ctx.config, ctx.config_store, window),
        AuditDialog(window.faces_tab.gallery, window),
        CalibrationDialog(np.zeros((0, 128), np.float32), np.zeros(0, np.int64), 0.5, window),
    ]
    problems = untranslated(window, english_sources)
    for dialog in dialogs:
        problems += untranslated(dialog, english_sources)
    assert not problems, problems
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles[:2] == ["目标检测", "人脸识别"] and "设备" in titles
    window.shutdown()


def test_walk_fails_on_a_text_without_tr(qtbot, chinese, english_sources: set[str]) -> None:  # type: ignore[no-untyped-def]
    """The walk is a real check: an English source text on a widget is reported."""
    holder = QWidget()
    qtbot.addWidget(holder)
    label = QLabel("Choose a source and press Start.", holder)
    assert untranslated(holder, english_sources) == [("QLabel", label.text())]


def test_lower_layer_texts_are_translated_whole(chinese) -> None:  # type: ignore[no-untyped-def]
    assert i18n.tr_message(CONSENT_TEXT) != CONSENT_TEXT
    info = ErrorInfo.from_exception(ModelLoadError("x.onnx is damaged.", "Add it again."))
    assert i18n.error_title(info) == "无法加载模型"
    assert i18n.error_text(info) == "x.onnx is damaged. Add it again."  # unknown texts pass as they are


def lower_layer_templates() -> set[str]:
    """Every template written as ``Text("...")`` in core, backends, tasks and optimize."""
    templates = set()
    for package in ("core", "backends", "tasks", "optimize"):
        for path in (ROOT / "edgestudio" / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Text":
                    first = node.args[0] if node.args else None
                    if isinstance(first, ast.Constant) and isinstance(first.value, str):
                        templates.add(first.value)
                    elif isinstance(first, ast.Name):  # a variable chosen between constants
                        templates.add(f"<variable {first.id} in {path.name}>")
    return templates


def test_every_lower_layer_template_is_marked_for_translation() -> None:
    templates = lower_layer_templates()
    assert len(templates) > 30
    variables = {t for t in templates if t.startswith("<variable")}
    literal = templates - variables
    missing = sorted(literal - set(i18n.LOWER_LAYER_TEXTS))
    assert not missing, f"list them in ui/i18n.py: {missing}"
    # Templates picked into a variable are constants in the same module: each is listed too.
    for marker in variables:
        module = marker.split(" in ")[1].rstrip(">")
        source = next((ROOT / "edgestudio").rglob(module)).read_text(encoding="utf-8")
        for constant in re.findall(r'^\s+"([^"\n]*\{[a-z_]+[^"\n]*)"\n', source, re.MULTILINE):
            assert any(constant in listed for listed in i18n.LOWER_LAYER_TEXTS), (module, constant)


def test_sentences_with_numbers_and_names_are_translated(chinese) -> None:  # type: ignore[no-untyped-def]
    estimate = MemoryEstimate(weights_mb=800.0, kv_cache_mb=150.0, compute_mb=50.0, available_mb=512.0)
    assert i18n.tr_message(estimate.verdict()) == "太大：约需 1,000 MB，本设备可用 512 MB。"
    error = ErrorInfo.from_exception(MediaError(Text("{name} has no audio track.", name="会议.mp4"), ""))
    assert i18n.error_text(error) == "会议.mp4 没有音轨。"
    camera = SourceSpec.guess("0").describe()
    assert camera == "camera 0" and i18n.tr_message(camera) == "摄像头 0"
    crossed = pickle.loads(pickle.dumps(Text("Camera {number} could not be opened.", number="2")))
    assert i18n.tr_message(crossed) == "无法打开摄像头 2。", "a Text keeps its template across processes"
    # A translation that does not fit its parameters shows the English sentence, not an error.
    assert i18n.tr_message(Text("{unknown} template", unknown="x")) == "x template"


def test_chinese_glyphs_render_not_tofu(qapp, chinese) -> None:  # type: ignore[no-untyped-def]
    assert i18n.cjk_font_available()
    label = QLabel("目标检测 人脸识别 推理 延迟")
    assert i18n.glyphs_render("目标检测人脸识别推理延迟", label.font())
    # The check can fail: characters no font has come out as the same box (or nothing).
    assert not i18n.glyphs_render("\ue000\ue001\ue002", QFont())


@pytest.mark.parametrize(
    ("setting", "locale", "expected"),
    [
        ("system", "zh_CN", "zh_CN"),
        ("system", "zh_SG", "zh_CN"),
        ("system", "zh_TW", "en"),
        ("system", "en_US", "en"),
        ("system", "de_DE", "en"),
        ("zh_CN", "en_US", "zh_CN"),
        ("en", "zh_CN", "en"),
    ],
)
def test_resolve_language(setting: str, locale: str, expected: str) -> None:
    assert i18n.resolve_language(setting, QLocale(locale)) == expected


def test_numbers_and_sizes_follow_the_locale(chinese) -> None:  # type: ignore[no-untyped-def]
    assert i18n.format_number(12345.6, 1) == QLocale("zh_CN").toString(12345.6, "f", 1)
    assert i18n.format_size(1_500_000)
    QLocale.setDefault(QLocale("de_DE"))
    try:
        assert i18n.format_number(1.5, 1) == "1,5"
    finally:
        QLocale.setDefault(QLocale("zh_CN"))


def test_side_panels_fit_their_width_in_chinese(qtbot, ctx, chinese) -> None:  # type: ignore[no-untyped-def]
    """The tabs' side panels do not scroll sideways: nothing in them may ask for more width
    than the panel has, or its right-hand column is cut off (Faces, with long combo items)."""
    from PySide6.QtWidgets import QScrollArea

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.device_panel.report is not None, timeout=60_000)
    qtbot.wait(200)
    too_wide = []
    for tab in (window.detect_tab, window.faces_tab, window.voice_tab, window.chat_tab):
        for scroll in tab.findChildren(QScrollArea):
            content = scroll.widget()
            if scroll.horizontalScrollBarPolicy() != Qt.ScrollBarPolicy.ScrollBarAlwaysOff or content is None:
                continue
            needed = content.minimumSizeHint().width()
            available = scroll.maximumViewportSize().width() - scroll.verticalScrollBar().sizeHint().width()
            if needed > available:
                too_wide.append((type(tab).__name__, needed, available))
    window.shutdown()
    assert not too_wide, too_wide


def test_object_labels_speak_chinese_and_unknown_classes_pass_through(chinese) -> None:  # type: ignore[no-untyped-def]
    from edgestudio.tasks.detection.labels import COCO80
    from edgestudio.ui.object_labels import COCO_LABELS, object_label

    assert tuple(COCO_LABELS) == COCO80  # every class of the default detector is marked
    assert object_label("person") == "人" and object_label("traffic light") == "交通信号灯"
    assert all(object_label(name) != name for name in COCO80)
    assert object_label("forklift") == "forklift"  # a user's own model's class


def test_face_names_in_any_script_and_unknown_in_chinese_are_painted(qapp, chinese) -> None:  # type: ignore[no-untyped-def]
    """Names are painted by Qt over the frame (OpenCV's font drew 张伟 as "??")."""
    import numpy as np
    from PySide6.QtCore import QCoreApplication

    from edgestudio.tasks.faces.gallery import UNKNOWN
    from edgestudio.tasks.faces.recognize import RecognizedFace
    from edgestudio.ui.overlays import ACCEPTED_COLOUR, REFUSED_COLOUR, face_overlays
    from edgestudio.ui.widgets.video_view import VideoView

    unknown = QCoreApplication.translate("FacesTab", "Unknown")
    assert unknown == "未知"
    faces = [
        RecognizedFace(1, (40.0, 60.0, 140.0, 180.0), "张伟", 0.91, True),
        RecognizedFace(2, (200.0, 60.0, 300.0, 180.0), UNKNOWN, 0.2, True),
    ]
    overlays = face_overlays(faces, unknown)
    expected = [("张伟 0.91", ACCEPTED_COLOUR), ("未知", REFUSED_COLOUR)]
    assert [(o.label, o.color) for o in overlays] == expected
    assert i18n.glyphs_render("张伟未知", QFont())
    view = VideoView()
    view.show_frame(np.zeros((240, 320, 3), np.uint8), overlays)
    image = view.rendered_image()
    assert image is not None and (image.width(), image.height()) == (320, 240)
    left_edge = np.array([image.pixelColor(40, y).getRgb()[:3] for y in range(80, 170)])
    assert (np.abs(left_edge - np.array(ACCEPTED_COLOUR)) < 40).all(axis=1).mean() > 0.8
    tag = [image.pixelColor(x, y).getRgb()[:3] for x in range(42, 100) for y in range(40, 58)]
    assert (255, 255, 255) in tag, "the name's glyphs are drawn in white on the tag"


def test_model_tooltips_speak_chinese(qtbot, ctx, chinese) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    from edgestudio.ui.widgets.model_picker import ModelPicker

    picker = ModelPicker(ctx.models, ctx.registry)
    qtbot.addWidget(picker)
    tip = picker.combo.itemData(0, Qt.ItemDataRole.ToolTipRole)
    assert "许可证" in tip and "内置" in tip and "licence" not in tip.lower()


def test_an_optimizer_report_read_back_from_json_speaks_chinese(chinese) -> None:  # type: ignore[no-untyped-def]
    """The optimizer's child process sends its report as JSON; labels, gate verdicts and the
    recommendation keep their templates, so the wizard shows them translated."""
    import json

    from edgestudio.core.types import Detection
    from edgestudio.optimize.detect_plan import pick
    from edgestudio.optimize.gate_detect import judge
    from edgestudio.optimize.types import Candidate, CandidateResult, OptimizeReport, SpeedResult

    found = [[Detection((10.0, 10.0, 50.0, 50.0), 0.9, 0, "person")]]
    verdict = judge(found, found, 0.4).gate
    candidate = Candidate(
        "openvino-fp32-cpu", "detect", "OpenVINO IR FP32, CPU", "openvino", "CPU", "openvino-ir", "fp32"
    )
    speed = SpeedResult(10, 11, 100, "fps", 1.6)
    result = CandidateResult(
        candidate, "passed", artifact="x", gate=verdict, speed=speed, settings={"confidence": 0.4}
    )
    pick_id, reason = pick([result])
    report = OptimizeReport("detect", {}, {}, {}, {}, [result], pick_id, reason)
    back = OptimizeReport.from_dict(json.loads(json.dumps(report.to_dict())))

    shown = [
        i18n.tr_message(back.results[0].candidate.label),
        i18n.tr_message(back.results[0].gate.reason if back.results[0].gate else ""),
        i18n.tr_message(back.pick_reason),
    ]
    assert shown[0] == "OpenVINO IR FP32，CPU"
    assert shown[1].startswith("通过：mAP@0.5 1.000")
    assert shown[2].startswith("OpenVINO IR FP32，CPU：同一次运行中速度为原始模型的 1.60 倍")
    assert back.to_dict() == report.to_dict()  # the round trip loses nothing


def test_the_build_pages_progress_speaks_chinese(chinese, qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    """Progress lines come from the optimizer's child as JSON events, with their templates."""
    import json

    from edgestudio.optimize.planners import emit_stage
    from edgestudio.ui.optimize_wizard import OptimizeWizard

    events: list[dict[str, object]] = []

    class Child:  # what the wizard reads: the child's events after a trip through JSON
        def emit(self, event: str, **fields: object) -> None:
            events.append(json.loads(json.dumps({"event": event, **fields})))

    label = Text("Checking accuracy of {label}", label="OpenVINO IR FP32, CPU")
    emit_stage(Child(), "gate", "openvino-fp32-cpu", 0.3, label)
    emit_stage(Child(), "data", "", 0.01, "Reading calibration and validation pictures")
    wizard = OptimizeWizard(ctx, "detect", "centernet-coco")
    qtbot.addWidget(wizard)
    shown = []
    for event in events:
        wizard.build_page._on_event(event)
        shown.append(wizard.build_page.now.text())
    assert shown == ["正在检查 OpenVINO IR FP32，CPU 的精度", "正在读取校准和验证图片"]
    wizard.close()


def test_no_translated_text_hides_inside_an_f_string() -> None:
    """pyside6-lupdate does not look inside f-strings: a tr() there is never translated."""
    hidden = []
    for path in sorted((ROOT / "edgestudio" / "ui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                for inner in ast.walk(node):
                    if isinstance(inner, ast.Call) and getattr(inner.func, "attr", "") in ("tr", "translate"):
                        hidden.append(f"{path.name}:{inner.lineno}")
    assert not hidden, f"move these tr() calls out of their f-strings: {hidden}"


def test_the_face_embedders_tar_at_far_verdict_speaks_chinese(chinese) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    from edgestudio.optimize.gate_embed import judge_embeddings

    rows = np.eye(6, 8, dtype=np.float32)
    gate = judge_embeddings(rows, rows, ["a", "a", "b", "b", "c", "c"], 0.74).gate
    assert i18n.tr_message(gate.reason).startswith("通过：将其特征与原始模型的人脸库比对")
    assert i18n.tr_message(gate.evidence).startswith("证据不足：只有 3 个人的 3 个同一人配对")
    assert (
        i18n.tr_message("ONNX Runtime FP32, CPU (FaceRes, the original)")
        == "ONNX Runtime FP32，CPU（FaceRes，原始模型）"
    )


def test_a_site_server_fallback_reason_is_said_in_chinese_even_from_a_child(chinese) -> None:  # type: ignore[no-untyped-def]
    from edgestudio.backends.remote_client import ServerAddress, classify
    from edgestudio.backends.remote_fallback import reason_of
    from edgestudio.core.messages import from_wire, to_wire

    address = ServerAddress("grpc://127.0.0.1:9")
    reason = reason_of(classify(ConnectionRefusedError("[Errno 111] Connection refused"), address))
    assert str(reason).startswith("server unreachable: The site server at grpc://127.0.0.1:9 cannot be")
    said = "无法连接服务器：无法连接站点服务器 grpc://127.0.0.1:9（[Errno 111] Connection refused）。"
    assert i18n.tr_message(reason) == said
    # the transcription worker (a child process) sends it as JSON with its template beside it
    wired = from_wire(str(reason), json.loads(json.dumps(to_wire(reason))))
    assert i18n.tr_message(wired) == said
    token = classify(PermissionError("401 Unauthorized: restricted"), address, what="its health")
    assert i18n.tr_message(token.message) == "站点服务器 grpc://127.0.0.1:9 需要访问令牌（其健康状态）。"
