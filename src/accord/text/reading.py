"""Reading news text: plain text streamed in blocks, Markdown and HTML stripped with an offset map.

Whatever the format, the reader yields :class:`Block` objects: text to analyse plus, for every character
of it, where it sits in the input, so a statement's ``start``/``end`` are offsets into the file the user
gave and its quote is a verbatim substring of it. Plain text is read block by block (paragraphs, at most
:data:`BLOCK_CHARS` characters each), so a file of any size is read in bounded memory.

Empty, binary (NUL bytes, invalid UTF-8) and non-English input raise :class:`~accord.errors.InputError`.
"""

from __future__ import annotations

import codecs
import html
import re
import sys
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, NamedTuple

from ..errors import InputError

__all__ = [
    "Block",
    "Origin",
    "read_blocks",
    "blocks_from_text",
    "check_english",
    "dateline",
    "BLOCK_CHARS",
    "MAX_MARKUP_BYTES",
]

#: Largest block handed to the pipeline at once (a paragraph longer than this is cut at a sentence end).
BLOCK_CHARS = 20_000
#: Markup (HTML, Markdown) is read whole to strip it; larger files should be converted to text first.
MAX_MARKUP_BYTES = 20 * 2**20

_READ = 1 << 20


class Origin(NamedTuple):
    """Where a block comes from: the source's name (a file or publication) and the document's date."""

    name: str = ""
    date: str | None = None


@dataclass(frozen=True)
class Block:
    """Text to analyse and where each character of it sits in the input.

    ``offsets`` is None when the text is a verbatim slice of the input starting at ``start``; otherwise
    ``offsets[k]`` is the input offset of ``text[k]`` (markup was removed).
    """

    text: str
    start: int
    offsets: tuple[int, ...] | None = None
    raw: str | None = None  # the whole input, when markup was stripped (quotes are cut from it)

    def quote(self, begin: int, end: int) -> tuple[int, int, str]:
        """Input offsets of ``text[begin:end]`` and the verbatim input text between them."""
        a, b = self.span(begin, end)
        return a, b, (self.text[begin:end] if self.raw is None else self.raw[a:b])

    def span(self, begin: int, end: int) -> tuple[int, int]:
        """Input offsets ``[a, b)`` of ``text[begin:end]``."""
        if self.offsets is None:
            return self.start + begin, self.start + end
        return self.offsets[begin], self.offsets[max(begin, end - 1)] + 1


