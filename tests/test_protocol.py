"""The pinned protocol: proto/ reproduces pymilvus 3.0.2's descriptors, and the committed stubs are current."""

from __future__ import annotations

import importlib.metadata
from pathlib import Path

import protogen
import pytest

from conformance.protocol import catalogue, milvus_pb2

ROOT = Path(__file__).resolve().parent.parent
STUBS = ROOT / "conformance" / "protocol" / "gen"


def pymilvus_descriptors():
    """pymilvus 3.0.2's embedded descriptors, read from its files without importing it."""
    try:
        dist = importlib.metadata.distribution("pymilvus")
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("pymilvus is not installed in this environment")
    if dist.version != "3.0.2":
        pytest.skip(f"pymilvus {dist.version} is installed; the pin is 3.0.2")
    out = {}
    for f in dist.files or ():
        if str(f).startswith(protogen.PYMILVUS_GEN) and str(f).endswith("_pb2.py"):
            fd = protogen.file_descriptor(Path(dist.locate_file(f)).read_text())
            out[fd.name] = fd
    return out


@pytest.fixture(scope="module")
def compiled(tmp_path_factory):
    pytest.importorskip("grpc_tools")
    out = tmp_path_factory.mktemp("compiled")
    protogen.compile_protos(out, grpc=False)
    return protogen.descriptors_from_dir(out)


def test_proto_dir_compiles_to_pymilvus_descriptors(compiled):
    reference = pymilvus_descriptors()
    assert set(protogen.PROTO_FILES) <= set(reference)
    for name in protogen.PROTO_FILES:
        assert compiled[name].SerializeToString(deterministic=True) == reference[name].SerializeToString(
            deterministic=True
        ), f"proto/{name} does not reproduce pymilvus 3.0.2's descriptor"


def test_committed_stubs_are_current(compiled):
    committed = protogen.descriptors_from_dir(STUBS)
    for name in protogen.PROTO_FILES:
        assert committed[name] == compiled[name], f"stub for {name} is stale: run `tox -e regen`"


def test_rendering_the_wheel_descriptors_reproduces_proto_dir():
    reference = pymilvus_descriptors()
    rendered = protogen.render_all(reference, "pymilvus-3.0.2-py3-none-any.whl")
    for name, text in rendered.items():
        assert (ROOT / "proto" / name).read_text() == text, f"proto/{name} differs from a fresh render"


def test_catalogue_lists_every_milvus_service_rpc():
    rpcs = catalogue.all_rpcs()
    service = milvus_pb2.DESCRIPTOR.services_by_name["MilvusService"]
    assert len(rpcs) == 144 == len(service.methods)
    assert [r.name for r in rpcs] == [m.name for m in service.methods]
    assert catalogue.get("HasCollection").status_field == "status"
    assert catalogue.get("CreateCollection").bare_status
    assert catalogue.get("GetComponentStates").status_field == "status"
    assert catalogue.get("CreateReplicateStream").kind == "bidi-streaming"
    assert catalogue.get("DumpMessages").kind == "server-streaming"
    with pytest.raises(KeyError, match="not a MilvusService RPC"):
        catalogue.get("SearchV2")


def test_extracting_a_descriptor_from_source_rejects_foreign_modules():
    with pytest.raises(ValueError):
        protogen.serialized_descriptor("x = 1\n")
