"""The GUI's languages: Qt translators for EdgeStudio's strings and Qt's own dialogs, the
locale used for numbers, dates and sizes, and a check that Chinese glyphs can be drawn.

Sources are ``edgestudio/i18n/edgestudio_<lang>.ts`` (made with ``pyside6-lupdate`` by
``scripts/i18n.sh update``); the ``.qm`` files are compiled from them by ``pyside6-lrelease`` at
install and bundle time and are not committed. Everything here runs on the GUI thread.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QDateTime, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QImage, QPainter

from edgestudio.core.errors import ErrorInfo
from edgestudio.core.messages import Text
from edgestudio.ui.docs_texts import DOCS_TEXTS
from edgestudio.ui.faces_move_texts import FACES_MOVE_TEXTS
from edgestudio.ui.optimize_texts import OPTIMIZE_TEXTS
from edgestudio.ui.site_texts import SITE_SERVER_TEXTS

if TYPE_CHECKING:
    # Qt's stubs say the marker returns ``object``; it returns the text it was given.
    def QT_TRANSLATE_NOOP(context: str, text: str) -> str: ...  # Qt's name
else:
    from PySide6.QtCore import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)

TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "i18n"
SOURCE_LANGUAGE = "en"
# Language codes the GUI speaks, with their names written in that language.
LANGUAGES: dict[str, str] = {"en": "English", "zh_CN": "简体中文"}
CJK_FONT_HINT = "sudo apt-get install fonts-wqy-microhei (or fonts-noto-cjk)"


@dataclass(frozen=True)
class LanguageChoice:
    """What ``install_translators`` set up: the language, and why it fell short if it did."""

    language: str
    problems: tuple[str, ...] = ()


def resolve_language(setting: str, system_locale: QLocale | None = None) -> str:
    """The language to show for a setting of "system", "en" or "zh_CN"."""
    if setting in LANGUAGES:
        return setting
    locale = system_locale or QLocale.system()
    # Simplified Chinese unless the locale asks for the traditional script.
    chinese = locale.language() == QLocale.Language.Chinese
    if chinese and locale.script() != QLocale.Script.TraditionalChineseScript:
        return "zh_CN"
    return SOURCE_LANGUAGE


def translation_file(language: str) -> Path:
    return TRANSLATIONS_DIR / f"edgestudio_{language}.qm"


def install_translators(app: QCoreApplication, setting: str) -> LanguageChoice:
    """Load the translators for ``setting`` into ``app`` and set the default locale.

    Keeps the translator objects alive by parenting them to the application."""
    language = resolve_language(setting)
    QLocale.setDefault(QLocale(language))
    for old in app.findChildren(QTranslator, "edgestudio-translator"):
        app.removeTranslator(old)
        old.deleteLater()
    if language == SOURCE_LANGUAGE:
        return LanguageChoice(language)
    problems: list[str] = []
    ours = translation_file(language)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for path in (ours, Path(qt_dir) / f"qtbase_{language}.qm"):
        translator = QTranslator(app)
        translator.setObjectName("edgestudio-translator")
        if translator.load(str(path)):
            app.installTranslator(translator)
        else:
            translator.deleteLater()
            problems.append(f"translation file {path} is missing (run scripts/install.sh to compile it)")
    if not cjk_font_available():
        problems.append(f"no Chinese font is installed: {CJK_FONT_HINT}")
    for problem in problems:
        log.warning("language %s: %s", language, problem)
    return LanguageChoice(language, tuple(problems))


def cjk_font_available() -> bool:
    """Whether some installed font covers Simplified Chinese."""
    return bool(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))


def glyphs_render(text: str, font: QFont | None = None) -> bool:
    """Whether each character of ``text`` is drawn as its own glyph (not the same "tofu" box).

    Draws every character alone and compares the images: missing glyphs all come out alike."""
    images: set[bytes] = set()
    for char in text:
        image = QImage(48, 48, QImage.Format.Format_Grayscale8)
        image.fill(255)
        painter = QPainter(image)
        painter.setFont(font or QFont())
        painter.drawText(4, 36, char)
        painter.end()
        data = bytes(image.constBits())
        if data.count(255) == len(data):  # nothing drawn at all
            return False
        images.add(data)
    return len(images) == len(set(text))


def format_size(num_bytes: int) -> str:
    """A byte count for the current locale ("1.5 MB", "1.5 MB" in Chinese as Qt writes it)."""
    return QLocale().formattedDataSize(num_bytes, 1, QLocale.DataSizeFormat.DataSizeSIFormat)


def format_number(value: float, decimals: int = 1) -> str:
    """A number with the locale's separators."""
    return QLocale().toString(float(value), "f", decimals)


