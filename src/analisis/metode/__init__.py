"""Analysis methods for the kabupaten/kota poverty-reduction evaluation (TKPK / LP2KD).

Pure functions on pandas objects (no I/O, no plotting). Conventions:

* a time series is a ``pd.Series`` of float indexed by integer year; NaN = missing, and gaps
  are never interpolated or bridged;
* a cross-section is a ``pd.Series`` indexed by BPS ``kode_wilayah``;
* ``arah`` = −1 when lower is better (p0, tpt, …), +1 when higher is better (ipm, …);
* labels shown to users are Bahasa Indonesia; user errors raise
  :class:`analisis.galat.GalatAnalisis` with an Indonesian message.

Every [R] convention of ``docs/domain-methods.md`` is a parameter with the default held in
:class:`ParameterMetode`, whose :meth:`~ParameterMetode.ringkasan` states the choices in a report.
"""

from analisis.metode.determinan import (
    HasilPrioritas,
    kesenjangan,
    skor_prioritas,
    skor_z,
    tren_baku,
)
from analisis.metode.kuadran import (
    HasilKuadran,
    klasifikasi_kuadran,
    kuadran_p0_indikator,
    kuadran_perkembangan,
    laju_penampang,
    signifikansi_kuadran,
    sisi_baik,
)
from analisis.metode.parameter import (
    KATALOG_ARAH,
    BarisParameter,
    BobotPrioritas,
    ParameterMetode,
    arah_indikator,
)
from analisis.metode.perkembangan import (
    RingkasanPerkembangan,
    perubahan_tahunan,
    ringkasan_perkembangan,
    ringkasan_perkembangan_banyak,
)
from analisis.metode.posisi import (
    HasilPeringkat,
    PosisiRelatif,
    peringkat,
    posisi_relatif,
    posisi_terhadap_pembanding,
)
from analisis.metode.presisi import MODEL_BAWAAN, ModelPresisi, galat_baku
from analisis.metode.relevansi import (
    label_gabungan,
    relevansi_efektivitas,
    relevansi_efektivitas_indikator,
)
from analisis.metode.target import EvaluasiTarget, evaluasi_target, tahun_proyeksi

__all__ = [
    "KATALOG_ARAH",
    "MODEL_BAWAAN",
    "BarisParameter",
    "BobotPrioritas",
    "EvaluasiTarget",
    "HasilKuadran",
    "HasilPeringkat",
    "HasilPrioritas",
    "ModelPresisi",
    "ParameterMetode",
    "PosisiRelatif",
    "RingkasanPerkembangan",
    "arah_indikator",
    "evaluasi_target",
    "galat_baku",
    "kesenjangan",
    "klasifikasi_kuadran",
    "kuadran_p0_indikator",
    "kuadran_perkembangan",
    "label_gabungan",
    "laju_penampang",
    "peringkat",
    "perubahan_tahunan",
    "posisi_relatif",
    "posisi_terhadap_pembanding",
    "relevansi_efektivitas",
    "relevansi_efektivitas_indikator",
    "ringkasan_perkembangan",
    "ringkasan_perkembangan_banyak",
    "signifikansi_kuadran",
    "sisi_baik",
    "skor_prioritas",
    "skor_z",
    "tahun_proyeksi",
    "tren_baku",
]
