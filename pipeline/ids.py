"""Deterministic content-hash ids: the same content always gets the same id."""

from __future__ import annotations

import hashlib
import re

_SLUG_DROP = re.compile(r"[^a-z0-9]+")


def content_id(*parts: object, length: int = 16) -> str:
    """A hex id hashed from the parts; None and "" hash differently from each other."""
    hasher = hashlib.sha1()
    for part in parts:
        token = "\x00none" if part is None else str(part)
        hasher.update(token.encode("utf-8"))
        hasher.update(b"\x1f")
    return hasher.hexdigest()[:length]


def slug(text: str) -> str:
    """Lower-case ASCII slug: 'Ri Pyong-chol' -> 'ri-pyong-chol'."""
    return _SLUG_DROP.sub("-", text.lower()).strip("-")
