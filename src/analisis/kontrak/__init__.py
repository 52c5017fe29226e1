"""Versioned contracts of the files passed between stages (pydantic models, read and written
only through them). See ``docs/arsitektur.md`` for the stages and the files between them.

============================  ==================================  ===========================
file                          model                               written by → read by
============================  ==================================  ===========================
``hasil/<kode>.json``         :class:`HasilWilayah`               evaluation → ranking, site,
                                                                  app, documents
``peringkat/peringkat.json``  :class:`PeringkatProvinsi`          ranking → site, app,
                                                                  documents
``manifest.json``             :class:`ManifestJalan`              runner → site, reviewers
``.cache/<kode>.json``        :class:`Sidecar`                    runner → runner, site
============================  ==================================  ===========================
"""

from analisis.kontrak.dasar import BerkasKontrak, nilai_json
from analisis.kontrak.hasil import HasilWilayah, Kinerja, MetaHasil
from analisis.kontrak.jalan import ManifestJalan, Sidecar
from analisis.kontrak.peringkat import (
    KOLOM_BARIS,
    BarisPeringkat,
    PasanganTidakRobust,
    PeringatanPeringkat,
    PeringkatProvinsi,
    sha256_kerangka,
)

__all__ = [
    "KOLOM_BARIS",
    "BarisPeringkat",
    "BerkasKontrak",
    "HasilWilayah",
    "Kinerja",
    "ManifestJalan",
    "MetaHasil",
    "PasanganTidakRobust",
    "PeringatanPeringkat",
    "PeringkatProvinsi",
    "Sidecar",
    "nilai_json",
    "sha256_kerangka",
]
