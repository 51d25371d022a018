"""The ``milvus-conformance`` command: run the suite, list the RPCs it covers, serve the bundled mock."""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
import os
import re
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from importlib.metadata import entry_points
from importlib.resources import files
from pathlib import Path

from . import __version__
from .model.features import FEATURES
from .protocol import PROTOCOL_SOURCE, SERVICE_NAME

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_UNREACHABLE = 3
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell reports for a tool whose reader closed the pipe

DEFAULT_REPORT_DIR = os.path.join("reports", "latest")
DEFAULT_REAL_TARGET_WORKERS = 4
REACHABILITY_TIMEOUT = 5.0
PLUGIN_MODULE = "conformance.plugin"
RUN_TOKEN_ENV = "MILVUS_CONFORMANCE_RUN_TOKEN"  # how the CLI hands its run token to pytest (keep in sync: plugin)

MOCK_ROOT_USER, MOCK_ROOT_PASSWORD = "root", "Milvus"  # keep in sync: model.access ROOT_USER/DEFAULT_ROOT_PASSWORD

EXIT_CODES_HELP = """\
exit codes:
  0    every case ran and nothing was found: no deviation, no not-implemented RPC, no harness error
       (with --baseline: nothing beyond the known deviations, and no baseline entry stale or unmatched)
  1    the target deviates from Milvus or does not implement a covered RPC, or the suite itself failed
       (harness error), or the baseline does not match; details are in report.md / report.json
  2    usage or configuration error: bad arguments, bad target address, missing TLS file, unwritable
       report directory, no case selected
  3    the target cannot be tested (unreachable, not Milvus, credentials refused) or stopped answering
  130  interrupted (Ctrl-C)
"""


class UsageError(Exception):
    """A problem with the command line or the environment the user can fix; exit code 2."""


class Unreachable(Exception):
    """The target does not answer; exit code 3."""


def _err(message: str) -> None:
    print(f"milvus-conformance: {message}", file=sys.stderr, flush=True)


# --- argument parsing ----------------------------------------------------------------------------


def _workers(text: str) -> str:
    if text in ("auto", "logical"):
        return text
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of workers or 'auto', got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"the number of workers cannot be negative, got {value}")
    return str(value)


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a port number, got {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"port {value} is out of range 0-65535")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"the deadline must be positive, got {text}")
    return value


def _connection_options(command) -> None:
    conn = command.add_argument_group("connection")
    conn.add_argument("--tls", action="store_true", help="use TLS (implied by https://)")
    conn.add_argument("--tls-ca", metavar="FILE", help="CA certificate (PEM)")
    conn.add_argument("--tls-cert", metavar="FILE", help="client certificate for mutual TLS (PEM)")
    conn.add_argument("--tls-key", metavar="FILE", help="client private key for mutual TLS (PEM)")
    conn.add_argument("--tls-server-name", metavar="NAME", help="expected TLS server name")
    conn.add_argument("--token", default=None, help="API token (default $MILVUS_TOKEN; prefer the variable)")
    conn.add_argument("--user", default=None, help="user name (with a password)")
    conn.add_argument("--password", default=None,
                      help="password (prefer $MILVUS_PASSWORD: arguments are visible to other users)")
    conn.add_argument("--db-name", default=None, metavar="DB", help="database to run in")
    conn.add_argument("--deadline", type=_seconds, default=30.0, metavar="SECONDS",
                      help="per-call deadline (default 30)")
    conn.add_argument("--connect-timeout", type=_seconds, default=REACHABILITY_TIMEOUT, metavar="SECONDS",
                      help=f"how long to wait for the target to accept a connection before giving up with "
                           f"exit code 3 (default {REACHABILITY_TIMEOUT:g})")

