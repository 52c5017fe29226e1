"""Presentation of an evaluation result for the notebook report (Bahasa Indonesia).

Each function turns one part of a :class:`~analisis.evaluasi.hitung.HasilEvaluasi` into
something a notebook displays: Markdown text, a formatted table (pandas Styler) or a
HoloViews chart. Numbers go through :mod:`analisis.laporan.format`; charts through
:mod:`analisis.laporan.grafik`. Nothing here computes a method result.
"""

from __future__ import annotations

import html
import math

import pandas as pd
from IPython.display import HTML, Markdown

from analisis.data.katalog import muat_katalog
from analisis.evaluasi.hitung import HasilEvaluasi
from analisis.laporan import format as fmt
from analisis.laporan import grafik
from analisis.teks import angka_id

NAMA_PERAN = {"wilayah": None, "provinsi": None, "nasional": "Indonesia"}
WARNA_STATUS = {
    "lebih baik": "#1b7837",
    "lebih buruk": "#b2182b",
    "sama": "#4D4D4D",
    "netral": "#4D4D4D",
    "tanpa pembanding": "#4D4D4D",
    "tidak ada data": "#9e9e9e",
}


def nama_indikator(ind: str) -> str:
    return muat_katalog()[ind].nama


def nilai_satuan(x: float, ind: str, desimal: int = 2) -> str:
    """A value with its unit in Indonesian (``4,65 persen``, ``Rp581.229``, ``14.460 jiwa``)."""
    satuan = muat_katalog()[ind].satuan
    if fmt.nilai_hilang(x):
        return "–"
    if satuan == "persen":
        return fmt.persen(x, desimal)
    if satuan.startswith("Rp/"):
        return fmt.rupiah(x)
    if satuan == "ribu jiwa":
        return fmt.ribu_jiwa(x, sebagai_jiwa=True)
    if satuan == "jiwa":
        return fmt.jiwa(x)
    return (
        f"{fmt.angka(x, desimal)} ({satuan})"
        if satuan not in ("indeks", "tahun")
        else (fmt.angka(x, desimal) + (" tahun" if satuan == "tahun" else ""))
    )


def _nama_peran(h: HasilEvaluasi, peran: str) -> str:
    return {"wilayah": h.meta["nama"], "provinsi": h.meta["provinsi"], "nasional": "Indonesia"}[
        peran
    ]


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
        + f". Disusun dengan analisis {m['versi_analisis']}."
    )


def kartu_skor(h: HasilEvaluasi) -> HTML:
    """Score card: value, reference and a direction-aware colour per key indicator."""
    sel = []
    for r in h.kartu.itertuples():
        warna = WARNA_STATUS.get(r.status, "#4D4D4D")
        pemb = (
            ""
            if fmt.nilai_hilang(r.nilai_pembanding)
            else (
                f"{html.escape(h.meta['nama_pembanding'])}: {nilai_satuan(r.nilai_pembanding, r.indikator)}"
            )
        )
        tahun_data = "–" if fmt.nilai_hilang(r.tahun_data) else str(int(r.tahun_data))
        lama = " (data terakhir)" if r.tahun_lama else ""
        sel.append(
            f'<div class="kartu" style="border-left:6px solid {warna};padding:6px 10px;margin:4px;'
            f'min-width:210px;flex:1;background:#fafafa">'
            f'<div style="font-size:0.85em;color:#555">{html.escape(r.nama)}</div>'
            f'<div style="font-size:1.35em;font-weight:600">{nilai_satuan(r.nilai, r.indikator)}</div>'
            f'<div style="font-size:0.8em">{pemb}</div>'
            f'<div style="font-size:0.8em;color:{warna}">{html.escape(r.status)}</div>'
            f'<div style="font-size:0.75em;color:#777">tahun {tahun_data}{lama} · mutu {r.kualitas or "–"}</div></div>'
        )
    keterangan = (
        '<p style="font-size:0.8em;color:#555">Warna: hijau = lebih baik dari pembanding menurut arah indikator, '
        "merah = lebih buruk, abu-abu = tanpa arah (garis kemiskinan), jumlah jiwa (tidak sebanding antartingkat) "
        "atau tanpa nilai pembanding. Mutu A = tabel BPS utuh, B = kompilasi terperiksa, C = kutipan.</p>"
    )
    return HTML('<div style="display:flex;flex-wrap:wrap">' + "".join(sel) + "</div>" + keterangan)


