"""Differential runs: the same sessions on two endpoints (or one endpoint against recorded answers), every
divergence found, and a minimal replayable reproduction for each.

A divergence is a call whose outcome (gRPC code, success, code, error_code) or normalised content differs. After a
divergence on a call that changes state (anything but a read), the two servers no longer hold the same state, so
later divergences of the same sequence are listed as following it (``after``) rather than as new findings. Each
divergence showing a kind not seen before (an RPC and what differs: the two outcomes, or a part of the content) is
minimised: calls are
dropped from the sequence as long as the last call still diverges the same way (each try is a fresh execution on
both sides, with a fixed budget of tries so reruns agree), and the result is replayed once more to confirm it.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .compare import Difference, Tolerance, compare_content, compare_outcomes
from .execute import REFUSED, Endpoint, Executor
from .normalise import Context, content, outcome, reason_of
from .session import Answer, Session

READ_PREFIXES = ("Describe", "Has", "Show", "List", "Get", "Query", "Search", "HybridSearch", "Check", "Alloc", "Connect")
SETUP_PREFIXES = ("Create", "Insert", "Upsert", "Delete", "Load", "Flush", "Alter", "Rename", "Add")
REPRO_DIR = "diff-repro"


@dataclass
class Divergence:
    sequence: str
    step: int  # 1-based position of the call in its sequence
    rpc: str
    note: str
    request: str
    differences: list[Difference]
    target: dict  # outcome + reason
    reference: dict
    after: int | None = None  # the id of an earlier state-changing divergence of the same sequence
    id: int = 0
    signature: str = ""
    kinds: list[str] = field(default_factory=list)  # what the kinds table counts it under (one per differing part)
    reproduction: str | None = None  # path of the session file, relative to the report directory
    reproduction_calls: int = 0
    replayed: str = "not replayed"  # "reproduces", "did not reproduce", "not replayed (...)"

    def to_json(self) -> dict:
        return {"id": self.id, "sequence": self.sequence, "step": self.step, "rpc": self.rpc, "note": self.note,
                "signature": self.signature, "kinds": self.kinds, "after": self.after, "target": self.target,
                "reference": self.reference, "differences": [d.to_json() for d in self.differences],
                "request": self.request, "reproduction": self.reproduction,
                "reproduction_calls": self.reproduction_calls, "replayed": self.replayed}


@dataclass
class DiffResult:
    mode: str  # "generated" or "replay"
    target: str
    reference: str
    sessions: int = 0
    calls: int = 0
    divergences: list[Divergence] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # cleanup failures: a run that may have left objects
    refused: list[str] = field(default_factory=list)  # calls the ownership guard kept from leaving (never sent)
    settings: dict = field(default_factory=dict)


def _note_refused(session: Session, at: list, ar: list, result: DiffResult) -> None:
    for i, (call, a, b) in enumerate(zip(session.calls, at, ar, strict=True)):
        for side, answer in (("target", a), ("reference", b)):
            if answer is not None and answer.grpc_code == REFUSED:
                result.refused.append(f"{session.title}, call {i + 1} ({call.rpc}) on the {side}: "
                                      f"{answer.grpc_details}")


def _is_read(rpc: str) -> bool:
    return rpc.startswith(READ_PREFIXES)


def _path_kind(path: str) -> str:
    """A difference's path without positions and user field names (generated, so different in every sequence)."""
    path = re.sub(r"\[\d+\]", "[]", path)
    return re.sub(r"(rows\[\]|\.fields)\..*$", r"\1.*", path, flags=re.S)


def _kinds(rpc: str, diffs: list[Difference], signature: str) -> list[str]:
    if any(d.kind == "status" for d in diffs):
        return [signature]
    return sorted({f"{rpc}: content {re.sub(r' [(].*[)]$', '', _path_kind(d.path))}" for d in diffs})


