"""The region drill-down of the page (Panel): title and report link, the ranking explained,
why the published rank is uncertain (the stored sensitivity results), the classification from
the region's result file and the P0/P1/P2 trend charts.

Text comes from :mod:`analisis.aplikasi.teks_rinci` (HTML fragments); charts are the reports'
Vega-Lite charts (:func:`analisis.laporan.grafik.grafik_tren`), a tab's chart is built the first
time the tab is shown. When a region is selected the browser scrolls the drill-down into view.
"""

from __future__ import annotations

from collections.abc import Callable

import panel as pn

from analisis.aplikasi import teks_rinci
from analisis.aplikasi.data import (
    dokumen_wilayah,
    muat_hasil_wilayah,
    muat_seri_wilayah,
    url_laporan_wilayah,
)
from analisis.aplikasi.fragmen import teks
from analisis.aplikasi.komponen import html
from analisis.aplikasi.peta import SKEMA_VEGALITE_PANEL
from analisis.aplikasi.sesi import SesiPeringkat
from analisis.kontrak import HasilWilayah
from analisis.laporan import format as fmt
from analisis.laporan.grafik import PALET, grafik_tren, siapkan_spesifikasi

GULIR_KE_RINCIAN = """
const cari = (akar) => {
  const el = akar.querySelector(".rinci-wilayah");
  if (el) return el;
  for (const x of akar.querySelectorAll("*")) {
    if (x.shadowRoot) { const r = cari(x.shadowRoot); if (r) return r; }
  }
  return null;
};
if (cb_obj.text && cb_obj.text.includes("judul-rinci")) {
  const el = cari(document);
  if (el) setTimeout(() => el.scrollIntoView({behavior: "smooth", block: "nearest"}), 0);
}
"""
"""Browser code run when the drill-down title changes: scroll the drill-down into view."""

_TREN = (
    ("p0", "P0 (persen)", lambda x: fmt.persen(x)),
    ("p1", "P1 (indeks kedalaman)", lambda x: fmt.angka(x, 2)),
    ("p2", "P2 (indeks keparahan)", lambda x: fmt.angka(x, 2)),
)


class RincianWilayah:
    """The drill-down column (``kolom``) of one session."""

    def __init__(self, sesi: SesiPeringkat) -> None:
        self.sesi = sesi
        self.judul = html(teks("rinci_kosong"), css_classes=["judul-rincian"])
        self.judul.jscallback(text=GULIR_KE_RINCIAN)  # the Bokeh property behind ``object``
        self.peringkat: pn.pane.HTML | None = None  # built when a region is first selected
        self.mengapa: pn.pane.HTML | None = None  # "why is this rank uncertain?", likewise
        self.kolom = pn.Column(
            self.judul, sizing_mode="stretch_width", css_classes=["rinci-wilayah"]
        )

    def kosongkan(self) -> None:
        self.judul.object = teks("rinci_kosong")
        self.kolom.objects = [self.judul]

    def perbarui_peringkat(self) -> None:
        """Refresh the ranking part only (after a re-ranking)."""
        kode = self.sesi.kode_terpilih
        if kode is None:
            return
        isi = teks_rinci.peringkat_wilayah(self.sesi, kode)
        if self.peringkat is None:
            self.peringkat = html(isi, css_classes=["rinci-peringkat"])
        else:
            self.peringkat.object = isi
        mengapa = teks_rinci.mengapa_tidak_pasti(self.sesi, kode)
        if self.mengapa is None:
            self.mengapa = html(mengapa, css_classes=["mengapa-tidak-pasti"])
        else:
            self.mengapa.object = mengapa

    def isi(self) -> None:
        """Show the selected region (or the empty hint)."""
        kode, d = self.sesi.kode_terpilih, self.sesi.data
        if kode is None or d is None:
            self.kosongkan()
            return
        nama = self._nama(kode)
        url = url_laporan_wilayah(self.sesi.folder, d.folder, kode)
        dokumen = dokumen_wilayah(self.sesi.folder, d.folder, kode)
        hasil = muat_hasil_wilayah(d.folder, kode)
        seri = muat_seri_wilayah(d.folder, kode)
        with pn.io.hold():  # one message: the title never shows before the rest
            self.perbarui_peringkat()
            assert self.peringkat is not None and self.mengapa is not None  # built just above
            objek: list = [
                self.judul,
                self.peringkat,
                self.mengapa,
                self._klasifikasi(hasil, kode),
            ]
            if seri is not None:
                objek.append(_tren(seri, hasil, nama))
            self.kolom.objects = objek
            self.judul.object = teks("judul_rinci", kode, nama, url, d.tahun, dokumen)

    def _nama(self, kode: str) -> str:
        t = self.sesi.baris_kini()
        nama = t.loc[t["kode_wilayah"] == kode, "nama"]
        return str(nama.iloc[0]) if len(nama) else kode

    @staticmethod
    def _klasifikasi(hasil: HasilWilayah | None, kode: str) -> pn.pane.HTML:
        if hasil is None:
            return html(teks("hasil_tidak_ada", kode))
        return html(teks_rinci.klasifikasi(hasil, kode), css_classes=["klasifikasi"])


def _grafik_tren(seri, tren: tuple[str, str, Callable], peran: dict[str, str]):
    ind, label, fungsi = tren
    df = seri[ind].to_dataframe().reset_index()[["peran", "tahun", ind]]
    df["wilayah"] = df["peran"].map(peran)
    df = df.rename(columns={ind: "nilai"})
    if df["nilai"].notna().sum() == 0:
        return html(teks("tanpa_data_grafik"))
    warna = dict(zip(peran.values(), (PALET["wilayah"], PALET["provinsi"], PALET["indonesia"])))
    obj = grafik_tren(
        df,
        urutan=list(peran.values()),
        warna=warna,
        format_nilai=fungsi,
        label_y=label,
        judul=f"{label}: wilayah, provinsi, Indonesia",
        lebar=460,
        tinggi=300,
    )
    spes = {**siapkan_spesifikasi(obj.spesifikasi), "$schema": SKEMA_VEGALITE_PANEL}
    return pn.pane.Vega(spes, css_classes=[f"tren-{ind}", "grafik-vega"], sizing_mode="fixed")


def _tren(seri, hasil: HasilWilayah | None, nama: str) -> pn.Column:
    """P0/P1/P2 tabs: region vs province vs Indonesia; a tab's chart is built when first shown."""
    peran = {
        "wilayah": nama,
        "provinsi": hasil.meta.provinsi if hasil is not None else "Provinsi",
        "nasional": "Indonesia",
    }
    daftar = [t for t in _TREN if t[0] in seri]
    if not daftar:
        return pn.Column(html(teks("catatan_tren")), sizing_mode="stretch_width")
    tab = pn.Tabs(
        (daftar[0][0].upper(), _grafik_tren(seri, daftar[0], peran)),
        *[(ind.upper(), html("…")) for ind, _, _ in daftar[1:]],
        sizing_mode="stretch_width",
    )
    dibuat = {0}

    def saat_tab(event) -> None:
        i = event.new
        if i is not None and i not in dibuat and 0 <= i < len(daftar):
            dibuat.add(i)
            tab[i] = (daftar[i][0].upper(), _grafik_tren(seri, daftar[i], peran))

    tab.param.watch(saat_tab, "active")
    return pn.Column(tab, html(teks("catatan_tren")), sizing_mode="stretch_width")
