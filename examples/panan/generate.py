#!/usr/bin/env python3
"""Deterministic generator of the built-in Pan'an County (磐安县, 330727) example dataset.

Writes, beside this script:
  agencies.json, inspectors.json, enterprises.json, items.json, plans.json, policy.toml,
  records-2025.jsonl and README.md.

Python 3.11, standard library only, fixed random seed: running it twice gives byte-identical files.

How it works
  1. The reference data (agencies, inspectors, enterprises, items, plans) is written out by hand below.
  2. A few dozen *scenario* records are built by hand, each meant to demonstrate one or more rules of
     shared/spec/rules.md v1.1 (where it is silent, read as docs/interpretation.md and the rules' notes read it).
  3. Several hundred *clean* records are then drawn at random (plan visits, 双随机 sampling, complaints,
     patrol findings, data-monitoring alerts, enterprise requests ...). A candidate is kept only if the
     reference checker in this file finds nothing on it and nothing changes for the other records of the
     same enterprise; so clean records stay clean and the scenarios keep exactly their intended findings.
  4. The whole batch is checked again after the final ids are given; the script stops with an error if any
     rule of the catalogue never fires, or if any clean record has a finding.

The reference checker here is a test aid, not the engine: `python3 generate.py --compare OUT.jsonl` compares
the engine's `jiancha check --format jsonl` output with it (the rules of every line, and the `related` ids of the
cross-record findings) and prints every difference.

v1.1 (shared/spec/rules.md, data-model.md): the entrusted town team (jszf) is written in the v1.1 form,
`lead_agency` = its organ zhzf and `entrusted_agency` = jszf, and counts as its organ everywhere; penalties carry
`harm`; policy.toml sets `code_pattern`, which every code of `Builder.new_code` matches.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import sys
import tomllib
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 20250305  # the date of the county's draft explanation
TZ = dt.timezone(dt.timedelta(hours=8))
YEAR = 2025

# ---------------------------------------------------------------------------------------------------------
# Working-day calendar (State Council schedules, as in core/data/calendar.json)
# ---------------------------------------------------------------------------------------------------------

CALENDAR = {
    2024: (["2024-01-01", "2024-02-10..2024-02-17", "2024-04-04..2024-04-06", "2024-05-01..2024-05-05",
            "2024-06-10", "2024-09-15..2024-09-17", "2024-10-01..2024-10-07"],
           ["2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28", "2024-05-11", "2024-09-14",
            "2024-09-29", "2024-10-12"]),
    2025: (["2025-01-01", "2025-01-28..2025-02-04", "2025-04-04..2025-04-06", "2025-05-01..2025-05-05",
            "2025-05-31..2025-06-02", "2025-10-01..2025-10-08"],
           ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"]),
    2026: (["2026-01-01..2026-01-03", "2026-02-15..2026-02-23", "2026-04-04..2026-04-06",
            "2026-05-01..2026-05-05", "2026-06-19..2026-06-21", "2026-09-25..2026-09-27",
            "2026-10-01..2026-10-07"],
           ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]),
}


def D(s: str) -> dt.date:
    return dt.date.fromisoformat(s)


def _expand(spec: list[str]) -> set[dt.date]:
    out: set[dt.date] = set()
    for s in spec:
        if ".." in s:
            a, b = (D(x) for x in s.split(".."))
            while a <= b:
                out.add(a)
                a += dt.timedelta(days=1)
        else:
            out.add(D(s))
    return out


DAYS_OFF = {y: _expand(v[0]) for y, v in CALENDAR.items()}
WORK_DAYS = {y: _expand(v[1]) for y, v in CALENDAR.items()}

# A year with no State Council schedule (rules.md "Working day"): weekends plus the statutory days off of
# 《全国年节及纪念日放假办法》 (2024 revision, 国务院令第795号): 元旦 01-01; 春节 农历除夕 to 正月初三; 清明 (the solar
# term); 劳动节 05-01..05-02; 端午 农历五月初五; 中秋 农历八月十五; 国庆 10-01..10-03; no 调休. The movable days of the
# years the example reaches, from the published lunar calendar (正月初一, 清明, 端午, 中秋). Any other year is refused
# rather than guessed.
MOVABLE = {2027: ("2027-02-06", "2027-04-05", "2027-06-09", "2027-09-15")}


def statutory_days_off(year: int) -> set[dt.date]:
    if year not in MOVABLE:
        raise KeyError(f"no statutory holidays known for {year}: add its movable days to MOVABLE")
    chunjie, qingming, duanwu, zhongqiu = (D(x) for x in MOVABLE[year])
    days = {dt.date(year, 1, 1), dt.date(year, 5, 1), dt.date(year, 5, 2), qingming, duanwu, zhongqiu}
    days |= {chunjie + dt.timedelta(days=i) for i in range(-1, 3)}
    days |= {dt.date(year, 10, i) for i in (1, 2, 3)}
    return days


def is_working(d: dt.date) -> tuple[bool, bool]:
    """(is a working day, year unknown)."""
    if d.year not in CALENDAR:
        return d.weekday() < 5 and d not in statutory_days_off(d.year), True
    if d in DAYS_OFF[d.year]:
        return False, False
    if d in WORK_DAYS[d.year]:
        return True, False
    return d.weekday() < 5, False


def working_deadline(end: dt.datetime, n: int) -> tuple[dt.datetime, bool]:
    """End (24:00 Asia/Shanghai) of the n-th working day after the local day of `end`; and whether a day of
    an unknown year had to be looked at."""
    d = end.astimezone(TZ).date()
    unknown = False
    count = 0
    while count < n:
        d += dt.timedelta(days=1)
        w, u = is_working(d)
        unknown |= u
        if w:
            count += 1
    return dt.datetime.combine(d + dt.timedelta(days=1), dt.time(0, 0), TZ), unknown


def working_days_of(year: int) -> list[dt.date]:
    d = dt.date(year, 1, 1)
    out = []
    while d.year == year:
        if is_working(d)[0]:
            out.append(d)
        d += dt.timedelta(days=1)
    return out


WORKDAYS_2025 = working_days_of(YEAR)


def prev_working(d: dt.date, n: int) -> dt.date:
    """The n-th working day before d."""
    count = 0
    while count < n:
        d -= dt.timedelta(days=1)
        if is_working(d)[0]:
            count += 1
    return d


def T(s: str) -> dt.datetime:
    """'2025-04-22 09:30' in Asia/Shanghai."""
    return dt.datetime.strptime(s, "%Y-%m-%d %H:%M").replace(tzinfo=TZ)


# ---------------------------------------------------------------------------------------------------------
# USCC (GB 32100-2015) and organisation code (GB 11714-1997)
# ---------------------------------------------------------------------------------------------------------

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]


def uscc_check(first17: str) -> str:
    s = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS))
    return USCC_ALPHABET[(31 - s % 31) % 31]


def uscc_valid(code: str) -> bool:
    """GB 32100: length, alphabet, layout (position 1 a registration-authority code 1-9/A/N/Y, positions 3-8 the
    digits of an administrative division) and the check character."""
    return (len(code) == 18 and all(c in USCC_ALPHABET for c in code)
            and code[0] in "123456789ANY" and code[2:8].isdigit()
            and uscc_check(code[:17]) == code[17])


def org_code_ok(code: str) -> bool:
    """GB 11714: positions 9-17 of a USCC are an organization code whose own check character is position 17."""
    return org_check(code[8:16]) == code[16]


def org_check(body8: str) -> str:
    def val(c: str) -> int:
        return int(c) if c.isdigit() else ord(c) - ord("A") + 10
    c = 11 - sum(val(ch) * w for ch, w in zip(body8, ORG_WEIGHTS)) % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


def make_uscc(rng: random.Random, kind: str, old: bool) -> str:
    """kind: '91' enterprise, '92' individual business, '93' farmers' cooperative."""
    if old:
        body = rng.choice("7531") + "".join(rng.choice("0123456789") for _ in range(7))
    else:
        body = "MA2" + rng.choice("8DHJKM") + "".join(rng.choice(USCC_ALPHABET[:10] + "ABCDEFGHJKLMNPQRTUWXY")
                                                   for _ in range(4))
    org = body + org_check(body)
    first17 = kind + "330727" + org
    assert all(c in USCC_ALPHABET for c in first17), first17
    return first17 + uscc_check(first17)


# ---------------------------------------------------------------------------------------------------------
# Reference data
# ---------------------------------------------------------------------------------------------------------

AGENCIES = [
    dict(id="scjg", name="磐安县市场监督管理局", kind="administrative-organ"),
    dict(id="yjgl", name="磐安县应急管理局", kind="administrative-organ"),
    dict(id="zhzf", name="磐安县综合行政执法局", kind="administrative-organ"),
    dict(id="nync", name="磐安县农业农村局", kind="administrative-organ"),
    dict(id="sthj", name="金华市生态环境局磐安分局", kind="administrative-organ", vertical=True),
    dict(id="wsjk", name="磐安县卫生健康局", kind="administrative-organ"),
    dict(id="xfjy", name="磐安县消防救援大队", kind="administrative-organ", vertical=True),
    dict(id="zrzy", name="磐安县自然资源和规划局", kind="administrative-organ"),
    dict(id="jtys", name="磐安县交通运输局", kind="administrative-organ",
         assessment_links=["inspection-count"]),
    dict(id="wgly", name="磐安县文化和广电旅游体育局", kind="administrative-organ"),
    dict(id="jszf", name="磐安县尖山镇综合行政执法队", kind="entrusted-organization", entrusted_by="zhzf",
         entrustment_published_on="2025-03-15"),
    dict(id="aqw", name="磐安县安全生产委员会办公室", kind="coordinating-body"),
    dict(id="jcjy", name="磐安县中药材检验检测中心", kind="third-party"),
    dict(id="zjjg", name="金华安泰安全技术咨询有限公司", kind="intermediary"),
]
AGENCY = {a["id"]: a for a in AGENCIES}
INSPECTING = ["scjg", "yjgl", "zhzf", "nync", "sthj", "wsjk", "xfjy", "zrzy", "jtys", "wgly", "jszf"]

# (id, name, agency, role, certificate: (number, issued_by, from, until, revoked) or None)
_OFFICERS = {
    "scjg": ["陈建军", "羊晓燕", "周立新", "孔德明", "卢海波", "厉小芳", "胡志强"],
    "yjgl": ["张伟东", "施国平", "郑红英", "王立峰", "金晓东"],
    "zhzf": ["徐卫国", "潘建华", "杜雪梅", "傅志刚", "曹文斌"],
    "nync": ["蒋玉兰", "楼永明", "马俊杰"],
    "sthj": ["应卫红", "赵明华", "俞斌"],
    "wsjk": ["吴丽萍", "李国庆", "陈晓丽"],
    "xfjy": ["周浩", "羊建平", "孔祥瑞", "张磊"],
    "zrzy": ["卢志华", "郑伟"],
    "jtys": ["胡文杰", "施晓华"],
    "wgly": ["王静", "金海燕"],
    "jszf": ["陈立平", "厉建军", "羊志远"],
}
_AGENCY_CODE = {"scjg": "01", "yjgl": "02", "zhzf": "03", "nync": "04", "sthj": "05", "wsjk": "06",
                "xfjy": "07", "zrzy": "08", "jtys": "09", "wgly": "10", "jszf": "11"}
EXPIRED_OFFICER = "scjg-07"   # 胡志强: certificate valid until 2025-06-30, not renewed
REVOKED_OFFICER = "zhzf-05"   # 曹文斌: certificate revoked on 2025-08-15
NEW_OFFICER = "yjgl-05"       # 金晓东: certified from 2025-03-01


def build_inspectors(rng: random.Random) -> list[dict]:
    out = []
    for ag, names in _OFFICERS.items():
        for i, name in enumerate(names, 1):
            pid = f"{ag}-{i:02d}"
            issued_by = "zhzf" if ag == "jszf" else ag
            prefix = "浙0700" if AGENCY[ag].get("vertical") else "浙0727"
            start_year = rng.choice([2021, 2022, 2023, 2024])
            vf = dt.date(start_year, rng.randint(1, 12), rng.randint(1, 28))
            cert = dict(number=f"{prefix}{_AGENCY_CODE[ag]}{rng.randint(10000, 99999)}", issued_by=issued_by,
                        valid_from=vf.isoformat(), valid_until=dt.date(start_year + 5, vf.month, vf.day).isoformat(),
                        revoked_on=None)
            if pid == EXPIRED_OFFICER:
                cert.update(valid_from="2020-07-01", valid_until="2025-06-30")
            if pid == REVOKED_OFFICER:
                cert.update(revoked_on="2025-08-15")
            if pid == NEW_OFFICER:
                cert.update(valid_from="2025-03-01", valid_until="2030-02-28")
            if ag == "jszf":
                cert.update(valid_from="2024-11-20", valid_until="2029-11-19")
            out.append(dict(id=pid, name=name, agency=ag, role="officer", certificate=cert))
    out += [
        dict(id="scjg-t01", name="朱佳慧", agency="scjg", role="temporary", certificate=None),
        dict(id="zhzf-a01", name="羊国强", agency="zhzf", role="auxiliary", certificate=None),
        dict(id="jszf-g01", name="孔小军", agency="jszf", role="grid-worker", certificate=None),
    ]
    return out


# Enterprises: (key, name, industry, uscc kind, tags)
ENTERPRISE_SPECS = [
    # 中草药种植 A0170
    ("g01", "磐安县大盘山白术专业合作社", "A0170", "93", []),
    ("g02", "磐安县新渥元胡专业合作社", "A0170", "93", []),
    ("g03", "磐安县玉山浙贝母专业合作社", "A0170", "93", []),
    ("g04", "磐安县尖山玄参种植专业合作社", "A0170", "93", []),
    ("g05", "磐安县仁川白芍种植专业合作社", "A0170", "93", []),
    ("g06", "磐安县冷水天麻专业合作社", "A0170", "93", []),
    ("g07", "磐安县方前中药材种植家庭农场", "A0170", "92", []),
    ("g08", "磐安县安文道地药材种植有限公司", "A0170", "91", []),
    ("g09", "浙江磐五味中药材发展有限公司", "A0170", "91", []),
    ("g10", "磐安县双溪铁皮石斛种植有限公司", "A0170", "91", []),
    ("g11", "磐安县胡宅灵芝种植专业合作社", "A0170", "93", []),
    ("g12", "磐安县维新百合种植专业合作社", "A0170", "93", []),
    ("g13", "磐安县盘峰桔梗专业合作社", "A0170", "93", []),
    ("g14", "磐安县九和白术种植家庭农场", "A0170", "92", []),
    ("g15", "磐安县窈川生态药材基地有限公司", "A0170", "91", []),
    # 中药饮片加工 C2730
    ("d01", "浙江磐安大盘山中药饮片有限公司", "C2730", "91", ["dust-explosion"]),
    ("d02", "磐安县江南药业饮片有限公司", "C2730", "91", []),
    ("d03", "浙江九草堂中药饮片有限公司", "C2730", "91", ["confined-space"]),
    ("d04", "磐安县浙八味中药饮片有限公司", "C2730", "91", []),
    ("d05", "浙江磐康中药饮片有限公司", "C2730", "91", []),
    ("d06", "磐安县天顺中药饮片有限公司", "C2730", "91", []),
    ("d07", "浙江养心堂药业有限公司", "C2730", "91", ["dust-explosion"]),
    ("d08", "磐安县新渥中药饮片有限公司", "C2730", "91", []),
    ("d09", "浙江道地源中药饮片有限公司", "C2730", "91", []),
    ("d10", "磐安县仁济中药饮片有限公司", "C2730", "91", []),
    ("d11", "浙江磐安白术产业发展有限公司", "C2730", "91", []),
    ("d12", "磐安县百草园中药饮片有限公司", "C2730", "91", []),
    # 中药材批发 F5152 (w09 carries a wrong check character on purpose; w10 a wrong organization-code check)
    ("w01", "磐安县浙八味药材经营有限公司", "F5152", "91", []),
    ("w02", "磐安县新渥镇康源中药材经营部", "F5152", "92", []),
    ("w03", "磐安县特产市场华东药材商行", "F5152", "92", []),
    ("w04", "浙江磐安中药材交易有限公司", "F5152", "91", []),
    ("w05", "磐安县鑫源中药材贸易有限公司", "F5152", "91", []),
    ("w06", "磐安县和济药材有限公司", "F5152", "91", []),
    ("w07", "浙江磐宝中药材供应链有限公司", "F5152", "91", []),
    ("w08", "磐安县同济药材经营部", "F5152", "92", []),
    ("w09", "磐安县天和中药材经营部", "F5152", "92", []),
    ("w10", "磐安县玉山镇春晖药材商行", "F5152", "92", []),
    # 中药零售 F5252
    ("r01", "磐安县国医堂大药房有限公司", "F5252", "91", []),
    ("r02", "磐安县安文百草堂中药店", "F5252", "92", []),
    ("r03", "磐安县回春堂国药馆有限公司", "F5252", "91", []),
    ("r04", "磐安县仁和中药房", "F5252", "92", []),
    ("r05", "磐安县济生堂中药店", "F5252", "92", []),
    ("r06", "磐安县杏林中药饮片零售店", "F5252", "92", []),
    # 食品制造 C13/C14/C15
    ("f01", "磐安县高山香菇食品有限公司", "C1372", "91", ["ammonia-refrigeration"]),
    ("f02", "浙江磐安云峰茶业有限公司", "C1530", "91", []),
    ("f03", "磐安县大盘山茶叶有限公司", "C1530", "91", []),
    ("f04", "磐安县山珍速冻食品有限公司", "C1432", "91", ["ammonia-refrigeration"]),
    ("f05", "磐安县十八涡酒业有限公司", "C1515", "91", ["confined-space"]),
    ("f06", "磐安县磐峰米面制品有限公司", "C1431", "91", []),
    ("f07", "浙江磐安药膳食品有限公司", "C1492", "91", ["dust-explosion"]),
    # 其他制造业
    ("m01", "磐安县新兴木业有限公司", "C2021", "91", ["dust-explosion"]),
    ("m02", "浙江磐安竹木制品有限公司", "C2041", "91", ["dust-explosion"]),
    ("m03", "磐安县恒达铝业有限公司", "C3392", "91", ["dust-explosion"]),
    ("m04", "浙江磐安化工有限公司", "C2661", "91", ["major-hazard", "confined-space"]),
    ("m05", "磐安县万达精细化工有限公司", "C2669", "91", ["major-hazard"]),
    ("m06", "磐安县汽配实业有限公司", "C3670", "91", []),
    ("m07", "浙江磐达摩托车配件有限公司", "C3752", "91", []),
    ("m08", "磐安县精工五金有限公司", "C3389", "91", []),
    ("m09", "磐安县永盛磁业有限公司", "C3985", "91", []),
    ("m10", "浙江磐安塑业有限公司", "C2927", "91", []),
    ("m11", "磐安县力源机械有限公司", "C3484", "91", []),
    ("m12", "磐安县华峰包装有限公司", "C2231", "91", []),
    ("m13", "磐安县宏运纺织印染有限公司", "C1713", "91", ["confined-space"]),
    ("m14", "浙江磐安电器有限公司", "C3856", "91", []),
    ("m15", "磐安县兴旺饲料有限公司", "C1329", "91", ["dust-explosion"]),
    ("m16", "磐安县华美印刷有限公司", "C2319", "91", []),
    # 住宿 H61
    ("h01", "磐安县大盘山国际大酒店有限公司", "H6110", "91", []),
    ("h02", "磐安县花溪风景区度假酒店有限公司", "H6110", "91", []),
    ("h03", "磐安县云山宾馆有限公司", "H6121", "91", []),
    ("h04", "磐安县安文商务酒店有限公司", "H6121", "91", []),
    ("s01", "磐安县榉溪听溪民宿", "H6130", "92", []),
    ("s02", "磐安县灵江源山居民宿有限公司", "H6130", "91", []),
    ("s03", "磐安县尖山镇乌石村云上人家民宿", "H6130", "92", []),
    ("s04", "磐安县十八涡隐居民宿有限公司", "H6130", "91", []),
    ("s05", "磐安县尖山镇管头村溪畔人家民宿", "H6130", "92", []),
    # 餐饮 H62
    ("e01", "磐安县药膳坊餐饮有限公司", "H6210", "91", []),
    ("e02", "磐安县乌石村老屋饭店", "H6210", "92", []),
    ("e03", "磐安县新渥杜鹃饭店", "H6210", "92", []),
    ("e04", "磐安县玉山人家餐饮有限公司", "H6210", "91", []),
    ("e05", "磐安县安文小吃城餐饮管理有限公司", "H6220", "91", []),
    ("e06", "磐安县大盘山土菜馆", "H6210", "92", []),
    ("e07", "磐安县尖山镇望山酒家", "H6210", "92", []),
    ("e08", "磐安县百草宴餐饮有限公司", "H6210", "91", []),
    ("e09", "磐安县好味道快餐店", "H6220", "92", []),
    ("e10", "磐安县尖山镇管头村山水人家农家乐", "H6210", "92", []),
    ("e11", "磐安县尖山镇乌石村石屋农家乐饭店", "H6210", "92", []),
    # 道路货运 G5430, 采矿 B10, 旅行社 L7291, 歌舞厅 R9011
    ("t01", "磐安县顺通物流有限公司", "G5430", "91", []),
    ("t02", "磐安县安达货运有限公司", "G5430", "91", []),
    ("t03", "磐安县中药材物流配送有限公司", "G5430", "91", []),
    ("b01", "磐安县石门建材石料有限公司", "B1019", "91", []),
    ("b02", "磐安县青峰矿业有限公司", "B1012", "91", []),
    ("l01", "磐安县花溪国际旅行社有限公司", "L7291", "91", []),
    ("l02", "磐安县乡村旅游旅行社有限公司", "L7291", "91", []),
    ("k01", "磐安县星光娱乐有限公司", "R9011", "91", []),
    ("k02", "磐安县金色年华歌舞厅", "R9011", "92", []),
]

