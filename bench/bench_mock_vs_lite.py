"""The bundled mock against milvus-lite 3.2.2 and a plain numpy brute force, side by side in ONE run.

Targets (issue 9, "Speed"): the mock at least as fast as milvus-lite 3.2.2 on unary calls and on FLAT search
(100k x 128 float vectors, nq 1 and nq 100, top 10), within 3x of a plain numpy brute force on the same data (the
floor), and its memory within 2x of the raw vectors. Every figure is measured in this one run, the targets
interleaved round by round, and printed with its ratio, so a loaded machine skews all sides alike. Not a test;
nothing here asserts on time.

1. unary p50 of HasCollection and DescribeCollection: mock vs milvus-lite vs a bare Python gRPC server that
   answers the same RPC with a canned response (the cost of gRPC in Python itself);
2. insert throughput (rows/s, pre-serialised requests of ``--batch`` rows);
3. FLAT search over ``--rows`` x ``--dim`` float vectors, top 10, nq 1 and nq 100, per metric (L2, IP, COSINE):
   requests/s of the mock, milvus-lite, and numpy (float32 matrix in memory, base norms computed once, one matrix
   product, argpartition) — and whether the three agree on the top-10 ids;
4. the mock's RSS growth (insert + index + load + searches) against the raw vector bytes (rows x dim x 4), and
   milvus-lite's when its process is known.

    python bench/bench_mock_vs_lite.py                          # milvus-lite already serving 127.0.0.1:19542
    python bench/bench_mock_vs_lite.py --lite-target HOST:PORT
    python bench/bench_mock_vs_lite.py --lite-cmd "/path/venv/bin/milvus-lite server"   # start one (own data dir)
    python bench/bench_mock_vs_lite.py --no-lite                 # mock, echo server and numpy only

``--lite-cmd`` may hold ``{port}`` and ``{data}``; without them ``--data-dir DIR --host 127.0.0.1 --port N`` (the
milvus-lite 3.2.2 ``server`` options) are appended. Without a reachable milvus-lite its column is skipped with a
message. The bench names its collection through a run ledger (``bench_...``) and drops it at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shlex
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent import futures

import grpc
import numpy as np

from conformance.protocol import SERVICE_NAME, catalogue, common_pb2, milvus_pb2, schema_pb2

DT = schema_pb2.DataType
KV = common_pb2.KeyValuePair
TOPK = 10


# ---- processes ------------------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(address: str, seconds: float) -> bool:
    channel = grpc.insecure_channel(address)
    try:
        grpc.channel_ready_future(channel).result(timeout=seconds)
        return True
    except grpc.FutureTimeoutError:
        return False
    finally:
        channel.close()


def rss_bytes(pid: int | None) -> int | None:
    """Resident memory of ``pid`` and its descendants (Linux /proc), None when unknown."""
    if pid is None:
        return None
    total, todo, seen = 0, [pid], set()
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            with open(f"/proc/{p}/status") as f:
                total += next(int(line.split()[1]) * 1024 for line in f if line.startswith("VmRSS:"))
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
        except (OSError, StopIteration):
            continue
    return total


def pid_listening(port: int) -> int | None:
    """The process listening on 127.0.0.1:``port`` (via /proc/net/tcp socket inodes), None if not found."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError), open(table) as f:
            for line in list(f)[1:]:
                parts = line.split()
                if parts[3] == "0A" and int(parts[1].rsplit(":", 1)[1], 16) == port:
                    inodes.add(parts[9])
    if not inodes:
        return None
    for pid in filter(str.isdigit, os.listdir("/proc")):
        with contextlib.suppress(OSError):
            for fd in os.listdir(f"/proc/{pid}/fd"):
                link = os.readlink(f"/proc/{pid}/fd/{fd}")
                if link.startswith("socket:[") and link[8:-1] in inodes:
                    return int(pid)
    return None


