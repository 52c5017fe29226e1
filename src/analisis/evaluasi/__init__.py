"""Evaluation of one kabupaten/kota: computation, saved results, presentation and running."""

from analisis.evaluasi.hitung import HasilEvaluasi, evaluasi_wilayah
from analisis.evaluasi.jalankan import evaluasi_dan_simpan
from analisis.evaluasi.params import ParamsProvinsi, muat_params
from analisis.evaluasi.simpan import muat_hasil, muat_seri, simpan_hasil

__all__ = [
    "HasilEvaluasi",
    "ParamsProvinsi",
    "evaluasi_dan_simpan",
    "evaluasi_wilayah",
    "muat_hasil",
    "muat_params",
    "muat_seri",
    "simpan_hasil",
]
