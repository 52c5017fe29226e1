"""Timing of the ranking app: live re-ranking, and concurrent sessions against a real server.

    .venv/bin/python benchmarks/bench_aplikasi.py ulang  [--ulang 7]
    .venv/bin/python benchmarks/bench_aplikasi.py beban  [--sesi 30] [--interaksi 5] [--jeda 3]
                                                         [--laporan reports] [--halaman]
                                                         [--opsi-panel "--num-procs 2"]
                                                         [--putaran 2] [--tunggu 60]
                                                         [--cpu-dokumen]

``ulang`` (a): one live re-ranking after a weight change, for 13 / 56 / 514 synthetic regions
(the default framework, BNBA missing as in the bundled province runs), 1,000 Monte Carlo draws:
the library call (``uji_robust``, which includes the deterministic index) and the app's glue
(weights renormalised, framework copied and checked, result table built) — median wall time,
minimum, and median CPU time of this process (CPU time is the fair number on a shared machine).

``beban`` (b): starts the server exactly as production does (``python -m analisis.aplikasi.cli``
= ``analisis sajikan``) on 127.0.0.1 and a free port, waits for ``/liveness``, then drives N
browser-like sessions from one asyncio loop (tornado HTTP + websocket clients speaking the Bokeh
protocol, no Python-side documents, so the client stays light; loopback only):

1. all N sessions open at the same instant: ``GET /app`` (under ``panel serve`` this runs the
   app script and builds the session document) and then the websocket + ``PULL-DOC``, i.e.
   everything the server does before a browser can draw the page ("dokumen": title, caveats,
   the table as plain HTML); then, as BokehJS does once it has drawn it, the ``document_ready``
   event, after which the app sends the parts it defers (interactive table, sidebar with the
   weights, filters, map, drill-down) —
   "bagian tertunda" is the time until the weight slider and the weights summary have arrived;
2. with all N sessions open, every session moves a weight slider at the same instant
   (``PATCH-DOC`` of ``value`` / ``value_throttled``, as BokehJS sends on release): latency until
   the server's patch with the re-ranked page (index + 1,000 Monte Carlo draws, table, map,
   weights) arrives — the worst case;
3. then every session moves it ``--interaksi`` more times with a think time of 0.5–1.5 ×
   ``--jeda`` seconds between moves (users exploring weights): latency as in 2.

It prints p50/p95/max of each, the number of errors (each with its message), the server's
CPU seconds and its resident memory (all processes) before the sessions open, at the peak, and
``--tunggu`` seconds after they closed (the server discards closed sessions after its unused
session lifetime); ``--putaran N`` repeats the whole round to show whether memory keeps growing.
``--cpu-dokumen`` then opens N more sessions at once that stop after their first document and
prints the server's CPU milliseconds per session until then: the cost of a first document,
which a shared machine's load hardly changes (wall times there mostly measure the other
programs). With ``--num-procs`` > 1 the wall times also depend on how the kernel spreads the
connections over the processes (Tornado does not balance them; the split is printed). Without ``--laporan`` a temporary Kalimantan Selatan 2024 reports folder is built
first (~15 s). ``--halaman`` also measures, in headless Chromium (system ``chromium``), the first
page load until the table rows and the map are visible. Bounded: at most 200 sessions, every
wait has a timeout.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import importlib.util
import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

AKAR = Path(__file__).resolve().parents[1]
BATAS_SESI = 200


# ----------------------------------------------------------------------------------- (a)


@functools.cache
def _bench_peringkat():
    """benchmarks/bench_peringkat.py as a module: its synthetic data and timing helpers are
    reused here, not copied."""
    spec = importlib.util.spec_from_file_location(
        "bench_peringkat", Path(__file__).with_name("bench_peringkat.py")
    )
    modul = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(modul)
    return modul


def _data_sintetis(n: int, tanpa_bnba: bool):
    """``data_sintetis`` of bench_peringkat.py; optionally BNBA emptied."""
    df = _bench_peringkat().data_sintetis(n)
    df.insert(0, "wilayah", [f"Wilayah {i}" for i in range(n)])
    if tanpa_bnba:
        for c in ("progres_verval", "persen_nik_valid", "persen_duplikat", "cakupan_desil1"):
            df[c] = float("nan")
    return df


def bench_ulang(ulang: int) -> None:
    from analisis.aplikasi.ulang import (
        JUMLAH_ITERASI,
        Opsi,
        hitung_ulang,
        kerangka_disesuaikan,
    )
    from analisis.peringkat import kerangka_bawaan, uji_robust
    from analisis.peringkat.entri import bobot_efektif, susun_peringkat

    k = kerangka_bawaan()
    print(
        f"Hitung ulang peringkat setelah bobot diubah: {JUMLAH_ITERASI} tarikan Monte Carlo; median waktu "
        f"dinding (min, median CPU) dari {ulang} ulangan; beban sistem {os.getloadavg()[0]:.2f}"
    )
    print(
        "pustaka = uji_robust (cek data + indeks deterministik + Monte Carlo + ringkasan);\n"
        "lem = bobot dinormalisasi + salinan kerangka diperiksa + bobot efektif;\n"
        "entri = susun_peringkat (pustaka + baris tabel + pasangan tidak robust);\n"
        "total = analisis.aplikasi.ulang.hitung_ulang (lem + entri), yang dijalankan aplikasi."
    )
    bobot = [{"hasil": 0.9}, {"komitmen_anggaran": 0.6}, {"pelaporan_kelembagaan": 0.05}, {}]
    for tanpa_bnba in (True, False):
        print(
            "\ndata: "
            + (
                "BNBA tidak diberikan (seperti keluaran bawaan; dimensi kualitas_data dibagi ulang)"
                if tanpa_bnba
                else "semua dimensi terisi"
            )
        )
        for n in (13, 56, 514):
            df = _data_sintetis(n, tanpa_bnba)
            opsi = Opsi(jumlah_iterasi=JUMLAH_ITERASI, benih=1, izinkan_dimensi_hilang=True)
            i = iter(range(10**9))
            kb = kerangka_disesuaikan(k, bobot[0])

            def pustaka(df=df, kb=kb):
                uji_robust(
                    df, kb, jumlah_iterasi=JUMLAH_ITERASI, benih=1, izinkan_dimensi_hilang=True
                )

            def lem(df=df, i=i):
                kx = kerangka_disesuaikan(k, bobot[next(i) % len(bobot)])
                bobot_efektif(kx, df, True)

            def entri(df=df, kb=kb):
                susun_peringkat(
                    df, kb, jumlah_iterasi=JUMLAH_ITERASI, benih=1, izinkan_dimensi_hilang=True
                ).tabel()

            def total(df=df, i=i, opsi=opsi):
                hitung_ulang(df, kerangka_disesuaikan(k, bobot[next(i) % len(bobot)]), opsi)

            bp = _bench_peringkat()
            print(
                f"{n:4d} wilayah  pustaka {bp._ms(bp._waktu(pustaka, ulang))}\n"
                f"               lem     {bp._ms(bp._waktu(lem, ulang))}\n"
                f"               entri   {bp._ms(bp._waktu(entri, ulang))}\n"
                f"               total   {bp._ms(bp._waktu(total, ulang))}"
            )


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
    from analisis.proyek import Proyek

    b = Basisdata.muat(impor=False)
    proyek = Proyek.muat(laporan=folder)
    for k in wilayah_provinsi("63"):
        simpan_hasil(evaluasi_wilayah(k, 2024, basis=b), folder)
    simpan_peringkat(
        hitung_peringkat("63", 2024, proyek=proyek, jumlah_iterasi=300, benih=1), proyek
    )


def _mulai_server(
    laporan: Path, port: int, opsi_panel: list[str], log: Path
) -> tuple[subprocess.Popen, float]:
    perintah = [
        sys.executable,
        "-m",
        "analisis.aplikasi.cli",
        "--laporan",
        str(laporan),
        "--port",
        str(port),
        "--tanpa-buka",
    ]
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


class _SesiWs:
    """One browser-like session over the Bokeh protocol (tornado websocket, no Python document):
    ``GET /app`` → token → websocket → ``PULL-DOC``; then weight changes as ``PATCH-DOC``."""

    def __init__(self, port: int, batas: float, alamat: str = "/app") -> None:
        self.port, self.batas, self.alamat = port, batas, alamat
        self.dokumen: dict | None = None  # the first document (kept only when not drawn)
        self.ws = None
        self.id_slider: str | None = None
        self.id_bobot: str | None = None
        self.t_get: float | None = None
        self.t_dok: float | None = None
        self.t_lengkap: float | None = None
        self.kelas_dokumen: set[str] = set()  # css classes of the models in the first document
        self.kelas_lengkap: set[str] = set()  # ... and of those the deferred parts added

    async def _pesan(self) -> tuple[dict, str]:
        """One Bokeh message: header, metadata, content (+ a header/payload frame pair per buffer)."""

        async def bingkai():
            m = await asyncio.wait_for(self.ws.read_message(), self.batas)
            if m is None:
                raise ConnectionError(
                    f"websocket ditutup server (kode {self.ws.close_code}, {self.ws.close_reason!r})"
                )
            return m

        kepala = json.loads(await bingkai())
        await bingkai()  # metadata
        isi = await bingkai()
        for _ in range(2 * int(kepala.get("num_buffers") or 0)):
            await bingkai()
        return kepala, isi if isinstance(isi, str) else isi.decode("utf-8", "replace")

    async def _kirim(self, jenis: str, isi: dict) -> None:
        for bagian in (
            json.dumps({"msgid": uuid.uuid4().hex, "msgtype": jenis}),
            "{}",
            json.dumps(isi),
        ):
            await self.ws.write_message(bagian)

    async def buka(self, klien, tergambar: bool = True) -> None:
        """Open the session; ``tergambar=False``: stop after the first document (a visitor who
        leaves before the page is drawn)."""
        from tornado.httpclient import HTTPRequest
        from tornado.websocket import websocket_connect

        t0 = time.perf_counter()
        r = await klien.fetch(
            f"http://127.0.0.1:{self.port}{self.alamat}", request_timeout=self.batas
        )
        m = re.search(r'"token":\s*"([^"]+)"', r.body.decode("utf-8", "replace"))
        if not m:
            raise RuntimeError("token sesi tidak ada di halaman")
        self.t_get = time.perf_counter() - t0
        permintaan = HTTPRequest(
            f"ws://127.0.0.1:{self.port}/app/ws",
            connect_timeout=self.batas,
            request_timeout=self.batas,
        )
        self.ws = await asyncio.wait_for(
            websocket_connect(
                permintaan, subprotocols=["bokeh", m.group(1)], max_message_size=100 * 1024 * 1024
            ),
            self.batas,
        )
        while (await self._pesan())[0].get(
            "msgtype"
        ) != "ACK":  # like BokehJS: wait for the session
            pass
        await self._kirim("PULL-DOC-REQ", {})
        while True:
            kepala, isi = await self._pesan()
            if kepala.get("msgtype") == "PULL-DOC-REPLY":
                break
        self.t_dok = time.perf_counter() - t0
        dokumen = json.loads(isi)
        model = _model_berkelas(dokumen)
        self.kelas_dokumen = set(model)
        if not tergambar:
            self.dokumen = dokumen
            return
        # Like BokehJS once it has drawn the document: the app then sends what it defers (the
        # sidebar with the weights, filters, map, drill-down) as a patch.
        await self._kirim("PATCH-DOC", {"events": [_DOKUMEN_SIAP]})
        try:
            while not (model.get("bobot-hasil") and model.get("ringkas-bobot")):
                kepala, isi = await self._pesan()
                if kepala.get("msgtype") == "PATCH-DOC":
                    for k, v in _model_berkelas(json.loads(isi)).items():
                        model.setdefault(k, v)
        except TimeoutError:
            raise RuntimeError(
                "slider bobot 'hasil' atau ringkasan bobot tidak ditemukan di dokumen"
            ) from None
        self.t_lengkap = time.perf_counter() - t0
        self.kelas_lengkap = set(model)
        self.id_slider = model["bobot-hasil"]
        self.id_bobot = model["ringkas-bobot"]

    async def ubah_bobot(self, nilai: float) -> float:
        """Move the 'hasil' weight slider (``value`` then ``value_throttled``, as BokehJS does on
        release); return the seconds until the server's patch of the weights summary, which the app
        sends with the new ranking (table, map), ~2 ms before the status line. (The status line
        itself is no marker: Panel sends no patch when its text happens to be unchanged.)"""
        t0 = time.perf_counter()
        await self._kirim(
            "PATCH-DOC",
            {
                "events": [
                    {
                        "kind": "ModelChanged",
                        "model": {"id": self.id_slider},
                        "attr": a,
                        "new": nilai,
                    }
                    for a in ("value", "value_throttled")
                ]
            },
        )
        while True:
            kepala, isi = await self._pesan()
            if kepala.get("msgtype") == "PATCH-DOC" and f'"id":"{self.id_bobot}"' in isi:
                return time.perf_counter() - t0

    def tutup(self) -> None:
        if self.ws is not None:
            self.ws.close()


_DOKUMEN_SIAP = {
    "kind": "MessageSent",
    "msg_type": "bokeh_event",
    "msg_data": {"type": "event", "name": "document_ready", "values": {"type": "map"}},
}
"""The event BokehJS sends once it has drawn a session's document (Panel's ``onload`` cue)."""


def _model_berkelas(dok: object) -> dict[str, str]:
    """css class → model id for every model with ``css_classes`` in a serialised document."""
    hasil: dict[str, str] = {}
    tumpuk = [dok]
    while tumpuk:
        o = tumpuk.pop()
        if isinstance(o, dict):
            if o.get("type") == "object" and isinstance(o.get("attributes"), dict):
                for c in o["attributes"].get("css_classes") or []:
                    if isinstance(c, str):
                        hasil.setdefault(c, o.get("id"))
            tumpuk.extend(o.values())
        elif isinstance(o, list):
            tumpuk.extend(o)
    return hasil


async def _beban(port: int, sesi: int, interaksi: int, jeda: float, benih: int) -> dict[str, list]:
    """Open ``sesi`` sessions at once, then (a) every session changes a weight at the same instant,
    (b) every session changes it ``interaksi`` more times with a think time of 0.5–1.5 × ``jeda``."""
    import random

    from tornado.httpclient import AsyncHTTPClient

    klien = AsyncHTTPClient(max_clients=sesi)
    semua = [_SesiWs(port, 120) for _ in range(sesi)]
    hasil: dict[str, list] = {
        "get": [],
        "dokumen": [],
        "lengkap": [],
        "serentak": [],
        "berjeda": [],
        "galat": [],
    }

    async def jaga(koro):
        try:
            return await koro
        except Exception as e:  # noqa: BLE001 - counted and reported, never hidden
            hasil["galat"].append(f"{type(e).__name__}: {e}")
            return None

    await asyncio.gather(*(jaga(s.buka(klien)) for s in semua))
    hidup = [s for s in semua if s.t_lengkap is not None]
    hasil["get"] = [s.t_get for s in semua if s.t_get is not None]
    hasil["dokumen"] = [s.t_dok for s in semua if s.t_dok is not None]
    hasil["lengkap"] = [s.t_lengkap for s in hidup]
    if interaksi > 0 and hidup:
        hasil["serentak"] = [
            x
            for x in await asyncio.gather(*(jaga(s.ubah_bobot(0.55)) for s in hidup))
            if x is not None
        ]
        acak = random.Random(benih)

        async def pengguna(s: _SesiWs, jeda_awal: float, jeda_jeda: list[float]) -> None:
            await asyncio.sleep(jeda_awal)
            for i, j in enumerate(jeda_jeda):
                x = await jaga(s.ubah_bobot(0.30 + 0.05 * (i % 5)))
                if x is None:
                    return
                hasil["berjeda"].append(x)
                await asyncio.sleep(j)

        await asyncio.gather(
            *(
                pengguna(
                    s,
                    acak.uniform(0, jeda),
                    [acak.uniform(0.5, 1.5) * jeda for _ in range(interaksi)],
                )
                for s in hidup
            )
        )
    for s in semua:
        s.tutup()
    return hasil


def _persentil(x: list[float], p: float) -> float:
    x = sorted(x)
    return x[min(len(x) - 1, max(0, round(p / 100 * len(x) + 0.5) - 1))]


def _ukur_halaman(port: int) -> None:
    sys.path.insert(0, str(AKAR / "tests"))
    from playwright.sync_api import sync_playwright

    from conftest_ui import CHROMIUM, CHROMIUM_ARGS

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
            pg.locator(
                ".peta-wilayah svg.marks path[aria-roledescription='geoshape']"
            ).first.wait_for(timeout=60_000)
            t_peta = time.perf_counter() - t0
            print(
                f"halaman pertama (percobaan {i + 1}): tabel terlihat {t_tabel:.2f} s, peta digambar {t_peta:.2f} s"
            )
            pg.close()
        b.close()


def _baris(label: str, x: list[float]) -> str:
    if not x:
        return f"  {label}: -"
    return (
        f"  {label}: n {len(x)}, p50 {_persentil(x, 50):.3f} s, p95 {_persentil(x, 95):.3f} s, "
        f"maks {max(x):.3f} s"
    )


class _PemantauRss:
    """Samples the server's RSS every 0,5 s in a thread; ``puncak`` is the maximum seen."""

    def __init__(self, proses: subprocess.Popen) -> None:
        import threading

        self.proses, self.puncak = proses, _rss_server(proses)
        self._henti = threading.Event()
        self._utas = threading.Thread(target=self._jalan, daemon=True)
        self._utas.start()

    def _jalan(self) -> None:
        while not self._henti.wait(0.5):
            self.puncak = max(self.puncak, _rss_server(self.proses))

    def berhenti(self) -> float:
        self._henti.set()
        self._utas.join()
        return self.puncak


