"""The publishable BNBA summary: every table derived from the aggregate cube, suppressed as one
system so that no hidden count can be recomputed from anything published.

Tables (keys of :func:`ringkasan_publik`):

- ``indikator_kualitas``: per kabupaten ``jumlah_individu``, ``jumlah_keluarga`` and the four
  data-quality indicators (percent) for the evaluation report and the ranking;
- ``kualitas_desa``: per desa the quality components (percent of rows passing) and the score;
- ``desil_kecamatan``, ``desil_desa``: people by desil;
- ``sasaran_program`` (kabupaten) and ``sasaran_kecamatan``: coverage, inclusion and exclusion
  error per programme;
- ``kuadran_desa``: count × share quadrant of desa;
- ``rekonsiliasi_bps``: BPS estimate beside BNBA desil counts (with the caveat).

Every count is a cell of :class:`~analisis.bnba.kendali_ungkap.KendaliUngkap` and every way the
tables tie counts together is a relation: row totals (desil of a desa add up to its people),
column totals (desa → kecamatan → kabupaten), ``penerima = layak_penerima + inklusi``,
``layak = layak_penerima + eksklusi`` (and, for per-person programmes, ``layak`` = people of
the eligible desil), the quadrant count = people of the low desil, and each published rate
with its count and its complement (``n = lolos + gagal``). Rates are shown only when count and
complement are both shown; the quality score only when all its components are. Threshold means
of the quadrant are rounded to one decimal so they do not pin a hidden cell.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analisis.bnba.kendali_ungkap import KendaliUngkap, periksa_k_anonim
from analisis.bnba.konfigurasi import Aturan, Privasi, muat_aturan, muat_privasi
from analisis.galat import GalatAnalisis

#: Quality components of the per-desa score: name → (cube column of the rows PASSING, or
#: of the rows FAILING when the name starts with ``-``).
KOMPONEN = {
    "nik_valid": "n_nik_valid",
    "nik_unik": "-n_nik_ganda",
    "kk_valid": "n_kk_valid",
    "umur_wajar": "-n_umur_tidak_wajar",
    "tanpa_meninggal_penerima": "-n_meninggal_penerima",
    "progres_verval": "n_verval_sudah",
}
DESIL = range(1, 11)


class _Publik:
    """Registers the cells and relations of every published table, then renders them."""

    def __init__(self, kubus: pd.DataFrame, aturan: Aturan, privasi: Privasi) -> None:
        self.kubus = kubus
        self.aturan = aturan
        self.privasi = privasi
        self.mesin = KendaliUngkap(privasi.n_minimum)
        self._sasaran_cache: dict[str, pd.DataFrame] = {}
        self.ada_verval = not kubus["n_verval_sudah"].isna().all()
        self.desa = kubus.groupby(
            ["kode_wilayah", "kode_kecamatan", "kode_desa"], as_index=False, sort=True
        ).sum(numeric_only=True)
        self.pivot_desa = self._pivot(["kode_wilayah", "kode_kecamatan", "kode_desa"], "n_individu")
        self.pivot_kec = self._pivot(["kode_wilayah", "kode_kecamatan"], "n_individu")
        self.pivot_kab = self._pivot(["kode_wilayah"], "n_individu")
        self.kel_kab = self._pivot(["kode_wilayah"], "n_keluarga")

    def _pivot(self, kunci: list[str], kolom: str) -> pd.DataFrame:
        t = self.kubus.groupby([*kunci, "desil"], sort=True)[kolom].sum().unstack("desil")
        return t.reindex(columns=list(DESIL)).fillna(0).astype("int64")

    def sasaran(self, tingkat: str) -> pd.DataFrame:
        """Targeting table of a level (computed once)."""
        from analisis.bnba.sasaran import kinerja_sasaran

        if tingkat not in self._sasaran_cache:
            self._sasaran_cache[tingkat] = kinerja_sasaran(self.kubus, self.aturan, tingkat)
        return self._sasaran_cache[tingkat]

    # ------------------------------------------------------------------ cells

    def sel(self, *label: object) -> int:
        return self.mesin.id(tuple(label))

    def daftar(self, label: tuple, nilai: float) -> int:
        return self.mesin.sel(label, int(nilai))

    def pasangan(self, tingkat: str, kode: str, nama: str, n: int, lolos: int) -> None:
        """Count ``nama`` and its complement, with ``n = nama + bukan_nama``."""
        a = self.daftar((tingkat, kode, nama), lolos)
        b = self.daftar((tingkat, kode, "bukan_" + nama), n - lolos)
        self.mesin.jumlah(self.sel(tingkat, kode, "n_individu"), [a, b])

    def bangun(self) -> None:
        m = self.mesin
        program = _program(self.kubus, self.aturan)
        # kabupaten
        for w, baris in self.pivot_kab.iterrows():
            w = str(w)
            bag = [self.daftar(("kab", w, f"desil_{d}"), baris[d]) for d in DESIL]
            total = self.daftar(("kab", w, "n_individu"), baris.sum())
            m.jumlah(total, bag)
            kel = self.kel_kab.loc[w]
            bag = [self.daftar(("kab", w, f"kel_desil_{d}"), kel[d]) for d in DESIL]
            m.jumlah(self.daftar(("kab", w, "n_keluarga"), kel.sum()), bag)
            s = self.kubus[self.kubus["kode_wilayah"] == w]
            n = int(baris.sum())
            self.pasangan("kab", w, "n_nik_valid", n, int(s["n_nik_valid"].sum()))
            self.pasangan("kab", w, "n_nik_ganda", n, int(s["n_nik_ganda"].sum()))
            if self.ada_verval:
                self.pasangan("kab", w, "n_verval_sudah", n, int(s["n_verval_sudah"].sum()))
            d1 = s[s["desil"] == 1]
            k1 = self.sel("kab", w, "kel_desil_1")
            a = self.daftar(("kab", w, "k1_program"), d1["k_program"].sum())
            b = self.daftar(("kab", w, "k1_tanpa"), d1["n_keluarga"].sum() - d1["k_program"].sum())
            m.jumlah(k1, [a, b])
        # kecamatan and desa: desil tables
        for (w, c), baris in zip(self.pivot_kec.index, self.pivot_kec.to_numpy()):
            bag = [self.daftar(("kec", c, f"desil_{d}"), baris[d - 1]) for d in DESIL]
            m.jumlah(self.daftar(("kec", c, "n_individu"), baris.sum()), bag)
        for d in DESIL:
            for w in self.pivot_kab.index:
                kec = [k for (ww, k) in self.pivot_kec.index if ww == w]
                m.jumlah(
                    self.sel("kab", str(w), f"desil_{d}"),
                    [self.sel("kec", k, f"desil_{d}") for k in kec],
                )
        for (_w, c, ds), baris in zip(self.pivot_desa.index, self.pivot_desa.to_numpy()):
            bag = [self.daftar(("desa", ds, f"desil_{d}"), baris[d - 1]) for d in DESIL]
            m.jumlah(self.daftar(("desa", ds, "n_individu"), baris.sum()), bag)
        desa_per_kec: dict[str, list[str]] = {}
        for _w, cc, ds in self.pivot_desa.index:
            desa_per_kec.setdefault(cc, []).append(ds)
        for _w, c in self.pivot_kec.index:
            anggota = desa_per_kec.get(c, [])
            for d in DESIL:
                m.jumlah(
                    self.sel("kec", c, f"desil_{d}"),
                    [self.sel("desa", ds, f"desil_{d}") for ds in anggota],
                )
        # desa quality (counts and complements; desa sums tie to the kabupaten where the
        # kabupaten figure is published)
        for row in self.desa.itertuples():
            ds, n = row.kode_desa, int(row.n_individu)
            self.daftar(("desa", ds, "n_keluarga"), row.n_keluarga)
            self.daftar(("desa", ds, "n_bermasalah"), row.n_bermasalah)
            for kom, kol in KOMPONEN.items():
                if kom == "progres_verval" and not self.ada_verval:
                    continue
                nama = kol.lstrip("-")
                self.pasangan("desa", ds, nama, n, int(getattr(row, nama)))
        for w in self.pivot_kab.index:
            w = str(w)
            desa_w = self.desa[self.desa["kode_wilayah"] == w]["kode_desa"]
            for nama in ["n_keluarga", "n_nik_valid", "n_nik_ganda"] + (
                ["n_verval_sudah"] if self.ada_verval else []
            ):
                m.jumlah(self.sel("kab", w, nama), [self.sel("desa", ds, nama) for ds in desa_w])
        # quadrant: people of desil <= k per desa, and the rest
        dk = int(self.aturan.desil_kuadran_maks)
        for (_w, _c, ds), baris in zip(self.pivot_desa.index, self.pivot_desa.to_numpy()):
            miskin = self.daftar(("desa", ds, "miskin"), baris[:dk].sum())
            lain = self.daftar(("desa", ds, "bukan_miskin"), baris[dk:].sum())
            m.jumlah(miskin, [self.sel("desa", ds, f"desil_{d}") for d in range(1, dk + 1)])
            m.jumlah(lain, [self.sel("desa", ds, f"desil_{d}") for d in range(dk + 1, 11)])
            m.jumlah(self.sel("desa", ds, "n_individu"), [miskin, lain])
        # targeting per programme, kecamatan and kabupaten
        if program:
            self._sasaran(program)

    def _sasaran(self, program: dict) -> None:
        m = self.mesin
        hitung = ["layak", "penerima", "layak_penerima", "inklusi", "eksklusi"]
        for tingkat in ("kabupaten", "kecamatan"):
            ks = self.sasaran(tingkat)
            for row in ks.itertuples():
                kode = row.kode_wilayah if tingkat == "kabupaten" else row.kode_kecamatan
                tk = "kab" if tingkat == "kabupaten" else "kec"
                c = {h: self.daftar((tk, kode, row.program, h), getattr(row, h)) for h in hitung}
                m.jumlah(c["penerima"], [c["layak_penerima"], c["inklusi"]])
                m.jumlah(c["layak"], [c["layak_penerima"], c["eksklusi"]])
                p = self.aturan.program[row.program]
                d = list(range(1, int(p.desil_maks) + 1))
                if p.unit == "individu":
                    m.jumlah(c["layak"], [self.sel(tk, kode, f"desil_{x}") for x in d])
                elif tk == "kab":
                    m.jumlah(c["layak"], [self.sel(tk, kode, f"kel_desil_{x}") for x in d])
        for w in self.pivot_kab.index:
            kec = [k for (ww, k) in self.pivot_kec.index if ww == w]
            for p in program:
                for h in hitung:
                    m.jumlah(self.sel("kab", str(w), p, h), [self.sel("kec", k, p, h) for k in kec])

    # ------------------------------------------------------------------ rendering

    def tampak(self, *label: object) -> bool:
        return not self.mesin.tertekan(self.sel(*label))

    def hitung(self, *label: object) -> object:
        i = self.sel(*label)
        return self.privasi.tanda if self.mesin.tertekan(i) else self.mesin.nilai[i]

    def persen(self, tingkat: str, kode: str, nama: str, gagal: bool = False) -> object:
        """Percent of ``nama`` (or of its complement) among ``n_individu``, when all shown."""
        if not (
            self.tampak(tingkat, kode, nama)
            and self.tampak(tingkat, kode, "bukan_" + nama)
            and self.tampak(tingkat, kode, "n_individu")
        ):
            return self.privasi.tanda
        n = self.mesin.nilai[self.sel(tingkat, kode, "n_individu")]
        v = self.mesin.nilai[self.sel(tingkat, kode, ("bukan_" if gagal else "") + nama)]
        return round(100.0 * v / n, 2) if n else np.nan


def _program(kubus: pd.DataFrame, aturan: Aturan) -> dict:
    ada = set(kubus.attrs.get("program", {})) or {
        c[2:] for c in kubus.columns if c.startswith("r_")
    }
    return {k: p for k, p in aturan.program.items() if k in ada}


def _atribut_ringan(kubus: pd.DataFrame) -> pd.DataFrame:
    """The cube with only the programme NAMES in ``attrs`` (all the summary reads of them).

    pandas deep-copies ``attrs`` into every frame derived from the cube; with the programmes'
    full rules that was a sizeable part of the summary's CPU time."""
    ringan = kubus.copy(deep=False)
    ringan.attrs = (
        {"program": dict.fromkeys(kubus.attrs["program"])} if "program" in kubus.attrs else {}
    )
    return ringan


