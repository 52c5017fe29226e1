"""The provincial ranking run: gather inputs, rank (one entry point), write the published files.

Inputs per kabupaten/kota, joined on the BPS code only:

- ``statistik`` (and ``bnba`` when no separate file is given): the ``kinerja`` block of each
  region's evaluation result (:class:`analisis.kontrak.HasilWilayah`), read, never recomputed;
- ``evaluator``: the filled evaluator template (:func:`~analisis.peringkat.templat.baca_evaluator`);
- ``anggaran``: the budget file (:func:`analisis.anggaran.indikator_peringkat`);
- ``bnba``: publishable BNBA data-quality aggregates per region, a CSV with ``kode_wilayah``
  and the indicator columns (as written by ``analisis bnba cek``).

The framework and the inputs for a province and year come from its parameter file
(``peringkat.kerangka``, ``peringkat.masukan.<tahun>``) unless given explicitly. A source that is
not provided is reported; the framework's missing-data policy decides what that means.

Outputs (paths from the reports layout, ``<laporan>/<XX00>/<tahun>/peringkat/``):
``peringkat.json`` (:class:`analisis.kontrak.PeringkatProvinsi`, what the site, the app and the
documents read; with the sensitivity and coherence results under ``sensitivitas`` and
``koherensi``), ``peringkat.csv``, ``peringkat.xlsx``, ``kontribusi.csv`` (each with the
caveats), and the HTML report of ``notebooks/peringkat_provinsi.ipynb``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from analisis.data.wilayah import kode_provinsi_baku, nama_wilayah, wilayah_provinsi
from analisis.galat import GalatAnalisis
from analisis.kontrak import (
    HasilWilayah,
    PeringatanPeringkat,
    PeringkatProvinsi,
    nilai_json,
    sha256_kerangka,
)
from analisis.kontrak.peringkat import MetaPeringkat
from analisis.peringkat.indeks import HasilPeringkat
from analisis.peringkat.kerangka import AKHIRAN_SE, Kerangka, muat_kerangka
from analisis.peringkat.robust import HasilRobust
from analisis.proyek import Proyek
from analisis.tata_letak import FolderTahun

if TYPE_CHECKING:
    # Imported where the ranking is computed (hitung_peringkat): it pulls in the sensitivity
    # analysis (SALib, scipy.stats; ~1 CPU-s), which the runner's worker that only hands the
    # ranking notebook to its kernel (jalankan_peringkat) and the site never use.
    from analisis.peringkat.entri import Susunan

NAMA_NOTEBOOK = "peringkat_provinsi"
PENANDA_CONTOH = ("contoh", "sintetis")


@dataclass
class MasukanPeringkat:
    """The joined indicator table and where each part came from."""

    data: pd.DataFrame
    sumber: dict[str, str]
    catatan: list[str] = field(default_factory=list)
    contoh: list[str] = field(default_factory=list)
    """Input sources that are fictional examples (CONTOH) or synthetic (SINTETIS)."""


def _folder(provinsi: str, tahun: int, proyek: Proyek) -> FolderTahun:
    return proyek.tata_letak.tahun(provinsi, tahun)


def periksa_hasil_evaluasi(provinsi: str, tahun: int, proyek: Proyek) -> FolderTahun:
    """The province-year folder; a clear error naming regions without an evaluation result."""
    ft = _folder(provinsi, tahun, proyek)
    hilang = [k for k in wilayah_provinsi(ft.kode_provinsi) if not ft.hasil_json(k).exists()]
    if hilang:
        nama = ", ".join(f"{nama_wilayah(k)} ({k})" for k in hilang)
        raise GalatAnalisis(
            f"Hasil evaluasi belum ada untuk {len(hilang)} kabupaten/kota: {nama}. Jalankan "
            f"'analisis jalankan --provinsi {ft.kode_provinsi[:2]} --tahun {tahun}' (atau "
            "'analisis evaluasi') lebih dulu.",
            kode_keluar=3,
        )
    return ft


def _kode_sumber(kerangka: Kerangka, sumber: str) -> list[str]:
    return [i.kode for d in kerangka.dimensi for i in d.indikator if i.sumber == sumber]


def _contoh(path: Path) -> bool:
    """An input marked as example/synthetic in its name (or, for CSV, its content)."""
    if any(p in path.name.lower() for p in PENANDA_CONTOH):
        return True
    if path.suffix.lower() == ".csv":
        try:
            awal = path.read_bytes()[:65536].decode("utf-8", "replace").lower()
        except OSError:
            return False
        return any(p in awal for p in PENANDA_CONTOH)
    return False


def _baca_hasil(ft: FolderTahun) -> dict[str, HasilWilayah]:
    """Every region's evaluation result, read once (in the province's region order)."""
    return {k: HasilWilayah.baca(ft.hasil_json(k)) for k in wilayah_provinsi(ft.kode_provinsi)}


def _dari_hasil(
    semua: dict[str, HasilWilayah], kerangka: Kerangka, dengan_bnba: bool
) -> pd.DataFrame:
    kolom = _kode_sumber(kerangka, "statistik") + (
        _kode_sumber(kerangka, "bnba") if dengan_bnba else []
    )
    baris = []
    for k, hasil in semua.items():
        nilai = {c: hasil.kinerja.nilai(c) for c in kolom}
        # Standard errors of the precision model (analisis.metode.presisi) or of imported BPS
        # RSE, computed by the evaluation: the Monte Carlo's sampling noise.
        se = {f"{c}{AKHIRAN_SE}": hasil.kinerja.nilai(f"{c}{AKHIRAN_SE}") for c in kolom}
        baris.append({"kode_wilayah": k, **nilai, **{c: v for c, v in se.items() if v is not None}})
    return pd.DataFrame(baris).set_index("kode_wilayah")


def _bnba_sintetis(semua: dict[str, HasilWilayah]) -> list[str]:
    """Regions whose BNBA summary in the evaluation result comes from a SYNTHETIC extract."""
    return [k for k, hasil in semua.items() if hasil.bnba.get("sintetis")]


def kumpulkan_masukan(
    provinsi: str,
    tahun: int,
    proyek: Proyek,
    kerangka: Kerangka,
    *,
    evaluator: Path | None = None,
    anggaran: Path | None = None,
    bnba: Path | None = None,
) -> MasukanPeringkat:
    """Join the four sources on ``kode_wilayah`` for every kab/kota of the province."""
    ft = periksa_hasil_evaluasi(provinsi, tahun, proyek)
    semua = _baca_hasil(ft)
    data = _dari_hasil(semua, kerangka, dengan_bnba=bnba is None)
    sumber = {"statistik": "hasil evaluasi wilayah (hasil/<kode>.json)"}
    catatan: list[str] = []
    contoh: list[str] = []
    if evaluator:
        from analisis.peringkat.templat import baca_evaluator

        ev = baca_evaluator(evaluator, ft.kode_provinsi, int(tahun), kerangka)
        kolom = [c for c in _kode_sumber(kerangka, "evaluator") if c in ev.data.columns]
        data = data.join(ev.data[kolom], how="left")
        sumber["evaluator"] = proyek.relatif(evaluator)
        if _contoh(Path(evaluator)):
            contoh.append("evaluator")
    else:
        catatan.append("masukan evaluator (pelaporan dan kelembagaan) tidak diberikan")
    if anggaran:
        from analisis.anggaran import (
            baca_anggaran_tersimpan,
            indikator_peringkat_tersimpan,
            muat_konfigurasi,
        )

        konf = muat_konfigurasi(proyek=proyek)  # the ranked project's clusters, not the cwd's
        ag = baca_anggaran_tersimpan(anggaran, konfigurasi=konf)
        ind = indikator_peringkat_tersimpan(anggaran, int(tahun), konfigurasi=konf)
        kolom = [c for c in _kode_sumber(kerangka, "anggaran") if c in ind.columns]
        data = data.join(ind[kolom], how="left")
        sumber["anggaran"] = proyek.relatif(anggaran)
        if bool(getattr(ag, "contoh", False)) or _contoh(Path(anggaran)):
            contoh.append("anggaran")
    else:
        catatan.append("masukan anggaran (komitmen anggaran) tidak diberikan")
    kolom_bnba = _kode_sumber(kerangka, "bnba")
    if bnba:
        kd = pd.read_csv(bnba, dtype={"kode_wilayah": str}, comment="#")
        kolom = [c for c in kolom_bnba if c in kd.columns]
        data = data.join(kd.set_index("kode_wilayah")[kolom], how="left")
        sumber["bnba"] = proyek.relatif(bnba)
        if _contoh(Path(bnba)):
            contoh.append("BNBA")
    elif kolom_bnba and data[[c for c in kolom_bnba if c in data.columns]].notna().any().any():
        sumber["bnba"] = "ringkasan BNBA dalam hasil evaluasi wilayah"
        sintetis = _bnba_sintetis(semua)
        if sintetis:
            contoh.append(f"BNBA (SINTETIS: {', '.join(nama_wilayah(k) for k in sintetis)})")
        tanpa = [k for k in data.index if data.loc[k, kolom_bnba].isna().all()]
        if tanpa:
            catatan.append(f"ringkasan kualitas data BNBA tidak ada untuk {len(tanpa)} wilayah")
    else:
        catatan.append("ringkasan kualitas data BNBA tidak diberikan")
    # Indicators of a source that was not given stay empty columns: the framework's
    # missing-data policy then decides, visibly, what that means (never an imputed value).
    for kode in kerangka.kode_indikator:
        if kode not in data.columns:
            data[kode] = float("nan")
    data.insert(0, "wilayah", [nama_wilayah(k) for k in data.index])
    return MasukanPeringkat(data=data, sumber=sumber, catatan=catatan, contoh=contoh)


@dataclass
class HasilRangking:
    """The ranking of one province-year: inputs, the entry point's result, caveats, metadata."""

    masukan: MasukanPeringkat
    susunan: Susunan
    meta: MetaPeringkat
    peringatan: PeringatanPeringkat

    @property
    def kerangka(self) -> Kerangka:
        return self.susunan.kerangka

    @property
    def indeks(self) -> HasilPeringkat:
        return self.susunan.indeks

    @property
    def robust(self) -> HasilRobust:
        return self.susunan.robust

    def tabel(self) -> pd.DataFrame:
        """The published ranking table (one row layout: :data:`analisis.kontrak.KOLOM_BARIS`)."""
        return self.susunan.tabel()

    def kontrak(self) -> PeringkatProvinsi:
        """The published file ``peringkat.json``."""
        masukan = self.masukan.data.reset_index()
        return PeringkatProvinsi(
            meta=self.meta,
            kerangka=self.kerangka,
            kerangka_sha256=sha256_kerangka(self.kerangka),
            peringatan=self.peringatan,
            bobot_efektif=self.susunan.bobot_efektif,
            baris=self.susunan.baris,
            pasangan_tidak_robust=self.susunan.pasangan,
            masukan=[nilai_json(r) for r in masukan.to_dict("records")],
            sensitivitas=self.tersimpan[0],
            koherensi=self.tersimpan[1],
        )

    @cached_property
    def tersimpan(self) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
        """The ``sensitivitas`` and ``koherensi`` parts of ``peringkat.json``, built once (the
        file and the notebook's displays show the same data; treat them as read-only)."""
        s, k = self.susunan.sensitivitas, self.susunan.koherensi
        return (s.ke_json() if s else None, k.ke_json() if k else None)


