"""Which carrier file is this? Recognised from the content, so one ``shipping import`` takes any
of them: a WorldShip ``.Out`` reply, a WorldShip XML shipment export, or a post-ship CSV export
that one of the column maps identifies."""

from __future__ import annotations

from aimsi_ebay.errors import InputError
from aimsi_ebay.formats.carriers import worldship_export, worldship_xml
from aimsi_ebay.formats.carriers.packages import CarrierFile
from aimsi_ebay.formats.carriers.post_ship_csv import DEFAULT_MAPS, ColumnMap, read_post_ship


def read_carrier_file(name: str, data: bytes,
                      maps: dict[str, ColumnMap] | None = None) -> CarrierFile:
    """Read any carrier file. CSV files go through the first of ``maps`` (default: the built-in
    ones) that identifies them; with exactly one map given, that map is used as told."""
    if _blank(data):
        raise InputError("the file is empty", file=name)
    if worldship_xml.identify(data):
        return worldship_xml.read_out(name, data)
    if worldship_export.identify(data):
        return worldship_export.read_export(name, data)
    if _looks_like_xml(data):
        raise InputError("an XML file that is neither a WorldShip auto-import reply (.Out) nor"
                         " a WorldShip shipment export", file=name)
    maps = DEFAULT_MAPS if maps is None else maps
    if len(maps) == 1:
        return read_post_ship(name, data, next(iter(maps.values())))
    for column_map in maps.values():
        if column_map.identify(data):
            return read_post_ship(name, data, column_map)
    raise InputError(f"no column map fits this file (tried {', '.join(maps) or 'none'});"
                     " choose one with --map or add one", file=name)


_FILLER = b"\x00\r\n\t \xef\xbb\xbf\xff\xfe"  # what an empty export may still hold


def _blank(data: bytes) -> bool:
    """Nothing but filler: the first 4 KiB decide for any real file (stripping the whole of a
    6 MB export to find out copied it, 2 % of the import's CPU)."""
    return not data[:4096].strip(_FILLER) and not data.strip(_FILLER)


def _looks_like_xml(data: bytes) -> bool:
    head = data[:512].replace(b"\x00", b"").lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n")
    return head.startswith(b"<")