# Colours fixed where a scenario needs them; the rest are drawn.
FIXED_COLOUR = {"m16": "green", "d06": "orange", "d09": "red", "e03": "yellow", "m11": "blue",
                "m14": "yellow", "f06": "yellow", "m04": "red"}
NO_COLOUR = {"g07", "g14", "w08", "r06"}  # newly registered: not yet graded

INVALID_ENTERPRISE = "w09"     # GB 32100 check character wrong: data.invalid-uscc
ORG_CODE_ENTERPRISE = "w10"    # GB 32100 valid, GB 11714 check (position 17) wrong: data.uscc-org-code
BAD_CODE_ENTERPRISES = (INVALID_ENTERPRISE, ORG_CODE_ENTERPRISE)
UNKNOWN_ENTERPRISE_NAME = "磐安县尖山镇新开百味餐馆"


def build_enterprises(rng: random.Random) -> tuple[list[dict], dict[str, str]]:
    out = []
    keymap = {}
    seen = set()
    for key, name, industry, kind, tags in ENTERPRISE_SPECS:
        while True:
            code = make_uscc(rng, kind, old=(kind == "91" and rng.random() < 0.3))
            if code not in seen:
                break
        if key == INVALID_ENTERPRISE:
            wrong = [c for c in USCC_ALPHABET if c != code[17]]
            code = code[:17] + rng.choice(wrong)
            assert not uscc_valid(code)
        if key == ORG_CODE_ENTERPRISE:
            # position 17 mistyped, and the code's own check character (position 18) computed over the mistake,
            # as a registry that assembled the code from a wrong organization code would have done
            wrong = [c for c in "0123456789X" if c != code[16]]
            first17 = code[:16] + rng.choice(wrong)
            code = first17 + uscc_check(first17)
            assert uscc_valid(code) and not org_code_ok(code)
        seen.add(code)
        keymap[key] = code
        if key in FIXED_COLOUR:
            colour = FIXED_COLOUR[key]
        elif key in NO_COLOUR:
            colour = None
        else:
            colour = rng.choices(["green", "blue", "yellow", "orange", "red"], [30, 30, 24, 11, 5])[0]
        credit = None if key in NO_COLOUR else rng.choices(["A", "B", "C", "D"], [30, 50, 15, 5])[0]
        out.append(dict(id=code, name=name, industry=industry, risk_color=colour, credit_class=credit,
                        tags=list(tags)))
    return out, keymap


# Items: (id, agency, name, legal_basis, published_on, method, annual_cap, delegable, delegated_to, industries)
ITEM_SPECS = [
    ("scjg-01", "scjg", "食品经营许可及经营过程检查",
     "《中华人民共和国食品安全法》第三十五条、第八十七条；《食品生产经营监督检查管理办法》第十四条",
     "2025-01-20", "on-site", None, False, [], ["H61", "H62"]),
    ("scjg-02", "scjg", "食品生产企业监督检查",
     "《中华人民共和国食品安全法》第八十七条、第一百一十条；《食品生产经营监督检查管理办法》第十三条",
     "2025-01-20", "on-site", 4, False, [], ["C13", "C14", "C15"]),
    ("scjg-03", "scjg", "药品经营质量管理规范（GSP）执行情况检查",
     "《中华人民共和国药品管理法》第五十三条、第九十九条；《药品经营和使用质量监督管理办法》第六十二条",
     "2025-01-20", "on-site", None, False, [], ["F5152", "F5252"]),
    ("scjg-04", "scjg", "中药饮片质量监督检查",
     "《中华人民共和国药品管理法》第九十九条；《中华人民共和国中医药法》第二十五条",
     "2025-01-20", "on-site", None, False, [], ["C2730", "F5152", "F5252"]),
    ("scjg-05", "scjg", "特种设备使用单位监督检查",
     "《中华人民共和国特种设备安全法》第五十七条、第六十一条",
     "2025-01-20", "on-site", None, False, [], ["C", "H61"]),
    ("scjg-06", "scjg", "企业年度报告公示信息抽查",
     "《企业信息公示暂行条例》第十二条、第十四条",
     "2025-01-20", "off-site", None, False, [], []),
    ("scjg-07", "scjg", "计量器具使用情况检查",
     "《中华人民共和国计量法》第九条；《中华人民共和国计量法实施细则》第十一条",
     "2025-01-20", "either", None, False, [], ["F51", "F52", "H62"]),
    ("scjg-08", "scjg", "浙八味特产市场中药材质量专项检查事项",
     "《中华人民共和国中医药法》第二十四条；《中华人民共和国药品管理法》第九十八条",
     "2025-06-16", "on-site", None, False, [], ["F5152", "F5252"]),
    ("yjgl-01", "yjgl", "工贸企业安全生产监督检查",
     "《中华人民共和国安全生产法》第六十五条；《工贸企业重大事故隐患判定标准》（应急管理部令第10号）",
     "2025-01-24", "on-site", None, False, [], ["C"]),
    ("yjgl-02", "yjgl", "粉尘涉爆企业安全检查",
     "《工贸企业粉尘防爆安全规定》（应急管理部令第6号）第二十八条",
     "2025-01-24", "on-site", None, False, [], ["C"]),
    ("yjgl-03", "yjgl", "涉氨制冷企业安全检查",
     "《工贸企业重大事故隐患判定标准》（应急管理部令第10号）第十二条",
     "2025-01-24", "on-site", None, False, [], ["C"]),
    ("yjgl-04", "yjgl", "有限空间作业安全检查",
     "《工贸企业有限空间作业安全规定》（应急管理部令第13号）第二十二条",
     "2025-01-24", "on-site", None, False, [], ["C"]),
    ("yjgl-05", "yjgl", "安全生产教育和培训情况核查",
     "《中华人民共和国安全生产法》第二十八条、第三十条",
     "2025-01-24", "either", None, False, [], ["C", "B"]),
    ("yjgl-06", "yjgl", "生产安全事故应急预案备案及演练情况核查",
     "《生产安全事故应急预案管理办法》第二十六条、第三十三条",
     "2025-01-24", "off-site", None, False, [], ["C", "B"]),
    ("yjgl-07", "yjgl", "危险化学品重大危险源安全检查",
     "《危险化学品安全管理条例》第二十五条；《危险化学品重大危险源监督管理暂行规定》第二十九条",
     "2025-01-24", "on-site", 4, False, [], ["C26"]),
    ("zhzf-01", "zhzf", "餐饮服务单位油烟污染防治检查",
     "《中华人民共和国大气污染防治法》第八十一条、第一百一十八条",
     "2025-02-10", "on-site", None, True, ["jszf", "scjg"], ["H62"]),
    ("zhzf-02", "zhzf", "餐饮住宿场所燃气使用安全检查",
     "《城镇燃气管理条例》第二十八条；《浙江省燃气管理条例》第三十五条",
     "2025-02-10", "on-site", None, True, ["jszf", "xfjy"], ["H61", "H62"]),
    ("zhzf-03", "zhzf", "户外广告设施和招牌设置检查",
     "《浙江省城市市容和环境卫生管理条例》第十五条、第二十条",
     "2025-02-10", "either", None, True, ["jszf"], []),
    ("zhzf-04", "zhzf", "排水户污水排入排水管网情况检查",
     "《城镇排水与污水处理条例》第二十一条、第五十条",
     "2025-02-10", "on-site", None, False, [], ["H62", "C"]),
    ("nync-01", "nync", "农药使用及农药使用记录检查",
     "《农药管理条例》第三十四条、第三十六条",
     "2025-02-14", "on-site", None, False, [], ["A01"]),
    ("nync-02", "nync", "中药材种植基地农产品质量安全检查",
     "《中华人民共和国农产品质量安全法》第四十八条、第五十五条",
     "2025-02-14", "either", None, False, [], ["A0170"]),
    ("nync-03", "nync", "农作物种子种苗生产经营检查",
     "《中华人民共和国种子法》第三十一条、第五十条",
     "2025-02-14", "on-site", None, False, [], ["A01"]),
    ("nync-04", "nync", "中药材产地初加工硫磺熏蒸情况检查",
     "《中华人民共和国中医药法》第二十二条、第五十七条",
     None, "on-site", None, False, [], ["A0170"]),
    ("sthj-01", "sthj", "排污许可证执行情况检查",
     "《排污许可管理条例》第三十条；《中华人民共和国环境保护法》第二十四条",
     "2025-01-22", "on-site", None, False, [], ["C"]),
    ("sthj-02", "sthj", "排污单位自行监测数据核查",
     "《排污许可管理条例》第十九条、第三十三条",
     "2025-01-22", "off-site", None, False, [], ["C"]),
    ("sthj-03", "sthj", "危险废物规范化环境管理检查",
     "《中华人民共和国固体废物污染环境防治法》第七十八条、第一百一十二条",
     "2025-01-22", "on-site", None, False, [], ["C"]),
    ("wsjk-01", "wsjk", "公共场所卫生监督检查",
     "《公共场所卫生管理条例》第十四条；《公共场所卫生管理条例实施细则》第三十二条",
     "2025-02-20", "on-site", None, True, ["scjg"], ["H61"]),
    ("wsjk-02", "wsjk", "用人单位职业病危害防治情况检查",
     "《中华人民共和国职业病防治法》第六十二条、第六十三条",
     "2025-02-20", "either", None, False, [], ["C"]),
    ("xfjy-01", "xfjy", "消防安全检查",
     "《中华人民共和国消防法》第五十三条；《消防监督检查规定》（公安部令第120号）第六条",
     "2025-01-15", "on-site", None, False, [], []),
    ("xfjy-02", "xfjy", "消防设施维护保养检测记录核查",
     "《中华人民共和国消防法》第十六条；《消防设施通用规范》",
     "2025-01-15", "either", None, True, ["zhzf", "jszf"], []),
    ("zrzy-01", "zrzy", "矿产资源开采监督检查",
     "《中华人民共和国矿产资源法》第四十五条；《矿产资源开采登记管理办法》",
     "2025-02-25", "on-site", None, False, [], ["B"]),
    ("zrzy-02", "zrzy", "建设用地批后监管检查",
     "《中华人民共和国土地管理法》第六十七条",
     "2025-02-25", "either", None, False, [], []),
    ("jtys-01", "jtys", "道路货物运输企业安全生产检查",
     "《中华人民共和国道路运输条例》第七十七条；《道路货物运输及站场管理规定》",
     "2025-02-18", "on-site", None, False, [], ["G54"]),
    ("jtys-02", "jtys", "道路运输车辆动态监控情况核查",
     "《道路运输车辆动态监督管理办法》第三十三条",
     "2025-02-18", "off-site", None, False, [], ["G54"]),
    ("wgly-01", "wgly", "旅行社经营行为检查",
     "《旅行社条例》第四十一条",
     "2025-02-21", "either", None, False, [], ["L7291"]),
    ("wgly-02", "wgly", "娱乐场所经营活动检查",
     "《娱乐场所管理条例》第三十五条",
     "2025-02-21", "on-site", None, False, [], ["R901"]),
]


def build_items() -> list[dict]:
    out = []
    for (iid, ag, name, basis, pub, method, cap, deleg, to, inds) in ITEM_SPECS:
        out.append(dict(id=iid, agency=ag, name=name, legal_basis=basis, published_on=pub, method=method,
                        annual_cap=cap, delegable=deleg, delegated_to=list(to), industries=list(inds)))
    return out


def entry(item, ents, method, times, duration, keymap):
    return dict(item=item, enterprises=None if ents is None else [keymap[k] for k in ents], method=method,
                times_per_year=times, duration_days=duration)


def build_plans(keymap) -> list[dict]:
    def E(item, ents, method="on-site", times=1, duration=0.5):
        return entry(item, ents, method, times, duration, keymap)

    def annual(pid, agencies, lead, published, entries):
        return dict(id=pid, year=YEAR, kind="annual", agencies=agencies, lead=lead, published_on=published,
                    entries=entries, special=None)

    def special(pid, agencies, lead, published, entries, **sp):
        base = dict(deployed_by_superior=False, legality_review_on=None, collective_discussion_on=None,
                    approved_on=None, approved_by=None)
        base.update(sp)
        return dict(id=pid, year=YEAR, kind="special", agencies=agencies, lead=lead, published_on=published,
                    entries=entries, special=base)

    c2730 = [f"d{i:02d}" for i in range(1, 13)]
    plans = [
        # ---- single-agency annual plans --------------------------------------------------------------
        annual("PL-2025-SCJG", ["scjg"], None, "2025-02-20", [
            E("scjg-02", ["f01", "f02", "f03", "f04", "f05", "f06", "f07"], duration=0.25),
            E("scjg-05", ["m04", "m05", "m13", "f04"], duration=0.25),
            E("scjg-03", ["r01", "r02", "r03", "r04", "r05"], duration=0.25),
        ]),
        annual("PL-2025-YJGL", ["yjgl"], None, "2025-02-28", [
            E("yjgl-01", ["m01", "m02", "m03", "m04", "m05", "m06", "m07", "m09", "m10", "m13", "m15", "f01",
                          "f04", "f05"], duration=1.0),
            E("yjgl-02", ["m01", "m02", "m03", "m15", "f07"], times=2, duration=1.0),
            E("yjgl-03", ["f01", "f04"], duration=1.0),
            E("yjgl-04", ["m04", "m13", "f05"], duration=1.0),
            E("yjgl-07", ["m04", "m05"], times=2, duration=1.0),
        ]),
        annual("PL-2025-ZHZF", ["zhzf"], None, "2025-03-10", [
            E("zhzf-04", ["m13", "f05", "f06"], duration=0.125),
            E("zhzf-03", ["h01", "h02", "h03", "h04", "r01", "r03", "w01", "w04"], method="off-site",
              duration=0.125),
        ]),
        annual("PL-2025-NYNC", ["nync"], None, "2025-03-05", [
            E("nync-01", ["g01", "g02", "g03", "g04", "g05", "g06", "g08", "g09", "g10", "g13", "g15"],
              duration=1.0),
            E("nync-03", ["g01", "g03", "g09", "g11"], duration=1.0),
            E("nync-02", ["g02", "g05", "g06", "g07", "g11", "g12", "g14"], method="off-site", duration=0.25),
        ]),
        annual("PL-2025-STHJ", ["sthj"], None, "2025-03-12", [
            E("sthj-01", ["m04", "m05", "m10", "m13", "m16", "f05", "f04"], duration=0.5),
            E("sthj-03", ["m03", "m04", "m05", "m08"], duration=0.5),
            E("sthj-02", ["m04", "m05", "m13", "f05"], method="off-site", times=2, duration=0.5),
        ]),
        annual("PL-2025-WSJK", ["wsjk"], None, "2025-03-18", [
            E("wsjk-02", ["m01", "m02", "m03", "m08", "m09", "m15"], method="off-site", duration=0.25),
        ]),
        annual("PL-2025-XFJY", ["xfjy"], None, "2025-02-25", [
            E("xfjy-01", ["m04", "m05", "m13", "m10", "m12"], duration=0.25),
            E("xfjy-01", ["k01", "k02"], duration=0.5),
        ]),
        annual("PL-2025-ZRZY", ["zrzy"], None, "2025-03-28", [
            E("zrzy-01", ["b01", "b02"], times=2, duration=1.0),
            E("zrzy-02", ["m06", "m07", "m14", "d11"], method="off-site", duration=0.5),
        ]),
        annual("PL-2025-JTYS", ["jtys"], None, "2025-04-18", [  # published late: after 03-31
            E("jtys-01", ["t01", "t02", "t03"], duration=0.5),
            E("jtys-02", ["t01", "t02", "t03"], method="off-site", times=2, duration=0.125),
        ]),
        annual("PL-2025-WGLY", ["wgly"], None, "2025-03-20", [
            E("wgly-01", ["l01", "l02"], method="off-site", duration=0.25),
            E("wgly-02", ["k01", "k02"], duration=0.5),  # with xfjy's entry for the same KTVs: 低频就高频
        ]),
        # ---- multi-agency annual plans ---------------------------------------------------------------
        annual("PL-2025-HERB", ["scjg", "yjgl", "sthj", "xfjy"], "scjg", "2025-03-25", [
            E("scjg-04", c2730, duration=0.5),
            E("yjgl-01", ["d01", "d02", "d03", "d04", "d05", "d06", "d07", "d08", "d10", "d11", "d12"],
              duration=0.5),
            E("yjgl-02", ["d01", "d07"], duration=0.5),
            E("yjgl-04", ["d03"], duration=0.5),
            E("sthj-01", ["d01", "d03", "d05", "d07", "d11"], duration=0.5),
            E("scjg-03", ["w01", "w02", "w03", "w04", "w05", "w06", "w07"], duration=0.25),
            E("xfjy-01", ["w01", "w03", "w04", "w05", "w07", "d01", "d02", "d04", "d05", "d08"], duration=0.25),
        ]),
        annual("PL-2025-HOSP", ["zhzf", "scjg", "xfjy", "wsjk"], "zhzf", "2025-03-26", [
            E("zhzf-01", ["e01", "e02", "e04", "e05", "e06", "e08", "e09"], duration=0.25),
            E("zhzf-02", ["e01", "e02", "e04", "e05", "e06", "e08", "e09", "h01", "h02", "h03", "h04"],
              duration=0.25),
            E("scjg-01", ["e01", "e02", "e04", "e05", "e06", "e08", "e09", "h01", "h02", "h03", "h04"],
              duration=0.25),
            E("xfjy-01", ["e01", "e04", "e05", "e08", "h01", "h02", "h03", "h04"], duration=0.25),
            E("wsjk-01", ["h01", "h02", "h03", "h04"], duration=0.25),
        ]),
        # two agencies and no lead: plan.missing-lead
        annual("PL-2025-MINSU", ["wsjk", "scjg"], None, "2025-03-28", [
            E("wsjk-01", ["s01", "s02", "s03", "s04"], duration=0.25),
            E("scjg-01", ["s01", "s02", "s03", "s04"], duration=0.25),
        ]),
        # ---- special plans ---------------------------------------------------------------------------
        special("SP-2025-SCJG-YP", ["scjg"], None, "2025-04-18", [
            E("scjg-04", ["w01", "w02", "w03", "w04", "w05", "w06", "w07", "r01", "r02", "r03", "r04", "r05"],
              duration=0.25),
        ], legality_review_on="2025-04-01", collective_discussion_on="2025-04-08", approved_on="2025-04-15",
            approved_by="county-government"),
        special("SP-2025-XFJY-DC", ["xfjy"], None, "2025-01-10", [
            E("xfjy-01", ["s01", "s02", "s03", "s04", "k01", "k02", "e02", "e03", "e06", "e07", "e10", "w02",
                          "w06", "w08", "d03", "d06", "d09"], duration=0.125),
        ], deployed_by_superior=True),
        special("SP-2025-STHJ-VOC", ["sthj"], None, "2025-05-20", [
            E("sthj-01", ["m02", "m12", "m14", "d02", "d08"], duration=0.5),
        ], legality_review_on="2025-05-06", collective_discussion_on="2025-05-09", approved_on="2025-05-15",
            approved_by="vertical-superior"),
        # approved by the county government on 07-03, collectively discussed only on 07-08: 先批后议
        special("SP-2025-YJGL-GW", ["yjgl"], None, "2025-07-10", [
            E("yjgl-01", ["m08", "m12", "m14", "f03", "f07"], duration=0.5),
        ], legality_review_on="2025-06-30", collective_discussion_on="2025-07-08", approved_on="2025-07-03",
            approved_by="county-government"),
        special("SP-2025-ZHZF-YY", ["zhzf"], None, "2025-06-20", [
            E("zhzf-01", ["e03", "e07", "e10", "e06"], duration=0.25),
        ], legality_review_on="2025-06-03"),
        # last year's plan, named by mistake on a 2025 record (plan.outside-plan)
        dict(id="PL-2024-NYNC", year=2024, kind="annual", agencies=["nync"], lead=None, published_on="2024-03-22",
             entries=[E("nync-01", ["g01", "g02", "g03", "g04", "g05", "g12"], duration=1.0)], special=None),
    ]
    return plans


