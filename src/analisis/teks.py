"""Indonesian rendering of raw values inside messages (errors, CLI summaries).

Report tables use :mod:`analisis.laporan.format` (rounded, with units). Messages must show a
value exactly as it was read, so here nothing is rounded beyond 6 decimals.
"""

from __future__ import annotations

import math

from babel.numbers import format_decimal


def angka_id(nilai: object) -> str:
    """``589165`` → ``'589.165'``; ``4.65`` → ``'4,65'``; ``0.038`` → ``'0,038'``; NaN → ``'–'``."""
    if nilai is None:
        return "–"
    try:
        x = float(nilai)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(nilai)
    if math.isnan(x):
        return "–"
    teks = format_decimal(x, format="#,##0.######", locale="id")
    return teks.replace("-", "−")
