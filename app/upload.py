"""Dataset files uploaded to `POST /loads`, unpacked into a temporary dataset folder.

A zip of a dataset folder (its files at the top, or in one folder at the top, whose name is
then the dataset's) and/or loose files named as in docs/data-format.md (`parks.csv`,
`links.jsonl`, a workbook `.xlsx`). Only those suffixes are written; other entries of a zip
(a README, `__MACOSX/`) are skipped. Names are reduced to plain file names: an entry that
climbs out of its folder (`../x.csv`, an absolute path) or sits in a sub-folder is refused,
and so is the same file name twice or more unpacked bytes than the limit (a zip bomb).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO

from schema.errors import BadUserInput

DATASET_SUFFIXES = (".csv", ".jsonl", ".xlsx")
DATASET_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
CHUNK = 1 << 16


@dataclass
class Unpacked:
    """What the upload put in the folder, and the dataset name it suggests (a zip's folder
    or file stem)."""

    files: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    suggested_name: str | None = None
    size: int = 0


def _copy(source: IO[bytes], target: Path, unpacked: Unpacked, max_bytes: int) -> None:
    with target.open("wb") as out:
        while chunk := source.read(CHUNK):
            unpacked.size += len(chunk)
            if unpacked.size > max_bytes:
                raise BadUserInput(f"the uploaded files hold more than {max_bytes} bytes "
                                   "unpacked (settings.load_max_unpacked_bytes); split the load")
            out.write(chunk)


def _add(folder: Path, name: str, source: IO[bytes], unpacked: Unpacked, max_bytes: int) -> None:
    if not name.lower().endswith(DATASET_SUFFIXES):
        unpacked.skipped.append(name)
        return
    if name in unpacked.files:
        raise BadUserInput(f"{name} is uploaded twice; send each dataset file once")
    _copy(source, folder / name, unpacked, max_bytes)
    unpacked.files.append(name)


def _entry_name(entry: str, top: str | None) -> str | None:
    """The file name of a zip entry (None: skipped), after the shared top folder `top`."""
    path = PurePosixPath(entry.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts:
        raise BadUserInput(f"zip entry {entry!r} points outside the dataset folder")
    parts = path.parts[1:] if top is not None else path.parts
    if not parts or parts[0] == "__MACOSX" or parts[-1].startswith("."):
        return None
    if len(parts) > 1:
        raise BadUserInput(f"zip entry {entry!r} is in a sub-folder; a dataset is one folder "
                           "of files (docs/data-format.md)")
    return parts[0]


def _top_folder(names: list[str]) -> str | None:
    """The one folder every file of the zip is in, if there is one."""
    files = [PurePosixPath(n.replace("\\", "/")) for n in names if not n.endswith("/")]
    files = [f for f in files if f.parts and f.parts[0] != "__MACOSX"]
    tops = {f.parts[0] for f in files}
    if len(tops) == 1 and all(len(f.parts) > 1 for f in files):
        return tops.pop()
    return None


def _unzip(folder: Path, filename: str, source: IO[bytes], unpacked: Unpacked,
           max_bytes: int) -> None:
    try:
        archive = zipfile.ZipFile(source)
    except zipfile.BadZipFile as e:
        raise BadUserInput(f"{filename} is not a readable zip file: {e}") from e
    with archive:
        top = _top_folder(archive.namelist())
        unpacked.suggested_name = unpacked.suggested_name or top or Path(filename).stem
        for info in archive.infolist():
            if info.is_dir():
                continue
            name = _entry_name(info.filename, top)
            if name is None:
                continue
            with archive.open(info) as member:
                _add(folder, name, member, unpacked, max_bytes)


def unpack(folder: Path, uploads: Sequence[tuple[str, IO[bytes]]], max_bytes: int) -> Unpacked:
    """Write the uploads (file name, content) into `folder` as one dataset folder."""
    unpacked = Unpacked()
    for filename, source in uploads:
        name = PurePosixPath((filename or "").replace("\\", "/")).name
        if not name:
            raise BadUserInput("an uploaded file has no name; name it as in "
                               "docs/data-format.md (parks.csv, …) or send a .zip")
        if name.lower().endswith(".zip"):
            _unzip(folder, name, source, unpacked, max_bytes)
        else:
            _add(folder, name, source, unpacked, max_bytes)
    if not unpacked.files:
        skipped = f" (skipped: {', '.join(unpacked.skipped[:10])})" if unpacked.skipped else ""
        raise BadUserInput("no dataset file was uploaded: send .csv, .jsonl or .xlsx files "
                           f"named as in docs/data-format.md, or a .zip of them{skipped}")
    return unpacked


def dataset_name(given: str | None, unpacked: Unpacked) -> str:
    """The dataset's name (its `source`, as a folder's name is for the CLI): the one given,
    else the zip's folder or stem when that is a valid name, else `upload`."""
    if given:
        if not DATASET_NAME.match(given):
            raise BadUserInput(f"name: {given!r} is not a dataset name (letters, digits, '.', "
                               "'_', '-'; at most 100 characters)")
        return given
    suggested = unpacked.suggested_name
    return suggested if suggested and DATASET_NAME.match(suggested) else "upload"
