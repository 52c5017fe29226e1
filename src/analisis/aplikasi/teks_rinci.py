"""The text of the region drill-down, as HTML fragments (no Panel import).

The ranking part explains the uncertainty in plain Indonesian (the 90 % interval, the median,
the top-N chance as "in how many of 100 simulations") and names the regions the selected one
cannot be told apart from; the "why is this rank uncertain?" part reads the sensitivity results
stored in ``peringkat.json``; the classification part reads the region's result file.
"""

from __future__ import annotations

from typing import Any

from analisis.aplikasi.fragmen import teks
from analisis.aplikasi.sesi import SesiPeringkat
from analisis.aplikasi.tabel import teks_interval
from analisis.aplikasi.unduh import dengan_nama, nama_indikator
from analisis.kontrak import HasilWilayah
from analisis.laporan import format as fmt
from analisis.peringkat.uraian_sensitivitas import kalimat_rentang_sensitivitas, teks_geser

KETERANGAN_KUADRAN = {
    "unggul": "tingkat P0 lebih baik dan turun lebih cepat dari pembanding",
    "mengejar": "tingkat P0 lebih buruk tetapi turun lebih cepat dari pembanding",
    "prioritas": "tingkat P0 lebih buruk dan turun lebih lambat (atau naik) dibanding pembanding",
    "waspada": "tingkat P0 lebih baik tetapi turun lebih lambat dari pembanding",
}


def _persen(x: Any) -> str:
    return fmt.NILAI_KOSONG if fmt.nilai_hilang(x) else fmt.persen(float(x) * 100, 0, singkat=True)


def _kalimat_peluang(p: Any, posisi: int, iterasi: Any) -> str:
    if fmt.nilai_hilang(p):
        return "tidak dihitung."
    dari_100 = fmt.angka(float(p) * 100, 0)
    return (
        f"pada {dari_100} dari 100 simulasi (dari {fmt.angka(iterasi, 0)}) wilayah ini masuk "
        f"{posisi} besar."
    )


def _tetangga(sesi: SesiPeringkat, kode: str) -> list[dict[str, str]]:
    return [
        {
            "nama": t.nama,
            "peringkat": str(t.peringkat),
            "persen": fmt.persen(t.proporsi_terbalik * 100, 0, singkat=True),
        }
        for t in sesi.tetangga_tidak_robust(kode)
    ]


def _tidak_lengkap(sesi: SesiPeringkat, hilang: Any) -> str:
    kosong = set(sesi.indikator_kosong_provinsi())
    sendiri = [
        k.strip() for k in str(hilang or "").split(",") if k.strip() and k.strip() not in kosong
    ]
    if not sendiri:
        return ""
    return (
        nama_indikator(", ".join(sendiri), sesi.kerangka)
        + " tidak terisi; bobotnya dibagi ulang ke indikator lain dalam dimensinya."
    )


def peringkat_wilayah(sesi: SesiPeringkat, kode: str) -> str:
    """Rank, score, uncertainty, non-robust neighbours, dimension scores and gaps of a region."""
    t = sesi.baris_kini().set_index("kode_wilayah")
    if kode not in t.index:
        return teks("rinci_tidak_ada")
    r = t.loc[kode]
    if fmt.nilai_hilang(r["peringkat"]):
        return teks("rinci_tidak_diperingkat", dengan_nama_keterangan(sesi, r["keterangan"]))
    p = sesi.parameter_robust()
    posisi = sesi.posisi_teratas()
    isi = {
        "peringkat": str(int(r["peringkat"])),
        "jumlah": str(sesi.jumlah_diperingkat()),
        "skor": fmt.angka(r["skor"], 2),
        "disesuaikan": sesi.disesuaikan,
        "peringkat_terbit": fmt.angka(r["peringkat_terbit"], 0),
        "interval": teks_interval(r["interval_bawah"], r["interval_atas"]),
        "median": fmt.angka(r["median_peringkat"], 1),
        "iterasi": fmt.angka(p.get("jumlah_iterasi"), 0),
        "posisi": posisi,
        "peluang": _persen(r["peluang_3_besar"]),
        "peluang_kalimat": _kalimat_peluang(r["peluang_3_besar"], posisi, p.get("jumlah_iterasi")),
        "pasangan": _tetangga(sesi, kode),
        "ambang": _persen(p.get("ambang_urutan_tidak_robust", 0.1)),
        "dimensi": [
            {"nama": d.nama, "skor": fmt.angka(r.get(f"skor_{d.kode}"), 2)}
            for d in sesi.kerangka.dimensi
            if d.kode not in sesi.dimensi_tanpa_data
        ],
        "tidak_lengkap": _tidak_lengkap(sesi, r["indikator_hilang"]),
    }
    return teks("rinci_peringkat", isi)


