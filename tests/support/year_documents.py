"""2022 and 2023 target documents for the tracking tests, made by editing the 2021 text export.

Each copy renames （2021年度） to its year, and:

* project 2 (机构编制实名制网上业务办理及控编减编督查工作), annual target of 实名制系统培训:
  不少于1次 (2021) → 不少于2次 (2022) → 不少于3次 (2023); mid-term 不少于3次 throughout;
* project 1 (机构编制管理及编制周转池改革工作), mid-term table of 2022: the target of 指标2
  (周转池编制) 2280名 → 2300名, the 经济效益 row 指标2 实现编制使用效率的最大化 emptied
  (dropped), a 质量指标 row 指标3 开展机构编制政策培训 ≥6次 added. 2023's mid-term table is
  2021's again (so against 2022: 2280名 back, 指标3 dropped, 实现编制使用效率的最大化 added).
"""

from __future__ import annotations

from pathlib import Path

TRAINING_2021 = "\t 指标1：实名制系统培训\n\t不少于1次\n"  # the annual side (mid-term: 3次)
ADDED_ROW = "\t\n\t\n\t\n\t 指标3：开展机构编制政策培训\n\t≥6次\n\t\n\t\n\t\n\t\n\t\n\n"


def _once(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def _for_year(text: str, year: int) -> str:
    return text.replace("（2021年度）", f"（{year}年度）")


def write_year_documents(source: Path, folder: Path) -> list[Path]:
    """Write 2021.txt (the source), 2022.txt and 2023.txt into ``folder``."""
    text = source.read_text(encoding="utf-8")
    d22 = _for_year(text, 2022)
    d22 = _once(d22, TRAINING_2021, TRAINING_2021.replace("不少于1次", "不少于2次"))
    d22 = _once(
        d22,
        "全市10家公立医院周转池编制2280名、中小学周转池编制1748名",
        "全市10家公立医院周转池编制2300名、中小学周转池编制1748名",
    )
    d22 = _once(d22, "\t 指标2：实现编制使用效率的最大化\n\t逐步实现\n", "\t\n\t\n")
    anchor = d22.index("\t 指标2：着力解决教育、卫生等民生领域人员编制短缺突出问题\n")
    end = d22.index("\n\n", anchor) + 2
    d22 = d22[:end] + ADDED_ROW + d22[end:]
    d23 = _for_year(text, 2023)
    d23 = _once(d23, TRAINING_2021, TRAINING_2021.replace("不少于1次", "不少于3次"))
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, body in (("2021.txt", text), ("2022.txt", d22), ("2023.txt", d23)):
        path = folder / name
        path.write_text(body, encoding="utf-8")
        paths.append(path)
    return paths
