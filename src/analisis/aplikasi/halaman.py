"""The ranking page (Panel): widgets, their callbacks and the layout — no computation.

One :class:`HalamanPeringkat` per browser session (``panel serve`` runs ``app.py`` for each);
everything it shows comes from its :class:`~analisis.aplikasi.sesi.SesiPeringkat` (pure Python,
tested without Panel), HTML from :mod:`analisis.aplikasi.fragmen`. After every action the page
is redrawn from the session, so table, map, weights, downloads, drill-down and the URL query
always agree:

* sidebar (:mod:`~analisis.aplikasi.samping`) — what to open, the weights, the downloads;
* main — title, the caveats banner (``peringatan.kalimat()``), search and number filters, the
  ranking table, how to read the uncertainty, the map and the region drill-down
  (:mod:`~analisis.aplikasi.rinci`).

Invalid weights grey the table and map and disable the downloads until they are valid again; a
ranking file that cannot be read shows its Indonesian message and puts the selectors back.

Under ``panel serve`` a session's first document holds the header, an empty sidebar and one
HTML pane with the title, caveats, the table as plain HTML
(:func:`~analisis.aplikasi.tabel.html_statis`: the same headers and cell texts, shared by every
session showing the published ranking) and its caption: ten Bokeh models instead of ~50 (the
interactive table alone cost about as much server time as the rest of the first document).
The full main column (title, filters, interactive table, caption, map and drill-down) and the
sidebar are built (Python objects and Bokeh models) and sent in one message once the browser
has drawn the page, behind every first document still waiting
(:mod:`~analisis.aplikasi.tunda`), so a burst of new visitors all see the ranking sooner
(``benchmarks/bench_aplikasi.py beban``). Until then their layouts are empty and the redraws
below skip them; :meth:`HalamanPeringkat._bangun_sisanya` builds them from the session as it is
then. Outside a server session (tests, the warm-up) everything is built at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import panel as pn
from markupsafe import Markup

from analisis.aplikasi import memori
from analisis.aplikasi import tabel as tb
from analisis.aplikasi.alamat import dari_query
from analisis.aplikasi.data import (
    ATRIBUSI_BATAS,
    dokumen_provinsi,
    pesan_tanpa_keluaran,
    url_laporan,
)
from analisis.aplikasi.fragmen import gaya, teks
from analisis.aplikasi.komponen import baris_lentur, html, tandai_abu, tata_letak
from analisis.aplikasi.peta import SELEKSI_PETA
from analisis.aplikasi.rinci import RincianWilayah
from analisis.aplikasi.samping import Samping
from analisis.aplikasi.sesi import SesiPeringkat
from analisis.aplikasi.tunda import setelah_tampil
from analisis.galat import GalatAnalisis
from analisis.laporan import format as fmt

JUDUL = "Peringkat kinerja TKPK kabupaten/kota"


class HalamanPeringkat:
    """Widgets and callbacks of one session; ``tata_letak`` is the servable layout."""

    def __init__(self, sesi: SesiPeringkat, query: Mapping[str, Any] | None = None) -> None:
        self.sesi = sesi
        self._sibuk = False  # programmatic widget changes do not trigger callbacks
        self.pesan_muat: str | None = None
        self.pesan_alamat: list[str] = []
        self.pesan_saring: list[str] = []
        self.warna = "skor"
        self._buka_awal(query or {})  # the session first: widgets are built with its values
        self.samping = Samping(
            sesi, saat_ganti=self._ganti, saat_bobot=self._saat_bobot, saat_reset=self._saat_reset
        )
        self.lengkap = False  # interactive table, sidebar, filters, map and drill-down built
        self._buat_widget()
        self.tata_letak = self._susun()
        self.segarkan()
        # The interactive table, sidebar, filters, map and drill-down follow the first document
        # (see setelah_tampil).
        self._isian = setelah_tampil(self._bangun_sisanya)

    # ------------------------------------------------------------------ widgets

    def _buat_widget(self) -> None:
        """The first document's main column: one HTML pane with the title and caveats, the table
        as plain HTML and its caption (:meth:`_segarkan_awal`); the panes of the full page, the
        interactive table among them, replace it with the deferred parts."""
        self.awal = pn.pane.HTML(
            sizing_mode="stretch_width",
            margin=(0, 12),
            css_classes=["kolom-utama", "halaman-awal"],
            stylesheets=[tata_letak(), gaya()],
        )
        self._isi_awal = {"judul": "", "tabel": "", "keterangan": ""}
        self.tabel: pn.widgets.Tabulator | None = None

    def _buat_tabel(self) -> pn.widgets.Tabulator:
        tabel = pn.widgets.Tabulator(
            self._bingkai(),
            disabled=True,
            selectable=1,
            show_index=False,
            layout="fit_data_stretch",
            pagination=None,
            sizing_mode="stretch_width",
            header_align="center",
            frozen_columns=list(tb.KOLOM_BEKU),
            css_classes=["tabel-peringkat"],
            stylesheets=[gaya()],
            **tb.pengaturan_tabulator(self._posisi()),
        )
        tabel.param.watch(self._saat_pilih_baris, "selection")
        return tabel

    def _bangun_sisanya(self) -> None:
        """Build the interactive table (in place of the plain one), the sidebar, filters, map and
        drill-down from the session and show them."""
        if self.lengkap:
            return
        self.samping.bangun()
        self._buat_saringan()
        self.pilih_warna = pn.widgets.Select(
            label="Warna peta",
            options=self.sesi.opsi_warna() if self.sesi.data else {},
            value=self.warna if self.sesi.data else None,
            sizing_mode="stretch_width",
            css_classes=["pilih-warna"],
        )
        self.peta = pn.pane.Vega(
            None,
            sizing_mode="stretch_width",
            height=500,
            css_classes=["peta-wilayah"],
            stylesheets=[gaya()],
        )
        self.rinci = RincianWilayah(self.sesi)
        self.tabel = self._buat_tabel()
        self.judul = html(css_classes=["judul-halaman"])
        self.keterangan = html(css_classes=["keterangan"])
        self._pasang_pengamat()
        self.lengkap = True
        with pn.io.hold():
            self._segarkan_tabel()
            self._segarkan_judul()
            self._segarkan_peta()
            self.rinci.isi()
            if self.isi is not None:
                self.isi.objects = [self.samping.tombol, self.samping.kolom, self._susun_utama()]

    def _buat_saringan(self) -> None:
        self.cari = pn.widgets.TextInput(
            label="Cari",
            placeholder="Cari nama atau kode wilayah…",
            sizing_mode="stretch_width",
            min_width=220,
            css_classes=["cari-wilayah"],
            stylesheets=[tata_letak()],
        )
        self.skor_min = pn.widgets.TextInput(
            label="Skor minimal", placeholder="mis. 60,5", width=120, css_classes=["skor-min"]
        )
        self.peringkat_maks = pn.widgets.TextInput(
            label="Peringkat sampai",
            placeholder="mis. 5",
            width=120,
            css_classes=["peringkat-maks"],
        )

    def _pasang_pengamat(self) -> None:
        for w in (self.cari, self.skor_min, self.peringkat_maks):
            w.param.watch(self._saat_saringan, "value")
        self.pilih_warna.param.watch(self._saat_warna, "value")

    # ------------------------------------------------------------------ layout

    def _susun(self) -> pn.Column:
        """One root layout (header, sidebar, main). A plain layout, not a Panel template: a
        template adds server CPU to every new session, which limits concurrent first loads."""
        kepala = pn.pane.HTML(
            teks("kepala", JUDUL), sizing_mode="stretch_width", margin=0, stylesheets=[gaya()]
        )
        self.isi: pn.Row | None = None
        if not self.sesi.keluaran:
            pesan = html(teks("tanpa_keluaran", pesan_tanpa_keluaran(self.sesi.folder)))
            return pn.Column(kepala, pesan, sizing_mode="stretch_width")
        # The sidebar's button, the filters and the map row join once built (_bangun_sisanya).
        self.isi = baris_lentur(self.samping.kolom, self.awal)
        return pn.Column(
            kepala,
            self.isi,
            sizing_mode="stretch_width",
            margin=0,
            css_classes=["tata-akar"],
            stylesheets=[tata_letak()],
        )

    def _susun_utama(self) -> pn.Column:
        """The main column of the full page (in place of :attr:`awal`)."""
        return pn.Column(
            self.judul,
            baris_lentur(self.cari, self.skor_min, self.peringkat_maks),
            self.tabel,
            self.keterangan,
            baris_lentur(*self._susun_bawah()),
            sizing_mode="stretch_width",
            margin=(0, 12),
            css_classes=["kolom-utama"],
            stylesheets=[tata_letak()],
        )

    def _susun_bawah(self) -> list:
        """Map and drill-down, side by side (wrapping on a narrow screen)."""
        peta = pn.Column(
            html(teks("catatan_peta", ATRIBUSI_BATAS)),
            self.pilih_warna,
            self.peta,
            sizing_mode="stretch_width",
            css_classes=["kolom-bawah"],
            stylesheets=[tata_letak()],
        )
        self.rinci.kolom.css_classes = [*self.rinci.kolom.css_classes, "kolom-bawah"]
        self.rinci.kolom.stylesheets = [tata_letak()]
        return [peta, self.rinci.kolom]

    # ------------------------------------------------------------------ opening

    def _buka_awal(self, query: Mapping[str, Any]) -> None:
        """Open the view of the URL query, else the default province-year."""
        awal = self.sesi.pilihan_awal()
        if awal is None:
            return
        tampilan, self.pesan_alamat = dari_query(query)
        if not tampilan.provinsi:
            self._coba_muat(*awal)
        self.pesan_alamat += self.sesi.terapkan(tampilan)
        if self.sesi.data is None and tampilan.provinsi:
            self._coba_muat(*awal)

    def _coba_muat(self, kode: str, tahun: int | None) -> bool:
        try:
            self.sesi.muat(kode, tahun)
        except GalatAnalisis as e:
            self.pesan_muat = e.pesan
            return False
        self.pesan_muat = None
        return True

    def _selaraskan_kontrol(self) -> None:
        """Every control to what the session has open (no callbacks)."""
        self.samping.selaraskan()
        if self.sesi.data is None or not self.lengkap:
            return
        self._sibuk = True
        try:
            self.pilih_warna.options = self.sesi.opsi_warna()
            if self.warna not in self.pilih_warna.options.values():
                self.warna = "skor"
            self.pilih_warna.value = self.warna
        finally:
            self._sibuk = False

    # ------------------------------------------------------------------ callbacks

    def _ganti(self, kode: str, tahun: int | None) -> None:
        """Open another province-year; on failure its message shows and the selectors go back."""
        self._coba_muat(kode, tahun)
        self.pesan_alamat = []
        self._selaraskan_kontrol()
        self.segarkan()

    def _saat_bobot(self) -> None:
        if self.sesi.data is None:
            return
        self.sesi.atur_bobot(self.samping.bobot(), self.samping.normalisasi)
        self.segarkan_peringkat()

    def _saat_reset(self) -> None:
        if self.sesi.data is None:
            return
        self.sesi.kembalikan()
        self._selaraskan_kontrol()
        self.segarkan_peringkat()

    def _saat_saringan(self, event=None) -> None:
        self.pesan_saring = self.sesi.atur_saringan(
            self.cari.value, self.skor_min.value, self.peringkat_maks.value
        )
        with pn.io.hold():
            self._segarkan_tabel()
            self.samping.segarkan()

    def _saat_pilih_baris(self, event) -> None:
        if self._sibuk or not event.new or self.tabel is None:
            return
        df = self.tabel.value
        i = event.new[0]
        if 0 <= i < len(df):
            self.pilih_wilayah(str(df["kode_wilayah"].iloc[i]))

    def _saat_warna(self, event) -> None:
        if not self._sibuk:
            self.warna = event.new or "skor"
            self._segarkan_peta()

    def _saat_klik_peta(self, event) -> None:
        """A click on the map: ``[{"kode": "6303"}]`` (Panel's form of a point selection)."""
        for item in event.new or []:
            kode = item.get("kode") if isinstance(item, dict) else None
            if kode is not None and str(kode) != self.sesi.kode_terpilih:
                self.pilih_wilayah(str(kode))
            return

    def pilih_wilayah(self, kode: str) -> None:
        """Select a region everywhere (table row, map outline, drill-down, URL)."""
        self.sesi.pilih(kode)
        self._pilih_baris_tabel()
        if self.lengkap:
            self._segarkan_peta()
            self.rinci.isi()
        self._segarkan_url()

    # ------------------------------------------------------------------ redrawing

    def segarkan(self) -> None:
        """Redraw everything from the session."""
        self.segarkan_peringkat()
        if self.lengkap:
            self.rinci.isi()

    def segarkan_peringkat(self) -> None:
        """Redraw what depends on the ranking and the weights (sent as one message)."""
        with pn.io.hold():
            self.samping.segarkan()
            self._segarkan_tabel()
            self._segarkan_judul()
            if self.lengkap:
                self._segarkan_peta()
                self.rinci.perbarui_peringkat()
            self._segarkan_url()

    def _segarkan_judul(self) -> None:
        bagian = []
        if self.pesan_muat:
            bagian.append(teks("galat_muat", self.pesan_muat))
        if self.pesan_alamat:
            pesan = "Alamat tautan: " + "; ".join(self.pesan_alamat) + "."
            bagian.append(teks("galat_muat", pesan))
        d = self.sesi.data
        if d is not None:
            url = url_laporan(self.sesi.folder, d.folder.peringkat_html)
            disesuaikan = self.sesi.disesuaikan
            bagian.append(
                teks(
                    "judul_halaman",
                    JUDUL,
                    d.provinsi,
                    d.tahun,
                    d.kerangka.nama,
                    url,
                    disesuaikan,
                    dokumen_provinsi(self.sesi.folder, d.folder),
                )
            )
            bagian.append(teks("spanduk", self.sesi.kalimat_peringatan()))
        if self.lengkap:
            self.judul.object = "".join(bagian)
        else:
            self._segarkan_awal(judul="".join(bagian))

    def _posisi(self) -> int:
        return self.sesi.posisi_teratas() if self.sesi.data is not None else 3

    def _bingkai(self):
        """The table frame of the session's current rows (shared while unfiltered, published)."""
        s = self.sesi
        if s.data is None:
            return tb.bingkai_kosong()
        return s.bersama(
            "bingkai_tabel",
            lambda: tb.bingkai(
                s.baris_tampil(), s.jumlah_diperingkat(), s.indikator_kosong_provinsi()
            ),
        )

    def _segarkan_tabel(self) -> None:
        s = self.sesi
        df = self._bingkai()
        if self.tabel is None:
            self._segarkan_awal(tabel=self._html_statis(df), keterangan=self._teks_keterangan(df))
            return
        if df is not self.tabel.value:
            self._sibuk = True
            try:
                self.tabel.titles = tb.judul_kolom(self._posisi())
                self.tabel.value = df
            finally:
                self._sibuk = False
        self._pilih_baris_tabel()
        tandai_abu(self.tabel, not s.sah)
        self.keterangan.object = self._teks_keterangan(df)

    def _teks_keterangan(self, df) -> str:
        """The caption under the table: the filter in force, how to read the uncertainty."""
        s = self.sesi
        if s.data is None:
            return ""
        iterasi = fmt.angka(s.parameter_robust().get("jumlah_iterasi"), 0)
        return self._teks_saringan(len(df)) + teks(
            "keterangan_tabel", self._posisi(), iterasi, self._ringkas_pasangan()
        )

    def _html_statis(self, df) -> str:
        """The table as plain HTML (shared by the sessions that show the published ranking)."""
        if self.sesi.data is None:
            return ""
        return self.sesi.bersama("tabel_statis", lambda: tb.html_statis(df, self._posisi()))

    def _segarkan_awal(self, **bagian: str) -> None:
        """Replace parts (``judul``, ``tabel``, ``keterangan``) of the first document's pane;
        the plain table is greyed out like the interactive one while the weights are invalid."""
        self._isi_awal.update(bagian)
        self.awal.object = teks(
            "halaman_awal",
            Markup(self._isi_awal["judul"]),
            Markup(self._isi_awal["tabel"]),
            Markup(self._isi_awal["keterangan"]),
            not self.sesi.sah,
        )

    def _ringkas_pasangan(self) -> str:
        pasangan = self.sesi.pasangan_kini()
        if not pasangan:
            return ""
        ambang = self.sesi.parameter_robust().get("ambang_urutan_tidak_robust", 0.1)
        teratas = any({p.peringkat_atas, p.peringkat_bawah} == {1, 2} for p in pasangan)
        return (
            f"Urutan {len(pasangan)} pasangan wilayah tidak dapat dipastikan (terbalik pada "
            f"sedikitnya {fmt.persen(ambang * 100, 0, singkat=True)} simulasi)"
            + (", termasuk peringkat 1 dan 2." if teratas else ".")
        )

    def _teks_saringan(self, jumlah: int) -> str:
        s = self.sesi
        pesan = "; ".join(self.pesan_saring)
        if not s.saringan.aktif and not pesan:
            return ""
        semua = len(s.data_dimuat.baris)
        return teks("info_saringan", jumlah, semua, s.saringan.uraian(), pesan)

    def _pilih_baris_tabel(self) -> None:
        if self.tabel is None:
            return  # the plain table marks no row; the interactive one follows with it selected
        df = self.tabel.value
        kode = self.sesi.kode_terpilih
        baris = [] if kode is None or df.empty else list(df.index[df["kode_wilayah"] == kode])
        self._sibuk = True
        try:
            self.tabel.selection = [int(baris[0])] if baris else []
        finally:
            self._sibuk = False

    def _segarkan_peta(self) -> None:
        if self.sesi.data is None:
            self.peta.object = None
            return
        # Panel 1.9 resets an existing point selection to None on a new object, which its own
        # List parameter rejects; dropping the Selection object first makes it build a new one.
        self.peta.selection = None
        self.peta.object = self.sesi.spesifikasi_peta(self.warna)
        tandai_abu(self.peta, not self.sesi.sah)
        self._pasang_pengamat_peta()

    def _pasang_pengamat_peta(self) -> None:
        """Listen to clicks on the map (the Vega pane builds one ``selection`` object per set of
        selection names, so attach once per object)."""
        sel = self.peta.selection
        if sel is None or sel is getattr(self, "_seleksi_peta", None):
            return
        if SELEKSI_PETA in sel.param:
            sel.param.watch(self._saat_klik_peta, SELEKSI_PETA)
            self._seleksi_peta = sel

    def _segarkan_url(self) -> None:
        """Put the view into the URL query (shareable; opening it restores the view)."""
        lokasi = pn.state.location
        if lokasi is None or self.sesi.data is None:
            return
        cari = "?" + urlencode(self.sesi.tampilan().ke_query())
        if lokasi.search != cari:
            lokasi.search = cari


@cache
def templat_halaman():
    """Panel's page template with ``<html lang="id">`` (the page is in Bahasa Indonesia)."""
    from panel.io.resources import _env

    sumber = _env.loader.get_source(_env, "base.html")[0]
    return _env.from_string(sumber.replace('<html lang="en"', '<html lang="id"', 1))


def _query_sesi() -> dict[str, Any]:
    """The query of the request that opened this session (empty outside a server)."""
    try:
        return dict(pn.state.session_args)
    except AttributeError:  # a warm-up session has no request
        return {}


def buat_aplikasi(folder_laporan: str | Path | None = None, query: Mapping[str, Any] | None = None):
    """The servable page for a reports folder (``None`` = the project's reports folder).

    ``query`` is the view to open (default: the URL query of the session's request). Returns a
    Panel layout (one document root); the page object is ``layout.halaman`` and its session
    state ``layout.halaman.sesi`` (used by tests and benchmarks)."""
    pn.extension("tabulator", "vega", sizing_mode="stretch_width")
    doc = pn.state.curdoc
    if doc is not None and doc.session_context is not None:
        pn.state.on_session_destroyed(memori.saat_sesi_ditutup)
    halaman = HalamanPeringkat(
        SesiPeringkat(folder_laporan), _query_sesi() if query is None else query
    )
    tata = halaman.tata_letak
    tata.halaman = halaman  # type: ignore[attr-defined]  # for tests and benchmarks
    return tata