def serve_echo(port: int) -> None:
    """A bare Python gRPC server answering HasCollection / DescribeCollection with a canned response (the same
    thread pool and message limits as the mock): what Python gRPC costs by itself."""
    canned = {"HasCollection": milvus_pb2.BoolResponse(status=common_pb2.Status(), value=True),
              "DescribeCollection": milvus_pb2.DescribeCollectionResponse(status=common_pb2.Status())}
    handlers = {}
    for name, reply in canned.items():
        rpc = catalogue.get(name)
        handlers[name] = grpc.unary_unary_rpc_method_handler(
            lambda request, context, reply=reply: reply, request_deserializer=rpc.request_class().FromString,
            response_serializer=type(reply).SerializeToString)
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=16),
                         options=[("grpc.max_receive_message_length", 64 << 20), ("grpc.so_reuseport", 0)])
    server.add_generic_rpc_handlers([grpc.method_handlers_generic_handler(SERVICE_NAME, handlers)])
    server.add_insecure_port(f"127.0.0.1:{port}")
    server.start()
    server.wait_for_termination()


class Process:
    """A server subprocess (stopped by its own pid at the end)."""

    def __init__(self, label: str, cmd: list[str], port: int, ready_seconds: float = 60.0):
        self.label, self.address = label, f"127.0.0.1:{port}"
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if not wait_ready(self.address, ready_seconds):
            self.stop()
            raise RuntimeError(f"{label} did not answer on {self.address} within {ready_seconds:.0f} s: {cmd}")

    @property
    def pid(self) -> int:
        return self.proc.pid

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


# ---- clients --------------------------------------------------------------------------------------------------

class Client:
    """Raw unary calls over one channel (no recorder, no retries: the same client cost for every server)."""

    def __init__(self, label: str, address: str, pid: int | None = None):
        self.label, self.address, self.pid = label, address, pid
        self.channel = grpc.insecure_channel(address, options=[("grpc.max_send_message_length", 64 << 20),
                                                               ("grpc.max_receive_message_length", 64 << 20)])
        self._calls: dict[str, grpc.UnaryUnaryMultiCallable] = {}

    def call(self, name: str, request, timeout: float = 600.0):
        if name not in self._calls:
            rpc = catalogue.get(name)
            self._calls[name] = self.channel.unary_unary(
                rpc.path, request_serializer=lambda r: r if isinstance(r, bytes) else r.SerializeToString(),
                response_deserializer=rpc.response_class().FromString)
        reply = self._calls[name](request, timeout=timeout)
        status = getattr(reply, "status", None)
        if status is not None and (status.code or status.error_code):
            raise RuntimeError(f"{self.label} {name}: {status.code} {status.reason}")
        return reply

    def close(self) -> None:
        self.channel.close()


def schema_bytes(name: str, dim: int) -> bytes:
    return schema_pb2.CollectionSchema(name=name, fields=[
        schema_pb2.FieldSchema(fieldID=100, name="id", data_type=DT.Int64, is_primary_key=True),
        schema_pb2.FieldSchema(fieldID=101, name="vec", data_type=DT.FloatVector,
                               type_params=[KV(key="dim", value=str(dim))])]).SerializeToString()


def insert_requests(name: str, data: np.ndarray, batch: int) -> list[bytes]:
    out = []
    for s in range(0, len(data), batch):
        chunk = data[s:s + batch]
        ids = schema_pb2.FieldData(type=DT.Int64, field_name="id", field_id=100)
        ids.scalars.long_data.data.extend(range(s, s + len(chunk)))
        vec = schema_pb2.FieldData(type=DT.FloatVector, field_name="vec", field_id=101)
        vec.vectors.dim = data.shape[1]
        vec.vectors.float_vector.data.extend(chunk.ravel().tolist())
        out.append(milvus_pb2.InsertRequest(collection_name=name, fields_data=[ids, vec],
                                            num_rows=len(chunk)).SerializeToString())
    return out


