"""Read a document into sections of text that remember their page (PDF) or heading
(Markdown, HTML, DOCX). Any thread; no Qt.

A file that cannot give text says why, in words for the person at the kiosk: a password,
a scan without a text layer (no OCR here), an empty file, a format this does not read.
"""

from __future__ import annotations

import logging
import re
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from edgestudio.core.errors import InputError
from edgestudio.core.messages import Text

log = logging.getLogger(__name__)

KINDS = ("pdf", "markdown", "html", "text", "docx")
SUFFIXES = {
    ".pdf": "pdf",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".txt": "text",
    ".text": "text",
    ".docx": "docx",
}
MAX_BYTES = 300 * 1024 * 1024  # larger than any manual; a bigger file is most likely not text
READABLE_HINT = "Documents can be PDF, Markdown, HTML, plain text or DOCX."


class DocumentError(InputError):
    """A document that gives no text to index, with the reason."""

    title = "This document cannot be indexed"


@dataclass(frozen=True)
class Section:
    """A run of text from one page (PDF) or under one heading."""

    text: str
    page: int | None = None
    heading: str = ""


@dataclass(frozen=True)
class ParsedDocument:
    path: Path
    kind: str
    pages: int  # PDF pages; for other kinds the number of sections
    sections: tuple[Section, ...]
    notes: tuple[str, ...] = ()  # what the person should know (pages without text, ...)


def document_kind(path: Path, head: bytes) -> str:
    """The kind of ``path`` from its first bytes, then its suffix; "" when it is not one."""
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx" if _is_docx(path) else ""
    kind = SUFFIXES.get(path.suffix.lower(), "")
    if kind in ("pdf", "docx"):
        return ""  # the name says PDF or DOCX, the bytes do not
    if b"\0" in head:
        return ""  # binary
    if not kind:
        lowered = head.lstrip()[:64].lower()
        kind = "html" if lowered.startswith((b"<!doctype html", b"<html")) else "text"
    return kind


