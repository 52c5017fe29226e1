"""Export an executed notebook to a code-free HTML report that works offline.

Pipeline of :func:`ekspor_html` (all in process; nbconvert's exporter takes ~10 ms
per notebook after warm-up, the CLI ~1–2 s):

1. copy the notebook and drop outputs a reader should not see (empty display data
   that only makes nbconvert warn; ``stderr`` streams such as library warnings);
   Vega-Lite chart outputs (:mod:`analisis.laporan.grafik`) become a ``div.grafik-vega``
   holding the specification as JSON, drawn in the browser by the shared Vega scripts;
2. ``HTMLExporter(exclude_input=True)`` with the ``laporan_id`` template: the lab
   look, no code cells, no ``In``/``Out`` prompts, ``<html lang="id">``, and no
   require.js/MathJax/mermaid/widget scripts from cdnjs/unpkg;
3. load the Vega scripts (if the page has charts) and the JupyterLab theme CSS from the
   shared ``_static`` folder (only the small report stylesheet is inlined: a report stays
   readable without ``_static``, and a chart shows a note where it would be drawn), rewrite
   the BokehJS/Panel CDN URLs (analysts' own hvplot charts) to a relative path into that
   folder (:mod:`analisis.laporan.sumber_daya`) and make sure every referenced asset
   exists there; optionally number the captions per section, add a table of contents and
   links back to the site (:mod:`analisis.laporan.navigasi`);
4. refuse (``ketat=True``) if any external resource reference is left;
5. write atomically (temp file in the same folder + ``os.replace``), mode 0644.

:func:`rujukan_eksternal` lists the resources an HTML page would fetch from outside the
report (network hosts, ``file:`` URLs); tests use it to assert that a report is self-contained.
"""

from __future__ import annotations

import copy
import html as html_lib
import json
import math
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from nbformat import NotebookNode

from analisis.berkas import tulis_teks_atomik
from analisis.galat import GalatAnalisis
from analisis.laporan.grafik import MIME_VEGALITE, _judul_spesifikasi, siapkan_spesifikasi
from analisis.laporan.navigasi import rapikan_laporan
from analisis.laporan.sumber_daya import (
    berkas_tema,
    berkas_vega,
    ganti_cdn,
    path_relatif,
    rujukan_static,
    sediakan_berkas,
    siapkan_static,
)

__all__ = [
    "RujukanEksternal",
    "ekspor_html",
    "host_jaringan",
    "html_dari_notebook",
    "html_grafik",
    "rujukan_eksternal",
]

FOLDER_TEMPLAT = Path(__file__).with_name("templat")
NAMA_TEMPLAT = "laporan_id"
CSS_LAPORAN = Path(__file__).with_name("static") / "laporan.css"
"""The report stylesheet inlined into every report (readable without ``_static``; print)."""

_EXPORTER: Any = None
#: Markdown rendered by the exporter, by (text, notebook folder); cleared when full.
_MARKDOWN_HTML: dict[tuple[str, str], str] = {}
_BATAS_MARKDOWN_HTML = 4096


