"""Small Panel building blocks shared by the page (:mod:`halaman`), its sidebar
(:mod:`samping`) and its drill-down (:mod:`rinci`)."""

from __future__ import annotations

from typing import Any

import panel as pn
import param

from analisis.aplikasi.fragmen import gaya

KELAS_ABU = "abu-abu"
"""CSS class (``templat/gaya.css``) of the table and the map while the weights are invalid."""


def tata_letak() -> str:
    """The layout stylesheet (``templat/tata_letak.css``)."""
    return gaya("tata_letak.css")


def html(isi: str = "", **kw: Any) -> pn.pane.HTML:
    """An HTML pane styled for the fragments, as wide as its container."""
    return pn.pane.HTML(isi, sizing_mode="stretch_width", stylesheets=[gaya()], **kw)


def baris_lentur(*objek: Any) -> pn.Row:
    """A row that wraps its items on a narrow screen (a plain Row with ``flex-wrap``: cheaper per
    session than Panel's FlexBox, a ReactiveHTML component)."""
    return pn.Row(
        *objek,
        sizing_mode="stretch_width",
        margin=0,
        css_classes=["baris-lentur"],
        stylesheets=[tata_letak()],
    )


def atur_slider(s: pn.widgets.FloatSlider, nilai: float) -> None:
    """Set a slider from Python, its ``value_throttled`` too: Panel keeps that one at what the
    browser last sent, so a later drag back to that value would send no change at all."""
    with param.edit_constant(s):
        s.param.update(value=nilai, value_throttled=nilai)


def tandai_abu(objek: Any, abu: bool) -> None:
    """Grey a component out (or back) with :data:`KELAS_ABU`."""
    kelas = [k for k in objek.css_classes if k != KELAS_ABU] + ([KELAS_ABU] if abu else [])
    if kelas != objek.css_classes:
        objek.css_classes = kelas
