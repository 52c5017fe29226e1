"""Bahasa Indonesia for click's own messages (usage, help headings, parse errors).

click marks its strings for gettext (``_()``/``ngettext()`` bound at import in each module).
:func:`pasang` rebinds those names in click's modules to a small catalogue, so "Usage:",
"Options", "Missing argument …" appear in Indonesian. Strings not in the catalogue fall
back to click's English text.
"""

from __future__ import annotations

import importlib

_TERJEMAHAN: dict[str, str] = {
    "Usage:": "Penggunaan:",
    "Options": "Opsi",
    "Commands": "Perintah",
    "Positional arguments": "Argumen",
    "Show this message and exit.": "Tampilkan bantuan ini lalu keluar.",
    "Show the version and exit.": "Tampilkan versi lalu keluar.",
    "%(prog)s, version %(version)s": "%(prog)s, versi %(version)s",
    "Error: {message}": "Galat: {message}",
    "Try '{command} {option}' for help.": "Coba '{command} {option}' untuk bantuan.",
    "Missing argument": "Argumen tidak diberikan",
    "Missing option": "Opsi tidak diberikan",
    "Missing parameter": "Parameter tidak diberikan",
    "Missing parameter: {param_name}": "Parameter tidak diberikan: {param_name}",
    "Missing {param_type}": "{param_type} tidak diberikan",
    "Missing command.": "Perintah tidak diberikan.",
    "No such command {name!r}.": "Tidak ada perintah {name!r}.",
    "No such option {name!r}.": "Tidak ada opsi {name!r}.",
    "Invalid value for {param_hint}: {message}": "Nilai tidak sah untuk {param_hint}: {message}",
    "Invalid value: {message}": "Nilai tidak sah: {message}",
    "Option {name!r} does not take a value.": "Opsi {name!r} tidak menerima nilai.",
    "Aborted!": "Dibatalkan!",
    "default: {default}": "bawaan: {default}",
    "env var: {var}": "variabel lingkungan: {var}",
    "{value!r} is not a valid {number_type}.": "{value!r} bukan {number_type} yang sah.",
    "{value} is not in the range {range}.": "{value} di luar rentang {range}.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} tidak ada.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} adalah folder.",
    "{name} {filename!r} is a file.": "{name} {filename!r} adalah berkas.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} tidak dapat dibaca.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} tidak dapat ditulisi.",
    "Could not open file {filename!r}: {message}": "Berkas {filename!r} tidak dapat dibuka: {message}",
    "file": "berkas",
    "directory": "folder",
    "path": "jalur",
    "integer": "bilangan bulat",
    "float": "bilangan",
    "Choose from:\n\t{choices}": "Pilih dari:\n\t{choices}",
}

_TERJEMAHAN_JAMAK: dict[str, tuple[str, str]] = {
    "Got unexpected extra argument ({args})": (
        "Argumen tambahan tak terduga ({args})",
        "Argumen tambahan tak terduga ({args})",
    ),
    "Did you mean {possibility}?": (
        "Mungkin maksud Anda {possibility}?",
        "(Mungkin maksud Anda salah satu dari: {possibilities}?)",
    ),
    "Option {name!r} requires an argument.": (
        "Opsi {name!r} memerlukan nilai.",
        "Opsi {name!r} memerlukan {nargs} nilai.",
    ),
    "{value!r} is not {choice}.": (
        "{value!r} bukan {choice}.",
        "{value!r} bukan salah satu dari {choices}.",
    ),
}


def _terjemah(pesan: str) -> str:
    return _TERJEMAHAN.get(pesan, pesan)


def _terjemah_jamak(tunggal: str, jamak: str, n: int) -> str:
    if tunggal in _TERJEMAHAN_JAMAK:
        t, j = _TERJEMAHAN_JAMAK[tunggal]
        return t if n == 1 else j
    return tunggal if n == 1 else jamak


def pasang() -> None:
    """Rebind click's gettext functions to the Indonesian catalogue (idempotent)."""
    for nama in (
        "core",
        "decorators",
        "exceptions",
        "formatting",
        "parser",
        "types",
        "termui",
        "utils",
    ):
        try:
            modul = importlib.import_module(f"click.{nama}")
        except ImportError:  # pragma: no cover - module layout differs between click versions
            continue
        if hasattr(modul, "_"):
            modul._ = _terjemah  # type: ignore[attr-defined]
        if hasattr(modul, "ngettext"):
            modul.ngettext = _terjemah_jamak  # type: ignore[attr-defined]
