"""Service RPCs: GetVersion, CheckHealth, Connect, GetComponentStates, CalcDistance."""

from __future__ import annotations

import pytest

from conformance.expectations import verify
from conformance.protocol import common_pb2, milvus_pb2, schema_pb2
from conformance.transport import connections


@pytest.mark.rpc("GetVersion")
def test_get_version(conn, check):
    reply = conn.call("GetVersion", milvus_pb2.GetVersionRequest())
    check(reply, "GetVersion/answers")
    verify("GetVersion/names-version", bool(reply.version.strip()), expected="a non-empty version string",
           actual=repr(reply.version), request=milvus_pb2.GetVersionRequest())


@pytest.mark.rpc("CheckHealth")
def test_check_health(conn, check):
    reply = conn.call("CheckHealth", milvus_pb2.CheckHealthRequest())
    check(reply, "CheckHealth/answers")
    verify("CheckHealth/healthy", reply.isHealthy, expected="isHealthy=true",
           actual=f"isHealthy=false, reasons={list(reply.reasons)}", request=milvus_pb2.CheckHealthRequest())


@pytest.mark.rpc("Connect")
def test_connect(conn, check):
    request = milvus_pb2.ConnectRequest(client_info=common_pb2.ClientInfo(
        sdk_type="milvus-conformance", sdk_version="0.1.0", local_time="1970-01-01T00:00:00Z", user="", host=""))
    check(conn.call("Connect", request), "Connect/answers")


@pytest.mark.rpc("Connect")
def test_connect_to_a_missing_database(conn, ledger, check):
    """Connect reads the database from the dbname metadata (as every request does), not from the request: a
    second channel to the same target whose metadata names a database that does not exist (recording into the
    run's recorder, so the answer is judged like any other)."""
    missing = ledger.name("nodb")
    alias = f"{ledger.token}-{missing}"
    other = connections.connect(alias, conn.target.with_options(db_name=missing), recorder=conn.recorder)
    try:
        other.ownership = getattr(conn, "ownership", None)
        request = milvus_pb2.ConnectRequest(client_info=common_pb2.ClientInfo(
            sdk_type="milvus-conformance", sdk_version="0.1.0", local_time="1970-01-01T00:00:00Z"))
        check(other.call("Connect", request), "Connect/missing-database")
    finally:
        connections.disconnect(alias)


@pytest.mark.rpc("GetComponentStates")
def test_get_component_states(conn, check):
    reply = conn.call("GetComponentStates", milvus_pb2.GetComponentStatesRequest())
    check(reply, "GetComponentStates/answers")
    verify("GetComponentStates/healthy", reply.state.state_code == common_pb2.StateCode.Healthy,
           expected="state.state_code Healthy", actual=common_pb2.StateCode.Name(reply.state.state_code),
           request=milvus_pb2.GetComponentStatesRequest())


@pytest.mark.rpc("CalcDistance")
def test_calc_distance_is_deprecated(conn, check):
    """Milvus removed CalcDistance: it answers ServiceUnavailable for any request (clients compute distances
    from search results instead)."""
    request = milvus_pb2.CalcDistanceRequest(
        op_left=milvus_pb2.VectorsArray(data_array=schema_pb2.VectorField(
            dim=2, float_vector=schema_pb2.FloatArray(data=[1.0, 2.0]))),
        op_right=milvus_pb2.VectorsArray(data_array=schema_pb2.VectorField(
            dim=2, float_vector=schema_pb2.FloatArray(data=[1.0, 3.0]))),
        params=[common_pb2.KeyValuePair(key="metric", value="L2")])
    check(conn.call("CalcDistance", request), "CalcDistance/deprecated")
