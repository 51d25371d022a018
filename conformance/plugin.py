"""The pytest plugin: target options, the session fixtures cases use, and result classification.

Registered through the ``pytest11`` entry point, so it is loaded in every pytest run of an environment
where milvus-conformance is installed; it therefore stays inert (no connection, no Hypothesis profile, no
report) until a case asks for its fixtures or ``--report-dir`` is given.

Each case's outcome is classified as conformant, deviating, not_implemented, not_applicable, skipped or
harness_error and attached to its pytest report as a user property, with the checks it actually judged (by
RPC), so results survive xdist and reach the JUnit XML; the controller aggregates them into report.json and
report.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import tempfile
import traceback
from dataclasses import dataclass, field
from datetime import datetime, timezone

import pytest
from hypothesis import HealthCheck, Phase, settings

from .expectations import Deviation, NotApplicable, ServerInfo, probe_server
from .expectations.deviation import Finding, render_request
from .expectations.invariants import invariant_findings
from .expectations.judge import judge, split_levels
from .expectations.tally import as_check, collecting, current, verify
from .model.rules import rules
from .orm import HarnessError, Ledger, cleanup
from .serial import ServerLock
from .transport import (
    Connection,
    RpcTransportError,
    RpcUnimplemented,
    Target,
    TargetError,
    TargetGone,
    connections,
    parse_target,
)
from .transport.ownership import new_token
from .transport.replay import dependency_slice, to_python_script

RESULT_KEY = "conformance"
RUN_TOKEN_ENV = "MILVUS_CONFORMANCE_RUN_TOKEN"  # set by the CLI: its fresh run token (keep in sync: cli)
_TOKEN_SHAPE = re.compile(r"^mc[0-9a-f]{8}$")


def _env_token() -> str | None:
    """The CLI's run token, when this pytest runs under ``milvus-conformance run`` (never a user-pinned one:
    a reused token could name another run's leftovers)."""
    token = os.environ.get(RUN_TOKEN_ENV)
    return token if token and _TOKEN_SHAPE.match(token) else None
MAX_REPLAY_CALLS = 200
ALIAS = "default"

