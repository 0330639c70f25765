# Golden scenarios. Executed by generate.py (which defines rec, urgent, plan, entry, Scenario, ...).
# Every record is clean unless the scenario says otherwise: approval, code and notice three days before the start,
# two certified officers of the lead agency, a published on-site item of the lead agency, trigger random-sampling,
# a known enterprise with a valid USCC, ended two hours after the start.
# ruff: noqa

R = "interpretation.md"
CAP = "frequency.onsite-cap"
EXC = "frequency.excessive-exempt"
RISK = "frequency.risk-color"
CREDIT = "frequency.credit-class"
REP = "alert.repeated"
MA = "alert.multi-agency"
HF = "alert.high-frequency"
OUT = "plan.outside-plan"
UNK = "data.unknown-reference"
LATE = "code.urgent-late"
CALU = "calendar.unknown-year"
INV = "subject.invalid-entrustment"
UNQ = "subject.unqualified-agency"
MIS = "subject.inspector-agency-mismatch"
FEW = "subject.too-few-officers"
JRT = "joint.rate-below-target"

# =============================================================================================
# subject.*
# =============================================================================================
sc = Scenario(
    "subject-unqualified-agency",
    "Only administrative organs, authorised and entrusted organisations may inspect, as lead, joint, delegating or "
    "(v1.1) entrusted agency; one finding per distinct unqualified body.",
    "rules.md v1.1 subject.unqualified-agency ('the lead, a joint, the delegating or the entrusted agency'; "
    "gbf-2024-54 二; panan-draft-2025 （一）1); brief reading 'one finding per distinct body among lead, joint, "
    "delegated_by and entrusted_agency'",
    agencies=[
        {"id": "A-YXB", "name": "磐安县优化营商环境工作领导小组办公室", "kind": "coordinating-body"},
        {"id": "A-JCY", "name": "磐安县产品质量检验检测院", "kind": "third-party"},
        {"id": "A-ZJ", "name": "某安全评价咨询有限公司", "kind": "intermediary"},
        {"id": "A-SQ", "name": "磐安县中药材产业发展中心（法律法规授权组织）", "kind": "authorized-organization"},
    ],
    inspectors=[officer("P-YXB-1", "A-YXB", "钱一"), officer("P-YXB-2", "A-YXB", "钱二"),
                officer("P-SQ-1", "A-SQ", "孙一"), officer("P-SQ-2", "A-SQ", "孙二")],
    items=[item("IT-YXB-01", "A-YXB"), item("IT-SQ-01", "A-SQ")],
)
sc.add(rec("U-01", "2025-05-12", "A-YXB", "E1", ["IT-YXB-01"]), ["subject.unqualified-agency"],
       "lead is a coordinating-body (议事协调机构)")
sc.add(rec("U-02", "2025-05-12", "A-SCJ", "E2", joint=["A-JCY"]), ["subject.unqualified-agency"],
       "joint agency is a third-party (检验检测机构)")
sc.add(rec("U-03", "2025-05-12", "A-SCJ", "E3", joint=["A-ZJ"]), ["subject.unqualified-agency"],
       "joint agency is an intermediary (中介机构)")
sc.add(rec("U-04", "2025-05-12", "A-SQ", "E4", ["IT-SQ-01"]), [],
       "near miss: an authorized-organization may inspect")
sc.add(rec("U-05", "2025-05-12", "A-SCJ", "E5", ["IT-SCJ-01", "IT-YJJ-01"], joint=["A-YJJ"],
           inspectors=["P-SCJ-1", "P-YJJ-1"]), [], "near miss: two administrative organs, joint")
sc.add(rec("U-06", "2025-05-12", "A-SCJ", "E6", delegated_by="A-JCY"), [UNQ],
       "v1.1: the delegating agency (delegated_by) is a third-party testing institute; none of its items is checked, "
       "so no item.invalid-delegation")
sc.add(rec("U-07", "2025-05-12", "A-SCJ", "E7", entrusted_agency="A-YXB"), [UNQ, INV],
       "v1.1: entrusted_agency is a coordinating-body (议事协调机构): unqualified, and it is not an entrusted "
       "organization of the lead (subject.invalid-entrustment, path /entrusted_agency)")
sc.add(rec("U-08", "2025-05-12", "A-YXB", "E8", ["IT-YXB-01"], joint=["A-JCY"]), [UNQ, UNQ],
       "two distinct unqualified bodies (lead coordinating-body, joint third-party): one finding each")
sc.add(rec("U-09", "2025-05-12", "A-SCJ", "E9", joint=["A-ZJ"], delegated_by="A-ZJ"), [UNQ],
       "one intermediary as both joint and delegating agency: one distinct body, one finding")

# ---------------------------------------------------------------------------------------------
WT = {
    "WT1": dict(entrusted_by="A-SCJ", entrustment_published_on="2025-01-10"),
    "WT2": dict(),
    "WT3": dict(entrusted_by="A-SCJ", entrustment_published_on="2025-05-13"),
    "WT4": dict(entrusted_by="A-SCJ", entrustment_published_on="2025-05-12"),
    "WT5": dict(entrusted_by="A-SCJ", entrustment_published_on=None),
    "WT6": dict(entrusted_by="A-GHOST", entrustment_published_on="2025-01-10"),
}
wt_agencies, wt_insp, wt_items = [], [], []
for k, v in WT.items():
    a = {"id": f"A-{k}", "name": f"磐安县某乡镇综合服务中心{k}（受委托）", "kind": "entrusted-organization"}
    a.update(v)
    wt_agencies.append(a)
    wt_insp += [officer(f"P-{k}-1", f"A-{k}", "周一" + k), officer(f"P-{k}-2", f"A-{k}", "周二" + k)]
    wt_items.append(item(f"IT-{k}-01", f"A-{k}"))
sc = Scenario(
    "subject-entrustment",
    "v1.1: an entrusted organisation inspects in its organ's name: the organ is lead_agency and the organisation is "
    "entrusted_agency (lines 1-8). Its entrustment needs entrusted_by (a known organ that is not itself entrusted) "
    "and a 委托书 published before the inspection day (on the day is too late). entrusted_agency must be an "
    "entrusted organisation of the lead. An entrusted organisation as lead_agency acted in its own name (lines "
    "9-11). A dangling entrusted_by also gives an agency-scope data.unknown-reference. Items are the lead's own.",
    "rules.md v1.1 subject.invalid-entrustment (gbf-2024-54 二), 'Counted agencies' (行政处罚法 art. 20); "
    "data-model.md v1.1 entrusted_agency; interpretation.md 'Days, years, windows' and 'Per-record rules'; brief "
    "reading 'one finding for each of: lead is an entrusted organization; entrusted_agency not an entrusted "
    "organization of the lead; each distinct entrusted organization whose entrustment is invalid'",
    agencies=wt_agencies, inspectors=wt_insp, items=wt_items,
)


def wrec(rid, day, wt, ent, **kw):
    """Lead A-SCJ, carried out by the entrusted organisation A-<wt> with its two officers."""
    return rec(rid, day, "A-SCJ", ent, ["IT-SCJ-01"], entrusted_agency=f"A-{wt}",
               inspectors=[f"P-{wt}-1", f"P-{wt}-2"], **kw)


sc.add(wrec("W-01", "2025-05-12", "WT1", "E1"), [], "near miss: entrusted by the lead SCJ, published 2025-01-10")
sc.add(wrec("W-02", "2025-05-12", "WT2", "E2"), [INV, INV],
       "no entrusted_by: its entrustment is invalid, and it is therefore not an entrusted organization of the lead")
sc.add(wrec("W-03", "2025-05-12", "WT3", "E3"), [INV], "entrustment published 2025-05-13, the day after the inspection")
sc.add(wrec("W-04", "2025-05-12", "WT4", "E4"), [INV],
       "entrustment published on the inspection day is not published *before* the inspection")
sc.add(wrec("W-05", "2025-05-12", "WT5", "E5"), [INV], "entrustment never published")
sc.add(wrec("W-06", "2025-05-12", "WT6", "E6"), [INV, INV],
       "entrusted_by names an agency the dataset lacks: invalid, and not an entrusted organization of the lead")
sc.add(wrec("W-07", "2025-05-13", "WT3", "E7", started="2025-05-12T16:30:00Z"), [INV],
       "2025-05-12T16:30Z is 2025-05-13 00:30 in Shanghai, the day the entrustment was published: not before")
sc.add(wrec("W-08", "2025-05-14", "WT3", "E8", started="2025-05-13T16:30:00Z"), [],
       "near miss: 2025-05-13T16:30Z is 2025-05-14 in Shanghai, the day after the entrustment was published")
sc.add(rec("W-09", "2025-05-12", "A-WT1", "E9", ["IT-WT1-01"]), [INV],
       "v1.1: a validly entrusted organization as lead_agency acted in its own name (path /lead_agency); it counts as "
       "SCJ, so its own item and officers are in order")
sc.add(rec("W-10", "2025-05-12", "A-WT3", "E10", ["IT-WT3-01"]), [INV, INV],
       "lead is an entrusted organization (1) whose entrustment is published the next day (2)")
sc.add(rec("W-11", "2025-05-12", "A-WT2", "E11", ["IT-WT2-01"]), [INV, INV],
       "lead is an entrusted organization (1) without entrusted_by (2)")
sc.scope("agency A-WT6", [UNK], "entrusted_by A-GHOST is dangling (scope agency)")
sc.scope("agency A-WT1", [], "clean entrusted organisation")

# ---------------------------------------------------------------------------------------------
D = "2025-06-10"
cert_insp = [
    officer("P-C-UNTIL-SAME", "A-SCJ", "吴甲", valid_until=D),
    officer("P-C-UNTIL-PREV", "A-SCJ", "吴乙", valid_until="2025-06-09"),
    officer("P-C-REV-SAME", "A-SCJ", "吴丙", revoked_on=D),
    officer("P-C-REV-NEXT", "A-SCJ", "吴丁", revoked_on="2025-06-11"),
    officer("P-C-FROM-SAME", "A-SCJ", "吴戊", valid_from=D),
    officer("P-C-FROM-NEXT", "A-SCJ", "吴己", valid_from="2025-06-11"),
    officer("P-C-NONE", "A-SCJ", "吴庚", cert=False),
    officer("P-C-1231", "A-SCJ", "吴辛", valid_until="2025-12-31"),
    officer("P-R-AUX", "A-SCJ", "郑甲", role="auxiliary"),
    officer("P-R-GRID", "A-SCJ", "郑乙", role="grid-worker"),
    officer("P-R-TEMP", "A-SCJ", "郑丙", role="temporary"),
]
sc = Scenario(
    "subject-certificate-validity",
    "Each record has the two regular officers plus one test inspector, so only subject.uncertified-inspector can "
    "fire (never too-few-officers). Certificate validity is judged on the Asia/Shanghai inspection day: valid from "
    "valid_from through valid_until inclusive, invalid on and after revoked_on. Roles other than officer fire even "
    "with a certificate.",
    "rules.md subject.uncertified-inspector (gbf-2024-54 二; xzcff-2021 art. 42, 55); interpretation.md "
    "'a certificate valid until the inspection day is valid'",
    inspectors=cert_insp,
)
cases = [
    ("P-C-UNTIL-SAME", [], "near miss: valid_until = inspection day"),
    ("P-C-UNTIL-PREV", ["subject.uncertified-inspector"], "valid_until the day before"),
    ("P-C-REV-SAME", ["subject.uncertified-inspector"], "revoked_on the inspection day"),
    ("P-C-REV-NEXT", [], "near miss: revoked the day after"),
    ("P-C-FROM-SAME", [], "near miss: valid_from = inspection day"),
    ("P-C-FROM-NEXT", ["subject.uncertified-inspector"], "valid_from the day after"),
    ("P-C-NONE", ["subject.uncertified-inspector"], "officer without any certificate"),
    ("P-R-AUX", ["subject.uncertified-inspector"], "auxiliary (执法辅助人员) even with a certificate"),
    ("P-R-GRID", ["subject.uncertified-inspector"], "grid-worker (网格员) even with a certificate"),
    ("P-R-TEMP", ["subject.uncertified-inspector"], "temporary (临时工) even with a certificate"),
]
for i, (pid, exp, why) in enumerate(cases, start=1):
    sc.add(rec(f"C-{i:02d}", D, "A-SCJ", f"E{i}", inspectors=["P-SCJ-1", "P-SCJ-2", pid]), exp, why)
sc.add(rec("C-13", D, "A-SCJ", "E13", mode="off-site", inspectors=["P-SCJ-1", "P-C-UNTIL-PREV"]),
       ["subject.uncertified-inspector"], "off site too: an expired certificate is reported (no too-few rule off site)")
sc.add(rec("C-11", "2026-01-01", "A-SCJ", "E11", started="2025-12-31T17:00:00Z",
           inspectors=["P-SCJ-1", "P-SCJ-2", "P-C-1231"]), ["subject.uncertified-inspector"],
       "2025-12-31T17:00Z is 2026-01-01 in Shanghai; the certificate ended 2025-12-31")
sc.add(rec("C-12", "2025-12-31", "A-SCJ", "E12", started="2025-12-31T15:00:00Z",
           inspectors=["P-SCJ-1", "P-SCJ-2", "P-C-1231"]), [],
       "near miss: 2025-12-31T15:00Z is 23:00 on 2025-12-31 in Shanghai, last valid day")

# ---------------------------------------------------------------------------------------------
sc = Scenario(
    "subject-inspector-agency-mismatch",
    "Inspectors must belong to a counted agency: the lead, a joint agency or delegated_by.",
    "rules.md subject.inspector-agency-mismatch (gbf-2024-54 二); 'Counted agencies'",
)
sc.add(rec("M-01", "2025-05-12", "A-SCJ", "E1", inspectors=["P-SCJ-1", "P-SCJ-2", "P-YJJ-1"]),
       ["subject.inspector-agency-mismatch"], "an 应急管理局 officer on a 市场监管 inspection, not joint")
sc.add(rec("M-02", "2025-05-12", "A-SCJ", "E2", ["IT-SCJ-01", "IT-YJJ-01"], joint=["A-YJJ"],
           inspectors=["P-SCJ-1", "P-YJJ-1"]), [],
       "near miss: the YJJ officer belongs to the joint agency; two certified officers in all")
sc.add(rec("M-03", "2025-05-12", "A-SCJ", "E3", ["IT-YJJ-D"], delegated_by="A-YJJ",
           inspectors=["P-SCJ-1", "P-YJJ-1"]), [],
       "near miss: the YJJ officer belongs to delegated_by, a counted agency; IT-YJJ-D is delegable to SCJ")
sc.add(rec("M-04", "2025-05-12", "A-SCJ", "E4", ["IT-SCJ-01", "IT-YJJ-01"], joint=["A-YJJ"],
           inspectors=["P-SCJ-1", "P-YJJ-1", "P-WJJ-1"]), ["subject.inspector-agency-mismatch"],
       "the WJJ officer belongs to neither the lead nor the joint agency")

# ---------------------------------------------------------------------------------------------
sc = Scenario(
    "subject-too-few-officers",
    "An on-site inspection needs min_officers_on_site (2) distinct known officers with a certificate valid on "
    "the day who belong to a counted agency or to the entrusted_agency (v1.1); off-site inspections are not "
    "subject to it.",
    "rules.md subject.too-few-officers (xzcff-2021 art. 42); interpretation.md 'counts distinct known inspectors "
    "whose role is officer and whose certificate is valid'",
    inspectors=[officer("P-SCJ-AUX", "A-SCJ", "冯甲", role="auxiliary"),
                officer("P-SCJ-EXP", "A-SCJ", "冯乙", valid_until="2024-12-31")],
)
sc.add(rec("F-01", "2025-05-12", "A-SCJ", "E1", inspectors=["P-SCJ-1"]), ["subject.too-few-officers"],
       "one officer on site")
sc.add(rec("F-02", "2025-05-12", "A-SCJ", "E2", mode="off-site", inspectors=["P-SCJ-1"]), [],
       "near miss: off-site with one officer")
sc.add(rec("F-03", "2025-05-12", "A-SCJ", "E3", inspectors=["P-SCJ-1", "P-SCJ-1"]), ["subject.too-few-officers"],
       "the same officer listed twice counts once")
sc.add(rec("F-04", "2025-05-12", "A-SCJ", "E4", inspectors=["P-SCJ-1", "P-SCJ-AUX"]),
       ["subject.too-few-officers", "subject.uncertified-inspector"], "second person is an auxiliary")
sc.add(rec("F-05", "2025-05-12", "A-SCJ", "E5", inspectors=["P-SCJ-1", "P-SCJ-EXP"]),
       ["subject.too-few-officers", "subject.uncertified-inspector"], "second officer's certificate expired")
sc.add(rec("F-06", "2025-05-12", "A-SCJ", "E6", inspectors=[]), ["subject.too-few-officers"], "nobody listed")
sc.add(rec("F-07", "2025-05-12", "A-SCJ", "E7"), [], "near miss: two certified officers")
sc.add(rec("F-08", "2025-05-12", "A-SCJ", "E8", inspectors=["P-SCJ-1", "P-YJJ-1"]), [FEW, MIS],
       "v1.1: the second officer belongs to YJJ, which takes no part (no joint, delegated_by or entrusted_agency): "
       "he is an inspector-agency mismatch and does not make up the two officers")

# =============================================================================================
# item.*
# =============================================================================================
sc = Scenario(
    "item-unpublished-dates",
    "An item is usable from its publication date inclusive, judged on the Asia/Shanghai inspection day; an item "
    "outside the catalogue is both unpublished and a dangling reference.",
    "rules.md item.unpublished (gbf-2024-54 三; panan-draft-2025 （一）2); interpretation.md 'an item published on "
    "the inspection day is published', 'item.unpublished and data.unknown-reference both fire'",
    items=[item("IT-SCJ-P0512", "A-SCJ", published_on="2025-05-12"),
           item("IT-SCJ-P0513", "A-SCJ", published_on="2025-05-13"),
           item("IT-SCJ-PNULL", "A-SCJ", published_on=None)],
)
sc.add(rec("IP-01", "2025-05-12", "A-SCJ", "E1", ["IT-SCJ-P0512"]), [], "near miss: published the same day")
sc.add(rec("IP-02", "2025-05-12", "A-SCJ", "E2", ["IT-SCJ-P0513"]), ["item.unpublished"], "published the next day")
sc.add(rec("IP-03", "2025-05-12", "A-SCJ", "E3", ["IT-SCJ-PNULL"]), ["item.unpublished"], "never published")
sc.add(rec("IP-04", "2025-05-12", "A-SCJ", "E4", ["IT-SCJ-NOPE"]), [UNK, "item.unpublished"],
       "item not in the catalogue (清单之外无检查) and dangling")
sc.add(rec("IP-05", "2025-05-13", "A-SCJ", "E5", ["IT-SCJ-P0513"], started="2025-05-12T16:00:00Z"), [],
       "near miss: 2025-05-12T16:00Z is 2025-05-13 00:00 in Shanghai, the publication day")
sc.add(rec("IP-06", "2025-05-11", "A-SCJ", "E6", ["IT-SCJ-P0512"], started="2025-05-11T15:59:00Z"),
       ["item.unpublished"], "2025-05-11T15:59Z is 23:59 on 2025-05-11 in Shanghai, the day before publication")

# ---------------------------------------------------------------------------------------------
sc = Scenario(
    "item-foreign-agency",
    "Items must belong to a counted agency, unless delegable and delegated to the lead agency.",
    "rules.md item.foreign-agency (gbf-2024-54 三)",
)
sc.add(rec("IF-01", "2025-05-12", "A-SCJ", "E1", ["IT-YJJ-01"]), ["item.foreign-agency"],
       "市场监管 checks an 应急管理 item alone")
sc.add(rec("IF-02", "2025-05-12", "A-SCJ", "E2", ["IT-SCJ-01", "IT-YJJ-01"], joint=["A-YJJ"],
           inspectors=["P-SCJ-1", "P-YJJ-1"]), [], "near miss: YJJ is a joint agency")
sc.add(rec("IF-03", "2025-05-12", "A-SCJ", "E3", ["IT-YJJ-D"]), [],
       "near miss: delegable item delegated to the lead agency (no delegated_by needed for this rule)")
sc.add(rec("IF-04", "2025-05-12", "A-SCJ", "E4", ["IT-YJJ-DX"]), ["item.foreign-agency"],
       "delegable, but delegated to ZRJ, not to the lead SCJ")
sc.add(rec("IF-05", "2025-05-12", "A-SCJ", "E5", ["IT-SCJ-01", "IT-ZRJ-01"], joint=["A-YJJ"],
           inspectors=["P-SCJ-1", "P-YJJ-1"]), ["item.foreign-agency"], "ZRJ is not counted in an SCJ+YJJ visit")

# ---------------------------------------------------------------------------------------------
sc = Scenario(
    "item-invalid-delegation",
    "With delegated_by set, every item of that agency must be delegable and delegated to the lead agency "
    "(一表通查 of 简单事项).",
    "rules.md item.invalid-delegation (panan-draft-2025 （三）1)",
)
sc.add(rec("ID-01", "2025-05-12", "A-SCJ", "E1", ["IT-YJJ-D"], delegated_by="A-YJJ"), [],
       "near miss: delegable and delegated to SCJ")