def _mock_security_options(command) -> None:
    sec = command.add_argument_group("TLS and authentication")
    sec.add_argument("--tls-cert", metavar="FILE", help="serve TLS with this server certificate (PEM)")
    sec.add_argument("--tls-key", metavar="FILE", help="the server certificate's private key (PEM)")
    sec.add_argument("--tls-ca", metavar="FILE",
                     help="require client certificates signed by this CA (mutual TLS; PEM)")
    sec.add_argument("--auth", action="store_true",
                     help=f"enable authorization: calls need credentials (user {MOCK_ROOT_USER}, password "
                          f"{MOCK_ROOT_PASSWORD!r}, Milvus's default) and the privileges granted to the user")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="milvus-conformance",
        description="Wire-level conformance suite for the Milvus gRPC API (MilvusService).",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version",
                        version=f"milvus-conformance {__version__} (protocol: {PROTOCOL_SOURCE})")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    run = sub.add_parser(
        "run", help="run the conformance cases against a target and write the report",
        description="Run the conformance cases against a Milvus-compatible server (or the bundled mock) "
                    "and write report.json and report.md. Extra pytest arguments go after '--'.",
        usage="milvus-conformance run [options] [-- PYTEST_ARGS...]",
        epilog=EXIT_CODES_HELP, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run.add_argument("--target", default=os.environ.get("MILVUS_TARGET"), metavar="ADDR",
                     help="server under test: host:port, http(s)://host:port or unix:path (default "
                          "$MILVUS_TARGET; none = start the bundled mock in-process)")
    run.add_argument("--profile", choices=("quick", "full"), default="quick",
                     help="quick: derandomized, few examples (CI, the default); full: many random examples")
    run.add_argument("--report-dir", default=DEFAULT_REPORT_DIR, metavar="DIR",
                     help=f"where report.json and report.md go (default {DEFAULT_REPORT_DIR})")
    run.add_argument("-n", "--workers", type=_workers, default=None, metavar="WORKERS",
                     help="parallel pytest-xdist workers, or 'auto' (default: 0, i.e. in-process, with the "
                          f"bundled mock; {DEFAULT_REAL_TARGET_WORKERS} against a real target)")
    _connection_options(run)
    run.add_argument("--allow-global-rpcs", action="store_true",
                     help="also run cases whose RPCs act on the whole server, beyond what the run created "
                          "(FlushAll, DropDatabase of 'default'); only on a server you own. Always on for the "
                          "bundled mock")
    bundled = run.add_argument_group("the bundled mock (without --target)")
    bundled.add_argument("--mock-auth", action="store_true",
                         help=f"the mock enforces authentication and privileges; the run connects as "
                              f"{MOCK_ROOT_USER} with Milvus's default password")
    bundled.add_argument("--mock-tls", action="store_true",
                         help="the mock serves TLS with a throwaway certificate (generated with openssl)")
    bundled.add_argument("--mock-mtls", action="store_true",
                         help="like --mock-tls, and the mock requires the run's throwaway client certificate")
    expect = run.add_argument_group("what to expect of the target")
    expect.add_argument("--baseline", metavar="FILE",
                        help="known deviations (JSON, written by 'milvus-conformance baseline'): the run fails only "
                             "on new deviations, on entries that now conform and on entries matching nothing")
    expect.add_argument("--assume-version", metavar="X.Y.Z",
                        help="judge the target as this Milvus release (for servers that report no Milvus version)")
    expect.add_argument("--without-feature", action="append", default=[], metavar="FEATURE",
                        help="declare a newer feature the target lacks (repeatable): its cases are not applicable. "
                             "Features: " + ", ".join(sorted(FEATURES)))
    sel = run.add_argument_group("selection and output")
    sel.add_argument("-k", dest="keyword", metavar="EXPR", help="only run cases matching the pytest expression")
    sel.add_argument("--junitxml", metavar="PATH", help="also write a JUnit XML file")
    sel.add_argument("-q", "--quiet", action="count", default=0, help="less pytest output (repeatable)")
    sel.add_argument("-v", "--verbose", action="count", default=0, help="more pytest output (repeatable)")

    clean = sub.add_parser(
        "clean", help="remove what the suite's runs left on a server",
        description="Remove every alias, collection, database, role, user, privilege group, resource group and "
                    "file resource whose name carries a milvus-conformance run token (all runs, or the one given "
                    "with --run), and nothing else; say what was removed.",
    )
    clean.add_argument("--target", default=os.environ.get("MILVUS_TARGET"), metavar="ADDR", required=False,
                       help="the server: host:port, http(s)://host:port or unix:path (default $MILVUS_TARGET)")
    clean.add_argument("--run", metavar="TOKEN", help="only this run's objects (the token printed at its start)")
    _connection_options(clean)

    rpcs = sub.add_parser(
        "rpcs", help="list every MilvusService RPC and the cases that cover it",
        description="List every RPC of the pinned protocol with its kind, request and response types and "
                    "the cases declaring it (@pytest.mark.rpc). Needs no server.",
    )
    rpcs.add_argument("--json", action="store_true", help="print JSON instead of a table")

    base = sub.add_parser(
        "baseline", help="write a baseline of known deviations from a report",
        description="Write a baseline (JSON) listing every deviation and unimplemented RPC of a run's report.json, "
                    "keeping the reasons, issues and expiry dates of an existing baseline's entries.",
    )
    base.add_argument("report", metavar="REPORT", help="a report.json (or the directory holding it)")
    base.add_argument("-o", "--output", metavar="FILE", help="where to write it (default: standard output)")

    diff = sub.add_parser(
        "diff", help="run the same generated request sequences against two targets and list every divergence",
        description="Send the same generated request sequences (or a recorded session, --replay) to --target and "
                    "--reference ('mock' = the bundled mock, started in-process) and list every divergence in "
                    "status or content, each with a minimal replayable reproduction, in diff.md / diff.json.",
        epilog="exit codes: 0 no divergence, 1 divergences (or leftovers), 2 usage error, 3 a target unreachable",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    diff.add_argument("--target", required=True, metavar="ADDR", help="host:port, http://host:port, or 'mock'")
    diff.add_argument("--reference", metavar="ADDR",
                      help="the other side: host:port or 'mock' (default: mock; with --replay: the session's "
                           "recorded answers)")
    diff.add_argument("--replay", metavar="SESSION",
                      help="replay a recorded session (a diff reproduction .json, or a run's replay/NNN-Rpc.py) "
                           "instead of generating sequences")
    diff.add_argument("--against", metavar="LABEL", default=None,
                      help="with --replay and no --reference: whose recorded answers to compare with (default: "
                           "'reference', else the session's only label)")
    diff.add_argument("--seed", type=int, default=0, help="generation seed (default 0; same seed, same sequences)")
    diff.add_argument("--count", type=int, default=30, help="number of generated sequences (default 30)")
    diff.add_argument("--modern", action="store_true",
                      help="also newer field types and the current expression dialect (default: Milvus 2.3's)")
    diff.add_argument("--rel-tol", type=float, default=1e-4, help="relative float tolerance (default 1e-4)")
    diff.add_argument("--abs-tol", type=float, default=1e-5, help="absolute float tolerance (default 1e-5)")
    diff.add_argument("--minimise-tries", type=int, default=300, metavar="N",
                      help="executions (on both sides) spent shrinking reproductions (default 300)")
    diff.add_argument("--report-dir", default=DEFAULT_REPORT_DIR, metavar="DIR",
                      help=f"where diff.md, diff.json and diff-repro/ go (default {DEFAULT_REPORT_DIR})")
    diff.add_argument("--deadline", type=_seconds, default=30.0, metavar="SECONDS",
                      help="per-call deadline on both sides (default 30)")
    diff.add_argument("--connect-timeout", type=_seconds, default=REACHABILITY_TIMEOUT, metavar="SECONDS",
                      help="how long to wait for each target before exit code 3")
    diff.add_argument("--features", default="all", metavar="LIST",
                      help="sequence families to generate besides the core one, comma-separated: all (default), "
                           "none, or names (hybrid, iterators, count, bm25, nullable, database); '-name' drops one "
                           "(e.g. all,-bm25)")
    for side, prefix, env in (("target", "", "MILVUS"), ("reference", "reference-", "MILVUS_REFERENCE")):
        conn = diff.add_argument_group(f"connecting to the {side} (as 'run' connects to its target)")
        conn.add_argument(f"--{prefix}tls", dest=f"{side}_tls", action="store_true",
                          help="use TLS (implied by https://)")
        conn.add_argument(f"--{prefix}tls-ca", dest=f"{side}_tls_ca", metavar="FILE", help="CA certificate (PEM)")
        conn.add_argument(f"--{prefix}tls-cert", dest=f"{side}_tls_cert", metavar="FILE",
                          help="client certificate for mutual TLS (PEM)")
        conn.add_argument(f"--{prefix}tls-key", dest=f"{side}_tls_key", metavar="FILE",
                          help="client private key for mutual TLS (PEM)")
        conn.add_argument(f"--{prefix}tls-server-name", dest=f"{side}_tls_server_name", metavar="NAME",
                          help="expected TLS server name")
        conn.add_argument(f"--{prefix}token", dest=f"{side}_token", default=None,
                          help=f"API token (default ${env}_TOKEN; prefer the variable)")
        conn.add_argument(f"--{prefix}user", dest=f"{side}_user", default=None, help="user name (with a password)")
        conn.add_argument(f"--{prefix}password", dest=f"{side}_password", default=None,
                          help=f"password (prefer ${env}_PASSWORD: arguments are visible to other users)")
        conn.add_argument(f"--{prefix}db-name", dest=f"{side}_db_name", default=None, metavar="DB",
                          help="database the sequences run in (default: the server's default)")

    mock = sub.add_parser("mock", help="serve the bundled mock in the foreground until Ctrl-C",
                          description="Serve the bundled in-memory MilvusService mock until interrupted.")
    mock.add_argument("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1)")
    mock.add_argument("--port", type=_port, default=19530, help="port (default 19530; 0 = any free port)")
    _mock_security_options(mock)
    sdk = mock.add_argument_group("strict SDK mode")
    sdk.add_argument("--strict", action="store_true",
                     help="check every request against the protocol rules the suite knows and record it (needs "
                          "--record); on stop, write an SDK report beside the record and exit 1 on a finding")
    sdk.add_argument("--record", metavar="FILE", help="with --strict: the JSON-lines record of every call")
    sdk.add_argument("--summarize", metavar="FILE",
                     help="do not serve: summarise an existing record into FILE.sdk-report.md / .json (exit 1 on "
                          "a finding)")
    return parser


# --- locating the cases --------------------------------------------------------------------------


def cases_dir() -> Path:
    """The installed case package's directory (works for editable and regular installs)."""
    try:
        root = files("milvus_conformance_cases")
    except ModuleNotFoundError:
        raise UsageError("the conformance cases (package milvus_conformance_cases) are not installed") from None
    path = Path(str(root))
    if not (path / "pytest.ini").is_file():
        raise UsageError(f"the installed cases at {path} have no pytest.ini; reinstall milvus-conformance")
    return path


def _plugin_autoloaded() -> bool:
    """True when pytest will load conformance.plugin by itself (through the pytest11 entry point)."""
    if os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD"):
        return False
    return any(ep.value == PLUGIN_MODULE for ep in entry_points(group="pytest11"))


def _base_pytest_args(directory: Path, *, xdist: bool = False) -> list[str]:
    args = [str(directory), "-c", str(directory / "pytest.ini"), "--rootdir", str(directory),
            # This process imported the plugin and the cases package before pytest started, so pytest
            # cannot rewrite their asserts; cases report through Deviation, not bare asserts.
            "-W", "ignore::pytest.PytestAssertRewriteWarning"]
    if not _plugin_autoloaded():
        args += ["-p", PLUGIN_MODULE]
        if xdist:
            args += ["-p", "xdist.plugin"]
    return args


@contextlib.contextmanager
def _environ(**values: str | None) -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in values}
    try:
        for key, value in values.items():
            if value is not None:
                os.environ[key] = value
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


# --- run -----------------------------------------------------------------------------------------


class _RunObserver:
    """In-process pytest plugin: notices what report.json cannot show: collection errors, Ctrl-C, and
    failures no case verdict accounts for (a teardown error, a failure the plugin did not classify)."""

    def __init__(self):
        self.collection_errors: list[str] = []
        self.unclassified: list[str] = []
        self.interrupted = False

    def pytest_collectreport(self, report):
        if report.failed:
            self.collection_errors.append(report.nodeid or "(root)")

    def pytest_runtest_logreport(self, report):
        from .plugin import results_from_report

        if report.failed and (report.when == "teardown" or results_from_report(report) is None):
            self.unclassified.append(f"{report.nodeid} ({report.when})")

    def pytest_keyboard_interrupt(self, excinfo):
        self.interrupted = True


def _target_for(args):
    """Validate the connection options; return a Target (None for the bundled mock)."""
    from .transport import TargetError, parse_target

    tls_files = [args.tls_ca, args.tls_cert, args.tls_key]
    if args.target and any(getattr(args, o, False) for o in ("mock_auth", "mock_tls", "mock_mtls")):
        raise UsageError("--mock-auth, --mock-tls and --mock-mtls are for the bundled mock; drop --target")
    if not args.target:
        if args.tls or any(tls_files) or args.tls_server_name:
            raise UsageError("TLS options need --target (for the bundled mock use --mock-tls / --mock-mtls)")
        if args.token or args.user or args.password:
            raise UsageError("credentials need --target (with --mock-auth the run connects to the bundled mock "
                             f"as {MOCK_ROOT_USER})")
        return None
    try:
        return parse_target(
            args.target, tls=args.tls, ca_file=args.tls_ca, cert_file=args.tls_cert, key_file=args.tls_key,
            server_name=args.tls_server_name, token=args.token, user=args.user, password=args.password,
            db_name=args.db_name, timeout=args.deadline,
        )
    except TargetError as err:
        raise UsageError(str(err)) from None


def _preflight(target, timeout: float):
    """The target answers MilvusService and accepts the credentials, or Unreachable says exactly why."""
    from .transport.preflight import TargetProblem, preflight

    try:
        return preflight(target, timeout)
    except TargetProblem as err:
        raise Unreachable(f"cannot test {target.describe()}: {err}") from None
    except (OSError, ValueError) as err:  # e.g. an unreadable TLS file
        raise UsageError(f"cannot open a channel to {target.describe()}: {err}") from None


def _clean_after_run(target, token: str) -> tuple[list[str], list[str]]:
    """The safety net: remove whatever the run's workers left (interrupted, killed), by its token."""
    from .cleanup import clean
    from .transport import Connection, RpcError

    conn = Connection("milvus-conformance-clean", target)
    try:
        result = clean(conn, token)
    except RpcError as err:
        return [], [f"could not check for leftovers: {err}"]
    finally:
        conn.close()
    return result.removed, result.problems


def _new_run_token() -> str:
    from .transport.ownership import new_token

    return new_token()


def _start_mock(host: str = "127.0.0.1", port: int = 0, *, auth: bool = False, tls_cert: str | None = None,
                tls_key: str | None = None, tls_ca: str | None = None, strict=None):
    try:
        from .mock import serve
        from .mock.auth import server_credentials
    except ImportError as err:
        raise UsageError(f"the bundled mock is not available ({err}); give --target") from None
    if (tls_cert is None) != (tls_key is None) or (tls_ca and not tls_cert):
        raise UsageError("the mock serves TLS with both --tls-cert and --tls-key (and --tls-ca for mutual TLS)")
    try:
        credentials = server_credentials(tls_cert, tls_key, tls_ca) if tls_cert else None
        return serve(host, port, auth=auth, credentials=credentials, strict=strict)
    except (OSError, RuntimeError) as err:
        raise UsageError(f"cannot start the bundled mock on {host}:{port}: {err}") from None


def _bundled_mock_target(args):
    """Start the bundled mock as --mock-auth / --mock-tls / --mock-mtls ask; return (target, mock, certificates).
    The run then connects over TLS (with the throwaway CA) and as root; args carry those options to pytest."""
    from .transport import TargetError, parse_target

    certificates = None
    tls = args.mock_tls or args.mock_mtls
    if tls:
        from .mock.auth import throwaway_certificates

        try:
            certificates = throwaway_certificates()
        except RuntimeError as err:
            raise UsageError(f"--mock-tls: {err}") from None
        args.tls, args.tls_ca = True, certificates.ca
        if args.mock_mtls:
            args.tls_cert, args.tls_key = certificates.client_cert, certificates.client_key
    if args.mock_auth:
        args.user, args.password = MOCK_ROOT_USER, MOCK_ROOT_PASSWORD
    try:
        mock = _start_mock(auth=args.mock_auth, tls_cert=certificates.server_cert if tls else None,
                           tls_key=certificates.server_key if tls else None,
                           tls_ca=certificates.ca if args.mock_mtls else None)
    except UsageError:
        if certificates is not None:
            certificates.remove()
        raise
    try:
        target = parse_target(mock.address, tls=args.tls, ca_file=args.tls_ca, cert_file=args.tls_cert,
                              key_file=args.tls_key, user=args.user, password=args.password, timeout=args.deadline)
    except TargetError as err:
        mock.stop()
        raise UsageError(str(err)) from None
    return target, mock, certificates


def _prepare_outputs(args) -> Path:
    from .report import JSON_NAME, MARKDOWN_NAME, ReportError, ensure_writable

    try:
        report_dir = ensure_writable(args.report_dir)
    except ReportError as err:
        raise UsageError(str(err)) from None
    for name in (JSON_NAME, MARKDOWN_NAME):  # never mistake an old report for this run's
        try:
            (report_dir / name).unlink(missing_ok=True)
        except OSError as err:
            raise UsageError(f"cannot replace the old report {report_dir / name}: {err.strerror or err}") from None
    if args.junitxml:
        parent = Path(args.junitxml).resolve().parent
        try:
            ensure_writable(parent)
        except ReportError as err:
            raise UsageError(f"--junitxml: {err}") from None
    return report_dir


def _pytest_args(args, address: str, report_dir: Path, workers: str, extra: Sequence[str]) -> list[str]:
    use_xdist = workers not in ("0",)
    pytest_args = _base_pytest_args(cases_dir(), xdist=use_xdist)
    pytest_args += ["--target", address, "--conformance-profile", args.profile,
                    "--report-dir", str(report_dir), "--deadline", repr(args.deadline)]
    if args.allow_global_rpcs or not args.target:
        pytest_args.append("--allow-global-rpcs")
    if not args.target:
        pytest_args.append("--bundled-mock-target")
    if args.baseline:
        pytest_args += ["--baseline", args.baseline]
    if args.assume_version:
        pytest_args += ["--assume-version", args.assume_version]
    for feature in args.without_feature:
        pytest_args += ["--without-feature", feature]
    if args.target or args.tls or args.user:  # a real target, or the bundled mock with --mock-tls/--mock-auth
        if args.tls:
            pytest_args.append("--tls")
        for flag, value in (("--tls-ca", args.tls_ca), ("--tls-cert", args.tls_cert),
                            ("--tls-key", args.tls_key), ("--tls-server-name", args.tls_server_name),
                            ("--user", args.user), ("--db-name", args.db_name)):
            if value is not None:
                pytest_args += [flag, value]
    if use_xdist:
        pytest_args += ["-n", workers]
    if args.keyword:
        pytest_args += ["-k", args.keyword]
    if args.junitxml:
        pytest_args += ["--junitxml", args.junitxml]
    pytest_args += ["-q"] * args.quiet + ["-v"] * args.verbose
    if not args.verbose:
        pytest_args.append("--tb=no")  # the report holds each deviation with its reproduction; -v shows tracebacks
    return pytest_args + list(extra)  # last wins: the user's own --tb overrides


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def summarize(report: dict, paths: Sequence[Path] = ()) -> str:
    """The short per-status summary printed after a run."""
    from .report.baseline import describe

    totals, cov, run = report["totals"], report["coverage"], report["run"]
    by_status = cov["by_status"]
    lines = [
        f"target: {run['target']} — {run['server'] or 'unknown server'}; run token {run.get('token') or '-'}",
        f"cases: {totals['cases']} — {totals['conformant']} conformant, {totals['deviating']} deviating, "
        f"{totals['not_implemented']} not implemented, {totals['not_applicable']} not applicable, "
        f"{totals['skipped']} skipped, {totals['harness_error']} harness error(s)",
        f"RPCs:  {cov['covered']}/{cov['rpcs']} judged — {by_status['conformant']} conformant, "
        f"{by_status['deviating']} deviating, {by_status['not_implemented']} not implemented; "
        f"{by_status['not_applicable']} not applicable, {by_status['not_covered']} not covered",
    ]
    if run.get("self_check"):
        lines.append("note:  a run against the bundled mock is a self-check of the suite against its own model; "
                     "it proves nothing about Milvus")
    for dev in report["deviations"]:
        known = " (known: baseline)" if dev.get("baseline") else ""
        lines.append(f"  DEVIATES  {dev['rpc'] or '?'}: {', '.join(dev['checks']) or '?'} [{dev['nodeid']}]{known}")
    for entry in report["not_implemented"]:
        known = " (known: baseline)" if entry.get("baseline") else ""
        lines.append(f"  NOT IMPL  {entry['rpc']} [{', '.join(entry['nodeids'])}]{known}")
    for err in report["harness_errors"]:
        first = (err["message"] or "").splitlines()[:1]
        lines.append(f"  HARNESS   {err['nodeid']}: {first[0] if first else ''}")
    if report.get("baseline"):
        lines += describe(report["baseline"], _display(paths[0]) if paths else "REPORT.json")
    if paths:
        lines.append("reports: " + ", ".join(_display(p) for p in paths))
    return "\n".join(lines)


def cmd_run(args, extra: Sequence[str]) -> int:
    import pytest

    from .report import JSON_NAME, MARKDOWN_NAME, ReportError, exit_code, read_report

    args.token = args.token or os.environ.get("MILVUS_TOKEN")
    args.password = args.password or os.environ.get("MILVUS_PASSWORD")
    target = _target_for(args)
    if args.baseline:
        from .report.baseline import BaselineError, load

        try:
            load(args.baseline)
        except BaselineError as err:
            raise UsageError(str(err)) from None
    if args.assume_version:
        from .expectations.versions import Version

        try:
            Version.parse(args.assume_version)
        except ValueError:
            raise UsageError(f"--assume-version needs a Milvus version like 2.6.19, got {args.assume_version!r}") \
                from None
    unknown = sorted(set(args.without_feature) - set(FEATURES))
    if unknown:
        raise UsageError(f"unknown feature(s) {', '.join(unknown)}; known: {', '.join(sorted(FEATURES))}")
    report_dir = _prepare_outputs(args)
    workers = args.workers
    if workers is None:
        workers = "0" if target is None else str(DEFAULT_REAL_TARGET_WORKERS)
    if workers != "0":
        if importlib.util.find_spec("xdist") is None:  # not imported: pytest would warn it cannot rewrite it
            raise UsageError("parallel workers need pytest-xdist; install it or use -n 0")
    cases = cases_dir()

    mock = certificates = None
    if target is None:
        target, mock, certificates = _bundled_mock_target(args)
    previous = signal.getsignal(signal.SIGTERM)
    try:
        found = _preflight(target, args.connect_timeout)
        where = f"bundled mock at {mock.address}" if mock is not None else target.describe()
        print(f"milvus-conformance: target {where} — {found.version or 'GetVersion not implemented'}", flush=True)
        pytest_args = _pytest_args(args, target.address if mock is not None else args.target,
                                   report_dir, workers, extra)
        observer = _RunObserver()
        run_token = _new_run_token()  # always fresh: a reused token could name another run's leftovers
        print(f"milvus-conformance: run token {run_token} (every object this run creates carries it; "
              f"'milvus-conformance clean --run {run_token}' removes them)", flush=True)
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, _terminate)  # SIGTERM stops the run like Ctrl-C: teardown, report
        # Secrets travel in the environment the plugin reads, not in argv (JUnit XML, ps, logs).
        with _environ(MILVUS_PASSWORD=args.password, MILVUS_TOKEN=args.token, **{RUN_TOKEN_ENV: run_token}):
            try:
                status = int(pytest.main(pytest_args, plugins=[observer]))
            except KeyboardInterrupt:
                observer.interrupted, status = True, int(pytest.ExitCode.INTERRUPTED)
        report_path = report_dir / JSON_NAME
        dead = _target_went_away(report_path)
        if not dead:
            removed, problems = _clean_after_run(target, run_token)
        else:
            removed, problems = [], []
    finally:
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, previous)
        if mock is not None:
            mock.stop()
        if certificates is not None:
            certificates.remove()

    if removed:
        print(f"milvus-conformance: removed {len(removed)} object(s) the run's teardown left behind: "
              + ", ".join(removed[:10]) + (" ..." if len(removed) > 10 else ""), flush=True)
    for problem in problems:
        _err(f"cleanup: {problem}")
    if dead:
        _err(f"the target stopped answering during the run ({dead}); the cases left were not run and nothing "
             f"is blamed on the server. Once it is back: milvus-conformance clean --target {args.target or '?'} "
             f"--run {run_token}")
    if observer.interrupted:
        _err("interrupted; the report lists the cases that did not run")
        try:
            print(summarize(read_report(report_path), [report_path]), flush=True)
        except ReportError:
            pass
        return EXIT_INTERRUPTED
    if status == pytest.ExitCode.NO_TESTS_COLLECTED:
        selection = f" matching -k {args.keyword!r}" if args.keyword else ""
        _err(f"no case was selected{selection} from {cases}")
        return EXIT_USAGE
    if status == pytest.ExitCode.USAGE_ERROR:
        _err("pytest rejected the arguments (see above)")
        return EXIT_USAGE
    if observer.collection_errors:
        _err(f"{len(observer.collection_errors)} case module(s) could not be collected — a bug in the suite: "
             + ", ".join(observer.collection_errors))
        return EXIT_FINDINGS
    try:
        report = read_report(report_dir / JSON_NAME)
    except ReportError as err:
        _err(f"the run did not produce a report (pytest exit status {status}): {err}")
        return EXIT_FINDINGS
    print(summarize(report, [report_dir / JSON_NAME, report_dir / MARKDOWN_NAME]), flush=True)
    if dead:
        return EXIT_UNREACHABLE
    if problems:
        _err("the run could not remove everything it created (see above)")
        return EXIT_FINDINGS
    code = exit_code(report)
    if observer.unclassified:
        _err(f"{len(observer.unclassified)} failure(s) outside the classified cases (a harness defect, see the "
             "output above): " + ", ".join(observer.unclassified[:10]))
        return EXIT_FINDINGS
    if status == pytest.ExitCode.INTERNAL_ERROR:
        _err("pytest stopped with an internal error (see above)")
        return EXIT_FINDINGS
    return code


