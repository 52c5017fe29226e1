"""Static HTML pages of the reports folder: one index per province-year and one on top.

Plain HTML and CSS (no JavaScript, no CDN, nothing fetched), relative links only, so the
folder works from ``file://``, from any static web server and offline. The P0 chart is inline
SVG. Numbers use Indonesian formatting (:mod:`analisis.laporan.format`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from html import escape
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pandas as pd

from analisis.berkas import tulis_teks_atomik
from analisis.data.wilayah import kode_provinsi_baku, nama_wilayah
from analisis.kontrak import PeringkatProvinsi
from analisis.laporan import format as fmt
from analisis.peringkat.jalankan import baris_catatan
from analisis.runner.kunci import gembok_folder, sapu_sementara
from analisis.runner.manifest import JalanBerjalan
from analisis.situs.data import (
    BAGIAN_LAPORAN,
    baca_manifest,
    baca_peringkat,
    baca_semua_hasil,
    hitung_status,
    sumber_dan_mutu,
    tabel_ringkasan,
    tulis_unduhan,
)
from analisis.situs.sensitivitas import ID_BAGIAN, bagian_sensitivitas, panaskan_svg
from analisis.tata_letak import FolderTahun, TataLetak

ZONA_WAKTU = {"6100": ("WIB", 7), "6200": ("WIB", 7), "6300": ("WITA", 8), "6400": ("WITA", 8)}
ZONA_WAKTU["6500"] = ("WITA", 8)
"""Local time zone of each province (times on its pages)."""

BULAN = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)

NAMA_KUADRAN = {
    "unggul": "unggul",
    "mengejar": "mengejar",
    "prioritas": "prioritas",
    "waspada": "waspada",
}

CSS = """
.peringatan{border-left:6px solid #E69F00;background:#fff8e6;padding:.4rem 1rem;margin:.6rem 0}
:root{--teks:#1f2328;--redup:#57606a;--garis:#d0d7de;--latar:#f6f8fa;--aksen:#0b5cad;--baik:#1a7f37;--buruk:#b42318}
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--teks);margin:0;line-height:1.5}
main{max-width:1200px;margin:0 auto;padding:1.5rem 1rem 3rem}
h1{font-size:1.6rem;margin:.2rem 0 .4rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid var(--garis);padding-bottom:.3rem}
a{color:var(--aksen)}nav{font-size:.95rem}
.ringkas{color:var(--redup)}
table{border-collapse:collapse;width:100%;font-size:.92rem;margin:.6rem 0}
.gulir{overflow-x:auto}
th,td{border-bottom:1px solid var(--garis);padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:var(--latar);font-weight:600}
td.angka,th.angka{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.status-berhasil{color:var(--baik)}.status-gagal,.status-terputus{color:var(--buruk);font-weight:600}
.status-belum{color:var(--redup)}
.catatan{font-size:.88rem;color:var(--redup)}
.kotak{background:var(--latar);border:1px solid var(--garis);border-radius:6px;padding:.7rem 1rem;margin:.8rem 0}
ul.unduhan li{margin:.2rem 0}
svg text{font-family:inherit}
details summary{cursor:pointer}
footer{margin-top:3rem;font-size:.85rem;color:var(--redup)}
@media print{nav,.unduhan{display:none}}
"""


def _e(x: object) -> str:
    return escape("" if x is None else str(x))


def _kosong(x: object) -> bool:
    if x is None:
        return True
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):
        return False


def _waktu(iso: str | None = None, kode_provinsi: str | None = None) -> str:
    """A time in Indonesian, in the province's local time zone (UTC without a province)."""
    t = datetime.fromisoformat(iso) if iso else datetime.now(UTC)
    nama, jam = ZONA_WAKTU.get(kode_provinsi or "", ("UTC", 0))
    t = t.astimezone(timezone(timedelta(hours=jam)))
    return f"{t.day} {BULAN[t.month - 1]} {t.year}, {t:%H.%M} {nama}"


def _versi() -> str:
    try:
        return version("analisis")
    except PackageNotFoundError:  # pragma: no cover
        return "?"


def _halaman(judul: str, badan: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="id">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(judul)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n{badan}\n</main>\n</body>\n</html>\n"
    )


def _tautan(href: str, teks: str, **attr: str) -> str:
    tambahan = "".join(f' {k.rstrip("_")}="{_e(v)}"' for k, v in attr.items())
    return f'<a href="{_e(href)}"{tambahan}>{_e(teks)}</a>'


# --------------------------------------------------------------------------- province-year page


def _kotak_peringatan(data: PeringkatProvinsi) -> str:
    """The ranking's caveats, as prominent as the ranking report's yellow box."""
    butir = "".join(f"<li>{_e(k)}</li>" for k in data.peringatan.kalimat(data.kerangka))
    return f'<div class="peringatan" id="peringatan-peringkat"><ul>{butir}</ul></div>\n'


def _bagian_peringkat(ft: FolderTahun) -> str:
    data = baca_peringkat(ft)
    if data is None:
        return (
            '<h2 id="peringkat">Peringkat kinerja provinsi</h2>\n'
            '<p class="kotak">Peringkat kinerja provinsi belum dibangun untuk tahun ini. Peringkat dibangun '
            "otomatis oleh <code>analisis jalankan</code> setelah semua kabupaten/kota berhasil dievaluasi, atau "
            f"dengan <code>analisis peringkat --provinsi {_e(ft.kode_provinsi[:2])} --tahun {ft.tahun}</code>.</p>"
        )
    baris = sorted(data.baris, key=lambda b: (b.peringkat is None, b.peringkat or 0, b.nama))
    isi = []
    for b in baris:
        bawah, atas = b.interval_bawah, b.interval_atas
        rentang = (
            "–"
            if bawah is None or atas is None
            else (
                fmt.angka(bawah, 0)
                if round(bawah) == round(atas)
                else f"{fmt.angka(bawah, 0)}–{fmt.angka(atas, 0)}"
            )
        )
        peluang = b.peluang_3_besar
        peluang_teks = "–" if peluang is None else fmt.persen(100 * peluang, 0, singkat=True)
        isi.append(
            f'<tr><td class="angka">{fmt.angka(b.peringkat, 0)}</td>'
            f"<td>{_tautan('wilayah/' + b.kode_wilayah + '.html', b.nama)}"
            + (' <span class="catatan">(ditandai)</span>' if b.ditandai else "")
            + f'</td><td class="angka">{fmt.angka(b.skor, 2)}</td><td class="angka">{rentang}</td>'
            f'<td class="angka">{peluang_teks}</td></tr>'
        )
    html_rel = ft.relatif(ft.folder_peringkat / data.html)
    tautan = (
        f"<p>{_tautan(html_rel, 'Laporan peringkat lengkap (metode, bobot, uji ketahanan)')}</p>"
        if (ft.folder / html_rel).is_file()
        else ""
    )
    judul = (
        "Peringkat hasil saja"
        if data.peringatan.hanya_dimensi_hasil
        else "Peringkat kinerja provinsi"
    )
    iterasi = fmt.angka(data.meta.parameter_robust.get("jumlah_iterasi"), 0)
    label_xlsx = (
        "Peringkat (XLSX, dengan lembar Catatan, sensitivitas dan koherensi)"
        if data.sensitivitas is not None or data.koherensi is not None
        else "Peringkat (XLSX, dengan lembar Catatan)"
    )
    unduh = "".join(
        f"<li>{_tautan(ft.relatif(p), teks)}</li>"
        for p, teks in (
            (ft.peringkat_csv, "Peringkat (CSV untuk Excel: titik koma, desimal koma)"),
            (ft.peringkat_xlsx, label_xlsx),
            (ft.kontribusi_csv, "Sumbangan setiap indikator (CSV)"),
            (ft.dokumen_provinsi, "Dokumen Word: peringkat dan bab setiap kabupaten/kota"),
            (ft.dokumen_ringkas_provinsi, "Ringkasan satu halaman per kabupaten/kota (Word)"),
        )
        if p.is_file()
    )
    return (
        f'<h2 id="peringkat">{_e(judul)}</h2>\n'
        + _kotak_peringatan(data)
        + '<p class="catatan">Skor komposit 0–100 (makin besar makin baik). Rentang peringkat: persentil 5–95 '
        f"dari {iterasi} simulasi Monte Carlo uji ketahanan (bobot sedikit diubah, galat sampel, cara "
        "normalisasi); peluang 3 besar: porsi simulasi itu dengan peringkat 1–3. Sebab ketidakpastiannya "
        f"ada di bagian {_tautan('#' + ID_BAGIAN, 'sensitivitas dan koherensi')}.</p>\n"
        '<div class="gulir"><table id="tabel-peringkat"><thead><tr><th class="angka">Peringkat</th>'
        '<th>Kabupaten/kota</th><th class="angka">Skor</th><th class="angka">Rentang peringkat</th>'
        '<th class="angka">Peluang 3 besar</th></tr></thead>\n<tbody>\n'
        + "\n".join(isi)
        + "\n</tbody></table></div>\n"
        + tautan
        + (f'<ul class="unduhan">{unduh}</ul>\n' if unduh else "")
        + bagian_sensitivitas(data)
    )


def _grafik_p0(t: pd.DataFrame, tahun: int) -> str:
    """Horizontal bars of P0 (inline SVG), sorted, with the reference value as a dashed line."""
    d = t[~t["p0"].isna()].sort_values("p0") if "p0" in t.columns else t.iloc[0:0]
    if d.empty:
        return '<p class="catatan">Belum ada angka P0 untuk digambar.</p>'
    lebar, kiri, kanan, tinggi_baris, atas = 760, 230, 70, 22, 28
    maks = (
        float(
            max(d["p0"].max(), d["p0_pembanding"].max() if d["p0_pembanding"].notna().any() else 0)
        )
        or 1.0
    )
    maks = math.ceil(maks * 1.1)
    skala = (lebar - kiri - kanan) / maks
    tinggi = atas + tinggi_baris * len(d) + 30
    bagian = [
        (
            f'<svg role="img" aria-labelledby="judul-p0" viewBox="0 0 {lebar} {tinggi}" width="100%" '
            f'style="max-width:{lebar}px" xmlns="http://www.w3.org/2000/svg">'
        ),
        f'<title id="judul-p0">Persentase penduduk miskin (P0) {tahun} per kabupaten/kota</title>',
    ]
    for i in range(0, int(maks) + 1, max(1, int(maks) // 6 or 1)):
        x = kiri + i * skala
        bagian.append(
            f'<line x1="{x:.1f}" y1="{atas - 6}" x2="{x:.1f}" y2="{tinggi - 26}" stroke="#e5e7eb"/>'
            f'<text x="{x:.1f}" y="{tinggi - 10}" font-size="11" text-anchor="middle" fill="#57606a">'
            f"{fmt.angka(i, 0)}</text>"
        )
    for n, (_, r) in enumerate(d.iterrows()):
        y = atas + n * tinggi_baris
        w = float(r["p0"]) * skala
        bagian.append(
            f'<text x="{kiri - 8}" y="{y + 14}" font-size="12" text-anchor="end">{_e(r["nama"])}</text>'
            f'<rect x="{kiri}" y="{y + 3}" width="{w:.1f}" height="{tinggi_baris - 7}" fill="#0072B2">'
            f"<title>{_e(r['nama'])}: {fmt.persen(r['p0'])}</title></rect>"
            f'<text x="{kiri + w + 5:.1f}" y="{y + 14}" font-size="11" fill="#1f2328">{fmt.angka(r["p0"])}</text>'
        )
    acuan = d["p0_pembanding"].dropna()
    if not acuan.empty:
        x = kiri + float(acuan.iloc[0]) * skala
        nama = d["pembanding"].dropna().iloc[0] if d["pembanding"].notna().any() else "pembanding"
        bagian.append(
            f'<line x1="{x:.1f}" y1="{atas - 8}" x2="{x:.1f}" y2="{tinggi - 26}" stroke="#222" '
            f'stroke-dasharray="4 3"/><text x="{x + 4:.1f}" y="{atas - 12}" font-size="11">'
            f"{_e(nama)}: {fmt.angka(acuan.iloc[0])}</text>"
        )
    bagian.append("</svg>")
    return "\n".join(bagian)


def _tabel_wilayah(t: pd.DataFrame, ft: FolderTahun, tahun: int) -> str:
    awal = (
        t["perubahan_p0_tahun_awal"].dropna()
        if "perubahan_p0_tahun_awal" in t
        else pd.Series(dtype=float)
    )
    akhir = (
        t["perubahan_p0_tahun_akhir"].dropna()
        if "perubahan_p0_tahun_akhir" in t
        else pd.Series(dtype=float)
    )
    rentang = (
        fmt.tahun_rentang(int(awal.iloc[0]), int(akhir.iloc[0]))
        if len(awal) and len(akhir)
        else "jendela"
    )
    kepala = (
        '<tr><th class="angka">No.</th><th>Kabupaten/kota</th><th class="angka">Kode BPS</th>'
        f'<th class="angka">P0 {tahun} (%)</th><th class="angka">Perubahan P0 {_e(rentang)} (poin)</th>'
        '<th>Kuadran</th><th class="angka">Peringkat P0</th>'
        f'<th class="angka">Bagian berisi data (dari {len(BAGIAN_LAPORAN)})</th><th>Status jalan</th>'
        '<th class="angka">Durasi</th><th class="angka">Laporan</th></tr>'
    )
    isi = []
    for n, (_, r) in enumerate(t.iterrows(), start=1):
        kode = r["kode_wilayah"]
        ada_laporan = ft.laporan_wilayah(kode).is_file()
        nama = _tautan(f"wilayah/{kode}.html", r["nama"]) if ada_laporan else _e(r["nama"])
        if ft.dokumen(kode).is_file():
            nama += " " + _tautan(ft.relatif(ft.dokumen(kode)), "(Word)")
        status = str(r["status_jalan"])
        kelas = "status-" + status.split()[0]
        keterangan = ""
        if status in ("gagal", "terputus") and ada_laporan:
            keterangan = ' <span class="catatan">(laporan dari jalan sebelumnya)</span>'
        judul_galat = (
            f' title="{_e(r.get("pesan_jalan"))}"' if not _kosong(r.get("pesan_jalan")) else ""
        )
        p0 = r.get("p0")
        p0_teks = fmt.angka(p0) if not _kosong(p0) else "–"
        if (
            not _kosong(r.get("p0_tahun_data"))
            and not _kosong(p0)
            and int(r["p0_tahun_data"]) != int(tahun)
        ):
            p0_teks += f' <span class="catatan">({int(r["p0_tahun_data"])})</span>'
        perubahan = (
            fmt.poin(r.get("perubahan_p0"), satuan=None)
            if not _kosong(r.get("perubahan_p0"))
            else "–"
        )
        peringkat = (
            f"{fmt.angka(r['peringkat_p0'], 0)} dari {fmt.angka(r['jumlah_wilayah_p0'], 0)}"
            if not _kosong(r.get("peringkat_p0"))
            else "–"
        )
        durasi = (
            f"{fmt.angka(r['durasi_detik'], 1)} detik"
            if not _kosong(r.get("durasi_detik"))
            else "–"
        )
        berisi = fmt.angka(r["bagian_berisi"], 0) if not _kosong(r.get("bagian_berisi")) else "–"
        ukuran = (
            f"{fmt.angka(r['ukuran_laporan_kb'], 0)} KB"
            if not _kosong(r.get("ukuran_laporan_kb"))
            else "–"
        )
        isi.append(
            f'<tr data-kode="{_e(kode)}"><td class="angka">{n}</td><td>{nama}{keterangan}</td>'
            f'<td class="angka">{_e(kode)}</td><td class="angka">{p0_teks}</td><td class="angka">{perubahan}</td>'
            f"<td>{_e(NAMA_KUADRAN.get(r.get('kuadran'), r.get('kuadran')) if not _kosong(r.get('kuadran')) else '–')}</td>"
            f'<td class="angka">{peringkat}</td><td class="angka">{berisi}</td>'
            f'<td class="{kelas}"{judul_galat}>{_e(status)}</td>'
            f'<td class="angka">{durasi}</td><td class="angka">{ukuran}</td></tr>'
        )
    return (
        f'<div class="gulir"><table id="tabel-wilayah"><thead>{kepala}</thead>\n<tbody>\n'
        + "\n".join(isi)
        + "\n</tbody></table></div>"
    )


def _bagian_sumber(sm: dict) -> str:
    total = sum(sm["mutu"].values())
    mutu = ", ".join(f"mutu {g}: {fmt.angka(n, 0)}" for g, n in sm["mutu"].items())
    vintase = "".join(f"<li>{_e(v)}</li>" for v in sm["vintase"])
    catatan = "".join(
        f"<li><strong>{_e(c.get('judul'))}.</strong> {_e(c.get('isi'))}</li>" for c in sm["catatan"]
    )
    sumber = "".join(
        f'<li>{_e(s)} <span class="catatan">({fmt.angka(n, 0)} angka)</span></li>'
        for s, n in sm["sumber"]
    )
    impor = (
        "Sebagian laporan <strong>memuat data impor pengguna</strong> di atas data bawaan."
        if sm["ada_data_impor"]
        else "Semua laporan memakai data bawaan analisis (angka resmi BPS dan sumber bernama)."
    )
    return (
        '<h2 id="sumber">Sumber data dan mutu angka</h2>\n'
        f"<p>{impor} Laporan-laporan ini memakai {fmt.angka(total, 0)} angka ({mutu}). "
        "Mutu A = tabel atau API BPS yang disalin utuh; B = kompilasi pihak ketiga atas angka resmi yang telah "
        "diperiksa silang; C = angka resmi yang dikutip pejabat atau media. Tahun tanpa nilai ditampilkan sebagai "
        "celah dan tidak diinterpolasi.</p>\n"
        + (f"<p>Vintase data:</p><ul>{vintase}</ul>\n" if vintase else "")
        + (
            f"<details><summary>Catatan data ({fmt.angka(len(sm['catatan']), 0)})</summary><ul>{catatan}</ul></details>\n"
            if catatan
            else ""
        )
        + (
            f"<details><summary>Daftar sumber ({fmt.angka(len(sm['sumber']), 0)})</summary><ul>{sumber}</ul></details>\n"
            if sumber
            else ""
        )
    )


def _info_jalan(ft: FolderTahun, jalan: JalanBerjalan | None) -> str:
    """The page's sentence on the run it comes from: the run building it, else the last manifest."""
    kp = ft.kode_provinsi
    if jalan is not None:
        return (
            f" Jalan terakhir: dimulai {_e(_waktu(jalan.mulai, kp))} dengan "
            f"{fmt.angka(jalan.pekerja, 0)} pekerja (lama jalan dan rinciannya di manifes jalan)."
        )
    m = baca_manifest(ft)
    if m is None:
        return ""
    return (
        f" Jalan terakhir: dimulai {_e(_waktu(m.mulai, kp))}, {fmt.angka(m.detik_total, 1)} "
        f"detik dengan {fmt.angka(m.parameter.get('pekerja'), 0)} pekerja."
    )


@dataclass(frozen=True)
class BahanSitus:
    """What a province page shows that does not depend on the ranking: the summary table
    (:func:`~analisis.situs.data.tabel_ringkasan`) and the sources and quality section
    (:func:`~analisis.situs.data.sumber_dan_mutu`), from the region results, each read once.

    The runner prepares it while the province's ranking still runs (:func:`siapkan_bahan`),
    so that only the ranking's own parts are left once the ranking is done."""

    tabel: pd.DataFrame
    sumber: dict


def siapkan_bahan(ft: FolderTahun) -> BahanSitus:
    """:class:`BahanSitus` of a province-year (reads every region result once)."""
    hasil = baca_semua_hasil(ft)
    t = tabel_ringkasan(ft, hasil)
    return BahanSitus(t, sumber_dan_mutu(ft, list(t["kode_wilayah"]), hasil))


def halaman_provinsi(
    ft: FolderTahun, bahan: BahanSitus | None = None, jalan: JalanBerjalan | None = None
) -> str:
    """HTML of ``<laporan>/<prov>/<tahun>/index.html`` (``bahan``: its ranking-independent
    parts already prepared, else read here; ``jalan``: the run building it)."""
    kp, tahun = ft.kode_provinsi, ft.tahun
    b = bahan if bahan is not None else siapkan_bahan(ft)
    t = b.tabel
    nama_prov = nama_wilayah(kp)
    jumlah = len(t)
    hitung = t["status_jalan"].value_counts().to_dict()
    berhasil, gagal = hitung.get("berhasil", 0), hitung.get("gagal", 0) + hitung.get("terputus", 0)
    belum = hitung.get("belum dijalankan", 0)
    judul = f"Evaluasi penanggulangan kemiskinan — Provinsi {nama_prov} {tahun}"
    info_manifest = _info_jalan(ft, jalan)
    sm = b.sumber
    badan = (
        f"<nav>{_tautan(ft.relatif(ft.tata_letak.indeks), '← Semua provinsi dan tahun')}</nav>\n"
        f"<h1>{_e(judul)}</h1>\n"
        f'<p class="ringkas">{fmt.angka(jumlah, 0)} kabupaten/kota: {fmt.angka(berhasil, 0)} laporan berhasil, '
        f"{fmt.angka(gagal, 0)} gagal atau terputus, {fmt.angka(belum, 0)} belum dijalankan.{info_manifest} "
        f"Halaman dibuat {_e(_waktu(None, kp))}.</p>\n"
        + _bagian_peringkat(ft)
        + '\n<h2 id="wilayah">Kabupaten/kota</h2>\n'
        '<p class="catatan">P0: persentase penduduk miskin (Susenas Maret). Perubahan: selisih P0 akhir dan awal '
        "jendela kuadran (negatif = turun). Kuadran level × perubahan P0 terhadap pembanding: unggul, mengejar, "
        "waspada, prioritas. Bagian berisi data: berapa bagian laporan yang memiliki data sungguhan (bagian "
        "lain menyebut datanya tidak tersedia). Klik nama wilayah untuk laporannya.</p>\n"
        + _tabel_wilayah(t, ft, tahun)
        + f'\n<h2 id="grafik">P0 {tahun} per kabupaten/kota</h2>\n'
        + _grafik_p0(t, tahun)
        + '\n<h2 id="unduhan">Unduhan dan reproduksi</h2>\n<ul class="unduhan">'
        f"<li>{_tautan(ft.relatif(ft.unduhan_ringkasan('csv')), 'Ringkasan per kabupaten/kota (CSV untuk Excel: titik koma, desimal koma)')}</li>"
        f"<li>{_tautan(ft.relatif(ft.unduhan_ringkasan('xlsx')), 'Ringkasan per kabupaten/kota (XLSX)')}</li>"
        f"<li>{_tautan(ft.relatif(ft.manifest), 'Manifes jalan (berkas, sidik jari, versi, waktu) untuk reproduksi')}</li>"
        "</ul>\n"
        '<p class="catatan">Hasil mesin-baca setiap wilayah ada di folder <code>hasil/</code> (JSON dan netCDF).</p>\n'
        + _bagian_sumber(sm)
        + f"\n<footer>Disusun dengan analisis {_e(_versi())}. Sidik jari data: "
        + _e(", ".join(sm["sidik_jari_data"]) or "–")
        + ".</footer>"
    )
    return _halaman(judul, badan)


# --------------------------------------------------------------------------- top page


def halaman_utama(tl: TataLetak) -> str:
    """HTML of ``<laporan>/index.html``: every province-year that has a site page."""
    isi = []
    for ft in tl.semua_tahun("index.html"):
        kp, tahun = ft.kode_provinsi, ft.tahun
        hitung = hitung_status(ft)
        data = baca_peringkat(ft)
        m = baca_manifest(ft)
        diperbarui = _waktu(m.selesai, kp) if m is not None else "–"
        if data is None:
            peringkat = "belum dibangun"
        else:
            jenis = "peringkat hasil saja" if data.peringatan.hanya_dimensi_hasil else "peringkat"
            contoh = " (CONTOH)" if data.peringatan.masukan_contoh else ""
            peringkat = _tautan(tl.relatif(ft.peringkat_html), jenis + contoh)
        isi.append(
            f"<tr><td>{_tautan(tl.relatif(ft.situs), nama_wilayah(kp))}</td>"
            f'<td class="angka">{tahun}</td><td class="angka">{fmt.angka(hitung.get("berhasil", 0), 0)} dari '
            f"{fmt.angka(sum(hitung.values()), 0)}</td>"
            f'<td class="angka">{fmt.angka(hitung.get("gagal", 0) + hitung.get("terputus", 0), 0)}</td>'
            f"<td>{peringkat}</td><td>{_e(diperbarui)}</td></tr>"
        )
    tabel = (
        (
            '<table><thead><tr><th>Provinsi</th><th class="angka">Tahun</th><th class="angka">Laporan berhasil'
            '</th><th class="angka">Gagal</th><th>Peringkat</th><th>Jalan terakhir (waktu setempat)</th></tr></thead>\n<tbody>\n'
            + "\n".join(isi)
            + "\n</tbody></table>"
        )
        if isi
        else (
            "<p>Belum ada laporan. Jalankan <code>analisis jalankan --provinsi 63 --tahun 2024</code>.</p>"
        )
    )
    judul = "Laporan evaluasi penanggulangan kemiskinan daerah"
    badan = (
        f'<h1>{_e(judul)}</h1>\n<p class="ringkas">Evaluasi kabupaten/kota per provinsi dan tahun, disusun oleh '
        f"buku kerja analisis TKPK. Halaman dibuat {_e(_waktu())}.</p>\n{tabel}\n"
        f"<footer>Disusun dengan analisis {_e(_versi())}. Semua halaman dapat dibuka tanpa internet.</footer>"
    )
    return _halaman(judul, badan)


# --------------------------------------------------------------------------- builders


def _tata_letak(laporan: TataLetak | str | Path) -> TataLetak:
    return laporan if isinstance(laporan, TataLetak) else TataLetak(Path(laporan))


def bangun_indeks_utama(laporan: TataLetak | str | Path) -> Path:
    """Write ``<laporan>/index.html`` atomically; return its path."""
    tl = _tata_letak(laporan)
    with gembok_folder(tl):
        sapu_sementara([tl.akar], usia_min=600)
        return tulis_teks_atomik(tl.indeks, halaman_utama(tl))


def catatan_unduhan(ft: FolderTahun) -> list[str]:
    """The caveats printed at the top of the site's downloads."""
    data = baca_peringkat(ft)
    umum = [
        (
            f"Ringkasan evaluasi kabupaten/kota {nama_wilayah(ft.kode_provinsi)} {ft.tahun}; angka "
            "dari hasil evaluasi setiap wilayah (mutu A/B/C per angka ada di laporan wilayah)."
        )
    ]
    return umum + (baris_catatan(data) if data is not None else [])


def panaskan_situs() -> None:
    """Pay a process's one-off costs of :func:`bangun_situs` ahead, writing nothing: the
    Vega-Lite to SVG engine of the sensitivity chart (:func:`panaskan_svg`), the XLSX writer of
    the downloads (openpyxl's import) and pandas' Styler templates of the tables.

    The runner calls it in a background thread while a worker's kernel runs the ranking and
    this process would otherwise only wait (:func:`analisis.runner.jalan.jalankan_provinsi`)."""
    from analisis.laporan.unduhan import isi_xlsx

    contoh = pd.DataFrame({"a": [1.0]})
    isi_xlsx({"a": contoh})
    fmt.gaya_tabel(contoh).to_html()
    panaskan_svg()


def bangun_situs(
    laporan: TataLetak | str | Path,
    kode_provinsi: str,
    tahun: int,
    *,
    indeks: bool = True,
    jalan: JalanBerjalan | None = None,
    bahan: BahanSitus | None = None,
) -> Path:
    """Write the province-year index (+ CSV/XLSX downloads) and the top index; return the former.

    ``indeks=False`` leaves the top index to the caller (a run over several provinces writes
    it once, after the last province). ``jalan``: the run building the page (the runner), whose
    manifest is not written yet. ``bahan``: the page's ranking-independent parts already
    prepared (:func:`siapkan_bahan`), else read here. Every file is written atomically, so an interrupted build
    leaves the previous site intact.
    """
    tl = _tata_letak(laporan)
    ft = tl.tahun(kode_provinsi_baku(kode_provinsi), tahun)
    with gembok_folder(tl):
        sapu_sementara([ft.folder, ft.folder_unduhan])
        b = bahan if bahan is not None else siapkan_bahan(ft)
        tulis_unduhan(b.tabel, ft, catatan_unduhan(ft))
        p = tulis_teks_atomik(ft.situs, halaman_provinsi(ft, b, jalan))
        if indeks:
            bangun_indeks_utama(tl)
    return p
