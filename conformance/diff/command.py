"""``milvus-conformance diff``: what the command does once the CLI has opened the endpoints."""

from __future__ import annotations

import sys
from pathlib import Path

from ..transport.ownership import new_token
from . import report
from .compare import Tolerance
from .execute import Endpoint, Unreachable
from .generate import generate
from .run import Differ, DiffResult
from .session import SessionError, load

EXIT_OK, EXIT_DIVERGES = 0, 1


class DiffUsageError(ValueError):
    """A usage problem (exit code 2)."""


def _progress(message: str) -> None:
    print(f"milvus-conformance diff: {message}", file=sys.stderr, flush=True)


def load_session(path: str):
    try:
        return load(path)
    except SessionError as err:
        raise DiffUsageError(str(err)) from None


def execute(args, target: Endpoint, reference: Endpoint | None, report_dir: Path, *, session=None) -> int:
    """Run the diff (generated sequences, or ``session`` when replaying), write the lists, clean both sides.
    Raises ``execute.Unreachable`` when a side stops answering."""
    run_token = new_token()
    _progress(f"run token {run_token} (every object carries it; 'milvus-conformance clean --run {run_token}' "
              "removes leftovers)")
    tol = Tolerance(args.rel_tol, args.abs_tol)
    report.clear(report_dir)
    differ = Differ(target, reference, run_token, tolerance=tol, report_dir=report_dir,
                    minimise_tries=args.minimise_tries, progress=_progress)
    ref_shown = reference.shown if reference is not None else f"recorded answers ({args.against})"
    settings = {"rel_tol": tol.rel, "abs_tol": tol.abs}
    try:
        if session is None:
            features = list(getattr(args, "features", None) or [])
            settings.update(seed=args.seed, count=args.count, modern=args.modern, features=features,
                            minimise_tries=args.minimise_tries)
            result = DiffResult("generated", target.shown, ref_shown, settings=settings)
            sessions = generate(args.seed, args.count, modern=args.modern, features=features)
            _progress(f"{len(sessions)} sequences (seed {args.seed}) on {target.shown} and {ref_shown}")
            differ.run_sessions(sessions, result)
        else:
            settings.update(session=str(args.replay), against=None if reference is not None else args.against)
            result = DiffResult("replay", target.shown, ref_shown, settings=settings)
            differ.replay(session, args.against, result)
    except Unreachable as gone:
        if gone.session is not None:  # keep what was sent: a request that brings a server down is a finding
            saved = gone.session.prefix(gone.index + 1)
            saved.title = (f"the target stopped answering at call {gone.index + 1} ({saved.calls[-1].rpc}) of "
                           f"{gone.session.title}")
            (report_dir / "diff-repro").mkdir(parents=True, exist_ok=True)
            path = report_dir / "diff-repro" / "unreachable.json"
            saved.save(path)
            raise Unreachable(f"{gone} — {saved.title}; the calls up to it are in {path} (replay it against a "
                              "server you can restart)") from None
        raise
    finally:
        leftovers = _safety_net([target, reference], run_token)
    result.problems = differ.problems() + leftovers
    ref_arg = args.reference or ("mock" if session is None else "")
    replayed = args.replay if session is not None else f"{report_dir}/diff-repro/NNN-Rpc.json"
    command = f"milvus-conformance diff --replay {replayed} --target {args.target}" + (
        f" --reference {ref_arg}" if ref_arg else f" --against {args.against}" if session is not None else "")
    if any(getattr(args, f"{side}_{key}", None) for side in ("target", "reference")
           for key in ("tls", "tls_ca", "tls_cert", "tls_key", "token", "user", "db_name")):
        command += " [with this run's connection options]"
    paths = report.write(result, report_dir, command)
    n = len(result.divergences)
    independent = sum(1 for d in result.divergences if d.after is None)
    kinds = report.kinds(result)
    print(f"{target.shown} vs {ref_shown}: {result.calls} calls, {n} divergence(s) ({independent} independent, "
          f"{len(kinds)} kind(s))", flush=True)
    for k in [k for k in kinds if k["independent"]][:30]:
        print(f"  DIVERGES  {k['kind']}  x{k['count']} (first #{k['first']})", flush=True)
    only_after = sum(1 for k in kinds if not k["independent"])
    if only_after:
        print(f"  ... and {only_after} kind(s) seen only after an earlier divergence had parted the two states "
              "(see diff.md)", flush=True)
    print("reports: " + ", ".join(str(p) for p in paths), flush=True)
    for problem in result.problems:
        _progress(f"cleanup: {problem}")
    return EXIT_DIVERGES if n or result.problems else EXIT_OK


def _safety_net(endpoints, run_token: str) -> list[str]:
    """Remove whatever an interrupted execution left, by the run token (never another run's objects)."""
    from ..cleanup import clean
    from ..transport import Connection, RpcError

    problems = []
    for ep in endpoints:
        if ep is None:
            continue
        ep.close()
        conn = Connection("milvus-conformance-diff-clean", ep.target)
        try:
            result = clean(conn, run_token)
            problems += [f"{ep.shown}: could not remove {p}" for p in result.problems]
            problems += [f"{ep.shown}: {r} was left behind (removed now)" for r in result.removed]
        except RpcError as err:
            problems.append(f"{ep.shown}: could not check for leftovers: {err}")
        finally:
            conn.close()
    return problems


__all__ = ["DiffUsageError", "Unreachable", "execute", "load_session"]