sc.add(rec("ID-02", "2025-05-12", "A-SCJ", "E2", ["IT-YJJ-01"], delegated_by="A-YJJ"), ["item.invalid-delegation"],
       "item of YJJ not delegable (not foreign: YJJ is counted via delegated_by)")
sc.add(rec("ID-03", "2025-05-12", "A-SCJ", "E3", ["IT-YJJ-DX"], delegated_by="A-YJJ"),
       ["item.invalid-delegation"], "delegable but delegated to ZRJ, not to SCJ")
sc.add(rec("ID-04", "2025-05-12", "A-SCJ", "E4", ["IT-SCJ-01", "IT-YJJ-D"], delegated_by="A-YJJ"), [],
       "near miss: the lead's own item plus a properly delegated one")

# =============================================================================================
# approval / code / notice
# =============================================================================================
sc = Scenario(
    "approval-missing",
    "A non-urgent inspection (on or off site) needs the head's approval at or before started_at; equal instants "
    "in different offsets are equal. An urgent inspection without approval is code.urgent-late, not "
    "approval.missing.",
    "rules.md approval.missing (gbf-2024-54 五), code.urgent-late; interpretation.md '\"Before X\" compares times "
    "... equal is in time'",
)
S = "2025-05-12"
sc.add(rec("AP-01", S, ent="E1", approval=None), ["approval.missing"], "no approval")
sc.add(rec("AP-02", S, ent="E2", approval=at(S, "09:01")), ["approval.missing"], "approved a minute after the start")
sc.add(rec("AP-03", S, ent="E3", approval=at(S, "09:00")), [], "near miss: approved exactly at started_at")
sc.add(rec("AP-04", S, ent="E4", approval="2025-05-12T01:00:00Z"), [],
       "near miss: 01:00Z = 09:00+08:00 = started_at")
sc.add(rec("AP-05", S, ent="E5", approval="2025-05-12T01:00:01Z"), ["approval.missing"],
       "01:00:01Z is one second after the start")
sc.add(rec("AP-08", S, ent="E8", started="2025-05-12T01:00:00Z", approval="2025-05-12T09:00:00"), [],
       "near miss: an approval time without offset is Shanghai time, equal to the 01:00Z start")
sc.add(rec("AP-09", S, ent="E9", started="2025-05-12T01:00:00Z", approval="2025-05-12T09:00:01"),
       ["approval.missing"], "offsetless 09:00:01 Shanghai is one second after the 01:00Z start")
sc.add(rec("AP-06", S, ent="E6", mode="off-site", approval=None), ["approval.missing"],
       "off-site inspections need approval too")
sc.add(urgent("AP-07", at(S, "09:00"), at(S, "11:00"), None, ent="E7", mode="on-site"), [LATE],
       "urgent on-site with code before the start but never approved: 'never' fires code.urgent-late; "
       "approval.missing is for non-urgent inspections only")

# ---------------------------------------------------------------------------------------------
sc = Scenario(
    "code-missing-and-late",
    "行政行为码: every on-site inspection needs a code (code.missing, urgent or not); a non-urgent one needs it "
    "assigned at or before the start (code.late); an urgent one has until the grace deadline (code.urgent-late); "
    "v1.1: a code with no code_assigned_at is code.time-missing.",
    "rules.md code.missing, code.late, code.urgent-late (panan-draft-2025 （二）2（1）); interpretation.md "
    "'code.late needs code_assigned_at', 'code.urgent-late: ... the code only for on-site ones'",
)
sc.add(rec("CD-01", S, ent="E1", code=None), ["code.missing"], "on-site without code")
sc.add(rec("CD-02", S, ent="E2", mode="off-site", code=None), [], "near miss: no code needed off site")
sc.add(rec("CD-03", S, ent="E3", code_at=at(S, "09:30")), ["code.late"], "code assigned 30 minutes after the start")
sc.add(rec("CD-04", S, ent="E4", code_at=at(S, "09:00")), [], "near miss: code assigned at started_at")
sc.add(rec("CD-09", S, ent="E9", code_at="2025-05-12T01:00:00Z"), [], "near miss: 01:00Z = 09:00+08:00 = started_at")
sc.add(urgent("CD-10", at(S, "09:00"), at(S, "11:00"), at(S, "08:00"), ent="E10", mode="off-site",
              code="ZJCD10", code_at="2025-05-30T10:00:00+08:00"), [],
       "near miss: urgent off-site with a code given weeks later: the code is only checked on site")
sc.add(rec("CD-05", S, ent="E5", code_at=None), ["code.time-missing"],
       "v1.1: a code without assignment time is not reported late (code.late needs the time), but nothing shows it "
       "was shown before entering: code.time-missing (warning)")
sc.add(urgent("CD-06", at(S, "09:00"), at(S, "11:00"), at(S, "08:00"), ent="E6", kind="four-no-two-direct",
              mode="on-site", code=None, code_at=None), ["code.missing", LATE],
       "urgent on-site, approved in advance but never given a code: code.missing (any on-site inspection) and "
       "code.urgent-late ('never')")
sc.add(urgent("CD-07", at(S, "09:00"), at(S, "11:00"), at(S, "08:00"), ent="E7", mode="on-site",
              code="ZJCD07", code_at=at(S, "15:00")), [],
       "near miss: urgent on-site, code after the start but within the grace; code.late is for non-urgent only")
sc.add(urgent("CD-08", at(S, "09:00"), at(S, "11:00"), at(S, "08:00"), ent="E8", mode="off-site"), [],
       "near miss: urgent off-site without code (no code is required off site)")

# ---------------------------------------------------------------------------------------------
sc = Scenario(
    "calendar-urgent-worked-examples",
    "Urgent (off-site, so only the approval is tested) inspections approved after the start must be approved by "
    "24:00 Asia/Shanghai of the 1st working day after the day of ended_at. Uses the worked examples of "
    "legal-basis.md: 2025-01-27→2025-02-05, 2025-04-30→2025-05-06, 2025-09-30→2025-10-09, "
    "2026-02-13→2026-02-14 (Saturday 调休), 2024-02-09→2024-02-18 (Sunday 调休); each with the last in-time "
    "approval and one after the deadline.",
    "rules.md code.urgent-late, 'Working day'; legal-basis.md worked examples; interpretation.md 'The deadline is "
    "the end (24:00, Asia/Shanghai) of the N-th working day after the day of ended_at'",
)
ex = [
    ("2025-01-27", "2025-02-05T23:59:00+08:00", [], "2025-01-27 → deadline 2025-02-05 (春节 01-28..02-04)"),
    ("2025-01-27", "2025-02-06T00:00:00+08:00", [LATE], "one minute after the 2025-02-05 deadline"),
    ("2025-04-30", "2025-05-06T18:00:00+08:00", [], "2025-04-30 → 2025-05-06 (劳动节 05-01..05-05)"),
    ("2025-04-30", "2025-05-07T09:00:00+08:00", [LATE], "day after the 2025-05-06 deadline"),
    ("2025-09-30", "2025-10-09T10:00:00+08:00", [], "2025-09-30 → 2025-10-09 (国庆 10-01..10-08)"),
    ("2025-09-30", "2025-10-10T10:00:00+08:00", [LATE], "day after the 2025-10-09 deadline"),
    ("2026-02-13", "2026-02-14T20:00:00+08:00", [], "2026-02-13 → 2026-02-14, a Saturday 调休 working day"),
    ("2026-02-13", "2026-02-15T08:00:00+08:00", [LATE], "2026-02-15 is past the Saturday deadline"),
    ("2024-02-09", "2024-02-18T17:00:00+08:00", [], "2024-02-09 (除夕, working) → 2024-02-18, a Sunday 调休"),
    ("2024-02-09", "2024-02-19T09:00:00+08:00", [LATE], "Monday after the Sunday deadline"),
    ("2025-12-31", "2026-01-04T20:00:00+08:00", [],
     "2025-12-31 → 2026-01-04: 01-01..01-03 off, Sunday 01-04 a 调休 working day (across the year boundary)"),
    ("2025-12-31", "2026-01-05T09:00:00+08:00", [LATE], "Monday after the Sunday 2026-01-04 deadline"),
    ("2025-05-31", "2025-06-03T18:00:00+08:00", [],
     "ended on a day off (Sat 05-31): 06-01 Sun and 06-02 端午 off → deadline Tue 06-03"),
    ("2025-05-31", "2025-06-04T09:00:00+08:00", [LATE], "day after the 06-03 deadline"),
    ("2025-02-07", "2025-02-10T09:00:00+08:00", [LATE],
     "Fri 2025-02-07 → Sat 02-08 (调休 working day); Monday 02-10 is late (weekends-only would accept it)"),
    ("2025-01-27", "2025-02-05T15:59:00Z", [], "15:59Z = 23:59 Shanghai on the deadline day"),
    ("2025-01-27", "2025-02-05T16:00:00Z", [LATE], "16:00Z = 2025-02-06 00:00 Shanghai, past the deadline"),
]
for i, (d, appr, exp, why) in enumerate(ex, start=1):
    sc.add(urgent(f"UW-{i:02d}", at(d, "09:00"), at(d, "11:00"), appr, ent=f"E{(i - 1) % 3 + 1}",
                  kind=["temporary", "four-no-two-direct", "covert"][i % 3]), exp, why)
sc.add(urgent("UW-A1", "2025-03-06T20:00:00+08:00", "2025-03-07T02:00:00+08:00", "2025-03-10T10:00:00+08:00",
              ent="E4"), [],
       "started Thu 03-06, ended Fri 03-07: the deadline counts from the day of ended_at → Mon 03-10 (from the start "
       "day it would be 03-07)")
sc.add(urgent("UW-A3", "2025-03-06T20:00:00+08:00", "2025-03-06T16:30:00Z", "2025-03-10T10:00:00+08:00",
              ent="E5"), [],
       "ended 2025-03-06T16:30Z = Fri 03-07 00:30 Shanghai: the day of ended_at is 03-07 → deadline Mon 03-10 "
       "(the UTC date 03-06 would give 03-07)")
sc.add(urgent("UW-A2", "2025-03-06T20:00:00+08:00", "2025-03-07T02:00:00+08:00", "2025-03-11T09:00:00+08:00",
              ent="E4"), [LATE], "Tue 03-11 is after the Mon 03-10 deadline")

# ---------------------------------------------------------------------------------------------
sc = Scenario(
    "calendar-urgent-code-tiaoxiu",
    "Urgent on-site inspections approved in advance whose code came after the start: the code deadline follows "
    "the State Council calendar, including 调休 weekend working days. A non-urgent code assigned on a 调休 Sunday "
    "before the start is simply in time.",
    "rules.md code.urgent-late, code.late, 'Working day'; legal-basis.md 2025 table (01-26 and 10-11 are working "
    "days; 2024-02-18 is a working day)",
)
cc = [
    ("2025-01-24", "2025-01-26T15:00:00+08:00", [], "Fri 2025-01-24 → Sun 2025-01-26 (调休 working day)"),
    ("2025-01-24", "2025-01-27T09:00:00+08:00", [LATE],
     "Mon 01-27 is past the Sunday deadline (weekends-only would wrongly accept it)"),
    ("2024-02-09", "2024-02-18T10:00:00+08:00", [], "2024-02-09 → Sun 2024-02-18 (调休)"),
    ("2025-10-10", "2025-10-11T10:00:00+08:00", [], "Fri 2025-10-10 → Sat 2025-10-11 (调休 working day)"),
    ("2025-10-10", "2025-10-12T10:00:00+08:00", [LATE], "Sun 10-12 is past the Saturday deadline"),
]
for i, (d, code_at, exp, why) in enumerate(cc, start=1):
    sc.add(urgent(f"UC-{i:02d}", at(d, "09:00"), at(d, "11:00"), at(d, "08:00"), ent=f"E{i}", mode="on-site",
                  kind="covert", code=f"ZJUC{i:02d}", code_at=code_at), exp, why)
sc.add(rec("UC-06", "2025-01-27", ent="E6", approval="2025-01-24T10:00:00+08:00",
           code_at="2025-01-26T15:00:00+08:00", notice={"sent_at": "2025-01-24T10:10:00+08:00"}), [],
       "near miss: non-urgent, code assigned on the 调休 Sunday 2025-01-26 before the Monday start")

# ---------------------------------------------------------------------------------------------
CAL2027 = [{"year": 2027, "source": "县政府转发的2027年节假日安排（测试用，虚构）", "days_off": ["2027-01-01", "2027-02-06..2027-02-12"], "working_days": ["2027-02-14"]}]


def calendar_2027(sc, with_cal):
    def x(nocal, cal):
        return cal if with_cal else nocal

    sc.add(urgent("K-01", "2027-03-10T09:00:00+08:00", "2027-03-10T11:00:00+08:00", "2027-03-11T10:00:00+08:00",
                  ent="E1"), x([CALU], []),
           "ended Wed 2027-03-10, approved Thu 03-11: in time either way; without a 2027 schedule the deadline "
           "needs an unknown year")
    sc.add(urgent("K-02", "2027-02-05T09:00:00+08:00", "2027-02-05T11:00:00+08:00", "2027-02-14T18:00:00+08:00",
                  ent="E2"), x([CALU, LATE], []),
           "ended Fri 2027-02-05; with the county calendar 02-06..02-12 are off and Sun 02-14 is a working day → "
           "deadline 02-14; without it the v1.1 fallback (除夕 02-05..初三 02-08 off) → Tue 02-09")
    sc.add(urgent("K-03", "2027-02-05T09:00:00+08:00", "2027-02-05T11:00:00+08:00", "2027-02-15T09:00:00+08:00",
                  ent="E3"), x([CALU, LATE], [LATE]), "02-15 is late under both calendars")
    sc.add(urgent("K-04", "2026-12-31T09:00:00+08:00", "2026-12-31T11:00:00+08:00", "2027-01-01T10:00:00+08:00",
                  ent="E4"), x([CALU], []),
           "ended Thu 2026-12-31: the next working day lies in 2027 (fallback: 元旦 01-01 off, weekend → Mon 01-04; "
           "calendar: Mon 01-04)")
    sc.add(urgent("K-05", "2026-12-31T09:00:00+08:00", "2026-12-31T11:00:00+08:00", "2027-01-02T10:00:00+08:00",
                  ent="E5"), x([CALU], []),
           "approved Sat 2027-01-02: in time under both (v1.1 fallback: 元旦 2027-01-01 is a statutory day off → "
           "deadline Mon 01-04; weekends only would have made it late)")
    sc.add(urgent("K-06", "2026-12-31T09:00:00+08:00", "2026-12-31T11:00:00+08:00", "2027-01-05T09:00:00+08:00",
                  ent="E6"), x([CALU, LATE], [LATE]), "Tue 2027-01-05 is late under both")
    sc.add(urgent("K-07", "2026-12-30T09:00:00+08:00", "2026-12-30T11:00:00+08:00", "2026-12-31T10:00:00+08:00",
                  ent="E7"), [], "near miss: ended 2026-12-30 → deadline 2026-12-31, inside the built-in 2026 schedule")
    sc.add(urgent("K-10", "2023-06-09T09:00:00+08:00", "2023-06-09T11:00:00+08:00", "2023-06-12T10:00:00+08:00",
                  ent="E10"), [CALU],
           "2023 has no built-in schedule either (built in: 2024–2026): ended Fri 2023-06-09, approved Mon 06-12, "
           "in time (weekends; 2023 端午 06-22 is not involved), with the warning")
    sc.add(rec("K-08", "2027-03-15", "A-SCJ", "E8", ["IT-SCJ-01", "IT-YJJ-01"], joint=["A-YJJ"],
               inspectors=["P-SCJ-1", "P-YJJ-1"]), [],
           "near miss: a non-urgent 2027 inspection needs no working-day deadline (joint, so the 2027 joint-rate "
           "target is met)")
    sc.add(urgent("K-09", "2027-03-10T09:00:00+08:00", "2027-03-10T11:00:00+08:00", "2027-03-11T10:00:00+08:00",
                  ag="A-SCJ", ent="E9", mode="on-site", items=["IT-SCJ-02", "IT-YJJ-02"], joint=["A-YJJ"],
                  inspectors=["P-SCJ-1", "P-YJJ-1"]), x([CALU], []),
           "urgent on-site joint inspection, code before the start, approval the next day")
    sc.add(urgent("K-11", "2027-02-04T09:00:00+08:00", "2027-02-04T11:00:00+08:00", "2027-02-08T10:00:00+08:00",
                  ent="E11"), x([CALU], [LATE]),
           "ended Thu 2027-02-04, approved Mon 02-08: fallback 02-05 (除夕)..02-08 (初三) off → deadline Tue 02-09, in "
           "time; the county calendar makes 02-05 a working day → deadline Fri 02-05, late (the calendar replaces "
           "the fallback)")
    sc.add(urgent("K-12", "2027-04-02T09:00:00+08:00", "2027-04-02T11:00:00+08:00", "2027-04-06T10:00:00+08:00",
                  ent="E12"), x([CALU], [LATE]),
           "ended Fri 2027-04-02, approved Tue 04-06: fallback 清明 Mon 04-05 off → deadline 04-06, in time; the "
           "county's 2027 calendar lists no 清明 day off → deadline Mon 04-05, late (not merged with the fallback)")


sc = Scenario(
    "calendar-unknown-year-2027",
    "No 2027 holiday schedule is built in and the dataset adds none: a deadline that looks at a 2027 day falls "
    "back (v1.1) to weekends plus the statutory days off of 《全国年节及纪念日放假办法》, without 调休, and raises "
    "calendar.unknown-year (warning) on the record; 2023 (before the 2024 revision) falls back to weekends. The "
    "2027 on-site inspections are joint so that the default 2027 joint-rate target (0.8) is met.",
    "rules.md v1.1 calendar.unknown-year, 'Working day' ('a year with no schedule falls back to weekends plus the "
    "statutory days off ... without 调休'); brief reading 'Statutory days off apply to years ≥ 2025'; "
    "interpretation.md 'calendar.unknown-year is raised on the record whose working-day deadline had to look at "
    "a day of a year with no holiday schedule'",
)
calendar_2027(sc, False)
sc.scope("agency A-SCJ", [], "2027 on-site inspections of SCJ are all joint: rate 1.0 ≥ 0.8")
sc = Scenario(
    "calendar-provided-2027",
    "Same records as calendar-unknown-year-2027, but the dataset's calendar adds 2027 (01-01 and 02-06..02-12 off, "
    "Sunday 02-14 a 调休 working day): the warnings disappear and the deadlines follow the county calendar, which "
    "replaces the statutory-days fallback (K-11, K-12: fallback days off that the county calendar does not list).",
    "data-model.md calendar.json ('extra holiday years'); rules.md v1.1 'Working day' (the fallback is for 'a year "
    "with no schedule')",
    calendar=CAL2027,
)
calendar_2027(sc, True)

# ---------------------------------------------------------------------------------------------
sc = Scenario(
    "notice-missing",
    "A non-urgent inspection without notice_exemption needs a notice sent at or before started_at, on or off "
    "site; urgent inspections and exempted ones need none.",
    "rules.md notice.missing (panan-draft-2025 （二）1（2）; gbf-2024-54 五); interpretation.md 'notice.missing "
    "applies to on-site and off-site inspections alike; a notice sent at started_at is in time'",
)
sc.add(rec("N-01", S, ent="E1", notice=None), ["notice.missing"], "no notice")
sc.add(rec("N-02", S, ent="E2", notice={"sent_at": at(S, "09:01")}), ["notice.missing"], "notice after the start")
sc.add(rec("N-03", S, ent="E3", notice={"sent_at": at(S, "09:00")}), [], "near miss: notice at started_at")
sc.add(rec("N-04", S, ent="E4", notice=None, notice_exemption="unsuitable"), [],
       "near miss: 不适宜事先通知 exemption")
sc.add(rec("N-05", S, ent="E5", notice=None, notice_exemption="not-public-by-law"), [],
       "near miss: 依法不予公开 exemption")
sc.add(rec("N-06", S, ent="E6", mode="off-site", notice=None), ["notice.missing"], "off site, no notice")
sc.add(rec("N-08", S, ent="E8", notice={"sent_at": at(S, "10:00")}, notice_exemption="unsuitable"), [],
       "near miss: with a notice_exemption the rule does not apply, even to a notice sent after the start")
sc.add(urgent("N-07", at(S, "09:00"), at(S, "11:00"), at(S, "08:00"), ent="E7", kind="covert", mode="on-site"),
       [], "near miss: urgent (暗查暗访) inspection needs no notice")

# ---------------------------------------------------------------------------------------------
sc = Scenario(
    "notice-incomplete",
    "A notice must state time, basis, purpose and content; lacking any one is a warning.",
    "rules.md notice.incomplete (panan-draft-2025 （二）1（2））",
)
for i, k in enumerate(["time", "basis", "purpose", "content"], start=1):
    sc.add(rec(f"NI-0{i}", S, ent=f"E{i}", notice={k: False}), ["notice.incomplete"], f"notice lacks {k}")
sc.add(rec("NI-05", S, ent="E5"), [], "near miss: all four stated")
sc.add(rec("NI-06", S, ent="E6", notice={"sent_at": at(S, "10:00"), "content": False}),
       ["notice.incomplete", "notice.missing"], "late and lacking content: both rules")
