"""The sidebar of the ranking page (Panel): what to open, the weights, and the downloads.

Province and year (only those in the reports folder), one weight slider per dimension of the
open framework (disabled for a dimension without data, named, never coded), the normalisation,
a reset button, the weights summary with the status — or why the weights cannot be used — and
the CSV/XLSX downloads (disabled while the weights are invalid). On a narrow screen the sidebar
is hidden until the "Pengaturan" button (:attr:`Samping.tombol`) opens it.

The sidebar only shows the session (:class:`~analisis.aplikasi.sesi.SesiPeringkat`) and
reports what the user did to the page through the callbacks it is given. Its layout
(:attr:`Samping.kolom`) exists from the start; its widgets and button are built by
:meth:`Samping.bangun`, which the page calls after a session's first document (see
:mod:`~analisis.aplikasi.tunda`): until then :meth:`~Samping.selaraskan` and
:meth:`~Samping.segarkan` do nothing, and ``bangun`` shows the session as it is then.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import panel as pn

from analisis.aplikasi.fragmen import teks
from analisis.aplikasi.komponen import atur_slider, html, tata_letak
from analisis.aplikasi.sesi import SesiPeringkat
from analisis.aplikasi.ulang import PILIHAN_NORMALISASI
from analisis.laporan import format as fmt
from analisis.laporan.grafik import format_sumbu


def _ms(detik: float | None) -> str:
    return fmt.NILAI_KOSONG if detik is None else f"{fmt.angka(detik * 1000, 0)} ms"


def _tanggal(iso: str) -> str:
    """``2026-12-02T08:15:00+00:00`` → ``2 Desember 2026`` (the date a ranking was made)."""
    from datetime import date

    from babel.dates import format_date

    try:
        return format_date(date.fromisoformat(iso[:10]), format="long", locale="id")
    except ValueError:
        return iso


class Samping:
    """The sidebar of one session: ``kolom`` (its layout) and ``tombol`` (opens it on a narrow
    screen; built with the widgets, as there is nothing to open before). ``saat_ganti(kode,
    tahun)``, ``saat_bobot()`` and ``saat_reset()`` are called when the user picks a
    province-year, moves a weight or the normalisation, or resets."""

    def __init__(
        self,
        sesi: SesiPeringkat,
        *,
        saat_ganti: Callable[[str, int | None], None],
        saat_bobot: Callable[[], None],
        saat_reset: Callable[[], None],
    ) -> None:
        self.sesi = sesi
        self._saat_ganti, self._saat_bobot, self._saat_reset = saat_ganti, saat_bobot, saat_reset
        self._sibuk = False  # programmatic widget changes do not trigger callbacks
        self.dibangun = False
        self.slider: dict[str, pn.widgets.FloatSlider] = {}
        self.tombol: pn.widgets.Button | None = None
        self.kolom = pn.Column(
            width=310, margin=0, css_classes=["samping"], stylesheets=[tata_letak()]
        )

    def bangun(self) -> None:
        """Build the widgets from the session and put them into :attr:`kolom` (once)."""
        if self.dibangun:
            return
        self.tombol = pn.widgets.Button(
            label="☰ Pengaturan: bobot, normalisasi, unduhan",
            sizing_mode="stretch_width",
            css_classes=["tombol-samping"],
            stylesheets=[tata_letak()],
        )
        self.tombol.on_click(self._saat_tombol)
        self._buat_pemilih()
        self.kolom_slider = pn.Column(sizing_mode="stretch_width", margin=0)
        self._selaraskan_slider()
        self.ringkas_bobot = html(css_classes=["ringkas-bobot"])
        self.judul_unduh = html(css_classes=["judul-unduh"])
        self.unduh_csv = _unduhan("Unduh CSV", lambda: io.BytesIO(self.sesi.isi_csv()))
        self.unduh_xlsx = _unduhan("Unduh XLSX", lambda: io.BytesIO(self.sesi.isi_xlsx()))
        self._pasang_pengamat()
        self.dibangun = True
        self.segarkan()
        self.kolom.objects = self._isi()

    # ------------------------------------------------------------------ widgets

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
                stylesheets=[tata_letak()],  # long names wrap instead of hiding the weight
            )
            s.param.watch(self._saat_slider, "value_throttled")
            self.slider[d.kode] = s
        self.kolom_slider.objects = list(self.slider.values())

    def _isi(self) -> list:
        return [
            self.pilih_provinsi,
            self.pilih_tahun,
            html(teks("bantuan_bobot")),
            self.kolom_slider,
            self.pilih_normalisasi,
            self.tombol_reset,
            self.ringkas_bobot,
            self.judul_unduh,
            self.unduh_csv,
            self.unduh_xlsx,
        ]

    def _pasang_pengamat(self) -> None:
        self.pilih_provinsi.param.watch(self._saat_provinsi, "value")
        self.pilih_tahun.param.watch(self._saat_tahun, "value")
        self.pilih_normalisasi.param.watch(self._saat_slider, "value")
        self.tombol_reset.on_click(lambda _e: self._saat_reset())

    # ------------------------------------------------------------------ callbacks

    def _saat_provinsi(self, event) -> None:
        if not self._sibuk:
            self._saat_ganti(event.new, None)

    def _saat_tahun(self, event) -> None:
        if not self._sibuk and event.new is not None:
            self._saat_ganti(self.pilih_provinsi.value, event.new)

    def _saat_slider(self, event=None) -> None:
        if not self._sibuk:
            self._saat_bobot()

    def _saat_tombol(self, event=None) -> None:
        kelas = list(self.kolom.css_classes)
        terbuka = "terbuka" in kelas
        self.kolom.css_classes = (
            [k for k in kelas if k != "terbuka"] if terbuka else [*kelas, "terbuka"]
        )

    def bobot(self) -> dict[str, float]:
        """The raw slider weights by dimension code."""
        return {k: float(s.value or 0.0) for k, s in self.slider.items()}

    @property
    def normalisasi(self) -> str:
        return str(self.pilih_normalisasi.value)

    # ------------------------------------------------------------------ from the session

    def selaraskan(self) -> None:
        """Selectors, sliders and normalisation to what the session has open (no callbacks)."""
        if not self.dibangun:
            return
        s = self.sesi
        self._sibuk = True
        try:
            self.pilih_provinsi.value = s.kode_provinsi
            self.pilih_tahun.options = s.tahun_untuk(s.kode_provinsi)
            self.pilih_tahun.value = s.tahun
            self.pilih_normalisasi.value = s.normalisasi
            self._selaraskan_slider()
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
                atur_slider(s, round(self.sesi.bobot.get(d.kode, 0.0), 2))
                s.disabled = d.kode in kosong
                s.label = d.nama + (" (tanpa data)" if d.kode in kosong else "")
        finally:
            self._sibuk = sibuk

    def segarkan(self) -> None:
        """The weights summary, the status and the downloads from the session."""
        if not self.dibangun:
            return
        self._segarkan_bobot()
        self._segarkan_unduhan()

    def _segarkan_bobot(self) -> None:
        s = self.sesi
        if s.data is None:
            self.ringkas_bobot.object = ""
            return
        ringkas = s.ringkas_bobot()
        baris = [
            {
                "kode": b.kode,
                "nama": b.nama,
                "ternormal": fmt.angka(b.ternormal, 3),
                "efektif": fmt.angka(b.efektif, 3) if s.sah else fmt.NILAI_KOSONG,
                "tanpa_data": b.tanpa_data,
            }
            for b in ringkas
        ]
        total = fmt.angka(sum(b.ternormal or 0.0 for b in ringkas), 3)
        self.ringkas_bobot.object = self._teks_status() + teks(
            "ringkas_bobot", baris, total, s.indikator_diganti()
        )

    def _teks_status(self) -> str:
        s = self.sesi
        if not s.sah:
            return teks("bobot_tidak_sah", s.galat_bobot)
        iterasi = s.parameter_robust().get("jumlah_iterasi")
        if s.hasil is None:
            teks_iterasi = fmt.angka(iterasi, 0) if iterasi else ""
            return teks("status_terbitan", teks_iterasi, _tanggal(s.data_dimuat.meta.dibuat))
        return teks(
            "status_disesuaikan",
            _ms(s.detik_hitung),
            _ms(s.hasil.detik_pustaka),
            fmt.angka(iterasi, 0),
        )

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
        return (
            f"Berisi {isi}, {jenis}; CSV untuk Excel berbahasa Indonesia (titik koma, desimal "
            "koma) dengan catatan kehati-hatian."
        )


def _unduhan(label: str, isi: Callable[[], io.BytesIO]) -> pn.widgets.FileDownload:
    return pn.widgets.FileDownload(
        callback=isi,
        filename="peringkat.csv",
        label=label,
        color="primary",
        sizing_mode="stretch_width",
    )
