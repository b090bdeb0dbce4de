"""Paragraphs outside the tables that are context, not content, and where a paragraph is.

Titles, year lines, unit lines (``单位：万元``), notes (``注：…``) and page furniture (page
numbers, publishing dates, ``附件1``) frame a form; they are accounted as ``context`` in
``Dataset.cells``. Any other paragraph that no reader placed is content and is reported.
"""

from __future__ import annotations

import re

from kpi_analysis.readers.grid import Source
from kpi_analysis.text.money import MONEY_UNIT, unit_line

#: Longest text taken for a title.
MAX_TITLE = 40

#: A unit line the readers apply (``单位：万元``, 元, 千元, 亿元, alone on its line; whitespace is
#: removed first: :func:`~kpi_analysis.text.money.unit_line`). Any other unit line (a unit with
#: a date after it) is content and is reported.
NOTE = re.compile(r"^(?:注|备注|附注|说明|填表说明|填报说明)\s*\d*\s*[:：]")
YEAR_LINE = re.compile(r"^[（(]?\s*\d{4}\s*[-—至~]?\s*(?:\d{4})?\s*年度?\s*[）)]?$")
PAGE_NUMBER = re.compile(
    r"^[-—–－\s]*(?:第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|\d+)[-—–－\s]*$"
)
#: Page furniture. Field labels (填报单位, 单位名称 …) are not: their values are content.
FURNITURE = re.compile(
    r"^(?:(?:发布|公开|印发|打印|填报|制表)(?:日期|时间)\s*[:：]|(?:来源|信息来源|字号)\s*[:：]|"
    r"附件\s*\d*\s*[:：]?$|附表\s*\d*)"
)
#: An amount in a note: digits followed by a money unit.
AMOUNT = re.compile(rf"\d[\d,.，]*\s*(?:{MONEY_UNIT})")
#: Sentence punctuation: a title has none of it.
SENTENCE = re.compile(r"[。；;，,！!？?：:]")
TITLE_END = re.compile(r"(?:表|情况|目标|公开|汇总|清单|报告|说明|申报|批复|一览|附件\d*)$")


def context_kind(text: str) -> str | None:
    """What framing a paragraph's ``text`` is (Chinese, for a reader), or None for content.

    >>> context_kind("宿州市委编办2021年项目及绩效目标情况")
    '标题'
    >>> context_kind("单位：万元"), context_kind("注：以上为第一个项目。")
    ('单位', '注释')
    >>> context_kind("— 3 —"), context_kind("（2021年度）")
    ('页眉页脚', '标题')
    >>> context_kind("该项目年中追加资金10万元，用于购置设备。") is None
    True
    >>> context_kind("说明：本项目年中追加资金10万元"), context_kind("单位：千元")
    (None, '单位')
    >>> context_kind("填报单位：某局") is None
    True
    """
    bare = re.sub(r"\s+", "", text)
    if not bare:
        return None
    if unit_line(bare):
        return "单位"
    if NOTE.match(bare) and not AMOUNT.search(NOTE.sub("", bare)):
        return "注释"  # a note stating an amount (追加资金10万元) is content
    if PAGE_NUMBER.match(bare) or FURNITURE.match(bare):
        return "页眉页脚"
    if YEAR_LINE.match(bare):
        return "标题"
    body = bare.rstrip("。.")
    if len(body) <= MAX_TITLE and not SENTENCE.search(body) and TITLE_END.search(body):
        return "标题"
    return None


def paragraph_place(source: Source) -> str:
    """Where a paragraph is, in words: ``表.docx 第 3 段`` (with the page of a PDF).

    >>> paragraph_place(Source("表.pdf", line=7, page=2))
    '表.pdf 第 2 页第 7 段'
    >>> paragraph_place(Source("表.xlsx", row=3, col=1, sheet="表1", address="A3"))
    '表.xlsx 表1!A3'
    """
    if source.line is None:
        cell = f"{source.sheet}!{source.address}" if source.address else str(source)
        return f"{source.file} {cell}"
    page = f"第 {source.page} 页" if source.page is not None else ""
    return f"{source.file} {page}第 {source.line} 段"
