"""`nuanxin`: the console command. `nuanxin run|demo|import-regions FILE|import-boundaries FILE|tick|<manage cmd>`."""

from __future__ import annotations

import os
import sys

ALIASES = {
    "run": "serve",
    "demo": "demo",
    "import-regions": "import_regions",
    "import-boundaries": "import_boundaries",
}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nuanxin.settings.dev")
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(__doc__)
        print("  nuanxin run [addr:port]      迁移数据库，空库时载入菏泽演示数据，启动服务")
        print("  nuanxin demo [--seed N]      生成菏泽演示数据（确定性）")
        print("  nuanxin import-regions FILE  导入区划文件（code,name,level,parent_code）")
        print("  nuanxin import-boundaries FILE --level L --code-field F [--crs C]")
        print("                               导入区划边界（GeoJSON / zip Shapefile / KML）")
        print("  nuanxin <manage.py 命令>      其他 Django 管理命令")
        return
    args[0] = ALIASES.get(args[0], args[0])
    from django.core.management import execute_from_command_line

    execute_from_command_line(["nuanxin", *args])


if __name__ == "__main__":
    main()
