//! Monitoring alerts: 多头、重复、高频次 inspections (国办发〔2024〕54号 九; 磐安 （五）2), and return visits
//! after penalties (磐安 （四）2).
//!
//! Windows are counted in Asia/Shanghai calendar days: a window of W days holds records whose days differ by
//! less than W.

use std::collections::BTreeMap;

use crate::batch::{Batch, Sym};
use crate::dataset::Dataset;
use crate::finding::{Finding, RELATED_MAX};
use crate::rules::{Distinct, Found, Map, Rec, some_names, work};
use crate::time::Date;

use crate::meta::{RuleKind, RuleMeta, Severity};

// ---------------------------------------------------------------------------------------------------------------
// The rules of this family (their place in the catalogue: `catalogue.rs`)
// ---------------------------------------------------------------------------------------------------------------

/// `alert.multi-agency`
pub const ALERT_MULTI_AGENCY: RuleMeta = RuleMeta {
    id: "alert.multi-agency",
    severity: Severity::Warning,
    kind: RuleKind::CrossRecord,
    title: "多头检查预警",
    title_en: "warning: several agencies inspected separately",
    citations: &[("gbf-2024-54", "九"), ("panan-draft-2025", "（五）2")],
    parameters: &["multi_agency_window_days", "multi_agency_min_agencies"],
    notes: "Separate (non-joint) on-site inspections; fires on the record that brings a new agency to the threshold within the window (day difference below the window).",
    remedy: "今后由牵头部门统筹，将多个部门对该企业的检查合并为“综合查一次”联合检查，进一次门、查多项事",
    remedy_en: "Next time have a lead agency merge the agencies' visits to this enterprise into one joint inspection (综合查一次): one entry, many items.",
};

/// `alert.repeated`
pub const ALERT_REPEATED: RuleMeta = RuleMeta {
    id: "alert.repeated",
    severity: Severity::Warning,
    kind: RuleKind::CrossRecord,
    title: "重复检查预警",
    title_en: "warning: item checked again",
    citations: &[("gbf-2024-54", "四"), ("gbf-2024-54", "九")],
    parameters: &["repeat_window_days"],
    notes: "One finding per repeated item on the later record; the earlier inspection must be non-exempt, of any agency or mode.",
    remedy: "复核是否重复检查同一事项；今后检查前先查询并共享该企业近期的检查结果，已检查事项无新线索的不再重复检查",
    remedy_en: "Review whether the item was checked again needlessly; before inspecting, look up and share the enterprise's recent results, and do not re-check an item without new grounds.",
};

/// `alert.high-frequency`
pub const ALERT_HIGH_FREQUENCY: RuleMeta = RuleMeta {
    id: "alert.high-frequency",
    severity: Severity::Warning,
    kind: RuleKind::CrossRecord,
    title: "高频次检查预警",
    title_en: "warning: high-frequency inspection",
    citations: &[("gbf-2024-54", "九")],
    parameters: &["high_frequency_window_days", "high_frequency_min_inspections"],
    notes: "Fires on the on-site inspection with which the count in the window reaches the number exactly.",
    remedy: "复核对该企业各次检查的必要性，由各部门统筹合并检查或改用书面核查、信息共享等非现场方式，降低检查频次",
    remedy_en: "Review whether each inspection of this enterprise was needed; have the agencies merge their visits or switch to written review and information sharing to cut the frequency.",
};

/// `penalty.no-return-visit`
pub const PENALTY_NO_RETURN_VISIT: RuleMeta = RuleMeta {
    id: "penalty.no-return-visit",
    severity: Severity::Warning,
    kind: RuleKind::CrossRecord,
    title: "处罚后未按期回访",
    title_en: "no return visit after a penalty",
    citations: &[("panan-draft-2025", "（四）2")],
    parameters: &["return_visit_days"],
    notes: "Only once the batch's latest inspection day is more than the period after the decision.",
    remedy: "作出处罚的机关在本县规定的回访期限内开展罚后回访，了解企业需求、帮扶整改并记录回访日期",
    remedy_en: "The agency that imposed the penalty makes a return visit within the county's return-visit period, learns the enterprise's needs, helps it correct, and records the visit date.",
};

