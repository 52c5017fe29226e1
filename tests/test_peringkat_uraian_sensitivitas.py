"""The stored sensitivity and coherence results as report tables and plain-Indonesian sentences
(:mod:`analisis.peringkat.uraian_sensitivitas`) and the report section's display objects
(:mod:`analisis.peringkat.tampilan_sensitivitas`): names never codes, Indonesian numbers,
escaped framework text, and every number equal to the stored one."""

from __future__ import annotations

import json
import re

import pytest

from analisis.peringkat import tampilan_sensitivitas as ts
from analisis.peringkat import uraian_sensitivitas as us
from analisis.peringkat.indeks import hitung_indeks
from analisis.peringkat.kerangka import kerangka_bawaan, kerangka_dari_dict
from analisis.peringkat.koherensi import analisis_koherensi
from analisis.peringkat.sensitivitas import analisis_sensitivitas
from test_peringkat_sensitivitas import _data

NAMA_JAHAT = "Rapat <b>koordinasi</b> & evaluasi"


def _kerangka(nama_rakor: str | None = None):
    k = kerangka_bawaan()
    if nama_rakor is None:
        return k
    isi = k.model_dump(mode="json")
    for d in isi["dimensi"]:
        for i in d["indikator"]:
            if i["kode"] == "jumlah_rakor":
                i["nama"] = nama_rakor
    return kerangka_dari_dict(isi)


@pytest.fixture(scope="module")
def tersimpan():
    """Sensitivity and coherence of 20 synthetic regions, as stored (JSON round trip), with an
    indicator name that is markup."""
    data = _data(20, benih=3)
    k = _kerangka(NAMA_JAHAT)
    sens = analisis_sensitivitas(data, k, jumlah_sampel=128, benih=11, jumlah_bootstrap=50)
    koh = analisis_koherensi(hitung_indeks(data, k))
    return json.loads(json.dumps(sens.ke_json())), json.loads(json.dumps(koh.ke_json())), k


def test_tabel_sobol_nama_dan_urutan(tersimpan):
    sens, _, _ = tersimpan
    t = us.tabel_sobol(sens)
    nama = {f["kode"]: f["nama"] for f in sens["faktor"]}
    assert set(t["kode"]) == set(nama) and list(t["faktor"]) == [nama[k] for k in t["kode"]]
    assert list(t["ST"]) == sorted(t["ST"], reverse=True)
    j = [f["kode"] for f in sens["faktor"]].index(t.at[0, "kode"])
    assert t.at[0, "ST"] == sens["pergeseran_rata_rata"]["ST"][j]
    assert t.at[0, "S1_atas"] == sens["pergeseran_rata_rata"]["S1_atas"][j]
    # Per region: the stored indices of that region.
    w = sens["wilayah"][3]
    tw = us.tabel_sobol(sens, w["kode_wilayah"]).set_index("kode")
    for j, f in enumerate(sens["faktor"]):
        assert tw.at[f["kode"], "ST"] == pytest.approx(w["ST"][j])


def test_kalimat_temuan_sobol(tersimpan):
    sens, _, _ = tersimpan
    t = us.tabel_sobol(sens)
    kalimat = us.kalimat_temuan_sobol(sens)
    utama = t.iloc[0]
    st = round(100 * utama["ST"])
    assert kalimat.startswith(
        f"Pilihan yang paling menentukan peringkat adalah {utama['faktor'].lower()}: "
        f"{st} persen keragaman pergeseran peringkat terkait dengannya"
    )
    rata = sens["pergeseran_rata_rata"]["rata_rata"]
    assert f"bergeser {f'{rata:.1f}'.replace('.', ',')} peringkat" in kalimat
    for f in sens["faktor"]:
        assert "_" not in f["kode"] or f["kode"] not in kalimat  # names, never codes
    tanpa = {**sens, "faktor": []}
    assert "tidak dihitung" in us.kalimat_temuan_sobol(tanpa)
    assert not us.ada_indeks(tanpa)


def test_penghapusan_dan_alternatif(tersimpan):
    sens, _, k = tersimpan
    nama_dim = {d.kode: d.nama for d in k.dimensi}
    t = us.tabel_penghapusan(sens, nama_dim)
    assert len(t) == len(sens["penghapusan"]["indikator"]) + len(sens["penghapusan"]["dimensi"])
    assert list(t["pergeseran_rata_rata"]) == sorted(t["pergeseran_rata_rata"], reverse=True)
    dim = t[t["jenis"] == "dimensi"]
    assert set(dim["dihapus"]) == set(nama_dim.values()) and dim["dimensi"].isna().all()
    ind = t[t["jenis"] == "indikator"]
    assert set(ind["dimensi"]) <= set(nama_dim.values())
    kalimat = us.kalimat_penghapusan(sens, nama_dim)
    utama = t.iloc[0]
    assert f"bila {utama['jenis']} {utama['dihapus']} dihapus" in kalimat
    assert f"paling jauh {utama['pergeseran_maks']} peringkat" in kalimat
    alt = us.tabel_alternatif(sens)
    assert len(alt) == len(sens["alternatif"])
    assert set(alt["pilihan"]) == {a["nama"] for a in sens["alternatif"]}
    assert "metode_agregasi" not in " ".join(alt["faktor"])


