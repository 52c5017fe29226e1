"""Timing of the ranking app: live re-ranking, and concurrent sessions against a real server.

    .venv/bin/python benchmarks/bench_aplikasi.py ulang  [--ulang 7]
    .venv/bin/python benchmarks/bench_aplikasi.py beban  [--sesi 30] [--laporan reports] [--penuh]
                                                         [--halaman] [--opsi-panel "--num-procs 2"]

``ulang`` (a): one live re-ranking after a weight change, for 13 / 56 / 514 synthetic regions
(the default framework, BNBA missing as in the bundled province runs), 1,000 Monte Carlo draws:
the library call (``uji_robust``, which includes the deterministic index) and the app's glue
(weights renormalised, framework copied and checked, result table built) — median wall time,
minimum, and median CPU time of this process (CPU time is the fair number on a shared machine).

``beban`` (b): starts the server exactly as production does (``python -m analisis.aplikasi.cli``
= ``analisis sajikan``) on 127.0.0.1 and a free port, waits for ``/liveness``, then opens N
sessions at once from N threads (urllib; nothing but loopback):

* default: ``GET /app`` — under ``panel serve`` this request runs the app script and builds the
  whole session document on the server (the session exists when the page arrives);
* ``--penuh``: additionally opens the session's websocket with the page's token and pulls the
  document (``PULL-DOC-REQ`` → ``PULL-DOC-REPLY``), i.e. everything the server does before a
  browser can draw the page.

It prints p50/p95/max latency and the number of errors. Without ``--laporan`` a temporary
Kalimantan Selatan 2024 reports folder is built first (~15 s). ``--halaman`` also measures, in
headless Chromium (system ``chromium``), the first page load until the table rows are visible.
Bounded: loopback only, at most 200 sessions, every request has a timeout.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import os
import re
import shlex
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from pathlib import Path

AKAR = Path(__file__).resolve().parents[1]
BATAS_SESI = 200


# ----------------------------------------------------------------------------------- (a)


def _data_sintetis(n: int, tanpa_bnba: bool):
    """``data_sintetis`` of bench_peringkat.py (reused, not copied); optionally BNBA emptied."""
    spec = importlib.util.spec_from_file_location("bench_peringkat", Path(__file__).with_name("bench_peringkat.py"))
    modul = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(modul)
    df = modul.data_sintetis(n)
    df.insert(0, "wilayah", [f"Wilayah {i}" for i in range(n)])
    if tanpa_bnba:
        for c in ("progres_verval", "persen_nik_valid", "persen_duplikat", "cakupan_desil1"):
            df[c] = float("nan")
    return df


def _waktu(fungsi, ulang: int) -> tuple[float, float, float]:
    fungsi()  # warm-up
    t, c = [], []
    for _ in range(ulang):
        t0, c0 = time.perf_counter(), time.process_time()
        fungsi()
        t.append(time.perf_counter() - t0)
        c.append(time.process_time() - c0)
    return statistics.median(t), min(t), statistics.median(c)


def _ms(t: tuple[float, float, float]) -> str:
    return f"{t[0] * 1e3:6.1f} ms (min {t[1] * 1e3:5.1f}, CPU {t[2] * 1e3:5.1f})"


def bench_ulang(ulang: int) -> None:
    from analisis.aplikasi.ulang import (
        JUMLAH_ITERASI, Opsi, bobot_efektif, hitung_ulang, kerangka_disesuaikan, tabel_baris,
    )
    from analisis.peringkat import kerangka_bawaan, uji_robust

    k = kerangka_bawaan()
    print(f"Hitung ulang peringkat setelah bobot diubah: {JUMLAH_ITERASI} tarikan Monte Carlo; median waktu "
          f"dinding (min, median CPU) dari {ulang} ulangan; beban sistem {os.getloadavg()[0]:.2f}")
    print("pustaka = uji_robust (cek data + indeks deterministik + Monte Carlo + ringkasan);\n"
          "lem = bobot dinormalisasi + salinan kerangka diperiksa + bobot efektif + tabel hasil;\n"
          "total = analisis.aplikasi.ulang.hitung_ulang (lem + pustaka), yang dijalankan aplikasi.")
    bobot = [{"hasil": 0.9}, {"komitmen_anggaran": 0.6}, {"pelaporan_kelembagaan": 0.05}, {}]
    for tanpa_bnba in (True, False):
        print("\ndata: " + ("BNBA tidak diberikan (seperti keluaran bawaan; dimensi kualitas_data dibagi ulang)"
                            if tanpa_bnba else "semua dimensi terisi"))
        for n in (13, 56, 514):
            df = _data_sintetis(n, tanpa_bnba)
            opsi = Opsi(jumlah_iterasi=JUMLAH_ITERASI, benih=1, izinkan_dimensi_hilang=True)
            i = iter(range(10**9))
            kb = kerangka_disesuaikan(k, bobot[0])
            rob = uji_robust(df, kb, jumlah_iterasi=JUMLAH_ITERASI, benih=1, izinkan_dimensi_hilang=True)

            def pustaka():
                uji_robust(df, kb, jumlah_iterasi=JUMLAH_ITERASI, benih=1, izinkan_dimensi_hilang=True)

            def lem():
                kx = kerangka_disesuaikan(k, bobot[next(i) % len(bobot)])
                bobot_efektif(kx, df, True)
                tabel_baris(rob.deterministik, rob, df, kb)

            def total():
                hitung_ulang(df, kerangka_disesuaikan(k, bobot[next(i) % len(bobot)]), opsi)

            print(f"{n:4d} wilayah  pustaka {_ms(_waktu(pustaka, ulang))}\n"
                  f"               lem     {_ms(_waktu(lem, ulang))}\n"
                  f"               total   {_ms(_waktu(total, ulang))}")


# ----------------------------------------------------------------------------------- (b)


def _port_bebas() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _bangun_laporan(folder: Path) -> None:
    from analisis.data.model import Basisdata
    from analisis.data.wilayah import wilayah_provinsi
    from analisis.evaluasi import evaluasi_wilayah, simpan_hasil
    from analisis.peringkat.jalankan import hitung_peringkat, simpan_peringkat

    b = Basisdata.muat(impor=False)
    for k in wilayah_provinsi("63"):
        simpan_hasil(evaluasi_wilayah(k, 2024, basis=b), folder / "6300" / "2024" / "hasil")
    simpan_peringkat(hitung_peringkat("63", 2024, folder, jumlah_iterasi=300, benih=1), folder)


def _mulai_server(laporan: Path, port: int, opsi_panel: list[str], log: Path) -> tuple[subprocess.Popen, float]:
    perintah = [sys.executable, "-m", "analisis.aplikasi.cli", "--laporan", str(laporan), "--port", str(port),
                "--tanpa-buka"]
    if opsi_panel:
        perintah += ["--", *opsi_panel]
    t0 = time.perf_counter()
    with open(log, "w") as f:
        proses = subprocess.Popen(perintah, stdout=f, stderr=subprocess.STDOUT)
    batas = time.monotonic() + 300
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/liveness", timeout=5) as r:
                if r.status == 200:
                    return proses, time.perf_counter() - t0
        except OSError:
            pass
        if proses.poll() is not None or time.monotonic() > batas:
            proses.kill()
            raise SystemExit(f"server tidak siap:\n{log.read_text()[-2000:]}")
        time.sleep(0.3)


async def _tarik_dokumen(port: int, token: str, batas: float) -> int:
    """Open the session websocket and pull the document; return the reply size in bytes."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    permintaan = HTTPRequest(f"ws://127.0.0.1:{port}/app/ws", connect_timeout=batas, request_timeout=batas)
    ws = await asyncio.wait_for(websocket_connect(permintaan, subprotocols=["bokeh", token],
                                                  max_message_size=100 * 1024 * 1024), batas)
    async def pesan_berikut():
        pesan = await asyncio.wait_for(ws.read_message(), batas)
        if pesan is None:
            raise ConnectionError(f"websocket ditutup server (kode {ws.close_code}, {ws.close_reason!r})")
        return pesan

    try:
        # Like BokehJS: wait for the server's ACK (session ready), then ask for the document.
        while True:
            pesan = await pesan_berikut()
            h = json.loads(pesan) if isinstance(pesan, str) and pesan.startswith("{") else None
            if isinstance(h, dict) and h.get("msgtype") == "ACK":
                for _ in range(2):  # metadata, content
                    await pesan_berikut()
                break
        kepala = {"msgid": uuid.uuid4().hex, "msgtype": "PULL-DOC-REQ"}
        for bagian in (json.dumps(kepala), "{}", "{}"):
            await ws.write_message(bagian)
        ukuran = 0
        while True:
            pesan = await asyncio.wait_for(ws.read_message(), batas)
            if pesan is None:
                raise ConnectionError(f"websocket ditutup server (kode {ws.close_code}, {ws.close_reason!r})")
            ukuran += len(pesan)
            try:
                h = json.loads(pesan) if isinstance(pesan, str) else None
            except ValueError:
                h = None
            if isinstance(h, dict) and h.get("msgtype") == "PULL-DOC-REPLY":
                sisa = 2 + 2 * int(h.get("num_buffers") or 0)  # metadata, content, (header, data) per buffer
                for _ in range(sisa):
                    pesan = await asyncio.wait_for(ws.read_message(), batas)
                    ukuran += len(pesan or b"")
                return ukuran
    finally:
        ws.close()


