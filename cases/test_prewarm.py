"""Prewarm and DescribePrewarmTask (3.0 line protocol): asynchronous prewarm of a namespace partition. No Milvus
release implements them yet (milvus-io/milvus#50732), so the checks hold what the protocol states; a server
without them is reported "not implemented"."""

from __future__ import annotations

import pytest

from conformance.expectations import verify, verify_refused
from conformance.model.rules.platform import PREWARM_SINCE
from conformance.protocol import milvus_pb2

from .test_namespaces import collection

pytestmark = pytest.mark.requires(since=PREWARM_SINCE)


@pytest.mark.rpc("Prewarm", "DescribePrewarmTask")
def test_prewarm_a_namespace_and_describe_the_task(ledger, check, conn):
    c = collection(ledger, check, namespaces=True)
    ns = ledger.name("n")
    check(conn.call("CreateNamespace", milvus_pb2.CreateNamespaceRequest(collection_name=c.name, namespace_name=ns)),
          "CreateNamespace/creates")
    request = milvus_pb2.PrewarmRequest(collection_name=c.name, namespace=ns)
    reply = conn.call("Prewarm", request)
    check(reply, "Prewarm/starts-task")
    verify("Prewarm/returns-task-id", bool(reply.taskID) and reply.namespace == ns,
           expected=f"a task id and namespace {ns!r}", actual=f"task id {reply.taskID!r}, namespace {reply.namespace!r}",
           request=request)
    describe = milvus_pb2.DescribePrewarmTaskRequest(taskID=reply.taskID)
    described = conn.call("DescribePrewarmTask", describe)
    check(described, "DescribePrewarmTask/describes")
    known = described.state != milvus_pb2.PrewarmTaskStateUnknown and \
        described.state in milvus_pb2.PrewarmTaskState.values()
    verify("DescribePrewarmTask/shape", described.taskID == reply.taskID and known and 0 <= described.progress <= 100,
           expected=f"task {reply.taskID!r}, a known state, progress 0..100",
           actual=f"task {described.taskID!r}, state {described.state}, progress {described.progress}",
           request=describe)


@pytest.mark.rpc("Prewarm")
def test_prewarm_of_what_does_not_exist_is_refused(ledger, check, conn):
    missing = milvus_pb2.PrewarmRequest(collection_name=ledger.name("missing"), namespace="n1")
    verify_refused("Prewarm/missing-collection-refused", conn.call("Prewarm", missing), missing)
    c = collection(ledger, check, namespaces=True)
    no_such = milvus_pb2.PrewarmRequest(collection_name=c.name, namespace=ledger.name("n"))
    verify_refused("Prewarm/missing-namespace-refused", conn.call("Prewarm", no_such), no_such)


@pytest.mark.rpc("DescribePrewarmTask")
def test_describe_an_unknown_prewarm_task_is_refused(conn):
    request = milvus_pb2.DescribePrewarmTaskRequest(taskID="0")
    verify_refused("DescribePrewarmTask/unknown-task-refused", conn.call("DescribePrewarmTask", request), request)
