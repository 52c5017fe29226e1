"""The app's HTML fragments: Jinja2 macros in ``templat/fragmen.html.j2`` with their styles in
``templat/gaya.css``, and the page layout's ``templat/tata_letak.css`` (no Panel import).

Autoescaping is on, so every text that comes from a framework, a results file, the user or a
message is escaped; a macro's output is :class:`markupsafe.Markup` and can be nested in
another macro unescaped. Callers pass numbers already formatted as Indonesian text
(:mod:`analisis.laporan.format`). :func:`teks` renders one macro as a plain ``str`` (what a
Panel HTML pane takes).
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

from jinja2 import Environment, FunctionLoader, StrictUndefined

BERKAS_FRAGMEN = "fragmen.html.j2"


def _baca_templat(nama: str) -> str:
    return (resources.files("analisis.aplikasi") / "templat" / nama).read_text("utf-8")


@cache
def _modul() -> Any:
    """The compiled template module (its macros are attributes); built once per process."""
    env = Environment(
        loader=FunctionLoader(_baca_templat),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
    )
    return env.get_template(BERKAS_FRAGMEN).module


@cache
def gaya(nama: str = "gaya.css") -> str:
    """A stylesheet of ``templat/``: ``gaya.css`` (the fragments; give it to every pane as
    ``stylesheets=[gaya()]``) or ``tata_letak.css`` (the page layout)."""
    return _baca_templat(nama)


def teks(makro: str, *args: Any, **kwargs: Any) -> str:
    """Render macro ``makro`` of the fragments template (escaped HTML as ``str``)."""
    return str(getattr(_modul(), makro)(*args, **kwargs)).strip()