def ringkasan_publik(
    hasil_atau_kubus,
    aturan: Aturan | None = None,
    privasi: Privasi | None = None,
    bps: dict | None = None,
) -> dict[str, pd.DataFrame]:
    """Every publishable aggregate, suppressed as one system (see the module documentation).

    Args:
        hasil_atau_kubus: a :class:`~analisis.bnba.cek.HasilCek` or its cube.
        aturan, privasi: parameters (defaults from ``params/bnba``).
        bps: optional ``{"p0", "penduduk", "rse", "tahun", "tahun_penduduk"}`` for the
            reconciliation (the bundled BPS figures are used when omitted).

    Raises:
        GalatAnalisis: a published table would hold a count below ``k_anonimitas`` (a bug).
    """
    from analisis.bnba.cek import HasilCek

    kubus = hasil_atau_kubus.kubus if isinstance(hasil_atau_kubus, HasilCek) else hasil_atau_kubus
    aturan = aturan or (
        hasil_atau_kubus.aturan if isinstance(hasil_atau_kubus, HasilCek) else muat_aturan()
    )
    privasi = privasi or muat_privasi()
    pub = _Publik(_atribut_ringan(kubus), aturan, privasi)
    pub.bangun()
    pub.mesin.jalankan()
    keluaran: dict[str, pd.DataFrame] = {
        "indikator_kualitas": _indikator(pub),
        "kualitas_desa": _kualitas_desa(pub),
        "desil_kecamatan": _desil(pub, "kec"),
        "desil_desa": _desil(pub, "desa"),
    }
    keluaran.update(_tabel_sasaran(pub))
    keluaran["kuadran_desa"] = _kuadran(pub)
    keluaran["rekonsiliasi_bps"] = _rekonsiliasi(pub, bps)
    _pastikan_k_anonim(keluaran, privasi)
    for df in keluaran.values():
        df.attrs["privasi"] = {
            "n_minimum": privasi.n_minimum,
            "penanda": privasi.tanda,
            "k_anonimitas": privasi.k,
        }
    return keluaran