POLICY_TOML = """\
# 磐安县涉企行政检查规则参数（示例）/ Pan'an County policy parameters (example)
#
# Every key is optional; a key left out keeps the built-in default of shared/spec/rules.md.
# A value is either plain or a dated list [{ from = "YYYY-MM-DD", value = ... }]: the value in force on the
# record's date applies. The county's dated values are merged with the built-in ones by date (v1.1): in force on
# a day is the value with the latest `from` on or before it, the county's winning a tie.

# 同一行政执法主体对同一企业年度现场检查频次原则上不超过两次（征求意见稿（二）1（2））
onsite_cap_per_agency_enterprise_year = 2

# 年度行政检查计划于每年3月底前公布（（二）1（1））
plan_publication_deadline = "03-31"

# 临时性、“四不两直”、暗查暗访检查完成后一个工作日内补办批准手续并赋码（（二）2（1））
urgent_approval_grace_working_days = 1

# 行政处罚法第四十二条：执法人员不得少于两人
min_officers_on_site = 2

# 年度联合检查实施率：本县2025年起先按50%掌握（参照嘉善县）。2027年起的80%（浙政办发〔2025〕5号）是内置值，
# 按日期合并后仍然有效，不必在此重复
joint_rate_target = [
  { from = "2025-01-01", value = 0.5 },
]

# “五色工作法”：各色企业全年非豁免现场检查（各部门合计）上限。县级自定，示例数值。
risk_color_caps = { red = 6, orange = 5, yellow = 4, blue = 3, green = 2 }

# 豁免情形（投诉举报、转办交办等）现场检查“明显超过合理频次”的提示线：政策默认值，无法定依据
excessive_exempt_per_agency_enterprise_year = 6

# 多头检查预警：30日内3个以上部门分别入企（政策默认值）
multi_agency_window_days = 30
multi_agency_min_agencies = 3

# 重复检查预警：同一事项180日内再次检查（政策默认值）
repeat_window_days = 180

# 高频次检查预警：365日内现场检查达6次（政策默认值）
high_frequency_window_days = 365
high_frequency_min_inspections = 6

# 罚后回访：处罚决定后90日内回访（政策默认值）
return_visit_days = 90

# “检查时长相近”：两项计划的单次时长之比不超过1.5（政策默认值）
plan_merge_duration_ratio = 1.5

# 行政行为码格式（（二）2（1）亮码检查）。未见文件规定码的格式：此为本示例数据所用的假设格式（ZJXZ + 行政区划代码
# 330727 + 赋码日期 + 5位流水号，例如 ZJXZ3307272025030400017），县里按省平台实际生成的码设定。整个码须与该正则表达式相符
code_pattern = "ZJXZ330727(20[0-9]{2})(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{5}"
"""

# Built-in parameters of rules.md "Parameters": (from or None for "since always", value), in date order.
BUILTIN_PARAMS = {
    "onsite_cap_per_agency_enterprise_year": [(None, 2)],
    "plan_publication_deadline": [(None, "03-31")],
    "urgent_approval_grace_working_days": [(None, 1)],
    "min_officers_on_site": [(None, 2)],
    "joint_rate_target": [(dt.date(2027, 1, 1), 0.8)],
    "risk_color_caps": [],
    "excessive_exempt_per_agency_enterprise_year": [(None, 6)],
    "multi_agency_window_days": [(None, 30)],
    "multi_agency_min_agencies": [(None, 3)],
    "repeat_window_days": [(None, 180)],
    "high_frequency_window_days": [(None, 365)],
    "high_frequency_min_inspections": [(None, 6)],
    "return_visit_days": [(None, 90)],
    "plan_merge_duration_ratio": [(None, 1.5)],
    "code_pattern": [],
}


def merge_params(builtin: dict, county: dict) -> dict:
    """The county's values merged with the built-in ones by date (rules.md v1.1): a county value takes the place of
    a built-in one only where both start on the same day (a plain value: since always)."""
    out = {}
    for name, values in builtin.items():
        c = county.get(name)
        if c is None:
            out[name] = list(values)
            continue
        cv = [(D(x["from"]), x["value"]) for x in c] if isinstance(c, list) else [(None, c)]
        froms = {f for f, _ in cv}
        merged = [(f, v) for f, v in values if f not in froms] + cv
        out[name] = sorted(merged, key=lambda fv: (fv[0] is not None, fv[0] or dt.date.min))
    unknown = set(county) - set(builtin)
    assert not unknown, unknown
    return out


PARAMS = merge_params(BUILTIN_PARAMS, tomllib.loads(POLICY_TOML))


def param(name: str, day: dt.date):
    """The value in force on `day`: the one with the latest `from` on or before it; None when none is."""
    cur = None
    for f, v in PARAMS[name]:
        if f is None or f <= day:
            cur = v
    return cur


# ---------------------------------------------------------------------------------------------------------
# Reference checker (rules.md v1.1; where it is silent, as docs/interpretation.md and the rules' notes read it)
# ---------------------------------------------------------------------------------------------------------

ALWAYS_EXEMPT = {"complaint", "referral", "data-monitoring", "patrol", "enterprise-request"}
BAD_KINDS = {"coordinating-body", "third-party", "intermediary"}
ENTRUSTED = "entrusted-organization"

# In the catalogue's order (`jiancha rules`).
RULE_IDS = [
    "subject.unqualified-agency", "subject.invalid-entrustment", "subject.uncertified-inspector",
    "subject.inspector-agency-mismatch", "subject.too-few-officers", "item.unpublished", "item.foreign-agency",
    "item.invalid-delegation", "approval.missing", "code.missing", "code.late", "code.time-missing",
    "code.malformed", "code.urgent-late", "calendar.unknown-year", "notice.missing", "notice.incomplete",
    "conduct.gifts", "conduct.hospitality", "conduct.expenses-charged", "conduct.designated-intermediary",
    "conduct.legal-rep-required", "conduct.arbitrary-measure", "conduct.disguised-inspection",
    "method.offsite-capable", "penalty.minor-no-harm", "penalty.first-minor", "data.invalid-uscc",
    "data.uscc-org-code", "data.unknown-reference", "data.time-order",
    "frequency.onsite-cap", "frequency.excessive-exempt", "frequency.risk-color", "plan.outside-plan",
    "alert.multi-agency", "alert.repeated", "alert.high-frequency", "penalty.no-return-visit",
    "plan.late-publication", "plan.missing-lead", "plan.special-unapproved", "plan.merge-suggestion",
    "agency.assessment-quota", "joint.rate-below-target",
]
NEW_IN_V11 = ["code.time-missing", "code.malformed", "penalty.minor-no-harm", "data.uscc-org-code"]


class DS:
    def __init__(self, agencies, inspectors, enterprises, items, plans):
        self.agencies = {a["id"]: a for a in agencies}
        self.inspectors = {p["id"]: p for p in inspectors}
        self.enterprises = {e["id"]: e for e in enterprises}
        self.items = {i["id"]: i for i in items}
        self.plans = {p["id"]: p for p in plans}

    def organ(self, a: str) -> str:
        """The organ an agency acts for: an entrusted organization acts in the name of the organ that entrusted it
        (行政处罚法 art. 20; rules.md "Counted agencies"); anything else acts for itself. An entrustment by an unknown
        agency or by another entrusted organization is no organ to act for."""
        ag = self.agencies.get(a)
        if ag and ag["kind"] == ENTRUSTED:
            by = self.agencies.get(ag.get("entrusted_by") or "")
            if by and by["kind"] != ENTRUSTED:
                return by["id"]
        return a


def day_of(r) -> dt.date:
    return r["started_at"].astimezone(TZ).date()


def is_insp(r) -> bool:
    return r.get("activity", "inspection") == "inspection" or bool(r["items"])


def is_onsite(r) -> bool:
    return r["mode"] == "on-site" and is_insp(r)


def counted(r, ds: DS) -> list[str]:
    """Counted agencies, each as the organ it acts for: the lead, the joint agencies and `delegated_by`."""
    out = []
    for a in [r["lead_agency"], *r["joint_agencies"], r.get("delegated_by")]:
        if a and ds.organ(a) not in out:
            out.append(ds.organ(a))
    return out


def named(r) -> list[str]:
    """Every agency the record names, as written: lead, joint, delegating and entrusted agency."""
    out = []
    for a in [r["lead_agency"], *r["joint_agencies"], r.get("delegated_by"), r.get("entrusted_agency")]:
        if a and a not in out:
            out.append(a)
    return out


def is_joint(r, ds: DS) -> bool:
    lead = ds.organ(r["lead_agency"])
    return any(ds.organ(j) != lead for j in r["joint_agencies"])


def is_exempt(r, ds: DS) -> bool:
    if r["trigger"] in ALWAYS_EXEMPT:
        return True
    if r["trigger"] == "special":
        p = ds.plans.get(r.get("plan") or "")
        return bool(p and p.get("special") and p["special"].get("deployed_by_superior"))
    return False


def cert_valid(cert, d: dt.date) -> bool:
    if not cert:
        return False
    if d < D(cert["valid_from"]) or d > D(cert["valid_until"]):
        return False
    return not (cert.get("revoked_on") and d >= D(cert["revoked_on"]))


def item_applies(item, industry) -> bool:
    return not item["industries"] or any(industry.startswith(p) for p in item["industries"])


def entry_covers(e, ent_id, ds: DS) -> bool:
    if e["enterprises"] is not None:
        return ent_id in e["enterprises"]
    item = ds.items.get(e["item"])
    ent = ds.enterprises.get(ent_id)
    if item is None:
        return True
    if ent is None:
        return not item["industries"]
    return item_applies(item, ent["industry"])


def has_code(r) -> bool:
    return bool((r.get("code") or "").strip())


def entrustment_bad(r, ds: DS, d: dt.date) -> bool:
    """subject.invalid-entrustment: the lead is an entrusted organization (it acted in its own name); or
    `entrusted_agency` is not an entrusted organization of the lead; or an entrusted organization the record names
    has no (valid) `entrusted_by` or its entrustment was not published before the inspection day."""
    lead = ds.agencies.get(r["lead_agency"])
    if lead and lead["kind"] == ENTRUSTED:
        return True
    ea = ds.agencies.get(r.get("entrusted_agency") or "")
    if ea and (ea["kind"] != ENTRUSTED or ea.get("entrusted_by") != r["lead_agency"]):
        return True
    for a in named(r):
        ag = ds.agencies.get(a)
        if not ag or ag["kind"] != ENTRUSTED:
            continue
        by = ds.agencies.get(ag.get("entrusted_by") or "")
        pub = ag.get("entrustment_published_on")
        if not by or by["kind"] == ENTRUSTED or not pub or D(pub) >= d:
            return True
    return False


def per_record(r, ds: DS) -> list[str]:
    f = []
    d = day_of(r)
    insp = is_insp(r)
    urgent = r.get("urgency") is not None
    onsite = r["mode"] == "on-site"
    cnt = counted(r, ds)
    entrusted = r.get("entrusted_agency")
    if insp:
        if any(ds.agencies[a]["kind"] in BAD_KINDS for a in named(r) if a in ds.agencies):
            f.append("subject.unqualified-agency")
        if entrustment_bad(r, ds, d):
            f.append("subject.invalid-entrustment")
        known = [ds.inspectors[p] for p in dict.fromkeys(r["inspectors"]) if p in ds.inspectors]

        def taking_part(p):  # employed by a counted agency (as the organ it acts for) or by the entrusted agency
            return ds.organ(p["agency"]) in cnt or p["agency"] == entrusted
        if any(p["role"] != "officer" or not cert_valid(p["certificate"], d) for p in known):
            f.append("subject.uncertified-inspector")
        if any(not taking_part(p) for p in known):
            f.append("subject.inspector-agency-mismatch")
        if onsite and sum(1 for p in known if p["role"] == "officer" and cert_valid(p["certificate"], d)
                          and taking_part(p)) < param("min_officers_on_site", d):
            f.append("subject.too-few-officers")
        if any(i not in ds.items or not ds.items[i]["published_on"] or D(ds.items[i]["published_on"]) > d
               for i in r["items"]):
            f.append("item.unpublished")
        lead = ds.organ(r["lead_agency"])
        delegating = ds.organ(r["delegated_by"]) if r.get("delegated_by") else None
        for i in r["items"]:
            it = ds.items.get(i)
            if not it:
                continue
            to_lead = it["delegable"] and any(ds.organ(x) == lead for x in it["delegated_to"])
            if ds.organ(it["agency"]) not in cnt and not to_lead:
                f.append("item.foreign-agency")
            if delegating and ds.organ(it["agency"]) == delegating and not to_lead:
                f.append("item.invalid-delegation")
        appr = r.get("approval")
        if not urgent and (appr is None or appr["approved_at"] > r["started_at"]):
            f.append("approval.missing")
        if onsite and not has_code(r):
            f.append("code.missing")
        if onsite and has_code(r) and not r.get("code_assigned_at"):
            f.append("code.time-missing")
        pattern = param("code_pattern", d)
        if has_code(r) and pattern is not None and not re.fullmatch(pattern, r["code"]):
            f.append("code.malformed")
        if not urgent and onsite and has_code(r) and r.get("code_assigned_at") \
                and r["code_assigned_at"] > r["started_at"]:
            f.append("code.late")
        if urgent:
            late = False
            unknown = False
            deadline = None

            def dl():
                nonlocal deadline, unknown
                if deadline is None:
                    end_day = r["ended_at"].astimezone(TZ).date()
                    deadline, unknown = working_deadline(r["ended_at"],
                                                         param("urgent_approval_grace_working_days", end_day))
                return deadline
            if appr is None:
                late = True
            elif appr["approved_at"] > r["started_at"] and appr["approved_at"] >= dl():
                late = True
            if onsite:
                if not has_code(r):
                    late = True
                elif r.get("code_assigned_at") and r["code_assigned_at"] > r["started_at"] \
                        and r["code_assigned_at"] >= dl():
                    late = True
            if late:
                f.append("code.urgent-late")
            if unknown:
                f.append("calendar.unknown-year")
        n = r.get("notice")
        if not urgent and not r.get("notice_exemption") and (n is None or n["sent_at"] > r["started_at"]):
            f.append("notice.missing")
        if n and not all(n[k] for k in ("time", "basis", "purpose", "content")):
            f.append("notice.incomplete")
        if onsite and r["items"] and all(i in ds.items for i in r["items"]) \
                and all(ds.items[i]["method"] in ("off-site", "either") for i in r["items"]):
            f.append("method.offsite-capable")
    c = r.get("conduct") or {}
    for k, rule in [("gifts", "conduct.gifts"), ("hospitality", "conduct.hospitality"),
                    ("expenses_charged", "conduct.expenses-charged"),
                    ("designated_intermediary", "conduct.designated-intermediary"),
                    ("legal_rep_required", "conduct.legal-rep-required")]:
        if c.get(k):
            f.append(rule)
    if any(not (m.get("legal_basis") or "").strip() for m in r.get("measures") or []):
        f.append("conduct.arbitrary-measure")
    if r.get("activity", "inspection") != "inspection" and r["items"]:
        f.append("conduct.disguised-inspection")
    p = r.get("penalty")
    if p:
        # 行政处罚法 art. 33(1): 轻微、及时改正、没有造成危害后果的，不予处罚 (mandatory); 初次违法且危害后果轻微并及时
        # 改正的，可以不予处罚 (discretionary; harm unknown: a minor violation stands for a slight harm)
        harm = p.get("harm")
        if p["minor"] and p["corrected"] and harm == "none":
            f.append("penalty.minor-no-harm")
        elif p["first_offense"] and p["corrected"] and (harm == "minor" or (harm is None and p["minor"])):
            f.append("penalty.first-minor")
    if not uscc_valid(r["enterprise"]):
        f.append("data.invalid-uscc")
    elif not org_code_ok(r["enterprise"]):
        f.append("data.uscc-org-code")
    refs_ok = (all(a in ds.agencies for a in named(r))
               and all(p in ds.inspectors for p in r["inspectors"]) and r["enterprise"] in ds.enterprises
               and all(i in ds.items for i in r["items"]) and (not r.get("plan") or r["plan"] in ds.plans))
    if not refs_ok:
        f.append("data.unknown-reference")
    if r["ended_at"] < r["started_at"]:
        f.append("data.time-order")
    return list(dict.fromkeys(f))


