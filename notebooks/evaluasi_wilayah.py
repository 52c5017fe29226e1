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
# Perubahan yang lebih kecil dari galat sampel Susenas disebut *tidak signifikan* (model galat
# di bagian 10, Catatan data dan metode).

# %%
display(tp.kartu_skor(hasil))
display(tp.kalimat_ringkasan(hasil))

# %% [markdown]
# ## 2. Perkembangan
#
# Perubahan absolut Δ = X(t) − X(t−1) (poin persen untuk angka persentase), perubahan relatif
# g = Δ / X(t−1) × 100 %, rata-rata perubahan per tahun (X(t1) − X(t0)) / (t1 − t0) dan laju
# majemuk (X(t1)/X(t0))^(1/(t1 − t0)) − 1. Setiap tabel memakai satu jendela tahun untuk semua
# barisnya: bila deret wilayah lebih pendek, deret pembanding dipotong ke tahun yang sama. Tahun
# tanpa data tampil sebagai celah pada garis; tidak ada nilai yang diinterpolasi. Garis tegak
# pada P0 wilayah adalah rentang 95 % galat sampel.

# %%
for _ind in hasil.indikator_tren:
    display(tp.grafik_perkembangan(hasil, _ind))
for _ind in hasil.indikator_tren:
    display(tp.tabel_perkembangan(hasil, _ind))

# %% [markdown]
# ## 3. Relevansi dan efektivitas
#
# *Relevan*: perubahan wilayah searah dengan perubahan pembanding; bila keduanya memburuk,
# labelnya *searah (sama-sama memburuk)*, bukan pujian. *Efektif*: wilayah membaik lebih cepat
# daripada pembanding (untuk jumlah penduduk miskin: perubahan relatif). Perubahan wilayah yang
# lebih kecil dari 1,96 × galat bakunya berkesimpulan *tidak signifikan*. Aturan persisnya ada di
# tabel pilihan metode pada bagian 10 (Catatan data dan metode).

# %%
display(tp.tidak_tersedia(hasil, "relevansi") or tp.tabel_relevansi(hasil))

# %% [markdown]
# ## 4. Posisi relatif
#
# Peringkat di antara kabupaten/kota se-provinsi pada tahun evaluasi untuk P0, jumlah penduduk
# miskin, P1 dan P2 (1 = terbaik menurut arah indikator; nilai sama berbagi peringkat terkecil).
# Garis putus-putus: angka pembanding (jumlah penduduk tidak dibandingkan dengan provinsi).

# %%
if tp.tidak_tersedia(hasil, "posisi") is not None:
    display(tp.tidak_tersedia(hasil, "posisi"))
for _ind in tp.indikator_posisi(hasil):
    display(tp.grafik_posisi(hasil, _ind))
if tp.indikator_posisi(hasil):
    display(tp.tabel_posisi(hasil))

# %% [markdown]
# ## 5. Kuadran
#
# **Level × perubahan P0.** Sumbu X: P0 tahun evaluasi; sumbu Y: perubahan rata-rata per tahun
# dalam jendela kuadran (tahunnya tertulis di judul). Garis ambang: angka pembanding. *Unggul*:
# P0 di bawah pembanding dan turun lebih cepat; *mengejar*: di atas pembanding tetapi turun lebih
# cepat; *prioritas*: di atas pembanding dan turun lebih lambat (atau naik); *waspada*: di bawah
# pembanding tetapi turun lebih lambat. Penggolongan yang selisihnya di dalam galat sampel
# ditandai tidak pasti.

# %%
_kp = hasil.kuadran_perkembangan
if tp.tidak_tersedia(hasil, "kuadran_perkembangan") is not None or not _kp:
    display(tp.tidak_tersedia(hasil, "kuadran_perkembangan"))
if _kp:
    display(tp.grafik_kuadran_perkembangan(hasil))
    display(tp.tabel_kuadran_perkembangan(hasil))

# %% [markdown]
# **P0 × indikator.** Untuk setiap indikator, kuadran *prioritas* berisi wilayah dengan P0 di atas
# ambang dan indikator di sisi buruk ambangnya. Bila angka provinsi tidak ada untuk tahun itu,
# ambangnya rata-rata kabupaten/kota (disebutkan). Indikator tanpa data disebutkan di tabel.

# %%
for _ind in hasil.indikator_kuadran:
    if _ind in hasil.kuadran_indikator:
        display(tp.grafik_kuadran_indikator(hasil, _ind))
