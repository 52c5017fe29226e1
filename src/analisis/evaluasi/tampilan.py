"""Presentation of an evaluation result for the notebook report (Bahasa Indonesia).

Each function turns one part of a :class:`~analisis.evaluasi.hitung.HasilEvaluasi` into
something a notebook displays: Markdown text, a captioned table
(:class:`~analisis.laporan.tabel.TabelLaporan`) or a Vega-Lite chart. Every number a reader
sees goes through :mod:`analisis.laporan.indikator` (the indicator's published precision and
its unit) or :mod:`analisis.laporan.format`; indicators are shown by name, never by code.
Nothing here computes a method result.
"""

from __future__ import annotations

import html
import math
import re
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
from IPython.display import HTML, Markdown

from analisis.evaluasi.hitung import HasilEvaluasi
from analisis.laporan import format as fmt
from analisis.laporan import grafik
from analisis.laporan import indikator as li
from analisis.laporan.grafik_kuadran import grafik_kuadran
from analisis.laporan.tabel import TabelLaporan, baris_tabel
from analisis.tata_letak import TataLetak

WARNA_STATUS = {
    "lebih baik": "#1b7837",
    "lebih buruk": "#b2182b",
    "sama": "#4D4D4D",
    "netral": "#4D4D4D",
    "tanpa pembanding": "#4D4D4D",
    "tidak ada data": "#9e9e9e",
}
SUDUT_PERKEMBANGAN = {
    (False, False): "unggul",
    (True, False): "mengejar",
    (True, True): "prioritas",
    (False, True): "waspada",
}
"""Level × change quadrants of P0 by corner (right = P0 above the threshold, up = falling
slower than the reference); for a higher-is-better change axis see :func:`_sudut_indikator`."""

PENJELASAN_KUADRAN = {
    "unggul": "P0 di bawah pembanding dan turun lebih cepat",
    "mengejar": "P0 di atas pembanding tetapi turun lebih cepat",
    "prioritas": "P0 di atas pembanding dan turun lebih lambat (atau naik)",
    "waspada": "P0 di bawah pembanding tetapi turun lebih lambat",
}
STATUS_TARGET = {
    "tercapai": "sudah mencapai target pada data terakhir",
    "sesuai jalur": "sesuai jalur (laju historis cukup untuk mencapai target)",
    "terlalu lambat": "terlalu lambat (proyeksi melewati tahun target)",
    "stagnan": "stagnan (tidak bergerak ke arah target)",
    "menjauh": "menjauh dari target",
    "riwayat terlalu pendek": "riwayat terlalu pendek untuk diproyeksikan",
    "tidak ada data": "tidak ada data",
}


def nama_indikator(ind: str) -> str:
    return li.nama(ind)


def nilai_satuan(x: float, ind: str) -> str:
    """A value with its unit in Indonesian (``4,65 persen``, ``Rp581.229``, ``14.460 jiwa``)."""
    return li.nilai(x, ind)


def _nama_peran(h: HasilEvaluasi, peran: str) -> str:
    return {"wilayah": h.meta["nama"], "provinsi": h.meta["provinsi"], "nasional": "Indonesia"}[
        peran
    ]


def _ada(x: Any) -> bool:
    return not fmt.nilai_hilang(x)


def _salah(x: Any) -> bool:
    """False (and not missing) in a nullable boolean column."""
    return not fmt.nilai_hilang(x) and not bool(x)


def _setengah(g: grafik.Grafik) -> grafik.Grafik:
    """Mark a chart as a small multiple: printed two per row."""
    g.spesifikasi.setdefault("usermeta", {}).setdefault("analisis", {})["kelas"] = "setengah"
    return g


def _th(x: Any) -> str:
    return fmt.NILAI_KOSONG if fmt.nilai_hilang(x) else str(int(x))


# ------------------------------------------------------------------------- 1. ringkasan
def judul(h: HasilEvaluasi) -> Markdown:
    m = h.meta
    jenis = "Kabupaten" if m["tingkat"] == "kabupaten" else "Kota"
    nama = m["nama"] if m["tingkat"] == "kota" else f"{jenis} {m['nama']}"
    return Markdown(
        f"# Evaluasi Penanggulangan Kemiskinan {nama} Tahun {m['tahun']}\n\n"
        f"Provinsi {m['provinsi']} · kode wilayah BPS {m['kode_wilayah']} (Kemendagri {m['kode_kemendagri']}) · "
        f"periode analisis {fmt.tahun_rentang(m['tahun_awal'], m['tahun'])} · pembanding: {m['nama_pembanding']}  \n"
        f"Data: {m['vintase']}; sidik jari data `{m['sidik_jari_data']}`"
        + ("; **memuat data impor pengguna**" if m["ada_data_impor"] else "; data bawaan analisis")
        + f". Disusun dengan `analisis {m['versi_analisis']}`."
    )


def kartu_skor(h: HasilEvaluasi) -> HTML:
    """Score card: value, reference and a direction-aware colour per key indicator."""
    sel = []
    for r in baris_tabel(h.kartu):
        warna = WARNA_STATUS.get(r.status, "#4D4D4D")
        sumber = getattr(r, "sumber_pembanding", "") or h.meta["nama_pembanding"]
        pemb = (
            f"{html.escape(sumber)}: {li.nilai(r.nilai_pembanding, r.indikator)}"
            if _ada(r.nilai_pembanding)
            else ""
        )
        lama = " (data terakhir)" if r.tahun_lama else ""
        sel.append(
            f'<div class="kartu" style="border-left-color:{warna}">'
            f'<div class="kartu-nama">{html.escape(r.nama)}</div>'
            f'<div class="kartu-nilai">{_nilai_kartu(r.nilai, r.indikator)}</div>'
            f'<div class="kartu-kecil">{pemb}</div>'
            f'<div class="kartu-kecil" style="color:{warna}">{html.escape(r.status)}</div>'
            f'<div class="kartu-mutu">tahun {_th(r.tahun_data)}{lama} · mutu '
            f"{r.kualitas or fmt.NILAI_KOSONG}</div></div>"
        )
    keterangan = (
        '<p style="font-size:0.8em;color:#555">Warna: hijau = lebih baik dari pembanding menurut '
        "arah indikator, merah = lebih buruk, abu-abu = tanpa arah (garis kemiskinan), jumlah jiwa "
        "(tidak sebanding antartingkat) atau tanpa nilai pembanding. Bila angka provinsi tahun itu "
        "tidak ada, pembandingnya rata-rata kabupaten/kota (disebutkan). Mutu A = tabel BPS utuh, "
        "B = kompilasi terperiksa, C = kutipan.</p>"
    )
    return HTML('<div class="kartu-skor">' + "".join(sel) + "</div>" + keterangan)


def _nilai_kartu(x: Any, ind: str) -> str:
    """A card's big value: rupiah per capita without the long unit (the card names it)."""
    return li.nilai(x, ind, singkat=li.info(ind).satuan.startswith("Rp/"))


