"""Kepu's text analysis: the one place that turns text into search tokens, at index time
and at query time, for every storage (SQLite FTS5, PostgreSQL, later OpenSearch).

Tokens are plain strings made only of letters and digits, so no storage ever sees
query syntax from a user. A Chinese run of characters gives:

* jieba search-mode words (科技馆, 上海科技馆 …) — they rank exact-word matches higher;
* every character bigram (上海, 海科, 科技, 技馆 …) — a query's bigrams are *required*,
  which finds a word inside a longer word or sentence however jieba cut the text.

Before that, text is folded: NFKC (full-width → half-width), lower case, traditional →
simplified, character by character so offsets still point into the original text
(the highlighter relies on it). Latin words and numbers are kept whole; a hyphenated
number such as an ISBN (978-7-5428-…) is also kept joined, so it is found with or
without hyphens.

jieba's dictionary (~94 MB, ~0.5 s) loads once per process, on first use; call
`warm_up()` in a gunicorn master started with --preload to share it between workers.
"""

import logging
import re
import threading
import unicodedata
from dataclasses import dataclass, field

import jieba
import snowballstemmer
from zhconv import zhconv

from . import dictionary

logger = logging.getLogger(__name__)
jieba.setLogLevel(logging.WARNING)

MAX_QUERY_CHARS = 200
MAX_QUERY_TERMS = 24
MAX_TOKEN_CHARS = 64

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN_RE = re.compile(rf"[{_CJK}]+|[0-9]+(?:[-‐][0-9x]+)+|[a-z0-9]+")
_CJK_RE = re.compile(rf"[{_CJK}]")
# Function words a query can drop: they join words, they do not find anything.
STOP_CHARS = frozenset("的了和与及或在是之把被对从向于就也都而并等")

_lock = threading.Lock()
_jieba_ready = False
_site_words_version = None


def _build_fold_table():
    zhconv.getdict("zh-hans")
    table = {}
    for trad, simp in zhconv.zhcdicts["zh2Hans"].items():
        if len(trad) == 1 and len(simp) == 1:
            table[ord(trad)] = simp
    # Full-width forms and compatibility characters, one character for one, so offsets hold.
    for code in list(range(0xFF01, 0xFF5F)) + [0x3000]:
        folded = unicodedata.normalize("NFKC", chr(code)).lower()
        if len(folded) == 1:
            table[code] = folded
    # This table is all Kepu uses of zhconv: let its dictionaries go (about 6 MB a process).
    zhconv.zhcdicts, zhconv.dict_zhcn, zhconv.dict_zhsg, zhconv.dict_zhtw, zhconv.dict_zhhk = (None,) * 5
    zhconv.pfsdict = {}
    return table


_FOLD = _build_fold_table()


def fold(text: str) -> str:
    """Folds width, case and traditional characters; the result has the same length as `text`."""
    text = text.translate(_FOLD)
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters (İ) grow when lowered; keep offsets
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return lowered


def clean(text: str) -> str:
    """Removes control characters and bounds nothing; for user input before anything else."""
    return "".join(" " if unicodedata.category(c)[0] == "C" else c for c in text or "")


def ensure_jieba():
    global _jieba_ready
    if _jieba_ready:
        return
    with _lock:
        if not _jieba_ready:
            jieba.initialize()
            _jieba_ready = True


def warm_up():
    ensure_jieba()
    refresh_site_words()


def add_words(words):
    """Teaches jieba names it should keep whole (venues, brands, taxonomy terms)."""
    ensure_jieba()
    for word in words:
        word = fold(clean(word)).strip()
        for run in re.findall(rf"[{_CJK}]{{2,}}", word):
            jieba.add_word(run, freq=200_000)


def learn(words):
    """Records the site's new names (dictionary.py) and teaches them to this process's jieba at
    once; other processes load them at their next refresh."""
    add_words(dictionary.record(words))


def refresh_site_words(force=False):
    """Loads the site's names into jieba when they changed since this process last looked."""
    global _site_words_version

    version = dictionary.current_version()
    if not force and version == _site_words_version:
        return
    add_words(dictionary.all_words())
    _site_words_version = version


_english = threading.local()