sc.add(urgent("NI-07", at(S, "09:00"), at(S, "11:00"), at(S, "08:00"), ent="E7", mode="on-site",
              notice={"basis": False}), ["notice.incomplete"],
       "an urgent inspection need not send a notice, but a notice it did send must be complete (the rule has no "
       "urgency exception)")

# =============================================================================================
# conduct.*, method, penalty.first-minor
# =============================================================================================
sc = Scenario(
    "conduct-flags",
    "Each conduct flag is its own violation (五个严禁、八个不得 ①–⑤); a 走访 that lists no item is not an inspection "
    "in substance, so only conduct rules apply to it.",
    "rules.md conduct.gifts, conduct.hospitality, conduct.expenses-charged, conduct.designated-intermediary, "
    "conduct.legal-rep-required (gbf-2024-54 七); interpretation.md 'What counts as an inspection'",
)
flags = [("gifts", "conduct.gifts"), ("hospitality", "conduct.hospitality"),
         ("expenses_charged", "conduct.expenses-charged"),
         ("designated_intermediary", "conduct.designated-intermediary"),
         ("legal_rep_required", "conduct.legal-rep-required")]
for i, (f, rule) in enumerate(flags, start=1):
    sc.add(rec(f"CF-0{i}", S, ent=f"E{i}", conduct={f: True}), [rule], f"conduct.{f} = true")
sc.add(rec("CF-06", S, ent="E6", conduct={f: False for f, _ in flags}), [], "near miss: all flags false")
sc.add(rec("CF-07", S, ent="E7", conduct={f: True for f, _ in flags}), [r for _, r in flags], "all five at once")
sc.add(rec("CF-08", S, ent="E8", items=[], activity="visit", approval=None, code=None, notice=None,
           conduct={"gifts": True}), ["conduct.gifts"],
       "a 走访 without items: no approval/code/notice needed, but accepting gifts still fires")

# ---------------------------------------------------------------------------------------------
sc = Scenario(
    "conduct-arbitrary-measure",
    "A compulsory measure (查封/扣押/冻结/责令停产停业) needs a legal basis.",
    "rules.md conduct.arbitrary-measure (gbf-2024-54 七 ⑥)",
)
sc.add(rec("AM-01", S, ent="E1", measures=[{"kind": "seal", "legal_basis": None}]), ["conduct.arbitrary-measure"],
       "查封 with null basis")
sc.add(rec("AM-02", S, ent="E2", measures=[{"kind": "seize", "legal_basis": "《中华人民共和国行政强制法》第九条"}]), [],
       "near miss: 扣押 with a basis")
sc.add(rec("AM-03", S, ent="E3", measures=[{"kind": "suspend"}]), ["conduct.arbitrary-measure"],
       "责令停产停业 with the basis left out")
sc.add(rec("AM-04", S, ent="E4", measures=[{"kind": "freeze", "legal_basis": "《中华人民共和国行政强制法》第九条"},
                                           {"kind": "seal", "legal_basis": None}]),
       ["conduct.arbitrary-measure"], "one of two measures lacks a basis")

# ---------------------------------------------------------------------------------------------
sc = Scenario(
    "conduct-disguised-inspection",
    "观摩、督导、考察、走访 that list items are disguised inspections (still inspections: procedure and counts "
    "apply); without items they are not inspections at all and are not counted.",
    "rules.md conduct.disguised-inspection (gbf-2024-54 七 ⑧; panan-draft-2025 （二）2（2））, frequency.onsite-cap; "
    "interpretation.md 'What counts as an inspection'",
)
for i, act in enumerate(["observation", "supervision", "study-visit", "visit"], start=1):
    sc.add(rec(f"DG-0{i}", S, ent=f"E{i}", activity=act), ["conduct.disguised-inspection"],
           f"activity {act} with items, otherwise full procedure")
sc.add(rec("DG-05", S, ent="E5", items=[], activity="visit", approval=None, code=None, notice=None), [],
       "near miss: a 走访 without items is not an inspection; no approval/code/notice needed")
sc.add(rec("DG-06", S, ent="E6", activity="visit", approval=None, code=None, notice=None),
       ["approval.missing", "code.missing", "conduct.disguised-inspection", "notice.missing"],
       "a 走访 with items is an inspection in substance: procedure rules apply")
sc.add(rec("DG-07", "2025-02-10", ent="E7"), [], "E7: 1st SCJ on-site inspection")
sc.add(rec("DG-08", "2025-03-10", ent="E7", items=[], activity="observation", approval=None, code=None,
           notice=None), [], "E7: an observation without items is not counted")
sc.add(rec("DG-09", "2025-04-14", ent="E7", items=["IT-SCJ-02"]), [],
       "E7: therefore this is only the 2nd counted on-site inspection")
sc.add(rec("DG-10", "2025-02-10", ent="E8"), [], "E8: 1st")
sc.add(rec("DG-11", "2025-03-10", ent="E8", items=["IT-SCJ-02"], activity="study-visit"),
       ["conduct.disguised-inspection"], "E8: a disguised inspection is counted: 2nd")
sc.add(rec("DG-12", "2025-04-14", ent="E8", items=["IT-SCJ-03"]), [CAP], "E8: 3rd counted → cap 2 exceeded")

# ---------------------------------------------------------------------------------------------
sc = Scenario(
    "method-offsite-capable",
    "An on-site inspection whose every item can be checked off site (method off-site or either) is a warning; "
    "needs at least one item, all known.",
    "rules.md method.offsite-capable (gbf-2024-54 四; panan-draft-2025 （三）4); interpretation.md "
    "'method.offsite-capable needs at least one item and every item known'",
    items=[item("IT-SCJ-EITHER", "A-SCJ", method="either"), item("IT-SCJ-OFF", "A-SCJ", method="off-site")],
)
sc.add(rec("MO-01", S, ent="E1", items=["IT-SCJ-EITHER"]), ["method.offsite-capable"], "only an 'either' item")
sc.add(rec("MO-02", S, ent="E2", items=["IT-SCJ-OFF"]), ["method.offsite-capable"], "only an 'off-site' item")
sc.add(rec("MO-03", S, ent="E3", items=["IT-SCJ-EITHER", "IT-SCJ-OFF"]), ["method.offsite-capable"],
       "both items off-site capable")
sc.add(rec("MO-04", S, ent="E4", items=["IT-SCJ-EITHER", "IT-SCJ-01"]), [],
       "near miss: one item needs an on-site check")
sc.add(rec("MO-05", S, ent="E5", items=["IT-SCJ-OFF"], mode="off-site"), [], "near miss: done off site")
sc.add(rec("MO-06", S, ent="E6", items=[]), [], "near miss: no items at all")
sc.add(rec("MO-07", S, ent="E7", items=["IT-SCJ-EITHER", "IT-SCJ-NOPE"]), [UNK, "item.unpublished"],
       "near miss for method: one item unknown, so not 'every item known'")

# ---------------------------------------------------------------------------------------------
def pen(decided, first=False, minor=False, corrected=False, ret=None, harm=DEFAULT):
    """A penalty; `harm` (v1.1) is left out unless given (absent = unknown, as in a v1 file)."""
    p = {"decided_on": decided, "first_offense": first, "minor": minor, "corrected": corrected,
         "return_visit_on": ret}
    if harm is not DEFAULT:
        p["harm"] = harm
    return p


sc = Scenario(
    "penalty-first-minor",
    "Records without the v1.1 `harm` field (harm unknown): a penalty on a first, minor and corrected offense is the "
    "warning penalty.first-minor (可以不予处罚); all three must hold. penalty.minor-no-harm needs harm none, so it "
    "never fires here.",
    "rules.md v1.1 penalty.first-minor ('or, harm unknown, that is minor'; xzcff-2021 art. 33; panan-draft-2025 "
    "（四）1), penalty.minor-no-harm",
)
sc.add(rec("PF-01", S, ent="E1", penalty=pen(S, True, True, True)), ["penalty.first-minor"],
       "first, minor, corrected, still penalised")
sc.add(rec("PF-02", S, ent="E2", penalty=pen(S, True, True, False)), [], "near miss: not corrected")
sc.add(rec("PF-03", S, ent="E3", penalty=pen(S, True, False, True)), [], "near miss: not minor")
sc.add(rec("PF-04", S, ent="E4", penalty=pen(S, False, True, True)), [], "near miss: not a first offense")

# ---------------------------------------------------------------------------------------------
sc = Scenario(
    "penalty-no-return-visit",
    "After a penalty, a 回访 within return_visit_days (90) is expected; reported only once the batch's latest "
    "inspection day (here 2025-06-10, line 2) is more than 90 days after decided_on.",
    "rules.md penalty.no-return-visit (panan-draft-2025 （四）2); interpretation.md 'fires when the batch's latest "
    "inspection day is more than return_visit_days after decided_on and there is no return_visit_on from "
    "decided_on through decided_on + return_visit_days'",
)
sc.add(rec("RV-01", "2025-03-11", ent="E1", penalty=pen("2025-03-11")), ["penalty.no-return-visit"],
       "decided 03-11, no visit; 06-10 is 91 days later")
sc.add(rec("RV-07", "2025-06-10", ent="E7"), [], "the batch's latest record (2025-06-10)")
sc.add(rec("RV-02", "2025-03-12", ent="E2", penalty=pen("2025-03-12")), [],
       "near miss: 03-12 → 06-10 is exactly 90 days, not more")
sc.add(rec("RV-03", "2025-03-01", ent="E3", penalty=pen("2025-03-01", ret="2025-05-30")), [],
       "near miss: return visit on day 90")
sc.add(rec("RV-04", "2025-03-01", ent="E4", penalty=pen("2025-03-01", ret="2025-05-31")),
       ["penalty.no-return-visit"], "return visit on day 91, too late")
sc.add(rec("RV-05", "2025-03-01", ent="E5", penalty=pen("2025-03-01", ret="2025-02-28")),
       ["penalty.no-return-visit"], "a 'return visit' before the decision is not in decided_on..+90")
sc.add(rec("RV-06", "2025-05-01", ent="E6", penalty=pen("2025-05-01")), [],
       "near miss: only 40 days have passed by the latest record")

# =============================================================================================
# data.*
# =============================================================================================
BAD1 = bad_check(uscc("91330727MA2HQ2001"))
BAD2 = "91330727MA2IQ20021"  # contains I, which the alphabet lacks
BAD3 = "91330727MA2HQ200"  # 16 characters
sc = Scenario(
    "data-invalid-uscc",
    "The GB 32100 check character is verified for record enterprises and, with scope enterprise, for dataset "
    "enterprises.",
    "rules.md data.invalid-uscc (gb-32100-2015); legal-basis.md USCC; interpretation.md 'Dataset findings'",
    enterprises=[enterprise(BAD1, name="校验位错误公司"), enterprise(BAD2, name="含非法字符I公司"),
                 enterprise(BAD3, name="长度不足公司"), enterprise("91330727MA2HQ0008A", name="示例公司"),
                 enterprise("91110000600037341L", name="示例公司二")],
)
sc.add(rec("UV-01", S, ent=BAD1), ["data.invalid-uscc"], f"{BAD1}: wrong check character")
sc.add(rec("UV-02", S, ent=BAD2), ["data.invalid-uscc"], "contains I, not in the alphabet")
sc.add(rec("UV-03", S, ent="91350100M000100Y4Z"), ["data.invalid-uscc", UNK],
       "legal-basis.md's invalid example (should end 3); also not in the dataset")
sc.add(rec("UV-04", S, ent="91330727MA2HQ0008A"), [], "near miss: legal-basis.md's valid example")
sc.add(rec("UV-05", S, ent="91110000600037341L"), [], "near miss: valid, check character L")
sc.scope(f"enterprise {BAD1}", ["data.invalid-uscc"], "dataset enterprise with a wrong check character")
sc.scope(f"enterprise {BAD2}", ["data.invalid-uscc"], "dataset enterprise with an illegal character")
sc.scope(f"enterprise {BAD3}", ["data.invalid-uscc"], "dataset enterprise with 16 characters")
sc.scope("enterprise 91330727MA2HQ0008A", [], "valid")

# ---------------------------------------------------------------------------------------------
sc = Scenario(
    "data-unknown-reference",
    "Each record names exactly one thing the dataset lacks.",
    "rules.md data.unknown-reference, item.unpublished, plan.outside-plan ('the plan is missing'); "
    "interpretation.md 'item.unpublished and data.unknown-reference both fire for an item the dataset lacks'",
    exclude_enterprises=["E30"],
)
sc.add(rec("UR-01", S, ent="E30"), [UNK], "enterprise (valid USCC) not in the dataset")
sc.add(rec("UR-02", S, ent="E2", inspectors=["P-SCJ-1", "P-SCJ-2", "P-GHOST"]), [UNK],
       "unknown inspector (two known certified officers are present, so nothing else)")
sc.add(rec("UR-03", S, ent="E3", items=["IT-GHOST"]), [UNK, "item.unpublished"], "unknown item")
sc.add(rec("UR-04", S, ent="E4", joint=["A-GHOST"]), [UNK], "unknown joint agency")
sc.add(rec("UR-05", S, ent="E5", trigger="plan", plan="P-GHOST"), [UNK, OUT], "unknown plan")
sc.add(rec("UR-06", S, ent="E6", delegated_by="A-GHOST"), [UNK], "unknown delegated_by agency")
sc.add(rec("UR-07", S, ent="E7"), [], "near miss: everything known")

# ---------------------------------------------------------------------------------------------
sc = Scenario(
    "data-time-order",
    "ended_at before started_at is a violation; times are compared as instants, not as strings.",
    "rules.md data.time-order; data-model.md 'every time is RFC 3339'",
)
sc.add(rec("TO-01", S, ent="E1", ended=at(S, "08:00")), ["data.time-order"], "ended an hour before it started")
sc.add(rec("TO-02", S, ent="E2", ended=at(S, "09:00")), [], "near miss: ended = started")
sc.add(rec("TO-03", S, ent="E3", started="2025-05-12T01:30:00Z", ended=at(S, "09:00")), ["data.time-order"],
       "started 01:30Z = 09:30+08:00, ended 09:00+08:00")
sc.add(rec("TO-04", S, ent="E4", ended="2025-05-12T02:00:00Z"), [],
       "near miss: ended 02:00Z = 10:00+08:00, after the 09:00+08:00 start (string order would say before)")

# =============================================================================================
# frequency.*
# =============================================================================================
sc = Scenario(
    "frequency-onsite-cap-third",
    "One agency, one enterprise, one year: the 2nd on-site inspection is fine, the 3rd and later exceed the cap "
    "of 2. Off-site inspections and other agencies' inspections are not counted.",
    "rules.md frequency.onsite-cap (panan-draft-2025 （二）1（2））",
)
sc.add(rec("FC-01", "2025-02-10", ent="E1", items=["IT-SCJ-01"]), [], "SCJ@E1 #1")
sc.add(rec("FC-02", "2025-04-14", ent="E1", items=["IT-SCJ-02"], mode="off-site"), [], "off site, not counted")
sc.add(rec("FC-03", "2025-05-12", ent="E1", items=["IT-SCJ-03"]), [], "near miss: SCJ@E1 #2")
sc.add(rec("FC-04", "2025-08-11", ent="E1", items=["IT-SCJ-04"]), [CAP], "SCJ@E1 #3 > 2")
sc.add(rec("FC-05", "2025-10-13", ent="E1", items=["IT-SCJ-05"]), [CAP], "SCJ@E1 #4 > 2")
sc.add(rec("FC-06", "2025-06-10", "A-YJJ", "E1"), [], "YJJ@E1 #1: other agency")
sc.add(rec("FC-07", "2025-03-10", ent="E2"), [], "SCJ@E2 #1")
sc.add(rec("FC-08", "2025-09-08", ent="E2", items=["IT-SCJ-02"]), [], "SCJ@E2 #2")

# ---------------------------------------------------------------------------------------------
sc = Scenario(
    "frequency-exempt-triggers",
    "complaint, referral, data-monitoring, patrol, enterprise-request and special deployed by a superior are not "
    "counted; a locally approved special is counted. Six exempt on-site inspections do not exceed "
    "excessive_exempt (6). All nine are on-site at one enterprise within a year, so the 6th reaches "
    "high_frequency_min_inspections.",
    "rules.md 'Exempt triggers', frequency.onsite-cap, frequency.excessive-exempt, alert.high-frequency",
    plans=[
        plan("PS-UP", 2025, ["A-SCJ"], [entry("IT-SCJ-07", ["E1"])], kind="special", published_on="2025-06-01",
             special={"deployed_by_superior": True, "legality_review_on": None, "collective_discussion_on": None,
                      "approved_on": None, "approved_by": None}),
        plan("PS-LOCAL", 2025, ["A-SCJ"], [entry("IT-SCJ-09", ["E1"])], kind="special", published_on="2025-08-15",
             special=special_ok("2025-08-01", "2025-08-05", "2025-08-10")),
    ],
)
sc.add(rec("EX-01", "2025-01-13", ent="E1", items=["IT-SCJ-01"]), [], "random-sampling: counted #1")
trig = ["complaint", "referral", "data-monitoring", "patrol", "enterprise-request"]
dates = ["2025-02-10", "2025-03-10", "2025-04-14", "2025-05-12", "2025-06-09"]
for i, (t, d) in enumerate(zip(trig, dates), start=2):
    exp = [HF] if i == 6 else []
    sc.add(rec(f"EX-0{i}", d, ent="E1", items=[f"IT-SCJ-0{i}"], trigger=t), exp,
           f"{t}: exempt, not counted" + ("; 6th on-site inspection within 365 days → alert.high-frequency"
                                          if i == 6 else ""))
sc.add(rec("EX-07", "2025-07-14", ent="E1", items=["IT-SCJ-07"], trigger="special", plan="PS-UP"), [],
       "special deployed_by_superior: exempt (6th exempt, not more than 6)")
sc.add(rec("EX-08", "2025-08-11", ent="E1", items=["IT-SCJ-08"]), [], "near miss: random-sampling, counted #2")
sc.add(rec("EX-09", "2025-09-08", ent="E1", items=["IT-SCJ-09"], trigger="special", plan="PS-LOCAL"), [CAP],
       "local special (not deployed by superior): counted #3 > 2")
sc.scope("plan PS-UP", [], "deployed by a superior: no local approval needed")
sc.scope("plan PS-LOCAL", [], "reviewed, discussed, approved by the county and published before 09-08")

# ---------------------------------------------------------------------------------------------
sc = Scenario(
    "frequency-joint-and-delegated-counting",
    "A joint inspection counts once for each of its agencies; delegated_by is a counted agency too.",
    "rules.md 'Counted agencies', frequency.onsite-cap; interpretation.md 'a joint inspection counts once for each "
    "of its agencies'",
)
sc.add(rec("JC-01", "2025-02-10", ent="E1", items=["IT-SCJ-01"]), [], "SCJ #1")
sc.add(rec("JC-02", "2025-04-14", ent="E1", items=["IT-SCJ-02"]), [], "SCJ #2")
sc.add(rec("JC-03", "2025-05-12", "A-YJJ", "E1", items=["IT-YJJ-01"]), [], "YJJ #1")
sc.add(rec("JC-04", "2025-07-14", "A-SCJ", "E1", ["IT-SCJ-03", "IT-YJJ-02"], joint=["A-YJJ"],
           inspectors=["P-SCJ-1", "P-YJJ-1"]), [CAP], "joint SCJ+YJJ: SCJ #3 (fires), YJJ #2 (fine)")
sc.add(rec("JC-05", "2025-09-08", "A-YJJ", "E1", ["IT-YJJ-03", "IT-SCJ-04"], joint=["A-SCJ"],
           inspectors=["P-YJJ-1", "P-SCJ-1"]), [CAP, CAP], "joint YJJ+SCJ: YJJ #3 and SCJ #4, one finding each")
sc.add(rec("JC-06", "2025-03-10", "A-ZRJ", "E2", items=["IT-ZRJ-01"]), [], "ZRJ@E2 #1")
sc.add(rec("JC-07", "2025-05-12", "A-ZRJ", "E2", items=["IT-ZRJ-02"]), [], "ZRJ@E2 #2")
sc.add(rec("JC-08", "2025-08-11", "A-SCJ", "E2", ["IT-ZRJ-D"], delegated_by="A-ZRJ"), [CAP],
       "SCJ checks ZRJ's delegated simple item: counts for ZRJ (#3, fires) and SCJ (#1)")

# ---------------------------------------------------------------------------------------------
cap_items = [item(f"IT-SCJ-C4{c}", "A-SCJ", annual_cap=4) for c in "abcde"] + [
    item("IT-SCJ-CAP1", "A-SCJ", annual_cap=1)]
sc = Scenario(
    "frequency-annual-cap",
    "An item's annual_cap larger than 2 raises the cap for an inspection that checks it; a smaller one never "
    "lowers it. The cap is that of the n-th inspection itself.",
    "rules.md frequency.onsite-cap ('or the largest annual_cap among its items if larger'); interpretation.md "
    "'The cap of the n-th inspection is the parameter in force on its day, or the largest annual_cap of its items "
    "if larger'",
    items=cap_items,
)
for i, (d, c) in enumerate(zip(["2025-02-10", "2025-03-10", "2025-04-14", "2025-05-12", "2025-06-09"], "abcde"),
                           start=1):
    exp = [CAP] if i == 5 else []
    why = {3: "near miss: #3 with a cap-4 item", 4: "near miss: #4 with a cap-4 item",
           5: "#5 > 4"}.get(i, f"#{i}")
    sc.add(rec(f"AC-0{i}", d, ent="E1", items=[f"IT-SCJ-C4{c}"]), exp, "E1 " + why)
