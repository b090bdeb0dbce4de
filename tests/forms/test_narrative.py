"""Narrative paragraphs before each table."""

from __future__ import annotations

from kpi_analysis.forms.narrative import interpret_narrative, parse_amount_wan, parse_dates
from kpi_analysis.forms.recorder import Recorder
from kpi_analysis.readers.grid import Paragraph, Source


def _paragraphs(*texts: str) -> list[Paragraph]:
    return [Paragraph(t, Source("a.txt", line=i)) for i, t in enumerate(texts, start=1)]


def test_heading_items_and_wrapped_lines() -> None:
    rec = Recorder()
    narrative = interpret_narrative(
        _paragraphs(
            "2.“示例工作”项目。",
            "（2）立项依据：《关于某事的",
            "通知》（某〔2020〕1号）。",
            "（3）起止时间：2021年1月1日至2023年12月31日。",
            "（5）年度预算安排：11万元。",
        ),
        rec,
    )
    assert (narrative.project_no, narrative.name) == (2, "示例工作")
    assert narrative.fields["basis"] == "《关于某事的通知》（某〔2020〕1号）。"
    assert (narrative.start, narrative.end) == ("2021-01-01", "2023-12-31")
    assert narrative.annual_budget_wan == 11
    assert rec.findings == []


def test_unknown_paragraph_is_reported_not_dropped() -> None:
    rec = Recorder()
    interpret_narrative(_paragraphs("某单位2021年项目情况", "本项目由两个科室共同实施。"), rec)
    assert [(f["code"], f["text"]) for f in rec.findings] == [
        ("paragraph_not_used", "本项目由两个科室共同实施。")
    ]
    assert rec.findings[0]["message"].startswith("a.txt 第 2 段：")
    roles = {source.line: role for source, (role, _) in rec.roles.items()}
    assert roles == {1: "context", 2: "reported"}  # a title is context


def test_amounts_and_dates() -> None:
    assert parse_amount_wan("250万") == 250
    assert parse_amount_wan("20000元") == 2
    assert parse_amount_wan("无") is None
    assert parse_amount_wan("-5") == -5
    assert parse_dates("2021.7.1-2022.6.30") == ("2021-07-01", "2022-06-30")
    assert parse_dates("长期") == (None, None)
