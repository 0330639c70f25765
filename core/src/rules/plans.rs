//! Plans: inspections within their plan (磐安 （五）2), plans published by the deadline with a lead, special
//! inspections reviewed, discussed, approved and published (磐安 （二）1（1）; 国办发〔2024〕54号 六), and merge
//! suggestions for similar plans (低频就高频, 磐安 （二）1（2））.

use std::collections::BTreeMap;

use crate::batch::{Batch, Sym};
use crate::dataset::Dataset;
use crate::finding::Finding;
use crate::finding::RELATED_MAX;
use crate::model::{Approver, Mode, Plan, PlanEntry, PlanKind};
use crate::rules::{Distinct, Earlier, Found, Groups, Map, Rec};
use crate::time::Date;

use crate::meta::{RuleKind, RuleMeta, Severity};

// ---------------------------------------------------------------------------------------------------------------
// The rules of this family (their place in the catalogue: `catalogue.rs`)
// ---------------------------------------------------------------------------------------------------------------

/// `plan.outside-plan`
pub const PLAN_OUTSIDE_PLAN: RuleMeta = RuleMeta {
    id: "plan.outside-plan",
    severity: Severity::Violation,
    kind: RuleKind::CrossRecord,
    title: "计划外或超计划实施检查",
    title_en: "inspection outside its plan or beyond the planned times",
    citations: &[("panan-draft-2025", "（五）2"), ("gbf-2024-54", "六")],
    parameters: &[],
    notes: "Every item of the record must be covered by an entry of the plan; a null enterprise list covers the item's industries. An on-site record whose items are covered only by `off-site` entries is outside the plan's method. Inspections naming the plan are counted per entry item and enterprise, in order. One reason a record: missing plan, year, agency, coverage, method, then times used up.",
    remedy: "按本机关当年已公布计划所列企业、事项、方式和次数检查，并核对记录中的计划编号；确需计划外检查的，按专项检查程序审核批准后实施",
    remedy_en: "Inspect only the enterprises, items, method and number of times in your agency's published plan for the year, and check the plan id; to inspect outside it, get a special inspection reviewed and approved first.",
};

/// `plan.late-publication`
pub const PLAN_LATE_PUBLICATION: RuleMeta = RuleMeta {
    id: "plan.late-publication",
    severity: Severity::Violation,
    kind: RuleKind::Plan,
    title: "年度检查计划未按期公布",
    title_en: "annual plan not published in time",
    citations: &[("panan-draft-2025", "（二）1（1）")],
    parameters: &["plan_publication_deadline"],
    notes: "The deadline of the plan's own year is inclusive.",
    remedy: "执法部门在本县规定的期限（征求意见稿为每年3月底前）内制定并公布年度检查计划；尚未公布的立即公布",
    remedy_en: "The agency draws up and publishes its annual inspection plan by the county's deadline (end of March in the draft); an unpublished plan is published at once.",
};

/// `plan.missing-lead`
pub const PLAN_MISSING_LEAD: RuleMeta = RuleMeta {
    id: "plan.missing-lead",
    severity: Severity::Violation,
    kind: RuleKind::Plan,
    title: "多部门联合计划未明确牵头单位",
    title_en: "multi-agency plan without a lead among its agencies",
    citations: &[("panan-draft-2025", "（二）1（1）")],
    parameters: &[],
    notes: "Counts distinct agencies.",
    remedy: "计划制定部门协商明确牵头单位和协同单位，牵头单位须为参加计划的部门之一，修订计划后重新公布",
    remedy_en: "The planning agencies agree on a lead and co-units, the lead being one of the plan's agencies, then amend and republish the plan.",
};

