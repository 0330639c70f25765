"""The limit tables: every number the plugin checks against, each row with its edition and provenance — the same
rows as ``plugins/herbal/src/limits.rs``.

Nothing here is a silent constant. A row names the pharmacopoeia edition it comes from (and so the day it is in
force) and how sure we are of it (:class:`Status`). Rows marked ``OPEN`` are shipped for reference and never
checked. Adding the Chinese Pharmacopoeia 2025 values, once confirmed, means adding rows with edition
``chp-2025``; the lookup then picks them for records from 2025-10-01 on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from typing import Optional


class Status(Enum):
    """How sure we are of a row (the scale of ``shared/domain/legal-basis.md``)."""

    SURE = "sure"
    """The wording was seen in a source."""
    PROBABLE = "probable"
    """Consistent secondary sources."""
    LIKELY = "likely"
    """Believed but not confirmed; checked, and said so in every message."""
    OPEN = "open"
    """Not confirmed: shipped for reference, never checked."""

    def checked(self) -> bool:
        """Whether rows of this status are checked."""
        return self is not Status.OPEN

    def label(self) -> tuple[str, str]:
        """Chinese and English labels."""
        return _LABELS[self]


_LABELS: dict[Status, tuple[str, str]] = {
    Status.SURE: ("确定", "sure"),
    Status.PROBABLE: ("较可靠", "probable"),
    Status.LIKELY: ("可能，待核", "likely, unconfirmed"),
    Status.OPEN: ("待核", "open"),
}


@dataclass(frozen=True)
class Edition:
    """A pharmacopoeia edition."""

    key: str
    """Key, also the citation source key."""
    name: str
    """Chinese name."""
    name_en: str
    """English name."""
    in_force: str
    """The day it took effect, ``YYYY-MM-DD``."""


EDITIONS: tuple[Edition, ...] = (
    Edition("chp-2020", "中国药典2020年版", "Chinese Pharmacopoeia 2020", "2020-12-30"),
    Edition("chp-2025", "中国药典2025年版", "Chinese Pharmacopoeia 2025", "2025-10-01"),
)
"""The editions we know of, oldest first. A record is judged by the newest edition in force on its policy date
that has rows; a newer edition without rows (its changes unconfirmed) is named in the message."""


def edition(key: str) -> Optional[Edition]:
    """Looks up an edition by key."""
    return next((e for e in EDITIONS if e.key == key), None)


@dataclass(frozen=True)
class InForce:
    """Where the record stands among the editions on a day."""

    applied: Edition
    """The edition whose rows apply."""
    unconfirmed: Optional[Edition]
    """A newer edition already in force whose changes are unconfirmed (its rows are not in the tables)."""


def _has_rows(key: str) -> bool:
    """Whether any table has rows of an edition (whatever their status)."""
    return any(r.edition == key for r in SO2) or any(r.edition == key for r in AFLATOXIN) or BANNED.edition == key


def in_force(day: str) -> Optional[InForce]:
    """The edition whose rows apply on ``day`` (``YYYY-MM-DD``), or None before the oldest modelled edition (then
    nothing is checked: a limit not yet in force cannot be broken). ISO dates compare correctly as strings."""
    newest = next((e for e in reversed(EDITIONS) if e.in_force <= day), None)
    if newest is None:
        return None
    applied = next((e for e in reversed(EDITIONS) if e.in_force <= day and _has_rows(e.key)), None)
    if applied is None:
        return None
    return InForce(applied, newest if newest.key != applied.key else None)


@dataclass(frozen=True)
class So2Row:
    """A sulfur-dioxide residue limit."""

    edition: str
    """Edition key."""
    herbs: tuple[str, ...]
    """Canonical herb names; empty for the general limit."""
    mg_per_kg: float
    """Limit, mg/kg (a value above it breaks it)."""
    basis: tuple[str, str]
    """Where it stands in the edition, Chinese and English."""
    status: Status
    """How sure we are."""


SO2: tuple[So2Row, ...] = (
    So2Row(
        "chp-2020",
        (),
        150.0,
        ("药材及饮片一般限量（矿物药除外）", "general limit for herbs and pieces (minerals excepted)"),
        Status.SURE,
    ),
    So2Row(
        "chp-2020",
        ("山药", "牛膝", "粉葛", "天冬", "天麻", "天花粉", "白及", "白芍", "白术", "党参"),
        400.0,
        ("十种药材及饮片的放宽限量（多个二手来源）", "relaxed limit for ten herbs (several secondary sources)"),
        Status.PROBABLE,
    ),
)
"""Sulfur-dioxide residue limits (Chinese Pharmacopoeia 2020 通则0212; method 通则2331)."""

MINERALS: tuple[str, ...] = (
    "石膏",
    "芒硝",
    "朱砂",
    "雄黄",
    "滑石",
    "赭石",
    "磁石",
    "自然铜",
    "龙骨",
    "炉甘石",
    "白矾",
    "硫黄",
    "赤石脂",
    "青礞石",
)
"""Mineral drugs, to which the general SO2 limit does not apply. The exception is in the source; this list of names
is illustrative (open) and only switches the general limit off, so an omission errs towards checking."""


def so2_limit(herb: str, edition: str) -> Optional[So2Row]:
    """The SO2 limit for a canonical herb under an edition: the herb's own row, else the general row (not for
    minerals). Open rows are skipped."""
    rows = [r for r in SO2 if r.edition == edition and r.status.checked()]
    own = next((r for r in rows if herb in r.herbs), None)
    if own is not None:
        return own
    return None if herb in MINERALS else next((r for r in rows if not r.herbs), None)


@dataclass(frozen=True)
class AflatoxinRow:
    """Aflatoxin limits for the herbs whose monograph sets them."""

    edition: str
    """Edition key."""
    herbs: tuple[str, ...]
    """Canonical herb names."""
    b1_ug_per_kg: float
    """Aflatoxin B1 limit, μg/kg."""
    total_ug_per_kg: float
    """B1+B2+G1+G2 limit, μg/kg."""
    basis: tuple[str, str]
    """Where it stands, Chinese and English."""
    status: Status
    """How sure we are of the herb list (the values themselves are probable)."""


AFLATOXIN: tuple[AflatoxinRow, ...] = (
    AflatoxinRow(
        "chp-2020",
        (
            "桃仁",
            "酸枣仁",
            "僵蚕",
            "胖大海",
            "柏子仁",
            "莲子",
            "使君子",
            "槟榔",
            "麦芽",
            "肉豆蔻",
            "决明子",
            "远志",
            "薏苡仁",
            "大枣",
            "地龙",
            "蜈蚣",
            "水蛭",
            "全蝎",
            "陈皮",
        ),
        5.0,
        10.0,
        (
            "品种项下黄曲霉毒素限量（常引的19种，未逐一核对正文）",
            "monograph aflatoxin limits (commonly cited 19 herbs, monographs not checked one by one)",
        ),
        Status.LIKELY,
    ),
    AflatoxinRow(
        "chp-2020",
        ("延胡索",),
        5.0,
        10.0,
        ("延胡索品种项下黄曲霉毒素限量（出处待核）", "延胡索 monograph aflatoxin limits (provenance open)"),
        Status.LIKELY,
    ),
)
"""Aflatoxin limits (品种项下【检查】; method 通则2351). Which herbs carry them is open: the first row is the list
commonly cited for the 2015 edition and carried into 2020, the second is 延胡索, likely added in 2020. 白术 is
deliberately absent."""


def aflatoxin_limit(herb: str, edition: str) -> Optional[AflatoxinRow]:
    """The aflatoxin row for a canonical herb under an edition, if its monograph sets limits."""
    return next((r for r in AFLATOXIN if r.edition == edition and r.status.checked() and herb in r.herbs), None)


DEFAULT_LOQ_MG_PER_KG = 0.01
"""The default limit of quantification for a banned pesticide, mg/kg. An open parameter: the 2020 edition sets a
limit per pesticide (通则0212 and 2341), which we have not confirmed; 0.01 mg/kg is a common LOQ of the
multi-residue methods."""


@dataclass(frozen=True)
class BannedPesticide:
    """A banned pesticide: its name, other names it is reported under, and its limit of quantification."""

    name: str
    """Chinese name."""
    aliases: tuple[str, ...]
    """Other names (common names, English abbreviations)."""
    loq_mg_per_kg: float = DEFAULT_LOQ_MG_PER_KG
    """Limit of quantification, mg/kg; detected at or above it breaks the ban."""


@dataclass(frozen=True)
class BannedList:
    """The banned-pesticide list and its provenance."""

    edition: str
    """Edition key."""
    basis: tuple[str, str]
    """Where it stands, Chinese and English."""
    status: Status
    """How sure we are."""
    pesticides: tuple[BannedPesticide, ...]
    """The pesticides."""


def _banned(name: str, *aliases: str) -> BannedPesticide:
    return BannedPesticide(name, aliases)


BANNED = BannedList(
    "chp-2020",
    (
        "植物类药材禁用农药不得检出（33种，清单待核；定量限暂取0.01 mg/kg）",
        "33 banned pesticides not detectable in plant herbs (list open; LOQ 0.01 mg/kg assumed)",
    ),
    Status.PROBABLE,
    (
        _banned("甲胺磷", "methamidophos"),
        _banned("甲基对硫磷", "甲基1605", "parathion-methyl"),
        _banned("对硫磷", "1605", "parathion"),
        _banned("久效磷", "monocrotophos"),
        _banned("磷胺", "phosphamidon"),
        _banned("六六六", "六六六（总量）", "HCH", "BHC", "666"),
        _banned("滴滴涕", "滴滴涕（总量）", "DDT"),
        _banned("毒杀芬", "toxaphene"),
        _banned("二溴氯丙烷", "DBCP"),
        _banned("杀虫脒", "chlordimeform"),
        _banned("二溴乙烷", "EDB"),
        _banned("除草醚", "nitrofen"),
        _banned("艾氏剂", "aldrin"),
        _banned("狄氏剂", "dieldrin"),
        _banned("汞制剂"),
        _banned("砷类"),
        _banned("铅类"),
        _banned("敌枯双"),
        _banned("氟乙酰胺", "fluoroacetamide"),
        _banned("甘氟", "gliftor"),
        _banned("毒鼠强", "tetramine"),
        _banned("氟乙酸钠", "sodium fluoroacetate"),
        _banned("毒鼠硅", "silatrane"),
        _banned("苯线磷", "fenamiphos"),
        _banned("地虫硫磷", "fonofos"),
        _banned("甲基硫环磷", "phosfolan-methyl"),
        _banned("磷化钙", "calcium phosphide"),
        _banned("磷化镁", "magnesium phosphide"),
        _banned("磷化锌", "zinc phosphide"),
        _banned("硫线磷", "cadusafos"),
        _banned("蝇毒磷", "coumaphos"),
        _banned("治螟磷", "sulfotep"),
        _banned("特丁硫磷", "terbufos"),
    ),
)
"""The 33 pesticides that must not be detected in plant herbs (probable). The exact official list of the 2020
edition is open: this is the commonly cited list of 33 pesticides banned from use in China, which overlaps it
heavily but may differ. Classes (汞制剂, 砷类, 铅类) match only when reported under that name."""

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _ascii_lower(text: str) -> str:
    """ASCII capitals made small and nothing else changed (Rust's ``to_ascii_lowercase``; ``str.lower`` would also
    change non-ASCII letters)."""
    return text.translate(_ASCII_LOWER)


def banned_pesticide(name: str) -> Optional[BannedPesticide]:
    """The banned pesticide reported under ``name`` (trimmed; aliases compared ignoring ASCII case)."""
    trimmed = trim(name)
    lower = _ascii_lower(trimmed)
    return next(
        (p for p in BANNED.pesticides if p.name == trimmed or any(_ascii_lower(a) == lower for a in p.aliases)),
        None,
    )


@dataclass(frozen=True)
class HeavyMetalRow:
    """A heavy-metal limit row."""

    metal: tuple[str, str]
    """Element, Chinese and symbol."""
    mg_per_kg: float
    """Limit, mg/kg."""
    basis: str
    """Where it comes from."""
    status: Status
    """How sure we are."""


HEAVY_METALS: tuple[HeavyMetalRow, ...] = (
    HeavyMetalRow(("铅", "Pb"), 5.0, "2020年版征求意见稿通用值", Status.OPEN),
    HeavyMetalRow(("镉", "Cd"), 1.0, "2020年版征求意见稿通用值", Status.OPEN),
    HeavyMetalRow(("砷", "As"), 2.0, "2020年版征求意见稿通用值", Status.OPEN),
    HeavyMetalRow(("汞", "Hg"), 0.2, "2020年版征求意见稿通用值", Status.OPEN),
    HeavyMetalRow(("铜", "Cu"), 20.0, "2020年版征求意见稿通用值", Status.OPEN),
)
"""General heavy-metal values of the 2020 draft: open, so not checked (the limits are per monograph, and the
``sector_data.herbal`` contract carries no heavy-metal measurements yet)."""

SYNONYMS: tuple[tuple[str, str], ...] = (
    ("元胡", "延胡索"),
    ("玄胡", "延胡索"),
    ("玄胡索", "延胡索"),
    ("浙贝", "浙贝母"),
    ("象贝", "浙贝母"),
    ("象贝母", "浙贝母"),
    ("于术", "白术"),
    ("於术", "白术"),
    ("杭白芍", "白芍"),
    ("怀山药", "山药"),
    ("淮山", "山药"),
    ("怀牛膝", "牛膝"),
    ("枣仁", "酸枣仁"),
    ("苡仁", "薏苡仁"),
)
"""Other names of herbs, mapped to the monograph name the tables use."""

_PROCESSING: tuple[str, ...] = ("麸炒", "土炒", "清炒", "炒", "焦", "醋", "酒", "盐", "蜜", "姜", "生")
"""Processing prefixes of decoction pieces (炮制): 醋延胡索 and 麸炒白术 are pieces of the herb's own monograph."""


