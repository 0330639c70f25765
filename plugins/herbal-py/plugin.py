"""``herbal``: quality and trade rules for Chinese medicinal herbs (中药材) of 磐安县市场监督管理局, in Python — a
port of ``plugins/herbal`` (Rust) that passes the same test vectors (``plugins/herbal/vectors.json``).

It reads ``sector_data.herbal`` of an inspection of a herb grower, processor or trader (GB/T 4754 ``A0170``,
``C2730``, ``F5152``, ``F5252``) and checks the samples against the limit tables of ``herbal_limits.py``, picked by
the record's policy date, and the grower and trader records against 农药管理条例 and 中医药法. Every message states
the measured value, the limit, its edition and how sure we are of it.

An entry that cannot be read (e.g. a string where a number is due) gives only the standard
``plugin.sector-data-invalid`` finding at ``/sector_data/herbal``, as in the Rust plugin; its message names the field.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Optional

from herbal_limits import (
    BANNED,
    PESTICIDE_RECORD_YEARS,
    InForce,
    Status,
    aflatoxin_limit,
    banned_pesticide,
    canonical_herb,
    in_force,
    so2_limit,
    trim,
)
from jiancha_plugin import Finding, Record, define_plugin, finding, plugin_meta, rule

SOURCES: tuple[tuple[str, str, str], ...] = (
    ("chp-2020", "中华人民共和国药典（2020年版），2020-12-30施行", "Chinese Pharmacopoeia 2020, in force 2020-12-30"),
    ("nyglytl-2017", "农药管理条例（国务院令第677号，2017-06-01施行）", "Regulation on Pesticide Administration (2017)"),
    ("zyyf-2017", "中华人民共和国中医药法（2017-07-01施行）", "Law on Traditional Chinese Medicine (2017)"),
    (
        "gap-2022",
        "中药材生产质量管理规范（2022年第22号公告，2022-03-01施行）",
        "Good Agricultural Practice for Chinese medicinal herbs (2022 No. 22, in force 2022-03-01)",
    ),
    (
        "sulfur-ban-2013",
        "2013年全国禁止硫磺熏蒸中药材的规定（文号待核）",
        "2013 national ban on sulfur fumigation of herbs (document number open)",
    ),
)
"""Citation sources: key, Chinese title, English title."""

SO2 = "herbal.so2-over-limit"
"""Rule: a sample's SO2 residue above the limit of its herb."""
AFLATOXIN = "herbal.aflatoxin-over-limit"
"""Rule: aflatoxin B1 or total above the limit of an herb whose monograph sets one."""
PESTICIDE = "herbal.banned-pesticide"
"""Rule: a banned pesticide at or above its limit of quantification."""
OUTCOME = "herbal.outcome-contradicts-sample"
"""Rule: the inspector concluded no violation although a sample breaks a limit."""
PESTICIDE_RECORDS = "herbal.pesticide-records-missing"
"""Rule: a grower's pesticide-use records cover less than 2 years."""
TRADE_RECORDS = "herbal.trade-records-missing"
"""Rule: a trader lacks purchase/sales records or the origin."""
FUMIGATION = "herbal.sulfur-fumigation"
"""Rule: sulfur fumigation of herbs observed."""

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class Pesticide:
    """A pesticide result."""

    name: str = ""
    """Name as reported."""
    mg_per_kg: Optional[float] = None
    """Amount, mg/kg; None is not checked (no amount, no comparison with the LOQ)."""


@dataclass
class Sample:
    """One sample tested."""

    herb: str = ""
    """Herb name as reported (synonyms and processed pieces accepted)."""
    so2_mg_per_kg: Optional[float] = None
    """SO2 residue, mg/kg."""
    aflatoxin_b1_ug_per_kg: Optional[float] = None
    """Aflatoxin B1, μg/kg."""
    aflatoxin_total_ug_per_kg: Optional[float] = None
    """Aflatoxins B1+B2+G1+G2, μg/kg."""
    pesticides: list[Pesticide] = field(default_factory=list)
    """Pesticides detected."""