def _kalimat_tren_p0(h: HasilEvaluasi) -> str | None:
    pk = h.perkembangan
    # The first matching rows as plain values (no filtered frame, no row Series).
    r = _baris_pertama(
        pk,
        _sama(pk["indikator"], "p0") & _sama(pk["peran"], "wilayah"),
        ("jumlah_tahun", "perubahan_total", "nilai_awal", "tahun_awal", "nilai_akhir"),
        ("tahun_akhir", "rata_rata_perubahan"),
    )
    if r is None or not r["jumlah_tahun"]:
        return None
    arah = (
        "turun" if r["perubahan_total"] < 0 else ("naik" if r["perubahan_total"] > 0 else "tetap")
    )
    teks = (
        f"Persentase penduduk miskin (P0) {h.meta['nama']} {arah} dari {li.nilai(r['nilai_awal'], 'p0')} "
        f"({_th(r['tahun_awal'])}) menjadi {li.nilai(r['nilai_akhir'], 'p0')} ({_th(r['tahun_akhir'])}), "
        f"rata-rata {li.perubahan(r['rata_rata_perubahan'], 'p0', tambah=1)} per tahun."
    )
    rel = h.relevansi
    if not rel.empty:
        b = _baris_pertama(
            rel,
            _sama(rel["indikator"], "p0") & _sama(rel["tahun"], h.meta["tahun"]),
            ("delta_kab", "label"),
            ("batas_signifikan",),
        )
        if b is not None and _ada(b["delta_kab"]):
            teks += f" Perubahan {h.meta['tahun'] - 1}–{h.meta['tahun']}: {li.perubahan(b['delta_kab'], 'p0')}"
            if b["label"] == "tidak signifikan":
                teks += (
                    f", **tidak signifikan** (di dalam galat sampel ±"
                    f"{li.angka(b['batas_signifikan'], 'p0')} poin persen)."
                )
            elif _ada(b.get("batas_signifikan")):
                teks += (
                    f", signifikan (di luar ±{li.angka(b['batas_signifikan'], 'p0')} poin persen)."
                )
            else:
                teks += "."
    return teks


def _baris_pertama(
    df: pd.DataFrame, pilih: Any, kolom: tuple[str, ...], pilihan: tuple[str, ...] = ()
) -> dict[str, Any] | None:
    """The ``kolom`` (and those of ``pilihan`` the frame has) of the first row ``pilih``
    selects, as plain values; None when it selects none."""
    j = _indeks_pertama(pilih)
    if j is None:
        return None
    return {k: df[k].iat[j] for k in (*kolom, *(k for k in pilihan if k in df))}


def _indeks_pertama(pilih: Any) -> int | None:
    """Position of the first True of a boolean array (None when there is none)."""
    posisi = pilih.nonzero()[0]
    return int(posisi[0]) if len(posisi) else None


def _sama(kolom: pd.Series, nilai: Any) -> np.ndarray:
    """``kolom == nilai`` as a boolean array in which a missing cell (NaN, None, ``pd.NA``) is
    never equal, as in a pandas mask (comparing ``pd.NA`` itself cannot be used as a bool)."""
    return np.asarray(kolom.to_numpy(dtype=object, na_value=None) == nilai, dtype=bool)


def _ada_nilai(nilai: list[Any]) -> bool:
    """Whether any of the values is present (not NaN, None, ``pd.NA`` or ``NaT``)."""
    return any(not pd.isna(v) for v in nilai)


def _kalimat_kuadran(h: HasilEvaluasi) -> str | None:
    kp = h.kuadran_perkembangan
    t = kp.get("tabel") if kp else None
    if t is None or t.empty:
        return None
    kode = h.meta["kode_wilayah"]
    k = _baris_wilayah(
        t, kode, ("kuadran", *(c for c in ("level_signifikan", "laju_signifikan") if c in t))
    )
    if k is None or not isinstance(k["kuadran"], str):
        return None
    kuadran = k["kuadran"]
    teks = (
        f"Kuadran level × perubahan P0 {kp['tahun_awal']}–{kp['tahun_akhir']}: **{kuadran}** "
        f"({PENJELASAN_KUADRAN.get(kuadran, kuadran).replace('pembanding', h.meta['nama_pembanding'])})."
    )
    tidak = [
        teks_sisi
        for kolom, teks_sisi in (
            ("level_signifikan", "selisih level"),
            ("laju_signifikan", "selisih laju"),
        )
        if kolom in k and _salah(k[kolom])
    ]
    if tidak:
        teks += (
            f" {' dan '.join(tidak).capitalize()} dengan {h.meta['nama_pembanding']} tidak "
            "signifikan, sehingga penggolongan ini tidak pasti."
        )
    return teks


def _kalimat_target(h: HasilEvaluasi) -> list[str]:
    baris = []
    for r in baris_tabel(h.target) if not h.target.empty else []:
        nilai_akhir = (
            f"; nilai {_th(r.tahun_terakhir)} {li.nilai(r.nilai_terakhir, r.indikator)}"
            if _ada(r.nilai_terakhir)
            else ""
        )
        baris.append(
            f"Target {li.nama(r.indikator)} {li.nilai(r.nilai_target, r.indikator)} pada "
            f"{r.tahun_target} (sumber: {r.sumber_target}){nilai_akhir}: "
            f"**{STATUS_TARGET.get(r.status, r.status)}**."
        )
    return baris


def _kalimat_ekstrem(h: HasilEvaluasi) -> str | None:
    e = h.ekstrem
    if not e:
        return None
    target = e.get("target")
    bagian = []
    for peran in ("wilayah", "provinsi", "nasional"):
        seri = [b for b in e.get("seri", []) if b["peran"] == peran]
        if seri:
            b = seri[-1]
            bagian.append(
                f"{b['wilayah']} {li.nilai(b['nilai'], 'p0_ekstrem')} ({b['tahun']}, {b['basis']})"
            )
    if not bagian:
        return (
            "Kemiskinan ekstrem: belum ada angka wilayah, provinsi maupun nasional dalam data; "
            "lihat bagian 6."
        )
    teks = "Kemiskinan ekstrem: " + "; ".join(bagian)
    if target:
        teks += f"; target {li.nilai(target['nilai'], 'p0_ekstrem')} pada {target['tahun']}"
    return teks + " (rincian di bagian 6)."


def _kalimat_determinan(h: HasilEvaluasi) -> str | None:
    t = h.determinan.get("tabel") if h.determinan else None
    if t is None or t.empty:
        return None
    r = t.iloc[0]
    return (
        f"Prioritas determinan tertinggi: {r['nama']} ({li.nilai(r['nilai_kab'], r['indikator'])}; "
        f"{r['sumber_pembanding']} {li.nilai(r['nilai_ref'], r['indikator'])})."
    )


def kalimat_ringkasan(h: HasilEvaluasi) -> Markdown:
    """Key sentences: P0 level and change (with its significance), rank, quadrant, targets,
    extreme poverty and the first determinant."""
    m = h.meta
    baris = [_kalimat_tren_p0(h)]
    pw = h.posisi_wilayah.get("p0")
    if pw and pw["peringkat"] is not None:
        pemb = pw.get("sumber_pembanding") or m["nama_pembanding"]
        baris.append(
            f"Peringkat P0 {m['tahun']}: ke-{pw['peringkat']} dari {pw['jumlah']} kabupaten/kota di "
            f"{m['provinsi']} (1 = P0 terendah); {pw['posisi'] or 'tanpa pembanding'} "
            f"({pemb} {li.nilai(pw['nilai_pembanding'], 'p0')})."
        )
    baris += [_kalimat_kuadran(h), *_kalimat_target(h), _kalimat_ekstrem(h), _kalimat_determinan(h)]
    isi = [f"- {b}" for b in baris if b]
    return Markdown(
        "\n".join(isi)
        if isi
        else "Ringkasan tidak dapat disusun: data P0 wilayah ini tidak tersedia."
    )


