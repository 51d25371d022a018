"""Replication (CDC): GetReplicateConfiguration, UpdateReplicateConfiguration, GetReplicateInfo, ReplicateMessage
(deprecated), CreateReplicateStream (bidi streaming) and DumpMessages (server streaming).

UpdateReplicateConfiguration, ReplicateMessage and CreateReplicateStream act on the whole server: their cases are
``global_effect`` (the bundled mock, or ``--allow-global-rpcs`` on a server you own) and even then change nothing:
the configuration sent is the one the server already has, no message is replicated, and the stream sends none."""

from __future__ import annotations

import pytest

from conformance.expectations import verify
from conformance.model.rules.platform import DUMP_SINCE, REPLICATE_CONFIG_SINCE, REPLICATE_SINCE
from conformance.protocol import milvus_pb2
from conformance.transport.connections import RpcTransportError

ABSENT_CLUSTER = "conformance-absent-cluster"


@pytest.mark.requires(since=REPLICATE_CONFIG_SINCE)
@pytest.mark.rpc("GetReplicateConfiguration")
def test_get_replicate_configuration(check, conn):
    check(conn.call("GetReplicateConfiguration", milvus_pb2.GetReplicateConfigurationRequest()),
          "GetReplicateConfiguration/answers")


@pytest.mark.global_effect
@pytest.mark.requires(since=REPLICATE_CONFIG_SINCE)
@pytest.mark.rpc("GetReplicateConfiguration", "UpdateReplicateConfiguration")
def test_update_replicate_configuration_with_the_current_one(check, conn):
    reply = conn.call("GetReplicateConfiguration", milvus_pb2.GetReplicateConfigurationRequest())
    check(reply, "GetReplicateConfiguration/answers")
    current = reply.configuration
    update = milvus_pb2.UpdateReplicateConfigurationRequest(replicate_configuration=current)
    check(conn.call("UpdateReplicateConfiguration", update), "UpdateReplicateConfiguration/updates")
    again = conn.call("GetReplicateConfiguration", milvus_pb2.GetReplicateConfigurationRequest())
    check(again, "GetReplicateConfiguration/answers")
    clusters = [c.cluster_id for c in again.configuration.clusters]
    verify("GetReplicateConfiguration/echoes-update", again.configuration == current,
           expected=f"clusters {[c.cluster_id for c in current.clusters]}", actual=f"clusters {clusters}",
           request=update)


@pytest.mark.requires(since=REPLICATE_SINCE)
@pytest.mark.rpc("GetReplicateInfo")
def test_replicate_info_of_an_unknown_source(conn):
    request = milvus_pb2.GetReplicateInfoRequest(source_cluster_id=ABSENT_CLUSTER, target_pchannel="absent_pchannel")
    try:
        reply = conn.call("GetReplicateInfo", request)
    except RpcTransportError as err:  # the response has no Status: a refusal travels as a gRPC error
        verify("GetReplicateInfo/unknown-source-empty", True, expected="no checkpoint", actual=f"refused ({err})",
               request=request)
        return
    verify("GetReplicateInfo/unknown-source-empty", not reply.HasField("checkpoint") or reply.checkpoint.time_tick == 0,
           expected="no checkpoint", actual=str(reply.checkpoint).strip() or "(empty)", request=request)


@pytest.mark.global_effect
@pytest.mark.rpc("ReplicateMessage")
def test_replicate_message_is_refused(conn):
    """No message is carried (``Msgs`` empty), so even a replication target would apply nothing."""
    request = milvus_pb2.ReplicateMessageRequest(channel_name="conformance-absent-channel")
    reply = conn.call("ReplicateMessage", request)
    verify("ReplicateMessage/refused", reply.status.code != 0 or reply.status.error_code != 0,
           expected="an error Status (not a replication target)",
           actual=f"code {reply.status.code} {reply.status.reason!r}", request=request)


@pytest.mark.global_effect
@pytest.mark.requires(since=REPLICATE_SINCE)
@pytest.mark.rpc("CreateReplicateStream")
def test_empty_replicate_stream(conn):
    request = milvus_pb2.ReplicateRequest()
    try:
        responses = conn.stream("CreateReplicateStream", requests=[])
    except RpcTransportError as err:  # a server may end a stream it will not serve with a gRPC error
        verify("CreateReplicateStream/empty-stream", True, expected="nothing confirmed", actual=f"ended: {err}",
               request=request)
        return
    verify("CreateReplicateStream/empty-stream", responses == [], expected="nothing confirmed",
           actual=f"{len(responses)} confirmation(s)", request=request)


@pytest.mark.requires(since=DUMP_SINCE)
@pytest.mark.rpc("DumpMessages")
def test_dump_messages_of_an_unknown_channel(conn):
    request = milvus_pb2.DumpMessagesRequest(pchannel="conformance-absent-pchannel", start_timetick=1, end_timetick=2)
    try:
        responses = conn.stream("DumpMessages", request, timeout=10)
    except RpcTransportError as err:
        verify("DumpMessages/unknown-channel-refused", True, expected="an error", actual=f"gRPC error: {err}",
               request=request)
        return
    errors_streamed = [r.status for r in responses if r.WhichOneof("response") == "status" and r.status.code != 0]
    verify("DumpMessages/unknown-channel-refused", bool(errors_streamed) and not any(
        r.WhichOneof("response") == "message" for r in responses),
        expected="an error Status and no message", actual=f"{len(responses)} response(s): "
        f"{[r.WhichOneof('response') for r in responses]}", request=request)
