"""GET /media/{path}: the pictures of the content folder (a case story's `image`), and only those.

Only image files of a few formats, inside the content folder (no "..", no hidden files, no links out of it),
of a sane size; served with headers that forbid anything but showing them.
"""

from pathlib import Path
from urllib.parse import quote, urlsplit

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse

from kb.api.deps import KB
from kb.api.models import ErrorOut

router = APIRouter()

IMAGE_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".gif": "image/gif", ".webp": "image/webp"}
MAX_IMAGE_BYTES = 10 * 1024 * 1024
_HEADERS = {
    "Cache-Control": "public, max-age=3600",
    "Content-Security-Policy": "default-src 'none'; sandbox",  # nosniff and the rest: kb.api.headers, on every response
}


def content_image(content_dir: Path, path: str) -> Path | None:
    """The image file `path` names inside the content folder, or None when it names anything else."""
    parts = Path(path).parts
    if not parts or Path(path).is_absolute() or any(part in ("..", "") or part.startswith(".") for part in parts):
        return None
    root = content_dir.resolve()
    try:
        file = (root / path).resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if not file.is_relative_to(root) or file.suffix.lower() not in IMAGE_TYPES or not file.is_file():
        return None
    return file if file.stat().st_size <= MAX_IMAGE_BYTES else None


def image_url(image: str | None, content_dir: Path) -> str | None:
    """Where a browser finds an entry's image: its web address, or its address here when the file exists."""
    if not image:
        return None
    if urlsplit(image).scheme in ("http", "https"):
        return image
    return "/media/" + quote(image) if content_image(content_dir, image) else None


@router.get(
    "/media/{path:path}",
    response_class=FileResponse,
    responses={200: {"content": {kind: {} for kind in sorted(set(IMAGE_TYPES.values()))}}, 404: {"model": ErrorOut}},
)
def media(path: str, kb: KB):
    """An image from the content folder (jpg, png, gif, webp)."""
    file = content_image(kb.settings.content_dir, path)
    if file is None:
        raise HTTPException(404, "no image at that address")
    return FileResponse(file, media_type=IMAGE_TYPES[file.suffix.lower()], headers=_HEADERS)