def format_time(timestamp: float) -> str:
    """A date and time (seconds since the epoch) in the locale's short format."""
    moment = QDateTime.fromMSecsSinceEpoch(int(timestamp * 1000))
    return QLocale().toString(moment, QLocale.FormatType.ShortFormat)


# English texts that reach the GUI from the layers below ui/ (which have no Qt): error
# titles, enrollment verdicts, runtime and recommendation reasons, the consent line. A fixed
# text is translated whole; a text with variable parts comes as a ``core.messages.Text``
# whose template is listed here and whose parameters are filled into the translation. A
# text not listed here is shown as it came (in English).
MESSAGES_CONTEXT = "Messages"
# What the Device check says about runtimes, devices and recommendations (backends/, core/).
RUNTIME_TEXTS = (
    QT_TRANSLATE_NOOP("Messages", "{runtime} does not serve this task"),
    QT_TRANSLATE_NOOP("Messages", "{runtime} does not serve this task ({task})."),
    QT_TRANSLATE_NOOP("Messages", "{runtime} cannot read {format} models."),
    QT_TRANSLATE_NOOP("Messages", "Runtimes that do: {runtimes}."),
    QT_TRANSLATE_NOOP("Messages", "Runtimes that can: {runtimes}."),
    QT_TRANSLATE_NOOP("Messages", "none installed"),
    QT_TRANSLATE_NOOP("Messages", "{reason} ({hint})"),
    QT_TRANSLATE_NOOP("Messages", "{package} is not installed ({error})"),
    QT_TRANSLATE_NOOP("Messages", "Nothing here runs {task} models ({why})."),
    QT_TRANSLATE_NOOP("Messages", "Nothing here runs {task} models: no runtime serves it."),
    QT_TRANSLATE_NOOP("Messages", "dlib's ResNet on the CPU ({cores} cores)."),
    # The OpenCV DNN plugin shipped beside the app (plugins/edgestudio-opencv).
    QT_TRANSLATE_NOOP("Messages", "OpenCV DNN on {cores} CPU cores."),
    QT_TRANSLATE_NOOP("Messages", "GPU (OpenCL)"),
    QT_TRANSLATE_NOOP("Messages", "no OpenCL device found"),
    QT_TRANSLATE_NOOP("Messages", "OpenCV DNN could not run the model: {error}"),
    QT_TRANSLATE_NOOP("Messages", "OpenCV DNN has no device called '{device}'."),
    QT_TRANSLATE_NOOP("Messages", "Use cpu or opencl."),
    QT_TRANSLATE_NOOP("Messages", "OpenCV could not load {name}: {error}"),
    QT_TRANSLATE_NOOP("Messages", "All layers on {gpu}; the CPU stays free."),
    QT_TRANSLATE_NOOP(
        "Messages",
        "{threads} threads (one per core); {free_gb:.1f} GB free holds models up to about {max_gb:.1f} GB.",
    ),
    QT_TRANSLATE_NOOP("Messages", "CPU"),
    QT_TRANSLATE_NOOP("Messages", "GPU offload (CUDA/Metal/Vulkan)"),
    QT_TRANSLATE_NOOP("Messages", "this llama-cpp-python build has no GPU support"),
    QT_TRANSLATE_NOOP("Messages", "{gpu} runs ncnn models through Vulkan."),
    QT_TRANSLATE_NOOP("Messages", "ncnn's ARM NEON kernels suit this CPU well."),
    QT_TRANSLATE_NOOP("Messages", "ncnn runs on this CPU (its kernels are tuned for ARM)."),
    QT_TRANSLATE_NOOP("Messages", "CPU ({threads} threads)"),
    QT_TRANSLATE_NOOP("Messages", "Vulkan GPU: {gpu}"),
    QT_TRANSLATE_NOOP("Messages", "Vulkan GPU"),
    QT_TRANSLATE_NOOP("Messages", "the Vulkan driver reports no GPU"),
    QT_TRANSLATE_NOOP(
        "Messages", "no Vulkan GPU driver is installed (no ICD manifest in /usr/share/vulkan/icd.d)"
    ),
    QT_TRANSLATE_NOOP("Messages", "ncnn's Vulkan path needs MoltenVK, which this build does not use"),
    QT_TRANSLATE_NOOP("Messages", "{gpu}: TensorRT gives the lowest latency on NVIDIA GPUs."),
    QT_TRANSLATE_NOOP("Messages", "{gpu} is used through CUDA."),
    QT_TRANSLATE_NOOP("Messages", "ONNX Runtime on the CPU: no GPU or NPU runtime is available."),
    QT_TRANSLATE_NOOP("Messages", "ONNX Runtime on the CPU: no GPU provider is installed."),
    QT_TRANSLATE_NOOP("Messages", "no execution provider of this build is usable here"),
    QT_TRANSLATE_NOOP("Messages", "NVIDIA GPU (CUDA)"),
    QT_TRANSLATE_NOOP("Messages", "NVIDIA GPU (TensorRT)"),
    QT_TRANSLATE_NOOP("Messages", "Intel CPU/GPU/NPU (OpenVINO provider)"),
    QT_TRANSLATE_NOOP("Messages", "not in this onnxruntime build (pip install onnxruntime-gpu)"),
    QT_TRANSLATE_NOOP("Messages", "not in this onnxruntime build (onnxruntime-gpu + TensorRT)"),
    QT_TRANSLATE_NOOP("Messages", "not in this onnxruntime build (pip install onnxruntime-openvino)"),
    QT_TRANSLATE_NOOP("Messages", "The {device} runs vision models with little CPU load."),
    QT_TRANSLATE_NOOP("Messages", "OpenVINO's CPU kernels are the fastest on x86 CPUs ({features})."),
    QT_TRANSLATE_NOOP("Messages", "OpenVINO's CPU kernels are the fastest on x86 CPUs."),
    QT_TRANSLATE_NOOP("Messages", "OpenVINO runs on this CPU, but it is tuned for x86."),
    QT_TRANSLATE_NOOP("Messages", "no OpenVINO device is usable here"),
    QT_TRANSLATE_NOOP("Messages", "no OpenVINO CPU plugin (x86-64 or ARM64 CPU required)"),
    QT_TRANSLATE_NOOP("Messages", "Intel GPU"),
    QT_TRANSLATE_NOOP("Messages", "Intel NPU"),
    QT_TRANSLATE_NOOP("Messages", "no Intel GPU found (or its compute driver is missing)"),
    QT_TRANSLATE_NOOP("Messages", "no Intel NPU found (Core Ultra NPU and driver needed)"),
    QT_TRANSLATE_NOOP("Messages", "AUTO (OpenVINO picks the best device)"),
    QT_TRANSLATE_NOOP("Messages", "no device"),
    QT_TRANSLATE_NOOP("Messages", "{gpu}: a TensorRT engine built for this GPU."),
    QT_TRANSLATE_NOOP("Messages", "no usable NVIDIA GPU ({error})"),
    QT_TRANSLATE_NOOP(
        "Messages", "TensorRT is not installed (it needs an NVIDIA GPU and NVIDIA's libraries)."
    ),
    QT_TRANSLATE_NOOP(
        "Messages",
        "On a machine with an NVIDIA GPU and driver: pip install 'edgestudio[tensorrt]' "
        "(TensorRT and cuda-python from NVIDIA); Jetson devices have TensorRT in JetPack.",
    ),
    QT_TRANSLATE_NOOP("Messages", "CPU with XNNPACK ({threads} threads)"),
    QT_TRANSLATE_NOOP("Messages", "TensorFlow Lite's XNNPACK kernels suit this ARM CPU."),
    QT_TRANSLATE_NOOP("Messages", "TensorFlow Lite runs on this CPU with XNNPACK."),
    QT_TRANSLATE_NOOP("Messages", "float16 on {gpu}."),
    QT_TRANSLATE_NOOP(
        "Messages", "int8 on {cores} cores with VNNI int8 instructions; tiny.en for live speech."
    ),
    QT_TRANSLATE_NOOP("Messages", "int8 on {cores} cores; tiny.en for live speech."),
    QT_TRANSLATE_NOOP("Messages", "no CUDA device found"),
    QT_TRANSLATE_NOOP("Messages", "Chat server (OpenAI-compatible)"),
    QT_TRANSLATE_NOOP("Messages", "Remote server"),
    *SITE_SERVER_TEXTS,
    # The Voice tab's hardware note (tasks/speech/engine.choose_settings)
    QT_TRANSLATE_NOOP("Messages", "{gpu}: float16 on the GPU."),
    QT_TRANSLATE_NOOP(
        "Messages",
        "CPU, {threads} threads, int8 is about 2x faster than float32 on CPUs at the same accuracy "
        "(this CPU has VNNI/AVX-512 int8 instructions).",
    ),
    QT_TRANSLATE_NOOP(
        "Messages",
        "CPU, {threads} threads, int8 is about 2x faster than float32 on CPUs at the same accuracy.",
    ),
    QT_TRANSLATE_NOOP("Messages", "CPU, int8 (device check still running)."),
)
# Verdicts with numbers: enrollment (tasks/faces/enroll.py), chat memory (tasks/chat/model_info.py).
VERDICT_TEXTS = (
    QT_TRANSLATE_NOOP(
        "Messages", "{count} faces in the photo: only the person enrolling may be in the picture."
    ),
    QT_TRANSLATE_NOOP("Messages", "{count} faces in view: only the person enrolling may be in the picture."),
    QT_TRANSLATE_NOOP("Messages", "Come closer: the face is {size:.0f} px high, {needed:.0f} needed."),
    QT_TRANSLATE_NOOP(
        "Messages",
        "The new face does not look like the {name} already enrolled: it is {distance:.2f} away "
        "from their templates, and the same person is usually closer than {threshold:.2f}.",
    ),
    QT_TRANSLATE_NOOP(
        "Messages", "Too large: needs about {need_mb:,.0f} MB, this device has {free_mb:,.0f} MB free."
    ),
    QT_TRANSLATE_NOOP(
        "Messages",
        "Tight: needs about {need_mb:,.0f} MB of {free_mb:,.0f} MB free; other models may have to be closed.",
    ),
    QT_TRANSLATE_NOOP("Messages", "Fits: needs about {need_mb:,.0f} MB, {free_mb:,.0f} MB free."),
)
# The commonest load and file errors, and the video source's description.
FILE_ERROR_TEXTS = (
    QT_TRANSLATE_NOOP("Messages", "The model file {path} does not exist."),
    QT_TRANSLATE_NOOP("Messages", "The model file {name} cannot be read: {error}."),
    QT_TRANSLATE_NOOP("Messages", "The model file {name} is empty."),
    QT_TRANSLATE_NOOP("Messages", "{name} needs {files} beside it, and it is not there."),
    QT_TRANSLATE_NOOP(
        "Messages", "Copy the model's files into one folder, or add the model to the store again."
    ),
    QT_TRANSLATE_NOOP("Messages", "{path} is not a folder."),
    QT_TRANSLATE_NOOP("Messages", "Choose the folder of a CTranslate2 Whisper model."),
    QT_TRANSLATE_NOOP("Messages", "{name} is not a complete Whisper model: {files} missing."),
    QT_TRANSLATE_NOOP(
        "Messages", "A faster-whisper model folder holds model.bin, config.json and tokenizer.json."
    ),
    QT_TRANSLATE_NOOP(
        "Messages", "{name} looks like a {kind} file but is damaged: its audio data cannot be decoded."
    ),
    QT_TRANSLATE_NOOP("Messages", "Export or copy the recording again, or choose another file."),
    QT_TRANSLATE_NOOP("Messages", "{name} is not an audio or video file EdgeStudio can read."),
    QT_TRANSLATE_NOOP(
        "Messages", "Use a common audio or video file: WAV, MP3, FLAC, OGG, M4A, MP4, MKV, WEBM..."
    ),
    QT_TRANSLATE_NOOP("Messages", "{name} is empty (0 bytes)."),
    QT_TRANSLATE_NOOP("Messages", "Choose a recording with sound in it."),
    QT_TRANSLATE_NOOP("Messages", "{name} has no audio track."),
    QT_TRANSLATE_NOOP("Messages", "Choose a recording or a video with sound."),
    QT_TRANSLATE_NOOP("Messages", "camera {number}"),
    QT_TRANSLATE_NOOP("Messages", "Camera {number} could not be opened."),
    QT_TRANSLATE_NOOP(
        "Messages",
        "Check that a camera is connected, not used by another program, and that this user may access it.",
    ),
    QT_TRANSLATE_NOOP("Messages", "The stream {url} could not be opened."),
    QT_TRANSLATE_NOOP(
        "Messages",
        "'{tensor}' has a fixed first axis of {size}, so Triton cannot batch this model: export it "
        "with a dynamic batch axis to use the dynamic batcher.",
    ),
    QT_TRANSLATE_NOOP("Messages", "{model} is a {format} model; Triton's standard backends serve {served}."),
    QT_TRANSLATE_NOOP(
        "Messages", "Convert it first (edgestudio models convert) or export the ONNX it came from."
    ),
    QT_TRANSLATE_NOOP("Messages", "{path} already exists; nothing was changed."),
    QT_TRANSLATE_NOOP(
        "Messages", "Remove that model folder first, or export into another repository folder."
    ),
    QT_TRANSLATE_NOOP("Messages", "The repository could not be written to {folder}: {reason}."),
    QT_TRANSLATE_NOOP("Messages", "Triton's model configuration library is not installed."),
    QT_TRANSLATE_NOOP("Messages", "The stream {url} could not be opened: the host name {host} is not known."),
    QT_TRANSLATE_NOOP(
        "Messages",
        "The stream {url} could not be opened: the connection was refused (nothing listens on "
        "port {port} of {host}).",
    ),
    QT_TRANSLATE_NOOP(
        "Messages", "The stream {url} could not be opened: {host} did not answer within {seconds} s."
    ),
    QT_TRANSLATE_NOOP(
        "Messages",
        "The stream {url} could not be opened: the server accepted the connection but did not answer "
        "within {seconds} s.",
    ),
    QT_TRANSLATE_NOOP("Messages", "The stream {url} could not be opened: {reason}."),
    QT_TRANSLATE_NOOP(
        "Messages", "The stream {url} could not be opened: the server does not speak {protocol}."
    ),
    QT_TRANSLATE_NOOP(
        "Messages", "The stream {url} could not be opened: the server answered {status} {reason}."
    ),
    QT_TRANSLATE_NOOP(
        "Messages", "The stream {url} could not be opened: the server sends {content_type}, not a video."
    ),
    QT_TRANSLATE_NOOP(
        "Messages",
        "The stream {url} could not be opened: the server answered, but what it sends is not a video "
        "EdgeStudio can play.",
    ),
    QT_TRANSLATE_NOOP("Messages", "Check the address, the network and any user name or password in the URL."),
    QT_TRANSLATE_NOOP("Messages", "No microphone was found."),
    QT_TRANSLATE_NOOP("Messages", "Connect one; file transcription works without it."),
)
# The face gallery's keys and PIN policy (tasks/faces/gallery_keys.py, pin_policy.py).
GALLERY_KEY_TEXTS = (
    QT_TRANSLATE_NOOP("Messages", "The face gallery is bound to another device"),
    QT_TRANSLATE_NOOP("Messages", "{message} {hint}"),
    QT_TRANSLATE_NOOP("Messages", "This gallery is bound to another device; restore it from an export."),
    QT_TRANSLATE_NOOP(
        "Messages",
        "There is no device key here ({reason}). On the kiosk itself, use the kiosk service or "
        "run the command as root; on another machine, import an export made with "
        "'edgestudio faces export' on the old one.",
    ),
    QT_TRANSLATE_NOOP(
        "Messages",
        "This machine's device key is another one (another machine, or its host key or TPM "
        "changed). Import an export made with 'edgestudio faces export' on the old device.",
    ),
    QT_TRANSLATE_NOOP("Messages", "The device key could not be used"),
    QT_TRANSLATE_NOOP("Messages", "The face gallery cannot be read with this PIN."),
    QT_TRANSLATE_NOOP("Messages", "Choose another PIN"),
    QT_TRANSLATE_NOOP("Messages", "Nothing was changed."),
    QT_TRANSLATE_NOOP("Messages", "The PIN may not start or end with a space, nor be empty."),
    QT_TRANSLATE_NOOP("Messages", "A passphrase needs at least {needed} characters; this one has {count}."),
    QT_TRANSLATE_NOOP("Messages", "The passphrase repeats one or two characters: anyone would guess it."),
    QT_TRANSLATE_NOOP(
        "Messages",
        "This device has no device key, so the PIN alone protects a copied disk, and any PIN of "
        "digits can be tried out there within a day. Choose a passphrase of at least {needed} "
        "characters (letters, digits, spaces).",
    ),
    QT_TRANSLATE_NOOP("Messages", "A PIN needs at least {needed} digits; this one has {count}."),
    QT_TRANSLATE_NOOP("Messages", "The PIN repeats one digit (like 000000): anyone would guess it."),
    QT_TRANSLATE_NOOP(
        "Messages", "The PIN is a run of consecutive digits (like 123456): anyone would guess it."
    ),
    QT_TRANSLATE_NOOP("Messages", "The PIN repeats a short pattern (like 121212): anyone would guess it."),
    QT_TRANSLATE_NOOP(
        "Messages",
        "The PIN is one of the most common ones, or uses only two different digits: choose another.",
    ),
    QT_TRANSLATE_NOOP(
        "Messages",
        "An export needs a passphrase of at least {needed} characters (not one or two "
        "characters repeated), or a generated recovery code.",
    ),
)
# Ultralytics training checkpoints (tasks/detection/ultralytics_checkpoint.py, core/formats.py).
CHECKPOINT_TEXTS = (
    QT_TRANSLATE_NOOP("Messages", "This checkpoint must be trusted first"),
    QT_TRANSLATE_NOOP(
        "Messages",
        "{name} is an Ultralytics segmentation checkpoint ({model_class}), not an object detector.",
    ),
    QT_TRANSLATE_NOOP(
        "Messages",
        "{name} is an Ultralytics pose estimation checkpoint ({model_class}), not an object detector.",
    ),
    QT_TRANSLATE_NOOP(
        "Messages",
        "{name} is an Ultralytics image classification checkpoint ({model_class}), not an object detector.",
    ),
    QT_TRANSLATE_NOOP(
        "Messages", "{name} is an Ultralytics checkpoint of a kind EdgeStudio does not add ({model_class})."
    ),
    QT_TRANSLATE_NOOP(
        "Messages",
        "EdgeStudio adds Ultralytics detection checkpoints (YOLOv5u, YOLOv8, YOLO11 and later detect "
        "models, trained with task=detect).",
    ),
    QT_TRANSLATE_NOOP(
        "Messages",
        "{name} is a PyTorch checkpoint, but not an Ultralytics one: it holds no Ultralytics "
        "model (only weights or another library's objects).",
    ),
    QT_TRANSLATE_NOOP(
        "Messages",
        "EdgeStudio adds Ultralytics detection checkpoints (YOLOv5u, YOLOv8, YOLO11 and later detect "
        "models, trained with task=detect). Export other PyTorch models to ONNX first.",
    ),
    QT_TRANSLATE_NOOP(
        "Messages",
        "{name} is an Ultralytics checkpoint, and exporting it needs the optional PyTorch "
        "tools, which are not installed (missing: {missing}).",
    ),
    QT_TRANSLATE_NOOP(
        "Messages",
        "Install them with: {command} (PyTorch 2.13, the CPU build where one is at hand, "
        "torchvision and ONNX, then Ultralytics without its own requirements, which would "
        "add a second OpenCV; scripts/install.sh --pytorch does both). Nothing was added.",
    ),
    QT_TRANSLATE_NOOP("Messages", "{name} was exported and stored already as '{model_id}' ({model_name})."),
    QT_TRANSLATE_NOOP("Messages", "Nothing was added; it is in the model list."),
    QT_TRANSLATE_NOOP("Messages", "{name} is a PyTorch checkpoint that is truncated or damaged ({reason})."),
    QT_TRANSLATE_NOOP("Messages", "The file is incomplete or damaged: copy or download it again."),
)
LOWER_LAYER_TEXTS = (
    QT_TRANSLATE_NOOP("Messages", "Something went wrong"),
    QT_TRANSLATE_NOOP("Messages", "Unexpected error"),
    QT_TRANSLATE_NOOP("Messages", "The details are in the log file."),
    QT_TRANSLATE_NOOP("Messages", "The model could not be loaded"),
    QT_TRANSLATE_NOOP("Messages", "This file is not a model EdgeStudio can use"),
    QT_TRANSLATE_NOOP("Messages", "This runtime is not available"),
    QT_TRANSLATE_NOOP("Messages", "The model failed while running"),
    QT_TRANSLATE_NOOP("Messages", "The model could not be converted"),
    QT_TRANSLATE_NOOP("Messages", "The video source could not be used"),
    QT_TRANSLATE_NOOP("Messages", "The file could not be read"),
    QT_TRANSLATE_NOOP("Messages", "The settings could not be read"),
    QT_TRANSLATE_NOOP("Messages", "Data could not be saved"),
    QT_TRANSLATE_NOOP("Messages", "The disk is full"),
    QT_TRANSLATE_NOOP("Messages", "The data folder is read-only"),
    QT_TRANSLATE_NOOP("Messages", "A data file is damaged"),
    QT_TRANSLATE_NOOP("Messages", "This input cannot be used"),
    QT_TRANSLATE_NOOP("Messages", "Cancelled"),
    QT_TRANSLATE_NOOP("Messages", "The operation was cancelled."),
    QT_TRANSLATE_NOOP("Messages", "Wrong PIN"),
    QT_TRANSLATE_NOOP("Messages", "The face gallery is locked"),
    QT_TRANSLATE_NOOP("Messages", "No video source was chosen."),
    QT_TRANSLATE_NOOP("Messages", "Pick a camera, a file or a stream URL."),
    QT_TRANSLATE_NOOP("Messages", "There is no picture to save yet."),
    QT_TRANSLATE_NOOP("Messages", "There is no conversation to export."),
    QT_TRANSLATE_NOOP("Messages", "No face in view: look at the camera."),
    QT_TRANSLATE_NOOP("Messages", "The photo shows no face: choose a photo of the person's face."),
    QT_TRANSLATE_NOOP("Messages", "Hold still: the picture is blurred."),
    QT_TRANSLATE_NOOP("Messages", "Look straight at the camera: the face is turned too far."),
    QT_TRANSLATE_NOOP("Messages", "Same as an earlier capture: turn your head a little."),
    QT_TRANSLATE_NOOP("Messages", "Good capture."),
    # core.types.TASK_LABELS
    QT_TRANSLATE_NOOP("Messages", "Object detection"),
    QT_TRANSLATE_NOOP("Messages", "Face detection"),
    QT_TRANSLATE_NOOP("Messages", "Face recognition (embedding)"),
    QT_TRANSLATE_NOOP("Messages", "Speech"),
    QT_TRANSLATE_NOOP("Messages", "Chat"),
    QT_TRANSLATE_NOOP(
        "Messages",
        "I agree that this kiosk stores a mathematical template of my face, encrypted, to recognise "
        "me. I can ask for my record and for its deletion at any time.",
    ),
    # Task labels inside sentences ("Nothing here runs {task} models")
    QT_TRANSLATE_NOOP("Messages", "object detection"),
    QT_TRANSLATE_NOOP("Messages", "face detection"),
    QT_TRANSLATE_NOOP("Messages", "face recognition (embedding)"),
    QT_TRANSLATE_NOOP("Messages", "speech"),
    QT_TRANSLATE_NOOP("Messages", "chat"),
    # Speech models (tasks/speech)
    QT_TRANSLATE_NOOP("Messages", "Whisper tiny.en (default)"),
    QT_TRANSLATE_NOOP("Messages", "Whisper base (multilingual)"),
    # Chat models (tasks/chat)
    QT_TRANSLATE_NOOP("Messages", "SmolLM2 135M Instruct (default)"),
    *RUNTIME_TEXTS,
    *VERDICT_TEXTS,
    *FILE_ERROR_TEXTS,
    *GALLERY_KEY_TEXTS,
    *OPTIMIZE_TEXTS,
    *DOCS_TEXTS,
    *FACES_MOVE_TEXTS,
    *CHECKPOINT_TEXTS,
)


def tr_message(text: str) -> str:
    """``text`` from a lower layer in the GUI's language, when it is one of the known texts.

    A ``Text`` is translated by its template, with its parameters (themselves translated when
    they are known texts) filled in; a translation that does not fit its parameters shows
    the English sentence rather than failing."""
    if not text:
        return text
    if isinstance(text, Text):
        template = QCoreApplication.translate(MESSAGES_CONTEXT, text.template)
        params = {
            name: tr_message(value) if isinstance(value, str) else value
            for name, value in text.params.items()
        }
        try:
            return template.format(**params)
        except (KeyError, IndexError, ValueError):
            log.warning("the translation of %r does not fit its parameters", text.template)
            return str(text)
    return QCoreApplication.translate(MESSAGES_CONTEXT, text)


def error_title(error: ErrorInfo) -> str:
    """The error's title in the GUI's language."""
    return tr_message(error.title)


def error_text(error: ErrorInfo) -> str:
    """The error's message and hint, each translated when it is a known text."""
    return " ".join(part for part in (tr_message(error.message), tr_message(error.hint)) if part)


def exception_text(exc: BaseException) -> str:
    """An exception caught in the GUI, as its message and hint in the GUI's language."""
    return error_text(ErrorInfo.from_exception(exc))
