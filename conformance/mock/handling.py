"""What every mock handler shares: the database a call names, and the wrapper that turns a MilvusError into
the RPC's own error response (never a gRPC failure). Family handler modules import it; the server composes them."""

from __future__ import annotations

import functools
import logging

from ..model import errors
from ..protocol import catalogue, common_pb2

log = logging.getLogger("conformance.mock.server")

# A reason (and detail) longer than this is cut (model decision): an error echoing a multi-megabyte argument must
# still fit the response in the message size limit, twice.
MAX_REASON_CHARS = 1 << 16


def metadata_db(context) -> str:
    for key, value in context.invocation_metadata() or ():
        if key.lower() == "dbname":
            return value
    return ""


def shorten_status(status: common_pb2.Status) -> common_pb2.Status:
    for name in ("reason", "detail"):
        text = getattr(status, name)
        if len(text) > MAX_REASON_CHARS:
            setattr(status, name, f"{text[:MAX_REASON_CHARS]}...({len(text) - MAX_REASON_CHARS} more characters)")
    return status


def error_response(rpc_name: str, status: common_pb2.Status):
    status = shorten_status(status)
    rpc = catalogue.get(rpc_name)
    if rpc.bare_status:
        return status
    resp = rpc.response_class()()
    if rpc.status_field:
        getattr(resp, rpc.status_field).CopyFrom(status)
    return resp


def handler(method):
    """Turn MilvusError into the RPC's error response and any other exception into Status 65535."""
    name = method.__name__

    @functools.wraps(method)
    def wrapper(self, request, context):
        try:
            return method(self, request, context)
        except errors.MilvusError as err:
            return error_response(name, err.to_status())
        except Exception as exc:  # never crash the RPC: Milvus would answer a plain error (65535)
            log.exception("mock %s failed", name)
            return error_response(name, errors.unexpected(f"mock internal error: {exc!r}").to_status())

    wrapper.mock_implemented = True
    return wrapper