def kalimat_ringkasan(h: HasilEvaluasi) -> Markdown:
    """Key sentences: P0 level and change, rank, quadrant, target status."""
    m = h.meta
    baris = []
    p = h.perkembangan[
        (h.perkembangan["indikator"] == "p0") & (h.perkembangan["peran"] == "wilayah")
    ]
    if not p.empty and p.iloc[0]["jumlah_tahun"]:
        r = p.iloc[0]
        arah = (
            "turun"
            if r["perubahan_total"] < 0
            else ("naik" if r["perubahan_total"] > 0 else "tetap")
        )
        baris.append(
            f"- Persentase penduduk miskin (P0) {m['nama']} {arah} dari {fmt.persen(r['nilai_awal'])} "
            f"({int(r['tahun_awal'])}) menjadi {fmt.persen(r['nilai_akhir'])} ({int(r['tahun_akhir'])}), "
            f"rata-rata {fmt.poin(r['rata_rata_perubahan'])} per tahun."
        )
    pw = h.posisi_wilayah.get("p0")
    if pw and pw["peringkat"] is not None:
        baris.append(
            f"- Peringkat P0 {m['tahun']}: ke-{pw['peringkat']} dari {pw['jumlah']} kabupaten/kota di "
            f"{m['provinsi']} (1 = P0 terendah); {pw['posisi']}."
        )
    kp = h.kuadran_perkembangan.get("tabel")
    if kp is not None and not kp.empty:
        k = kp.set_index("kode_wilayah")
        if m["kode_wilayah"] in k.index and isinstance(k.at[m["kode_wilayah"], "kuadran"], str):
            baris.append(
                f"- Kuadran level × perubahan P0: **{k.at[m['kode_wilayah'], 'kuadran']}**."
            )
    for r in h.target.itertuples() if not h.target.empty else []:
        baris.append(
            f"- Target {r.indikator} {fmt.angka(r.nilai_target)} pada {r.tahun_target}: **{r.status}**."
        )
    return Markdown(
        "\n".join(baris)
        if baris
        else "Ringkasan tidak dapat disusun: data P0 wilayah ini tidak tersedia."
    )


def tidak_tersedia(h: HasilEvaluasi, kunci: str) -> Markdown | None:
    """A plain statement when a section has no data (None when it has)."""
    if kunci in h.kosong:
        return Markdown(
            f"> **Data tidak tersedia.** {h.kosong[kunci]}. Bagian ini tidak dapat dihitung."
        )
    return None


# ------------------------------------------------------------------------- 2. trend
def grafik_perkembangan(h: HasilEvaluasi, ind: str):
    """Region vs province vs Indonesia for one indicator; gaps stay gaps."""
    s = h.seri[h.seri["indikator"] == ind].copy()
    satuan = muat_katalog()[ind].satuan
    if "jiwa" in satuan:
        # Counts of people are not comparable across levels: show the region alone.
        s = s[s["peran"] == "wilayah"]
    if s["nilai"].notna().sum() == 0:
        return Markdown(f"> Tidak ada nilai {nama_indikator(ind)} dalam periode ini.")
    s["wilayah"] = [_nama_peran(h, p) for p in s["peran"]]
    return grafik.grafik_tren(
        s[["wilayah", "tahun", "nilai"]],
        urutan=[
            _nama_peran(h, p) for p in ("wilayah", "provinsi", "nasional") if p in set(s["peran"])
        ],
        format_nilai=lambda x: nilai_satuan(x, ind),
        judul=nama_indikator(ind),
        label_y=satuan,
    )


