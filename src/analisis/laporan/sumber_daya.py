"""A shared, local copy of the chart libraries (Vega, BokehJS/Panel) so reports work offline.

Executed notebooks reference BokehJS and Panel on ``cdn.bokeh.org`` and
``cdn.holoviz.org`` (CDN mode is the right choice in notebooks: small ``.ipynb``
files). Opened from disk without internet, such a report is blank. Instead of inlining
~3 MB of JavaScript into every report, :func:`siapkan_static` copies the assets once
from the **installed** ``bokeh`` and ``panel`` packages into a ``_static/`` folder, and
:func:`ganti_cdn` rewrites the CDN prefixes in a report to a relative path into it.

Layout of the folder mirrors the CDN paths, so one rewrite rule per CDN suffices and
several library versions can coexist (reports exported before an upgrade keep
working)::

    _static/
      bokeh/bokeh-3.9.2.min.js          <- bokeh/server/static/js/bokeh.min.js
      bokeh/bokeh-widgets-3.9.2.min.js  ...
      panel/1.9.4/dist/panel.min.js     <- panel/dist/panel.min.js
      panel/1.9.4/dist/css/...          ...
      .stempel/bokeh-3.9.2.json         <- version stamp: files and sizes copied
      .stempel/panel-1.9.4.json

Report charts are Vega-Lite (:mod:`analisis.laporan.grafik`); their libraries come from the
copy Panel bundles (``panel/dist/bundled/vegaplot``, so they are version-locked to the
installed panel like the rest) plus this package's small loader::

    _static/
      vega/vega@6.1.2.min.js            <- panel/dist/bundled/vegaplot/vega@6.1.2
      vega/vega-lite@6.3.0.min.js       ...
      vega/vega-embed@7.0.2.min.js      ...
      analisis/grafik.js                <- analisis/laporan/static/grafik.js
      .stempel/vega-panel-1.9.4.json

The JupyterLab look of exported reports (nbconvert's ``lab`` template CSS, ~250 KB) is shared
too, instead of being inlined into every report; each report inlines only the small
``analisis/laporan/static/laporan.css`` that keeps it readable without ``_static``::

    _static/
      analisis/lab/index.css            <- <jupyter data>/nbconvert/templates/lab/static/index.css
      analisis/lab/theme-light.css      ...
      .stempel/tema-lab-nbconvert-7.17.0.json

Only a core set is copied up front (~4 MB). Any other file a report references under
the same versions (e.g. a Panel widget's CSS) is copied on demand by
:func:`sediakan_berkas`. All writes go through a temporary file and ``os.replace``,
so concurrent export workers never see half-written files.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import os
import re
import shutil
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from urllib.parse import quote, unquote

from analisis.berkas import tulis_dengan, tulis_teks_atomik

__all__ = [
    "BerkasTidakTersedia",
    "berkas_tema",
    "berkas_vega",
    "ganti_cdn",
    "path_relatif",
    "rujukan_static",
    "sediakan_berkas",
    "siapkan_static",
    "versi_terpasang",
]

FORMAT_STEMPEL = 1

# CDN prefixes as BokehJS/Panel write them into notebook outputs. Schemes are first
# normalised to "//" with str.replace, so both patterns start with a literal and the
# regex engine can skip ahead (an optional "https?:" group made this 10x slower).
_HOST_CDN = ("cdn.bokeh.org", "cdn.holoviz.org")
POLA_CDN_BOKEH = re.compile(r"//cdn\.bokeh\.org/bokeh/release/")
POLA_CDN_PANEL = re.compile(r"//cdn\.holoviz\.org/panel/(?P<versi>[0-9A-Za-z.+-]+)/dist/")

# bokeh/server/static/js/<nama>.min.js is published as <nama>-<versi>.min.js on the CDN.
_BOKEH_INTI = ("bokeh", "bokeh-gl", "bokeh-widgets", "bokeh-tables")
# Panel files referenced by every hvplot/Panel output (loader, CSS of the root
# layout and loading spinner, theme, ES module shim).
_PANEL_INTI_BERKAS = ("panel.min.js",)
_PANEL_INTI_FOLDER = ("css", "assets", "bundled/theme", "bundled/reactiveesm")


class BerkasTidakTersedia(RuntimeError):
    """A report references an asset that the installed packages cannot provide."""


# --------------------------------------------------------------------------- installed packages


def _folder_paket(nama: str) -> Path:
    spec = importlib.util.find_spec(nama)  # locates without importing (panel import ~0.7 s)
    if spec is None or not spec.submodule_search_locations:
        raise BerkasTidakTersedia(f"paket {nama!r} tidak terpasang")
    return Path(next(iter(spec.submodule_search_locations)))


def versi_terpasang() -> dict[str, str]:
    """Installed versions of the asset sources: ``{"bokeh": "3.9.2", "panel": "1.9.4"}``."""
    return {p: importlib.metadata.version(p) for p in ("bokeh", "panel")}


def _sumber_bokeh() -> Path:
    return _folder_paket("bokeh") / "server" / "static" / "js"


def _sumber_panel() -> Path:
    return _folder_paket("panel") / "dist"


_PUSTAKA_VEGA = ("vega", "vega-lite", "vega-embed")  # load order


def _sumber_vega() -> Path:
    return _sumber_panel() / "bundled" / "vegaplot"


def berkas_vega() -> list[str]:
    """``_static``-relative scripts a page with Vega-Lite charts loads, in order (the Vega
    libraries bundled with the installed panel, then the ``analisis`` loader)."""
    sumber = _sumber_vega()
    hasil = []
    for nama in _PUSTAKA_VEGA:
        cocok = sorted(sumber.glob(f"{nama}@*"))
        if not cocok:
            raise BerkasTidakTersedia(f"{nama} tidak ada di {sumber} (paket panel tidak lengkap)")
        hasil.append(f"vega/{cocok[-1].name}.min.js")
    return hasil + ["analisis/grafik.js"]


def _inventaris_vega() -> dict[str, Path]:
    inventaris = {
        rel: _sumber_vega() / rel.removeprefix("vega/").removesuffix(".min.js")
        for rel in berkas_vega()
        if rel.startswith("vega/")
    }
    inventaris["analisis/grafik.js"] = Path(__file__).with_name("static") / "grafik.js"
    return inventaris


BERKAS_TEMA_LAB = ("index.css", "theme-light.css")


def _sumber_tema_lab() -> Path:
    """The ``lab`` template's static folder of the installed nbconvert (Jupyter data path)."""
    from jupyter_core.paths import jupyter_path

    for akar in jupyter_path("nbconvert", "templates"):
        folder = Path(akar) / "lab" / "static"
        if all((folder / b).is_file() for b in BERKAS_TEMA_LAB):
            return folder
    raise BerkasTidakTersedia("templat nbconvert 'lab' tidak ditemukan (nbconvert tidak lengkap)")


