"""From bytes to article text: encoding by byte-order mark, binary sniffing, normalisation.

Files are decoded as UTF-8 unless they start with a UTF-16 or UTF-32 byte-order mark
(a UTF-8 BOM is dropped).  Decoding never fails: invalid bytes become lone surrogates
U+DC00 plus the byte value (like Python's `surrogateescape`, which refuses bytes
below 0x80 that UTF-16 can choke on), so one bad byte costs only the record that holds it, which
`first_invalid` finds and ingest rejects as `undecodable`.

`normalise` is what makes the stored `articles.text`: line breaks become `\\n` and control
characters are removed, before any offset is computed.
"""

from __future__ import annotations

import codecs
import re
import reprlib

DECODE_ERRORS = "ingest.escape"
SNIFF_BYTES = 65536
# Above this share of control characters and invalid bytes, a file is binary, not text.
BINARY_SHARE = 0.25

# UTF-32 first: its little-endian mark starts with the UTF-16 one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (also docx, xlsx, epub)"), (b"\x1f\x8b", "gzip data"),
    (b"\x7fELF", "an ELF executable"), (b"%PDF-", "a PDF document"), (b"PAR1", "a Parquet file"),
)
_LINE_BREAK = re.compile(r"\r\n?")
# C0 controls except tab and line feed, DEL, C1 controls, and the BOM / zero-width no-break space.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff]")
_SUSPECT = re.compile("[\x00-\x08\x0e-\x1f\x7f\udc00-\udcff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_EXCERPT = reprlib.Repr()  # keyword arguments only from Python 3.12
_EXCERPT.maxlevel, _EXCERPT.maxstring, _EXCERPT.maxother, _EXCERPT.maxlong = 2, 40, 40, 40


def _escape_bytes(error: UnicodeDecodeError) -> tuple[str, int]:
    bad = error.object[error.start:error.end]
    return "".join(chr(0xDC00 + byte) for byte in bad), error.end


codecs.register_error(DECODE_ERRORS, _escape_bytes)


def sniff_encoding(head: bytes) -> str:
    """The codec for a file that starts with `head` (its first four bytes suffice)."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    return "utf-8-sig"


def decode(data: bytes) -> str:
    """Decode a whole file; invalid bytes become lone surrogates instead of an error."""
    return data.decode(sniff_encoding(data[:4]), DECODE_ERRORS)


def binary_reason(head: bytes) -> str | None:
    """Why the file starting with `head` is binary rather than text, or None when it looks like text."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return f"binary content: starts like {kind}"
    sample = head[:SNIFF_BYTES].decode(sniff_encoding(head[:4]), DECODE_ERRORS)
    if not sample:
        return None
    share = len(_SUSPECT.findall(sample)) / len(sample)
    if share > BINARY_SHARE:
        return (f"binary content: {share:.0%} of the first {len(sample)} characters are control "
                "characters or invalid bytes")
    return None


def first_invalid(text: str) -> tuple[str, int] | None:
    """What makes `text` invalid Unicode (a stray byte or a lone surrogate) and its offset, or None."""
    match = _SURROGATE.search(text)
    if match is None:
        return None
    code = ord(match.group())
    what = f"invalid byte 0x{code - 0xDC00:02x}" if 0xDC00 <= code <= 0xDCFF else f"lone surrogate U+{code:04X}"
    return what, match.start()


def normalise(text: str) -> str:
    """The stored form of a text: CRLF and lone CR become LF; other control characters go."""
    return _CONTROL.sub("", _LINE_BREAK.sub("\n", text))


def printable(text: str) -> str:
    """`text` made encodable as UTF-8 (lone surrogates become `\\udcff` escapes), for names and messages."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def excerpt(value: object) -> str:
    """A short repr of a value for a message, so a huge or deeply nested bad field never bloats `rejects`."""
    return _EXCERPT.repr(value)
