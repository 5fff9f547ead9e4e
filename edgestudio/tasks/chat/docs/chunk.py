"""Split sections into passages of a few sentences that keep their page or heading, and
prepare text for SQLite's FTS5 so Chinese is searchable too. Any thread; no Qt.

FTS5's unicode61 tokenizer treats a run of Chinese characters as one word, so a question
never matches a sentence by its words. Runs of CJK characters are therefore written as
overlapping two-character terms (the classic CJK bigram index, as Lucene's CJKAnalyzer),
both in the index and in the query.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from edgestudio.tasks.chat.docs.parse import Section

MAX_WEIGHT = 700  # a Latin character weighs 1, a CJK character 2: ~110 English words, ~350 汉字
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+|(?<=[。！？；])|\n+")
_CJK = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_CJK_RUN = re.compile(f"[{_CJK}]+")
_CJK_JOIN = re.compile(f"[{_CJK}\u3000-\u303f\uff00-\uffef]")  # no space between these
_TERM = re.compile(rf"[{_CJK}]+|[^\W_]+", re.UNICODE)


@dataclass(frozen=True)
class Passage:
    ordinal: int
    text: str
    page: int | None
    heading: str


def weight(text: str) -> int:
    """Length with CJK characters counted twice (they carry about a word each)."""
    return len(text) + sum(len(run) for run in _CJK_RUN.findall(text))


def split_passages(sections: Iterable[Section], max_weight: int = MAX_WEIGHT) -> list[Passage]:
    """Passages of whole sentences up to ``max_weight``; a longer sentence is cut."""
    passages: list[Passage] = []
    for section in sections:
        current: list[str] = []
        size = 0
        for sentence in _sentences(section.text, max_weight):
            cost = weight(sentence) + 1
            if current and size + cost > max_weight:
                passages.append(Passage(len(passages), _join(current), section.page, section.heading))
                current, size = [], 0
            current.append(sentence)
            size += cost
        if current:
            passages.append(Passage(len(passages), _join(current), section.page, section.heading))
    return passages


def _join(sentences: list[str]) -> str:
    text = ""
    for sentence in sentences:
        glue = "" if not text or (_CJK_JOIN.match(sentence[:1]) and _CJK_JOIN.match(text[-1:])) else " "
        text += glue + sentence
    return text.strip()


def _sentences(text: str, max_weight: int) -> list[str]:
    # A single line break is where a PDF or a text file wrapped the line, not a sentence's end.
    text = re.sub(f"(?<=[{_CJK}])\n(?=[{_CJK}])", "", text)
    text = re.sub(r"(?<!\n)\n(?!\n)", " ", text)
    out: list[str] = []
    for piece in _SENTENCE_END.split(text):
        piece = piece.strip()
        while piece and weight(piece) > max_weight:
            cut = _cut_at(piece, max_weight)
            out.append(piece[:cut].strip())
            piece = piece[cut:].strip()
        if piece:
            out.append(piece)
    return out


def _cut_at(text: str, max_weight: int) -> int:
    """An index where ``text[:index]`` weighs at most ``max_weight``, at a space if one is near."""
    total = 0
    for index, char in enumerate(text):
        total += 2 if _CJK_RUN.match(char) else 1
        if total > max_weight:
            space = text.rfind(" ", 0, index)
            return space if space > index // 2 else max(index, 1)
    return len(text)


def search_terms(text: str) -> list[str]:
    """Lower-cased words, with CJK runs as overlapping character pairs (a lone CJK
    character stays one term)."""
    terms: list[str] = []
    for match in _TERM.finditer(text.lower()):
        word = match.group(0)
        if _CJK_RUN.fullmatch(word):
            terms.extend([word] if len(word) == 1 else [word[i : i + 2] for i in range(len(word) - 1)])
        else:
            terms.append(word)
    return terms


# Words that say nothing about what a question is about; left out of queries and of the
# "shares a word with the question" test (English function words, common Chinese pairs).
_STOP = """a an and are as at be but by can could do does did for from had has have how i if in
    into is it its me my of on or our should so than that the their them then there these
    they this to us was we were what when where which who whom why will with would you your
    any some not no yes please tell about much many one get go there's what's i'm
    可以 什么 多少 怎么 怎样 哪里 为什么 是不 不是 我们 你们 他们 一个 这个 那个 的时 时候"""
STOPWORDS = frozenset(_STOP.split())


def content_terms(text: str) -> set[str]:
    """The question's or passage's terms without stop words and numbers (a year or a price
    says little about what a text is about), a final English plural "s" dropped ("bags"
    meets "bag")."""
    terms = set()
    for term in search_terms(text):
        if term in STOPWORDS or term.isdigit():
            continue
        if term.isascii() and len(term) > 3 and term.endswith("s") and not term.endswith("ss"):
            term = term[:-1]
        terms.add(term)
    return terms


def fts_text(text: str) -> str:
    """The text as it goes into the FTS5 column."""
    return " ".join(search_terms(text))


def fts_query(text: str, limit: int = 48) -> str:
    """An FTS5 query matching any term of ``text`` (each quoted, so no operator leaks in);
    "" when ``text`` has no words."""
    seen: dict[str, None] = {}
    for term in search_terms(text):
        if term not in STOPWORDS:
            seen.setdefault(term, None)
    return " OR ".join(f'"{term}"' for term in list(seen)[:limit])