sc.add(rec("AC-06", "2025-02-10", ent="E2", items=["IT-SCJ-01"]), [], "E2 #1")
sc.add(rec("AC-07", "2025-03-10", ent="E2", items=["IT-SCJ-CAP1"]), [],
       "E2 #2 with an annual_cap 1 item: the cap stays 2")
sc.add(rec("AC-08", "2025-04-14", ent="E2", items=["IT-SCJ-02", "IT-SCJ-C4a"]), [],
       "E2 #3, one of its items has cap 4 → allowed")
sc.add(rec("AC-09", "2025-05-12", ent="E2", items=["IT-SCJ-03"]), [CAP],
       "E2 #4 without capped items → cap 2 → fires")

# ---------------------------------------------------------------------------------------------
sc = Scenario(
    "frequency-year-boundary-timezone",
    "The year of an inspection is that of its Asia/Shanghai start day: 2025-12-31T17:00:00Z is 2026-01-01; "
    "2025-12-31T15:30:00Z is still 2025-12-31; a time without offset is Shanghai time.",
    "data-model.md 'All year ... arithmetic happens in Asia/Shanghai'; interpretation.md 'Days, years, windows'",
)
for e, (t, dday, exp, why) in enumerate([
    ("2025-12-31T10:00:00+08:00", "2025-12-31", [CAP], "31 Dec +08:00 is 2025: #3"),
    ("2025-12-31T17:00:00Z", "2026-01-01", [], "near miss: 17:00Z = 2026-01-01 01:00 Shanghai: #1 of 2026"),
    ("2025-12-31T15:30:00Z", "2025-12-31", [CAP], "15:30Z = 23:30 on 31 Dec Shanghai: #3 of 2025"),
    ("2025-12-31T23:30:00", "2025-12-31", [CAP], "no offset = Shanghai: #3 of 2025"),
], start=1):
    sc.add(rec(f"YB-{e}1", "2025-03-10", ent=f"E{e}", items=["IT-SCJ-01"]), [], f"E{e} 2025 #1")
    sc.add(rec(f"YB-{e}2", "2025-06-09", ent=f"E{e}", items=["IT-SCJ-02"]), [], f"E{e} 2025 #2")
    sc.add(rec(f"YB-{e}3", dday, ent=f"E{e}", items=["IT-SCJ-03"], started=t), exp, f"E{e} {why}")
sc.add(rec("YB-24", "2026-03-10", ent="E2", items=["IT-SCJ-04"]), [], "E2 2026 #2")
sc.add(rec("YB-25", "2026-05-11", ent="E2", items=["IT-SCJ-05"]), [CAP],
       "E2 2026 #3: proves YB-23 was counted in 2026 (if it were 2025, this would be only #2)")

# ---------------------------------------------------------------------------------------------
sc = Scenario(
    "frequency-input-order-reversed",
    "Records in reverse time order: n-th, 'earlier' and 'last' follow started_at, ties broken by id, never the "
    "input order.",
    "rules.md frequency.onsite-cap ('by started_at, ties broken by id'); interpretation.md 'Order of records ... "
    "Input order never matters'",
)
sc.add(rec("IO-04", "2025-09-08", ent="E1", items=["IT-SCJ-04"]), [CAP], "4th by time")
sc.add(rec("IO-03", "2025-05-12", ent="E1", items=["IT-SCJ-03"]), [CAP],
       "same started_at as IO-02; id IO-03 sorts after IO-02 → 3rd")
sc.add(rec("IO-02", "2025-05-12", ent="E1", items=["IT-SCJ-02"]), [], "same started_at; id IO-02 first → 2nd")
sc.add(rec("IO-01", "2025-03-10", ent="E1", items=["IT-SCJ-01"]), [], "1st by time though last in input")
sc.add(rec("IO-06", "2025-06-10", ent="E2", items=["IT-SCJ-05"]), [REP],
       "E2: the later of two checks of IT-SCJ-05 within 180 days, though listed first")
sc.add(rec("IO-05", "2025-03-10", ent="E2", items=["IT-SCJ-05"]), [], "E2: the earlier one")
sc.add(rec("IO-09", "2025-03-30", "A-ZRJ", "E3"), [MA], "E3: third distinct agency within 30 days, the last by time")
sc.add(rec("IO-08", "2025-03-15", "A-YJJ", "E3"), [], "E3: second agency")
sc.add(rec("IO-07", "2025-03-01", "A-SCJ", "E3"), [], "E3: first agency")

# ---------------------------------------------------------------------------------------------
sc = Scenario(
    "frequency-excessive-exempt",
    "Exempt-trigger on-site inspections by one agency at one enterprise in a year may not exceed 6: the 7th and "
    "later are warned. Off-site ones are not counted. Earlier exempt checks of the same item do not make "
    "alert.repeated. The 6th on-site inspection within 365 days reaches alert.high-frequency.",
    "rules.md frequency.excessive-exempt (gbf-2024-54 八), alert.repeated, alert.high-frequency; interpretation.md "
    "'fire on each inspection past the cap'",
)
seq = [("2025-01-13", "complaint"), ("2025-02-10", "referral"), ("2025-03-10", "data-monitoring"),
       ("2025-04-14", "patrol"), ("2025-05-12", "enterprise-request"), ("2025-06-09", "complaint")]
for i, (d, t) in enumerate(seq, start=1):
    exp = [HF] if i == 6 else []
    why = f"exempt #{i} ({t})" + ("; near miss for excessive (6 is not > 6); 6th on-site → high-frequency"
                                  if i == 6 else "")
    sc.add(rec(f"XE-0{i}", d, ent="E1", trigger=t), exp, why)
sc.add(rec("XE-07", "2025-07-14", ent="E1", trigger="complaint", mode="off-site"), [], "off site: not counted")
sc.add(rec("XE-08", "2025-08-11", ent="E1", trigger="patrol"), [EXC], "exempt on-site #7 > 6")
sc.add(rec("XE-09", "2025-09-08", ent="E1", trigger="complaint"), [EXC], "exempt on-site #8 > 6")
sc.add(rec("XE-10", "2025-10-13", "A-YJJ", "E1", trigger="complaint"), [], "YJJ's first exempt inspection at E1")

# ---------------------------------------------------------------------------------------------
sc = Scenario(
    "frequency-risk-color",
    "With risk_color_caps {green: 1, red: 3} (dataset policy), non-exempt on-site inspections of one enterprise by "
    "all agencies in a year past its colour's cap are warned; a joint inspection counts once; uncapped colours and "
    "enterprises without colour are unlimited.",
    "rules.md frequency.risk-color (panan-draft-2025 （三）3), risk_color_caps parameter; interpretation.md "
    "'frequency.risk-color counts each inspection once, whatever the number of agencies'",
    policy={"risk_color_caps": {"green": 1, "red": 3}},
    enterprises=[enterprise("E1", risk_color="green"), enterprise("E2", risk_color="red"),
                 enterprise("E3", risk_color="blue"), enterprise("E4", risk_color=None)],
)
sc.add(rec("RC-01", "2025-03-10", "A-SCJ", "E1"), [], "green #1")
sc.add(rec("RC-02", "2025-05-12", "A-YJJ", "E1"), [RISK], "green #2 > 1 (another agency: all agencies count)")
sc.add(rec("RC-03", "2025-06-09", "A-SCJ", "E1", items=["IT-SCJ-02"], trigger="complaint"), [],
       "exempt trigger: not counted")
sc.add(rec("RC-04", "2025-08-11", "A-ZRJ", "E1", ["IT-ZRJ-01", "IT-WJJ-01"], joint=["A-WJJ"],
           inspectors=["P-ZRJ-1", "P-WJJ-1"]), [RISK], "joint ZRJ+WJJ: green #3, one finding")
sc.add(rec("RC-05", "2026-02-10", "A-SCJ", "E1", items=["IT-SCJ-03"]), [], "green, first of 2026")
sc.add(rec("RC-06", "2026-04-13", "A-YJJ", "E1", items=["IT-YJJ-02"], mode="off-site"), [],
       "near miss: off site, not counted (still 1 of 2026)")
for e, col in [(2, "red"), (3, "blue"), (4, "no colour")]:
    for j, (d, ag) in enumerate([("2025-02-10", "A-SCJ"), ("2025-04-14", "A-YJJ"), ("2025-06-09", "A-ZRJ"),
                                 ("2025-08-11", "A-WJJ")], start=1):
        exp = [RISK] if (e == 2 and j == 4) else []
        why = f"{col} #{j}" + (" > 3" if exp else (" (unlimited)" if e != 2 else ""))
        sc.add(rec(f"RC-{e}{j}", d, ag, f"E{e}"), exp, why)

# ---------------------------------------------------------------------------------------------
sc = Scenario(
    "frequency-credit-class",
    "With credit_class_caps {A: 1, B: 2} (dataset policy: the county's choice, no text fixes a number), non-exempt "
    "on-site inspections of one enterprise by all agencies in a year past its credit-risk class's cap are warned, "
    "as frequency.risk-color counts them; a joint inspection counts once; a class without a cap and an enterprise "
    "without a class are unlimited; both caps apply side by side.",
    "panan-draft-2025 （三）3 (分级分类检查) and （四）1 (对合规表现良好的企业，将减少检查频次); credit_class_caps "
    "parameter (docs/rules.md); interpretation.md 'frequency.credit-class counts as frequency.risk-color does'",
    policy={"credit_class_caps": {"A": 1, "B": 2}, "risk_color_caps": {"green": 2}},
    enterprises=[enterprise("E1", credit_class="A"), enterprise("E2", credit_class="B", risk_color="green"),
                 enterprise("E3", credit_class="D"), enterprise("E4")],
)
sc.add(rec("CC-01", "2025-03-10", "A-SCJ", "E1"), [], "A #1")
sc.add(rec("CC-02", "2025-05-12", "A-YJJ", "E1"), [CREDIT], "A #2 > 1 (another agency: all agencies count)")
sc.add(rec("CC-03", "2025-06-09", "A-SCJ", "E1", items=["IT-SCJ-02"], trigger="complaint"), [],
       "exempt trigger: not counted")
sc.add(rec("CC-04", "2025-08-11", "A-ZRJ", "E1", ["IT-ZRJ-01", "IT-WJJ-01"], joint=["A-WJJ"],
           inspectors=["P-ZRJ-1", "P-WJJ-1"]), [CREDIT], "joint ZRJ+WJJ: A #3, one finding")
sc.add(rec("CC-05", "2026-02-10", "A-SCJ", "E1", items=["IT-SCJ-03"]), [], "A, first of 2026")
sc.add(rec("CC-06", "2026-04-13", "A-YJJ", "E1", items=["IT-YJJ-02"], mode="off-site"), [],
       "near miss: off site, not counted (still 1 of 2026)")
for e, cls in [(2, "B"), (3, "D"), (4, "no class")]:
    for j, (d, ag) in enumerate([("2025-02-10", "A-SCJ"), ("2025-04-14", "A-YJJ"), ("2025-06-09", "A-ZRJ")],
                                start=1):
        exp = [RISK, CREDIT] if (e == 2 and j == 3) else []
        why = f"{cls} #{j}" + (" > 2, and green #3 > 2: both caps" if exp else (" (unlimited)" if e != 2 else ""))
        sc.add(rec(f"CC-{e}{j}", d, ag, f"E{e}"), exp, why)

# =============================================================================================
# plan.outside-plan
# =============================================================================================
P25 = plan("P-SCJ-2025", 2025, ["A-SCJ"], [
    entry("IT-SCJ-01", ["E1", "E2"], times=2, duration=0.5),
    entry("IT-SCJ-02", None, times=1, duration=0.5),
    entry("IT-SCJ-IND", None, times=1, duration=0.5),
], published_on="2025-02-20")
P24 = plan("P-SCJ-2024", 2024, ["A-SCJ"], [entry("IT-SCJ-01", ["E6"], times=2, duration=0.5)],
           published_on="2024-02-20")
PY = plan("P-YJJ-2025", 2025, ["A-YJJ"], [entry("IT-YJJ-D", ["E3", "E4"], times=5, duration=3.0)],
          published_on="2025-03-01")
sc = Scenario(
    "plan-outside-plan",
    "trigger plan needs a plan of the inspection's year, of a counted agency, with an entry for every item whose "
    "enterprise list holds the enterprise (or, null, whose item's industries cover the enterprise's industry). "
    "Each failing record fails exactly one condition.",
    "rules.md plan.outside-plan (panan-draft-2025 （五）2; gbf-2024-54 六); interpretation.md 'plan.outside-plan'",
    items=[item("IT-SCJ-IND", "A-SCJ", name="中草药种植环节检查", industries=["A01"])],
    plans=[P25, P24, PY],
    enterprises=[enterprise("E9", name="磐安县某中草药种植专业合作社", industry="A0170")],
)
sc.add(rec("PO-01", "2025-05-12", ent="E1", trigger="plan", plan="P-SCJ-2025"), [], "near miss: listed enterprise")
sc.add(rec("PO-02", "2025-06-09", ent="E1", items=["IT-SCJ-04"], trigger="plan", plan=None), [OUT],
       "trigger plan without a plan")
sc.add(rec("PO-03", "2025-05-12", ent="E6", trigger="plan", plan="P-SCJ-2024"), [OUT],
       "a 2024 plan for a 2025 inspection")
sc.add(rec("PO-04", "2025-05-12", ent="E3", items=["IT-YJJ-D"], trigger="plan", plan="P-YJJ-2025"), [OUT],
       "YJJ's plan, but only SCJ is counted (item is delegable to SCJ, so not foreign)")
sc.add(rec("PO-05", "2025-05-12", ent="E4", items=["IT-YJJ-D"], trigger="plan", plan="P-YJJ-2025",
           delegated_by="A-YJJ"), [], "near miss: delegated_by YJJ makes YJJ counted")
sc.add(rec("PO-06", "2025-05-12", ent="E5", trigger="plan", plan="P-SCJ-2025"), [OUT],
       "IT-SCJ-01's entry lists E1, E2 only")
sc.add(rec("PO-07", "2025-05-12", ent="E11", items=["IT-SCJ-03"], trigger="plan", plan="P-SCJ-2025"), [OUT],
       "no entry for IT-SCJ-03")
sc.add(rec("PO-08", "2025-05-12", ent="E7", items=["IT-SCJ-02"], trigger="plan", plan="P-SCJ-2025"), [],
       "near miss: null enterprises, item for all industries")
sc.add(rec("PO-09", "2025-05-12", ent="E8", items=["IT-SCJ-IND"], trigger="plan", plan="P-SCJ-2025"), [OUT],
       "null enterprises, but the item covers industry A01 and E8 is C2730")
sc.add(rec("PO-10", "2025-05-12", ent="E9", items=["IT-SCJ-IND"], trigger="plan", plan="P-SCJ-2025"), [],
       "near miss: E9 is A0170, covered by prefix A01")
sc.add(rec("PO-11", "2025-05-12", ent="E2", items=["IT-SCJ-01", "IT-SCJ-03"], trigger="plan", plan="P-SCJ-2025"),
       [OUT], "one of two items has no entry")
sc.add(rec("PO-12", "2025-07-14", ent="E2", items=[], trigger="plan", plan="P-SCJ-2025"), [],
       "near miss: no items; an entry (IT-SCJ-01) covers E2")
sc.add(rec("PO-13", "2025-05-12", ent="E12", trigger="random-sampling"), [], "near miss: not a plan trigger")
sc.scope("plan P-SCJ-2025", [], "published 02-20; no other agency's entry shares enterprise, method and duration")
sc.scope("plan P-YJJ-2025", [], "duration 3.0 vs 0.5: no merge suggestion")

# ---------------------------------------------------------------------------------------------
sc = Scenario(
    "plan-overrun-times-per-year",
    "超计划: inspections naming the plan that cover one entry's item and enterprise are counted in time order; the "
    "one past times_per_year fires, whatever the input order.",
    "rules.md plan.outside-plan ('the plan entry's times_per_year for that enterprise is already used up'); "
    "interpretation.md 'plan.outside-plan ... 超计划'",
    plans=[plan("P-SCJ-2025", 2025, ["A-SCJ"], [entry("IT-SCJ-01", ["E1", "E2"], times=1),
                                               entry("IT-SCJ-02", None, times=2)], published_on="2025-01-20")],
)
sc.add(rec("OV-02", "2025-09-01", ent="E1", trigger="plan", plan="P-SCJ-2025"), [OUT],
       "2nd for IT-SCJ-01 at E1 (times 1), listed first; 203 days after OV-01 so not repeated")
sc.add(rec("OV-01", "2025-02-10", ent="E1", trigger="plan", plan="P-SCJ-2025"), [], "1st for IT-SCJ-01 at E1")
sc.add(rec("OV-03", "2025-03-10", ent="E2", trigger="plan", plan="P-SCJ-2025"), [],
       "near miss: 1st at E2 (counted per enterprise)")
sc.add(rec("OV-04", "2025-02-10", ent="E3", items=["IT-SCJ-02"], trigger="plan", plan="P-SCJ-2025"), [],
       "1st of 2 at E3")
sc.add(rec("OV-05", "2025-09-01", ent="E3", items=["IT-SCJ-02"], trigger="plan", plan="P-SCJ-2025"), [],
       "near miss: 2nd of 2 at E3")

# =============================================================================================
# alerts
# =============================================================================================
sc = Scenario(
    "alert-multi-agency-window",
    "3+ distinct agencies running separate on-site inspections of one enterprise within 30 days (day difference "
    "< 30): warned on the one that brings the 3rd agency. Joint and off-site inspections are not 'separate "
    "on-site'; a repeat by an agency already in the window does not fire again; triggers do not matter.",
    "rules.md alert.multi-agency (gbf-2024-54 九; panan-draft-2025 （五）2); interpretation.md 'A window of W "
    "days ... day difference < W', 'alert.multi-agency looks at separate (non-joint) on-site inspections'",
)
sc.add(rec("MA-11", "2025-03-01", "A-SCJ", "E1"), [], "E1 SCJ")
sc.add(rec("MA-12", "2025-03-15", "A-YJJ", "E1"), [], "E1 YJJ")
sc.add(rec("MA-13", "2025-03-30", "A-ZRJ", "E1"), [MA], "E1 ZRJ, 29 days after SCJ: 3 agencies")
sc.add(rec("MA-21", "2025-03-01", "A-SCJ", "E2"), [], "E2 SCJ")
sc.add(rec("MA-22", "2025-03-15", "A-YJJ", "E2"), [], "E2 YJJ")
sc.add(rec("MA-23", "2025-03-31", "A-ZRJ", "E2", started="2025-03-30T16:30:00Z"), [],
       "near miss: 16:30Z = 03-31 00:30 Shanghai, 30 days after SCJ's 03-01: outside the window")
sc.add(rec("MA-31", "2025-03-01", "A-SCJ", "E3"), [], "E3 SCJ")
sc.add(rec("MA-32", "2025-03-10", "A-YJJ", "E3"), [], "E3 YJJ")
sc.add(rec("MA-33", "2025-03-20", "A-ZRJ", "E3"), [MA], "E3 ZRJ: 3 agencies")
sc.add(rec("MA-34", "2025-03-25", "A-SCJ", "E3", items=["IT-SCJ-02"]), [],
       "near miss: SCJ had already inspected E3 in the window")
sc.add(rec("MA-41", "2025-03-01", "A-SCJ", "E4"), [], "E4 SCJ")
sc.add(rec("MA-42", "2025-03-10", "A-YJJ", "E4"), [], "E4 YJJ")
sc.add(rec("MA-43", "2025-03-20", "A-ZRJ", "E4", ["IT-ZRJ-01", "IT-WJJ-01"], joint=["A-WJJ"],
           inspectors=["P-ZRJ-1", "P-WJJ-1"]), [], "near miss: joint inspection, not separate")
sc.add(rec("MA-44", "2025-03-22", "A-STJ", "E4", mode="off-site"), [], "near miss: off site")
sc.add(rec("MA-51", "2025-03-01", "A-SCJ", "E5"), [], "E5 SCJ")
sc.add(rec("MA-52", "2025-03-15", "A-YJJ", "E5"), [], "E5 YJJ")
sc.add(rec("MA-53", "2025-03-30", "A-ZRJ", "E5", started="2025-03-30T15:30:00Z"), [MA],
       "15:30Z = 23:30 on 03-30 Shanghai: 29 days, inside")
sc.add(rec("MA-71", "2025-03-01", "A-SCJ", "E7", started=at("2025-03-01", "09:00")), [], "E7 SCJ 09:00")
sc.add(rec("MA-73", "2025-03-01", "A-ZRJ", "E7", started=at("2025-03-01", "11:00")), [MA],
       "E7 ZRJ 11:00 the same day: the third agency by time (listed before YJJ's 10:00 record)")
