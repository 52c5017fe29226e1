"""Presentation of a provincial ranking for the notebook report (Bahasa Indonesia).

Charts and tables only; every number comes from :mod:`analisis.peringkat.jalankan`. Text
from the framework, the inputs or the metadata is HTML-escaped before it enters Markdown or
HTML (tables are escaped by :func:`analisis.laporan.format.gaya_tabel`).
"""

from __future__ import annotations

from html import escape

import pandas as pd
from IPython.display import HTML, Markdown

from analisis.laporan import format as fmt
from analisis.laporan import grafik
from analisis.peringkat.jalankan import HasilRangking

NAMA_NORMALISASI = {
    "max_rasio": "rasio terhadap maksimum",
    "min_maks": "min–maks",
    "skor_z": "skor z",
    "rubrik": "rubrik A–D",
    "capaian_target": "capaian target",
}


def judul(h: HasilRangking) -> Markdown:
    m = h.meta
    jenis = "Peringkat Hasil" if h.peringatan.hanya_dimensi_hasil else "Peringkat Kinerja TKPK"
    return Markdown(
        f"# {jenis} Kabupaten/Kota Provinsi {m.provinsi} Tahun {m.tahun}\n\n"
        f"Kerangka: {escape(h.kerangka.nama)}. Disusun dengan analisis {m.versi_analisis}."
    )


def peringatan(h: HasilRangking) -> HTML:
    """Banner with every caveat of the ranking (the same sentences as the site and downloads)."""
    butir = [escape(k) for k in h.peringatan.kalimat(h.kerangka)]
    butir.append(
        "Kerangka dapat diubah di <code>params/peringkat/</code>; lihat uji ketahanan di bawah "
        "untuk seberapa kokoh setiap peringkat."
    )
    isi = "".join(f"<li>{b}</li>" for b in butir)
    return HTML(
        f'<div style="border-left:6px solid #E69F00;background:#fff8e6;padding:6px 12px"><ul>{isi}</ul></div>'
    )


def tabel_peringkat(h: HasilRangking):
    t = h.tabel()
    dim = {f"skor_{d.kode}": d.nama for d in h.kerangka.dimensi}
    t["rentang peringkat 90%"] = [
        "–" if fmt.nilai_hilang(a) else f"{int(a)}–{int(b)}"
        for a, b in zip(t["interval_bawah"], t["interval_atas"], strict=True)
    ]
    t["peluang 3 besar"] = [
        fmt.persen(100 * p, 0, singkat=True) if not fmt.nilai_hilang(p) else "–"
        for p in t["peluang_3_besar"]
    ]
    t["ditandai"] = ["ya" if x else "tidak" for x in t["ditandai"]]
    kolom = [
        "peringkat",
        "nama",
        "kode_wilayah",
        "skor",
        "rentang peringkat 90%",
        "peluang 3 besar",
        *dim,
        "ditandai",
    ]
    d = t[kolom].rename(columns={"nama": "wilayah", **dim, "kode_wilayah": "kode"})
    return fmt.gaya_tabel(
        d, {"peringkat": "angka:0", "skor": "angka:1", **{v: "angka:1" for v in dim.values()}}
    )


def grafik_skor(h: HasilRangking):
    """Composite score per region, split into the dimension contributions (points)."""
    s = h.indeks.skor_dimensi
    urutan = h.tabel()["nama"].tolist()  # best at the top
    d = s[["wilayah", "nama_dimensi", "kontribusi"]]
    return grafik.grafik_batang_tumpuk(
        d,
        kategori="wilayah",
        nilai="kontribusi",
        tumpukan="nama_dimensi",
        urutan=urutan,
        format_nilai=lambda v: f"{fmt.angka(v, 1)} poin",
        judul="Skor komposit dan sumbangan dimensi",
        label_nilai="skor komposit (poin)",
        label_tumpukan="Dimensi",
    )


def grafik_interval(h: HasilRangking):
    """Rank uncertainty: deterministic rank (dot) and 90 % interval (bar) per region."""
    return grafik_interval_tabel(h.tabel())


def grafik_interval_tabel(tabel: pd.DataFrame) -> grafik.Grafik:
    """The rank uncertainty chart from a ranking table (columns ``nama``, ``peringkat``,
    ``interval_bawah``, ``interval_atas``, ``peluang_3_besar``); unranked rows are left out."""
    t = tabel.dropna(subset=["peringkat"])
    t["peringkat"] = t["peringkat"].astype(float)
    t["teks"] = [
        f"peringkat {int(r.peringkat)}; rentang 90%: {int(r.interval_bawah)}–{int(r.interval_atas)}; "
        f"peluang 3 besar {fmt.persen(100 * r.peluang_3_besar, 0, singkat=True)}"
        for r in t.itertuples()
    ]
    return grafik.grafik_interval(
        t,
        kategori="nama",
        titik="peringkat",
        bawah="interval_bawah",
        atas="interval_atas",
        teks="teks",
        judul="Ketidakpastian peringkat (rentang 90% dari simulasi Monte Carlo)",
    )