def okey(r):
    return (r["started_at"], r["id"])


def item_cap_for(it, agency: str, ds: DS) -> int | None:
    """An item's national yearly cap raises only the cap of its own agency (as organ) or of an agency it is delegated
    to (rules.md v1.1 frequency.onsite-cap)."""
    if not it or not it["annual_cap"]:
        return None
    if ds.organ(it["agency"]) == agency or (it["delegable"] and any(ds.organ(x) == agency
                                                                    for x in it["delegated_to"])):
        return it["annual_cap"]
    return None


def outside_plan_reason(r, p, ent, ds: DS) -> str | None:
    """Why a plan/special record is outside its plan (before counting the times), or None."""
    if p is None:
        return "missing"
    if p["year"] != day_of(r).year:
        return "year"
    if not any(ds.organ(a) in counted(r, ds) for a in p["agencies"]):
        return "agency"
    if not r["items"]:
        return None if any(entry_covers(e, ent, ds) for e in p["entries"]) else "coverage"
    for i in r["items"]:
        if not any(e["item"] == i and entry_covers(e, ent, ds) for e in p["entries"]):
            return "coverage"
    if is_onsite(r):
        for i in r["items"]:
            if not any(e["item"] == i and entry_covers(e, ent, ds) and e["method"] == "on-site"
                       for e in p["entries"]):
                return "method"
    return None


def cross(records, ds: DS, latest_day: dt.date) -> dict[str, list[tuple[str, list[str]]]]:
    """Cross-record findings: id -> [(rule, related ids)]."""
    out: dict[str, list] = defaultdict(list)
    recs = sorted(records, key=okey)
    insp = [r for r in recs if is_insp(r)]
    by_ent = defaultdict(list)
    for r in insp:
        by_ent[r["enterprise"]].append(r)
    for ent, rs in by_ent.items():
        colour = ds.enterprises.get(ent, {}).get("risk_color")
        # frequency.onsite-cap / excessive-exempt (per counted agency and year) / risk-color (per year)
        hist = defaultdict(list)
        ex_hist = defaultdict(list)
        col_hist = defaultdict(list)
        for r in rs:
            if not is_onsite(r):
                continue
            d = day_of(r)
            y = d.year
            if is_exempt(r, ds):
                for a in counted(r, ds):
                    ex_hist[(a, y)].append(r["id"])
                    if len(ex_hist[(a, y)]) > param("excessive_exempt_per_agency_enterprise_year", d):
                        out[r["id"]].append(("frequency.excessive-exempt", ex_hist[(a, y)][:-1]))
            else:
                for a in counted(r, ds):
                    caps = [c for c in (item_cap_for(ds.items.get(i), a, ds) for i in r["items"]) if c]
                    cap = max([param("onsite_cap_per_agency_enterprise_year", d), *caps])
                    hist[(a, y)].append(r["id"])
                    if len(hist[(a, y)]) > cap:
                        out[r["id"]].append(("frequency.onsite-cap", hist[(a, y)][:-1]))
                col_hist[y].append(r["id"])
                caps = param("risk_color_caps", d) or {}
                if colour in caps and len(col_hist[y]) > caps[colour]:
                    out[r["id"]].append(("frequency.risk-color", col_hist[y][:-1]))
        # plan.outside-plan: outside the plan (missing, year, agency, coverage, method), then 超计划 per plan and
        # item (a record outside its plan uses none of its times)
        used = defaultdict(list)
        for r in rs:
            if r["trigger"] not in ("plan", "special"):
                continue
            p = ds.plans.get(r.get("plan") or "")
            if outside_plan_reason(r, p, ent, ds):
                out[r["id"]].append(("plan.outside-plan", []))
                continue
            over = []
            for i in dict.fromkeys(r["items"]):
                times = max([e["times_per_year"] for e in p["entries"]
                             if e["item"] == i and entry_covers(e, ent, ds)], default=0)
                used[(p["id"], i)].append(r["id"])
                if len(used[(p["id"], i)]) > times:
                    over += used[(p["id"], i)][:-1]
            if over:
                out[r["id"]].append(("plan.outside-plan", sorted(set(over))))
        # alert.multi-agency: separate (non-joint) on-site inspections, lead as the organ it acts for
        sep = [r for r in rs if is_onsite(r) and not is_joint(r, ds)]
        for k, r in enumerate(sep):
            d = day_of(r)
            win = [x for x in sep[:k] if (d - day_of(x)).days < param("multi_agency_window_days", d)]
            leads = {ds.organ(x["lead_agency"]) for x in win}
            lead = ds.organ(r["lead_agency"])
            if lead not in leads and len(leads | {lead}) >= param("multi_agency_min_agencies", d):
                out[r["id"]].append(("alert.multi-agency", [x["id"] for x in win]))
        # alert.repeated
        for k, r in enumerate(rs):
            d = day_of(r)
            for i in dict.fromkeys(r["items"]):
                prev = [x["id"] for x in rs[:k] if i in x["items"] and not is_exempt(x, ds)
                        and (d - day_of(x)).days < param("repeat_window_days", d)]
                if prev:
                    out[r["id"]].append(("alert.repeated", prev))
        # alert.high-frequency
        ons = [r for r in rs if is_onsite(r)]
        for k, r in enumerate(ons):
            d = day_of(r)
            win = [x for x in ons[:k + 1] if (d - day_of(x)).days < param("high_frequency_window_days", d)]
            if len(win) == param("high_frequency_min_inspections", d):
                out[r["id"]].append(("alert.high-frequency", [x["id"] for x in win[:-1]]))
    for r in recs:
        p = r.get("penalty")
        if p:
            dec = D(p["decided_on"])
            days = param("return_visit_days", dec)
            lim = dec + dt.timedelta(days=days)
            rv = p.get("return_visit_on")
            if (latest_day - dec).days > days and not (rv and dec <= D(rv) <= lim):
                out[r["id"]].append(("penalty.no-return-visit", []))
    return out


def plan_agency_findings(records, ds: DS) -> list[tuple[str, str, str, list[str]]]:
    """(scope, id, rule, related)."""
    out = []
    # a special plan's first inspection: the first record naming the plan that lists an item (v1.1)
    first_day = {}
    for r in records:
        if r.get("plan") and r["items"]:
            d = day_of(r)
            first_day[r["plan"]] = min(first_day.get(r["plan"], d), d)
    for p in ds.plans.values():
        if p["kind"] == "annual":
            mm, dd = (int(x) for x in param("plan_publication_deadline", dt.date(p["year"], 1, 1)).split("-"))
            if not p["published_on"] or D(p["published_on"]) > dt.date(p["year"], mm, dd):
                out.append(("plan", p["id"], "plan.late-publication", []))
        if len(set(p["agencies"])) >= 2 and (not p["lead"] or p["lead"] not in p["agencies"]):
            out.append(("plan", p["id"], "plan.missing-lead", []))
        if p["kind"] == "special" and not (p["special"] or {}).get("deployed_by_superior"):
            sp = p["special"] or {}
            lead = p["lead"] or (p["agencies"][0] if p["agencies"] else None)
            want = "vertical-superior" if lead and ds.agencies.get(lead, {}).get("vertical") else "county-government"
            fd = first_day.get(p["id"])
            for key in ("legality_review_on", "collective_discussion_on", "approved_on"):
                wrong_body = key == "approved_on" and sp.get("approved_on") and sp.get("approved_by") != want
                if not sp.get(key) or (fd and D(sp[key]) > fd) or wrong_body:
                    out.append(("plan", p["id"], "plan.special-unapproved", [key]))
            if not p["published_on"] or (fd and D(p["published_on"]) > fd):
                out.append(("plan", p["id"], "plan.special-unapproved", ["published_on"]))
            # 经合法性审核、集体讨论后…批准: approval before the review or the discussion (same day is in order). The
            # engine also reports publication before approval, which rules.md does not list; no plan here has it.
            ap = sp.get("approved_on")
            if ap and any(sp.get(k) and D(ap) < D(sp[k]) for k in ("legality_review_on", "collective_discussion_on")):
                out.append(("plan", p["id"], "plan.special-unapproved", ["order"]))
    plans = sorted((p for p in ds.plans.values() if p["kind"] == "annual"), key=lambda p: p["id"])
    for a in range(len(plans)):
        for b in range(a + 1, len(plans)):
            p, q = plans[a], plans[b]
            if p["year"] != q["year"] or set(p["agencies"]) & set(q["agencies"]):
                continue
            ratio = param("plan_merge_duration_ratio", dt.date(p["year"], 1, 1))
            for e in p["entries"]:
                for g in q["entries"]:
                    if e["method"] != g["method"]:
                        continue
                    lo, hi = sorted([e["duration_days"], g["duration_days"]])
                    if lo <= 0 or hi > lo * ratio:
                        continue
                    if not _entries_share(e, g, ds):
                        continue
                    if (e["times_per_year"], p["id"]) <= (g["times_per_year"], q["id"]):
                        out.append(("plan", p["id"], "plan.merge-suggestion", [q["id"], e["item"], g["item"]]))
                    else:
                        out.append(("plan", q["id"], "plan.merge-suggestion", [p["id"], g["item"], e["item"]]))
    for a in ds.agencies.values():
        if a.get("assessment_links"):
            out.append(("agency", a["id"], "agency.assessment-quota", []))
    # joint rate per agency (as the organ it acts for) and year; bodies that may not inspect are left out (v1.1)
    tally = defaultdict(lambda: [0, 0])
    for r in records:
        if is_onsite(r):
            for a in counted(r, ds):
                t = tally[(a, day_of(r).year)]
                t[0] += 1
                t[1] += is_joint(r, ds)
    for (a, y), (n, j) in sorted(tally.items()):
        if a not in ds.agencies or ds.agencies[a]["kind"] in BAD_KINDS:
            continue
        target = param("joint_rate_target", dt.date(y, 12, 31))
        if target is not None and j / n < target:
            out.append(("agency", a, "joint.rate-below-target", [f"{y}: {j}/{n} = {j / n:.2f}"]))
    return out


def joint_rates(records, ds: DS) -> dict[str, tuple[int, int]]:
    """Agency -> (joint, on-site) in YEAR, for the README."""
    tally = defaultdict(lambda: [0, 0])
    for r in records:
        if is_onsite(r) and day_of(r).year == YEAR:
            for a in counted(r, ds):
                tally[a][0] += is_joint(r, ds)
                tally[a][1] += 1
    return {a: (j, n) for a, (j, n) in tally.items() if a in ds.agencies and ds.agencies[a]["kind"] not in BAD_KINDS}


def _entries_share(e, g, ds: DS) -> bool:
    if e["enterprises"] is not None and g["enterprises"] is not None:
        return bool(set(e["enterprises"]) & set(g["enterprises"]))
    if e["enterprises"] is None and g["enterprises"] is None:
        return True
    whole, listed = (e, g) if e["enterprises"] is None else (g, e)
    return any(entry_covers(whole, x, ds) for x in listed["enterprises"])


RECORD_KEYS = {"id", "activity", "trigger", "plan", "mode", "lead_agency", "joint_agencies", "delegated_by",
               "entrusted_agency", "inspectors", "enterprise", "started_at", "ended_at", "items", "approval", "code",
               "code_assigned_at", "urgency", "notice", "notice_exemption", "conduct", "measures", "penalty", "sector_data"}
ENUMS = {
    "activity": {"inspection", "observation", "supervision", "study-visit", "visit"},
    "trigger": {"plan", "special", "random-sampling", "complaint", "referral", "data-monitoring", "patrol",
                "enterprise-request"},
    "mode": {"on-site", "off-site"},
    "notice_exemption": {None, "not-public-by-law", "unsuitable"},
}


def validate_dataset(agencies, inspectors, enterprises, items, plans, records, intent) -> list[str]:
    """Contract-level sanity: unique ids, no dangling reference inside the dataset, valid enums and keys; every code
    but the planted malformed ones in the county's `code_pattern`."""
    errs = []
    for name, rows in [("agencies", agencies), ("inspectors", inspectors), ("enterprises", enterprises),
                       ("items", items), ("plans", plans), ("records", records)]:
        ids = [x["id"] for x in rows]
        if len(ids) != len(set(ids)):
            errs.append(f"duplicate id in {name}")
    ag = {a["id"] for a in agencies}
    ents = {e["id"] for e in enterprises}
    its = {i["id"] for i in items}
    for a in agencies:
        if a["kind"] == "entrusted-organization" and a.get("entrusted_by") not in ag:
            errs.append(f"agency {a['id']}: entrusted_by")
    for p in inspectors:
        if p["agency"] not in ag or (p["certificate"] and p["certificate"]["issued_by"] not in ag):
            errs.append(f"inspector {p['id']}: agency reference")
        if p["role"] == "officer" and not p["certificate"]:
            errs.append(f"inspector {p['id']}: officer without certificate")
    bad = [e["id"] for e in enterprises if not uscc_valid(e["id"])]
    if len(bad) != 1:
        errs.append(f"expected exactly one invalid USCC, got {bad}")
    bad_org = [e["id"] for e in enterprises if uscc_valid(e["id"]) and not org_code_ok(e["id"])]
    if len(bad_org) != 1:
        errs.append(f"expected exactly one USCC with a wrong organization code, got {bad_org}")
    for e in enterprises:
        if e["id"][2:8] != "330727":
            errs.append(f"enterprise {e['id']}: region")
    for i in items:
        if i["agency"] not in ag or any(x not in ag for x in i["delegated_to"]):
            errs.append(f"item {i['id']}: agency reference")
        if i["delegated_to"] and not i["delegable"]:
            errs.append(f"item {i['id']}: delegated_to without delegable")
    for p in plans:
        refs = p["agencies"] + ([p["lead"]] if p["lead"] else [])
        if any(x not in ag for x in refs):
            errs.append(f"plan {p['id']}: agency reference")
        for e in p["entries"]:
            if e["item"] not in its or any(x not in ents for x in e["enterprises"] or []):
                errs.append(f"plan {p['id']}: entry reference {e['item']}")
            if ITEMS_BY_ID[e["item"]]["agency"] not in p["agencies"]:
                errs.append(f"plan {p['id']}: item {e['item']} of an agency outside the plan")
        if (p["kind"] == "special") != (p["special"] is not None):
            errs.append(f"plan {p['id']}: special block")
    for r in records:
        if set(r) - RECORD_KEYS:
            errs.append(f"record {r['id']}: unknown keys {set(r) - RECORD_KEYS}")
        for key, allowed in ENUMS.items():
            if r.get(key) not in allowed:
                errs.append(f"record {r['id']}: {key}")
        if r["trigger"] in ("plan", "special") and not r["plan"]:
            errs.append(f"record {r['id']}: plan trigger without plan")
        if r["trigger"] == "special" and ds_plan_kind(plans, r["plan"]) != "special":
            errs.append(f"record {r['id']}: special trigger on a non-special plan")
        if r["trigger"] == "plan" and ds_plan_kind(plans, r["plan"]) not in ("annual", None):
            errs.append(f"record {r['id']}: plan trigger on a special plan")
        if r["started_at"].utcoffset() != dt.timedelta(hours=8):
            errs.append(f"record {r['id']}: offset")
        p = r.get("penalty")
        if p and p.get("harm", "absent") not in (None, "none", "minor", "serious"):
            errs.append(f"record {r['id']}: penalty.harm")
        if has_code(r) and not re.fullmatch(param("code_pattern", day_of(r)), r["code"]) \
                and "code.malformed" not in intent.get(r["id"], []):
            errs.append(f"record {r['id']}: code {r['code']} does not match code_pattern")
    return errs


ITEMS_BY_ID = {s[0]: dict(agency=s[1]) for s in ITEM_SPECS}


def ds_plan_kind(plans, pid):
    for p in plans:
        if p["id"] == pid:
            return p["kind"]
    return None


def check_all(records, ds: DS):
    latest = max(day_of(r) for r in records)
    res = {r["id"]: [(x, []) for x in per_record(r, ds)] for r in records}
    for rid, fs in cross(records, ds, latest).items():
        res[rid] += fs
    return res


# ---------------------------------------------------------------------------------------------------------
# Record building
# ---------------------------------------------------------------------------------------------------------

