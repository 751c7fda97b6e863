"""`nuanxin import-boundaries FILE --level L --code-field NAME [--crs C]`: all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from nuanxin.kernel.coords import CRS_VALUES
from nuanxin.kernel.errors import DomainError
from nuanxin.regions.boundary_files import FileFormatError, read
from nuanxin.regions.boundary_import import IMPORT_LEVELS, BoundaryErrors, import_boundaries


class Command(BaseCommand):
    help = ("导入区划边界（GeoJSON、zip 压缩的 Shapefile 或 KML），按代码字段对应区划；"
            "幂等；任一要素有错则整体不导入")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--level", required=True, choices=[str(v) for v in IMPORT_LEVELS])
        parser.add_argument("--code-field", required=True,
                            help="要素属性中区划代码所在的字段名，如 adcode、code")
        parser.add_argument("--crs", default="wgs84", choices=list(CRS_VALUES),
                            help="文件坐标系：wgs84（默认，天地图/GPS）、gcj02（高德）、bd09（百度）")

    def handle(self, *args: Any, file: Path, level: str, code_field: str, crs: str,
               **options: Any) -> None:
        try:
            features = read(file)
        except OSError as e:
            raise CommandError(f"无法读取文件 {file}：{e}") from None
        except FileFormatError as e:
            raise CommandError(str(e)) from None
        err: Any = self.stderr._out
        with tqdm(total=len(features), desc="检查边界", unit="个",
                  disable=options["verbosity"] == 0, file=err) as bar:
            try:
                result = import_boundaries(features, level=level, code_field=code_field, crs=crs,
                                           progress=bar.update)
            except BoundaryErrors as e:
                bar.close()
                for p in e.problems:
                    self.stderr.write(str(p))
                raise CommandError(f"共{len(e.problems)}个要素有错误，未导入任何边界") from None
            except DomainError as e:
                raise CommandError(e.message) from None
        for p in result.repaired:
            self.stdout.write(self.style.WARNING(str(p)))
        self.stdout.write(self.style.SUCCESS(
            f"完成：新增{result.created}，更新{result.updated}，未变{result.unchanged}，"
            f"修复{len(result.repaired)}"))
