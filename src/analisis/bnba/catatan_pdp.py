"""Records that UU 27/2022 (Pelindungan Data Pribadi) asks of a controller, written by every
``bnba cek`` and ``bnba banding`` run next to its private outputs (the ``RAHASIA`` folder):

- ``CATATAN_PEMROSESAN_<kode>_<waktu>.json`` and ``.md``: the record of processing (Pasal 31):
  activity, purpose, legal basis, categories of data and subjects, input files with size and
  SHA-256, reference dates, checks run, outputs (private and public, with hashes), who ran it
  (``--pelaksana``), software version, time;
- ``DPIA_DRAF_<kode>.md``: a pre-filled draft of the data-protection impact assessment
  (Pasal 34: required here because the processing is large-scale, evaluates/scores persons
  (desil from a PMT model) and, for ``banding``, matches two data sets), to be completed and
  signed by the controller;
- ``CATATAN_RETENSI_<kode>.md``: how long the private outputs may be kept and how to delete
  them (Pasal 43–44), including the pseudonymisation key when one was used.

The breach-notice template (Pasal 46: 3 × 24 hours) is :data:`TEMPLAT_PEMBERITAHUAN`, named in
the retention note. None of these files
contains personal data; they describe the processing, not the persons.
"""

from __future__ import annotations

import hashlib
import json
import platform
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from analisis.berkas import tulis_teks_atomik

#: The breach-notice template (Pasal 46), relative to the project folder.
TEMPLAT_PEMBERITAHUAN = "docs/bnba/templat_pemberitahuan_kegagalan_pdp.md"

#: What the checks of each activity do (shown in the record).
PEMERIKSAAN = {
    "cek": [
        "validasi kolom dan nilai berkas (tanpa menampilkan data pribadi)",
        "NIK 16 digit, NIK ganda, tanggal lahir dan jenis kelamin pada NIK, wilayah NIK",
        "No KK 16 digit, satu KK di lebih dari satu alamat",
        "umur wajar menurut hubungan keluarga",
        "meninggal tetapi menerima program",
        "terduga salah sasaran inklusi dan eksklusi (aturan desil)",
        "agregat publik dengan penekanan sel kecil dan audit hitung ulang",
    ],
    "banding": [
        "validasi dan pemeriksaan kedua berkas seperti 'bnba cek'",
        (
            "pencocokan orang antartriwulan dengan NIK, lalu No KK + tanggal lahir + jenis kelamin "
            "+ nama"
        ),
        (
            "pergerakan desil 1 dan desil 1–k, pindah desa, meninggal, baru, tidak lagi terdaftar, "
            "perubahan NIK/No KK"
        ),
        "agregat publik dengan penekanan sel kecil dan audit hitung ulang",
    ],
}
TUJUAN = {
    "cek": (
        "verifikasi dan validasi (verval) data by-name-by-address untuk penanggulangan "
        "kemiskinan dan ketepatan sasaran program perlindungan sosial"
    ),
    "banding": (
        "pelaporan triwulanan perkembangan penanggulangan kemiskinan ekstrem (Inpres 4/2022) "
        "dari dua ekstrak DTSEN/P3KE/DTKS"
    ),
}


@dataclass
class BerkasTercatat:
    """A file named in the record: path, size and SHA-256 (no content)."""

    path: str
    ukuran_byte: int
    sha256: str
    jenis: str  # masukan | keluaran_rahasia | keluaran_publik