#: Quasi-identifiers and count columns of each published table (k-anonymity check).
KUASI: dict[str, tuple[list[str], list[str]]] = {
    "indikator_kualitas": (["kode_wilayah"], ["jumlah_individu", "jumlah_keluarga"]),
    "kualitas_desa": (["kode_desa"], ["n_individu", "n_keluarga", "n_bermasalah"]),
    "desil_kecamatan": (
        ["kode_kecamatan"],
        [f"desil_{d}" for d in DESIL] + ["jumlah"],
    ),
    "desil_desa": (["kode_desa"], [f"desil_{d}" for d in DESIL] + ["jumlah"]),
    "sasaran_program": (
        ["kode_wilayah", "program"],
        ["layak", "penerima", "layak_penerima", "inklusi", "eksklusi"],
    ),
    "sasaran_kecamatan": (
        ["kode_kecamatan", "program"],
        ["layak", "penerima", "layak_penerima", "inklusi", "eksklusi"],
    ),
    "kuadran_desa": (["kode_desa"], ["jumlah_miskin", "penduduk"]),
}


def _pastikan_k_anonim(keluaran: dict[str, pd.DataFrame], privasi: Privasi) -> None:
    pelanggaran = []
    for nama, (kuasi, hitung) in KUASI.items():
        df = keluaran.get(nama)
        if df is not None and len(df):
            pelanggaran += periksa_k_anonim(df, nama, kuasi, hitung, privasi.k)
    if pelanggaran:
        raise GalatAnalisis(
            f"Pemeriksaan k-anonimitas (k = {privasi.k}) gagal pada {len(pelanggaran)} sel, "
            f"mis. {pelanggaran[0]}. Tidak ada yang ditulis; laporkan sebagai galat program."
        )


