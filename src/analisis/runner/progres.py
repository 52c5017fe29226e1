"""What a run prints: a rich progress bar while it runs and the summary at the end (Indonesian)."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from analisis.runner.pekerja import HasilWilayah, TugasWilayah

if TYPE_CHECKING:
    from analisis.runner.jalan import RingkasanJalan


class Progres:
    """Rich progress bar (regions in flight with their elapsed time) and one line per region."""

    def __init__(self, aktif: bool, konsol=None) -> None:
        self.aktif = aktif
        self.konsol = konsol
        self._progress = None
        self._task = None
        self._sedang: dict[str, tuple[str, float]] = {}

    def __enter__(self):
        if self.aktif:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                ProgressColumn,
                SpinnerColumn,
                TextColumn,
                TimeElapsedColumn,
            )
            from rich.text import Text

            sedang = self._sedang

            class KolomSedang(ProgressColumn):
                def render(self, task) -> Text:
                    sekarang_ = time.monotonic()
                    isi = ", ".join(
                        f"{nama} {sekarang_ - t0:.0f} dtk" for nama, t0 in list(sedang.values())
                    )
                    return Text(f"sedang: {isi}" if isi else "", style="dim")

            self.konsol = self.konsol or Console(stderr=True, highlight=False)
            self._progress = Progress(
                SpinnerColumn(),
                TextColumn("[bold]{task.description}"),
                BarColumn(bar_width=24),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                KolomSedang(),
                console=self.konsol,
                transient=True,
            )
        return self

    def __exit__(self, *exc) -> None:
        self.akhiri_batch()

    def akhiri_batch(self) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.stop()
            self._task = None

    def cetak(self, teks: str) -> None:
        if not self.aktif:
            return
        (self._progress.console if self._progress is not None else self.konsol).print(
            teks, highlight=False
        )

    def mulai_batch(self, judul: str, total: int) -> None:
        if self._progress is not None and total:
            self._progress.start()
            self._task = self._progress.add_task(judul, total=total)

    def mulai(self, t: TugasWilayah) -> None:
        self._sedang[t.kode_wilayah] = (t.nama, time.monotonic())

    def selesai(self, h: HasilWilayah) -> None:
        from rich.markup import escape

        from analisis.laporan.format import angka

        self._sedang.pop(h.kode_wilayah, None)
        if h.status == "berhasil":
            kernel = f", kernel baru {angka(h.detik_kernel, 1)} detik" if h.detik_kernel else ""
            self.cetak(f"[green]✓[/] {escape(h.label)} {angka(h.detik, 1)} detik{kernel}")
        else:
            self.cetak(f"[red]✗ {escape(h.label)}[/]: {escape(h.pesan or 'gagal')}")
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task)


def cetak_ringkasan(r: RingkasanJalan, konsol=None) -> None:
    """Print the run summary (table of regions that ran or failed, failures, totals) in Indonesian."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from analisis.laporan.format import angka

    konsol = konsol or Console(highlight=False)
    dijalankan = [h for h in r.wilayah if h.status != "dilewati"]
    if dijalankan:
        t = Table(title="Hasil jalan", show_lines=False)
        for k in ("Wilayah", "Status", "Detik", "Keterangan"):
            t.add_column(k, justify="right" if k == "Detik" else "left")
        for h in dijalankan:
            t.add_row(
                escape(h.label),
                "[green]berhasil[/]" if h.status == "berhasil" else "[red]gagal[/]",
                angka(h.detik, 1),
                escape(h.alasan or "") if h.status == "berhasil" else escape(h.pesan or ""),
            )
        konsol.print(t)
    for tp in r.tahap:
        konsol.print(
            f"Tahap {escape(tp.nama)} {tp.kode_provinsi}/{tp.tahun}: {tp.status}"
            + (f" ({escape(tp.pesan)})" if tp.pesan else "")
        )
    konsol.print(escape(r.teks_ringkas()))
    for p in r.situs:
        konsol.print(f"Situs: {p}")
    if r.kode_keluar:
        konsol.print(f"[red]{angka(len(r.pesan_gagal()), 0)} kegagalan:[/]")
        for baris in r.pesan_gagal():
            konsol.print(f"  - {escape(baris)}")