sc.add(rec("MA-72", "2025-03-01", "A-YJJ", "E7", started=at("2025-03-01", "10:00")), [],
       "E7 YJJ 10:00: only the second agency up to this record")
sc.add(rec("MA-74", "2025-03-05", "A-WJJ", "E7"), [MA], "E7 WJJ: a 4th agency in the window fires too (at least 3)")
sc.add(rec("MA-61", "2025-03-01", "A-SCJ", "E6", trigger="complaint"), [], "E6 SCJ (complaint)")
sc.add(rec("MA-62", "2025-03-10", "A-YJJ", "E6", trigger="patrol"), [], "E6 YJJ (patrol)")
sc.add(rec("MA-63", "2025-03-20", "A-ZRJ", "E6", trigger="referral"), [MA],
       "exempt triggers still count for the alert")

# ---------------------------------------------------------------------------------------------
sc = Scenario(
    "alert-repeated-window",
    "An item checked again at the same enterprise within 180 days (day difference < 180) of an earlier "
    "non-exempt inspection, of any agency and either mode, is warned once per item on the later record.",
    "rules.md alert.repeated (gbf-2024-54 四, 九); interpretation.md 'alert.repeated fires once per repeated item, "
    "on the later record; the earlier one must be non-exempt, of any agency and either mode'",
)
sc.add(rec("RP-11", "2025-01-10", ent="E1"), [], "E1 first check of IT-SCJ-01")
sc.add(rec("RP-12", "2025-07-08", ent="E1"), [REP], "179 days later")
sc.add(rec("RP-21", "2025-01-10", ent="E2"), [], "E2 first")
sc.add(rec("RP-22", "2025-07-09", ent="E2"), [], "near miss: 180 days later, outside the window")
sc.add(rec("RP-31", "2025-01-10", ent="E3", trigger="complaint"), [], "E3 first check was exempt (complaint)")
sc.add(rec("RP-32", "2025-03-10", ent="E3"), [], "near miss: the earlier check was exempt")
sc.add(rec("RP-41", "2025-01-10", ent="E4"), [], "E4 first, random-sampling")
sc.add(rec("RP-42", "2025-03-10", ent="E4", trigger="patrol"), [REP], "a later exempt check still repeats")
sc.add(rec("RP-51", "2025-01-10", ent="E5", mode="off-site"), [], "E5 first, off site")
sc.add(rec("RP-52", "2025-03-10", ent="E5"), [REP], "either mode: off-site then on-site")
sc.add(rec("RP-61", "2025-01-10", ent="E6"), [], "E6 first, by SCJ")
sc.add(rec("RP-62", "2025-03-10", "A-YJJ", "E6", ["IT-YJJ-01", "IT-SCJ-01"], joint=["A-SCJ"],
           inspectors=["P-YJJ-1", "P-SCJ-1"]), [REP], "any agency: YJJ-led joint visit re-checks IT-SCJ-01")
sc.add(rec("RP-71", "2025-01-10", ent="E7", items=["IT-SCJ-01", "IT-SCJ-02"]), [], "E7 first, two items")
sc.add(rec("RP-72", "2025-03-10", ent="E7", items=["IT-SCJ-01", "IT-SCJ-02"]), [REP, REP], "two repeated items")
sc.add(rec("RP-73", "2025-03-10", ent="E8", items=["IT-SCJ-01"]), [], "near miss: another enterprise")

# ---------------------------------------------------------------------------------------------
sc = Scenario(
    "alert-high-frequency",
    "6 or more on-site inspections of one enterprise (all agencies, all triggers) within 365 days (day difference "
    "< 365): warned on the one that reaches exactly 6. Inspections are 42+ days apart so no multi-agency alert.",
    "rules.md alert.high-frequency (gbf-2024-54 九); interpretation.md 'With 365, 2025-01-01 and 2025-12-31 are in "
    "one window; 2025-01-01 and 2026-01-01 are not', 'reaches exactly'",
)
e1 = [("2025-01-13", "A-SCJ", "IT-SCJ-01", "on-site"), ("2025-02-24", "A-YJJ", "IT-YJJ-01", "on-site"),
      ("2025-03-10", "A-STJ", "IT-STJ-01", "off-site"), ("2025-04-07", "A-ZRJ", "IT-ZRJ-01", "on-site"),
      ("2025-05-19", "A-WJJ", "IT-WJJ-01", "on-site"), ("2025-06-30", "A-SCJ", "IT-SCJ-02", "on-site"),
      ("2025-08-11", "A-YJJ", "IT-YJJ-02", "on-site"), ("2025-09-22", "A-ZRJ", "IT-ZRJ-02", "on-site")]
notes_e1 = ["#1", "#2", "off site, not counted", "#3", "#4", "#5", "#6 → fires", "#7: past 6, no second alert"]
for i, ((d, ag, it, mode), why) in enumerate(zip(e1, notes_e1), start=1):
    sc.add(rec(f"HF-1{i}", d, ag, "E1", [it], mode=mode), [HF] if i == 7 else [], "E1 " + why)
e2 = [("2025-01-02", "A-SCJ"), ("2025-03-03", "A-YJJ"), ("2025-05-05", "A-ZRJ"), ("2025-07-07", "A-WJJ"),
      ("2025-09-08", "A-SCJ")]
for i, (d, ag) in enumerate(e2, start=1):
    sc.add(rec(f"HF-2{i}", d, ag, "E2", [f"IT-{short(ag)}-0{i}"]), [], f"E2 #{i}")
sc.add(rec("HF-2V", "2025-10-10", "A-WJJ", "E2", [], activity="visit", approval=None, code=None, notice=None), [],
       "a 走访 without items is not an inspection: not counted (else it would be the 6th)")
sc.add(rec("HF-26", "2026-01-02", "A-YJJ", "E2", ["IT-YJJ-09"]), [],
       "near miss: 2026-01-02 is 365 days after 2025-01-02, so only 5 in the window")
for i, (d, ag) in enumerate(e2, start=1):
    sc.add(rec(f"HF-3{i}", d, ag, "E3", [f"IT-{short(ag)}-0{i}"], trigger="complaint" if i == 2 else
               "random-sampling"), [], f"E3 #{i}" + (" (complaint: all triggers count)" if i == 2 else ""))
sc.add(rec("HF-36", "2026-01-01", "A-YJJ", "E3", ["IT-YJJ-09"]), [HF],
       "2026-01-01 is 364 days after 2025-01-02: 6 in the window")

# =============================================================================================
# plan and agency rules
# =============================================================================================
sc = Scenario(
    "plan-late-publication",
    "An annual plan must be published by plan_publication_deadline (03-31) of its own year, inclusive; special "
    "plans are not annual.",
    "rules.md plan.late-publication (panan-draft-2025 （二）1（1））; interpretation.md 'the deadline is "
    "plan_publication_deadline of the plan's own year, inclusive'",
    plans=[
        plan("P-A", 2025, ["A-SCJ"], published_on="2025-03-31"),
        plan("P-B", 2025, ["A-YJJ"], published_on="2025-04-01"),
        plan("P-C", 2025, ["A-ZRJ"], published_on=None),
        plan("P-D", 2026, ["A-SCJ"], published_on="2025-12-20"),
        plan("P-E", 2025, ["A-WJJ"], kind="special", published_on=None,
             special={"deployed_by_superior": True, "legality_review_on": None, "collective_discussion_on": None,
                      "approved_on": None, "approved_by": None}),
        plan("P-F", 2024, ["A-WJJ"], published_on="2024-03-31"),
        plan("P-G", 2025, ["A-WJJ"], published_on="2026-01-05"),
    ],
)
sc.add(rec("PL-01", S, ent="E1"), [], "a clean record")
sc.scope("plan P-A", [], "near miss: published on 03-31")
sc.scope("plan P-B", ["plan.late-publication"], "published 04-01")
sc.scope("plan P-C", ["plan.late-publication"], "never published")
sc.scope("plan P-D", [], "2026 plan published in December 2025")
sc.scope("plan P-E", [], "special plan (deployed by a superior): not an annual plan")
sc.scope("plan P-F", [], "2024 plan published 2024-03-31")
sc.scope("plan P-G", ["plan.late-publication"], "2025 plan published in 2026")

# ---------------------------------------------------------------------------------------------
sc = Scenario(
    "plan-missing-lead",
    "A plan with 2+ agencies needs a lead among them; a single-agency plan needs none.",
    "rules.md plan.missing-lead (panan-draft-2025 （二）1（1））; interpretation.md 'Dataset findings' (lead is a plan "
    "reference)",
    plans=[
        plan("P-A", 2025, ["A-SCJ", "A-YJJ"], lead=None, published_on="2025-03-01"),
        plan("P-B", 2025, ["A-SCJ", "A-YJJ"], lead="A-ZRJ", published_on="2025-03-01"),
        plan("P-C", 2025, ["A-SCJ", "A-YJJ"], lead="A-SCJ", published_on="2025-03-01"),
        plan("P-D", 2025, ["A-SCJ"], lead=None, published_on="2025-03-01"),
        plan("P-E", 2025, ["A-SCJ", "A-YJJ"], kind="special", lead=None, published_on="2025-03-01",
             special={"deployed_by_superior": True, "legality_review_on": None, "collective_discussion_on": None,
                      "approved_on": None, "approved_by": None}),
        plan("P-F", 2025, ["A-SCJ", "A-YJJ"], lead="A-GHOST", published_on="2025-03-01"),
    ],
)
sc.add(rec("ML-01", S, ent="E1"), [], "a clean record")
sc.scope("plan P-A", ["plan.missing-lead"], "two agencies, no lead")
sc.scope("plan P-B", ["plan.missing-lead"], "lead ZRJ is not among SCJ, YJJ")
sc.scope("plan P-C", [], "near miss: lead SCJ among them")
sc.scope("plan P-D", [], "near miss: one agency, no lead needed")
sc.scope("plan P-E", ["plan.missing-lead"], "special plans need a lead too")
sc.scope("plan P-F", [UNK, "plan.missing-lead"], "lead names an unknown agency: dangling and not among them")

# ---------------------------------------------------------------------------------------------
def sp(**kw):
    base = dict(legality="2025-04-01", collective="2025-04-05", approved="2025-04-10", by="county-government")
    base.update(kw)
    return special_ok(**base)


SPECIALS = [
    # id, agency, special, published_on, record days, expected count, why
    ("S01", "A-SCJ", sp(), "2025-04-15", ["2025-05-12"], 0, "near miss: all four steps before 05-12"),
    ("S02", "A-SCJ", sp(legality=None), "2025-04-15", ["2025-05-12"], 1, "no legality review"),
    ("S03", "A-SCJ", sp(collective=None), "2025-04-15", ["2025-05-12"], 1, "no collective discussion"),
    ("S04", "A-SCJ", sp(approved=None, by=None), "2025-04-15", ["2025-05-12"], 1, "no approval"),
    ("S05", "A-SCJ", sp(), None, ["2025-05-12"], 1, "never published"),
    ("S06", "A-SCJ", sp(by="vertical-superior"), "2025-04-15", ["2025-05-12"], 1,
     "SCJ is not vertical: approval must be by the county government"),
    ("S07", "A-STJ", sp(), "2025-04-15", ["2025-05-12"], 1,
     "STJ is vertical: approval must be by the vertical superior, not the county"),
    ("S08", "A-STJ", sp(by="vertical-superior"), "2025-04-15", ["2025-05-12"], 0,
     "near miss: vertical agency approved by its superior"),
    ("S09", "A-SCJ", sp(), "2025-05-13", ["2025-05-12"], 1, "published the day after the first inspection"),
    ("S10", "A-SCJ", sp(approved="2025-05-12"), "2025-05-12", ["2025-05-12"], 0,
     "near miss: approved and published on the first inspection day (not later than it)"),
    ("S11", "A-SCJ", sp(legality=None, collective=None), "2025-04-15", ["2025-05-12"], 2,
     "two missing steps: one finding each"),
    ("S12", "A-SCJ", {"deployed_by_superior": True, "legality_review_on": None, "collective_discussion_on": None,
                      "approved_on": None, "approved_by": None}, None, ["2025-05-12"], 0,
     "near miss: deployed by a superior, no local steps needed"),
    ("S13", "A-SCJ", sp(), None, [], 1, "no inspection yet, but never published"),
    ("S15", "A-SCJ", sp(), "2025-05-13", ["2025-05-12T16:30:00Z"], 0,
     "near miss: the record starts 2025-05-12T16:30Z = 05-13 00:30 Shanghai, the publication day"),
    ("S14", "A-SCJ", sp(), "2025-05-20", ["2025-06-10", "2025-05-12"], 1,
     "records listed 06-10 then 05-12: the first inspection is 05-12, so publication on 05-20 is late"),
]
sc = Scenario(
    "plan-special-unapproved",
    "A special plan not deployed by a superior needs legality review, collective discussion, approval (county "
    "government; vertical superior for a vertical lead) and publication, none later than its first inspection "
    "(earliest inspection day among records naming it). One finding per missing or late step.",
    "rules.md plan.special-unapproved (panan-draft-2025 （二）1（1）; gbf-2024-54 六); interpretation.md "
    "'plan.special-unapproved gives one finding per missing or late step'",
)
n = 0
for sid, ag, spec, pub, days, cnt, why in SPECIALS:
    s = short(ag)
    ents = []
    for d in days:
        n += 1
        ents.append(f"E{n}")
    if not ents:
        n += 1
        ents = [f"E{n}"]
    sc.plans.append(plan(f"P-{sid}", 2025, [ag], [entry(f"IT-{s}-01", ents)], kind="special", published_on=pub,
                         special=spec))
    for d, e in zip(days, ents):
        if "T" in d:
            started, d = d, local_day(d).isoformat()
        else:
            started = None
        sc.add(rec(f"R-{sid}-{d[5:]}", d, ag, e, trigger="special", plan=f"P-{sid}", started=started), [],
               f"names special plan P-{sid}")
    sc.scope(f"plan P-{sid}", ["plan.special-unapproved"] * cnt, why)

# ---------------------------------------------------------------------------------------------
sc = Scenario(
    "plan-merge-suggestion",
    "Entries of same-year plans of non-overlapping agencies that share an enterprise and method with durations "
    "within a ratio of 1.5 (inclusive) suggest merging (低频就高频); reported once per pair on the plan of the "
    "lower-frequency entry (ties: smaller plan id).",
    "rules.md plan.merge-suggestion (panan-draft-2025 （二）1（2））; interpretation.md 'plan.merge-suggestion'",
    plans=[
        plan("P-SCJ", 2025, ["A-SCJ"], [entry("IT-SCJ-01", ["E1"], times=2, duration=1.0),
                                        entry("IT-SCJ-02", ["E2"], times=1, duration=1.0),
                                        entry("IT-SCJ-03", ["E3"], times=1, duration=2.0),
                                        entry("IT-SCJ-04", ["E4"], times=1, duration=1.0)],
             published_on="2025-02-01"),
        plan("P-YJJ", 2025, ["A-YJJ"], [entry("IT-YJJ-01", ["E1"], times=1, duration=1.4),
                                        entry("IT-YJJ-02", ["E2"], method="off-site", times=3, duration=1.0),
                                        entry("IT-YJJ-03", ["E3"], times=2, duration=3.0),
                                        entry("IT-YJJ-04", ["E4"], times=1, duration=1.6)],
             published_on="2025-02-01"),
        plan("P-YJJ2", 2025, ["A-YJJ"], [entry("IT-YJJ-05", ["E1"], times=1, duration=1.0)],
             published_on="2025-02-01"),
        plan("P-ZRJ-2026", 2026, ["A-ZRJ"], [entry("IT-ZRJ-01", ["E1"], times=1, duration=1.0)],
             published_on="2026-01-10"),
        plan("P-JOINT", 2025, ["A-SCJ", "A-ZRJ"], [entry("IT-ZRJ-02", ["E4"], times=1, duration=1.0)],
             lead="A-SCJ", published_on="2025-02-01"),
        plan("P-WJJ", 2025, ["A-WJJ"], [entry("IT-WJJ-01", ["E6"], times=1, duration=1.0)],
             published_on="2025-02-01"),
        plan("P-ZRJ", 2025, ["A-ZRJ"], [entry("IT-ZRJ-03", ["E6"], times=1, duration=1.0)],
             published_on="2025-02-01"),
    ],
)
sc.add(rec("MG-01", S, ent="E10"), [], "a clean record")
sc.scope("plan P-YJJ", ["plan.merge-suggestion"],
         "IT-YJJ-01 (E1, on-site, 1.4 d, 1×) vs P-SCJ IT-SCJ-01 (E1, 1.0 d, 2×): ratio 1.4; lower frequency is YJJ. "
         "Not E2 (off-site vs on-site), not E4 (1.6 > 1.5)")
sc.scope("plan P-SCJ", ["plan.merge-suggestion"],
         "IT-SCJ-03 (E3, 2.0 d, 1×) vs P-YJJ IT-YJJ-03 (3.0 d, 2×): ratio exactly 1.5, within; SCJ is lower "
         "frequency. P-JOINT shares agency SCJ, so its E4 entry is not compared")
sc.scope("plan P-YJJ2", ["plan.merge-suggestion"], "IT-YJJ-05 (E1, 1.0 d, 1×) vs P-SCJ IT-SCJ-01 (2×); "
                                                  "P-YJJ shares agency YJJ so is not compared")
sc.scope("plan P-WJJ", ["plan.merge-suggestion"], "tie 1× vs 1× with P-ZRJ on E6: reported on the smaller id P-WJJ")
sc.scope("plan P-ZRJ", [], "the tie is reported on P-WJJ")
sc.scope("plan P-ZRJ-2026", [], "another year")
sc.scope("plan P-JOINT", [], "overlaps P-SCJ (SCJ) and P-ZRJ (ZRJ)")

# ---------------------------------------------------------------------------------------------
sc = Scenario(
    "agency-assessment-quota",
    "An agency whose assessment is tied to inspection counts or fine amounts breaks 严禁下达检查指标.",
    "rules.md agency.assessment-quota (gbf-2024-54 七 ⑦)",
    replace_agencies={
        "A-SCJ": {"id": "A-SCJ", "name": AGENCY_NAMES["SCJ"], "kind": "administrative-organ",
                  "assessment_links": ["inspection-count"]},
        "A-YJJ": {"id": "A-YJJ", "name": AGENCY_NAMES["YJJ"], "kind": "administrative-organ",
                  "assessment_links": ["fine-amount"]},
        "A-ZRJ": {"id": "A-ZRJ", "name": AGENCY_NAMES["ZRJ"], "kind": "administrative-organ",
                  "assessment_links": []},
    },
)
sc.add(rec("AQ-01", S, ent="E1"), [], "a clean record")
sc.scope("agency A-SCJ", ["agency.assessment-quota"], "tied to inspection counts")
sc.scope("agency A-YJJ", ["agency.assessment-quota"], "tied to fine amounts")
sc.scope("agency A-ZRJ", [], "near miss: empty list")

# ---------------------------------------------------------------------------------------------
sc = Scenario(
    "joint-rate-default-2027",
    "The default joint_rate_target 0.8 is in force from 2027-01-01: per agency, joint on-site inspections / "
    "on-site inspections counting the agency in 2027. 2026 is not checked. 2026-12-31T17:00:00Z is a 2027 "
    "inspection.",
    "rules.md joint.rate-below-target (zj-2025-5; panan-draft-2025 （三）2), joint_rate_target default; "
    "interpretation.md 'joint.rate-below-target is computed per agency and year over the on-site inspections that "
    "count the agency, with the target in force on 31 December of that year'",
)
for i, d in enumerate(["2027-03-10", "2027-04-14", "2027-05-12", "2027-06-09"], start=1):
    sc.add(rec(f"JR-0{i}", d, "A-SCJ", f"E{i}", ["IT-SCJ-01", "IT-YJJ-01"], joint=["A-YJJ"],
               inspectors=["P-SCJ-1", "P-YJJ-1"]), [], "joint SCJ+YJJ")
sc.add(rec("JR-05", "2027-01-01", "A-SCJ", "E5", started="2026-12-31T17:00:00Z"), [],
       "SCJ alone on 2027-01-01 Shanghai time")
sc.add(rec("JR-06", "2027-06-09", "A-SCJ", "E6"), [], "SCJ alone")
sc.add(rec("JR-07", "2027-07-14", "A-YJJ", "E7"), [], "YJJ alone")
sc.add(rec("JR-08", "2027-03-10", "A-ZRJ", "E8", ["IT-ZRJ-01", "IT-WJJ-01"], joint=["A-WJJ"],
           inspectors=["P-ZRJ-1", "P-WJJ-1"]), [], "joint ZRJ+WJJ")
sc.add(rec("JR-09", "2027-05-12", "A-ZRJ", "E9"), [], "ZRJ alone")
sc.add(rec("JR-10", "2027-04-14", "A-WJJ", "E10", mode="off-site"), [], "WJJ off site: not counted")
sc.add(rec("JR-11", "2027-05-12", "A-WJJ", "E11", mode="off-site"), [], "WJJ off site: not counted")
sc.add(rec("JR-12", "2026-06-10", "A-ZRJ", "E12"), [], "ZRJ alone in 2026: no target in force for 2026")
sc.scope("agency A-SCJ", ["joint.rate-below-target"], "2027: 4 joint of 6 = 0.67 < 0.8 (JR-05 belongs to 2027)")
sc.scope("agency A-YJJ", [], "near miss: 4 joint of 5 = 0.8, not below")
sc.scope("agency A-ZRJ", ["joint.rate-below-target"], "2027: 1 of 2 = 0.5; its 2026 inspection is not checked")
sc.scope("agency A-WJJ", [], "1 joint of 1 on-site = 1.0; off-site ones do not count")

