"""`python -m tools.build_demo [--site-dir DIR] [--expected FILE]`: regenerate the demo portal.

Without options it replaces the committed govpatrol/demo/site/ and govpatrol/demo/expected.json.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

if not __package__:  # run as a file (python tools/build_demo/__main__.py): import from the root
    ROOT = Path(__file__).resolve().parents[2]
    sys.path[0] = str(ROOT)  # not this folder: its module names must not shadow the stdlib

from govpatrol.demo import EXPECTED_PATH, SITE_DIR  # noqa: E402
from tools.build_demo.build import write  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tools.build_demo",
                                     description="生成示例网站（江河市人民政府）及其标准答案")
    parser.add_argument("--site-dir", type=Path, default=SITE_DIR, help="网站文件目录")
    parser.add_argument("--expected", type=Path, default=EXPECTED_PATH,
                        help="标准答案 expected.json 的路径")
    args = parser.parse_args(argv)
    truth = write(args.site_dir, args.expected)
    items = sum(len(c["items"]) for c in truth["columns"])
    print(f"已生成示例网站 {args.site_dir}：{len(truth['pages'])} 个页面，"
          f"{len(truth['columns'])} 个栏目，{items} 条信息，{len(truth['planted'])} 个预置问题")
    print(f"ground truth: {args.expected}")


if __name__ == "__main__":
    main()