/// What the alert rules keep for one enterprise, kept from one enterprise to the next for its memory.
#[derive(Debug, Default)]
pub struct State {
    /// item -> its slot in `items`.
    item_slot: Map<Sym, usize>,
    /// Per item of the enterprise: the non-exempt inspections that checked it and the start of the window.
    items: Vec<ItemWindow>,
    /// Slots of `items` the enterprise uses.
    used: usize,
}

/// The non-exempt inspections of one enterprise that checked one item, as positions in its inspections, and
/// where the current window starts among them.
#[derive(Debug, Default)]
struct ItemWindow {
    at: Vec<u32>,
    lo: usize,
}

/// Runs the alert rules over one enterprise's records, in time order.
///
/// Each rule slides a window over the records in time order instead of copying the window of every record: the
/// window's start moves forward as the days advance (and back, should a dated window grow), so that the whole
/// pass is linear in the records (multi-agency keeps its agencies ordered, a logarithm more), and each finding
/// names the earliest [`RELATED_MAX`] records of its window, with their number.
pub fn enterprise(ds: &Dataset, b: &Batch, recs: &[u32], st: &mut State, out: &mut Found) {
    let recs: Vec<Rec<'_>> = recs.iter().filter_map(|&i| b.rec(i as usize)).filter(|x| x.is_inspection()).collect();
    multi_agency(ds, &recs, out);
    repeated(ds, &recs, st, out);
    high_frequency(ds, &recs, out);
}

/// Moves the start `lo` of a window over `len` records in time order (`day(j)` is the day of the j-th) so that
/// it holds exactly those within `window` days of `cur`: forward past the records that left it (`moved` is told
/// `(j, false)` of each), back over records that are in it again after a dated window grew (`(j, true)`). Days
/// never decrease along the records, so the records in the window are a suffix of those before the current one.
fn slide(
    lo: &mut usize,
    len: usize,
    day: impl Fn(usize) -> Option<Date>,
    cur: Date,
    window: u32,
    mut moved: impl FnMut(usize, bool),
) {
    let inside = |j: usize| day(j).is_some_and(|d| cur.days_since(d) < i64::from(window));
    work::step(1);
    while *lo < len && !inside(*lo) {
        work::step(1);
        moved(*lo, false);
        *lo += 1;
    }
    while *lo > 0 && inside(*lo - 1) {
        work::step(1);
        *lo -= 1;
        moved(*lo, true);
    }
}

/// Ids of the first [`RELATED_MAX`] records of a window, for `related`.
fn first_ids<'a>(window: impl Iterator<Item = &'a Rec<'a>>) -> Vec<String> {
    window.take(RELATED_MAX).inspect(|_| work::step(1)).map(|x| x.id().to_string()).collect()
}