display(tp.tabel_kuadran_indikator(hasil))

# %% [markdown]
# ## 6. Target dan kemiskinan ekstrem
#
# Kesenjangan terhadap target, perubahan per tahun yang diperlukan, laju historis, dan perkiraan
# tahun tercapai (proyeksi linear pada laju rata-rata; rentang dari perubahan tahunan tercepat dan
# terlambat dalam jendela). Target diambil dari berkas parameter provinsi beserta sumbernya.

# %%
display(tp.tidak_tersedia(hasil, "target") or tp.tabel_target(hasil))

# %% [markdown]
# ### Kemiskinan ekstrem
#
# Angka yang tersedia untuk wilayah ini, provinsinya dan Indonesia terhadap target nasional, dengan
# basis garis kemiskinan ekstrem (dolar PPP) setiap nilai; jumlah keluarga desil 1 dari data BNBA
# bila berkasnya dikonfigurasi.

# %%
display(tp.ekstrem_ringkasan(hasil))
display(tp.tabel_ekstrem(hasil))

# %% [markdown]
# ## 7. Determinan
#
# Indikator sektoral dibandingkan dengan pembanding (rata-rata kabupaten/kota bila angka provinsi
# tahun itu tidak ada). Kesenjangan bertanda positif bila wilayah lebih buruk. Skor prioritas
# menggabungkan kesenjangan, besaran sasaran dan tren (bebas satuan, searah: membaik bernilai
# negatif); bobot dari berkas parameter, bobot yang benar-benar dipakai disebutkan. Setiap
# indikator yang dikonfigurasi tampil atau disebut alasannya. Ini metode lokal buku kerja, bukan
# standar nasional.

# %%
if tp.tidak_tersedia(hasil, "determinan") is not None:
    display(tp.tidak_tersedia(hasil, "determinan"))
else:
    display(tp.tabel_determinan(hasil))
display(tp.determinan_catatan(hasil))

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
# Pemeriksaan verval data by-name-by-address (NIK, KK, umur menurut hubungan keluarga, penerima
# yang meninggal, penerima di desil tinggi, keluarga desil 1 tanpa program), kesalahan inklusi dan
# eksklusi per program, rekonsiliasi dengan angka BPS dan kuadran desa (jumlah × persentase
# miskin); tabel per desa ada di unduhan.

# %%
if tp.tidak_tersedia(hasil, "bnba") is not None:
    display(tp.tidak_tersedia(hasil, "bnba"))
else:
    display(tp.bnba_pengantar(hasil))
    display(tp.tabel_bnba(hasil, "indikator_kualitas"))
    display(tp.tabel_bnba(hasil, "sasaran_program"))
    display(tp.tabel_bnba(hasil, "rekonsiliasi_bps"))
    display(tp.ringkasan_desa_bnba(hasil))

# %% [markdown]
# ### Perkembangan triwulanan (Inpres 4/2022)
#
# Dari dua ekstrak BNBA berturut-turut: orang dan keluarga yang masuk atau keluar desil 1 (dan
# desil 1–4), pindah desa, meninggal, baru atau tidak lagi terdaftar, dan cakupan program keluarga
# desil 1 di kedua triwulan — agregat dan penekanan sel kecil yang sama dengan
# `analisis bnba banding`.

# %%
if tp.ada_triwulan_bnba(hasil):
    display(tp.kalimat_triwulan_bnba(hasil))
    display(tp.tabel_pergerakan_triwulan(hasil))
    display(tp.tabel_cakupan_triwulan(hasil))
    display(tp.tabel_kecamatan_triwulan(hasil))
else:
    display(tp.triwulan_bnba_tidak_ada(hasil))

# %% [markdown]
# ## 10. Catatan data dan metode
#
# Mutu angka yang dipakai, catatan data yang relevan, model galat sampel, dan semua pilihan metode.
# Asal setiap angka (sumber dan mutu per nilai) ada di lampiran. Dengan ini evaluator dapat
# memeriksa dan menggugat setiap hasil.

# %%
display(tp.ringkasan_mutu(hasil))
display(tp.daftar_catatan(hasil))
display(tp.keterangan_presisi(hasil))
display(tp.tabel_parameter(hasil))

# %% [markdown]
# ## Lampiran
#
# Tabel asal setiap angka dilipat; klik judulnya untuk membuka. Lampiran tidak ikut dicetak.

# %%
display(tp.lampiran_provenans(hasil))