class Builder:
    def __init__(self, rng: random.Random, ds: DS, keymap: dict[str, str]):
        self.rng = rng
        self.ds = ds
        self.k = keymap
        self.records: list[dict] = []
        self.by_ent: dict[str, list[dict]] = defaultdict(list)
        self.intent: dict[str, list[str]] = {}   # temp id -> intended rules (scenarios)
        self.notes: dict[str, str] = {}          # temp id -> short description
        self.seq = 0
        self.code_seq = 0
        self.officers = defaultdict(list)
        for p in ds.inspectors.values():
            if p["role"] == "officer":
                self.officers[p["agency"]].append(p["id"])

    # -- helpers -------------------------------------------------------------------------------------------
    def tid(self) -> str:
        self.seq += 1
        return f"tmp-{self.seq:04d}"

    def new_code(self, when: dt.datetime) -> str:
        self.code_seq += 1
        return f"ZJXZ330727{when.strftime('%Y%m%d')}{self.code_seq:05d}"

    def pick_officers(self, ag: str, d: dt.date, n: int = 2, avoid=()) -> list[str]:
        pool = [p for p in self.officers[ag]
                if p not in avoid and cert_valid(self.ds.inspectors[p]["certificate"], d)]
        return self.rng.sample(pool, min(n, len(pool)))

    def base(self, **kw) -> dict:
        r = dict(id=self.tid(), activity="inspection", trigger="plan", plan=None, mode="on-site", lead_agency="",
                 joint_agencies=[], delegated_by=None, entrusted_agency=None, inspectors=[], enterprise="",
                 started_at=None,
                 ended_at=None, items=[], approval=None, code=None, code_assigned_at=None, urgency=None,
                 notice=None, notice_exemption=None)
        r.update(kw)
        return r

    def procedure(self, r: dict, style: str = "planned") -> dict:
        """Fill approval, code and notice so that the procedure is correct."""
        rng = self.rng
        start = r["started_at"]
        onsite = r["mode"] == "on-site"
        if style == "planned":
            ad = prev_working(start.date(), rng.randint(2, 6))
            appr = dt.datetime.combine(ad, dt.time(rng.randint(9, 16), rng.choice([0, 10, 20, 30, 40, 50])), TZ)
            r["approval"] = dict(approved_at=appr)
            if onsite:
                ca = appr + dt.timedelta(minutes=rng.randint(2, 40))
                r["code"], r["code_assigned_at"] = self.new_code(ca), ca
            if not r.get("notice_exemption"):
                sent = appr + dt.timedelta(minutes=rng.randint(30, 150))
                r["notice"] = dict(sent_at=sent, time=True, basis=True, purpose=True, content=True)
        elif style == "same-day":  # complaints, referrals: approved online shortly before
            appr = start - dt.timedelta(minutes=rng.randint(40, 150) if start.hour >= 11 else rng.randint(25, 50))
            r["approval"] = dict(approved_at=appr)
            if onsite:
                ca = appr + dt.timedelta(minutes=rng.randint(1, 10))
                r["code"], r["code_assigned_at"] = self.new_code(ca), ca
            if not r.get("notice_exemption"):
                sent = appr + dt.timedelta(minutes=rng.randint(11, 30))
                r["notice"] = dict(sent_at=sent, time=True, basis=True, purpose=True, content=True)
        elif style == "urgent":
            appr = start - dt.timedelta(minutes=rng.randint(10, 45))
            r["approval"] = dict(approved_at=appr)
            if onsite:
                ca = appr + dt.timedelta(minutes=rng.randint(1, 5))
                r["code"], r["code_assigned_at"] = self.new_code(ca), ca
        return r

    def times(self, d: dt.date, mode: str, long: bool = False, evening: bool = False):
        rng = self.rng
        if evening:
            start = dt.datetime.combine(d, dt.time(rng.randint(19, 21), rng.choice([0, 15, 30, 45])), TZ)
            return start, start + dt.timedelta(minutes=rng.randint(50, 120))
        if mode == "on-site" and long:
            start = dt.datetime.combine(d, dt.time(8, rng.choice([30, 40, 50])), TZ)
            return start, start + dt.timedelta(minutes=rng.randint(360, 450))
        h = rng.choice([8, 9, 9, 10, 10, 11, 13, 14, 14, 15])
        m = rng.choice([0, 10, 20, 30, 40, 50])
        if h == 8:
            m = max(m, 30)
        start = dt.datetime.combine(d, dt.time(h, m), TZ)
        dur = rng.randint(60, 200) if mode == "on-site" else rng.randint(30, 150)
        return start, start + dt.timedelta(minutes=dur)

    # -- adding ---------------------------------------------------------------------------------------------
    def ent_findings(self, ent: str, extra: dict | None = None) -> dict:
        rs = list(self.by_ent[ent]) + ([extra] if extra else [])
        res = {}
        for r in rs:
            res[r["id"]] = sorted(per_record(r, self.ds))
        for rid, fs in cross(rs, self.ds, dt.date(YEAR, 12, 31)).items():
            res[rid] = sorted(res[rid] + [x for x, _ in fs])
        return res

    def add(self, r: dict, intent: list[str] | None = None, note: str = "") -> dict:
        self.records.append(r)
        self.by_ent[r["enterprise"]].append(r)
        if intent is not None:
            self.intent[r["id"]] = intent
            self.notes[r["id"]] = note
        return r

    def try_add(self, r: dict) -> bool:
        before = self.ent_findings(r["enterprise"])
        after = self.ent_findings(r["enterprise"], r)
        if after.pop(r["id"]) or after != before:
            return False
        self.add(r)
        return True


# ---------------------------------------------------------------------------------------------------------
# Scenarios: records that demonstrate the rules
# ---------------------------------------------------------------------------------------------------------

def scenarios(b: Builder):
    k = b.k
    rng = b.rng

    def rec(intent, note, ent, lead, items, start, end, trigger="random-sampling", plan=None, mode="on-site",
            joint=(), inspectors=None, style="planned", **kw):
        s, e = T(start), T(end)
        r = b.base(trigger=trigger, plan=plan, mode=mode, lead_agency=lead, joint_agencies=list(joint),
                   enterprise=k.get(ent, ent), started_at=s, ended_at=e, items=list(items))
        if inspectors is None:
            inspectors = b.pick_officers(lead, s.date())
            for j in joint:
                if j in b.officers:
                    inspectors += b.pick_officers(j, s.date(), 1)
        r["inspectors"] = list(inspectors)
        if kw.get("notice_exemption"):
            r["notice_exemption"] = kw.pop("notice_exemption")
        if style:
            b.procedure(r, style)
        r.update(kw)
        return b.add(r, intent, note)

    # ---- subjects -----------------------------------------------------------------------------------------
    rec(["subject.unqualified-agency"], "县安委办作为联合检查单位入企（议事协调机构不得实施行政检查）",
        "m11", "yjgl", ["yjgl-01"], "2025-04-22 09:30", "2025-04-22 15:40", trigger="referral", joint=["aqw"],
        inspectors=["yjgl-01", "yjgl-02"])
    rec(["subject.unqualified-agency"], "检验检测中心列为联合检查单位（第三方不得实施行政检查）",
        "d10", "scjg", ["scjg-04"], "2025-07-09 09:00", "2025-07-09 11:20", joint=["jcjy"],
        inspectors=["scjg-02", "scjg-03"])
    rec(["subject.unqualified-agency"], "安全技术咨询公司随同入企检查（中介机构不得实施行政检查）",
        "m05", "yjgl", ["yjgl-07"], "2025-08-19 09:10", "2025-08-19 16:00", trigger="data-monitoring",
        joint=["zjjg"], inspectors=["yjgl-03", "yjgl-04"])
    # v1.1: an entrusted organization acts in its organ's name: lead_agency = the organ (zhzf), entrusted_agency = jszf
    rec(["subject.invalid-entrustment"], "尖山镇综合行政执法队以综合行政执法局名义检查，但委托书2025-03-15才公布，检查在公布之前",
        "e07", "zhzf", ["zhzf-01"], "2025-02-20 10:00", "2025-02-20 11:10", trigger="patrol",
        entrusted_agency="jszf", inspectors=["jszf-01", "jszf-02"], notice_exemption="unsuitable",
        style="same-day")
    rec(["subject.invalid-entrustment"],
        "尖山镇综合行政执法队以自己的名义实施检查（记录以执法队为实施机关）：受委托组织应以委托机关综合行政执法局的名义检查",
        "e10", "jszf", ["zhzf-01"], "2025-06-24 18:30", "2025-06-24 19:20", trigger="patrol",
        inspectors=["jszf-02", "jszf-03"], notice_exemption="unsuitable", style="same-day")
    rec(["subject.invalid-entrustment"],
        "市场监管局的检查记录把尖山镇综合行政执法队列为受委托组织，但执法队只受综合行政执法局委托",
        "e04", "scjg", ["scjg-01"], "2025-08-12 10:00", "2025-08-12 11:20", trigger="complaint",
        entrusted_agency="jszf", inspectors=["scjg-03", "jszf-01"], notice_exemption="unsuitable",
        style="same-day")
    rec(["subject.unqualified-agency"], "记录载明受县安委办委托检查（议事协调机构既不得实施、也不得委托行政检查）",
        "m03", "yjgl", ["yjgl-01"], "2025-05-22 08:40", "2025-05-22 15:10", trigger="referral",
        delegated_by="aqw", inspectors=["yjgl-02", "yjgl-03"], style="same-day")
    rec(["subject.uncertified-inspector"], "执法辅助人员列为检查人员",
        "e05", "zhzf", ["zhzf-04"], "2025-05-13 14:00", "2025-05-13 15:30", trigger="patrol",
        inspectors=["zhzf-01", "zhzf-02", "zhzf-a01"], notice_exemption="unsuitable", style="same-day")
    rec(["subject.uncertified-inspector"], "网格员列为检查人员（尖山镇综合行政执法队受委托检查）",
        "s03", "zhzf", ["zhzf-02"], "2025-05-27 09:30", "2025-05-27 10:40", trigger="complaint",
        entrusted_agency="jszf", inspectors=["jszf-01", "jszf-03", "jszf-g01"], notice_exemption="unsuitable",
        style="same-day")
    rec(["subject.uncertified-inspector"], "临时工列为检查人员",
        "r04", "scjg", ["scjg-03"], "2025-06-05 14:30", "2025-06-05 15:40", trigger="complaint",
        inspectors=["scjg-01", "scjg-05", "scjg-t01"], notice_exemption="unsuitable", style="same-day")
    rec(["subject.uncertified-inspector"], "执法证已于2025-06-30到期仍参加检查（另有两名持证人员）",
        "w05", "scjg", ["scjg-08"], "2025-07-15 09:30", "2025-07-15 11:00", trigger="complaint",
        inspectors=["scjg-07", "scjg-01", "scjg-04"], notice_exemption="unsuitable", style="same-day")
    rec(["subject.uncertified-inspector", "subject.too-few-officers"],
        "执法证已于2025-08-15吊销的人员参加现场检查，有效持证人员仅一人",
        "e08", "zhzf", ["zhzf-04"], "2025-09-03 14:00", "2025-09-03 15:10", trigger="complaint",
        inspectors=["zhzf-05", "zhzf-03"], notice_exemption="unsuitable", style="same-day")
    rec(["subject.inspector-agency-mismatch"], "应急管理局执法人员参加市场监管局单独检查",
        "m08", "scjg", ["scjg-05"], "2025-04-16 09:00", "2025-04-16 10:50",
        inspectors=["scjg-02", "scjg-06", "yjgl-02"])
    rec(["subject.too-few-officers"], "现场检查仅一名执法人员",
        "r03", "scjg", ["scjg-03"], "2025-03-19 15:00", "2025-03-19 15:50", trigger="complaint",
        inspectors=["scjg-04"], notice_exemption="unsuitable", style="same-day")
    rec(["subject.inspector-agency-mismatch", "subject.too-few-officers"],
        "市场监管局1名执法人员与卫生健康局1名执法人员入企，卫健局并未参与本次检查：实施机关的持证人员仅一人",
        "h03", "scjg", ["scjg-01"], "2025-07-02 14:00", "2025-07-02 15:30", trigger="complaint",
        inspectors=["scjg-05", "wsjk-02"], notice_exemption="unsuitable", style="same-day")
    # ---- items --------------------------------------------------------------------------------------------
    rec(["item.unpublished"], "检查未公布的事项（中药材产地初加工硫磺熏蒸情况检查，清单未发布）",
        "g05", "nync", ["nync-04"], "2025-10-14 09:00", "2025-10-14 11:30", trigger="patrol",
        notice_exemption="unsuitable", style="same-day")
    rec(["item.unpublished"], "检查事项2025-06-16才公布，检查日在公布之前",
        "w03", "scjg", ["scjg-08"], "2025-05-20 09:30", "2025-05-20 11:00", trigger="complaint",
        notice_exemption="unsuitable", style="same-day")
    rec(["item.foreign-agency"], "市场监管局单独检查卫生健康局的职业病防治事项（未委托）",
        "m09", "scjg", ["scjg-05", "wsjk-02"], "2025-05-08 09:00", "2025-05-08 11:30")
    rec(["item.invalid-delegation"], "受卫健局委托检查，但职业病防治事项不属于可委托的简单事项",
        "f06", "scjg", ["scjg-02", "wsjk-02"], "2025-09-10 09:00", "2025-09-10 11:40", trigger="complaint",
        delegated_by="wsjk", notice_exemption="unsuitable", style="same-day")
    # ---- approval, code, notice ---------------------------------------------------------------------------
    rec(["approval.missing"], "无负责人审批",
        "m12", "zhzf", ["zhzf-04"], "2025-06-18 09:30", "2025-06-18 10:40", approval=None)
    r = rec(["approval.missing"], "审批时间晚于检查开始时间（事后补批，且非紧急情形）",
            "t02", "jtys", ["jtys-01"], "2025-09-10 09:00", "2025-09-10 11:30", trigger="plan", plan="PL-2025-JTYS")
    r["approval"] = dict(approved_at=T("2025-09-10 11:45"))
    r["code_assigned_at"] = T("2025-09-10 08:40")
    r_m14 = rec(["code.missing"], "现场检查未赋行政行为码（无码入企）",
        "m14", "xfjy", ["xfjy-01"], "2025-07-24 09:00", "2025-07-24 10:30", code=None, code_assigned_at=None)
    r = rec(["code.late"], "行政行为码在检查开始后才赋码",
            "t03", "jtys", ["jtys-01"], "2025-06-25 09:00", "2025-06-25 11:20", trigger="plan", plan="PL-2025-JTYS")
    r["code_assigned_at"] = T("2025-06-25 09:35")
    r = rec(["code.time-missing"], "记录有行政行为码但未登记赋码时间（从部门业务系统导入时丢失），无法证明入企前已亮码",
            "m10", "sthj", ["sthj-01"], "2025-05-28 09:00", "2025-05-28 11:30", trigger="plan", plan="PL-2025-STHJ")
    r["code_assigned_at"] = None
    r = rec(["code.malformed"], "行政行为码栏录入的是检查通知书文号（磐市监检通〔2025〕87号），不是平台生成的行政行为码",
            "r05", "scjg", ["scjg-03"], "2025-08-26 09:30", "2025-08-26 11:00", trigger="plan", plan="PL-2025-SCJG")
    r["code"] = "磐市监检通〔2025〕87号"
    r = rec(["code.urgent-late"],
            "“四不两直”检查于周五（2025-09-26）结束，周一补批赋码；但9月28日（周日）为调休工作日，已超过一个工作日",
            "m07", "yjgl", ["yjgl-01"], "2025-09-26 09:00", "2025-09-26 16:10", trigger="referral",
            style=None, urgency=dict(kind="four-no-two-direct"))
    r["approval"] = dict(approved_at=T("2025-09-29 08:50"))
    r["code"], r["code_assigned_at"] = b.new_code(T("2025-09-29 08:55")), T("2025-09-29 08:55")
    r = rec(["calendar.unknown-year"],
            "暗查暗访记录的结束时间误录为2026-12-31（应为2025-12-31），补批期限落入无国务院节假日安排的2027年"
            "（按法定节假日推算：1月1日元旦，期限为2027-01-04）",
            "k02", "xfjy", ["xfjy-01"], "2025-12-31 20:30", "2025-12-31 22:10", trigger="complaint", style=None,
            urgency=dict(kind="covert"))
    r["ended_at"] = T("2026-12-31 22:10")
    r["approval"] = dict(approved_at=T("2026-01-04 09:10"))
    r["code"], r["code_assigned_at"] = b.new_code(T("2026-01-04 09:12")), T("2026-01-04 09:12")
    rec(["notice.missing"], "未事先通知，也无不予通知的情形",
        "m06", "sthj", ["sthj-03"], "2025-07-01 09:30", "2025-07-01 11:40", notice=None)
    r = rec(["notice.missing"], "检查通知书在检查开始后才送达",
            "g13", "nync", ["nync-03"], "2025-06-11 09:00", "2025-06-11 11:00")
    r["notice"]["sent_at"] = T("2025-06-11 09:20")
    r = rec(["notice.incomplete"], "检查通知书未载明检查依据",
            "b01", "zrzy", ["zrzy-01"], "2025-05-15 08:40", "2025-05-15 15:30", trigger="plan", plan="PL-2025-ZRZY")
    r["notice"]["basis"] = False
    # ---- conduct ------------------------------------------------------------------------------------------
    rec(["conduct.gifts"], "检查人员收受企业赠送的中药材礼盒",
        "w06", "scjg", ["scjg-03"], "2025-09-16 09:30", "2025-09-16 11:00", trigger="plan", plan="PL-2025-HERB",
        conduct=dict(gifts=True))
    rec(["conduct.hospitality"], "检查结束后参加企业安排的宴请",
        "m10", "yjgl", ["yjgl-01"], "2025-04-10 09:00", "2025-04-10 16:00", trigger="plan", plan="PL-2025-YJGL",
        conduct=dict(hospitality=True))
    rec(["conduct.expenses-charged"], "要求企业承担检测费用",
        "m13", "sthj", ["sthj-01"], "2025-10-21 09:00", "2025-10-21 12:00", trigger="plan", plan="PL-2025-STHJ",
        conduct=dict(expenses_charged=True))
    rec(["conduct.designated-intermediary"], "要求企业委托指定的安全技术服务机构整改",
        "m15", "yjgl", ["yjgl-01", "yjgl-02"], "2025-03-27 08:40", "2025-03-27 15:50", trigger="plan",
        plan="PL-2025-YJGL", conduct=dict(designated_intermediary=True))
    rec(["conduct.legal-rep-required"], "刻意要求法定代表人到场",
        "b02", "zrzy", ["zrzy-01"], "2025-04-24 08:40", "2025-04-24 15:00", trigger="plan", plan="PL-2025-ZRZY",
        conduct=dict(legal_rep_required=True))
    rec(["conduct.arbitrary-measure"], "查封燃气设施未载明法律依据",
        "e04", "zhzf", ["zhzf-02"], "2025-11-05 10:00", "2025-11-05 11:30", trigger="complaint",
        notice_exemption="unsuitable", style="same-day", measures=[dict(kind="seal", legal_basis=None)])
    rec(["conduct.disguised-inspection"], "以“观摩”名义检查农药使用记录（程序齐全）",
        "g15", "nync", ["nync-01"], "2025-09-09 09:30", "2025-09-09 11:30", activity="observation")
    r = rec(["conduct.disguised-inspection", "approval.missing", "code.missing", "notice.missing"],
            "以“走访”名义检查食品生产事项，且未审批、未赋码、未通知",
            "f02", "scjg", ["scjg-02"], "2025-10-30 14:00", "2025-10-30 16:00", activity="visit", style=None)
    # ---- method, penalty, data ----------------------------------------------------------------------------
    rec(["method.offsite-capable"], "只检查培训档案（可书面核查的事项）却入企现场检查",
        "m06", "yjgl", ["yjgl-05"], "2025-11-18 09:30", "2025-11-18 11:00")
    rec(["penalty.first-minor"], "初次违法、危害后果轻微并已及时改正，仍予处罚（可以不予处罚，应复核裁量）",
        "e09", "scjg", ["scjg-01"], "2025-10-15 11:00", "2025-10-15 12:00", trigger="complaint",
        notice_exemption="unsuitable", style="same-day",
        penalty=dict(decided_on="2025-10-24", first_offense=True, minor=True, corrected=True, harm="minor",
                     return_visit_on="2025-11-20"))
    rec(["penalty.minor-no-harm"],
        "违法行为轻微、当场改正且没有造成危害后果，仍予处罚（依法应当不予处罚；虽为初次违法，不另报“可以不予处罚”）",
        "e01", "scjg", ["scjg-01"], "2025-09-24 10:30", "2025-09-24 11:40", trigger="complaint",
        notice_exemption="unsuitable", style="same-day",
        penalty=dict(decided_on="2025-09-30", first_offense=True, minor=True, corrected=True, harm="none",
                     return_visit_on="2025-11-12"))
    rec(["data.invalid-uscc"], "检查对象统一社会信用代码校验位错误（数据录入错误）",
        "w09", "scjg", ["scjg-06"], "2025-07-22 10:00", "2025-07-22 11:00", mode="off-site")
    rec(["data.uscc-org-code"],
        "检查对象统一社会信用代码第17位（内含组织机构代码的校验位）不符，第18位校验码却相符：疑为登记时组织机构代码抄错",
        "w10", "scjg", ["scjg-06"], "2025-08-05 14:00", "2025-08-05 15:00", mode="off-site")
    unknown_code = make_uscc(random.Random(7), "92", old=False)
    assert uscc_valid(unknown_code)
    rec(["data.unknown-reference"], f"检查对象未录入检查对象库（{UNKNOWN_ENTERPRISE_NAME}）",
        unknown_code, "zhzf", ["zhzf-01"], "2025-08-06 18:30", "2025-08-06 19:20", trigger="complaint",
        entrusted_agency="jszf", inspectors=["jszf-01", "jszf-03"], notice_exemption="unsuitable",
        style="same-day")
    r = rec(["data.time-order"], "结束时间早于开始时间（录入时颠倒）",
            "t01", "jtys", ["jtys-02"], "2025-11-12 14:00", "2025-11-12 15:20", mode="off-site", trigger="plan",
            plan="PL-2025-JTYS")
    r["ended_at"] = T("2025-11-12 10:30")

    # ---- cross-record -------------------------------------------------------------------------------------
    # frequency.onsite-cap: the 3rd non-exempt on-site inspection of d06 by scjg in 2025
    rec([], "（频次上限情景 第1次）", "d06", "scjg", ["scjg-05"], "2025-02-12 09:30", "2025-02-12 11:00")
    rec([], "（频次上限情景 第2次，联合）", "d06", "scjg", ["scjg-04", "yjgl-01"], "2025-04-23 09:00",
        "2025-04-23 12:00", trigger="plan", plan="PL-2025-HERB", joint=["yjgl"])
    rec(["frequency.onsite-cap"], "市场监管局本年度第3次对该企业非豁免现场检查，超过每年2次上限",
        "d06", "scjg", ["scjg-04"], "2025-10-28 09:30", "2025-10-28 11:00")
    # v1.1: an item's national yearly cap (yjgl-07: 4) raises only its own agency's cap, not a joint agency's
    rec([], "（事项年度上限情景 第1次）", "m04", "scjg", ["scjg-05"], "2025-03-18 09:00", "2025-03-18 10:30",
        trigger="plan", plan="PL-2025-SCJG")
    rec([], "（事项年度上限情景 第2次，市场监管局派员参加应急管理局牵头的联合检查）", "m04", "yjgl", ["yjgl-07"],
        "2025-04-15 08:40", "2025-04-15 15:30", trigger="plan", plan="PL-2025-YJGL", joint=["scjg"])
    rec(["frequency.onsite-cap"],
        "应急管理局牵头的危化品重大危险源联合检查：该事项国家规定每年可查4次，但只提高应急管理局自己的上限；"
        "对参加检查的市场监管局，这是本年度第3次非豁免现场检查，超过每年2次上限",
        "m04", "yjgl", ["yjgl-07"], "2025-10-21 08:40", "2025-10-21 15:30", trigger="plan", plan="PL-2025-YJGL",
        joint=["scjg"])
    # frequency.excessive-exempt + alert.high-frequency: seven complaint visits for kitchen fumes at e03
    days = ["2025-03-04", "2025-04-08", "2025-05-14", "2025-06-17", "2025-07-22", "2025-08-27", "2025-10-22"]
    for n, d in enumerate(days, 1):
        intent = {6: ["alert.high-frequency"], 7: ["frequency.excessive-exempt"]}.get(n, [])
        note = {6: "同一企业365日内第6次现场检查（油烟扰民投诉）",
                7: "综合执法局本年度第7次因投诉对该企业现场检查，超过豁免情形提示线6次"}.get(n, f"（油烟投诉情景 第{n}次）")
        rec(intent, note, "e03", "zhzf", ["zhzf-01"], f"{d} 18:20", f"{d} 19:10", trigger="complaint",
            notice_exemption="unsuitable", style="same-day")
    # frequency.risk-color: a green enterprise (cap 2) inspected by three agencies, >30 days apart
    rec([], "（五色情景 第1次）", "m16", "scjg", ["scjg-05"], "2025-03-13 09:00", "2025-03-13 10:40")
    rec([], "（五色情景 第2次）", "m16", "yjgl", ["yjgl-01"], "2025-06-19 08:40", "2025-06-19 15:30")
    rec(["frequency.risk-color"], "绿色企业本年度第3次非豁免现场检查，超过绿色上限2次",
        "m16", "sthj", ["sthj-01"], "2025-09-23 09:00", "2025-09-23 11:30", trigger="plan", plan="PL-2025-STHJ")
    # plan.outside-plan
    rec(["plan.outside-plan"], "计划检查，但该企业不在应急管理局年度计划名单内",
        "m11", "yjgl", ["yjgl-01"], "2025-07-17 08:40", "2025-07-17 15:40", trigger="plan", plan="PL-2025-YJGL")
    rec([], "（超计划情景 第1次）", "f06", "scjg", ["scjg-02"], "2025-03-11 09:00", "2025-03-11 11:00",
        trigger="plan", plan="PL-2025-SCJG")
    rec(["plan.outside-plan"], "计划每年1次，本次为第2次（超计划检查）",
        "f06", "scjg", ["scjg-02"], "2025-11-11 09:00", "2025-11-11 11:00", trigger="plan", plan="PL-2025-SCJG")
    rec(["plan.outside-plan"], "误用2024年度计划实施2025年检查",
        "g12", "nync", ["nync-01"], "2025-04-15 08:40", "2025-04-15 15:00", trigger="plan", plan="PL-2024-NYNC")
    rec(["plan.outside-plan"],
        "年度计划对该合作社的农产品质量安全检查安排的是书面核查，却在入企检查农药使用时一并现场检查（超出计划方式）",
        "g02", "nync", ["nync-01", "nync-02"], "2025-05-20 08:40", "2025-05-20 15:00", trigger="plan",
        plan="PL-2025-NYNC")
    # alert.multi-agency: three agencies, separately, within 30 days
    rec([], "（多头检查情景 第1次）", "d09", "scjg", ["scjg-05"], "2025-06-04 09:30", "2025-06-04 11:00")
    rec([], "（多头检查情景 第2次）", "d09", "yjgl", ["yjgl-01"], "2025-06-12 08:40", "2025-06-12 15:30")
    rec(["alert.multi-agency"], "30日内第3个部门单独入企检查（多头检查）",
        "d09", "sthj", ["sthj-01"], "2025-06-24 09:00", "2025-06-24 11:30", trigger="data-monitoring",
        style="same-day")
    # alert.repeated: the same fire-safety item re-checked within 180 days
    rec([], "（重复检查情景 第1次）", "m14", "xfjy", ["xfjy-01"], "2025-03-20 09:00", "2025-03-20 10:30")
    # m14's 2025-07-24 record above, without a code, is also the repeat
    b.intent[r_m14["id"]].append("alert.repeated")
    b.notes[r_m14["id"]] += "；3月已检查过同一消防事项（180日内重复检查）"
    rec(["alert.repeated"], "180日内再次检查同一事项（应急管理局培训档案已于5月检查）",
        "m09", "yjgl", ["yjgl-05", "yjgl-01"], "2025-09-18 08:40", "2025-09-18 15:00")
    rec([], "（重复检查情景 第1次）", "m09", "yjgl", ["yjgl-05"], "2025-05-21 10:00", "2025-05-21 11:30",
        mode="off-site")
    # penalty.no-return-visit
    rec(["penalty.no-return-visit"], "处罚决定后超过90日未回访",
        "e06", "scjg", ["scjg-01"], "2025-05-12 11:00", "2025-05-12 12:10", trigger="complaint",
        notice_exemption="unsuitable", style="same-day",
        penalty=dict(decided_on="2025-05-26", first_offense=False, minor=False, corrected=False, harm="serious",
                     return_visit_on=None))
    rec(["penalty.no-return-visit"], "处罚后回访在第120日，超过90日",
        "w07", "scjg", ["scjg-03"], "2025-06-26 09:30", "2025-06-26 11:00", trigger="referral",
        style="same-day",
        penalty=dict(decided_on="2025-07-08", first_offense=True, minor=False, corrected=True, harm="serious",
                     return_visit_on="2025-11-05"))

    # plan.special-unapproved: the county's kitchen-fume campaign inspected before its plan was published
    rec([], "（餐饮油烟专项情景：首次检查早于专项计划公布日2025-06-20）", "e06", "zhzf", ["zhzf-01"],
        "2025-06-12 18:30", "2025-06-12 19:20", trigger="special", plan="SP-2025-ZHZF-YY")

    # ---- clean demonstrations (no findings expected) ------------------------------------------------------
    rec([], "尖山镇综合行政执法队受综合行政执法局委托、以该局名义检查燃气使用安全（v1.1 记录方式：lead_agency 为委托机关 zhzf，"
            "entrusted_agency 为 jszf）",
        "e02", "zhzf", ["zhzf-02"], "2025-04-17 14:00", "2025-04-17 15:10", trigger="patrol",
        entrusted_agency="jszf", inspectors=["jszf-01", "jszf-02"], notice_exemption="unsuitable",
        style="same-day")
    rec([], "专项检查批准、公布前走访企业宣传中药材质量专项整治（未列检查事项，不是该专项的首次检查）",
        "w04", "scjg", [], "2025-04-10 14:30", "2025-04-10 15:20", trigger="special", plan="SP-2025-SCJG-YP",
        activity="visit", style=None, inspectors=["scjg-01", "scjg-04"])
    rec([], "初次违法、危害后果轻微，但未及时改正，依法处罚（不属于可以不予处罚的情形）",
        "r01", "scjg", ["scjg-03"], "2025-06-12 09:30", "2025-06-12 11:00", trigger="complaint",
        notice_exemption="unsuitable", style="same-day",
        penalty=dict(decided_on="2025-06-23", first_offense=True, minor=True, corrected=False, harm="minor",
                     return_visit_on="2025-08-14"))
    r = rec([], "紧急检查（临时性）4月30日结束，5月6日补批赋码：五一假期后的第一个工作日，未超期",
            "m05", "sthj", ["sthj-03"], "2025-04-30 20:00", "2025-04-30 22:30", trigger="data-monitoring",
            style=None, urgency=dict(kind="temporary"))
    r["approval"] = dict(approved_at=T("2025-05-06 09:05"))
    r["code"], r["code_assigned_at"] = b.new_code(T("2025-05-06 09:06")), T("2025-05-06 09:06")
    rec([], "走访企业了解诉求，未列检查事项：不属于行政检查",
        "l02", "wgly", [], "2025-08-13 15:00", "2025-08-13 16:00", trigger="enterprise-request", activity="visit",
        style=None, inspectors=["wgly-01"])
    rec([], "受卫健局委托检查公共场所卫生（简单事项，一表通查）",
        "h04", "scjg", ["wsjk-01", "scjg-05"], "2025-09-04 09:30", "2025-09-04 11:00", delegated_by="wsjk")
    rec([], "处罚并依法扣押（载明法律依据），按期回访", "r02", "scjg", ["scjg-04"], "2025-04-09 10:00", "2025-04-09 11:00",
        trigger="complaint", notice_exemption="unsuitable", style="same-day",
        penalty=dict(decided_on="2025-04-21", first_offense=True, minor=False, corrected=True, harm="serious",
                     return_visit_on="2025-06-10"),
        measures=[dict(kind="seize", legal_basis="《中华人民共和国药品管理法》第一百条")])
    rec([], "处罚决定于11月作出，尚未届满90日，暂不提示回访", "e05", "scjg", ["scjg-01"],
        "2025-11-20 11:00", "2025-11-20 12:00", trigger="complaint", notice_exemption="unsuitable", style="same-day",
        penalty=dict(decided_on="2025-12-02", first_offense=False, minor=False, corrected=True, harm=None,
                     return_visit_on=None))


