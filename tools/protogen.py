"""Pin the Milvus protocol: render .proto files from pymilvus's embedded descriptors, and build stubs.

pymilvus publishes no .proto files, only generated modules whose ``AddSerializedFile(b'...')`` call
carries each file's serialized ``FileDescriptorProto``. We read those bytes without importing pymilvus
(its modules would clash with ours in the default descriptor pool), render them back to ``.proto``
source, and generate our own stubs from that source, so ``proto/`` stays the single pinned truth.

    python tools/protogen.py render --wheel pymilvus-3.0.2-py3-none-any.whl   # -> proto/*.proto
    python tools/protogen.py stubs                                             # -> conformance/protocol/gen/
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
import zipfile
from pathlib import Path

from google.protobuf import (
    descriptor_pb2,
    descriptor_pool,
    message_factory,
    text_encoding,
    text_format,
    unknown_fields,
)

ROOT = Path(__file__).resolve().parent.parent
PROTO_DIR = ROOT / "proto"
STUB_DIR = ROOT / "conformance" / "protocol" / "gen"
PROTO_FILES = ("common.proto", "schema.proto", "rg.proto", "feder.proto", "msg.proto", "milvus.proto")
GRPC_SERVICE_FILES = ("milvus.proto",)
PYMILVUS_GEN = "pymilvus/grpc_gen/"


# --- reading serialized descriptors out of generated Python modules ---------------------------------


def serialized_descriptor(module_source: str) -> bytes:
    """The bytes passed to ``AddSerializedFile`` in a protoc-generated ``*_pb2.py`` source."""
    for node in ast.walk(ast.parse(module_source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "AddSerializedFile"
        ):
            return ast.literal_eval(node.args[0])
    raise ValueError("no AddSerializedFile(...) call in module source")


def file_descriptor(module_source: str) -> descriptor_pb2.FileDescriptorProto:
    return descriptor_pb2.FileDescriptorProto.FromString(serialized_descriptor(module_source))


def descriptors_from_wheel(wheel: Path) -> dict[str, descriptor_pb2.FileDescriptorProto]:
    with zipfile.ZipFile(wheel) as zf:
        return {
            (fd := file_descriptor(zf.read(name).decode())).name: fd
            for name in zf.namelist()
            if name.startswith(PYMILVUS_GEN) and name.endswith("_pb2.py")
        }


def descriptors_from_dir(directory: Path) -> dict[str, descriptor_pb2.FileDescriptorProto]:
    return {
        (fd := file_descriptor(path.read_text())).name: fd for path in sorted(directory.glob("*_pb2.py"))
    }


# --- rendering ---------------------------------------------------------------------------------------

_SCALAR = {
    getattr(descriptor_pb2.FieldDescriptorProto, "TYPE_" + t.upper()): t
    for t in (
        "double float int64 uint64 int32 fixed64 fixed32 bool string bytes uint32 "
        "sfixed32 sfixed64 sint32 sint64"
    ).split()
}


class _OptionDecoder:
    """Decodes options, custom extensions included, through a pool that knows every pinned file."""

    def __init__(self, files: list[descriptor_pb2.FileDescriptorProto]):
        self.pool = descriptor_pool.DescriptorPool()
        self.pool.AddSerializedFile(
            descriptor_pb2.FileDescriptorProto.FromString(
                descriptor_pb2.DESCRIPTOR.serialized_pb
            ).SerializeToString()
        )
        for fd in files:
            self.pool.Add(fd)
        self.classes = message_factory.GetMessageClassesForFiles(
            ["google/protobuf/descriptor.proto", *[fd.name for fd in files]], self.pool
        )

    def items(self, options) -> list[str]:
        """``name = value`` strings for every option set, in field-number order."""
        cls = self.classes[options.DESCRIPTOR.full_name]
        decoded = cls.FromString(options.SerializeToString())
        out = []
        for field, value in decoded.ListFields():
            name = f"(.{field.full_name})" if field.is_extension else field.name
            out.append(f"{name} = {self._value(field, value)}")
        if len(unknown_fields.UnknownFieldSet(decoded)):
            raise ValueError(f"options with fields no pinned file defines: {options}")
        return out

    @staticmethod
    def _value(field, value) -> str:
        if field.message_type is not None:
            return "{ " + text_format.MessageToString(value, as_one_line=True) + " }"
        if field.enum_type is not None:
            return field.enum_type.values_by_number[value].name
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, str):
            return '"' + text_encoding.CEscape(value, as_utf8=True) + '"'
        if isinstance(value, bytes):
            return '"' + text_encoding.CEscape(value, as_utf8=False) + '"'
        return repr(value)


class _Renderer:
    def __init__(self, options: _OptionDecoder):
        self.opts = options
        self.lines: list[str] = []

    def emit(self, depth: int, text: str) -> None:
        self.lines.append("  " * depth + text if text else "")

    def option_lines(self, depth: int, options) -> None:
        for item in self.opts.items(options):
            self.emit(depth, f"option {item};")

    def inline_options(self, options) -> str:
        items = self.opts.items(options)
        return f" [{', '.join(items)}]" if items else ""

    def render_file(self, fd: descriptor_pb2.FileDescriptorProto, header: str) -> str:
        self.lines = [line.rstrip() for line in header.splitlines()]
        self.emit(0, f'syntax = "{fd.syntax or "proto2"}";')
        self.emit(0, "")
        self.emit(0, f"package {fd.package};")
        self.emit(0, "")
        for i, dep in enumerate(fd.dependency):
            kind = "public " if i in fd.public_dependency else "weak " if i in fd.weak_dependency else ""
            self.emit(0, f'import {kind}"{dep}";')
        if fd.dependency:
            self.emit(0, "")
        if fd.HasField("options"):
            self.option_lines(0, fd.options)
            self.emit(0, "")
        for service in fd.service:
            self.render_service(service)
        for msg in fd.message_type:
            self.render_message(0, msg)
        for enum in fd.enum_type:
            self.render_enum(0, enum)
        self.render_extensions(0, fd.extension)
        return "\n".join(self.lines).rstrip() + "\n"

    def render_service(self, service) -> None:
        self.emit(0, f"service {service.name} {{")
        if service.HasField("options"):
            self.option_lines(1, service.options)
        for m in service.method:
            cs = "stream " if m.client_streaming else ""
            ss = "stream " if m.server_streaming else ""
            sig = f"rpc {m.name}({cs}{m.input_type}) returns ({ss}{m.output_type})"
            if m.HasField("options") and self.opts.items(m.options):
                self.emit(1, sig + " {")
                self.option_lines(2, m.options)
                self.emit(1, "}")
            else:
                self.emit(1, sig + " {}")
        self.emit(0, "}")
        self.emit(0, "")

    def render_extensions(self, depth: int, extensions) -> None:
        by_extendee: dict[str, list] = {}
        for ext in extensions:
            by_extendee.setdefault(ext.extendee, []).append(ext)
        for extendee, fields in by_extendee.items():
            self.emit(depth, f"extend {extendee} {{")
            for f in fields:
                self.emit(depth + 1, self.field_line(f, {}))
            self.emit(depth, "}")
            self.emit(depth, "")

    def field_type(self, f) -> str:
        return _SCALAR.get(f.type) or f.type_name

    def field_line(self, f, map_entries: dict) -> str:
        F = descriptor_pb2.FieldDescriptorProto
        entry = map_entries.get(f.type_name)
        if entry is not None:
            key, value = entry.field
            typ = f"map<{self.field_type(key)}, {self.field_type(value)}>"
            label = ""
        else:
            typ = self.field_type(f)
            if f.label == F.LABEL_REPEATED:
                label = "repeated "
            elif f.proto3_optional:
                label = "optional "
            elif f.label == F.LABEL_REQUIRED:
                label = "required "
            else:
                label = ""
        opts = self.opts.items(f.options) if f.HasField("options") else []
        if f.HasField("json_name"):
            opts.append(f'json_name = "{f.json_name}"')
        if f.HasField("default_value"):
            opts.append(f"default = {f.default_value}")
        suffix = f" [{', '.join(opts)}]" if opts else ""
        return f"{label}{typ} {f.name} = {f.number}{suffix};"

    def render_message(self, depth: int, msg) -> None:
        self.emit(depth, f"message {msg.name} {{")
        if msg.HasField("options"):
            self.option_lines(depth + 1, msg.options)
        # Map fields point at a synthetic nested ``XxxEntry`` type by fully qualified name.
        entries = {n.name: n for n in msg.nested_type if n.options.map_entry}
        full = {
            f.type_name: entries[f.type_name.rsplit(".", 1)[-1]]
            for f in msg.field
            if f.label == f.LABEL_REPEATED and f.type_name.rsplit(".", 1)[-1] in entries
        }
        for enum in msg.enum_type:
            self.render_enum(depth + 1, enum)
        fields = list(msg.field)
        emitted = 0
        open_oneof: list[int | None] = [None]
        closed_oneofs: set[int] = set()

        def emit_fields_until(stop: int) -> None:
            nonlocal emitted
            while emitted < stop:
                f = fields[emitted]
                in_oneof = f.HasField("oneof_index") and not f.proto3_optional
                index = f.oneof_index if in_oneof else None
                if open_oneof[0] is not None and open_oneof[0] != index:
                    self.emit(depth + 1, "}")
                    closed_oneofs.add(open_oneof[0])
                    open_oneof[0] = None
                if index is not None and open_oneof[0] is None:
                    if index in closed_oneofs:
                        raise ValueError(f"oneof {msg.oneof_decl[index].name} is not contiguous")
                    self.emit(depth + 1, f"oneof {msg.oneof_decl[index].name} {{")
                    open_oneof[0] = index
                inner = 2 if index is not None else 1
                self.emit(depth + inner, self.field_line(f, full))
                emitted += 1

        def close_oneof() -> None:
            if open_oneof[0] is not None:
                self.emit(depth + 1, "}")
                closed_oneofs.add(open_oneof[0])
                open_oneof[0] = None

        # Keep nested_type order as protoc builds it: a map entry is created where its field is declared.
        for nested in msg.nested_type:
            if nested.options.map_entry:
                owner = next(i for i, f in enumerate(fields) if f.type_name.endswith("." + nested.name))
                emit_fields_until(owner + 1)
            else:
                close_oneof()
                self.render_message(depth + 1, nested)
        emit_fields_until(len(fields))
        close_oneof()
        for r in msg.reserved_range:
            self.emit(depth + 1, f"reserved {r.start}" + (f" to {r.end - 1};" if r.end - 1 != r.start else ";"))
        for name in msg.reserved_name:
            self.emit(depth + 1, f'reserved "{name}";')
        for r in msg.extension_range:
            self.emit(depth + 1, f"extensions {r.start} to {r.end - 1};")
        self.render_extensions(depth + 1, msg.extension)
        self.emit(depth, "}")
        self.emit(depth, "")

    def render_enum(self, depth: int, enum) -> None:
        self.emit(depth, f"enum {enum.name} {{")
        if enum.HasField("options"):
            self.option_lines(depth + 1, enum.options)
        for v in enum.value:
            suffix = self.inline_options(v.options) if v.HasField("options") else ""
            self.emit(depth + 1, f"{v.name} = {v.number}{suffix};")
        for r in enum.reserved_range:
            self.emit(depth + 1, f"reserved {r.start}" + (f" to {r.end};" if r.end != r.start else ";"))
        for name in enum.reserved_name:
            self.emit(depth + 1, f'reserved "{name}";')
        self.emit(depth, "}")
        self.emit(depth, "")


HEADER = """\
// {name}: the Milvus protocol as pinned by milvus-conformance.
// Rendered by tools/protogen.py from the descriptor embedded in {source}.
// Do not edit by hand; see proto/README.md for provenance and licence (Apache-2.0).