def _terminate(signum, frame):
    raise KeyboardInterrupt


def _target_went_away(report_path: Path) -> str | None:
    from .report import ReportError, read_report

    try:
        incomplete = read_report(report_path)["run"].get("incomplete") or ""
    except ReportError:
        return None
    return incomplete if incomplete.startswith("the target stopped answering") else None


# --- clean ---------------------------------------------------------------------------------------


def cmd_clean(args) -> int:
    from .cleanup import clean
    from .transport import Connection, RpcError

    target = _target_for(args)
    if target is None:
        raise UsageError("clean needs --target")
    if args.run and not re.fullmatch(r"mc[0-9a-f]{8}", args.run):
        raise UsageError(f"--run takes a run token like mc1a2b3c4d (printed at the start of a run), got {args.run!r}")
    _preflight(target, args.connect_timeout)
    conn = Connection("milvus-conformance-clean", target)
    try:
        result = clean(conn, args.run)
    except RpcError as err:
        raise Unreachable(f"cleaning {target.describe()} failed: {err}") from None
    finally:
        conn.close()
    whose = f"run {args.run}" if args.run else "every milvus-conformance run"
    if not result.removed:
        print(f"nothing of {whose} was left on {target.describe()}")
    for item in result.removed:
        print(f"removed {item}")
    for problem in result.problems:
        _err(f"could not remove {problem}")
    return EXIT_FINDINGS if result.problems else EXIT_OK


