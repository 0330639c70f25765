"""``safety``: the workplace-safety sample plugin of 磐安县应急管理局, in Python — a port of ``plugins/safety``
(Rust) that passes the same test vectors (``plugins/safety/vectors.json``).

It reads ``sector_data.safety`` of an inspection of a manufacturing (GB/T 4754 section C) enterprise or of one
tagged ``major-hazard``, and checks four things: that an order to suspend production rests on a classified
重大事故隐患 and the art. 65 statement; that a routine on-site inspection covered the checklist that applies to the
enterprise; that 部令10号 situations found were classified as 重大事故隐患; and that the record states what
art. 68 requires. What applies to whom lives in ``safety_data.py``, row by row with its provenance.

An entry that cannot be read (e.g. a string where a count is due) gives only the standard
``plugin.sector-data-invalid`` finding at ``/sector_data/safety``, as in the Rust plugin; its message names the field.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Optional

from jiancha_plugin import (
    TRIGGER_ZH,
    U32,
    Finding,
    Record,
    define_plugin,
    finding,
    is_blank,
    is_inspection,
    is_onsite_inspection,
    plugin_meta,
    rule,
)
from safety_data import CHECKLIST, UNCERTIFIED_OPERATORS, ChecklistItem, Situation, in_force_from, situation

SUSPENSION = "safety.suspension-without-major-hazard"
"""Rule: a suspension order without a qualifying 重大事故隐患 or without the art. 65 statement."""
CHECKLIST_INCOMPLETE = "safety.checklist-incomplete"
"""Rule: a routine on-site inspection missed applicable checklist items."""
MISCLASSIFIED = "safety.major-hazard-misclassified"
"""Rule: a 部令10号 situation found but no hazard classified as major."""
RECORD_INCOMPLETE = "safety.record-incomplete"
"""Rule: the record lacks an element of art. 68."""

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class Hazard:
    """One hazard found."""

    description: str = ""
    """What was found."""
    major: bool = False
    """Classified as 重大事故隐患."""
    standard_article: Optional[str] = None
    """The 判定标准 article cited, or None."""

    def qualifies(self) -> bool:
        """Classified as major and citing a (non-blank) 判定标准 article."""
        return self.major and self.standard_article is not None and not is_blank(self.standard_article)


@dataclass
class RecordElements:
    """The elements of the written record (安全生产法 art. 68); an absent element counts as not stated."""

    place: bool = False
    problems: bool = False
    handling: bool = False
    signatures: bool = False

    def missing(self) -> list[tuple[str, str, str]]:
        """The elements not stated: ``(field, zh, en)``."""
        return [
            (key, zh, en)
            for stated, key, zh, en in (
                (self.place, "place", "检查地点", "place"),
                (self.problems, "problems", "发现的问题", "problems found"),
                (self.handling, "handling", "处理情况", "handling"),
                (self.signatures, "signatures", "检查人员和被检查单位负责人签字", "signatures"),
            )
            if not stated
        ]


@dataclass
class SafetyData:
    """``sector_data.safety`` (public contract, sectors.md). Unknown fields are tolerated, as everywhere in
    ``sector_data``; a misspelt field is therefore read as absent."""

    checked: Optional[list[str]] = None
    """Checklist items covered; None (absent or null): not reported, so coverage is not judged."""
    hazards: list[Hazard] = field(default_factory=list)
    uncertified_special_operators: U32 = 0
    """Special-operation workers found without valid certificates."""
    situations: list[str] = field(default_factory=list)
    """部令10号 situations observed; values not in ``SITUATIONS`` are ignored."""
    cannot_ensure_safety: bool = False
    """The art. 65 statement that safety cannot be ensured while the hazard is removed."""
    record: Optional[RecordElements] = None
    """What the written record states; None: nothing shows it."""


META = (
    plugin_meta("safety", "安全生产检查标准", "磐安县应急管理局", "0.1.0")
    .industries("C")
    .tags("major-hazard")
    .rule(
        rule(SUSPENSION, "violation", "责令停产停业缺少重大事故隐患依据", "suspension without a major accident hazard")
        .cite("aqscf-2021", "art. 65")
        .cite("yjglb-10-2023", "art. 3–13")
    )
    .rule(
        rule(CHECKLIST_INCOMPLETE, "warning", "例行检查未覆盖适用的检查项", "routine inspection missed checklist items")
        .cite("aqscf-2021", "art. 28, 30, 41, 49, 81")
        .cite("tzsbaqf", "art. 33, 40")
        .cite("yjglb-10-2023", "art. 11, 12, 13")
    )
    .rule(
        rule(MISCLASSIFIED, "violation", "应判定为重大事故隐患而未判定", "major accident hazard not classified as such")
        .cite("yjglb-10-2023", "art. 3")
        .cite("yjglb-10-2023", "art. 11")
        .cite("yjglb-10-2023", "art. 12")
        .cite("yjglb-10-2023", "art. 13")
    )
    .rule(
        rule(RECORD_INCOMPLETE, "warning", "检查记录要素不全", "inspection record incomplete").cite("aqscf-2021", "art. 68")
    )
)


def suspension(record: Record, data: SafetyData) -> list[Finding]:
    """One finding per ``suspend`` measure when no hazard is major with a 判定标准 article, or the art. 65
    statement is missing."""
    suspends = [i for i, m in enumerate(record.inspection.get("measures") or []) if m["kind"] == "suspend"]
    if not suspends:
        return []
    zh: list[str] = []
    en: list[str] = []
    if not any(h.qualifies() for h in data.hazards):
        n, majors = len(data.hazards), sum(1 for h in data.hazards if h.major)
        if n == 0:
            zh.append("记录中没有任何隐患")
            en.append("the record lists no hazard")
        elif majors == 0:
            zh.append(f"记录的{n}项隐患均未判定为重大事故隐患")
            en.append(f"none of the {n} hazard(s) recorded is classified as a major accident hazard")
        else:
            zh.append(f"{majors}项重大事故隐患均未引用《工贸企业重大事故隐患判定标准》条款")
            en.append(f"none of the {majors} major hazard(s) cites an article of the 判定标准 (部令10号)")
    if not data.cannot_ensure_safety:
        zh.append("未载明隐患排除前或排除过程中无法保证安全")
        en.append("the record does not state that safety cannot be ensured before or while the hazard is removed")
    if not zh:
        return []
    return [
        finding(
            SUSPENSION,
            f"第{i + 1}项措施为责令停产停业，但{'；'.join(zh)}（安全生产法第六十五条）",
            f"measure {i + 1} orders a suspension, but {'; '.join(en)} (Work Safety Law art. 65)",
        ).at(f"/measures/{i}")
        for i in suspends
    ]


def applicable_items(industry: str, tags: Sequence[str]) -> list[ChecklistItem]:
    """The checklist items that apply to an enterprise."""
    return [item for item in CHECKLIST if item.applies(industry, tags)]


def checklist(record: Record, data: SafetyData) -> list[Finding]:
    """One finding when a routine (plan or random-sampling) on-site inspection did not cover every applicable
    item."""
    insp = record.inspection
    routine = insp["trigger"] in ("plan", "random-sampling")
    checked = data.checked
    if checked is None or not routine or not is_onsite_inspection(insp):
        return []
    e = record.enterprise
    missing = [item for item in applicable_items(e.industry, e.tags) if item.key not in checked]
    if not missing:
        return []
    who = [e.industry, *e.tags]
    f = finding(
        CHECKLIST_INCOMPLETE,
        f"例行现场检查（{TRIGGER_ZH[insp['trigger']]}）未覆盖适用于该企业（{'，'.join(who)}）的{len(missing)}项检查内容："
        + "、".join(f"{i.zh}（{i.key}）" for i in missing),
        f"routine on-site inspection missed {len(missing)} checklist item(s) that apply to this enterprise "
        f"({', '.join(who)}): " + ", ".join(f"{i.en} ({i.key})" for i in missing),
    ).at(record.sector_path("checked"))
    cited: list[tuple[str, str]] = []
    for item in missing:
        if item.basis not in cited:
            cited.append(item.basis)
            f.cite(*item.basis)
    return [f]


def yjglb_in_force(record: Record) -> bool:
    """Whether 部令10号 was in force on the inspection day (facts before 2023-05-15 are not judged under it)."""
    start, day = in_force_from("yjglb-10-2023"), record.policy_date
    return start is None or not _DAY.match(day) or day >= start


def misclassified(record: Record, data: SafetyData) -> list[Finding]:
    """One finding per fact that 部令10号 makes a 重大事故隐患 (uncertified special operators; each distinct known
    situation whose hazard tag the enterprise carries) when no hazard is classified as major."""
    if any(h.major for h in data.hazards) or not yjglb_in_force(record):
        return []
    tags = record.enterprise.tags
    facts: list[tuple[str, Situation, str, str]] = []
    n = data.uncertified_special_operators
    if n > 0:
        facts.append(
            (
                record.sector_path("uncertified_special_operators"),
                UNCERTIFIED_OPERATORS,
                f"发现{n}名特种作业人员未持有效证件上岗",
                f"{n} special-operation worker(s) without valid certificates",
            )
        )
    seen: list[str] = []
    for i, key in enumerate(data.situations):
        s = situation(key)
        if s is None or s.key in seen or (s.tag is not None and s.tag not in tags):
            continue
        seen.append(s.key)
        facts.append(
            (
                record.sector_path("situations", i),
                s,
                f"记录的情形“{s.zh}”（{s.key}）",
                f"situation `{s.key}` ({s.en})",
            )
        )
    return [
        finding(
            MISCLASSIFIED,
            f"{zh}，依《工贸企业重大事故隐患判定标准》{s.article_zh}应判定为重大事故隐患，但记录中没有任何隐患被判定为重大事故隐患",
            f"{en}: a major accident hazard under 部令10号 {s.article}, yet no hazard in the record is classified as major",
        )
        .at(path)
        .cite("yjglb-10-2023", s.article)
        for path, s, zh, en in facts
    ]


def record_incomplete(record: Record, data: SafetyData) -> list[Finding]:
    """One finding when an inspection's record object is absent or lacks an art. 68 element."""
    if not is_inspection(record.inspection):
        return []
    if data.record is None:
        return [
            finding(
                RECORD_INCOMPLETE,
                "sector_data.safety 中没有 record：无法确认检查记录载明地点、发现的问题、处理情况和签字（安全生产法第六十八条）",
                "no `record` in sector_data.safety: nothing shows that the written record states place, problems found, "
                "handling and signatures (Work Safety Law art. 68)",
            ).at(record.sector_path("record"))
        ]
    missing = data.record.missing()
    if not missing:
        return []
    path = record.sector_path("record", missing[0][0]) if len(missing) == 1 else record.sector_path("record")
    return [
        finding(
            RECORD_INCOMPLETE,
            f"检查记录缺少：{'、'.join(m[1] for m in missing)}（安全生产法第六十八条）",
            f"the inspection record lacks: {', '.join(m[2] for m in missing)} (Work Safety Law art. 68)",
        ).at(path)
    ]


def check(record: Record) -> list[Finding]:
    """Findings of one record. A ``sector_data.safety`` that cannot be read makes ``record.read`` raise, which the
    SDK reports as one ``plugin.sector-data-invalid`` finding."""
    data = record.read(SafetyData)
    return [
        *suspension(record, data),
        *checklist(record, data),
        *misclassified(record, data),
        *record_incomplete(record, data),
    ]


plugin = define_plugin(META, check)
