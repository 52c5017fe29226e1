"""Start ``analisis sajikan`` (``python -m analisis.aplikasi.cli``) for tests, exactly as users do.

Kept free of pytest fixtures so any test module can use it; the server runs on a free port and
the caller waits on ``/liveness`` (never on a sleep).
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def port_bebas() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def sajikan(laporan: Path, log: Path, batas_detik: float = 180) -> Iterator[str]:
    """Run the server on ``laporan`` (output in ``log``); yield its base URL; stop it after."""
    port = port_bebas()
    with open(log, "w") as f:
        proses = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "analisis.aplikasi.cli",
                "--laporan",
                str(laporan),
                "--port",
                str(port),
                "--tanpa-buka",
            ],
            stdout=f,
            stderr=subprocess.STDOUT,
            env={
                **os.environ,
                "PYTHONUNBUFFERED": "1",
                "XDG_CACHE_HOME": str(laporan.parent / "cache"),
            },
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _tunggu_siap(url, proses, log, batas_detik)
        yield url
    finally:
        proses.send_signal(signal.SIGTERM)  # forwarded to the panel serve child
        try:
            proses.wait(30)
        except subprocess.TimeoutExpired:
            proses.kill()


def _tunggu_siap(url: str, proses: subprocess.Popen, log: Path, batas_detik: float) -> None:
    batas = time.monotonic() + batas_detik
    while True:
        try:
            with urllib.request.urlopen(url + "/liveness", timeout=5) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        if proses.poll() is not None or time.monotonic() > batas:
            proses.kill()
            raise RuntimeError(
                f"server tidak siap (kode {proses.returncode}):\n{log.read_text()[-3000:]}"
            )
        time.sleep(0.5)


def get_mentah(url: str, path: str) -> tuple[int, bytes]:
    """Raw GET (http.client sends the path as is: no client-side normalisation or encoding)."""
    host, port = url.removeprefix("http://").split(":")
    c = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        c.request("GET", path)
        r = c.getresponse()
        return r.status, r.read()
    finally:
        c.close()