def _exporter():
    """One configured exporter per process (building it parses the templates)."""
    global _EXPORTER
    if _EXPORTER is None:
        from jinja2 import pass_context
        from nbconvert import HTMLExporter
        from nbconvert.exporters.templateexporter import TemplateExporter
        from nbconvert.filters.highlight import Highlight2HTML
        from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

        class EksporLaporan(HTMLExporter):
            """``HTMLExporter`` without its final BeautifulSoup pass.

            nbconvert re-parses the whole page with BeautifulSoup only to add ``tabindex="0"``
            to outputs and a placeholder ``alt`` to images: ~0.3 s for a 600 KB report, more
            than everything else in the export (measured). Reports have no images without
            ``alt`` (charts are Vega, tables HTML); the ``tabindex`` (keyboard scrolling of
            wide outputs) is added here with one regular-expression pass.
            """

            def from_notebook_node(self, nb, resources=None, **kw):
                langinfo = nb.metadata.get("language_info", {})
                lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
                self.register_filter(
                    "highlight_code",
                    self.filters.get(
                        "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)
                    ),
                )
                resources = self._init_resources(resources)
                self.register_filter(
                    "filter_data_type",
                    WidgetsDataTypeFilter(
                        notebook_metadata=self._nb_metadata, parent=self, resources=resources
                    ),
                )
                html, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
                return _POLA_FOKUS.sub(r'\g<0> tabindex="0"', html), resources

            @pass_context
            def markdown2html(self, context, source):
                """``HTMLExporter.markdown2html``, remembered per text and folder.

                Most Markdown of a report is the notebook's own text, the same for every
                region; mistune parsed it again for each report (~25 cells). A cell with
                attachments, or embedded images (which read files), is rendered afresh."""
                cell = context.get("cell", {})
                if cell.get("attachments") or self.embed_images:
                    return super().markdown2html(context, source)
                path = context.get("resources", {}).get("metadata", {}).get("path", "")
                kunci = (source, path)
                html = _MARKDOWN_HTML.get(kunci)
                if html is None:
                    if len(_MARKDOWN_HTML) >= _BATAS_MARKDOWN_HTML:
                        _MARKDOWN_HTML.clear()
                    html = _MARKDOWN_HTML[kunci] = super().markdown2html(context, source)
                return html

        from traitlets.config import Config

        # Reports have no code: the pygments stylesheet (~5 KB per report) is not written.
        # optimistic_validation: the notebook is validated once, after the preprocessors, not
        # after each of the ~12 (each validation walks the whole notebook; same result).
        konfigurasi = Config(
            {
                "CSSHTMLHeaderPreprocessor": {"enabled": False},
                "Exporter": {"optimistic_validation": True},
            }
        )
        _EXPORTER = EksporLaporan(
            config=konfigurasi,
            extra_template_basedirs=[str(FOLDER_TEMPLAT)],
            template_name=NAMA_TEMPLAT,
            exclude_input=True,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
            language_code="id",
        )
    return _EXPORTER


# <div ...class="... jp-OutputArea-output ..."...> without a tabindex: the start up to the class.
_POLA_FOKUS = re.compile(
    r"<div(?![^>]*\stabindex=)(?=[^>]*\sclass=\"(?:[^\"]*\s)?(?:jp-OutputArea-output|jp-Cell-inputWrapper)[\s\"])"
)


# JupyterLab's (hidden) collapse handles: empty in an exported report.
_KOLAPSER_KOSONG = re.compile(r'<div class="jp-Collapser[^"]*">\s*</div>\n?')


#: Cells tagged with this are notebook-only guidance (how to run it) and left out of reports.
TAG_HANYA_NOTEBOOK = "hanya-notebook"