# --- rpcs ----------------------------------------------------------------------------------------


class _MarkerCollector:
    """In-process pytest plugin: which collected cases declare which RPCs (no fixture runs, no server)."""

    def __init__(self):
        self.by_rpc: dict[str, list[str]] = {}
        self.kinds: dict[str, dict[str, int]] = {}  # rpc -> {"positive": n, "negative": n, "stateful": n}
        self.errors: list[str] = []

    def pytest_collectreport(self, report):
        if report.failed:
            self.errors.append(f"{report.nodeid or '(root)'}: {report.longreprtext.strip().splitlines()[-1:]}")

    def pytest_collection_modifyitems(self, items):
        from .coverage import KINDS, case_coverage

        for item in items:
            cov = case_coverage(item)
            for name in cov.declared:
                nodeids = self.by_rpc.setdefault(name, [])
                if item.nodeid not in nodeids:
                    nodeids.append(item.nodeid)
                counts = self.kinds.setdefault(name, dict.fromkeys(KINDS, 0))
                for kind in cov.kinds.get(name, ()):
                    counts[kind] += 1


def collect_case_rpcs() -> tuple[dict[str, list[str]], dict[str, dict[str, int]], list[str]]:
    """Collect the installed cases and return ({rpc name: [node ids]}, {rpc name: {kind: count}},
    [collection problems])."""
    import pytest

    collector = _MarkerCollector()
    args = _base_pytest_args(cases_dir()) + ["--collect-only", "-q", "-p", "no:xdist"]
    output = io.StringIO()
    with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
        status = int(pytest.main(args, plugins=[collector]))
    if status not in (pytest.ExitCode.OK, pytest.ExitCode.NO_TESTS_COLLECTED) and not collector.errors:
        tail = output.getvalue().strip().splitlines()[-5:]
        collector.errors.append(f"pytest exit status {status}: " + " / ".join(tail))
    return collector.by_rpc, collector.kinds, collector.errors


