"""The word lists of the date stage, read from ``models/timex/lexicon.json``.

Keeping every word in `models/` lets a rule writer add "Sept" or "fortnight"
without touching Python.  Rule patterns refer to lists as ``"@name"``; the
resolvers read the maps.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from pipeline.rules.loader import RuleError

LEXICON_FILE = "lexicon.json"


@dataclass(frozen=True, eq=False)
class Lexicon:
    """Read-only word maps and lists.

    Hashes by identity (``eq=False``) so that it can be an argument of the
    memoized resolver: one lexicon per process, one cache key.
    """

    maps: MappingProxyType
    lists: MappingProxyType
    tense: MappingProxyType
    min_year: int = 1900
    max_year: int = 2099
    path: str = field(default="")

    def words(self, name: str) -> frozenset[str] | None:
        """The words of list or map `name` (None if there is no such name)."""
        if name in self.lists:
            return self.lists[name]
        if name in self.maps:
            return frozenset(self.maps[name])
        return None

    def get(self, map_name: str, word: str, default=None):
        """Look `word` up in map `map_name`."""
        return self.maps[map_name].get(word, default)

    def is_year(self, word: str) -> bool:
        """True for a four-digit number inside the plausible year range."""
        return len(word) == 4 and word.isdigit() and self.min_year <= int(word) <= self.max_year


def read_lexicon(models_dir: Path) -> tuple[Lexicon | None, list[RuleError]]:
    """Read the lexicon; return it (or None) and the problems found."""
    path = Path(models_dir) / LEXICON_FILE
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        return None, [RuleError(str(path), 0, f"cannot read lexicon: {exc}")]
    except json.JSONDecodeError as exc:
        return None, [RuleError(str(path), exc.lineno, f"invalid JSON: {exc.msg}")]
    errors = [RuleError(str(path), 0, f"lexicon lacks section {key!r}")
              for key in ("maps", "lists", "tense") if not isinstance(raw.get(key), dict)]
    if errors:
        return None, errors
    bounds = raw.get("bounds", {})
    lexicon = Lexicon(
        maps=MappingProxyType({k: MappingProxyType(dict(v)) for k, v in raw["maps"].items()}),
        lists=MappingProxyType({k: frozenset(v) for k, v in raw["lists"].items()}),
        tense=MappingProxyType({k: frozenset(v) for k, v in raw["tense"].items()}),
        min_year=int(bounds.get("min_year", 1900)),
        max_year=int(bounds.get("max_year", 2099)),
        path=str(path),
    )
    return lexicon, []