def tidak_tersedia(h: HasilEvaluasi, kunci: str) -> Markdown | None:
    """A plain statement when a section has no data (None when it has)."""
    if kunci in h.kosong:
        return Markdown(
            f"> **Data tidak tersedia.** {h.kosong[kunci]}. Bagian ini tidak dapat dihitung."
        )
    return None


# ------------------------------------------------------------------------- 2. perkembangan
def grafik_perkembangan(h: HasilEvaluasi, ind: str):
    """Region vs province vs Indonesia for one indicator; gaps stay gaps. The region's P0 has
    its 95 % sampling range."""
    seri = h.seri
    pilih = _sama(seri["indikator"], ind)
    satuan = li.info(ind).satuan
    if "jiwa" in satuan:
        # Counts of people are not comparable across levels: show the region alone.
        pilih &= _sama(seri["peran"], "wilayah")
    ada_rentang = "bawah" in seri
    kolom = ["peran", "tahun", "nilai"] + (["bawah", "atas"] if ada_rentang else [])
    # One selection, then plain lists: a report draws five of these.
    s = {k: seri[k].to_numpy()[pilih].tolist() for k in kolom}
    if not _ada_nilai(s["nilai"]):
        return Markdown(f"> Tidak ada nilai {li.nama(ind)} dalam periode ini.")
    dengan_interval = ind == "p0" and ada_rentang and _ada_nilai(s["bawah"])
    judul_grafik = f"{li.nama(ind)}, {fmt.tahun_rentang(h.meta['tahun_awal'], h.meta['tahun'])}"
    if dengan_interval:
        judul_grafik += " (garis tegak: rentang 95% galat sampel)"
    data = pd.DataFrame(
        {
            "wilayah": [_nama_peran(h, p) for p in s["peran"]],
            "tahun": s["tahun"],
            "nilai": s["nilai"],
            **({"bawah": s["bawah"], "atas": s["atas"]} if dengan_interval else {}),
        }
    )
    return _setengah(
        grafik.grafik_tren(
            data,
            urutan=[
                _nama_peran(h, p)
                for p in ("wilayah", "provinsi", "nasional")
                if p in set(s["peran"])
            ],
            format_nilai=lambda x: li.nilai(x, ind),
            judul=judul_grafik,
            label_y=f"{li.nama_pendek(ind)} ({li.label_satuan(ind)})",
            bawah="bawah" if dengan_interval else None,
            atas="atas" if dengan_interval else None,
            tinggi=300,
        )
    )


_KOLOM_PERKEMBANGAN = (
    "peran",
    "tahun_awal",
    "nilai_awal",
    "tahun_akhir",
    "nilai_akhir",
    "perubahan_total",
    "perubahan_relatif_persen",
    "rata_rata_perubahan",
    "laju_majemuk_persen",
    "keterangan",
    "jendela_awal",
    "jendela_akhir",
    "jendela_dipotong",
)


def tabel_perkembangan(h: HasilEvaluasi, ind: str) -> TabelLaporan:
    """Window summary for one indicator: region, province and Indonesia over the same years."""
    d = list(
        baris_tabel(
            h.perkembangan,
            index=False,
            kolom=_KOLOM_PERKEMBANGAN,
            pilih=_sama(h.perkembangan["indikator"], ind),
        )
    )
    jendela = fmt.tahun_rentang(d[0].jendela_awal, d[0].jendela_akhir)
    dipotong = bool(d[0].jendela_dipotong)
    baris = []
    for r in d:
        baris.append(
            {
                "Wilayah": _nama_peran(h, r.peran),
                "Awal": f"{_th(r.tahun_awal)}: {li.nilai(r.nilai_awal, ind)}"
                if _ada(r.tahun_awal)
                else fmt.NILAI_KOSONG,
                "Akhir": f"{_th(r.tahun_akhir)}: {li.nilai(r.nilai_akhir, ind)}"
                if _ada(r.tahun_akhir)
                else fmt.NILAI_KOSONG,
                "Perubahan": li.perubahan(r.perubahan_total, ind),
                "Perubahan relatif": li.persen_relatif(r.perubahan_relatif_persen),
                "Rata-rata per tahun": li.perubahan(r.rata_rata_perubahan, ind, tambah=1),
                "Laju majemuk per tahun": li.persen_relatif(r.laju_majemuk_persen),
                "Keterangan": r.keterangan or "",
            }
        )
    catatan = None
    if dipotong:
        catatan = (
            f"Deret {h.meta['nama']} hanya mencakup {jendela}; deret pembanding dipotong ke tahun "
            "yang sama agar semua baris sebanding."
        )
    return TabelLaporan(
        pd.DataFrame(baris),
        f"Perkembangan {li.nama(ind)}, jendela {jendela} untuk semua baris",
        catatan=catatan,
    )


# ------------------------------------------------------------------------- 3. relevansi
def tabel_relevansi(h: HasilEvaluasi):
    d = h.relevansi
    if d.empty:
        return Markdown("> Tidak ada tahun dengan data wilayah dan pembanding berurutan.")
    ada = d[d["delta_kab"].notna()]
    kosong = d[d["delta_kab"].isna()]
    pemb = h.meta["nama_pembanding"]
    baris = []
    for r in baris_tabel(ada):
        ind = r.indikator
        baris.append(
            {
                "Indikator": li.nama_pendek(ind),
                "Tahun": str(int(r.tahun)),
                "Δ wilayah": li.perubahan(r.delta_kab, ind),
                f"Δ {pemb}": li.perubahan(r.delta_ref, ind),
                "g wilayah": li.persen_relatif(r.g_kab),
                "g pembanding": li.persen_relatif(r.g_ref),
                "Batas signifikan": f"±{li.angka(r.batas_signifikan, ind)} "
                f"{li.label_satuan(ind, perubahan=True)}"
                if _ada(r.batas_signifikan)
                else fmt.NILAI_KOSONG,
                "Relevansi": r.relevansi if isinstance(r.relevansi, str) else fmt.NILAI_KOSONG,
                "Efektivitas": (
                    f"{r.efektivitas} ({'relatif' if r.aturan_efektivitas == 'relatif' else 'absolut'})"
                    if isinstance(r.efektivitas, str)
                    else fmt.NILAI_KOSONG
                ),
                "Kesimpulan": r.label if isinstance(r.label, str) else fmt.NILAI_KOSONG,
                "Keterangan": _tanpa_pesan_signifikansi(r.keterangan),
            }
        )
    catatan = [
        (
            "Δ = perubahan dari tahun sebelumnya (poin persen untuk persentase, poin untuk "
            "indeks, jiwa untuk jumlah); g = perubahan relatif. Batas signifikan = 1,96 × galat "
            "baku perubahan: |Δ| di bawahnya berlabel "
            "\u201ctidak signifikan\u201d."
        ),
        "Efektivitas jumlah penduduk miskin memakai perubahan relatif (g).",
    ]
    if len(kosong):
        per_ind = kosong.groupby("indikator", sort=False)["tahun"].agg(list)
        catatan.append(
            "Tahun tanpa perubahan wilayah (data tidak ada): "
            + "; ".join(
                f"{li.nama_pendek(i)} {', '.join(str(int(t)) for t in th)}"
                for i, th in per_ind.items()
            )
            + "."
        )
    if not baris:
        return Markdown("> " + " ".join(catatan[2:]))
    return TabelLaporan(
        pd.DataFrame(baris),
        f"Relevansi dan efektivitas terhadap {pemb}, "
        f"{fmt.tahun_rentang(h.meta['tahun_awal'] + 1, h.meta['tahun'])}",
        catatan=" ".join(catatan),
    )