def rpc_listing() -> dict:
    from .coverage import KINDS
    from .protocol.catalogue import all_rpcs

    by_rpc, kinds, errors = collect_case_rpcs()
    rpcs = [{
        "name": rpc.name,
        "kind": rpc.kind,
        "request_type": rpc.request.full_name,
        "response_type": rpc.response.full_name,
        "cases": sorted(by_rpc.get(rpc.name, [])),
        "case_kinds": kinds.get(rpc.name, dict.fromkeys(KINDS, 0)),
    } for rpc in all_rpcs()]
    known = {r["name"] for r in rpcs}
    unknown = {name: sorted(ids) for name, ids in sorted(by_rpc.items()) if name not in known}
    return {
        "service": SERVICE_NAME,
        "protocol_source": PROTOCOL_SOURCE,
        "rpcs": rpcs,
        "coverage": {"rpcs": len(rpcs), "with_cases": sum(1 for r in rpcs if r["cases"]),
                     **{f"with_{kind}": sum(1 for r in rpcs if r["case_kinds"][kind]) for kind in KINDS}},
        "unknown_rpcs": unknown,
        "collection_errors": errors,
    }


def cmd_rpcs(args) -> int:
    listing = rpc_listing()
    if args.json:
        print(json.dumps(listing, indent=2))
    else:
        rpcs = listing["rpcs"]
        w_name = max(len(r["name"]) for r in rpcs)
        w_kind = max(len(r["kind"]) for r in rpcs)
        strip = "milvus.proto."
        print(f"{'RPC':<{w_name}}  {'KIND':<{w_kind}}  CASES  POS  NEG  STATE  REQUEST -> RESPONSE")
        for r in rpcs:
            req, resp = r["request_type"].removeprefix(strip), r["response_type"].removeprefix(strip)
            k = r["case_kinds"]
            print(f"{r['name']:<{w_name}}  {r['kind']:<{w_kind}}  {len(r['cases']):>5}  {k['positive']:>3}  "
                  f"{k['negative']:>3}  {k['stateful']:>5}  {req} -> {resp}")
            for nodeid in r["cases"]:
                print(f"{'':<{w_name}}    {nodeid}")
        cov = listing["coverage"]
        print(f"coverage: {cov['with_cases']}/{cov['rpcs']} RPCs have at least one case "
              f"({cov['with_positive']} with a positive case, {cov['with_negative']} with a negative one, "
              f"{cov['with_stateful']} in a state machine); POS/NEG/STATE count cases naming a success or semantic "
              "check, an error check, or driving a state machine")
    for name, ids in listing["unknown_rpcs"].items():
        _err(f"cases declare {name!r}, which MilvusService does not have: {', '.join(ids)}")
    for problem in listing["collection_errors"]:
        _err(f"collection error: {problem}")
    return EXIT_FINDINGS if listing["unknown_rpcs"] or listing["collection_errors"] else EXIT_OK