def _ringkas_angka(data: Any) -> Any:
    """Floats rounded to 6 significant digits (what a chart can show; ~1/3 of a chart's JSON)."""
    if isinstance(data, float):
        return float(f"{data:.6g}") if math.isfinite(data) else data
    if isinstance(data, dict):
        return {k: _ringkas_angka(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_ringkas_angka(v) for v in data]
    return data


def _json_dalam_skrip(data: Any) -> str:
    """JSON safe inside ``<script type="application/json">`` (no ``</script>`` or ``<!--``)."""
    teks = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return teks.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def html_grafik(spesifikasi: dict) -> str:
    """The report markup of one Vega-Lite chart (drawn by ``_static/analisis/grafik.js``).

    The chart's title becomes a caption above it (numbered per section on export), and until
    the chart is drawn the box holds a note, so a report opened without ``_static`` says where
    a chart would be instead of leaving a silent gap."""
    spes = siapkan_spesifikasi(spesifikasi)
    judul_teks = _judul_spesifikasi(spes)
    spes.pop("title", None)
    judul = html_lib.escape(judul_teks, quote=True)
    kelas = ((spes.pop("usermeta", None) or {}).get("analisis") or {}).get("kelas")
    kelas_attr = (
        f"grafik-vega {html_lib.escape(str(kelas), quote=True)}" if kelas else "grafik-vega"
    )
    catatan = "Grafik memerlukan folder _static (pustaka Vega) di samping laporan."
    return (
        f'<div class="{kelas_attr}" role="figure" aria-label="Grafik: {judul}">'
        f'<p class="judul-grafik">{judul}</p><div class="grafik-vega-isi">{catatan}</div>'
        f'<script type="application/json" class="spesifikasi-vega">{_json_dalam_skrip(_ringkas_angka(spes))}</script></div>'
    )


class _SalinanLaporan(NotebookNode):
    """The copy of a notebook one export builds (:func:`_bersihkan`) and hands to nbconvert.

    nbconvert deep-copies the notebook it exports three times (``Exporter.from_notebook_node``,
    ``Exporter._preprocess`` and ``nbformat.validator.normalize``), ~60 % of the exporter's own
    time for a 600 KB notebook, so that its preprocessors cannot change the caller's notebook.
    This copy is nobody else's: its containers the preprocessors may change (the notebook, the
    cell list, each cell, its metadata and outputs list) are already fresh, and nothing else holds
    it, so a deep copy of it is the copy itself (the rendered report is the same)."""

    def __deepcopy__(self, memo: dict[int, Any]) -> _SalinanLaporan:
        return self


def _bersihkan(nb: Any, sertakan_stderr: bool) -> tuple[Any, int]:
    """Copy of ``nb`` as the report shows it, and the number of Vega-Lite charts in it.

    ``nb`` is left unchanged. Only the containers changed here or by nbconvert's preprocessors
    are copied (notebook and its metadata, cell list, cells with their metadata and outputs
    list, changed outputs); :class:`_SalinanLaporan` spares the exporter its deep copies."""
    nb = _SalinanLaporan(nb)
    nb.metadata = copy.copy(nb.get("metadata", {}))
    jumlah_grafik = 0
    nb.cells = [
        copy.copy(c)
        for c in nb.cells
        if TAG_HANYA_NOTEBOOK not in c.get("metadata", {}).get("tags", [])
    ]
    for sel in nb.cells:
        sel["metadata"] = copy.copy(sel.get("metadata", {}))
        if sel.get("cell_type") != "code":
            continue
        keluaran = []
        for o in sel.get("outputs", []):
            if o.get("output_type") in ("display_data", "execute_result") and not o.get("data"):
                continue  # e.g. hvplot's empty display; nbconvert would only warn about it
            stderr = o.get("output_type") == "stream" and o.get("name") == "stderr"
            if stderr and not sertakan_stderr:
                continue
            data = o.get("data") or {}
            if MIME_VEGALITE in data:
                spes = data[MIME_VEGALITE]
                o = copy.copy(o)
                o["data"] = {
                    "text/html": html_grafik(
                        json.loads(spes) if isinstance(spes, str) else dict(spes)
                    )
                }
                jumlah_grafik += 1
            keluaran.append(o)
        sel["outputs"] = keluaran
    return nb, jumlah_grafik


def html_dari_notebook(
    nb: Any,
    *,
    judul: str | None = None,
    matematika: bool = False,
    sertakan_stderr: bool = False,
    awalan_static: str = "_static",
) -> str:
    """Code-free HTML of an executed notebook node (Bokeh/Panel outputs still with CDN URLs).

    Pages with Vega-Lite charts load the Vega scripts from ``awalan_static`` (a relative URL
    to the shared ``_static`` folder)."""
    bersih, jumlah_grafik = _bersihkan(nb, sertakan_stderr)
    awalan = awalan_static.rstrip("/")
    resources = {
        "metadata": {"name": judul or nb.get("metadata", {}).get("title") or "Laporan"},
        "matematika": matematika,
        "inlining": {"css": []},
        "css_static": [f"{awalan}/{rel}" for rel in berkas_tema()],
        "css_laporan": CSS_LAPORAN.read_text(encoding="utf-8"),
        "skrip_vega": [f"{awalan}/{rel}" for rel in berkas_vega()] if jumlah_grafik else [],
    }
    html, _ = _exporter().from_notebook_node(bersih, resources=resources)
    return _KOLAPSER_KOSONG.sub("", html)


def panaskan_ekspor() -> None:
    """Pay the exporter's one-off costs now: build it (templates parsed) and render a small
    notebook (templates compiled, Markdown, highlighter). A runner's fork server calls this
    once (:mod:`analisis.runner.pramuat`): every worker forked from it starts with them paid,
    instead of each paying ~0.3 CPU-s in its first report."""
    import nbformat

    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell(
                "# Judul\n\nTeks **tebal**.\n\n| a | b |\n|---|---|\n| 1 | 2 |"
            ),
            nbformat.v4.new_code_cell(
                "1",
                outputs=[
                    nbformat.v4.new_output(
                        "display_data", data={"text/html": "<b>1</b>", "text/plain": "1"}
                    )
                ],
            ),
        ]
    )
    nb.metadata["language_info"] = {"name": "python", "pygments_lexer": "ipython3"}
    html_dari_notebook(nb)


