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

from . import dictionary, pinyin

logger = logging.getLogger(__name__)
jieba.setLogLevel(logging.WARNING)

MAX_QUERY_CHARS = 200
MAX_QUERY_TERMS = 24
MAX_TOKEN_CHARS = 64

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN_RE = re.compile(rf"[{_CJK}]+|[0-9]+(?:[-‐][0-9x]+)+|[a-z0-9]+")
_CJK_RE = re.compile(rf"[{_CJK}]")
_CJK_RUN_RE = re.compile(rf"[{_CJK}]+")
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
    pinyin.sound("科普")  # loads pypinyin's dictionaries
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
    Words with digits are kept as they are, and so is a word whose stem would be shorter than
    three letters (AED → a, as a prefix, would match every word starting with a)."""
    if len(word) < 3 or not word.isalpha():
        return word
    stemmer = getattr(_english, "stemmer", None)
    if stemmer is None:  # not thread-safe: one per thread
        stemmer = _english.stemmer = snowballstemmer.stemmer("english")
    stemmed = stemmer.stemWord(word)
    return stemmed if len(stemmed) >= 3 else word


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


def pinyin_tokens(text: str) -> list[str]:
    """The pinyin tokens of `text`'s Chinese (pinyin.py): for titles and names."""
    runs = _CJK_RUN_RE.findall(fold(text))
    if not runs:
        return []
    ensure_jieba()
    return pinyin.index_tokens([jieba.lcut(run, HMM=True) for run in runs])


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
    """One thing the user asked for: all of `required` must be present, or one of the `boost`
    words (whole jieba words, which rank exact words higher), or all the tokens of one of the
    `alternatives` ([(token, prefix)] each: a synonym's, or the words of a pinyin run)."""

    text: str
    required: list[str]
    prefix: bool = False
    boost: list[str] = field(default_factory=list)
    alternatives: list[list[tuple[str, bool]]] = field(default_factory=list)
    # The words the alternatives stand for, for the highlighter (机器人 for robot).
    also: list[str] = field(default_factory=list)


@dataclass
class QueryPlan:
    text: str
    terms: list[Term]

    def __bool__(self):
        return bool(self.terms)

    @property
    def highlight_words(self):
        return [word for t in self.terms for word in (t.text, *t.also)]

    def exact(self):
        """The plan without alternatives: what "the title has every term" is judged on, so a
        page whose title has the words asked for ranks above one that has a synonym."""
        terms = [Term(t.text, t.required, t.prefix, t.boost) for t in self.terms]
        return QueryPlan(self.text, terms)


def _latin_prefix(word):
    return len(word) >= 3 and not word.isdigit()


def _pinyin_runs(folded, matches):
    """Groups `matches` (the query's tokens): two or more Latin words in a row, with only
    spaces between them, that are all pinyin (ke ji guan, shang hai) make one group; every
    other token is a group of its own."""
    groups, current = [], []

    def close():
        if len(current) > 1:
            groups.append(current[:])
        else:
            groups.extend([m] for m in current)
        current.clear()

    for match in matches:
        word = match.group()
        joins = bool(current) and not folded[current[-1].end() : match.start()].strip()
        if pinyin.is_pinyin(word):
            if current and not joins:
                close()
            current.append(match)
        else:
            close()
            groups.append([match])
    close()
    return groups


def _expansions(word, synonyms):
    """The alternatives a synonym table gives `word`: for each equivalent, the tokens a page
    must hold (a Chinese one's bigrams, a Latin one's words)."""
    alternatives, also = [], []
    synonyms = synonyms or {}
    equivalents = synonyms.get(word)
    if equivalents is None and word.isascii():
        equivalents = synonyms.get(stem(word))  # dinosaurs, vaccines: the table's dinosaur, vaccine
    for equivalent in equivalents or ():
        tokens = []
        for match in _TOKEN_RE.finditer(equivalent):
            part = match.group()
            if _CJK_RE.match(part):
                tokens += [(b, len(part) == 1) for b in _bigrams(part)]
            else:
                tokens.append((re.sub(r"[-‐]", "", part)[:MAX_TOKEN_CHARS], _latin_prefix(part)))
        if tokens:
            alternatives.append(_dedupe(tokens))
            also.append(equivalent)
    return alternatives, also


def parse_query(raw: str, synonyms=None) -> QueryPlan:
    """Analyses a user's query into bounded, deduplicated terms. Never raises. `synonyms`:
    {folded word: [equivalents]} (synonyms.py); a word or a whole Chinese run found in it
    also matches pages with any of its equivalents."""
    text = " ".join(clean(raw).split())[:MAX_QUERY_CHARS]
    folded = fold(text)
    terms, seen = [], set()

    def add(term):
        key = (tuple(term.required), term.prefix)
        if key not in seen and term.required and len(terms) < MAX_QUERY_TERMS:
            seen.add(key)
            alternatives, also = _expansions(term.text, synonyms)
            term.alternatives += alternatives
            term.also += also
            terms.append(term)

    # A phrase of the synonym table (botanical garden) is one term, whose words are all required.
    for phrase in [key for key in (synonyms or {}) if " " in key and key in folded]:
        # botanical gardens too: the phrase's last word with a plural ending.
        for match in re.finditer(rf"(?<![a-z0-9]){re.escape(phrase)}(?:e?s)?(?![a-z0-9])", folded):
            add(Term(phrase, phrase.split(), prefix=True))
            folded = folded[: match.start()] + " " * len(phrase) + folded[match.end() :]
    for group in _pinyin_runs(folded, list(_TOKEN_RE.finditer(folded))):
        if len(group) > 1:  # ke ji guan: kejiguan, or each word as typed
            words = [m.group()[:MAX_TOKEN_CHARS] for m in group]
            joined = "".join(words)[:MAX_TOKEN_CHARS]
            add(Term(" ".join(words), [joined], prefix=True, alternatives=[[(w, _latin_prefix(w)) for w in words]]))
            continue
        run = group[0].group()
        if _CJK_RE.match(run):
            ensure_jieba()
            pieces = [run] if synonyms and run in synonyms else _query_pieces(run)
            for piece in pieces:
                boost = [w for w in _cjk_words(piece) if len(w) > 2]
                if len(piece) == 1:
                    add(Term(piece, [piece], prefix=True))
                else:
                    add(Term(piece, _dedupe(_bigrams(piece)), boost=boost))
        elif "-" in run or "‐" in run:
            parts = re.split(r"[-‐]", run)
            add(Term(run, ["".join(parts)]))
        else:
            # English words by their stem, as a prefix: talks finds talk, talks, talking. A
            # stem that is not the start of the word (cszwy → cszwi, the initials of 辰山植物园)
            # keeps the word as typed as an alternative: pinyin and initials tokens are not stemmed.
            stemmed, word = stem(run)[:MAX_TOKEN_CHARS], run[:MAX_TOKEN_CHARS]
            also = [] if word.startswith(stemmed) else [[(word, _latin_prefix(run))]]
            add(Term(run, [stemmed], prefix=_latin_prefix(run), alternatives=also))
    return QueryPlan(text=text, terms=terms)


def query_pieces(run):
    """The pieces of a Chinese run a query asks for (see _query_pieces), for correction.py."""
    ensure_jieba()
    return _query_pieces(run)


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