def _tanpa_pesan_signifikansi(keterangan: str | None) -> str:
    """The row note without the "not significant" sentence (the conclusion column says it)."""
    bagian = [b for b in (keterangan or "").split("; ") if "perubahan tidak signifikan" not in b]
    return "; ".join(b for b in bagian if b)


# ------------------------------------------------------------------------- 4. posisi
def indikator_posisi(h: HasilEvaluasi) -> list[str]:
    """Indicators with a relative position (P0, the number of poor, P1, P2, in report order)."""
    return [i for i in h.indikator_tren if i in h.posisi_wilayah]


def grafik_posisi(h: HasilEvaluasi, ind: str = "p0"):
    pilih = _sama(h.posisi["indikator"], ind)
    if not pilih.any():
        return Markdown(
            f"> Tidak ada nilai {li.nama(ind)} {h.meta['tahun']} untuk kabupaten/kota di provinsi ini."
        )
    pw = h.posisi_wilayah.get(ind, {})
    ref = pw.get("nilai_pembanding")
    label_acuan = pw.get("sumber_pembanding") or h.meta["nama_pembanding"]
    nilai = h.posisi["nilai"].to_numpy()[pilih]
    if "jiwa" in li.info(ind).satuan:
        nilai = nilai * 1000  # ribu jiwa → jiwa
    data = pd.DataFrame({"wilayah": h.posisi["nama"].to_numpy()[pilih], "nilai": nilai})
    return _setengah(
        grafik.grafik_batang(
            data,
            sorot=h.meta["nama"],
            acuan=None if ref is None or not _ada(ref) else float(ref),
            label_acuan=label_acuan,
            format_nilai=(lambda x: fmt.jiwa(x))
            if "jiwa" in li.info(ind).satuan
            else (lambda x: li.nilai(x, ind)),
            judul=f"{li.nama(ind)} kabupaten/kota, {h.meta['tahun']}",
            label_nilai=f"{li.nama_pendek(ind)} ({li.label_satuan(ind)})",
            label_kategori="Kabupaten/kota",
        )
    )


def tabel_posisi(h: HasilEvaluasi) -> TabelLaporan:
    """One table: every kab/kota with its value and rank for each indicator, best P0 first."""
    inds = indikator_posisi(h)
    utama = inds[0]
    # (region, indicator) → (value, rank) in one pass: two pivots cost more than the table.
    per_sel: dict[tuple[str, str], tuple[Any, Any]] = {}
    urut: list[tuple[str, str]] = []
    for kode, i, x, k, nama in baris_tabel(
        h.posisi[["kode_wilayah", "indikator", "nilai", "peringkat", "nama"]], index=False
    ):
        if (kode, i) in per_sel:
            raise ValueError(f"wilayah {kode} muncul lebih dari sekali untuk indikator {i!r}")
        per_sel[kode, i] = (x, k)
        if not pd.isna(i) and i == utama:
            urut.append((kode, nama))
    baris = []
    for kode, nama in urut:
        r: dict[str, str] = {
            "Kabupaten/kota": f"{nama} (wilayah ini)" if kode == h.meta["kode_wilayah"] else nama
        }
        for ind in inds:
            x, k = per_sel.get((kode, ind), (float("nan"), None))
            r[f"{li.nama_pendek(ind)} ({li.label_satuan(ind)})"] = li.angka(x, ind)
            r[f"Peringkat {li.nama_pendek(ind)}"] = (
                fmt.NILAI_KOSONG if k is None or pd.isna(k) else str(int(k))
            )
        baris.append(r)
    n = h.posisi_wilayah[utama]["jumlah"]
    return TabelLaporan(
        pd.DataFrame(baris),
        f"Posisi relatif {n} kabupaten/kota, {h.meta['tahun']} (peringkat 1 = terbaik; nilai sama "
        "berbagi peringkat terkecil)",
    )


# ------------------------------------------------------------------------- 5. kuadran
def grafik_kuadran_perkembangan(h: HasilEvaluasi):
    kp = h.kuadran_perkembangan
    t0, t1 = kp["tahun_awal"], kp["tahun_akhir"]
    relatif = kp.get("sumbu_y") == "relatif"
    satuan_y = "%/tahun" if relatif else "poin persen per tahun"
    tabel = kp["tabel"].assign(pasti=[_sisi_pasti(r) for r in baris_tabel(kp["tabel"])])
    return grafik_kuadran(
        tabel,
        x="level",
        y="laju",
        info=[("Selisih di luar galat sampel", "pasti")],
        sorot=h.meta["nama"] if h.meta["nama"] in set(kp["tabel"]["nama"]) else None,
        ambang_x=kp["ambang_x"],
        ambang_y=kp["ambang_y"],
        label_sudut=SUDUT_PERKEMBANGAN,
        format_x=_format_d3("p0"),
        format_y=",.2f" if relatif else "+,.3f",
        judul=f"Kuadran level × perubahan P0, {t0}–{t1}",
        label_x=f"P0 {t1} (persen)",
        label_y=f"Perubahan P0 {t0}–{t1} ({satuan_y})",
    )


def tabel_kuadran_perkembangan(h: HasilEvaluasi) -> TabelLaporan:
    kp = h.kuadran_perkembangan
    t0, t1 = kp["tahun_awal"], kp["tahun_akhir"]
    relatif = kp.get("sumbu_y") == "relatif"
    baris = []
    for r in baris_tabel(kp["tabel"]):
        baris.append(
            {
                "Kabupaten/kota": r.nama,
                f"P0 {t0} (persen)": li.angka(r.nilai_awal, "p0"),
                f"P0 {t1} (persen)": li.angka(r.level, "p0"),
                "Perubahan per tahun (%/tahun)"
                if relatif
                else "Perubahan per tahun (poin persen)": li.persen_relatif(r.laju)
                if relatif
                else fmt.poin(r.laju, 3, satuan=None),
                "Kuadran": r.kuadran if isinstance(r.kuadran, str) else fmt.NILAI_KOSONG,
                "Selisih di luar galat sampel": _sisi_pasti(r),
                "Keterangan": _tanpa_pesan_signifikansi_kuadran(r.keterangan),
            }
        )
    ambang_y = (
        li.persen_relatif(kp["ambang_y"]) + " per tahun"
        if relatif
        else li.perubahan(kp["ambang_y"], "p0", tambah=1) + " per tahun"
    )
    return TabelLaporan(
        pd.DataFrame(baris),
        f"Kuadran level × perubahan P0, jendela {t0}–{t1} ({t1 - t0} tahun, parameter "
        f"jendela kuadran); ambang {h.meta['nama_pembanding']}: P0 {li.nilai(kp['ambang_x'], 'p0')}, "
        f"perubahan {ambang_y}",
        catatan="Selisih di luar galat sampel: selisih level atau laju terhadap ambang lebih besar "
        "dari 1,96 × galat baku (model presisi); penggolongan pasti bila keduanya.",
    )