def sidik(path: Path, jenis: str) -> BerkasTercatat:
    """Size and SHA-256 of a file (streamed)."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for blok in iter(lambda: f.read(1 << 20), b""):
            h.update(blok)
    return BerkasTercatat(str(path), path.stat().st_size, h.hexdigest(), jenis)


@dataclass
class CatatanPemrosesan:
    """Record of one processing run (UU PDP Pasal 31)."""

    kegiatan: str
    kode_wilayah: str
    nama_wilayah: str
    waktu_mulai: str
    waktu_selesai: str
    pelaksana: str | None
    tujuan: str
    dasar_pemrosesan: str
    kategori_data: list[str]
    subjek_data: str
    pemeriksaan: list[str]
    tanggal_acuan: list[str]
    berkas: list[BerkasTercatat]
    jumlah_baris: dict[str, int]
    data_sintetis: bool
    kunci_samaran: bool
    perangkat: dict[str, str] = field(default_factory=dict)

    def ke_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2)

    def ke_markdown(self) -> str:
        baris = [
            f"# Catatan pemrosesan data pribadi — {self.kegiatan} {self.nama_wilayah}",
            "",
            (
                "Rekaman kegiatan pemrosesan data pribadi (UU 27/2022 tentang Pelindungan Data "
                "Pribadi, Pasal 31). Berkas ini tidak memuat data pribadi."
            ),
            "",
            f"- Kegiatan: `analisis bnba {self.kegiatan}`",
            f"- Wilayah: {self.nama_wilayah} (kode BPS {self.kode_wilayah})",
            f"- Waktu: {self.waktu_mulai} s.d. {self.waktu_selesai}",
            f"- Pelaksana: {self.pelaksana or '(tidak diisi; gunakan --pelaksana)'}",
            f"- Tujuan: {self.tujuan}",
            f"- Dasar pemrosesan: {self.dasar_pemrosesan}",
            f"- Kategori data: {', '.join(self.kategori_data)}",
            f"- Subjek data: {self.subjek_data}",
            f"- Tanggal acuan: {', '.join(self.tanggal_acuan)}",
            "- Jumlah baris: "
            + "; ".join(f"{k} {_ribuan(v)}" for k, v in self.jumlah_baris.items()),
            f"- Data sintetis: {'ya' if self.data_sintetis else 'tidak'}",
            (
                f"- Kunci samaran (pseudonim) NIK pada daftar kerja: "
                f"{'ya' if self.kunci_samaran else 'tidak'}"
            ),
            "",
            "## Pemeriksaan yang dijalankan",
            "",
            *[f"- {p}" for p in self.pemeriksaan],
            "",
            "## Berkas",
            "",
            "| jenis | berkas | ukuran (byte) | SHA-256 |",
            "|---|---|---|---|",
            *[
                f"| {b.jenis} | `{b.path}` | {_ribuan(b.ukuran_byte)} | `{b.sha256}` |"
                for b in self.berkas
            ],
            "",
            "## Perangkat",
            "",
            *[f"- {k}: {v}" for k, v in self.perangkat.items()],
            "",
        ]
        return "\n".join(baris)


def _ribuan(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _perangkat() -> dict[str, str]:
    from importlib import metadata

    hasil = {"python": platform.python_version(), "sistem": platform.system()}
    for paket in ("analisis", "duckdb", "pandas", "pyarrow"):
        try:
            hasil[paket] = metadata.version(paket)
        except metadata.PackageNotFoundError:
            continue
    return hasil


def buat_catatan(
    kegiatan: str,
    kode_wilayah: str,
    nama_wilayah: str,
    mulai: datetime,
    masukan: Sequence[Path],
    keluaran_rahasia: Sequence[Path],
    keluaran_publik: Sequence[Path],
    tanggal_acuan: Sequence[str],
    jumlah_baris: dict[str, int],
    sintetis: bool,
    pelaksana: str | None = None,
    kunci_samaran: bool = False,
) -> CatatanPemrosesan:
    """The record of a finished run (hashes computed from the files)."""
    berkas = [sidik(Path(p), "masukan") for p in masukan]
    berkas += [sidik(Path(p), "keluaran_rahasia") for p in keluaran_rahasia]
    berkas += [sidik(Path(p), "keluaran_publik") for p in keluaran_publik]
    return CatatanPemrosesan(
        kegiatan=kegiatan,
        kode_wilayah=kode_wilayah,
        nama_wilayah=nama_wilayah,
        waktu_mulai=mulai.isoformat(timespec="seconds"),
        waktu_selesai=datetime.now().astimezone().isoformat(timespec="seconds"),
        pelaksana=pelaksana,
        tujuan=TUJUAN[kegiatan],
        dasar_pemrosesan=(
            "pelaksanaan tugas dan kewenangan pemerintah daerah dalam penanggulangan kemiskinan "
            "(UU PDP Pasal 20 ayat (2) huruf e dan f; sesuaikan dengan dasar hukum daerah)"
        ),
        kategori_data=[
            "NIK",
            "No KK",
            "nama",
            "jenis kelamin",
            "tanggal lahir",
            "hubungan keluarga",
            "alamat dan kode wilayah",
            "desil kesejahteraan (hasil pemeringkatan PMT)",
            "status penerima program perlindungan sosial",
            "status meninggal dan status verval",
        ],
        subjek_data=(
            "penduduk yang tercatat dalam ekstrak registri sosial ekonomi (termasuk anak)"
        ),
        pemeriksaan=PEMERIKSAAN[kegiatan],
        tanggal_acuan=list(tanggal_acuan),
        berkas=berkas,
        jumlah_baris=jumlah_baris,
        data_sintetis=sintetis,
        kunci_samaran=kunci_samaran,
        perangkat=_perangkat(),
    )


def _draf_dpia(c: CatatanPemrosesan) -> str:
    cocok = c.kegiatan == "banding"
    skala = sum(c.jumlah_baris.values())
    return f"""# DRAF Penilaian Dampak Pelindungan Data Pribadi (DPIA) — {c.nama_wilayah}