/// `plan.special-unapproved`
pub const PLAN_SPECIAL_UNAPPROVED: RuleMeta = RuleMeta {
    id: "plan.special-unapproved",
    severity: Severity::Violation,
    kind: RuleKind::Plan,
    title: "专项检查未经审核、讨论、批准或公布",
    title_en: "special inspection not reviewed, discussed, approved or published",
    citations: &[("panan-draft-2025", "（二）1（1）"), ("gbf-2024-54", "六")],
    parameters: &[],
    notes: "One finding per missing or late step; the vertical superior approves when the plan's lead (or only agency) is vertical. The first inspection is the earliest day of a record naming the plan that lists an item (an inspection in substance: a 走访 that checks nothing is not one). Order: approval before the legality review or the collective discussion is one finding, publication before approval another; steps on the same day are in order.",
    remedy: "非上级部署的专项检查须依次经合法性审核、集体讨论，报县政府（垂直管理的报上一级机关）批准并向社会公布后方可实施；程序补齐前暂停检查",
    remedy_en: "A special inspection not deployed from above needs legality review, then collective discussion, then approval by the county government (or vertical superior), then publication; pause it until done.",
};

/// `plan.merge-suggestion`
pub const PLAN_MERGE_SUGGESTION: RuleMeta = RuleMeta {
    id: "plan.merge-suggestion",
    severity: Severity::Info,
    kind: RuleKind::Plan,
    title: "建议按“低频就高频”整合检查计划",
    title_en: "plans could be merged (低频就高频)",
    citations: &[("panan-draft-2025", "（二）1（2）")],
    parameters: &["plan_merge_duration_ratio"],
    notes: "Annual plans of one year with disjoint agencies, entries with known items; reported on the plan of the lower-frequency entry.",
    remedy: "相关计划制定部门协商，按“低频就高频”原则将检查对象、方式、时长相近的计划整合为联合检查计划",
    remedy_en: "The plan owners consult and merge plans with the same objects and similar method and duration into one joint plan at the higher frequency (低频就高频).",
};

/// What `plan.outside-plan` keeps for one enterprise, kept from one enterprise to the next for its memory.
#[derive(Debug, Default)]
pub struct State {
    /// (plan, item) -> earlier records within the plan for that entry, as positions in the enterprise's records.
    used: Groups<(Sym, Sym)>,
    /// plan -> records within the plan that used at least one entry.
    uses: Map<Sym, usize>,
    /// Per position in the enterprise's records, the last finding that counted it (see [`rested_on`]).
    mark: Vec<u32>,
}

