"""``analisis sajikan``: clear errors without outputs, and the exact ``panel serve`` command."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from analisis.aplikasi.cli import sajikan, susun_perintah

PETUNJUK = "analisis jalankan --provinsi 63 --tahun 2024"


def _jalankan(*args: str):
    return CliRunner().invoke(sajikan, [str(a) for a in args], catch_exceptions=False)


def _laporan_palsu(akar: Path) -> Path:
    """A reports folder with one (minimal) ranking, enough for the command's checks."""
    p = akar / "reports" / "6300" / "2024" / "peringkat"
    p.mkdir(parents=True)
    (p / "peringkat.json").write_text(
        json.dumps({"meta": {}, "baris": [], "masukan": [], "bobot": {}}), "utf-8"
    )
    return akar / "reports"


def test_tanpa_folder_laporan_galat_jelas(tmp_path):
    r = _jalankan("--laporan", tmp_path / "tidak_ada", "--tanpa-buka")
    assert r.exit_code == 3
    assert "tidak ada" in r.output
    assert PETUNJUK in r.output


def test_folder_tanpa_keluaran_galat_jelas(tmp_path):
    kosong = tmp_path / "reports"
    (kosong / "6300" / "2024" / "hasil").mkdir(parents=True)  # results but no ranking yet
    r = _jalankan("--laporan", kosong, "--tanpa-buka")
    assert r.exit_code == 3
    assert "Belum ada keluaran peringkat" in r.output
    assert PETUNJUK in r.output


