//! Procedure: the head's approval, the 行政行为码 shown before entering (亮码检查), urgent inspections approved
//! and coded within the grace period, advance notice. 国办发〔2024〕54号 五; 磐安 （二）1（2）, （二）2（1）.

use crate::catalogue::Rule;
use crate::dataset::Dataset;
use crate::finding::Finding;
use crate::model::{Inspection, Mode};
use crate::time::Timestamp;

/// Runs the procedure rules.
pub fn check(ds: &Dataset, r: &Inspection, out: &mut Vec<Finding>) {
    let start = r.started_at;
    let onsite = r.mode == Mode::OnSite;
    let has_code = r.code.as_deref().is_some_and(|c| !c.trim().is_empty());
    if r.urgency.is_none() {
        match &r.approval {
            None => out.push(Finding::new(
                Rule::ApprovalMissing,
                "/approval",
                "检查前未经行政执法机关负责人审批".to_string(),
                "no approval by the head of the agency before the inspection".to_string(),
            )),
            Some(a) if a.approved_at > start => out.push(Finding::new(
                Rule::ApprovalMissing,
                "/approval/approved_at",
                format!("负责人审批时间{}晚于检查开始时间{}", a.approved_at.display_local(), start.display_local()),
                format!(
                    "approved at {}, after the inspection started at {}",
                    a.approved_at.display_local(),
                    start.display_local()
                ),
            )),
            Some(_) => {}
        }
    }
    if onsite && !has_code {
        out.push(Finding::new(
            Rule::CodeMissing,
            "/code",
            "现场检查未出示行政行为码（无码入企）".to_string(),
            "on-site inspection without an administrative act code".to_string(),
        ));
    }
    if onsite && has_code && r.code_assigned_at.is_none() {
        out.push(Finding::new(
            Rule::CodeTimeMissing,
            "/code_assigned_at",
            format!(
                "现场检查载有行政行为码，但未记录赋码时间，无法证明{}亮码",
                if r.urgency.is_some() { "已在规定期限内补办赋码并" } else { "入企前已赋码并" }
            ),
            format!(
                "the on-site inspection has a code but no `code_assigned_at`: nothing shows it was assigned and shown {}",
                if r.urgency.is_some() { "within the grace period" } else { "before entering" }
            ),
        ));
    }
    if let (Some(code), Some(pattern)) =
        (r.code.as_deref().filter(|c| !c.trim().is_empty()), ds.policy.code_pattern.on(r.day()))
    {
        if !pattern.matches(code) {
            let param = &ds.policy.code_pattern;
            out.push(Finding::new(
                Rule::CodeMalformed,
                "/code",
                format!("行政行为码`{code}`不符合本县规定的赋码格式（{}）", param.explain_zh(r.day())),
                format!("code `{code}` does not have the county's format ({})", param.explain_en(r.day())),
            ));
        }
    }
    if r.urgency.is_none() && onsite && has_code {
        if let Some(t) = r.code_assigned_at.filter(|t| *t > start) {
            out.push(Finding::new(
                Rule::CodeLate,
                "/code_assigned_at",
                format!("行政行为码于{}赋码，晚于检查开始时间{}", t.display_local(), start.display_local()),
                format!(
                    "code assigned at {}, after the inspection started at {}",
                    t.display_local(),
                    start.display_local()
                ),
            ));
        }
    }
    if r.urgency.is_some() {
        urgent(ds, r, onsite, has_code, out);
    }
    notice(r, out);
}

