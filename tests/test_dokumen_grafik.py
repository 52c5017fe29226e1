"""Chart pictures of the Word documents: drawn by vl-convert in a process pool, cached by
content in the province-year's ``.cache/grafik`` folder (a changed specification draws a new
picture; a corrupt cache file is ignored and written again)."""

from __future__ import annotations

import os
from pathlib import Path

from analisis.dokumen.grafik import (
    PelukisGrafik,
    kunci_grafik,
    png_utuh,
    rapikan_cache,
    ukuran_png,
)
from analisis.laporan.grafik import siapkan_spesifikasi


def _spes(lebar: int, nilai: list[float]) -> dict:
    return {
        "data": {"values": [{"tahun": 2020 + i, "nilai": v} for i, v in enumerate(nilai)]},
        "mark": "line",
        "encoding": {
            "x": {"field": "tahun", "type": "ordinal"},
            "y": {"field": "nilai", "type": "quantitative"},
        },
        "width": lebar,
        "height": 120,
    }


def _gambar(folder: Path, spes: dict) -> tuple[bytes, PelukisGrafik]:
    pelukis = PelukisGrafik(folder_cache=folder)
    try:
        return pelukis.png(spes), pelukis
    finally:
        pelukis.tutup()


def test_pictures_are_cached_by_content_and_a_changed_spec_draws_a_new_one(tmp_path):
    folder = tmp_path / "grafik"
    a, p1 = _gambar(folder, _spes(300, [4.1, 4.0, 3.8]))
    assert png_utuh(a) and ukuran_png(a)[0] > 300
    berkas = sorted(folder.glob("*.png"))
    assert [b.read_bytes() for b in berkas] == [a] and p1.dari_cache == 0
    assert berkas[0].stem == kunci_grafik(siapkan_spesifikasi(_spes(300, [4.1, 4.0, 3.8])))

    again, p2 = _gambar(folder, _spes(300, [4.1, 4.0, 3.8]))
    assert again == a and p2.dari_cache == 1

    lebar, p3 = _gambar(folder, _spes(420, [4.1, 4.0, 3.8]))
    data, p4 = _gambar(folder, _spes(300, [4.1, 4.0, 2.5]))
    assert p3.dari_cache == p4.dari_cache == 0
    assert ukuran_png(lebar)[0] > ukuran_png(a)[0]
    assert data != a and len(set(folder.glob("*.png"))) == 3


def test_a_corrupt_cache_file_is_ignored_and_rewritten(tmp_path):
    folder = tmp_path / "grafik"
    spes = _spes(300, [10.2, 9.9, 9.1])
    asli, _ = _gambar(folder, spes)
    (berkas,) = folder.glob("*.png")
    for rusak in (asli[: len(asli) // 2], b"", b"bukan png"):
        berkas.write_bytes(rusak)
        baru, p = _gambar(folder, spes)
        assert p.dari_cache == 0 and png_utuh(baru)
        assert berkas.read_bytes() == baru
    assert not [f for f in folder.iterdir() if f.suffix != ".png"]  # no temporary file left


def test_the_same_chart_is_drawn_once_per_writer(tmp_path):
    pelukis = PelukisGrafik(folder_cache=None)
    try:
        a = pelukis.pesan(_spes(300, [1.0, 2.0]))
        b = pelukis.pesan(_spes(300, [1.0, 2.0]))
        assert a is b and pelukis.jumlah_digambar == 1
        assert png_utuh(a.png())
    finally:
        pelukis.tutup()


def test_the_cache_keeps_the_recently_used_pictures_within_its_bound(tmp_path):
    folder = tmp_path / "grafik"
    spesifikasi = [_spes(300, [4.1, 4.0, v]) for v in (3.8, 3.5, 3.1)]
    for s in spesifikasi:
        _gambar(folder, s)
    berkas = {kunci_grafik(siapkan_spesifikasi(s)): s for s in spesifikasi}
    # make every picture old, the first-drawn the oldest of all
    for i, kunci in enumerate(berkas):
        os.utime(folder / f"{kunci}.png", (1_000_000 + 10 * i, 1_000_000 + 10 * i))
    pertama = folder / f"{next(iter(berkas))}.png"

    # reading the first picture marks it used: it must survive a bound that removes two
    pelukis = PelukisGrafik(folder_cache=folder, batas_cache=pertama.stat().st_size)
    try:
        pelukis.png(spesifikasi[0])
        assert pelukis.dari_cache == 1
    finally:
        pelukis.tutup()
    assert sorted(folder.glob("*.png")) == [pertama]


def test_pruning_removes_the_least_recently_used_first_and_stops_at_the_bound(tmp_path):
    folder = tmp_path / "grafik"
    folder.mkdir()
    for i, nama in enumerate("abcd"):
        (folder / f"{nama}.png").write_bytes(b"x" * 100)
        os.utime(folder / f"{nama}.png", (1000 + i, 1000 + i))
    os.utime(folder / "c.png", (10, 10))
    (folder / "catatan.txt").write_bytes(b"y" * 1000)  # not a picture: never touched

    dibuang = rapikan_cache(folder, batas_byte=250)
    assert [b.name for b in dibuang] == ["c.png", "a.png"]
    assert sorted(f.name for f in folder.iterdir()) == ["b.png", "catatan.txt", "d.png"]
    assert rapikan_cache(folder, batas_byte=250) == []
