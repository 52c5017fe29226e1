"""Rank and relative position (§1.4a) on Kalimantan Selatan figures."""

import numpy as np
import pandas as pd
import pytest

from analisis.galat import GalatAnalisis
from analisis.metode import peringkat, posisi_relatif, posisi_terhadap_pembanding

# P0 Maret 2025, the 13 kab/kota of Kalimantan Selatan (province: 3.84).
P0_2025 = pd.Series(
    {
        "6301": 3.00,
        "6302": 4.39,
        "6303": 2.74,
        "6304": 4.31,
        "6305": 2.91,
        "6306": 3.12,
        "6307": 5.03,
        "6308": 4.81,
        "6309": 4.67,
        "6310": 3.13,
        "6311": 4.64,
        "6371": 4.52,
        "6372": 3.44,
    }
)
# Gini ratio 2024: Tabalong (6309) and Kota Banjarbaru (6372) are both 0.300.
GINI_2024 = pd.Series(
    {
        "6301": 0.257,
        "6302": 0.296,
        "6303": 0.258,
        "6304": 0.272,
        "6305": 0.26,
        "6306": 0.288,
        "6307": 0.251,
        "6308": 0.276,
        "6309": 0.3,
        "6310": 0.309,
        "6311": 0.218,
        "6371": 0.347,
        "6372": 0.3,
    }
)


def test_rank_p0_lower_is_better():
    h = peringkat(P0_2025, -1)
    urut = [
        "6303",
        "6305",
        "6301",
        "6306",
        "6310",
        "6372",
        "6304",
        "6302",
        "6371",
        "6311",
        "6309",
        "6308",
        "6307",
    ]
    assert list(h.tabel.index) == urut
    assert h.tabel["peringkat"].tolist() == list(range(1, 14))
    assert h.jumlah_diperingkat == 13 and h.tidak_diperingkat == ()
    assert not h.tabel["seri"].any()


def test_rank_higher_is_better():
    ipm = pd.Series({"6304": 71.4, "6372": 81.65, "6303": 74.41})
    h = peringkat(ipm, 1)
    assert h.tabel["peringkat"].to_dict() == {"6372": 1, "6303": 2, "6304": 3}


def test_ties_share_minimum_rank():
    h = peringkat(GINI_2024, -1)
    r = h.tabel["peringkat"]
    # ascending: .218 .251 .257 .258 .26 .272 .276 .288 .296 | .3 .3 | .309 .347
    assert r["6311"] == 1 and r["6302"] == 9
    assert r["6309"] == 10 and r["6372"] == 10
    assert r["6310"] == 12 and r["6371"] == 13
    assert h.tabel["seri"].sum() == 2
    assert bool(h.tabel.loc["6309", "seri"]) and not bool(h.tabel.loc["6310", "seri"])


def test_float_noise_does_not_break_a_tie():
    h = peringkat(pd.Series({"a": 0.1 + 0.2, "b": 0.3, "c": 0.5}), 1)
    assert h.tabel["peringkat"].to_dict() == {"c": 1, "a": 2, "b": 2}


def test_missing_regions_not_ranked_and_listed():
    s = P0_2025.copy()
    s["6311"] = np.nan
    h = peringkat(s, -1)
    assert h.tidak_diperingkat == ("6311",)
    assert h.jumlah_diperingkat == 12
    assert pd.isna(h.tabel.loc["6311", "peringkat"])
    assert h.tabel.index[-1] == "6311"  # unranked last
    assert h.tabel.loc["6307", "peringkat"] == 12


def test_posisi_relatif_banjar():
    p = posisi_relatif(P0_2025, "6303", -1, nilai_ref=3.84)
    assert (p.peringkat, p.jumlah_diperingkat) == (1, 13)
    assert p.selisih == pytest.approx(-1.10)  # 2.74 - 3.84
    assert p.selisih_relatif_persen == pytest.approx(-28.6458, abs=1e-4)  # -1.10 / 3.84
    assert p.posisi == "lebih baik dari pembanding"


def test_posisi_relatif_worse_tie_and_missing():
    p = posisi_relatif(P0_2025, "6307", -1, nilai_ref=3.84)
    assert p.peringkat == 13 and p.posisi == "lebih buruk dari pembanding"
    g = posisi_relatif(GINI_2024, "6372", -1, nilai_ref=0.302)
    assert g.peringkat == 10 and g.seri_dengan == ("6309",)
    assert g.posisi == "lebih baik dari pembanding"
    s = P0_2025.copy()
    s["6311"] = np.nan
    m = posisi_relatif(s, "6311", -1, nilai_ref=3.84)
    assert m.peringkat is None and m.posisi is None
    assert "tidak diperingkat" in m.keterangan[0]
    tanpa_ref = posisi_relatif(P0_2025, "6303", -1)
    assert tanpa_ref.peringkat == 1 and np.isnan(tanpa_ref.selisih)


def test_posisi_terhadap_pembanding_with_equal_value():
    s = pd.Series({"6301": 3.00, "6302": 4.39, "x": 3.84})
    t = posisi_terhadap_pembanding(s, 3.84, -1)
    assert t["posisi"].tolist() == [
        "lebih baik dari pembanding",
        "lebih buruk dari pembanding",
        "sama dengan pembanding",
    ]
    assert t.loc["6302", "selisih"] == pytest.approx(0.55)


def test_errors():
    with pytest.raises(GalatAnalisis, match="tidak ada"):
        posisi_relatif(P0_2025, "9999", -1)
    with pytest.raises(GalatAnalisis, match="lebih dari sekali"):
        peringkat(pd.Series([1.0, 2.0], index=["6301", "6301"]), -1)
    with pytest.raises(GalatAnalisis, match="arah"):
        peringkat(P0_2025, 2)
