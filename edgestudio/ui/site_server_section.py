"""SiteServerSection: the Settings dialog's "Site server" (issue 17): the server's URL, its
access token, what Detect sends (the model's input tensors, or each frame as JPEG with the
detections coming back, for thin kiosks on Wi-Fi), and *Test connection*, which shows the
server's version, its models and the round trip, or what is wrong in words (unreachable,
wrong token, a web page instead of an inference server, a bad address).

The test runs off the GUI thread (``run_job``); the network code is below ``ui/`` (the
context's ``probe_site_server``). The token is never shown again once saved: the field stays
empty, and an empty field keeps the saved token. GUI thread only.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from edgestudio.context import AppContext
from edgestudio.core.errors import EdgeStudioError, ErrorInfo
from edgestudio.core.site_status import SiteServerInfo
from edgestudio.core.types import task_label
from edgestudio.ui.i18n import error_text, format_number, tr_message
from edgestudio.workers.jobs import run_job

# SiteServerError kinds (backends/remote_client.py), told apart for the person at the kiosk
UNREACHABLE, TIMEOUT, TOKEN = "unreachable", "timeout", "token"
NOT_AN_INFERENCE_SERVER, BAD_URL = "not-an-inference-server", "bad-url"
ERROR_COLOUR, OK_COLOUR = "#e53935", "#43a047"


@dataclass(frozen=True)
class ProbeFailure:
    """Why a connection test failed: the error's kind ("" for others) and its sentences."""

    kind: str
    message: str
    hint: str = ""


