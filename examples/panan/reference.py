#!/usr/bin/env python3
"""Reference checker of the built-in Pan'an County (磐安县, 330727) example: a second reading of the rules, in
another language, against which the engine's output on the example is compared.

    jiancha check --dataset examples/panan examples/panan/records-2025.jsonl --format jsonl > out.jsonl
    python3 examples/panan/reference.py --compare out.jsonl      # every difference; exit 1 if there is one
    python3 examples/panan/reference.py --validate               # the example's data against the contract

Python 3.11, standard library only. It reads the example's files and never writes them: the example is data,
kept by hand (examples/panan/README.md says what each scenario record shows); synthetic counties of any size
come from the one generator, `jiancha-gen` (docs/generate.md).

What it shares with the engine is data, never logic: the State Council schedules of core/data/calendar.json,
the movable statutory days of core/data/holidays.txt and the example's policy.toml. The rules themselves, the
working-day arithmetic, the USCC and organisation-code checks and the built-in parameters are written here
again from shared/spec/rules.md v1.1 (where it is silent, as docs/interpretation.md and the rules' notes read
it): an oracle that called the engine's code would agree with it by construction.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
import tomllib
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORE_DATA = HERE.parent.parent / "core" / "data"
TZ = dt.timezone(dt.timedelta(hours=8))

# ---------------------------------------------------------------------------------------------------------
# Working-day calendar (the State Council schedules of core/data/calendar.json)
# ---------------------------------------------------------------------------------------------------------

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



_SCHEDULES = json.loads((CORE_DATA / "calendar.json").read_text(encoding="utf-8"))
DAYS_OFF = {y["year"]: _expand(y["days_off"]) for y in _SCHEDULES}
WORK_DAYS = {y["year"]: _expand(y["working_days"]) for y in _SCHEDULES}
CALENDAR = set(DAYS_OFF)

# A year with no State Council schedule (rules.md "Working day"): weekends plus the statutory days off of
# 《全国年节及纪念日放假办法》 (2024 revision, 国务院令第795号): 元旦 01-01; 春节 农历除夕 to 正月初三; 清明 (the solar
# term); 劳动节 05-01..05-02; 端午 农历五月初五; 中秋 农历八月十五; 国庆 10-01..10-03; no 调休. The movable days
# (正月初一, 清明, 端午, 中秋) are read from core/data/holidays.txt; any other year is refused rather than guessed.
MOVABLE = {}
for _line in (CORE_DATA / "holidays.txt").read_text(encoding="utf-8").splitlines():
    if _line.strip() and not _line.startswith("#"):
        _year, *_days = _line.split()
        MOVABLE[int(_year)] = tuple(f"{_year}-{d}" for d in _days)


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



# Built-in parameters of rules.md "Parameters": (from or None for "since always", value), in date order.
BUILTIN_PARAMS = {
    "onsite_cap_per_agency_enterprise_year": [(None, 2)],
    "plan_publication_deadline": [(None, "03-31")],
    "urgent_approval_grace_working_days": [(None, 1)],
    "min_officers_on_site": [(None, 2)],
    "joint_rate_target": [(dt.date(2027, 1, 1), 0.8)],
    "risk_color_caps": [],
    "credit_class_caps": [],
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


PARAMS = merge_params(BUILTIN_PARAMS, tomllib.loads((HERE / "policy.toml").read_text(encoding="utf-8")))


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
        credit = ds.enterprises.get(ent, {}).get("credit_class")
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
                # frequency.credit-class: counted as the colour is, against the county's class caps
                caps = param("credit_class_caps", d) or {}
                if credit in caps and len(col_hist[y]) > caps[credit]:
                    out[r["id"]].append(("frequency.credit-class", col_hist[y][:-1]))
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


def validate_dataset(agencies, inspectors, enterprises, items, plans, records, malformed) -> list[str]:
    """Contract-level sanity: unique ids, no dangling reference inside the dataset, valid enums and keys; every code
    but those this checker finds `code.malformed` (`malformed`, record ids) in the county's `code_pattern`."""
    errs = []
    items_by_id = {i["id"]: i for i in items}
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
            if e["item"] in items_by_id and items_by_id[e["item"]]["agency"] not in p["agencies"]:
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
                and r["id"] not in malformed:
            errs.append(f"record {r['id']}: code {r['code']} does not match code_pattern")
    return errs



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


def load_example():
    """The example's dataset and records, times parsed."""
    def load(name):
        return json.loads((HERE / name).read_text(encoding="utf-8"))
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
    return ds, records


def validate() -> int:
    """The example's data against the contract, and every rule of the catalogue fired by some record or plan."""
    ds, records = load_example()
    res = check_all(records, ds)
    malformed = {rid for rid, fs in res.items() if any(x == "code.malformed" for x, _ in fs)}
    errors = validate_dataset(list(ds.agencies.values()), list(ds.inspectors.values()), list(ds.enterprises.values()),
                              list(ds.items.values()), list(ds.plans.values()), records, malformed)
    fired = {x for fs in res.values() for x, _ in fs} | {f[2] for f in plan_agency_findings(records, ds)}
    fired |= {"data.invalid-uscc" for e in ds.enterprises if not uscc_valid(e)}
    fired |= {"data.uscc-org-code" for e in ds.enterprises if uscc_valid(e) and not org_code_ok(e)}
    missing = [x for x in RULE_IDS if x not in fired]
    if missing:
        errors.append(f"rules that never fire: {missing}")
    for e in errors:
        print(e)
    clean = sum(1 for r in records if not res[r["id"]])
    print(f"{len(errors)} problems; {len(records)} records, {clean} without findings ({clean / len(records):.1%})")
    return len(errors)


def compare(path: str) -> int:
    """Prints every difference between the engine's JSON Lines output at `path` and this checker; returns their number."""
    ds, records = load_example()
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
    return diffs


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--compare":
        sys.exit(1 if compare(sys.argv[2]) else 0)
    elif sys.argv[1:] == ["--validate"]:
        sys.exit(1 if validate() else 0)
    else:
        print("用法 / usage:\n" + __doc__.split("\n\n")[1], file=sys.stderr)
        sys.exit(2)