# --- baseline ------------------------------------------------------------------------------------


def cmd_baseline(args) -> int:
    from .report import ReportError, read_report
    from .report.baseline import BaselineError, from_report, load

    try:
        report = read_report(args.report)
    except ReportError as err:
        raise UsageError(str(err)) from None
    previous = None
    if args.output and Path(args.output).exists():
        try:
            previous = load(args.output)
        except BaselineError as err:
            raise UsageError(f"{err} (not overwritten)") from None
    text = json.dumps(from_report(report, previous), indent=2, ensure_ascii=False) + "\n"
    if not args.output:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        Path(args.output).write_text(text, encoding="utf-8")
    except OSError as err:
        raise UsageError(f"cannot write the baseline {args.output}: {err.strerror or err}") from None
    n = len(json.loads(text)["entries"])
    print(f"wrote {args.output}: {n} entr{'y' if n == 1 else 'ies'}", flush=True)
    return EXIT_OK


# --- diff ----------------------------------------------------------------------------------------


def cmd_diff(args) -> int:
    from .diff.command import DiffUsageError, execute, load_session
    from .diff.execute import Endpoint
    from .diff.execute import Unreachable as SideGone
    from .report import ReportError, ensure_writable
    from .transport import TargetError, parse_target

    if args.count < 1 or args.minimise_tries < 0 or args.rel_tol < 0 or args.abs_tol < 0:
        raise UsageError("--count must be positive; --minimise-tries, --rel-tol and --abs-tol not negative")
    session = None
    if args.replay:
        try:
            session = load_session(args.replay)
        except DiffUsageError as err:
            raise UsageError(str(err)) from None
        labels = session.labels()
        if args.reference is None:
            args.against = args.against or ("reference" if "reference" in labels else
                                            labels[0] if len(labels) == 1 else None)
            if args.against not in labels:
                raise UsageError(f"{args.replay}: give --reference, or --against one of the recorded answers: "
                                 f"{', '.join(labels) or 'none recorded'}")
    elif args.reference is None:
        args.reference = "mock"
    try:
        report_dir = ensure_writable(args.report_dir)
    except ReportError as err:
        raise UsageError(str(err)) from None
    for label, spec in (("target", args.target), ("reference", args.reference)):
        if spec in (None, "mock") and any(getattr(args, f"{label}_{k}", None) for k in (
                "tls", "tls_ca", "tls_cert", "tls_key", "tls_server_name", "token", "user", "password", "db_name")):
            given = "--" + ("reference-" if label == "reference" else "")
            raise UsageError(f"{given}tls/token/user/password/db-name options need a --{label} address (the bundled "
                             "mock is plaintext without authorization; for one with them start 'milvus-conformance "
                             "mock --auth --tls-cert ...' and give its address)")
    try:
        features = _diff_features(args.features)
    except ValueError as err:
        raise UsageError(f"--features: {err}") from None
    args.features = features
    mocks, endpoints = [], []
    try:
        for label, spec in (("target", args.target), ("reference", args.reference)):
            if spec is None:
                endpoints.append(None)
                continue
            options = _diff_side_options(args, label)
            if spec == "mock":
                mocks.append(_start_mock())
                target = parse_target(mocks[-1].address, timeout=args.deadline)
            else:
                try:
                    target = parse_target(spec, timeout=args.deadline, **options)
                except TargetError as err:
                    raise UsageError(f"--{label}: {err}") from None
            try:
                found = _preflight(target, args.connect_timeout)
            except Unreachable as err:
                raise Unreachable(f"--{label}: {err}") from None
            except UsageError as err:
                raise UsageError(f"--{label}: {err}") from None
            shown = "mock" if spec == "mock" else f"{spec} ({found.version or 'version unknown'})"
            endpoints.append(Endpoint(label, target, shown, found.version))
        try:
            return execute(args, endpoints[0], endpoints[1], report_dir, session=session)
        except SideGone as err:
            raise Unreachable(str(err)) from None
    finally:
        for ep in endpoints:
            if ep is not None:
                ep.close()
        for mock in mocks:
            mock.stop()


