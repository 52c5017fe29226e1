"""``analisis sajikan``: serve the ranking app with ``panel serve`` (reads the runner's outputs).

The command builds one ``python -m panel serve`` invocation (printed with ``--cetak-perintah``)
and runs it as a child process::

    env ANALISIS_LAPORAN=<folder laporan> ANALISIS_FOLDER_BATAS=<folder batas peta>
        ANALISIS_URL_BATAS=batas BOKEH_VALIDATE_DOC=false
    python -m panel serve <paket>/analisis/aplikasi/app.py --address 127.0.0.1 --port 5006
        --allow-websocket-origin 127.0.0.1:5006 --allow-websocket-origin localhost:5006
        --plugins analisis.aplikasi.sajian
        --liveness --reuse-sessions --index app
        --setup <paket>/analisis/aplikasi/pemanasan.py (--warm | --num-procs N)
        [--basic-auth <berkas>] [opsi panel serve lain]

``--num-procs`` (``--proses N``; default one per CPU, at most 4, on Linux) spreads sessions over
the cores: session building and re-ranking are CPU-bound Python, one core per process. The
browser is opened by this command once ``/liveness`` answers (``--show`` would open one tab
per process).

Every process runs :mod:`analisis.aplikasi.pemanasan` at start-up (``--setup``): the app once
(imports, caches), so the first visitor does not pay for them, then ``gc.freeze()`` of what it
holds, so the garbage collector does not walk the libraries' objects while sessions are built.
With one process ``--warm`` also builds the first session at start-up; not with several,
where it would make every worker serve an empty page.

``--reuse-sessions`` serves ``GET /app`` from the page rendered for the first session (the page
is the same for everyone) and builds each visitor's session once, when its websocket
connects: the HTML arrives at once and the browser loads Panel's JS while the server builds the
document, and with ``--num-procs N`` a session is never built twice (without it, the GET and the
websocket may land on different processes and each builds one). Panel 1.9 sets the local
stylesheet location only while rendering a page, so ``app.py`` sets it for sessions built at
websocket connect (otherwise the CSS would point at ``cdn.holoviz.org``; the browser tests block
every non-local request). Numbers: benchmarks/bench_aplikasi.py ``beban``.

Why a ``panel serve`` child process rather than ``pn.serve`` in this process:

* it is exactly the documented production invocation, so tests start the server the same way;
* every standard Panel server option keeps working unchanged and is passed through after
  ``--`` (``--oauth-provider``/``--oauth-key``/``--oauth-secret``, ``--num-procs``,
  ``--prefix``, ``--num-threads``, ``--admin`` …) instead of being re-implemented;
* ``--plugins``, ``--liveness``, ``--warm`` and ``--index`` are ``panel serve`` options.

The child gets its own process group; SIGINT/SIGTERM/SIGHUP sent to this command are forwarded
to it, and on Linux the child is also told to stop if this process dies (``PR_SET_PDEATHSIG``).

What is served: the app at ``/app`` (and ``/``), the *publishable* files of the reports folder
under ``/reports/`` and the map's boundaries (one GeoJSON per province, prepared from the bundled
file in the user cache folder, :mod:`analisis.aplikasi.batas`) under ``/batas/`` — both through
the allow-list of :mod:`analisis.aplikasi.sajian` (a ``panel serve`` plugin on Panel's
authenticated static handler: logs, cache, lock files, dotfiles, anything containing ``RAHASIA``
and anything outside the folder answer 404; a NUL in the path answers 400) — Panel's own JS/CSS
(no CDN: the page works offline) and ``/liveness``.

Authentication (all standard Panel options):

* ``--basic-auth SANDI`` or ``--basic-auth BERKAS.json`` (``{"pengguna": "sandi", …}``). A
  password given on the command line is written to a private temporary file (mode 0600, removed
  when the server stops) and only that file's path is passed to Panel, so the password does
  not appear in the process list of the server. (Panel's ``PANEL_BASIC_AUTH`` environment
  variable is not used: Panel lower-cases its value, which changes passwords and file paths.)
* ``--cookie-secret`` (or ``PANEL_COOKIE_SECRET``): passed to Panel through the environment.
  With ``--basic-auth`` and no secret, a random secret is generated (logins then end when the
  server restarts).
* OAuth: pass Panel's options after ``--``, e.g.
  ``analisis sajikan -- --oauth-provider github --oauth-key ID --cookie-secret …`` with the
  client secret in ``PANEL_OAUTH_SECRET``; see ``panel serve --help``.
* Auth protects the app *and* ``/reports/`` (Panel's static handler is authenticated).

Without outputs (no ``<prov>/<tahun>/peringkat/peringkat.json`` under ``--laporan``) the command
stops with exit code 3 and says how to make them; it never runs a notebook.
"""