_STATIC_SIAP: set[Path] = set()
"""Asset folders :func:`siapkan_static` prepared in this process (a runner worker exports
every region's report into the same one)."""


def _static_siap(folder: str | os.PathLike[str]) -> tuple[Path, bool]:
    """The asset folder, prepared once per process; and whether it was prepared just now.

    Checking the folder costs ~6 ms per report (a stamp read and a ``stat`` per file); after the
    first report, the export's own check of every file the report references
    (:func:`~analisis.laporan.sumber_daya.sediakan_berkas`) finds a folder changed since, and
    :func:`ekspor_html` then prepares it again."""
    path = Path(folder).resolve()
    if path in _STATIC_SIAP and path.is_dir():
        return path, False
    path = siapkan_static(path)
    _STATIC_SIAP.add(path)
    return path, True


def ekspor_html(
    notebook_node: Any,
    tujuan: str | os.PathLike[str],
    static_dir: str | os.PathLike[str],
    *,
    judul: str | None = None,
    ketat: bool = True,
    matematika: bool = False,
    sertakan_stderr: bool = False,
    tautan: Sequence[tuple[str, str]] = (),
    navigasi: bool = False,
) -> Path:
    """Export an executed notebook to ``tujuan`` as an offline, code-free HTML report.

    ``static_dir`` is the shared asset folder (prepared/refreshed here via
    :func:`~analisis.laporan.sumber_daya.siapkan_static`, once per process, and again when a
    file the report needs is missing); the
    report references it by a relative URL, so the report folder and ``_static`` can be
    moved or served together. ``ketat`` raises :class:`~analisis.galat.GalatAnalisis`
    when an asset cannot be provided or an external resource reference remains;
    ``matematika=True`` keeps MathJax (from its CDN, so it requires ``ketat=False``).
    ``navigasi=True`` numbers the captions per section and adds a table of contents;
    ``tautan`` are ``(text, relative URL)`` links shown at the top (e.g. back to the site).
    Returns the written path.
    """
    tujuan = Path(tujuan)
    static_dir, disiapkan = _static_siap(static_dir)
    awalan = path_relatif(tujuan, static_dir)
    html = html_dari_notebook(
        notebook_node,
        judul=judul or tujuan.stem,
        matematika=matematika,
        sertakan_stderr=sertakan_stderr,
        awalan_static=awalan,
    )
    html = ganti_cdn(html, awalan)
    if navigasi or tautan:
        html = rapikan_laporan(html, tautan=tautan, dengan_daftar_isi=navigasi)
    rujukan = rujukan_static(html, awalan)
    kurang = sediakan_berkas(static_dir, rujukan)
    if kurang and not disiapkan:  # prepared earlier in this process, changed since: refresh
        siapkan_static(static_dir)
        kurang = sediakan_berkas(static_dir, rujukan)
    sisa = rujukan_eksternal(html)
    if ketat and (kurang or sisa):
        if kurang or any(r.host for r in sisa):
            baris = [f"Laporan {tujuan.name} tidak bisa dibuka tanpa internet:"]
        else:
            baris = [f"Laporan {tujuan.name} tidak bisa dibuka di komputer lain:"]
        baris += [f"  - berkas tidak tersedia di {static_dir}: {k}" for k in kurang]
        baris += [
            f"  - sumber eksternal dari {r.host} ({r.tempat}): {r.url}"
            if r.host
            else f"  - berkas di komputer ini ({r.tempat}): {r.url}"
            for r in sisa
        ]
        if kurang:
            baris.append(
                "  Notebook mungkin dijalankan dengan versi bokeh/panel lain daripada yang "
                "terpasang di lingkungan ekspor."
            )
        raise GalatAnalisis("\n".join(baris))
    return tulis_teks_atomik(tujuan, html)