def search_request(name: str, queries: np.ndarray, metric: str) -> bytes:
    pg = common_pb2.PlaceholderGroup(placeholders=[common_pb2.PlaceholderValue(
        tag="$0", type=common_pb2.PlaceholderType.FloatVector, values=[q.tobytes() for q in queries])])
    return milvus_pb2.SearchRequest(
        collection_name=name, dsl_type=common_pb2.DslType.BoolExprV1, placeholder_group=pg.SerializeToString(),
        nq=len(queries), consistency_level=common_pb2.ConsistencyLevel.Eventually,
        search_params=[KV(key="anns_field", value="vec"), KV(key="topk", value=str(TOPK)),
                       KV(key="metric_type", value=metric), KV(key="params", value="{}"),
                       KV(key="round_decimal", value="-1")]).SerializeToString()


def top_ids(reply) -> list[list[int]]:
    ids, out, start = list(reply.results.ids.int_id.data), [], 0
    for k in reply.results.topks:
        out.append(ids[start:start + k])
        start += k
    return out


def index(client: Client, name: str, metric: str, first: bool) -> None:
    if not first:
        client.call("ReleaseCollection", milvus_pb2.ReleaseCollectionRequest(collection_name=name))
        client.call("DropIndex", milvus_pb2.DropIndexRequest(collection_name=name, field_name="vec",
                                                              index_name="vec"))
    client.call("CreateIndex", milvus_pb2.CreateIndexRequest(
        collection_name=name, field_name="vec", index_name="vec",
        extra_params=[KV(key="index_type", value="FLAT"), KV(key="metric_type", value=metric),
                      KV(key="params", value="{}")]))
    client.call("LoadCollection", milvus_pb2.LoadCollectionRequest(collection_name=name))
    for _ in range(1200):
        state = client.call("GetLoadState", milvus_pb2.GetLoadStateRequest(collection_name=name)).state
        if state == common_pb2.LoadState.LoadStateLoaded:
            return
        time.sleep(0.1)
    raise RuntimeError(f"{client.label}: {name} not loaded after 120 s")


# ---- the numpy floor ------------------------------------------------------------------------------------------

class Floor:
    """Plain numpy brute force: the float32 matrix in memory, base norms computed once, one matrix product and an
    argpartition per request (the least any exact FLAT search in Python must do)."""

    def __init__(self, data: np.ndarray):
        self.data = data
        self.sq = np.einsum("nd,nd->n", data, data)
        self.unit = data / np.maximum(np.sqrt(self.sq), 1e-30)[:, None]

    def search(self, queries: np.ndarray, metric: str) -> list[list[int]]:
        if metric == "L2":
            keys = self.sq[None, :] - 2 * (queries @ self.data.T)
        elif metric == "IP":
            keys = -(queries @ self.data.T)
        else:
            keys = -((queries / np.linalg.norm(queries, axis=1)[:, None]) @ self.unit.T)
        part = np.argpartition(keys, TOPK - 1, axis=1)[:, :TOPK]
        order = np.take_along_axis(keys, part, axis=1).argsort(axis=1)
        return np.take_along_axis(part, order, axis=1).tolist()


# ---- measurements ---------------------------------------------------------------------------------------------

def p50_ms(fn, calls: int) -> float:
    times = []
    for _ in range(calls):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}x" if a and b else "n/a"


def unary(clients: list[Client], echo: Client, name: str, calls: int, rounds: int) -> None:
    print(f"\n== unary p50 ({calls} calls x {rounds} interleaved rounds, median of the round medians) ==")
    for rpc, request in (("HasCollection", milvus_pb2.HasCollectionRequest(collection_name=name)),
                         ("DescribeCollection", milvus_pb2.DescribeCollectionRequest(collection_name=name))):
        payload = request.SerializeToString()
        per: dict[str, list[float]] = {c.label: [] for c in [*clients, echo]}
        for c in [*clients, echo]:
            c.call(rpc, payload)  # warm up
        for _ in range(rounds):
            for c in [*clients, echo]:
                per[c.label].append(p50_ms(lambda c=c, rpc=rpc, payload=payload: c.call(rpc, payload), calls))
        med = {k: statistics.median(v) for k, v in per.items()}
        shown = ", ".join(f"{k} {v:.3f} ms" for k, v in med.items())
        print(f"{rpc}: {shown}")
        lite = med.get("milvus-lite")
        print(f"  mock/lite {ratio(med['mock'], lite)} (<= 1 is at least as fast), "
              f"mock/bare-gRPC {ratio(med['mock'], med['bare-gRPC'])}")