def _satu_putaran(
    proses: subprocess.Popen, port: int, sesi: int, interaksi: int, jeda: float, tunggu: float
) -> None:
    """One round: ``sesi`` sessions at once, the weight changes, then all close; RSS before,
    at peak and ``tunggu`` seconds after the sessions closed."""
    rss_awal = _rss_server(proses)
    pantau = _PemantauRss(proses)
    t0 = time.perf_counter()
    c0 = _cpu_server(proses)
    h = asyncio.run(_beban(port, sesi, interaksi, jeda, benih=1))
    dinding = time.perf_counter() - t0
    cpu = _cpu_server(proses) - c0
    rss_puncak = pantau.berhenti()
    n_aksi = len(h["serentak"]) + len(h["berjeda"])
    print(
        f"{sesi} sesi dibuka serentak, lalu {n_aksi} perubahan bobot (hitung ulang + 1.000 tarikan Monte "
        f"Carlo, tabel, peta, ringkasan); total {dinding:.1f} s, CPU server {cpu:.1f} s, "
        f"galat {len(h['galat'])}; beban sistem {os.getloadavg()[0]:.2f}"
    )
    print(_baris("buka sesi: GET /app              ", h["get"]))
    print(_baris("buka sesi: + websocket + dokumen ", h["dokumen"]))
    print(_baris("buka sesi: + bagian tertunda     ", h["lengkap"]))
    print(_baris("ubah bobot, semua sesi serentak  ", h["serentak"]))
    print(_baris(f"ubah bobot, jeda pikir ~{jeda:g} s     ", h["berjeda"]))
    for g in h["galat"][:5]:
        print(f"  galat: {g}")
    # Sessions are discarded by the server's cull (unused-session-lifetime), not at once.
    akhir = time.monotonic() + tunggu
    while time.monotonic() < akhir:
        time.sleep(min(5.0, max(0.0, akhir - time.monotonic())))
    print(
        f"  memori server (RSS): sebelum {rss_awal:.0f} MB, puncak {rss_puncak:.0f} MB, "
        f"{tunggu:g} s setelah sesi ditutup {_rss_server(proses):.0f} MB"
    )


