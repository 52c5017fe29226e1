"""Static HTML pages of the reports folder: one index per province-year and one on top.

Plain HTML and CSS (no JavaScript, no CDN, nothing fetched), relative links only, so the
folder works from ``file://``, from any static web server and offline. The P0 chart is inline
SVG. Numbers use Indonesian formatting (:mod:`analisis.laporan.format`).
"""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from html import escape
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pandas as pd

from analisis.berkas import tulis_teks_atomik
from analisis.data.wilayah import muat_wilayah
from analisis.galat import GalatAnalisis
from analisis.laporan import format as fmt
from analisis.runner.kunci import gembok_folder, sapu_sementara
from analisis.situs.data import (
    baca_peringkat,
    folder_tahun,
    kode_provinsi,
    sumber_dan_mutu,
    tabel_ringkasan,
    tulis_unduhan,
)

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


def _waktu(iso: str | None = None) -> str:
    t = datetime.fromisoformat(iso) if iso else datetime.now(UTC)
    t = t.astimezone(UTC)
    return f"{t.day} {BULAN[t.month - 1]} {t.year}, {t:%H.%M} UTC"


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


def _bagian_peringkat(folder: Path, kp: str, tahun: int) -> str:
    data = baca_peringkat(folder)
    if data is None:
        return (
            '<h2 id="peringkat">Peringkat kinerja provinsi</h2>\n'
            '<p class="kotak">Peringkat kinerja provinsi belum dibangun untuk tahun ini. Peringkat dibangun '
            "otomatis oleh <code>analisis jalankan</code> setelah semua kabupaten/kota berhasil dievaluasi, atau "
            f"dengan <code>analisis peringkat --provinsi {_e(kp[:2])} --tahun {tahun}</code>.</p>"
        )
    baris = sorted(
        data["baris"],
        key=lambda b: (b.get("peringkat") is None, b.get("peringkat") or 0, str(b.get("nama"))),
    )
    isi = []
    for b in baris:
        bawah, atas = b.get("interval_bawah"), b.get("interval_atas")
        rentang = (
            "–"
            if _kosong(bawah) or _kosong(atas)
            else (
                fmt.angka(bawah, 0)
                if round(bawah) == round(atas)
                else f"{fmt.angka(bawah, 0)}–{fmt.angka(atas, 0)}"
            )
        )
        peluang = b.get("peluang_3_besar")
        peluang_teks = (
            "–" if _kosong(peluang) else fmt.persen(100 * float(peluang), 0, singkat=True)
        )
        isi.append(
            f'<tr><td class="angka">{fmt.angka(b.get("peringkat"), 0)}</td>'
            f"<td>{_tautan('wilayah/' + str(b.get('kode_wilayah')) + '.html', str(b.get('nama')))}</td>"
            f'<td class="angka">{fmt.angka(b.get("skor"), 2)}</td><td class="angka">{rentang}</td>'
            f'<td class="angka">{peluang_teks}</td></tr>'
        )
    html_rel = data.get("html") or "peringkat/peringkat.html"
    tautan = (
        f"<p>{_tautan(html_rel, 'Laporan peringkat lengkap (metode, bobot, uji ketahanan)')}</p>"
        if (folder / html_rel).is_file()
        else ""
    )
    return (
        '<h2 id="peringkat">Peringkat kinerja provinsi</h2>\n'
        '<p class="catatan">Skor komposit 0–100 (makin besar makin baik). Rentang peringkat: persentil 5–95 '
        "dari simulasi ketidakpastian; peluang 3 besar: porsi simulasi dengan peringkat 1–3.</p>\n"
        '<div class="gulir"><table id="tabel-peringkat"><thead><tr><th class="angka">Peringkat</th>'
        '<th>Kabupaten/kota</th><th class="angka">Skor</th><th class="angka">Rentang peringkat</th>'
        '<th class="angka">Peluang 3 besar</th></tr></thead>\n<tbody>\n'
        + "\n".join(isi)
        + "\n</tbody></table></div>\n"
        + tautan
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


def _tabel_wilayah(t: pd.DataFrame, folder: Path, tahun: int) -> str:
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
        '<th>Kuadran</th><th class="angka">Peringkat P0</th><th>Status jalan</th>'
        '<th class="angka">Durasi</th><th class="angka">Laporan</th></tr>'
    )
    isi = []
    for n, (_, r) in enumerate(t.iterrows(), start=1):
        kode = r["kode_wilayah"]
        ada_laporan = (folder / "wilayah" / f"{kode}.html").is_file()
        nama = _tautan(f"wilayah/{kode}.html", r["nama"]) if ada_laporan else _e(r["nama"])
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
        ukuran = (
            f"{fmt.angka(r['ukuran_laporan_kb'], 0)} KB"
            if not _kosong(r.get("ukuran_laporan_kb"))
            else "–"
        )
        isi.append(
            f'<tr data-kode="{_e(kode)}"><td class="angka">{n}</td><td>{nama}{keterangan}</td>'
            f'<td class="angka">{_e(kode)}</td><td class="angka">{p0_teks}</td><td class="angka">{perubahan}</td>'
            f"<td>{_e(NAMA_KUADRAN.get(r.get('kuadran'), r.get('kuadran')) if not _kosong(r.get('kuadran')) else '–')}</td>"
            f'<td class="angka">{peringkat}</td><td class="{kelas}"{judul_galat}>{_e(status)}</td>'
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


def halaman_provinsi(
    folder_laporan: str | Path, provinsi: str, tahun: int, tabel: pd.DataFrame | None = None
) -> str:
    """HTML of ``<laporan>/<prov>/<tahun>/index.html``."""
    kp = kode_provinsi(provinsi)
    ft = folder_tahun(folder_laporan, kp, tahun)
    t = tabel if tabel is not None else tabel_ringkasan(folder_laporan, kp, tahun)
    nama_prov = str(muat_wilayah().at[kp, "wilayah"])
    jumlah = len(t)
    hitung = t["status_jalan"].value_counts().to_dict()
    berhasil, gagal = hitung.get("berhasil", 0), hitung.get("gagal", 0) + hitung.get("terputus", 0)
    belum = hitung.get("belum dijalankan", 0)
    judul = f"Evaluasi penanggulangan kemiskinan — Provinsi {nama_prov} {tahun}"
    manifest = ft / "manifest.json"
    info_manifest = ""
    if manifest.is_file():
        try:
            m = json.loads(manifest.read_text("utf-8"))
            info_manifest = (
                f" Jalan terakhir: {_e(_waktu(m.get('selesai')))}, {fmt.angka(m.get('detik_total'), 1)} detik "
                f"dengan {fmt.angka(m.get('parameter', {}).get('pekerja'), 0)} pekerja."
            )
        except (OSError, ValueError, TypeError):
            pass
    unduh = f"unduhan/ringkasan_{kp}_{tahun}"
    sm = sumber_dan_mutu(ft, list(t["kode_wilayah"]))
    badan = (
        f"<nav>{_tautan('../../index.html', '← Semua provinsi dan tahun')}</nav>\n"
        f"<h1>{_e(judul)}</h1>\n"
        f'<p class="ringkas">{fmt.angka(jumlah, 0)} kabupaten/kota: {fmt.angka(berhasil, 0)} laporan berhasil, '
        f"{fmt.angka(gagal, 0)} gagal atau terputus, {fmt.angka(belum, 0)} belum dijalankan.{info_manifest} "
        f"Halaman dibuat {_e(_waktu())}.</p>\n"
        + _bagian_peringkat(ft, kp, tahun)
        + '\n<h2 id="wilayah">Kabupaten/kota</h2>\n'
        '<p class="catatan">P0: persentase penduduk miskin (Susenas Maret). Perubahan: selisih P0 akhir dan awal '
        "jendela kuadran (negatif = turun). Kuadran level × perubahan P0 terhadap pembanding: unggul, mengejar, "
        "waspada, prioritas. Klik nama wilayah untuk laporannya.</p>\n"
        + _tabel_wilayah(t, ft, tahun)
        + f'\n<h2 id="grafik">P0 {tahun} per kabupaten/kota</h2>\n'
        + _grafik_p0(t, tahun)
        + '\n<h2 id="unduhan">Unduhan dan reproduksi</h2>\n<ul class="unduhan">'
        f"<li>{_tautan(unduh + '.csv', 'Ringkasan per kabupaten/kota (CSV, UTF-8, titik desimal)')}</li>"
        f"<li>{_tautan(unduh + '.xlsx', 'Ringkasan per kabupaten/kota (XLSX)')}</li>"
        f"<li>{_tautan('manifest.json', 'Manifes jalan (berkas, sidik jari, versi, waktu) untuk reproduksi')}</li>"
        "</ul>\n"
        '<p class="catatan">Hasil mesin-baca setiap wilayah ada di folder <code>hasil/</code> (JSON dan netCDF), '
        "catatan jalannya di <code>log/</code>.</p>\n"
        + _bagian_sumber(sm)
        + f"\n<footer>Disusun dengan analisis {_e(_versi())}. Sidik jari data: "
        + _e(", ".join(sm["sidik_jari_data"]) or "–")
        + ".</footer>"
    )
    return _halaman(judul, badan)


# --------------------------------------------------------------------------- top page


def _daftar_tahun(folder_laporan: Path) -> list[tuple[str, int, Path]]:
    hasil = []
    for p in sorted(Path(folder_laporan).glob("[0-9][0-9]00/[0-9][0-9][0-9][0-9]/index.html")):
        hasil.append((p.parent.parent.name, int(p.parent.name), p))
    return hasil


def halaman_utama(folder_laporan: str | Path) -> str:
    """HTML of ``<laporan>/index.html``: every province-year that has a site page."""
    folder_laporan = Path(folder_laporan)
    w = muat_wilayah()
    isi = []
    for kp, tahun, p in _daftar_tahun(folder_laporan):
        if kp not in w.index:
            continue
        t = tabel_ringkasan(folder_laporan, kp, tahun)
        hitung = t["status_jalan"].value_counts().to_dict()
        ada_peringkat = baca_peringkat(p.parent) is not None
        diperbarui = "–"
        try:
            m = json.loads((p.parent / "manifest.json").read_text("utf-8"))
            diperbarui = _waktu(m.get("selesai"))
        except (OSError, ValueError, TypeError):
            pass
        isi.append(
            f"<tr><td>{_tautan(f'{kp}/{tahun}/index.html', str(w.at[kp, 'wilayah']))}</td>"
            f'<td class="angka">{tahun}</td><td class="angka">{fmt.angka(hitung.get("berhasil", 0), 0)} dari '
            f"{fmt.angka(len(t), 0)}</td>"
            f'<td class="angka">{fmt.angka(hitung.get("gagal", 0) + hitung.get("terputus", 0), 0)}</td>'
            f"<td>{'ada' if ada_peringkat else 'belum dibangun'}</td><td>{_e(diperbarui)}</td></tr>"
        )
    tabel = (
        (
            '<table><thead><tr><th>Provinsi</th><th class="angka">Tahun</th><th class="angka">Laporan berhasil'
            '</th><th class="angka">Gagal</th><th>Peringkat</th><th>Jalan terakhir</th></tr></thead>\n<tbody>\n'
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


def bangun_indeks_utama(folder_laporan: str | Path) -> Path:
    """Write ``<laporan>/index.html`` atomically; return its path."""
    folder_laporan = Path(folder_laporan).resolve()
    with gembok_folder(folder_laporan):
        sapu_sementara([folder_laporan], usia_min=600)
        return tulis_teks_atomik(folder_laporan / "index.html", halaman_utama(folder_laporan))


def bangun_situs(folder_laporan: str | Path, kode_provinsi: str, tahun: int) -> Path:
    """Write the province-year index (+ CSV/XLSX downloads) and the top index; return the former.

    Every file is written atomically, so an interrupted build leaves the previous site intact.
    """
    folder_laporan = Path(folder_laporan).resolve()
    kp = kode_provinsi[:2] + "00"
    w = muat_wilayah()
    if kp not in w.index or w.at[kp, "tingkat"] != "provinsi":
        raise GalatAnalisis(
            f"Provinsi '{kode_provinsi}' tidak dikenal; gunakan kode BPS (61, 62, 63, 64, 65).", 2
        )
    ft = folder_tahun(folder_laporan, kp, tahun)
    with gembok_folder(folder_laporan):
        sapu_sementara([ft, ft / "unduhan"])
        t = tabel_ringkasan(folder_laporan, kp, tahun)
        tulis_unduhan(t, ft, kp, tahun)
        p = tulis_teks_atomik(
            ft / "index.html", halaman_provinsi(folder_laporan, kp, tahun, tabel=t)
        )
        bangun_indeks_utama(folder_laporan)
    return p