def _indikator(pub: _Publik) -> pd.DataFrame:
    baris = []
    for w in pub.pivot_kab.index:
        w = str(w)
        n_kel = pub.hitung("kab", w, "n_keluarga")
        k1 = pub.mesin.nilai[pub.sel("kab", w, "kel_desil_1")]
        cakupan: object = pub.privasi.tanda
        if pub.tampak("kab", w, "k1_program") and pub.tampak("kab", w, "k1_tanpa"):
            v = pub.mesin.nilai[pub.sel("kab", w, "k1_program")]
            cakupan = round(100.0 * v / k1, 2) if k1 else np.nan
        baris.append(
            {
                "kode_wilayah": w,
                "jumlah_individu": pub.hitung("kab", w, "n_individu"),
                "jumlah_keluarga": n_kel,
                "progres_verval": (
                    pub.persen("kab", w, "n_verval_sudah") if pub.ada_verval else np.nan
                ),
                "persen_nik_valid": pub.persen("kab", w, "n_nik_valid"),
                "persen_duplikat": pub.persen("kab", w, "n_nik_ganda"),
                "cakupan_desil1": cakupan,
            }
        )
    return pd.DataFrame(baris)


def _kualitas_desa(pub: _Publik) -> pd.DataFrame:
    bobot = {k: float(v) for k, v in pub.aturan.bobot_skor_kualitas.items() if v > 0}
    baris = []
    for row in pub.desa.itertuples():
        ds = row.kode_desa
        r: dict[str, object] = {
            "kode_wilayah": row.kode_wilayah,
            "kode_kecamatan": row.kode_kecamatan,
            "kode_desa": ds,
            "n_individu": pub.hitung("desa", ds, "n_individu"),
            "n_keluarga": pub.hitung("desa", ds, "n_keluarga"),
            "n_bermasalah": pub.hitung("desa", ds, "n_bermasalah"),
        }
        nilai_komponen: dict[str, float] = {}
        lengkap = True
        for kom, kol in KOMPONEN.items():
            if kom == "progres_verval" and not pub.ada_verval:
                r["persen_progres_verval"] = np.nan
                continue
            p = pub.persen("desa", ds, kol.lstrip("-"), gagal=kol.startswith("-"))
            r[f"persen_{kom}"] = p
            if kom in bobot:
                if isinstance(p, (int, float)):
                    nilai_komponen[kom] = float(p)
                else:
                    lengkap = False
        dipakai = [k for k in bobot if k in nilai_komponen]
        total = sum(bobot[k] for k in dipakai)
        r["skor_kualitas"] = (
            round(sum(nilai_komponen[k] * bobot[k] for k in dipakai) / total, 1)
            if lengkap and total
            else pub.privasi.tanda
        )
        baris.append(r)
    hasil = pd.DataFrame(baris)
    hasil.attrs["komponen"] = [
        k for k in bobot if not (k == "progres_verval" and not pub.ada_verval)
    ]
    return hasil


