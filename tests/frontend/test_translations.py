"""The interface is complete in English, and the compiled catalogues match their sources."""

import gettext
import re
from pathlib import Path

LOCALE = Path(__file__).resolve().parents[2] / "locale"


def po_entries(path):
    """(msgid, [msgstr…]) of every entry in a .po file, header left out."""
    text = path.read_text(encoding="utf-8")
    entries = []
    for block in text.split("\n\n"):
        if block.lstrip().startswith("#~"):
            continue
        match = re.search(r'^msgid ((?:".*"\n)+)', block + "\n", re.M)
        if not match:
            continue
        msgid = "".join(re.findall(r'"(.*)"', match.group(1)))
        context = re.search(r'^msgctxt "(.*)"', block, re.M)
        if context:  # gettext keys an entry with a context as "context\x04msgid"
            msgid = context.group(1) + "\\x04" + msgid
        strings = re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', block + "\n", re.M)
        entries.append((msgid, ["".join(re.findall(r'"(.*)"', s)) for s in strings], "#, fuzzy" in block))
    return [entry for entry in entries if entry[0]]


def test_every_interface_string_has_an_english_translation():
    entries = po_entries(LOCALE / "en" / "LC_MESSAGES" / "django.po")
    assert len(entries) > 150
    untranslated = [msgid for msgid, strings, fuzzy in entries if fuzzy or not all(strings)]
    assert untranslated == []


def test_compiled_catalogues_hold_every_entry_so_a_fresh_clone_needs_no_compile_step():
    for language in ("en", "zh_Hans"):
        entries = po_entries(LOCALE / language / "LC_MESSAGES" / "django.po")
        with open(LOCALE / language / "LC_MESSAGES" / "django.mo", "rb") as handle:
            catalogue = gettext.GNUTranslations(handle)._catalog
        compiled = {key[0] if isinstance(key, tuple) else key for key in catalogue}
        missing = [msgid.encode().decode("unicode_escape").encode("latin-1").decode() for msgid, _s, _f in entries]
        assert [m for m in missing if m not in compiled] == [], language
