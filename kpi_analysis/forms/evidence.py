"""Detection by evidence: which column roles a candidate header row names, and whether that is
enough for a reading.

Both form kinds use the same steps. A role function (label → role, by head words) is applied
to every label cell of a row (:func:`row_roles`, :func:`read_roles`); a :class:`Requirement`
(groups of alternative roles, one of each needed) says whether the roles found make a header
(:meth:`Requirement.met`), scores candidate rows so the best reading is taken
(:meth:`Requirement.score`, :func:`best_reading`), and words the finding for a row or a table
that falls short (:meth:`Requirement.shortfall`: "表头只识别出 …，缺少 …").

A generic class label (指标, 评价指标 — older templates head their class column so) is the 一级
column when another column names the indicator (指标内容, 三级指标 …); spanning two columns it
heads 一级 and 二级.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from kpi_analysis.forms.cells import positions
from kpi_analysis.readers.grid import Cell
from kpi_analysis.text.vocabulary import label_key

RoleOf = Callable[[str | None], str | None]
#: Labels that head the class column of older templates (指标 / 指标内容 / 指标值).
GENERIC_CLASS_LABELS = frozenset({"指标", "评价指标", "考核指标"})
#: Longest label text considered a column label.
MAX_LABEL = 40


@dataclass
class Columns:
    """Column positions of one header row by role, and the header's label cells."""

    roles: dict[str, int] = field(default_factory=dict)
    labels: list[Cell] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # role → printed header text
    #: label cells read by a one-character near match, with the label they were read as
    near: list[tuple[Cell, str]] = field(default_factory=list)

    def first_data_col(self) -> int:
        """The leftmost column of the block's values."""
        return min(self.roles.values())


def row_roles(row: list[Cell], role_of: RoleOf) -> list[tuple[int, Cell, str]]:
    """(column, label cell, role) for every label of ``row`` that names a role, left to right.

    A generic class label (:data:`GENERIC_CLASS_LABELS`) left of another indicator column is
    the 一级 column (and the 二级 column beside it when it spans two columns), unless the row
    names a 一级 column itself. A label repeated in the cell right beside it (an export that
    unmerges a label laid over several columns and prints it in each) names one column.
    """
    claims: list[tuple[int, Cell, str]] = []
    generic: list[tuple[int, Cell]] = []
    before: Cell | None = None
    for col, cell in positions(row):
        repeated = before is not None and cell.text == before.text
        before = cell
        if cell.is_empty or len(cell.text) > MAX_LABEL or repeated:
            continue
        if label_key(cell.text) in GENERIC_CLASS_LABELS:
            generic.append((col, cell))
        role = role_of(cell.text)
        if role is not None:
            claims.append((col, cell, role))
    if not generic:
        return claims
    named = [
        col
        for col, cell, role in claims
        if role == "indicator" and label_key(cell.text) not in GENERIC_CLASS_LABELS
    ]
    claimed = {role for _, _, role in claims}
    if not named or "level1" in claimed:
        return claims
    classes: list[tuple[int, Cell, str]] = []
    free = ["level1"] + ([] if "level2" in claimed else ["level2"])
    for col, cell in generic:
        if col >= named[0]:
            continue
        span = max(cell.col_span, 1)
        for offset in range(min(span, len(free))):
            classes.append((col + offset, cell, free.pop(0)))
    taken = {id(cell) for _, cell, _ in classes}
    kept = [claim for claim in claims if id(claim[1]) not in taken]
    return sorted(kept + classes, key=lambda claim: claim[0])


def read_roles(
    row: list[Cell], role_of: RoleOf, name_of: Callable[[str | None], str] = label_key
) -> Columns:
    """Every role a row's labels name; the first claimant of a role wins, except a block
    label left of every other column (年度预算数(万元) above the line labels, then
    调整后预算数 as the column). ``name_of`` gives the printed name of a column."""
    claims = row_roles(row, role_of)
    if len(claims) > 2:
        first_role = claims[0][2]
        if sum(role == first_role for _, _, role in claims) > 1:
            claims = claims[1:]
    found = Columns()
    for col, cell, role in claims:
        if role not in found.roles:
            found.roles[role] = col
            found.names[role] = name_of(cell.text)
            if all(cell is not c for c in found.labels):
                found.labels.append(cell)
    return found


@dataclass(frozen=True)
class Requirement:
    """What a header must name: one role of each group (the first role of a group names it)."""

    groups: tuple[tuple[str, ...], ...]
    names: Mapping[str, str]

    def met(self, roles: Iterable[str]) -> bool:
        """True when ``roles`` hold one role of every group."""
        have = set(roles)
        return all(have & set(group) for group in self.groups)

    def score(self, roles: Iterable[str]) -> tuple[int, int]:
        """(groups met, roles named): the better candidate reading scores higher."""
        have = set(roles)
        return sum(bool(have & set(group)) for group in self.groups), len(have)

    def shortfall(self, roles: Iterable[str]) -> str:
        """The finding for roles that fall short: "表头只识别出 …，缺少 …"."""
        have = list(dict.fromkeys(roles))
        lack = [
            "或".join(self.names.get(r, r) for r in group)
            for group in self.groups
            if not set(have) & set(group)
        ]
        found = "、".join(self.names.get(r, r) for r in have)
        return f"表头只识别出 {found}，缺少 {'、'.join(lack)}"


def best_reading(
    rows: Sequence[list[Cell]], read: Callable[[list[Cell]], Columns], need: Requirement
) -> Columns | None:
    """The candidate header row with the most evidence (None when no row names a role)."""
    best: Columns | None = None
    best_score = (0, 0)
    for row in rows:
        found = read(row)
        score = need.score(found.roles)
        if score > best_score:
            best, best_score = found, score
    return best


def stack_header(upper: list[Cell], lower: list[Cell]) -> list[Cell]:
    """A header printed over two rows, read as one row: the lower row's labels, and where the
    lower row is blank (or covered by a label merged down from the upper row) the upper
    row's label of that column.

    Group labels of the upper row that stand above lower labels (年度指标值 above 指标性质 |
    指标值 | 度量单位) give way to them; labels that span both rows (实际完成值, 分值, 得分)
    and a group label above a blank sub-column keep their place.
    """
    above: dict[int, Cell] = {}
    for col, cell in positions(upper):
        if not cell.is_empty:
            for c in range(col, col + max(cell.col_span, 1)):
                above[c] = cell
    out: list[Cell] = []
    for col, cell in positions(lower):
        top = above.get(col)
        if cell.is_empty and top is not None:
            out.append(top._replace(col_span=max(cell.col_span, 1), row_span=1))
        else:
            out.append(cell)
    return out
