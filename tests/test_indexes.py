"""The index model (conformance/model/indexes.py) and the mock's index RPCs: every parameter row of the cases
is answered as its row says, AlterIndex / GetIndexStatistics keep consistent state, the feder RPCs answer
ServiceUnavailable, and a mock that reports another metric than the one created is caught."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import grpc
import pytest

from conformance.mock import serve
from conformance.mock.server import MockServicer
from conformance.model import errors
from conformance.model import indexes as im
from conformance.model.catalog import Catalog
from conformance.protocol import common_pb2, feder_pb2, milvus_pb2, milvus_pb2_grpc


def answer_of(row: im.Row) -> str:
    schema = im.row_schema("c", row.vector_type)
    fld = next(f for f in schema.fields if f.name == row.field)
    try:
        im.validate(fld, row.params)
    except errors.MilvusError as err:
        return err.check_id
    return "CreateIndex/params/accepts-valid"


@pytest.mark.parametrize("row", im.VALID_ROWS + im.INVALID_ROWS, ids=lambda r: r.id)
def test_model_answers_each_row_as_the_row_says(row):
    assert answer_of(row) == row.check


def test_params_json_is_expanded_before_validation():
    fld = next(f for f in im.row_schema("c", im.FV).fields if f.name == "vec")
    im.validate(fld, {"index_type": "IVF_FLAT", "metric_type": "L2", "params": json.dumps({"nlist": 8})})
    with pytest.raises(errors.MilvusError) as err:
        im.validate(fld, {"index_type": "IVF_FLAT", "metric_type": "L2", "params": json.dumps({"nlist": 0})})
    assert err.value.check_id == "CreateIndex/params/out-of-range" and err.value.code == 1100


def test_out_of_range_boundaries_are_inclusive():
    fld = next(f for f in im.row_schema("c", im.FV).fields if f.name == "vec")
    for m, ok in (("1", False), ("2", True), ("2048", True), ("2049", False)):
        params = {"index_type": "HNSW", "metric_type": "L2", "M": m}
        if ok:
            im.validate(fld, params)
        else:
            with pytest.raises(errors.MilvusError):
                im.validate(fld, params)


def _catalog_with_index() -> Catalog:
    cat = Catalog()
    req = milvus_pb2.CreateCollectionRequest(collection_name="c", schema=im.row_schema("c", im.FV).SerializeToString())
    cat.create_collection("default", req)
    cat.create_index("default", "c", "vec", {"index_type": "IVF_FLAT", "metric_type": "L2", "nlist": "16"})
    return cat


def test_alter_index_sets_deletes_and_refuses_in_master_order():
    cat = _catalog_with_index()
    cat.alter_index("default", "c", "vec", {im.MMAP_ENABLED: "true"})
    (ix,) = cat.describe_index("default", "c", index_name="vec")
    assert dict(ix.params) == {"index_type": "IVF_FLAT", "metric_type": "L2", "nlist": "16", im.MMAP_ENABLED: "true"}
    cat.alter_index("default", "c", "vec", {}, [im.MMAP_ENABLED])
    (ix,) = cat.describe_index("default", "c", index_name="vec")
    assert im.MMAP_ENABLED not in dict(ix.params)

    def refused(*args):
        with pytest.raises(errors.MilvusError) as err:
            cat.alter_index(*args)
        return err.value.check_id, err.value.code

    # argument checks come before the collection lookup; the index name is checked after it
    assert refused("default", "missing", "vec", {"nlist": "8"}) == ("AlterIndex/not-configurable", 1100)
    assert refused("default", "missing", "vec", {im.MMAP_ENABLED: "1"}, [im.MMAP_ENABLED]) == \
        ("AlterIndex/params-and-delete-keys", 1100)
    assert refused("default", "missing", "", {im.MMAP_ENABLED: "1"}) == ("AlterIndex/missing-collection", 100)
    assert refused("default", "c", "", {im.MMAP_ENABLED: "1"}) == ("AlterIndex/empty-index-name", 1100)
    assert refused("default", "c", "nope", {im.MMAP_ENABLED: "1"}) == ("AlterIndex/missing-index", 700)
    cat.load_collection("default", "c")
    assert refused("default", "c", "vec", {im.MMAP_ENABLED: "1"}) == ("AlterIndex/loaded-collection", 104)


def test_index_statistics_and_feder_rpcs_through_the_mock():
    with serve() as server:
        stub = milvus_pb2_grpc.MilvusServiceStub(grpc.insecure_channel(server.address))
        schema = im.row_schema("c", im.FV)
        stub.CreateCollection(milvus_pb2.CreateCollectionRequest(collection_name="c",
                                                                 schema=schema.SerializeToString()))
        none = stub.GetIndexStatistics(milvus_pb2.GetIndexStatisticsRequest(collection_name="c"))
        assert none.status.code == 700
        kv = [common_pb2.KeyValuePair(key="index_type", value="FLAT"), common_pb2.KeyValuePair(key="metric_type",
                                                                                               value="IP")]
        assert stub.CreateIndex(milvus_pb2.CreateIndexRequest(collection_name="c", field_name="vec",
                                                              extra_params=kv)).code == 0
        stats = stub.GetIndexStatistics(milvus_pb2.GetIndexStatisticsRequest(collection_name="c"))
        assert stats.status.code == 0
        (desc,) = stats.index_descriptions
        assert (desc.index_name, desc.field_name) == ("vec", "vec")
        assert {p.key: p.value for p in desc.params} == {"index_type": "FLAT", "metric_type": "IP"}
        assert stub.GetIndexStatistics(milvus_pb2.GetIndexStatisticsRequest(
            collection_name="c", index_name="nope")).status.code == 700
        assert stub.GetIndexStatistics(milvus_pb2.GetIndexStatisticsRequest(
            collection_name="missing")).status.code == 100
        lis = stub.ListIndexedSegment(feder_pb2.ListIndexedSegmentRequest(collection_name="c", index_name="vec"))
        assert (lis.status.code, lis.status.reason) == (2, "service unavailable: ListIndexedSegment unimplemented")
        dsid = stub.DescribeSegmentIndexData(feder_pb2.DescribeSegmentIndexDataRequest(collection_name="c"))
        assert dsid.status.code == 2


class DescribeIndexReportsAnotherMetric(MockServicer):
    """Creates the index faithfully, but DescribeIndex reports metric COSINE whatever was sent."""

    def DescribeIndex(self, request, context):
        resp = super().DescribeIndex(request, context)
        for desc in resp.index_descriptions:
            for kv in desc.params:
                if kv.key == "metric_type":
                    kv.value = "COSINE" if kv.value != "COSINE" else "IP"
        return resp


@pytest.mark.slow
def test_a_describe_index_reporting_another_metric_is_caught(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "MILVUS_TARGET"}
    with serve(servicer=DescribeIndexReportsAnotherMetric()) as server:
        proc = subprocess.run(
            [sys.executable, "-m", "conformance.cli", "run", "--target", server.address, "--report-dir",
             str(tmp_path), "-n", "0", "-q", "-k", "test_valid_index_params and (float-hnsw or binary-bin-flat)"],
            capture_output=True, text=True, timeout=300, env=env)
    report = json.loads((tmp_path / "report.json").read_text())
    assert proc.returncode == 1, proc.stdout + proc.stderr
    failed = {f["check"] for d in report["deviations"] for f in d["findings"]}
    assert "DescribeIndex/echoes-params" in failed, report["deviations"]
    assert len(report["deviations"]) == 2