# ---------------------------------------------------------------------------------------------------------
# Clean fill
# ---------------------------------------------------------------------------------------------------------

def pick_day(rng, lo: dt.date, hi: dt.date, working=True) -> dt.date:
    days = [d for d in WORKDAYS_2025 if lo <= d <= hi] if working else \
        [lo + dt.timedelta(days=i) for i in range((hi - lo).days + 1)]
    return rng.choice(days)


def fill(b: Builder):
    rng = b.rng
    ds = b.ds
    k = b.k
    inv = {v: kk for kk, v in k.items()}
    ents = ds.enterprises
    bad_codes = {k[x] for x in BAD_CODE_ENTERPRISES}  # records on them always have a data finding

    def industry(code):
        return ents[code]["industry"]

    def make(lead, ent, items, d, mode, trigger, plan=None, joint=(), style="planned", long=False,
             delegated_by=None, evening=False, **kw):
        s, e = b.times(d, mode, long=long, evening=evening)
        # v1.1: the entrusted town team acts in the name of its organ, which is the lead; its officers inspect
        entrusted = None
        if AGENCY[lead]["kind"] == ENTRUSTED:
            lead, entrusted = AGENCY[lead]["entrusted_by"], lead
        r = b.base(trigger=trigger, plan=plan, mode=mode, lead_agency=lead, joint_agencies=list(joint),
                   delegated_by=delegated_by, entrusted_agency=entrusted, enterprise=ent, started_at=s, ended_at=e,
                   items=list(items))
        insp = b.pick_officers(entrusted or lead, d, 2)
        for j in joint:
            insp += b.pick_officers(j, d, 1)
        r["inspectors"] = insp
        r.update(kw)
        b.procedure(r, style)
        return r

    def attempt(factory, tries=25) -> bool:
        for _ in range(tries):
            r = factory()
            if r is None:
                continue
            if b.try_add(r):
                return True
            b.seq -= 1  # reuse the temporary id
        return False

    stats = defaultdict(lambda: [0, 0])

    def tally(kind, ok):
        stats[kind][0] += ok
        stats[kind][1] += 1

    # ---- plan visits -------------------------------------------------------------------------------------
    windows = {
        "PL-2025-SCJG": ("2025-02-24", "2025-12-19"), "PL-2025-YJGL": ("2025-03-03", "2025-12-19"),
        "PL-2025-ZHZF": ("2025-03-12", "2025-12-19"), "PL-2025-NYNC": ("2025-03-07", "2025-11-28"),
        "PL-2025-STHJ": ("2025-03-14", "2025-12-19"), "PL-2025-WSJK": ("2025-03-20", "2025-12-19"),
        "PL-2025-XFJY": ("2025-02-27", "2025-12-19"), "PL-2025-ZRZY": ("2025-03-31", "2025-12-19"),
        "PL-2025-JTYS": ("2025-04-21", "2025-12-19"), "PL-2025-WGLY": ("2025-03-24", "2025-12-19"),
        "PL-2025-HERB": ("2025-03-27", "2025-12-19"), "PL-2025-HOSP": ("2025-03-28", "2025-12-19"),
        "PL-2025-MINSU": ("2025-03-31", "2025-11-28"), "SP-2025-SCJG-YP": ("2025-04-21", "2025-08-29"),
        "SP-2025-XFJY-DC": ("2025-01-13", "2025-03-31"), "SP-2025-STHJ-VOC": ("2025-05-22", "2025-09-30"),
        "SP-2025-YJGL-GW": ("2025-07-14", "2025-08-29"), "SP-2025-ZHZF-YY": ("2025-06-10", "2025-08-29"),
    }
    for pid, (lo, hi) in windows.items():
        p = ds.plans[pid]
        lo, hi = D(lo), D(hi)
        trigger = "special" if p["kind"] == "special" else "plan"
        # group the plan's entries per enterprise and method
        per_ent = defaultdict(lambda: defaultdict(list))
        for e in p["entries"]:
            for ent in e["enterprises"]:
                per_ent[ent][e["method"]].append(e)
        for ent in sorted(per_ent, key=lambda x: inv.get(x, x)):
            if ent in bad_codes:
                continue
            for method, es in sorted(per_ent[ent].items()):
                twice = [e for e in es if e["times_per_year"] >= 2]
                visits = [[e["item"] for e in es]]
                if twice:
                    visits.append([e["item"] for e in twice])
                last_day = None
                for n, items in enumerate(visits):
                    items = list(dict.fromkeys(items))
                    ags = list(dict.fromkeys(ds.items[i]["agency"] for i in items))
                    lead = p["lead"] if p["lead"] in ags else ags[0]
                    joint = [a for a in ags if a != lead]
                    long = any(e["duration_days"] >= 1 for e in es)
                    if len(visits) == 2:
                        w = (lo, min(hi, D("2025-06-13"))) if n == 0 else \
                            (max(lo, last_day + dt.timedelta(days=185)) if last_day else lo, hi)
                    else:
                        w = (lo, hi)
                    if w[0] > w[1]:
                        continue
                    holder = {}

                    def fac(items=items, lead=lead, joint=joint, w=w, long=long, method=method):
                        d = pick_day(rng, *w)
                        holder["d"] = d
                        return make(lead, ent, items, d, method, trigger, plan=pid, joint=joint, long=long)
                    ok = attempt(fac)
                    tally(pid, ok)
                    if ok:
                        last_day = holder["d"]
                    elif n == 0:
                        break

    # ---- 双随机 random sampling ----------------------------------------------------------------------------
    def applicable(item_id):
        it = ds.items[item_id]
        return [c for c in ents if item_applies(it, industry(c)) and c not in bad_codes]

    sampling = [  # (lead, joint agencies, items, mode, how many, delegated_by, industry prefix)
        ("scjg", [], ["scjg-06"], "off-site", 70, None, ""),
        ("scjg", [], ["scjg-07"], "off-site", 8, None, ""),
        ("scjg", [], ["scjg-05"], "on-site", 4, None, "C"),
        ("scjg", ["xfjy"], ["scjg-05", "xfjy-01"], "on-site", 12, None, "C"),
        ("scjg", [], ["scjg-01"], "on-site", 3, None, "H"),
        ("scjg", ["zhzf"], ["scjg-01", "zhzf-04"], "on-site", 6, None, "H62"),
        ("scjg", [], ["scjg-08"], "on-site", 6, None, "F5"),
        ("scjg", [], ["wsjk-01", "scjg-01"], "on-site", 4, "wsjk", "H61"),
        ("scjg", [], ["zhzf-01", "scjg-01"], "on-site", 4, "zhzf", "H62"),
        ("yjgl", [], ["yjgl-06"], "off-site", 24, None, ""),
        ("yjgl", [], ["yjgl-05"], "off-site", 16, None, ""),
        ("yjgl", [], ["yjgl-01"], "on-site", 3, None, "C"),
        ("yjgl", ["sthj"], ["yjgl-01", "sthj-03"], "on-site", 10, None, "C"),
        ("yjgl", ["wsjk"], ["yjgl-04", "wsjk-02"], "on-site", 4, None, "C"),
        ("sthj", [], ["sthj-02"], "off-site", 12, None, ""),
        ("sthj", [], ["sthj-03"], "on-site", 2, None, "C"),
        ("wsjk", [], ["wsjk-02"], "off-site", 12, None, ""),
        ("xfjy", [], ["xfjy-02"], "off-site", 22, None, ""),
        ("xfjy", [], ["xfjy-01"], "on-site", 2, None, ""),
        ("xfjy", ["zhzf"], ["xfjy-01", "zhzf-02"], "on-site", 8, None, "H"),
        ("zhzf", [], ["zhzf-03"], "off-site", 12, None, ""),
        ("zhzf", [], ["zhzf-02", "xfjy-02"], "on-site", 4, "xfjy", "H"),
        ("nync", [], ["nync-02"], "off-site", 8, None, ""),
        ("zrzy", [], ["zrzy-02"], "off-site", 8, None, ""),
        ("wgly", [], ["wgly-01"], "off-site", 2, None, ""),
        ("wgly", ["xfjy"], ["wgly-02", "xfjy-01"], "on-site", 2, None, "R"),
        ("jtys", [], ["jtys-02"], "off-site", 4, None, ""),
    ]
    for lead, joint, items, mode, n, deleg, prefix in sampling:
        pool = [c for c in applicable(items[0]) if industry(c).startswith(prefix)]
        for _ in range(n):
            def fac(lead=lead, joint=joint, items=items, mode=mode, deleg=deleg, pool=pool):
                ent = rng.choice(pool)
                its = [i for i in items if item_applies(ds.items[i], industry(ent))]
                ags = {ds.items[i]["agency"] for i in its}
                jn = [j for j in joint if j in ags]
                d = pick_day(rng, D("2025-02-24"), D("2025-12-19"))
                return make(lead, ent, its, d, mode, "random-sampling", joint=jn, delegated_by=deleg)
            tally(f"random {lead}{'+' + '+'.join(joint) if joint else ''} {'+'.join(items)}", attempt(fac))

    # ---- exempt triggers ----------------------------------------------------------------------------------
    exempt_specs = [  # (lead, candidate items, mode, trigger, count, style, extra)
        ("scjg", ["scjg-01", "scjg-07"], "on-site", "complaint", 16, "same-day", {"notice_exemption": "unsuitable"}),
        ("scjg", ["scjg-03", "scjg-04", "scjg-08"], "on-site", "complaint", 10, "same-day",
         {"notice_exemption": "unsuitable"}),
        ("scjg", ["scjg-02"], "on-site", "referral", 6, "same-day", {}),
        ("scjg", ["scjg-06"], "off-site", "data-monitoring", 10, "planned", {}),
        ("zhzf", ["zhzf-01"], "on-site", "complaint", 14, "same-day", {"notice_exemption": "unsuitable"}),
        ("zhzf", ["zhzf-03"], "on-site", "patrol", 6, "same-day", {"notice_exemption": "unsuitable", "_needs": "zhzf-04"}),
        ("zhzf", ["zhzf-04"], "on-site", "patrol", 8, "same-day", {"notice_exemption": "unsuitable"}),
        ("jszf", ["zhzf-01", "zhzf-02"], "on-site", "patrol", 10, "same-day", {"notice_exemption": "unsuitable"}),
        ("jszf", ["zhzf-03"], "off-site", "patrol", 4, "same-day", {}),
        ("sthj", ["sthj-01"], "on-site", "data-monitoring", 8, "same-day", {}),
        ("sthj", ["sthj-02"], "off-site", "data-monitoring", 14, "planned", {}),
        ("sthj", ["sthj-01", "sthj-03"], "on-site", "complaint", 6, "same-day", {"notice_exemption": "unsuitable"}),
        ("yjgl", ["yjgl-01", "yjgl-04", "yjgl-03"], "on-site", "referral", 8, "urgent",
         {"urgency": {"kind": "four-no-two-direct"}}),
        ("yjgl", ["yjgl-07"], "on-site", "data-monitoring", 4, "same-day", {}),
        ("xfjy", ["xfjy-01"], "on-site", "enterprise-request", 8, "planned", {}),
        ("xfjy", ["xfjy-01"], "on-site", "complaint", 6, "urgent", {"urgency": {"kind": "covert"}, "evening": True}),
        ("wsjk", ["wsjk-01"], "on-site", "complaint", 4, "same-day", {"notice_exemption": "unsuitable"}),
        ("wsjk", ["wsjk-02"], "off-site", "referral", 6, "planned", {}),
        ("nync", ["nync-01"], "on-site", "patrol", 8, "same-day", {"notice_exemption": "unsuitable"}),
        ("nync", ["nync-01", "nync-03"], "on-site", "complaint", 4, "same-day", {"notice_exemption": "unsuitable"}),
        ("jtys", ["jtys-02"], "off-site", "data-monitoring", 12, "planned", {}),
        ("jtys", ["jtys-01"], "on-site", "referral", 3, "same-day", {}),
        ("zrzy", ["zrzy-02"], "on-site", "patrol", 4, "same-day", {"notice_exemption": "unsuitable", "_pair": True}),
        ("wgly", ["wgly-02"], "on-site", "complaint", 3, "same-day", {"notice_exemption": "unsuitable"}),
        ("wgly", ["wgly-01"], "off-site", "complaint", 3, "planned", {}),
    ]
    jszf_ents = [k[x] for x in ("e07", "e10", "e11", "s03", "s05", "e02", "g04")]  # 尖山镇
    for lead, cand, mode, trig, n, style, extra in exempt_specs:
        extra = dict(extra)
        evening = extra.pop("evening", False)
        needs = extra.pop("_needs", None)
        pair = extra.pop("_pair", False)
        for _ in range(n):
            def fac(lead=lead, cand=cand, mode=mode, trig=trig, style=style, extra=extra, evening=evening,
                    needs=needs, pair=pair):
                if lead == "jszf":
                    pool = [c for c in jszf_ents if any(item_applies(ds.items[i], industry(c)) for i in cand)]
                else:
                    pool = [c for c in ents if c not in bad_codes
                            and any(item_applies(ds.items[i], industry(c)) for i in cand)]
                ent = rng.choice(pool)
                its = [i for i in cand if item_applies(ds.items[i], industry(ent))]
                its = rng.sample(its, rng.randint(1, len(its)))
                if mode == "on-site" and all(ds.items[i]["method"] != "on-site" for i in its):
                    extra_item = needs if needs else None
                    if pair:
                        extra_item = "zrzy-01" if industry(ent).startswith("B") else None
                    if extra_item and item_applies(ds.items[extra_item], industry(ent)):
                        its.append(extra_item)
                    else:
                        return make_none()
                working = trig not in ("complaint",) or rng.random() < 0.8
                d = pick_day(rng, D("2025-01-06"), D("2025-12-26"), working=working)
                return make(lead, ent, its, d, mode, trig, style=style, evening=evening, **extra)
            tally(f"{trig} {lead} {'+'.join(cand)}", attempt(fac))

    # joint 预约式 “体检式” visits at the enterprise's request (exempt, joint)
    joint_specs = [
        ("scjg", ["yjgl", "xfjy"], ["scjg-05", "yjgl-01", "xfjy-01"], "C", 10),
        ("zhzf", ["scjg", "xfjy"], ["zhzf-04", "scjg-07", "xfjy-01"], "H62", 6),
        ("nync", ["scjg"], ["nync-01", "scjg-06"], "A0170", 5),
        ("jtys", ["xfjy"], ["jtys-01", "xfjy-01"], "G54", 3),
        ("yjgl", ["sthj"], ["yjgl-01", "sthj-03"], "C", 8),
    ]
    for lead, joint, items, prefix, n in joint_specs:
        for _ in range(n):
            def fac(lead=lead, joint=joint, items=items, prefix=prefix):
                pool = [c for c in ents if industry(c).startswith(prefix) and c not in bad_codes]
                ent = rng.choice(pool)
                its = [i for i in items if item_applies(ds.items[i], industry(ent))]
                d = pick_day(rng, D("2025-03-03"), D("2025-12-19"))
                return make(lead, ent, its, d, "on-site", "enterprise-request", joint=joint)
            tally(f"joint request {lead}+{'+'.join(joint)}", attempt(fac))
    return stats