def _synonym(name: str) -> Optional[str]:
    return next((canon for alias, canon in SYNONYMS if alias == name), None)


def _known(name: str) -> bool:
    return (
        any(name in r.herbs for r in SO2)
        or any(name in r.herbs for r in AFLATOXIN)
        or name in MINERALS
        or any(canon == name for _, canon in SYNONYMS)
    )


_SPACE = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_EDGE_SPACE = re.compile(f"\\A[{_SPACE}]+|[{_SPACE}]+\\Z")


def trim(text: str) -> str:
    """A text without leading and trailing white space, as Rust's ``str::trim`` cuts it: the Unicode White_Space
    property, as the SDK's ``is_blank`` (``str.strip`` also cuts U+001C–U+001F)."""
    return _EDGE_SPACE.sub("", text)


def canonical_herb(name: str) -> str:
    """The monograph name for a reported herb name: synonyms resolved, and a processing prefix dropped when what
    remains is a herb we know. Anything else is returned trimmed, unchanged."""
    trimmed = trim(name)
    c = _synonym(trimmed)
    if c is not None:
        return c
    for prefix in _PROCESSING:
        if trimmed.startswith(prefix):
            bare = trimmed[len(prefix) :]
            rest = _synonym(bare) or bare
            if _known(rest):
                return rest
    return trimmed


PESTICIDE_RECORD_YEARS = 2.0
"""Years a grower keeps pesticide-use records: 农药管理条例 art. 36, "不少于2年" (sure)."""