def _desil(pub: _Publik, tingkat: str) -> pd.DataFrame:
    pivot = pub.pivot_kec if tingkat == "kec" else pub.pivot_desa
    baris = []
    for kunci in pivot.index:
        kode = kunci[-1]
        r: dict[str, object] = dict(
            zip(
                ["kode_wilayah", "kode_kecamatan", "kode_desa"][: len(kunci)],
                kunci,
            )
        )
        for d in DESIL:
            r[f"desil_{d}"] = pub.hitung(tingkat, kode, f"desil_{d}")
        r["jumlah"] = pub.hitung(tingkat, kode, "n_individu")
        baris.append(r)
    return pd.DataFrame(baris)


def _tabel_sasaran(pub: _Publik) -> dict[str, pd.DataFrame]:
    keluaran = {}
    for tingkat, nama in (("kabupaten", "sasaran_program"), ("kecamatan", "sasaran_kecamatan")):
        try:
            ks = pub.sasaran(tingkat).copy()
        except GalatAnalisis:
            continue
        tk = "kab" if tingkat == "kabupaten" else "kec"
        kode = ks["kode_wilayah"] if tk == "kab" else ks["kode_kecamatan"]
        hitung = ["layak", "penerima", "layak_penerima", "inklusi", "eksklusi"]
        tampak: dict[str, list[bool]] = {
            h: [pub.tampak(tk, k, p, h) for k, p in zip(kode, ks["program"])] for h in hitung
        }
        for h in hitung:
            ks[h] = ks[h].astype(object).where(tampak[h], pub.privasi.tanda)
        rasio = {
            "cakupan": ("layak_penerima", "eksklusi"),
            "galat_inklusi": ("inklusi", "layak_penerima"),
            "galat_eksklusi": ("eksklusi", "layak_penerima"),
        }
        for kol, (a, b) in rasio.items():
            ok = np.array(tampak[a]) & np.array(tampak[b])
            ks[kol] = ks[kol].astype(object).where(ok, pub.privasi.tanda)
        keluaran[nama] = ks
    return keluaran


