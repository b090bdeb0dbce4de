"""An :class:`argparse.ArgumentParser` that speaks Chinese: usage, section titles, errors.

argparse's own texts are English; :class:`ChineseArgumentParser` replaces the section titles
(位置参数, 选项), the ``usage:`` prefix (用法：) and the ``-h`` help, and :func:`translate`
turns its error messages into Chinese before they are printed (exit code 2, as argparse).
Nothing here imports pandas: ``kpi-analysis --help`` stays fast.

>>> translate("the following arguments are required: --year")
'缺少必需的参数：--year'
>>> translate("argument --jobs: invalid int value: 'x'")
"参数 --jobs：无效的整数值：'x'"
>>> translate("argument 命令: invalid choice: 'nonsense' (choose from 'extract', 'review')")
"参数 命令：无效的选择 'nonsense'（可选：'extract', 'review'）"
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

TYPE_NAMES = {"int": "整数", "float": "数值", "Path": "路径", "positive_int": "正整数"}

_Replacement = str | Callable[[re.Match[str]], str]
_MESSAGES: tuple[tuple[re.Pattern[str], _Replacement], ...] = tuple(
    (re.compile(pattern, re.S), replacement)
    for pattern, replacement in (
        (r"^the following arguments are required: (.*)$", r"缺少必需的参数：\1"),
        (r"^unrecognized arguments: (.*)$", r"无法识别的参数：\1"),
        (r"^argument (.+?): (.*)$", lambda m: f"参数 {m[1]}：{translate(m[2])}"),
        (r"^invalid choice: (.*?) \(choose from (.*)\)$", r"无效的选择 \1（可选：\2）"),
        (
            r"^invalid (\w+) value: (.*)$",
            lambda m: f"无效的{TYPE_NAMES.get(m[1], m[1])}值：{m[2]}",
        ),
        (r"^expected one argument$", "需要一个值"),
        (r"^expected at least one argument$", "至少需要一个值"),
        (r"^expected at most one argument$", "最多只能有一个值"),
        (r"^expected (\d+) arguments?$", r"需要 \1 个值"),
        (r"^not allowed with argument (.*)$", r"不能与参数 \1 同时使用"),
        (r"^ambiguous option: (.*?) could match (.*)$", r"选项 \1 有歧义，可能是：\2"),
        (r"^one of the arguments (.*) is required$", r"参数 \1 必须给出其中之一"),
        (r"^ignored explicit argument (.*)$", r"此选项不接受值：\1"),
    )
)


def translate(message: str) -> str:
    """argparse's English error message in Chinese (unknown messages are kept as they are)."""
    for pattern, replacement in _MESSAGES:
        if pattern.match(message):
            return pattern.sub(replacement, message, count=1)
    return message


class ChineseHelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Keeps the line breaks of descriptions and examples; ``用法：`` instead of ``usage:``."""

    def add_usage(
        self,
        usage: str | None,
        actions: Sequence[argparse.Action],
        groups: Sequence[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, prefix if prefix is not None else "用法：")


class ChineseArgumentParser(argparse.ArgumentParser):
    """ArgumentParser with Chinese section titles, ``-h`` help and error messages."""

    def __init__(self, *args: object, add_help: bool = True, **kwargs: object) -> None:
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        super().__init__(*args, add_help=False, **kwargs)  # type: ignore[arg-type]
        self._positionals.title = "位置参数"
        self._optionals.title = "选项"
        if add_help:
            self.add_argument(
                "-h", "--help", action="help", default=argparse.SUPPRESS, help="显示此帮助并退出"
            )

    def error(self, message: str) -> NoReturn:
        """Print the usage and the Chinese message on stderr; exit with code 2."""
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：错误：{translate(message)}\n")


class VersionAction(argparse.Action):
    """``--version``: the installed version (importlib.metadata), looked up only when asked."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, **kwargs):
        kwargs.setdefault("help", "显示版本号并退出")
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None) -> None:  # noqa: ANN001
        from kpi_analysis import package_version

        print(f"{parser.prog} {package_version()}")
        parser.exit()
