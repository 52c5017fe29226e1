"""Disclosure control that holds: an independent "attacker" takes every published BNBA table,
writes every equation their documented meaning implies (row and column totals, desa →
kecamatan → kabupaten, rates × denominators, the quadrant's desil sums, targeting identities,
the kabupaten indicators and the reconciliation) and solves for each hidden cell. None may be
recoverable. The same attacker DOES recover cells when only per-table small-cell suppression is
applied, so the test can fail."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import numpy as np
import pandas as pd
import pytest

from analisis.bnba import buat_contoh, cek_bnba, muat_aturan
from analisis.bnba.kendali_ungkap import KendaliUngkap, periksa_k_anonim, sel_dapat_dipulihkan
from analisis.bnba.konfigurasi import Privasi
from analisis.bnba.publik import ringkasan_publik

ACUAN = date(2025, 6, 30)
TANDA = "<5"


# ------------------------------------------------------------------------------------------
# The attacker


class Penyerang:
    """Linear equations over named quantities; published numbers are known constants."""

    def __init__(self) -> None:
        self.dikenal: dict[str, float] = {}
        self.persamaan: list[dict[str, float]] = []
        self.tersembunyi: set[str] = set()

    def nilai(self, nama: str, v: object) -> str:
        """Register a published cell: a number becomes known, the marker a hidden unknown."""
        if isinstance(v, str):
            assert v == TANDA, v
            self.tersembunyi.add(nama)
        elif v is not None and not (isinstance(v, float) and np.isnan(v)):
            self.dikenal[nama] = float(v)
        return nama

    def sama(self, kiri: dict[str, float]) -> None:
        """``Σ koef · nama = 0``."""
        self.persamaan.append(kiri)

    def jumlah(self, total: str, bagian: list[str]) -> None:
        self.sama({total: -1.0, **{b: 1.0 for b in bagian}})

    def rasio(self, persen: object, pembilang: str, penyebut: str) -> None:
        """A published percentage ties numerator and denominator (rounding ignored: the
        attacker is granted exact rates)."""
        if isinstance(persen, (int, float)) and not np.isnan(float(persen)):
            self.sama({pembilang: 1.0, penyebut: -float(persen) / 100.0})

    def dapat_dipulihkan(self) -> set[str]:
        """Hidden cells with one value in every solution of the equations."""
        nama = sorted(
            {n for p in self.persamaan for n in p if n not in self.dikenal} | self.tersembunyi
        )
        indeks = {n: i for i, n in enumerate(nama)}
        baris = []
        for p in self.persamaan:
            b = np.zeros(len(nama))
            for n, k in p.items():
                if n not in self.dikenal:
                    b[indeks[n]] += k
            if np.any(b):
                baris.append(b)
        if not baris:
            return set()
        a = np.array(baris)
        _, sv, vt = np.linalg.svd(a, full_matrices=True)
        rank = int((sv > 1e-9 * sv.max()).sum())
        nol = vt[rank:]
        return {
            n
            for n in self.tersembunyi
            if nol.shape[0] == 0 or np.all(np.abs(nol[:, indeks[n]]) < 1e-7)
        }


def serang(
    publik: dict[str, pd.DataFrame], desil_kuadran: int = 2, sasaran: set[str] = frozenset()
) -> tuple[set[str], int]:
    """Every equation the published tables imply; returns (recoverable hidden cells, hidden).

    ``sasaran``: further unpublished quantities to try (e.g. a desa's small count of deceased
    recipients, ``desa:<kode>:meninggal_penerima``)."""
    p = Penyerang()
    p.tersembunyi |= set(sasaran)
    kab = publik["indikator_kualitas"].iloc[0]
    w = kab["kode_wilayah"]
    n_kab = p.nilai(f"kab:{w}:n", kab["jumlah_individu"])
    kel_kab = p.nilai(f"kab:{w}:kel", kab["jumlah_keluarga"])
    # kabupaten desil totals from the reconciliation (cumulative desil 1, 1–2, 1–3, 1–4)
    rek = publik["rekonsiliasi_bps"]
    rek = rek[rek["sumber"] == "BNBA"]
    for jenis, awalan in (("penduduk", "kab_desil"), ("keluarga", "kab_kel_desil")):
        baris = rek[rek["ukuran"].str.startswith(jenis)].reset_index(drop=True)
        for i, v in enumerate(baris["nilai"], start=1):
            kum = p.nilai(f"{awalan}:{i}:kum", v)
            p.jumlah(kum, [f"{awalan}:{d}" for d in range(1, i + 1)])
    p.jumlah(n_kab, [f"kab_desil:{d}" for d in range(1, 11)])
    p.jumlah(kel_kab, [f"kab_kel_desil:{d}" for d in range(1, 11)])
    # desil tables
    dk = publik["desil_kecamatan"]
    for _, r in dk.iterrows():
        c = r["kode_kecamatan"]
        sel = [p.nilai(f"kec:{c}:d{d}", r[f"desil_{d}"]) for d in range(1, 11)]
        p.jumlah(p.nilai(f"kec:{c}:n", r["jumlah"]), sel)
    for d in range(1, 11):
        p.jumlah(f"kab_desil:{d}", [f"kec:{c}:d{d}" for c in dk["kode_kecamatan"]])
    dd = publik["desil_desa"]
    for _, r in dd.iterrows():
        ds = r["kode_desa"]
        sel = [p.nilai(f"desa:{ds}:d{d}", r[f"desil_{d}"]) for d in range(1, 11)]
        p.jumlah(p.nilai(f"desa:{ds}:n", r["jumlah"]), sel)
    for c, bagian in dd.groupby("kode_kecamatan"):
        for d in range(1, 11):
            p.jumlah(f"kec:{c}:d{d}", [f"desa:{ds}:d{d}" for ds in bagian["kode_desa"]])
    # per-desa quality: every component is a count over n; the kabupaten rates tie the sums
    kd = publik["kualitas_desa"]
    komponen = {
        "persen_nik_valid": ("nik_valid", False),
        "persen_nik_unik": ("nik_ganda", True),
        "persen_kk_valid": ("kk_valid", False),
        "persen_umur_wajar": ("umur", True),
        "persen_tanpa_meninggal_penerima": ("meninggal_penerima", True),
        "persen_progres_verval": ("verval", False),
    }
    jumlah_desa: dict[str, list[str]] = defaultdict(list)
    for _, r in kd.iterrows():
        ds = r["kode_desa"]
        n = p.nilai(f"desa:{ds}:n", r["n_individu"])
        jumlah_desa["kel"].append(p.nilai(f"desa:{ds}:kel", r["n_keluarga"]))
        p.nilai(f"desa:{ds}:bermasalah", r["n_bermasalah"])
        for kol, (nama, gagal) in komponen.items():
            hit = f"desa:{ds}:{nama}"
            jumlah_desa[nama].append(hit)
            lain = f"desa:{ds}:{nama}:" + ("lolos" if gagal else "gagal")
            p.jumlah(n, [hit, lain])
            # published as the share passing
            p.rasio(r[kol], lain if gagal else hit, n)
    p.jumlah(kel_kab, jumlah_desa["kel"])
    for nama, kol in (("nik_valid", "persen_nik_valid"), ("verval", "progres_verval")):
        total = f"kab:{nama}"
        p.jumlah(total, jumlah_desa[nama])
        p.rasio(kab[kol], total, n_kab)
    p.jumlah("kab:nik_ganda", jumlah_desa["nik_ganda"])
    p.rasio(kab["persen_duplikat"], "kab:nik_ganda", n_kab)
    p.rasio(kab["cakupan_desil1"], "kab:k1_program", "kab_kel_desil:1")
    # quadrant
    for _, r in publik["kuadran_desa"].iterrows():
        ds = r["kode_desa"]
        m = p.nilai(f"desa:{ds}:miskin", r["jumlah_miskin"])
        p.jumlah(m, [f"desa:{ds}:d{d}" for d in range(1, desil_kuadran + 1)])
        pend = p.nilai(f"desa:{ds}:n", r["penduduk"])
        p.rasio(r["persen_miskin"], m, pend)
    # targeting
    aturan = muat_aturan()
    for nama, tingkat in (("sasaran_program", "kab"), ("sasaran_kecamatan", "kec")):
        for _, r in publik[nama].iterrows():
            k = r["kode_wilayah"] if tingkat == "kab" else r["kode_kecamatan"]
            pre = f"{tingkat}:{k}:{r['program']}"
            c = {
                h: p.nilai(f"{pre}:{h}", r[h])
                for h in ("layak", "penerima", "layak_penerima", "inklusi", "eksklusi")
            }
            p.jumlah(c["penerima"], [c["layak_penerima"], c["inklusi"]])
            p.jumlah(c["layak"], [c["layak_penerima"], c["eksklusi"]])
            p.rasio(r["cakupan"], c["layak_penerima"], c["layak"])
            p.rasio(r["galat_inklusi"], c["inklusi"], c["penerima"])
            p.rasio(r["galat_eksklusi"], c["eksklusi"], c["layak"])
            prog = aturan.program[r["program"]]
            batas = range(1, prog.desil_maks + 1)
            if prog.unit == "individu":
                awal = "kab_desil:" if tingkat == "kab" else f"kec:{k}:d"
                p.jumlah(c["layak"], [f"{awal}{d}" for d in batas])
            elif tingkat == "kab":
                p.jumlah(c["layak"], [f"kab_kel_desil:{d}" for d in batas])
    sk = publik["sasaran_kecamatan"]
    for prog, bagian in sk.groupby("program"):
        for h in ("layak", "penerima", "layak_penerima", "inklusi", "eksklusi"):
            p.jumlah(
                f"kab:{w}:{prog}:{h}", [f"kec:{k}:{prog}:{h}" for k in bagian["kode_kecamatan"]]
            )
    return p.dapat_dipulihkan(), len(p.tersembunyi)


# ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=[(4_000, 4), (9_000, 7)], ids=["4000", "9000"])
def hasil(request, tmp_path_factory):
    jumlah, seed = request.param
    folder = tmp_path_factory.mktemp(f"ungkap{jumlah}")
    m = buat_contoh("6303", jumlah, seed=seed, tujuan=folder, tanggal_acuan=ACUAN)
    with cek_bnba(m.berkas[0], "6303", tanggal_acuan=ACUAN) as h:
        bps = {"p0": 2.74, "penduduk": 600_639, "rse": 12.0, "tahun": 2025}
        return h.kubus.copy(), ringkasan_publik(h, bps=bps)


def _hitungan_kecil(kubus: pd.DataFrame) -> set[str]:
    """Unpublished small counts per desa (1..4 rows failing a check) the attacker targets."""
    t = kubus.groupby("kode_desa").sum(numeric_only=True)
    gagal = {
        "nik_valid:gagal": t["n_individu"] - t["n_nik_valid"],
        "nik_ganda": t["n_nik_ganda"],
        "kk_valid:gagal": t["n_individu"] - t["n_kk_valid"],
        "umur": t["n_umur_tidak_wajar"],
        "meninggal_penerima": t["n_meninggal_penerima"],
        "verval:gagal": t["n_individu"] - t["n_verval_sudah"],
    }
    return {
        f"desa:{ds}:{nama}" for nama, seri in gagal.items() for ds, v in seri.items() if 1 <= v <= 4
    }


def test_tidak_ada_sel_tersembunyi_yang_dapat_dihitung_ulang(hasil):
    kubus, publik = hasil
    kecil = _hitungan_kecil(kubus)
    assert len(kecil) > 5  # deceased recipients, implausible ages … in small numbers
    pulih, n_tersembunyi = serang(publik, sasaran=kecil)
    assert n_tersembunyi > 20  # small desa: there is something to protect
    assert pulih == set()


def test_penyerang_memulihkan_sel_bila_hanya_supresi_per_tabel(hasil):
    """Control: per-table primary suppression alone leaks (so the attacker above works)."""
    kubus, publik = hasil
    naif = {k: v.copy() for k, v in publik.items()}
    # Undo the system-wide decision: show every count that is 0 or ≥ 5, hide only 1..4.
    from analisis.bnba.sasaran import distribusi_desil

    for nama, tingkat in (("desil_desa", "desa"), ("desil_kecamatan", "kecamatan")):
        t = distribusi_desil(kubus, tingkat, "individu")
        for kol in [f"desil_{d}" for d in range(1, 11)] + ["jumlah"]:
            t[kol] = t[kol].astype(object).where(~t[kol].between(1, 4), TANDA)
        naif[nama] = t
    pulih, _ = serang(naif)
    assert pulih  # e.g. a single hidden desil in a row with its total


def test_penyerang_memulihkan_hitungan_dari_persen_bila_tidak_ditekan(hasil):
    """Control for the issue's case: percentages shown over small failing counts give the
    counts back (``n × (100 − persen)/100``)."""
    kubus, publik = hasil
    kd = publik["kualitas_desa"].copy()
    t = kubus.groupby("kode_desa").sum(numeric_only=True)
    kd = kd.set_index("kode_desa")
    kd["n_individu"] = t["n_individu"]
    kd["persen_tanpa_meninggal_penerima"] = (
        100.0 * (t["n_individu"] - t["n_meninggal_penerima"]) / t["n_individu"]
    )
    naif = {**publik, "kualitas_desa": kd.reset_index()}
    kecil = {x for x in _hitungan_kecil(kubus) if x.endswith("meninggal_penerima")}
    pulih, _ = serang(naif, sasaran=kecil)
    assert kecil and kecil <= pulih


def test_nilai_yang_tampil_benar_dan_k_anonim(hasil):
    kubus, publik = hasil
    from analisis.bnba.sasaran import distribusi_desil

    benar = distribusi_desil(kubus, "desa", "individu").set_index("kode_desa")
    dd = publik["desil_desa"].set_index("kode_desa")
    for ds, r in dd.iterrows():
        for d in range(1, 11):
            v = r[f"desil_{d}"]
            if v != TANDA:
                assert v == benar.at[ds, f"desil_{d}"]
    for nama, (kuasi, hitung) in {
        "desil_desa": (["kode_desa"], [f"desil_{d}" for d in range(1, 11)] + ["jumlah"]),
        "kualitas_desa": (["kode_desa"], ["n_individu", "n_keluarga", "n_bermasalah"]),
    }.items():
        assert periksa_k_anonim(publik[nama], nama, kuasi, hitung, 5) == []


def test_mesin_menekan_sampai_audit_bersih():
    m = KendaliUngkap(n_minimum=5)
    # a 2 × 3 table with row and column totals; one small cell
    sel = {
        (i, j): m.sel(("s", i, j), v)
        for (i, j), v in {
            (0, 0): 3,
            (0, 1): 10,
            (0, 2): 20,
            (1, 0): 7,
            (1, 1): 11,
            (1, 2): 30,
        }.items()
    }
    for i in range(2):
        m.jumlah(
            m.sel(("baris", i), sum(m.nilai[sel[(i, j)]] for j in range(3))),
            [sel[(i, j)] for j in range(3)],
        )
    for j in range(3):
        m.jumlah(
            m.sel(("kolom", j), sum(m.nilai[sel[(i, j)]] for i in range(2))),
            [sel[(i, j)] for i in range(2)],
        )
    tekan = m.jalankan()
    assert sel[(0, 0)] in tekan and len(tekan) >= 4  # a rectangle of hidden cells
    rel = [(r.sel, r.koef) for r in m.relasi]
    assert sel_dapat_dipulihkan(rel, tekan, len(m.nilai)) == set()
    # with only the small cell and one partner hidden, the column gives it away
    assert sel_dapat_dipulihkan(rel, {sel[(0, 0)], sel[(0, 1)]}, len(m.nilai)) == {
        sel[(0, 0)],
        sel[(0, 1)],
    }


def test_k_anonimitas_parameter():
    df = pd.DataFrame({"kode_desa": ["a", "b"], "n": [3, 12]})
    assert [str(x) for x in periksa_k_anonim(df, "t", ["kode_desa"], ["n"], 5)] == [
        "tabel t, baris a, kolom n: jumlah di bawah k"
    ]
    assert periksa_k_anonim(df, "t", ["kode_desa"], ["n"], 3) == []
    assert Privasi(n_minimum=5).k == 5 and Privasi(n_minimum=5, k_anonimitas=10).k == 10


# ------------------------------------------------------------------------------------------
# The same attack on what the CLI really publishes


def test_keluaran_cli_tidak_memulihkan_sel_tersembunyi_dan_k_anonim(tmp_path):
    """``bnba contoh`` + ``bnba cek`` through the CLI; the attacker reads the published files
    (every CSV, equal to the tables of ``ringkasan_publik.json``) and recovers nothing."""
    import json

    from click.testing import CliRunner

    from analisis.bnba.cli import bnba
    from analisis.bnba.konfigurasi import muat_privasi

    runner = CliRunner()
    r = runner.invoke(
        bnba,
        ["contoh", "--wilayah", "6303", "--jumlah", "5000", "--seed", "9"]
        + ["--keluaran", str(tmp_path / "data"), "--tanggal-acuan", ACUAN.isoformat()],
    )
    assert r.exit_code == 0, r.output
    berkas = next((tmp_path / "data").glob("BNBA_SINTETIS_6303_*.parquet"))
    keluar = tmp_path / "keluar"
    r = runner.invoke(
        bnba,
        ["cek", str(berkas), "--wilayah", "6303", "--keluaran", str(keluar)]
        + ["--tanggal-acuan", ACUAN.isoformat(), "--p0", "2,74".replace(",", ".")]
        + ["--penduduk", "600639", "--rse", "12", "--tahun", "2025"],
    )
    assert r.exit_code == 0, r.output
    folder = keluar / "publik"
    isi = json.loads((folder / "ringkasan_publik.json").read_text("utf-8"))
    publik = {}
    for nama, baris in isi["tabel"].items():
        df = pd.DataFrame(baris)
        for k in [c for c in df.columns if c.startswith("kode_")]:
            df[k] = df[k].astype(str)
        publik[nama] = df
        # the CSV holds the same cells as the JSON table
        csv = pd.read_csv(folder / f"{nama}.csv", dtype=str, keep_default_na=False)
        assert list(csv.columns) == list(df.columns)
        assert len(csv) == len(df)
        tanda = (csv == TANDA).to_numpy().sum()
        assert tanda == sum((df[c].astype(str) == TANDA).sum() for c in df.columns)
    with cek_bnba(berkas, "6303", tanggal_acuan=ACUAN) as h:
        kecil = _hitungan_kecil(h.kubus)
    assert len(kecil) > 5
    pulih, n_tersembunyi = serang(publik, sasaran=kecil)
    assert n_tersembunyi > 20
    assert pulih == set()
    # k-anonymity of the published counts over their quasi-identifiers (k from privasi.yaml)
    k = muat_privasi().k
    kuasi = {
        "desil_desa": (["kode_desa"], [f"desil_{d}" for d in range(1, 11)] + ["jumlah"]),
        "desil_kecamatan": (["kode_kecamatan"], [f"desil_{d}" for d in range(1, 11)]),
        "kualitas_desa": (["kode_desa"], ["n_individu", "n_keluarga", "n_bermasalah"]),
        "kuadran_desa": (["kode_desa"], ["jumlah_miskin", "penduduk"]),
        "sasaran_kecamatan": (
            ["kode_kecamatan", "program"],
            ["layak", "penerima", "layak_penerima", "inklusi", "eksklusi"],
        ),
    }
    for nama, (q, hitung) in kuasi.items():
        assert periksa_k_anonim(publik[nama], nama, q, hitung, k) == [], nama
    assert isi["meta"]["privasi"]["k_anonimitas"] == k
