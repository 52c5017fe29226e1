# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python (analisis)
#     language: python
#     name: analisis
# ---

# %% [markdown] tags=["hanya-notebook"]
# # Evaluasi penanggulangan kemiskinan kabupaten/kota
#
# Notebook berparameter: satu kabupaten/kota, satu tahun evaluasi. Semua perhitungan ada di
# pustaka `analisis` (teruji); notebook ini menyusun ceritanya. Jalankan dengan
# `analisis evaluasi --wilayah 6303 --tahun 2024` atau dengan `papermill`. Sel bertanda
# `hanya-notebook` (seperti sel ini) tidak masuk laporan HTML.

# %% tags=["parameters"]
kode_wilayah = "6303"  # kode wilayah BPS kabupaten/kota
tahun = 2024  # tahun evaluasi (angka Maret)
tahun_awal = None  # awal periode analisis; None: lima tahun sebelum tahun evaluasi
pembanding = None  # "provinsi" atau "nasional"; None: sesuai berkas parameter
berkas_params = None  # None: params/provinsi/<kode provinsi>_*.yaml
folder_laporan = None  # None: folder reports/ proyek (hasil di <laporan>/<provinsi>/<tahun>/hasil/)
folder_params = None  # None: folder params/ proyek
penyimpanan = None  # folder data impor; None: folder bawaan pengguna
hanya_data_bawaan = False  # True: abaikan data impor

# %%
from IPython.display import display

from analisis.evaluasi import evaluasi_dan_simpan
from analisis.evaluasi import tampilan as tp

hasil = evaluasi_dan_simpan(
    kode_wilayah,
    tahun,
    tahun_awal=tahun_awal,
    pembanding=pembanding,
    berkas_params=berkas_params,
    folder_laporan=folder_laporan,
    folder_params=folder_params,
    penyimpanan=penyimpanan,
    hanya_data_bawaan=hanya_data_bawaan,
)
display(tp.judul(hasil))

# %% [markdown]
# ## 1. Ringkasan
#
# Kartu skor membandingkan angka terakhir wilayah dengan pembandingnya. Warna mengikuti arah
# indikator: untuk P0, P1, P2 dan TPT makin kecil makin baik; untuk IPM makin besar makin baik.

# %%
display(tp.kartu_skor(hasil))
display(tp.kalimat_ringkasan(hasil))

# %% [markdown]
# ## 2. Perkembangan
#
# Perubahan absolut Δ = X(t) − X(t−1) (poin persen untuk angka persentase), perubahan relatif
# g = Δ / X(t−1) × 100 %, rata-rata perubahan per tahun (X(t1) − X(t0)) / (t1 − t0) dan laju
# majemuk (X(t1)/X(t0))^(1/(t1 − t0)) − 1. Tahun tanpa data tampil sebagai celah pada garis dan
# disebut dalam tabel; tidak ada nilai yang diinterpolasi.

# %%
for _ind in hasil.indikator_tren:
    display(tp.grafik_perkembangan(hasil, _ind))
    display(tp.tabel_perkembangan(hasil, _ind))

# %% [markdown]
# ## 3. Relevansi dan efektivitas
#
# *Relevan*: perubahan wilayah searah dengan perubahan pembanding. *Efektif*: wilayah membaik
# lebih cepat daripada pembanding. Aturan persisnya (varian absolut, relatif atau mandiri) ada
# di tabel parameter metode pada bagian 8. Bila galat baku (SE) atau RSE tersedia, perubahan
# yang lebih kecil dari batas galat sampel diberi label "tidak signifikan".

# %%
display(tp.tidak_tersedia(hasil, "relevansi") or tp.tabel_relevansi(hasil))

# %% [markdown]
# ## 4. Posisi relatif
#
# Peringkat di antara kabupaten/kota se-provinsi pada tahun evaluasi (1 = terbaik menurut arah
# indikator; nilai sama berbagi peringkat terkecil). Garis putus-putus: angka pembanding.

# %%
display(tp.tidak_tersedia(hasil, "posisi") or tp.grafik_posisi(hasil, "p0"))
display(tp.tabel_posisi(hasil, "p0") if "p0" in hasil.posisi_wilayah else None)

# %% [markdown]
# ## 5. Kuadran
#
# **Level × perubahan P0.** Sumbu X: P0 tahun evaluasi; sumbu Y: perubahan rata-rata per tahun
# dalam jendela. Garis ambang: angka pembanding. *Unggul*: P0 di bawah pembanding dan turun lebih
# cepat; *mengejar*: di atas pembanding tetapi turun lebih cepat; *prioritas*: di atas pembanding
# dan turun lebih lambat (atau naik); *waspada*: di bawah pembanding tetapi melambat.

# %%
_kp = hasil.kuadran_perkembangan
if tp.tidak_tersedia(hasil, "kuadran_perkembangan") is not None or not _kp:
    display(tp.tidak_tersedia(hasil, "kuadran_perkembangan"))
