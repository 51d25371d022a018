"""Target parsing, credentials metadata and the connection registry."""

from __future__ import annotations

import base64

import pytest

from conformance.transport import ConnectionRegistry, TargetError, parse_target


@pytest.mark.parametrize(
    ("text", "address", "tls"),
    [
        ("localhost:19530", "localhost:19530", False),
        ("127.0.0.1:19540", "127.0.0.1:19540", False),
        ("[::1]:19530", "[::1]:19530", False),
        ("http://db.example:19530", "db.example:19530", False),
        ("https://db.example:443/", "db.example:443", True),
        ("unix:/tmp/milvus.sock", "unix:/tmp/milvus.sock", False),
        ("unix:///tmp/milvus.sock", "unix:/tmp/milvus.sock", False),
        ("  localhost:1  ", "localhost:1", False),
    ],
)
def test_accepted_target_forms(text, address, tls):
    target = parse_target(text)
    assert (target.address, target.tls) == (address, tls)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty target"),
        ("localhost", "not host:port"),
        ("localhost:0", "out of range"),
        ("localhost:70000", "out of range"),
        ("ftp://x:1", "unsupported scheme"),
        ("unix:", "socket path"),
        ("host:port", "not host:port"),
    ],
)
def test_rejected_targets_say_why(text, message):
    with pytest.raises(TargetError, match=message):
        parse_target(text)


def test_user_and_password_go_out_base64_encoded_with_the_database():
    target = parse_target("localhost:19530", user="root", password="Milvus", db_name="db1")
    assert dict(target.metadata()) == {
        "authorization": base64.b64encode(b"root:Milvus").decode(),
        "dbname": "db1",
    }
    assert "Milvus" not in repr(target)


def test_token_goes_out_base64_encoded():
    target = parse_target("localhost:19530", token="abc:def")
    assert dict(target.metadata()) == {"authorization": base64.b64encode(b"abc:def").decode()}


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"token": "t", "user": "u", "password": "p"}, "either a token"),
        ({"user": "u"}, "needs a password"),
        ({"tls": True, "cert_file": "/nonexistent.pem"}, "both a client certificate"),
        ({"ca_file": "/nonexistent.pem"}, "plaintext target"),
        ({"tls": True, "ca_file": "/nonexistent.pem"}, "TLS file not found"),
        ({"timeout": 0}, "must be positive"),
    ],
)
def test_inconsistent_options_are_refused(options, message):
    with pytest.raises(TargetError, match=message):
        parse_target("localhost:19530", **options)


def test_registry_connects_by_alias_and_refuses_silent_replacement():
    registry = ConnectionRegistry()
    first = registry.connect("a", "localhost:1")
    assert registry.get("a") is first
    assert registry.connect("a", "localhost:1") is first  # same target: the same connection
    with pytest.raises(TargetError, match="already connected"):
        registry.connect("a", "localhost:2")
    second = registry.connect("b", "localhost:2")
    assert registry.aliases() == ["a", "b"] and second is not first
    registry.disconnect("a")
    assert not registry.has("a")
    with pytest.raises(KeyError, match="connected: b"):
        registry.get("a")
    registry.disconnect_all()
    assert registry.aliases() == []


def test_unreachable_target_is_reported_not_hung():
    registry = ConnectionRegistry()
    conn = registry.connect("x", "127.0.0.1:9")
    with pytest.raises(TargetError, match="cannot reach"):
        conn.wait_ready(timeout=0.5)
    registry.disconnect_all()