/// `plan.outside-plan` over one enterprise's records, in time order.
pub fn outside_plan(ds: &Dataset, b: &Batch, recs: &[u32], st: &mut State, out: &mut Found) {
    let State { used, uses, mark } = st;
    used.clear();
    uses.clear();
    mark.clear();
    let Some(first) = recs.first().and_then(|&i| b.rec(i as usize)) else { return };
    let enterprise = first.enterprise();
    let industry = ds.enterprise(enterprise).map(|e| e.industry.as_str());
    let covers = |e: &PlanEntry| e.covers(enterprise, industry, ds.item(&e.item));
    let planned = recs
        .iter()
        .enumerate()
        .filter_map(|(k, &i)| Some((u32::try_from(k).ok()?, b.rec(i as usize)?)))
        .filter(|(_, x)| x.is_inspection() && x.trigger().needs_plan());
    for (pos, rec) in planned {
        let r = rec;
        let year = rec.day().year();
        let reason: Option<(String, String, String)> = match r.plan() {
            None => Some((
                format!("以{}名义实施的检查未关联检查计划", r.trigger().zh()),
                "a plan or special inspection that names no plan".to_string(),
                "/plan".to_string(),
            )),
            Some(pid) => match ds.plan(pid) {
                None => {
                    Some((format!("检查计划{pid}不存在"), format!("plan `{pid}` does not exist"), "/plan".to_string()))
                }
                Some(p) if p.year != year => Some((
                    format!("检查计划{pid}为{}年度计划，本次检查在{year}年", p.year),
                    format!("plan `{pid}` is for {}, the inspection took place in {year}", p.year),
                    "/plan".to_string(),
                )),
                Some(p) if !r.counted_agencies().any(|a| p.agencies.iter().any(|x| ds.organ(x) == a)) => Some((
                    format!("检查计划{pid}不属于本次检查的实施机关"),
                    format!("plan `{pid}` belongs to none of the inspecting agencies"),
                    "/plan".to_string(),
                )),
                Some(p) => coverage(ds, p, &r, &covers),
            },
        };
        if let Some((zh, en, path)) = reason {
            out.push((rec.idx, Finding::new(&PLAN_OUTSIDE_PLAN, path, zh, en)));
            continue;
        }
        // Within the plan: count uses per entry item and enterprise (超计划).
        let Some(p) = r.plan().and_then(|id| ds.plan(id)) else {
            continue;
        };
        let mut over: Vec<(String, String, Earlier)> = Vec::new();
        let mut seen: Distinct<Sym> = Distinct::with_capacity(r.item_syms().len());
        let plan_sym = r.plan_sym().unwrap_or(Sym::MAX);
        for (item, &item_sym) in r.items().zip(r.item_syms()) {
            if !seen.insert(item_sym) {
                continue;
            }
            let times =
                p.entries.iter().filter(|e| e.item == item && covers(e)).map(|e| e.times_per_year).max().unwrap_or(0);
            let earlier = used.push((plan_sym, item_sym), pos);
            let n = earlier.count + 1;
            if n > times as usize {
                let name = ds.item(item).map_or(item, |i| i.name.as_str());
                over.push((
                    format!("事项「{name}」计划每年{times}次，本次为第{n}次"),
                    format!("item `{item}` is planned {times} time(s) a year, this is number {n}"),
                    earlier,
                ));
            }
        }
        // Earlier records within the plan that used an entry, before this one (only those can be related).
        let plan_uses = uses.get(&plan_sym).copied().unwrap_or(0);
        if !seen.is_empty() {
            *uses.entry(plan_sym).or_default() += 1;
        }
        if !over.is_empty() {
            let earlier: Vec<Earlier> = over.iter().map(|(_, _, e)| *e).collect();
            let (first, total) = rested_on(used, &earlier, plan_uses, recs.len(), pos, mark);
            // Listed by id, as the ids of every entry's earlier uses always were.
            let mut related: Vec<String> = first
                .iter()
                .filter_map(|&k| recs.get(k as usize))
                .filter_map(|&i| b.rec(i as usize))
                .map(|x| x.id().to_string())
                .collect();
            related.sort_unstable();
            out.push((
                rec.idx,
                Finding::new(
                    &PLAN_OUTSIDE_PLAN,
                    "/plan",
                    format!(
                        "超计划检查：检查计划{}中{}",
                        p.id,
                        over.iter().map(|(z, _, _)| z.as_str()).collect::<Vec<_>>().join("；")
                    ),
                    format!(
                        "beyond plan `{}`: {}",
                        p.id,
                        over.iter().map(|(_, e, _)| e.as_str()).collect::<Vec<_>>().join("; ")
                    ),
                )
                .related_of(related, total),
            ));
        }
    }
}

