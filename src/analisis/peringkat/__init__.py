"""TKPK performance ranking: a transparent, configurable composite index of kab/kota.

* :mod:`~analisis.peringkat.kerangka` — the framework (dimensions, indicators, weights,
  normalisations) read from YAML and validated with Indonesian messages and key paths.
* :mod:`~analisis.peringkat.indeks` — normalisation, composite score, contributions, ranks and
  the missing-data policy.
* :mod:`~analisis.peringkat.agregasi` — alternative aggregations (geometric and harmonic means
  with a zero guard, Copeland outranking).
* :mod:`~analisis.peringkat.robust` — Monte Carlo robustness (weights, sampling noise,
  normalisation choice): rank intervals, top-k probability, non-robust pairs.
* :mod:`~analisis.peringkat.sampel` — the index evaluated under many sets of choices at once.
* :mod:`~analisis.peringkat.sobol` — Sobol indices of many outputs with bootstrap intervals.
* :mod:`~analisis.peringkat.sensitivitas` — variance-based sensitivity of the ranks to every
  choice, indicator/dimension removal, alternative methods one at a time.
* :mod:`~analisis.peringkat.koherensi` — correlations, Cronbach's alpha, variance shares
  against weights.
* :mod:`~analisis.peringkat.uraian_sensitivitas` — the stored sensitivity and coherence results
  as tables and plain-Indonesian sentences (report, app, documents);
  :mod:`~analisis.peringkat.tampilan_sensitivitas` — their section of the ranking report.
* :mod:`~analisis.peringkat.templat` — the evaluator template (XLSX/CSV) and its reader.
* :mod:`~analisis.peringkat.cli` — the ``peringkat`` click command group.

No official weights exist; the default framework (``params/peringkat/kerangka_bawaan.yaml``)
is a documented proposal, not an official standard.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from analisis.peringkat.indeks import (
        HasilPeringkat,
        hitung_indeks,
        normalisasi,
        peringkat_min,
    )
    from analisis.peringkat.kerangka import (
        Dimensi,
        Indikator,
        Kerangka,
        kerangka_bawaan,
        kerangka_dari_dict,
        muat_kerangka,
    )
    from analisis.peringkat.koherensi import HasilKoherensi, analisis_koherensi
    from analisis.peringkat.robust import HasilRobust, uji_robust
    from analisis.peringkat.sensitivitas import HasilSensitivitas, analisis_sensitivitas
    from analisis.peringkat.templat import HasilEvaluator, baca_evaluator, tulis_templat

#: Where each public name lives. The package imports its modules on first use (PEP 562): the
#: run contracts import :mod:`analisis.peringkat.kerangka`, and every runner worker, kernel and
#: CLI call would otherwise import the sensitivity analysis (SALib, scipy.stats; ~1 CPU-second)
#: without ranking anything.
_MODUL_NAMA = {
    "HasilPeringkat": "indeks",
    "hitung_indeks": "indeks",
    "normalisasi": "indeks",
    "peringkat_min": "indeks",
    "Dimensi": "kerangka",
    "Indikator": "kerangka",
    "Kerangka": "kerangka",
    "kerangka_bawaan": "kerangka",
    "kerangka_dari_dict": "kerangka",
    "muat_kerangka": "kerangka",
    "HasilKoherensi": "koherensi",
    "analisis_koherensi": "koherensi",
    "HasilRobust": "robust",
    "uji_robust": "robust",
    "HasilSensitivitas": "sensitivitas",
    "analisis_sensitivitas": "sensitivitas",
    "HasilEvaluator": "templat",
    "baca_evaluator": "templat",
    "tulis_templat": "templat",
}


def __getattr__(nama: str) -> Any:
    """A public name (imported from its module on first use) or a submodule of the package."""
    modul = _MODUL_NAMA.get(nama)
    if modul is not None:
        return getattr(importlib.import_module(f"{__name__}.{modul}"), nama)
    try:
        return importlib.import_module(f"{__name__}.{nama}")
    except ModuleNotFoundError as e:
        if e.name != f"{__name__}.{nama}":
            raise
        raise AttributeError(f"module {__name__!r} has no attribute {nama!r}") from None


__all__ = [
    "Dimensi",
    "HasilEvaluator",
    "HasilKoherensi",
    "HasilPeringkat",
    "HasilRobust",
    "HasilSensitivitas",
    "Indikator",
    "Kerangka",
    "analisis_koherensi",
    "analisis_sensitivitas",
    "baca_evaluator",
    "hitung_indeks",
    "kerangka_bawaan",
    "kerangka_dari_dict",
    "muat_kerangka",
    "normalisasi",
    "peringkat_min",
    "tulis_templat",
    "uji_robust",
]
