"""A new session's first document holds the main content only (title, caveats, the table as
plain HTML); the interactive table, sidebar, filters, map and drill-down are built and follow in one patch once the browser reports
the page drawn (``document_ready``), as BokehJS does; a visitor who leaves before that leaves
nothing behind.
Timings are measured by ``bench_aplikasi.py beban``."""

from __future__ import annotations

import gc
import time
import weakref

import pandas as pd

from conftest import tulis_peringkat_uji
from ui_util import bench_aplikasi, jalankan_async


def _hidup() -> int:
    from analisis.aplikasi.halaman import HalamanPeringkat

    gc.collect()
    return sum(isinstance(o, HalamanPeringkat) for o in gc.get_objects())


def test_dokumen_pertama_ringan_sisanya_menyusul(tmp_path):
    import panel as pn

    from analisis.aplikasi.halaman import buat_aplikasi

    data = pd.DataFrame(
        {
            "wilayah": ["Banjar", "Tanah Laut", "Tapin"],
            "penurunan_p0_3th": [0.7, 0.2, 0.4],
            "rpkd_berlaku": ["ya", "tidak", "ya"],
        },
        index=pd.Index(["6303", "6301", "6305"], name="kode_wilayah"),
    )
    laporan = tmp_path / "reports"
    tulis_peringkat_uji(laporan, "6300", 2024, data)
    b = bench_aplikasi()
    port = b._port_bebas()
    halaman: list[weakref.ref] = []  # each session's page, weakly (it must still be released)

    def app():
        tata = buat_aplikasi(laporan)
        halaman.append(weakref.ref(tata.halaman))
        return tata

    server = pn.serve(
        {"app": app},
        port=port,
        address="127.0.0.1",
        websocket_origin=[f"127.0.0.1:{port}"],
        threaded=True,
        show=False,
        check_unused_sessions_milliseconds=200,
        unused_session_lifetime_milliseconds=200,
    )
    try:

        async def buka() -> object:
            from tornado.httpclient import AsyncHTTPClient

            pergi = b._SesiWs(port, 60)  # leaves before its page is drawn
            await pergi.buka(AsyncHTTPClient(), tergambar=False)
            h = halaman[-1]()
            # the deferred parts are not even built before the page is drawn
            assert h is not None and not h.lengkap and not h.samping.dibangun
            del h
            pergi.tutup()
            s = b._SesiWs(port, 60)
            await s.buka(AsyncHTTPClient())
            h = halaman[-1]()
            assert h is not None and h.lengkap and h.samping.dibangun
            del h
            await s.ubah_bobot(0.7)  # the deferred sidebar is live: a re-ranking comes back
            s.tutup()
            return s

        batas = time.monotonic() + 60
        while True:  # the server thread may still be starting: retry until it answers
            try:
                s = jalankan_async(buka())
                break
            except (ConnectionError, OSError):
                if time.monotonic() > batas:
                    raise
                time.sleep(0.2)
        batas = time.monotonic() + 30
        while _hidup() > 0:  # both sessions culled and collected, the undrawn one included
            assert time.monotonic() < batas, "sesi yang ditutup tidak dilepas"
            time.sleep(0.2)
    finally:
        server.stop()
    # The first document shows title, plain table and caption in one pane; the panes of the
    # full page, the interactive table among them, follow.
    assert "halaman-awal" in s.kelas_dokumen
    tertunda = {
        "judul-halaman",
        "keterangan",
        "bobot-hasil",
        "ringkas-bobot",
        "cari-wilayah",
        "peta-wilayah",
        "tabel-peringkat",
        "tombol-samping",
    }
    assert not tertunda & s.kelas_dokumen
    assert tertunda <= s.kelas_lengkap
    assert s.id_slider and s.id_bobot  # arrived after document_ready
