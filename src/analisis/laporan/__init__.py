"""Report helpers: Indonesian formatting, charts and offline HTML export.

Submodules are imported explicitly (``from analisis.laporan import format``) so that
formatting code does not pay for importing HoloViews/nbconvert.
"""
