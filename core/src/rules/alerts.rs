//! Monitoring alerts: 多头、重复、高频次 inspections (国办发〔2024〕54号 九; 磐安 （五）2), and return visits
//! after penalties (磐安 （四）2).
//!
//! Windows are counted in Asia/Shanghai calendar days: a window of W days holds records whose days differ by
//! less than W.

use crate::batch::Batch;
use crate::catalogue::Rule;
use crate::dataset::Dataset;
use crate::finding::Finding;
use crate::rules::{Found, Rec, ids};
use crate::time::Date;

/// Runs the alert rules over one enterprise's records, in time order.
pub fn enterprise(ds: &Dataset, b: &Batch, recs: &[u32], out: &mut Found) {
    let recs: Vec<Rec<'_>> = recs.iter().filter_map(|&i| b.rec(i as usize)).filter(|x| x.is_inspection()).collect();
    multi_agency(ds, &recs, out);
    repeated(ds, &recs, out);
    high_frequency(ds, &recs, out);
}

/// The records of `recs[..k]` whose day is within `window` days of `recs[k]`. `recs` is in time order, so their
/// days never decrease and the window is found by binary search rather than by a scan of everything earlier.
fn window_before<'a>(recs: &[Rec<'a>], k: usize, window: u32) -> Vec<Rec<'a>> {
    let Some(cur) = recs.get(k) else {
        return Vec::new();
    };
    let earlier = recs.get(..k).unwrap_or(&[]);
    let lo = earlier.partition_point(|x| cur.day().days_since(x.day()) >= i64::from(window));
    earlier.get(lo..).unwrap_or(&[]).to_vec()
}

fn multi_agency(ds: &Dataset, recs: &[Rec<'_>], out: &mut Found) {
    let separate: Vec<Rec<'_>> = recs.iter().filter(|x| x.is_onsite_inspection() && !x.is_joint()).copied().collect();
    for (k, rec) in separate.iter().enumerate() {
        let (Some(&window), Some(&min)) =
            (ds.policy.multi_agency_window_days.on(rec.day()), ds.policy.multi_agency_min_agencies.on(rec.day()))
        else {
            continue;
        };
        let before = window_before(&separate, k, window);
        let lead = rec.lead_agency();
        if before.iter().any(|x| x.lead_agency() == lead) {
            continue;
        }
        let mut agencies: Vec<&str> = before.iter().map(|x| x.lead_agency()).collect();
        agencies.push(lead);
        agencies.sort_unstable();
        agencies.dedup();
        if agencies.len() >= min as usize {
            let names: Vec<&str> = agencies.iter().map(|a| ds.agency_name(a)).collect();
            let (pw, pm) = (&ds.policy.multi_agency_window_days, &ds.policy.multi_agency_min_agencies);
            out.push((
                rec.idx,
                Finding::new(
                    Rule::AlertMultiAgency,
                    "/lead_agency",
                    format!(
                        "{window}日内已有{}个部门分别对该企业实施现场检查（{}），应合并为联合检查（{}；{}）",
                        agencies.len(),
                        names.join("、"),
                        pw.explain_zh(rec.day()),
                        pm.explain_zh(rec.day())
                    ),
                    format!(
                        "{} agencies inspected this enterprise separately on site within {window} days ({}); a joint inspection was due ({}; {})",
                        agencies.len(),
                        agencies.join(", "),
                        pw.explain_en(rec.day()),
                        pm.explain_en(rec.day())
                    ),
                )
                .related(ids(&before)),
            ));
        }
    }
}

fn repeated(ds: &Dataset, recs: &[Rec<'_>], out: &mut Found) {
    let param = &ds.policy.repeat_window_days;
    for (k, rec) in recs.iter().enumerate() {
        let Some(&window) = param.on(rec.day()) else {
            continue;
        };
        let before: Vec<Rec<'_>> = window_before(recs, k, window).into_iter().filter(|x| !x.exempt()).collect();
        if before.is_empty() {
            continue;
        }
        let mut seen: Vec<&str> = Vec::new();
        for (i, item) in rec.items().enumerate() {
            if seen.contains(&item) {
                continue;
            }
            seen.push(item);
            let earlier: Vec<Rec<'_>> = before.iter().filter(|x| x.has_item(item)).copied().collect();
            let Some(last) = earlier.last() else { continue };
            let name = ds.item(item).map_or(item, |it| it.name.as_str());
            out.push((
                rec.idx,
                Finding::new(
                    Rule::AlertRepeated,
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
                .related(ids(&earlier)),
            ));
        }
    }
}

fn high_frequency(ds: &Dataset, recs: &[Rec<'_>], out: &mut Found) {
    let onsite: Vec<Rec<'_>> = recs.iter().filter(|x| x.is_onsite_inspection()).copied().collect();
    let (pw, pm) = (&ds.policy.high_frequency_window_days, &ds.policy.high_frequency_min_inspections);
    for (k, rec) in onsite.iter().enumerate() {
        let (Some(&window), Some(&min)) = (pw.on(rec.day()), pm.on(rec.day())) else {
            continue;
        };
        let before = window_before(&onsite, k, window);
        if before.len() + 1 == min as usize {
            out.push((
                rec.idx,
                Finding::new(
                    Rule::AlertHighFrequency,
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
                .related(ids(&before)),
            ));
        }
    }
}

/// `penalty.no-return-visit` over the batch in time order.
pub fn return_visits(ds: &Dataset, b: &Batch, sorted: &[u32], out: &mut Found) {
    let recs = || sorted.iter().filter_map(|&i| b.rec(i as usize));
    let Some(latest) = recs().map(|x| x.day()).max() else {
        return;
    };
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
                    Rule::PenaltyNoReturnVisit,
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
