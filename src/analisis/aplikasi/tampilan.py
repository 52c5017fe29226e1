"""The ranking page (Panel; maps and charts are the reports' Vega-Lite charts), in Bahasa Indonesia.

One :class:`AplikasiPeringkat` per browser session (``panel serve`` runs ``app.py`` for each
session); parsed files are shared between sessions through ``pn.cache`` (see
:mod:`analisis.aplikasi.data`).

Page:

* sidebar — province and year (only the combinations present in the reports folder), one
  weight slider per dimension, a normalisation choice, a reset button, the renormalised
  weights, the time the last re-ranking took, and CSV/XLSX downloads of the current ranking;
* main — the ranking table (Tabulator: sortable, header filters, a search box, a link to each
  region's HTML report under ``reports/``), the rank intervals (90 % Monte Carlo interval as
  bars), a choropleth of the province (:func:`~analisis.laporan.grafik.grafik_peta`: score, rank,
  dimension scores or any indicator) and the
  region drill-down (P0/P1/P2 trend vs province and Indonesia, quadrant, P0 rank, target
  status, report link) for the row selected in the table or the region clicked on the map.

Every number shown goes through :mod:`analisis.laporan.format` (Python side), the Indonesian
number locale of the Vega-Lite charts, the JS formatter of :mod:`analisis.laporan.grafik` (slider
labels) or the Tabulator ``money`` formatter with ``,`` decimals and ``.`` thousands.
"""

from __future__ import annotations

import html
import io
import math
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import panel as pn

from analisis.aplikasi.data import (
    ATRIBUSI_BATAS,
    DataPeringkat,
    Keluaran,
    daftar_keluaran,
    fitur_provinsi,
    folder_laporan_bawaan,
    muat_hasil_wilayah,
    muat_peringkat,
    muat_seri_wilayah,
    pesan_tanpa_keluaran,
    url_batas,
    url_laporan,
    url_laporan_wilayah,
)
from analisis.aplikasi.ulang import (
    PILIHAN_NORMALISASI,
    HasilUlang,
    Opsi,
    hitung_ulang,
    kerangka_disesuaikan,
    metode_normalisasi,
    normalisasi_bobot,
)
from analisis.galat import GalatAnalisis
from analisis.kontrak import HasilWilayah
from analisis.laporan import format as fmt
from analisis.laporan.grafik import (
    PALET,
    format_sumbu,
    grafik_peta,
    grafik_tren,
    siapkan_spesifikasi,
)
from analisis.lembar import netralkan_tabel
from analisis.peringkat.entri import bobot_efektif
from analisis.peringkat.kerangka import BAWAAN, Kerangka, kerangka_bawaan


def _tabel_aman(*args, **kwargs) -> pd.DataFrame:
    """A DataFrame for a download whose config text cannot run as a spreadsheet formula."""
    return netralkan_tabel(pd.DataFrame(*args, **kwargs))


SKEMA_VEGALITE_PANEL = "https://vega.github.io/schema/vega-lite/v6.json"
"""Panel's Vega pane takes a dict only with a Vega(-Lite) ``$schema``; its bundle is Vega-Lite 6.
Never fetched: the pane draws with the Vega files Panel serves locally."""

SELEKSI_PETA = "pilih"
"""Name of the map's click selection (a Vega-Lite point selection on ``kode``)."""

JUDUL = "Peringkat kinerja TKPK kabupaten/kota"

# Tabulator number formats (Indonesian: decimal comma, dot thousands).
_FMT_SKOR = {"type": "money", "decimal": ",", "thousand": ".", "precision": 2, "symbol": ""}
_FMT_PERSEN = {
    "type": "money",
    "decimal": ",",
    "thousand": ".",
    "precision": 0,
    "symbol": "%",
    "symbolAfter": True,
}

KETERANGAN_KUADRAN = {
    "unggul": "tingkat P0 lebih baik dan turun lebih cepat dari pembanding",
    "mengejar": "tingkat P0 lebih buruk tetapi turun lebih cepat dari pembanding",
    "prioritas": "tingkat P0 lebih buruk dan turun lebih lambat (atau naik) dibanding pembanding",
    "waspada": "tingkat P0 lebih baik tetapi turun lebih lambat dari pembanding",
}

_CSS = """
:host {font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;}
table {border-collapse: collapse; font-size: 0.85em; width: 100%;}
td, th {padding: 3px 6px; border-bottom: 1px solid #e5e5e5; vertical-align: top; text-align: left;}
td.angka, th.angka {text-align: right;}
.catatan-kecil {font-size: 0.8em; color: #555;}
"""


_KETERANGAN_TABEL = (
    "<div class='catatan-kecil'>Kolom <b>Sebaran peringkat</b>: batang biru = interval 90% peringkat dari uji "
    "Monte Carlo (bobot, galat sampel Susenas, pilihan normalisasi), garis jingga = peringkat, garis gelap = "
    "median; skala 1 (kiri, terbaik) sampai jumlah wilayah (kanan). Interval lebar = urutan tidak pasti. Skor 0–100. "
    "<b>Ditandai</b> = diperingkat dengan data tidak lengkap. Saring kolom lewat kotak di bawah judul kolom "
    "(tekan Enter).</div>"
)


def batang_interval(peringkat: Any, bawah: Any, atas: Any, median: Any, jumlah: int) -> str:
    """Inline HTML bar of a rank interval on the scale 1…``jumlah`` (empty text when unranked).

    The values are table cells: numbers, or missing (None, NaN, ``pd.NA``)."""
    if any(fmt.nilai_hilang(x) for x in (peringkat, bawah, atas)) or jumlah < 1:
        return ""

    def pos(r: float) -> float:
        return max(0.0, min(100.0, (float(r) - 0.5) / jumlah * 100))

    kiri, kanan = pos(float(bawah)), pos(float(atas) + 1)
    judul = f"Interval 90%: {int(bawah)}–{int(atas)}"
    if not fmt.nilai_hilang(median):
        judul += f"; median {fmt.angka(median, 1)}"
    med = (
        ""
        if fmt.nilai_hilang(median)
        else (
            f"<div style='position:absolute;top:2px;height:10px;width:2px;left:{pos(float(median) + 0.5):.2f}%;"
            "background:#4D4D4D'></div>"
        )
    )
    return (
        f"<div class='batang-interval' title='{judul}' style='position:relative;height:14px;min-width:140px;"
        "background:#f0f0f0;border-radius:2px'>"
        f"<div style='position:absolute;top:3px;height:8px;left:{kiri:.2f}%;width:{max(kanan - kiri, 1):.2f}%;"
        f"background:{PALET['provinsi']};opacity:0.45;border-radius:2px'></div>{med}"
        f"<div style='position:absolute;top:0;height:14px;width:3px;left:{pos(float(peringkat) + 0.5) - 0.5:.2f}%;"
        f"background:{PALET['wilayah']}'></div></div>"
    )