def _signature(rpc: str, diffs: list[Difference], t: dict, r: dict) -> str:
    if any(d.kind == "status" for d in diffs):
        show = lambda o: o["grpc"] if o["grpc"] != "OK" else (  # noqa: E731
            "success" if o.get("success") else f"code {o.get('code')}/{o.get('error_code')}")
        return f"{rpc}: status {show(t)} vs {show(r)}"
    paths = sorted({_path_kind(d.path) for d in diffs})
    return f"{rpc}: content {', '.join(paths[:4])}" + (" ..." if len(paths) > 4 else "")


def compare_answers(session: Session, answers_t: list[Answer | None], answers_r: list[Answer | None],
                    tol: Tolerance) -> list[Divergence]:
    """Every call whose answers differ (calls without an answer on a side are not compared)."""
    ctx_t, ctx_r = Context(session.token), Context(session.token)
    found: list[Divergence] = []
    state_root: int | None = None  # index (in found) of the first state-changing divergence
    for i, call in enumerate(session.calls):
        at, ar = answers_t[i], answers_r[i]
        mt = _message(call.rpc, at)
        mr = _message(call.rpc, ar)
        if at is not None:
            ctx_t.learn(call, at, mt)
        if ar is not None:
            ctx_r.learn(call, ar, mr)
        if at is None or ar is None:
            continue
        ot, orr = outcome(at, mt), outcome(ar, mr)
        diffs = compare_outcomes(ot, orr)
        if not diffs and ot.get("success") and orr.get("success") and mt is not None and mr is not None:
            diffs = compare_content(call.rpc, content(call, mt, ctx_t), content(call, mr, ctx_r), tol)
        if not diffs:
            continue
        div = Divergence(session.title, i + 1, call.rpc, call.note, _shown_request(call),
                         diffs, {**ot, "reason": reason_of(at, mt)}, {**orr, "reason": reason_of(ar, mr)})
        div.signature = _signature(call.rpc, diffs, ot, orr)
        div.kinds = _kinds(call.rpc, diffs, div.signature)
        if state_root is not None:
            div.after = state_root  # resolved to an id by the caller
        found.append(div)
        # the two servers now hold different state, unless both refused the call (then neither changed)
        if state_root is None and not _is_read(call.rpc) and (ot.get("success") or orr.get("success")):
            state_root = len(found) - 1
    return found


def _message(rpc: str, answer: Answer | None):
    if answer is None:
        return None
    try:
        return answer.message(rpc)
    except Exception:  # noqa: BLE001  (a recorded answer that no longer parses compares by its codes)
        return None


def _shown_request(call) -> str:
    from .session import PACKED

    if call.request.startswith(PACKED):
        return f"({len(call.request)} characters of compressed binary protobuf; see the reproduction file)"
    return call.request if len(call.request) <= 4000 else call.request[:4000] + " ..."