def _diff_features(text: str) -> list[str]:
    from .diff.features import parse_features

    return parse_features(text)


def _diff_side_options(args, side: str) -> dict:
    """One side's connection options as parse_target keywords (token and password fall back to the side's
    environment variables: $MILVUS_TOKEN / $MILVUS_PASSWORD for the target, $MILVUS_REFERENCE_... for the
    reference)."""
    env = "MILVUS" if side == "target" else "MILVUS_REFERENCE"
    get = lambda key: getattr(args, f"{side}_{key}", None)  # noqa: E731
    user = get("user")
    return {"tls": bool(get("tls")), "ca_file": get("tls_ca"), "cert_file": get("tls_cert"),
            "key_file": get("tls_key"), "server_name": get("tls_server_name"),
            "token": get("token") or (None if user else os.environ.get(f"{env}_TOKEN")), "user": user,
            "password": get("password") or (os.environ.get(f"{env}_PASSWORD") if user else None),
            "db_name": get("db_name")}


# --- mock ----------------------------------------------------------------------------------------


def _sdk_report(record) -> int:
    from .mock.strict import write_report

    try:
        summary, md, js = write_report(record)
    except (OSError, ValueError) as err:
        raise UsageError(f"cannot summarise {record}: {err}") from None
    verdict = "clean" if summary["clean"] else f"{summary['violations']} violation(s), {summary['warnings']} warning(s)"
    print(f"SDK report: {summary['calls']} calls, {verdict}: {md} ({js.name})", flush=True)
    return EXIT_OK if summary["clean"] else EXIT_FINDINGS