def _kuadran(pub: _Publik) -> pd.DataFrame:
    from analisis.bnba.sasaran import kuadran_wilayah

    kw = kuadran_wilayah(pub.kubus, pub.aturan, "desa").copy()
    kw["ambang_jumlah"] = kw["ambang_jumlah"].round(1)
    kw["ambang_persen"] = kw["ambang_persen"].round(1)
    for kol in ("jumlah_miskin", "penduduk", "persen_miskin"):
        kw[kol] = kw[kol].astype(object)
    for i, ds in zip(kw.index, kw["kode_desa"]):
        miskin = pub.tampak("desa", ds, "miskin")
        lain = pub.tampak("desa", ds, "bukan_miskin")
        n = pub.tampak("desa", ds, "n_individu")
        if not miskin:
            kw.loc[i, "jumlah_miskin"] = pub.privasi.tanda
        if not n:
            kw.loc[i, "penduduk"] = pub.privasi.tanda
        if not (miskin and lain and n):
            kw.loc[i, "persen_miskin"] = pub.privasi.tanda
    return kw


def _rekonsiliasi(pub: _Publik, bps: dict | None) -> pd.DataFrame:
    from analisis.bnba.sasaran import CATATAN_REKONSILIASI, angka_bps, rekonsiliasi_bps

    rek = []
    for kode, bagian in pub.kubus.groupby("kode_wilayah", sort=True):
        info = dict(bps or {})
        if not {"p0", "penduduk"} <= set(info):
            for k, v in angka_bps(str(kode), info.get("tahun")).items():
                info.setdefault(k, v)
        r = rekonsiliasi_bps(
            bagian,
            info.get("p0"),
            info.get("penduduk"),
            info.get("rse"),
            info.get("tahun"),
            info.get("tahun_penduduk"),
        )
        r.insert(0, "kode_wilayah", kode)
        r["nilai"] = r["nilai"].astype(object)
        for i, ukuran in zip(r.index, r["ukuran"]):
            if r.at[i, "sumber"] != "BNBA":
                continue
            sampai = int(ukuran.split("desil 1–")[-1].split(" ")[0]) if "–" in ukuran else 1
            awalan = "desil" if ukuran.startswith("penduduk") else "kel_desil"
            if not all(pub.tampak("kab", str(kode), f"{awalan}_{d}") for d in range(1, sampai + 1)):
                r.at[i, "nilai"] = pub.privasi.tanda
        rek.append(r)
    rr = pd.concat(rek, ignore_index=True)
    rr.attrs["catatan"] = CATATAN_REKONSILIASI
    return rr