def tabel_perkembangan(h: HasilEvaluasi, ind: str):
    """Window summary for one indicator (region, province, Indonesia)."""
    d = h.perkembangan[h.perkembangan["indikator"] == ind].copy()
    d["wilayah"] = [_nama_peran(h, p) for p in d["peran"]]
    d = d[
        [
            "wilayah",
            "tahun_awal",
            "nilai_awal",
            "tahun_akhir",
            "nilai_akhir",
            "perubahan_total",
            "perubahan_relatif_persen",
            "rata_rata_perubahan",
            "laju_majemuk_persen",
            "tahun_kosong",
            "keterangan",
        ]
    ]
    d = d.rename(
        columns={
            "tahun_awal": "tahun awal",
            "nilai_awal": "nilai awal",
            "tahun_akhir": "tahun akhir",
            "nilai_akhir": "nilai akhir",
            "perubahan_total": "perubahan",
            "perubahan_relatif_persen": "perubahan relatif (%)",
            "rata_rata_perubahan": "rata-rata per tahun",
            "laju_majemuk_persen": "laju majemuk (%/th)",
            "tahun_kosong": "tahun tanpa data",
        }
    )
    return fmt.gaya_tabel(
        d,
        {
            "tahun awal": "tahun",
            "tahun akhir": "tahun",
            "perubahan relatif (%)": "angka",
            "laju majemuk (%/th)": "angka",
        },
    )


# ------------------------------------------------------------------ 3. relevansi
def tabel_relevansi(h: HasilEvaluasi):
    d = h.relevansi.copy()
    if d.empty:
        return Markdown("> Tidak ada tahun dengan data wilayah dan pembanding berurutan.")
    d["indikator"] = d["indikator"].map(nama_indikator)
    d = d[
        [
            "indikator",
            "tahun",
            "delta_kab",
            "delta_ref",
            "g_kab",
            "g_ref",
            "relevansi",
            "efektivitas",
            "label",
            "keterangan",
        ]
    ]
    d = d.rename(
        columns={
            "delta_kab": "Δ wilayah",
            "delta_ref": f"Δ {h.meta['nama_pembanding']}",
            "g_kab": "g wilayah (%)",
            "g_ref": "g pembanding (%)",
            "label": "kesimpulan",
        }
    )
    return fmt.gaya_tabel(d, {"tahun": "tahun"})


# -------------------------------------------------------------------- 4. posisi
def grafik_posisi(h: HasilEvaluasi, ind: str = "p0"):
    d = h.posisi[h.posisi["indikator"] == ind]
    if d.empty:
        return Markdown(
            f"> Tidak ada nilai {nama_indikator(ind)} {h.meta['tahun']} untuk kabupaten/kota di provinsi ini."
        )
    ref = h.kartu.set_index("indikator").get("nilai_pembanding", pd.Series(dtype=float)).get(ind)
    return grafik.grafik_batang(
        d.rename(columns={"nama": "wilayah"})[["wilayah", "nilai"]],
        sorot=h.meta["nama"],
        acuan=None if ref is None or fmt.nilai_hilang(ref) else float(ref),
        label_acuan=h.meta["nama_pembanding"],
        format_nilai=lambda x: nilai_satuan(x, ind),
        judul=f"{nama_indikator(ind)}, {h.meta['tahun']}",
        label_nilai=muat_katalog()[ind].satuan,
    )


def tabel_posisi(h: HasilEvaluasi, ind: str = "p0"):
    d = h.posisi[h.posisi["indikator"] == ind][
        ["peringkat", "nama", "kode_wilayah", "nilai", "seri"]
    ].copy()
    d["seri"] = d["seri"].map({True: "ya", False: ""})
    return fmt.gaya_tabel(
        d.rename(columns={"nama": "wilayah", "seri": "peringkat sama"}), {"peringkat": "angka:0"}
    )


# ------------------------------------------------------------------- 5. kuadran
def grafik_kuadran(
    h: HasilEvaluasi, data: dict, x: str, y: str, label_x: str, label_y: str, judul: str
):
    """Scatter of the province's kab/kota with threshold lines; the region highlighted."""
    t = data["tabel"]
    return grafik.grafik_sebar(
        t,
        x=x,
        y=y,
        label="nama",
        sorot=h.meta["nama"] if h.meta["nama"] in set(t["nama"]) else None,
        ambang_x=data["ambang_x"],
        ambang_y=data["ambang_y"],
        info=[("Kuadran", "kuadran")],
        judul=judul,
        label_x=label_x,
        label_y=label_y,
    )