def _cpu_per_proses(proses: subprocess.Popen) -> dict[int, float]:
    return {pid: _cpu_pid(pid) for pid in _pid_server(proses)}


def _cpu_dokumen_pertama(proses: subprocess.Popen, port: int, sesi: int) -> None:
    """``sesi`` sessions at once that stop after their first document: server CPU per session
    until then, and how many sessions each server process took (its share of the CPU time)."""

    async def buka() -> list[_SesiWs]:
        from tornado.httpclient import AsyncHTTPClient

        klien = AsyncHTTPClient(max_clients=sesi)
        semua = [_SesiWs(port, 120) for _ in range(sesi)]
        await asyncio.gather(*(s.buka(klien, tergambar=False) for s in semua))
        for s in semua:
            s.tutup()
        return semua

    c0 = _cpu_per_proses(proses)
    semua = asyncio.run(buka())
    beda = sorted(
        (round(_cpu_pid(pid) - c, 2) for pid, c in c0.items() if _cpu_pid(pid) - c > 0.05),
        reverse=True,
    )
    print(
        f"dokumen pertama saja ({sesi} sesi serentak, berhenti setelah dokumen pertama): CPU server "
        f"{sum(beda) / sesi * 1000:.0f} ms per sesi; CPU per proses {beda} s; beban sistem "
        f"{os.getloadavg()[0]:.2f}"
    )
    print(_baris("buka sesi: + websocket + dokumen ", [s.t_dok for s in semua if s.t_dok]))


