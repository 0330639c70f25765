//! The joint-inspection rate (综合查一次): which records count toward it, and each agency's rate per year
//! against the target in force. The rule `joint.rate-below-target`, the report and the browser's summary
//! (through `stats`) all count with these two functions.

use crate::batch::Rec;
use crate::dataset::Dataset;
use crate::policy::Origin;
use crate::time::Date;

/// One agency's joint-inspection rate in one year.
#[derive(Clone, Debug, serde::Serialize, schemars::JsonSchema)]
pub struct JointRow {
    pub agency: String,
    pub name: String,
    pub year: i32,
    pub joint: usize,
    pub all: usize,
    pub rate: f64,
    pub target: Option<f64>,
    pub below: bool,
    pub explain: String,
    /// Whether the target in force is the county's own (else the law's or the built-in default).
    pub county: bool,
}

/// Whether a record counts toward the joint-inspection rate (综合查一次): an on-site inspection in substance does,
/// in the Asia/Shanghai year of its day, as joint when it has a joint agency other than the lead. It counts for each
/// of its counted agencies (lead, joint, delegating; each as the organ it acts for). The rule, the report and the
/// browser all count with this.
pub fn joint_share(rec: &Rec<'_>) -> Option<(i32, bool)> {
    rec.is_onsite_inspection().then(|| (rec.day().year(), rec.is_joint()))
}

/// Each agency's joint share of its on-site inspections per year, from the counts of [`joint_share`] by (agency,
/// year) as (joint, all): bodies that may not inspect are left out (their inspections are unlawful in themselves,
/// `subject.unqualified-agency`, and a rate would show them as meeting the target), as are agencies the dataset does
/// not know; the target is the one in force on 31 December of the year. Sorted by year, then rate, lowest first.
pub fn joint_rows<'a>(
    rates: impl IntoIterator<Item = ((&'a str, i32), (usize, usize))>,
    ds: &Dataset,
) -> Vec<JointRow> {
    let param = &ds.policy.joint_rate_target;
    let mut rows: Vec<JointRow> = rates
        .into_iter()
        .filter(|((agency, _), _)| ds.agency(agency).is_some_and(|x| x.kind.may_inspect()))
        .map(|((agency, year), (joint, all))| {
            let dec31 = chrono::NaiveDate::from_ymd_opt(year, 12, 31).map(Date);
            let target = dec31.and_then(|d| param.on(d)).copied();
            // Counts are far below 2^52, so the conversion is exact.
            let rate = joint as f64 / all as f64;
            JointRow {
                name: ds.agency_name(agency).to_string(),
                agency: agency.to_string(),
                year,
                joint,
                all,
                rate,
                target,
                below: target.is_some_and(|t| rate < t),
                explain: dec31.and_then(|d| param.origin(d)).map(Origin::zh).unwrap_or_default(),
                county: dec31.and_then(|d| param.origin(d)) == Some(Origin::County),
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        a.year.cmp(&b.year).then(a.rate.total_cmp(&b.rate)).then(b.all.cmp(&a.all)).then(a.agency.cmp(&b.agency))
    });
    rows
}