# ---------------------------------------------------------------------------------------------
sc = Scenario(
    "joint-rate-dated-policy",
    "Dataset policy joint_rate_target = [{from 2025-07-01, value 0.5}]: in force on 2025-12-31, so the whole of "
    "2025 is checked against 0.5 (even inspections before July); 2024 has no target in force on 2024-12-31.",
    "rules.md 'Parameters' (dated values), joint.rate-below-target; interpretation.md 'with the target in force on "
    "31 December of that year; years with no target in force are not checked'",
    policy={"joint_rate_target": [{"from": "2025-07-01", "value": 0.5}]},
    items=[item("IT-WJJ-D", "A-WJJ", name="卫生健康简单事项（委托市场监管代查）", delegable=True,
                delegated_to=["A-SCJ"])],
)
sc.add(rec("JD-01", "2025-03-10", "A-SCJ", "E1", ["IT-SCJ-01", "IT-YJJ-01"], joint=["A-YJJ"],
           inspectors=["P-SCJ-1", "P-YJJ-1"]), [], "joint SCJ+YJJ")
sc.add(rec("JD-02", "2025-02-10", "A-SCJ", "E2"), [], "SCJ alone")
sc.add(rec("JD-03", "2025-05-12", "A-SCJ", "E3"), [], "SCJ alone")
sc.add(rec("JD-04", "2025-04-14", "A-YJJ", "E4"), [], "YJJ alone")
sc.add(rec("JD-05", "2024-05-13", "A-ZRJ", "E5"), [], "ZRJ alone, 2024")
sc.add(rec("JD-07", "2025-06-09", "A-ZRJ", "E7", ["IT-ZRJ-01", "IT-WJJ-01"], joint=["A-WJJ"],
           inspectors=["P-ZRJ-1", "P-WJJ-1"]), [], "joint ZRJ+WJJ")
sc.add(rec("JD-08", "2025-07-14", "A-SCJ", "E8", ["IT-WJJ-D"], delegated_by="A-WJJ"), [],
       "SCJ alone on WJJ's behalf: counts SCJ and WJJ, not joint")
sc.add(rec("JD-09", "2025-08-11", "A-SCJ", "E9", ["IT-WJJ-D"], delegated_by="A-WJJ"), [],
       "SCJ alone on WJJ's behalf")
sc.add(rec("JD-06", "2024-09-09", "A-ZRJ", "E6"), [], "ZRJ alone, 2024")
sc.scope("agency A-SCJ", ["joint.rate-below-target"], "2025: 1 of 5 = 0.2 < 0.5")
sc.scope("agency A-WJJ", ["joint.rate-below-target"],
         "2025: 1 joint of 3 on-site inspections counting WJJ (two as delegated_by) = 0.33 < 0.5")
sc.scope("agency A-YJJ", [], "near miss: 1 of 2 = 0.5, not below")
sc.scope("agency A-ZRJ", [], "2024: no target in force on 2024-12-31; 2025: 1 joint of 1")

# =============================================================================================
# policy files
# =============================================================================================
sc = Scenario(
    "policy-toml-cap-3",
    "policy.toml (passed with --policy) raises the on-site cap to 3, lowers min_officers_on_site to 1 and moves the "
    "plan publication deadline to 04-30.",
    "rules.md 'Parameters' (onsite_cap_per_agency_enterprise_year, min_officers_on_site, "
    "plan_publication_deadline)",
    policy_toml='# 磐安县 policy overrides (test)\nonsite_cap_per_agency_enterprise_year = 3\n'
                'min_officers_on_site = 1\nplan_publication_deadline = "04-30"\n',
    plans=[plan("P-A", 2025, ["A-SCJ"], published_on="2025-04-30"),
           plan("P-B", 2025, ["A-YJJ"], published_on="2025-05-01")],
    lint_params={"cap": 3, "min_officers": 1},
)
for i, d in enumerate(["2025-02-10", "2025-04-14", "2025-06-09", "2025-08-11"], start=1):
    sc.add(rec(f"PT-0{i}", d, ent="E1", items=[f"IT-SCJ-0{i}"]), [CAP] if i == 4 else [],
           {3: "near miss: #3 ≤ 3", 4: "#4 > 3"}.get(i, f"#{i}"))
sc.add(rec("PT-05", S, ent="E2", inspectors=["P-SCJ-1"]), [], "near miss: one officer suffices with the policy")
sc.scope("plan P-A", [], "near miss: published 04-30, the policy deadline")
sc.scope("plan P-B", ["plan.late-publication"], "published 05-01")

# ---------------------------------------------------------------------------------------------
sc = Scenario(
    "policy-toml-dated-cap",
    "policy.toml gives the cap dated values (2 from 2000-01-01, 3 from 2025-07-01): the cap of the n-th "
    "inspection is the value in force on its own (Asia/Shanghai) day.",
    "rules.md 'Parameters' ('the value in force on the record's date applies'); interpretation.md 'The cap of the "
    "n-th inspection is the parameter in force on its day'",
    policy_toml='onsite_cap_per_agency_enterprise_year = [\n  { from = "2000-01-01", value = 2 },\n'
                '  { from = "2025-07-01", value = 3 },\n]\n',
    lint=False,
)
sc.add(rec("PD-11", "2025-02-10", ent="E1", items=["IT-SCJ-01"]), [], "E1 #1")
sc.add(rec("PD-12", "2025-04-14", ent="E1", items=["IT-SCJ-02"]), [], "E1 #2")
sc.add(rec("PD-13", "2025-06-09", ent="E1", items=["IT-SCJ-03"]), [CAP], "E1 #3 on 06-09: cap 2 in force")
sc.add(rec("PD-21", "2025-02-10", ent="E2", items=["IT-SCJ-01"]), [], "E2 #1")
sc.add(rec("PD-22", "2025-04-14", ent="E2", items=["IT-SCJ-02"]), [], "E2 #2")
sc.add(rec("PD-23", "2025-08-11", ent="E2", items=["IT-SCJ-03"]), [], "near miss: E2 #3 on 08-11: cap 3")
sc.add(rec("PD-24", "2025-09-08", ent="E2", items=["IT-SCJ-04"]), [CAP], "E2 #4 > 3")
sc.add(rec("PD-31", "2025-03-10", ent="E3", items=["IT-SCJ-01"]), [], "E3 #1")
sc.add(rec("PD-32", "2025-06-30", ent="E3", items=["IT-SCJ-02"]), [], "E3 #2")
sc.add(rec("PD-33", "2025-07-01", ent="E3", items=["IT-SCJ-03"], started="2025-06-30T16:30:00Z"), [],
       "near miss: 16:30Z on 06-30 is 07-01 00:30 Shanghai: cap 3 in force, #3 allowed")

# ---------------------------------------------------------------------------------------------
sc = Scenario(
    "policy-dataset-windows",
    "Policy given inside the dataset object: repeat_window_days 30, multi_agency_min_agencies 2, "
    "return_visit_days 30, urgent_approval_grace_working_days 2.",
    "data-model.md 'policy (object form)'; rules.md 'Parameters'",
    policy={"repeat_window_days": 30, "multi_agency_min_agencies": 2, "return_visit_days": 30,
            "urgent_approval_grace_working_days": 2},
    lint_params={"repeat": 30, "ma_min": 2},
)
sc.add(rec("PW-01", "2025-01-10", ent="E1"), [], "E1 first")
sc.add(rec("PW-02", "2025-02-10", ent="E1"), [], "near miss: 31 days later, outside a 30-day repeat window")
sc.add(rec("PW-03", "2025-01-10", ent="E2"), [], "E2 first")
sc.add(rec("PW-04", "2025-02-08", ent="E2"), [REP], "29 days later")
sc.add(rec("PW-05", "2025-03-03", "A-SCJ", "E3"), [], "E3 SCJ")
sc.add(rec("PW-06", "2025-03-20", "A-YJJ", "E3"), [MA], "2 agencies within 30 days reach the policy minimum 2")
sc.add(rec("PW-07", "2025-02-10", ent="E4", penalty=pen("2025-02-10")), ["penalty.no-return-visit"],
       "penalty 02-10, latest record 03-20 is 38 days later (> 30), no return visit")
sc.add(rec("PW-08", "2025-02-20", ent="E5", penalty=pen("2025-02-20")), [], "near miss: 28 days")
sc.add(urgent("PW-09", "2025-01-27T09:00:00+08:00", "2025-01-27T11:00:00+08:00", "2025-02-06T10:00:00+08:00",
              ent="E6"), [], "near miss: 2 working days after 2025-01-27 end on 2025-02-06")
sc.add(urgent("PW-10", "2025-01-27T09:00:00+08:00", "2025-01-27T11:00:00+08:00", "2025-02-07T09:00:00+08:00",
              ent="E7"), [LATE], "02-07 is past the 2-working-day deadline")

# =============================================================================================
# bad input and dataset references
# =============================================================================================
sc = Scenario(
    "input-bad-lines",
    "Unreadable lines become error lines (id null, no findings); the other lines are still checked and error "
    "lines are not counted by cross-record rules.",
    "data-model.md 'a line that could not be read gives ... error', 'unknown fields are rejected ... except inside "
    "sector_data'; interpretation.md 'Records that share an id are all error lines'",
)
sc.add(rec("B-01", "2025-03-10", ent="E1", items=["IT-SCJ-01"]), ["error"],
       "id B-01 is used twice: every copy is an error line, whatever the order")
sc.add('{"id": "B-02", "trigger": "random-sampling", "mode": ', ["error"], "truncated JSON")
r = rec("B-03", "2025-04-14", ent="E1", items=["IT-SCJ-02"])
r["inspecter"] = r.pop("inspectors")
sc.add(r, ["error"], "unknown field `inspecter` (typo of inspectors)")
r = rec("B-04", "2025-04-21", ent="E1", items=["IT-SCJ-06"])
r["trigger"] = "random"
sc.add(r, ["error"], "unknown enum value trigger `random`")
sc.add(rec("B-01", "2025-05-12", ent="E1", items=["IT-SCJ-03"]), ["error"], "duplicate id B-01 (second copy)")
sc.add(rec("B-05", "2025-05-19", ent="E1", items=["IT-SCJ-03"]), [], "valid, SCJ@E1 #1")
sc.add(rec("B-06", "2025-06-09", ent="E1", items=["IT-SCJ-04"], conduct={"gifts": True}), ["conduct.gifts"],
       "valid, SCJ@E1 #2 (the error lines are not counted)")
sc.add(rec("B-07", "2025-07-14", ent="E1", items=["IT-SCJ-05"]), [CAP], "valid, SCJ@E1 #3")
sc.add(rec("B-08", "2025-03-01", ent="E2", started="2025-02-30T09:00:00+08:00", ended="2025-02-30T11:00:00+08:00"),
       ["error"], "no such date 02-30")
sc.add("42", ["error"], "a JSON value that is not an object")
sc.add(rec("B-10", S, ent="E2", conduct={"bribes": True}), ["error"], "unknown field inside conduct")
sc.add(rec("B-11", S, ent="E3", sector_data={"example-plugin": {"anything": [1, 2], "nested": {"x": True}}}), [],
       "near miss: free-form sector_data for a plugin nobody loaded is accepted")
r = rec("B-12", S, ent="E4")
del r["mode"]
sc.add(r, ["error"], "required field mode missing")

# ---------------------------------------------------------------------------------------------
BADE = bad_check(uscc("91330727MA2HQ3001"))
sc = Scenario(
    "dataset-dangling-references",
    "Dangling references inside the dataset give data.unknown-reference lines of scope plan, agency or dataset "
    "(id inspectors/<id>, items/<id>); an invalid dataset USCC gives scope enterprise.",
    "rules.md data.unknown-reference, data.invalid-uscc; interpretation.md 'Dataset findings'",
    agencies=[{"id": "A-WT", "name": "某受委托组织", "kind": "entrusted-organization", "entrusted_by": "A-GHOST",
               "entrustment_published_on": "2025-01-01"}],
    inspectors=[officer("P-ORPHAN", "A-GHOST", "褚一", issued_by="A-SCJ"),
                officer("P-BADISSUER", "A-SCJ", "褚二", issued_by="A-GHOST2")],
    items=[item("IT-ORPHAN", "A-GHOST"), item("IT-BADDELEG", "A-SCJ", delegable=True, delegated_to=["A-GHOST"])],
    plans=[plan("P-BADITEM", 2025, ["A-SCJ"], [entry("IT-GHOST", ["E1"])], published_on="2025-02-01"),
           plan("P-BADENT", 2025, ["A-SCJ"], [entry("IT-SCJ-01", ["E31"])], published_on="2025-02-01"),
           plan("P-BADAG", 2025, ["A-GHOST"], lead=None, published_on="2025-02-01"),
           plan("P-OK", 2025, ["A-YJJ"], [entry("IT-YJJ-01", ["E1"], method="off-site")],
                published_on="2025-02-01")],
    enterprises=[enterprise(BADE, name="校验位错误公司")],
    exclude_enterprises=["E31"],
)
sc.add(rec("DR-01", S, ent="E1"), [], "a clean record")
sc.scope("dataset inspectors/P-ORPHAN", [UNK], "inspector's agency A-GHOST unknown")
sc.scope("dataset inspectors/P-BADISSUER", [UNK], "certificate issued_by A-GHOST2 unknown")
sc.scope("dataset items/IT-ORPHAN", [UNK], "item's agency unknown")
sc.scope("dataset items/IT-BADDELEG", [UNK], "item delegated_to an unknown agency")
sc.scope("plan P-BADITEM", [UNK], "entry item IT-GHOST unknown")
sc.scope("plan P-BADENT", [UNK], "entry enterprise not in the dataset")
sc.scope("plan P-BADAG", [UNK], "plan agency A-GHOST unknown")
sc.scope("plan P-OK", [], "all references resolve")
sc.scope("agency A-WT", [UNK], "entrusted_by A-GHOST unknown")
sc.scope(f"enterprise {BADE}", ["data.invalid-uscc"], "dataset enterprise with a wrong check character")

# ---------------------------------------------------------------------------------------------
sc = Scenario(
    "input-blank-lines",
    "Blank and whitespace-only lines give no output line; `line` is the physical 1-based line number of the "
    "input; a CRLF line ending is JSON whitespace.",
    "data-model.md 'Nothing is dropped: the number of inspection lines equals the number of input lines that are "
    "not blank'",
)
sc.add(rec("BL-01", S, ent="E1", approval=None), ["approval.missing"], "line 1")
sc.blank("")
sc.blank("   \t")
sc.add(rec("BL-04", S, ent="E2", notice=None), ["notice.missing"], "physical line 4, after two blank lines")
sc.add(json.dumps(rec("BL-05", S, ent="E3", code=None), ensure_ascii=False) + "\r", ["code.missing"],
       "CRLF line ending")
sc.blank("")
sc.add(rec("BL-07", S, ent="E4"), [], "clean, line 7")

# ---------------------------------------------------------------------------------------------
sc = Scenario(
    "dataset-without-enterprises",
    "Every dataset file but agencies is optional; an absent one is empty: with no enterprises key, every "
    "record's enterprise is an unknown reference (and nothing else changes).",
    "data-model.md 'Every file is optional except agencies'; interpretation.md 'An absent dataset file is an "
    "empty one: with no enterprises.json, every enterprise is unknown'",
    omit_keys=["enterprises", "plans"],
)
sc.add(rec("NE-01", S, ent="E1"), [UNK], "E1 is not known: no enterprises in the dataset")
sc.add(rec("NE-02", S, ent="91330727MA2HQ0008A"), [UNK], "valid USCC, still unknown")
sc.add(rec("NE-03", S, ent=BAD1), ["data.invalid-uscc", UNK], "invalid and unknown")

# =============================================================================================
# v1.1 additions
# =============================================================================================
# An entrusted organization (受委托组织) of SCJ: its 执法队, entrusted by a 委托书 published 2025-01-10.
ZFD = {"id": "A-ZFD", "name": "磐安县市场监督管理局综合执法队（受委托组织）", "kind": "entrusted-organization",
       "entrusted_by": "A-SCJ", "entrustment_published_on": "2025-01-10"}
ZFD_INSP = [officer("P-ZFD-1", "A-ZFD", "林一"), officer("P-ZFD-2", "A-ZFD", "林二")]

sc = Scenario(
    "frequency-entrusted-organ-cap",
    "v1.1: an entrusted organization acts in its organ's name and counts as that organ for the on-site cap and for "
    "items: a visit carried out by SCJ's 执法队 (lead SCJ, entrusted_agency A-ZFD) is one of SCJ's visits, and so is "
    "one where the 执法队 wrongly appears as lead. Items of the organ are usable, and the 执法队's own item is its "
    "organ's (its annual_cap raises SCJ's cap).",
    "rules.md v1.1 'Counted agencies' (行政处罚法 art. 20; 54号 二 Q&A), frequency.onsite-cap (panan-draft-2025 "
    "（二）1（2）), item.foreign-agency, subject.invalid-entrustment, plan.outside-plan; data-model.md v1.1 "
    "entrusted_agency; brief reading 'counts as that organ wherever it appears ... an item's owner'",
    agencies=[ZFD], inspectors=ZFD_INSP,
    items=[item("IT-ZFD-01", "A-ZFD"), item("IT-ZFD-C3", "A-ZFD", annual_cap=3)],
    plans=[plan("P-SCJ-2025", 2025, ["A-SCJ"], [entry("IT-SCJ-05", ["E4"])])],
)
ZI = ["P-ZFD-1", "P-ZFD-2"]
sc.add(rec("EO-01", "2025-02-10", "A-SCJ", "E1", ["IT-SCJ-01"]), [], "E1: SCJ #1, by SCJ's own officers")
sc.add(rec("EO-02", "2025-05-12", "A-SCJ", "E1", ["IT-SCJ-02"], entrusted_agency="A-ZFD", inspectors=ZI), [],
       "E1: SCJ #2, carried out by its 执法队 in SCJ's name (rules.md 'Counted agencies'); organ's item usable")
sc.add(rec("EO-03", "2025-08-11", "A-SCJ", "E1", ["IT-SCJ-03"]), [CAP],
       "E1: SCJ #3 in 2025 > cap 2: the 执法队's visit counted for SCJ (frequency.onsite-cap)")
sc.add(rec("EO-04", "2025-09-08", "A-ZFD", "E1", ["IT-SCJ-04"], inspectors=ZI), [INV, CAP],
       "E1: the 执法队 as lead acted in its own name (subject.invalid-entrustment, /lead_agency); it still counts as "
       "SCJ: SCJ #4 > 2; SCJ's item is not foreign to it")
sc.add(rec("EO-05", "2025-05-12", "A-SCJ", "E2", ["IT-ZFD-01"], entrusted_agency="A-ZFD", inspectors=ZI), [],
       "E2: the 执法队's own catalogue item belongs to its organ SCJ, the lead: not foreign")
sc.add(rec("EO-06", "2025-06-09", "A-SCJ", "E2", ["IT-YJJ-01"], entrusted_agency="A-ZFD", inspectors=ZI),
       ["item.foreign-agency"], "E2: an item of YJJ is foreign to SCJ and its 执法队 (item.foreign-agency)")
sc.add(rec("EO-07", "2025-02-10", "A-SCJ", "E3", ["IT-SCJ-01"]), [], "E3: SCJ #1")
sc.add(rec("EO-08", "2025-04-14", "A-SCJ", "E3", ["IT-SCJ-02"]), [], "E3: SCJ #2")
sc.add(rec("EO-09", "2025-06-09", "A-SCJ", "E3", ["IT-ZFD-C3"], entrusted_agency="A-ZFD", inspectors=ZI), [],
       "near miss: E3 SCJ #3, but its item (owned by the 执法队, i.e. by SCJ as organ) has annual_cap 3")
sc.add(rec("EO-10", "2025-05-12", "A-ZFD", "E4", ["IT-SCJ-05"], trigger="plan", plan="P-SCJ-2025", inspectors=ZI),
       [INV], "E4: lead 执法队 (its own name: invalid-entrustment) naming SCJ's plan: the plan is of a counted agency "
              "(SCJ as organ), so no plan.outside-plan")