/// `code.urgent-late` and `calendar.unknown-year`.
fn urgent(ds: &Dataset, r: &Inspection, onsite: bool, has_code: bool, out: &mut Vec<Finding>) {
    let start = r.started_at;
    let end_day = r.ended_at.local_date();
    let param = &ds.policy.urgent_grace;
    let grace = param.on(end_day).copied().unwrap_or(0);
    // Each late element: (path, Chinese, English, time or None for "never").
    let mut pending: Vec<(&str, &str, &str, Option<Timestamp>)> = Vec::new();
    pending.push(("/approval", "负责人审批", "approval", r.approval.as_ref().map(|a| a.approved_at)));
    if onsite {
        if !has_code {
            pending.push(("/code", "行政行为码", "code", None));
        } else if let Some(t) = r.code_assigned_at {
            pending.push(("/code_assigned_at", "行政行为码", "code", Some(t)));
        }
    }
    let mut deadline = None;
    let mut late: Vec<(&str, String, String)> = Vec::new();
    for (path, zh, en, time) in pending {
        match time {
            None => late.push((path, format!("始终未补办{zh}"), format!("no {en} at all"))),
            Some(t) if t > start => {
                let d = *deadline.get_or_insert_with(|| ds.calendar.working_days_after(end_day, grace));
                if t.local_date() > d.day {
                    late.push((
                        path,
                        format!(
                            "{zh}于{}补办，超过检查结束后{grace}个工作日的期限（{} 24:00）",
                            t.display_local(),
                            d.day
                        ),
                        format!(
                            "{en} at {}, after the deadline of {grace} working day(s) after the end ({} 24:00)",
                            t.display_local(),
                            d.day
                        ),
                    ));
                }
            }
            Some(_) => {}
        }
    }
    if let Some((path, _, _)) = late.first() {
        let zh: Vec<&str> = late.iter().map(|(_, z, _)| z.as_str()).collect();
        let en: Vec<&str> = late.iter().map(|(_, _, e)| e.as_str()).collect();
        out.push(Finding::new(
            Rule::CodeUrgentLate,
            *path,
            format!("紧急检查（检查于{end_day}结束）：{}（{}）", zh.join("；"), param.explain_zh(end_day)),
            format!("urgent inspection ended on {end_day}: {} ({})", en.join("; "), param.explain_en(end_day)),
        ));
    }
    if let Some((year, day)) = deadline.and_then(|d| Some((d.unknown_year?, d.day))) {
        let (zh, en) = if ds.calendar.has_statutory_days(year) {
            ("周末和《全国年节及纪念日放假办法》规定的法定节假日", "weekends and the statutory holidays")
        } else {
            ("周末（该年法定节假日亦未内置）", "weekends only (the year's statutory holidays are not built in either)")
        };
        out.push(Finding::new(
            Rule::CalendarUnknownYear,
            "/ended_at",
            format!(
                "计算补办期限时用到{year}年，该年尚无国务院节假日安排：期限（{day}）按{zh}计算，未计调休，可能与实际安排不同；请在 calendar.json 中补充该年安排"
            ),
            format!(
                "the deadline ({day}) reaches into {year}, which has no State Council holiday schedule: {en} were used, assuming no adjusted working days (调休); add the year's schedule in calendar.json"
            ),
        ));
    }
}

fn notice(r: &Inspection, out: &mut Vec<Finding>) {
    if r.urgency.is_none() && r.notice_exemption.is_none() {
        match &r.notice {
            None => out.push(Finding::new(
                Rule::NoticeMissing,
                "/notice",
                "未将检查时间、依据和理由、目的和内容事先通知检查对象，且未载明免于通知的情形".to_string(),
                "no advance notice, and no exemption from notice stated".to_string(),
            )),
            Some(n) if n.sent_at > r.started_at => out.push(Finding::new(
                Rule::NoticeMissing,
                "/notice/sent_at",
                format!(
                    "检查通知于{}发出，晚于检查开始时间{}",
                    n.sent_at.display_local(),
                    r.started_at.display_local()
                ),
                format!(
                    "notice sent at {}, after the inspection started at {}",
                    n.sent_at.display_local(),
                    r.started_at.display_local()
                ),
            )),
            Some(_) => {}
        }
    }
    if let Some(n) = &r.notice {
        let parts = [
            (n.time, "检查时间", "time"),
            (n.basis, "依据和理由", "basis"),
            (n.purpose, "目的", "purpose"),
            (n.content, "内容", "content"),
        ];
        let missing: Vec<_> = parts.iter().filter(|(given, _, _)| !given).collect();
        if let Some((_, _, first)) = missing.first() {
            out.push(Finding::new(
                Rule::NoticeIncomplete,
                format!("/notice/{first}"),
                format!("检查通知未载明{}", missing.iter().map(|(_, z, _)| *z).collect::<Vec<_>>().join("、")),
                format!(
                    "the notice does not state the {}",
                    missing.iter().map(|(_, _, e)| *e).collect::<Vec<_>>().join(", ")
                ),
            ));
        }
    }
}
