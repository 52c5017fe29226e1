"""The standard output streams of runner kernels: no IO-thread round trip when there is nothing to send.

Before every ``display()`` ipykernel flushes ``sys.stdout`` and ``sys.stderr`` so that printed
text arrives before the display. :meth:`ipykernel.iostream.OutStream.flush` does that by
scheduling the send on the kernel's IO thread and *waiting* for it, even when nothing was
written. A report region displays ~50 objects in ~20 cells and writes no text, so a runner
kernel paid ~140 such round trips per region (a warm kernel showing 500 small displays: 0,50 ms
per display with ipykernel's stream, 0,22 ms with this one; ≈ 0,02–0,03 s of a region's ~0,55 s).

:class:`AliranKernel` is ipykernel's own stream with one change: :meth:`~AliranKernel.flush`
returns at once when nothing was written since the last flush. Text that was written is flushed
exactly as before, so printed output still precedes the display that follows it. Runner kernels
get it through ipykernel's documented setting ``IPKernelApp.outstream_class``
(:data:`analisis.runner.pekerja.ARGUMEN_KERNEL`); the analyst's own kernels (JupyterLab, papermill) are untouched.
"""

from __future__ import annotations

from ipykernel.iostream import OutStream

__all__ = ["AliranKernel"]


class AliranKernel(OutStream):
    """ipykernel's output stream whose ``flush`` costs nothing when there is nothing to flush."""

    _ada_tulisan = False
    """True once text was written since the last flush (set after the text is buffered)."""

    def write(self, string: str) -> int | None:  # type: ignore[override]  # as ipykernel
        jumlah = super().write(string)
        self._ada_tulisan = True
        return jumlah

    def flush(self) -> None:
        # Reset before flushing: text written from another thread while the flush runs sets
        # the mark again, so the next flush sends it (ipykernel's timed flush does too).
        if not self._ada_tulisan:
            return
        self._ada_tulisan = False
        super().flush()