def _esc(x: object) -> str:
    return html.escape(str(x))


def _ms(detik: float) -> str:
    return f"{fmt.angka(detik * 1000, 0)} ms"


def _interval(bawah: Any, atas: Any) -> str:  # table cells: numbers or missing
    if fmt.nilai_hilang(bawah) or fmt.nilai_hilang(atas):
        return fmt.NILAI_KOSONG
    return f"{int(bawah)}–{int(atas)}"


def _label_dimensi(kode: str) -> str:
    return kode.replace("_", " ").capitalize()


class AplikasiPeringkat:
    """State and widgets of one session. ``tata_letak`` is the servable layout."""

    def __init__(self, folder_laporan: str | Path | None = None):
        self.folder = Path(folder_laporan or folder_laporan_bawaan()).resolve()
        self.keluaran: list[Keluaran] = daftar_keluaran(self.folder)
        # The framework comes from the published ranking itself (peringkat.json), never from a
        # YAML file: the controls follow the first ranking (the default framework when none).
        self.kerangka_dasar: Kerangka = self._kerangka_awal()
        self._sibuk = False  # guard: programmatic widget updates do not trigger re-ranking
        self.data: DataPeringkat | None = None
        self.kerangka_pub: Kerangka | None = None
        self.opsi = Opsi()
        self.hasil: HasilUlang | None = None
        self.tabel_kini = pd.DataFrame()
        self.kode_terpilih: str | None = None
        self.waktu_terakhir: dict[str, float] = {}
        self._buat_widget()
        if self.keluaran:
            self._muat_keluaran()
        self.tata_letak = self._susun()

    def _kerangka_awal(self) -> Kerangka:
        """The framework of the first readable ranking (the default framework when none)."""
        for k in self.keluaran:
            try:
                return muat_peringkat(k).kerangka
            except GalatAnalisis:
                continue
        return kerangka_bawaan()

    @property
    def _data_dimuat(self) -> DataPeringkat:
        """The loaded ranking (the views that use it are only built once one is loaded)."""
        assert self.data is not None, "no ranking loaded"
        return self.data

    # ------------------------------------------------------------------ widgets

    def _buat_widget(self) -> None:
        prov: dict[str, str] = {}
        for k in self.keluaran:
            prov.setdefault(f"{k.provinsi} ({k.kode_provinsi[:2]})", k.kode_provinsi)
        awal = "6300" if "6300" in prov.values() else (next(iter(prov.values())) if prov else None)
        self.pilih_provinsi = pn.widgets.Select(
            label="Provinsi",
            options=prov,
            value=awal,
            sizing_mode="stretch_width",
            css_classes=["pilih-provinsi"],
        )
        self.pilih_tahun = pn.widgets.Select(
            label="Tahun",
            options=self._tahun_untuk(awal),
            sizing_mode="stretch_width",
            css_classes=["pilih-tahun"],
        )
        if self.pilih_tahun.options:
            self.pilih_tahun.value = max(self.pilih_tahun.options)
        self.slider: dict[str, pn.widgets.FloatSlider] = {}
        format_bobot = format_sumbu(2)  # one Bokeh model shared by every slider
        for d in self.kerangka_dasar.dimensi:
            s = pn.widgets.FloatSlider(
                label=_label_dimensi(d.kode),
                start=0.0,
                end=1.0,
                step=0.01,
                value=round(d.bobot, 2),
                format=format_bobot,
                sizing_mode="stretch_width",
                css_classes=[f"bobot-{d.kode}"],
            )
            s.param.watch(self._saat_bobot, "value_throttled")
            self.slider[d.kode] = s
        self.pilih_normalisasi = pn.widgets.Select(
            label="Normalisasi indikator relatif",
            options={v: k for k, v in PILIHAN_NORMALISASI.items()},
            value=BAWAAN,
            sizing_mode="stretch_width",
            css_classes=["pilih-normalisasi"],
        )
        self.tombol_reset = pn.widgets.Button(
            label="Kembalikan ke bobot kerangka", color="default", sizing_mode="stretch_width"
        )
        self.ringkas_bobot = pn.pane.HTML(
            "", css_classes=["ringkas-bobot"], sizing_mode="stretch_width", stylesheets=[_CSS]
        )
        self.status = pn.pane.HTML(
            "", sizing_mode="stretch_width", css_classes=["status-peringkat"], stylesheets=[_CSS]
        )
        self.galat = pn.pane.Alert(
            "", alert_type="danger", visible=False, sizing_mode="stretch_width"
        )
        self.unduh_csv = pn.widgets.FileDownload(
            callback=self._isi_csv,
            filename="peringkat.csv",
            label="Unduh CSV",
            color="primary",
            sizing_mode="stretch_width",
        )
        self.unduh_xlsx = pn.widgets.FileDownload(
            callback=self._isi_xlsx,
            filename="peringkat.xlsx",
            label="Unduh XLSX",
            color="primary",
            sizing_mode="stretch_width",
        )
        self.cari = pn.widgets.TextInput(
            label="Cari", placeholder="Cari nama atau kode wilayah…", sizing_mode="stretch_width"
        )
        self.judul = pn.pane.HTML("", sizing_mode="stretch_width", stylesheets=[_CSS])
        self.tabel = pn.widgets.Tabulator(
            pd.DataFrame(),
            disabled=True,
            selectable=1,
            show_index=False,
            layout="fit_data_table",
            pagination=None,
            sizing_mode="stretch_width",
            header_align="center",
            frozen_columns=["peringkat", "kode_wilayah", "nama"],
            sortable={"interval": False, "sebaran": False, "laporan": False},
            css_classes=["tabel-peringkat"],
        )
        self.tabel.add_filter(pn.bind(self._saring_cari, pola=self.cari))
        self.pilih_warna = pn.widgets.Select(
            label="Warna peta", options={}, width=320, css_classes=["pilih-warna"]
        )
        self.peta = pn.pane.Vega(
            None, sizing_mode="stretch_width", height=500, css_classes=["peta-wilayah"]
        )
        self.rinci = pn.Column(sizing_mode="stretch_width", css_classes=["rinci-wilayah"])
        self._rinci_kosong()

        self.pilih_provinsi.param.watch(self._saat_provinsi, "value")
        self.pilih_tahun.param.watch(self._saat_tahun, "value")
        self.pilih_normalisasi.param.watch(self._saat_bobot, "value")
        self.tombol_reset.on_click(self._saat_reset)
        self.tabel.param.watch(self._saat_pilih_baris, "selection")
        self.pilih_warna.param.watch(
            lambda e: None if self._sibuk else self._perbarui_peta(), "value"
        )

    def _tahun_untuk(self, kode_provinsi: str | None) -> list[int]:
        return sorted({k.tahun for k in self.keluaran if k.kode_provinsi == kode_provinsi})

    def _susun(self):
        """One root layout (header, sidebar, main).

        A plain layout rather than a Panel template: BootstrapTemplate added ~0.13 s of server
        CPU to every new session (measured), and session creation is what limits concurrent
        first loads. Styles go into each pane's ``stylesheets`` (panes render in shadow DOM)."""
        kepala = pn.pane.HTML(
            f"<div style='background:#0b4f71;color:#fff;font-size:1.45em;padding:12px 20px'>{_esc(JUDUL)}</div>",
            sizing_mode="stretch_width",
            margin=0,
        )
        if not self.keluaran:
            return pn.Column(
                kepala,
                pn.pane.Alert(_esc(pesan_tanpa_keluaran(self.folder)), alert_type="warning"),
                sizing_mode="stretch_width",
            )
        samping = pn.Column(
            self.pilih_provinsi,
            self.pilih_tahun,
            pn.pane.HTML(
                "<h4 style='margin:12px 0 0'>Bobot dimensi</h4><div class='catatan-kecil'>Geser untuk "
                "menghitung ulang peringkat (indeks + 1.000 tarikan Monte Carlo). Bobot dinormalisasi "
                "agar berjumlah 1.</div>",
                sizing_mode="stretch_width",
                stylesheets=[_CSS],
            ),
            *self.slider.values(),
            self.pilih_normalisasi,
            self.tombol_reset,
            self.ringkas_bobot,
            self.galat,
            self.status,
            pn.pane.HTML(
                "<h4 style='margin:12px 0 0'>Unduh peringkat saat ini</h4>",
                sizing_mode="stretch_width",
            ),
            self.unduh_csv,
            self.unduh_xlsx,
            width=330,
            margin=0,
            styles={
                "background": "#f5f7f9",
                "border-right": "1px solid #dde3e8",
                "min-height": "100vh",
                "padding": "6px",
            },
        )
        utama = pn.Column(
            self.judul,
            self.cari,
            self.tabel,
            pn.pane.HTML(_KETERANGAN_TABEL, sizing_mode="stretch_width", stylesheets=[_CSS]),
            pn.Row(
                pn.Column(
                    pn.pane.HTML("<h4>Peta</h4>"),
                    self.pilih_warna,
                    self.peta,
                    pn.pane.HTML(
                        f"<div class='catatan-kecil'>{_esc(ATRIBUSI_BATAS)}. Klik wilayah untuk "
                        "melihat rinciannya.</div>",
                        stylesheets=[_CSS],
                    ),
                    sizing_mode="stretch_width",
                ),
                self.rinci,
                sizing_mode="stretch_width",
            ),
            sizing_mode="stretch_width",
            margin=(0, 16),
        )
        return pn.Column(
            kepala,
            pn.Row(samping, utama, sizing_mode="stretch_width", margin=0),
            sizing_mode="stretch_width",
            margin=0,
        )

    # ------------------------------------------------------------------ loading a province-year

    def _keluaran_terpilih(self) -> Keluaran | None:
        for k in self.keluaran:
            if k.kode_provinsi == self.pilih_provinsi.value and k.tahun == self.pilih_tahun.value:
                return k
        return None

    def _muat_keluaran(self) -> None:
        k = self._keluaran_terpilih()
        if k is None:
            return
        self.data = muat_peringkat(k)
        self.opsi = Opsi.dari_meta(self.data.parameter_robust)
        sama = [d.kode for d in self.data.kerangka.dimensi] == [
            d.kode for d in self.kerangka_dasar.dimensi
        ]
        if sama:
            self.kerangka_pub = self.data.kerangka
            self._tampilkan_galat(None)
        else:
            self.kerangka_pub = None
            self._tampilkan_galat(
                "Penyesuaian bobot tidak tersedia: kerangka peringkat ini berbeda dimensinya "
                "dari kerangka peringkat pertama; muat ulang halaman untuk menyesuaikan bobotnya."
            )
        self._sibuk = True
        try:
            self._kontrol_ke_kerangka_terbitan()
            for s in self.slider.values():
                s.disabled = self.kerangka_pub is None
            self.pilih_normalisasi.disabled = self.kerangka_pub is None
            self.pilih_warna.options = self._opsi_warna()
            self.pilih_warna.value = "skor"
        finally:
            self._sibuk = False
        self.kode_terpilih = None
        self.hasil = None
        self._buat_peta()
        self._terapkan_tabel(self.data.baris, disesuaikan=False)
        self._perbarui_judul()
        self._rinci_kosong()

    def _opsi_warna(self) -> dict[str, str]:
        opsi = {"Skor komposit": "skor", "Peringkat": "peringkat"}
        for d in self.kerangka_dasar.dimensi:
            opsi[f"Skor dimensi: {d.nama}"] = f"skor_{d.kode}"
        for _, _, _, ind in self.kerangka_dasar.iter_indikator():
            if self.data is not None and ind.kode in self.data.masukan.columns:
                satuan = f" ({ind.satuan})" if ind.satuan else ""
                opsi[f"Indikator: {ind.nama}{satuan}"] = f"ind:{ind.kode}"
        return opsi

    def _perbarui_judul(self) -> None:
        d = self.data
        if d is None:
            return
        bagian = [
            f"<h2 style='margin-bottom:4px'>{_esc(JUDUL)} — {_esc(d.provinsi)} {d.tahun}</h2>"
        ]
        bagian.append(
            f"<div class='catatan-kecil'>Kerangka: {_esc(d.kerangka.nama)}. Bobot bawaan adalah "
            "usulan rancangan, <b>bukan bobot resmi</b>."
        )
        url = url_laporan(self.folder, d.folder.peringkat_html)
        if url:
            bagian.append(
                f" <a href='{_esc(url)}' target='_blank' rel='noopener'>Laporan peringkat provinsi</a>."
            )
        bagian.append("</div>")
        peringatan = [
            k for k in d.peringatan.kalimat(d.kerangka) if not k.startswith("Bobot kerangka")
        ]
        if peringatan:
            bagian.append(
                "<div class='catatan-kecil peringatan-peringkat' style='color:#8a4b00'>Perhatian: "
                + " ".join(_esc(p) for p in peringatan)
                + "</div>"
            )
        self.judul.object = "".join(bagian)

    # ------------------------------------------------------------------ re-ranking

    def bobot_mentah(self) -> dict[str, float]:
        """Slider values by dimension code (not normalised)."""
        mentah = {}
        for k, s in self.slider.items():
            assert s.value is not None  # a slider always holds a number
            mentah[k] = float(s.value)
        return mentah

    def _saat_bobot(self, event=None) -> None:
        if self._sibuk or self.data is None or self.kerangka_pub is None:
            return
        self.hitung_ulang()

    def hitung_ulang(self) -> HasilUlang | None:
        """Re-rank with the current slider weights and normalisation; update the page."""
        t0 = time.perf_counter()
        assert self.kerangka_pub is not None  # the sliders exist only for a loaded ranking
        try:
            k = kerangka_disesuaikan(
                self.kerangka_pub, self.bobot_mentah(), self.pilih_normalisasi.value
            )
            h = hitung_ulang(self._data_dimuat.masukan, k, self.opsi)
        except GalatAnalisis as e:
            self._tampilkan_galat(str(e))
            return None
        self._tampilkan_galat(None)
        self.hasil = h
        self._terapkan_tabel(h.tabel, disesuaikan=True)
        self.waktu_terakhir = {
            "pustaka": h.detik_pustaka,
            "hitung": h.detik,
            "total": time.perf_counter() - t0,
        }
        self._perbarui_status()
        return h

    def _kontrol_ke_kerangka_terbitan(self) -> None:
        """Sliders to the published weights, normalisation to the framework's (callers set
        ``_sibuk`` so these programmatic changes do not re-rank)."""
        if self.kerangka_pub is not None:
            for d in self.kerangka_pub.dimensi:
                self.slider[d.kode].value = round(d.bobot, 2)
        self.pilih_normalisasi.value = BAWAAN

    def _saat_reset(self, event=None) -> None:
        if self.data is None:
            return
        self._sibuk = True
        try:
            self._kontrol_ke_kerangka_terbitan()
        finally:
            self._sibuk = False
        self.hasil = None
        self._tampilkan_galat(None)
        self._terapkan_tabel(self.data.baris, disesuaikan=False)

    def _tampilkan_galat(self, pesan: str | None) -> None:
        self.galat.object = _esc(pesan) if pesan else ""
        self.galat.visible = bool(pesan)

    def _perbarui_ringkas_bobot(self) -> None:
        if self.kerangka_pub is None:
            self.ringkas_bobot.object = ""
            return
        try:
            norm = normalisasi_bobot(self.bobot_mentah())
        except GalatAnalisis as e:
            self.ringkas_bobot.object = f"<div class='catatan-kecil'>{_esc(e)}</div>"
            return
        if self.hasil is not None:
            efektif = self.hasil.bobot_efektif
        else:
            efektif = bobot_efektif(
                self.kerangka_pub, self._data_dimuat.masukan, bool(self.opsi.izinkan_dimensi_hilang)
            )
        baris = "".join(
            f"<tr><td>{_esc(d.nama)}</td><td class='angka bobot-norm' data-dimensi='{d.kode}'>"
            f"{fmt.angka(norm[d.kode], 3)}</td>"
            f"<td class='angka'>{fmt.angka(efektif.get(d.kode, 0.0), 3)}</td></tr>"
            for d in self.kerangka_dasar.dimensi
        )
        total = fmt.angka(sum(norm.values()), 3)
        metode = metode_normalisasi(self.kerangka_pub, self.pilih_normalisasi.value)
        diganti = [k for k, m in metode.items() if m != self.kerangka_pub.indikator(k).normalisasi]
        teks_norm = (
            (
                f"<div class='catatan-kecil'>Normalisasi diganti pada {len(diganti)} indikator relatif: "
                f"{_esc(', '.join(diganti))}.</div>"
            )
            if diganti
            else ""
        )
        self.ringkas_bobot.object = (
            "<table><tr><th>Dimensi</th><th class='angka'>Bobot</th><th class='angka'>Efektif*</th></tr>"
            f"{baris}<tr><th>Jumlah</th><th class='angka'>{total}</th><th></th></tr></table>"
            "<div class='catatan-kecil'>* Bobot efektif: dimensi tanpa data sama sekali tidak dinilai dan "
            "bobotnya dibagi ulang ke dimensi lain (seperti pada peringkat terbitan).</div>"
            + teks_norm
        )

    def _perbarui_status(self) -> None:
        if self.data is None:
            return
        p = self.data.parameter_robust
        if self.hasil is None:
            n = p.get("jumlah_iterasi")
            teks = (
                f"<b>Peringkat terbitan</b> (peringkat.json{', ' + fmt.angka(n, 0) + ' tarikan Monte Carlo' if n else ''}"
                f", dibuat {_esc(self.data.meta.dibuat)})."
            )
        else:
            w = self.waktu_terakhir
            teks = (
                f"<b>Peringkat dengan bobot disesuaikan</b>: dihitung ulang dalam "
                f"<span class='waktu-hitung'>{_ms(w.get('total', self.hasil.detik))}</span> "
                f"(pustaka {_ms(self.hasil.detik_pustaka)}; {fmt.angka(self.opsi.jumlah_iterasi, 0)} tarikan "
                f"Monte Carlo, benih {self.opsi.benih if self.opsi.benih is not None else '–'})."
            )
        self.status.object = f"<div class='catatan-kecil'>{teks}</div>"

    # ------------------------------------------------------------------ table

    def _df_tabel(self, baris: pd.DataFrame) -> pd.DataFrame:
        d = self.data
        dims = [f"skor_{x.kode}" for x in self.kerangka_dasar.dimensi]
        jumlah = (
            int(pd.to_numeric(baris["peringkat"], errors="coerce").max())
            if len(baris) and pd.to_numeric(baris["peringkat"], errors="coerce").notna().any()
            else 0
        )
        laporan = []
        for kode in baris["kode_wilayah"]:
            url = url_laporan_wilayah(self.folder, d.folder, kode) if d and d.folder else None
            laporan.append(
                f'<a href="{_esc(url)}" target="_blank" rel="noopener">Buka</a>'
                if url
                else fmt.NILAI_KOSONG
            )
        df = pd.DataFrame(
            {
                "peringkat": pd.array(baris["peringkat"], dtype="Int64"),
                "kode_wilayah": baris["kode_wilayah"].astype(str).to_numpy(),
                "nama": baris["nama"].astype(str).to_numpy(),
                "skor": pd.to_numeric(baris["skor"], errors="coerce").to_numpy(dtype=float),
                "interval": [
                    _interval(a, b) for a, b in zip(baris["interval_bawah"], baris["interval_atas"])
                ],
                "sebaran": [
                    batang_interval(r, a, b, m, jumlah)
                    for r, a, b, m in zip(
                        baris["peringkat"],
                        baris["interval_bawah"],
                        baris["interval_atas"],
                        baris["median_peringkat"],
                    )
                ],
                "peluang": pd.to_numeric(baris["peluang_3_besar"], errors="coerce").to_numpy(
                    dtype=float
                )
                * 100,
                **{
                    c: pd.to_numeric(baris.get(c), errors="coerce").to_numpy(dtype=float)
                    if c in baris
                    else np.nan
                    for c in dims
                },
                "catatan": ["ditandai" if bool(t) else "" for t in baris["ditandai"]],
                "laporan": laporan,
            }
        )
        # Missing numbers as null (an empty cell), not NaN: Tabulator's money formatter prints NaN.
        for c in ("skor", "peluang", *dims):
            df[c] = df[c].astype(object).where(df[c].notna(), None)
        return df

    def _konfigurasi_tabel(self) -> None:
        posisi = int(self.data.parameter_robust.get("posisi_teratas") or 3) if self.data else 3
        titles = {
            "peringkat": "Peringkat",
            "kode_wilayah": "Kode",
            "nama": "Kabupaten/kota",
            "skor": "Skor",
            "interval": "Interval 90%",
            "sebaran": "Sebaran peringkat",
            "peluang": f"Peluang {posisi} besar",
            "catatan": "Catatan",
            "laporan": "Laporan",
        }
        formatters = {
            "skor": _FMT_SKOR,
            "peluang": _FMT_PERSEN,
            "laporan": {"type": "html"},
            "sebaran": {"type": "html"},
        }
        for d in self.kerangka_dasar.dimensi:
            titles[f"skor_{d.kode}"] = _label_dimensi(d.kode)
            formatters[f"skor_{d.kode}"] = _FMT_SKOR
        self.tabel.titles = titles
        self.tabel.formatters = formatters
        # Read-only table: no cell editors (Panel otherwise creates one Bokeh model per column).
        self.tabel.editors = {c: None for c in titles}
        self.tabel.header_filters = {
            "nama": {"type": "input", "func": "like", "placeholder": "saring nama"},
            "kode_wilayah": {"type": "input", "func": "like", "placeholder": "kode"},
            "peringkat": {"type": "number", "func": "<=", "placeholder": "≤"},
            "skor": {"type": "number", "func": ">=", "placeholder": "≥"},
            "catatan": {"type": "input", "func": "like", "placeholder": "saring"},
        }
        self.tabel.text_align = {
            "peringkat": "center",
            "interval": "center",
            "kode_wilayah": "center",
        }
        self.tabel.header_tooltips = {
            f"skor_{d.kode}": f"Skor dimensi: {d.nama} (0–100)" for d in self.kerangka_dasar.dimensi
        }

    @staticmethod
    def _saring_cari(df: pd.DataFrame, pola: str) -> pd.DataFrame:
        pola = (pola or "").strip().casefold()
        if not pola or df.empty:
            return df
        cocok = df["nama"].str.casefold().str.contains(pola, regex=False) | df[
            "kode_wilayah"
        ].str.startswith(pola)
        return df[cocok]

    def _terapkan_tabel(self, baris: pd.DataFrame, *, disesuaikan: bool) -> None:
        """Show a ranking (published or recomputed) in the table, intervals and map."""
        self.tabel_kini = baris.reset_index(drop=True)
        df = self._df_tabel(self.tabel_kini)
        if not self.tabel.titles:
            self._konfigurasi_tabel()
        self._sibuk = True
        try:
            self.tabel.value = df
            if self.kode_terpilih is not None and self.kode_terpilih in set(df["kode_wilayah"]):
                self.tabel.selection = [
                    int(np.flatnonzero(df["kode_wilayah"].to_numpy() == self.kode_terpilih)[0])
                ]
            else:
                self.tabel.selection = []
        finally:
            self._sibuk = False
        nama = (self.data.kode_provinsi, self.data.tahun) if self.data else ("", 0)
        akhiran = "_disesuaikan" if disesuaikan else ""
        self.unduh_csv.filename = f"peringkat_{nama[0]}_{nama[1]}{akhiran}.csv"
        self.unduh_xlsx.filename = f"peringkat_{nama[0]}_{nama[1]}{akhiran}.xlsx"
        self._perbarui_peta()
        self._perbarui_ringkas_bobot()
        self._perbarui_status()
        if self.kode_terpilih is not None:
            self._isi_rinci_peringkat()

    # ------------------------------------------------------------------ downloads

    def tabel_unduh(self) -> pd.DataFrame:
        """The current ranking in the layout of the runner's ``peringkat.csv``."""
        t = self.tabel_kini.copy()
        dims = [
            f"skor_{d.kode}" for d in self.kerangka_dasar.dimensi if f"skor_{d.kode}" in t.columns
        ]
        kolom = [
            "kode_wilayah",
            "nama",
            "peringkat",
            "skor",
            "interval_bawah",
            "interval_atas",
            "median_peringkat",
            "peluang_3_besar",
            "ditandai",
            "indikator_hilang",
            "keterangan",
            *dims,
        ]
        t = t[[c for c in kolom if c in t.columns]]
        for c in ("peringkat", "interval_bawah", "interval_atas"):
            if c in t:
                t[c] = pd.to_numeric(t[c], errors="coerce").astype("Int64")
        return t

    def _isi_csv(self) -> io.BytesIO:
        return io.BytesIO(netralkan_tabel(self.tabel_unduh()).to_csv(index=False).encode("utf-8"))

    def _isi_xlsx(self) -> io.BytesIO:
        buf = io.BytesIO()
        k = self.hasil.kerangka if self.hasil is not None else self.kerangka_pub
        with pd.ExcelWriter(buf, engine="openpyxl") as w:
            netralkan_tabel(self.tabel_unduh()).to_excel(w, index=False, sheet_name="Peringkat")
            if k is not None:
                efektif = (
                    self.hasil.bobot_efektif
                    if self.hasil is not None
                    else bobot_efektif(
                        k, self._data_dimuat.masukan, bool(self.opsi.izinkan_dimensi_hilang)
                    )
                )
                _tabel_aman(
                    [
                        {
                            "dimensi": d.kode,
                            "nama": d.nama,
                            "bobot": d.bobot,
                            "bobot_efektif": efektif.get(d.kode),
                        }
                        for d in k.dimensi
                    ]
                ).to_excel(w, index=False, sheet_name="Bobot")
                _tabel_aman(
                    [
                        {
                            "dimensi": d.kode,
                            "indikator": i.kode,
                            "nama": i.nama,
                            "bobot_dalam_dimensi": i.bobot,
                            "normalisasi": i.normalisasi,
                            "arah": i.arah,
                        }
                        for d in k.dimensi
                        for i in d.indikator
                    ]
                ).to_excel(w, index=False, sheet_name="Indikator")
            m = self.data.meta.model_dump() if self.data else {}
            ket = {
                "provinsi": m.get("provinsi"),
                "kode_provinsi": m.get("kode_provinsi"),
                "tahun": m.get("tahun"),
                "kerangka": self.data.kerangka.nama if self.data else None,
                "jenis": "dihitung ulang dengan bobot disesuaikan"
                if self.hasil is not None
                else "peringkat terbitan",
                "normalisasi": self.pilih_normalisasi.value,
                "jumlah_iterasi": self.opsi.jumlah_iterasi
                if self.hasil is not None
                else (m.get("parameter_robust") or {}).get("jumlah_iterasi"),
                "benih": self.opsi.benih,
                "catatan": " ".join(self.data.peringatan.kalimat(self.data.kerangka))
                if self.data
                else "",
            }
            _tabel_aman({"kunci": list(ket), "nilai": [str(v) for v in ket.values()]}).to_excel(
                w, index=False, sheet_name="Keterangan"
            )
        buf.seek(0)
        return buf

    # ------------------------------------------------------------------ map

    def _buat_peta(self) -> None:
        self._fitur = fitur_provinsi(self._data_dimuat.kode_provinsi)
        self._kode_peta = [str(f["properties"]["kode_bps"]) for f in self._fitur]

    def _nilai_peta(self, pilihan: str) -> tuple[list[float], list[str], str, bool]:
        """Values, hover texts, legend title and whether higher is better, for the map colour."""
        kode_peta = self._kode_peta
        if pilihan.startswith("ind:"):
            kode = pilihan[4:]
            ind = self.kerangka_dasar.indikator(kode)
            masukan = self._data_dimuat.masukan
            kol = masukan[kode].to_dict() if kode in masukan.columns else {}
            nilai, teks = [], []
            peta = (
                {str(g).casefold(): s for g, s in ind.rubrik(self.kerangka_dasar).items()}
                if ind.kategorik
                else {}
            )
            for k in kode_peta:
                v = kol.get(k)
                if ind.kategorik:
                    s = peta.get(str(v).strip().casefold()) if isinstance(v, str) else None
                    nilai.append(float(s) if s is not None else np.nan)
                    teks.append(
                        f"{v} (skor {fmt.angka(s, 0)})" if s is not None else fmt.NILAI_KOSONG
                    )
                else:
                    x = float(v) if v is not None and not fmt.nilai_hilang(v) else np.nan
                    nilai.append(x)
                    teks.append(
                        fmt.angka(x, 2)
                        + (f" {ind.satuan}" if ind.satuan and not math.isnan(x) else "")
                    )
            judul = ind.nama if len(ind.nama) <= 48 else ind.nama[:47] + "…"
            return nilai, teks, judul, ind.arah == "naik_baik"
        kolom = pilihan
        t = dict(
            zip(
                self.tabel_kini["kode_wilayah"],
                pd.to_numeric(self.tabel_kini[kolom], errors="coerce"),
            )
        )
        nilai = [
            float(t[k]) if k in t and not fmt.nilai_hilang(t[k]) else np.nan for k in kode_peta
        ]
        if kolom == "peringkat":
            return nilai, [fmt.angka(x, 0) for x in nilai], "Peringkat", False
        judul = "Skor komposit" if kolom == "skor" else f"Skor {_label_dimensi(kolom[5:]).lower()}"
        return nilai, [fmt.angka(x, 2) for x in nilai], judul, True

    def _perbarui_peta(self) -> None:
        """Redraw the choropleth (:func:`~analisis.laporan.grafik.grafik_peta`, the report's
        Vega-Lite map) for the colour choice, the current ranking and the selected region."""
        if self.data is None or getattr(self, "_fitur", None) is None or self.tabel_kini.empty:
            return
        nilai, teks, judul, naik_baik = self._nilai_peta(self.pilih_warna.value or "skor")
        t = self.tabel_kini
        rank = dict(zip(t["kode_wilayah"], t["peringkat"]))
        skor = dict(zip(t["kode_wilayah"], t["skor"]))
        df = pd.DataFrame(
            {
                "kode_wilayah": self._kode_peta,
                "nilai": nilai,
                "teks_peringkat": [
                    str(int(rank[k]))
                    if k in rank and not fmt.nilai_hilang(rank[k])
                    else fmt.NILAI_KOSONG
                    for k in self._kode_peta
                ],
                "teks_skor": [fmt.angka(skor.get(k), 2) for k in self._kode_peta],
                "teks_nilai": teks,
            }
        )
        g = grafik_peta(
            self._fitur,
            df,
            tooltip=[("teks_peringkat", "Peringkat"), ("teks_skor", "Skor"), ("teks_nilai", judul)],
            judul_legenda=judul,
            naik_baik=naik_baik,
            terpilih=self.kode_terpilih,
            lebar=460,
            tinggi=380,
            seleksi=SELEKSI_PETA,
            url_batas=url_batas(self.data.kode_provinsi),
        )
        # Panel 1.9 resets an existing point selection to None on a new object, which its own
        # List parameter rejects; dropping the Selection object first makes it build a new one.
        self.peta.selection = None
        self.peta.object = {**siapkan_spesifikasi(g.spesifikasi), "$schema": SKEMA_VEGALITE_PANEL}
        self._pasang_pengamat_peta()

    def _pasang_pengamat_peta(self) -> None:
        """Listen to clicks on the map (the Vega pane's ``selection`` object is created per
        set of selection names, so attach once per object)."""
        sel = self.peta.selection
        if (
            sel is not None
            and sel is not getattr(self, "_seleksi_peta", None)
            and SELEKSI_PETA in sel.param
        ):
            sel.param.watch(self._saat_klik_peta, SELEKSI_PETA)
            self._seleksi_peta = sel

    def _saat_klik_peta(self, event) -> None:
        """A click on the map: ``[{"kode": "6303"}]`` (Panel's form of a Vega-Lite point selection)."""
        for item in event.new or []:
            kode = item.get("kode") if isinstance(item, dict) else None
            if kode is not None and str(kode) in self._kode_peta:
                if str(kode) != self.kode_terpilih:
                    self.pilih_wilayah(str(kode))
                return

    # ------------------------------------------------------------------ selection and drill-down

    def _saat_pilih_baris(self, event) -> None:
        if self._sibuk or not event.new:
            return
        df = self.tabel.value
        i = event.new[0]
        if 0 <= i < len(df):
            self.pilih_wilayah(str(df["kode_wilayah"].iloc[i]))

    def pilih_wilayah(self, kode: str) -> None:
        """Select a region everywhere (table row, map outline) and show its drill-down."""
        self.kode_terpilih = kode
        df = self.tabel.value
        pos: np.ndarray | list[int] = (
            np.flatnonzero(df["kode_wilayah"].to_numpy() == kode) if not df.empty else []
        )
        self._sibuk = True
        try:
            self.tabel.selection = [int(pos[0])] if len(pos) else []
        finally:
            self._sibuk = False
        self._perbarui_peta()
        self._isi_rinci()

    def _rinci_kosong(self) -> None:
        self.rinci.objects = [
            pn.pane.HTML(
                "<h4>Rincian wilayah</h4><div class='catatan-kecil'>Pilih baris di "
                "tabel atau klik wilayah di peta.</div>",
                sizing_mode="stretch_width",
                stylesheets=[_CSS],
            )
        ]

    def _isi_rinci_peringkat(self) -> None:
        if getattr(self, "_rinci_peringkat", None) is None:
            return
        assert self.kode_terpilih is not None  # called only with a region selected
        self._rinci_peringkat.object = self._teks_peringkat(self.kode_terpilih)

    def _teks_peringkat(self, kode: str) -> str:
        t = self.tabel_kini.set_index("kode_wilayah")
        if kode not in t.index:
            return "<div class='catatan-kecil'>Wilayah ini tidak ada di tabel peringkat.</div>"
        r = t.loc[kode]
        n = int(pd.to_numeric(t["peringkat"], errors="coerce").notna().sum())
        if pd.isna(r["peringkat"]):
            return f"<div>Tidak diperingkat: {_esc(r['keterangan'])}</div>"
        peluang = (
            fmt.NILAI_KOSONG
            if fmt.nilai_hilang(r["peluang_3_besar"])
            else fmt.persen(float(r["peluang_3_besar"]) * 100, 0, singkat=True)
        )
        teks = (
            f"<div class='ringkas-peringkat'>Peringkat <b class='peringkat-wilayah'>{int(r['peringkat'])}</b>"
            f" dari {n} · skor {fmt.angka(r['skor'], 2)}"
            f" · interval 90%: {_interval(r['interval_bawah'], r['interval_atas'])}"
            f" · peluang 3 besar: {peluang}"
            f"{' · <i>(bobot disesuaikan)</i>' if self.hasil is not None else ''}</div>"
        )
        if bool(r.get("ditandai")) and r.get("keterangan"):
            teks += f"<div class='catatan-kecil'>{_esc(r['keterangan'])}</div>"
        return teks

    def _isi_rinci(self) -> None:
        kode = self.kode_terpilih
        d = self.data
        if kode is None or d is None:
            self._rinci_kosong()
            return
        assert d.folder is not None  # muat_peringkat always sets it
        hasil = muat_hasil_wilayah(d.folder, kode)
        seri = muat_seri_wilayah(d.folder, kode)
        baris_tabel = self.tabel_kini.set_index("kode_wilayah")
        nama = str(baris_tabel.at[kode, "nama"]) if kode in baris_tabel.index else kode
        url = url_laporan_wilayah(self.folder, d.folder, kode)
        tautan = (
            (
                f"<a class='tautan-laporan' href='{_esc(url)}' target='_blank' rel='noopener'>Buka laporan evaluasi "
                f"{_esc(nama)} (HTML)</a>"
            )
            if url
            else (
                f"<span class='catatan-kecil'>Laporan HTML wilayah ini belum dibuat (analisis evaluasi --wilayah {kode} "
                f"--tahun {d.tahun}).</span>"
            )
        )
        self._rinci_peringkat = pn.pane.HTML(
            self._teks_peringkat(kode), sizing_mode="stretch_width", stylesheets=[_CSS]
        )
        objek: list = [
            pn.pane.HTML(
                f"<h3 class='judul-rinci' data-kode='{_esc(kode)}' style='font-size:1.3em;margin:4px 0'>"
                f"Rincian: {_esc(nama)} ({_esc(kode)})</h3>"
                f"<div>{tautan}</div>",
                sizing_mode="stretch_width",
            ),
            self._rinci_peringkat,
        ]
        if hasil is None:
            objek.append(
                pn.pane.HTML(
                    "<div class='catatan-kecil'>Hasil evaluasi wilayah (hasil/"
                    f"{_esc(kode)}.json) tidak ditemukan.</div>"
                )
            )
        else:
            objek.append(
                pn.pane.HTML(
                    self._klasifikasi(hasil, kode),
                    css_classes=["klasifikasi"],
                    sizing_mode="stretch_width",
                    stylesheets=[_CSS],
                )
            )
        if seri is not None:
            objek.append(self._tren(seri, hasil, nama))
        self.rinci.objects = objek

    @staticmethod
    def _klasifikasi(hasil: HasilWilayah, kode: str) -> str:
        baris = []
        kp = hasil.kuadran_perkembangan
        sendiri = kp.baris(kode) if kp is not None else None
        kuadran = sendiri.kuadran if sendiri else None
        if kuadran:
            ket = KETERANGAN_KUADRAN.get(kuadran, "")
            baris.append(("Kuadran perkembangan P0", f"<b>{_esc(kuadran)}</b> — {_esc(ket)}"))
        else:
            baris.append(("Kuadran perkembangan P0", fmt.NILAI_KOSONG))
        p0 = hasil.posisi_wilayah.get("p0")
        if p0 is not None and p0.peringkat is not None:
            teks = f"{p0.peringkat} dari {p0.jumlah if p0.jumlah is not None else '–'} (1 = P0 terendah)"
            if p0.posisi:
                teks += f"; {_esc(p0.posisi)}"
            baris.append(("Peringkat P0 se-provinsi", teks))
        else:
            baris.append(("Peringkat P0 se-provinsi", fmt.NILAI_KOSONG))
        for t in hasil.target:
            label = (
                "Target kemiskinan ekstrem"
                if t.get("ekstrem")
                else f"Target {str(t.get('indikator', '')).upper()}"
            )
            teks = f"<b>{_esc(t.get('status', '–'))}</b>"
            if t.get("keterangan"):
                teks += f" — {_esc(t['keterangan'])}"
            baris.append((label, teks))
        isi = "".join(f"<tr><th>{_esc(a)}</th><td>{b}</td></tr>" for a, b in baris)
        return f"<table>{isi}</table>"

    @staticmethod
    def _tren(seri, hasil: HasilWilayah | None, nama: str):
        """P0/P1/P2 tabs: region vs province vs Indonesia (:func:`~analisis.laporan.grafik.grafik_tren`).

        Charts are the report's Vega-Lite charts (the same function and look as the HTML report),
        drawn by Panel's Vega pane from its locally served Vega bundle; a tab's chart is built
        the first time the tab is shown (P0 at once)."""
        peran_nama = {
            "wilayah": nama,
            "provinsi": hasil.meta.provinsi if hasil is not None else "Provinsi",
            "nasional": "Indonesia",
        }
        warna = {
            peran_nama["wilayah"]: PALET["wilayah"],
            peran_nama["provinsi"]: PALET["provinsi"],
            "Indonesia": PALET["indonesia"],
        }
        daftar = [
            (ind, label, fungsi)
            for ind, label, fungsi in (
                ("p0", "P0 (persen)", lambda x: fmt.persen(x)),
                ("p1", "P1 (indeks kedalaman)", lambda x: fmt.angka(x, 2)),
                ("p2", "P2 (indeks keparahan)", lambda x: fmt.angka(x, 2)),
            )
            if ind in seri
        ]

        def grafik(i: int):
            ind, label, fungsi = daftar[i]
            df = seri[ind].to_dataframe().reset_index()[["peran", "tahun", ind]]
            df["wilayah"] = df["peran"].map(peran_nama)
            df = df.rename(columns={ind: "nilai"})
            if df["nilai"].notna().sum() == 0:
                return pn.pane.HTML("<div class='catatan-kecil'>Tidak ada data.</div>")
            obj = grafik_tren(
                df,
                urutan=[peran_nama[p] for p in ("wilayah", "provinsi", "nasional")],
                warna=warna,
                format_nilai=fungsi,
                label_y=label,
                judul=f"{label}: wilayah, provinsi, Indonesia",
                lebar=460,
                tinggi=300,
            )
            spes = {
                **siapkan_spesifikasi(obj.spesifikasi),
                "$schema": SKEMA_VEGALITE_PANEL,
            }  # how Panel recognises it
            return pn.pane.Vega(
                spes, css_classes=[f"tren-{ind}", "grafik-vega"], sizing_mode="fixed"
            )

        tab = pn.Tabs(
            *[
                (ind.upper(), grafik(0) if i == 0 else pn.pane.HTML("…"))
                for i, (ind, _, _) in enumerate(daftar)
            ],
            sizing_mode="stretch_width",
        )
        dibuat = {0}

        def saat_tab(event) -> None:
            i = event.new
            if i is not None and i not in dibuat and 0 <= i < len(daftar):
                dibuat.add(i)
                tab[i] = (daftar[i][0].upper(), grafik(i))

        tab.param.watch(saat_tab, "active")
        catatan = pn.pane.HTML(
            "<div class='catatan-kecil'>Tahun tanpa data dibiarkan kosong (garis terputus), "
            "tidak diinterpolasi. Angka kab/kota: Susenas Maret.</div>"
        )
        return pn.Column(tab, catatan, sizing_mode="stretch_width")

    # ------------------------------------------------------------------ province / year

    def _saat_provinsi(self, event) -> None:
        tahun = self._tahun_untuk(event.new)
        self._sibuk = True
        try:
            self.pilih_tahun.options = tahun
            self.pilih_tahun.value = max(tahun) if tahun else None
        finally:
            self._sibuk = False
        self._muat_keluaran()

    def _saat_tahun(self, event) -> None:
        if self._sibuk:
            return
        self._muat_keluaran()


def buat_aplikasi(folder_laporan: str | Path | None = None):
    """The servable page for a reports folder (``None`` = the project's reports folder).

    Returns a Panel layout (a single document root); the :class:`AplikasiPeringkat` behind it
    is available as ``layout.aplikasi`` (used by tests and benchmarks).
    """
    pn.extension("tabulator", "vega", sizing_mode="stretch_width")
    app = AplikasiPeringkat(folder_laporan)
    tpl = app.tata_letak
    tpl.aplikasi = app
    return tpl