def test_perintah_panel_serve(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    lap = _laporan_palsu(tmp_path)
    r = _jalankan(
        "--laporan",
        lap,
        "--port",
        "5123",
        "--tanpa-buka",
        "--cetak-perintah",
        "--",
        "--num-procs",
        "2",
    )
    assert r.exit_code == 0, r.output
    argv = shlex.split(r.output.strip())
    # The printed command carries the folders it serves in its environment (runnable as is).
    assert argv[0] == "env"
    n_env = next(i for i, a in enumerate(argv[1:], 1) if "=" not in a)
    lingkungan = dict(a.split("=", 1) for a in argv[1:n_env])
    argv = argv[n_env:]
    assert argv[1:4] == ["-m", "panel", "serve"]
    assert argv[4].endswith("analisis/aplikasi/app.py")
    teks = " ".join(argv)
    # /reports/ and /batas/ are served by the allow-list plugin, not by --static-dirs.
    assert "--static-dirs" not in argv
    assert argv[argv.index("--plugins") + 1] == "analisis.aplikasi.sajian"
    assert lingkungan["ANALISIS_LAPORAN"] == str(lap.resolve())
    assert lingkungan["ANALISIS_URL_BATAS"] == "batas"
    assert lingkungan["BOKEH_VALIDATE_DOC"] == "false"  # Bokeh's development checks skipped
    folder = lingkungan["ANALISIS_FOLDER_BATAS"]
    assert Path(folder).parent == tmp_path / "cache" / "analisis"
    assert sorted(p.name for p in Path(folder).iterdir()) == [f"{k}00.json" for k in range(61, 66)]
    kalsel = json.loads((Path(folder) / "6300.json").read_text("utf-8"))
    assert len(kalsel["features"]) == 13
    assert (
        "--liveness" in argv and "--warm" not in argv
    )  # several processes: --setup warms each worker
    assert argv[argv.index("--setup") + 1].endswith("analisis/aplikasi/pemanasan.py")
    assert argv.count("--num-procs") == 1  # the pass-through value, not ours as well
    assert (
        "--reuse-sessions" in argv
    )  # offline stylesheets kept by app.py (browser tests block the CDN)
    assert "--address 127.0.0.1 --port 5123" in teks
    assert "--allow-websocket-origin 127.0.0.1:5123" in teks
    assert "--show" not in argv
    assert argv[-2:] == ["--num-procs", "2"]


def test_sandi_tidak_masuk_baris_perintah(tmp_path):
    lap = _laporan_palsu(tmp_path)
    r = _jalankan(
        "--laporan", lap, "--tanpa-buka", "--cetak-perintah", "--basic-auth", "SandiRahasia9"
    )
    assert r.exit_code == 0, r.output
    assert "SandiRahasia9" not in r.output
    argv = shlex.split(r.output.strip())
    berkas = Path(argv[argv.index("--basic-auth") + 1])
    assert berkas.name.startswith("analisis-sandi-")
    assert not berkas.exists()  # --cetak-perintah removes the temporary password file


def test_berkas_sandi_diteruskan(tmp_path):
    sandi = tmp_path / "pengguna.json"
    sandi.write_text('{"tkpk": "rahasia"}', "utf-8")
    perintah = susun_perintah(berkas_sandi=sandi)
    assert perintah[perintah.index("--basic-auth") + 1] == str(sandi)
    assert (
        "--show" not in perintah
    )  # the command opens the browser itself (one tab, not one per process)


def test_jumlah_proses(tmp_path, monkeypatch):
    from analisis.aplikasi.cli import PROSES_MAKS, proses_bawaan

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    lap = _laporan_palsu(tmp_path)

    def argv(*opsi):
        r = _jalankan("--laporan", lap, "--tanpa-buka", "--cetak-perintah", *opsi)
        assert r.exit_code == 0, r.output
        return shlex.split(r.output.strip())

    assert argv("--proses", "3")[-2:] == ["--num-procs", "3"]
    satu = argv("--proses", "1")
    assert "--num-procs" not in satu and "--warm" in satu
    assert satu[satu.index("--setup") + 1].endswith("analisis/aplikasi/pemanasan.py")
    bawaan = argv()
    n = proses_bawaan()
    assert 1 <= n <= PROSES_MAKS
    assert ("--num-procs" in bawaan) == (n > 1) and (
        n == 1 or bawaan[bawaan.index("--num-procs") + 1] == str(n)
    )
    if sys.platform.startswith("linux"):
        import os

        assert n == min(PROSES_MAKS, len(os.sched_getaffinity(0)))
    r = _jalankan("--laporan", lap, "--tanpa-buka", "--cetak-perintah", "--proses", "0")
    assert r.exit_code == 2 and "--proses" in r.output


def test_peramban_dibuka_saat_server_menjawab(monkeypatch):
    import http.server
    import threading
    import webbrowser

    from analisis.aplikasi.cli import _buka_saat_siap

    class Jawab(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(401)  # e.g. behind --basic-auth: the server is up all the same
            self.end_headers()

        def log_message(self, *a):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Jawab)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    dibuka: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url: dibuka.append(url))
    try:
        _buka_saat_siap(f"http://127.0.0.1:{server.server_port}", batas=20)
    finally:
        server.shutdown()
    assert dibuka == [f"http://127.0.0.1:{server.server_port}/app"]


def test_bantuan_bahasa_indonesia():
    r = _jalankan("--help")
    assert r.exit_code == 0
    for kata in (
        "--laporan",
        "--port",
        "--alamat",
        "--tanpa-buka",
        "--basic-auth",
        "--cookie-secret",
        "oauth",
        PETUNJUK,
        "Opsi",
    ):
        assert kata in r.output


def test_modul_dapat_dijalankan(tmp_path):
    """``python -m analisis.aplikasi.cli`` (the entry the browser tests use) gives the same error."""
    p = subprocess.run(
        [sys.executable, "-m", "analisis.aplikasi.cli", "--laporan", str(tmp_path), "--tanpa-buka"],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert p.returncode == 3
    assert PETUNJUK in p.stderr


def test_terpasang_di_cli_utama(tmp_path, cli):
    import click

    from analisis.cli import utama

    # A missing registration is a failure, never a skip (cli.py mounts subcommands on first use).
    with click.Context(utama) as ctx:
        assert "sajikan" in utama.list_commands(ctx)
        perintah = utama.get_command(ctx, "sajikan")
    assert perintah is not None, "perintah 'sajikan' tidak terpasang di analisis.cli"
    r = cli("sajikan", "--laporan", tmp_path / "kosong", "--tanpa-buka")
    assert r.exit_code == 3
    assert PETUNJUK in r.output
