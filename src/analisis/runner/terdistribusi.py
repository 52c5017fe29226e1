"""Dask worker plugin: shut down the per-thread kernels when a Dask worker stops.

The kernels themselves are created lazily by :func:`analisis.runner.pekerja.kernel_proses` on
the first region a worker thread runs, and then reused for every following region, across
runs, for as long as the worker lives. ``idempotent = True`` keeps a second registration (the
next run) from tearing down and replacing the plugin, which would kill the warm kernels.
"""

from __future__ import annotations

from distributed.diagnostics.plugin import WorkerPlugin


class PluginKernel(WorkerPlugin):
    name = "analisis-kernel"
    idempotent = True

    def teardown(self, worker) -> None:  # pragma: no cover - runs inside Dask workers
        from analisis.runner.pekerja import _bunuh_semua_kernel

        # Immediate kill: a graceful shutdown from the worker's event-loop thread can take longer
        # than the nanny's 4-second grace period (the nanny then kills the whole worker).
        _bunuh_semua_kernel()