from __future__ import annotations

import importlib.util
import ipaddress
import json
import os
import secrets
import shlex
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import click

from analisis import klik_id
from analisis.aplikasi.batas import AWALAN_URL_BATAS, ENV_URL_BATAS, folder_batas

MODUL_SAJIAN = "analisis.aplikasi.sajian"
"""The ``panel serve`` plugin that serves ``/reports/`` and ``/batas/`` from an allow-list."""
ENV_FOLDER_BATAS = "ANALISIS_FOLDER_BATAS"
ENV_VALIDASI_BOKEH = "BOKEH_VALIDATE_DOC"
from analisis.galat import GalatAnalisis

klik_id.pasang()

KELUAR_TANPA_KELUARAN = 3

PROSES_MAKS = 4
"""Upper bound of the default number of server processes (each holds ~250 MB)."""

_BANTUAN = """Sajikan aplikasi peringkat (Panel) dari keluaran pelari di folder laporan.

\b
Aplikasi hanya membaca keluaran yang sudah ada (peringkat.json, hasil wilayah, laporan HTML);
buat dulu dengan: analisis jalankan --provinsi 63 --tahun 2024.
Buka http://ALAMAT:PORT/app. Hanya berkas terbitan folder laporan (laporan HTML, situs, JSON
hasil, unduhan) yang disajikan di /reports/; log, cache, berkas kunci, dan berkas RAHASIA tidak.

\b
Autentikasi (opsi standar Panel):
  --basic-auth SANDI atau BERKAS.json ({"pengguna": "sandi"}); sandi tidak tampil di daftar proses.
  --cookie-secret RAHASIA (atau PANEL_COOKIE_SECRET).
  OAuth dan opsi 'panel serve' lain diteruskan setelah '--', mis.:
    analisis sajikan -- --oauth-provider github --oauth-key ID --num-procs 2
    (rahasia OAuth lewat PANEL_OAUTH_SECRET, cookie lewat PANEL_COOKIE_SECRET).

\b
Kode keluar: 0 server berhenti normal; 2 penggunaan salah; 3 belum ada keluaran peringkat.
"""


def _path_modul(nama: str) -> Path:
    spec = importlib.util.find_spec(nama)
    if spec is None or spec.origin is None:  # pragma: no cover - broken installation
        raise GalatAnalisis(f"Modul {nama} tidak ditemukan; pasang ulang paket analisis.", 3)
    return Path(spec.origin)


def _path_app() -> Path:
    return _path_modul("analisis.aplikasi.app")


def _num_procs_diteruskan(opsi_panel: tuple[str, ...] | list[str]) -> str | None:
    """The value of ``--num-procs`` among the pass-through options (``--num-procs N`` or
    ``--num-procs=N``; the last wins, as in ``panel serve``), or ``None`` when absent."""
    opsi = list(opsi_panel)
    for i in range(len(opsi) - 1, -1, -1):
        if opsi[i] == "--num-procs" and i + 1 < len(opsi):
            return opsi[i + 1]
        if opsi[i].startswith("--num-procs="):
            return opsi[i].split("=", 1)[1]
    return None


def _loopback(alamat: str) -> bool:
    if alamat in ("localhost",):
        return True
    try:
        return ipaddress.ip_address(alamat).is_loopback
    except ValueError:
        return False


def proses_bawaan() -> int:
    """Default number of server processes: one per CPU this process may use, at most
    :data:`PROSES_MAKS`, on Linux (elsewhere 1: Tornado forks workers, which Windows lacks)."""
    if not sys.platform.startswith("linux"):
        return 1
    try:
        inti = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover
        inti = os.cpu_count() or 1
    return max(1, min(PROSES_MAKS, inti))