def berkas_tema() -> list[str]:
    """``_static``-relative stylesheets of the JupyterLab look, in load order."""
    return [f"analisis/lab/{b}" for b in BERKAS_TEMA_LAB]


def _inventaris_inti() -> dict[str, dict[str, Path]]:
    """Core files per stamp: ``{"bokeh-3.9.2": {rel_tujuan: sumber}, "panel-1.9.4": {...},
    "vega-panel-1.9.4": {...}}``."""
    versi = versi_terpasang()
    js = _sumber_bokeh()
    bokeh = {f"bokeh/{n}-{versi['bokeh']}.min.js": js / f"{n}.min.js" for n in _BOKEH_INTI}
    dist = _sumber_panel()
    awal = f"panel/{versi['panel']}/dist"
    panel = {f"{awal}/{b}": dist / b for b in _PANEL_INTI_BERKAS}
    for folder in _PANEL_INTI_FOLDER:
        for berkas in sorted((dist / folder).rglob("*")):
            if berkas.is_file():
                panel[f"{awal}/{berkas.relative_to(dist).as_posix()}"] = berkas
    return {
        f"bokeh-{versi['bokeh']}": bokeh,
        f"panel-{versi['panel']}": panel,
        f"vega-panel-{versi['panel']}": _inventaris_vega(),
        f"tema-lab-nbconvert-{importlib.metadata.version('nbconvert')}": {
            rel: _sumber_tema_lab() / Path(rel).name for rel in berkas_tema()
        },
    }