def _satu_sesi(port: int, penuh: bool, hasil: list, galat: list, mulai: threading.Barrier) -> None:
    try:
        mulai.wait(60)
        t0 = time.perf_counter()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/app", timeout=120) as r:
            isi = r.read().decode("utf-8", "replace")
            if r.status != 200:
                raise RuntimeError(f"status {r.status}")
        t_get = time.perf_counter() - t0
        t_penuh = None
        if penuh:
            m = re.search(r'"token":\s*"([^"]+)"', isi)
            if not m:
                raise RuntimeError("token sesi tidak ada di halaman")
            asyncio.run(_tarik_dokumen(port, m.group(1), 120))
            t_penuh = time.perf_counter() - t0
        hasil.append((t_get, t_penuh))
    except Exception as e:  # counted and reported, never hidden
        galat.append(f"{type(e).__name__}: {e}")


def _persentil(x: list[float], p: float) -> float:
    x = sorted(x)
    return x[min(len(x) - 1, max(0, int(round(p / 100 * len(x) + 0.5)) - 1))]


def _ukur_halaman(port: int) -> None:
    sys.path.insert(0, str(AKAR / "tests"))
    from conftest_ui import CHROMIUM, CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright

    if CHROMIUM is None:
        print("halaman pertama: dilewati (Chromium tidak ada)")
        return
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for i in range(3):
            pg = b.new_page(viewport={"width": 1400, "height": 1600})
            t0 = time.perf_counter()
            pg.goto(f"http://127.0.0.1:{port}/app")
            pg.wait_for_selector(".tabulator-row", timeout=60_000)
            t_tabel = time.perf_counter() - t0
            pg.wait_for_function("() => { const h = (a) => { let n = a.querySelectorAll('canvas').length; "
                                 "for (const e of a.querySelectorAll('*')) if (e.shadowRoot) n += h(e.shadowRoot);"
                                 " return n; }; return h(document) > 0; }", timeout=60_000)
            t_peta = time.perf_counter() - t0
            print(f"halaman pertama (percobaan {i + 1}): tabel terlihat {t_tabel:.2f} s, peta digambar {t_peta:.2f} s")
            pg.close()
        b.close()