class Differ:
    def __init__(self, target: Endpoint, reference: Endpoint | None, run_token: str, *, tolerance: Tolerance,
                 report_dir: Path, minimise_tries: int = 60, progress=None):
        self.t = Executor(target, run_token)
        self.r = Executor(reference, run_token) if reference is not None else None
        self.tol = tolerance
        self.report_dir = report_dir
        self.tries_left = minimise_tries
        self.progress = progress or (lambda message: print(message, file=sys.stderr, flush=True))

    # -- executions ------------------------------------------------------------------------------------------

    def _both(self, session: Session) -> tuple[list[Answer], list[Answer]]:
        return self.t.run(session), self.r.run(session)

    def _last_diverges(self, session: Session, signature: str) -> tuple[bool, list[Answer], list[Answer]]:
        at, ar = self._both(session)
        found = compare_answers(session, at, ar, self.tol)
        last = [d for d in found if d.step == len(session.calls)]
        return any(d.signature == signature for d in last), at, ar

    # -- generated sequences ---------------------------------------------------------------------------------

    def run_sessions(self, sessions: list[Session], result: DiffResult) -> DiffResult:
        assert self.r is not None
        roots: dict[str, Divergence] = {}
        for n, session in enumerate(sessions, 1):
            at, ar = self._both(session)
            found = compare_answers(session, at, ar, self.tol)
            result.sessions += 1
            _note_refused(session, at, ar, result)
            result.calls += len(session.calls)
            base = len(result.divergences)
            for div in found:
                div.id = len(result.divergences) + 1
                if div.after is not None:
                    div.after = base + div.after + 1
                result.divergences.append(div)
            self.progress(f"[{n}/{len(sessions)}] {session.title}: {len(session.calls)} calls, "
                          f"{len(found)} divergence(s)")
            for div in found:
                prefix = session.prefix(div.step)
                for call, a, b in zip(prefix.calls, at, ar, strict=False):
                    call.answers = {"target": a, "reference": b}
                new = [k for k in div.kinds if k not in roots]
                if div.after is None and new:
                    roots.update(dict.fromkeys(new, div))
                    self._minimise(div, prefix)
                else:
                    first = roots.get(div.kinds[0])
                    why = f"same kind as #{first.id}" if first is not None and div.after is None else \
                        f"follows #{div.after}" if div.after is not None else "not minimised"
                    self._save(div, prefix, f"not replayed ({why}; the sequence's calls up to this one)")
        return result

    def _minimise(self, div: Divergence, prefix: Session) -> None:
        keep = list(range(len(prefix.calls)))
        last = keep[-1]
        best: Session = prefix
        verified = False

        def attempt(indexes: list[int]) -> bool:
            nonlocal best, verified
            if self.tries_left <= 0:
                return False
            self.tries_left -= 1
            candidate = prefix.subset(indexes)
            same, at, ar = self._last_diverges(candidate, div.signature)
            if same:
                for call, a, b in zip(candidate.calls, at, ar, strict=True):
                    call.answers = {"target": a, "reference": b}
                best, verified = candidate, True
            return same

        # the whole prefix first (the reproduction must replay on its own), then only the setup calls, then one
        # call at a time
        if attempt(keep):
            setup = [i for i in keep[:-1] if prefix.calls[i].rpc.startswith(SETUP_PREFIXES)] + [last]
            if setup != keep and attempt(setup):
                keep = setup
            for i in reversed(keep[:-1]):
                trial = [j for j in keep if j != i]
                if attempt(trial):
                    keep = trial
        state = "reproduces" if verified else (
            "did not reproduce on its own (a flaky or order-dependent answer)" if self.tries_left > 0
            else "not replayed (the minimisation budget was spent)")
        self._save(div, best, state)
        self.progress(f"    #{div.id} {div.signature}: reproduction of {len(best.calls)} call(s), {state}")

    def _save(self, div: Divergence, session: Session, state: str) -> None:
        directory = self.report_dir / REPRO_DIR
        directory.mkdir(parents=True, exist_ok=True)
        name = f"{div.id:03d}-{div.rpc}.json"
        session.title = f"divergence #{div.id}: {div.signature} ({div.sequence}, call {div.step})"
        session.save(directory / name)
        div.reproduction = f"{REPRO_DIR}/{name}"
        div.reproduction_calls = len(session.calls)
        div.replayed = state

    # -- recorded sessions -----------------------------------------------------------------------------------

    def replay(self, session: Session, against: str | None, result: DiffResult) -> DiffResult:
        at = self.t.run(session)
        if self.r is not None:
            ar = self.r.run(session)
        else:
            ar = [c.answers.get(against) for c in session.calls]
        found = compare_answers(session, at, ar, self.tol)
        result.sessions, result.calls = 1, len(session.calls)
        _note_refused(session, at, ar if self.r is not None else [None] * len(at), result)
        for div in found:
            div.id = len(result.divergences) + 1
            if div.after is not None:
                div.after = div.after + 1
            div.reproduction, div.reproduction_calls = session.source, len(session.calls)
            div.replayed = "replayed from the session"
            result.divergences.append(div)
        return result

    def problems(self) -> list[str]:
        return self.t.problems + (self.r.problems if self.r is not None else [])
