"""Comparing two answers to the same request: first the outcome (gRPC code, success, code, error_code), then — when
both succeeded — the normalised content, with a tolerance for floats and without regard to tie order.

Floats (search scores, float fields) are equal when ``math.isclose(a, b, rel_tol, abs_tol)``. Search hits are
compared query by query: consecutive hits whose scores are equal within the tolerance form a tie group, compared as
a set (sorted by id); when a query returned its full top k, the last tie group may have been cut at the limit, so
only its scores are compared (which of the tied rows made it is the server's choice; a single hit there may be
one of several rows tied beyond the limit, which the answer cannot show).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

from .normalise import sort_key


@dataclass(frozen=True)
class Tolerance:
    rel: float = 1e-4
    abs: float = 1e-5

    def close(self, a: float, b: float) -> bool:
        return math.isclose(a, b, rel_tol=self.rel, abs_tol=self.abs)


@dataclass
class Difference:
    kind: str  # "status" or "content"
    path: str  # where in the answer: "code", "queries[0][2].id", "rows"
    target: Any
    reference: Any

    def to_json(self) -> dict:
        return {"kind": self.kind, "path": self.path, "target": self.target, "reference": self.reference}


MISSING = "<absent>"


def compare_outcomes(t: dict, r: dict) -> list[Difference]:
    diffs = []
    for key in ("grpc", "success", "code", "error_code"):
        if key in t and key in r and t[key] != r[key]:
            diffs.append(Difference("status", key, t[key], r[key]))
    return diffs


def compare_content(rpc: str, t: Any, r: Any, tol: Tolerance) -> list[Difference]:
    out: list[Difference] = []
    if rpc in ("Search", "HybridSearch") and isinstance(t, dict) and isinstance(r, dict):
        _search(t, r, tol, out)
    else:
        _value("", t, r, tol, out)
    return out


def _is_num(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _value(path: str, t, r, tol: Tolerance, out: list[Difference]) -> None:
    if isinstance(t, dict) and isinstance(r, dict):
        for key in sorted(set(t) | set(r)):
            sub = f"{path}.{key}" if path else key
            if key not in t or key not in r:
                out.append(Difference("content", sub, t.get(key, MISSING), r.get(key, MISSING)))
            else:
                _value(sub, t[key], r[key], tol, out)
        return
    if isinstance(t, list) and isinstance(r, list):
        if len(t) != len(r):
            out.append(Difference("content", f"{path} (length)", len(t), len(r)))
            # show what only one side has (rows, names): by canonical key
            tk, rk = [sort_key(x) for x in t], [sort_key(x) for x in r]
            only_t = [x for x, k in zip(t, tk, strict=True) if k not in rk]
            only_r = [x for x, k in zip(r, rk, strict=True) if k not in tk]
            if only_t or only_r:
                out.append(Difference("content", f"{path} (only on one side)", only_t[:5], only_r[:5]))
            return
        for i, (a, b) in enumerate(zip(t, r, strict=True)):
            _value(f"{path}[{i}]", a, b, tol, out)
        return
    if _is_num(t) and _is_num(r) and (isinstance(t, float) or isinstance(r, float)):
        if not tol.close(float(t), float(r)):
            out.append(Difference("content", path, t, r))
        return
    if t != r:
        out.append(Difference("content", path, t, r))


def _groups(hits: list[dict], tol: Tolerance) -> list[list[dict]]:
    groups: list[list[dict]] = []
    for hit in hits:
        score = hit.get("score")
        if groups and score is not None and groups[-1][-1].get("score") is not None \
                and tol.close(float(score), float(groups[-1][-1]["score"])):
            groups[-1].append(hit)
        else:
            groups.append([hit])
    return [sorted(g, key=lambda h: json.dumps(h.get("id"), default=str)) for g in groups]


def _search(t: dict, r: dict, tol: Tolerance, out: list[Difference]) -> None:
    for key in ("num_queries", "top_k", "output_fields", "iterator_last_bound"):
        _value(key, t.get(key), r.get(key), tol, out)
    tq, rq = t.get("queries", []), r.get("queries", [])
    if len(tq) != len(rq):
        out.append(Difference("content", "queries (length)", len(tq), len(rq)))
        return
    top_k = t.get("top_k") or 0
    for qi, (th, rh) in enumerate(zip(tq, rq, strict=True)):
        if len(th) != len(rh):
            out.append(Difference("content", f"queries[{qi}] (hits)", [(h["id"], h["score"]) for h in th][:10],
                                  [(h["id"], h["score"]) for h in rh][:10]))
            continue
        full = bool(top_k) and len(th) == top_k
        tg, rg = _groups(th, tol), _groups(rh, tol)
        flat_t = [(gi, h) for gi, g in enumerate(tg) for h in g]
        flat_r = [h for g in rg for h in g]
        last = len(tg) - 1
        for hi, ((gi, a), b) in enumerate(zip(flat_t, flat_r, strict=True)):
            where = f"queries[{qi}][{hi}]"
            _value(f"{where}.score", a.get("score"), b.get("score"), tol, out)
            if full and gi == last:
                continue  # a tie cut at the limit: which tied rows made it is the server's choice
            _value(f"{where}.id", a.get("id"), b.get("id"), tol, out)
            _value(f"{where}.fields", a.get("fields"), b.get("fields"), tol, out)
