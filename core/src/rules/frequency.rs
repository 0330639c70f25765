//! How often: the yearly on-site cap per agency and enterprise (磐安 （二）1（2）), obviously excessive exempt
//! inspections (国办发〔2024〕54号 八), and the county's risk-colour caps (磐安 （三）3).
//!
//! All three count on-site inspections in time order within a calendar year (Asia/Shanghai) and fire on each
//! inspection past the cap, with the earlier counted ones in `related` (the earliest `RELATED_MAX`, and their
//! number in `related_total` when there are more).

use crate::batch::{Batch, Sym};
use crate::catalogue::Rule;
use crate::dataset::Dataset;
use crate::finding::Finding;
use crate::policy::Caps;
use crate::rules::{Distinct, Found, Groups, Map, ids_of, ordinal, work};

/// What the frequency rules count for one enterprise, kept from one enterprise to the next for its memory.
#[derive(Debug, Default)]
pub struct State {
    /// (agency, year) -> earlier counted records.
    capped: Groups<(Sym, i32)>,
    exempt: Groups<(Sym, i32)>,
    /// year -> earlier counted records, all agencies.
    colour: Groups<i32>,
}

/// Runs the frequency rules over one enterprise's records, in time order. Every count is per enterprise, so the
/// maps stay small (and in cache) however large the province.
pub fn enterprise(ds: &Dataset, b: &Batch, recs: &[u32], st: &mut State, out: &mut Found) {
    let State { capped, exempt, colour } = st;
    capped.clear();
    exempt.clear();
    colour.clear();
    let Some(first) = recs.first().and_then(|&i| b.rec(i as usize)) else { return };
    let colour_of = ds.enterprise(first.enterprise()).and_then(|e| e.risk_color);
    for rec in recs.iter().filter_map(|&i| b.rec(i as usize)).filter(|x| x.is_onsite_inspection()) {
        let year = rec.day().year();
        let this = rec.idx as u32;
        // The largest national yearly cap of the record's items per agency (as organ) it applies to. An item's
        // cap is its own agency's (国家另有规定的，从其规定 is about that item): it raises only the cap of the
        // agency that owns it (as organ) or to which it is delegated, never another joint agency's. Built once a
        // record, in time linear in its items, and looked up per counted agency; of equal caps the later item is
        // named.
        let mut item_caps: Map<&str, (u32, &crate::model::InspectionItem)> = Map::default();
        if !rec.exempt() {
            for it in rec.items().filter_map(|id| ds.item(id)) {
                let Some(c) = it.annual_cap else { continue };
                let mut organs: Distinct<&str> = Distinct::default();
                organs.insert(ds.organ(&it.agency));
                if it.delegable {
                    for a in &it.delegated_to {
                        organs.insert(ds.organ(a));
                    }
                }
                for organ in organs.iter() {
                    let slot = item_caps.entry(organ).or_insert((c, it));
                    if c >= slot.0 {
                        *slot = (c, it);
                    }
                }
            }
        }
        for &agency_sym in rec.counted_syms() {
            work::step(1);
            let agency = rec.name(agency_sym);
            let item_cap = item_caps.get(agency).copied();
            let key = (agency_sym, year);
            if rec.exempt() {
                let earlier = exempt.push(key, this);
                let n = earlier.count + 1;
                let param = &ds.policy.excessive_exempt;
                if let Some(&max) = param.on(rec.day()).filter(|max| n > **max as usize) {
                    out.push((
                        rec.idx,
                        Finding::new(
                            Rule::FrequencyExcessiveExempt,
                            "/enterprise",
                            format!(
                                "{}{year}年第{n}次以不受频次限制的事由（{}）对该企业实施现场检查，超过{max}次，明显超过合理频次（{}）",
                                ds.agency_name(agency),
                                rec.trigger().zh(),
                                param.explain_zh(rec.day())
                            ),
                            format!(
                                "{} exempt on-site inspection of this enterprise by {agency} in {year}; more than {max} is obviously excessive ({})",
                                ordinal(n),
                                param.explain_en(rec.day())
                            ),
                        )
                        .related_of(ids_of(b, &exempt.first(earlier)), earlier.count),
                    ));
                }
            } else {
                let earlier = capped.push(key, this);
                let n = earlier.count + 1;
                let param = &ds.policy.onsite_cap;
                let base = param.on(rec.day()).copied();
                let (cap, why_zh, why_en) = match (base, item_cap) {
                    (_, Some((c, it))) if base.is_none_or(|b| c > b) => (
                        Some(c),
                        format!("检查事项「{}」国家规定的年度上限", it.name),
                        format!("the national yearly cap of item `{}`", it.id),
                    ),
                    (Some(base_cap), _) => (Some(base_cap), param.explain_zh(rec.day()), param.explain_en(rec.day())),
                    (None, _) => (None, String::new(), String::new()),
                };
                if let Some(cap) = cap.filter(|c| n > *c as usize) {
                    out.push((
                        rec.idx,
                        Finding::new(
                            Rule::FrequencyOnsiteCap,
                            "/enterprise",
                            format!(
                                "{}{year}年第{n}次对该企业实施现场检查，超过每年{cap}次的上限（{why_zh}）",
                                ds.agency_name(agency)
                            ),
                            format!(
                                "{} on-site inspection of this enterprise by {agency} in {year}; the cap is {cap} ({why_en})",
                                ordinal(n)
                            ),
                        )
                        .related_of(ids_of(b, &capped.first(earlier)), earlier.count),
                    ));
                }
            }
        }
        if rec.exempt() {
            continue;
        }
        let earlier = colour.push(year, this);
        let n = earlier.count + 1;
        let param = &ds.policy.risk_color_caps;
        if let (Some(c), Some(caps)) = (colour_of, param.on(rec.day())) {
            if let Some(&cap) = caps.get(&c).filter(|cap| n > **cap as usize) {
                let shown = Caps(caps.clone());
                out.push((
                    rec.idx,
                    Finding::new(
                        Rule::FrequencyRiskColor,
                        "/enterprise",
                        format!(
                            "该企业风险等级为{}，{year}年第{n}次受到现场检查（各部门合计），超过该颜色每年{cap}次的上限（参数 {} = {shown}，{}）",
                            c.zh(),
                            param.name,
                            param.origin(rec.day()).map_or(String::new(), |o| o.zh())
                        ),
                        format!(
                            "{} on-site inspection of this {} enterprise in {year} (all agencies); its colour's cap is {cap} (parameter {} = {shown}, {})",
                            ordinal(n),
                            c.key(),
                            param.name,
                            param.origin(rec.day()).map_or(String::new(), |o| o.en())
                        ),
                    )
                    .related_of(ids_of(b, &colour.first(earlier)), earlier.count),
                ));
            }
        }
    }
}