# --------------------------------------------------------------------------- copying


def _salin_atomik(sumber: Path, tujuan: Path) -> None:
    """Copy so that readers see either no file or the complete file."""
    tulis_dengan(tujuan, lambda p: shutil.copyfile(sumber, p))


def _tulis_json_atomik(tujuan: Path, data: dict) -> None:
    tulis_teks_atomik(tujuan, json.dumps(data, indent=1, sort_keys=True))


def _stempel_sah(folder: Path, stempel: Path, inventaris: dict[str, Path]) -> bool:
    try:
        data = json.loads(stempel.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if data.get("format") != FORMAT_STEMPEL:
        return False
    tercatat = data.get("berkas", {})
    if set(tercatat) != set(inventaris):
        return False
    for rel, sumber in inventaris.items():
        try:
            ukuran_tujuan = (folder / rel).stat().st_size
            ukuran_sumber = sumber.stat().st_size
        except OSError:
            return False
        if ukuran_tujuan != tercatat[rel] or ukuran_sumber != tercatat[rel]:
            return False
    return True


def siapkan_static(folder: str | os.PathLike[str]) -> Path:
    """Create or refresh the shared asset folder from the installed bokeh/panel; return it.

    Idempotent and cheap when up to date (one ``stat`` per core file, ~60). A version
    stamp per package version (``.stempel/<paket>-<versi>.json``) records what was
    copied; a new bokeh/panel version adds its files next to the old ones, and a
    changed file of the same version (sizes differ) is copied again.
    """
    folder = Path(folder).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    for nama_stempel, inventaris in _inventaris_inti().items():
        stempel = folder / ".stempel" / f"{nama_stempel}.json"
        if _stempel_sah(folder, stempel, inventaris):
            continue
        for rel, sumber in inventaris.items():
            _salin_atomik(sumber, folder / rel)
        cocok = re.match(r"^(.*?)-(\d.*)$", nama_stempel)
        assert cocok is not None, nama_stempel  # our own stamp names: "<package>-<version>"
        paket, versi = cocok.groups()
        _tulis_json_atomik(
            stempel,
            {
                "format": FORMAT_STEMPEL,
                "paket": paket,
                "versi": versi,
                "berkas": {rel: sumber.stat().st_size for rel, sumber in inventaris.items()},
            },
        )
    return folder


_POLA_BOKEH_BERKAS = re.compile(
    r"^bokeh/(?P<nama>[a-z-]+?)-(?P<versi>\d[0-9A-Za-z.+-]*?)(?P<akhir>\.min\.js|\.js)$"
)
_POLA_PANEL_BERKAS = re.compile(r"^panel/(?P<versi>[^/]+)/dist/(?P<sisa>.+)$")
_POLA_CSS_URL = re.compile(r"""url\(\s*['"]?(?P<url>[^'")]+?)['"]?\s*\)""")


def _sumber_untuk(rel: str) -> Path | None:
    """Installed file for a static-relative path, or None if this environment lacks it."""
    versi = versi_terpasang()
    cocok = _POLA_BOKEH_BERKAS.match(rel)
    if cocok:
        if cocok["versi"] != versi["bokeh"]:
            return None
        akar = _sumber_bokeh()
        kandidat = akar / f"{cocok['nama']}{cocok['akhir']}"
    else:
        cocok = _POLA_PANEL_BERKAS.match(rel)
        if not cocok or cocok["versi"] != versi["panel"]:
            return None
        akar = _sumber_panel()
        kandidat = akar / cocok["sisa"]
    kandidat = kandidat.resolve()
    if not kandidat.is_relative_to(akar.resolve()) or not kandidat.is_file():
        return None
    return kandidat


def sediakan_berkas(folder: str | os.PathLike[str], rel_paths: Iterable[str]) -> list[str]:
    """Make sure each ``_static``-relative path exists, copying from installed packages.

    CSS files copied this way bring their relative ``url(...)`` dependencies along.
    Returns the paths that could **not** be provided (e.g. a report executed with a
    different bokeh/panel version than the one installed here).
    """
    folder = Path(folder).resolve()
    kurang: list[str] = []
    antre = list(dict.fromkeys(rel_paths))
    dilihat: set[str] = set()
    while antre:
        rel = antre.pop(0)
        if rel in dilihat:
            continue
        dilihat.add(rel)
        tujuan = (folder / rel).resolve()
        if not tujuan.is_relative_to(folder):
            kurang.append(rel)
            continue
        if not tujuan.is_file():
            sumber = _sumber_untuk(rel)
            if sumber is None:
                kurang.append(rel)
                continue
            _salin_atomik(sumber, tujuan)
        if rel.endswith(".css"):
            antre.extend(_rujukan_css(tujuan, rel))
    return kurang


def _rujukan_css(path: Path, rel: str) -> list[str]:
    """The ``_static``-relative files the stylesheet ``rel`` (at ``path``) loads with ``url()``.

    Remembered per file version (path, size, modification time, inode): every report names the
    same 240 KB theme stylesheet, which was read and scanned again for each (~7 ms)."""
    st = path.stat()
    kunci = (str(path), rel, st.st_size, st.st_mtime_ns, st.st_ino)
    anak = _RUJUKAN_CSS.get(kunci)
    if anak is None:
        anak = []
        css = path.read_text(encoding="utf-8", errors="replace")
        for m in _POLA_CSS_URL.finditer(css):
            url = m["url"].strip()
            if re.match(r"^(?:[a-z][a-z0-9+.-]*:|//|#)", url, re.IGNORECASE):
                continue  # data:, http:, anchors: not a sibling file
            berkas = PurePosixPath(rel).parent / unquote(url.split("?")[0].split("#")[0])
            bersih = os.path.normpath(berkas.as_posix()).replace(os.sep, "/")
            if not bersih.startswith(".."):
                anak.append(bersih)
        if len(_RUJUKAN_CSS) >= 256:
            _RUJUKAN_CSS.clear()
        _RUJUKAN_CSS[kunci] = anak
    return list(anak)


_RUJUKAN_CSS: dict[tuple[str, str, int, int, int], list[str]] = {}


# --------------------------------------------------------------------------- rewriting


def path_relatif(dari_berkas: str | os.PathLike[str], ke_folder: str | os.PathLike[str]) -> str:
    """URL path from an HTML file's folder to ``ke_folder``: ``"../_static"``, percent-encoded."""
    dari = Path(dari_berkas).resolve().parent
    ke = Path(ke_folder).resolve()
    try:
        rel = os.path.relpath(ke, dari)
    except ValueError as e:  # different drives on Windows
        raise BerkasTidakTersedia(
            f"folder _static ({ke}) harus berada di drive yang sama dengan laporan ({dari})"
        ) from e
    bagian = PurePosixPath(Path(rel).as_posix()).parts
    return "/".join(quote(b, safe="") for b in bagian) or "."


def ganti_cdn(html: str, awalan: str) -> str:
    """Rewrite BokehJS/Panel CDN prefixes to ``awalan`` (a relative URL to ``_static``).

    ``https://``, ``http://`` and protocol-relative ``//`` forms are all rewritten; other
    hosts are left alone (and reported by ``ekspor.rujukan_eksternal``).
    """
    awalan = awalan.rstrip("/")
    for host in _HOST_CDN:
        for skema in ("https:", "http:"):
            html = html.replace(f"{skema}//{host}/", f"//{host}/")
    html = POLA_CDN_BOKEH.sub(lambda m: f"{awalan}/bokeh/", html)
    return POLA_CDN_PANEL.sub(lambda m: f"{awalan}/panel/{m['versi']}/dist/", html)


def rujukan_static(html: str, awalan: str) -> list[str]:
    """``_static``-relative file paths referenced in ``html`` after :func:`ganti_cdn`.

    Only references (a URL starting right after a quote, ``(`` or ``=``: attributes, ``url()``,
    JSON strings in scripts), not prose that mentions the folder (e.g. a stylesheet comment
    "shared in _static/analisis/lab/"), which would be taken for a missing file."""
    awalan = awalan.rstrip("/")
    pola = re.compile(
        r"(?<=[\"'(=`])" + re.escape(awalan) + r"/((?:bokeh|panel|vega|analisis)/[^\"'`\s)\\?#<>]+)"
    )
    return sorted({unquote(m.group(1)) for m in pola.finditer(html)})
