"""What the optimizer (``optimize/``) writes for people: candidate names, why one is not
available, the accuracy gates' verdicts and the recommendation, marked for translation.

They travel from the optimizer's child process as JSON; a sentence with numbers comes with
its template (``optimize/types.py``), so ``tr_message`` shows each in the GUI's language.
``tests/test_i18n.py`` checks that every template written in ``optimize/`` is listed here."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:

    def QT_TRANSLATE_NOOP(context: str, text: str) -> str: ...  # Qt's name

else:
    from PySide6.QtCore import QT_TRANSLATE_NOOP

OPTIMIZE_TEXTS = (
    QT_TRANSLATE_NOOP("Messages", "the graph's shapes do not fit {size}x{size}: {conflict}"),
    QT_TRANSLATE_NOOP(
        "Messages", "Export the model with dynamic input axes (Ultralytics: dynamic=True) to try other sizes."
    ),
    QT_TRANSLATE_NOOP("Messages", "ONNX Runtime FP32 at {size}x{size}, CPU"),
    QT_TRANSLATE_NOOP("Messages", "OpenVINO INT8 (NNCF with accuracy control) at {size}x{size}, CPU"),
    QT_TRANSLATE_NOOP("Messages", "OpenVINO INT8 (NNCF) at {size}x{size}, CPU"),
    QT_TRANSLATE_NOOP("Messages", "OpenVINO IR FP16 weights at {size}x{size}, CPU"),
    QT_TRANSLATE_NOOP("Messages", "OpenVINO IR FP32 at {size}x{size}, CPU"),
    QT_TRANSLATE_NOOP("Messages", "OpenVINO IR FP32 with f32 forced at {size}x{size}, CPU"),
    QT_TRANSLATE_NOOP("Messages", "{label} at {size}x{size}"),
    QT_TRANSLATE_NOOP("Messages", "Resizing the model to {size}x{size}"),
    QT_TRANSLATE_NOOP("Messages", "ONNX Runtime INT8, the most sensitive nodes kept in float (repair), CPU"),
    QT_TRANSLATE_NOOP(
        "Messages", "OpenVINO INT8 (NNCF with accuracy control: sensitive layers in float), CPU"
    ),
    QT_TRANSLATE_NOOP("Messages", "Calibrating INT8 with NNCF's accuracy control"),
    QT_TRANSLATE_NOOP("Messages", "Calibrating INT8 (ONNX Runtime) to rank the nodes"),
    QT_TRANSLATE_NOOP("Messages", "Ranking the nodes by their quantization error"),
    QT_TRANSLATE_NOOP("Messages", "Calibrating INT8 without the sensitive nodes"),
    QT_TRANSLATE_NOOP("Messages", "Not needed: the form it repairs passed the gate, or was not run."),
    QT_TRANSLATE_NOOP("Messages", "no installed runtime reads {format} models"),
    QT_TRANSLATE_NOOP("Messages", "CTranslate2 {compute}, CPU, {threads} threads"),
    QT_TRANSLATE_NOOP("Messages", "CTranslate2 {compute}, CPU, {threads} threads (reference)"),
    QT_TRANSLATE_NOOP("Messages", "CTranslate2 {compute}, CPU, 1 thread"),
    QT_TRANSLATE_NOOP("Messages", "CTranslate2 {compute}, CPU, 1 thread (reference)"),
    QT_TRANSLATE_NOOP("Messages", "The original model in float32."),
    QT_TRANSLATE_NOOP(
        "Messages",
        "WER {wer:.1%} vs float32's {base:.1%} ({points:+.1f} points), within {limit:.1f} point(s)",
    ),
    QT_TRANSLATE_NOOP(
        "Messages",
        "WER {wer:.1%} vs float32's {base:.1%} ({points:+.1f} points), more than {limit:.1f} point(s)",
    ),
    QT_TRANSLATE_NOOP("Messages", "CTranslate2 {compute}, NVIDIA GPU"),
    QT_TRANSLATE_NOOP("Messages", "WER {wer:.1%} (the reference)"),
    QT_TRANSLATE_NOOP("Messages", "{compute} runs only on CUDA, and CTranslate2 found no NVIDIA GPU here"),
    QT_TRANSLATE_NOOP("Messages", "this CTranslate2 build has no {compute} kernels for this CPU"),
    QT_TRANSLATE_NOOP("Messages", "The original model."),
    QT_TRANSLATE_NOOP(
        "Messages",
        "perplexity {ppl:.3f} vs the source's {source:.3f} ({increase:+.1%}), within {limit:.0%}",
    ),
    QT_TRANSLATE_NOOP(
        "Messages",
        "perplexity {ppl:.3f} vs the source's {source:.3f} ({increase:+.1%}), more than {limit:.0%}",
    ),
    QT_TRANSLATE_NOOP("Messages", "Source ({type}), llama.cpp, CPU"),
    QT_TRANSLATE_NOOP("Messages", "the reference"),
    QT_TRANSLATE_NOOP("Messages", "{quant} from {type}, llama.cpp, CPU"),
    QT_TRANSLATE_NOOP(
        "Messages",
        "The source is already quantized ({source}): quantizing it again stacks a "
        "second rounding on the first and loses accuracy. Offered only behind the gate; "
        "an F16 working copy (--working-copy) is a cleaner source.",
    ),
    QT_TRANSLATE_NOOP("Messages", "ONNX Runtime INT8 (QDQ U8S8 per-channel, Percentile), CPU"),
    QT_TRANSLATE_NOOP(
        "Messages",
        "ONNX Runtime INT8 (QDQ U8S8 per-channel, Percentile, 7-bit weights for a CPU without VNNI), CPU",
    ),
    QT_TRANSLATE_NOOP("Messages", "OpenVINO INT8 (NNCF, mixed preset, decode tail in float), CPU"),
    # the label of the example converter plugin shipped in plugins/edgestudio-ort-optimized
    QT_TRANSLATE_NOOP("Messages", "ONNX Runtime FP32, graph optimizations saved (plugin), CPU"),
    QT_TRANSLATE_NOOP(
        "Messages",
        "OpenVINO INT8 (NNCF, mixed preset, decode tail in float, 7-bit weights for a CPU without VNNI), CPU",
    ),
    QT_TRANSLATE_NOOP("Messages", "no ONNX-to-TFLite converter is installed (onnx2tf needs TensorFlow)"),
    QT_TRANSLATE_NOOP(
        "Messages",
        "Convert it with onnx2tf in a separate TensorFlow environment, then add the file.",
    ),
    QT_TRANSLATE_NOOP("Messages", "TensorFlow Lite FP32, CPU"),
    QT_TRANSLATE_NOOP("Messages", "ONNX Runtime FP32, CPU (the original)"),
    QT_TRANSLATE_NOOP("Messages", "OpenVINO IR FP32 with f32 forced, CPU"),
    QT_TRANSLATE_NOOP("Messages", "the pnnx converter is not installed"),
    QT_TRANSLATE_NOOP("Messages", "scripts/install.sh installs it (pip install --no-deps pnnx)"),
    QT_TRANSLATE_NOOP(
        "Messages",
        "{label}: {speedup:.2f}x the original's speed in the same run, mAP@0.5 "
        "{map50:.3f} against its detections, confidence threshold re-fitted to "
        "{threshold:.2f}.",
    ),
    # optimize/gate_evidence.py: how much evidence a gate verdict had
    QT_TRANSLATE_NOOP(
        "Messages",
        "Little evidence: the original found only {references} objects on {pictures} pictures, so "
        "{metric} {value:.3f} (95% interval {low:.3f}-{high:.3f}) cannot tell a loss of a few points "
        "from none. Add photos from the site until the original finds at least {needed} objects.",
    ),
    QT_TRANSLATE_NOOP(
        "Messages",
        "Little evidence: the original found only {references} objects on {pictures} pictures made "
        "from {photos} photos (crops, flips and scales of the same photos), so {metric} {value:.3f} "
        "(95% interval {low:.3f}-{high:.3f}) cannot tell a loss of a few points from none. Add photos "
        "from the site until the original finds at least {needed} objects.",
    ),
    QT_TRANSLATE_NOOP(
        "Messages",
        "Evidence: {references} objects found by the original on {pictures} pictures; {metric} 95% "
        "interval {low:.3f}-{high:.3f} (bootstrap over the photos).",
    ),
    QT_TRANSLATE_NOOP(
        "Messages",
        "Evidence: {references} objects found by the original on {pictures} pictures made from "
        "{photos} photos (crops, flips and scales of the same photos); {metric} 95% interval "
        "{low:.3f}-{high:.3f} (bootstrap over the photos).",
    ),
    QT_TRANSLATE_NOOP(
        "Messages",
        "{label}: {speedup:.2f}x the original's speed, within the timing spread ({spread:.0%}) of "
        "{faster} ({faster_speedup:.2f}x), and more accurate (mAP@0.5 {map50:.3f} and F1 {f1:.3f} "
        "against {faster_map50:.3f} and {faster_f1:.3f}); confidence threshold re-fitted to "
        "{threshold:.2f}.",
    ),
    QT_TRANSLATE_NOOP(
        "Messages",
        "No candidate that passed the gate was faster than the original (best {speedup:.2f}x).",
    ),
    QT_TRANSLATE_NOOP("Messages", "Not selected for this run."),
    QT_TRANSLATE_NOOP(
        "Messages",
        "the face embedder is optimized on its own: choose FaceRes as the model to "
        "optimize (its candidates are held to TAR at a fixed FAR within 1 point)",
    ),
    QT_TRANSLATE_NOOP("Messages", "Optimize FaceRes: edgestudio optimize faceres --task faces"),
    QT_TRANSLATE_NOOP("Messages", "Face embedder (dlib / FaceRes), converted or quantized"),
    QT_TRANSLATE_NOOP(
        "Messages",
        "the ncnn runner takes one fixed input size, and CenterFace takes each picture "
        "at its own size (a multiple of 32)",
    ),
    QT_TRANSLATE_NOOP("Messages", "Use the OpenVINO or ONNX Runtime candidates for the face detector."),
    QT_TRANSLATE_NOOP("Messages", "ONNX Runtime FP32, CPU (CenterFace)"),
    QT_TRANSLATE_NOOP(
        "Messages",
        "The original model finds nothing in the validation pictures, so agreement "
        "cannot be judged: use validation photos that show the objects the model "
        "detects.",
    ),
    QT_TRANSLATE_NOOP(
        "Messages",
        "Failed: mAP@0.5 {map50:.3f} < {min_map:.3f} and F1 {f1:.3f} < {min_f1:.3f} at "
        "its best threshold {threshold:.2f} (agreement with the original model's "
        "detections).",
    ),
    QT_TRANSLATE_NOOP(
        "Messages",
        "Failed: mAP@0.5 {map50:.3f} < {min_map:.3f} (agreement with the original model's detections).",
    ),
    QT_TRANSLATE_NOOP(
        "Messages",
        "Failed: F1 {f1:.3f} < {min_f1:.3f} at its best threshold {threshold:.2f} "
        "(agreement with the original model's detections).",
    ),
    QT_TRANSLATE_NOOP(
        "Messages",
        "Passed: mAP@0.5 {map50:.3f} >= {min_map:.3f}; F1 {f1:.3f} at threshold "
        "{threshold:.2f} (the original's {original:.2f} gives F1 {f1_0:.3f}).",
    ),
    QT_TRANSLATE_NOOP(
        "Messages",
        "The original face detector finds no face in the validation pictures, so "
        "agreement cannot be judged: use validation photos that show faces.",
    ),
    QT_TRANSLATE_NOOP(
        "Messages",
        "Failed: it finds {recall:.1%} of the original's {count} faces at best (at "
        "least {min_recall:.0%} needed), and its precision is {precision:.3f} < "
        "{min_precision:.2f} at threshold {threshold:.2f} (agreement with the original "
        "face detector).",
    ),
    QT_TRANSLATE_NOOP(
        "Messages",
        "Failed: it finds {recall:.1%} of the original's {count} faces at best (at "
        "least {min_recall:.0%} needed; agreement with the original face detector).",
    ),
    QT_TRANSLATE_NOOP(
        "Messages",
        "Failed: precision {precision:.3f} < {min_precision:.2f} at threshold "
        "{threshold:.2f} (agreement with the original face detector).",
    ),
    QT_TRANSLATE_NOOP(
        "Messages",
        "Passed: recall {recall:.3f} of the original's {count} faces, precision "
        "{precision:.3f} at threshold {threshold:.2f} (the original's {original:.2f} "
        "gives recall {recall0:.3f}).",
    ),
    QT_TRANSLATE_NOOP(
        "Messages",
        "{label} is the fastest that passed the gate: {speedup:.2f}x the original's "
        "{unit}, measured interleaved in this run.",
    ),
    QT_TRANSLATE_NOOP(
        "Messages",
        "Every candidate that passed the gate was slower than the original here (best "
        "{label}: {speedup:.2f}x); the original stays.",
    ),
    QT_TRANSLATE_NOOP("Messages", "OpenVINO IR FP32, CPU"),
    QT_TRANSLATE_NOOP("Messages", "OpenVINO IR FP32 (computes in bf16 on this CPU), CPU"),
    QT_TRANSLATE_NOOP("Messages", "OpenVINO IR FP16 weights, CPU"),
    QT_TRANSLATE_NOOP("Messages", "OpenVINO IR FP16 weights (computes in bf16 on this CPU), CPU"),
    QT_TRANSLATE_NOOP("Messages", "ncnn FP32 (pnnx), CPU"),
    QT_TRANSLATE_NOOP("Messages", "ncnn FP16 (pnnx), CPU"),
    QT_TRANSLATE_NOOP("Messages", "TensorRT FP16 engine, NVIDIA GPU"),
    QT_TRANSLATE_NOOP("Messages", "TensorRT INT8 engine, NVIDIA GPU"),
    QT_TRANSLATE_NOOP("Messages", "no NVIDIA GPU found"),
    QT_TRANSLATE_NOOP("Messages", "TensorRT engines need an NVIDIA GPU (or a Jetson)."),
    QT_TRANSLATE_NOOP("Messages", "building TensorRT engines is not in this version of the optimizer"),
    QT_TRANSLATE_NOOP("Messages", "An NVIDIA GPU with its driver and CUDA 12 libraries."),
    QT_TRANSLATE_NOOP("Messages", "No candidate passed the accuracy gate; the original stays."),
    QT_TRANSLATE_NOOP("Messages", "No candidate passed the accuracy gate: keep the original model."),
    QT_TRANSLATE_NOOP("Messages", "the source already is this type"),
    QT_TRANSLATE_NOOP("Messages", "x real time"),
    QT_TRANSLATE_NOOP("Messages", "tokens/s"),
    QT_TRANSLATE_NOOP("Messages", "frames per second"),
    # Progress of the build and check (the wizard's build page)
    QT_TRANSLATE_NOOP("Messages", "Transcribing with float32 (the reference)"),
    QT_TRANSLATE_NOOP("Messages", "Loading {compute}"),
    QT_TRANSLATE_NOOP("Messages", "Transcribing with {label}"),
    QT_TRANSLATE_NOOP("Messages", "Timing {label} against float32"),
    QT_TRANSLATE_NOOP("Messages", "Scoring the source's perplexity"),
    QT_TRANSLATE_NOOP("Messages", "Quantizing to {quant} with llama.cpp"),
    QT_TRANSLATE_NOOP("Messages", "Scoring {quant}'s perplexity"),
    QT_TRANSLATE_NOOP("Messages", "Timing {quant} against the source"),
    QT_TRANSLATE_NOOP("Messages", "Reading calibration and validation pictures"),
    QT_TRANSLATE_NOOP("Messages", "Calibrating INT8 (ONNX Runtime)"),
    QT_TRANSLATE_NOOP("Messages", "Calibrating INT8 (NNCF)"),
    QT_TRANSLATE_NOOP("Messages", "Loading the original model"),
    QT_TRANSLATE_NOOP("Messages", "Converting to OpenVINO IR ({weights})"),
    QT_TRANSLATE_NOOP("Messages", "Converting to ncnn ({precision}) with pnnx"),
    QT_TRANSLATE_NOOP("Messages", "Calibrating INT8"),
    QT_TRANSLATE_NOOP("Messages", "Calibrating INT8 with NNCF"),
    QT_TRANSLATE_NOOP("Messages", "Reading calibration and validation photos with faces"),
    QT_TRANSLATE_NOOP("Messages", "Loading the original face detector"),
    QT_TRANSLATE_NOOP("Messages", "Preparing {label}"),
    QT_TRANSLATE_NOOP("Messages", "Timing {count} candidates, interleaved"),
    QT_TRANSLATE_NOOP("Messages", "Profiling the layers of {label}"),
    QT_TRANSLATE_NOOP("Messages", "Parallel throughput of {label} ({workers} requests)"),
    QT_TRANSLATE_NOOP("Messages", "Timing round {done} of {total}"),
    QT_TRANSLATE_NOOP("Messages", "Checking accuracy of {label}"),
    QT_TRANSLATE_NOOP("Messages", "Checking the faces {label} finds"),
    QT_TRANSLATE_NOOP("Messages", "{verb} ({done} of {total} images)"),
    QT_TRANSLATE_NOOP("Messages", "{verb} ({done} of {total} photos)"),
    # the face embedder's optimizer (optimize/embed_plan.py, optimize/gate_embed.py)
    QT_TRANSLATE_NOOP("Messages", "ONNX Runtime FP32, CPU (FaceRes, the original)"),
    QT_TRANSLATE_NOOP("Messages", "OpenVINO INT8 (NNCF, mixed preset, embedding layer in float), CPU"),
    QT_TRANSLATE_NOOP("Messages", "Checking the embeddings of {label} (TAR at a fixed FAR)"),
    QT_TRANSLATE_NOOP("Messages", "Finding and aligning the faces of the packaged photos"),
    QT_TRANSLATE_NOOP("Messages", "Loading the original face embedder"),
    QT_TRANSLATE_NOOP("Messages", "embeddings per second"),
    QT_TRANSLATE_NOOP(
        "Messages",
        "The face embedder is judged and calibrated on the packaged face photos, whose people are known.",
    ),
    QT_TRANSLATE_NOOP("Messages", "Leave calibration and validation empty for the face embedder."),
    QT_TRANSLATE_NOOP("Messages", "FaceRes takes 224x224 chips; it has no other input size."),
    QT_TRANSLATE_NOOP(
        "Messages",
        "Passed: TAR {tar:.3f} at FAR {far:.3g} with its embeddings matched against the "
        "original's gallery (the original: {tar0:.3f}); match threshold re-fitted to "
        "{threshold:.3f} (the original's {original:.2f}); its embeddings agree with the "
        "original's at cosine {cosine:.3f} or more, so the enrolled gallery stays valid.",
    ),
    QT_TRANSLATE_NOOP(
        "Messages",
        "Failed: TAR {tar:.3f} at FAR {far:.3g} with its embeddings matched against the "
        "original's gallery, more than {drop:.0%} below the original's {tar0:.3f}. Its "
        "embeddings differ from the original's (cosine down to {cosine:.3f}), so people "
        "enrolled with the original would not be recognized reliably.",
    ),
    QT_TRANSLATE_NOOP(
        "Messages",
        "The face pictures give no genuine or no impostor pairs, so TAR at a fixed FAR cannot "
        "be judged: the gate needs two or more pictures of each of two or more people.",
    ),
    QT_TRANSLATE_NOOP(
        "Messages",
        "Evidence: {genuine} genuine and {impostor} impostor pairs of {people} people "
        "({pictures} face pictures made from {photos} photos: mirrored, scaled, recompressed "
        "and rotated views), each pair scored both ways; TAR 95% interval {low:.3f}-{high:.3f} "
        "(the wider of a bootstrap over the people and the Wilson interval of the genuine pairs).",
    ),
    QT_TRANSLATE_NOOP(
        "Messages",
        "Little evidence: only {genuine} genuine and {impostor} impostor pairs of {people} "
        "people ({pictures} face pictures made from {photos} photos), so TAR {value:.3f} (95% "
        "interval {low:.3f}-{high:.3f}) cannot tell a loss of a few points from none. Add "
        "photos of more people until there are at least {needed} genuine pairs.",
    ),
)