# --------------------------------------------------------------------------- external refs


class RujukanEksternal(NamedTuple):
    """One resource a page would fetch from outside the report: the URL, where it was found,
    and the network host it names (:func:`host_jaringan`), or ``""`` for a ``file:`` URL naming
    a file of the computer the report is opened on (not self-contained either)."""

    url: str
    tempat: str  # e.g. "script[src]", "link[href]", "teks script", "css url()"
    host: str


# W3C namespace names (identifiers, never fetched) as a script names them, e.g. for
# document.createElementNS; anywhere a resource is named, www.w3.org is a host like any other.
# (xmlns attributes, the DOCTYPE and CSS @namespace are not resource places and not read.)
_NAMESPACE_W3C = frozenset(
    {
        "http://www.w3.org/1999/xhtml",
        "http://www.w3.org/2000/svg",
        "http://www.w3.org/1999/xlink",
        "http://www.w3.org/1998/Math/MathML",
        "http://www.w3.org/XML/1998/namespace",
        "http://www.w3.org/2000/xmlns/",
    }
)
_ATRIBUT_SUMBER = ("src", "data", "poster", "background", "formaction", "manifest")
_ATRIBUT_URL = frozenset((*_ATRIBUT_SUMBER, "srcset", "imagesrcset"))
# Elements with a URL of their own kind: refresh, base, hyperlink ping.
_TAG_KHUSUS = frozenset({"meta", "base", "a", "area"})
# SVG presentation attributes whose CSS value may hold url() (read like a style="" value).
_ATRIBUT_CSS = frozenset(
    {
        "style",
        "fill",
        "stroke",
        "filter",
        "mask",
        "clip-path",
        "marker-start",
        "marker-mid",
        "marker-end",
        "cursor",
    }
)
_HREF_SUMBER = {"link", "image", "use", "feimage", "script"}
_REL_BUKAN_UNDUHAN = {
    "canonical",
    "alternate",
    "author",
    "license",
    "help",
    "bookmark",
    "next",
    "prev",
    "search",
    "me",
    "external",
    "nofollow",
    "noopener",
    "noreferrer",
    "tag",
}
# A quoted string in a script that may be a network URL (classified by :func:`host_jaringan`).
_STRING_URL = re.compile(
    r"""(?P<kutip>["'`])(?P<url>(?:(?:https?|wss?|ftp):|//)[^"'`\s<>]+)""", re.IGNORECASE
)
# CSS url() (quoted or not, escapes allowed), @import "..." (whitespace optional), the
# start of an image-set() or -webkit-image-set() (its quoted strings are URLs too:
# :func:`_strings_image_set`), and an @namespace prelude (matched so that its url() or string
# is not read as a resource). The leading look-ahead on the first letters keeps the scan of a
# style sheet as fast as with url() and @import alone (~0.1 ms per report; 0.47 ms without).
_CSS_URL = re.compile(
    r"""(?=[ui@])(?:url\(\s*(?:"(?P<d>(?:[^"\\]|\\.)*)"|'(?P<s>(?:[^'\\]|\\.)*)'"""
    r"""|(?P<u>(?:[^"'()\\\s]|\\[0-9a-fA-F]{1,6}\s?|\\[^0-9a-fA-F\n])*))\s*\)"""
    r"""|@import\s*(?:"(?P<d2>(?:[^"\\]|\\.)*)"|'(?P<s2>(?:[^'\\]|\\.)*)')"""
    r"""|(?P<set>image-set\()"""
    r"""|(?P<ns>@namespace\b[^;{}]*))""",
    re.IGNORECASE | re.DOTALL,
)
# Tokens inside an image-set(): a quoted string, a parenthesis, or a run of anything else.
_CSS_TOKEN_SET = re.compile(
    r""""(?P<d>(?:[^"\\]|\\.)*)"|'(?P<s>(?:[^'\\]|\\.)*)'|(?P<buka>\()|(?P<tutup>\))"""
    r"""|[^"'()]+""",
    re.DOTALL,
)
_CSS_ESCAPE = re.compile(
    r"\\(?:(?P<hex>[0-9a-fA-F]{1,6})(?:\r\n|[ \t\n\r\f])?|(?P<baris>\r\n|[\n\r\f])|(?P<lain>.))",
    re.DOTALL,
)
_KOMENTAR_CSS = re.compile(r"/\*.*?\*/", re.DOTALL)
_HREF_SEBELUM = re.compile(r"href\s*=\s*\\?$", re.IGNORECASE)

