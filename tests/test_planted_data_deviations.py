"""Deviations planted in the mock's data plane are caught by the data cases, blamed on the right RPC."""

from __future__ import annotations

import pytest
from test_planted_deviation import run_suite, status_of

from conformance.mock import serve
from conformance.mock.server import MockServicer


class DropsARow(MockServicer):
    def Query(self, request, context):
        reply = super().Query(request, context)
        for fd in reply.fields_data:
            kind = fd.WhichOneof("field")
            if kind == "scalars":
                slot = fd.scalars.WhichOneof("data")
                if slot and len(getattr(fd.scalars, slot).data) > 1:
                    del getattr(fd.scalars, slot).data[-1]
            elif kind == "vectors" and fd.vectors.WhichOneof("data") == "float_vector" and fd.vectors.dim:
                del fd.vectors.float_vector.data[-fd.vectors.dim:]
        return reply


def _edit_hits(reply, edit):
    res = reply.results
    ids, scores, start = list(res.ids.int_id.data), list(res.scores), 0
    for k in res.topks:
        i, s = edit(ids[start:start + k], scores[start:start + k])
        ids[start:start + k], scores[start:start + k] = i, s
        start += k
    del res.ids.int_id.data[:]
    res.ids.int_id.data.extend(ids)
    del res.scores[:]
    res.scores.extend(scores)
    return reply


class UnsortedHits(MockServicer):
    def Search(self, request, context):
        return _edit_hits(super().Search(request, context),
                          lambda i, s: (i[::-1], s[::-1]) if len(set(s)) > 1 else (i, s))


class WrongScore(MockServicer):
    def Search(self, request, context):
        return _edit_hits(super().Search(request, context), lambda i, s: (i, [x + 0.75 for x in s]))


class OneHitTooMany(MockServicer):
    def Search(self, request, context):
        reply = super().Search(request, context)
        res = reply.results
        if len(res.topks) == 1 and res.topks[0] >= 1:
            res.topks[0] += 1
            res.ids.int_id.data.append(res.ids.int_id.data[-1])
            res.scores.append(res.scores[-1])
            for fd in res.fields_data:
                if fd.WhichOneof("field") == "scalars":
                    slot = getattr(fd.scalars, fd.scalars.WhichOneof("data"))
                    slot.data.append(slot.data[-1])
        return reply


class DeleteIgnored(MockServicer):
    def Delete(self, request, context):
        from conformance.protocol import common_pb2, milvus_pb2

        return milvus_pb2.MutationResult(status=common_pb2.Status(), delete_cnt=1)


class OffByOneIds(MockServicer):
    def Insert(self, request, context):
        reply = super().Insert(request, context)
        if reply.IDs.int_id.data:
            del reply.IDs.int_id.data[-1]
        return reply


CASES = [
    (DropsARow, "test_query", ("Query",)),
    (UnsortedHits, "test_search", ("Search",)),
    (OneHitTooMany, "test_search", ("Search",)),
    (WrongScore, "test_search", ("Search",)),
    # Caught by delete_cnt (Delete) or by the deleted row staying visible (Query), whichever comes first.
    (DeleteIgnored, "test_delete_removes", ("Delete", "Query")),
    (OffByOneIds, "test_insert", ("Insert",)),
]


@pytest.mark.slow
@pytest.mark.parametrize(("servicer", "selection", "rpcs"), CASES, ids=[c[0].__name__ for c in CASES])
def test_planted_data_deviation_is_caught(tmp_path, servicer, selection, rpcs):
    with serve(servicer=servicer()) as server:
        code, report, output = run_suite(server.address, tmp_path, "-k", selection)
    assert code == 1, output
    assert any(status_of(report, rpc) == "deviating" for rpc in rpcs), output
    blamed = {d["rpc"] for d in report["deviations"]}
    assert blamed and blamed <= set(rpcs), f"only the planted RPC may be blamed: {blamed}"