def stem(word):
    """The English stem of a latin word (Snowball's English stemmer, as PostgreSQL's `english`
    configuration that Wagtail's English search uses): talks → talk, museums → museum.
    Words with digits are kept as they are."""
    if len(word) < 3 or not word.isalpha():
        return word
    stemmer = getattr(_english, "stemmer", None)
    if stemmer is None:  # not thread-safe: one per thread
        stemmer = _english.stemmer = snowballstemmer.stemmer("english")
    return stemmer.stemWord(word)


def _bigrams(run):
    return [run[i : i + 2] for i in range(len(run) - 1)] if len(run) > 1 else [run]


def _cjk_words(run):
    ensure_jieba()
    return [w for w in jieba.cut_for_search(run, HMM=True) if len(w) > 1 and w != run[:0]]


def index_tokens(text: str) -> list[str]:
    """Tokens to store for `text`: words, bigrams, latin words, numbers."""
    tokens = []
    for match in _TOKEN_RE.finditer(fold(text)):
        run = match.group()
        if _CJK_RE.match(run):
            tokens.extend(_cjk_words(run))
            tokens.extend(_bigrams(run))
        elif "-" in run or "‐" in run:
            parts = re.split(r"[-‐]", run)
            tokens.extend(parts)
            tokens.append("".join(parts))
        else:
            tokens.append(run)
            if (stemmed := stem(run)) != run:  # English: the stem too (talks: talks, talk)
                tokens.append(stemmed)
    return [t for t in tokens if len(t) <= MAX_TOKEN_CHARS]


def display_words(text: str) -> list[str]:
    """jieba words of `text` (folded), for suggestions: whole words, no bigram fragments."""
    words = []
    for match in _TOKEN_RE.finditer(fold(text)):
        run = match.group()
        if _CJK_RE.match(run):
            words.extend(_cjk_words(run))
            if len(run) > 1:
                words.append(run)
        elif len(run) > 1:
            words.append(run)
    return words


@dataclass
class Term:
    """One thing the user asked for: all of `required` must be present; `boost` ranks."""

    text: str
    required: list[str]
    prefix: bool = False
    boost: list[str] = field(default_factory=list)


@dataclass
class QueryPlan:
    text: str
    terms: list[Term]

    def __bool__(self):
        return bool(self.terms)

    @property
    def highlight_words(self):
        return [t.text for t in self.terms]


def parse_query(raw: str) -> QueryPlan:
    """Analyses a user's query into bounded, deduplicated terms. Never raises."""
    text = " ".join(clean(raw).split())[:MAX_QUERY_CHARS]
    folded = fold(text)
    terms, seen = [], set()

    def add(term):
        key = (tuple(term.required), term.prefix)
        if key not in seen and term.required and len(terms) < MAX_QUERY_TERMS:
            seen.add(key)
            terms.append(term)

    for match in _TOKEN_RE.finditer(folded):
        run = match.group()
        if _CJK_RE.match(run):
            ensure_jieba()
            for piece in _query_pieces(run):
                boost = [w for w in _cjk_words(piece) if len(w) > 2]
                if len(piece) == 1:
                    add(Term(piece, [piece], prefix=True))
                else:
                    add(Term(piece, _dedupe(_bigrams(piece)), boost=boost))
        elif "-" in run or "‐" in run:
            parts = re.split(r"[-‐]", run)
            add(Term(run, ["".join(parts)]))
        else:
            # English words by their stem, as a prefix: talks finds talk, talks, talking.
            add(Term(run, [stem(run)[:MAX_TOKEN_CHARS]], prefix=len(run) >= 3 and not run.isdigit()))
    return QueryPlan(text=text, terms=terms)


def _query_pieces(run):
    """The words of a Chinese run as a query asks for them: each jieba word of two or more
    characters is its own term (恐龙化石 → 恐龙, 化石: a page with both matches, wherever they
    are); a lone character joins its neighbour, so a word jieba cut in two (科技/馆) still
    requires all its bigrams; a lone function word (的, 和 …) is dropped."""
    words = [w for w in jieba.cut(run, HMM=True) if not (len(w) == 1 and w in STOP_CHARS)]
    pieces, pending = [], ""
    for word in words:
        if len(word) == 1:
            if pieces and not pending:
                pieces[-1] += word
            else:
                pending += word
        else:
            pieces.append(pending + word)
            pending = ""
    if pending:
        pieces.append(pending)
    return pieces


def _dedupe(items):
    return list(dict.fromkeys(items))
