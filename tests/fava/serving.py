"""A real `jcg serve` process for the tests that need one (browser, attacks over HTTP)."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

import pytest

from jcg_ledger.books.layout import Ledger


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def jcg_serve(
    ledger: Ledger,
    port: int,
    *options: str,
    env: dict[str, str] | None = None,
    timeout: float = 60,
    output: IO[bytes] | None = None,
) -> Iterator[subprocess.Popen[bytes]]:
    """`jcg --ledger L serve --port P OPTIONS…` until it accepts connections; stopped after.

    Its output goes to a file, not a pipe: the access log a busy browser test writes to
    standard output would fill a pipe nobody reads and stall the server. `output` is that
    file if given (to be read), else a temporary one."""
    with contextlib.ExitStack() as stack:
        if output is None:
            output = stack.enter_context(tempfile.TemporaryFile())
        process = subprocess.Popen(
            [
                *(sys.executable, "-m", "jcg_ledger.cli", "--ledger", str(ledger.root), "serve"),
                *("--port", str(port), *options),
            ],
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
        )
        try:
            _wait_for(process, port, output, timeout)
            yield process
        finally:
            process.terminate()
            process.wait(timeout=10)


def _wait_for(
    process: subprocess.Popen[bytes], port: int, output: IO[bytes], timeout: float
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            if process.poll() is not None:
                output.seek(0)
                pytest.fail(f"jcg serve exited: {output.read().decode()}")
            time.sleep(0.2)
    pytest.fail(f"jcg serve did not start within {timeout:.0f} s")