def bench_beban(
    sesi: int,
    laporan: Path | None,
    interaksi: int,
    jeda: float,
    halaman: bool,
    opsi_panel: list[str],
    putaran: int = 1,
    tunggu: float = 60.0,
    cpu_dokumen: bool = False,
) -> None:
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
            print(
                f"server siap dalam {t_mulai:.1f} s (impor + pemanasan); opsi panel tambahan: "
                f"{shlex.join(opsi_panel) or '-'}; beban sistem {os.getloadavg()[0]:.2f}; "
                f"{os.cpu_count()} inti"
            )
            urllib.request.urlopen(
                f"http://127.0.0.1:{port}/app", timeout=120
            ).read()  # one warm-up session
            if halaman:
                _ukur_halaman(port)
            for i in range(max(1, putaran)):
                print(f"putaran {i + 1}:")
                _satu_putaran(proses, port, sesi, interaksi, jeda, tunggu)
            if cpu_dokumen:
                _cpu_dokumen_pertama(proses, port, sesi)
        finally:
            proses.send_signal(signal.SIGTERM)
            try:
                proses.wait(30)
            except subprocess.TimeoutExpired:
                proses.kill()


def _pid_server(proses: subprocess.Popen) -> list[int]:
    """The server process and all its descendants (CLI → panel serve → workers)."""
    pid, antre = [], [proses.pid]
    while antre:
        induk = antre.pop()
        pid.append(induk)
        try:
            antre += [
                int(p) for p in Path(f"/proc/{induk}/task/{induk}/children").read_text().split()
            ]
        except OSError:
            pass
    return pid