def _is_docx(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


def parse_document(path: Path) -> ParsedDocument:
    """Read ``path`` (any thread). Raises DocumentError with the reason when it gives no text."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(512)
    except FileNotFoundError as exc:
        raise DocumentError(Text("{name} does not exist.", name=path.name), "Check the path.") from exc
    except OSError as exc:
        raise DocumentError(
            Text("{name} cannot be read: {reason}.", name=path.name, reason=exc.strerror or str(exc))
        ) from exc
    if size == 0:
        raise DocumentError(
            Text("{name} is empty (0 bytes).", name=path.name), "Choose a file with text in it."
        )
    if size > MAX_BYTES:
        raise DocumentError(
            Text("{name} is too large to index ({mb} MB).", name=path.name, mb=size // (1024 * 1024)),
            "Split it into smaller files.",
        )
    kind = document_kind(path, head)
    if not kind:
        raise DocumentError(
            Text("{name} is not a document EdgeStudio can read.", name=path.name),
            READABLE_HINT,
        )
    readers = {"pdf": _read_pdf, "docx": _read_docx}
    if kind in readers:
        sections, pages, notes = readers[kind](path)
    else:
        text = _decode(path.read_bytes())
        sections = (
            _read_html(text)
            if kind == "html"
            else _read_markdown(text)
            if kind == "markdown"
            else [Section(text)]
        )
        pages, notes = len(sections), []
    sections = [s for s in (Section(_clean(s.text), s.page, s.heading) for s in sections) if s.text]
    if not sections:
        raise DocumentError(
            Text("{name} has no text in it.", name=path.name), "Choose a file with text in it."
        )
    return ParsedDocument(path, kind, pages, tuple(sections), tuple(notes))


def _clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00ad", "")
    text = re.sub(r"[ \t\u00a0\u3000]+", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


# -- PDF ---------------------------------------------------------------------------------------
def _read_pdf(path: Path) -> tuple[list[Section], int, list[str]]:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise FileNotDecryptedError("password")
        pages = reader.pages
        count = len(pages)
    except (FileNotDecryptedError, DependencyError) as exc:
        raise DocumentError(
            Text("{name} is protected by a password, so its text cannot be read.", name=path.name),
            "Save an unprotected copy (print it to PDF) and add that.",
        ) from exc
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise DocumentError(
            Text("{name} is a damaged PDF: {reason}.", name=path.name, reason=str(exc)[:120])
        ) from exc
    sections: list[Section] = []
    blank: list[int] = []
    for number in range(count):
        try:
            text = pages[number].extract_text() or ""
        except Exception as exc:  # pypdf raises many kinds on odd pages; the page is skipped
            log.warning("%s page %d: no text extracted (%s)", path.name, number + 1, exc)
            text = ""
        if text.strip():
            sections.append(Section(text, page=number + 1))
        else:
            blank.append(number + 1)
    if not sections:
        raise DocumentError(
            Text(
                "{name} has no text layer: it looks scanned (pages as pictures). EdgeStudio "
                "does not read text in pictures.",
                name=path.name,
            ),
            "Add a version with text (the original file, or a PDF saved after OCR).",
        )
    notes: list[str] = []
    if blank:
        shown = ", ".join(str(p) for p in blank[:10]) + (" …" if len(blank) > 10 else "")
        notes.append(Text("Pages without text (scanned?) were skipped: {pages}.", pages=shown))
    return sections, count, notes


# -- DOCX --------------------------------------------------------------------------------------
def _read_docx(path: Path) -> tuple[list[Section], int, list[str]]:
    import docx
    from docx.table import Table

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors on bad files
        raise DocumentError(
            Text("{name} is a damaged Word document: {reason}.", name=path.name, reason=str(exc)[:120])
        ) from exc
    sections: list[Section] = []
    heading, lines = "", []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                cells = [c.text.strip() for c in row.cells]
                lines.append(" | ".join(c for c in cells if c))
            continue
        style = (block.style.name if block.style is not None else "") or ""
        text = block.text.strip()
        if text and (style.startswith("Heading") or style == "Title"):
            sections.append(Section("\n".join(lines), heading=heading))
            heading, lines = text, []
        elif text:
            lines.append(text)
    sections.append(Section("\n".join(lines), heading=heading))
    return sections, len(sections), []


# -- Markdown ----------------------------------------------------------------------------------
_ATX = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$")


def _read_markdown(text: str) -> list[Section]:
    sections: list[Section] = []
    heading, lines = "", list[str]()
    fenced = False
    raw = text.splitlines()
    for index, line in enumerate(raw):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        match = None if fenced else _ATX.match(line)
        following = raw[index + 1] if index + 1 < len(raw) else ""
        if match or (not fenced and line.strip() and re.fullmatch(r" {0,3}(=+|-+)\s*", following)):
            sections.append(Section("\n".join(lines), heading=heading))
            heading, lines = (match.group(2) if match else line.strip()), []
            continue
        if not fenced and re.fullmatch(r" {0,3}(=+|-+)\s*", line) and lines == []:
            continue  # the underline of a setext heading
        lines.append(_strip_markdown(line))
    sections.append(Section("\n".join(lines), heading=heading))
    return sections


def _strip_markdown(line: str) -> str:
    line = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", line)  # images: their alt text
    line = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", line)  # links: their text
    return re.sub(r"(\*\*|__|`)", "", line)


# -- HTML --------------------------------------------------------------------------------------
_BLOCKS = {"p", "div", "li", "br", "tr", "section", "article", "blockquote", "pre", "dd", "dt", "table"}
_SKIP = {"script", "style", "noscript", "template", "svg"}


class _HtmlSections(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: list[Section] = []
        self.heading = ""
        self.title = ""
        self.lines: list[str] = []
        self._skip = 0
        self._in_heading = False
        self._in_title = False
        self._heading_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skip += 1
        if tag == "title":
            self._in_title = True
        elif re.fullmatch(r"h[1-6]", tag):
            self._flush()
            self._in_heading, self._heading_text = True, []
        elif tag in _BLOCKS:
            self.lines.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skip = max(0, self._skip - 1)
        if tag == "title":
            self._in_title = False
        elif re.fullmatch(r"h[1-6]", tag) and self._in_heading:
            self._in_heading = False
            self.heading = " ".join("".join(self._heading_text).split())
        elif tag in _BLOCKS:
            self.lines.append("\n")
        elif tag in ("td", "th"):
            self.lines.append(" | ")

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._in_title:
            self.title += data
        elif self._in_heading:
            self._heading_text.append(data)
        else:
            self.lines.append(data)

    def _flush(self) -> None:
        self.sections.append(Section("".join(self.lines), heading=self.heading or self.title.strip()))
        self.lines = []


def _read_html(text: str) -> list[Section]:
    parser = _HtmlSections()
    parser.feed(text)
    parser.close()
    parser._flush()
    return parser.sections