# WHATWG URL Standard (https://url.spec.whatwg.org/#concept-basic-url-parser), the parts that
# decide whether a URL in a local page (a file: or http(s): document, both "special") names
# another host: leading/trailing C0 controls and spaces are stripped and ASCII tab/newline
# removed anywhere; a scheme is letters, digits, "+", "-", "." before ":" (case-insensitive);
# for special schemes "\" is "/" and any number of slashes may precede the host ("https:h",
# "https:\\h", "https:///h" all reach h); without a scheme, two slashes or backslashes in any
# mix start a host ("//h", "\\h", "/\h").
_C0_ATAU_SPASI = "".join(chr(i) for i in range(0x21))
_TAB_ATAU_BARIS = str.maketrans("", "", "\t\n\r")
_SKEMA = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_SKEMA_JARINGAN = frozenset({"http:", "https:", "ws:", "wss:", "ftp:"})
_DUA_GARIS = re.compile(r"[/\\]{2}")
_FIN_OTORITAS = re.compile(r"[/\\?#]")  # what ends the host (and user, port) part
_HURUF_DRIVE = re.compile(r"[A-Za-z][:|]")
_SKEMA_BERKAS = re.compile(r"file:", re.IGNORECASE)


def _css_tanpa_escape(teks: str) -> str:
    """A CSS string or url() token with its escapes decoded (CSS Syntax Level 3, 4.3.7)."""

    def ganti(m: re.Match[str]) -> str:
        if m["hex"]:
            cp = int(m["hex"], 16)
            return chr(cp) if 0 < cp <= 0x10FFFF and not 0xD800 <= cp <= 0xDFFF else "\ufffd"
        return "" if m["baris"] else m["lain"]

    return _CSS_ESCAPE.sub(ganti, teks) if "\\" in teks else teks


# HTML's shared declarative refresh steps (https://html.spec.whatwg.org/#shared-declarative-
# refresh-steps): a time (digits, dots), then after ";", "," or whitespace an optional
# "url =" and an optionally quoted URL (cut at its closing quote).
_REFRESH = re.compile(
    r"[\t\n\f\r ]*(?:\d+|(?=\.))[\d.]*"
    r"(?:[;,\t\n\f\r ][\t\n\f\r ]*(?:[;,][\t\n\f\r ]*)?(?P<sisa>.*))?\Z",
    re.DOTALL,
)
_REFRESH_URL = re.compile(r"url[\t\n\f\r ]*=[\t\n\f\r ]*", re.IGNORECASE)


def _url_refresh(isi: str) -> str | None:
    """The URL a ``<meta http-equiv="refresh" content="…">`` navigates to, if it names one."""
    m = _REFRESH.match(isi)
    if m is None or not m["sisa"]:
        return None  # not a refresh, or one that reloads the page itself
    sisa = m["sisa"]
    awalan = _REFRESH_URL.match(sisa)
    if awalan is not None:
        sisa = sisa[awalan.end() :]
    if sisa[:1] in ("'", '"'):
        sisa = sisa[1:].split(sisa[0], 1)[0]
    return sisa


def _strings_image_set(teks: str, awal: int) -> list[str]:
    """The quoted strings that are image URLs in the ``image-set(`` arguments starting at
    ``awal``: those directly inside it (CSS Images Level 4), not in ``type("…")`` (a MIME type)
    nor in ``url("…")`` (read by :data:`_CSS_URL` itself)."""
    strings: list[str] = []
    kedalaman = 0
    for m in _CSS_TOKEN_SET.finditer(teks, awal):
        if m["buka"]:
            kedalaman += 1
        elif m["tutup"]:
            if kedalaman == 0:
                break
            kedalaman -= 1
        elif kedalaman == 0 and (m["d"] is not None or m["s"] is not None):
            strings.append(m["d"] if m["d"] is not None else m["s"])
    return strings