def tabel_kuadran(data: dict, kolom: list[str]):
    d = data["tabel"][["nama"] + kolom + ["kuadran", "keterangan"]].rename(
        columns={"nama": "wilayah"}
    )
    return fmt.gaya_tabel(d)


# -------------------------------------------------------------------- 6. target
def tabel_target(h: HasilEvaluasi):
    if h.target.empty:
        return Markdown("> Belum ada target di berkas parameter.")
    d = h.target.copy()
    d["indikator"] = d["indikator"].map(nama_indikator)
    d["perkiraan tercapai"] = [
        "–"
        if fmt.nilai_hilang(r.tahun_tercapai)
        else (
            f"{int(r.tahun_tercapai)} (rentang {_th(r.tahun_tercapai_paling_cepat)}–{_th(r.tahun_tercapai_paling_lambat)})"
        )
        for r in d.itertuples()
    ]
    d = d[
        [
            "indikator",
            "nilai_target",
            "tahun_target",
            "nilai_terakhir",
            "tahun_terakhir",
            "kesenjangan",
            "perubahan_dibutuhkan_per_tahun",
            "laju_historis",
            "perkiraan tercapai",
            "status",
            "sumber_target",
            "keterangan",
        ]
    ]
    d = d.rename(
        columns={
            "nilai_target": "target",
            "tahun_target": "tahun target",
            "nilai_terakhir": "nilai terakhir",
            "tahun_terakhir": "tahun data",
            "perubahan_dibutuhkan_per_tahun": "perubahan diperlukan/th",
            "laju_historis": "laju historis/th",
            "sumber_target": "sumber target",
        }
    )
    return fmt.gaya_tabel(d, {"tahun target": "tahun", "tahun data": "tahun"})


def _th(x) -> str:
    return "belum" if fmt.nilai_hilang(x) else str(int(x))


# ---------------------------------------------------------------- 7. determinan
def tabel_determinan(h: HasilEvaluasi):
    d = h.determinan["tabel"][
        [
            "peringkat",
            "nama",
            "tahun_data",
            "nilai_kab",
            "nilai_ref",
            "kesenjangan",
            "perubahan",
            "skor",
            "keterangan",
        ]
    ].rename(
        columns={
            "nama": "indikator",
            "tahun_data": "tahun",
            "nilai_kab": "wilayah",
            "nilai_ref": h.meta["nama_pembanding"],
            "kesenjangan": "kesenjangan (+ = buruk)",
            "perubahan": "perubahan 1 th",
            "skor": "skor prioritas",
        }
    )
    return fmt.gaya_tabel(d, {"peringkat": "angka:0", "tahun": "tahun"})


# ---------------------------------------------------------------- 8. catatan data
def tabel_provenans(h: HasilEvaluasi):
    d = h.provenans[
        [
            "wilayah",
            "kode_wilayah",
            "indikator",
            "tahun",
            "nilai",
            "satuan",
            "kualitas",
            "sumber",
            "catatan",
        ]
    ]
    return fmt.gaya_tabel(
        d.rename(columns={"kualitas": "mutu"}), {"tahun": "tahun", "nilai": angka_id}
    )


def ringkasan_mutu(h: HasilEvaluasi) -> Markdown:
    mutu = h.meta["mutu_angka_dipakai"]
    total = sum(mutu.values())
    bagian = ", ".join(f"mutu {k}: {fmt.angka(v, 0)}" for k, v in mutu.items())
    return Markdown(
        f"Laporan ini memakai {fmt.angka(total, 0)} angka ({bagian}). Mutu A = tabel atau API BPS yang disalin utuh; "
        "B = kompilasi pihak ketiga atas angka resmi yang telah diperiksa silang; C = angka resmi yang dikutip "
        "pejabat atau media. Tahun tanpa nilai ditampilkan sebagai celah dan tidak diinterpolasi."
    )


def daftar_catatan(h: HasilEvaluasi) -> Markdown:
    """The caveats of the data used, then the missing cells that limited the report."""
    from analisis.evaluasi.celah import markdown_celah

    catatan = [f"- **{c['judul']}.** {c['isi']}" for c in h.catatan_data] or [
        "- Tidak ada catatan khusus untuk data yang dipakai."
    ]
    return Markdown("\n".join([*catatan, markdown_celah(h.celah_data)]))