fn multi_agency(ds: &Dataset, recs: &[Rec<'_>], out: &mut Found) {
    let separate: Vec<Rec<'_>> = recs.iter().filter(|x| x.is_onsite_inspection() && !x.is_joint()).copied().collect();
    // The window is separate[lo..k]; `agencies` counts its records per lead agency, in the order of their ids.
    let mut lo = 0;
    let mut agencies: BTreeMap<&str, u32> = BTreeMap::new();
    let lead_of = |j: usize| separate.get(j).map_or("", |x| x.lead_agency());
    for (k, rec) in separate.iter().enumerate() {
        if let Some(prev) = k.checked_sub(1) {
            *agencies.entry(lead_of(prev)).or_default() += 1;
        }
        let (Some(&window), Some(&min)) =
            (ds.policy.multi_agency_window_days.on(rec.day()), ds.policy.multi_agency_min_agencies.on(rec.day()))
        else {
            continue;
        };
        slide(
            &mut lo,
            k,
            |j| separate.get(j).map(|x| x.day()),
            rec.day(),
            window,
            |j, entered| {
                let a = lead_of(j);
                if entered {
                    *agencies.entry(a).or_default() += 1;
                } else if let Some(n) = agencies.get_mut(a) {
                    *n -= 1;
                    if *n == 0 {
                        agencies.remove(a);
                    }
                }
            },
        );
        let lead = rec.lead_agency();
        if agencies.contains_key(lead) {
            continue;
        }
        let count = agencies.len() + 1;
        if count >= min as usize {
            // The window's agencies and this one, in the order of their ids; a message names the first
            // RELATED_MAX of them.
            use std::ops::Bound::{Excluded, Unbounded};
            let before = agencies.range::<str, _>((Unbounded, Excluded(lead))).map(|(a, _)| *a);
            let after = agencies.range::<str, _>((Excluded(lead), Unbounded));
            let shown: Vec<&str> =
                before.chain(std::iter::once(lead)).chain(after.map(|(a, _)| *a)).take(RELATED_MAX + 1).collect();
            let names = some_names(shown.iter().map(|a| ds.agency_name(a)), "、", "等");
            let ids = some_names(shown.iter().copied(), ", ", ", …");
            let (pw, pm) = (&ds.policy.multi_agency_window_days, &ds.policy.multi_agency_min_agencies);
            let window_recs = separate.get(lo..k).unwrap_or(&[]);
            out.push((
                rec.idx,
                Finding::new(
                    &ALERT_MULTI_AGENCY,
                    "/lead_agency",
                    format!(
                        "{window}日内已有{count}个部门分别对该企业实施现场检查（{names}），应合并为联合检查（{}；{}）",
                        pw.explain_zh(rec.day()),
                        pm.explain_zh(rec.day())
                    ),
                    format!(
                        "{count} agencies inspected this enterprise separately on site within {window} days ({ids}); a joint inspection was due ({}; {})",
                        pw.explain_en(rec.day()),
                        pm.explain_en(rec.day())
                    ),
                )
                .related_of(first_ids(window_recs.iter()), window_recs.len()),
            ));
        }
    }
}

fn repeated(ds: &Dataset, recs: &[Rec<'_>], st: &mut State, out: &mut Found) {
    let State { item_slot, items, used } = st;
    item_slot.clear();
    for w in items.iter_mut().take(*used) {
        w.at.clear();
        w.lo = 0;
    }
    *used = 0;
    let param = &ds.policy.repeat_window_days;
    let day_of = |k: u32| recs.get(k as usize).map(|x| x.day());
    for (k, rec) in recs.iter().enumerate() {
        let window = param.on(rec.day()).copied();
        let mut seen: Distinct<Sym> = Distinct::with_capacity(rec.item_syms().len());
        for (i, (item, &sym)) in rec.items().zip(rec.item_syms()).enumerate() {
            if !seen.insert(sym) {
                continue;
            }
            let Some(window) = window else { continue };
            let Some(w) = item_slot.get(&sym).and_then(|&s| items.get_mut(s)) else { continue };
            let at = &w.at;
            slide(&mut w.lo, at.len(), |j| at.get(j).and_then(|&p| day_of(p)), rec.day(), window, |_, _| {});
            let earlier = at.get(w.lo..).unwrap_or(&[]);
            let Some(last) = earlier.last().and_then(|&p| recs.get(p as usize)) else { continue };
            let name = ds.item(item).map_or(item, |it| it.name.as_str());
            out.push((
                rec.idx,
                Finding::new(
                    &ALERT_REPEATED,
                    format!("/items/{i}"),
                    format!(
                        "检查事项「{name}」已于{}由{}对该企业检查过，{window}日内重复检查（{}）",
                        last.day(),
                        ds.agency_name(last.lead_agency()),
                        param.explain_zh(rec.day())
                    ),
                    format!(
                        "item `{item}` was already checked at this enterprise on {} by {}; repeated within {window} days ({})",
                        last.day(),
                        last.lead_agency(),
                        param.explain_en(rec.day())
                    ),
                )
                .related_of(first_ids(earlier.iter().filter_map(|&p| recs.get(p as usize))), earlier.len()),
            ));
        }
        // This record joins the windows of its items for the records after it (an exempt one never counts).
        if rec.exempt() {
            continue;
        }
        let Ok(pos) = u32::try_from(k) else { continue };
        for &sym in seen.iter() {
            let slot = *item_slot.entry(sym).or_insert_with(|| {
                *used += 1;
                *used - 1
            });
            if items.len() <= slot {
                items.resize_with(slot + 1, ItemWindow::default);
            }
            if let Some(w) = items.get_mut(slot) {
                w.at.push(pos);
            }
        }
    }
}

fn high_frequency(ds: &Dataset, recs: &[Rec<'_>], out: &mut Found) {
    let onsite: Vec<Rec<'_>> = recs.iter().filter(|x| x.is_onsite_inspection()).copied().collect();
    let (pw, pm) = (&ds.policy.high_frequency_window_days, &ds.policy.high_frequency_min_inspections);
    let mut lo = 0;
    for (k, rec) in onsite.iter().enumerate() {
        let (Some(&window), Some(&min)) = (pw.on(rec.day()), pm.on(rec.day())) else {
            continue;
        };
        slide(&mut lo, k, |j| onsite.get(j).map(|x| x.day()), rec.day(), window, |_, _| {});
        let before = onsite.get(lo..k).unwrap_or(&[]);
        if before.len() + 1 == min as usize {
            out.push((
                rec.idx,
                Finding::new(
                    &ALERT_HIGH_FREQUENCY,
                    "/enterprise",
                    format!(
                        "该企业{window}日内已受到{min}次现场检查（各部门、各类事由合计），达到高频次预警线（{}；{}）",
                        pw.explain_zh(rec.day()),
                        pm.explain_zh(rec.day())
                    ),
                    format!(
                        "this enterprise has had {min} on-site inspections within {window} days (all agencies and triggers) ({}; {})",
                        pw.explain_en(rec.day()),
                        pm.explain_en(rec.day())
                    ),
                )
                .related_of(first_ids(before.iter()), before.len()),
            ));
        }
    }
}

/// `penalty.no-return-visit` over the batch in time order.
/// `latest_elsewhere`: the latest day of records that belong with the batch but are not in it (a service's other
/// enterprises), so that the batch's latest day is theirs too when later.
pub fn return_visits(ds: &Dataset, b: &Batch, sorted: &[u32], latest_elsewhere: Option<Date>, out: &mut Found) {
    let recs = || sorted.iter().filter_map(|&i| b.rec(i as usize));
    let Some(latest) = recs().map(|x| x.day()).max() else {
        return;
    };
    let latest = latest_elsewhere.map_or(latest, |d| latest.max(d));
    let param = &ds.policy.return_visit_days;
    for rec in recs() {
        let Some((decided_on, return_visit_on)) = rec.penalty() else {
            continue;
        };
        let Some(&days) = param.on(decided_on) else {
            continue;
        };
        let due: Date = decided_on.add_days(i64::from(days));
        if latest <= due {
            continue;
        }
        let visited = return_visit_on.is_some_and(|v| v >= decided_on && v <= due);
        if !visited {
            let (zh, en) = match return_visit_on {
                Some(v) => {
                    (format!("回访日期{v}不在期限内"), format!("the return visit on {v} is outside that period"))
                }
                None => ("未记录回访".to_string(), "no return visit is recorded".to_string()),
            };
            out.push((
                rec.idx,
                Finding::new(
                    &PENALTY_NO_RETURN_VISIT,
                    "/penalty/return_visit_on",
                    format!(
                        "处罚决定于{}作出，应在{days}日内（{due}前）回访，{zh}（{}）",
                        decided_on,
                        param.explain_zh(decided_on)
                    ),
                    format!(
                        "penalty decided on {}; a return visit was due within {days} days (by {due}); {en} ({})",
                        decided_on,
                        param.explain_en(decided_on)
                    ),
                ),
            ));
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
    fn two_visits_for_the_same_item_within_the_window_are_repeated() {
        let ds = dataset("");
        let got = rules_of(&ds, &[visit("V0", "2025-03-03"), visit("V1", "2025-03-10")]);
        assert!(got["V1"].contains(&ALERT_REPEATED.id.to_string()), "{got:?}");
        assert!(!got["V0"].contains(&ALERT_REPEATED.id.to_string()));
    }
}
