"""Generic checks on every response's Status, whatever the RPC."""

from __future__ import annotations

from .common import MERR_STANDARDISATION
from .core import RECOMMENDED
from .evidence import Protocol, master
from .registry import semantic

_STATUS = master("pkg/util/merr/utils.go", "Status",
                 "every error becomes code, reason, error_code = oldCode(code), retriable, detail")

semantic("Status/present", "a response that has a Status field carries one",
         evidence=(Protocol("proto/milvus.proto", "every response message's status field"), _STATUS))
semantic("Status/reason-on-error", "an error carries a non-empty reason", evidence=_STATUS)
semantic("Status/legacy-agrees", "code and the deprecated error_code agree: both 0, or error_code = oldCode(code)",
         evidence=(master("pkg/util/merr/utils.go", "oldCode",
                          "1100/1101/1102 → IllegalArgument, 100 → CollectionNotExists, ..., else UnexpectedError"),))
# The classification exists since PR #50221 (master) / #50545 (2.6 line); before it, nothing marks input errors.
INPUT_ERROR_MARKED = semantic(
    "Status/input-error-marked", "an error Milvus classifies as the caller's carries extra_info is_input_error=true",
    evidence=(master("pkg/util/merr/utils.go", "Status", "InputError → extra_info is_input_error=true, retriable "
                     "false"), MERR_STANDARDISATION),
    level=RECOMMENDED, since="2.6.19")
semantic("Status/grpc-ok", "a well-formed request ends in gRPC OK with a Status (errors travel in the Status)",
         evidence=(master("pkg/util/merr/utils.go", "Status", "the proxy answers errors as a Status in an OK reply"),
                   Protocol("proto/milvus.proto", "MilvusService: every response carries common.Status")))