_FUNCTION_WORDS = frozenset(
    "the of and to in a is that for on with as was by at from it his be he are has have had not but an "
    "were said this which their they will would its or who been also after over than been more into "
    "about against new two officials government president minister".split()
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def check_english(text: str, where: str) -> None:
    """Raise InputError unless ``text`` reads as English (function-word share and Latin script).

    Texts under 12 words are only checked for their script: a headline can lack every function word.
    """
    words = _WORD.findall(text[:20_000])
    if not words:
        raise InputError.single(where, "no words found: the input is empty or not text")
    latin = sum(1 for w in words if w.isascii())
    if latin < 0.5 * len(words):
        raise InputError.single(
            where, "the text is not in English (mostly non-Latin script); extraction reads English only"
        )
    if len(words) >= 12:
        share = sum(1 for w in words if w.lower() in _FUNCTION_WORDS) / len(words)
        if share < 0.08:
            raise InputError.single(
                where,
                f"the text does not read as English (only {share:.0%} common English words); "
                "extraction reads English only",
            )


def _format(path: Path, head: str) -> str:
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm", ".xhtml"):
        return "html"
    if suffix in (".md", ".markdown"):
        return "markdown"
    low = head.lstrip()[:200].lower()
    if low.startswith(("<!doctype html", "<html")):
        return "html"
    return "text"


#: What a folder given as input is read for (its files with these suffixes, in name order).
TEXT_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml")
#: The input name that means standard input.
STDIN = "-"


def expand_inputs(paths: Iterable[str | Path]) -> list[str]:
    """The files to read: each path as given, a folder as its text, Markdown and HTML files in name order.

    Raises
    ------
    InputError
        A folder holding no such file (listing the suffixes read).
    """
    out: list[str] = []
    for path in paths:
        p = Path(path)
        if str(path) != STDIN and p.is_dir():
            found = sorted(str(f) for f in p.iterdir() if f.is_file() and f.suffix.lower() in TEXT_SUFFIXES)
            if not found:
                raise InputError.single(str(path), f"a folder with no {', '.join(TEXT_SUFFIXES)} files")
            out += found
        else:
            out.append(str(path))
    return out


_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
#: A wire story's dateline: the place in capitals, then the date or the agency or both, then a dash
#: ("MOSCOW/KYIV, March 14 - ", "KYIV, March 14, 2025 (Reuters) - ", "WASHINGTON (AP) — "). A place alone
#: before a dash is not enough ("NATO - the alliance ...").
_AGENCY = r"\s*\([A-Za-z][\w .&/-]{0,30}\)"
_DAY = rf",\s*{_MONTH}\s+\d{{1,2}}(?:,?\s+\d{{4}})?"
_DATELINE = re.compile(
    r"^[A-Z][A-Z.'\u2019-]+(?:[ /][A-Z][A-Z.'\u2019-]+)*"
    rf"(?:{_AGENCY}(?:{_DAY})?|{_DAY}(?:{_AGENCY})?)\s*[-\u2013\u2014]+\s+"
)


def dateline(text: str) -> int:
    """The length of the wire dateline ``text`` starts with, or 0."""
    m = _DATELINE.match(text)
    return m.end() if m and m.end() < len(text) else 0


def read_blocks(path: str | Path) -> Iterator[Block]:
    """Yield the blocks of a text, Markdown or HTML file (``-``: standard input, streamed as well).

    Raises
    ------
    InputError
        When the file is missing, empty, binary, not UTF-8 or not English (checked on its first blocks).
    """
    p = Path(path)
    where = str(path)
    opened: AbstractContextManager[BinaryIO]
    if where == STDIN:
        opened = nullcontext(sys.stdin.buffer)  # read like a file, and left open
    else:
        try:
            opened = open(p, "rb")
        except OSError as err:
            raise InputError.single(where, f"cannot read: {err.strerror or err}") from None
    with opened as fh:
        first = fh.read(_READ)
        if not first.strip():
            raise InputError.single(where, "the file is empty")
        if b"\x00" in first[:8192]:
            raise InputError.single(where, "the file is binary (it contains NUL bytes), not text")
        decoder = codecs.getincrementaldecoder("utf-8-sig")()
        head = _decode(decoder, first, where, 0)
        kind = _format(p, head)
        if kind != "text":
            rest = fh.read(MAX_MARKUP_BYTES)
            if fh.read(1):
                raise InputError.single(
                    where,
                    f"{kind} input is read whole and is limited to {MAX_MARKUP_BYTES // 2**20} MiB; "
                    "convert it to plain text, which is streamed",
                )
            text = head + _decode(decoder, rest, where, len(first), final=True)
            blocks = list(blocks_from_text(text, kind))
            check_english(" ".join(b.text for b in blocks[:50]), where)
            yield from blocks
            return
        yield from _stream_text(fh, decoder, head, len(first), where)


def _decode(decoder: codecs.IncrementalDecoder, data: bytes, where: str, at: int, final: bool = False) -> str:
    try:
        return decoder.decode(data, final)
    except UnicodeDecodeError as err:
        raise InputError.single(
            where, f"not UTF-8 text (invalid byte at offset {at + err.start}); is it a binary file?"
        ) from None


def _stream_text(
    fh: BinaryIO, decoder: codecs.IncrementalDecoder, buf: str, nbytes: int, where: str
) -> Iterator[Block]:
    offset = 0  # input offset (characters) of buf[0]
    checked = False
    eof = False
    while buf or not eof:
        if not eof and len(buf) < 2 * BLOCK_CHARS:
            data = fh.read(_READ)
            eof = not data
            buf += _decode(decoder, data, where, nbytes, final=eof)
            nbytes += len(data)
            continue
        cut = len(buf) if eof else _cut(buf)
        piece, buf = buf[:cut], buf[cut:]
        if not checked:
            check_english(piece, where)
            checked = True
        yield from _paragraphs(piece, offset)
        offset += cut
        if eof and not buf:
            break


def _cut(buf: str) -> int:
    """Where to end a block: the last paragraph break, else line break, else sentence end, in range."""
    window = buf[:BLOCK_CHARS]
    for sep in ("\n\n", "\n", ". "):
        k = window.rfind(sep)
        if k > BLOCK_CHARS // 4:
            return k + len(sep)
    return len(window)


_PARA = re.compile(r"\n\s*\n")


def _paragraphs(text: str, offset: int) -> Iterator[Block]:
    """Split at blank lines; a paragraph is one block (coreference does not cross blocks' borders)."""
    pos = 0
    for m in _PARA.finditer(text):
        if text[pos : m.start()].strip():
            yield Block(text[pos : m.start()], offset + pos)
        pos = m.end()
    if text[pos:].strip():
        yield Block(text[pos:], offset + pos)


def blocks_from_text(text: str, kind: str = "text") -> Iterator[Block]:
    """Blocks of an in-memory text of the given kind (``text``, ``markdown`` or ``html``)."""
    if kind == "text":
        yield from _paragraphs(text, 0)
        return
    stripped, offsets = _strip_html(text) if kind == "html" else _strip_markdown(text)
    pos = 0
    bounds = [m.span() for m in _PARA.finditer(stripped)] + [(len(stripped), len(stripped))]
    for a, b in bounds:
        if stripped[pos:a].strip():
            yield Block(
                stripped[pos:a], offsets[pos] if pos < len(offsets) else 0, tuple(offsets[pos:a]), text
            )
        pos = b


# A page's furniture (menus, side boxes of other stories, forms, icons) is no part of the article.
_HTML_DROP = re.compile(
    r"<!--.*?-->|<(script|style|noscript|head|nav|footer|aside|form|svg|button|select|template|iframe)\b"
    r".*?</\1\s*>",
    re.S | re.I,
)
_HTML_TOKEN = re.compile(r"<[^>]*>|&#?\w+;", re.S)
_BLOCK_TAGS = re.compile(
    r"</?(p|div|br|h[1-6]|li|ul|ol|table|tr|td|th|section|article|blockquote|title|header)\b", re.I
)


def _strip_html(text: str) -> tuple[str, list[int]]:
    """Text content of an HTML document, entities decoded, block elements as paragraph breaks."""
    out: list[str] = []
    offsets: list[int] = []
    masked = _HTML_DROP.sub(lambda m: " " * (m.end() - m.start()), text)
    pos = 0
    for m in _HTML_TOKEN.finditer(masked):
        _emit(out, offsets, masked[pos : m.start()], pos)
        tok = m.group()
        if tok.startswith("&"):
            _emit(out, offsets, html.unescape(tok), m.start(), same=True)
        elif _BLOCK_TAGS.match(tok):
            _emit(out, offsets, "\n\n", m.start(), same=True)
        else:
            _emit(out, offsets, " ", m.start(), same=True)
        pos = m.end()
    _emit(out, offsets, masked[pos:], pos)
    return "".join(out), offsets


def _emit(out: list[str], offsets: list[int], s: str, at: int, same: bool = False) -> None:
    out.append(s)
    offsets.extend([at] * len(s) if same else range(at, at + len(s)))


_MD_LINE = re.compile(r"^(\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+))")
_MD_INLINE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\2|<[^>]+>")


def _strip_markdown(text: str) -> tuple[str, list[int]]:
    """Markdown without its markup: headings, quotes, list markers, emphasis, links, code fences."""
    out: list[str] = []
    offsets: list[int] = []
    pos = 0
    fenced = False
    for line in text.splitlines(keepends=True):
        start = pos
        pos += len(line)
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            _emit(out, offsets, "\n", start, same=True)
            continue
        if fenced:
            _emit(out, offsets, "\n", start, same=True)
            continue
        m = _MD_LINE.match(line)
        k = m.end() if m else 0
        _inline(out, offsets, line[k:], start + k)
    return "".join(out), offsets


def _inline(out: list[str], offsets: list[int], s: str, at: int) -> None:
    pos = 0
    for m in _MD_INLINE.finditer(s):
        _emit(out, offsets, s[pos : m.start()], at + pos)
        if m.group(1) is not None:  # a link or image: keep its text
            _emit(out, offsets, m.group(1), at + m.start(1))
        elif m.group(3) is not None:  # emphasis or code: keep the inner text
            _inline(out, offsets, m.group(3), at + m.start(3))
        else:
            _emit(out, offsets, " ", at + m.start(), same=True)
        pos = m.end()
    _emit(out, offsets, s[pos:], at + pos)
