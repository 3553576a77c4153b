"""The token attributes the claims stage reads, without a spaCy `Token` per position.

spaCy builds a new `Token` object on every `doc[i]` (``list(doc)`` cost about 0.8 µs a token, a
third of the stage), and every `Token.text` / `.lower_` goes through the string store again.  Yet
all the stage reads of a token (`text`, `lower_`, `whitespace_`, the `is_*` flags) depends only on
its lexeme and on whether a space follows it; only the character offset is positional.  So
`TokenViews` keeps one small read-only `TokenView` per (lexeme, trailing space) pair, shared by
every document of the process, and a document becomes a list of those views read from one
`doc.to_array` call.  Call sites keep the `Token` spelling (``ctx.tokens[i].lower_``).
"""

from __future__ import annotations

from spacy.attrs import IDX, ORTH, SPACY
from spacy.tokens import Doc
from spacy.vocab import Vocab

MAX_VIEWS = 200_000   # per trailing-space kind; a long run's vocabulary grows, so start over past this


class TokenView:
    """The lexical attributes of a token, named as on `spacy.tokens.Token` (values from its `Lexeme`)."""

    __slots__ = ("text", "lower_", "whitespace_", "text_with_ws", "is_space", "is_punct", "is_alpha",
                 "is_lower", "is_digit", "is_upper", "is_title")

    def __init__(self, lexeme, space: bool):
        self.text = lexeme.orth_
        self.lower_ = lexeme.lower_
        self.whitespace_ = " " if space else ""   # as `Token.whitespace_`
        self.text_with_ws = self.text + self.whitespace_
        self.is_space, self.is_punct, self.is_alpha = lexeme.is_space, lexeme.is_punct, lexeme.is_alpha
        self.is_lower, self.is_digit = lexeme.is_lower, lexeme.is_digit
        self.is_upper, self.is_title = lexeme.is_upper, lexeme.is_title


class TokenViews:
    """Shared `TokenView`s of one vocabulary; built once per process with the extractor."""

    def __init__(self, vocab: Vocab):
        self.vocab = vocab
        self._views: tuple[dict[int, TokenView], dict[int, TokenView]] = ({}, {})   # orth -> view, by space

    def read(self, doc: Doc) -> tuple[list[TokenView], list[int]]:
        """The view of every token of `doc`, and every token's character offset (`Token.idx`)."""
        if not len(doc):
            return [], []
        orths, spaces, offsets = doc.to_array([ORTH, SPACY, IDX]).T.tolist()
        views = self._views
        tokens = [views[space].get(orth) or self._add(orth, space) for orth, space in zip(orths, spaces)]
        return tokens, offsets

    def _add(self, orth: int, space: int) -> TokenView:
        views = self._views[space]
        if len(views) >= MAX_VIEWS:
            views.clear()
        view = views[orth] = TokenView(self.vocab[orth], bool(space))
        return view