/// The records a 超计划 finding rests on: the earlier uses of each entry it found used up (`earlier`, one per
/// entry), as positions in the enterprise's records. Returns the earliest [`RELATED_MAX`] of them in time order
/// and how many there are in all.
///
/// The earliest of the union are among the earliest of each entry, so the first part costs `RELATED_MAX` steps
/// an entry. The number is known at once when one entry is used up, when every entry's uses are all among its
/// first (then the union is counted), or when one entry was used by every earlier record of the plan
/// (`plan_uses`); otherwise (several entries used up, each by a different and long history, a pattern no real
/// plan produces) the uses are counted entry by entry, each record once, with `mark` (one slot a record of the
/// enterprise; `stamp` tells this finding's marks from an earlier one's).
fn rested_on(
    used: &Groups<(Sym, Sym)>,
    earlier: &[Earlier],
    plan_uses: usize,
    n_recs: usize,
    stamp: u32,
    mark: &mut Vec<u32>,
) -> (Vec<u32>, usize) {
    let mut first: Vec<u32> = earlier.iter().flat_map(|e| used.first(*e)).collect();
    first.sort_unstable();
    first.dedup();
    let longest = earlier.iter().map(|e| e.count).max().unwrap_or(0);
    let total = if earlier.iter().all(|e| e.count <= RELATED_MAX) {
        first.len()
    } else if earlier.len() == 1 || longest >= plan_uses {
        longest
    } else {
        if mark.len() != n_recs {
            mark.clear();
            mark.resize(n_recs, u32::MAX);
        }
        let mut total = 0;
        for k in earlier.iter().flat_map(|e| used.records(*e)) {
            if let Some(m) = mark.get_mut(k as usize).filter(|m| **m != stamp) {
                *m = stamp;
                total += 1;
            }
        }
        total
    };
    first.truncate(RELATED_MAX);
    (first, total)
}

/// Whether every item of the record is covered by an entry of the plan for its enterprise.
fn coverage(
    ds: &Dataset,
    p: &Plan,
    r: &Rec<'_>,
    covers: &impl Fn(&PlanEntry) -> bool,
) -> Option<(String, String, String)> {
    if r.has_no_items() {
        if p.entries.iter().any(covers) {
            return None;
        }
        return Some((
            format!("检查计划{}未将该企业列为检查对象", p.id),
            format!("plan `{}` does not cover this enterprise", p.id),
            "/enterprise".to_string(),
        ));
    }
    let missing: Vec<(usize, &str)> =
        r.items().enumerate().filter(|(_, item)| !p.entries.iter().any(|e| e.item == *item && covers(e))).collect();
    if let Some((first, _)) = missing.first() {
        let names: Vec<&str> = missing.iter().map(|(_, id)| ds.item(id).map_or(*id, |i| i.name.as_str())).collect();
        let ids: Vec<&str> = missing.iter().map(|(_, id)| *id).collect();
        return Some((
            format!("检查计划{}未对该企业安排检查事项「{}」（计划外检查）", p.id, names.join("」「")),
            format!("plan `{}` does not cover item(s) {} for this enterprise", p.id, ids.join(", ")),
            format!("/items/{first}"),
        ));
    }
    // Every item is covered; an on-site visit must also be what the plan planned for it (plan method).
    if !r.is_onsite_inspection() {
        return None;
    }
    let off_site: Vec<&str> = r
        .items()
        .filter(|item| !p.entries.iter().any(|e| e.item == *item && covers(e) && e.method == Mode::OnSite))
        .collect();
    if off_site.is_empty() {
        return None;
    }
    let names: Vec<&str> = off_site.iter().map(|id| ds.item(id).map_or(*id, |i| i.name.as_str())).collect();
    Some((
        format!(
            "检查计划{}对检查事项「{}」安排的是非现场检查，本次却入企现场检查（超出计划方式）",
            p.id,
            names.join("」「")
        ),
        format!("plan `{}` plans item(s) {} off site, but this inspection was on site", p.id, off_site.join(", ")),
        "/mode".to_string(),
    ))
}

