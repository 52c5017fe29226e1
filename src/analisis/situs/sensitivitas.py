"""The site's "why are the ranks uncertain?" section: the sensitivity and coherence results
stored in ``peringkat.json``, shown as static HTML (no JavaScript).

Nothing is recomputed or re-worded here: tables and sentences come from the ranking report's
display builders (:mod:`analisis.peringkat.tampilan_sensitivitas`, tables as pandas ``Styler``
with Indonesian number format) and from :mod:`analisis.peringkat.uraian_sensitivitas`; the chart
of first-order vs total Sobol indices is the report's own Vega-Lite specification drawn to inline
SVG offline with vl-convert (as the Word documents draw it to PNG).
"""

from __future__ import annotations

import json
from functools import lru_cache
from html import escape
from typing import Any

from analisis.kontrak import PeringkatProvinsi
from analisis.laporan import format as fmt
from analisis.laporan.grafik import Grafik, siapkan_spesifikasi
from analisis.peringkat import tampilan_sensitivitas as ts
from analisis.peringkat import uraian_sensitivitas as us

ID_BAGIAN = "sensitivitas"


def _e(x: object) -> str:
    return escape("" if x is None else str(x))


def _html(objek: Any, uuid: str) -> str:
    """HTML of a display builder's result: a ``Styler`` table (stable ids) or an ``HTML``."""
    if hasattr(objek, "to_html"):
        return '<div class="gulir">' + objek.set_uuid(uuid).to_html() + "</div>"
    return str(getattr(objek, "data", objek))


@lru_cache(maxsize=32)
def _svg(spesifikasi_json: str) -> str:
    """The SVG of a specification (its JSON text, keys in their order), drawn once per
    distinct specification in this process: a long-lived runner (warm reruns, the app) rebuilds
    a province page with the same stored ranking, hence the same chart, at every run
    (~0,04–0,12 CPU-s each)."""
    import vl_convert as vlc

    return str(vlc.vegalite_to_svg(vl_spec=json.loads(spesifikasi_json)))


def svg_grafik(g: Grafik) -> str:
    """The chart as inline SVG (offline; the specification the report embeds), drawn once
    per distinct specification in this process."""
    svg = _svg(json.dumps(siapkan_spesifikasi(g.spesifikasi), ensure_ascii=False))
    return svg.replace("<svg ", f'<svg role="img" aria-label="{_e(g.judul)}" ', 1)


def panaskan_svg() -> None:
    """Start vl-convert's JavaScript engine with a one-point chart (~0.8 s once per process, then
    ~0.04 s per chart), so the first :func:`svg_grafik` of a site build does not pay it."""
    import vl_convert as vlc

    vlc.vegalite_to_svg(vl_spec={"data": {"values": [{"x": 1}]}, "mark": "point"})


def _selang(nilai: float, bawah: float, atas: float) -> str:
    return f"{fmt.angka(nilai, 2)} ({fmt.angka(bawah, 2)} s.d. {fmt.angka(atas, 2)})"


def tabel_sobol(sens: dict[str, Any]) -> str:
    """First-order and total indices of the mean absolute rank shift with their confidence
    intervals, one row per varied factor (largest total index first)."""
    t = us.tabel_sobol(sens)
    tingkat = fmt.persen(100 * sens["parameter"]["tingkat_kepercayaan"], 0, singkat=True)
    isi = "".join(
        f'<tr data-faktor="{_e(r["kode"])}"><td>{_e(r["faktor"])}</td>'
        f'<td class="angka">{_selang(r["S1"], r["S1_bawah"], r["S1_atas"])}</td>'
        f'<td class="angka">{_selang(r["ST"], r["ST_bawah"], r["ST_atas"])}</td></tr>'
        for _, r in t.iterrows()
    )
    return (
        '<div class="gulir"><table id="tabel-sobol"><thead><tr><th>Pilihan metode</th>'
        f'<th class="angka">Indeks orde pertama (selang {tingkat})</th>'
        f'<th class="angka">Indeks total (selang {tingkat})</th></tr></thead>'
        f"<tbody>{isi}</tbody></table></div>"
    )


def _metode(sens: dict[str, Any]) -> str:
    """What every evaluation varies and how, and what the sensitivity range is (the settings
    applied and the fixed factors follow in :func:`~analisis.peringkat.tampilan_sensitivitas.penjelasan_sobol`)."""
    diubah = "".join(
        f"<li><strong>{_e(f['nama'])}:</strong> {_e(f['uraian'])}</li>" for f in sens["faktor"]
    )
    return (
        '<div class="kotak" id="metode-sensitivitas"><p><strong>Metode.</strong> Setiap '
        "evaluasi menghitung ulang indeks dan peringkat semua wilayah dengan pilihan berikut "
        f"diubah sekaligus:</p><ul>{diubah}</ul>"
        f'<p class="catatan">{_e(us.kalimat_rentang_sensitivitas(sens))}</p></div>'
    )