@dataclass
class HerbalData:
    """``sector_data.herbal`` (public contract, sectors.md). Every field is optional so that one missing field
    switches off only its own checks; unknown fields are tolerated, as everywhere in ``sector_data``."""

    role: Optional[str] = None
    """Who was inspected: ``grower``, ``processor`` or ``trader``; any other string: no role-specific checks."""
    samples: list[Sample] = field(default_factory=list)
    """Samples tested."""
    pesticide_record_years: Optional[float] = None
    """Years of pesticide-use records found (growers)."""
    trade_records: Optional[bool] = None
    """Purchase and sales records found (traders)."""
    origin_stated: Optional[bool] = None
    """Origin (产地) stated (traders)."""
    sulfur_fumigation_observed: Optional[bool] = None
    """Sulfur fumigation observed; None reads as false (the contract's default)."""
    outcome_violation: Optional[bool] = None
    """The inspector's own conclusion: was a violation found."""


META = (
    plugin_meta("herbal", "中药材质量与经营规范", "磐安县市场监督管理局", "0.1.0")
    .industries("A0170", "C2730", "F5152", "F5252")
    .rule(
        rule(SO2, "violation", "二氧化硫残留超标", "sulfur dioxide residue over the limit").cite(
            "chp-2020", "通则0212; 通则2331"
        )
    )
    .rule(
        rule(AFLATOXIN, "violation", "黄曲霉毒素超标", "aflatoxins over the limit").cite(
            "chp-2020", "品种项下【检查】黄曲霉毒素; 通则2351"
        )
    )
    .rule(
        rule(PESTICIDE, "violation", "检出禁用农药", "banned pesticide detected")
        .cite("chp-2020", "通则0212; 通则2341")
        .cite("nyglytl-2017", "art. 34")
        .cite("zyyf-2017", "art. 22")
    )
    .rule(
        rule(
            OUTCOME, "violation", "检查结论与抽检结果矛盾", "outcome says no violation although a sample breaks a limit"
        ).cite("chp-2020", "通则0212")
    )
    .rule(
        rule(
            PESTICIDE_RECORDS,
            "warning",
            "种植者农药使用记录不足2年",
            "grower's pesticide-use records missing for the past 2 years",
        ).cite("nyglytl-2017", "art. 36")
    )
    .rule(
        rule(
            TRADE_RECORDS, "warning", "经营者缺少购销记录或未标明产地", "trader lacks purchase/sales records or the origin"
        ).cite("zyyf-2017", "art. 24")
    )
    .rule(
        rule(FUMIGATION, "violation", "硫磺熏蒸中药材", "sulfur fumigation of herbs")
        .cite("sulfur-ban-2013", "全文（文号待核）")
        .cite("gap-2022", "产地加工（条款待核）")
    )
)


def num(x: float) -> str:
    """A number as Rust's ``Display`` writes an ``f64``: the shortest digits that read back as the same value, never
    an exponent (``1e21`` is ``1000000000000000000000``, ``1e-7`` is ``0.0000001``), no ``.0`` on whole numbers,
    ``-0`` for negative zero."""
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    text = repr(float(x))
    sign = "-" if text.startswith("-") else ""
    mantissa, _, exp = text.lstrip("-").partition("e")
    whole, _, frac = mantissa.partition(".")
    digits = whole + frac
    point = len(whole) + int(exp or 0)
    stripped = digits.lstrip("0")
    point -= len(digits) - len(stripped)
    digits = stripped.rstrip("0")
    if not digits:
        return f"{sign}0"
    if point <= 0:
        return f"{sign}0.{'0' * -point}{digits}"
    if point >= len(digits):
        return f"{sign}{digits}{'0' * (point - len(digits))}"
    return f"{sign}{digits[:point]}.{digits[point:]}"