def test_koherensi(tersimpan):
    _, koh, k = tersimpan
    nama_dim = {d.kode: d.nama for d in k.dimensi}
    t = us.tabel_koherensi_indikator(koh, nama_dim)
    assert len(t) == sum(1 for r in koh["indikator"] if r["jumlah_wilayah"])
    assert t["sumbangan_keragaman"].sum() == pytest.approx(1.0, abs=1e-3)
    assert set(t["dimensi"]) <= set(nama_dim.values())
    d = us.tabel_koherensi_dimensi(koh)
    assert list(d["dimensi"]) == list(nama_dim.values())
    assert d["jumlah_indikator"].sum() == len(koh["indikator"])
    assert "20 wilayah" in us.kalimat_koherensi_indikator(koh)
    assert "minimal 0,70" in us.kalimat_koherensi_dimensi(koh)


def test_penjelasan_wilayah_dari_hasil_tersimpan(tersimpan):
    sens, _, _ = tersimpan
    w = next(w for w in sens["wilayah"] if not w["peringkat_tetap"])
    kode = w["kode_wilayah"]
    p = us.penjelasan_wilayah(sens, kode)
    assert p is not None
    assert (p.nama, p.peringkat, p.uraian) == (w["nama"], w["peringkat"], w["uraian"])
    assert p.rentang == (int(w["peringkat_p05"]), int(w["peringkat_p95"]))
    assert list(p.faktor["ST"]) == sorted(p.faktor["ST"], reverse=True)
    semua = {
        f"tanpa {jenis} {r['nama']}": r["pergeseran"][kode]
        for jenis in ("indikator", "dimensi")
        for r in sens["penghapusan"][jenis]
    }
    terbesar = sorted((abs(g) for g in semua.values() if g), reverse=True)[:3]
    assert [abs(g) for _, g in p.penghapusan] == terbesar
    for label, g in p.penghapusan:
        assert semua[label] == g
    assert us.penjelasan_wilayah(sens, "9999") is None
    assert us.teks_geser(2) == "turun 2 peringkat" and us.teks_geser(-1) == "naik 1 peringkat"
    assert us.teks_parameter(sens) == (
        "Rancangan Saltelli dengan sampel dasar 128 (1.024 kali indeks dihitung ulang), "
        "benih 11, selang kepercayaan 95 persen dari 50 sampel bootstrap."
    )


def _html(obj) -> str:
    return obj.to_html() if hasattr(obj, "to_html") else obj.data


def test_bagian_laporan_meloloskan_teks_kerangka(tersimpan):
    sens, koh, k = tersimpan
    keluaran = [
        ts.penjelasan_sobol(sens),
        ts.tabel_penghapusan(sens, k),
        ts.penjelasan_penghapusan(sens, k),
        ts.tabel_alternatif(sens),
        ts.tabel_koherensi(koh, k),
        ts.tabel_koherensi_dimensi(koh),
        ts.peringatan_koherensi(koh),
    ]
    html = "".join(_html(o) for o in keluaran)
    assert "<b>koordinasi</b>" not in html
    assert "Rapat &lt;b&gt;koordinasi&lt;/b&gt; &amp; evaluasi" in html
    # Indonesian numbers in the tables (decimal comma), no indicator codes in visible text.
    teks = re.sub(r"<[^>]+>", " ", re.sub(r"<style.*?</style>", " ", html, flags=re.DOTALL))
    assert re.search(r"\d,\d\d", teks)
    for ind in k.kode_indikator:
        assert ind not in teks
    g = ts.grafik_sobol(sens)
    assert g.meta["jenis"] == "batang_selang"
    assert g.meta["urutan"] == list(us.tabel_sobol(sens)["faktor"])
    assert g.meta["seri"] == [ts.SERI_S1, ts.SERI_ST]
    # Nothing computed: the section says so in plain words.
    assert "tidak dihitung" in ts.grafik_sobol(None).data
    assert "tidak dihitung" in ts.tabel_koherensi(None, k).data
