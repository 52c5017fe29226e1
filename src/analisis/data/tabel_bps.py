"""The BPS dynamic tables that hold the evaluation's poverty series, on the website and WebAPI.

All are tables of the national domain (``0000``), 2004 onwards:

- by kab/kota (vars 619, 621–624): every kabupaten/kota and every province of Indonesia (the
  province rows are bold labels, e.g. ``<b>KALIMANTAN BARAT</b>``), one value a year (March);
- by province and area (vars 185, 192, 195, 503, 504): every province and ``INDONESIA``, by
  area (urban, rural, total) and semester (March, September).

:func:`tabel_untuk` picks the table for a region and indicator; :attr:`TabelBps.url` is the page
to download it by hand, :meth:`TabelBps.alamat_webapi` the WebAPI request for one year
(``th`` = year − 1900, as the WebAPI numbers years).
"""

from __future__ import annotations

import base64
import urllib.parse
from dataclasses import dataclass

ALAMAT_SITUS = "https://www.bps.go.id/id/statistics-table/2/{kode}/{slug}.html"
ALAMAT_WEBAPI = (
    "https://webapi.bps.go.id/v1/api/list/model/data/lang/ind/domain/{domain}/var/{var}"
    "/th/{th}/key/{token}/"
)
DOMAIN_NASIONAL = "0000"
KODE_NASIONAL = "0000"


@dataclass(frozen=True)
class TabelBps:
    """One BPS dynamic table (a WebAPI variable)."""

    indikator: str
    var: int
    judul: str
    slug: str
    nasional: bool = False
    """True: by province and area (holds Indonesia); False: by kab/kota (and province)."""
    domain: str = DOMAIN_NASIONAL

    @property
    def url(self) -> str:
        """The table's page on the BPS website (where analysts download it by hand)."""
        kode = base64.b64encode(f"{self.var}#2".encode()).decode()
        return ALAMAT_SITUS.format(kode=kode, slug=self.slug)

    def alamat_webapi(self, tahun: int, token: str) -> str:
        """The WebAPI request for one year of the table."""
        return ALAMAT_WEBAPI.format(
            domain=self.domain,
            var=self.var,
            th=th_webapi(tahun),
            token=urllib.parse.quote(token, safe=""),
        )

    @property
    def keterangan_webapi(self) -> str:
        return f"WebAPI domain {self.domain} var {self.var}"


def th_webapi(tahun: int) -> int:
    """The WebAPI's code of a year (2023 → 123)."""
    return int(tahun) - 1900


TABEL_KABKOTA: dict[str, TabelBps] = {
    t.indikator: t
    for t in (
        TabelBps(
            "p0",
            621,
            "Persentase Penduduk Miskin (P0) Menurut Kabupaten/Kota",
            "persentase-penduduk-miskin--p0--menurut-kabupaten-kota",
        ),
        TabelBps(
            "jumlah_penduduk_miskin",
            619,
            "Jumlah Penduduk Miskin (Ribu Jiwa) Menurut Kabupaten/Kota",
            "jumlah-penduduk-miskin--ribu-jiwa--menurut-kabupaten-kota",
        ),
        TabelBps(
            "p1",
            622,
            "Indeks Kedalaman Kemiskinan (P1) Menurut Kabupaten/Kota",
            "indeks-kedalaman-kemiskinan--p1--menurut-kabupaten-kota",
        ),
        TabelBps(
            "p2",
            623,
            "Indeks Keparahan Kemiskinan (P2) Menurut Kabupaten/Kota",
            "indeks-keparahan-kemiskinan--p2--menurut-kabupaten-kota",
        ),
        TabelBps(
            "garis_kemiskinan",
            624,
            "Garis Kemiskinan Menurut Kabupaten/Kota",
            "garis-kemiskinan-menurut-kabupaten-kota",
        ),
    )
}
TABEL_NASIONAL: dict[str, TabelBps] = {
    t.indikator: t
    for t in (
        TabelBps(
            "p0",
            192,
            "Persentase Penduduk Miskin (P0) Menurut Provinsi dan Daerah",
            "persentase-penduduk-miskin--p0--menurut-provinsi-dan-daerah",
            nasional=True,
        ),
        TabelBps(
            "jumlah_penduduk_miskin",
            185,
            "Jumlah Penduduk Miskin (Ribu Jiwa) Menurut Provinsi dan Daerah",
            "jumlah-penduduk-miskin--ribu-jiwa--menurut-provinsi-dan-daerah",
            nasional=True,
        ),
        TabelBps(
            "p1",
            503,
            "Indeks Kedalaman Kemiskinan (P1) Menurut Provinsi dan Daerah",
            "indeks-kedalaman-kemiskinan--p1--menurut-provinsi-dan-daerah",
            nasional=True,
        ),
        TabelBps(
            "p2",
            504,
            "Indeks Keparahan Kemiskinan (P2) Menurut Provinsi dan Daerah",
            "indeks-keparahan-kemiskinan--p2--menurut-provinsi-dan-daerah",
            nasional=True,
        ),
        TabelBps(
            "garis_kemiskinan",
            195,
            "Garis Kemiskinan (Rupiah/Kapita/Bulan) Menurut Provinsi dan Daerah",
            "garis-kemiskinan-rupiah-kapita-bulan-menurut-provinsi-dan-daerah",
            nasional=True,
        ),
    )
}


def tabel_untuk(kode_wilayah: str, indikator: str) -> TabelBps | None:
    """The table holding ``indikator`` for a region: Indonesia from the table by province, a
    province or kab/kota from the table by kab/kota; None when no table is known."""
    daftar = TABEL_NASIONAL if kode_wilayah == KODE_NASIONAL else TABEL_KABKOTA
    return daftar.get(indikator)