def make_none():
    return None


# ---------------------------------------------------------------------------------------------------------
# Decorations that no core rule reads: penalties with return visits, lawful measures, sector_data
# ---------------------------------------------------------------------------------------------------------

def decorate(b: Builder):
    rng = b.rng
    ds = b.ds
    clean = [r for r in b.records if r["id"] not in b.intent]
    # penalties (with return visits) on some complaint inspections
    cands = [r for r in clean if r["trigger"] in ("complaint", "referral") and r["mode"] == "on-site"
             and is_insp(r) and not r.get("penalty") and day_of(r) <= D("2025-09-15")]
    for r in rng.sample(cands, 14):
        dec = day_of(r) + dt.timedelta(days=rng.randint(7, 30))
        rv = min(dec + dt.timedelta(days=rng.randint(20, 80)), D("2025-12-30"))
        fo = rng.random() < 0.4
        minor = False if fo else rng.random() < 0.3
        corrected = rng.random() < 0.6
        # harm (v1.1): serious or slight, sometimes not stated; never a case of art. 33(1)
        harm = rng.choice(["serious", "serious", "minor", None])
        if harm == "minor" and fo and corrected:
            harm = "serious"
        r["penalty"] = dict(decided_on=dec.isoformat(), first_offense=fo, minor=minor, corrected=corrected,
                            harm=harm, return_visit_on=rv.isoformat())
    # measures with a legal basis
    basis = {"scjg": ("seize", "《中华人民共和国食品安全法》第一百一十条"),
             "yjgl": ("seal", "《中华人民共和国安全生产法》第六十五条"),
             "sthj": ("seal", "《中华人民共和国环境保护法》第二十五条"),
             "zhzf": ("seize", "《浙江省综合行政执法条例》第二十七条")}
    cands = [r for r in clean if r["mode"] == "on-site" and r["lead_agency"] in basis and not r.get("measures")
             and r["trigger"] in ("complaint", "data-monitoring", "referral")]
    for r in rng.sample(cands, 6):
        kind, lb = basis[r["lead_agency"]]
        r["measures"] = [dict(kind=kind, legal_basis=lb)]

    # sector_data for the two sample plugins (the core ignores it)
    def safety(ent, ok=True, variant=None):
        tags = ent["tags"]
        checked = ["special-operation-certificates", "training-records", "hazard-ledger", "risk-grading",
                   "emergency-plan", "contractor-agreements", "special-equipment"]
        for t in ("dust-explosion", "ammonia-refrigeration", "confined-space"):
            if t in tags:
                checked.append(t)
        sd = dict(checked=checked, hazards=[dict(description="配电箱未上锁、未张贴警示标识", major=False,
                                                  standard_article=None)],
                  uncertified_special_operators=0, situations=[], cannot_ensure_safety=False,
                  record=dict(place=True, problems=True, handling=True, signatures=True))
        if variant == "checklist":
            sd["checked"] = [c for c in checked if c not in ("dust-explosion", "contractor-agreements")]
        if variant == "operators":
            sd["uncertified_special_operators"] = 2
            sd["hazards"].append(dict(description="2名电焊作业人员未持特种作业操作证上岗", major=False,
                                      standard_article=None))
        if variant == "signatures":
            sd["record"]["signatures"] = False
        if variant == "major":
            sd["situations"] = ["dust-collector-no-venting"]
            sd["hazards"].append(dict(description="干式除尘器未设置泄爆装置", major=True,
                                      standard_article="《工贸企业重大事故隐患判定标准》第十一条"))
            sd["cannot_ensure_safety"] = True
        return sd

    def herbal(ent, role, variant=None):
        herb = {"g01": "白术", "g02": "元胡", "g03": "浙贝母", "g04": "玄参", "g05": "白芍", "g06": "天麻"}
        name = herb.get(b_inv.get(ent["id"], ""), rng.choice(["白术", "元胡", "浙贝母", "玄参", "白芍", "天麻"]))
        limit = 400 if name in ("白术", "白芍", "天麻") else 150
        sample = dict(herb=name, so2_mg_per_kg=round(rng.uniform(5, limit * 0.4), 1), aflatoxin_b1_ug_per_kg=None,
                      aflatoxin_total_ug_per_kg=None, pesticides=[])
        sd = dict(role=role, samples=[sample], pesticide_record_years=None, trade_records=None, origin_stated=None,
                  sulfur_fumigation_observed=False, outcome_violation=False)
        if role == "grower":
            sd["pesticide_record_years"] = 2
        else:
            sd["trade_records"] = True
            sd["origin_stated"] = True
        if variant == "so2":
            sample["so2_mg_per_kg"] = 212.0 if limit == 150 else 468.0
        if variant == "records":
            sd["pesticide_record_years"] = 0.5
        if variant == "trade":
            sd["trade_records"] = False
            sd["origin_stated"] = False
            sd["outcome_violation"] = True
        if variant == "pesticide":
            sample["pesticides"] = [dict(name="克百威", mg_per_kg=0.031)]
            sd["outcome_violation"] = True
        if variant == "fumigation":
            sd["sulfur_fumigation_observed"] = True
            sd["outcome_violation"] = True
        return sd

    b_inv = {v: kk for kk, v in b.k.items()}
    ents = ds.enterprises

    def spread(rs, n):
        """n records spread over the year."""
        rs = sorted(rs, key=okey)
        if len(rs) <= n:
            return rs
        step = len(rs) / n
        return [rs[int(i * step)] for i in range(n)]

    safety_pool = [r for r in clean if r["lead_agency"] == "yjgl" and r["mode"] == "on-site" and is_insp(r)
                   and r["trigger"] in ("plan", "random-sampling")
                   and ents.get(r["enterprise"], {}).get("industry", "").startswith("C")]
    dust = [r for r in safety_pool if "dust-explosion" in ents[r["enterprise"]]["tags"]]
    other = [r for r in safety_pool if r not in dust]
    chosen = list(zip(spread(dust, 3), ["checklist", "major", None]))
    chosen += list(zip(spread(other, 5), [None, "operators", None, "signatures", None]))
    for r, v in chosen:
        ent = ents[r["enterprise"]]
        r["sector_data"] = {"safety": safety(ent, variant=v)}
        if v == "major":
            r["measures"] = [dict(kind="suspend", legal_basis="《中华人民共和国安全生产法》第六十五条")]
        b.sector_notes[r["id"]] = SECTOR_VARIANTS["safety", v]

    def herb_pool(prefixes, leads):
        return [r for r in clean if r["mode"] == "on-site" and is_insp(r) and r["lead_agency"] in leads
                and not r.get("sector_data")
                and ents.get(r["enterprise"], {}).get("industry", "").startswith(prefixes)]
    chosen = list(zip(spread(herb_pool(("A0170",), ("nync",)), 4), [None, "records", "fumigation", None]))
    chosen = [(r, v, "grower") for r, v in chosen]
    chosen += [(r, v, "processor") for r, v in zip(spread(herb_pool(("C2730",), ("scjg",)), 3), [None, "so2", None])]
    chosen += [(r, v, "trader") for r, v in
               zip(spread(herb_pool(("F5152", "F5252"), ("scjg",)), 4), [None, "trade", "pesticide", None])]
    for r, v, role in chosen:
        r["sector_data"] = {"herbal": herbal(ents[r["enterprise"]], role, v)}
        b.sector_notes[r["id"]] = SECTOR_VARIANTS["herbal", v] + f"（{ {'grower': '种植', 'processor': '饮片加工', 'trader': '经营'}[role] }）"


SECTOR_VARIANTS = {
    ("safety", None): "safety：检查清单齐全、记录完整，无插件提示",
    ("safety", "checklist"): "safety：粉尘涉爆企业的例行检查未覆盖粉尘防爆和承包商协议 → `safety.checklist-incomplete`",
    ("safety", "operators"): "safety：2名特种作业人员无证上岗却未判定为重大事故隐患 → `safety.major-hazard-misclassified`",
    ("safety", "signatures"): "safety：检查记录缺少签字 → `safety.record-incomplete`",
    ("safety", "major"): "safety：除尘器未设泄爆装置，判定为重大事故隐患并责令暂时停产（有依据），无插件提示",
    ("herbal", None): "herbal：抽样合格、记录齐全，无插件提示",
    ("herbal", "so2"): "herbal：二氧化硫残留超限而结论为“未发现违法” → `herbal.so2-over-limit`、`herbal.outcome-contradicts-sample`",
    ("herbal", "records"): "herbal：农药使用记录仅半年 → `herbal.pesticide-records-missing`",
    ("herbal", "trade"): "herbal：无购销记录、未标明产地 → `herbal.trade-records-missing`",
    ("herbal", "pesticide"): "herbal：检出禁用农药克百威 → `herbal.banned-pesticide`",
    ("herbal", "fumigation"): "herbal：现场发现硫磺熏蒸 → `herbal.sulfur-fumigation`",
}


# ---------------------------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------------------------

RECORD_ORDER = ["id", "activity", "trigger", "plan", "mode", "lead_agency", "joint_agencies", "delegated_by",
                "entrusted_agency", "inspectors", "enterprise", "started_at", "ended_at", "items", "approval", "code",
                "code_assigned_at", "urgency", "notice", "notice_exemption", "conduct", "measures", "penalty",
                "sector_data"]


def jsonable(x):
    if isinstance(x, dt.datetime):
        return x.isoformat()
    if isinstance(x, dict):
        return {kk: jsonable(v) for kk, v in x.items()}
    if isinstance(x, list):
        return [jsonable(v) for v in x]
    return x


def record_json(r: dict) -> str:
    out = {}
    for key in RECORD_ORDER:
        if key not in r:
            continue
        v = r[key]
        if key in ("conduct", "measures", "penalty", "sector_data") and not v:
            continue
        if key == "entrusted_agency" and v is None:  # v1.1 field: written only where an entrusted body inspected
            continue
        if key == "conduct":
            v = {kk: vv for kk, vv in v.items() if vv}
        out[key] = jsonable(v)
    return json.dumps(out, ensure_ascii=False, separators=(",", ":"))


def write_json(name: str, data):
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    (HERE / name).write_text(text, encoding="utf-8")


