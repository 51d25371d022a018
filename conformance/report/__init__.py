"""Reports: the versioned JSON document and its markdown rendering, built from classified case results."""

from .build import (
    COVERED_STATUSES,
    OUTCOMES,
    RPC_STATUSES,
    SCHEMA,
    SCHEMA_VERSION,
    build_report,
    exit_code,
)
from .writers import (
    JSON_NAME,
    MARKDOWN_NAME,
    ReportError,
    ensure_writable,
    read_report,
    render_json,
    render_markdown,
    write_reports,
)

__all__ = [
    "COVERED_STATUSES",
    "JSON_NAME",
    "MARKDOWN_NAME",
    "OUTCOMES",
    "RPC_STATUSES",
    "SCHEMA",
    "SCHEMA_VERSION",
    "ReportError",
    "build_report",
    "ensure_writable",
    "exit_code",
    "read_report",
    "render_json",
    "render_markdown",
    "write_reports",
]
