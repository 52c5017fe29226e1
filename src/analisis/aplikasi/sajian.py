"""What the server publishes: an allow-list for ``/reports/`` and ``/batas/`` (a ``panel serve``
plugin: ``--plugins analisis.aplikasi.sajian``).

The reports folder holds more than reports: run logs (``log/``), cache sidecars (``.cache/``),
the runner's lock (``.jalan.lock``), temporary files, and whatever a user saves there — a private
BNBA worklist (``RAHASIA/DAFTAR_KERJA_RAHASIA_*.xlsx``, NIK and names) included. So nothing is
served because it exists; a path is served only when it is one of the publishable kinds of the
reports layout (:mod:`analisis.tata_letak`):

* site and report HTML: ``index.html``, ``<XX00>/<tahun>/index.html``,
  ``<XX00>/<tahun>/wilayah/<kode>.html``, ``<XX00>/<tahun>/peringkat/peringkat.html``;
* shared static assets: ``_static/…`` (scripts, styles, fonts, images; no dot-folders);
* result JSON (no paths inside): ``hasil/<kode>.json``, ``peringkat/peringkat.json``, the run
  manifest ``manifest.json``;
* downloads: ``peringkat/peringkat.{csv,xlsx}``, ``peringkat/kontribusi.csv``,
  ``unduhan/ringkasan_<XX00>_<tahun>.{csv,xlsx}``, ``dokumen/<kode>.docx``;
* boundaries (``/batas/<XX00>.json``, prepared by :mod:`analisis.aplikasi.batas`).

Refused whatever the pattern: any part starting with ``.`` (dotfiles, ``.cache``), any path
containing ``RAHASIA`` (any case), logs, lock and temporary files. A refused path answers 404
(its existence is not confirmed); a path with NUL or another control character answers 400.
Refusals are answered by Tornado's ``HTTPError`` (no traceback in the server log).

Bokeh's own static handler (``/static/``, ``/app/static/``, routed before any plugin route) hands
a NUL in the path to the file system, which raises ``ValueError``: a 500 with a traceback in the
log. Loading this plugin therefore also makes that handler refuse control characters with 400
(:func:`jaga_static_bokeh`, through Tornado's documented override point ``parse_url_path``).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from panel.io.server import AuthenticatedStaticFileHandler
from tornado.web import HTTPError

from analisis.aplikasi.batas import AWALAN_URL_BATAS

ENV_FOLDER_BATAS = "ANALISIS_FOLDER_BATAS"
"""Set by ``analisis sajikan``: the boundaries folder served under ``/batas/``."""

_PROV_TAHUN = r"[0-9]{2}00/[0-9]{4}"
_STATIC = r"(?:js|mjs|css|map|woff2?|ttf|otf|eot|svg|png|jpe?g|gif|ico|json|wasm)"

POLA_LAPORAN = re.compile(
    "|".join(
        [
            r"index\.html",
            rf"_static/(?:[A-Za-z0-9@_+-][A-Za-z0-9@_.+-]*/)*[A-Za-z0-9@_+-][A-Za-z0-9@_.+-]*\.{_STATIC}",
            rf"{_PROV_TAHUN}/(?:index\.html|manifest\.json)",
            rf"{_PROV_TAHUN}/wilayah/[0-9]{{4}}\.html",
            rf"{_PROV_TAHUN}/hasil/[0-9]{{4}}\.json",
            rf"{_PROV_TAHUN}/dokumen/(?:ringkas_)?(?:provinsi_)?[0-9]{{4}}\.docx",
            rf"{_PROV_TAHUN}/peringkat/(?:peringkat\.(?:json|html|csv|xlsx)|kontribusi\.csv)",
            r"([0-9]{2}00)/([0-9]{4})/unduhan/ringkasan_\1_\2\.(?:csv|xlsx)",
            rf"{_PROV_TAHUN}/unduhan/(?:triwulan_bnba|bnba_desa)_[0-9]{{4}}\.xlsx",
        ]
    )
)
"""Publishable paths of the reports folder, relative to it (POSIX)."""

POLA_BATAS = re.compile(r"[0-9]{2}00\.json")
"""Publishable paths of the boundaries folder."""

AKHIRAN_TERLARANG = (".log", ".lock", ".tmp", ".bak", ".swp", ".part")
KARAKTER_KENDALI = re.compile(r"[\x00-\x1f\x7f]")


def ditolak(rel: str) -> bool:
    """Paths never served, whatever the allow-list says (defence in depth)."""
    bagian = rel.split("/")
    return (
        any(b.startswith(".") or b == "" for b in bagian)
        or "rahasia" in rel.casefold()
        or rel.casefold().endswith(AKHIRAN_TERLARANG)
    )


def boleh_disajikan(rel: str, pola: re.Pattern[str] = POLA_LAPORAN) -> bool:
    """Whether the path ``rel`` (relative, as requested; a folder = its ``index.html``) is
    publishable."""
    if rel == "" or rel.endswith("/"):
        rel += "index.html"
    return not ditolak(rel) and pola.fullmatch(rel) is not None


def tolak_karakter_kendali(url_path: str) -> None:
    """400 for a path with NUL or another control character (never a file system call)."""
    if KARAKTER_KENDALI.search(url_path):
        raise HTTPError(400, reason="Alamat tidak sah")


def jaga_static_bokeh() -> None:
    """Make Bokeh's static handler answer 400 to control characters instead of crashing."""
    from bokeh.server.views.static_handler import StaticHandler

    if getattr(StaticHandler, "_dijaga_analisis", False):
        return
    asli = StaticHandler.parse_url_path

    def parse_url_path(self, url_path: str) -> str:
        tolak_karakter_kendali(url_path)
        return asli(self, url_path)

    StaticHandler.parse_url_path = parse_url_path  # type: ignore[method-assign]
    StaticHandler._dijaga_analisis = True  # type: ignore[attr-defined]


class PenyajiTerbit(AuthenticatedStaticFileHandler):
    """Panel's authenticated static handler, serving only the allow-listed paths ``pola``."""

    def initialize(  # type: ignore[override]  # one more keyword: the allow-list
        self,
        path: str,
        default_filename: str | None = None,
        *,
        pola: re.Pattern[str] = POLA_LAPORAN,
    ) -> None:
        super().initialize(path, default_filename)
        self.pola = pola

    def parse_url_path(self, url_path: str) -> str:
        tolak_karakter_kendali(url_path)
        if not boleh_disajikan(url_path, self.pola):
            raise HTTPError(404)
        return super().parse_url_path(url_path)


def rute(folder_laporan: str | None, folder_batas: str | None) -> list[tuple]:
    """Tornado routes for the reports folder and the boundaries folder (either may be absent)."""
    hasil: list[tuple] = []
    if folder_laporan:
        akar = str(Path(folder_laporan).resolve())
        hasil.append(
            (
                r"/reports/(.*)",
                PenyajiTerbit,
                {"path": akar, "pola": POLA_LAPORAN, "default_filename": "index.html"},
            )
        )
    if folder_batas:
        akar = str(Path(folder_batas).resolve())
        hasil.append(
            (rf"/{AWALAN_URL_BATAS}/(.*)", PenyajiTerbit, {"path": akar, "pola": POLA_BATAS})
        )
    return hasil


ROUTES = rute(os.environ.get("ANALISIS_LAPORAN"), os.environ.get(ENV_FOLDER_BATAS))
"""Read by ``panel serve --plugins analisis.aplikasi.sajian`` (Panel's plugin protocol)."""
jaga_static_bokeh()
