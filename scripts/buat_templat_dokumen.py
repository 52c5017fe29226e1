"""Write the built-in Word template to params/templat/laporan.docx (run once; the file is
committed so secretariats can edit it in Word: letterhead, logo, fonts, styles).

Usage: .venv/bin/python scripts/buat_templat_dokumen.py [TUJUAN]
"""

from __future__ import annotations

import sys
from pathlib import Path

from analisis.dokumen.templat import NAMA_TEMPLAT, simpan_templat_bawaan

if __name__ == "__main__":
    akar = Path(__file__).resolve().parents[1]
    tujuan = Path(sys.argv[1]) if len(sys.argv) > 1 else akar / "params" / NAMA_TEMPLAT
    print(f"Templat ditulis: {simpan_templat_bawaan(tujuan)}")
