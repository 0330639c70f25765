#!/usr/bin/env python3
"""Generates the golden scenarios under tests/golden/<name>/ from the spec, independently of the engine.

Each scenario is a dataset (one JSON object), records.jsonl, an optional policy.toml, expect.json and NOTES.md.
The expectations are written by hand from shared/spec/rules.md (v1.1) and docs/interpretation.md; this script only
keeps the fixtures consistent (valid USCCs, clean default records, line numbers) and runs a small lint that
re-derives the cross-record counts (cap, repeated, multi-agency, high frequency) and the USCC findings as a second
opinion. v1.1: entrusted organizations count as their organ; an item's annual_cap raises only its own agency's cap;
USCCs are checked for layout and the GB 11714 organization-code check character too.

Run:  python3 tests/golden/generate.py            (writes every scenario)
      python3 tests/golden/generate.py --lint-only
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import re
import sys
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))

# ---------------------------------------------------------------------------------------------
# USCC (GB 32100-2015)
# ---------------------------------------------------------------------------------------------
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def uscc(body17: str) -> str:
    assert len(body17) == 17
    s = sum(ALPHABET.index(c) * w for c, w in zip(body17, WEIGHTS))
    return body17 + ALPHABET[(31 - s % 31) % 31]


REG_AUTHORITIES = "123456789ANY"  # position 1: registration-authority codes of GB 32100 (legal-basis.md)


def gb32100_valid(code: str) -> bool:
    """Every GB 32100 check: length, alphabet, layout (position 1; positions 3-8 digits), check character."""
    return (len(code) == 18 and all(c in ALPHABET for c in code) and code[0] in REG_AUTHORITIES
            and code[2:8].isdigit() and uscc(code[:17]) == code)


ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]


def org_check(body8: str) -> str:
    """GB 11714 organization-code check character over 8 characters (digits, letters A=10 ... Z=35)."""
    assert len(body8) == 8
    s = sum((int(c) if c.isdigit() else ord(c) - ord("A") + 10) * w for c, w in zip(body8, ORG_WEIGHTS))
    v = 11 - s % 11
    return "X" if v == 10 else "0" if v == 11 else str(v)


def org_valid(code: str) -> bool:
    return len(code) >= 17 and org_check(code[8:16]) == code[16]


def uscc_valid(code: str) -> bool:
    """Valid under v1.1: passes GB 32100 (with layout) and the GB 11714 check of positions 9-17."""
    return gb32100_valid(code) and org_valid(code)


def make_uscc(prefix8: str, body8: str) -> str:
    """prefix (authority, type, division) + organization code body + its check character + the USCC check."""
    return uscc(prefix8 + body8 + org_check(body8))


def org_defect(prefix8: str, body8: str) -> str:
    """A code whose ONLY defect is the organization-code check character: layout and GB 32100 check are valid."""
    good = org_check(body8)
    wrong = "1" if good != "1" else "2"
    code = uscc(prefix8 + body8 + wrong)
    assert gb32100_valid(code) and not org_valid(code)
    return code


def layout_defect(prefix8: str, body8: str) -> str:
    """A code with a bad layout in prefix8 (position 1 or positions 3-8) but correct check characters."""
    code = uscc(prefix8 + body8 + org_check(body8))
    assert all(c in ALPHABET for c in code) and uscc(code[:17]) == code and org_valid(code)
    assert not gb32100_valid(code)
    return code


assert uscc("91330727MA2HQ0008") == "91330727MA2HQ0008A"
assert uscc("91110000600037341") == "91110000600037341L"
assert uscc("91350100M000100Y4") == "91350100M000100Y43"
assert uscc_valid("91330727MA2HQ0008A") and uscc_valid("91110000600037341L")
assert org_check("MA2HQ000") == "8" and org_check("60003734") == "1"

# Fixture enterprises: 91 (market regulation, enterprise) 330727 (磐安县) + organization code MA2HQ<nnn> + its
# GB 11714 check character + the GB 32100 check character: valid under every v1.1 check.
ENT = {f"E{i}": make_uscc("91330727", f"MA2HQ{i:03d}") for i in range(1, 41)}
assert all(uscc_valid(c) for c in ENT.values())


def bad_check(code: str) -> str:
    """The same code with a wrong check character."""
    good = code[-1]
    wrong = ALPHABET[(ALPHABET.index(good) + 1) % 31]
    return code[:17] + wrong


# ---------------------------------------------------------------------------------------------
# Base dataset
# ---------------------------------------------------------------------------------------------
AGENCY_NAMES = {
    "SCJ": "磐安县市场监督管理局",
    "YJJ": "磐安县应急管理局",
    "ZRJ": "磐安县自然资源和规划局",
    "WJJ": "磐安县卫生健康局",
    "STJ": "金华市生态环境局磐安分局",
}
SURNAMES = "张王李赵陈刘杨黄周吴"


def base_agencies():
    out = []
    for s, name in AGENCY_NAMES.items():
        a = {"id": f"A-{s}", "name": name, "kind": "administrative-organ"}
        if s == "STJ":
            a["vertical"] = True  # 生态环境 is vertically managed: its superior approves special inspections
        out.append(a)
    return out


def officer(pid, agency, name, valid_from="2020-01-01", valid_until="2030-12-31", revoked_on=None, role="officer",
            cert=True, issued_by=None):
    p = {"id": pid, "name": name, "agency": agency, "role": role}
    if cert:
        p["certificate"] = {
            "number": "ZJ" + pid.replace("-", ""),
            "issued_by": issued_by or agency,
            "valid_from": valid_from,
            "valid_until": valid_until,
            "revoked_on": revoked_on,
        }
    else:
        p["certificate"] = None
    return p


def base_inspectors():
    out = []
    k = 0
    for s in AGENCY_NAMES:
        for n in (1, 2):
            out.append(officer(f"P-{s}-{n}", f"A-{s}", SURNAMES[k % 10] + ("一" if n == 1 else "二")))
            k += 1
    return out


def item(iid, agency, name=None, published_on="2020-01-01", method="on-site", annual_cap=None, delegable=False,
         delegated_to=None, industries=None):
    return {
        "id": iid,
        "agency": agency,
        "name": name or f"{iid} 检查事项",
        "legal_basis": "《中华人民共和国行政许可法》等（测试用）",
        "published_on": published_on,
        "method": method,
        "annual_cap": annual_cap,
        "delegable": delegable,
        "delegated_to": delegated_to or [],
        "industries": industries or [],
    }


def base_items():
    out = []
    for s in AGENCY_NAMES:
        for n in range(1, 11):
            out.append(item(f"IT-{s}-{n:02d}", f"A-{s}"))
    out.append(item("IT-YJJ-D", "A-YJJ", name="安全生产简单事项（委托市场监管代查）", delegable=True,
                    delegated_to=["A-SCJ"]))
    out.append(item("IT-YJJ-DX", "A-YJJ", name="安全生产简单事项（委托自然资源代查）", delegable=True,
                    delegated_to=["A-ZRJ"]))
    out.append(item("IT-ZRJ-D", "A-ZRJ", name="自然资源简单事项（委托市场监管代查）", delegable=True,
                    delegated_to=["A-SCJ"]))
    return out


def enterprise(eid, name=None, industry="C2730", risk_color=None, credit_class=None, tags=None):
    code = ENT.get(eid, eid)
    return {
        "id": code,
        "name": name or f"磐安县{eid}中药饮片有限公司",
        "industry": industry,
        "risk_color": risk_color,
        "credit_class": credit_class,
        "tags": tags or [],
    }


# ---------------------------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------------------------
SH = dt.timezone(dt.timedelta(hours=8))


def parse_ts(s: str) -> dt.datetime:
    t = dt.datetime.fromisoformat(s.replace("Z", "+00:00"))
    if t.tzinfo is None:
        t = t.replace(tzinfo=SH)
    return t


def local_day(s: str) -> dt.date:
    return parse_ts(s).astimezone(SH).date()


def at(day: str, hm: str) -> str:
    return f"{day}T{hm}:00+08:00"


def shift(day: str, days: int) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=days)).isoformat()


def short(agency: str) -> str:
    return agency.split("-", 1)[1] if agency.startswith("A-") else agency


DEFAULT = object()


def rec(rid, day, ag="A-SCJ", ent="E1", items=DEFAULT, *, started=None, ended=None, mode="on-site",
        trigger="random-sampling", plan=None, joint=None, delegated_by=None, entrusted_agency=None,
        inspectors=DEFAULT,
        approval=DEFAULT, code=DEFAULT, code_at=DEFAULT, notice=DEFAULT, notice_exemption=None, urgency=None,
        conduct=None, measures=None, penalty=None, activity=None, sector_data=None):
    """A record that is clean unless told otherwise.

    `day` is the Asia/Shanghai inspection day; approval, code and notice default to three days earlier.
    `entrusted_agency` (v1.1) is emitted only when given; `penalty` is a free-form dict (v1.1 `harm` included).
    """
    s = short(ag)
    r = {"id": rid}
    if activity is not None:
        r["activity"] = activity
    r["trigger"] = trigger
    if plan is not None or trigger in ("plan", "special"):
        r["plan"] = plan
    r["mode"] = mode
    r["lead_agency"] = ag
    if joint:
        r["joint_agencies"] = joint
    if delegated_by is not None:
        r["delegated_by"] = delegated_by
    if entrusted_agency is not None:
        r["entrusted_agency"] = entrusted_agency  # v1.1
    r["inspectors"] = [f"P-{s}-1", f"P-{s}-2"] if inspectors is DEFAULT else inspectors
    r["enterprise"] = ENT.get(ent, ent)
    r["started_at"] = started or at(day, "09:00")
    if ended is None:
        t = dt.datetime.fromisoformat(r["started_at"].replace("Z", "+00:00")) + dt.timedelta(hours=2)
        ended = t.isoformat()
    r["ended_at"] = ended
    r["items"] = [f"IT-{s}-01"] if items is DEFAULT else items
    prior = shift(day, -3)
    if approval is DEFAULT:
        approval = at(prior, "10:00") if urgency is None else None
    r["approval"] = None if approval is None else {"approved_at": approval}
    if code is DEFAULT:
        code = None if mode == "off-site" else f"ZJ{rid.replace('-', '')}"
    if code_at is DEFAULT:
        code_at = at(prior, "10:05") if code else None
    r["code"] = code
    r["code_assigned_at"] = code_at
    if urgency is not None:
        r["urgency"] = {"kind": urgency}
    if notice is DEFAULT:
        notice = {} if urgency is None and notice_exemption is None else None
    if notice is not None:
        n = {"sent_at": at(prior, "10:10"), "time": True, "basis": True, "purpose": True, "content": True}
        n.update(notice)
        r["notice"] = n
    else:
        r["notice"] = None
    if notice_exemption is not None:
        r["notice_exemption"] = notice_exemption
    if conduct is not None:
        r["conduct"] = conduct
    if measures is not None:
        r["measures"] = measures
    if penalty is not None:
        r["penalty"] = penalty
    if sector_data is not None:
        r["sector_data"] = sector_data
    return r


def urgent(rid, started, ended, approval, ag="A-SCJ", ent="E1", kind="temporary", mode="off-site", code=DEFAULT,
           code_at=DEFAULT, items=DEFAULT, trigger="patrol", **kw):
    """An urgent inspection. Off site by default (so only the approval is checked against the deadline)."""
    day = local_day(started).isoformat()
    if mode == "on-site" and code is DEFAULT:
        # code assigned before the start, so only the approval is tested
        code = f"ZJ{rid.replace('-', '')}"
        if code_at is DEFAULT:
            code_at = (parse_ts(started) - dt.timedelta(minutes=10)).isoformat()
    if mode == "off-site" and code is DEFAULT:
        code = None
        code_at = None
    return rec(rid, day, ag, ent, items, started=started, ended=ended, mode=mode, urgency=kind, approval=approval,
               code=code, code_at=code_at, trigger=trigger, **kw)


def plan(pid, year, agencies, entries=(), kind="annual", lead=DEFAULT, published_on=DEFAULT, special=None):
    if lead is DEFAULT:
        lead = agencies[0] if len(agencies) == 1 else None
    if published_on is DEFAULT:
        published_on = f"{year}-02-15"
    p = {"id": pid, "year": year, "kind": kind, "agencies": agencies, "lead": lead, "published_on": published_on,
         "entries": [dict(e) for e in entries], "special": special}
    for e in p["entries"]:
        if e.get("enterprises") is not None:
            e["enterprises"] = [ENT.get(x, x) for x in e["enterprises"]]
    return p


def entry(item_id, enterprises, method="on-site", times=1, duration=1.0):
    return {"item": item_id, "enterprises": enterprises, "method": method, "times_per_year": times,
            "duration_days": duration}


def special_ok(legality="2025-01-10", collective="2025-01-15", approved="2025-01-20", by="county-government",
               deployed=False):
    return {"deployed_by_superior": deployed, "legality_review_on": legality, "collective_discussion_on": collective,
            "approved_on": approved, "approved_by": by}


# ---------------------------------------------------------------------------------------------
# Scenario assembly
# ---------------------------------------------------------------------------------------------
SCENARIOS = []


class Scenario:
    def __init__(self, name, title, basis, *, agencies=(), inspectors=(), items=(), enterprises=(), plans=(),
                 policy=None, calendar=None, policy_toml=None, exclude_enterprises=(), replace_agencies=None,
                 lint_params=None, lint=True, omit_keys=()):
        self.name = name
        self.title = title
        self.basis = basis
        self.extra_agencies = list(agencies)
        self.replace_agencies = replace_agencies or {}
        self.extra_inspectors = list(inspectors)
        self.extra_items = list(items)
        self.extra_enterprises = list(enterprises)
        self.plans = list(plans)
        self.policy = policy
        self.calendar = calendar
        self.policy_toml = policy_toml
        self.exclude = set(ENT.get(e, e) for e in exclude_enterprises)
        self.lines = []  # (record dict or raw str, expected list, why)
        self.scoped = []  # (key, expected list, why)
        self.lint_params = lint_params or {}
        self.lint = lint
        self.omit_keys = list(omit_keys)
        SCENARIOS.append(self)

    def add(self, record, expected, why):
        assert expected is not None
        self.lines.append((record, sorted(expected), why))
        return self

    def blank(self, text):
        """A blank or whitespace-only input line: no output line, but it counts in the physical numbering."""
        self.lines.append((text, None, "blank"))
        return self

    def scope(self, key, expected, why):
        self.scoped.append((key, sorted(expected), why))
        return self

    # -- dataset ---------------------------------------------------------------------------------
    def dataset(self):
        recs = []
        for r, _, _ in self.lines:
            if isinstance(r, str):
                try:
                    r = json.loads(r)
                except ValueError:
                    continue
            if isinstance(r, dict):
                recs.append(r)
        agencies = [self.replace_agencies.get(a["id"], a) for a in base_agencies()] + self.extra_agencies
        extra_item_ids = {i["id"] for i in self.extra_items}
        used_items = set()
        used_insp = set()
        used_ent = set()
        for r in recs:
            used_items.update(r.get("items", []))
            used_insp.update(r.get("inspectors", []))
            used_ent.add(r.get("enterprise"))
        for p in self.plans:
            for e in p["entries"]:
                used_items.add(e["item"])
                used_ent.update(e.get("enterprises") or [])
        items = [i for i in base_items() if i["id"] in used_items and i["id"] not in extra_item_ids]
        items += self.extra_items
        extra_insp_ids = {p["id"] for p in self.extra_inspectors}
        inspectors = [p for p in base_inspectors() if p["id"] in used_insp and p["id"] not in extra_insp_ids]
        inspectors += self.extra_inspectors
        extra_ent = [enterprise(e) if isinstance(e, str) else e for e in self.extra_enterprises]
        extra_ent_ids = {e["id"] for e in extra_ent}
        ents = []
        for key, code in ENT.items():
            if code in used_ent and code not in self.exclude and code not in extra_ent_ids:
                ents.append(enterprise(key))
        ents += extra_ent
        ds = {"agencies": agencies, "inspectors": inspectors, "enterprises": ents, "items": items,
              "plans": self.plans}
        if self.policy is not None:
            ds["policy"] = self.policy
        if self.calendar is not None:
            ds["calendar"] = self.calendar
        for k in self.omit_keys:
            ds.pop(k, None)
        return ds

    def expect(self):
        out = {}
        for n, (_, exp, _) in enumerate(self.lines, start=1):
            if exp is not None:
                out[str(n)] = exp
        for key, exp, _ in self.scoped:
            assert key not in out, key
            out[key] = exp
        return out

    def notes(self):
        lines = [f"# {self.name}", "", self.title, "", f"Spec: {self.basis}", "",
                 "| line | record | expected | why |", "| --- | --- | --- | --- |"]
        for n, (r, exp, why) in enumerate(self.lines, start=1):
            rid = r.get("id") if isinstance(r, dict) else "(raw)"
            if exp is None:
                lines.append(f"| {n} | (blank) | no output line | {why} |")
                continue
            lines.append(f"| {n} | {rid} | {', '.join(exp) or '—'} | {why} |")
        if self.scoped:
            lines += ["", "| scope line | expected | why |", "| --- | --- | --- |"]
            for key, exp, why in self.scoped:
                lines.append(f"| `{key}` | {', '.join(exp) or '—'} | {why} |")
        lines.append("")
        lines.append("Any line not listed in expect.json must have no findings.")
        lines.append("")
        return "\n".join(lines)

    def write(self):
        d = os.path.join(HERE, self.name)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "dataset.json"), "w", encoding="utf-8") as f:
            json.dump(self.dataset(), f, ensure_ascii=False, indent=1)
            f.write("\n")
        with open(os.path.join(d, "records.jsonl"), "w", encoding="utf-8") as f:
            for r, _, _ in self.lines:
                f.write((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n")
        with open(os.path.join(d, "expect.json"), "w", encoding="utf-8") as f:
            json.dump(self.expect(), f, ensure_ascii=False, indent=1)
            f.write("\n")
        with open(os.path.join(d, "NOTES.md"), "w", encoding="utf-8") as f:
            f.write(self.notes())
        p = os.path.join(d, "policy.toml")
        if self.policy_toml is not None:
            with open(p, "w", encoding="utf-8") as f:
                f.write(self.policy_toml)
        elif os.path.exists(p):
            os.remove(p)


# ---------------------------------------------------------------------------------------------
# Lint: a second opinion on cross-record counts and on dataset cleanliness
# ---------------------------------------------------------------------------------------------
ALWAYS_EXEMPT = {"complaint", "referral", "data-monitoring", "patrol", "enterprise-request"}
CROSS = {"frequency.onsite-cap", "frequency.excessive-exempt", "alert.repeated", "alert.multi-agency",
         "alert.high-frequency"}


def lint(sc: Scenario):
    problems = []
    ds = sc.dataset()
    items = {i["id"]: i for i in ds["items"]}
    plans = {p["id"]: p for p in ds.get("plans", [])}
    agencies = {a["id"]: a for a in ds["agencies"]}
    P = {"cap": 2, "exempt": 6, "repeat": 180, "ma_window": 30, "ma_min": 3, "hf_window": 365, "hf_min": 6,
         "min_officers": 2}
    P.update(sc.lint_params)
    recs = []
    seen = set()
    for n, (r, exp, _) in enumerate(sc.lines, start=1):
        if not isinstance(r, dict) or exp is None or exp == ["error"] or r["id"] in seen:
            continue
        seen.add(r["id"])
        recs.append((n, r))
    got = defaultdict(list)

    def organ(a):
        """v1.1: an entrusted organization whose entrusted_by is a known, not itself entrusted agency counts as
        that organ (rules.md 'Counted agencies')."""
        x = agencies.get(a)
        if x and x.get("kind") == "entrusted-organization":
            b = agencies.get(x.get("entrusted_by"))
            if b and b.get("kind") != "entrusted-organization":
                return b["id"]
        return a

    def is_insp(r):
        return r.get("activity", "inspection") == "inspection" or bool(r.get("items"))

    def onsite(r):
        return r["mode"] == "on-site" and is_insp(r)

    def exempt(r):
        if r["trigger"] in ALWAYS_EXEMPT:
            return True
        if r["trigger"] == "special":
            p = plans.get(r.get("plan"))
            return bool(p and p.get("special") and p["special"].get("deployed_by_superior"))
        return False

    def counted(r):
        out = []
        for a in [r["lead_agency"]] + r.get("joint_agencies", []) + ([r["delegated_by"]] if r.get("delegated_by")
                                                                       else []):
            if organ(a) not in out:
                out.append(organ(a))
        return out

    def joint(r):
        return any(organ(a) != organ(r["lead_agency"]) for a in r.get("joint_agencies", []))

    def cap_for(r, a):
        """v1.1: only items of agency a (as organ), or delegable and delegated to it, raise a's cap."""
        caps = []
        for i in r.get("items", []):
            it = items.get(i)
            if not it or not it.get("annual_cap"):
                continue
            own = organ(it["agency"]) == a
            deleg = it.get("delegable") and a in {organ(x) for x in it.get("delegated_to", [])}
            if own or deleg:
                caps.append(it["annual_cap"])
        return max([P["cap"]] + caps)

    key = lambda nr: (parse_ts(nr[1]["started_at"]), nr[1]["id"])
    ordered = sorted(recs, key=key)
    day = {r["id"]: local_day(r["started_at"]) for _, r in recs}
    # cap and excessive exempt
    cnt = defaultdict(int)
    ecnt = defaultdict(int)
    for n, r in ordered:
        if not onsite(r):
            continue
        for a in counted(r):
            k = (a, r["enterprise"], day[r["id"]].year)
            if exempt(r):
                ecnt[k] += 1
                if ecnt[k] > P["exempt"]:
                    got[n].append("frequency.excessive-exempt")
            else:
                cnt[k] += 1
                if cnt[k] > cap_for(r, a):
                    got[n].append("frequency.onsite-cap")
    # repeated
    for idx, (n, r) in enumerate(ordered):
        if not is_insp(r):
            continue
        for it in r.get("items", []):
            for m, e in ordered[:idx]:
                if is_insp(e) and not exempt(e) and e["enterprise"] == r["enterprise"] and it in e.get("items", []) \
                        and (day[r["id"]] - day[e["id"]]).days < P["repeat"]:
                    got[n].append("alert.repeated")
                    break
    # multi-agency (separate = not joint; agencies as organs)
    sep = [(n, r) for n, r in ordered if onsite(r) and not joint(r)]
    for idx, (n, r) in enumerate(sep):
        win = [e for _, e in sep[:idx] if (day[r["id"]] - day[e["id"]]).days < P["ma_window"]
               and e["enterprise"] == r["enterprise"]]
        before = {organ(e["lead_agency"]) for e in win}
        me = organ(r["lead_agency"])
        if len(before | {me}) >= P["ma_min"] and me not in before:
            got[n].append("alert.multi-agency")
    # high frequency
    ons = [(n, r) for n, r in ordered if onsite(r)]
    for idx, (n, r) in enumerate(ons):
        win = [e for _, e in ons[: idx + 1] if (day[r["id"]] - day[e["id"]]).days < P["hf_window"]
               and e["enterprise"] == r["enterprise"]]
        if len(win) == P["hf_min"]:
            got[n].append("alert.high-frequency")
    for n, (r, exp, _) in enumerate(sc.lines, start=1):
        if exp is None:
            continue
        want = sorted(x for x in exp if x in CROSS)
        have = sorted(got.get(n, []))
        if want != have:
            problems.append(f"{sc.name} line {n}: expect cross {want}, lint says {have}")
    # USCC on records: invalid-uscc for a GB 32100 failure, uscc-org-code only for a GB 32100-valid code
    for n, r in recs:
        exp = sc.lines[n - 1][1]
        e = r.get("enterprise", "")
        want = []
        if not gb32100_valid(e):
            want = ["data.invalid-uscc"]
        elif not org_valid(e):
            want = ["data.uscc-org-code"]
        have = [x for x in exp if x in ("data.invalid-uscc", "data.uscc-org-code")]
        if want != have:
            problems.append(f"{sc.name} line {n}: enterprise {e}: USCC rules {have}, lint says {want}")
    # dangling references on records: data.unknown-reference expected exactly when the record names something unknown
    insp_ids = {p["id"] for p in ds.get("inspectors", [])}
    ent_ids = {e["id"] for e in ds.get("enterprises", [])}
    for n, r in recs:
        exp = sc.lines[n - 1][1]
        names = [r["lead_agency"]] + r.get("joint_agencies", []) + [x for x in (r.get("delegated_by"),
                                                                                 r.get("entrusted_agency")) if x]
        unknown = [a for a in names if a not in agencies]
        unknown += [p for p in r.get("inspectors", []) if p not in insp_ids]
        unknown += [i for i in r.get("items", []) if i not in items]
        unknown += [r["enterprise"]] if r["enterprise"] not in ent_ids else []
        unknown += [r["plan"]] if r.get("plan") and r["plan"] not in plans else []
        if bool(unknown) != ("data.unknown-reference" in exp):
            problems.append(f"{sc.name} line {n}: unknown references {unknown}, expected {exp}")
    # subject rules (v1.1 readings): multiplicities of invalid-entrustment, unqualified-agency, mismatch, too-few
    people = {p["id"]: p for p in ds.get("inspectors", [])}
    for n, r in recs:
        if not is_insp(r):
            continue
        exp = sc.lines[n - 1][1]
        d = day[r["id"]]
        lead = r["lead_agency"]
        ea = r.get("entrusted_agency")
        bodies = []
        for a in [lead] + r.get("joint_agencies", []) + [x for x in (r.get("delegated_by"), ea) if x]:
            if a not in bodies:
                bodies.append(a)
        kind = lambda a: agencies.get(a, {}).get("kind")
        inv = 0
        if kind(lead) == "entrusted-organization":
            inv += 1
        if ea and not (kind(ea) == "entrusted-organization" and agencies[ea].get("entrusted_by") == lead):
            inv += 1
        for a in bodies:
            if kind(a) != "entrusted-organization":
                continue
            by = agencies.get(agencies[a].get("entrusted_by"))
            pub = agencies[a].get("entrustment_published_on")
            if not by or by.get("kind") == "entrusted-organization" or not pub or pub >= d.isoformat():
                inv += 1
        unq = sum(1 for a in bodies if kind(a) in ("coordinating-body", "third-party", "intermediary"))
        cnt_org = set(counted(r))
        mis = 0
        officers = set()
        for pid in dict.fromkeys(r.get("inspectors", [])):
            p = people.get(pid)
            if not p:
                continue
            belongs = organ(p["agency"]) in cnt_org or (ea is not None and p["agency"] == ea)
            if not belongs:
                mis += 1
            c = p.get("certificate")
            ok = p["role"] == "officer" and c and c["valid_from"] <= d.isoformat() <= c["valid_until"] and \
                (c.get("revoked_on") is None or d.isoformat() < c["revoked_on"])
            if ok and belongs:
                officers.add(pid)
        few = 1 if onsite(r) and len(officers) < P["min_officers"] else 0
        for rule, k in [("subject.invalid-entrustment", inv), ("subject.unqualified-agency", unq),
                        ("subject.inspector-agency-mismatch", mis), ("subject.too-few-officers", few)]:
            if exp.count(rule) != k:
                problems.append(f"{sc.name} line {n}: {rule} expected {exp.count(rule)}x, lint says {k}x")
    # code.time-missing, code.malformed, item.foreign-agency (v1.1 readings)
    pattern = (ds.get("policy") or {}).get("code_pattern")
    if sc.policy_toml is not None and "code_pattern" in sc.policy_toml:
        import tomllib
        pattern = tomllib.loads(sc.policy_toml).get("code_pattern", pattern)
    for n, r in recs:
        if not is_insp(r):
            continue
        exp = sc.lines[n - 1][1]
        code = (r.get("code") or "").strip()
        tm = 1 if onsite(r) and code and r.get("code_assigned_at") is None else 0
        mal = 1 if pattern and code and not re.fullmatch(pattern, r["code"]) else 0
        cnt_org = set(counted(r))
        foreign = 0
        for i in r.get("items", []):
            it = items.get(i)
            if not it or organ(it["agency"]) in cnt_org:
                continue
            if it.get("delegable") and organ(r["lead_agency"]) in {organ(x) for x in it.get("delegated_to", [])}:
                continue
            foreign += 1
        for rule, k in [("code.time-missing", tm), ("code.malformed", mal), ("item.foreign-agency", min(foreign, 1))]:
            if exp.count(rule) != k:
                problems.append(f"{sc.name} line {n}: {rule} expected {exp.count(rule)}x, lint says {k}x")
    # dataset sanity: a defective dataset USCC must have its enterprise scope line
    scoped = {k: v for k, v, _ in sc.scoped}
    for e in ds.get("enterprises", []):
        want = [] if uscc_valid(e["id"]) else ["data.invalid-uscc"] if not gb32100_valid(e["id"]) \
            else ["data.uscc-org-code"]
        have = [x for x in scoped.get(f"enterprise {e['id']}", []) if x in ("data.invalid-uscc",
                                                                          "data.uscc-org-code")]
        if want != have:
            problems.append(f"{sc.name}: dataset enterprise {e['id']}: scope expects {have}, lint says {want}")
    return problems


# ---------------------------------------------------------------------------------------------
# Scenarios
# ---------------------------------------------------------------------------------------------
exec(open(os.path.join(HERE, "scenarios.py"), encoding="utf-8").read())


def main():
    probs = []
    names = set()
    for sc in SCENARIOS:
        assert sc.name not in names, sc.name
        ids = [r["id"] for r, exp, _ in sc.lines if isinstance(r, dict) and exp != ["error"] and "id" in r]
        dup = {i for i in ids if ids.count(i) > 1}
        assert not dup, (sc.name, dup)
        names.add(sc.name)
        if sc.lint:
            probs += lint(sc)
    for p in probs:
        print("LINT:", p)
    if "--lint-only" in sys.argv:
        return
    for sc in SCENARIOS:
        sc.write()
    print(f"wrote {len(SCENARIOS)} scenarios")


if __name__ == "__main__":
    main()
