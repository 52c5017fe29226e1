"""The next quarter of a synthetic BNBA extract, with movements at known, recorded counts.

DTSEN is updated four times a year and regions report extreme-poverty progress every quarter
(Inpres 4/2022). :func:`buat_triwulan_berikut` takes a synthetic extract of quarter t−1 (from
:func:`analisis.bnba.sintetis.buat_contoh`, canonical columns) and writes quarter t, in which

- families move out of desil 1 and into it, and between desil 1–4 and 5–7 (family desil);
- families move to another desa (new address) or get a new No KK;
- persons get a corrected NIK, die (``meninggal`` 0 → 1) or leave the registry, whole families
  leave it; babies are born into families and new families appear.

Movements touch only CLEAN families (every member with a 16-digit NIK used once and a 16-digit
No KK) and disjoint sets (one movement per family), so the manifest's counts are exactly what
:func:`analisis.bnba.banding.banding_triwulan` must find: ``pergerakan`` (persons and families
per movement), ``perubahan_desil`` (per (old, new) desil pair, to derive the counts for any
"desil 1–k") and ``tidak_dapat_dicocokkan`` (rows whose NIK is invalid or duplicated, which no
comparison can follow). Every defect of quarter t−1 is kept as it is.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analisis.bnba.sintetis import _N_NAMA_L, NAMA_SINTETIS, _tulis_atomik_teks, baca_manifest
from analisis.galat import GalatAnalisis

#: Default movement rates (share of the clean families or persons of quarter t−1).
LAJU_PERGERAKAN: dict[str, float] = {
    "keluar_desil1": 0.06,  # desil-1 families to desil 2–6
    "masuk_desil1": 0.03,  # desil 2–6 families to desil 1
    "desil_menengah": 0.02,  # desil 3–4 ↔ 6–7 (crosses "desil 1–4", not desil 1)
    "pindah_desa": 0.01,
    "ganti_kk": 0.006,
    "hapus_keluarga": 0.004,
    "ganti_nik": 0.003,  # persons
    "meninggal": 0.003,  # persons
    "hapus_individu": 0.003,  # persons (not heads)
    "lahir": 0.006,  # families that get a newborn
    "keluarga_baru": 0.004,  # new families, × families of t−1
}

KATEGORI = (
    "masuk_desil1",
    "keluar_desil1",
    "pindah_desa",
    "meninggal",
    "baru",
    "tidak_lagi_terdaftar",
    "ganti_nik",
    "ganti_kk",
)


@dataclass
class ManifestTriwulan:
    """Exact movements between two synthetic quarters (JSON via :meth:`ke_json`)."""

    sumber_data: str
    berkas_lama: str
    berkas_baru: str
    kode_wilayah: str
    seed: int
    tanggal_acuan: str
    tanggal_acuan_lama: str
    tanggal_acuan_baru: str
    laju: dict[str, float]
    pergerakan: dict[str, dict[str, int]]
    perubahan_desil: list[dict[str, int]]
    tidak_dapat_dicocokkan: dict[str, int]
    catatan: str = (
        "DATA SINTETIS: triwulan berikut dari generator; tidak mewakili orang atau keluarga "
        "mana pun."
    )
    jumlah_baris_baru: int = 0
    kolom: list[str] = field(default_factory=list)

    def ke_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2)

    def harapan_desil(self, k: int) -> dict[str, dict[str, int]]:
        """Expected persons/families entering and leaving "desil 1–k" (``k = 1``: desil 1)."""
        hasil = {"masuk": {"individu": 0, "keluarga": 0}, "keluar": {"individu": 0, "keluarga": 0}}
        for p in self.perubahan_desil:
            lama, baru = p["desil_lama"] <= k, p["desil_baru"] <= k
            arah = "masuk" if baru and not lama else "keluar" if lama and not baru else None
            if arah:
                hasil[arah]["individu"] += p["individu"]
                hasil[arah]["keluarga"] += p["keluarga"]
        return hasil


def _nik_sah(seri: pd.Series) -> np.ndarray:
    s = seri.astype("string").fillna("")
    return (s.str.fullmatch(r"[1-9][0-9]{15}").fillna(False)).to_numpy(dtype=bool)


def _ddmmyy(t: pd.Series, perempuan: np.ndarray) -> np.ndarray:
    d = pd.to_datetime(t)
    return ((d.dt.day + 40 * perempuan) * 10000 + d.dt.month * 100 + d.dt.year % 100).to_numpy()


class _NomorBaru:
    """Unique new NIK / No KK numbers: region (6) + DDMMYY (6) + a free serial (4)."""

    def __init__(self, terpakai: pd.Series, rng: np.random.Generator) -> None:
        self.terpakai = set(terpakai.astype("string").dropna().tolist())
        self.rng = rng

    def buat(self, kec: int, ddmmyy: int) -> str:
        for _ in range(10_000):
            teks = f"{kec:06d}{ddmmyy:06d}{int(self.rng.integers(5000, 10000)):04d}"
            if teks not in self.terpakai:
                self.terpakai.add(teks)
                return teks
        raise GalatAnalisis("Gagal membuat nomor unik untuk triwulan berikut; coba seed lain.")


def buat_triwulan_berikut(
    berkas_lama: str | Path,
    tujuan: str | Path | None = None,
    seed: int = 1,
    laju: dict[str, float] | None = None,
    tanggal_acuan: date | None = None,
) -> ManifestTriwulan:
    """Write quarter t from the synthetic quarter t−1 ``berkas_lama`` (Parquet, canonical).

    Args:
        berkas_lama: the synthetic extract of quarter t−1 (with its manifest).
        tujuan: output file (default: ``<name>_TRIWULAN_BERIKUT.parquet`` beside it).
        seed: random seed.
        laju: movement rates overriding :data:`LAJU_PERGERAKAN`.
        tanggal_acuan: reference date of quarter t (default: quarter t−1's plus 91 days).

    Returns:
        The manifest (also written as ``<file>.manifest.json``).
    """
    lama_path = Path(berkas_lama)
    manifest_lama = baca_manifest(lama_path)
    if manifest_lama.get("sumber_data") != "SINTETIS":
        raise GalatAnalisis(f"Berkas '{lama_path.name}' bukan data SINTETIS.")
    laju_pakai = {**LAJU_PERGERAKAN, **(laju or {})}
    for k, v in laju_pakai.items():
        if k not in LAJU_PERGERAKAN:
            raise GalatAnalisis(
                f"Laju pergerakan '{k}' tidak dikenal: {', '.join(LAJU_PERGERAKAN)}."
            )
        if not 0 <= float(v) <= 0.3:
            raise GalatAnalisis(f"Laju pergerakan '{k}' harus antara 0 dan 0,3.")
    acuan_lama = date.fromisoformat(manifest_lama["tanggal_acuan"])
    acuan = tanggal_acuan or acuan_lama + timedelta(days=91)
    rng = np.random.default_rng(seed)
    tabel = pq.read_table(lama_path)
    df = tabel.to_pandas()
    for k in df.columns:
        if isinstance(df[k].dtype, pd.CategoricalDtype):
            df[k] = df[k].astype(str)
    df["_asal"] = np.arange(len(df))
    hasil = _Triwulan(df, rng, acuan, laju_pakai).jalankan()
    baru_df, gerak, pasangan, cocok = hasil
    tujuan_path = (
        Path(tujuan)
        if tujuan is not None
        else lama_path.with_name(lama_path.stem + "_TRIWULAN_BERIKUT.parquet")
    )
    if "sintetis" not in tujuan_path.name.lower():
        tujuan_path = tujuan_path.with_name("SINTETIS_" + tujuan_path.name)
    keluar = pa.Table.from_pandas(baru_df.drop(columns=["_asal"]), preserve_index=False)
    keluar = keluar.cast(
        pa.schema([pa.field(f.name, tabel.schema.field(f.name).type) for f in keluar.schema])
    )
    manifest = ManifestTriwulan(
        sumber_data="SINTETIS",
        berkas_lama=str(lama_path),
        berkas_baru=str(tujuan_path),
        kode_wilayah=str(manifest_lama["kode_wilayah"]),
        seed=int(seed),
        tanggal_acuan=acuan.isoformat(),
        tanggal_acuan_lama=acuan_lama.isoformat(),
        tanggal_acuan_baru=acuan.isoformat(),
        laju=laju_pakai,
        pergerakan=gerak,
        perubahan_desil=pasangan,
        tidak_dapat_dicocokkan=cocok,
        jumlah_baris_baru=len(baru_df),
        kolom=list(keluar.column_names),
    )
    meta = {
        b"sumber_data": b"SINTETIS",
        b"analisis.bnba.manifest": manifest.ke_json().encode("utf-8"),
    }
    tujuan_path.parent.mkdir(parents=True, exist_ok=True)
    sementara = tujuan_path.with_name(".sementara_" + tujuan_path.name)
    try:
        pq.write_table(keluar.replace_schema_metadata(meta), sementara, compression="snappy")
        sementara.replace(tujuan_path)
    except BaseException:
        sementara.unlink(missing_ok=True)
        raise
    _tulis_atomik_teks(Path(str(tujuan_path) + ".manifest.json"), manifest.ke_json())
    return manifest


class _Triwulan:
    """The movements, applied to a pandas copy of quarter t−1."""

    def __init__(
        self, df: pd.DataFrame, rng: np.random.Generator, acuan: date, laju: dict[str, float]
    ) -> None:
        self.df = df
        self.rng = rng
        self.acuan = acuan
        self.laju = laju

    def jalankan(self) -> tuple[pd.DataFrame, dict, list[dict[str, int]], dict[str, int]]:
        df, rng = self.df, self.rng
        sah = _nik_sah(df["nik"])
        unik = ~df["nik"].where(sah).duplicated(keep=False).to_numpy() | ~sah
        cocok_lama = int((~(sah & unik)).sum())
        kk_sah = _nik_sah(df["no_kk"])
        baris_bersih = sah & unik & kk_sah
        kel_bersih = pd.Series(baris_bersih).groupby(df["no_kk"].to_numpy()).all()
        bersih = np.array(sorted(kel_bersih[kel_bersih].index))
        rng.shuffle(bersih)
        desil_kel = df.groupby("no_kk")["desil"].min()
        ukuran = df.groupby("no_kk").size()
        terpakai: set[str] = set()

        def ambil(kond: np.ndarray, laju: float, basis: int) -> list[str]:
            calon = [k for k in bersih[kond] if k not in terpakai]
            n = min(len(calon), round(laju * basis))
            pilih = calon[:n]
            terpakai.update(pilih)
            return pilih

        d = desil_kel.reindex(bersih).to_numpy()
        n_kel = len(ukuran)
        gerak_desil: list[tuple[str, int]] = []
        for k in ambil(d == 1, self.laju["keluar_desil1"], int((d == 1).sum())):
            gerak_desil.append((k, int(rng.integers(2, 7))))
        for k in ambil(
            (d >= 2) & (d <= 6), self.laju["masuk_desil1"], int(((d >= 2) & (d <= 6)).sum())
        ):
            gerak_desil.append((k, 1))
        for k in ambil(
            (d >= 3) & (d <= 4), self.laju["desil_menengah"], int(((d >= 3) & (d <= 4)).sum())
        ):
            gerak_desil.append((k, int(rng.integers(6, 8))))
        for k in ambil(
            (d >= 6) & (d <= 7), self.laju["desil_menengah"], int(((d >= 6) & (d <= 7)).sum())
        ):
            gerak_desil.append((k, int(rng.integers(3, 5))))
        semua = np.ones(len(bersih), bool)
        pindah = ambil(semua, self.laju["pindah_desa"], n_kel)
        ganti_kk = ambil(semua, self.laju["ganti_kk"], n_kel)
        hapus_kel = ambil(semua, self.laju["hapus_keluarga"], n_kel)
        ganti_nik = ambil(semua, self.laju["ganti_nik"], len(df))
        mati_kel = ambil(semua, self.laju["meninggal"], len(df))
        hapus_ind_kel = ambil(
            ukuran.reindex(bersih).to_numpy() >= 2, self.laju["hapus_individu"], len(df)
        )
        lahir = ambil(semua, self.laju["lahir"], n_kel)

        gerak = {k: {"individu": 0, "keluarga": 0} for k in KATEGORI}
        pasangan: dict[tuple[int, int], list[int]] = {}
        nomor = _NomorBaru(pd.concat([df["nik"], df["no_kk"]]), rng)
        baris_kel = {k: np.flatnonzero(df["no_kk"].to_numpy() == k) for k in terpakai}
        # family desil
        for k, baru in gerak_desil:
            idx = baris_kel[k]
            lama = int(desil_kel[k])
            df.loc[df.index[idx], "desil"] = baru
            p = pasangan.setdefault((lama, baru), [0, 0])
            p[0] += 1
            p[1] += len(idx)
            if baru == 1:
                gerak["masuk_desil1"]["keluarga"] += 1
                gerak["masuk_desil1"]["individu"] += len(idx)
            if lama == 1:
                gerak["keluar_desil1"]["keluarga"] += 1
                gerak["keluar_desil1"]["individu"] += len(idx)
        # moved desa: another desa of the kabupaten, a new address
        desa = df[["kode_kecamatan", "kode_desa"]].drop_duplicates().to_numpy()
        for k in pindah:
            idx = baris_kel[k]
            sekarang = df.at[df.index[idx[0]], "kode_desa"]
            lain = desa[desa[:, 1] != sekarang]
            kec, ds = lain[int(rng.integers(0, len(lain)))]
            df.loc[df.index[idx], "kode_kecamatan"] = kec
            df.loc[df.index[idx], "kode_desa"] = ds
            df.loc[df.index[idx], "alamat"] = (
                f"JL. PINDAHAN NO. {int(rng.integers(1, 150))} RT {int(rng.integers(1, 25)):03d}/"
                f"RW {int(rng.integers(1, 8)):03d}"
            )
            gerak["pindah_desa"]["keluarga"] += 1
            gerak["pindah_desa"]["individu"] += len(idx)
        # new No KK
        hari = int(rng.integers(1, 28))
        terbit = hari * 10000 + self.acuan.month * 100 + self.acuan.year % 100
        for k in ganti_kk:
            idx = baris_kel[k]
            kec = int(str(df.at[df.index[idx[0]], "kode_kecamatan"]))
            df.loc[df.index[idx], "no_kk"] = nomor.buat(kec, terbit)
            gerak["ganti_kk"]["keluarga"] += 1
            gerak["ganti_kk"]["individu"] += len(idx)
        # whole families leave
        hapus: list[int] = []
        for k in hapus_kel:
            hapus += [int(j) for j in baris_kel[k]]
            gerak["tidak_lagi_terdaftar"]["keluarga"] += 1
            gerak["tidak_lagi_terdaftar"]["individu"] += len(baris_kel[k])
        # persons: corrected NIK (same date part, new serial), died, left
        perempuan = (df["jenis_kelamin"].astype(str) == "P").to_numpy()
        for k in ganti_nik:
            i = df.index[baris_kel[k][-1]]
            pos = df.index.get_loc(i)
            dd = int(_ddmmyy(df.loc[[i], "tanggal_lahir"], perempuan[[pos]])[0])
            kec = int(str(df.at[i, "nik"])[:6])
            df.at[i, "nik"] = nomor.buat(kec, dd)
            gerak["ganti_nik"]["keluarga"] += 1
            gerak["ganti_nik"]["individu"] += 1
        for k in mati_kel:
            idx = baris_kel[k]
            hidup = [j for j in idx if int(df.at[df.index[j], "meninggal"]) == 0]
            if not hidup:
                continue
            df.at[df.index[hidup[-1]], "meninggal"] = 1
            gerak["meninggal"]["keluarga"] += 1
            gerak["meninggal"]["individu"] += 1
        for k in hapus_ind_kel:
            idx = baris_kel[k]
            bukan_kepala = [
                j for j in idx if df.at[df.index[j], "hubungan_keluarga"] != "kepala keluarga"
            ]
            if not bukan_kepala:
                continue
            hapus.append(int(bukan_kepala[-1]))
            gerak["tidak_lagi_terdaftar"]["individu"] += 1
        # births and new families
        tambahan = []
        for k in lahir:
            contoh = df.iloc[baris_kel[k][0]].copy()
            bayi = self._orang(
                contoh, "anak", self.acuan - timedelta(days=int(rng.integers(1, 80))), nomor
            )
            bayi["pbi_jk"] = 0
            bayi["status_verval"] = "BELUM VERVAL"
            tambahan.append(bayi)
            gerak["baru"]["individu"] += 1
        n_baru = round(self.laju["keluarga_baru"] * n_kel)
        for _ in range(n_baru):
            tambahan += self._keluarga_baru(desa, nomor)
            gerak["baru"]["keluarga"] += 1
        gerak["baru"]["individu"] += sum(1 for t in tambahan if t.get("_baru_kel"))
        hasil = df.drop(index=df.index[hapus])
        if tambahan:
            tambah = pd.DataFrame(tambahan).drop(columns=["_baru_kel"], errors="ignore")
            hasil = pd.concat([hasil, tambah[hasil.columns]], ignore_index=True)
        hasil = hasil.sort_values(["kode_desa", "no_kk", "_asal"], kind="stable", ignore_index=True)
        sah_baru = _nik_sah(hasil["nik"])
        unik_baru = ~hasil["nik"].where(sah_baru).duplicated(keep=False).to_numpy() | ~sah_baru
        cocok = {"lama": cocok_lama, "baru": int((~(sah_baru & unik_baru)).sum())}
        daftar_pasangan = [
            {"desil_lama": a, "desil_baru": b, "keluarga": v[0], "individu": v[1]}
            for (a, b), v in sorted(pasangan.items())
        ]
        return hasil, gerak, daftar_pasangan, cocok

    def _orang(
        self, contoh: pd.Series, hubungan: str, lahir: date, nomor: _NomorBaru
    ) -> dict[str, Any]:
        rng = self.rng
        p = bool(rng.random() < 0.5) if hubungan != "kepala keluarga" else bool(rng.random() < 0.15)
        orang = contoh.to_dict()
        orang.update(
            {
                "hubungan_keluarga": hubungan,
                "jenis_kelamin": "P" if p else "L",
                "tanggal_lahir": pd.Timestamp(lahir).date(),
                "nama": NAMA_SINTETIS[
                    int(rng.integers(_N_NAMA_L, len(NAMA_SINTETIS)))
                    if p
                    else int(rng.integers(0, _N_NAMA_L))
                ],
                "meninggal": 0,
                "_asal": 10**12 + int(rng.integers(0, 10**9)),
            }
        )
        dd = (lahir.day + 40 * p) * 10000 + lahir.month * 100 + lahir.year % 100
        orang["nik"] = nomor.buat(int(str(contoh["kode_kecamatan"])), dd)
        return orang

    def _keluarga_baru(self, desa: np.ndarray, nomor: _NomorBaru) -> list[dict[str, Any]]:
        rng = self.rng
        kec, ds = desa[int(rng.integers(0, len(desa)))]
        terbit = int(rng.integers(1, 28)) * 10000 + self.acuan.month * 100 + self.acuan.year % 100
        kk = nomor.buat(int(kec), terbit)
        desil = int(rng.integers(1, 11))
        dasar = pd.Series(
            {
                "sumber_data": "SINTETIS",
                "no_kk": kk,
                "alamat": f"JL. BARU NO. {int(rng.integers(1, 150))} RT {int(rng.integers(1, 25)):03d}/RW 001",
                "kode_kecamatan": kec,
                "kode_desa": ds,
                "desil": desil,
                "pkh": 0,
                "bpnt": 0,
                "pbi_jk": 0,
                "status_verval": "BELUM VERVAL",
                "meninggal": 0,
            }
        )
        umur_kepala = int(rng.integers(22, 60))
        anggota = [
            self._orang(
                dasar,
                "kepala keluarga",
                self.acuan - timedelta(days=umur_kepala * 366 + int(rng.integers(0, 300))),
                nomor,
            )
        ]
        for _ in range(int(rng.integers(0, 4))):
            umur = int(rng.integers(0, max(1, umur_kepala - 16)))
            anggota.append(
                self._orang(
                    dasar,
                    "anak",
                    self.acuan - timedelta(days=umur * 366 + int(rng.integers(1, 300))),
                    nomor,
                )
            )
        for a in anggota:
            a["_baru_kel"] = True
        return anggota
