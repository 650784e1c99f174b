"""The glossary's words to avoid (assembly/translations/terminology.yaml), as a checker.

`problems(text, lang, where)` lists each avoided word and each run of English words found
in Kazakh or Russian text, with what to write instead. The tests call it on the catalogs,
the e-mail snapshots and rendered letters and pages; the words themselves are data.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

from assembly.i18n import TRANSLATIONS_DIR

TERMINOLOGY = TRANSLATIONS_DIR / "terminology.yaml"
SCOPES = ("everywhere", "citizen")
_TAG = re.compile(r"<[^>]+>")
_LATIN_WORD = r"[A-Za-z][A-Za-z'’-]*[A-Za-z]"
# Whatever a page or e-mail shows that is not prose: URLs, e-mail addresses, references.
_NOT_PROSE = re.compile(r"https?://\S+|\S+@\S+|\bALA-\d{4}-\d+\b|%\(\w+\)s")


@dataclass(frozen=True)
class Avoided:
    """One word of the glossary to avoid in a language."""

    pattern: re.Pattern[str]
    use: str
    why: str
    scope: str


@dataclass(frozen=True)
class Problem:
    """An avoided word or an English fragment found in a text."""

    where: str
    found: str
    use: str
    why: str

    def __str__(self) -> str:
        return f"{self.where}: «{self.found}» — write {self.use} ({self.why})"


@lru_cache(maxsize=1)
def terminology() -> dict[str, Any]:
    """The data file, checked for shape so that a broken entry fails loudly."""
    data = yaml.safe_load(TERMINOLOGY.read_text(encoding="utf-8"))
    for lang, entries in data["avoid"].items():
        for entry in entries:
            missing = {"pattern", "use", "why"} - set(entry)
            assert not missing, f"{TERMINOLOGY.name}: {lang} entry lacks {sorted(missing)}"
            assert entry.get("scope", "everywhere") in SCOPES, entry
    return data


@cache
def avoided(lang: str) -> tuple[Avoided, ...]:
    """The words to avoid in `lang`, compiled."""
    return tuple(
        Avoided(re.compile(e["pattern"], re.IGNORECASE | re.MULTILINE), e["use"], e["why"],
                e.get("scope", "everywhere"))
        for e in terminology()["avoid"].get(lang, [])
    )


@lru_cache(maxsize=1)
def _english() -> tuple[re.Pattern[str], frozenset[str]]:
    spec = terminology()["english"]
    run = rf"{_LATIN_WORD}(?:[ ,]+{_LATIN_WORD}){{{int(spec['min_words']) - 1},}}"
    return re.compile(run), frozenset(w.lower() for w in spec["allowed"])


def visible_text(markup: str) -> str:
    """The text a reader sees in an HTML page or e-mail: no tags, entities decoded."""
    body = re.sub(r"(?is)<(script|style|head)\b.*?</\1>", " ", markup)
    return html.unescape(_TAG.sub("\n", body))


def english_fragments(text: str) -> list[str]:
    """Runs of English words in Kazakh or Russian text (allowed words left out)."""
    run, allowed = _english()
    for phrase in terminology()["english"].get("allowed_phrases", []):
        text = re.sub(phrase, " ", text)
    found = []
    for match in run.finditer(_NOT_PROSE.sub(" ", text)):
        words = [w for w in re.findall(_LATIN_WORD, match.group(0)) if w.lower() not in allowed]
        if len(words) >= int(terminology()["english"]["min_words"]):
            found.append(match.group(0))
    return found


def problems(text: str, lang: str, where: str, *, citizen: bool = True) -> list[Problem]:
    """The glossary's avoided words and the English fragments in one kk or ru text.

    `citizen=False` (the catalogs, which hold officers' strings too) skips the words that
    only a citizen must never read.
    """
    found = [
        Problem(where, m.group(0).strip(" >«:(<».,;)"), a.use, a.why)
        for a in avoided(lang)
        if citizen or a.scope == "everywhere"
        for m in a.pattern.finditer(text)
    ]
    found += [Problem(where, f, "the Kazakh or Russian words", "English left untranslated")
              for f in english_fragments(text)]
    return found


def report(found: list[Problem]) -> str:
    """Problems as an assertion message, one a line."""
    return f"{len(found)} word(s) the glossary says to avoid:\n" + "\n".join(map(str, found))


def snapshot_files(directory: Path) -> list[tuple[Path, str]]:
    """The Kazakh and Russian e-mail snapshots with their language (name.<lang>.txt)."""
    return [(p, p.name.rsplit(".", 2)[1]) for p in sorted(directory.glob("*.txt"))
            if p.name.rsplit(".", 2)[1] in ("kk", "ru")]
