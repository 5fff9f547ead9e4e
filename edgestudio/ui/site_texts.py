"""What the site server's parts below ``ui/`` write for people (issue 17): the ``remote``
runtime's names, the client's failures and the fallback's reasons, the token file's
refusals, a chat server's cut-off stream, marked for translation. ``tests/test_i18n.py``
checks that every ``Text`` template below ``ui/`` is listed in ``ui/i18n.py`` (this tuple is
part of it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:

    def QT_TRANSLATE_NOOP(context: str, text: str) -> str: ...  # Qt's name

else:
    from PySide6.QtCore import QT_TRANSLATE_NOOP

SITE_SERVER_TEXTS = (
    # The site server's runtime (backends/remote_backend.py)
    QT_TRANSLATE_NOOP("Messages", "Site server"),
    QT_TRANSLATE_NOOP("Messages", "{device} on the site server"),
    QT_TRANSLATE_NOOP("Messages", "no site server configured"),
    QT_TRANSLATE_NOOP("Messages", "The address {url} answers with {answer}, not as an inference server."),
    QT_TRANSLATE_NOOP(
        "Messages",
        "Check the port: Triton's HTTP port is 8000 (gRPC 8001); a web server or router page "
        "may be on this one.",
    ),
    QT_TRANSLATE_NOOP("Messages", "something else"),
    QT_TRANSLATE_NOOP("Messages", "The site server at {url} is not running yet."),
    QT_TRANSLATE_NOOP(
        "Messages", "The site server at {url} does not have the model '{model}' (it serves: {served})."
    ),
    QT_TRANSLATE_NOOP(
        "Messages", "Serve it there (edgestudio serve --detect MODEL), or choose a model it has."
    ),
    QT_TRANSLATE_NOOP("Messages", "The site server's model '{model}' is not ready."),
    QT_TRANSLATE_NOOP("Messages", "Serve it there (edgestudio serve), or choose a model it has."),
    QT_TRANSLATE_NOOP(
        "Messages",
        "The site server's model '{model}' is not this kiosk's model (sha256 {there}… there, {here}… here).",
    ),
    QT_TRANSLATE_NOOP("Messages", "Deploy the same model on the server and the kiosk."),
    QT_TRANSLATE_NOOP(
        "Messages",
        "The site server at {url} has no copy of this kiosk's model (sha256 {here}…) in the "
        "{form} form; it serves: {listing}.",
    ),
    QT_TRANSLATE_NOOP("Messages", "Serve the kiosk's model there (edgestudio serve --detect MODEL)."),
    QT_TRANSLATE_NOOP("Messages", "no models"),
    # the site server client's failures and the fallback's reasons (backends/remote_client.py,
    # backends/remote_fallback.py)
    QT_TRANSLATE_NOOP("Messages", "{reason}: {detail}"),
    QT_TRANSLATE_NOOP("Messages", "server unreachable"),
    QT_TRANSLATE_NOOP("Messages", "server too slow (no answer within the frame timeout)"),
    QT_TRANSLATE_NOOP("Messages", "server too slow (no answer in time)"),
    QT_TRANSLATE_NOOP("Messages", "the server refused the access token"),
    QT_TRANSLATE_NOOP("Messages", "the server does not have this model"),
    QT_TRANSLATE_NOOP("Messages", "the server's model differs from this kiosk's"),
    QT_TRANSLATE_NOOP("Messages", "the address is not an inference server"),
    QT_TRANSLATE_NOOP("Messages", "the server address is not valid"),
    QT_TRANSLATE_NOOP("Messages", "server failed"),
    QT_TRANSLATE_NOOP("Messages", " ({what})"),
    QT_TRANSLATE_NOOP("Messages", "The site server at {url} asks for an access token{where}."),
    QT_TRANSLATE_NOOP("Messages", "The site server at {url} refused the access token{where}."),
    QT_TRANSLATE_NOOP("Messages", "The site server at {url} does not have {what}."),
    QT_TRANSLATE_NOOP("Messages", "this model"),
    QT_TRANSLATE_NOOP("Messages", "The site server at {url} did not answer in time{where}."),
    QT_TRANSLATE_NOOP("Messages", "Something answers at {url}, but not an inference server's gRPC service."),
    QT_TRANSLATE_NOOP(
        "Messages", "Something answers at {url}, but not as an inference server (it is not Triton's API)."
    ),
    QT_TRANSLATE_NOOP("Messages", "The site server at {url} cannot be reached ({detail})."),
    QT_TRANSLATE_NOOP("Messages", "The site server at {url} failed{where}: {detail}"),
    QT_TRANSLATE_NOOP("Messages", "the model '{name}'"),
    QT_TRANSLATE_NOOP("Messages", "the configuration of '{name}'"),
    QT_TRANSLATE_NOOP("Messages", "its health"),
    QT_TRANSLATE_NOOP("Messages", "its metadata"),
    QT_TRANSLATE_NOOP("Messages", "its model list"),
    QT_TRANSLATE_NOOP("Messages", "Enter the server's token in Settings (or pass --token-file)."),
    QT_TRANSLATE_NOOP("Messages", "Check the token in Settings (the server's --token-file)."),
    QT_TRANSLATE_NOOP("Messages", "Check the port: Triton's gRPC port is 8001, its HTTP port 8000."),
    QT_TRANSLATE_NOOP(
        "Messages", "Check the address and port: Triton's HTTP port is 8000, its gRPC port 8001."
    ),
    QT_TRANSLATE_NOOP("Messages", "Check the address, that the server runs, and the network."),
    QT_TRANSLATE_NOOP("Messages", "runs on {server}: works, but needs the network"),
    QT_TRANSLATE_NOOP(
        "Messages",
        "No runtime on this device runs {model}, so the site server's JPEG form would have no fallback here.",
    ),
    QT_TRANSLATE_NOOP("Messages", "Install ONNX Runtime or OpenVINO (edgestudio doctor lists the runtimes)."),
    QT_TRANSLATE_NOOP("Messages", "the site server at {url} serves no model for this task"),
    QT_TRANSLATE_NOOP("Messages", "the site server does not answer"),
    QT_TRANSLATE_NOOP("Messages", "set one in Settings > Site server, or pass --server URL"),
    # The site server's token file (core/site_status.read_token_file)
    QT_TRANSLATE_NOOP("Messages", "The token file {path} does not exist."),
    QT_TRANSLATE_NOOP("Messages", "The token file {path} cannot be read: {reason}."),
    QT_TRANSLATE_NOOP("Messages", "The token file {path} is not a regular file."),
    QT_TRANSLATE_NOOP(
        "Messages",
        "The token file {path} is open to other users (permissions {mode}), so it is refused, "
        "as ssh refuses such a private key. Make it private: chmod 600 {path}",
    ),
    QT_TRANSLATE_NOOP("Messages", "The token file {path} is empty."),
    QT_TRANSLATE_NOOP("Messages", "Write the access token in it as one line, then: chmod 600 {path}"),
    QT_TRANSLATE_NOOP("Messages", "Save the token again in Settings, or name the right file."),
    # A chat server's stream (backends/openai_server_backend.py)
    QT_TRANSLATE_NOOP(
        "Messages",
        "The chat server at {url} closed the answer before its end (no finish_reason and no [DONE]).",
    ),
    QT_TRANSLATE_NOOP("Messages", "The chat server at {url} sent a broken event: {data}"),
    QT_TRANSLATE_NOOP("Messages", "The chat server at {url} sent an event that is not an object."),
    QT_TRANSLATE_NOOP("Messages", "httpx is not installed"),
    QT_TRANSLATE_NOOP("Messages", "No local chat runtime is better: use a chat server on another machine."),
)