def _sisi_pasti(r: Any) -> str:
    """Which side of the quadrant is outside sampling noise: level, change, both or neither."""
    level, laju = getattr(r, "level_signifikan", None), getattr(r, "laju_signifikan", None)
    if fmt.nilai_hilang(level) or fmt.nilai_hilang(laju):
        return fmt.NILAI_KOSONG
    if level and laju:
        return "level dan laju (pasti)"
    if level:
        return "level saja"
    if laju:
        return "laju saja"
    return "tidak keduanya"


def _tanpa_pesan_signifikansi_kuadran(keterangan: str | None) -> str:
    bagian = [b for b in (keterangan or "").split("; ") if "ambang tidak signifikan" not in b]
    return "; ".join(b for b in bagian if b)


def _format_d3(ind: str) -> str:
    """The d3 format of an indicator's published precision (the unit is in the axis title)."""
    return f",.{li.desimal(ind)}f"


def _sudut_indikator(ind: str) -> dict[tuple[bool, bool], str]:
    """P0 × indicator quadrants by corner (right = high P0; up = high indicator value)."""
    naik_baik = li.info(ind).arah > 0
    atas_buruk = not naik_baik
    return {
        (True, atas_buruk): "prioritas",
        (True, not atas_buruk): "kemiskinan tinggi, indikator baik",
        (False, atas_buruk): "kemiskinan rendah, indikator buruk",
        (False, not atas_buruk): "kemiskinan rendah, indikator baik",
    }


def grafik_kuadran_indikator(h: HasilEvaluasi, ind: str):
    k = h.kuadran_indikator[ind]
    g = grafik_kuadran(
        k["tabel"],
        x="p0",
        y="indikator",
        sorot=h.meta["nama"] if h.meta["nama"] in set(k["tabel"]["nama"]) else None,
        ambang_x=k["ambang_x"],
        ambang_y=k["ambang_y"],
        label_sudut=_sudut_indikator(ind),
        format_x=_format_d3("p0"),
        format_y=_format_d3(ind),
        judul=f"P0 × {li.nama_pendek(ind)}, {k['tahun']}",
        label_x=f"P0 {k['tahun']} (persen)",
        label_y=f"{li.nama_pendek(ind)} {k['tahun']} ({li.label_satuan(ind)})",
        lebar=430,
        tinggi=260,
    )
    return _setengah(g)


def _baris_wilayah(tabel: pd.DataFrame, kode: str, kolom: tuple[str, ...]) -> dict[str, Any] | None:
    """The ``kolom`` values of the region's row of a per-kab/kota table, or None (a region
    listed twice is an error, never a silent choice)."""
    posisi = _sama(tabel["kode_wilayah"], kode).nonzero()[0]
    if len(posisi) > 1:
        raise ValueError(f"wilayah {kode} muncul {len(posisi)} kali di tabel kuadran")
    if not len(posisi):
        return None
    return {k: tabel[k].iat[int(posisi[0])] for k in kolom}


def tabel_kuadran_indikator(h: HasilEvaluasi) -> TabelLaporan | Markdown:
    """Where the region sits on every P0 × indicator quadrant, and each threshold's source."""
    baris = []
    kode = h.meta["kode_wilayah"]
    for ind in h.indikator_kuadran:
        k = h.kuadran_indikator.get(ind)
        if k is None:
            baris.append(
                {
                    "Indikator": li.nama(ind),
                    "Tahun": fmt.NILAI_KOSONG,
                    "Nilai wilayah": fmt.NILAI_KOSONG,
                    "Ambang indikator": fmt.NILAI_KOSONG,
                    "Kuadran wilayah": "tidak dihitung: " + h.kosong.get(f"kuadran_{ind}", ""),
                }
            )
            continue
        milik = _baris_wilayah(k["tabel"], kode, ("indikator", "kuadran"))
        sumber = k["sumber_ambang"]
        asal = (
            "rata-rata kabupaten/kota"
            if sumber == "rata_rata" or "indikator" in sumber
            else h.meta["nama_pembanding"]
        )
        baris.append(
            {
                "Indikator": li.nama(ind),
                "Tahun": str(k["tahun"]),
                "Nilai wilayah": li.nilai(milik["indikator"], ind, tanda_indeks=True)
                if milik is not None
                else fmt.NILAI_KOSONG,
                "Ambang indikator": f"{li.nilai(k['ambang_y'], ind, tanda_indeks=True)} ({asal})",
                "Kuadran wilayah": milik["kuadran"]
                if milik is not None and isinstance(milik["kuadran"], str)
                else fmt.NILAI_KOSONG,
            }
        )
    if not baris:
        return Markdown("> Tidak ada indikator kuadran di berkas parameter.")
    return TabelLaporan(
        pd.DataFrame(baris),
        f"Posisi {h.meta['nama']} pada kuadran P0 × indikator (ambang P0 dan indikator: "
        f"{h.meta['nama_pembanding']}, atau rata-rata kabupaten/kota bila angka provinsi tidak ada)",
    )


# ------------------------------------------------------------------------- 6. target
def tabel_target(h: HasilEvaluasi):
    if h.target.empty:
        return Markdown("> Belum ada target di berkas parameter.")
    baris = []
    for r in baris_tabel(h.target):
        ind = r.indikator
        tercapai = (
            fmt.NILAI_KOSONG
            if not _ada(r.tahun_tercapai)
            else f"{int(r.tahun_tercapai)} (rentang {_th(r.tahun_tercapai_paling_cepat)}–"
            f"{_th(r.tahun_tercapai_paling_lambat)})"
        )
        baris.append(
            {
                "Indikator": li.nama(ind),
                "Target": f"{li.nilai(r.nilai_target, ind)} pada {r.tahun_target}",
                "Nilai terakhir": f"{li.nilai(r.nilai_terakhir, ind)} ({_th(r.tahun_terakhir)})"
                if _ada(r.nilai_terakhir)
                else fmt.NILAI_KOSONG,
                "Kesenjangan": li.perubahan(r.kesenjangan, ind),
                "Perubahan diperlukan per tahun": li.perubahan(
                    r.perubahan_dibutuhkan_per_tahun, ind, tambah=1
                ),
                "Laju historis per tahun": li.perubahan(r.laju_historis, ind, tambah=1),
                "Perkiraan tercapai": tercapai,
                "Status": STATUS_TARGET.get(r.status, r.status),
                "Sumber target": r.sumber_target,
            }
        )
    return TabelLaporan(
        pd.DataFrame(baris),
        f"Target {h.meta['nama']} (dari berkas parameter provinsi) dan perkiraan tahun tercapai",
    )