def bench_beban(sesi: int, laporan: Path | None, penuh: bool, halaman: bool, opsi_panel: list[str]) -> None:
    sesi = max(1, min(sesi, BATAS_SESI))
    with tempfile.TemporaryDirectory(prefix="bench-aplikasi-") as tmp:
        if laporan is None:
            laporan = Path(tmp) / "reports"
            t0 = time.perf_counter()
            _bangun_laporan(laporan)
            print(f"folder laporan sementara dibangun dalam {time.perf_counter() - t0:.1f} s")
        port = _port_bebas()
        proses, t_mulai = _mulai_server(laporan, port, opsi_panel, Path(tmp) / "server.log")
        try:
            print(f"server siap dalam {t_mulai:.1f} s (impor + --warm); opsi panel tambahan: "
                  f"{shlex.join(opsi_panel) or '-'}; beban sistem {os.getloadavg()[0]:.2f}")
            urllib.request.urlopen(f"http://127.0.0.1:{port}/app", timeout=120).read()  # one warm-up session
            if halaman:
                _ukur_halaman(port)
            hasil: list = []
            galat: list = []
            mulai = threading.Barrier(sesi)
            utas = [threading.Thread(target=_satu_sesi, args=(port, penuh, hasil, galat, mulai), daemon=True)
                    for _ in range(sesi)]
            t0 = time.perf_counter()
            for u in utas:
                u.start()
            for u in utas:
                u.join(300)
            dinding = time.perf_counter() - t0
            get = [h[0] for h in hasil]
            print(f"{sesi} sesi serentak: selesai {len(hasil)}, galat {len(galat)}, total {dinding:.2f} s")
            if get:
                print(f"  GET /app (sesi dibuat di server): p50 {_persentil(get, 50):.3f} s, "
                      f"p95 {_persentil(get, 95):.3f} s, maks {max(get):.3f} s")
            if penuh and hasil:
                lengkap = [h[1] for h in hasil]
                print(f"  GET + websocket + dokumen     : p50 {_persentil(lengkap, 50):.3f} s, "
                      f"p95 {_persentil(lengkap, 95):.3f} s, maks {max(lengkap):.3f} s")
            for g in galat[:5]:
                print(f"  galat: {g}")
        finally:
            proses.send_signal(signal.SIGTERM)
            try:
                proses.wait(30)
            except subprocess.TimeoutExpired:
                proses.kill()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="mode", required=True)
    a = sub.add_parser("ulang", help="(a) waktu hitung ulang 13/56/514 wilayah")
    a.add_argument("--ulang", type=int, default=7)
    b = sub.add_parser("beban", help="(b) N sesi serentak terhadap server sungguhan")
    b.add_argument("--sesi", type=int, default=30)
    b.add_argument("--laporan", type=Path, default=None)
    b.add_argument("--penuh", action="store_true", help="juga buka websocket dan tarik dokumen sesi")
    b.add_argument("--halaman", action="store_true", help="ukur muat halaman pertama di Chromium headless")
    b.add_argument("--opsi-panel", default="", help="opsi 'panel serve' tambahan, mis. '--num-procs 2'")
    args = ap.parse_args()
    if args.mode == "ulang":
        bench_ulang(args.ulang)
    else:
        bench_beban(args.sesi, args.laporan, args.penuh, args.halaman, shlex.split(args.opsi_panel))


if __name__ == "__main__":
    main()