def susun_perintah(
    *,
    port: int = 5006,
    alamat: str = "127.0.0.1",
    berkas_sandi: Path | None = None,
    opsi_panel: tuple[str, ...] | list[str] = (),
    proses: int = 1,
) -> list[str]:
    """The ``python -m panel serve`` command line (no secrets in it); the folders it serves go
    through the environment (:func:`lingkungan_server`). ``proses`` > 1 adds ``--num-procs``.
    No ``--show``: with several processes each would open a browser tab, so :func:`sajikan`
    opens it itself once the server answers."""
    asal = [f"{alamat}:{port}"]
    if _loopback(alamat) and alamat != "localhost":
        asal.append(f"localhost:{port}")
    perintah = [
        sys.executable,
        "-m",
        "panel",
        "serve",
        str(_path_app()),
        "--address",
        alamat,
        "--port",
        str(port),
        *[a for o in asal for a in ("--allow-websocket-origin", o)],
        # /reports/ and /batas/: an allow-list of publishable files (see analisis.aplikasi.sajian).
        "--plugins",
        MODUL_SAJIAN,
        "--liveness",
        "--reuse-sessions",
        "--index",
        "app",
    ]
    diteruskan = _num_procs_diteruskan(opsi_panel)
    if diteruskan is not None:  # the pass-through option decides (panel serve rejects a bad value)
        proses = max(1, int(diteruskan)) if diteruskan.isdigit() else proses
    # Every process warms itself up and freezes its long-lived objects (--setup); not --warm with
    # several workers: it would make every worker serve an empty page (see
    # analisis.aplikasi.pemanasan).
    perintah += ["--setup", str(_path_modul("analisis.aplikasi.pemanasan"))]
    if proses > 1:
        if diteruskan is None:
            perintah += ["--num-procs", str(proses)]
    else:
        perintah.append("--warm")
    if berkas_sandi is not None:
        perintah += ["--basic-auth", str(berkas_sandi)]
    return perintah + list(opsi_panel)


def lingkungan_server(folder_laporan: Path, folder_batas: Path | None) -> dict[str, str]:
    """Environment variables the server reads: the reports folder (``app.py``, the allow-list
    plugin), the boundaries folder with its URL slug (absent: the map inlines its shapes), and
    Bokeh's ``BOKEH_VALIDATE_DOC=false``: Bokeh's development checks of every new session's
    document (warnings about model combinations, ~7 % of the server's work per session) are
    skipped in production, as Bokeh's settings documentation suggests."""
    env = {"ANALISIS_LAPORAN": str(Path(folder_laporan).resolve())}
    env[ENV_VALIDASI_BOKEH] = "false"
    if folder_batas is not None:
        env[ENV_FOLDER_BATAS] = str(Path(folder_batas).resolve())
        env[ENV_URL_BATAS] = AWALAN_URL_BATAS
    return env


def periksa_keluaran(folder_laporan: Path) -> int:
    """Number of province-years with a ranking; :class:`GalatAnalisis` (exit 3) when none."""
    from analisis.aplikasi.keluaran import daftar_keluaran, pesan_tanpa_keluaran

    folder = Path(folder_laporan)
    if not folder.is_dir():
        raise GalatAnalisis(
            f"Folder laporan '{folder}' tidak ada. " + pesan_tanpa_keluaran(folder),
            KELUAR_TANPA_KELUARAN,
        )
    n = len(daftar_keluaran(folder))
    if n == 0:
        raise GalatAnalisis(pesan_tanpa_keluaran(folder), KELUAR_TANPA_KELUARAN)
    return n


def _buka_saat_siap(url: str, batas: float = 120.0) -> None:
    """Open the browser at ``url/app`` once the server answers (any HTTP reply, e.g. 401)."""
    import time
    import urllib.error
    import urllib.request
    import webbrowser

    akhir = time.monotonic() + batas
    while time.monotonic() < akhir:
        try:
            urllib.request.urlopen(f"{url}/liveness", timeout=2).close()
        except urllib.error.HTTPError:
            pass  # answered: up (authentication may guard /liveness)
        except OSError:
            time.sleep(0.3)
            continue
        webbrowser.open(f"{url}/app")
        return


