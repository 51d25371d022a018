"""How long the suite takes, and where the time goes (target: the quick profile under 60 s on 2 cores).

Prints figures measured in one run, as ratios against a reference measured in the same run, so a loaded
machine skews both sides alike. Not a test; nothing here asserts on time.

1. the quick profile against the bundled mock, against the cost of merely starting pytest and collecting
   the cases (no RPCs);
2. the full profile with ``-n 2`` against ``-n 0`` (the parallel speed-up; skip with ``--no-full``);
3. building a filter-expression strategy once against rebuilding it on every example (12 examples), as a
   case drawing ``valid_exprs(coll.schema, dialect)`` in its body would without the strategy cache;
4. a Search at Strong consistency against one at Session consistency with ``guarantee_timestamp`` = the last
   write's timestamp (what ``orm.Collection`` sends by default), per call, against the bundled mock and, with
   ``--target HOST:PORT``, a real server (on Milvus 2.3.5 Strong waits for the next time tick, about 200 ms).

    python bench/bench_quick_profile.py [--repeat N] [--no-full] [--target HOST:PORT]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time

TARGET_SECONDS = 60.0


def timed(cmd: list[str]) -> tuple[float, int]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start, proc.returncode


def run_seconds(cli: list[str], *args: str) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        seconds, rc = timed([*cli, "run", *args, "--report-dir", tmp])
    if rc != 0:
        print(f"warning: 'run {' '.join(args)}' exited {rc}; figures still printed", file=sys.stderr)
    return seconds


def quick_profile(cli: list[str], repeat: int) -> None:
    baseline, suite = [], []
    for _ in range(repeat):
        baseline.append(timed([*cli, "rpcs", "--json"])[0])
        suite.append(run_seconds(cli, "--profile", "quick"))
    b, s = statistics.median(baseline), statistics.median(suite)
    print(f"baseline (start + collect, no RPCs): median {b:.2f} s over {repeat} runs")
    print(f"quick profile vs bundled mock:       median {s:.2f} s over {repeat} runs "
          f"(min {min(suite):.2f}, max {max(suite):.2f})")
    print(f"  ratio suite/baseline: {s / b:.1f}x; budget {TARGET_SECONDS:.0f} s -> "
          f"{'within' if s <= TARGET_SECONDS else 'OVER'} budget ({s / TARGET_SECONDS:.0%} used)")


def full_parallel(cli: list[str]) -> None:
    serial = run_seconds(cli, "--profile", "full", "-n", "0")
    parallel = run_seconds(cli, "--profile", "full", "-n", "2")
    print(f"full profile vs bundled mock: -n 0 {serial:.1f} s, -n 2 {parallel:.1f} s")
    print(f"  speed-up -n 2 over -n 0: {serial / parallel:.2f}x (goal >= 1.6x)")


def strategy_building(examples: int = 12) -> None:
    from hypothesis import Phase, given, settings
    from hypothesis import strategies as st

    from conformance.model import expr as x
    from conformance.protocol import schema_pb2
    from conformance.strategies import expressions
    from conformance.strategies.expressions import valid_exprs
    from conformance.strategies.schemas import make_field

    dt = schema_pb2.DataType
    schema = schema_pb2.CollectionSchema(name="bench", fields=[
        make_field("id", dt.Int64, primary=True), make_field("i64", dt.Int64), make_field("i32", dt.Int32),
        make_field("d", dt.Double), make_field("b", dt.Bool), make_field("s", dt.VarChar, max_length=16),
        make_field("j", dt.JSON), make_field("a", dt.Array, element_type=dt.Int64, max_capacity=4),
        make_field("vec", dt.FloatVector, dim=4)])
    profile = settings(max_examples=examples, derandomize=True, database=None, deadline=None,
                       phases=(Phase.generate,))

    @profile
    @given(data=st.data())
    def rebuilt(data):  # what a case body did before the cache: a fresh strategy (and parts) per example
        for builder in vars(expressions).values():
            if hasattr(builder, "uncached"):
                builder.cache.clear()
        data.draw(valid_exprs(schema, x.MILVUS_2_3))

    @profile
    @given(data=st.data())
    def cached(data):
        data.draw(valid_exprs(schema, x.MILVUS_2_3))

    cached()  # build once (the cache's first call), then measure draws from the cached strategy
    times = {}
    for name, test in (("rebuilt", rebuilt), ("cached", cached)):
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            test()
            runs.append(time.perf_counter() - start)
        times[name] = statistics.median(runs)
    print(f"strategy per {examples}-example test: rebuilt every example {times['rebuilt'] * 1000:.0f} ms, "
          f"built once {times['cached'] * 1000:.0f} ms")
    print(f"  ratio rebuilt/once: {times['rebuilt'] / times['cached']:.1f}x")


def consistency(target: str | None, calls: int = 30) -> None:
    from contextlib import nullcontext

    from conformance.mock import serve
    from conformance.orm import SESSION, STRONG, Collection, Ledger
    from conformance.protocol import common_pb2, schema_pb2
    from conformance.transport import connections, parse_target

    dt = schema_pb2.DataType
    with (nullcontext() if target else serve()) as mock:
        address = target or mock.address
        conn = connections.connect("bench", parse_target(address))
        ledger = Ledger()
        conn.ownership = ledger.ownership
        name = ledger.name("c")
        schema = schema_pb2.CollectionSchema(name=name, fields=[
            schema_pb2.FieldSchema(name="id", data_type=dt.Int64, is_primary_key=True),
            schema_pb2.FieldSchema(name="vec", data_type=dt.FloatVector,
                                   type_params=[common_pb2.KeyValuePair(key="dim", value="4")])])
        coll = Collection(name, schema, using="bench", ledger=ledger)
        try:
            coll.create()
            coll.insert([{"id": i, "vec": [float(i), 0.0, 0.0, 1.0]} for i in range(20)])
            coll.index("vec", {"index_type": "FLAT", "metric_type": "L2", "params": "{}"}).create()
            coll.load()
            for _ in range(600):  # wait for the load (a real server takes about a second)
                if coll.load_state().state == common_pb2.LoadState.LoadStateLoaded:
                    break
                time.sleep(0.1)
            per_call = {}
            for label, level in (("Strong", STRONG), ("Session+guarantee_timestamp", None)):
                coll.search([[0.0, 0.0, 0.0, 1.0]], limit=3, consistency_level=level)  # warm up
                start = time.perf_counter()
                for _ in range(calls):
                    coll.search([[0.0, 0.0, 0.0, 1.0]], limit=3, consistency_level=level)
                per_call[label] = (time.perf_counter() - start) / calls
            assert coll.read_consistency()[0] == SESSION, "no write timestamp known: the comparison is void"
        finally:
            coll.release()
            coll.drop()
            connections.disconnect("bench")
    where = target or "the bundled mock"
    strong, session = per_call["Strong"], per_call["Session+guarantee_timestamp"]
    print(f"Search per call against {where}: Strong {strong * 1000:.2f} ms, "
          f"Session + guarantee_timestamp {session * 1000:.2f} ms")
    print(f"  ratio Strong/Session: {strong / session:.1f}x")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3, help="quick-profile runs (median)")
    ap.add_argument("--no-full", action="store_true", help="skip the full profile's -n 2 / -n 0 figure (minutes)")
    ap.add_argument("--target", help="also measure the consistency figure against this server")
    args = ap.parse_args()
    cli = [sys.executable, "-m", "conformance.cli"]
    quick_profile(cli, args.repeat)
    if not args.no_full:
        full_parallel(cli)
    strategy_building()
    consistency(None)
    if args.target:
        consistency(args.target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