def insert(clients: list[Client], requests: list[bytes], rows: int) -> dict[str, float]:
    print(f"\n== insert {rows} rows in {len(requests)} requests ==")
    rate = {}
    for c in clients:
        start = time.perf_counter()
        for r in requests:
            c.call("Insert", r)
        seconds = time.perf_counter() - start
        rate[c.label] = rows / seconds
        print(f"{c.label}: {seconds:.2f} s, {rate[c.label]:,.0f} rows/s")
    if "milvus-lite" in rate:
        print(f"  mock/lite throughput {rate['mock'] / rate['milvus-lite']:.1f}x (>= 1 is at least as fast)")
    return rate


def searches(clients: list[Client], floor: Floor, name: str, metrics: list[str], rng, repeat1: int,
             repeat100: int) -> list[tuple]:
    rows = []
    for i, metric in enumerate(metrics):
        for c in clients:
            index(c, name, metric, first=i == 0)
        for nq, repeat in ((1, repeat1), (100, repeat100)):
            queries = rng.random((nq, floor.data.shape[1]), dtype=np.float32)
            payload = search_request(name, queries, metric)
            answers = {c.label: top_ids(c.call("Search", payload)) for c in clients}  # warm up (+ the mock's cache)
            answers["numpy"] = floor.search(queries, metric)
            per: dict[str, list[float]] = {c.label: [] for c in clients} | {"numpy": []}
            for _ in range(repeat):  # interleaved: one request to each, round after round
                for c in clients:
                    start = time.perf_counter()
                    c.call("Search", payload)
                    per[c.label].append(time.perf_counter() - start)
                start = time.perf_counter()
                floor.search(queries, metric)
                per["numpy"].append(time.perf_counter() - start)
            qps = {k: 1.0 / statistics.median(v) for k, v in per.items()}
            agree = {k: _overlap(answers["numpy"], v) for k, v in answers.items() if k != "numpy"}
            rows.append((metric, nq, qps, agree))
            shown = ", ".join(f"{k} {v:.2f}" for k, v in qps.items())
            print(f"{metric} nq {nq:>3}: requests/s {shown}; top-{TOPK} ids shared with numpy: "
                  + ", ".join(f"{k} {v:.1%}" for k, v in agree.items()))
            print(f"  mock/lite {ratio(qps['mock'], qps.get('milvus-lite'))} (>= 1 is at least as fast), "
                  f"numpy/mock {ratio(qps['numpy'], qps['mock'])} (<= 3 is within 3x of the floor)")
    return rows


def _overlap(want: list[list[int]], got: list[list[int]]) -> float:
    hits = sum(len(set(a) & set(b)) for a, b in zip(want, got, strict=False))
    return hits / max(1, sum(len(a) for a in want))


# ---- main -----------------------------------------------------------------------------------------------------