def _mati_bersama_induk() -> None:  # pragma: no cover - runs in the child
    """Linux: SIGTERM this process when its parent dies (no orphaned server)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except Exception:  # noqa: BLE001, S110 - best effort: without prctl the server just is not tied to its parent
        pass


def jalankan_server(perintah: list[str], env: dict[str, str]) -> int:
    """Run the server, forwarding termination signals; return its exit code.

    POSIX: the server runs in its own process group, and signals go to the whole group, so
    worker processes forked by ``--num-procs`` stop too.
    """
    kw: dict = {"env": env}
    posix = os.name == "posix"
    if posix:
        kw["start_new_session"] = True
        if sys.platform.startswith("linux"):
            kw["preexec_fn"] = _mati_bersama_induk
    proses = subprocess.Popen(perintah, **kw)

    def kirim(sig: int) -> None:
        if proses.poll() is not None:
            return
        try:
            if posix:
                os.killpg(proses.pid, sig)
            else:  # pragma: no cover
                proses.send_signal(sig)
        except ProcessLookupError:  # pragma: no cover - already gone
            pass

    def teruskan(sig, _frame):
        kirim(signal.SIGINT if sig == signal.SIGINT else signal.SIGTERM)

    lama = {}
    for s in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if s is not None:
            lama[s] = signal.signal(s, teruskan)
    try:
        while True:
            try:
                return proses.wait()
            except KeyboardInterrupt:  # pragma: no cover - the handler above normally gets it
                kirim(signal.SIGINT)
    finally:
        for s, h in lama.items():
            signal.signal(s, h)
        if proses.poll() is None:  # pragma: no cover
            kirim(signal.SIGTERM)
            try:
                proses.wait(10)
            except subprocess.TimeoutExpired:
                kirim(signal.SIGKILL)
        if posix:
            _hentikan_grup(proses.pid)


def _hentikan_grup(pgid: int, batas: float = 5.0) -> None:
    """Stop what is left of the server's process group (e.g. ``--num-procs`` workers, which
    do not always exit on SIGTERM): SIGTERM, then SIGKILL after ``batas`` seconds."""
    import time

    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pgid, sig)
        except (ProcessLookupError, PermissionError):
            return
        akhir = time.monotonic() + batas
        while time.monotonic() < akhir:
            try:
                os.killpg(pgid, 0)
            except (ProcessLookupError, PermissionError):
                return
            time.sleep(0.1)


@click.command(
    "sajikan",
    help=_BANTUAN,
    options_metavar="[OPSI]",
    context_settings={
        "help_option_names": ["-h", "--help"],
        "max_content_width": 100,
        "ignore_unknown_options": True,
        "allow_interspersed_args": False,
    },
)
@click.option(
    "--laporan",
    "folder_laporan",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder laporan, keluaran 'analisis jalankan' (bawaan: reports/ di folder proyek; "
    "variabel ANALISIS_LAPORAN).",
)
@click.option(
    "--port", type=click.IntRange(1, 65535), default=5006, show_default=True, help="Port server."
)
@click.option(
    "--alamat",
    default="127.0.0.1",
    show_default=True,
    help="Alamat yang didengarkan. Selain 127.0.0.1/localhost, server terbuka ke jaringan: pakai autentikasi.",
)
@click.option("--tanpa-buka", is_flag=True, help="Jangan membuka peramban secara otomatis.")
@click.option(
    "--proses",
    "jumlah_proses",
    type=click.IntRange(1, 64),
    default=None,
    metavar="N",
    help=f"Jumlah proses server (sesi dibagi ke semua inti). Bawaan: satu per inti, paling banyak "
    f"{PROSES_MAKS}, di Linux; 1 di sistem lain.",
)
@click.option(
    "--basic-auth",
    "basic_auth",
    metavar="SANDI|BERKAS",
    help='Autentikasi dasar Panel: satu sandi, atau berkas JSON {"pengguna": "sandi"}.',
)
@click.option(
    "--cookie-secret",
    "cookie_secret",
    envvar="PANEL_COOKIE_SECRET",
    metavar="RAHASIA",
    help="Rahasia cookie Panel (atau PANEL_COOKIE_SECRET); dibuat acak bila --basic-auth tanpa rahasia.",
)
@click.option(
    "--cetak-perintah",
    is_flag=True,
    help="Cetak perintah 'panel serve' lalu keluar tanpa menjalankannya.",
)
@click.argument("opsi_panel", nargs=-1, type=click.UNPROCESSED, metavar="[-- OPSI_PANEL_SERVE...]")
@click.pass_context
def sajikan(
    ctx: click.Context,
    folder_laporan: Path | None,
    port: int,
    alamat: str,
    tanpa_buka: bool,
    jumlah_proses: int | None,
    basic_auth: str | None,
    cookie_secret: str | None,
    cetak_perintah: bool,
    opsi_panel: tuple[str, ...],
) -> None:
    from analisis.proyek import Proyek

    folder_laporan = Proyek.muat(laporan=folder_laporan).laporan
    try:
        n = periksa_keluaran(folder_laporan)
    except GalatAnalisis as e:
        click.echo(f"GALAT: {e.pesan}", err=True)
        ctx.exit(e.kode_keluar)
    if opsi_panel and opsi_panel[0] == "--":
        opsi_panel = opsi_panel[1:]
    laporan = folder_laporan.resolve()
    env = dict(os.environ)
    env.pop("PANEL_BASIC_AUTH", None)  # lower-cased by Panel; never used (see module docstring)
    sementara: Path | None = None
    berkas_sandi: Path | None = None
    if basic_auth:
        if Path(basic_auth).is_file():
            berkas_sandi = Path(basic_auth).resolve()
        else:
            fd, nama = tempfile.mkstemp(prefix="analisis-sandi-", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as f:  # mkstemp: mode 0600
                json.dump(basic_auth, f)
            sementara = berkas_sandi = Path(nama)
        if not cookie_secret:
            cookie_secret = secrets.token_urlsafe(32)
    if cookie_secret:
        env["PANEL_COOKIE_SECRET"] = cookie_secret
    try:
        batas: Path | None = folder_batas()
    except OSError as e:  # no writable cache: the map inlines its geometry instead
        click.echo(
            f"PERINGATAN: folder batas wilayah untuk peta tidak dapat ditulis ({e}); peta memuat "
            "batas wilayah di setiap sesi (lebih lambat).",
            err=True,
        )
        batas = None
    proses = jumlah_proses if jumlah_proses is not None else proses_bawaan()
    perintah = susun_perintah(
        port=port,
        alamat=alamat,
        berkas_sandi=berkas_sandi,
        opsi_panel=opsi_panel,
        proses=proses,
    )
    lingkungan = lingkungan_server(laporan, batas)
    env.update(lingkungan)
    if cetak_perintah:
        if sementara is not None:
            sementara.unlink(missing_ok=True)
        click.echo(shlex.join(["env", *(f"{k}={v}" for k, v in lingkungan.items()), *perintah]))
        return
    if (
        not _loopback(alamat)
        and not basic_auth
        and not any(o.startswith("--oauth") for o in opsi_panel)
    ):
        click.echo(
            f"PERINGATAN: server mendengarkan di {alamat} tanpa autentikasi; siapa pun di jaringan dapat "
            "membuka aplikasi dan folder laporan. Pertimbangkan --basic-auth. Tambahkan juga "
            "'-- --allow-websocket-origin <host>:<port>' untuk nama host yang dipakai peramban.",
            err=True,
        )
    url = f"http://{'127.0.0.1' if alamat in ('0.0.0.0', '::') else alamat}:{port}"
    click.echo(f"Menyajikan {n} peringkat provinsi-tahun dari {laporan} ({proses} proses)")
    click.echo(f"Buka {url}/app — tekan Ctrl+C untuk berhenti.")
    if not tanpa_buka:
        threading.Thread(target=_buka_saat_siap, args=(url,), daemon=True).start()
    try:
        kode = jalankan_server(perintah, env)
    finally:
        if sementara is not None:
            sementara.unlink(missing_ok=True)
    ctx.exit(max(kode, 0))


def main() -> None:  # pragma: no cover - ``python -m analisis.aplikasi.cli``
    sajikan(prog_name="analisis sajikan")


if __name__ == "__main__":  # pragma: no cover
    main()
