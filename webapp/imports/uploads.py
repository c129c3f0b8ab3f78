"""Uploaded CSV files kept between the preview and the confirmed import.

An upload is stored as ``instance/uploads/<random id>.csv`` with a small JSON file
beside it (original name, kind, checksum, uploader). The confirm form sends back only
the random id and the checksum, so a client can never point the importer at another
path or at a file other than the one it previewed. Confirming *takes* the upload
(an atomic rename), so a double click cannot start two imports of one file.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import BinaryIO

UPLOAD_ID = re.compile(r"^[A-Za-z0-9_-]{22}$")
CHECKSUM = re.compile(r"^[0-9a-f]{64}$")
CHUNK = 1 << 16
KEEP_SECONDS = 24 * 3600  # an upload nobody confirmed within a day is deleted


@dataclass(frozen=True)
class StoredUpload:
    """An uploaded file on disk and what we know about it."""

    id: str
    file_name: str
    kind: str
    checksum: str
    size: int
    user_id: int

    def path(self, instance_path: str) -> Path:
        return upload_folder(instance_path) / f"{self.id}.csv"


def upload_folder(instance_path: str) -> Path:
    folder = Path(instance_path) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _meta_path(instance_path: str, upload_id: str, taken: bool = False) -> Path:
    return upload_folder(instance_path) / f"{upload_id}.{'taken' if taken else 'json'}"


def clean_file_name(name: str | None) -> str:
    """The uploaded file's base name, for display only (never used as a path)."""
    base = re.split(r"[\\/]", name or "")[-1].strip()
    return "".join(ch for ch in base if ch.isprintable())[:200] or "upload.csv"


def save_upload(
    instance_path: str, stream: BinaryIO, *, file_name: str, kind: str, user_id: int
) -> StoredUpload:
    """Copy ``stream`` to a new random file name, computing its checksum on the way."""
    sweep(instance_path)
    upload_id = secrets.token_urlsafe(16)
    digest = hashlib.sha256()
    size = 0
    target = upload_folder(instance_path) / f"{upload_id}.csv"
    with target.open("xb") as out:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    upload = StoredUpload(
        id=upload_id,
        file_name=clean_file_name(file_name),
        kind=kind,
        checksum=digest.hexdigest(),
        size=size,
        user_id=user_id,
    )
    _meta_path(instance_path, upload_id).write_text(json.dumps(asdict(upload)), encoding="utf-8")
    return upload


def _read_meta(path: Path) -> StoredUpload | None:
    try:
        return StoredUpload(**json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def take_upload(
    instance_path: str, upload_id: str, checksum: str, user_id: int
) -> StoredUpload | None:
    """The upload ``upload_id`` of ``user_id`` with this checksum, taken for one import.

    None when the id or checksum is malformed, the upload is gone or someone else's,
    or the file on disk no longer has the checksum the preview showed.
    """
    if not UPLOAD_ID.match(upload_id) or not CHECKSUM.match(checksum):
        return None
    meta = _meta_path(instance_path, upload_id)
    upload = _read_meta(meta)
    if upload is None or upload.user_id != user_id or upload.checksum != checksum:
        return None
    if file_checksum(upload.path(instance_path)) != checksum:
        return None
    try:
        meta.rename(_meta_path(instance_path, upload_id, taken=True))
    except FileNotFoundError:
        return None  # another request took it a moment ago
    return upload


def file_checksum(path: Path) -> str | None:
    """The sha256 of a file, or None when it cannot be read."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def discard(instance_path: str, upload_id: str) -> None:
    """Delete an upload and its notes (whatever state they are in)."""
    if not UPLOAD_ID.match(upload_id):
        return
    for suffix in ("csv", "json", "taken"):
        (upload_folder(instance_path) / f"{upload_id}.{suffix}").unlink(missing_ok=True)


def sweep(instance_path: str, keep_seconds: int = KEEP_SECONDS) -> None:
    """Delete uploads older than ``keep_seconds`` that were never confirmed."""
    cutoff = time.time() - keep_seconds
    # Taken uploads normally go when their job ends; one left over is from a dead worker.
    for path in [
        *upload_folder(instance_path).glob("*.json"),
        *upload_folder(instance_path).glob("*.taken"),
    ]:
        try:
            if path.stat().st_mtime < cutoff:
                discard(instance_path, path.stem)
        except OSError:
            continue


def replace_json(path: Path, document: object) -> None:
    """Write a JSON file atomically: readers see the old or the new file, never half."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    temporary.write_text(json.dumps(document, default=str), encoding="utf-8")
    os.replace(temporary, path)
