"""Which legacy code page a non-UTF-8 text file was saved in: Windows-1252 or Mac Roman, or refuse.

Both code pages decode any byte, so the choice is made on the characters each decoding produces: Indonesian
office text holds ASCII plus a few punctuation marks (– — “ ” ‘ ’ … •) and the odd accented letter (é).
A decoding that yields anything else (Ð, Õ, Ž, ∞ …, the marks of the wrong code page) is implausible.
When both decodings are plausible and differ, the one with fewer accented letters wins (punctuation is far
more common); when that does not decide, the file is refused rather than stored with wrong characters.
charset-normalizer was tried and picked Windows-1252 for short Mac Roman files (`–` read as `Ð`).
"""

from __future__ import annotations

import re

from etl.parsing.base import ReadError

_PUNCTUATION = "–—“”‘’…•°²³½¼¾€£×±©®™«»·\xa0"
_LETTERS = "éèêëàáâäãçíìîïóòôöõúùûüñÉ"
_LETTER_PUNCTUATION = re.compile(r"[A-Za-z][–—“”…•°²³×±©®™«»·][A-Za-z]")  # a mark inside a word is a wrong letter
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
CODE_PAGES = ("cp1252", "mac_roman")


def _score(text: str) -> int | None:
    """How many accented letters the decoding holds, or None when it holds an implausible character."""
    extra = set(_NON_ASCII.findall(text))
    if extra - set(_PUNCTUATION) - set(_LETTERS) or _LETTER_PUNCTUATION.search(text):
        return None
    return sum(text.count(char) for char in extra & set(_LETTERS))


def decode_legacy(data: bytes) -> str:
    """The code page to decode `data` with, or ReadError("read.encoding") when it cannot be told for sure."""
    scores: dict[str, int] = {}
    texts: dict[str, str] = {}
    for code_page in CODE_PAGES:
        try:
            texts[code_page] = data.decode(code_page)
        except UnicodeDecodeError:
            continue
        score = _score(texts[code_page])
        if score is not None:
            scores[code_page] = score
    if len(scores) == 2 and texts["cp1252"] == texts["mac_roman"]:
        return "cp1252"
    ranked = sorted(scores, key=scores.__getitem__)
    if not ranked or (len(ranked) == 2 and scores[ranked[0]] == scores[ranked[1]]):
        raise ReadError("read.encoding")
    return ranked[0]
