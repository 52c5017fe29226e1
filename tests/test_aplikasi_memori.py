"""A closed session of the app is released: once the server culls it, nothing keeps its page or
its state alive (the memory figures themselves are measured by ``bench_aplikasi.py beban``)."""

from __future__ import annotations

import asyncio
import gc
import time

import pandas as pd
import pytest

from conftest import tulis_peringkat_uji
from ui_util import bench_aplikasi, jalankan_async


def _hidup() -> int:
    from analisis.aplikasi.halaman import HalamanPeringkat
    from analisis.aplikasi.sesi import SesiPeringkat

    gc.collect()
    return sum(isinstance(o, (HalamanPeringkat, SesiPeringkat)) for o in gc.get_objects())


@pytest.fixture
def laporan(tmp_path):
    data = pd.DataFrame(
        {
            "wilayah": ["Banjar", "Tanah Laut", "Tapin"],
            "penurunan_p0_3th": [0.7, 0.2, 0.4],
            "rpkd_berlaku": ["ya", "tidak", "ya"],
        },
        index=pd.Index(["6303", "6301", "6305"], name="kode_wilayah"),
    )
    tulis_peringkat_uji(tmp_path / "reports", "6300", 2024, data)
    return tmp_path / "reports"


def test_sesi_ditutup_dilepas(laporan):
    import panel as pn

    from analisis.aplikasi.halaman import buat_aplikasi

    b = bench_aplikasi()
    port = b._port_bebas()
    server = pn.serve(
        {"app": lambda: buat_aplikasi(laporan)},
        port=port,
        address="127.0.0.1",
        websocket_origin=[f"127.0.0.1:{port}"],
        threaded=True,
        show=False,
        check_unused_sessions_milliseconds=200,
        unused_session_lifetime_milliseconds=200,
    )
    try:
        awal = _hidup()

        async def buka_ubah_tutup(n: int) -> None:
            from tornado.httpclient import AsyncHTTPClient

            sesi = [b._SesiWs(port, 60) for _ in range(n)]
            await asyncio.gather(*(s.buka(AsyncHTTPClient()) for s in sesi))
            for s in sesi:
                await s.ubah_bobot(0.7)  # a re-ranking: the session holds a result
            for s in sesi:
                s.tutup()

        batas = time.monotonic() + 60
        while True:  # the server thread may still be starting: retry until it answers
            try:
                jalankan_async(buka_ubah_tutup(4))
                break
            except (ConnectionError, OSError):
                if time.monotonic() > batas:
                    raise
                time.sleep(0.2)
        assert _hidup() >= awal + 8  # four pages and their states were alive
        batas = time.monotonic() + 30
        while _hidup() > awal:  # culled, then collected
            assert time.monotonic() < batas, "sesi yang ditutup tidak dilepas"
            time.sleep(0.2)
    finally:
        server.stop()
