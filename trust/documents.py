"""What a certificate document may be: a PDF, PNG or JPEG, told by its bytes (never by its name or declared type)."""
import os
import re
import struct
import zlib
from typing import IO

from flask_babel import gettext

from core.errors import ValidationError
from core.i18n import N_
from core.uploads import TooLarge

MAX_BYTES = 10 * 1024 * 1024
EXTENSIONS = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}
NOT_A_DOCUMENT = N_("Upload the certificate as a PDF, PNG or JPEG file.")
TOO_LARGE = {"certificate": N_("A certificate document may be at most 10 MB.")}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_END = b"\x00\x00\x00\x00IEND\xaeB`\x82"  # an IEND chunk: no data, fixed CRC
_PDF_HEADER = re.compile(rb"%PDF-[12]\.\d")
_EDGE = 2048  # bytes read from each end: enough for every check below, however large the file


def checked(stream: IO[bytes], field: str = "document", what: str = "certificate") -> tuple[str, int]:
    """(content type, size) of an uploaded document; 413 over 10 MB, 400 naming `field` unless PDF/PNG/JPEG.
    Sourcing checks a quote's attachment the same way (field "attachment", what "quote")."""
    stream.seek(0, os.SEEK_END)
    size = stream.tell()
    if size > MAX_BYTES:
        raise TooLarge(gettext(TOO_LARGE[what]) if what in TOO_LARGE else f"A {what} document may be at most 10 MB.",
                       {field: [N_("At most 10 MB.")]})
    if size == 0:
        raise ValidationError(N_("The document is empty."), {field: [N_("The file is empty.")]})
    stream.seek(0)
    head = stream.read(_EDGE)
    stream.seek(max(0, size - _EDGE))
    tail = stream.read(_EDGE)
    stream.seek(0)
    content_type = content_type_of(head, tail)
    if content_type is None:
        message = NOT_A_DOCUMENT.replace("certificate", what)
        raise ValidationError(message, {field: [message]})
    return content_type, size


def content_type_of(head: bytes, tail: bytes) -> str | None:
    """The type a file's first and last bytes show it to be, when it is a whole PDF, PNG or JPEG."""
    if _PDF_HEADER.match(head) and _pdf_ends(tail):
        return "application/pdf"
    if head.startswith(PNG_SIGNATURE) and _png_header_ok(head) and tail.endswith(PNG_END):
        return "image/png"
    # JPEG: SOI, then a marker (APPn, DQT, SOF...), and EOI at the end (some writers pad with zero bytes)
    if len(head) > 3 and head.startswith(b"\xff\xd8\xff") and 0xC0 <= head[3] <= 0xFE \
            and tail.rstrip(b"\x00").endswith(b"\xff\xd9"):
        return "image/jpeg"
    return None


def _pdf_ends(tail: bytes) -> bool:
    """A PDF ends with its cross-reference pointer and %%EOF (a truncated upload does not)."""
    end = tail.rstrip(b"\r\n\t \x00")
    return end.endswith(b"%%EOF") and b"startxref" in tail


def _png_header_ok(head: bytes) -> bool:
    """The first chunk is a 13-byte IHDR with a non-empty size and the right CRC."""
    if len(head) < 33:
        return False
    length, kind = struct.unpack(">I4s", head[8:16])
    if length != 13 or kind != b"IHDR":
        return False
    data, (crc,) = head[16:29], struct.unpack(">I", head[29:33])
    width, height = struct.unpack(">II", data[:8])
    return width > 0 and height > 0 and zlib.crc32(b"IHDR" + data) == crc
