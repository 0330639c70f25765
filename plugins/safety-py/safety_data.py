"""The plugin's data tables, each row with its provenance — the same rows as ``plugins/safety/src/data.rs``.
Nothing the rules decide on is a bare constant in ``plugin.py``: what applies to which enterprise, which situation
counts under which article, and since when.

Status: ``SURE`` — wording seen in a source (or stated as sure in ``shared/domain/sectors.md``); ``PROBABLE`` —
consistent secondary sources or the drafter's recollection of the official text, not checked against it;
``OPEN`` — not confirmed. Rows marked ``OPEN`` are listed so the decision is visible but are **not applied**.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Optional, Union


class Status(Enum):
    """How well a row is established."""

    SURE = "sure"
    """Seen in a source."""
    PROBABLE = "probable"
    """Consistent secondary sources; not checked against the official text."""
    OPEN = "open"
    """Not confirmed; listed, not applied."""


SOURCES: tuple[tuple[str, str, str], ...] = (
    ("aqscf-2021", "中华人民共和国安全生产法（2021年修正）", "2021-09-01"),
    ("yjglb-10-2023", "工贸企业重大事故隐患判定标准（应急管理部令第10号）", "2023-05-15"),
    ("tzsbaqf", "中华人民共和国特种设备安全法", "2014-01-01"),
    ("aqscxkz", "安全生产许可证条例", "2004-01-13"),
)
"""The sources that citations name: key, full title, in force from (YYYY-MM-DD)."""


def in_force_from(source: str) -> Optional[str]:
    """The day a source took effect, if it is in :data:`SOURCES`."""
    return next((d for k, _, d in SOURCES if k == source), None)


@dataclass(frozen=True)
class Prefix:
    """A GB/T 4754-2017 code prefix with its name."""

    code: str
    """Code prefix, e.g. ``C267``."""
    name: str
    """Name in GB/T 4754-2017."""
    status: Status
    """Whether enterprises of this class need the licence."""
    note: str
    """Why."""


@dataclass(frozen=True)
class Routine:
    """Every enterprise the plugin checks (GB/T 4754 section C, or tagged ``major-hazard``)."""


@dataclass(frozen=True)
class Industries:
    """Enterprises whose industry code starts with one of the non-``OPEN`` prefixes."""

    prefixes: Sequence[Prefix]


@dataclass(frozen=True)
class Tag:
    """Enterprises carrying the tag."""

    tag: str


Scope = Union[Routine, Industries, Tag]
"""Which enterprises a checklist item applies to."""


@dataclass(frozen=True)
class ChecklistItem:
    """One item of the safety checklist (``sector_data.safety.checked`` values)."""

    key: str
    """The enum value in ``checked``."""
    zh: str
    en: str
    scope: Scope
    basis: tuple[str, str]
    """``(source, article)`` the item rests on."""
    status: Status
    """How sure the article number is (the item itself is listed as sure in sectors.md)."""

    def applies(self, industry: str, tags: Sequence[str]) -> bool:
        """Whether the item applies to an enterprise of ``industry`` with ``tags`` (one the plugin checks)."""
        scope = self.scope
        if isinstance(scope, Routine):
            return True
        if isinstance(scope, Industries):
            return any(p.status is not Status.OPEN and industry.startswith(p.code) for p in scope.prefixes)
        return any(t == scope.tag for t in tags)


LICENSED_INDUSTRIES: tuple[Prefix, ...] = (
    Prefix("B", "采矿业", Status.SURE, "mines: 条例 art. 2 (sure per sectors.md)"),
    Prefix("E", "建筑业", Status.SURE, "construction: 条例 art. 2 (sure per sectors.md)"),
    Prefix(
        "C267",
        "炸药、火工及焰火产品制造",
        Status.SURE,
        "C2671 炸药及火工产品, C2672 焰火、鞭炮产品 (checked in GB/T 4754-2017 copies; C266 is 专用化学产品制造)",
    ),
    Prefix(
        "C261",
        "基础化学原料制造",
        Status.PROBABLE,
        "inorganic acids/alkalis/salts and organic raw materials: most products are listed hazardous chemicals",
    ),
    Prefix("C263", "农药制造", Status.PROBABLE, "pesticide technical and formulations"),
    Prefix(
        "C264",
        "涂料、油墨、颜料及类似产品制造",
        Status.PROBABLE,
        "solvent-borne paints and inks are listed; water-borne ones often are not",
    ),
    Prefix("C265", "合成材料制造", Status.PROBABLE, "monomers and resin solutions"),
    Prefix("C251", "精炼石油产品制造", Status.PROBABLE, "refined oil products"),
    Prefix("C2521", "炼焦", Status.PROBABLE, "coke-oven gas, crude benzene, tar"),
    Prefix("C262", "肥料制造", Status.OPEN, "only some (e.g. ammonium nitrate)"),
    Prefix("C266", "专用化学产品制造", Status.OPEN, "mixed: reagents, auxiliaries, glue"),
    Prefix("C268", "日用化学产品制造", Status.OPEN, "mostly not; some aerosols, fragrances"),
    Prefix("C2710", "化学药品原料药制造", Status.OPEN, "only where intermediates are listed"),
)
"""GB/T 4754-2017 classes whose producers need a 安全生产许可证 (安全生产许可证条例 art. 2: mines, construction,
hazardous chemicals, fireworks and civil explosives). The licence follows the product (危险化学品目录), not the
class, so this is a heuristic; classes where only some producers make hazardous chemicals stay ``OPEN``."""

CHECKLIST: tuple[ChecklistItem, ...] = (
    ChecklistItem(
        "special-operation-certificates",
        "特种作业人员持证上岗",
        "special-operation certificates",
        Routine(),
        ("aqscf-2021", "art. 30"),
        Status.PROBABLE,
    ),
    ChecklistItem(
        "training-records",
        "安全生产教育培训档案",
        "safety training records",
        Routine(),
        ("aqscf-2021", "art. 28"),
        Status.PROBABLE,
    ),
    ChecklistItem(
        "hazard-ledger",
        "隐患排查治理台账",
        "hazard-investigation ledger",
        Routine(),
        ("aqscf-2021", "art. 41"),
        Status.PROBABLE,
    ),
    ChecklistItem(
        "risk-grading",
        "安全风险分级管控",
        "risk grading and control",
        Routine(),
        ("aqscf-2021", "art. 41"),
        Status.PROBABLE,
    ),
    ChecklistItem(
        "emergency-plan",
        "应急救援预案及演练",
        "emergency plan and drills",
        Routine(),
        ("aqscf-2021", "art. 81"),
        Status.PROBABLE,
    ),
    ChecklistItem(
        "contractor-agreements",
        "承包承租单位安全生产管理协议",
        "contractor and tenant safety agreements",
        Routine(),
        ("aqscf-2021", "art. 49"),
        Status.PROBABLE,
    ),
    ChecklistItem(
        "special-equipment",
        "特种设备使用登记和定期检验",
        "special-equipment registration and inspection",
        Routine(),
        ("tzsbaqf", "art. 33, 40"),
        Status.SURE,
    ),
    ChecklistItem(
        "production-licence",
        "安全生产许可证",
        "work-safety licence",
        Industries(LICENSED_INDUSTRIES),
        ("aqscxkz", "art. 2"),
        Status.PROBABLE,
    ),
    ChecklistItem(
        "dust-explosion",
        "粉尘防爆",
        "dust-explosion prevention",
        Tag("dust-explosion"),
        ("yjglb-10-2023", "art. 11"),
        Status.SURE,
    ),
    ChecklistItem(
        "ammonia-refrigeration",
        "液氨制冷",
        "ammonia refrigeration",
        Tag("ammonia-refrigeration"),
        ("yjglb-10-2023", "art. 12"),
        Status.SURE,
    ),
    ChecklistItem(
        "confined-space",
        "有限空间作业",
        "confined-space work",
        Tag("confined-space"),
        ("yjglb-10-2023", "art. 13"),
        Status.SURE,
    ),
)
"""The checklist. Article numbers of 安全生产法 other than 65/68/97 are the drafter's recollection (``PROBABLE``)."""