# ---------------------------------------------------------------------------------------------
WT_MORE = [
    ZFD,
    {"id": "A-YZFD", "name": "磐安县应急管理局执法大队（受委托组织）", "kind": "entrusted-organization",
     "entrusted_by": "A-YJJ", "entrustment_published_on": "2025-01-10"},
    {"id": "A-ZFDL", "name": "磐安县某镇综合服务中心（受委托，委托书6月公布）", "kind": "entrusted-organization",
     "entrusted_by": "A-SCJ", "entrustment_published_on": "2025-06-01"},
    {"id": "A-ZFDN", "name": "磐安县某村便民服务站（受委托，无委托机关）", "kind": "entrusted-organization"},
    {"id": "A-ZFDC", "name": "执法队再委托的服务点（受委托）", "kind": "entrusted-organization",
     "entrusted_by": "A-ZFD", "entrustment_published_on": "2025-01-10"},
]
sc = Scenario(
    "subject-entrusted-agency",
    "v1.1 entrusted_agency: the 受委托组织 that carried the inspection out in the lead's name must be an entrusted "
    "organization of the lead with a valid entrustment; its inspectors count as the lead's (mismatch and "
    "too-few-officers). An entrusted organization anywhere (lead, joint, delegated_by, inspector's employer) counts "
    "as its organ. All on 2025-05-12 at distinct enterprises.",
    "rules.md v1.1 subject.invalid-entrustment, subject.inspector-agency-mismatch, subject.too-few-officers "
    "('belong to a counted agency or to the entrusted_agency'), 'Counted agencies'; data-model.md v1.1 "
    "entrusted_agency ('its inspectors count as the lead's'); brief readings for these three rules",
    agencies=WT_MORE,
    inspectors=ZFD_INSP + [officer("P-YZFD-1", "A-YZFD", "方一"), officer("P-ZFDL-1", "A-ZFDL", "方二"),
                           officer("P-ZFDL-2", "A-ZFDL", "方三"), officer("P-ZFDN-1", "A-ZFDN", "方四"),
                           officer("P-ZFDN-2", "A-ZFDN", "方五"), officer("P-ZFDC-1", "A-ZFDC", "方六"),
                           officer("P-ZFDC-2", "A-ZFDC", "方七")],
)
D5 = "2025-05-12"
sc.add(rec("SE-01", D5, "A-SCJ", "E1", entrusted_agency="A-ZFD", inspectors=ZI), [],
       "near miss: the proper v1.1 form: lead SCJ, carried out by its 执法队 with the 执法队's two officers")
sc.add(rec("SE-02", D5, "A-ZFD", "E2", ["IT-SCJ-01"], inspectors=ZI), [INV],
       "the 执法队 as lead_agency acted in its own name (one finding; its entrustment itself is valid)")
sc.add(rec("SE-03", D5, "A-YJJ", "E3", ["IT-YJJ-01"], entrusted_agency="A-ZFD", inspectors=ZI), [INV],
       "entrusted_agency A-ZFD is SCJ's, not an entrusted organization of the lead YJJ (/entrusted_agency); its "
       "officers are the entrusted_agency's, so no mismatch and two officers count")
sc.add(rec("SE-04", D5, "A-SCJ", "E4", entrusted_agency="A-YJJ", inspectors=["P-SCJ-1", "P-YJJ-1"]), [INV],
       "entrusted_agency YJJ is an administrative organ, not an entrusted organization; the YJJ officer belongs to "
       "the entrusted_agency (no mismatch; counts towards two)")
sc.add(rec("SE-05", D5, "A-SCJ", "E5", entrusted_agency="A-ZFDL", inspectors=["P-ZFDL-1", "P-ZFDL-2"]), [INV],
       "SCJ's entrusted organization, but its 委托书 was published 2025-06-01, after the inspection")
sc.add(rec("SE-06", D5, "A-ZFDL", "E6", ["IT-SCJ-01"], inspectors=["P-ZFDL-1", "P-ZFDL-2"]), [INV, INV],
       "lead is an entrusted organization (1) whose entrustment is not yet published (2)")
sc.add(rec("SE-07", D5, "A-SCJ", "E7", entrusted_agency="A-ZFDN", inspectors=["P-ZFDN-1", "P-ZFDN-2"]), [INV, INV],
       "entrusted_agency without entrusted_by: not an entrusted organization of the lead (1), and no entrusting "
       "organ at all (2)")
sc.add(rec("SE-08", D5, "A-SCJ", "E8", entrusted_agency="A-ZFDC", inspectors=["P-ZFDC-1", "P-ZFDC-2"]), [INV, INV],
       "entrusted_agency entrusted by the 执法队, itself entrusted (no further entrustment, art. 20): not the lead's "
       "(1), invalid (2)")
sc.add(rec("SE-09", D5, "A-SCJ", "E9", inspectors=["P-SCJ-1", "P-ZFD-1"]), [],
       "near miss: an officer of SCJ's 执法队 counts as SCJ's (employer as its organ): no mismatch, two officers")
sc.add(rec("SE-10", D5, "A-SCJ", "E10", inspectors=["P-SCJ-1", "P-YZFD-1"]), [MIS, FEW],
       "an officer of YJJ's 执法大队: as organ YJJ, which takes no part → mismatch, and only one officer counts")
sc.add(rec("SE-11", D5, "A-SCJ", "E11", entrusted_agency="A-ZFD", inspectors=["P-ZFD-1"]), [FEW],
       "one officer of the entrusted_agency on site (xzcff-2021 art. 42)")
sc.add(rec("SE-12", D5, "A-SCJ", "E12", entrusted_agency="A-ZFD", inspectors=["P-ZFD-1", "P-SCJ-1"]), [],
       "near miss: one officer of the 执法队 and one of SCJ make two")
sc.add(rec("SE-13", D5, "A-YJJ", "E13", ["IT-YJJ-01", "IT-SCJ-01"], joint=["A-ZFD"],
           inspectors=["P-YJJ-1", "P-SCJ-1"]), [],
       "near miss: the 执法队 as joint agency counts as SCJ: SCJ's officer and SCJ's item belong to a counted agency")
sc.add(rec("SE-14", D5, "A-SCJ", "E14", ["IT-YJJ-D"], delegated_by="A-YZFD", inspectors=["P-SCJ-1", "P-YJJ-1"]), [],
       "near miss: delegated_by YJJ's 执法大队 counts as YJJ: IT-YJJ-D is YJJ's, delegable to SCJ; the YJJ officer "
       "belongs to a counted agency")
sc.add(rec("SE-15", D5, "A-SCJ", "E15", entrusted_agency="A-ZFD", inspectors=ZI + ["P-WJJ-1"]), [MIS],
       "a WJJ officer belongs neither to a counted agency nor to the entrusted_agency")
sc.add(rec("SE-16", D5, "A-SCJ", "E16", mode="off-site", entrusted_agency="A-ZFD", inspectors=["P-ZFD-1"]), [],
       "near miss: off site, one officer is enough (too-few is for on-site inspections)")
sc.scope("agency A-ZFDC", [], "entrusted_by names a known agency: no dangling reference (invalidity is reported on "
                              "the record)")

# ---------------------------------------------------------------------------------------------
sc = Scenario(
    "joint-rate-entrusted-as-organ-2027",
    "v1.1: for the joint rate an entrusted organization counts as its organ: SCJ's 执法队 as joint agency of an SCJ "
    "visit does not make it joint; as joint agency of a YJJ visit it makes SCJ take part in a joint inspection; as "
    "lead it is an SCJ visit. The 执法队 gets no rate of its own. 2027: default target 0.8.",
    "rules.md v1.1 joint.rate-below-target ('an entrusted organization counts as its organ'), 'Counted agencies', "
    "joint_rate_target default (zj-2025-5); brief reading 'A joint inspection is one with a joint agency that, as "
    "organ, differs from the lead as organ'",
    agencies=[ZFD], inspectors=ZFD_INSP,
)
sc.add(rec("JE-01", "2027-03-10", "A-SCJ", "E1", joint=["A-ZFD"], inspectors=["P-SCJ-1", "P-ZFD-1"]), [],
       "SCJ with its own 执法队: one organ, not a joint inspection (SCJ: 1 on-site, 0 joint)")
sc.add(rec("JE-02", "2027-04-14", "A-YJJ", "E2", ["IT-YJJ-01", "IT-SCJ-01"], joint=["A-ZFD"],
           inspectors=["P-YJJ-1", "P-ZFD-1"]), [],
       "YJJ with SCJ's 执法队: joint for YJJ and for SCJ (SCJ's item usable)")
sc.add(rec("JE-03", "2027-05-12", "A-SCJ", "E3", ["IT-SCJ-02", "IT-YJJ-02"], joint=["A-YJJ"],
           inspectors=["P-SCJ-1", "P-YJJ-1"]), [], "SCJ + YJJ joint")
sc.add(rec("JE-04", "2027-06-09", "A-SCJ", "E4", ["IT-SCJ-03", "IT-YJJ-03"], joint=["A-YJJ"],
           inspectors=["P-SCJ-1", "P-YJJ-1"], entrusted_agency="A-ZFD"), [],
       "SCJ (carried out with its 执法队) + YJJ joint")
sc.add(rec("JE-05", "2027-07-14", "A-ZFD", "E5", ["IT-SCJ-04"], inspectors=ZI), [INV],
       "the 执法队 as lead (its own name: invalid-entrustment): an SCJ on-site visit, not joint")
sc.scope("agency A-SCJ", [JRT],
         "SCJ 2027: JE-01..JE-05 are its on-site inspections, joint JE-02, JE-03, JE-04 → 3/5 = 0.6 < 0.8 (without "
         "folding the 执法队 into SCJ it would be 3/3)")
sc.scope("agency A-YJJ", [], "YJJ 2027: JE-02, JE-03, JE-04 all joint → 1.0")
sc.scope("agency A-ZFD", [], "the 执法队 counts as SCJ: no rate of its own")

# ---------------------------------------------------------------------------------------------
sc = Scenario(
    "frequency-item-cap-own-agency",
    "v1.1: an item's annual_cap raises only its own agency's cap (its own item, or one delegated to it). In joint "
    "SCJ+YJJ visits checking an SCJ item with annual_cap 4, SCJ may visit 4 times, YJJ still only 2. A delegable "
    "YJJ item with annual_cap 3 delegated to SCJ raises SCJ's cap when SCJ checks it.",
    "rules.md v1.1 frequency.onsite-cap ('the largest annual_cap among the record's items that belong to that agency "
    "(its own, or delegated to it); another agency's item cap never raises it'; panan-draft-2025 （二）1（2） "
    "国家另有规定的，从其规定)",
    items=[item(f"IT-SCJ-C4{c}", "A-SCJ", annual_cap=4) for c in "abcde"] + [
        item("IT-YJJ-DC", "A-YJJ", name="安全生产简单事项（年上限3，委托市场监管代查）", annual_cap=3, delegable=True,
             delegated_to=["A-SCJ"])],
)
J2 = dict(inspectors=["P-SCJ-1", "P-YJJ-1"])
sc.add(rec("IC-01", "2025-02-10", "A-SCJ", "E1", ["IT-SCJ-C4a", "IT-YJJ-01"], joint=["A-YJJ"], **J2), [],
       "E1 joint: SCJ #1, YJJ #1")
sc.add(rec("IC-02", "2025-04-14", "A-SCJ", "E1", ["IT-SCJ-C4b", "IT-YJJ-02"], joint=["A-YJJ"], **J2), [],
       "E1 joint: SCJ #2, YJJ #2")
sc.add(rec("IC-03", "2025-06-09", "A-SCJ", "E1", ["IT-SCJ-C4c", "IT-YJJ-03"], joint=["A-YJJ"], **J2), [CAP],
       "E1 joint: SCJ #3 ≤ 4 (its item's cap); YJJ #3 > 2: the SCJ item's cap does not raise YJJ's")
sc.add(rec("IC-04", "2025-08-11", "A-YJJ", "E1", ["IT-YJJ-04", "IT-SCJ-C4d"], joint=["A-SCJ"],
           inspectors=["P-YJJ-1", "P-SCJ-1"]), [CAP], "E1 joint led by YJJ: YJJ #4 > 2 (fires); SCJ #4 ≤ 4")
sc.add(rec("IC-05", "2025-10-13", "A-SCJ", "E1", ["IT-SCJ-C4e"]), [CAP], "E1 SCJ alone: #5 > 4")
sc.add(rec("IC-11", "2025-02-10", "A-SCJ", "E2", ["IT-SCJ-01"]), [], "E2 SCJ #1")
sc.add(rec("IC-12", "2025-04-14", "A-SCJ", "E2", ["IT-SCJ-02"]), [], "E2 SCJ #2")
sc.add(rec("IC-13", "2025-06-09", "A-SCJ", "E2", ["IT-YJJ-DC"], delegated_by="A-YJJ"), [],
       "near miss: E2 SCJ #3, checking a YJJ item with annual_cap 3 delegated to SCJ (belongs to SCJ by delegation); "
       "YJJ #1")
sc.add(rec("IC-14", "2025-08-11", "A-SCJ", "E2", ["IT-SCJ-03"]), [CAP], "E2 SCJ #4 with no capped item: > 2")

# ---------------------------------------------------------------------------------------------
sc = Scenario(
    "penalty-minor-no-harm",
    "v1.1 art. 33: a penalty on a violation that is minor, corrected and caused no harm (harm none) breaks the "
    "mandatory 不予行政处罚 (penalty.minor-no-harm, violation), first offence or not, and then penalty.first-minor "
    "is not reported; a first offence, corrected, with minor harm (or harm unknown and minor) is the discretionary "
    "可以不予 (penalty.first-minor, warning). Serious harm or no correction: neither.",
    "rules.md v1.1 penalty.minor-no-harm, penalty.first-minor (xzcff-2021 art. 33; panan-draft-2025 （四）1); "
    "legal-basis.md art. 33; brief reading 'harm none with minor=false is neither', 'applies to every activity'",
)
MNH = "penalty.minor-no-harm"
PFM = "penalty.first-minor"
cases = [
    (False, True, True, "none", [MNH], "not first, minor, corrected, no harm: 不予 (33(1) first sentence, mandatory)"),
    (True, True, True, "none", [MNH], "first as well: minor-no-harm only; first-minor not reported where it fires"),
    (True, False, True, "minor", [PFM], "first, corrected, harm minor (the minor flag is not needed): 可以不予"),
    (True, True, True, "minor", [PFM], "first, minor, corrected, harm minor"),
    (True, True, True, None, [PFM], "harm null (unknown), first, minor, corrected: first-minor"),
    (True, True, True, "serious", [], "near miss: serious harm"),
    (True, True, False, "none", [], "near miss: not corrected"),
    (True, False, True, "none", [], "near miss: no harm but not minor (33(1) needs 轻微): neither"),
    (False, True, True, "minor", [], "near miss: harm minor but not a first offence"),
    (False, True, True, None, [], "near miss: harm unknown and not a first offence"),
    (True, False, True, None, [], "near miss: harm unknown and not minor"),
]
for i, (first, minor, corr, harm, exp, why) in enumerate(cases, start=1):
    sc.add(rec(f"MN-{i:02d}", S, ent=f"E{i}", penalty=pen(S, first, minor, corr, harm=harm)), exp, why)
sc.add(rec("MN-12", S, ent="E12", mode="off-site", penalty=pen(S, False, True, True, harm="none")), [MNH],
       "off site too")
sc.add(rec("MN-13", S, ent="E13", items=[], activity="visit", approval=None, code=None, notice=None,
           penalty=pen(S, False, True, True, harm="none")), [MNH],
       "a 走访 without items: not an inspection, but the penalty rules apply to every activity")

# ---------------------------------------------------------------------------------------------
sc = Scenario(
    "calendar-fallback-statutory-2027",
    "v1.1: 2027 has no built-in schedule and the dataset adds none: the working-day deadline uses weekends plus the "
    "statutory days off of 《全国年节及纪念日放假办法》 (2024): 元旦 01-01; 春节 除夕 02-05..初三 02-08; 清明 04-05; 劳动节 "
    "05-01..05-02; 端午 06-09; 中秋 09-15; 国庆 10-01..10-03; no 调休. Every such deadline raises calendar.unknown-year. "
    "Urgent off-site inspections approved after the start (only the approval is tested), one just in time and one "
    "late for each holiday; KF-16 is an urgent on-site joint inspection whose code came after the start.",
    "rules.md v1.1 'Working day' (fallback), code.urgent-late, calendar.unknown-year; legal-basis.md 'Years with no "
    "schedule'; interpretation.md 'The deadline is the end (24:00, Asia/Shanghai) of the N-th working day after the "
    "day of ended_at'",
)
fb = [
    ("2027-02-04", "2027-02-09T23:59:00+08:00", [CALU],
     "ended Thu 02-04; 02-05 (除夕)..02-08 (初三) off → deadline Tue 02-09 (weekends only: Fri 02-05)"),
    ("2027-02-04", "2027-02-10T00:00:00+08:00", [CALU, LATE], "one minute past the 02-09 deadline"),
    ("2027-02-05", "2027-02-09T18:00:00+08:00", [CALU],
     "ended on 除夕 Fri 02-05 itself (a day off; D is not counted) → Tue 02-09"),
    ("2027-02-05", "2027-02-10T09:00:00+08:00", [CALU, LATE], "Wed 02-10 is past the 02-09 deadline"),
    ("2027-04-02", "2027-04-06T20:00:00+08:00", [CALU], "ended Fri 04-02; weekend + 清明 Mon 04-05 → Tue 04-06"),
    ("2027-04-02", "2027-04-07T09:00:00+08:00", [CALU, LATE], "Wed 04-07 is late"),
    ("2027-04-30", "2027-05-03T18:00:00+08:00", [CALU],
     "ended Fri 04-30; 劳动节 05-01..05-02 fall on the weekend, no 调休 → Mon 05-03"),
    ("2027-04-30", "2027-05-04T09:00:00+08:00", [CALU, LATE],
     "Tue 05-04 is late: without a schedule no bridging days are assumed"),
    ("2027-06-08", "2027-06-10T18:00:00+08:00", [CALU], "ended Tue 06-08; 端午 Wed 06-09 off → Thu 06-10"),
    ("2027-06-08", "2027-06-11T09:00:00+08:00", [CALU, LATE], "Fri 06-11 is late"),
    ("2027-09-14", "2027-09-16T18:00:00+08:00", [CALU], "ended Tue 09-14; 中秋 Wed 09-15 off → Thu 09-16"),
    ("2027-09-14", "2027-09-17T09:00:00+08:00", [CALU, LATE], "Fri 09-17 is late"),
    ("2027-09-30", "2027-10-04T18:00:00+08:00", [CALU],
     "ended Thu 09-30; 国庆 10-01..10-03 (Fri-Sun) → Mon 10-04 (no 调休 week)"),
    ("2027-09-30", "2027-10-05T09:00:00+08:00", [CALU, LATE], "Tue 10-05 is late"),
    ("2027-03-10", "2027-03-12T09:00:00+08:00", [CALU, LATE], "control: ended Wed 03-10 → Thu 03-11; Fri is late"),
]
for i, (d, appr, exp, why) in enumerate(fb, start=1):
    sc.add(urgent(f"KF-{i:02d}", at(d, "09:00"), at(d, "11:00"), appr, ent=f"E{i}",
                  kind=["temporary", "four-no-two-direct", "covert"][i % 3]), exp, why)
sc.add(urgent("KF-16", at("2027-04-02", "09:00"), at("2027-04-02", "11:00"), at("2027-04-02", "08:00"), ent="E16",
              mode="on-site", code="ZJKF16", code_at="2027-04-06T10:00:00+08:00",
              items=["IT-SCJ-02", "IT-YJJ-02"], joint=["A-YJJ"], inspectors=["P-SCJ-1", "P-YJJ-1"]), [CALU],
       "urgent on site, approved before, code on Tue 04-06 after 清明: within the fallback deadline (joint, so the "
       "2027 joint-rate target is met)")

# ---------------------------------------------------------------------------------------------
def spo(leg, col, appr, by="county-government"):
    return special_ok(leg, col, appr, by)