def main():
    rng = random.Random(SEED)
    inspectors = build_inspectors(rng)
    enterprises, keymap = build_enterprises(rng)
    items = build_items()
    plans = build_plans(keymap)
    agencies = []
    for a in AGENCIES:
        agencies.append(dict(id=a["id"], name=a["name"], kind=a["kind"], entrusted_by=a.get("entrusted_by"),
                             entrustment_published_on=a.get("entrustment_published_on"),
                             vertical=a.get("vertical", False), assessment_links=a.get("assessment_links", [])))
    ds = DS(agencies, inspectors, enterprises, items, plans)
    b = Builder(rng, ds, keymap)
    b.sector_notes = {}
    scenarios(b)

    # every scenario must show exactly its intended rules before the fill starts
    res = check_all(b.records, ds)
    bad = [(r["id"], b.notes.get(r["id"]), sorted(b.intent[r["id"]]), sorted(x for x, _ in res[r["id"]]))
           for r in b.records if sorted(b.intent[r["id"]]) != sorted(x for x, _ in res[r["id"]])]
    if bad:
        for x in bad:
            print("SCENARIO MISMATCH", x, file=sys.stderr)
        sys.exit(1)

    stats = fill(b)
    decorate(b)

    # final ids in chronological order
    b.records.sort(key=lambda r: (r["started_at"], r["id"]))
    rename = {}
    for n, r in enumerate(b.records, 1):
        rename[r["id"]] = f"I-{YEAR}-{n:04d}"
        r["id"] = rename[r["id"]]
    intent = {rename[t]: v for t, v in b.intent.items()}
    notes = {rename[t]: v for t, v in b.notes.items() if t in rename}
    sector_notes = {rename[t]: v for t, v in b.sector_notes.items()}

    res = check_all(b.records, ds)
    errors = validate_dataset(agencies, inspectors, enterprises, items, plans, b.records, intent)
    for r in b.records:
        got = sorted(x for x, _ in res[r["id"]])
        want = sorted(intent.get(r["id"], []))
        if got != want:
            errors.append(f"{r['id']}: want {want} got {got} ({notes.get(r['id'], '')})")
    pa = plan_agency_findings(b.records, ds)
    fired = {x for fs in res.values() for x, _ in fs} | {f[2] for f in pa}
    # data.invalid-uscc and data.uscc-org-code are also reported at enterprise scope
    fired |= {"data.invalid-uscc", "data.uscc-org-code"}
    missing = [x for x in RULE_IDS if x not in fired]
    if missing:
        errors.append(f"rules that never fire: {missing}")
    if errors:
        print("\n".join(errors), file=sys.stderr)
        sys.exit(1)

    # write
    write_json("agencies.json", agencies)
    write_json("inspectors.json", inspectors)
    write_json("enterprises.json", enterprises)
    write_json("items.json", items)
    write_json("plans.json", plans)
    (HERE / "policy.toml").write_text(POLICY_TOML, encoding="utf-8")
    with open(HERE / "records-2025.jsonl", "w", encoding="utf-8") as fh:
        for r in b.records:
            fh.write(record_json(r) + "\n")
    write_readme(b.records, res, pa, intent, notes, sector_notes, ds, keymap, enterprises)

    n_clean = sum(1 for r in b.records if not res[r["id"]])
    print(f"agencies {len(agencies)}, inspectors {len(inspectors)}, enterprises {len(enterprises)}, "
          f"items {len(items)}, plans {len(plans)}, records {len(b.records)} "
          f"(on-site {sum(r['mode'] == 'on-site' for r in b.records)}, "
          f"joint {sum(bool(r['joint_agencies']) for r in b.records)}), "
          f"clean {n_clean} ({n_clean / len(b.records):.1%})")
    if "-v" in sys.argv:
        for kind, (ok, n) in sorted(stats.items()):
            print(f"  {kind}: {ok}/{n}")
        for f in pa:
            print("  ", f)


# ---------------------------------------------------------------------------------------------------------
# README
# ---------------------------------------------------------------------------------------------------------

def write_readme(records, res, pa, intent, notes, sector_notes, ds, keymap, enterprises):
    by_rule = defaultdict(list)
    for r in records:
        for x, _ in res[r["id"]]:
            if r["id"] not in by_rule[x]:
                by_rule[x].append(r["id"])
    scope_rows = defaultdict(list)
    for scope, sid, rule, rel in pa:
        scope_rows[rule].append(f"{scope} `{sid}`")
    bad_uscc = [e for e in enterprises if not uscc_valid(e["id"])][0]
    bad_org = [e for e in enterprises if uscc_valid(e["id"]) and not org_code_ok(e["id"])][0]
    n = len(records)
    n_clean = sum(1 for r in records if not res[r["id"]])
    n_entrusted = sum(1 for r in records if r.get("entrusted_agency"))
    n_harm = sum(1 for r in records if r.get("penalty") and r["penalty"].get("harm"))
    n_pen = sum(1 for r in records if r.get("penalty"))
    n_valid = sum(1 for e in enterprises if uscc_valid(e["id"]) and e["id"][2:8] == "330727")
    lines = []
    w = lines.append
    w("# 磐安县示例数据集 / Pan'an County example dataset")
    w("")
    w("本目录是 Jiancha 的内置示例：浙江省金华市磐安县（行政区划代码 330727）2025 年涉企行政检查的虚构但贴近实际的数据，")
    w("按规则目录 v1.1（`shared/spec/rules.md`、`shared/spec/data-model.md`）编写。")
    w("机构名称为县内真实的执法主体；人员、企业、统一社会信用代码、检查记录均为虚构。")
    w("所有文件由 `generate.py` 生成（Python 3.11 标准库、固定随机种子），请修改脚本后重新运行，不要手工编辑输出文件。")
    w("")
    w("This directory is Jiancha's built-in example: a made-up but realistic 2025 dataset of inspections of")
    w("enterprises in Pan'an County, Zhejiang (region code 330727), written for rule catalogue v1.1. Agency names are")
    w("the county's real enforcement bodies; people, enterprises, credit codes and records are invented. Every file")
    w("is written by `generate.py` (stdlib only, fixed seed): change the script and re-run it rather than editing")
    w("the output.")
    w("")
    w("```sh")
    w("python3 examples/panan/generate.py            # rewrite the files (prints counts)")
    w("jiancha check --dataset examples/panan examples/panan/records-2025.jsonl --format jsonl > out.jsonl")
    w("python3 examples/panan/generate.py --compare out.jsonl   # diff the engine's output with the reference checker")
    w("```")
    w("")
    w("## 内容 / Contents")
    w("")
    w("| 文件 file | 内容 |")
    w("| --- | --- |")
    w(f"| `agencies.json` | {len(ds.agencies)} 个主体：10 个行政机关（其中金华市生态环境局磐安分局、磐安县消防救援大队为垂直管理），"
      "尖山镇综合行政执法队（受综合行政执法局委托，委托书 2025-03-15 公布），以及不得实施检查的县安委办（议事协调机构）、"
      "县中药材检验检测中心（第三方）、一家安全技术咨询公司（中介机构）。交通运输局的考核与检查数量挂钩（`assessment_links`）。 |")
    w(f"| `inspectors.json` | {len(ds.inspectors)} 人：持证执法人员（每个主体至少 2 人），1 名临时工、1 名执法辅助人员、1 名网格员；"
      f"`{EXPIRED_OFFICER}` 执法证 2025-06-30 到期，`{REVOKED_OFFICER}` 执法证 2025-08-15 吊销。 |")
    w(f"| `enterprises.json` | {len(enterprises)} 家（其中 {n_valid} 家统一社会信用代码有效）：中草药种植（A0170）、中药饮片加工（C2730）、"
      "中药材批发零售（F5152/F5252）、食品及其他制造业（部分标注 `major-hazard`、`dust-explosion`、`ammonia-refrigeration`、"
      f"`confined-space`）、住宿餐饮（H61/H62）、道路货运、采石、旅行社、歌舞厅。`{bad_uscc['id']}`（{bad_uscc['name']}）"
      f"的校验码故意写错；`{bad_org['id']}`（{bad_org['name']}）的第18位校验码正确，但其中组织机构代码的校验位（第17位）不符（GB 11714）。 |")
    w(f"| `items.json` | {len(ds.items)} 个检查事项，含法律依据、检查方式、可委托的简单事项；`nync-04` 未公布，`scjg-08` 于 2025-06-16 公布；"
      "`scjg-02`、`yjgl-07` 带有国家规定的年度频次（`annual_cap`，只提高本部门自己的上限）。 |")
    w(f"| `plans.json` | {len(ds.plans)} 个计划：各部门 2025 年度计划（交通运输局 4 月 18 日才公布；部分条目为书面核查 `off-site`），"
      "两个“综合查一次”多部门计划（有牵头单位），一个两部门无牵头单位的民宿计划，五个专项检查（上级部署 1、县政府批准且程序完整 1、"
      "垂直上级批准 1、先批准后集体讨论 1、手续不全且首次检查早于公布 1），以及一个 2024 年计划。 |")
    w("| `policy.toml` | 县级参数示例：2025 年起联合检查率目标 50%（2027 年起 80% 为内置值，县级值按日期与内置值合并，不被覆盖），"
      "五色频次上限，行政行为码格式 `code_pattern`（示例假设的格式：`ZJXZ` + 330727 + 赋码日期 + 5 位流水号；未见文件规定）等。 |")
    w(f"| `records-2025.jsonl` | {n} 条检查记录（JSON Lines），其中 {n_clean} 条（{n_clean / n:.0%}）程序完全合规、不应产生任何提示；"
      f"{n_entrusted} 条载明受委托组织（`entrusted_agency`），{n_pen} 条处罚记录中 {n_harm} 条载明危害后果（`harm`），其余为 null（未载明）。 |")
    w("")
    w("## v1.1 的记录方式 / What v1.1 changed in the example")
    w("")
    w("- 受委托组织以委托机关的名义检查（行政处罚法第二十条）：尖山镇综合行政执法队的记录写作 `lead_agency: \"zhzf\"`、"
      "`entrusted_agency: \"jszf\"`，执法队人员计作综合行政执法局的人员，其检查计入该局的频次上限、联合检查率和检查事项。"
      "仍以执法队为 `lead_agency` 的记录，或 `entrusted_agency` 并非牵头机关所委托的，报 `subject.invalid-entrustment`。")
    w("- 处罚记录的 `penalty.harm`（`none` · `minor` · `serious`，未载明为 null）区分行政处罚法第三十三条第一款的两种情形："
      "轻微、及时改正且无危害后果的应当不予处罚（`penalty.minor-no-harm`），初次违法、危害后果轻微并及时改正的可以不予处罚（`penalty.first-minor`）。")
    w("- 现场检查有行政行为码却无赋码时间报 `code.time-missing`；码不符合 `policy.toml` 的 `code_pattern` 报 `code.malformed`；"
      "计划条目为书面核查却入企现场检查报 `plan.outside-plan`；统一社会信用代码内组织机构代码校验位不符报 `data.uscc-org-code`。")
    w("- 联合检查率按实施机关（受委托组织计入委托机关）统计，不具备检查主体资格的机构不计算；专项检查的首次检查为载明该计划且列有检查事项的"
      "第一条记录；无国务院节假日安排的年份按《全国年节及纪念日放假办法》的法定节假日计算工作日。")
    w("")
    w("## 规则与示例记录 / Which records demonstrate which rule")
    w("")
    w("下表由参考检查器（`generate.py` 内，按 `shared/spec/rules.md` v1.1 实现，规范未明之处按 `docs/interpretation.md` 和各规则的说明）"
      "计算得出；`--compare` 逐条对比引擎输出（规则及 `related`）。")
    w("The table is computed by the reference checker inside `generate.py`, which follows `shared/spec/rules.md`")
    w("v1.1 (and, where it is silent, `docs/interpretation.md` and the rules' notes); `--compare` checks the engine's")
    w("output against it, record by record (rules and `related`).")
    w("")
    w("| rule | records / scope | 说明 |")
    w("| --- | --- | --- |")
    for rule in RULE_IDS:
        ids = by_rule.get(rule, [])
        where = [f"{i}" for i in ids]
        where += list(dict.fromkeys(scope_rows.get(rule, [])))
        if rule == "data.invalid-uscc":
            where.append(f"enterprise `{bad_uscc['id']}`")
        if rule == "data.uscc-org-code":
            where.append(f"enterprise `{bad_org['id']}`")
        parts = []
        for i in ids:
            rel = list(dict.fromkeys(x for f, rl in res[i] if f == rule for x in rl))
            text = notes.get(i) or ""
            if rel:
                text += f"（前序记录 earlier: {', '.join(rel)}）"
            parts.append(f"{i}：{text}")
        if rule in PLAN_NOTES:
            parts = [PLAN_NOTES[rule](pa, records, ds)]
        new = " (v1.1)" if rule in NEW_IN_V11 else ""
        w(f"| `{rule}`{new} | {', '.join(where)} | {'<br>'.join(parts)} |")
    w("")
    multi = max(intent, key=lambda i: (len(intent[i]), i))
    w(f"一条记录可以同时展示多条规则（例如 {multi}：{notes[multi]}）。")
    w("A record may show several rules at once. The other records, "
      f"{n_clean} of {n}, should give no finding at all; some of them show on purpose that a rule does *not* fire:")
    w("")
    for rid in sorted(notes):
        if not intent.get(rid) and notes[rid] and not notes[rid].startswith("（"):
            w(f"- {rid}：{notes[rid]}")
    w("")
    w("## 行业插件数据 / sector_data for the sample plugins")
    w("")
    w("部分合规记录带有 `sector_data.safety` 或 `sector_data.herbal`（格式见 `shared/domain/sectors.md`）。核心规则不读取这些数据，")
    w("它们供 `safety`、`herbal` 两个示例插件使用；箭头后为插件应给出的提示。")
    w("Some clean records carry `sector_data` in the shapes of `shared/domain/sectors.md`; the core ignores it. After")
    w("the arrow: what the sample plugin is expected to report.")
    w("")
    for rid in sorted(sector_notes):
        w(f"- {rid}：{sector_notes[rid]}")
    w("")
    (HERE / "README.md").write_text("\n".join(lines), encoding="utf-8")


def _merge_note(pa, records, ds):
    rows = [f"{sid} 的 `{rel[1]}` 与 {rel[0]} 的 `{rel[2]}`" for scope, sid, rule, rel in pa
            if rule == "plan.merge-suggestion"]
    return "检查对象相同、方式相同、时长相近，建议“低频就高频”合并：" + "；".join(rows) + \
        "（市场监管局特种设备检查与消防检查同为0.25天；文广旅体局与消防救援大队对同两家歌舞厅各查0.5天）"


def _rate_note(pa, records, ds):
    below = [sid for scope, sid, rule, rel in pa if rule == "joint.rate-below-target"]
    rates = joint_rates(records, ds)
    target = param("joint_rate_target", dt.date(YEAR, 12, 31))
    fmt = lambda a: f"{a} {rates[a][0]}/{rates[a][1]} = {rates[a][0] / rates[a][1]:.2f}"  # noqa: E731
    met = [a for a in sorted(rates) if a not in below]
    return (f"{YEAR}年联合检查率（联合/现场）低于县定目标{target:.0%}：" + "，".join(fmt(a) for a in below)
            + "。达标、不提示：" + "，".join(fmt(a) for a in met)
            + "。尖山镇综合行政执法队的检查计入综合行政执法局；县安委办等不具备检查主体资格的机构不计算联合检查率")


def _special_note(pa, records, ds):
    first = {}
    for r in records:
        if r.get("plan") and r["items"]:
            first[r["plan"]] = min(first.get(r["plan"], day_of(r)), day_of(r))
    why = {"legality_review_on": "无合法性审核", "collective_discussion_on": "无集体讨论",
           "approved_on": "无县政府批准", "published_on": "公布", "order": "先批准后集体讨论"}
    out = []
    for pid in dict.fromkeys(sid for scope, sid, rule, rel in pa if rule == "plan.special-unapproved"):
        p = ds.plans[pid]
        keys = [rel[0] for scope, sid, rule, rel in pa if rule == "plan.special-unapproved" and sid == pid]
        parts = []
        for key in keys:
            if key == "published_on":
                parts.append(f"{p['published_on']}才公布，晚于首次检查（{first.get(pid)}）")
            elif key == "order":
                sp = p["special"]
                parts.append(f"{sp['approved_on']}即经批准，{sp['collective_discussion_on']}才集体讨论（应经合法性审核、"
                             "集体讨论后再批准）")
            else:
                parts.append(why[key])
        name = {"SP-2025-ZHZF-YY": "餐饮油烟专项整治（综合行政执法局）",
                "SP-2025-YJGL-GW": "夏季高温期间工贸企业安全生产专项检查（应急管理局）"}.get(pid, pid)
        out.append(f"{pid} {name}：" + "，".join(parts))
    return "<br>".join(out)


PLAN_NOTES = {
    "plan.late-publication": lambda pa, records, ds: "交通运输局年度计划 2025-04-18 才公布，晚于 3 月 31 日",
    "plan.missing-lead": lambda pa, records, ds: "卫健局、市场监管局的民宿联合检查计划未明确牵头单位",
    "plan.special-unapproved": _special_note,
    "plan.merge-suggestion": _merge_note,
    "agency.assessment-quota":
        lambda pa, records, ds: "交通运输局内部考核与检查数量挂钩（`assessment_links: [\"inspection-count\"]`）",
    "joint.rate-below-target": _rate_note,
}


# ---------------------------------------------------------------------------------------------------------
# --compare: engine output vs reference checker
# ---------------------------------------------------------------------------------------------------------

def compare(path: str):
    global PARAMS

    def load(name):
        return json.loads((HERE / name).read_text(encoding="utf-8"))
    PARAMS = merge_params(BUILTIN_PARAMS, tomllib.loads((HERE / "policy.toml").read_text(encoding="utf-8")))
    ds = DS(load("agencies.json"), load("inspectors.json"), load("enterprises.json"), load("items.json"),
            load("plans.json"))
    records = []
    for line in (HERE / "records-2025.jsonl").read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        r.setdefault("activity", "inspection")
        for key in ("started_at", "ended_at", "code_assigned_at"):
            if r.get(key):
                r[key] = dt.datetime.fromisoformat(r[key])
        if r.get("approval"):
            r["approval"]["approved_at"] = dt.datetime.fromisoformat(r["approval"]["approved_at"])
        if r.get("notice"):
            r["notice"]["sent_at"] = dt.datetime.fromisoformat(r["notice"]["sent_at"])
        records.append(r)
    ref = check_all(records, ds)
    ref_other = defaultdict(list)
    for scope, sid, rule, _ in plan_agency_findings(records, ds):
        ref_other[(scope, sid)].append(rule)
    for e in ds.enterprises:
        if not uscc_valid(e):
            ref_other[("enterprise", e)].append("data.invalid-uscc")
        elif not org_code_ok(e):
            ref_other[("enterprise", e)].append("data.uscc-org-code")
    got = {}
    got_related = {}
    got_other = defaultdict(list)
    fired = set()
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        o = json.loads(line)
        fs = [f for f in o.get("findings", [])
              if "." in f["rule"] and f["rule"].split(".")[0] not in ("safety", "herbal")]
        rules = [f["rule"] for f in fs]
        fired |= set(rules)
        if o["scope"] == "inspection":
            if o.get("error"):
                print("ERROR LINE", o)
            got[o["id"]] = rules
            for f in fs:
                if f.get("related"):
                    got_related[(o["id"], f["rule"])] = (f["related"], f.get("related_total"))
        else:
            got_other[(o["scope"], o["id"])] += rules
    diffs = 0
    for r in records:
        a = sorted(set(x for x, _ in ref[r["id"]]))
        g = sorted(set(got.get(r["id"], [])))
        if a != g:
            diffs += 1
            print(f"{r['id']}: reference {a} engine {g}")
            continue
        # `related` of the cross-record findings: the engine's list (bounded, with related_total) against ours
        for rule, rel in ref[r["id"]]:
            if not rel:
                continue
            grel, total = got_related.get((r["id"], rule), ([], None))
            ok = sorted(grel) == sorted(set(rel)) if total is None else \
                (set(grel) <= set(rel) and total == len(set(rel)))
            if not ok:
                diffs += 1
                print(f"{r['id']} {rule}: related reference {sorted(set(rel))} engine {grel} (total {total})")
    for key in sorted(set(ref_other) | set(got_other)):
        a = sorted(set(ref_other.get(key, [])))
        g = sorted(set(got_other.get(key, [])))
        if a != g:
            diffs += 1
            print(f"{key}: reference {a} engine {g}")
    clean = sum(1 for r in records if not got.get(r["id"]))
    print(f"{diffs} differences; engine: {clean}/{len(records)} records without findings "
          f"({clean / len(records):.1%}); rules never fired by engine: {[x for x in RULE_IDS if x not in fired]}")


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "--compare":
        compare(sys.argv[2])
    else:
        main()
