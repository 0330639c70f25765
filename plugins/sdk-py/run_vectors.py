#!/usr/bin/env python3
"""Runs a Python plugin natively over a test vectors file — the cases ``jiancha plugin test`` runs against the
built component.

    python3 run_vectors.py <plugin-dir | module.py>[:attr] <vectors.json> [--show]

``plugin-dir``: its module ``plugin.py`` (the one ``app.py`` imports), attribute ``plugin`` (a
``jiancha_plugin.Plugin``). The SDK beside this script is put on the path; the componentize-py bindings are not
needed. ``--show`` prints every finding. Exits 1 listing the failing cases, 2 on a usage or input error.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from jiancha_plugin import Plugin  # noqa: E402
from jiancha_plugin.testing import run_vectors  # noqa: E402

USAGE = "用法 / usage: python3 run_vectors.py <plugin-dir | module.py>[:attr] <vectors.json> [--show]"


def usage(msg: str) -> None:
    print(f"{msg}\n{USAGE}", file=sys.stderr)
    sys.exit(2)


def load(spec: str) -> Plugin:
    path_text, _, attr = spec.partition(":") if not Path(spec).exists() else (spec, "", "")
    path = Path(path_text).resolve()
    module_path = path / "plugin.py" if path.is_dir() else path
    if not module_path.is_file():
        usage(f"找不到插件模块 {module_path} / plugin module not found: {module_path}")
    sys.path.insert(0, str(module_path.parent))
    loaded = importlib.util.spec_from_file_location(module_path.stem, module_path)
    assert loaded is not None and loaded.loader is not None
    module = importlib.util.module_from_spec(loaded)
    sys.modules[module_path.stem] = module
    loaded.loader.exec_module(module)
    name = attr or "plugin"
    plugin = getattr(module, name, None)
    if not isinstance(plugin, Plugin):
        usage(f"{module_path} 中没有 jiancha_plugin.Plugin `{name}`（define_plugin）/ no jiancha_plugin.Plugin `{name}` (define_plugin)")
    return plugin  # type: ignore[return-value]


def main() -> int:
    args = [a for a in sys.argv[1:] if a != "--show"]
    show = "--show" in sys.argv[1:]
    if len(args) != 2:
        usage("缺少参数 / missing arguments")
    plugin = load(args[0])
    try:
        text = Path(args[1]).read_text(encoding="utf-8")
        report = run_vectors(plugin, text)
    except (OSError, ValueError, KeyError) as e:
        usage(f"无法运行测试向量 / cannot run the vectors: {e}")
        return 2
    if show:
        for c in report.cases:
            print(f"# {c.name}")
            for f in c.findings:
                cites = "; ".join(f"{x.source} {x.article}" for x in f.citations)
                print(f"  {f.rule} [{f.severity}] {f.path}\n    {f.message}\n    {f.message_en}\n    ({cites})")
    for failure in report.failures:
        print(f"失败 / FAIL {failure}", file=sys.stderr)
    print(f"{report.plugin}: {report.passed}/{len(report.cases)} 个用例通过 / cases passed")
    return 0 if not report.failures else 1


if __name__ == "__main__":
    sys.exit(main())
