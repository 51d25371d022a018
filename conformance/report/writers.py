"""Write a report as report.json (the versioned document) and report.md (rendered by a jinja2 template)."""

from __future__ import annotations

import json
import os
from importlib.resources import files
from pathlib import Path

import jinja2

from .baseline import gate
from .build import build_report

JSON_NAME = "report.json"
MARKDOWN_NAME = "report.md"
TEMPLATE_NAME = "report.md.j2"


class ReportError(OSError):
    """The report could not be written; the message says where and why."""


def _cell(value) -> str:
    """Make a value safe for one markdown table cell."""
    text = "" if value is None else str(value)
    return " ".join(text.split()).replace("|", "\\|")


def _fence(text) -> str:
    """A code fence long enough not to be closed by backticks inside ``text``."""
    longest, run = 0, 0
    for ch in str(text or ""):
        run = run + 1 if ch == "`" else 0
        longest = max(longest, run)
    return "`" * max(3, longest + 1)


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(
            lambda name: (files(__package__) / "templates" / name).read_text(encoding="utf-8")
        ),
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["cell"] = _cell
    env.filters["fence"] = _fence
    return env


def render_markdown(report: dict) -> str:
    return _environment().get_template(TEMPLATE_NAME).render(report=report)


def render_json(report: dict) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


def _write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        raise ReportError(f"cannot write the report file {path}: {err.strerror or err}") from err


def ensure_writable(report_dir) -> Path:
    """Create ``report_dir`` if needed and check a file can be written in it; raise ReportError if not."""
    path = Path(report_dir)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise ReportError(f"cannot create the report directory {path}: {err.strerror or err}") from err
    if not path.is_dir():
        raise ReportError(f"the report directory {path} is not a directory")
    probe = path / f".write-test-{os.getpid()}"
    try:
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as err:
        raise ReportError(f"cannot write in the report directory {path}: {err.strerror or err}") from err
    return path


def write_reports(results, report_dir, *, baseline: dict | None = None, partial: bool = False, **meta) -> list[Path]:
    """Build the report from ``results`` (gated by ``baseline`` when given) and write report.json and
    report.md into ``report_dir``.

    ``meta`` are build_report's keywords: target, server, profile and optionally started, finished, token,
    self_check, incomplete. Returns the written paths (JSON first). Raises ReportError when the directory
    cannot be written.
    """
    meta.setdefault("target", None)
    meta.setdefault("server", None)
    meta.setdefault("profile", None)
    report = build_report(results, **meta)
    if baseline is not None:
        gate(report, baseline, partial=partial)
    directory = ensure_writable(report_dir)
    _write_replay_scripts(report, directory)
    json_path, md_path = directory / JSON_NAME, directory / MARKDOWN_NAME
    _write(json_path, render_json(report))
    _write(md_path, render_markdown(report))
    return [json_path, md_path]


REPLAY_DIR = "replay"


def _write_replay_scripts(report: dict, directory: Path) -> None:
    """Each deviation's recorded minimal example as ``replay/NN-RPC.py`` (stale scripts removed first)."""
    replay_dir = directory / REPLAY_DIR
    if replay_dir.is_dir():
        for old in replay_dir.glob("*.py"):
            old.unlink()
    for number, dev in enumerate(report["deviations"], 1):
        script = dev.pop("replay_script", "")
        if not script:
            continue
        replay_dir.mkdir(exist_ok=True)
        safe_rpc = "".join(c for c in (dev.get("rpc") or "case") if c.isalnum())[:60]
        path = replay_dir / f"{number:03d}-{safe_rpc}.py"
        _write(path, script)
        dev["replay_file"] = f"{REPLAY_DIR}/{path.name}"


def read_report(path) -> dict:
    """Load a report.json (a file, or a directory holding one) and check its schema."""
    path = Path(path)
    if path.is_dir():
        path = path / JSON_NAME
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise ReportError(f"cannot read the report {path}: {err}") from err
    if not isinstance(doc, dict) or doc.get("schema") != "milvus-conformance/report":
        raise ReportError(f"{path} is not a milvus-conformance report")
    return doc