class SiteServerSection(QGroupBox):
    """GUI thread only. ``tested(answer)`` after each *Test connection*: a SiteServerInfo,
    or a ProbeFailure."""

    tested = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Site server"))
        self._ctx = ctx
        settings = ctx.config.site_server
        self.url = QLineEdit(settings.url)
        self.url.setPlaceholderText(self.tr("http://HOST:8000 or grpc://HOST:8001 (empty: none)"))
        self.token = QLineEdit()
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.token.setPlaceholderText(
            self.tr("saved (type to replace it)") if settings.token_file else self.tr("none")
        )
        self.wire_form = QComboBox()
        self.wire_form.addItem(self.tr("The model's input tensors (wired network)"), "tensors")
        self.wire_form.addItem(self.tr("Each frame as JPEG, detections back (Wi-Fi)"), "jpeg")
        self.wire_form.setCurrentIndex(max(0, self.wire_form.findData(settings.form)))
        self.wire_form.setToolTip(
            self.tr(
                "How Detect sends frames to the site server. JPEG sends far fewer bytes (about "
                "1/40 with the default detector) and the server runs the whole pipeline; tensors "
                "leave the server less work."
            )
        )
        self.test_button = QPushButton(self.tr("Test connection"))
        self.result = QLabel("")
        self.result.setWordWrap(True)
        self.result.setTextFormat(Qt.TextFormat.PlainText)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result.setMinimumWidth(360)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addStretch(1)
        form = QFormLayout(self)
        form.addRow(self.tr("Address"), self.url)
        form.addRow(self.tr("Access token"), self.token)
        form.addRow(self.tr("Detect sends"), self.wire_form)
        form.addRow(test_row)
        form.addRow(self.result)
        locked = ctx.config_store.is_locked("site_server", "url")
        if ctx.config_store.is_locked("site_server", "form"):
            self.wire_form.setEnabled(False)
            self.wire_form.setToolTip(self.tr("Set by the site configuration."))
        if locked:
            for widget in (self.url, self.token):
                widget.setEnabled(False)
                widget.setToolTip(self.tr("Set by the site configuration."))
        self.busy = False
        self.saved = False  # a new URL or token was kept
        self.test_button.clicked.connect(self.test_connection)

    def values(self) -> tuple[str, str | None]:
        """The URL typed, and the token typed (None: keep the saved one)."""
        token = self.token.text().strip()
        return self.url.text().strip(), token or None

    def changed(self) -> bool:
        url, token = self.values()
        settings = self._ctx.config.site_server
        return url != settings.url or token is not None or self.wire_form.currentData() != settings.form

    def save(self) -> None:
        """Keep the URL, token and form and point the app at the server (raises
        EdgeStudioError; nothing changes then)."""
        if not self.changed():
            return
        settings = self._ctx.config.site_server
        url, token = self.values()
        if not self.url.isEnabled():  # set by the site: only the form may change here
            url, token = settings.url, None
        previous_form = settings.form
        settings.form = "jpeg" if self.wire_form.currentData() == "jpeg" else "tensors"
        try:
            self._ctx.save_site_server(url, token)
        except Exception:
            settings.form = previous_form
            raise
        self.saved = True
        self.token.clear()
        self.token.setPlaceholderText(
            self.tr("saved (type to replace it)")
            if self._ctx.config.site_server.token_file
            else self.tr("none")
        )

    def test_connection(self) -> None:
        """Ask the server typed (with the token typed, else the saved one) off the GUI thread."""
        if self.busy:
            return
        url, token = self.values()
        if not url:
            self._show_failure(ProbeFailure(BAD_URL, ""))
            return
        ctx = self._ctx

        def work() -> SiteServerInfo | ProbeFailure | None:  # a pool thread
            try:
                return ctx.probe_site_server(url, token)
            except EdgeStudioError as exc:
                return ProbeFailure(str(getattr(exc, "kind", "")), exc.message, exc.hint)

        self.busy = True
        self.test_button.setEnabled(False)
        self._show(self.tr("Connecting to {0}…").format(url), "")
        run_job(work, self._on_answer, self._on_error)

    # -- answers -----------------------------------------------------------------------------
    def _on_answer(self, answer: SiteServerInfo | ProbeFailure | None) -> None:
        self.busy = False
        self.test_button.setEnabled(True)
        if isinstance(answer, SiteServerInfo):
            self._show_info(answer)
        else:
            self._show_failure(answer if answer is not None else ProbeFailure(BAD_URL, ""))
        self.tested.emit(answer)

    def _on_error(self, error: ErrorInfo) -> None:
        self._on_answer(ProbeFailure("", error_text(error)))

    def _show(self, text: str, colour: str, tooltip: str = "") -> None:
        self.result.setText(text)
        self.result.setStyleSheet(f"color: {colour};" if colour else "")
        self.result.setToolTip(tooltip)
        window = self.window()
        if window is not self and window.isVisible():
            window.adjustSize()  # the answer's lines, all of them (a dialog keeps its size)

    def _show_info(self, info: SiteServerInfo) -> None:
        lines = [
            self.tr("Connected: {0}, round trip {1} ms.").format(info.version, format_number(info.rtt_ms, 1))
        ]
        if info.models:
            for model in info.models:
                task = tr_message(task_label(model.task)) if model.task else self.tr("unknown task")
                state = self.tr("ready") if model.ready else self.tr("not ready")
                lines.append(self.tr("• {0}: {1}, {2}").format(model.name, task, state))
        else:
            lines.append(self.tr("The server serves no models yet."))
        devices = ", ".join(info.devices) or self.tr("not said")
        lines.append(self.tr("Devices: {0}").format(devices))
        self._show("\n".join(lines), OK_COLOUR)

    def _show_failure(self, failure: ProbeFailure) -> None:
        url = self.url.text().strip()
        sentences = {
            UNREACHABLE: self.tr(
                "No site server answers at {0}. Is it running, and are the address and port right?"
            ),
            TIMEOUT: self.tr("The site server at {0} did not answer in time."),
            TOKEN: self.tr(
                "The site server at {0} refused the access token. Enter the token from the server's "
                "token file."
            ),
            NOT_AN_INFERENCE_SERVER: self.tr(
                "{0} answers with a web page or another service, not as an inference server. Check "
                "the port: Triton's HTTP port is 8000, gRPC 8001."
            ),
            BAD_URL: self.tr(
                "'{0}' is not a site server address. Write it as http://HOST:8000 or grpc://HOST:8001."
            ),
        }
        template = sentences.get(failure.kind)
        text = template.format(url) if template is not None else tr_message(failure.message)
        detail = "\n".join(part for part in (failure.message, failure.hint) if part)
        self._show(text, ERROR_COLOUR, detail)
