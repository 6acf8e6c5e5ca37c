""" "您是不是要找": when a query finds little or nothing, the site's own words that sound the
same (tones ignored) or differ by one character from what was typed.

Pinyin input methods offer every character of a sound, so a slip picks the wrong one of
the same sound (科技官 for 科技馆); hand-writing and stroke input pick a look-alike (科枝馆).
The vocabulary is the site's: the words of every title, venue and brand names, taxonomy
terms and synonyms (SoundWord, recorded at indexing with its toneless pinyin). For each
piece of the query (as parse_query cuts it) that is not a word of the vocabulary, one
query looks for vocabulary words of the same sound, or of the same length (three
characters or more) that differ from it in one character, the closest in sound first.
engine.search tries a corrected query only when the query as typed found nothing or only
matched some of its words (relaxed), and shows its results only when they have every word:
results that had every word are never replaced.
"""

import re

from django.db.models import Q
from django.db.models.functions import Length

from . import analysis, pinyin
from .models import SoundWord

MAX_PIECES = 6
# Look-alikes are looked for in pieces of this many characters (two-character words one
# character apart are mostly other words: 科学/化学).
MIN_LOOK_ALIKE, MAX_LOOK_ALIKE = 3, 12
MAX_CHOICES = 3
MAX_TRIES = 2
MAX_WORD_CHARS = 100

_known = set()


def record(words):
    """Stores the vocabulary words not stored yet, with their sound; returns how many."""
    new = sorted({w for w in words if 2 <= len(w) <= MAX_WORD_CHARS and analysis._CJK_RUN_RE.fullmatch(w)} - _known)
    added = 0
    for start in range(0, len(new), 500):
        chunk = new[start : start + 500]
        existing = set(SoundWord.objects.filter(word__in=chunk).values_list("word", flat=True))
        missing = [SoundWord(word=w, sound=pinyin.sound(w)[:200]) for w in chunk if w not in existing]
        SoundWord.objects.bulk_create([w for w in missing if w.sound], ignore_conflicts=True)
        added += len(missing)
    _known.update(new)
    return added


def forget_cache():
    """For tests: words are looked up in the database again."""
    _known.clear()


def _one_apart(piece):
    """Q: words as long as `piece` that differ from it in exactly one character (or the same)."""
    q = Q()
    for i in range(len(piece)):
        q |= Q(word__startswith=piece[:i], word__endswith=piece[i + 1 :])
    return Q(length=len(piece)) & q


def _apart(a, b):
    return sum(x != y for x, y in zip(a, b, strict=False)) + abs(len(a) - len(b))


def corrections(text):
    """The query `text` with its misspelt Chinese pieces replaced by the site's words, best
    first (at most MAX_TRIES); none when nothing in it needs (or has) a correction. One
    query, whatever the text."""
    folded = analysis.fold(text)
    pieces = []
    for run in analysis._CJK_RUN_RE.findall(folded):
        pieces += [p for p in analysis.query_pieces(run) if len(p) >= 2]
    pieces = list(dict.fromkeys(pieces))[:MAX_PIECES]
    if not pieces:
        return []
    sounds = {piece: pinyin.sound(piece) for piece in pieces}
    wanted = Q(word__in=pieces) | Q(sound__in=[s for s in sounds.values() if s])
    for piece in pieces:
        if MIN_LOOK_ALIKE <= len(piece) <= MAX_LOOK_ALIKE:
            wanted |= _one_apart(piece)
    rows = list(SoundWord.objects.annotate(length=Length("word")).filter(wanted).values_list("word", "sound")[:200])
    known = {word for word, _sound in rows}
    replacements = {}
    for piece in pieces:
        if piece in known:
            continue
        same_sound = sorted((_apart(piece, w), w) for w, s in rows if s == sounds[piece] and w != piece)
        look_alike = sorted(
            (_sounds_apart(piece, w), w)
            for w, _s in rows
            if MIN_LOOK_ALIKE <= len(piece) <= MAX_LOOK_ALIKE and len(w) == len(piece) and _apart(piece, w) == 1
        )
        choices = [w for _d, w in same_sound] + [w for _d, w in look_alike]
        if choices:
            replacements[piece] = choices[:MAX_CHOICES]
    if not replacements:
        return []
    # The best choice for every piece, then the next choice for one piece at a time.
    tries = [{piece: words[0] for piece, words in replacements.items()}]
    for piece, words in replacements.items():
        for word in words[1:]:
            tries.append({**tries[0], piece: word})
    return list(dict.fromkeys(filter(None, (_replaced(text, folded, choice) for choice in tries))))[:MAX_TRIES]


def _sounds_apart(a, b):
    """How far apart two words of one length sound, for look-alikes: 0 per character of the
    same sound, 1 when only the initial or only the final differs (枝 zhi / 技 ji, 园 yuan /
    馆 guan), 2 otherwise; 动物园 is further from 博物园 than 博物馆 is."""
    total = 0
    for x, y in zip(pinyin.word_syllables(a), pinyin.word_syllables(b), strict=False):
        if x != y:
            total += 1 if pinyin.final(x) == pinyin.final(y) or x[:1] == y[:1] else 2
    return total


def _replaced(text, folded, replacements):
    """`text` with each piece of `replacements` ({piece: word}) replaced by its word."""
    # fold() keeps every character's offset, so the pieces found in the folded text are
    # replaced in the text as typed (its Latin words and punctuation stay as they were).
    spans = []
    for piece, word in sorted(replacements.items(), key=lambda kv: -len(kv[0])):
        for match in re.finditer(re.escape(piece), folded):
            if not any(match.start() < end and start < match.end() for start, end, _w in spans):
                spans.append((match.start(), match.end(), word))
    corrected = text
    for start, end, word in sorted(spans, reverse=True):
        corrected = corrected[:start] + word + corrected[end:]
    return corrected if corrected != text else ""