> DRAF yang diisi otomatis oleh `analisis bnba {c.kegiatan}` ({c.waktu_selesai}). Lengkapi,
> tinjau bersama Pejabat Pelindungan Data Pribadi, lalu tandatangani oleh Pengendali Data
> Pribadi. Berkas ini tidak memuat data pribadi.

## 1. Mengapa DPIA wajib (UU 27/2022 Pasal 34)

Pemrosesan ini berpotensi risiko tinggi karena:

- [x] pemrosesan data pribadi dalam skala besar ({_ribuan(skala)} baris orang);
- [x] kegiatan evaluasi atau penskoran yang sistematis (desil kesejahteraan hasil model PMT,
      pemeriksaan kelayakan program);
- [{"x" if cocok else " "}] pencocokan atau penggabungan sekelompok data (dua triwulan
      ekstrak registri dicocokkan per orang);
- [x] memuat data anak dan data keadaan ekonomi keluarga (pertimbangkan sebagai data pribadi
      yang bersifat spesifik, Pasal 4 ayat (2));
- [ ] pengambilan keputusan otomatis yang berakibat hukum — TIDAK: hasil pemeriksaan hanya
      daftar kerja verval; keputusan tetap melalui musyawarah desa dan pengesahan daerah.

## 2. Uraian pemrosesan

- Tujuan: {c.tujuan}.
- Dasar pemrosesan: {c.dasar_pemrosesan}.
- Kategori data: {", ".join(c.kategori_data)}.
- Subjek data: {c.subjek_data}.
- Alur: berkas ekstrak → pemeriksaan di komputer analis (luring) → (a) daftar kerja per orang
  di folder RAHASIA untuk verval; (b) tabel agregat yang diterbitkan dengan penekanan sel kecil.
- Penerima: analis TKPK/Bappeda dan operator desa (daftar kerja, sebaiknya dengan kunci
  samaran NIK); publik (hanya agregat).

## 3. Kebutuhan dan proporsionalitas

- Hanya kolom yang diperlukan pemeriksaan yang dibaca; nama dan alamat hanya disalin ke
  daftar kerja RAHASIA.
- Publikasi hanya agregat desa/kecamatan/kabupaten; sel 1–4 orang/keluarga dan sel lain yang
  dapat dipakai menghitungnya disembunyikan; audit hitung ulang dan uji k-anonimitas
  dijalankan sebelum berkas ditulis.
- Pemindaian otomatis NIK/nama pada keluaran publik sebelum selesai.

## 4. Risiko bagi subjek data