def tabel_parameter(h: HasilEvaluasi):
    return fmt.gaya_tabel(
        h.parameter.rename(columns={"nama": "parameter", "bawaan": "nilai bawaan?"})
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


def tabel_opd(h: HasilEvaluasi):
    d = h.anggaran["opd"]
    kolom = [c for c in ("opd", "jumlah", "persen") if c in d.columns]
    return fmt.gaya_tabel(
        d[kolom].rename(
            columns={"opd": "perangkat daerah", "jumlah": "pagu (Rp)", "persen": "porsi (%)"}
        ),
        {"pagu (Rp)": "rupiah", "porsi (%)": "angka:1"},
    )


def tabel_tren_anggaran(h: HasilEvaluasi):
    t = h.anggaran["tren"]
    d = t.rename(
        columns={
            "anggaran": "anggaran (Rp)",
            "perubahan_anggaran": "perubahan (Rp)",
            "persen_perubahan_anggaran": "perubahan (%)",
            "perubahan_p0": "perubahan P0 (poin)",
            "rp_per_poin_penurunan_p0": "Rp per poin penurunan P0",
        }
    )
    return fmt.gaya_tabel(
        d,
        {
            "anggaran (Rp)": "rupiah",
            "perubahan (Rp)": "rupiah",
            "Rp per poin penurunan P0": "rupiah",
            "perubahan (%)": "angka:1",
        },
    )


def catatan_tren_anggaran(h: HasilEvaluasi) -> Markdown:
    teks = [f"> {h.anggaran['catatan_tren']}"] + [f"> {p}" for p in h.anggaran["peringatan_tren"]]
    return Markdown("\n>\n".join(teks))


def tabel_rat(h: HasilEvaluasi):
    r = h.anggaran["rat_keseluruhan"]
    if r.empty:
        return Markdown("> Tidak ada data rencana aksi tahunan (RAT) untuk wilayah ini.")
    return fmt.gaya_tabel(
        r.drop(columns=["kode_wilayah"]).rename(
            columns={
                "jumlah_kegiatan": "kegiatan",
                "kegiatan_terlapor": "terlapor",
                "rata_rata_capaian": "rata-rata capaian (%)",
                "persen_tercapai": "kegiatan mencapai target (%)",
            }
        ),
        {"rata-rata capaian (%)": "angka:1", "kegiatan mencapai target (%)": "angka:1"},
    )


# ----------------------------------------------------------------------------- BNBA
def bnba_pengantar(h: HasilEvaluasi) -> Markdown:
    teks = []
    if h.bnba.get("sintetis"):
        teks.append(
            "> **SINTETIS — data BNBA buatan untuk demonstrasi**, bukan data penduduk sebenarnya.\n"
        )
    teks.append(
        "Data by-name-by-address (DTKS/P3KE/DTSEN) adalah data pribadi (UU PDP): laporan ini hanya memuat "
        "agregat. Sel dengan kurang dari 5 orang atau keluarga ditampilkan sebagai `<5` (beserta penekanan "
        "komplementer). Daftar kerja per orang untuk verval hanya untuk analis dan tidak pernah diterbitkan."
    )
    return Markdown("\n".join(teks))


def tabel_bnba(h: HasilEvaluasi, kunci: str, ganti: dict[str, str] | None = None):
    d = h.bnba.get(kunci)
    if d is None or len(d) == 0:
        return Markdown(f"> Tabel {kunci} tidak tersedia.")
    d = d.drop(columns=[c for c in ("kode_wilayah",) if c in d.columns])
    return fmt.gaya_tabel(d.rename(columns=ganti or {}))


def catatan_rekonsiliasi(h: HasilEvaluasi) -> Markdown:
    d = h.bnba.get("rekonsiliasi_bps")
    ket = ""
    if d is not None and len(d) and "keterangan" in d:
        ket = next((str(x) for x in d["keterangan"] if isinstance(x, str) and x), "")
    return Markdown(
        f"> {ket or 'Angka BPS (survei sampel, kemiskinan konsumsi) dan BNBA (peringkat relatif PMT) mengukur hal yang berbeda; tidak diharapkan sama.'}"
    )
