"""Helpers for browser tests (Playwright pages): network blocking and Bokeh checks.

Kept free of pytest fixtures so any test module can ``from ui_util import ...``.
"""

from __future__ import annotations

import asyncio
import functools
import importlib.util
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

T = TypeVar("T")

# Schemes that never leave the machine.
SKEMA_LOKAL = {"file", "data", "blob", "about", "chrome", "chrome-extension", "devtools"}
HOST_LOKAL = {"127.0.0.1", "localhost", "::1", "[::1]"}


def url_lokal(url: str) -> bool:
    """True for file:/data:/blob:/about: URLs and http(s)/ws(s) to 127.0.0.1/localhost/::1."""
    bagian = urlsplit(url)
    if bagian.scheme in SKEMA_LOKAL:
        return True
    return (bagian.hostname or "") in HOST_LOKAL


@dataclass
class JaringanTerblokir:
    """Requests aborted by :func:`blokir_jaringan_luar`; ``jumlah`` is the count."""

    diblokir: list[str] = field(default_factory=list)
    diizinkan: list[str] = field(default_factory=list)

    @property
    def jumlah(self) -> int:
        return len(self.diblokir)


def blokir_jaringan_luar(page) -> JaringanTerblokir:
    """Abort every request that is not local (see :func:`url_lokal`) and record it.

    Install before ``page.goto``. The record also lists allowed URLs, which shows
    which local assets a report actually loaded.
    """
    catatan = JaringanTerblokir()

    def tangani(route) -> None:
        url = route.request.url
        if url_lokal(url):
            catatan.diizinkan.append(url)
            route.continue_()
        else:
            catatan.diblokir.append(url)
            route.abort("blockedbyclient")

    page.route("**/*", tangani)
    return catatan


_JS_HITUNG_KANVAS = """
() => {
  const hitung = (akar) => {
    let n = akar.querySelectorAll("canvas").length;
    for (const el of akar.querySelectorAll("*")) {
      if (el.shadowRoot) n += hitung(el.shadowRoot);
    }
    return n;
  };
  return hitung(document);
}
"""


def hitung_kanvas(page) -> int:
    """Number of ``<canvas>`` elements in the page, including inside shadow roots.

    BokehJS renders every plot into canvases inside shadow DOM, so ``page.locator``
    on the light DOM finds none; a count > 0 means a plot really rendered.
    """
    return int(page.evaluate(_JS_HITUNG_KANVAS))


def tunggu_kanvas(page, minimal: int = 1, batas_ms: float = 20_000) -> int:
    """Wait until at least ``minimal`` canvases exist; return the count."""
    page.wait_for_function(
        f"() => ({_JS_HITUNG_KANVAS.strip()})() >= {int(minimal)}", timeout=batas_ms
    )
    return hitung_kanvas(page)


def kumpulkan_galat(page) -> list[str]:
    """A list that fills with uncaught page errors (``pageerror``) from now on."""
    galat: list[str] = []
    page.on("pageerror", lambda e: galat.append(str(e)))
    return galat


_JS_GRAFIK_VEGA = """
() => {
  const semua = [...document.querySelectorAll("div.grafik-vega")];
  return {
    jumlah: semua.length,
    siap: semua.filter(d => d.getAttribute("data-status") === "siap" && d.querySelector("svg")).length,
    gagal: semua.filter(d => d.getAttribute("data-status") === "gagal").map(d => d.textContent),
    teks: semua.map(d => [...d.querySelectorAll("svg text")].map(t => t.textContent)),
  };
}
"""


def tunggu_grafik_vega(page, minimal: int = 1, batas_ms: float = 20_000) -> dict:
    """Wait until at least ``minimal`` Vega-Lite charts of a report are drawn (an ``svg`` inside
    ``div.grafik-vega[data-status=siap]``, or one failed); return the counts and each chart's texts."""
    page.wait_for_function(
        f"() => {{ const h = ({_JS_GRAFIK_VEGA.strip()})(); return h.siap >= {int(minimal)} || h.gagal.length > 0; }}",
        timeout=batas_ms,
    )
    return page.evaluate(_JS_GRAFIK_VEGA)


_JS_VEGA_PANEL = """
() => {
  const hitung = (akar) => {
    let n = akar.querySelectorAll(".vega-embed svg, .vega-embed canvas").length;
    for (const el of akar.querySelectorAll("*")) if (el.shadowRoot) n += hitung(el.shadowRoot);
    return n;
  };
  return hitung(document);
}
"""


def tunggu_vega_panel(page, minimal: int = 1, batas_ms: float = 20_000) -> int:
    """Wait until at least ``minimal`` Vega charts of a Panel page are drawn (inside shadow roots)."""
    page.wait_for_function(
        f"() => ({_JS_VEGA_PANEL.strip()})() >= {int(minimal)}", timeout=batas_ms
    )
    return int(page.evaluate(_JS_VEGA_PANEL))


@functools.cache
def bench_aplikasi():
    """benchmarks/bench_aplikasi.py as a module: its Bokeh-protocol session client is reused."""
    berkas = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_aplikasi.py"
    spec = importlib.util.spec_from_file_location("bench_aplikasi", berkas)
    modul = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(modul)
    return modul


def jalankan_async(koro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to its end in a thread of its own (with its own event loop): works
    whether or not an event loop runs in this thread (Playwright's sync API keeps one)."""
    with ThreadPoolExecutor(1) as utas:
        return utas.submit(asyncio.run, koro).result()
