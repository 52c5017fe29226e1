"""Problem collection for the readers: one place that knows the file and sheet.

:class:`Pengumpul` collects :class:`~analisis.galat.Masalah` items for one file (and sheet),
so a reader only says *what* is wrong and *where in the table*; :class:`GalatBerkas` is the
error for a file that cannot be read as a table at all (wrong encoding, binary content, a
corrupt workbook): it carries exactly one problem and exit code 3.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from analisis.galat import GalatValidasi, Masalah

#: Exit code for "file cannot be read" (see the README's exit-code table).
KELUAR_TIDAK_TERBACA = 3


@dataclass
class GalatBerkas(GalatValidasi):
    """A file that cannot be read as a table; ``masalah`` holds the one reason."""

    kode_keluar: int = KELUAR_TIDAK_TERBACA

    @classmethod
    def satu(
        cls,
        pesan: str,
        *,
        berkas: str,
        kode: str,
        lembar: str | None = None,
        baris: int | None = None,
        kolom: str | None = None,
        token: str | None = None,
        judul: str | None = None,
    ) -> GalatBerkas:
        """The error for one problem; the headline (``judul``) names the file by default."""
        m = Masalah(
            pesan, berkas=berkas, lembar=lembar, baris=baris, kolom=kolom, kode=kode, token=token
        )
        return cls(
            judul or f"Berkas {berkas} tidak dapat dibaca; tidak ada yang disimpan.", masalah=[m]
        )

    @property
    def utama(self) -> Masalah:
        """The problem that makes the file unreadable."""
        return self.masalah[0]


@dataclass
class Pengumpul:
    """Collects the problems of one file (and sheet) in reading order."""

    berkas: str
    lembar: str | None = None
    masalah: list[Masalah] = field(default_factory=list)

    def galat(
        self,
        pesan: str,
        *,
        kode: str,
        baris: int | None = None,
        kolom: str | None = None,
        token: str | None = None,
    ) -> None:
        """Record a blocking problem (``baris`` is the 1-based row the user sees)."""
        self._tambah(pesan, kode, baris, kolom, token, "galat")

    def peringatan(
        self,
        pesan: str,
        *,
        kode: str,
        baris: int | None = None,
        kolom: str | None = None,
        token: str | None = None,
    ) -> None:
        """Record a non-blocking problem."""
        self._tambah(pesan, kode, baris, kolom, token, "peringatan")

    def tambah(self, masalah: list[Masalah]) -> None:
        """Add problems found elsewhere (e.g. the structural checks of the layer)."""
        self.masalah.extend(masalah)

    @property
    def ada_galat(self) -> bool:
        return any(m.tingkat == "galat" for m in self.masalah)

    def _tambah(
        self,
        pesan: str,
        kode: str,
        baris: int | None,
        kolom: str | None,
        token: str | None,
        tingkat: str,
    ) -> None:
        self.masalah.append(
            Masalah(
                pesan,
                berkas=self.berkas,
                lembar=self.lembar,
                baris=baris,
                kolom=kolom,
                kode=kode,
                tingkat=tingkat,
                token=token,
            )
        )