def tabel_kontribusi(h: HasilRangking):
    k = h.indeks.kontribusi
    lebar = k.pivot_table(
        index="wilayah", columns="nama_indikator", values="kontribusi", aggfunc="sum"
    )
    urutan = h.tabel()["nama"].tolist()
    lebar = lebar.reindex(urutan).reset_index()
    return fmt.gaya_tabel(lebar, {c: "angka:1" for c in lebar.columns if c != "wilayah"})


def tabel_pasangan(h: HasilRangking):
    p = h.robust.pasangan_tidak_robust
    if p.empty:
        return Markdown("Tidak ada pasangan berurutan yang urutannya tidak robust.")
    d = p[
        ["wilayah_atas", "peringkat_atas", "wilayah_bawah", "peringkat_bawah", "proporsi_terbalik"]
    ].copy()
    d["proporsi_terbalik"] = [fmt.persen(100 * v, 0, singkat=True) for v in d["proporsi_terbalik"]]
    return fmt.gaya_tabel(
        d.rename(
            columns={
                "wilayah_atas": "wilayah (lebih tinggi)",
                "peringkat_atas": "peringkat",
                "wilayah_bawah": "wilayah (lebih rendah)",
                "peringkat_bawah": "peringkat ",
                "proporsi_terbalik": "urutan terbalik dalam simulasi",
            }
        ),
        {"peringkat": "angka:0", "peringkat ": "angka:0"},
    )


def tabel_kerangka(h: HasilRangking):
    baris = []
    for d in h.kerangka.dimensi:
        for i in d.indikator:
            baris.append(
                {
                    "dimensi": d.nama,
                    "bobot dimensi": d.bobot,
                    "indikator": i.nama,
                    "kode": i.kode,
                    "sumber": i.sumber,
                    "arah": "naik = baik" if i.arah == "naik_baik" else "turun = baik",
                    "normalisasi": NAMA_NORMALISASI.get(i.normalisasi, i.normalisasi),
                    "bobot indikator": i.bobot,
                }
            )
    return fmt.gaya_tabel(
        pd.DataFrame(baris), {"bobot dimensi": "angka:2", "bobot indikator": "angka:2"}
    )


def teks_metode(h: HasilRangking) -> Markdown:
    p = h.robust.parameter
    konsentrasi = p.get("konsentrasi_dimensi")
    return Markdown(
        "**Indeks komposit.** Setiap indikator dinormalkan ke skala 0–100 (arah diperhitungkan), dikalikan bobot "
        "indikator dalam dimensinya, lalu bobot dimensi: skor = Σ bobot dimensi × Σ bobot indikator × skor indikator. "
        "Sumbangan setiap indikator (poin) dijumlahkan menjadi skor, sehingga setiap posisi dapat dijelaskan. "
        "Nilai sama berbagi peringkat terbaik.\n\n"
        f"**Data hilang.** Kebijakan: *{escape(str(p.get('kebijakan_data_hilang')))}* — bobot dihitung ulang atas indikator yang "
        "tersedia dan wilayah ditandai; tidak ada nilai yang diisi (diimputasi).\n\n"
        f"**Uji ketahanan (Monte Carlo).** {fmt.angka(p.get('jumlah_iterasi'), 0)} simulasi dengan benih "
        f"{p.get('benih')}: bobot diambil dari sebaran Dirichlet berpusat pada bobot kerangka (konsentrasi "
        f"{fmt.angka(konsentrasi, 0) if isinstance(konsentrasi, (int, float)) else konsentrasi}), indikator statistik "
        "diberi galat sampel (SE/RSE bila ada, selain itu nilai bawaan kerangka), dan metode normalisasi dipilih acak "
        f"dari {escape(', '.join(map(str, p.get('normalisasi_alternatif', []))))}. Rentang 90% = persentil ke-5 s.d. ke-95 peringkat; "
        f"pasangan ditandai tidak robust bila urutannya terbalik pada ≥ {fmt.persen(100 * p.get('ambang_urutan_tidak_robust', 0.1), 0, singkat=True)} simulasi."
    )


def tabel_masukan(h: HasilRangking):
    d = h.masukan.data.reset_index()
    return fmt.gaya_tabel(d.rename(columns={"kode_wilayah": "kode"}))


def daftar_sumber(h: HasilRangking) -> Markdown:
    nama = {
        "statistik": "Statistik (hasil evaluasi wilayah)",
        "evaluator": "Isian evaluator",
        "anggaran": "Data anggaran",
        "bnba": "Ringkasan kualitas data BNBA",
    }
    return Markdown(
        "\n".join(
            f"- {escape(nama.get(k, k))}: <code>{escape(str(v))}</code>"
            for k, v in h.meta.sumber.items()
        )
    )