def lite_client(args, stack: contextlib.ExitStack) -> Client | None:
    if args.no_lite:
        print("milvus-lite column skipped (--no-lite)")
        return None
    if args.lite_cmd:
        port = free_port()
        data = stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-lite-"))
        cmd = shlex.split(args.lite_cmd)
        if any("{port}" in part or "{data}" in part for part in cmd):
            cmd = [part.format(port=port, data=data) for part in cmd]
        else:
            cmd += ["--data-dir", data, "--host", "127.0.0.1", "--port", str(port)]
        try:
            proc = Process("milvus-lite", cmd, port, ready_seconds=120)
        except (OSError, RuntimeError) as exc:
            print(f"milvus-lite column skipped: could not start {args.lite_cmd!r}: {exc}")
            return None
        stack.callback(proc.stop)
        return Client("milvus-lite", proc.address, proc.pid)
    if not wait_ready(args.lite_target, 3):
        print(f"milvus-lite column skipped: nothing answers at {args.lite_target} (give --lite-target HOST:PORT or "
              "--lite-cmd '/path/to/venv/bin/milvus-lite server' to start one)")
        return None
    port = int(args.lite_target.rsplit(":", 1)[1])
    return Client("milvus-lite", args.lite_target, pid_listening(port) if args.lite_target.startswith(
        ("127.0.0.1:", "localhost:")) else None)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--dim", type=int, default=128)
    ap.add_argument("--batch", type=int, default=5000, help="rows per Insert request")
    ap.add_argument("--metrics", default="L2,IP,COSINE")
    ap.add_argument("--repeat-nq1", type=int, default=30, help="requests per target at nq 1 (median)")
    ap.add_argument("--repeat-nq100", type=int, default=5, help="requests per target at nq 100 (median)")
    ap.add_argument("--unary-calls", type=int, default=200)
    ap.add_argument("--unary-rounds", type=int, default=7)
    ap.add_argument("--lite-target", default="127.0.0.1:19542", help="a running milvus-lite 3.2.2")
    ap.add_argument("--lite-cmd", help="start milvus-lite with this command instead (see the module docstring)")
    ap.add_argument("--no-lite", action="store_true")
    ap.add_argument("--serve-echo", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve_echo:
        serve_echo(args.serve_echo)
        return 0

    from conformance.orm import Ledger

    name = Ledger().name("bench")
    rng = np.random.default_rng(20261201)
    data = rng.random((args.rows, args.dim), dtype=np.float32)
    raw = data.nbytes
    with contextlib.ExitStack() as stack:
        mock_proc = Process("mock", [sys.executable, "-m", "conformance.cli", "mock", "--port", str(port := free_port())],
                            port)
        stack.callback(mock_proc.stop)
        echo_proc = Process("bare-gRPC", [sys.executable, __file__, "--serve-echo", str(port := free_port())], port)
        stack.callback(echo_proc.stop)
        mock = Client("mock", mock_proc.address, mock_proc.pid)
        echo = Client("bare-gRPC", echo_proc.address)
        lite = lite_client(args, stack)
        clients = [mock] + ([lite] if lite else [])
        print(f"mock {mock.address} (pid {mock.pid}); milvus-lite "
              f"{lite.address + f' (pid {lite.pid})' if lite else 'skipped'}; bare gRPC {echo.address}; "
              f"{args.rows} x {args.dim} float32 vectors ({raw / 2**20:.1f} MiB raw)")
        created = []
        try:
            for c in clients:
                c.call("CreateCollection", milvus_pb2.CreateCollectionRequest(
                    collection_name=name, schema=schema_bytes(name, args.dim), shards_num=1))
                created.append(c)
            unary(clients, echo, name, args.unary_calls, args.unary_rounds)
            requests = insert_requests(name, data, args.batch)
            before = {c.label: rss_bytes(c.pid) for c in clients}
            insert(clients, requests, args.rows)
            del requests
            for c in clients:
                c.call("Flush", milvus_pb2.FlushRequest(collection_names=[name]))
            print(f"\n== FLAT search, {args.rows} x {args.dim}, top {TOPK} ==")
            floor = Floor(data)
            searches(clients, floor, name, [m.strip().upper() for m in args.metrics.split(",") if m.strip()], rng,
                     args.repeat_nq1, args.repeat_nq100)
            print(f"\n== memory: RSS growth over insert + index + load + searches vs {raw / 2**20:.1f} MiB raw vectors ==")
            for c in clients:
                after = rss_bytes(c.pid)
                if before[c.label] is None or after is None:
                    print(f"{c.label}: process unknown, not measured")
                    continue
                grown = after - before[c.label]
                note = " (a shared server: other clients' data counts too)" if c is lite and not args.lite_cmd else ""
                print(f"{c.label}: +{grown / 2**20:.1f} MiB = {grown / raw:.2f}x the raw vectors{note}")
        finally:
            for c in created:
                with contextlib.suppress(Exception):
                    c.call("DropCollection", milvus_pb2.DropCollectionRequest(collection_name=name))
            for c in [*clients, echo]:
                c.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