def tabel_wilayah(sens: dict[str, Any]) -> str:
    """Per region: published rank, the sensitivity range, the choice that moves it most and the
    stored one-sentence explanation."""
    baris = []
    for w in sorted(sens["wilayah"], key=lambda w: (w["peringkat"], w["nama"])):
        p = us.penjelasan_wilayah(sens, w["kode_wilayah"])
        if p is None:  # pragma: no cover - every stored region has an explanation
            continue
        rentang = "–" if p.rentang is None else "–".join(fmt.angka(x, 0) for x in p.rentang)
        utama = (
            f"{p.faktor.iloc[0]['faktor']} ({fmt.angka(p.faktor.iloc[0]['ST'], 2)})"
            if len(p.faktor)
            else "tidak ada (peringkat tetap)"
        )
        baris.append(
            f'<tr data-kode="{_e(p.kode_wilayah)}"><td class="angka">{p.peringkat}</td>'
            f'<td>{_e(p.nama)}</td><td class="angka">{rentang}</td><td>{_e(utama)}</td>'
            f"<td>{_e(p.uraian)}</td></tr>"
        )
    return (
        '<div class="gulir"><table id="tabel-sensitivitas-wilayah"><thead><tr>'
        '<th class="angka">Peringkat terbitan</th><th>Kabupaten/kota</th>'
        '<th class="angka">Rentang analisis sensitivitas</th>'
        "<th>Pilihan paling berpengaruh (indeks total)</th><th>Penjelasan</th></tr></thead>"
        f"<tbody>{''.join(baris)}</tbody></table></div>"
    )


def _bagian_sobol(data: PeringkatProvinsi, sens: dict[str, Any]) -> str:
    isi = [_metode(sens)]
    if us.ada_indeks(sens):
        g = ts.grafik_sobol(sens)
        assert isinstance(g, Grafik)  # ada_indeks: the builder returns the chart
        isi.append(
            f'<figure id="grafik-sobol">{svg_grafik(g)}<figcaption>{_e(g.judul)}</figcaption></figure>'
        )
    isi.append(_html(ts.penjelasan_sobol(sens), "sobol"))
    if us.ada_indeks(sens):
        isi += [
            tabel_sobol(sens),
            "<details><summary>Penjelasan per kabupaten/kota</summary>"
            + tabel_wilayah(sens)
            + "</details>",
        ]
    isi += [
        '<h3 id="penghapusan">Bila satu indikator atau dimensi dihapus</h3>',
        _html(ts.penjelasan_penghapusan(sens, data.kerangka), "penjelasan-hapus"),
        _html(ts.tabel_penghapusan(sens, data.kerangka), "hapus"),
        '<h3 id="alternatif">Bila satu metode diganti</h3>',
        _html(ts.penjelasan_alternatif(sens), "penjelasan-alternatif"),
        _html(ts.tabel_alternatif(sens), "alternatif"),
    ]
    return "\n".join(isi)


def _bagian_koherensi(data: PeringkatProvinsi, koh: dict[str, Any] | None) -> str:
    if koh is None:
        return '<p class="catatan">Analisis koherensi tidak tersedia untuk peringkat ini.</p>'
    return "\n".join(
        [
            _html(ts.peringatan_koherensi(koh), "peringatan-koherensi"),
            _html(ts.penjelasan_koherensi(koh), "penjelasan-koherensi"),
            _html(ts.tabel_koherensi(koh, data.kerangka), "koherensi-indikator"),
            _html(ts.penjelasan_koherensi_dimensi(koh), "penjelasan-koherensi-dimensi"),
            _html(ts.tabel_koherensi_dimensi(koh), "koherensi-dimensi"),
        ]
    )


def bagian_sensitivitas(data: PeringkatProvinsi) -> str:
    """The whole section (empty hint when the ranking file has no sensitivity results)."""
    judul = f'<h2 id="{ID_BAGIAN}">Mengapa peringkat tidak pasti: sensitivitas dan koherensi</h2>\n'
    sens, koh = data.sensitivitas, data.koherensi
    if sens is None and koh is None:
        return judul + (
            '<p class="kotak">Berkas peringkat ini belum memuat analisis sensitivitas dan '
            "koherensi; jalankan ulang peringkat (<code>analisis jalankan</code>) untuk "
            "menambahkannya.</p>\n"
        )
    sobol = (
        _bagian_sobol(data, sens)
        if sens is not None
        else '<p class="catatan">Analisis sensitivitas tidak tersedia untuk peringkat ini.</p>'
    )
    return (
        judul + '<p class="catatan">Bagian ini menjawab pilihan metode mana yang paling menggeser '
        "peringkat (indeks Sobol), apa yang terjadi bila satu indikator, dimensi atau metode "
        "diganti, dan apakah indikator-indikator indeks ini mengukur hal yang searah "
        "(koherensi). Semua angka dibaca dari <code>peringkat/peringkat.json</code>, sama "
        "dengan laporan peringkat.</p>\n"
        + sobol
        + '\n<h3 id="koherensi">Koherensi indeks</h3>\n'
        + _bagian_koherensi(data, koh)
        + "\n"
    )
