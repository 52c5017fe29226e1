"""A one-page overview of a region for Rakor handouts: key figures, the relevansi/efektivitas
label, ranks, quadrant, target gap and the first determinant, from the region's result file
(and the province's ranking when it exists)."""

from __future__ import annotations

import pandas as pd
from docx.shared import Pt

from analisis.dokumen.bab_wilayah import identitas, judul_wilayah, tabel_kartu
from analisis.dokumen.penulis import Penulis
from analisis.dokumen.sumber import SumberWilayah
from analisis.dokumen.tabel import tulis_tabel_df
from analisis.evaluasi import tampilan as tp
from analisis.evaluasi.hitung import HasilEvaluasi
from analisis.kontrak import PeringkatProvinsi
from analisis.laporan import format as fmt
from analisis.laporan import indikator as li


def _relevansi_p0(h: HasilEvaluasi) -> str:
    r = h.relevansi
    if r.empty:
        return fmt.NILAI_KOSONG
    akhir = r[(r["indikator"] == "p0") & (r["tahun"] == h.meta["tahun"])]
    if akhir.empty or not isinstance(akhir.iloc[0]["label"], str):
        return "tidak dapat dihitung (data tahun sebelumnya tidak ada)"
    b = akhir.iloc[0]
    return (
        f"{b['label']} (perubahan P0 {li.perubahan(b['delta_kab'], 'p0')} terhadap "
        f"{h.meta['nama_pembanding']} {li.perubahan(b['delta_ref'], 'p0')})"
    )


def _peringkat_p0(h: HasilEvaluasi) -> str:
    pw = h.posisi_wilayah.get("p0")
    if not pw or pw.get("peringkat") is None:
        return fmt.NILAI_KOSONG
    return f"ke-{pw['peringkat']} dari {pw['jumlah']} kabupaten/kota (1 = P0 terendah)"


def _peringkat_tkpk(h: HasilEvaluasi, peringkat: PeringkatProvinsi | None) -> str:
    if peringkat is None:
        return "peringkat provinsi belum disusun"
    b = next((x for x in peringkat.baris if x.kode_wilayah == h.meta["kode_wilayah"]), None)
    if b is None or b.peringkat is None:
        return fmt.NILAI_KOSONG
    rentang = (
        ""
        if fmt.nilai_hilang(b.interval_bawah)
        else f", rentang 90% {int(b.interval_bawah)}–{int(b.interval_atas)}"  # type: ignore[arg-type]
    )
    contoh = " — CONTOH: sebagian masukan fiktif" if peringkat.peringatan.masukan_contoh else ""
    return (
        f"ke-{b.peringkat} dari {len(peringkat.baris)} (skor {fmt.angka(b.skor, 1)}{rentang}; "
        f"bobot usulan, bukan resmi{contoh})"
    )


def _kuadran(h: HasilEvaluasi) -> str:
    kp = h.kuadran_perkembangan
    t = kp.get("tabel") if kp else None
    if t is None or t.empty:
        return fmt.NILAI_KOSONG
    r = t[t["kode_wilayah"] == h.meta["kode_wilayah"]]
    if r.empty or not isinstance(r.iloc[0]["kuadran"], str):
        return fmt.NILAI_KOSONG
    k = r.iloc[0]["kuadran"]
    pasti = "" if r.iloc[0].get("kuadran_pasti", True) else " (tidak pasti: di dalam galat sampel)"
    return f"{k} {kp['tahun_awal']}–{kp['tahun_akhir']}{pasti}"


def _target(h: HasilEvaluasi) -> str:
    if h.target.empty:
        return "belum ada target di berkas parameter"
    bagian = []
    for r in h.target.itertuples():
        bagian.append(
            f"{li.nama(r.indikator)} {li.nilai(r.nilai_target, r.indikator)} pada "
            f"{r.tahun_target}: kesenjangan {li.perubahan(r.kesenjangan, r.indikator)}, "
            f"{tp.STATUS_TARGET.get(r.status, r.status)}"
        )
    return "; ".join(bagian)


def _determinan(h: HasilEvaluasi) -> str:
    t = h.determinan.get("tabel") if h.determinan else None
    if t is None or t.empty:
        return fmt.NILAI_KOSONG
    r = t.iloc[0]
    return f"{r['nama']} ({li.nilai(r['nilai_kab'], r['indikator'])})"


def tabel_sorotan(h: HasilEvaluasi, peringkat: PeringkatProvinsi | None) -> pd.DataFrame:
    t = h.meta["tahun"]
    return pd.DataFrame(
        [
            {"Aspek": f"Relevansi dan efektivitas P0 {t - 1}–{t}", "Keterangan": _relevansi_p0(h)},
            {"Aspek": f"Peringkat P0 {t}", "Keterangan": _peringkat_p0(h)},
            {"Aspek": f"Peringkat kinerja TKPK {t}", "Keterangan": _peringkat_tkpk(h, peringkat)},
            {"Aspek": "Kuadran level × perubahan P0", "Keterangan": _kuadran(h)},
            {"Aspek": "Target", "Keterangan": _target(h)},
            {"Aspek": "Prioritas determinan pertama", "Keterangan": _determinan(h)},
        ]
    )


def tulis_ringkas(p: Penulis, s: SumberWilayah, peringkat: PeringkatProvinsi | None) -> None:
    """One page: title, identity, key figures, highlights, data note."""
    h = s.tampilan
    judul = p.doc.add_paragraph(f"Ringkasan: {judul_wilayah(h)}", style="Title")
    judul.runs[0].font.size = Pt(14)
    p.catatan(identitas(h))
    df, teks, catatan = tabel_kartu(h)
    tulis_tabel_df(p, df, teks, catatan)
    tulis_tabel_df(p, tabel_sorotan(h, peringkat), f"Sorotan {h.meta['nama']} {h.meta['tahun']}")
    p.catatan(
        "Perubahan di dalam galat sampel Susenas disebut tidak signifikan. Rincian, grafik dan "
        f"sumber setiap angka: dokumen evaluasi {h.meta['nama']} dan laporan HTML-nya."
    )