# No "explain" phase: against a real server every extra example is several RPCs, and shrinking already
# yields the minimal request the report shows.
_PHASES = (Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink)
settings.register_profile(
    "conformance-quick",
    phases=_PHASES,
    derandomize=True,
    max_examples=12,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
settings.register_profile(
    "conformance-full",
    phases=_PHASES,
    max_examples=150,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
PROFILES = {"quick": "conformance-quick", "full": "conformance-full"}


def pytest_addoption(parser):
    g = parser.getgroup("milvus-conformance", "Milvus protocol conformance")
    g.addoption("--target", default=os.environ.get("MILVUS_TARGET"),
                help="server under test: host:port, http(s)://host:port or unix:path "
                     "(default $MILVUS_TARGET; none = an in-process bundled mock)")
    g.addoption("--tls", action="store_true", default=False, help="use TLS (implied by https://)")
    g.addoption("--tls-ca", default=None, help="CA certificate file (PEM)")
    g.addoption("--tls-cert", default=None, help="client certificate for mutual TLS (PEM)")
    g.addoption("--tls-key", default=None, help="client private key for mutual TLS (PEM)")
    g.addoption("--tls-server-name", default=None, help="expected TLS server name")
    g.addoption("--token", default=os.environ.get("MILVUS_TOKEN"), help="API token ($MILVUS_TOKEN)")
    g.addoption("--user", default=None, help="user name (with --password)")
    g.addoption("--password", default=os.environ.get("MILVUS_PASSWORD"), help="password ($MILVUS_PASSWORD)")
    g.addoption("--db-name", default=None, help="database to run in (sent as the dbname metadata)")
    g.addoption("--deadline", type=float, default=30.0, help="per-call deadline in seconds (default 30)")
    g.addoption("--conformance-profile", choices=sorted(PROFILES), default="quick",
                help="quick: derandomized, few examples (CI); full: many random examples")
    g.addoption("--report-dir", default=None, help="write report.json and report.md here")
    g.addoption("--allow-global-rpcs", action="store_true", default=False,
                help="also run cases marked global_effect, whose RPCs act on the whole server (FlushAll); "
                     "only on a server you own")
    g.addoption("--assume-version", default=None, metavar="X.Y.Z",
                help="judge the target as this Milvus release (for servers that report no Milvus version)")
    g.addoption("--without-feature", action="append", default=[], metavar="FEATURE",
                help="declare that the target lacks a newer feature (repeatable); its cases are not applicable")
    g.addoption("--baseline", default=None, metavar="FILE",
                help="known deviations (JSON); the run fails only on new ones, fixed ones and unmatched entries")
    g.addoption("--bundled-mock-target", action="store_true", default=False, help=argparse.SUPPRESS)


def run_dir(config) -> str:
    """A directory the run's processes share: the server lock, and the note that the target went away."""
    shared = getattr(config, "workerinput", {}).get("conformance_lock_dir")
    if shared:
        return shared
    directory = config.stash.get(_lock_dir_key, None)
    if directory is None:
        directory = tempfile.mkdtemp(prefix="milvus-conformance-run-")
        config.stash[_lock_dir_key] = directory
    return directory


def target_down(config) -> str | None:
    """Why the run stopped talking to the target (set by the first process that found it gone), or None."""
    try:
        with open(os.path.join(run_dir(config), "target-down"), encoding="utf-8") as fh:
            return fh.read() or "the target stopped answering"
    except OSError:
        return None


class TargetDown(Exception):
    """The target stopped answering earlier in the run: this case is not run (not blamed on the server)."""


def pytest_configure(config):
    if config.option.baseline and not hasattr(config, "workerinput"):
        from .report.baseline import BaselineError, load

        try:
            config.stash[_baseline_key] = load(config.option.baseline)
        except BaselineError as err:
            raise pytest.UsageError(str(err)) from None
    config.addinivalue_line("markers", "rpc(*names): the MilvusService RPCs a case checks")
    config.addinivalue_line("markers", "requires(since=VERSION, feature=NAME): what the case needs of the target")
    config.addinivalue_line("markers", "global_effect: the case's RPCs act beyond the objects the run created")
    config.addinivalue_line("markers", "whole_server: the case observes state of the whole server; it runs while no "
                                       "other case of the run does")


def target_from_options(config) -> Target | None:
    opt = config.option
    if not opt.target:
        return None
    return parse_target(
        opt.target, tls=opt.tls, ca_file=opt.tls_ca, cert_file=opt.tls_cert, key_file=opt.tls_key,
        server_name=opt.tls_server_name, token=opt.token, user=opt.user, password=opt.password,
        db_name=opt.db_name, timeout=opt.deadline,
    )


@dataclass
class ConformanceSession:
    """One process's view of the run: the connection, what the server is, and what this run created."""

    connection: Connection
    server: ServerInfo
    ledger: Ledger
    mock: object | None = None
    example_marks: list[int] = field(default_factory=list)  # recorder seq where each example began

    def mark_example(self) -> None:
        """Called where a new Hypothesis example begins (every @given example is marked automatically; a
        state machine marks its own start), so a failure's replay holds only the failing example's calls."""
        self.example_marks.append(self.connection.recorder.last_seq)

    def replay_records(self, deviation: dict | None) -> list:
        """The calls of the example that produced ``deviation``, up to and including the deviating call,
        preceded by the earlier setup calls that created what they touch (so the replay is self-contained)."""
        if not self.example_marks:
            return []
        recorder = self.connection.recorder
        records = recorder.since(self.example_marks[0])
        culprit = next((r for r in records if deviation and r.seq == deviation.get("seq")), None)
        if culprit is None and deviation:
            for record in reversed(records):
                if record.method == deviation.get("rpc") and render_request(record.request) == deviation.get(
                        "request"):
                    culprit = record
                    break
        if culprit is None:
            return []  # no recorded call answered this way (e.g. a transport failure): nothing to replay
        start = max((m for m in self.example_marks if m < culprit.seq), default=self.example_marks[0])
        example = [r for r in records if start < r.seq <= culprit.seq]
        history = [r for r in recorder.since(0) if r.seq <= start]
        return dependency_slice(history, example, self.ledger.token)[-MAX_REPLAY_CALLS:]

    def server_for_replay(self) -> str | None:
        """What a replay judges the target as: the declared version, else what GetVersion reported."""
        return str(self.server.version) if self.server.assumed else self.server.reported

    def close(self, down: str | None = None) -> list[str]:
        if down:  # nothing can be removed from a server that does not answer; clean removes it later
            left = sum(len(v) for v in self.ledger.ownership.leftovers().values())
            problems = [f"{left} object(s) not removed: {down}"] if left else []
        else:
            problems = cleanup(self.ledger, self.connection.alias)
        connections.disconnect(self.connection.alias)
        if self.mock is not None:
            self.mock.stop()
        return problems


_session_key = pytest.StashKey[ConformanceSession]()


def _open_session(config) -> ConformanceSession:
    target = target_from_options(config)
    mock = None
    if target is None:
        from .mock import serve

        mock = serve()
        target = parse_target(mock.address, timeout=config.option.deadline)
    elif (config.option.bundled_mock_target and hasattr(config, "workerinput") and not target.tls
          and not target.token and not target.user and not target.db_name):
        # An xdist worker of a run on the plain bundled mock serves itself: one mock shared by every worker
        # answered each in turn under one interpreter lock, so workers mostly waited for it.
        from .mock import serve

        mock = serve()
        target = parse_target(mock.address, timeout=config.option.deadline)
    conn = connections.connect(ALIAS, target)
    conn.down_flag = os.path.join(run_dir(config), "target-down")
    conn.wait_ready(timeout=min(15.0, target.timeout))
    token = getattr(config, "workerinput", {}).get("conformance_token") or _env_token() or new_token()
    if hasattr(config, "workerinput"):
        token = f"{token}{config.workerinput.get('workerid', 'w')}"
    ledger = Ledger(token=token, home_db=target.db_name or "")
    conn.ownership = ledger.ownership
    try:
        server = probe_server(conn, assume=config.option.assume_version,
                              without=frozenset(config.option.without_feature))
    except ValueError as err:
        raise pytest.UsageError(str(err)) from None
    return ConformanceSession(conn, server, ledger, mock)


@pytest.fixture(scope="session")
def conformance(request) -> ConformanceSession:
    try:
        session = _open_session(request.config)
    except TargetError as err:  # gone before this process could start: nothing of the run is judged
        down = target_down(request.config) or f"the target stopped answering ({err})"
        with open(os.path.join(run_dir(request.config), "target-down"), "w", encoding="utf-8") as fh:
            fh.write(down)
        raise TargetDown(f"not run: {down}") from None
    request.config.stash[_session_key] = session
    yield session
    problems = session.close(target_down(request.config))
    for problem in problems:
        request.config.issue_config_time_warning(pytest.PytestWarning(f"teardown: {problem}"), stacklevel=2)


@pytest.fixture(scope="session")
def conn(conformance) -> Connection:
    return conformance.connection


@pytest.fixture(scope="session")
def server(conformance) -> ServerInfo:
    return conformance.server


@pytest.fixture(scope="session")
def ledger(conformance) -> Ledger:
    return conformance.ledger


class Checker:
    """``check(response, check_or_id)``: find the recorded call that produced ``response``, judge it against a
    registered check (every failed check is reported), record the judgement; ``check.verify(...)`` judges a
    semantic property. Recommended-level findings are kept as advisories; required ones raise a Deviation."""

    verify = staticmethod(verify)

    def __init__(self, session: ConformanceSession):
        self.session = session

    def __call__(self, response, check):
        check = as_check(check)
        record = self.session.connection.recorder.find_response(response)
        if record is None:
            raise HarnessError("check() was given a response this connection did not record")
        server = self.session.server
        if not check.applies(server.older_than):
            raise NotApplicable(f"{check.id} applies from Milvus {check.since}; the target is {server.describe()}")
        status, findings = judge(response, check, rpc=record.method, server=server)
        tally = current()
        main_failed = any(f.check == check.id for f in findings)
        tally.record(check.id, record.method, not main_failed, code=status.code if status is not None else None)
        failed = {f.check for f in findings}
        for f in findings:
            if f.check != check.id:
                tally.record(f.check, record.method, False)
        for invariant in GENERIC_CHECKS:  # the generic checks held too: judged, and passed
            if invariant not in failed:
                tally.record(invariant, record.method, True)
        required, advisories = split_levels(findings)
        tally.advise(advisories)
        if required:
            raise Deviation(findings, record.request, seq=record.seq)
        return status


@pytest.fixture(scope="session")
def check(conformance) -> Checker:
    return Checker(conformance)


# --- classification ------------------------------------------------------------------------------


def _leaf_exceptions(exc: BaseException) -> list[BaseException]:
    inner_exceptions = getattr(exc, "exceptions", None)  # an (Base)ExceptionGroup, also on 3.10
    if isinstance(inner_exceptions, (tuple, list)):
        out: list[BaseException] = []
        for inner in inner_exceptions:
            out.extend(_leaf_exceptions(inner))
        return out
    return [exc]


def falsifying_example(exc: BaseException) -> str:
    """Hypothesis's notes on a failure: the minimal example, or a state machine's minimal step trace."""
    notes = [n for e in (exc, *_leaf_exceptions(exc)) for n in getattr(e, "__notes__", ())]
    return "\n".join(dict.fromkeys(n for n in notes if n.strip()))[:20000]


def classify(exc: BaseException | None, skipped: bool = False) -> dict:
    if exc is None:
        return {"outcome": "skipped" if skipped else "conformant"}
    result = _classify(exc)
    example = falsifying_example(exc)
    if example:
        result["falsifying_example"] = example
    return result


def _with_causes(exc: BaseException) -> list[BaseException]:
    """The leaves of exception groups, each followed by its causes (a Flaky wrapper keeps the real failure
    there)."""
    out: list[BaseException] = []
    for leaf in _leaf_exceptions(exc):
        seen = leaf
        while seen is not None and seen not in out:
            out.append(seen)
            seen = seen.__cause__ or seen.__context__
    return out


TRANSPORT_CHECK = "Status/grpc-ok"
GENERIC_CHECKS = ("Status/present", "Status/reason-on-error", "Status/legacy-agrees", TRANSPORT_CHECK)


def _classify(exc: BaseException) -> dict:
    leaves = _with_causes(exc)
    for leaf in leaves:
        if isinstance(leaf, Deviation):
            return {"outcome": "deviating", "deviation": leaf.to_dict(), "message": str(leaf)[:20000]}
    for leaf in leaves:
        if isinstance(leaf, (TargetDown, TargetGone)):
            return {"outcome": "not_run", "message": str(leaf)}
    for leaf in leaves:
        if isinstance(leaf, RpcUnimplemented):
            return {"outcome": "not_implemented", "rpc": leaf.rpc, "message": str(leaf)}
        if isinstance(leaf, RpcTransportError):
            check = rules.get(TRANSPORT_CHECK)
            dev = Deviation([Finding(check.id, check.level, leaf.rpc, "gRPC OK with a Status",
                                     f"gRPC {leaf.code.name}: {leaf.details}",
                                     "; ".join(e.describe() for e in check.evidence))])
            return {"outcome": "deviating", "deviation": dev.to_dict(), "message": str(leaf)}
        if isinstance(leaf, NotApplicable):
            return {"outcome": "not_applicable", "message": str(leaf)}
    first = leaves[0]
    text = "".join(traceback.format_exception_only(type(first), first)).strip()
    if isinstance(first, AssertionError):
        text = "an assertion outside a registered check (cases judge through check/verify): " + text
    return {"outcome": "harness_error", "message": text[:2000]}


def _mark_each_hypothesis_example(item, session: ConformanceSession) -> None:
    """Wrap a @given case's per-example function (Hypothesis's ``inner_test`` extension point) so every
    example starts a new replay mark."""
    handle = getattr(getattr(item, "obj", None), "hypothesis", None)
    inner = getattr(handle, "inner_test", None)
    if inner is None or getattr(inner, "_conformance_marks", False):
        return

    def marked(*args, **kwargs):
        session.mark_example()
        return inner(*args, **kwargs)

    marked._conformance_marks = True
    handle.inner_test = marked


_tally_key = pytest.StashKey[object]()
_timing_key = pytest.StashKey[dict]()
SLOW_CALL_S = 5.0  # a call this slow is reported (the target is slow, which is not a deviation)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """Hold the run's server lock around the whole case (setup, call, teardown): shared, or exclusive for
    ``whole_server`` cases, so a whole-server observation never races with the run's other workers."""
    lock_dir = getattr(item.config, "workerinput", {}).get("conformance_lock_dir")
    if not lock_dir:
        yield
        return
    lock = ServerLock(lock_dir)
    hold = lock.exclusive if item.get_closest_marker("whole_server") else lock.shared
    with hold():
        yield


def pytest_runtest_setup(item):
    if item.config.stash.get(_lock_dir_key, None) is None and not hasattr(item.config, "workerinput"):
        return  # not a conformance run (e.g. the harness's own tests)
    down = target_down(item.config)
    if down:
        raise TargetDown(f"not run: {down}")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    """Collect what the case body judges; afterwards hold every response it received to the invariants."""
    session = item.config.stash.get(_session_key, None)
    mark = session.connection.recorder.last_seq if session else 0
    if session is not None:
        session.example_marks = [mark]
        _mark_each_hypothesis_example(item, session)
    retries_before = dict(session.connection.retries) if session else {}
    with collecting() as tally:
        item.stash[_tally_key] = tally
        outcome = yield
    if session is not None:
        recorded = session.connection.recorder.since(mark)
        item.stash[_timing_key] = {
            "slow": [f"{r.method} {r.latency_s:.1f} s" for r in recorded if r.latency_s >= SLOW_CALL_S][:10],
            "retries": {rpc: n - retries_before.get(rpc, 0) for rpc, n in session.connection.retries.items()
                        if n > retries_before.get(rpc, 0)},
        }
    if session is None or outcome.excinfo is not None:
        return
    for record in session.connection.recorder.since(mark):
        findings = invariant_findings(record.method, record.response)
        if findings:
            for f in findings:
                tally.record(f.check, record.method, False)
            deviation = Deviation(findings, record.request, seq=record.seq)
            deviation.found_by_sweep = True  # no useful traceback: report the description alone
            outcome.force_exception(deviation)
            return


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if item.get_closest_marker("rpc") is None and not item.config.option.report_dir:
        return
    relevant = call.when == "call" or (call.when == "setup" and (report.failed or report.skipped))
    if not relevant:
        return
    exc = call.excinfo.value if call.excinfo is not None else None
    skipped = report.skipped and not isinstance(exc, NotApplicable)
    if skipped:
        exc = None
    result = classify(exc, skipped=skipped)
    session = item.config.stash.get(_session_key, None)
    if exc is not None and any(isinstance(e, TargetGone) for e in _with_causes(exc)):
        result = {"outcome": "not_run", "message": f"not run: {target_down(item.config) or exc}"}
    if skipped and call.excinfo is not None:
        result["message"] = str(call.excinfo.value)[:500]
    if getattr(exc, "found_by_sweep", False):
        report.longrepr = f"{item.nodeid}: invariant check after the case body\n{exc.describe()}"
    if isinstance(exc, NotApplicable):
        report.outcome = "skipped"
        report.longrepr = (str(item.path), item.location[1] or 0, f"not applicable: {exc}")
    marker_rpcs = [name for m in item.iter_markers("rpc") for name in m.args]
    if session is not None and result["outcome"] == "deviating" and call.when == "call":
        deviation = result.get("deviation") or {}
        records = session.replay_records(deviation)
        if records:
            result["replay_script"] = to_python_script(
                records, target=session.connection.target.address, what=item.nodeid, token=session.ledger.token,
                server=session.server_for_replay(), checks=deviation.get("checks") or [])
    timing = item.stash.get(_timing_key, None)
    if timing and call.when == "call":
        result.update({k: v for k, v in timing.items() if v})
    tally = item.stash.get(_tally_key, None)
    if tally is not None and call.when == "call":
        result["judged"] = tally.to_dict()
        if tally.advisories:
            result["advisories"] = [f.to_dict() for f in tally.advisories]
    result.update({"nodeid": item.nodeid, "rpcs": marker_rpcs, "when": call.when,
                   "duration": round(call.duration, 4),
                   "server": session.server.describe() if session else None,
                   "token": session.ledger.token if session else None})
    report.user_properties.append((RESULT_KEY, json.dumps(result)))


def results_from_report(report) -> dict | None:
    for key, value in getattr(report, "user_properties", ()):
        if key == RESULT_KEY:
            return json.loads(value)
    return None


class _Collector:
    """Controller-side: gathers classified results (also from xdist workers) for the report."""

    def __init__(self):
        self.results: list[dict] = []
        self.started: datetime | None = None

    @pytest.hookimpl
    def pytest_runtest_logreport(self, report):
        result = results_from_report(report)
        if result is not None:
            self.results.append(result)

    @pytest.hookimpl
    def pytest_deselected(self, items):
        self.partial = True

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, items):
        self.collected = [item.nodeid for item in items]

    @pytest.hookimpl(optionalhook=True)
    def pytest_xdist_node_collection_finished(self, node, ids):
        self.collected = list(ids)

    @pytest.hookimpl
    def pytest_keyboard_interrupt(self, excinfo):
        self.interrupted = True

    partial = False
    interrupted = False
    collected: list[str] = []


def pytest_sessionstart(session):
    config = session.config
    if hasattr(config, "workerinput"):
        return
    collector = _Collector()
    collector.started = datetime.now(timezone.utc)
    config.pluginmanager.register(collector, "conformance-collector")
    config.stash[_collector_key] = collector


_collector_key = pytest.StashKey[_Collector]()


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    """xdist: share the run token (every worker's names are traceable) and the server-lock directory."""
    token = _env_token() or node.config.stash.setdefault(_token_key, new_token())
    node.workerinput["conformance_token"] = token
    node.workerinput["conformance_lock_dir"] = run_dir(node.config)


def _shares_loaded_collections(path) -> bool:
    """A case module with module-scoped fixtures (``loaded_collection`` and its own): collections created,
    filled and loaded once per worker that runs any of its cases."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return False
    return 'scope="module"' in text or "loaded_collection" in text


@pytest.hookimpl(optionalhook=True, tryfirst=True)
def pytest_xdist_make_scheduler(config, log):
    """xdist's default ``load`` spreads a module's cases over every worker, so each worker builds (and loads:
    about a second each on a real Milvus) the module's shared collections again. Keep the cases of such a
    module on one worker; every other case is scheduled alone, as ``load`` does."""
    if config.getvalue("dist") != "load":
        return None
    from xdist.scheduler import LoadScopeScheduling

    config.option.loadscopereorder = False  # collection order: the cases put their longest items first

    root, shared = config.rootpath, {}

    class SharedFixtureScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            if module not in shared:
                shared[module] = _shares_loaded_collections(root / module)
            return module if shared[module] else nodeid

    return SharedFixtureScheduling(config, log)


_lock_dir_key = pytest.StashKey[str]()


_token_key = pytest.StashKey[str]()


def pytest_unconfigure(config):
    lock_dir = config.stash.get(_lock_dir_key, None) if not hasattr(config, "workerinput") else None
    if lock_dir is not None:
        import shutil

        shutil.rmtree(lock_dir, ignore_errors=True)


def _run_token(config, results) -> str | None:
    token = _env_token() or config.stash.get(_token_key, None)
    if token:
        return token
    tokens = [r["token"] for r in results if r.get("token")]
    return os.path.commonprefix(tokens) or None if tokens else None


def pytest_sessionfinish(session, exitstatus):
    config = session.config
    if hasattr(config, "workerinput") or not config.option.report_dir:
        return
    collector = config.stash.get(_collector_key, None)
    if collector is None:
        return
    from .report import write_reports

    self_check = config.option.bundled_mock_target or not config.option.target
    target = "bundled mock" + (f" at {config.option.target}" if config.option.target else " (in-process)") \
        if self_check else config.option.target
    server_desc = next((r["server"] for r in collector.results if r.get("server")), None)
    partial = collector.partial or bool(config.option.keyword or config.option.markexpr)
    down = target_down(config)
    incomplete = down or ("interrupted" if collector.interrupted or exitstatus == pytest.ExitCode.INTERRUPTED
                          else None)
    reported = {r.get("nodeid") for r in collector.results}
    never = [n for n in collector.collected if n not in reported]
    if never and not incomplete:
        incomplete = f"{len(never)} case(s) were collected but never reported (a worker crashed?)"
    results = collector.results + [{"nodeid": n, "outcome": "not_run", "rpcs": [], "when": "call",
                                     "message": f"not run: {incomplete}"} for n in never]
    paths = write_reports(results, config.option.report_dir, target=target, server=server_desc,
                          profile=config.option.conformance_profile, started=collector.started,
                          finished=datetime.now(timezone.utc), token=_run_token(config, collector.results),
                          self_check=self_check, baseline=config.stash.get(_baseline_key, None),
                          partial=partial, incomplete=incomplete)
    config.stash[_report_paths_key] = paths


_report_paths_key = pytest.StashKey[list]()
_baseline_key = pytest.StashKey[dict]()
