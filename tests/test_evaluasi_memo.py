"""What evaluations share across regions in one process (a warm runner kernel): the series,
cross-sections and rankings of a province, kept for the data object they came from."""

from __future__ import annotations

from analisis.data.model import Basisdata
from analisis.data.wilayah import wilayah_provinsi
from analisis.evaluasi import evaluasi_wilayah, konteks
from analisis.evaluasi.simpan import sebagai_json


def _tanpa_waktu(h) -> dict:
    d = sebagai_json(h)
    d["meta"].pop("dibuat")
    return d


def _sendiri(kode: str, basis: Basisdata, **kw) -> dict:
    """The result of a region evaluated with nothing kept from another region."""
    konteks._MEMO.clear()
    return _tanpa_waktu(evaluasi_wilayah(kode, 2024, basis=basis, **kw))


def test_regions_in_sequence_equal_regions_alone():
    basis = Basisdata.muat(impor=False)
    kode = wilayah_provinsi("63")[:4]
    sendiri = {k: _sendiri(k, basis) for k in kode}
    konteks._MEMO.clear()
    # One province region after region, then back to the first and with the other reference:
    # nothing one region reads from the shared memo differs from what it computes alone.
    berurutan = {k: _tanpa_waktu(evaluasi_wilayah(k, 2024, basis=basis)) for k in kode}
    assert berurutan == sendiri
    assert _tanpa_waktu(evaluasi_wilayah(kode[0], 2024, basis=basis)) == sendiri[kode[0]]
    nasional = _tanpa_waktu(evaluasi_wilayah(kode[1], 2024, basis=basis, pembanding="nasional"))
    assert nasional == _sendiri(kode[1], basis, pembanding="nasional")
    # A region of another province after these.
    konteks._MEMO.clear()
    evaluasi_wilayah(kode[0], 2024, basis=basis)
    lain = wilayah_provinsi("64")[0]
    assert _tanpa_waktu(evaluasi_wilayah(lain, 2024, basis=basis)) == _sendiri(lain, basis)


def test_changed_data_are_never_read_from_the_memo():
    basis = Basisdata.muat(impor=False)
    kode, tetangga = wilayah_provinsi("63")[:2]
    evaluasi_wilayah(kode, 2024, basis=basis)
    # The same figures with the neighbour's P0 2024 doubled, as a new data object (what
    # Basisdata.muat returns when the store changed): its ranking and its P0 follow the change.
    tabel = basis.tabel.copy()
    sel = (
        (tabel["kode_wilayah"] == tetangga)
        & (tabel["indikator"] == "p0")
        & (tabel["tahun"] == 2024)
    )
    assert sel.sum() == 1
    tabel.loc[sel, "nilai"] = tabel.loc[sel, "nilai"] * 2
    baru = Basisdata(tabel=tabel)
    h = evaluasi_wilayah(kode, 2024, basis=baru)
    p0 = h.posisi[h.posisi["indikator"] == "p0"].set_index("kode_wilayah")["nilai"]
    assert p0[tetangga] == float(tabel.loc[sel, "nilai"].iloc[0])
    assert _tanpa_waktu(h) == _sendiri(kode, baru)
    assert _tanpa_waktu(h) != _sendiri(kode, basis)


def test_the_series_memo_is_emptied_when_full(monkeypatch):
    basis = Basisdata.muat(impor=False)
    a, b = wilayah_provinsi("63")[:2]
    sendiri_b = _sendiri(b, basis)
    seri_b = len(konteks._MEMO[0].seri)  # what one region alone keeps
    konteks._MEMO.clear()
    evaluasi_wilayah(a, 2024, basis=basis)
    assert len(konteks._MEMO[0].seri) > 10
    monkeypatch.setattr(konteks, "BATAS_MEMO_SERI", 10)
    # Emptied before region b starts: b keeps only its own series and gives the same result.
    assert _tanpa_waktu(evaluasi_wilayah(b, 2024, basis=basis)) == sendiri_b
    assert len(konteks._MEMO[0].seri) == seri_b


def test_other_method_parameters_are_never_read_from_the_memo():
    # The province-level results shared across regions (quadrants, reference summaries) are
    # keyed on the method parameters and windows: a region evaluated with other parameters
    # after its neighbour gets what it computes alone, not the neighbour's quadrants.
    from analisis.evaluasi.params import muat_params

    basis = Basisdata.muat(impor=False)
    a, b = wilayah_provinsi("63")[:2]
    bawaan = muat_params(provinsi="6300")
    lain = bawaan.model_copy(
        update={
            "metode": {
                **bawaan.metode,
                "sumbu_kuadran": "relatif",
                "ambang_indikator": "rata_rata",
                "seri_ambang": "baik",
            },
            "jendela_kuadran": 2,
        }
    )
    sendiri = _sendiri(b, basis, params=lain)
    assert sendiri["kuadran_perkembangan"] != _sendiri(b, basis)["kuadran_perkembangan"]
    konteks._MEMO.clear()
    evaluasi_wilayah(a, 2024, basis=basis, params=bawaan)
    assert _tanpa_waktu(evaluasi_wilayah(b, 2024, basis=basis, params=lain)) == sendiri
    assert _tanpa_waktu(evaluasi_wilayah(a, 2024, basis=basis, params=lain)) == _sendiri(
        a, basis, params=lain
    )