def host_jaringan(url: str) -> str | None:
    """The host a browser would contact for ``url`` found in a local page (lower case), or
    ``None`` when it names no other host (relative path, fragment, ``data:``, ``blob:``, a local
    ``file:`` path, …). Follows the WHATWG URL parser's rules (see above), so the backslash,
    slash-less, mixed-case and tab/newline-broken forms browsers accept are caught too."""
    u = url.strip(_C0_ATAU_SPASI).translate(_TAB_ATAU_BARIS)
    m = _SKEMA.match(u)
    skema = m[0].lower() if m else None
    sisa = u[m.end() :] if m else u
    if skema == "file:":
        if not _DUA_GARIS.match(sisa):
            return None  # file:/path, file:path: a local path
    elif skema is None:
        if not _DUA_GARIS.match(sisa):
            return None  # a relative or absolute path, a fragment, a query
    elif skema not in _SKEMA_JARINGAN:
        return None  # data:, blob:, javascript:, mailto:, …
    # A file: host is what follows exactly two slashes ("file host state": file:///etc/x and
    # file:////h/x have none); the other schemes skip any number of slashes before the host.
    mulai = sisa[2:] if skema == "file:" else sisa.lstrip("/\\")
    otoritas = _FIN_OTORITAS.split(mulai, maxsplit=1)[0].rpartition("@")[2]
    if skema == "file:" and (otoritas.lower() == "localhost" or _HURUF_DRIVE.fullmatch(otoritas)):
        return None  # file://localhost/…, file://C:/…: this computer
    host = otoritas.split("]")[0] + "]" if otoritas.startswith("[") else otoritas.split(":")[0]
    return host.lower() or None


class _Pemindai:
    """Collects the external resources of one page, element by element in document order."""

    def __init__(self) -> None:
        self.hasil: list[RujukanEksternal] = []

    def _tambah(self, url: str, tempat: str) -> None:
        if not url:
            return
        host = host_jaringan(url)
        url = url.strip(_C0_ATAU_SPASI)
        if host is None:
            # Not a network URL; a file: URL still reads a file outside the report.
            if not _SKEMA_BERKAS.match(url.translate(_TAB_ATAU_BARIS)):
                return
            host = ""
        self.hasil.append(RujukanEksternal(url, tempat, host))

    def _css(self, teks: str, tempat: str) -> None:
        teks = _KOMENTAR_CSS.sub("", teks)
        for m in _CSS_URL.finditer(teks):
            if m["ns"]:
                continue  # a namespace name, not fetched
            if m["set"]:
                for url in _strings_image_set(teks, m.end()):
                    self._tambah(_css_tanpa_escape(url), tempat)
                continue
            url = next((v for v in m.group("d", "s", "u", "d2", "s2") if v is not None), "")
            self._tambah(_css_tanpa_escape(url), tempat)

    def atribut(self, tag: str, atribut: Mapping[str, str]) -> None:
        # Set checks first: most candidates have none of these (a report has ~130 of them).
        if not _ATRIBUT_URL.isdisjoint(atribut):
            for nama in _ATRIBUT_SUMBER:
                if nama in atribut:
                    self._tambah(atribut[nama], f"{tag}[{nama}]")
            for nama in ("srcset", "imagesrcset"):
                for bagian in atribut.get(nama, "").split(","):
                    if bagian.strip():
                        self._tambah(bagian.split()[0], f"{tag}[{nama}]")
        if tag in _TAG_KHUSUS:
            if tag == "meta":
                if atribut.get("http-equiv", "").strip().lower() == "refresh":
                    url = _url_refresh(atribut.get("content", ""))
                    if url is not None:
                        self._tambah(url, "meta[content]")
            elif tag == "base":
                # A base with a host makes every relative reference of the page a network one.
                if "href" in atribut:
                    self._tambah(atribut["href"], "base[href]")
            elif "ping" in atribut:  # <a>, <area>: a click sends a request to each URL
                for url in atribut["ping"].split():
                    self._tambah(url, f"{tag}[ping]")
        if tag in _HREF_SUMBER:
            rel = set(atribut.get("rel", "").lower().split())
            if not (tag == "link" and rel and rel <= _REL_BUKAN_UNDUHAN):
                for nama in ("href", "xlink:href"):
                    if nama in atribut:
                        self._tambah(atribut[nama], f"{tag}[{nama}]")
        if not _ATRIBUT_CSS.isdisjoint(atribut):
            for nama, nilai in atribut.items():
                if nama in _ATRIBUT_CSS:
                    self._css(nilai, f"{tag}[{nama}]")
        if tag == "iframe" and "srcdoc" in atribut:  # a page of its own, inside the report
            for r in rujukan_eksternal(atribut["srcdoc"]):
                self.hasil.append(r._replace(tempat=f"{tag}[srcdoc] {r.tempat}"))

    def isi(self, tag: str, teks: str) -> None:
        if tag == "style":
            self._css(teks, "css url()")
        elif tag == "script":
            teks = teks.replace("\\/", "/").replace("\\\\", "\\")
            for m in _STRING_URL.finditer(teks):
                if _HREF_SEBELUM.search(teks[max(0, m.start() - 12) : m.start()]):
                    continue  # a link inside an HTML string (<a href=\"...\">), not fetched
                if m["url"] in _NAMESPACE_W3C:
                    continue  # a namespace name (createElementNS), not fetched
                self._tambah(m["url"], "teks script")