"""


def render_all(files: dict[str, descriptor_pb2.FileDescriptorProto], source: str) -> dict[str, str]:
    ordered = [files[name] for name in PROTO_FILES]
    renderer = _Renderer(_OptionDecoder(ordered))
    return {fd.name: renderer.render_file(fd, HEADER.format(name=fd.name, source=source)) for fd in ordered}


# --- compiling -----------------------------------------------------------------------------------------


def compile_protos(out_dir: Path, proto_dir: Path = PROTO_DIR, grpc: bool = True) -> None:
    """Run grpcio-tools' protoc over ``proto_dir`` into ``out_dir`` with package-relative imports."""
    import importlib.resources

    from grpc_tools import protoc  # dev/test dependency only

    include = str(importlib.resources.files("grpc_tools") / "_proto")
    args = ["protoc", f"-I{proto_dir}", f"-I{include}", f"--python_out={out_dir}", f"--pyi_out={out_dir}"]
    if grpc:
        args.append(f"--grpc_python_out={out_dir}")
    args += [str(proto_dir / name) for name in PROTO_FILES]
    if protoc.main(args) != 0:
        raise RuntimeError("protoc failed on " + str(proto_dir))
    local = "|".join(Path(n).stem + "_pb2" for n in PROTO_FILES)
    for path in out_dir.glob("*.py*"):
        text = path.read_text()
        fixed = re.sub(rf"^import ({local}) as", r"from . import \1 as", text, flags=re.M)
        if fixed != text:
            path.write_text(fixed)


