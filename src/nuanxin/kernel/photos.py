"""Photo intake: check the content, refuse bombs, read GPS, store clean resized copies.

Everything is checked in memory first; files are written only when every photo passed,
so a refused upload stores nothing.
"""

from __future__ import annotations

import io
import uuid
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from nuanxin.kernel.errors import DomainError

MAX_PHOTOS = 9
MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # 40 MP: any real phone camera, far below a decompression bomb
MAX_SIDE = 1600
THUMB_SIDE = 320
ALLOWED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "MPO": "JPEG"}
GPS_IFD = 0x8825

# Pillow's own guard: a larger image raises DecompressionBombError when opened.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

# ISO-BMFF brands of HEIC/HEIF (what iPhones send by default). Pillow cannot read them
# without pillow-heif; we refuse them by their magic bytes with a message that says what to do.
HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs",
               b"mif1", b"msf1"}
HEIC_MESSAGE = "不支持该图片格式（HEIC），请在相机设置中选择兼容格式"


def is_heif(data: bytes) -> bool:
    """An ISO-BMFF `ftyp` box naming a HEIF brand, as major or compatible brand."""
    if len(data) < 16 or data[4:8] != b"ftyp":
        return False
    box_size = int.from_bytes(data[0:4], "big")
    brands = data[8:12] + data[16:max(16, min(box_size, 64))]
    return any(brands[i:i + 4] in HEIF_BRANDS for i in range(0, len(brands) - 3, 4))


@dataclass
class CleanPhoto:
    image: bytes
    thumb: bytes
    width: int
    height: int
    gps: tuple[float, float] | None  # (lng, lat) WGS-84 from EXIF, read before stripping


def _degrees(dms: Any) -> float:
    """EXIF (degrees, minutes, seconds) rationals -> decimal degrees."""
    return _ratio(dms[0]) + _ratio(dms[1]) / 60 + _ratio(dms[2]) / 3600


def _ratio(value: object) -> float:
    if isinstance(value, tuple) and len(value) == 2:
        return float(value[0]) / float(value[1]) if value[1] else 0.0
    return float(value)  # type: ignore[arg-type]


def read_gps(img: Image.Image) -> tuple[float, float] | None:
    """(lng, lat) from the EXIF GPS block, or None."""
    try:
        gps = img.getexif().get_ifd(GPS_IFD)
    except Exception:
        return None
    try:
        lat_ref, lat, lng_ref, lng = gps.get(1), gps.get(2), gps.get(3), gps.get(4)
        if not (lat and lng):
            return None
        la, lo = _degrees(lat), _degrees(lng)
    except (TypeError, ValueError, ZeroDivisionError, IndexError):
        return None
    if str(lat_ref).upper().startswith("S"):
        la = -la
    if str(lng_ref).upper().startswith("W"):
        lo = -lo
    if not (-90 <= la <= 90 and -180 <= lo <= 180) or (la == 0 and lo == 0):
        return None
    return round(lo, 7), round(la, 7)


def clean_photo(data: bytes, index: int = 1) -> CleanPhoto:
    """Validate one upload and return EXIF-free JPEG copies; raise DomainError if refused."""
    label = f"第{index}张照片"
    if len(data) == 0:
        raise DomainError(f"{label}是空文件", field="photos")
    if len(data) > MAX_BYTES:
        raise DomainError(f"{label}超过10MB，请压缩后再传", field="photos")
    if is_heif(data):
        raise DomainError(f"{label}：{HEIC_MESSAGE}", field="photos")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data))
            fmt = img.format or ""
            if fmt not in ALLOWED_FORMATS:
                raise DomainError(f"{label}不是支持的图片格式（仅支持 JPEG、PNG、WebP）",
                                  field="photos")
            w, h = img.size
            if w * h > MAX_PIXELS or w > 20_000 or h > 20_000:
                raise DomainError(f"{label}像素过大（超过4000万像素），已拒收", field="photos")
            gps = read_gps(img)
            img.load()
    except DomainError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise DomainError(f"{label}像素过大（疑似解压炸弹），已拒收", field="photos") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise DomainError(f"{label}无法识别为图片（内容已损坏或不是图片）", field="photos") from None
    upright: Image.Image = ImageOps.exif_transpose(img) or img
    rgb = _in_srgb(upright)
    rgb.thumbnail((MAX_SIDE, MAX_SIDE))
    clean = bare_pixels(rgb)
    main = io.BytesIO()
    clean.save(main, "JPEG", quality=85, optimize=True)
    thumb_img = clean.copy()
    thumb_img.thumbnail((THUMB_SIDE, THUMB_SIDE))
    thumb = io.BytesIO()
    thumb_img.save(thumb, "JPEG", quality=80)
    return CleanPhoto(main.getvalue(), thumb.getvalue(), clean.width, clean.height, gps)


def _in_srgb(img: Image.Image) -> Image.Image:
    """RGB pixels; an embedded colour profile (e.g. Display P3) is applied, then dropped."""
    icc = img.info.get("icc_profile")
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            converted = ImageCms.profileToProfile(
                img.convert("RGB"), source, ImageCms.createProfile("sRGB"), outputMode="RGB")
            if converted is not None:
                return converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: keep the pixels as they are
    return img.convert("RGB")


def bare_pixels(img: Image.Image) -> Image.Image:
    """A new image with only the pixels: no EXIF, XMP, ICC profile or JPEG comment.

    Pillow carries `info` (comment, xmp, icc_profile, exif) through convert() and writes some
    of it back on save, so the copy starts from the raw bytes instead.
    """
    return Image.frombytes("RGB", img.size, img.tobytes())


def clean_all(files: list[bytes]) -> list[CleanPhoto]:
    if len(files) > MAX_PHOTOS:
        raise DomainError(f"最多上传{MAX_PHOTOS}张照片", field="photos")
    return [clean_photo(data, i) for i, data in enumerate(files, start=1)]


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def store(photo: CleanPhoto) -> tuple[str, str]:
    """Write the two copies under MEDIA_ROOT/reports/YYYY/MM/; returns relative paths."""
    now = timezone.localtime()
    folder = Path("reports") / f"{now:%Y}" / f"{now:%m}"
    (media_root() / folder).mkdir(parents=True, exist_ok=True)
    name = uuid.uuid4().hex
    image_rel, thumb_rel = folder / f"{name}.jpg", folder / f"{name}_t.jpg"
    (media_root() / image_rel).write_bytes(photo.image)
    (media_root() / thumb_rel).write_bytes(photo.thumb)
    return str(image_rel), str(thumb_rel)


def remove(paths: list[str]) -> None:
    for rel in paths:
        (media_root() / rel).unlink(missing_ok=True)