#: The only elements that can name an external resource: one with an attribute value holding
#: ":", "/" or "\\" (every network URL does: a scheme, or two slashes or backslashes: see
#: :func:`host_jaringan`), and the scripts and style sheets (their text is scanned).
_XPATH_CALON = (
    "//*[@*[contains(., '/') or contains(., '\\') or contains(., ':')]] | //script | //style"
)


def _unsur_html(html: str) -> list[Any]:
    """The elements of a page that may name an external resource (:data:`_XPATH_CALON`), in
    document order (libxml2's HTML parser, via lxml: comments and processing instructions
    skipped, character references decoded, script/style as raw text, tag names in lower case).

    libxml2 picks them (XPath): a report has ~2,500 elements and only a few dozen of them are
    candidates; wrapping every element in Python to look at it was ~1.3 ms of the check's ~7 ms
    per report (measured)."""
    from lxml import etree

    if not html.strip():
        return []
    akar = etree.fromstring(html, etree.HTMLParser(huge_tree=True))
    if akar is None:
        return []
    return list(akar.xpath(_XPATH_CALON))


def rujukan_eksternal(html: str) -> list[RujukanEksternal]:
    """External resources the page would fetch: every URL a browser resolves to another host
    (:func:`host_jaringan`: ``https://``, ``HTTPS:\\\\h``, ``https:h``, ``//h``, ``\\\\h``, …),
    and every ``file:`` URL (a file of the computer the report is opened on: ``host`` ``""``).

    Covers ``src``/``srcset``/``data``/``poster`` attributes, ``<link href>`` (except
    purely navigational ``rel`` values), ``<base href>`` (a network base turns every relative
    reference into a network one), the URL of ``<meta http-equiv="refresh">``, hyperlink
    ``ping`` URLs, SVG ``href``, CSS ``url()``/``@import``/``image-set()`` strings in
    ``<style>``, ``style=""`` and SVG presentation attributes (``fill``, ``mask``, …), and
    quoted URL strings inside ``<script>`` (which is how BokehJS/Panel loaders and their
    ``ImportedStyleSheet`` models name files), also inside an ``<iframe srcdoc>``. Hyperlinks
    (``<a href>``), URLs in comments and W3C namespace names where they are namespaces
    (``xmlns``, CSS ``@namespace``, a script's namespace strings) are not resources and are not
    listed; as a resource, ``www.w3.org`` is a host like any other. Order of appearance,
    duplicates removed.
    """
    pemindai = _Pemindai()
    for unsur in _unsur_html(html):
        tag = unsur.tag.lower()
        if unsur.attrib:
            pemindai.atribut(tag, dict(unsur.attrib))
        if tag in ("script", "style") and unsur.text:
            pemindai.isi(tag, unsur.text)
    return list(dict.fromkeys(pemindai.hasil))
