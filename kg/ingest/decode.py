"""Bytes to text: UTF-8, UTF-16/32, Windows-1252/Latin-1 and files that mix UTF-8 with them.

An encoding is detected, never guessed silently: what is not plain UTF-8 is named in the
result, and a file that mixes encodings is decoded part by part and reported.
"""

from __future__ import annotations

import codecs
import os
import unicodedata
from dataclasses import dataclass

from kg.errors import InputError

# Bytes 0x80-0x9F are printable punctuation in Windows-1252 („ “ – …) but C1 controls in
# Latin-1; German news text is far more likely to be the former.
_FALLBACK_ENCODINGS = ("cp1252", "latin-1")

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True)
class Decoded:
    """Decoded text, the encoding it was read with, and a note where a person should know more."""

    text: str
    encoding: str
    note: str | None = None


def _single_byte(data: bytes) -> str:
    """Windows-1252 where it defines every byte, else Latin-1 (which defines all)."""
    for encoding in _FALLBACK_ENCODINGS:
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return encoding
    raise AssertionError("latin-1 decodes every byte")  # pragma: no cover


def _mixed(data: bytes) -> tuple[str, int, list[int]]:
    """Decode UTF-8 with every byte that is not part of valid UTF-8 read as Windows-1252/Latin-1.

    Returns the text, the number of such bytes and the (1-based) lines they are on.
    """
    parts: list[str] = []
    bad = 0
    lines: list[int] = []
    pos = 0
    while pos < len(data):
        try:
            parts.append(data[pos:].decode("utf-8"))
            break
        except UnicodeDecodeError as e:
            parts.append(data[pos : pos + e.start].decode("utf-8"))
            chunk = data[pos + e.start : pos + e.end]
            parts.append(chunk.decode(_single_byte(chunk)))
            bad += len(chunk)
            line = data.count(b"\n", 0, pos + e.start) + 1
            if not lines or lines[-1] != line:
                lines.append(line)
            pos += e.end
    return "".join(parts), bad, lines


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` where the NUL bytes fall on every other byte, as in UTF-16 text."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    half = len(data) // 2
    if odd.count(0) > 0.3 * half and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) > 0.3 * half and odd.count(0) == 0:
        return "utf-16-be"
    return None


def _text_or_none(data: bytes, encoding: str) -> str | None:
    """``data`` decoded, if that gives text: nearly all printable characters (binary data
    can have the NUL pattern of UTF-16 by chance)."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    printable = sum(1 for c in text if c.isprintable() or c in "\n\r\t")
    return text if printable >= 0.95 * len(text) else None


def decode(data: bytes, source: str = "<bytes>") -> Decoded:
    """Decode article bytes.

    A byte-order mark decides (UTF-8, UTF-16, UTF-32); so does the NUL pattern of UTF-16 text
    without one. Otherwise UTF-8 is tried; text with no valid multi-byte UTF-8 sequence is
    read as Windows-1252 (Latin-1 where it has bytes Windows-1252 leaves undefined); text that
    has both valid UTF-8 and other bytes is decoded part by part, with a note saying so.
    The text is NFC-normalised with ``\\n`` line ends.

    Raises:
        InputError: the bytes look binary (NUL bytes that are not UTF-16/32), or a UTF-16/32
            file is broken; the message names ``source``.
    """
    note = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as e:
                raise InputError(f"{source}: starts like {encoding.upper()} but is not: {e.reason}") from e
            break
    else:
        encoding = _utf16_without_bom(data) or ""
        wide = _text_or_none(data, encoding) if encoding else None
        if wide is not None:
            text, note = wide, f"no byte-order mark; read as {encoding.upper()}"
        elif b"\x00" in data:
            raise InputError(f"{source}: contains NUL bytes; not a text file")
        else:
            text, encoding, note = _decode_8bit(data)
    if "\x00" in text:
        raise InputError(f"{source}: contains NUL characters; not a text file")
    return Decoded(normalize(text), encoding, note)


def normalize(text: str) -> str:
    """NFC with ``\\n`` line ends: the form of every article text."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def _decode_8bit(data: bytes) -> tuple[str, str, str | None]:
    try:
        return data.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError:
        pass
    text, bad, lines = _mixed(data)
    if len(text) == len(data):  # no multi-byte UTF-8 sequence: one 8-bit encoding throughout
        encoding = _single_byte(data)
        return data.decode(encoding), encoding, None
    shown = ", ".join(map(str, lines[:5])) + (", …" if len(lines) > 5 else "")
    s = "" if bad == 1 else "s"
    return (
        text,
        "utf-8+cp1252",
        f"mixed encodings: UTF-8 with {bad} Windows-1252/Latin-1 byte{s} (line {shown}); "
        "each part decoded as its own",
    )


def readable(name: str) -> str:
    """A file name as people can read it: undecodable bytes (``os.fsdecode``'s surrogates)
    shown as ``\\xe9``, so a name of any bytes can be printed, logged and stored."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return os.fsencode(name).decode("utf-8", "backslashreplace")