def ekstrem_ringkasan(h: HasilEvaluasi) -> Markdown:
    """What exists on extreme poverty: rates and trend against the target, PPP basis stated,
    the desil-1 count of a configured BNBA extract."""
    e = h.ekstrem or {}
    baris = []
    target = e.get("target")
    if target:
        baris.append(
            f"- Target: {li.nilai(target['nilai'], 'p0_ekstrem')} pada {target['tahun']} "
            f"({target['sumber']})."
        )
    for peran, ev in (e.get("evaluasi") or {}).items():
        seri = [b for b in e["seri"] if b["peran"] == peran]
        nama = seri[-1]["wilayah"] if seri else _nama_peran(h, peran)
        laju = (
            f", laju historis {li.perubahan(ev['laju_historis'], 'p0_ekstrem', tambah=1)} per tahun"
            if _ada(ev.get("laju_historis"))
            else ""
        )
        baris.append(
            f"- {nama}: {li.nilai(ev['nilai_terakhir'], 'p0_ekstrem')} ({_th(ev['tahun_terakhir'])}, "
            f"basis {ev['basis']}){laju}; terhadap target: "
            f"**{STATUS_TARGET.get(ev['status'], ev['status'])}**."
        )
    d1 = e.get("desil1")
    if d1:
        contoh = " (data BNBA SINTETIS untuk demonstrasi)" if d1.get("sintetis") else ""
        baris.append(
            f"- BNBA desil 1{contoh}: {fmt.jiwa(d1['jumlah_individu'])} dalam "
            f"{fmt.angka(d1['jumlah_keluarga'], 0)} keluarga. Desil 1 adalah peringkat relatif "
            "kesejahteraan untuk menyasar keluarga, bukan angka kemiskinan ekstrem BPS."
        )
    for c in e.get("catatan", []):
        baris.append(f"- {c[0].upper()}{c[1:]}.")
    if not baris:
        baris.append("- Tidak ada target maupun angka kemiskinan ekstrem di data dan parameter.")
    return Markdown("\n".join(baris))


def tabel_ekstrem(h: HasilEvaluasi):
    seri = (h.ekstrem or {}).get("seri") or []
    if not seri:
        return Markdown(
            "> Belum ada angka kemiskinan ekstrem untuk wilayah ini, provinsinya, maupun Indonesia "
            "dalam data."
        )
    baris = [
        {
            "Wilayah": b["wilayah"],
            "Tahun": str(b["tahun"]),
            "Kemiskinan ekstrem (persen)": li.angka(b["nilai"], "p0_ekstrem"),
            "Periode": b["periode"],
            "Basis garis kemiskinan ekstrem": b["basis"],
            "Mutu": b["kualitas"],
        }
        for b in seri
    ]
    return TabelLaporan(
        pd.DataFrame(baris),
        "Persentase penduduk miskin ekstrem yang tersedia (basis PPP per nilai; nilai dengan basis "
        "berbeda tidak sebanding)",
    )


# ------------------------------------------------------------------------- 7. determinan
def tabel_determinan(h: HasilEvaluasi) -> TabelLaporan:
    baris = []
    for r in baris_tabel(h.determinan["tabel"]):
        ind = r.indikator
        baris.append(
            {
                "Peringkat": fmt.NILAI_KOSONG if pd.isna(r.peringkat) else str(int(r.peringkat)),
                "Indikator": r.nama,
                "Tahun": _th(r.tahun_data),
                "Wilayah": li.nilai(r.nilai_kab, ind, tanda_indeks=True),
                "Pembanding": f"{li.nilai(r.nilai_ref, ind, tanda_indeks=True)} "
                f"({str(r.sumber_pembanding).replace('kabupaten/kota', 'kab/kota')})",
                "Kesenjangan (% dari pembanding)": fmt.poin(100 * r.kesenjangan, 1, satuan=None)
                if _ada(r.kesenjangan)
                else fmt.NILAI_KOSONG,
                "Perubahan 1 tahun": li.perubahan(r.perubahan, ind),
                "Tren baku (skor)": fmt.poin(r.tren_memburuk, 2, satuan=None),
                "Skor prioritas": fmt.poin(r.skor, 2, satuan=None),
                "Keterangan": r.keterangan or "",
            }
        )
    return TabelLaporan(
        pd.DataFrame(baris),
        f"Skor prioritas determinan {h.meta['nama']} (1 = prioritas pertama)",
        catatan="Kesenjangan positif = wilayah lebih buruk dari pembanding. Tren baku = −arah × "
        "perubahan wilayah ÷ simpangan baku perubahan indikator itu di kabupaten/kota "
        "se-provinsi (tahun yang sama): skor bebas satuan, positif bila memburuk, negatif bila "
        "membaik. Skor prioritas: skor bebas satuan, makin besar makin diprioritaskan.",
    )


def determinan_catatan(h: HasilEvaluasi) -> Markdown:
    """Weights actually applied, and every configured indicator that could not be scored."""
    d = h.determinan
    baris = []
    if d.get("bobot_dipakai"):
        b, p = d["bobot_dipakai"], d.get("bobot_parameter", {})
        baris.append(
            "- Bobot yang dipakai: kesenjangan "
            f"{fmt.angka(b['kesenjangan'], 3)}, besaran sasaran {fmt.angka(b['besaran'], 3)}, "
            f"tren {fmt.angka(b['tren'], 3)} (bobot parameter "
            f"{fmt.angka(p.get('kesenjangan'), 2)} / {fmt.angka(p.get('besaran'), 2)} / "
            f"{fmt.angka(p.get('tren'), 2)}; komponen tanpa data dibagi ulang ke komponen lain)."
        )
    for x in d.get("tidak_dinilai", []):
        baris.append(f"- Tidak dinilai: {li.nama(x['indikator'])} — {x['alasan']}.")
    for c in d.get("catatan", []):
        if not c.startswith("bobot dipakai"):
            baris.append(f"- {c[0].upper()}{c[1:]}.")
    return Markdown("\n".join(baris) if baris else "")


# ------------------------------------------------------------------------- 10. catatan
def ringkasan_mutu(h: HasilEvaluasi) -> Markdown:
    mutu = h.meta["mutu_angka_dipakai"]
    total = sum(mutu.values())
    bagian = ", ".join(f"mutu {k}: {fmt.angka(v, 0)}" for k, v in mutu.items())
    return Markdown(
        f"Laporan ini memakai {fmt.angka(total, 0)} angka ({bagian}); asal setiap angka ada di "
        "lampiran. Mutu A = tabel atau API BPS yang disalin utuh; B = kompilasi pihak ketiga atas "
        "angka resmi yang telah diperiksa silang; C = angka resmi yang dikutip pejabat atau media. "
        "Tahun tanpa nilai ditampilkan sebagai celah dan tidak diinterpolasi."
    )


_KODE_DIKUTIP = re.compile(r"'([a-z][a-z0-9]*(?:_[a-z0-9]+)+|[a-z]+)'")


def daftar_catatan(h: HasilEvaluasi) -> Markdown:
    """The caveats of the data used, then the missing cells that limited the report."""
    from analisis.evaluasi.celah import markdown_celah

    baris = [
        f"- **{c['judul']}.** {_KODE_DIKUTIP.sub(_sebagai_kode, c['isi'])}" for c in h.catatan_data
    ] or ["- Tidak ada catatan khusus untuk data yang dipakai."]
    return Markdown("\n".join([*baris, markdown_celah(h.celah_data)]))


def _sebagai_kode(m: re.Match[str]) -> str:
    """A quoted code name in a data note (``'ipm_seri_lama_uhh_sp2010'``) shown as code."""
    return f"`{m.group(1)}`"


def keterangan_presisi(h: HasilEvaluasi) -> Markdown:
    p = h.presisi or {}
    if not p:
        return Markdown("")
    teks = p["keterangan"]
    if not p.get("uji_signifikansi", True):
        teks += " Uji signifikansi dimatikan di berkas parameter (uji_signifikansi: false)."
    return Markdown(f"**Galat sampel.** {teks}")