SO = [
    # id, special, published_on, records [(day, kind)], expected count, why
    ("A", spo("2025-04-10", "2025-04-05", "2025-04-08"), "2025-04-15", [("2025-05-12", "insp")], 1,
     "approved 04-08 before the legality review of 04-10"),
    ("B", spo("2025-04-01", "2025-04-12", "2025-04-10"), "2025-04-15", [("2025-05-12", "insp")], 1,
     "approved 04-10 before the collective discussion of 04-12"),
    ("C", spo("2025-04-12", "2025-04-12", "2025-04-10"), "2025-04-15", [("2025-05-12", "insp")], 1,
     "approved before both review and discussion: one order finding (path /special/approved_on)"),
    ("D", spo("2025-04-01", "2025-04-05", "2025-04-10"), "2025-04-09", [("2025-05-12", "insp")], 1,
     "published 04-09 before the approval of 04-10 (path /published_on)"),
    ("E", spo("2025-04-10", "2025-04-10", "2025-04-10"), "2025-04-10", [("2025-05-12", "insp")], 0,
     "near miss: review, discussion, approval and publication on one day are in order"),
    ("F", spo("2025-04-10", "2025-04-01", "2025-04-05"), "2025-04-03", [("2025-05-12", "insp")], 2,
     "approval before the review (1) and publication before the approval (2)"),
    ("G", spo("2025-05-01", "2025-05-05", "2025-05-08"), "2025-05-10", [("2025-04-20", "visit"), ("2025-05-12", "insp")],
     0, "near miss: a 走访 without items naming the plan on 04-20 is not its first inspection; that is 05-12"),
    ("H", spo("2025-05-01", "2025-05-05", "2025-05-08"), "2025-05-10", [("2025-04-20", "noitems"),
                                                                       ("2025-05-12", "insp")],
     0, "near miss: an inspection naming the plan on 04-20 that lists no item is not its first inspection"),
    ("I", spo("2025-05-01", "2025-05-05", "2025-05-08"), "2025-05-10", [("2025-04-20", "insp")],
     4, "contrast: a real inspection with items on 04-20: review, discussion, approval and publication all later"),
]
sc = Scenario(
    "plan-special-step-order",
    "v1.1: a special plan's approval must come after its legality review and collective discussion "
    "(经合法性审核、集体讨论后…批准), its publication after its approval (same day is in order); and its 'first "
    "inspection' is the earliest record naming the plan that lists at least one item.",
    "rules.md v1.1 plan.special-unapproved ('approval comes before the review or the discussion'; first inspection "
    "'an inspection in substance: activity inspection with items'; panan-draft-2025 （二）1（1）; gbf-2024-54 六); "
    "brief reading 'Step order'",
)
n = 0
for sid, spec, pub, recs_, cnt, why in SO:
    n += 1
    e = f"E{n}"
    sc.plans.append(plan(f"P-SO-{sid}", 2025, ["A-SCJ"], [entry("IT-SCJ-01", [e], times=2)], kind="special",
                         published_on=pub, special=spec))
    for d, kind in recs_:
        rid = f"SO-{sid}-{d[5:]}"
        if kind == "insp":
            sc.add(rec(rid, d, "A-SCJ", e, trigger="special", plan=f"P-SO-{sid}"), [], f"names P-SO-{sid}, with items")
        elif kind == "visit":
            sc.add(rec(rid, d, "A-SCJ", e, items=[], activity="visit", trigger="special", plan=f"P-SO-{sid}",
                       approval=None, code=None, notice=None), [],
                   f"a 走访 without items naming P-SO-{sid}: not an inspection, no procedure rules")
        else:
            sc.add(rec(rid, d, "A-SCJ", e, items=[], trigger="special", plan=f"P-SO-{sid}"), [],
                   f"an inspection naming P-SO-{sid} with no items (its entry covers {e}: not outside the plan)")
    sc.scope(f"plan P-SO-{sid}", ["plan.special-unapproved"] * cnt, why)

# ---------------------------------------------------------------------------------------------
sc = Scenario(
    "plan-outside-plan-method",
    "v1.1: an on-site inspection where every entry of the plan that covers the item for the enterprise has method "
    "off-site is outside the plan: one finding per record, not per item, and one outside-plan reason per record.",
    "rules.md v1.1 plan.outside-plan ('or the record is on-site where the plan entry's method is off-site'; "
    "panan-draft-2025 （五）2; gbf-2024-54 六); brief reading 'plan.outside-plan (method)'",
    plans=[plan("P-M", 2025, ["A-SCJ"], [
        entry("IT-SCJ-01", ["E1", "E2", "E5", "E7", "E9"], method="off-site", times=3),
        entry("IT-SCJ-03", None, method="on-site", times=2),
        entry("IT-SCJ-03", ["E4"], method="off-site", times=2),
        entry("IT-SCJ-05", ["E5"], method="off-site"),
        entry("IT-SCJ-04", ["E9"], method="on-site"),
    ])],
)
PM = dict(trigger="plan", plan="P-M")
sc.add(rec("PM-01", S, ent="E1", items=["IT-SCJ-01"], **PM), [OUT], "on site, the entry says off-site")
sc.add(rec("PM-02", S, ent="E2", items=["IT-SCJ-01"], mode="off-site", **PM), [], "near miss: done off site as planned")
sc.add(rec("PM-03", S, ent="E4", items=["IT-SCJ-03"], **PM), [],
       "near miss: two entries cover IT-SCJ-03 at E4 (whole scope on-site, E4 off-site): not every one is off-site")
sc.add(rec("PM-04", S, ent="E5", items=["IT-SCJ-01", "IT-SCJ-05"], **PM), [OUT],
       "two items, both planned off-site: one finding for the record")
sc.add(rec("PM-05", S, ent="E7", items=["IT-SCJ-01", "IT-SCJ-07"], **PM), [OUT],
       "IT-SCJ-07 is not in the plan and IT-SCJ-01 is planned off-site: one outside-plan reason per record")
sc.add(rec("PM-06", S, ent="E8", items=["IT-SCJ-03"], **PM), [], "near miss: whole-scope on-site entry")
sc.add(rec("PM-07", S, ent="E9", items=["IT-SCJ-01", "IT-SCJ-04"], **PM), [OUT],
       "one item planned on site, the other off site: the on-site visit is outside the plan for IT-SCJ-01")
sc.scope("plan P-M", [], "published 02-15")

# ---------------------------------------------------------------------------------------------
sc = Scenario(
    "code-time-missing",
    "v1.1: every on-site inspection in substance (urgent or not) with a non-blank code and null code_assigned_at "
    "gets the warning code.time-missing; such a code is never late.",
    "rules.md v1.1 code.time-missing (panan-draft-2025 （二）2（1））, code.late, code.urgent-late; brief reading "
    "'code.time-missing'",
)
sc.add(rec("CT-01", S, ent="E1", code_at=None), ["code.time-missing"], "on site, code, no assignment time")
sc.add(urgent("CT-02", at(S, "09:00"), at(S, "11:00"), at(S, "08:00"), ent="E2", mode="on-site", code="ZJCT02",
              code_at=None), ["code.time-missing"],
       "urgent on site, approved before the start, code without time: nothing shows it came in time; not 'never'")
sc.add(rec("CT-03", S, ent="E3", mode="off-site", code="ZJCT03", code_at=None), [],
       "near miss: off site (no code required, the rule is for on-site inspections)")
sc.add(rec("CT-04", S, ent="E4"), [], "near miss: code with its assignment time")
sc.add(rec("CT-05", S, ent="E5", code=None), ["code.missing"], "no code at all: code.missing only")
sc.add(rec("CT-06", S, ent="E6", items=[], activity="visit", approval=None, code="ZJCT06", code_at=None, notice=None),
       [], "near miss: a 走访 without items is not an inspection")
sc.add(rec("CT-07", S, ent="E7", activity="observation", code_at=None),
       ["code.time-missing", "conduct.disguised-inspection"],
       "a 观摩 listing items is an inspection in substance: the code rules apply")

# ---------------------------------------------------------------------------------------------
sc = Scenario(
    "code-pattern-malformed",
    "v1.1: the county sets code_pattern (dataset policy `^ZJ[0-9A-Z]{6,}$`): every inspection in substance with a "
    "non-blank code that does not match the whole pattern is code.malformed, on or off site, urgent or not.",
    "rules.md v1.1 code.malformed, code_pattern parameter (panan-draft-2025 （二）2（1））; brief reading "
    "'code.malformed'",
    policy={"code_pattern": "^ZJ[0-9A-Z]{6,}$"},
)
MAL = "code.malformed"
sc.add(rec("CP-0001", S, ent="E1"), [], "near miss: the default code ZJCP0001 matches")
sc.add(rec("CP-0002", S, ent="E2", code="ZJ12345"), [MAL], "only 5 characters after ZJ")
sc.add(rec("CP-0003", S, ent="E3", code="XZJ123456"), [MAL], "does not start with ZJ")
sc.add(rec("CP-0004", S, ent="E4", code="ZJ123456-1"), [MAL], "'-' is outside [0-9A-Z]: the whole code must match")
sc.add(rec("CP-0005", S, ent="E5", code="zj123456"), [MAL], "lower case does not match [A-Z]/ZJ")
sc.add(rec("CP-0006", S, ent="E6", mode="off-site", code="BAD"), [MAL], "off site: a code given must still match")
sc.add(urgent("CP-0007", at(S, "09:00"), at(S, "11:00"), at(S, "08:00"), ent="E7", mode="on-site", code="ZJ-URG-1"),
       [MAL], "urgent on site, code in time but malformed")
sc.add(rec("CP-0008", S, ent="E8", code=None), ["code.missing"], "no code: code.missing, not malformed")
sc.add(rec("CP-0009", S, ent="E9", items=[], activity="visit", approval=None, code="BAD", notice=None), [],
       "near miss: a 走访 without items is not an inspection")
sc.add(rec("CP-0010", S, ent="E10", code="ZJ123456"), [], "near miss: exactly 6 characters after ZJ")

sc = Scenario(
    "code-pattern-unanchored",
    "v1.1: code_pattern given in policy.toml without ^ and $ (`ZJ[0-9]{6}`): the whole code must still match it.",
    "rules.md v1.1 code.malformed, code_pattern; brief reading 'the pattern is anchored at both ends'",
    policy_toml='# 磐安县 行政行为码 format (test)\ncode_pattern = "ZJ[0-9]{6}"\n',
)
sc.add(rec("CQ-01", S, ent="E1", code="ZJ123456"), [], "near miss: matches exactly")
sc.add(rec("CQ-02", S, ent="E2", code="ZJ1234567"), [MAL], "a search would find ZJ123456 inside; the whole does not")
sc.add(rec("CQ-03", S, ent="E3", code="AZJ123456"), [MAL], "leading character outside the pattern")

# ---------------------------------------------------------------------------------------------
LB = layout_defect("B1330727", "MA2HQ501")  # position 1 'B' is no registration authority
L0 = layout_defect("01330727", "MA2HQ502")  # position 1 '0'
LL = layout_defect("9133A727", "MA2HQ503")  # a letter in positions 3-8 (division code)
LL2 = layout_defect("91AB0727", "MA2HQ504")  # letters in positions 3-4, not in the dataset
LA = make_uscc("A1330727", "MA2HQ505")  # A, N, Y are registration authorities too
LN = make_uscc("N1330727", "MA2HQ506")
LY = make_uscc("Y1330727", "MA2HQ507")
OD = org_defect("91330727", "MA2HQ508")  # only the organization-code check character is wrong
OD2 = org_defect("91330727", "MA2HQ509")  # the same, not in the dataset
BOTH = bad_check(org_defect("91330727", "MA2HQ510"))  # org check and GB 32100 check both wrong
LBO = uscc("B1330727" + "MA2HQ511" + ("1" if org_check("MA2HQ511") != "1" else "2"))  # layout and org both wrong
_x = next(b for b in (f"MA2HQ{i:03d}" for i in range(600, 1000)) if org_check(b) == "X")
_z = next(b for b in (f"MA2HQ{i:03d}" for i in range(600, 1000)) if org_check(b) == "0")
OX = make_uscc("91330727", _x)  # organization check value 10 → X
OZ = make_uscc("91330727", _z)  # organization check value 11 → 0
assert not gb32100_valid(LBO) and uscc(LBO[:17]) == LBO and not org_valid(LBO)
assert gb32100_valid(BOTH[:17] + uscc(BOTH[:17])[-1]) and not gb32100_valid(BOTH) and not org_valid(BOTH)
sc = Scenario(
    "data-uscc-layout-and-org-code",
    "v1.1 USCC layout: position 1 a registration-authority code (1-9, A, N, Y), positions 3-8 digits; a code that "
    "breaks it is data.invalid-uscc even with a correct check character. Positions 9-17 must pass the GB 11714 "
    "organization-code check (weights 3 7 9 10 5 8 4 2, 10 → X, 11 → 0): a code that passes every GB 32100 check "
    "but not this one is the warning data.uscc-org-code; a code failing GB 32100 gets data.invalid-uscc only. "
    "Dataset enterprises get the same finding on their `enterprise <id>` line.",
    "rules.md v1.1 data.invalid-uscc, data.uscc-org-code (gb-32100-2015; gb-11714-1997); legal-basis.md USCC; "
    "interpretation.md 'Dataset findings'; brief reading 'data.uscc-org-code only fires on a code that passes every "
    "GB 32100 check'",
    enterprises=[enterprise(c, name=nm) for c, nm in [
        (LB, "首位B公司"), (L0, "首位0公司"), (LL, "区划含字母公司"), (LA, "首位A单位"), (LN, "首位N农业单位"),
        (LY, "首位Y其他单位"), (OD, "组织机构代码校验位错误公司"), (BOTH, "两个校验位都错公司"), (LBO, "首位B且机构代码错公司"),
        (OX, "机构代码校验位X公司"), (OZ, "机构代码校验位0公司")]],
)
IUS = "data.invalid-uscc"
ORG = "data.uscc-org-code"
lay = [
    (LB, [IUS], "position 1 'B' is not a registration-authority code; both check characters correct"),
    (L0, [IUS], "position 1 '0' (authorities are 1-9, A, N, Y)"),
    (LL, [IUS], "a letter in positions 3-8 (administrative division code)"),
    (LL2, [IUS, UNK], "letters in positions 3-4; not in the dataset"),
    (LA, [], "near miss: position 1 'A' (中央军委改革和编制办公室) is valid"),
    (LN, [], "near miss: position 1 'N' (农业) is valid"),
    (LY, [], "near miss: position 1 'Y' (其他) is valid"),
    (OD, [ORG], "only the GB 11714 check character (position 17) is wrong: warning"),
    (OD2, [ORG, UNK], "the same defect, enterprise not in the dataset"),
    (BOTH, [IUS], "both check characters wrong: the GB 32100 failure only"),
    (LBO, [IUS], "bad layout and bad organization check: invalid-uscc only"),
    (OX, [], "near miss: organization check value 10 written X"),
    (OZ, [], "near miss: organization check value 11 written 0"),
]
for i, (code, exp, why) in enumerate(lay, start=1):
    sc.add(rec(f"UL-{i:02d}", S, ent=code), exp, f"{code}: {why}")
for code, exp, why in lay:
    if code not in (LL2, OD2):
        sc.scope(f"enterprise {code}", [x for x in exp if x != UNK], f"dataset enterprise: {why}")

# ---------------------------------------------------------------------------------------------
sc = Scenario(
    "joint-rate-unqualified-bodies-2027",
    "v1.1: bodies that may not inspect (安委办, a coordinating-body; a testing centre, third-party) get "
    "subject.unqualified-agency on their records and no joint rate of their own, even in 2027 where the default "
    "target 0.8 applies. SCJ's rate is met whether or not its visit with the testing centre counts as joint.",
    "rules.md v1.1 joint.rate-below-target ('bodies that may not inspect are left out'), subject.unqualified-agency "
    "(gbf-2024-54 二; panan-draft-2025 （一）1); joint_rate_target default (zj-2025-5)",
    agencies=[{"id": "A-AWB", "name": "磐安县安全生产委员会办公室", "kind": "coordinating-body"},
              {"id": "A-JCZX", "name": "磐安县检验检测中心", "kind": "third-party"}],
    inspectors=[officer("P-AWB-1", "A-AWB", "蒋一"), officer("P-AWB-2", "A-AWB", "蒋二"),
                officer("P-JCZX-1", "A-JCZX", "沈一"), officer("P-JCZX-2", "A-JCZX", "沈二")],
    items=[item("IT-AWB-01", "A-AWB"), item("IT-JCZX-01", "A-JCZX")],
)
sc.add(rec("JU-01", "2027-03-10", "A-AWB", "E1", ["IT-AWB-01"]), [UNQ], "安委办 inspects alone")
sc.add(rec("JU-02", "2027-04-14", "A-AWB", "E2", ["IT-AWB-01"]), [UNQ], "安委办 again, alone")
sc.add(rec("JU-03", "2027-05-12", "A-JCZX", "E3", ["IT-JCZX-01"]), [UNQ], "the testing centre alone")
sc.add(rec("JU-04", "2027-06-09", "A-SCJ", "E4", ["IT-SCJ-01", "IT-JCZX-01"], joint=["A-JCZX"],
           inspectors=["P-SCJ-1", "P-SCJ-2", "P-JCZX-1"]), [UNQ], "SCJ with the testing centre as joint agency")
for i, d in enumerate(["2027-03-10", "2027-04-14", "2027-05-12", "2027-07-14"], start=5):
    sc.add(rec(f"JU-0{i}", d, "A-SCJ", f"E{i}", [f"IT-SCJ-0{i}", f"IT-YJJ-0{i}"], joint=["A-YJJ"],
               inspectors=["P-SCJ-1", "P-YJJ-1"]), [], "SCJ + YJJ joint")
sc.scope("agency A-AWB", [], "a coordinating-body may not inspect: left out of the joint rate (else 0/2)")
sc.scope("agency A-JCZX", [], "a third-party may not inspect: left out (else at most 1/2)")
sc.scope("agency A-SCJ", [], "SCJ 2027: 4 or 5 joint of 5 on-site ≥ 0.8")
sc.scope("agency A-YJJ", [], "YJJ 2027: 4/4")

# ---------------------------------------------------------------------------------------------
sc = Scenario(
    "joint-rate-county-dated-keeps-2027",
    "v1.1 dated parameters are merged by date: the county's policy.toml joint_rate_target = [{from 2025-01-01, "
    "0.5}] is in force for 2025 and 2026, but the built-in 0.8 from 2027-01-01 is later and still applies to 2027.",
    "rules.md v1.1 'Parameters' ('A county's dated values are merged with the built-in ones by date ... the "
    "latest from on or before it'), joint.rate-below-target; interpretation.md 'with the target in force on 31 "
    "December of that year'",
    policy_toml='joint_rate_target = [{from = "2025-01-01", value = 0.5}]\n',
)
for i, d in enumerate(["2027-03-10", "2027-04-14", "2027-05-12"], start=1):
    sc.add(rec(f"G-0{i}", d, "A-SCJ", f"E{i}", [f"IT-SCJ-0{i}", f"IT-YJJ-0{i}"], joint=["A-YJJ"],
               inspectors=["P-SCJ-1", "P-YJJ-1"]), [], "2027 SCJ + YJJ joint")
sc.add(rec("G-04", "2027-06-09", "A-SCJ", "E4"), [], "2027 SCJ alone")
sc.add(rec("G-11", "2025-03-10", "A-ZRJ", "E11", ["IT-ZRJ-01", "IT-WJJ-01"], joint=["A-WJJ"],
           inspectors=["P-ZRJ-1", "P-WJJ-1"]), [], "2025 ZRJ + WJJ joint")
sc.add(rec("G-12", "2025-05-12", "A-ZRJ", "E12"), [], "2025 ZRJ alone")
sc.add(rec("G-13", "2025-06-09", "A-WJJ", "E13"), [], "2025 WJJ alone")
sc.add(rec("G-14", "2025-08-11", "A-WJJ", "E14", ["IT-WJJ-02"]), [], "2025 WJJ alone")
sc.add(rec("G-21", "2026-05-11", "A-STJ", "E21"), [], "2026 STJ alone")
sc.scope("agency A-SCJ", [JRT], "2027: 3/4 = 0.75 < 0.8 (the built-in 2027 value; the county's 0.5 would pass)")
sc.scope("agency A-YJJ", [], "2027: 3/3")
sc.scope("agency A-ZRJ", [], "near miss: 2025: 1/2 = 0.5, not below the county's 0.5")
sc.scope("agency A-WJJ", [JRT], "2025: 1/3 < 0.5")
sc.scope("agency A-STJ", [JRT], "2026: 0/1 < 0.5 (the county's 2025 value is in force on 2026-12-31)")

sc = Scenario(
    "joint-rate-county-tie-2027",
    "v1.1: a county value dated on the same day as the built-in one wins the tie: dataset policy "
    "joint_rate_target = [{from 2027-01-01, 0.6}] replaces the built-in 0.8 for 2027; 2026 has no value in force.",
    "rules.md v1.1 'Parameters' ('the county's winning a tie'), joint.rate-below-target",
    policy={"joint_rate_target": [{"from": "2027-01-01", "value": 0.6}]},
)
for i, d in enumerate(["2027-03-10", "2027-04-14", "2027-05-12"], start=1):
    sc.add(rec(f"T-0{i}", d, "A-SCJ", f"E{i}", [f"IT-SCJ-0{i}", f"IT-YJJ-0{i}"], joint=["A-YJJ"],
               inspectors=["P-SCJ-1", "P-YJJ-1"]), [], "2027 SCJ + YJJ joint")
sc.add(rec("T-04", "2027-06-09", "A-SCJ", "E4"), [], "2027 SCJ alone")
sc.add(rec("T-05", "2027-06-09", "A-YJJ", "E5"), [], "2027 YJJ alone")
sc.add(rec("T-06", "2027-07-14", "A-YJJ", "E6", ["IT-YJJ-06"]), [], "2027 YJJ alone")
sc.add(rec("T-07", "2027-03-10", "A-ZRJ", "E7", ["IT-ZRJ-01", "IT-WJJ-01"], joint=["A-WJJ"],
           inspectors=["P-ZRJ-1", "P-WJJ-1"]), [], "2027 ZRJ + WJJ joint")
sc.add(rec("T-08", "2027-05-12", "A-ZRJ", "E8"), [], "2027 ZRJ alone")
sc.add(rec("T-09", "2027-08-11", "A-ZRJ", "E9", ["IT-ZRJ-02"]), [], "2027 ZRJ alone")
sc.add(rec("T-10", "2026-06-10", "A-ZRJ", "E10"), [], "2026 ZRJ alone: no target in force in 2026")
sc.scope("agency A-SCJ", [], "2027: 3/4 = 0.75 ≥ the county's 0.6 (the built-in 0.8 would fire)")
sc.scope("agency A-YJJ", [], "near miss: 2027: 3/5 = 0.6, not below 0.6")
sc.scope("agency A-ZRJ", [JRT], "2027: 1/3 < 0.6; 2026 not checked (one finding)")
sc.scope("agency A-WJJ", [], "2027: 1/1")
