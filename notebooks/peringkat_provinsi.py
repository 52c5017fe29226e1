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
# # Peringkat kinerja TKPK se-provinsi
#
# Notebook berparameter: satu provinsi, satu tahun. Membaca hasil evaluasi setiap kabupaten/kota
# (tidak menghitung ulang), menggabungkan isian evaluator, anggaran dan ringkasan kualitas data,
# lalu menyusun indeks komposit dan uji ketahanannya. Jalankan dengan
# `analisis peringkat --provinsi 63 --tahun 2024` atau dengan `papermill`.

# %% tags=["parameters"]
kode_provinsi = "6300"  # kode BPS provinsi
tahun = 2024  # tahun penilaian
folder_laporan = None  # None: folder reports/ proyek (berisi hasil evaluasi per wilayah)
folder_params = None  # None: folder params/ proyek
berkas_kerangka = (
    None  # None: sesuai berkas parameter provinsi (bawaan params/peringkat/kerangka_bawaan.yaml)
)
berkas_evaluator = None  # None: sesuai berkas parameter provinsi
berkas_anggaran = None  # None: sesuai berkas parameter provinsi
berkas_bnba = None  # None: sesuai berkas parameter provinsi
jumlah_iterasi = None  # jumlah simulasi Monte Carlo; None: sesuai kerangka
benih = None  # benih acak (hasil dapat diulang); None: sesuai kerangka

# %%
from IPython.display import display

from analisis.peringkat import tampilan as tp
from analisis.peringkat import tampilan_sensitivitas as ts
from analisis.peringkat.jalankan import peringkat_untuk_notebook

hasil = peringkat_untuk_notebook(
    kode_provinsi,
    tahun,
    folder_laporan=folder_laporan,
    folder_params=folder_params,
    berkas_kerangka=berkas_kerangka,
    berkas_evaluator=berkas_evaluator,
    berkas_anggaran=berkas_anggaran,
    berkas_bnba=berkas_bnba,
    jumlah_iterasi=jumlah_iterasi,
    benih=benih,
)
display(tp.judul(hasil))
display(tp.peringatan(hasil))

# %% [markdown]
# ## 1. Peringkat
#
# Skor komposit 0–100, peringkat (1 = terbaik), rentang peringkat 90% dan peluang masuk tiga besar
# dari uji ketahanan, serta skor setiap dimensi. Wilayah *ditandai* bila sebagian indikatornya
# tidak tersedia (bobotnya dihitung ulang, tidak diisi).

# %%
display(tp.tabel_peringkat(hasil))
display(tp.grafik_skor(hasil))

# %% [markdown]
# ## 2. Seberapa kokoh peringkat ini?
#
# Titik: peringkat dengan bobot kerangka; batang: rentang 90% peringkat dalam simulasi yang
# mengubah bobot, galat sampel indikator statistik dan metode normalisasi. Batang yang panjang
# berarti posisi wilayah itu sangat bergantung pada pilihan yang dapat diperdebatkan.

# %%
display(tp.grafik_interval(hasil))
display(tp.tabel_pasangan(hasil))

# %% [markdown]
# ## 3. Mengapa sebuah wilayah ada di posisinya
#
# Sumbangan setiap indikator (poin) terhadap skor komposit. Jumlah satu baris sama dengan skor.

# %%
display(tp.tabel_kontribusi(hasil))

# %% [markdown]
# ## 4. Pilihan metode mana yang menggeser peringkat?
#
# Analisis sensitivitas berbasis varians (indeks Sobol): bobot dimensi, bobot indikator, metode
# normalisasi, metode agregasi, galat sampel dan kebijakan data hilang divariasikan bersama, lalu
# keragaman pergeseran peringkat dibagi menurut pilihan yang menyebabkannya. Hasilnya tersimpan
# di `peringkat.json` bersama peringkat.

# %%
sensitivitas, koherensi = ts.hasil_tersimpan(hasil)
display(ts.grafik_sobol(sensitivitas))
display(ts.penjelasan_sobol(sensitivitas))

# %% [markdown]
# ### Menghapus satu indikator atau dimensi, atau mengganti satu metode

# %%
display(ts.penjelasan_penghapusan(sensitivitas, hasil.kerangka))
display(ts.tabel_penghapusan(sensitivitas, hasil.kerangka))
display(ts.penjelasan_alternatif(sensitivitas))
display(ts.tabel_alternatif(sensitivitas))

# %% [markdown]
# ## 5. Apakah indeks mengukur apa yang dimaksud bobotnya?
#
# Koherensi statistik indeks pada wilayah yang diperingkat: korelasi, alfa Cronbach per dimensi
# dan bobot efektif (sumbangan setiap indikator pada keragaman skor indeks) dibandingkan dengan
# bobot kerangka.

# %%
display(ts.peringatan_koherensi(koherensi))
display(ts.penjelasan_koherensi(koherensi))
display(ts.tabel_koherensi(koherensi, hasil.kerangka))
display(ts.penjelasan_koherensi_dimensi(koherensi))
display(ts.tabel_koherensi_dimensi(koherensi))

# %% [markdown]
# ## 6. Kerangka, metode dan data
#
# Dimensi, indikator, arah, normalisasi dan bobot yang dipakai, cara menangani data hilang, dan
# parameter uji ketahanan. Semua dapat diubah dan diuji ulang oleh evaluator.

# %%
display(tp.tabel_kerangka(hasil))
display(tp.teks_metode(hasil))
display(tp.daftar_sumber(hasil))
display(tp.tabel_masukan(hasil))