def tabel_parameter(h: HasilEvaluasi) -> HTML:
    baris = "".join(
        f"<tr><td><code>{html.escape(str(r.nama))}</code></td><td>{html.escape(str(r.nilai))}</td>"
        f"<td>{html.escape(str(r.keterangan))}</td><td>{html.escape(str(r.bawaan))}</td></tr>"
        for r in baris_tabel(h.parameter)
    )
    return HTML(
        '<div class="wadah-tabel"><table class="tabel-laporan"><caption>Pilihan metode yang '
        "dipakai (kunci <code>metode</code> di berkas parameter provinsi)</caption><thead><tr>"
        "<th>Kunci</th><th>Nilai</th><th>Keterangan</th><th>Nilai bawaan?</th></tr></thead>"
        f"<tbody>{baris}</tbody></table></div>"
    )


def _daftar_rujukan(nilai: list[str]) -> tuple[list[str], dict[str, int]]:
    unik = list(dict.fromkeys(v for v in nilai if v))
    return unik, {v: i + 1 for i, v in enumerate(unik)}


def lampiran_provenans(h: HasilEvaluasi) -> HTML:
    """The per-value provenance table in a collapsible appendix; sources and notes are listed
    once and referred to by number."""
    d = h.provenans
    if d.empty:
        return HTML("<p>Tidak ada angka yang dipakai.</p>")
    sumber, no_sumber = _daftar_rujukan([str(x) for x in d["sumber"]])
    catatan, no_catatan = _daftar_rujukan([str(x) for x in d["catatan"].fillna("")])
    baris = []
    sebelumnya = None
    for r in baris_tabel(d):
        ind = str(r.indikator)
        no_c = no_catatan.get(str(r.catatan or ""))
        wilayah = "" if r.wilayah == sebelumnya else html.escape(str(r.wilayah))
        sebelumnya = r.wilayah
        baris.append(
            f"<tr><td>{wilayah}<td>{html.escape(li.nama_pendek(ind))}<td>{r.tahun}"
            f"<td>{html.escape(li.nilai(r.nilai, ind))}<td>{html.escape(str(r.kualitas))}"
            f"<td>[{no_sumber.get(str(r.sumber), '')}]<td>{'(' + str(no_c) + ')' if no_c else ''}"
        )
    # Sources and notes are quoted verbatim from the data (<cite>): their numbers are the
    # source's own (e.g. "nasional 2.14"), not report values.
    daftar_sumber = "".join(f"<li><cite>{html.escape(s)}</cite></li>" for s in sumber)
    daftar_cat = "".join(f"<li><cite>{html.escape(c)}</cite></li>" for c in catatan)
    return HTML(
        f'<details class="lampiran"><summary>Asal setiap angka ({fmt.angka(len(d), 0)} angka; '
        "klik untuk membuka)</summary>"
        '<div class="wadah-tabel"><table class="tabel-laporan tabel-asal a3 a4"><caption>Asal setiap '
        "angka yang dipakai laporan ini (nama wilayah ditulis sekali per kelompok)</caption>"
        "<thead><tr><th>Wilayah<th>Indikator<th>Tahun<th>Nilai (dengan satuan)<th>Mutu"
        "<th>Sumber<th>Catatan</thead>"
        f"<tbody>{''.join(baris)}</tbody></table></div>"
        "<p><strong>Sumber</strong> (dikutip apa adanya dari data)</p>"
        f'<ol class="sumber">{daftar_sumber}</ol>'
        + (
            f'<p><strong>Catatan</strong></p><ol class="sumber">{daftar_cat}</ol>'
            if catatan
            else ""
        )
        + "</details>"
    )


def angka_ada(x) -> bool:
    return not (x is None or (isinstance(x, float) and math.isnan(x)))


# --------------------------------------------------------------------- anggaran
def ringkasan_anggaran(h: HasilEvaluasi) -> Markdown:
    a = h.anggaran
    r = a["ringkasan"].iloc[-1]
    baris = []
    if a["contoh"]:
        baris.append(
            "> **CONTOH — data anggaran fiktif untuk demonstrasi**, bukan data APBD daerah ini.\n"
        )
    baris += [
        (
            f"- Tahun anggaran {a['tahun']} (berkas `{a['berkas']}`): pagu penanggulangan kemiskinan "
            f"{fmt.rupiah(r['pagu_kemiskinan'])} atau {fmt.persen(r['porsi_anggaran_kemiskinan'])} dari belanja daerah "
            f"{fmt.rupiah(r['belanja_daerah'])}."
        ),
        f"- Realisasi: {fmt.persen(r['realisasi_anggaran'])} dari pagu baris yang melaporkan realisasi.",
        (
            f"- Per penduduk miskin (jumlah BPS Maret {h.meta['tahun']}): "
            f"{fmt.rupiah(a['per_penduduk_miskin'])} per orang per tahun."
        ),
        (
            f"- Skor penandaan kemiskinan ekstrem (gaya PMK 97/2023: 50/30/20, distandarkan terhadap nilai tertinggi "
            f"se-provinsi dalam berkas `{a['sumber_penandaan'] or '–'}`): {fmt.angka(a['skor_penandaan'], 1)} dari 100."
        ),
    ]
    return Markdown("\n".join(baris))


def grafik_klaster(h: HasilEvaluasi):
    k = h.anggaran["klaster"]
    if k.empty:
        return Markdown("> Tidak ada baris anggaran berklaster untuk tahun ini.")
    return grafik.grafik_batang(
        k[["nama_klaster", "persen"]].rename(columns={"nama_klaster": "klaster"}),
        kategori="klaster",
        nilai="persen",
        format_nilai=lambda x: fmt.persen(x, 1),
        judul=f"Porsi anggaran per klaster strategi, {h.anggaran['tahun']}",
        label_kategori="Klaster",
        label_nilai="persen dari anggaran kemiskinan",
    )


def tabel_opd(h: HasilEvaluasi) -> TabelLaporan:
    d = h.anggaran["opd"]
    baris = [
        {
            "Perangkat daerah": r["opd"],
            "Pagu": fmt.rupiah(r["jumlah"]),
            "Porsi (persen)": fmt.angka(r["persen"], 1),
        }
        for _, r in d.iterrows()
    ]
    return TabelLaporan(
        pd.DataFrame(baris),
        f"Pagu penanggulangan kemiskinan per perangkat daerah, {h.anggaran['tahun']}",
    )


def tabel_tren_anggaran(h: HasilEvaluasi) -> TabelLaporan:
    t = h.anggaran["tren"]
    baris = []
    for _, r in t.iterrows():
        baris.append(
            {
                "Tahun": _th(r.get("tahun")),
                "Anggaran": fmt.rupiah(r.get("anggaran")),
                "Perubahan": fmt.rupiah(r.get("perubahan_anggaran")),
                "Perubahan (persen)": fmt.poin(r.get("persen_perubahan_anggaran"), 1, satuan=None),
                "P0 (persen)": li.angka(r.get("p0"), "p0"),
                "Perubahan P0": li.perubahan(r.get("perubahan_p0"), "p0"),
                "Rp per poin penurunan P0": fmt.rupiah(r.get("rp_per_poin_penurunan_p0")),
            }
        )
    return TabelLaporan(
        pd.DataFrame(baris),
        "Anggaran penanggulangan kemiskinan di samping P0 (deskriptif, bukan sebab-akibat)",
    )


