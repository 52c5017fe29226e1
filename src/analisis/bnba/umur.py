"""Age checks of the BNBA verval as SQL over the typed table ``rek`` (``aturan.yaml``).

Age = DuckDB's ``date_sub('year', tanggal_lahir, acuan)`` (full years, with DuckDB's rule for
birthdays at the end of a month). Two rules:

- ``umur_wajar``: the age lies within ``[minimum, maximum]`` for the relation to the head;
- ``selisih_umur_kepala``: a child is at least N years younger than the head (a parent at least
  N years older …), checked only when the family has a head (the oldest when several).

Both run on ten million rows, so neither computes an age per row:

- the absolute rule becomes two birth-date bounds per relation, found once with DuckDB's own
  ``date_sub`` (the age never increases with the birth date, so ``age ≥ lo`` ⇔ ``birth ≤ B``);
- the relative rule is first a family-level prefilter on plain day arithmetic with a margin
  (N years ≤ 366·N days, so no true case is missed), and the exact ``date_sub`` test then runs
  only for the rows of the few flagged families.
"""

from __future__ import annotations

from datetime import date, timedelta

import duckdb

from analisis.bnba.konfigurasi import HUBUNGAN, Aturan

_TANGGAL_MIN = date(1, 1, 1)
_TANGGAL_MAKS = date(9999, 12, 31)


def _lit_tanggal(t: date) -> str:
    return f"DATE '{t.isoformat()}'"


#: :func:`_batas_lahir` results by (reference date, bounds asked): a pure function of both
#: (DuckDB's ``date_sub``), asked again by every check of a run (same dates, same rules).
_CACHE_BATAS: dict[tuple[date, tuple[tuple[int, str], ...]], dict[tuple[int, str], date]] = {}
_CACHE_BATAS_MAKS = 64


def _batas_lahir(
    con: duckdb.DuckDBPyConnection, acuan: date, batas: list[tuple[int, str]]
) -> dict[tuple[int, str], date]:
    """Per ``(umur, sisi)``: the latest birth date with age ≥ ``umur`` (``sisi='atas'``) or the
    earliest with age ≤ ``umur`` (``sisi='bawah'``), by DuckDB's own ``date_sub`` over a window
    around the calendar guess; all bounds in one query, remembered per process.

    The age never increases with the birth date, so the dates on one side form an interval;
    the window is wide (±800 days) because ``date_sub`` truncates towards zero for birth dates
    after the reference date (age 0 up to a year ahead).
    """
    kunci_cache = (acuan, tuple(batas))
    ada = _CACHE_BATAS.get(kunci_cache)
    if ada is not None:
        return dict(ada)
    baris = []
    for i, (umur, sisi) in enumerate(batas):
        tahun = acuan.year - umur - (1 if sisi == "bawah" else 0)
        try:
            tebakan = acuan.replace(year=tahun)
        except ValueError:  # 29 February in a non-leap year
            tebakan = acuan.replace(year=tahun, day=28)
        awal = tebakan - timedelta(days=800)
        baris.append(f"({i}, {_lit_tanggal(awal)}, {int(umur)}, {sisi == 'atas'})")
    umur_t = f"date_sub('year', t, {_lit_tanggal(acuan)})"
    hasil = con.sql(
        f"""
        WITH p(i, awal, umur, atas) AS (VALUES {", ".join(baris)}),
        c AS (
          SELECT p.i, p.atas, p.awal + r.j::INTEGER AS t,
            CASE WHEN p.atas THEN {umur_t} >= p.umur ELSE {umur_t} <= p.umur END AS kena
          FROM p, range(1601) r(j)
        )
        SELECT i, CASE WHEN any_value(atas) THEN max(t) FILTER (WHERE kena)
                       ELSE min(t) FILTER (WHERE kena) END,
          count(*) FILTER (WHERE kena)
        FROM c GROUP BY i ORDER BY i
        """
    ).fetchall()
    keluaran: dict[tuple[int, str], date] = {}
    for (i, tanggal, n), kunci in zip(hasil, batas, strict=True):
        if n in (0, 1601) or i != len(keluaran):  # pragma: no cover - always inside the window
            raise RuntimeError(f"batas tanggal lahir untuk umur {kunci[0]} tidak ditemukan")
        keluaran[kunci] = tanggal
    if len(_CACHE_BATAS) >= _CACHE_BATAS_MAKS:
        _CACHE_BATAS.clear()
    _CACHE_BATAS[kunci_cache] = dict(keluaran)
    return keluaran