@dataclass(frozen=True)
class Situation:
    """A 部令10号 situation (``sector_data.safety.situations`` values) that must be classified as a 重大事故隐患."""

    key: str
    """The enum value in ``situations``."""
    article: str
    """Article and item of 应急管理部令第10号."""
    article_zh: str
    tag: Optional[str]
    """The hazard tag the enterprise must carry for the article to apply; None: every 工贸 enterprise (art. 3)."""
    zh: str
    en: str
    status: Status
    """Sure at article level throughout (sectors.md); this is the status of the item number and wording."""


SITUATIONS: tuple[Situation, ...] = (
    Situation(
        "contractor-not-coordinated",
        "art. 3 (1)",
        "第三条第（一）项",
        None,
        "未对承包单位、承租单位的安全生产工作统一协调、管理或定期安全检查",
        "contractors/tenants not coordinated, managed or regularly checked",
        Status.PROBABLE,
    ),
    Situation(
        "dust-zone-unsafe-building",
        "art. 11 (1)",
        "第十一条第（一）项",
        "dust-explosion",
        "粉尘爆炸危险场所设在非框架结构多层建筑内或场所内设有人员聚集场所",
        "dust-explosion zone in a non-frame multi-storey building or with rooms where people gather",
        Status.SURE,
    ),
    Situation(
        "dust-shared-collector",
        "art. 11 (2)",
        "第十一条第（二）项",
        "dust-explosion",
        "不同类别可燃性粉尘或不同建筑、防火分区共用一套除尘系统",
        "one dust-collection system shared across dust types, buildings or fire compartments",
        Status.SURE,
    ),
    Situation(
        "dust-collector-no-venting",
        "art. 11 (3)",
        "第十一条第（三）项",
        "dust-explosion",
        "干式除尘系统未采取泄爆、惰化、抑爆等任一种爆炸防控措施",
        "dry dust collector without venting, inerting or suppression",
        Status.SURE,
    ),
    Situation(
        "dust-gravity-settling",
        "art. 11 (5)",
        "第十一条第（五）项",
        "dust-explosion",
        "除尘系统采用重力沉降室或干式巷道式构筑物作为风道",
        "gravity settling chamber or dry tunnel used for dust collection",
        Status.SURE,
    ),
    Situation(
        "dust-accumulation",
        "art. 11 (10)",
        "第十一条第（十）项",
        "dust-explosion",
        "未落实粉尘清理制度，作业现场积尘严重",
        "dust-cleaning routine not followed, heavy dust accumulation",
        Status.PROBABLE,
    ),
    Situation(
        "ammonia-direct-in-workroom",
        "art. 12 (1)",
        "第十二条第（一）项",
        "ammonia-refrigeration",
        "包装、分割、产品整理场所的空调系统采用氨直接蒸发制冷",
        "direct ammonia evaporation cooling in packing, cutting or product-handling rooms",
        Status.PROBABLE,
    ),
    Situation(
        "ammonia-quick-freezer-crowded",
        "art. 12 (2)",
        "第十二条第（二）项",
        "ammonia-refrigeration",
        "快速冻结装置未设在单独作业间内或作业间内作业人员超过9人",
        "quick freezer not in a separate room, or more than 9 workers in its room",
        Status.PROBABLE,
    ),
    Situation(
        "confined-space-no-ledger",
        "art. 13 (1)",
        "第十三条第（一）项",
        "confined-space",
        "未对有限空间进行辨识、建立安全管理台账并设置明显警示标志",
        "confined spaces not identified, no ledger and no warning signs",
        Status.PROBABLE,
    ),
    Situation(
        "confined-space-no-permit",
        "art. 13 (2)",
        "第十三条第（二）项",
        "confined-space",
        "未落实有限空间作业审批，或未执行先通风、再检测、后作业，或现场未设监护人员",
        "confined-space work without permit, ventilate-test-enter sequence or attendant",
        Status.PROBABLE,
    ),
)
"""部令10号 situations. Art. 11 items (一)–(五) were seen quoted in secondary sources (``SURE``); art. 3, 11 (十),
12 and 13 item numbers and wording are the drafter's recollection (``PROBABLE``)."""

UNCERTIFIED_OPERATORS = Situation(
    "uncertified_special_operators",
    "art. 3 (2)",
    "第三条第（二）项",
    None,
    "特种作业人员未按规定经专门的安全作业培训并取得相应资格上岗作业",
    "special-operation workers at work without the required training and certificate",
    Status.PROBABLE,
)
"""Special-operation workers without valid certificates (``uncertified_special_operators`` > 0): art. 3 (2), item
number by recollection, content sure per sectors.md. Not a ``situations`` value: it has its own field."""


def situation(key: str) -> Optional[Situation]:
    """The situation row for an enum value; unknown values give None and are ignored."""
    return next((s for s in SITUATIONS if s.key == key), None)