def peringatan_dari(m: MasukanPeringkat, s: Susunan) -> PeringatanPeringkat:
    """The caveats of a ranking from its inputs and result."""
    return PeringatanPeringkat(
        bobot_tidak_resmi=True,
        masukan_contoh=list(m.contoh),
        sumber_tidak_diberikan=list(m.catatan),
        dimensi_tanpa_data=list(s.dimensi_tanpa_data),
        wilayah_data_tidak_lengkap=list(s.wilayah_tidak_lengkap),
        hanya_dimensi_hasil=s.hanya_dimensi_hasil,
    )


def hitung_peringkat(
    provinsi: str,
    tahun: int,
    *,
    proyek: Proyek | None = None,
    kerangka: str | Path | Kerangka | None = None,
    evaluator: str | Path | None = None,
    anggaran: str | Path | None = None,
    bnba: str | Path | None = None,
    gunakan_bawaan: bool = True,
    jumlah_iterasi: int | None = None,
    benih: int | None = None,
    dengan_sensitivitas: bool = True,
) -> HasilRangking:
    """Rank the province's kab/kota for ``tahun`` (framework and inputs default to the
    province parameter file; ``benih``/``jumlah_iterasi`` default to the framework's).

    ``dengan_sensitivitas`` adds the sensitivity and coherence analyses published in
    ``peringkat.json`` (off for the input check before the notebook runs)."""
    from analisis.evaluasi.params import muat_params
    from analisis.peringkat.entri import susun_peringkat

    proyek = proyek or Proyek.muat()
    kp = kode_provinsi_baku(provinsi)
    params = muat_params(provinsi=kp, proyek=proyek) if gunakan_bawaan else None
    if not isinstance(kerangka, Kerangka):
        berkas_k = (
            Path(kerangka) if kerangka else (params.berkas_kerangka(proyek) if params else None)
        )
        kerangka = muat_kerangka(berkas_k, proyek=proyek, untuk_peringkat=True)
    bawaan = params.masukan_peringkat(tahun, proyek) if params else {}
    m = kumpulkan_masukan(
        kp,
        tahun,
        proyek,
        kerangka,
        evaluator=Path(evaluator) if evaluator else bawaan.get("evaluator"),
        anggaran=Path(anggaran) if anggaran else bawaan.get("anggaran"),
        bnba=Path(bnba) if bnba else bawaan.get("bnba"),
    )
    # A whole source missing for every region: rank on the dimensions that have data and say so.
    s = susun_peringkat(
        m.data,
        kerangka,
        izinkan_dimensi_hilang=True if m.catatan else None,
        jumlah_iterasi=jumlah_iterasi,
        benih=benih,
        dengan_sensitivitas=dengan_sensitivitas,
    )
    meta = MetaPeringkat(
        kode_provinsi=kp,
        provinsi=nama_wilayah(kp),
        tahun=int(tahun),
        sumber=m.sumber,
        parameter_robust=s.parameter,
        versi_analisis=version("analisis"),
        dibuat=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    return HasilRangking(masukan=m, susunan=s, meta=meta, peringatan=peringatan_dari(m, s))


def baris_catatan(h: PeringkatProvinsi) -> list[str]:
    """The caveats as note lines for the downloads (CSV comment lines, XLSX note sheet)."""
    return [
        f"Peringkat kinerja TKPK {h.meta.provinsi} {h.meta.tahun}; kerangka '{h.kerangka.nama}'.",
        *h.peringatan.kalimat(h.kerangka),
    ]


def simpan_peringkat(h: HasilRangking, proyek: Proyek | None = None) -> dict[str, Path]:
    """Write peringkat.json/.csv/.xlsx and kontribusi.csv atomically (each with the caveats;
    the XLSX also holds the stored sensitivity and coherence tables and their settings)."""
    from analisis.laporan.unduhan import tulis_csv, tulis_xlsx
    from analisis.peringkat.uraian_sensitivitas import catatan_unduhan, lembar_unduhan

    proyek = proyek or Proyek.muat()
    ft = _folder(h.meta.kode_provinsi, h.meta.tahun, proyek)
    kontrak = h.kontrak()
    catatan = baris_catatan(kontrak)
    p_json = kontrak.tulis(ft.peringkat_json)
    tabel = h.tabel()
    nama_dim = {d.kode: d.nama for d in kontrak.kerangka.dimensi}
    p_csv = tulis_csv(tabel, ft.peringkat_csv, catatan)
    p_xlsx = tulis_xlsx(
        {"Peringkat": tabel, **lembar_unduhan(kontrak.sensitivitas, kontrak.koherensi, nama_dim)},
        ft.peringkat_xlsx,
        catatan + catatan_unduhan(kontrak.sensitivitas, kontrak.koherensi),
    )
    p_kon = tulis_csv(h.indeks.kontribusi, ft.kontribusi_csv, catatan)
    return {"json": p_json, "csv": p_csv, "xlsx": p_xlsx, "kontribusi": p_kon}


def judul_laporan(nama_provinsi: str, tahun: int) -> str:
    """The title of a province's ranking report (its HTML ``<title>``)."""
    return f"Peringkat kinerja TKPK {nama_provinsi} {tahun}"


def parameter_notebook(kp: str, tahun: int, proyek: Proyek, opsi: dict[str, Any]) -> dict[str, Any]:
    """The ranking notebook's parameters (absolute folders and files)."""

    def mutlak(p: object) -> str | None:
        return str(Path(str(p)).resolve()) if p else None

    return {
        "kode_provinsi": kp,
        "tahun": int(tahun),
        "folder_laporan": str(proyek.laporan),
        "folder_params": str(proyek.params),
        "berkas_kerangka": mutlak(opsi.get("kerangka")),
        "berkas_evaluator": mutlak(opsi.get("evaluator")),
        "berkas_anggaran": mutlak(opsi.get("anggaran")),
        "berkas_bnba": mutlak(opsi.get("bnba")),
        "jumlah_iterasi": opsi.get("jumlah_iterasi"),
        "benih": opsi.get("benih"),
    }


def jalankan_peringkat(
    provinsi: str,
    tahun: int,
    *,
    proyek: Proyek | None = None,
    kerangka: str | Path | None = None,
    evaluator: str | Path | None = None,
    anggaran: str | Path | None = None,
    bnba: str | Path | None = None,
    jumlah_iterasi: int | None = None,
    benih: int | None = None,
    km: Any = None,
    kc: Any = None,
    kernel: str = "python3",
) -> dict[str, Path]:
    """Execute ``notebooks/peringkat_provinsi.ipynb`` and export its HTML report.

    Returns the written files (``html`` plus the JSON/CSV/XLSX the notebook saved). Without
    ``km`` the inputs are validated first, before a kernel starts; in an already started kernel
    (``km``, the runner's warm worker kernel) the notebook's first call is that same check, and
    repeating it in this process first (its imports, the input files read, one Monte Carlo
    draw: ~0.6 s, a quarter of the stage) would only delay the ranking. ``kc``: a ready client
    of ``km`` to reuse (:func:`analisis.notebook.eksekusi`), as the runner's worker passes.
    """
    from analisis.laporan.ekspor import ekspor_html
    from analisis.notebook import eksekusi

    proyek = proyek or Proyek.muat()
    kp = kode_provinsi_baku(provinsi)
    opsi: dict[str, Any] = {
        "kerangka": kerangka,
        "evaluator": evaluator,
        "anggaran": anggaran,
        "bnba": bnba,
        "jumlah_iterasi": jumlah_iterasi,
        "benih": benih,
    }
    if km is None:
        # Every input checked before a kernel starts (one Monte Carlo draw and no sensitivity
        # analysis is enough for that).
        hitung_peringkat(
            kp,
            tahun,
            proyek=proyek,
            kerangka=kerangka,
            evaluator=evaluator,
            anggaran=anggaran,
            bnba=bnba,
            jumlah_iterasi=1,
            dengan_sensitivitas=False,
        )
    ft = _folder(kp, tahun, proyek)
    nama = nama_wilayah(kp)
    nb = eksekusi(
        NAMA_NOTEBOOK,
        parameter_notebook(kp, tahun, proyek, opsi),
        proyek=proyek,
        konteks=f"Peringkat {nama} {tahun}",
        km=km,
        kc=kc,
        kernel=kernel,
    )
    html = ekspor_html(
        nb,
        ft.peringkat_html,
        proyek.tata_letak.static,
        judul=judul_laporan(nama, tahun),
    )
    return {
        "html": html,
        "json": ft.peringkat_json,
        "csv": ft.peringkat_csv,
        "xlsx": ft.peringkat_xlsx,
        "kontribusi": ft.kontribusi_csv,
    }


def peringkat_untuk_notebook(
    kode_provinsi: object,
    tahun: object,
    *,
    folder_laporan: object = None,
    folder_params: object = None,
    berkas_kerangka: object = None,
    berkas_evaluator: object = None,
    berkas_anggaran: object = None,
    berkas_bnba: object = None,
    jumlah_iterasi: object = None,
    benih: object = None,
) -> HasilRangking:
    """The ranking notebook's one call: rank and save where ``analisis jalankan`` writes
    (folders left ``None`` are the project's defaults, whatever folder the kernel started in).

    The keyword names are the notebook's parameters: a name papermill injected that is not one
    of them, or a wrong value, stops here with one Indonesian line
    (:mod:`analisis.parameter_notebook`)."""
    from analisis import parameter_notebook as pn

    pn.periksa_nama_papermill(peringkat_untuk_notebook)
    kp = pn.kode_provinsi(kode_provinsi, "kode_provinsi")
    th = pn.tahun(tahun, "tahun")
    berkas = {
        nama: pn.berkas(nilai, f"berkas_{nama}")
        for nama, nilai in (
            ("kerangka", berkas_kerangka),
            ("evaluator", berkas_evaluator),
            ("anggaran", berkas_anggaran),
            ("bnba", berkas_bnba),
        )
    }
    iterasi = pn.bilangan_bulat(jumlah_iterasi, "jumlah_iterasi", minimal=1)
    benih_ = pn.bilangan_bulat(benih, "benih", minimal=0)
    proyek = Proyek.muat(
        laporan=pn.folder(folder_laporan, "folder_laporan"),
        params=pn.folder(folder_params, "folder_params", harus_ada=True),
    )
    h = hitung_peringkat(
        kp,
        th,
        proyek=proyek,
        kerangka=berkas["kerangka"],
        evaluator=berkas["evaluator"],
        anggaran=berkas["anggaran"],
        bnba=berkas["bnba"],
        jumlah_iterasi=iterasi,
        benih=benih_,
    )
    simpan_peringkat(h, proyek)
    return h