def sql_umur_mutlak(con: duckdb.DuckDBPyConnection, aturan: Aturan, acuan: date) -> str:
    """SQL boolean on a ``rek`` row: age outside ``umur_wajar`` for its relation.

    Equivalent to ``date_sub('year', tanggal_lahir, acuan) NOT BETWEEN lo AND hi`` (a test
    checks this over every birth date of several years and leap-day reference dates), as a
    comparison with two constant date lists indexed by the relation code; relations without a
    rule get bounds no date can break.
    """
    if not aturan.umur_wajar:
        return "false"
    perlu = sorted(
        {(lo, "atas") for lo, _ in aturan.umur_wajar.values()}
        | {(hi, "bawah") for _, hi in aturan.umur_wajar.values()}
    )
    tanggal = _batas_lahir(con, acuan, perlu)
    bawah, atas = [], []
    for h in HUBUNGAN:
        if h in aturan.umur_wajar:
            lo, hi = aturan.umur_wajar[h]
            atas.append(tanggal[(lo, "atas")])
            bawah.append(tanggal[(hi, "bawah")])
        else:
            atas.append(_TANGGAL_MAKS)
            bawah.append(_TANGGAL_MIN)
    daftar_bawah = "[" + ", ".join(_lit_tanggal(t) for t in bawah) + "]"
    daftar_atas = "[" + ", ".join(_lit_tanggal(t) for t in atas) + "]"
    return (
        f"coalesce(tanggal_lahir NOT BETWEEN {daftar_bawah}[hubungan + 1] "
        f"AND {daftar_atas}[hubungan + 1], false)"
    )


def sql_umur_relatif_baris(aturan: Aturan, kepala: str) -> str:
    """SQL boolean on a row: too close in age to the head whose birth date is ``kepala``.

    ``kepala`` is only set for the few families flagged by :func:`sql_curiga_keluarga`, and the
    ``CASE`` evaluates the date arithmetic only for those rows.
    """
    if not aturan.selisih_umur_kepala:
        return "false"
    kode = {h: i for i, h in enumerate(HUBUNGAN)}
    kasus = []
    for h, sel in aturan.selisih_umur_kepala.items():
        if sel >= 0:
            kasus.append(
                f"WHEN {kode[h]} THEN date_sub('year', {kepala}, tanggal_lahir) < {int(sel)}"
            )
        else:
            kasus.append(
                f"WHEN {kode[h]} THEN date_sub('year', tanggal_lahir, {kepala}) < {int(-sel)}"
            )
    return (
        f"(CASE WHEN {kepala} IS NULL THEN false "
        f"ELSE coalesce(CASE hubungan {' '.join(kasus)} ELSE false END, false) END)"
    )


def sql_agregat_keluarga(aturan: Aturan) -> dict[str, str]:
    """Aggregates for the family GROUP BY: the head's birth date and, per family, the earliest
    "shifted" birth date of members that must be younger and the latest of those that must be
    older (``muda``/``tua``).

    A member that must be N ≥ 0 years younger breaks the rule only if
    ``tanggal_lahir < kepala + N years``; N years are at most 366·N days, so
    ``min(tanggal_lahir − 366·N) < kepala`` catches every such family (and a few more, which the
    exact row test clears). Likewise ``max(tanggal_lahir + 366·N) > kepala`` for members that
    must be N years older.
    """
    kode = {h: i for i, h in enumerate(HUBUNGAN)}
    muda = [
        f"WHEN {kode[h]} THEN tanggal_lahir - {366 * int(s)}"
        for h, s in aturan.selisih_umur_kepala.items()
        if s >= 0
    ]
    tua = [
        f"WHEN {kode[h]} THEN tanggal_lahir + {366 * int(-s)}"
        for h, s in aturan.selisih_umur_kepala.items()
        if s < 0
    ]
    return {
        "lahir_kepala": "min(CASE WHEN hubungan = 0 THEN tanggal_lahir END)",
        "muda": f"min(CASE hubungan {' '.join(muda)} END)" if muda else "NULL::DATE",
        "tua": f"max(CASE hubungan {' '.join(tua)} END)" if tua else "NULL::DATE",
    }


def sql_curiga_keluarga() -> str:
    """SQL boolean on a ``kel`` row: some member may be too close in age to the head."""
    return "coalesce(muda < lahir_kepala OR tua > lahir_kepala, false)"
