"""Whole-server observations run alone: a cross-process reader/writer lock over the run's workers.

Every case holds the lock shared for its whole protocol (setup, call, teardown, so module fixtures that
create collections count too); a case marked ``whole_server`` (it observes state of the whole server, such as
GetFlushAllState) holds it exclusively, so no other worker of the run creates or changes anything meanwhile.
A gate lock gives the exclusive holder priority over new shared holders. flock is per open file, so each
holder opens its own descriptors; the lock files live in a directory the controller makes for the run.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: cases run unisolated (xdist on such hosts is rare)
    fcntl = None


class ServerLock:
    def __init__(self, directory: str):
        self.gate = os.path.join(directory, "gate.lock")
        self.main = os.path.join(directory, "main.lock")

    @contextlib.contextmanager
    def _locked(self, path: str, mode: int) -> Iterator[None]:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, mode)
            yield
        finally:
            os.close(fd)  # closing releases the lock

    @contextlib.contextmanager
    def shared(self) -> Iterator[None]:
        if fcntl is None:
            yield
            return
        with self._locked(self.gate, fcntl.LOCK_EX):  # wait behind a pending exclusive holder
            fd = os.open(self.main, os.O_RDWR | os.O_CREAT, 0o600)
            fcntl.flock(fd, fcntl.LOCK_SH)
        try:
            yield
        finally:
            os.close(fd)

    @contextlib.contextmanager
    def exclusive(self) -> Iterator[None]:
        if fcntl is None:
            yield
            return
        with self._locked(self.gate, fcntl.LOCK_EX), self._locked(self.main, fcntl.LOCK_EX):
            yield