def mengapa_tidak_pasti(sesi: SesiPeringkat, kode: str) -> str:
    """The panel "Mengapa peringkat wilayah ini tidak pasti?": the stored explanation of the
    region's published rank (which choices move it, by how much; removals and other methods
    that move it), with a note when the table shows other weights."""
    p = sesi.penjelasan_sensitivitas(kode)
    sens = sesi.data_dimuat.kontrak.sensitivitas
    if p is None or sens is None:
        return teks("mengapa_tanpa_hasil", sens is None)
    faktor = [
        {
            "nama": r["faktor"],
            "sendiri": fmt.angka(r["S1"], 2),
            "total": fmt.angka(r["ST"], 2),
        }
        for _, r in p.faktor.iterrows()
    ]
    isi = {
        "uraian": p.uraian,
        "rentang": "–".join(str(x) for x in p.rentang) if p.rentang else "",
        "interval": _interval_kini(sesi, kode),
        "kalimat_rentang": kalimat_rentang_sensitivitas(sens),
        "faktor": faktor,
        "penghapusan": [f"{label}: {teks_geser(g)}" for label, g in p.penghapusan],
        "alternatif": [f"{label}: {teks_geser(g)}" for label, g in p.alternatif],
        "disesuaikan": sesi.disesuaikan,
        "peringkat": str(p.peringkat),
    }
    return teks("mengapa_tidak_pasti", isi)


def _interval_kini(sesi: SesiPeringkat, kode: str) -> str:
    """The robustness test's 90 % interval of the region in the table shown ("" if unranked)."""
    t = sesi.baris_kini().set_index("kode_wilayah")
    if kode not in t.index or fmt.nilai_hilang(t.at[kode, "interval_bawah"]):
        return ""
    return teks_interval(t.at[kode, "interval_bawah"], t.at[kode, "interval_atas"])


def dengan_nama_keterangan(sesi: SesiPeringkat, keterangan: Any) -> str:
    """A row's note with names instead of codes."""
    return dengan_nama(str(keterangan or ""), sesi.kerangka)


def _baris_kuadran(hasil: HasilWilayah, kode: str) -> tuple[str, str, str]:
    kp = hasil.kuadran_perkembangan
    sendiri = kp.baris(kode) if kp is not None else None
    kuadran = sendiri.kuadran if sendiri else None
    if not kuadran:
        return ("Kuadran perkembangan P0", fmt.NILAI_KOSONG, "")
    return ("Kuadran perkembangan P0", kuadran, KETERANGAN_KUADRAN.get(kuadran, ""))


def _baris_p0(hasil: HasilWilayah) -> tuple[str, str, str]:
    p0 = hasil.posisi_wilayah.get("p0")
    if p0 is None or p0.peringkat is None:
        return ("Peringkat P0 se-provinsi", fmt.NILAI_KOSONG, "")
    jumlah = p0.jumlah if p0.jumlah is not None else fmt.NILAI_KOSONG
    teks_p0 = f"{p0.peringkat} dari {jumlah} (1 = P0 terendah)"
    return ("Peringkat P0 se-provinsi", teks_p0 + (f"; {p0.posisi}" if p0.posisi else ""), "")


def _baris_target(t: dict) -> tuple[str, str, str]:
    label = (
        "Target kemiskinan ekstrem"
        if t.get("ekstrem")
        else f"Target {str(t.get('indikator', '')).upper()}"
    )
    return (label, str(t.get("status", fmt.NILAI_KOSONG)), str(t.get("keterangan") or ""))


def klasifikasi(hasil: HasilWilayah, kode: str) -> str:
    """Quadrant, P0 rank in the province and target status of a region (its result file)."""
    baris = [_baris_kuadran(hasil, kode), _baris_p0(hasil)]
    baris += [_baris_target(t) for t in hasil.target]
    # Rows with a detail show the value in bold; plain rows (no detail) as is.
    return teks("klasifikasi", baris)
