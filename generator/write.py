"""Write the generated tree: the only stage that touches the disk.

Write-if-changed (so ``mkdocs serve`` does not rebuild forever), refuse any
path outside the output root or two pages differing only in case, and remove
files a previous run generated that this run does not.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

KEEP = {".gitignore"}


class UnsafePath(ValueError):
    """A generated path would escape the output folder or collide with another."""


@dataclass(frozen=True)
class WriteStats:
    written: int
    """Files created or changed."""
    unchanged: int
    """Files whose bytes were already right."""
    removed: int
    """Stale files deleted."""


def resolve_output_path(root: Path, rel: str, folders: dict[PurePosixPath, Path] | None = None) -> Path:
    """``root / rel``, refusing absolute paths, ``..`` and anything resolving outside ``root``.

    ``folders`` keeps resolved folders, each checked once, between calls: a
    tree of thousands of files in a few folders then costs one ``lstat`` per
    file (is it a link?), not one per path component."""
    pure = PurePosixPath(rel)
    if pure.is_absolute() or ".." in pure.parts or "\\" in rel or not rel or rel != str(pure):
        raise UnsafePath(f"refusing to write {rel!r}: not a plain relative path")
    folders = {} if folders is None else folders
    top = folders.get(_TOP)
    if top is None:
        top = folders[_TOP] = root.resolve()
    folder = folders.get(pure.parent)
    if folder is None:
        folder = (root / pure.parent).resolve()
        if not folder.is_relative_to(top):
            raise UnsafePath(f"refusing to write {rel!r}: it resolves outside {root}")
        folders[pure.parent] = folder
    target = folder / pure.name
    # The folder is inside the root; only a link at the file itself can leave it.
    if target.is_symlink():
        target = target.resolve()
        if not target.is_relative_to(top):
            raise UnsafePath(f"refusing to write {rel!r}: it resolves outside {root}")
    return target


_TOP = PurePosixPath(".")


def write_tree(root: Path, files: Mapping[str, bytes | str]) -> WriteStats:
    """Make ``root`` hold exactly ``files`` (plus KEEP), touching only what differs."""
    folded: dict[str, str] = {}
    for rel in files:
        other = folded.setdefault(rel.casefold(), rel)
        if other != rel:
            raise UnsafePath(f"refusing to write both {other!r} and {rel!r}: they collide on case-insensitive file systems")
    folders: dict[PurePosixPath, Path] = {}
    targets = {resolve_output_path(root, rel, folders): data for rel, data in files.items()}
    root.mkdir(parents=True, exist_ok=True)
    written = unchanged = removed = 0
    for path, data in targets.items():
        blob = data.encode("utf-8") if isinstance(data, str) else data
        if path.is_file() and path.read_bytes() == blob:
            unchanged += 1
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        # Made afresh and exclusively: a planted link at the scratch name is
        # removed, never followed out of the tree.
        tmp.unlink(missing_ok=True)
        with tmp.open("xb") as f:
            f.write(blob)
        tmp.replace(path)
        written += 1
    wanted = set(targets)
    root_resolved = root.resolve()
    for path in sorted(root_resolved.rglob("*"), reverse=True):
        if path.is_file() and path not in wanted and path.name not in KEEP:
            path.unlink()
            removed += 1
        elif path.is_dir() and not path.is_symlink() and not any(path.iterdir()):
            path.rmdir()
    return WriteStats(written, unchanged, removed)
