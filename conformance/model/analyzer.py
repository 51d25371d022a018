"""A small, faithful subset of Milvus's text analyzers (RunAnalyzer, ComputePhraseMatchSlop).

Milvus builds analyzers from JSON ``analyzer_params`` (tantivy-based): ``{"type": "standard"}`` is the standard
tokenizer plus the lowercase filter; ``{"tokenizer": ..., "filter": [...]}`` composes one. Empty params mean the
default analyzer, ``standard``. The subset here: tokenizers ``standard`` (runs of Unicode letters and digits, as
tantivy's word segmentation yields for plain text) and ``whitespace``; the filter ``lowercase`` (other filters are
refused). Token offsets are UTF-8 byte offsets, positions count tokens from 0 (Milvus docs:
run_analyzer with detail). Anything else is refused: the model cannot honour it, and an unknown tokenizer is an
error in Milvus too (RunAnalyzer/invalid-params-refused; the library's code is not pinned, the model answers 1100).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

from . import errors

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_NON_SPACE = re.compile(r"\S+")
TOKENIZERS = {"standard": _WORD, "whitespace": _NON_SPACE}
FILTERS = frozenset({"lowercase"})
ANALYZER_TYPES = {"standard": ("standard", ("lowercase",))}


@dataclass(frozen=True)
class Token:
    token: str
    start_offset: int
    end_offset: int
    position: int
    position_length: int = 1


@dataclass(frozen=True)
class Analyzer:
    tokenizer: str
    filters: tuple[str, ...]

    def tokens(self, text: str) -> list[Token]:
        out = []
        for position, m in enumerate(TOKENIZERS[self.tokenizer].finditer(text)):
            word = m.group(0)
            if "lowercase" in self.filters:
                word = word.lower()
            start = len(text[:m.start()].encode("utf-8"))
            out.append(Token(word, start, start + len(m.group(0).encode("utf-8")), position))
        return out


def _invalid(message: str) -> errors.MilvusError:
    return errors.invalid_parameter(f"invalid analyzer params: {message}")


def build(params: str) -> Analyzer:
    """The analyzer ``params`` (a JSON object) describe, or a MilvusError."""
    if not params.strip():
        return Analyzer(*ANALYZER_TYPES["standard"])
    try:
        spec = json.loads(params)
    except ValueError as err:
        raise _invalid(f"not a JSON object: {err}") from None
    if not isinstance(spec, dict):
        raise _invalid("not a JSON object")
    if "type" in spec:
        kind = spec["type"]
        if kind not in ANALYZER_TYPES:
            raise _invalid(f"unknown analyzer type {kind!r}")
        tokenizer, filters = ANALYZER_TYPES[kind]
        return Analyzer(tokenizer, tuple(filters))
    tokenizer = spec.get("tokenizer", "standard")
    if not isinstance(tokenizer, str) or tokenizer not in TOKENIZERS:
        raise _invalid(f"unknown tokenizer {tokenizer!r}")
    filters = spec.get("filter", [])
    if not isinstance(filters, list) or any(not isinstance(f, str) or f not in FILTERS for f in filters):
        raise _invalid(f"unsupported filter in {filters!r}")
    return Analyzer(tokenizer, tuple(filters))


def phrase_slop(analyzer: Analyzer, query: str, text: str) -> tuple[bool, int]:
    """Whether ``text`` holds the query's tokens in order, and the least slop that takes (the extra positions
    between the first and the last query token); no match → (False, -1) (the model's answer)."""
    wanted = [t.token for t in analyzer.tokens(query)]
    have = [t.token for t in analyzer.tokens(text)]
    if not wanted:
        return False, -1
    best = None
    for start, tok in enumerate(have):
        if tok != wanted[0]:
            continue
        pos, ok = start, True
        for w in wanted[1:]:
            try:
                pos = have.index(w, pos + 1)
            except ValueError:
                ok = False
                break
        if ok:
            slop = pos - start - (len(wanted) - 1)
            best = slop if best is None else min(best, slop)
    return (False, -1) if best is None else (True, best)


# ---- analyzers of schema fields (type_params enable_analyzer / enable_match / analyzer_params) ----------------

def _type_param(field, key: str) -> str | None:
    return next((kv.value for kv in field.type_params if kv.key == key), None)


def _flag(field, key: str) -> bool:
    """A boolean type param as master's FieldSchemaHelper reads it (strconv.ParseBool; absent = false)."""
    return (_type_param(field, key) or "").strip().lower() in ("true", "1", "t")


def match_enabled(field) -> bool:
    """``enable_match`` is set on the field (master SchemaHelper.IsFieldTextMatchEnabled)."""
    return _flag(field, "enable_match")


def analyzer_enabled(field) -> bool:
    """``enable_analyzer`` is set on the field (master FieldSchemaHelper.EnableAnalyzer)."""
    return _flag(field, "enable_analyzer")


@lru_cache(maxsize=256)
def _built(params: str) -> Analyzer:
    return build(params)


def of_field(field) -> Analyzer:
    """The analyzer of a VarChar field: its ``analyzer_params`` (empty = the standard analyzer)."""
    return _built(_type_param(field, "analyzer_params") or "")