def catatan_tren_anggaran(h: HasilEvaluasi) -> Markdown:
    teks = [f"> {h.anggaran['catatan_tren']}"] + [f"> {p}" for p in h.anggaran["peringatan_tren"]]
    return Markdown("\n>\n".join(teks))


def tabel_rat(h: HasilEvaluasi):
    r = h.anggaran["rat_keseluruhan"]
    if r.empty:
        return Markdown("> Tidak ada data rencana aksi tahunan (RAT) untuk wilayah ini.")
    baris = [
        {
            "Tahun": _th(x.get("tahun")),
            "Kegiatan": fmt.angka(x.get("jumlah_kegiatan"), 0),
            "Kegiatan terlapor": fmt.angka(x.get("kegiatan_terlapor"), 0),
            "Rata-rata capaian (persen)": fmt.angka(x.get("rata_rata_capaian"), 1),
            "Kegiatan mencapai target (persen)": fmt.angka(x.get("persen_tercapai"), 1),
        }
        for _, x in r.iterrows()
    ]
    return TabelLaporan(pd.DataFrame(baris), "Capaian rencana aksi tahunan (RAT)")


# ----------------------------------------------------------------------------- BNBA
def bnba_pengantar(h: HasilEvaluasi) -> Markdown:
    teks = []
    if h.bnba.get("sintetis"):
        teks.append(
            "> **SINTETIS — data BNBA buatan untuk demonstrasi**, bukan data penduduk sebenarnya.\n"
        )
    from analisis.evaluasi.tabel_bnba import kalimat_penekanan_hasil

    teks.append(
        "Data by-name-by-address (DTKS/P3KE/DTSEN) adalah data pribadi (UU PDP): laporan ini hanya memuat "
        f"agregat. {kalimat_penekanan_hasil(h.bnba)} Daftar kerja per orang untuk verval hanya untuk analis dan "
        "tidak pernah diterbitkan."
    )
    return Markdown("\n".join(teks))


def tabel_bnba(h: HasilEvaluasi, kunci: str) -> TabelLaporan | Markdown:
    """A published BNBA table under Indonesian headings with units (compact report table);
    the reconciliation table carries its explanation as the note under it."""
    from analisis.evaluasi.tabel_bnba import JUDUL_TABEL, kolom_kode, tabel_tampil

    d = tabel_tampil(h.bnba, kunci)
    if d is None:
        return Markdown(f"> Tabel {JUDUL_TABEL[kunci].lower()} tidak tersedia.")
    catatan = _catatan_rekonsiliasi(h) if kunci == "rekonsiliasi_bps" else None
    return TabelLaporan(d, JUDUL_TABEL[kunci], catatan=catatan, kolom_kode=kolom_kode(kunci))


def _catatan_rekonsiliasi(h: HasilEvaluasi) -> str:
    from analisis.evaluasi.tabel_bnba import catatan_rekonsiliasi

    return catatan_rekonsiliasi(h.bnba) or (
        "Angka BPS (survei sampel, kemiskinan konsumsi) dan BNBA (peringkat relatif PMT) "
        "mengukur hal yang berbeda; tidak diharapkan sama."
    )


def unduhan_bnba(h: HasilEvaluasi, jenis: Literal["desa", "triwulan"]) -> tuple[str, str]:
    """A region's BNBA download (per-desa tables or the quarterly table): its name in the
    province-year folder and its link from the region's report page, from the reports layout
    (both are relative, so they do not depend on where the reports folder is)."""
    ft = TataLetak(Path(".")).tahun(h.meta["kode_provinsi"], h.meta["tahun"])
    kode = h.meta["kode_wilayah"]
    berkas = ft.unduhan_bnba_desa(kode) if jenis == "desa" else ft.unduhan_triwulan_bnba(kode)
    return ft.relatif(berkas), ft.tautan_dari_wilayah(berkas)


def ringkasan_desa_bnba(h: HasilEvaluasi) -> Markdown:
    """The village quadrants in one sentence and the link to the per-desa download
    (``wilayah/<kode>.html`` → ``unduhan/bnba_desa_<kode>.xlsx``)."""
    from analisis.evaluasi.tabel_bnba import ada_tabel_desa, kalimat_kuadran

    if not ada_tabel_desa(h.bnba):
        return Markdown("> Tabel BNBA per desa tidak tersedia.")
    teks = [kalimat_kuadran(h.bnba) or ""]
    teks.append(
        f"[Unduh kualitas data dan kuadran setiap desa (XLSX)]({unduhan_bnba(h, 'desa')[1]})."
    )
    return Markdown(" ".join(t for t in teks if t))


# ---------------------------------------------------------------- BNBA: quarterly progress
def ada_triwulan_bnba(h: HasilEvaluasi) -> bool:
    """Whether two quarters of BNBA extracts were configured (quarterly progress shown)."""
    from analisis.evaluasi.triwulan_bnba import ada_triwulan

    return ada_triwulan(h.bnba)


def triwulan_bnba_tidak_ada(h: HasilEvaluasi) -> Markdown:
    """Why the quarterly progress is not shown (no extract, or only one quarter)."""
    sebab = (
        "belum ada ekstrak BNBA untuk wilayah ini"
        if "bnba" in h.kosong or not h.bnba
        else "hanya satu ekstrak BNBA (satu triwulan) yang dikonfigurasi untuk wilayah ini"
    )
    return Markdown(
        f"> Perkembangan triwulanan tidak ditampilkan: {sebab}. Isi `triwulan_lalu` pada kunci "
        "`bnba` di berkas parameter provinsi (atau jalankan `analisis bnba banding LAMA BARU`)."
    )


def kalimat_triwulan_bnba(h: HasilEvaluasi) -> Markdown:
    from analisis.evaluasi.triwulan_bnba import kalimat_triwulan

    return Markdown(f"> {kalimat_triwulan(h.bnba)}")


def tabel_pergerakan_triwulan(h: HasilEvaluasi) -> TabelLaporan:
    from analisis.evaluasi.triwulan_bnba import tabel_pergerakan

    return TabelLaporan(
        tabel_pergerakan(h.bnba),
        f"Pergerakan antartriwulan, {h.meta['nama']} (orang dan keluarga)",
        kolom_kiri=["Pergerakan"],
    )


def tabel_cakupan_triwulan(h: HasilEvaluasi) -> TabelLaporan:
    from analisis.evaluasi.triwulan_bnba import tabel_cakupan

    return TabelLaporan(
        tabel_cakupan(h.bnba), "Keluarga desil 1 dan cakupan program", kolom_kiri=["Triwulan"]
    )


def tabel_kecamatan_triwulan(h: HasilEvaluasi) -> TabelLaporan | Markdown:
    """The movements per kecamatan, with the link to the full quarterly table under it
    (``wilayah/<kode>.html`` → ``unduhan/triwulan_bnba_<kode>.xlsx``)."""
    from analisis.evaluasi.triwulan_bnba import tabel_kecamatan

    d = tabel_kecamatan(h.bnba)
    if d is None:
        return Markdown("> Tabel per kecamatan tidak tersedia.")
    return TabelLaporan(
        d,
        "Pergerakan per kecamatan (orang)",
        kolom_kode=["Kecamatan (kode Kemendagri)"],
        tautan=(
            "Unduh tabel triwulan lengkap (kabupaten, kecamatan dan desa; XLSX)",
            unduhan_bnba(h, "triwulan")[1],
        ),
    )
