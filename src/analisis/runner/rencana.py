"""The plan of a run: which kab/kota must run and why (cache keys, no side effects)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from analisis.galat import GalatAnalisis
from analisis.kontrak import Sidecar
from analisis.proyek import Proyek
from analisis.runner.kunci import (
    KomponenBersama,
    baca_sidecar,
    keluaran_berubah,
    komponen_berkas,
    komponen_berubah,
    komponen_wilayah,
    kunci_dari,
    parameter_kunci,
    sha256_berkas,
    sidik_jari_kode,
    sidik_jari_notebook,
)
from analisis.tata_letak import FolderTahun


@dataclass
class RencanaWilayah:
    kode_wilayah: str
    nama: str
    kode_provinsi: str
    tahun: int
    kunci: str
    komponen: dict
    jalankan: bool
    alasan: str
    sidecar: Sidecar | None


@dataclass
class ParamsRencana:
    """The params YAML of a province in a run, its sha256, and the files it points to that a
    region reads (key → path), per region."""

    path: Path
    sha256: str
    berkas_wilayah: dict[str, dict[str, Path]]


@dataclass
class Rencana:
    """The plan of a run: every kab/kota of the provinces, whether it must run and why."""

    proyek: Proyek
    provinsi: list[str]
    tahun: int
    diminta: list[str]
    semua: dict[str, RencanaWilayah]
    bersama: KomponenBersama
    params: dict[str, ParamsRencana]

    @property
    def dijalankan(self) -> list[RencanaWilayah]:
        return [self.semua[k] for k in self.diminta if self.semua[k].jalankan]

    @property
    def dari_cache(self) -> list[RencanaWilayah]:
        return [self.semua[k] for k in self.diminta if not self.semua[k].jalankan]

    def folder_tahun(self, kode_provinsi: str) -> FolderTahun:
        return self.proyek.tata_letak.tahun(kode_provinsi, self.tahun)


def daftar_provinsi_diminta(provinsi: str | Sequence[str]) -> list[str]:
    """``"63"``/``"6300"``/``["61", "63"]``/``"semua"`` → province codes ``XX00`` (validated)."""
    from analisis.data.wilayah import daftar_provinsi, daftar_provinsi_teks, kode_provinsi_baku

    daftar = [provinsi] if isinstance(provinsi, str) else list(provinsi)
    hasil: list[str] = []
    for p in daftar:
        teks = str(p).strip()
        if teks.lower() == "semua":
            kode = daftar_provinsi()
        else:
            try:
                kode = [kode_provinsi_baku(teks)]
            except GalatAnalisis:
                raise GalatAnalisis(
                    f"Provinsi '{teks}' tidak dikenal; gunakan kode BPS {daftar_provinsi_teks()} "
                    "atau 'semua'.",
                    2,
                ) from None
        hasil += [k for k in kode if k not in hasil]
    if not hasil:
        raise GalatAnalisis("Sebutkan minimal satu provinsi (kode BPS, mis. 63) atau 'semua'.", 2)
    return hasil


def _wilayah_diminta(provinsi: list[str], wilayah: Sequence[str] | None) -> list[str]:
    from analisis.data.wilayah import muat_wilayah, wilayah_provinsi

    semua = [k for kp in provinsi for k in wilayah_provinsi(kp)]
    if not wilayah:
        return semua
    w = muat_wilayah()
    hasil, salah = [], []
    for k in wilayah:
        for bagian in str(k).split(","):
            bagian = bagian.strip()
            if not bagian:
                continue
            if bagian in semua:
                if bagian not in hasil:
                    hasil.append(bagian)
            else:
                salah.append(bagian)
    if salah:
        prov = ", ".join(str(w.at[kp, "wilayah"]) for kp in provinsi)
        raise GalatAnalisis(
            f"Wilayah {', '.join(salah)} bukan kabupaten/kota di {prov}; gunakan kode BPS 4 digit "
            "(lihat 'analisis data wilayah').",
            2,
        )
    return sorted(hasil, key=semua.index)


def _params_provinsi(
    proyek: Proyek, kode_prov: str, berkas_params: str | Path | None
) -> ParamsRencana:
    """The province's params file, validated now (before any worker starts), and the files it
    points to for each region."""
    from analisis.data.wilayah import wilayah_provinsi
    from analisis.evaluasi.params import muat_params

    p = Path(berkas_params).resolve() if berkas_params else proyek.berkas_params_provinsi(kode_prov)
    if not p.is_file():
        raise GalatAnalisis(f"Berkas parameter tidak ditemukan: {p.name}", 3)
    params = muat_params(p, proyek=proyek)
    if params.provinsi != kode_prov:
        raise GalatAnalisis(
            f"Berkas parameter {p.name} untuk provinsi {params.provinsi}, bukan {kode_prov}.", 2
        )
    berkas = {k: params.berkas_wilayah(k, proyek) for k in wilayah_provinsi(kode_prov)}
    return ParamsRencana(p, sha256_berkas(p), berkas)


def _keputusan(
    paksa: bool, sc: Sidecar | None, kunci: str, komp: dict, ft: FolderTahun, kode: str
) -> tuple[bool, str]:
    """Whether a region must run, and why (Indonesian)."""
    if paksa:
        return True, "dipaksa (--paksa)"
    if sc is None:
        return True, "belum pernah dijalankan"
    if sc.status == "berjalan":
        return True, "jalan sebelumnya terputus"
    if sc.kunci != kunci:
        berubah = komponen_berubah(sc.komponen_kunci, komp)
        return True, "berubah: " + (", ".join(berubah) if berubah else "kunci cache")
    if sc.status != "berhasil":
        return True, "jalan sebelumnya gagal"
    # Its outputs, and every file its record vouches for (the downloads its run left).
    keluaran = list(dict.fromkeys([*ft.keluaran_wilayah(kode).values(), *sc.sha256_berkas]))
    berubah = keluaran_berubah(ft.folder, keluaran, sc.sha256_berkas)
    if berubah:
        hilang = [r for r in keluaran if not (ft.folder / r).is_file()]
        if hilang:
            return True, "keluaran hilang: " + ", ".join(hilang)
        if not sc.sha256_berkas:
            return True, "catatan cache tanpa sidik jari keluaran (versi lama)"
        return True, "keluaran berubah sejak jalan terakhir: " + ", ".join(berubah)
    return False, "tidak berubah (cache)"


def jumlah_pasti_dijalankan(
    provinsi: str | Sequence[str],
    tahun: int,
    proyek: Proyek,
    wilayah: Sequence[str] | None = None,
    paksa: bool = False,
) -> tuple[int, int]:
    """``(requested regions, regions that will run whatever their cache keys)``, read before
    the plan: with ``paksa`` every region, else those without a successful sidecar (never
    run, interrupted or failed: :func:`_keputusan` runs them before comparing keys). Lets
    the runner start its workers and kernels while the plan is still being made. Raises what
    :func:`rencanakan` raises for a wrong province or region."""
    from analisis.data.wilayah import provinsi_dari_wilayah

    diminta = _wilayah_diminta(daftar_provinsi_diminta(provinsi), wilayah)
    if paksa:
        return len(diminta), len(diminta)
    pasti = 0
    for kode in diminta:
        sc = baca_sidecar(proyek.tata_letak.tahun(provinsi_dari_wilayah(kode), int(tahun)), kode)
        pasti += sc is None or sc.status != "berhasil"
    return len(diminta), pasti


def rencanakan(
    provinsi: str | Sequence[str],
    tahun: int,
    *,
    proyek: Proyek | None = None,
    wilayah: Sequence[str] | None = None,
    paksa: bool = False,
    hanya_data_bawaan: bool = False,
    tahun_awal: int | None = None,
    pembanding: str | None = None,
    berkas_params: str | Path | None = None,
    kernel: str = "python3",
) -> Rencana:
    """Compute every region's cache key and decide what must run (no side effects)."""
    from analisis.data.model import Basisdata
    from analisis.data.wilayah import muat_wilayah, wilayah_provinsi
    from analisis.evaluasi.jalankan import NAMA_NOTEBOOK
    from analisis.runner.kunci import sidik_jari_lock
    from analisis.situs.data import nama_tampil

    proyek = proyek or Proyek.muat()
    kode_prov = daftar_provinsi_diminta(provinsi)
    tahun = int(tahun)
    if not 2000 <= tahun <= 2100:
        raise GalatAnalisis(
            f"Tahun {tahun} tidak masuk akal; gunakan tahun evaluasi seperti 2024.", 2
        )
    if berkas_params and len(kode_prov) > 1:
        raise GalatAnalisis(
            "Satu berkas parameter hanya berlaku untuk satu provinsi; pilih satu provinsi.", 2
        )
    diminta = _wilayah_diminta(kode_prov, wilayah)
    basis = Basisdata.muat(proyek.penyimpanan, impor=not hanya_data_bawaan)
    bersama = KomponenBersama(
        notebook=sidik_jari_notebook(proyek.notebook(NAMA_NOTEBOOK)),
        kode=sidik_jari_kode(),
        uv_lock=sidik_jari_lock(proyek.akar),
        data=basis.sidik_jari(),
    )
    params = {kp: _params_provinsi(proyek, kp, berkas_params) for kp in kode_prov}
    w = muat_wilayah()
    semua: dict[str, RencanaWilayah] = {}
    for kp in kode_prov:
        ft = proyek.tata_letak.tahun(kp, tahun)
        for kode in wilayah_provinsi(kp):
            par = parameter_kunci(
                kode,
                tahun,
                tahun_awal=tahun_awal,
                pembanding=pembanding,
                hanya_data_bawaan=hanya_data_bawaan,
                kernel=kernel,
            )
            komp = komponen_wilayah(
                bersama, params[kp].sha256, par, komponen_berkas(params[kp].berkas_wilayah[kode])
            )
            kunci = kunci_dari(komp)
            sc = baca_sidecar(ft, kode)
            jalankan, alasan = _keputusan(paksa, sc, kunci, komp, ft, kode)
            nama = nama_tampil(str(w.at[kode, "wilayah"]), str(w.at[kode, "tingkat"]))
            semua[kode] = RencanaWilayah(kode, nama, kp, tahun, kunci, komp, jalankan, alasan, sc)
    return Rencana(proyek, kode_prov, tahun, diminta, semua, bersama, params)