if _kp:
    display(
        tp.grafik_kuadran(
            hasil,
            _kp,
            "level",
            "laju",
            f"P0 {_kp['tahun_akhir']} (persen)",
            f"Perubahan P0 per tahun {_kp['tahun_awal']}–{_kp['tahun_akhir']} (poin)",
            "Kuadran level × perubahan P0",
        )
    )
    display(tp.tabel_kuadran(_kp, ["level", "laju"]))

# %% [markdown]
# **P0 × indikator.** Untuk setiap indikator, kuadran *prioritas* berisi wilayah dengan P0 di atas
# ambang dan indikator di sisi buruk ambangnya. Indikator tanpa data disebutkan.

# %%
for _ind in hasil.indikator_kuadran:
    _k = hasil.kuadran_indikator.get(_ind)
    if _k is None:
        display(tp.tidak_tersedia(hasil, f"kuadran_{_ind}"))
        continue
    display(
        tp.grafik_kuadran(
            hasil,
            _k,
            "p0",
            "indikator",
            f"P0 {_k['tahun']} (persen)",
            f"{tp.nama_indikator(_ind)} {_k['tahun']}",
            f"P0 × {tp.nama_indikator(_ind)}",
        )
    )

# %% [markdown]
# ## 6. Target
#
# Kesenjangan terhadap target, perubahan per tahun yang diperlukan, laju historis, dan perkiraan
# tahun tercapai (proyeksi linear pada laju rata-rata; rentang dari perubahan tahunan tercepat dan
# terlambat dalam jendela). Target diambil dari berkas parameter provinsi beserta sumbernya.

# %%
display(tp.tidak_tersedia(hasil, "target") or tp.tabel_target(hasil))

# %% [markdown]
# ## 7. Determinan
#
# Indikator sektoral dibandingkan dengan pembanding. Kesenjangan bertanda positif bila wilayah
# lebih buruk. Skor prioritas menggabungkan kesenjangan, besaran sasaran dan tren memburuk
# (bobot di berkas parameter). Ini metode lokal buku kerja, bukan standar nasional.

# %%
display(tp.tidak_tersedia(hasil, "determinan") or tp.tabel_determinan(hasil))

# %% [markdown]
# ## 8. Anggaran penanggulangan kemiskinan
#
# Porsi APBD untuk penanggulangan kemiskinan, sebaran per klaster strategi dan perangkat daerah,
# realisasi, skor penandaan kemiskinan ekstrem, anggaran per penduduk miskin, tren anggaran di
# samping tren P0 (deskriptif, bukan bukti sebab-akibat) dan capaian rencana aksi tahunan.
# Sumber: berkas anggaran di berkas parameter provinsi.

# %%
if tp.tidak_tersedia(hasil, "anggaran") is not None:
    display(tp.tidak_tersedia(hasil, "anggaran"))
else:
    display(tp.ringkasan_anggaran(hasil))
    display(tp.grafik_klaster(hasil))
    display(tp.tabel_opd(hasil))
    display(tp.tabel_tren_anggaran(hasil))
    display(tp.catatan_tren_anggaran(hasil))
    display(tp.tabel_rat(hasil))

# %% [markdown]
# ## 9. Data BNBA: kualitas data dan ketepatan sasaran
#
# Pemeriksaan verval atas data by-name-by-address (NIK, KK, umur menurut hubungan keluarga, penerima
# yang meninggal, penerima di desil tinggi, keluarga desil 1 tanpa program), kualitas data per desa,
# kesalahan inklusi dan eksklusi per program, kuadran desa (jumlah × persentase miskin) dan
# rekonsiliasi dengan angka BPS. Hanya agregat yang ditampilkan.

# %%
if tp.tidak_tersedia(hasil, "bnba") is not None:
    display(tp.tidak_tersedia(hasil, "bnba"))
else:
    display(tp.bnba_pengantar(hasil))
    display(tp.tabel_bnba(hasil, "indikator_kualitas"))
    display(tp.tabel_bnba(hasil, "sasaran_program"))
    display(tp.tabel_bnba(hasil, "rekonsiliasi_bps"))
    display(tp.catatan_rekonsiliasi(hasil))
    display(tp.tabel_bnba(hasil, "kuadran_desa"))
    display(tp.tabel_bnba(hasil, "kualitas_desa"))

# %% [markdown]
# ## 10. Catatan data dan metode
#
# Setiap angka yang dipakai, dengan sumber dan mutunya, serta catatan data yang relevan dan
# semua pilihan metode. Dengan ini evaluator dapat memeriksa dan menggugat setiap hasil.

# %%
display(tp.ringkasan_mutu(hasil))
display(tp.daftar_catatan(hasil))
display(tp.tabel_parameter(hasil))
display(tp.tabel_provenans(hasil))