def cmd_render(args) -> int:
    files = descriptors_from_wheel(Path(args.wheel))
    missing = [n for n in PROTO_FILES if n not in files]
    if missing:
        print(f"error: {args.wheel} lacks {', '.join(missing)}", file=sys.stderr)
        return 2
    for name, text in render_all(files, Path(args.wheel).name).items():
        (PROTO_DIR / name).write_text(text)
        print(f"wrote proto/{name}")
    return 0


def cmd_stubs(args) -> int:
    STUB_DIR.mkdir(parents=True, exist_ok=True)
    for old in STUB_DIR.glob("*_pb2*.py*"):
        old.unlink()
    compile_protos(STUB_DIR)
    services = {Path(n).stem + "_pb2_grpc.py" for n in GRPC_SERVICE_FILES}
    for path in STUB_DIR.glob("*_pb2_grpc.py"):
        if path.name not in services:
            path.unlink()  # protoc writes an empty module for every file without a service
    print(f"wrote stubs to {STUB_DIR.relative_to(ROOT)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="protogen", description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("render", help="render proto/*.proto from a pymilvus wheel")
    r.add_argument("--wheel", required=True, help="path to pymilvus-3.0.2-py3-none-any.whl")
    sub.add_parser("stubs", help="generate Python stubs from proto/ into the package")
    args = ap.parse_args(argv)
    return {"render": cmd_render, "stubs": cmd_stubs}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