def cmd_mock(args) -> int:
    if args.summarize:
        if args.strict or args.record:
            raise UsageError("--summarize reads an existing record; drop --strict / --record")
        return _sdk_report(args.summarize)
    if args.strict != bool(args.record):
        raise UsageError("strict SDK mode needs both --strict and --record FILE")
    recorder = None
    if args.strict:
        from .mock.strict import Recorder

        try:
            recorder = Recorder(args.record)
        except OSError as err:
            raise UsageError(f"--record {args.record}: {err}") from None
    previous: dict = {}
    if threading.current_thread() is threading.main_thread():
        def _terminate(signum, frame):
            raise KeyboardInterrupt

        # SIGINT explicitly too: a shell starting us in the background may have set it to "ignore"
        for signum in (signal.SIGINT, signal.SIGTERM):
            previous[signum] = signal.signal(signum, _terminate)
    server = None
    try:
        server = _start_mock(args.host, args.port, auth=args.auth, tls_cert=args.tls_cert, tls_key=args.tls_key,
                             tls_ca=args.tls_ca, strict=recorder)
        how = ("mutual TLS" if args.tls_ca else "TLS") if args.tls_cert else "plaintext"
        who = f"; authorization on: user {MOCK_ROOT_USER}, password {MOCK_ROOT_PASSWORD!r}" if args.auth else ""
        print(f"bundled mock serving MilvusService at {server.address} ({how}{who}; Ctrl-C to stop)", flush=True)
        waiter = threading.Thread(target=server.wait, name="mock-wait", daemon=True)
        waiter.start()
        while waiter.is_alive():
            waiter.join(0.25)
    except KeyboardInterrupt:
        print("stopping the mock", flush=True)
    finally:
        if server is not None:
            server.stop()
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if recorder is not None:
            recorder.close()
    if recorder is not None:
        return _sdk_report(args.record)
    return EXIT_OK


# --- entry point ---------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    extra: list[str] = []
    if "--" in argv:
        cut = argv.index("--")
        argv, extra = argv[:cut], argv[cut + 1 :]
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version and argparse errors
        return exc.code if isinstance(exc.code, int) else (EXIT_OK if exc.code is None else EXIT_USAGE)
    if extra and args.command != "run":
        _err(f"'{args.command}' takes no pytest arguments after '--'")
        return EXIT_USAGE
    try:
        if args.command == "run":
            return cmd_run(args, extra)
        if args.command == "rpcs":
            return cmd_rpcs(args)
        if args.command == "baseline":
            return cmd_baseline(args)
        if args.command == "clean":
            return cmd_clean(args)
        if args.command == "diff":
            return cmd_diff(args)
        return cmd_mock(args)
    except UsageError as err:
        _err(str(err))
        return EXIT_USAGE
    except Unreachable as err:
        _err(str(err))
        return EXIT_UNREACHABLE
    except KeyboardInterrupt:
        _err("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # the reader went away (`... | head`): stop quietly, as a SIGPIPE-killed tool would
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE


if __name__ == "__main__":
    sys.exit(main())
