"""The ranking page (Panel): widgets, their callbacks and the layout — no computation.

One :class:`HalamanPeringkat` per browser session (``panel serve`` runs ``app.py`` for each);
everything it shows comes from its :class:`~analisis.aplikasi.sesi.SesiPeringkat` (pure Python,
tested without Panel), HTML from :mod:`analisis.aplikasi.fragmen`. After every action the page
is redrawn from the session, so table, map, weights, downloads, drill-down and the URL query
always agree:

* sidebar — province and year (only those in the reports folder), one weight slider per
  dimension (disabled for a dimension without data), the normalisation, a reset button, the
  weights summary, the status (or why the weights cannot be used) and the CSV/XLSX downloads;
  on a narrow screen it is hidden behind a "Pengaturan" button;
* main — title, the caveats banner (``peringatan.kalimat()``), search and number filters, the
  ranking table, how to read the uncertainty, the map and the region drill-down.

Invalid weights grey the table and map and disable the downloads until they are valid again; a
ranking file that cannot be read shows its Indonesian message and puts the selectors back.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import panel as pn
import param

from analisis.aplikasi import tabel as tb
from analisis.aplikasi.alamat import dari_query
from analisis.aplikasi.data import ATRIBUSI_BATAS, pesan_tanpa_keluaran, url_laporan
from analisis.aplikasi.fragmen import gaya, teks
from analisis.aplikasi.peta import SELEKSI_PETA
from analisis.aplikasi.rinci import RincianWilayah
from analisis.aplikasi.sesi import SesiPeringkat
from analisis.aplikasi.ulang import PILIHAN_NORMALISASI
from analisis.galat import GalatAnalisis
from analisis.laporan import format as fmt
from analisis.laporan.grafik import format_sumbu

JUDUL = "Peringkat kinerja TKPK kabupaten/kota"

GAYA_SLIDER = ".bk-slider-title {white-space: normal;}"
"""Long dimension names wrap instead of hiding the weight."""

KELAS_ABU = "abu-abu"
"""CSS class (``templat/gaya.css``) of the table and the map while the weights are invalid."""

GAYA_TATA_LETAK = """
:host(.baris-lentur) {flex-wrap: wrap;}
:host(.tata-akar), :host(.baris-lentur), :host(.kolom-utama), :host(.kolom-bawah) {
  min-width: 0 !important;
}
:host(.samping) {flex: 0 0 310px !important; padding: 6px; background: #f5f7f9;
  border-right: 1px solid #dde3e8; min-height: 100vh;}
:host(.kolom-utama) {flex: 1 1 600px !important;}
:host(.kolom-bawah) {flex: 1 1 420px !important;}
:host(.cari-wilayah) {flex: 1 1 220px !important;}
@media (max-width: 800px) {
  :host(.samping), :host(.kolom-utama), :host(.kolom-bawah) {
    flex: 1 1 100% !important; width: 100% !important; max-width: 100% !important;
  }
  :host(.samping) {min-height: 0; border-right: 0; border-bottom: 1px solid #dde3e8;}
  :host(.samping:not(.terbuka)) {display: none !important;}
}
@media (min-width: 801px) { :host(.tombol-samping) {display: none !important;} }
"""
"""Responsive layout: on a narrow screen the sidebar is hidden until the button opens it."""


def _html(isi: str = "", **kw: Any) -> pn.pane.HTML:
    return pn.pane.HTML(isi, sizing_mode="stretch_width", stylesheets=[gaya()], **kw)


def _baris_lentur(*objek: Any) -> pn.Row:
    """A row that wraps its items on a narrow screen (a plain Row with ``flex-wrap``: cheaper per
    session than Panel's FlexBox, a ReactiveHTML component)."""
    return pn.Row(
        *objek,
        sizing_mode="stretch_width",
        margin=0,
        css_classes=["baris-lentur"],
        stylesheets=[GAYA_TATA_LETAK],
    )


def _atur_slider(s: pn.widgets.FloatSlider, nilai: float) -> None:
    """Set a slider from Python, its ``value_throttled`` too: Panel keeps that one at what the
    browser last sent, so a later drag back to that value would send no change at all."""
    with param.edit_constant(s):
        s.param.update(value=nilai, value_throttled=nilai)


def _tandai_abu(objek: Any, abu: bool) -> None:
    """Grey a component out (or back) with :data:`KELAS_ABU`."""
    kelas = [k for k in objek.css_classes if k != KELAS_ABU] + ([KELAS_ABU] if abu else [])
    if kelas != objek.css_classes:
        objek.css_classes = kelas


def _ms(detik: float | None) -> str:
    return fmt.NILAI_KOSONG if detik is None else f"{fmt.angka(detik * 1000, 0)} ms"


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
        self._buat_widget()
        self.tata_letak = self._susun()
        self._pasang_pengamat()
        self.segarkan()

    # ------------------------------------------------------------------ widgets

    def _buat_widget(self) -> None:
        self._buat_pemilih()
        self.kolom_slider = pn.Column(sizing_mode="stretch_width", margin=0)
        self.slider: dict[str, pn.widgets.FloatSlider] = {}
        self._selaraskan_slider()
        self.ringkas_bobot = _html(css_classes=["ringkas-bobot"])
        self.judul_unduh = _html(css_classes=["judul-unduh"])
        self.unduh_csv = self._unduhan("Unduh CSV", self._isi_csv)
        self.unduh_xlsx = self._unduhan("Unduh XLSX", self._isi_xlsx)
        self.judul = _html(css_classes=["judul-halaman"])
        self._buat_saringan()
        self.tabel = pn.widgets.Tabulator(
            self._bingkai(),
            disabled=True,
            selectable=1,
            show_index=False,
            layout="fit_data_stretch",
            pagination=None,
            sizing_mode="stretch_width",
            header_align="center",
            frozen_columns=["peringkat", "kode_wilayah", "nama"],
            css_classes=["tabel-peringkat"],
            stylesheets=[gaya()],
            **tb.pengaturan_tabulator(self._posisi()),
        )
        self.keterangan = _html(css_classes=["keterangan"])
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

    def _buat_pemilih(self) -> None:
        s = self.sesi
        self.pilih_provinsi = pn.widgets.Select(
            label="Provinsi",
            options=s.pilihan_provinsi(),
            value=s.kode_provinsi,
            sizing_mode="stretch_width",
            css_classes=["pilih-provinsi"],
        )
        self.pilih_tahun = pn.widgets.Select(
            label="Tahun",
            options=s.tahun_untuk(s.kode_provinsi),
            value=s.tahun,
            sizing_mode="stretch_width",
            css_classes=["pilih-tahun"],
        )
        self.pilih_normalisasi = pn.widgets.Select(
            label="Normalisasi indikator relatif",
            options={v: k for k, v in PILIHAN_NORMALISASI.items()},
            value=s.normalisasi,
            sizing_mode="stretch_width",
            css_classes=["pilih-normalisasi"],
        )
        self.tombol_reset = pn.widgets.Button(
            label="Kembalikan ke bobot kerangka", sizing_mode="stretch_width"
        )
        self.tombol_samping = pn.widgets.Button(
            label="☰ Pengaturan: bobot, normalisasi, unduhan",
            sizing_mode="stretch_width",
            css_classes=["tombol-samping"],
            stylesheets=[GAYA_TATA_LETAK],
        )

    def _buat_saringan(self) -> None:
        self.cari = pn.widgets.TextInput(
            label="Cari",
            placeholder="Cari nama atau kode wilayah…",
            sizing_mode="stretch_width",
            min_width=220,
            css_classes=["cari-wilayah"],
            stylesheets=[GAYA_TATA_LETAK],
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

    def _unduhan(self, label: str, isi) -> pn.widgets.FileDownload:
        return pn.widgets.FileDownload(
            callback=isi,
            filename="peringkat.csv",
            label=label,
            color="primary",
            sizing_mode="stretch_width",
        )

    def _pasang_pengamat(self) -> None:
        self.pilih_provinsi.param.watch(self._saat_provinsi, "value")
        self.pilih_tahun.param.watch(self._saat_tahun, "value")
        self.pilih_normalisasi.param.watch(self._saat_bobot, "value")
        self.tombol_reset.on_click(self._saat_reset)
        self.tombol_samping.on_click(self._saat_tombol_samping)
        for w in (self.cari, self.skor_min, self.peringkat_maks):
            w.param.watch(self._saat_saringan, "value")
        self.tabel.param.watch(self._saat_pilih_baris, "selection")
        self.pilih_warna.param.watch(self._saat_warna, "value")

    # ------------------------------------------------------------------ layout

    def _susun(self) -> pn.Column:
        """One root layout (header, sidebar, main). A plain layout, not a Panel template: a
        template adds server CPU to every new session, which limits concurrent first loads."""
        kepala = pn.pane.HTML(
            teks("kepala", JUDUL), sizing_mode="stretch_width", margin=0, stylesheets=[gaya()]
        )
        if not self.sesi.keluaran:
            pesan = _html(teks("tanpa_keluaran", pesan_tanpa_keluaran(self.sesi.folder)))
            return pn.Column(kepala, pesan, sizing_mode="stretch_width")
        self.samping = self._susun_samping()
        utama = self._susun_utama()
        isi = _baris_lentur(self.tombol_samping, self.samping, utama)
        return pn.Column(
            kepala,
            isi,
            sizing_mode="stretch_width",
            margin=0,
            css_classes=["tata-akar"],
            stylesheets=[GAYA_TATA_LETAK],
        )

    def _susun_samping(self) -> pn.Column:
        return pn.Column(
            self.pilih_provinsi,
            self.pilih_tahun,
            _html(teks("bantuan_bobot")),
            self.kolom_slider,
            self.pilih_normalisasi,
            self.tombol_reset,
            self.ringkas_bobot,
            self.judul_unduh,
            self.unduh_csv,
            self.unduh_xlsx,
            width=310,
            margin=0,
            css_classes=["samping"],
            stylesheets=[GAYA_TATA_LETAK],
        )

    def _susun_utama(self) -> pn.Column:
        saringan = _baris_lentur(self.cari, self.skor_min, self.peringkat_maks)
        peta = pn.Column(
            _html(teks("catatan_peta", ATRIBUSI_BATAS)),
            self.pilih_warna,
            self.peta,
            sizing_mode="stretch_width",
            css_classes=["kolom-bawah"],
            stylesheets=[GAYA_TATA_LETAK],
        )
        self.rinci.kolom.css_classes = [*self.rinci.kolom.css_classes, "kolom-bawah"]
        self.rinci.kolom.stylesheets = [GAYA_TATA_LETAK]
        bawah = _baris_lentur(peta, self.rinci.kolom)
        return pn.Column(
            self.judul,
            saringan,
            self.tabel,
            self.keterangan,
            bawah,
            sizing_mode="stretch_width",
            margin=(0, 12),
            css_classes=["kolom-utama"],
            stylesheets=[GAYA_TATA_LETAK],
        )

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
        """Selectors, sliders and normalisation to what the session has open."""
        self._sibuk = True
        try:
            self.pilih_provinsi.value = self.sesi.kode_provinsi
            self.pilih_tahun.options = self.sesi.tahun_untuk(self.sesi.kode_provinsi)
            self.pilih_tahun.value = self.sesi.tahun
            self.pilih_normalisasi.value = self.sesi.normalisasi
            self._selaraskan_slider()
            if self.sesi.data is not None:
                self.pilih_warna.options = self.sesi.opsi_warna()
                self.warna = (
                    self.warna if self.warna in self.pilih_warna.options.values() else "skor"
                )
                self.pilih_warna.value = self.warna
        finally:
            self._sibuk = False

    def _selaraskan_slider(self) -> None:
        if self.sesi.data is None:
            self.kolom_slider.objects = []
            return
        dimensi = self.sesi.data.kerangka.dimensi
        if [d.kode for d in dimensi] != list(self.slider):
            self._buat_slider()
        kosong = set(self.sesi.dimensi_tanpa_data)
        sibuk, self._sibuk = self._sibuk, True
        try:
            for d in dimensi:
                s = self.slider[d.kode]
                _atur_slider(s, round(self.sesi.bobot.get(d.kode, 0.0), 2))
                s.disabled = d.kode in kosong
                s.label = d.nama + (" (tanpa data)" if d.kode in kosong else "")
        finally:
            self._sibuk = sibuk

    def _buat_slider(self) -> None:
        format_bobot = format_sumbu(2)  # one Bokeh model shared by every slider
        self.slider = {}
        for d in self.sesi.data_dimuat.kerangka.dimensi:
            s = pn.widgets.FloatSlider(
                label=d.nama,
                start=0.0,
                end=1.0,
                step=0.01,
                format=format_bobot,
                sizing_mode="stretch_width",
                css_classes=[f"bobot-{d.kode}"],
                stylesheets=[GAYA_SLIDER],
            )
            s.param.watch(self._saat_bobot, "value_throttled")
            self.slider[d.kode] = s
        self.kolom_slider.objects = list(self.slider.values())

    # ------------------------------------------------------------------ callbacks

    def _saat_provinsi(self, event) -> None:
        if not self._sibuk:
            self._ganti(event.new, None)

    def _saat_tahun(self, event) -> None:
        if not self._sibuk and event.new is not None:
            self._ganti(self.pilih_provinsi.value, event.new)

    def _ganti(self, kode: str, tahun: int | None) -> None:
        """Open another province-year; on failure its message shows and the selectors go back."""
        self._coba_muat(kode, tahun)
        self.pesan_alamat = []
        self._selaraskan_kontrol()
        self.segarkan()

    def _saat_bobot(self, event=None) -> None:
        if self._sibuk or self.sesi.data is None:
            return
        bobot = {k: float(s.value or 0.0) for k, s in self.slider.items()}
        self.sesi.atur_bobot(bobot, self.pilih_normalisasi.value)
        self.segarkan_peringkat()

    def _saat_reset(self, event=None) -> None:
        if self.sesi.data is None:
            return
        self.sesi.kembalikan()
        self._selaraskan_kontrol()
        self.segarkan_peringkat()

    def _saat_tombol_samping(self, event=None) -> None:
        kelas = list(self.samping.css_classes)
        self.samping.css_classes = (
            [k for k in kelas if k != "terbuka"] if "terbuka" in kelas else [*kelas, "terbuka"]
        )

    def _saat_saringan(self, event=None) -> None:
        self.pesan_saring = self.sesi.atur_saringan(
            self.cari.value, self.skor_min.value, self.peringkat_maks.value
        )
        self._segarkan_tabel()
        self._segarkan_unduhan()

    def _saat_pilih_baris(self, event) -> None:
        if self._sibuk or not event.new:
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
        self._segarkan_peta()
        self.rinci.isi()
        self._segarkan_url()

    # ------------------------------------------------------------------ redrawing

    def segarkan(self) -> None:
        """Redraw everything from the session."""
        self._segarkan_judul()
        self.segarkan_peringkat()
        self.rinci.isi()

    def segarkan_peringkat(self) -> None:
        """Redraw what depends on the ranking and the weights (sent as one message)."""
        with pn.io.hold():
            self._segarkan_bobot()
            self._segarkan_tabel()
            self._segarkan_peta()
            self._segarkan_unduhan()
            self._segarkan_judul()
            self.rinci.perbarui_peringkat()
            self._segarkan_url()

    def _segarkan_judul(self) -> None:
        bagian = []
        if self.pesan_muat:
            bagian.append(teks("galat_muat", self.pesan_muat))
        if self.pesan_alamat:
            bagian.append(
                teks("galat_muat", "Alamat tautan: " + "; ".join(self.pesan_alamat) + ".")
            )
        d = self.sesi.data
        if d is not None:
            url = url_laporan(self.sesi.folder, d.folder.peringkat_html)
            bagian.append(
                teks(
                    "judul_halaman",
                    JUDUL,
                    d.provinsi,
                    d.tahun,
                    d.kerangka.nama,
                    url,
                    self.sesi.disesuaikan,
                )
            )
            bagian.append(teks("spanduk", self.sesi.kalimat_peringatan()))
        self.judul.object = "".join(bagian)

    def _segarkan_bobot(self) -> None:
        if self.sesi.data is None:
            self.ringkas_bobot.object = ""
            return
        baris = [
            {
                "kode": b.kode,
                "nama": b.nama,
                "ternormal": fmt.angka(b.ternormal, 3),
                "efektif": fmt.angka(b.efektif, 3) if self.sesi.sah else fmt.NILAI_KOSONG,
                "tanpa_data": b.tanpa_data,
            }
            for b in self.sesi.ringkas_bobot()
        ]
        total = fmt.angka(sum(b.ternormal or 0.0 for b in self.sesi.ringkas_bobot()), 3)
        self.ringkas_bobot.object = self._teks_status() + teks(
            "ringkas_bobot", baris, total, self.sesi.indikator_diganti()
        )

    def _teks_status(self) -> str:
        s = self.sesi
        if not s.sah:
            return teks("bobot_tidak_sah", s.galat_bobot)
        p = s.parameter_robust()
        if not s.disesuaikan:
            iterasi = fmt.angka(p.get("jumlah_iterasi"), 0) if p.get("jumlah_iterasi") else ""
            return teks("status_terbitan", iterasi, s.data_dimuat.meta.dibuat[:10])
        assert s.hasil is not None
        return teks(
            "status_disesuaikan",
            _ms(s.detik_hitung),
            _ms(s.hasil.detik_pustaka),
            fmt.angka(p.get("jumlah_iterasi"), 0),
        )

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
        if df is not self.tabel.value:
            self._sibuk = True
            try:
                self.tabel.titles = tb.judul_kolom(self._posisi())
                self.tabel.value = df
            finally:
                self._sibuk = False
        self._pilih_baris_tabel()
        _tandai_abu(self.tabel, not s.sah)
        if s.data is None:
            self.keterangan.object = ""
            return
        iterasi = fmt.angka(s.parameter_robust().get("jumlah_iterasi"), 0)
        self.keterangan.object = self._teks_saringan(len(df)) + teks(
            "keterangan_tabel", self._posisi(), iterasi, self._ringkas_pasangan()
        )

    def _ringkas_pasangan(self) -> str:
        pasangan = self.sesi.pasangan_kini()
        if not pasangan:
            return ""
        ambang = fmt.persen(
            self.sesi.parameter_robust().get("ambang_urutan_tidak_robust", 0.1) * 100,
            0,
            singkat=True,
        )
        teratas = any({p.peringkat_atas, p.peringkat_bawah} == {1, 2} for p in pasangan)
        return (
            f"Urutan {len(pasangan)} pasangan wilayah tidak dapat dipastikan (terbalik pada "
            f"sedikitnya {ambang} simulasi)" + (", termasuk peringkat 1 dan 2." if teratas else ".")
        )

    def _teks_saringan(self, jumlah: int) -> str:
        s = self.sesi
        pesan = "; ".join(getattr(self, "pesan_saring", []))
        if not s.saringan.aktif and not pesan:
            return ""
        semua = len(s.data_dimuat.baris)
        return teks("info_saringan", jumlah, semua, s.saringan.uraian(), pesan)

    def _pilih_baris_tabel(self) -> None:
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
        _tandai_abu(self.peta, not self.sesi.sah)
        self._pasang_pengamat_peta()

    def _pasang_pengamat_peta(self) -> None:
        """Listen to clicks on the map (the Vega pane builds one ``selection`` object per set of
        selection names, so attach once per object)."""
        sel = self.peta.selection
        if (
            sel is not None
            and sel is not getattr(self, "_seleksi_peta", None)
            and SELEKSI_PETA in sel.param
        ):
            sel.param.watch(self._saat_klik_peta, SELEKSI_PETA)
            self._seleksi_peta = sel

    def _segarkan_unduhan(self) -> None:
        s = self.sesi
        bisa = s.data is not None and s.sah
        for w, akhiran in ((self.unduh_csv, "csv"), (self.unduh_xlsx, "xlsx")):
            w.disabled = not bisa
            if s.data is not None:
                w.filename = s.nama_unduhan(akhiran)
        self.judul_unduh.object = teks("judul_unduh", self._catatan_unduh(bisa))

    def _catatan_unduh(self, bisa: bool) -> str:
        s = self.sesi
        if s.data is None:
            return "Belum ada peringkat yang dibuka."
        if not bisa:
            return "Unduhan dinonaktifkan: bobot tidak sah."
        jenis = "bobot disesuaikan" if s.disesuaikan else "peringkat terbitan"
        isi = "baris yang tersaring" if s.saringan.aktif else "semua wilayah"
        return f"Berisi {isi}, {jenis}; CSV untuk Excel berbahasa Indonesia (titik koma, desimal koma) dengan catatan kehati-hatian."

    def _segarkan_url(self) -> None:
        """Put the view into the URL query (shareable; opening it restores the view)."""
        lokasi = pn.state.location
        if lokasi is None or self.sesi.data is None:
            return
        cari = "?" + urlencode(self.sesi.tampilan().ke_query())
        if lokasi.search != cari:
            lokasi.search = cari

    # ------------------------------------------------------------------ downloads

    def _isi_csv(self) -> io.BytesIO:
        return io.BytesIO(self.sesi.isi_csv())

    def _isi_xlsx(self) -> io.BytesIO:
        return io.BytesIO(self.sesi.isi_xlsx())


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
    halaman = HalamanPeringkat(
        SesiPeringkat(folder_laporan), _query_sesi() if query is None else query
    )
    tata = halaman.tata_letak
    tata.halaman = halaman  # type: ignore[attr-defined]  # for tests and benchmarks
    return tata