/// Plan-scope findings: publication, lead, special approval, merge suggestions.
pub fn plan_rules(ds: &Dataset, b: &Batch, sorted: &[u32], out: &mut Vec<(String, Finding)>) {
    // A plan's first inspection is its first inspection in substance: a record naming it that lists an item (a
    // 走访 that checks nothing is no inspection under the plan).
    let mut first_day: Map<&str, Date> = Map::default();
    for rec in sorted.iter().filter_map(|&i| b.rec(i as usize)).filter(|x| !x.has_no_items()) {
        if let Some(p) = rec.plan() {
            first_day.entry(p).and_modify(|d| *d = (*d).min(rec.day())).or_insert(rec.day());
        }
    }
    for p in &ds.plans {
        if p.kind == PlanKind::Annual {
            let param = &ds.policy.plan_publication_deadline;
            let jan1 = chrono::NaiveDate::from_ymd_opt(p.year, 1, 1).map(Date);
            if let Some((jan1d, deadline)) =
                jan1.and_then(|d| param.on(d).and_then(|md| md.in_year(p.year)).map(|dl| (d, dl)))
            {
                let late = match p.published_on {
                    None => Some(("年度检查计划未公布".to_string(), "the annual plan was not published".to_string())),
                    Some(d) if d > deadline => Some((
                        format!("年度检查计划于{d}公布，晚于{deadline}"),
                        format!("the annual plan was published on {d}, after {deadline}"),
                    )),
                    Some(_) => None,
                };
                if let Some((zh, en)) = late {
                    out.push((
                        p.id.clone(),
                        Finding::new(
                            &PLAN_LATE_PUBLICATION,
                            "/published_on",
                            format!("{zh}（应于{deadline}前公布，{}）", param.explain_zh(jan1d)),
                            format!("{en} (due by {deadline}, {})", param.explain_en(jan1d)),
                        ),
                    ));
                }
            }
        }
        let mut agencies: Vec<&str> = p.agencies.iter().map(String::as_str).collect();
        agencies.sort_unstable();
        agencies.dedup();
        if agencies.len() >= 2 && p.lead.as_deref().is_none_or(|l| !agencies.contains(&l)) {
            let (zh, en) = match p.lead.as_deref() {
                None => (
                    format!("{}个部门共同制定的检查计划未明确牵头单位", agencies.len()),
                    format!("a plan of {} agencies names no lead", agencies.len()),
                ),
                Some(l) => (
                    format!("检查计划的牵头单位{}不在计划的实施部门之中", ds.agency_name(l)),
                    format!("the lead `{l}` is not among the plan's agencies"),
                ),
            };
            out.push((p.id.clone(), Finding::new(&PLAN_MISSING_LEAD, "/lead", zh, en)));
        }
        if p.kind == PlanKind::Special {
            special(ds, p, first_day.get(p.id.as_str()).copied(), out);
        }
    }
    merge_suggestions(ds, out);
}