def _cpu_pid(pid: int) -> float:
    """CPU seconds (user + system) of one process so far (Linux /proc; 0 when gone)."""
    try:
        kolom = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(kolom[11]) + int(kolom[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def _cpu_server(proses: subprocess.Popen) -> float:
    """CPU seconds (user + system) of the server and its children so far (Linux /proc)."""
    return sum(_cpu_pid(pid) for pid in _pid_server(proses))


def _rss_server(proses: subprocess.Popen) -> float:
    """Resident memory (MB) of the server and its children (Linux /proc, ``VmRSS``)."""
    total = 0
    for pid in _pid_server(proses):
        try:
            for baris in Path(f"/proc/{pid}/status").read_text().splitlines():
                if baris.startswith("VmRSS:"):
                    total += int(baris.split()[1])
        except (OSError, ValueError, IndexError):
            pass
    return total / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="mode", required=True)
    a = sub.add_parser("ulang", help="(a) waktu hitung ulang 13/56/514 wilayah")
    a.add_argument("--ulang", type=int, default=7)
    b = sub.add_parser("beban", help="(b) N sesi serentak terhadap server sungguhan")
    b.add_argument("--sesi", type=int, default=30)
    b.add_argument("--laporan", type=Path, default=None)
    b.add_argument(
        "--interaksi", type=int, default=5, help="perubahan bobot per sesi setelah yang serentak"
    )
    b.add_argument(
        "--jeda", type=float, default=3.0, help="rata-rata jeda pikir antar-perubahan (detik)"
    )
    b.add_argument(
        "--halaman", action="store_true", help="ukur muat halaman pertama di Chromium headless"
    )
    b.add_argument(
        "--opsi-panel", default="", help="opsi 'panel serve' tambahan, mis. '--num-procs 2'"
    )
    b.add_argument("--putaran", type=int, default=1, help="ulangi buka-tutup N sesi (memori)")
    b.add_argument(
        "--cpu-dokumen",
        action="store_true",
        help="lalu ukur CPU server per sesi sampai dokumen pertama (N sesi serentak lagi)",
    )
    b.add_argument(
        "--tunggu", type=float, default=60.0, help="detik setelah sesi ditutup sebelum RSS diukur"
    )
    args = ap.parse_args()
    if args.mode == "ulang":
        bench_ulang(args.ulang)
    else:
        bench_beban(
            args.sesi,
            args.laporan,
            args.interaksi,
            args.jeda,
            args.halaman,
            shlex.split(args.opsi_panel),
            args.putaran,
            args.tunggu,
            args.cpu_dokumen,
        )


if __name__ == "__main__":
    main()