| risiko | kemungkinan | dampak | pengendalian |
|---|---|---|---|
| daftar kerja RAHASIA tersebar (surel, grup pesan) | sedang | tinggi | folder RAHASIA terpisah, izin berkas pemilik saja, kunci samaran NIK untuk operator desa, catatan retensi |
| daftar kerja ikut tersaji di situs/laporan | rendah | tinggi | `bnba` menolak menulis RAHASIA di dalam folder laporan/situs |
| identifikasi ulang dari tabel agregat | rendah | sedang | penekanan sel + audit hitung ulang + k-anonimitas |
| stigma/diskriminasi karena label desil atau "meninggal tetapi menerima" | sedang | sedang | daftar hanya untuk verval, bukan pengumuman |
| salah cocok antartriwulan (NIK berubah) | rendah | sedang | pencocokan kedua hanya bila kunci unik di kedua triwulan; sisanya tidak ditebak |

## 5. Risiko sisa dan keputusan

- Risiko sisa: ______________________ (isi setelah peninjauan).
- Langkah tambahan: ______________________.
- Keputusan Pengendali: [ ] dapat dilanjutkan  [ ] dilanjutkan dengan syarat  [ ] dihentikan.

Disusun oleh: ____________________  Tanggal: __________

Pejabat Pelindungan Data Pribadi: ____________________  Tanggal: __________

Pengendali Data Pribadi: ____________________  Tanggal: __________
"""


def _catatan_retensi(c: CatatanPemrosesan, masa_simpan_hari: int) -> str:
    samaran = (
        "\n- Berkas garam (kunci samaran) disimpan TERPISAH dari daftar kerja dan tidak pernah "
        "dibagikan; tanpa garam, kunci samaran tidak dapat dikembalikan ke NIK. Ganti garam "
        "bila ada dugaan kebocoran (kunci lama menjadi tidak dapat dicocokkan).\n"
        if c.kunci_samaran
        else ""
    )
    return f"""# Catatan retensi keluaran RAHASIA — {c.nama_wilayah} ({c.kegiatan})

Berkas di folder RAHASIA memuat data pribadi. Simpan hanya selama diperlukan untuk tujuannya
({c.tujuan}), paling lama **{masa_simpan_hari} hari** sejak {c.waktu_selesai[:10]} atau sampai
ekstrak triwulan berikutnya diperiksa, mana yang lebih dahulu (UU 27/2022 Pasal 43–44:
penghapusan dan pemusnahan bila tidak lagi diperlukan).

- Jangan menyalin berkas RAHASIA ke folder laporan/situs, surel, atau grup pesan; bagikan ke
  operator desa hanya bagian desanya, sebaiknya dengan kunci samaran NIK.
- Hapus dengan alat penghapus aman atau hapus lalu kosongkan tempat sampah; catat tanggal
  penghapusan di bawah.{samaran}
- Tabel publik (folder `publik`) hanya agregat dan boleh disimpan sebagai arsip laporan.
- Bila berkas RAHASIA bocor atau terungkap: beri tahu subjek data dan lembaga secara tertulis
  paling lambat **3 × 24 jam** (Pasal 46); templat: `{TEMPLAT_PEMBERITAHUAN}`.

Tanggal penghapusan: __________  Oleh: ____________________
"""


def tulis_catatan(
    catatan: CatatanPemrosesan, folder_rahasia: Path, masa_simpan_hari: int = 90
) -> list[Path]:
    """Write the record (JSON + Markdown), the DPIA draft and the retention note."""
    waktu = catatan.waktu_selesai[:19].replace(":", "").replace("-", "")
    dasar = f"{catatan.kode_wilayah}_{catatan.kegiatan}_{waktu}"
    return [
        tulis_teks_atomik(folder_rahasia / f"CATATAN_PEMROSESAN_{dasar}.json", catatan.ke_json()),
        tulis_teks_atomik(folder_rahasia / f"CATATAN_PEMROSESAN_{dasar}.md", catatan.ke_markdown()),
        tulis_teks_atomik(folder_rahasia / f"DPIA_DRAF_{dasar}.md", _draf_dpia(catatan)),
        tulis_teks_atomik(
            folder_rahasia / f"CATATAN_RETENSI_{dasar}.md",
            _catatan_retensi(catatan, masa_simpan_hari),
        ),
    ]