fn special(ds: &Dataset, p: &Plan, first: Option<Date>, out: &mut Vec<(String, Finding)>) {
    let s = p.special.as_ref();
    if s.is_some_and(|s| s.deployed_by_superior) {
        return;
    }
    let owner = p.lead.as_deref().or(p.agencies.first().map(String::as_str));
    let vertical = owner.and_then(|a| ds.agency(a)).is_some_and(|a| a.vertical);
    let want = if vertical { Approver::VerticalSuperior } else { Approver::CountyGovernment };
    let steps: [(&str, &str, &str, Option<Date>); 4] = [
        ("/special/legality_review_on", "合法性审核", "legality review", s.and_then(|s| s.legality_review_on)),
        (
            "/special/collective_discussion_on",
            "集体讨论",
            "collective discussion",
            s.and_then(|s| s.collective_discussion_on),
        ),
        ("/special/approved_on", "批准", "approval", s.and_then(|s| s.approved_on)),
        ("/published_on", "向社会公布", "publication", p.published_on),
    ];
    let mut push = |path: &str, zh: String, en: String| {
        out.push((p.id.clone(), Finding::new(&PLAN_SPECIAL_UNAPPROVED, path, zh, en)));
    };
    for (path, zh, en, date) in steps {
        match (date, first) {
            (None, _) if path == "/special/approved_on" => push(
                path,
                format!("非上级部署的专项检查未经批准（应由{}批准）", want.zh()),
                format!("special inspection without approval ({} must approve)", want.en()),
            ),
            (None, _) => {
                push(path, format!("非上级部署的专项检查未经{zh}"), format!("special inspection without {en}"))
            }
            (Some(d), Some(f)) if d > f => push(
                path,
                format!("专项检查的{zh}日期{d}晚于首次检查日{f}"),
                format!("{en} on {d}, after the first inspection on {f}"),
            ),
            _ => {}
        }
    }
    // The steps in their order: 经合法性审核、集体讨论后…批准, then publication. Steps on one day are in order.
    let approved = s.and_then(|s| s.approved_on);
    let before_approval = [
        ("合法性审核", "legality review", s.and_then(|s| s.legality_review_on)),
        ("集体讨论", "collective discussion", s.and_then(|s| s.collective_discussion_on)),
    ];
    if let Some(a) = approved {
        let early: Vec<(&str, &str, Date)> =
            before_approval.iter().filter_map(|(zh, en, d)| d.filter(|d| a < *d).map(|d| (*zh, *en, d))).collect();
        if !early.is_empty() {
            push(
                "/special/approved_on",
                format!(
                    "专项检查于{a}批准，早于{}：应经合法性审核、集体讨论后再批准",
                    early.iter().map(|(zh, _, d)| format!("{zh}（{d}）")).collect::<Vec<_>>().join("、")
                ),
                format!(
                    "approved on {a}, before the {}: approval comes after the legality review and the collective discussion",
                    early.iter().map(|(_, en, d)| format!("{en} ({d})")).collect::<Vec<_>>().join(" and ")
                ),
            );
        }
        if let Some(pub_on) = p.published_on.filter(|d| *d < a) {
            push(
                "/published_on",
                format!("专项检查计划于{pub_on}公布，早于批准日{a}：应批准后再公布"),
                format!("published on {pub_on}, before its approval on {a}: publication comes after approval"),
            );
        }
    }
    // Approval is one step: when it never happened, the missing approver is not a second finding.
    if s.and_then(|s| s.approved_on).is_none() {
        return;
    }
    match s.and_then(|s| s.approved_by) {
        Some(by) if by == want => {}
        by => {
            let (zh, en) = match by {
                None => (
                    format!("专项检查未载明批准机关，应由{}批准", want.zh()),
                    format!("no approving authority stated; {} must approve", want.en()),
                ),
                Some(by) => (
                    format!("专项检查由{}批准，应由{}批准", by.zh(), want.zh()),
                    format!("approved by {}, but {} must approve", by.en(), want.en()),
                ),
            };
            push("/special/approved_by", zh, en);
        }
    }
}

fn industries_overlap(a: &[String], b: &[String]) -> bool {
    a.is_empty()
        || b.is_empty()
        || a.iter().any(|x| b.iter().any(|y| x.starts_with(y.as_str()) || y.starts_with(x.as_str())))
}

/// Whether two entries share an enterprise (or their whole scopes overlap).
fn share_enterprise(ds: &Dataset, a: &PlanEntry, b: &PlanEntry) -> bool {
    let scope = |e: &PlanEntry| ds.item(&e.item).map_or(&[][..], |i| i.industries.as_slice());
    let in_scope = |ent: &str, e: &PlanEntry| {
        let industry = ds.enterprise(ent).map(|x| x.industry.as_str());
        industry.is_none() || e.covers(ent, industry, ds.item(&e.item))
    };
    match (&a.enterprises, &b.enterprises) {
        (Some(_), Some(_)) => a.shares_listed_enterprise(b),
        (Some(x), None) => x.iter().any(|e| in_scope(e, b)),
        (None, Some(y)) => y.iter().any(|e| in_scope(e, a)),
        (None, None) => industries_overlap(scope(a), scope(b)),
    }
}