def herb_label(reported: str, canon: str) -> tuple[str, str]:
    """The herb as reported and, when it differs, its monograph name: ``元胡（延胡索）``."""
    r = trim(reported)
    if not r:
        return "（未注明品名）", "unnamed herb"
    if r == canon:
        return r, r
    return f"{r}（{canon}）", f"{r} = {canon}"


def provenance(ed: InForce, basis: tuple[str, str], status: Status) -> tuple[str, str]:
    """The edition and provenance clause of a message."""
    sz, se = status.label()
    a = ed.applied
    zh = f"{a.name}（{a.in_force}施行）；{basis[0]}；可靠性：{sz}"
    en = f"{a.name_en}, in force {a.in_force}; {basis[1]}; {se}"
    n = ed.unconfirmed
    if n is not None:
        zh += f"；{n.name}已于{n.in_force}施行，其修订未经核实，暂按{a.name}限量"
        en += (
            f"; the {n.name_en} took effect {n.in_force} and its changes are unconfirmed, "
            f"so the {a.name_en} value is applied"
        )
    return zh, en


def check_sample(record: Record, i: int, s: Sample, ed: InForce) -> list[Finding]:
    """The findings of one sample: SO2, aflatoxin B1 and total, banned pesticides."""
    canon = canonical_herb(s.herb)
    hz, he = herb_label(s.herb, canon)
    out: list[Finding] = []

    so2, so2_row = s.so2_mg_per_kg, so2_limit(canon, ed.applied.key)
    if so2 is not None and so2_row is not None and so2 > so2_row.mg_per_kg:
        pz, pe = provenance(ed, so2_row.basis, so2_row.status)
        v, limit = num(so2), num(so2_row.mg_per_kg)
        out.append(
            finding(
                SO2,
                f"样品[{i}]{hz}二氧化硫残留量 {v} mg/kg，超过限量 {limit} mg/kg（{pz}）",
                f"sample [{i}] ({he}): SO2 residue {v} mg/kg exceeds the limit of {limit} mg/kg ({pe})",
            ).at(record.sector_path("samples", i, "so2_mg_per_kg"))
        )

    row = aflatoxin_limit(canon, ed.applied.key)
    if row is not None:
        pz, pe = provenance(ed, row.basis, row.status)
        measured = (
            ("aflatoxin_b1_ug_per_kg", "黄曲霉毒素B1", "aflatoxin B1", s.aflatoxin_b1_ug_per_kg, row.b1_ug_per_kg),
            (
                "aflatoxin_total_ug_per_kg",
                "黄曲霉毒素总量（B1+B2+G1+G2）",
                "total aflatoxins (B1+B2+G1+G2)",
                s.aflatoxin_total_ug_per_kg,
                row.total_ug_per_kg,
            ),
        )
        for key, nz, ne, value, limit_value in measured:
            if value is not None and value > limit_value:
                v, limit = num(value), num(limit_value)
                out.append(
                    finding(
                        AFLATOXIN,
                        f"样品[{i}]{hz}{nz} {v} μg/kg，超过限量 {limit} μg/kg（{pz}）",
                        f"sample [{i}] ({he}): {ne} {v} μg/kg exceeds the limit of {limit} μg/kg ({pe})",
                    ).at(record.sector_path("samples", i, key))
                )

    if BANNED.edition == ed.applied.key and BANNED.status.checked():
        for j, p in enumerate(s.pesticides):
            hit = banned_pesticide(p.name)
            if p.mg_per_kg is None or hit is None or not p.mg_per_kg >= hit.loq_mg_per_kg:
                continue
            pz, pe = provenance(ed, BANNED.basis, BANNED.status)
            name, v, loq = trim(p.name), num(p.mg_per_kg), num(hit.loq_mg_per_kg)
            nz, ne = (name, name) if name == hit.name else (f"{name}（{hit.name}）", f"{name} = {hit.name}")
            out.append(
                finding(
                    PESTICIDE,
                    f"样品[{i}]{hz}检出禁用农药{nz} {v} mg/kg，不低于定量限 {loq} mg/kg（定量限为待核参数；{pz}）",
                    f"sample [{i}] ({he}): banned pesticide {ne} detected at {v} mg/kg, at or above the limit of "
                    f"quantification {loq} mg/kg (LOQ is an open parameter; {pe})",
                ).at(record.sector_path("samples", i, "pesticides", j, "mg_per_kg"))
            )
    return out


