"""Namespaces (3.0 line): CreateNamespace, DescribeNamespace, ListNamespaces, DropNamespace, HasNamespace,
GetNamespaceStats. Master serves them only on a collection created with ``enable_namespace`` and the property
``namespace.mode=partition`` (a namespace is then a partition of it); on any other collection each RPC is
refused with ParameterInvalid."""

from __future__ import annotations

import pytest

from conformance.expectations import verify, verify_refused
from conformance.model.platform import NAMESPACE_MODE_KEY, NAMESPACE_MODE_PARTITION
from conformance.model.rules.platform import NAMESPACES_SINCE
from conformance.orm import Collection
from conformance.protocol import milvus_pb2

from .builders import plain_collection

pytestmark = pytest.mark.requires(since=NAMESPACES_SINCE)

RPCS = ("CreateNamespace", "DescribeNamespace", "ListNamespaces", "DropNamespace", "HasNamespace",
        "GetNamespaceStats")


def collection(ledger, check, *, namespaces: bool) -> Collection:
    props = {NAMESPACE_MODE_KEY: NAMESPACE_MODE_PARTITION} if namespaces else None
    return plain_collection(ledger, check, enable_namespace=namespaces, properties=props)


def request(rpc: str, coll: str, namespace: str = "", **extra):
    cls = getattr(milvus_pb2, f"{rpc}Request")
    if rpc == "ListNamespaces":
        return cls(collection_name=coll, **extra)
    return cls(collection_name=coll, namespace_name=namespace, **extra)


@pytest.mark.rpc(*RPCS)
def test_namespace_lifecycle(ledger, check, conn):
    """create → has → described → listed → stats → duplicate refused → dropped → gone."""
    c = collection(ledger, check, namespaces=True)
    ns = ledger.name("n")
    create = request("CreateNamespace", c.name, ns)
    reply = conn.call("CreateNamespace", create)
    check(reply, "CreateNamespace/creates")
    info = reply.namespace
    verify("CreateNamespace/returns-info", info.namespace_name == ns and info.collection_name == c.name
           and info.state == "Ready", expected=f"namespace {ns!r} of {c.name!r}, state Ready",
           actual=f"namespace {info.namespace_name!r} of {info.collection_name!r}, state {info.state!r}",
           request=create)
    has = request("HasNamespace", c.name, ns)
    reply = conn.call("HasNamespace", has)
    check(reply, "HasNamespace/answers")
    verify("HasNamespace/value", reply.value, expected="true for the created namespace", actual=str(reply.value),
           request=has)
    describe = request("DescribeNamespace", c.name, ns)
    reply = conn.call("DescribeNamespace", describe)
    check(reply, "DescribeNamespace/existing")
    verify("DescribeNamespace/echoes", reply.namespace.namespace_name == ns and reply.namespace.collection_name
           == c.name, expected=f"{ns!r} of {c.name!r}",
           actual=f"{reply.namespace.namespace_name!r} of {reply.namespace.collection_name!r}", request=describe)
    listing = request("ListNamespaces", c.name)
    reply = conn.call("ListNamespaces", listing)
    check(reply, "ListNamespaces/existing")
    names = [n.namespace_name for n in reply.namespaces]
    verify("ListNamespaces/lists-namespaces", names == [ns], expected=f"[{ns!r}]", actual=str(names), request=listing)
    stats = request("GetNamespaceStats", c.name, ns)
    reply = conn.call("GetNamespaceStats", stats)
    check(reply, "GetNamespaceStats/existing")
    verify("GetNamespaceStats/shape", reply.namespace_name == ns and reply.stats.entity_count_type == "approximate"
           and reply.stats.approx_entity_count == 0, expected=f"{ns!r}, approximate count 0",
           actual=f"{reply.namespace_name!r}, {reply.stats.entity_count_type!r} count "
                  f"{reply.stats.approx_entity_count}", request=stats)
    verify_refused("CreateNamespace/duplicate-refused", conn.call("CreateNamespace", create), create)
    drop = request("DropNamespace", c.name, ns)
    check(conn.call("DropNamespace", drop), "DropNamespace/drops")
    reply = conn.call("HasNamespace", has)
    check(reply, "HasNamespace/answers")
    verify("HasNamespace/value", not reply.value, expected="false once dropped", actual=str(reply.value), request=has)
    verify_refused("DescribeNamespace/missing-refused", conn.call("DescribeNamespace", describe), describe)
    verify_refused("DropNamespace/missing-refused", conn.call("DropNamespace", drop), drop)
    verify_refused("GetNamespaceStats/missing-refused", conn.call("GetNamespaceStats", stats), stats)


@pytest.mark.rpc("CreateNamespace", "ListNamespaces", "DropNamespace")
def test_namespace_pages(ledger, check, conn):
    c = collection(ledger, check, namespaces=True)
    spaces = sorted(ledger.name("n") for _ in range(3))
    for ns in spaces:
        check(conn.call("CreateNamespace", request("CreateNamespace", c.name, ns)), "CreateNamespace/creates")
    first = request("ListNamespaces", c.name, page_size=1)
    reply = conn.call("ListNamespaces", first)
    check(reply, "ListNamespaces/existing")
    page1 = [n.namespace_name for n in reply.namespaces]
    nxt = request("ListNamespaces", c.name, page_size=5, page_token=reply.next_page_token)
    reply2 = conn.call("ListNamespaces", nxt)
    check(reply2, "ListNamespaces/existing")
    page2 = [n.namespace_name for n in reply2.namespaces]
    verify("ListNamespaces/pages", page1 == spaces[:1] and page2 == spaces[1:] and reply.next_page_token
           and not reply2.next_page_token, expected=f"{spaces[:1]} then {spaces[1:]}",
           actual=f"{page1} (next {reply.next_page_token!r}) then {page2} (next {reply2.next_page_token!r})",
           request=nxt)
    check(conn.call("ListNamespaces", request("ListNamespaces", c.name, page_size=-1)),
          "ListNamespaces/negative-page-size")
    check(conn.call("ListNamespaces", request("ListNamespaces", c.name, page_token="x")),
          "ListNamespaces/bad-page-token")
    for ns in spaces:
        check(conn.call("DropNamespace", request("DropNamespace", c.name, ns)), "DropNamespace/drops")


@pytest.mark.rpc(*RPCS)
def test_namespace_rpcs_refuse_plain_and_missing_collections(ledger, check, conn):
    plain = collection(ledger, check, namespaces=False)
    missing = ledger.name("missing")
    for rpc in RPCS:
        ns = ledger.name("n")
        check(conn.call(rpc, request(rpc, plain.name, ns)), f"{rpc}/namespaces-disabled")
        check(conn.call(rpc, request(rpc, missing, ns)), f"{rpc}/missing-collection")


@pytest.mark.rpc("CreateNamespace", "DescribeNamespace", "HasNamespace", "GetNamespaceStats")
def test_namespace_name_rules(ledger, check, conn):
    c = collection(ledger, check, namespaces=True)
    for rpc in ("CreateNamespace", "DescribeNamespace", "HasNamespace", "GetNamespaceStats"):
        check(conn.call(rpc, request(rpc, c.name, "")), f"{rpc}/invalid-name")
    check(conn.call("GetNamespaceStats", request("GetNamespaceStats", c.name, ledger.name("n"), exact=True)),
          "GetNamespaceStats/exact-unsupported")