fn merge_suggestions(ds: &Dataset, out: &mut Vec<(String, Finding)>) {
    let param = &ds.policy.plan_merge_duration_ratio;
    // Annual plans by year, in dataset order: special inspections are deployed one by one and are not merged.
    let mut by_year: BTreeMap<i32, Vec<&Plan>> = BTreeMap::new();
    for p in ds.plans.iter().filter(|p| p.kind == PlanKind::Annual) {
        by_year.entry(p.year).or_default().push(p);
    }
    for (year, plans) in by_year {
        let Some(jan1) = chrono::NaiveDate::from_ymd_opt(year, 1, 1).map(Date) else {
            continue;
        };
        let Some(&ratio) = param.on(jan1) else {
            continue;
        };
        for (x, p1) in plans.iter().enumerate() {
            for p2 in plans.iter().skip(x + 1) {
                if p1.agencies.iter().any(|a| p2.agencies.contains(a)) || p1.entries.is_empty() || p2.entries.is_empty()
                {
                    continue;
                }
                for (i, e1) in p1.entries.iter().enumerate() {
                    for (j, e2) in p2.entries.iter().enumerate() {
                        // Cheapest tests first: most pairs differ in method or duration.
                        if e1.method != e2.method {
                            continue;
                        }
                        let (d1, d2) = (e1.duration_days, e2.duration_days);
                        let similar = d1 > 0.0 && d2 > 0.0 && d1.max(d2) / d1.min(d2) <= ratio;
                        let known = similar && ds.item(&e1.item).is_some() && ds.item(&e2.item).is_some();
                        if !known || !share_enterprise(ds, e1, e2) {
                            continue;
                        }
                        // Report on the plan of the lower-frequency entry (ties: the smaller plan id).
                        let first_low = e1.times_per_year < e2.times_per_year
                            || (e1.times_per_year == e2.times_per_year && p1.id <= p2.id);
                        let ((lp, li, le), (hp, hi, he)) =
                            if first_low { ((p1, i, e1), (p2, j, e2)) } else { ((p2, j, e2), (p1, i, e1)) };
                        let name = |e: &PlanEntry| ds.item(&e.item).map_or(e.item.clone(), |i| i.name.clone());
                        out.push((
                            lp.id.clone(),
                            Finding::new(
                                &PLAN_MERGE_SUGGESTION,
                                format!("/entries/{li}"),
                                format!(
                                    "本计划第{}项（{}，每年{}次，{}天）与计划{}第{}项（{}，每年{}次，{}天）检查对象相同、方式相近（{}）、时长相近，建议按“低频就高频”并入后者（{}）",
                                    li + 1, name(le), le.times_per_year, le.duration_days,
                                    hp.id, hi + 1, name(he), he.times_per_year, he.duration_days,
                                    le.method.zh(), param.explain_zh(jan1)
                                ),
                                format!(
                                    "entry {} (`{}`, {} a year, {} day(s)) and entry {} of plan `{}` (`{}`, {} a year, {} day(s)) share enterprises, method and similar duration: merge into the more frequent one ({})",
                                    li + 1, le.item, le.times_per_year, le.duration_days, hi + 1, hp.id, he.item,
                                    he.times_per_year, he.duration_days, param.explain_en(jan1)
                                ),
                            )
                            .related(vec![hp.id.clone()]),
                        ));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        reason = "tests fail loudly"
    )]

    use super::*;
    use crate::rules::testing::{dataset, rules_of, visit};

    #[test]
    fn visits_beyond_the_plans_times_per_year_are_outside_the_plan() {
        let ds = dataset("");
        let visits = [visit("V0", "2025-03-03"), visit("V1", "2025-09-01")];
        let got = rules_of(&ds, &visits);
        assert!(!got["V0"].contains(&PLAN_OUTSIDE_PLAN.id.to_string()));
        assert!(got["V1"].contains(&PLAN_OUTSIDE_PLAN.id.to_string()), "{got:?}");
    }
}
