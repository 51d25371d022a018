"""What each collected case exercises, read from the case itself: the RPCs it declares (``@pytest.mark.rpc``),
the registered checks its code names, and whether it drives a Hypothesis state machine.

A check named in a case (a literal, a module constant, a parameter, or inside a helper of the case package the
case calls) tells its intent: an error check, or a semantic check judging a refusal (its ID ends in ``-refused``,
``/denied-without-grant``, ``/without-credentials`` or ``/wrong-password``: a refusal whose code is not pinned),
makes it a *negative* case for that check's RPC, any other success or semantic check a *positive* one; a case running ``run_state_machine_as_test`` is *stateful* for every RPC it declares.
This is a static reading for ``milvus-conformance rpcs`` and the coverage gate; the report still credits an RPC
only when a run called and judged it.
"""

from __future__ import annotations

import types
from dataclasses import dataclass, field

KINDS = ("positive", "negative", "stateful")
# Semantic checks that judge a refusal (any non-zero code) rather than a served request.
REFUSAL_SUFFIXES = ("-refused", "/refused", "/denied-without-grant", "/without-credentials", "/wrong-password")


@dataclass
class CaseCoverage:
    nodeid: str
    declared: tuple[str, ...]
    kinds: dict[str, set[str]] = field(default_factory=dict)  # rpc -> {"positive", "negative", "stateful"}


def _same_package(helper, case) -> bool:
    """A helper defined among the cases (the case's module or a sibling such as ``builders``), not the library."""
    package = case.__module__.rpartition(".")[0]
    return helper.__module__ == case.__module__ or bool(package) and helper.__module__.startswith(package + ".")


def _names_in(func, depth: int = 3, seen: set | None = None) -> tuple[set[str], set[str]]:
    """(string constants, global names) used by ``func``, its nested code and same-module helpers it calls."""
    seen = seen if seen is not None else set()
    strings: set[str] = set()
    names: set[str] = set()
    code = getattr(func, "__code__", None)
    if code is None or code in seen:
        return strings, names
    seen.add(code)
    stack = [code]
    while stack:
        c = stack.pop()
        for const in c.co_consts:
            if isinstance(const, str):
                strings.add(const)
            elif isinstance(const, types.CodeType):
                stack.append(const)
        names.update(c.co_names)
    module_globals = getattr(func, "__globals__", {})
    for name in list(names):
        value = module_globals.get(name)
        if isinstance(value, str):
            strings.add(value)
        elif isinstance(value, (tuple, list, frozenset, set)):
            strings.update(v for v in value if isinstance(v, str))
        elif depth and isinstance(value, types.FunctionType) and _same_package(value, func):
            s, n = _names_in(value, depth - 1, seen)
            strings |= s
            names |= n
    return strings, names


def _param_strings(item) -> set[str]:
    out: set[str] = set()
    callspec = getattr(item, "callspec", None)
    for value in (callspec.params.values() if callspec else ()):
        if isinstance(value, str):
            out.add(value)
        elif isinstance(value, (tuple, list)):
            out.update(v for v in value if isinstance(v, str))
    return out


def case_coverage(item) -> CaseCoverage:
    from .model.rules import rules

    declared = tuple(dict.fromkeys(str(n) for m in item.iter_markers("rpc") for n in m.args))
    cov = CaseCoverage(item.nodeid, declared)
    func = getattr(item, "function", None)
    func = getattr(getattr(func, "hypothesis", None), "inner_test", func)  # a @given case: read the test, not the wrapper
    strings, names = _names_in(func) if func is not None else (set(), set())
    strings |= _param_strings(item)
    for check_id in strings:
        if check_id not in rules:
            continue
        check = rules.get(check_id)
        error = check.answer is not None and not check.answer.is_success
        kind = "negative" if error or check_id.endswith(REFUSAL_SUFFIXES) else "positive"
        for rpc in check.rpcs or (check.rpc,):
            if rpc in declared:
                cov.kinds.setdefault(rpc, set()).add(kind)
    if "run_state_machine_as_test" in names:
        for rpc in declared:
            cov.kinds.setdefault(rpc, set()).add("stateful")
    return cov