def check_grower(record: Record, data: HerbalData) -> list[Finding]:
    """One finding when a grower's pesticide-use records are not recorded or cover less than 2 years."""
    need = num(PESTICIDE_RECORD_YEARS)
    y = data.pesticide_record_years
    if y is not None and y >= PESTICIDE_RECORD_YEARS:
        return []
    if y is not None:
        zh = f"种植者的农药使用记录仅 {num(y)} 年，少于应保存的 {need} 年"
        en = f"the grower's pesticide-use records cover {num(y)} years, fewer than the {need} years required"
    else:
        zh = f"检查未载明查见种植者的农药使用记录（pesticide_record_years 为空），应保存不少于 {need} 年"
        en = (
            "no pesticide-use records of the grower are recorded (pesticide_record_years is null); "
            f"{need} years are required"
        )
    return [finding(PESTICIDE_RECORDS, zh, en).at(record.sector_path("pesticide_record_years"))]


def check_trader(record: Record, data: HerbalData) -> list[Finding]:
    """A trader's records and origin: false and None both fire, None because the inspection of a trader did not
    establish what the law requires it to show; the message says which."""
    checks = (
        (
            "trade_records",
            data.trade_records,
            ("经营者未能提供进货查验和购销记录", "the trader showed no purchase-inspection and sales records"),
            ("是否查见进货查验和购销记录", "whether the trader showed purchase-inspection and sales records"),
        ),
        (
            "origin_stated",
            data.origin_stated,
            ("经营者未标明中药材产地", "the trader did not state the herbs' origin"),
            ("是否标明中药材产地", "whether the trader stated the herbs' origin"),
        ),
    )
    out: list[Finding] = []
    for key, value, (fz, fe), (wz, we) in checks:
        if value is True:
            continue
        if value is False:
            zh, en = fz, fe
        else:
            zh = f"检查记录未载明{wz}（{key} 为空），按未查见处理"
            en = f"the record does not say {we} ({key} is null); read as not shown"
        out.append(finding(TRADE_RECORDS, zh, en).at(record.sector_path(key)))
    return out


def check(record: Record) -> list[Finding]:
    """Findings of one record. A ``sector_data.herbal`` that cannot be read makes ``record.read`` raise, which the
    SDK reports as one ``plugin.sector-data-invalid`` finding. A policy date that is not a day gives no findings,
    as a record without a date in the Rust plugin."""
    data = record.read(HerbalData)
    day = record.policy_date
    if not _DAY.match(day):
        return []
    out: list[Finding] = []

    breaking: list[str] = []
    ed = in_force(day)
    if ed is not None:
        for i, sample in enumerate(data.samples):
            found = check_sample(record, i, sample, ed)
            if found:
                breaking.append(f"[{i}]")
            out.extend(found)
    if data.outcome_violation is False and breaking:
        out.append(
            finding(
                OUTCOME,
                f"检查结论记为未发现违法（outcome_violation 为 false），但样品{'、'.join(breaking)}超出限量",
                "the inspector concluded no violation (outcome_violation is false) but sample(s) "
                f"{', '.join(breaking)} break a limit",
            ).at(record.sector_path("outcome_violation"))
        )

    if data.role == "grower":
        out.extend(check_grower(record, data))
    elif data.role == "trader":
        out.extend(check_trader(record, data))

    if data.sulfur_fumigation_observed is True:
        out.append(
            finding(
                FUMIGATION,
                "检查发现使用硫磺熏蒸中药材（2013年起全国禁止）",
                "sulfur fumigation of herbs was observed (banned nationally since 2013)",
            ).at(record.sector_path("sulfur_fumigation_observed"))
        )
    return out


plugin = define_plugin(META, check)
