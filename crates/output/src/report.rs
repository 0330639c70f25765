//! `--report report.html`: one self-contained Chinese HTML report for leaders.
//!
//! Every number is counted by `jiancha_core::stats` from the output lines (so it is the number of the JSON Lines
//! output) and from the facts of each readable record; this module only lays them out. The page has no script, no external resource and no clock: inline CSS,
//! inline SVG charts drawn here, and the same input gives the same bytes. It prints on A4, one section a page.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use jiancha_core::catalogue::{self, Citation, SOURCES};
use jiancha_core::policy::Origin;
use jiancha_core::stats::{ALERTS, AgencyRow, Gather, Stats};
use jiancha_core::time::Date;
use jiancha_core::{Dataset, Severity};

/// `write!` into a `String`, which cannot fail.
macro_rules! w {
    ($out:expr, $($arg:tt)*) => {{
        let _ = write!($out, $($arg)*);
    }};
}

/// The joint-rate rule.
const JOINT_RULE: &str = "joint.rate-below-target";

/// `（2025年1月2日至2025年12月30日）` for the page title.
fn period_suffix(s: &Stats) -> String {
    match (&s.first_day, &s.last_day) {
        (Some(a), Some(b)) => format!("（{}至{}）", zh_date(a), zh_date(b)),
        _ => String::new(),
    }
}

/// The report as one self-contained HTML document, from what [`Gather`] counted over a run's output lines.
pub fn html(g: Gather, ds: &Dataset, summary: Option<&jiancha_batch::Summary>) -> String {
    html_for(g, ds, summary, None)
}

/// [`html`] for a unit (the county or the office the report is made for, named in its heading).
pub fn html_for(g: Gather, ds: &Dataset, summary: Option<&jiancha_batch::Summary>, unit: Option<&str>) -> String {
    let s = g.finish(ds);
    let mut out = String::with_capacity(96 * 1024);
    out.push_str("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    w!(out, "<title>涉企行政检查合规分析报告{}</title>\n", esc(&period_suffix(&s)));
    out.push_str("<style>\n");
    out.push_str(CSS);
    out.push_str("</style>\n</head>\n<body>\n<main class=\"page\">\n");
    if let Some(summary) = summary {
        quality_banner(&mut out, summary);
    }
    head(&mut out, &s, unit);
    overview(&mut out, &s);
    trend(&mut out, &s);
    by_rule(&mut out, &s);
    by_agency(&mut out, &s);
    problems(&mut out, &s);
    burden(&mut out, &s);
    alerts(&mut out, &s);
    joint(&mut out, &s);
    quality(&mut out, &s, summary);
    advice(&mut out, &s, summary);
    notes(&mut out, &s, ds);
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

// ---------------------------------------------------------------------------------------------------------------
// Text helpers
// ---------------------------------------------------------------------------------------------------------------

/// Escapes text for HTML (element content and quoted attribute values alike).
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `2025-01-03` as `2025年1月3日` (anything else as it is).
fn zh_date(day: &str) -> String {
    let mut parts = day.split('-').map(str::parse::<u32>);
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(Ok(y)), Some(Ok(m)), Some(Ok(d)), None) => format!("{y}年{m}月{d}日"),
        _ => day.to_string(),
    }
}

/// `n / d` as a percentage with one decimal, or `—` when `d` is 0.
fn pct(n: usize, d: usize) -> String {
    if d == 0 { "—".to_string() } else { format!("{:.1}%", n as f64 * 100.0 / d as f64) }
}

/// A share (0–1) as a percentage with one decimal.
fn share(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

/// Where a parameter's value comes from, in words for readers.
fn origin_zh(origin: Origin) -> String {
    origin.zh()
}

/// Citations as Chinese text reads them (`国办发〔2024〕54号第四部分；《行政处罚法》第四十二条`).
fn citations_zh(citations: &[Citation]) -> String {
    if citations.is_empty() {
        return "—".to_string();
    }
    citations.iter().map(|c| catalogue::cite_zh(&c.source, &c.article)).collect::<Vec<_>>().join("；")
}

/// The severity badge.
fn badge(sev: Severity) -> String {
    format!("<span class=\"badge {}\">{}</span>", sev.key(), sev.zh())
}

/// Items joined with the Chinese enumeration comma.
fn list(items: &[String]) -> String {
    items.join("、")
}

// ---------------------------------------------------------------------------------------------------------------
// Sections
// ---------------------------------------------------------------------------------------------------------------

/// The red banner that opens the report when anything of the input was not understood.
fn quality_banner(out: &mut String, summary: &jiancha_batch::Summary) {
    let q = &summary.quality;
    if !q.has_problems() {
        return;
    }
    let pct = q.unreadable_percent(summary.records);
    out.push_str("<section class=\"quality-banner\" role=\"alert\"><h2>数据质量警示</h2>");
    if q.input_problems() {
        w!(
            out,
            "<p><strong>输入的 {} 条记录中有 {} 条（{pct:.1}%）无法读取</strong>，本报告的数字只反映能读取的记录，不能作为对全部输入的结论。</p>",
            summary.records,
            q.unreadable
        );
    }
    if let Some(p) = &q.profile {
        w!(out, "<p>导出映射：{}</p>", esc(p));
    }
    if !q.first_unreadable.is_empty() {
        out.push_str("<ul>");
        for (line, msg) in &q.first_unreadable {
            w!(out, "<li>第{line}行：{}</li>", esc(msg));
        }
        out.push_str("</ul>");
    }
    if !q.unresolved.is_empty() {
        w!(out, "<p>未能解析的名称 {} 个：</p><ul>", q.unresolved.len());
        for u in q.unresolved.iter().take(10) {
            w!(
                out,
                "<li>{}「{}」：{} 行，首见第{}行（{}）</li>",
                u.kind.zh_en().0,
                esc(&u.name),
                u.rows,
                u.first_line,
                esc(&u.why)
            );
        }
        out.push_str("</ul>");
    }
    if !q.missing.is_empty() {
        w!(out, "<p>记录引用了数据集中没有的对象 {} 个（每个只列一次）：</p><ul>", q.missing.len());
        let mut list: Vec<_> = q.missing.iter().collect();
        list.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(b.0)));
        for (what, (n, first)) in list.iter().take(10) {
            w!(out, "<li>{}：{n} 条记录，首见第{first}行</li>", esc(what));
        }
        out.push_str("</ul>");
    }
    let unused: Vec<_> = q.unused.iter().filter(|u| !u.ignored).collect();
    if !unused.is_empty() {
        out.push_str("<p>未使用的列：</p><ul>");
        for u in unused {
            w!(out, "<li>「{}」：{} 个非空单元格，例如「{}」</li>", esc(&u.header), u.cells, esc(&u.example));
        }
        out.push_str("</ul>");
    }
    out.push_str("</section>\n");
}

fn head(out: &mut String, s: &Stats, unit: Option<&str>) {
    out.push_str("<header class=\"doc-head\">\n<p class=\"kicker\">涉企行政检查监测分析</p>\n");
    if let Some(unit) = unit.filter(|u| !u.trim().is_empty()) {
        w!(out, "<p class=\"unit\" data-k=\"unit\">{}</p>\n", esc(unit.trim()));
    }
    out.push_str("<h1>涉企行政检查合规分析报告</h1>\n");
    match (s.first_day.as_deref(), s.last_day.as_deref()) {
        (Some(a), Some(b)) => w!(
            out,
            "<p class=\"period\">检查期间：<span data-k=\"first-day\">{}</span>至<span data-k=\"last-day\">{}</span></p>\n",
            esc(&zh_date(a)),
            esc(&zh_date(b))
        ),
        _ => out.push_str("<p class=\"period\">检查期间：无可读取的检查记录</p>\n"),
    }
    out.push_str("<div class=\"rule-red\"></div>\n");
    let asof = s.last_day.as_deref().map_or_else(|| "—".to_string(), zh_date);
    w!(
        out,
        "<p class=\"gen-note\">数据截至{}（所列最后一条检查记录的日期）。本报告由“检查 Jiancha”v{} 依据检查记录校验结果自动生成，\
         各项数字与同次校验输出的 JSON Lines 结果一致；同一数据生成的报告内容完全相同。</p>\n",
        esc(&asof),
        esc(env!("CARGO_PKG_VERSION"))
    );
    out.push_str("</header>\n");
}

fn kpi(out: &mut String, key: &str, label: &str, value: &str, unit: &str, sub: &str, class: &str) {
    w!(
        out,
        "<div class=\"kpi {class}\"><div class=\"kpi-label\">{}</div><div class=\"kpi-value\"><span data-k=\"{}\">{}</span><small>{}</small></div><div class=\"kpi-sub\">{}</div></div>\n",
        esc(label),
        esc(key),
        esc(value),
        esc(unit),
        esc(sub)
    );
}

fn overview(out: &mut String, s: &Stats) {
    out.push_str("<section class=\"first\" id=\"s1\">\n<h2>一、总体情况</h2>\n<div class=\"kpis\">\n");
    kpi(out, "records", "检查记录", &s.records.to_string(), "条", &format!("现场检查 {} 次", s.onsite), "");
    kpi(out, "clean-share", "无问题记录占比", &pct(s.clean, s.records), "", &format!("无问题 {} 条", s.clean), "good");
    kpi(out, "violations", "违规问题", &s.violation.to_string(), "个", "违反明确规定", "violation");
    kpi(out, "warnings", "警示问题", &s.warning.to_string(), "个", "需关注核实", "warning");
    kpi(out, "infos", "提示", &s.info.to_string(), "条", "改进建议", "info");
    kpi(out, "unreadable", "无法读取", &s.unreadable.to_string(), "行", "格式或数据有误", "");
    kpi(out, "enterprises", "涉及企业", &s.enterprises.to_string(), "家", "被检查企业", "");
    kpi(out, "agencies", "涉及执法主体", &s.agencies.to_string(), "个", "牵头、联合、委托", "");
    out.push_str("</div>\n<h3>主要情况</h3>\n<ol class=\"summary\">\n");

    let period = match (s.first_day.as_deref(), s.last_day.as_deref()) {
        (Some(a), Some(b)) => format!("{}至{}", zh_date(a), zh_date(b)),
        _ => "本期".to_string(),
    };
    w!(
        out,
        "<li>{}，共校验涉企行政检查记录 <b>{}</b> 条，其中现场检查 {} 次（联合检查 {} 次，占 {}），涉及企业 {} 家、执法主体 {} 个。\
         未发现问题的记录 {} 条，占 {}；无法读取 {} 行。</li>\n",
        esc(&period),
        s.records,
        s.onsite,
        s.joint_onsite,
        pct(s.joint_onsite, s.onsite),
        s.enterprises,
        s.agencies,
        s.clean,
        pct(s.clean, s.records),
        s.unreadable
    );
    let top_violations: Vec<String> = s
        .rules
        .iter()
        .filter(|r| r.severity == Severity::Violation)
        .take(3)
        .map(|r| format!("“{}”{} 个", esc(&r.title), r.count))
        .collect();
    w!(
        out,
        "<li>共发现问题 <b>{}</b> 个，其中违规 <b class=\"t-violation\">{}</b> 个、警示 {} 个、提示 {} 条{}。</li>\n",
        s.total(),
        s.violation,
        s.warning,
        s.info,
        if top_violations.is_empty() {
            String::new()
        } else {
            format!("；违规问题较多的是{}", list(&top_violations))
        }
    );
    let top_agencies: Vec<String> = s
        .by_agency
        .iter()
        .filter(|a| a.counts.violation > 0)
        .take(3)
        .map(|a| format!("{}（{} 个）", esc(&a.name), a.counts.violation))
        .collect();
    if !top_agencies.is_empty() {
        w!(out, "<li>违规问题较多的执法主体：{}。</li>\n", list(&top_agencies));
    }
    let alert_counts: Vec<String> =
        ALERTS.iter().zip(s.alert_counts).map(|((_, kind), n)| format!("{kind} {n} 起")).collect();
    w!(out, "<li>监测预警：{}。</li>\n", list(&alert_counts));
    let with_target = s.joint.iter().filter(|j| j.target.is_some()).count();
    let below: Vec<String> = s.joint.iter().filter(|j| j.below).map(|j| esc(&j.name)).collect();
    if with_target == 0 {
        out.push_str("<li>联合检查率：检查期间各年度均无适用的联合检查率目标。</li>\n");
    } else if below.is_empty() {
        w!(out, "<li>联合检查率：有目标要求的 {with_target} 项（执法主体·年度）均达到目标。</li>\n");
    } else {
        w!(
            out,
            "<li>联合检查率：有目标要求的 {with_target} 项（执法主体·年度）中，<b class=\"t-violation\">{}</b> 项低于目标，涉及{}。</li>\n",
            below.len(),
            list(&below.iter().cloned().collect::<BTreeSet<_>>().into_iter().collect::<Vec<_>>())
        );
    }
    if let Some(e) = s.burden.first() {
        w!(
            out,
            "<li>现场检查最多的企业为{}，共 {} 次，涉及 {} 个执法主体。</li>\n",
            esc(&e.name),
            e.onsite,
            e.agencies
        );
    }
    // Findings by level, one column per level.
    out.push_str("</ol>\n<h3>问题分布</h3>\n<table class=\"scopes\">\n<thead><tr><th>层级</th>");
    for (zh, _) in &s.by_scope {
        w!(out, "<th class=\"num\">{}</th>", esc(zh));
    }
    out.push_str("<th class=\"num\">合计</th></tr></thead>\n<tbody>\n<tr><td>问题（个）</td>");
    for (_, n) in &s.by_scope {
        w!(out, "<td class=\"num\">{n}</td>");
    }
    w!(out, "<td class=\"num\"><b data-k=\"findings\">{}</b></td></tr>\n<tr><td>占比</td>", s.total());
    for (_, n) in &s.by_scope {
        w!(out, "<td class=\"num\">{}</td>", pct(*n, s.total()));
    }
    w!(out, "<td class=\"num\">{}</td></tr>\n</tbody>\n</table>\n", if s.total() == 0 { "—" } else { "100.0%" });
    out.push_str("</section>\n");
}

fn by_rule(out: &mut String, s: &Stats) {
    out.push_str("<section id=\"s2\">\n<h2>二、按规则统计</h2>\n");
    if s.rules.is_empty() {
        out.push_str("<p class=\"empty\">本期未发现问题。</p>\n</section>\n");
        return;
    }
    w!(
        out,
        "<p>共有 {} 条规则发现问题（违规类 {} 条、警示类 {} 条、提示类 {} 条）。下图按级别和次数排列；红色为违规，橙色为警示，蓝色为提示。</p>\n",
        s.rules.len(),
        s.rules.iter().filter(|r| r.severity == Severity::Violation).count(),
        s.rules.iter().filter(|r| r.severity == Severity::Warning).count(),
        s.rules.iter().filter(|r| r.severity == Severity::Info).count()
    );
    let bars: Vec<Bar> = s
        .rules
        .iter()
        .map(|r| Bar {
            label: r.title.clone(),
            segments: vec![(r.count as f64, sev_class(r.severity))],
            value: r.count.to_string(),
            target: None,
        })
        .collect();
    out.push_str(&chart(
        "各规则发现问题次数",
        &bars,
        Axis::Count,
        &[("seg-violation", "违规"), ("seg-warning", "警示"), ("seg-info", "提示")],
    ));
    out.push_str("<table>\n<thead><tr><th class=\"idx\">序号</th><th class=\"w-rule\">规则</th><th>级别</th><th class=\"num\">次数</th><th>依据条款</th><th class=\"w-remedy\">整改建议</th></tr></thead>\n<tbody>\n");
    for (i, r) in s.rules.iter().enumerate() {
        let name = if r.plugin {
            format!("<span class=\"rule-title\">部门插件规则</span><code>{}</code>", esc(&r.id))
        } else {
            format!("<span class=\"rule-title\">{}</span><code>{}</code>", esc(&r.title), esc(&r.id))
        };
        w!(
            out,
            "<tr data-rule=\"{}\"><td class=\"idx\">{}</td><td>{name}</td><td class=\"nowrap\">{}</td><td class=\"num\">{}</td><td class=\"cite\">{}</td><td class=\"remedy\">{}</td></tr>\n",
            esc(&r.id),
            i + 1,
            badge(r.severity),
            r.count,
            esc(&citations_zh(&r.citations)),
            esc(crate::text::remedy(&r.id).map_or("由插件所属部门说明", |(zh, _)| zh))
        );
    }
    w!(
        out,
        "</tbody>\n<tfoot><tr><td></td><td>合计</td><td></td><td class=\"num\">{}</td><td></td><td></td></tr></tfoot>\n</table>\n</section>\n",
        s.total()
    );
}

fn by_agency(out: &mut String, s: &Stats) {
    out.push_str("<section id=\"s3\">\n<h2>三、按执法主体统计</h2>\n");
    out.push_str(
        "<p>检查记录的问题计入其牵头执法主体，检查计划的问题计入计划牵头单位（未明确牵头的计入第一个制定部门），\
         执法主体自身的问题（如考核挂钩、联合检查率）计入该主体；企业信息和基础数据的问题不归属执法主体，单列一行。</p>\n",
    );
    let with_findings: Vec<&AgencyRow> = s.by_agency.iter().filter(|a| a.counts.findings > 0).collect();
    if with_findings.is_empty() {
        out.push_str("<p class=\"empty\">各执法主体本期均未发现问题。</p>\n");
    } else {
        let bars: Vec<Bar> = with_findings
            .iter()
            .map(|a| Bar {
                label: a.name.clone(),
                segments: vec![
                    (a.counts.violation as f64, "seg-violation"),
                    (a.counts.warning as f64, "seg-warning"),
                    (a.counts.info as f64, "seg-info"),
                ],
                value: format!("{}（违规 {}）", a.counts.findings, a.counts.violation),
                target: None,
            })
            .collect();
        out.push_str(&chart(
            "各执法主体问题数",
            &bars,
            Axis::Count,
            &[("seg-violation", "违规"), ("seg-warning", "警示"), ("seg-info", "提示")],
        ));
    }
    out.push_str(
        "<table>\n<thead><tr><th class=\"idx\">序号</th><th>执法主体</th><th class=\"num\">牵头检查<br>记录</th>\
         <th class=\"num\">参与现场<br>检查</th><th class=\"num\">问题</th><th class=\"num\">违规</th><th class=\"num\">警示</th>\
         <th class=\"num\">提示</th><th class=\"num\">每百条记录<br>违规</th></tr></thead>\n<tbody>\n",
    );
    for (i, a) in s.by_agency.iter().enumerate() {
        w!(
            out,
            "<tr data-agency=\"{}\"><td class=\"idx\">{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num{}\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\" data-k=\"per100-{}\">{}</td></tr>\n",
            esc(&a.id),
            i + 1,
            esc(&a.name),
            a.led,
            a.onsite,
            a.counts.findings,
            if a.counts.violation > 0 { " t-violation" } else { "" },
            a.counts.violation,
            a.counts.warning,
            a.counts.info,
            esc(&a.id),
            per100(a.records.violation, a.led)
        );
    }
    let u = &s.unattributed;
    w!(
        out,
        "<tr class=\"muted\"><td class=\"idx\"></td><td>不归属执法主体（企业信息、基础数据）</td><td class=\"num\"></td><td class=\"num\"></td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\"></td></tr>\n",
        u.findings,
        u.violation,
        u.warning,
        u.info
    );
    let led: usize = s.by_agency.iter().map(|a| a.led).sum();
    w!(
        out,
        "</tbody>\n<tfoot><tr><td></td><td>合计</td><td class=\"num\">{led}</td><td class=\"num\"></td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr></tfoot>\n</table>\n",
        s.total(),
        s.violation,
        s.warning,
        s.info,
        per100(s.by_agency.iter().map(|a| a.records.violation).sum(), led)
    );
    out.push_str("<p class=\"note\">“每百条记录违规”为牵头检查记录上的违规问题数除以牵头检查记录数再乘以 100，便于规模不同的执法主体相互比较。</p>\n");
    out.push_str("<p class=\"note\">“参与现场检查”含牵头、联合和委托参与的现场检查，一次联合检查计入每个参与主体。</p>\n</section>\n");
}

/// `n` per 100 of `of`, one decimal; `—` when there is nothing to divide by.
fn per100(n: usize, of: usize) -> String {
    if of == 0 { "—".to_string() } else { format!("{:.1}", n as f64 * 100.0 / of as f64) }
}

/// 月度趋势 (in 一、总体情况): inspections and findings per month, and the same month a year earlier when the input
/// holds it.
fn trend(out: &mut String, s: &Stats) {
    out.push_str("<section id=\"s1-trend\">\n<h3>月度趋势</h3>\n");
    if s.monthly.is_empty() {
        out.push_str("<p class=\"empty\">无可读取的检查记录。</p>\n</section>\n");
        return;
    }
    let earlier = |month: &str| -> Option<&jiancha_core::stats::MonthRow> {
        let (y, m) = month.split_once('-')?;
        let prev = format!("{:04}-{m}", y.parse::<i32>().ok()? - 1);
        s.monthly.iter().find(|r| r.month == prev)
    };
    let any_earlier = s.monthly.iter().any(|r| earlier(&r.month).is_some());
    let max = s.monthly.iter().map(|r| r.records).max().unwrap_or(1).max(1);
    out.push_str("<table class=\"trend\">\n<thead><tr><th>月份</th><th class=\"num\">检查记录</th><th class=\"num\">现场检查</th><th class=\"num\">有违规的记录</th><th class=\"num\">每百条记录违规记录</th><th class=\"num\">发现问题</th>");
    if any_earlier {
        out.push_str("<th class=\"num\">上年同月检查记录</th><th class=\"num\">上年同月有违规的记录</th>");
    }
    out.push_str("<th>检查记录</th></tr></thead>\n<tbody>\n");
    for r in &s.monthly {
        let (y, m) = r.month.split_once('-').unwrap_or((&r.month, ""));
        w!(
            out,
            "<tr data-month=\"{}\"><td>{}年{}月</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>",
            esc(&r.month),
            esc(y),
            esc(m.trim_start_matches('0')),
            r.records,
            r.onsite,
            r.with_violation,
            per100(r.with_violation, r.records),
            r.findings
        );
        if any_earlier {
            match earlier(&r.month) {
                Some(p) => w!(out, "<td class=\"num\">{}</td><td class=\"num\">{}</td>", p.records, p.with_violation),
                None => out.push_str("<td class=\"num muted\">—</td><td class=\"num muted\">—</td>"),
            }
        }
        w!(
            out,
            "<td><span class=\"tbar\" style=\"width:{:.0}%\"></span></td></tr>\n",
            r.records as f64 * 100.0 / max as f64
        );
    }
    out.push_str("</tbody>\n</table>\n");
    if !any_earlier {
        out.push_str("<p class=\"note\">输入中没有上一年同期的记录，未作同比。</p>\n");
    }
    out.push_str("</section>\n");
}

/// 问题记录清单 (in 三): each agency's records with violations, with the remedy of each violation.
fn problems(out: &mut String, s: &Stats) {
    out.push_str("<section id=\"s3-problems\">\n<h3>问题记录清单（附整改建议）</h3>\n");
    if s.problems.is_empty() {
        out.push_str("<p class=\"empty\">本期没有存在违规问题的检查记录。</p>\n</section>\n");
        return;
    }
    w!(
        out,
        "<p>下列为各执法主体牵头的存在违规问题的检查记录（每个主体按日期列前 {} 条），每条附所违反规则的整改建议，供逐条交办、整改。</p>\n",
        jiancha_core::stats::PROBLEMS_SHOWN
    );
    for a in &s.problems {
        w!(
            out,
            "<h4 data-problems=\"{}\">{}（存在违规的记录 {} 条{}）</h4>\n<table class=\"problems\">\n<thead><tr><th>日期</th><th>记录</th><th>企业</th><th>违规问题</th><th>整改建议</th></tr></thead>\n<tbody>\n",
            esc(&a.agency),
            esc(&a.name),
            a.total,
            if a.total > a.records.len() { format!("，列前 {} 条", a.records.len()) } else { String::new() }
        );
        for r in &a.records {
            let titles: Vec<String> = r.violations.iter().map(|(_, t, _)| esc(t)).collect();
            let mut remedies: Vec<String> = Vec::new();
            for (_, _, remedy) in &r.violations {
                let e = esc(remedy);
                if !remedy.is_empty() && !remedies.contains(&e) {
                    remedies.push(e);
                }
            }
            w!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                esc(&zh_date(&r.day)),
                esc(&r.id),
                esc(&r.enterprise_name),
                titles.join("；"),
                remedies.join("；")
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str("</section>\n");
}

/// 七、数据质量: how much of the input was read, and what was not understood.
fn quality(out: &mut String, s: &Stats, summary: Option<&jiancha_batch::Summary>) {
    out.push_str("<section id=\"s-quality\">\n<h2>七、数据质量</h2>\n");
    let Some(sum) = summary else {
        w!(out, "<p>无法读取 {} 行。</p>\n</section>\n", s.unreadable);
        return;
    };
    let q = &sum.quality;
    w!(
        out,
        "<p>输入记录 {} 条，能读取并校验 {} 条，无法读取 <b data-k=\"q-unreadable\">{}</b> 条（{:.1}%）{}。</p>\n",
        sum.records,
        sum.records.saturating_sub(q.unreadable),
        q.unreadable,
        q.unreadable_percent(sum.records),
        q.profile.as_deref().map(|p| format!("；导出映射：{}", esc(p))).unwrap_or_default()
    );
    if !q.input_problems() {
        out.push_str("<p>全部输入均已读取，未发现无法解析的名称或未使用的列。</p>\n");
    } else {
        out.push_str("<p>详见报告开头的数据质量警示。无法读取的记录不在本报告的任何统计之内，应在源系统中更正后重新导出校验。</p>\n");
    }
    if !q.missing.is_empty() {
        w!(
            out,
            "<p>记录引用了数据集中没有的对象 {} 个（见报告开头，每个只列一次）：应在基础数据中补录，或更正记录中的编号。</p>\n",
            q.missing.len()
        );
    }
    out.push_str("</section>\n");
}

/// 八、工作建议: short advice generated from the figures (which rules break most, which agencies to plan jointly,
/// where violations are densest, what the data lacks).
fn advice(out: &mut String, s: &Stats, summary: Option<&jiancha_batch::Summary>) {
    out.push_str("<section id=\"s-advice\">\n<h2>八、工作建议</h2>\n<ol class=\"advice\">\n");
    let mut n = 0;
    let violations: Vec<_> = s.rules.iter().filter(|r| r.severity == Severity::Violation).take(3).collect();
    if let Some(first) = violations.first() {
        n += 1;
        let named: Vec<String> = violations.iter().map(|r| format!("“{}”（{} 个）", esc(&r.title), r.count)).collect();
        let remedy = jiancha_core::catalogue::lookup(&first.id).map(|m| m.remedy).unwrap_or_default();
        w!(
            out,
            "<li data-advice=\"rules\">违规问题集中在{}。建议针对“{}”组织专项整改：{}</li>\n",
            named.join("、"),
            esc(&first.title),
            esc(remedy)
        );
    }
    for o in s.overlaps.iter().take(3) {
        n += 1;
        w!(
            out,
            "<li data-advice=\"merge\">{}与{}本期各自单独对同一批 {} 家企业实施了现场检查。建议两部门合并制定年度检查计划，按“综合查一次”开展联合检查，减少重复入企。</li>\n",
            esc(&o.a_name),
            esc(&o.b_name),
            o.enterprises
        );
    }
    let below: Vec<_> = s.joint.iter().filter(|j| j.below).collect();
    if !below.is_empty() {
        n += 1;
        let names: Vec<String> =
            below.iter().take(5).map(|j| format!("{}（{:.0}%）", esc(&j.name), j.rate * 100.0)).collect();
        w!(
            out,
            "<li data-advice=\"joint\">联合检查率低于目标的执法主体有 {} 个：{}{}。建议其在下一年度计划中提高联合检查比例。</li>\n",
            below.len(),
            names.join("、"),
            if below.len() > 5 { "等" } else { "" }
        );
    }
    if let Some(a) = s
        .by_agency
        .iter()
        .filter(|a| a.led >= 10 && a.records.violation > 0)
        .max_by(|x, y| (x.records.violation * y.led).cmp(&(y.records.violation * x.led)))
    {
        n += 1;
        w!(
            out,
            "<li data-advice=\"density\">{}每百条牵头检查记录有违规问题 {} 个，为各主体中最高。建议对其检查程序开展督导，逐条核查问题记录清单。</li>\n",
            esc(&a.name),
            per100(a.records.violation, a.led)
        );
    }
    if let Some(sum) = summary.filter(|x| x.quality.has_problems()) {
        n += 1;
        w!(
            out,
            "<li data-advice=\"quality\">有 {} 条记录无法读取（{:.1}%），不在上述统计之内。建议由数据来源部门更正后重新导出，必要时完善导出映射配置。</li>\n",
            sum.quality.unreadable,
            sum.quality.unreadable_percent(sum.records)
        );
    }
    if n == 0 {
        out.push_str("<li>本期检查记录未发现需专门部署的问题，建议保持现有做法并按季度复核。</li>\n");
    }
    out.push_str("</ol>\n<p class=\"note\">以上建议由本期统计数字按固定规则生成，供研究部署参考。</p>\n</section>\n");
}

fn yes(flag: bool, key: &str) -> String {
    if flag {
        format!("<span class=\"flag\" data-flag=\"{key}\">● 已预警</span>")
    } else {
        "<span class=\"muted\">—</span>".to_string()
    }
}

fn burden(out: &mut String, s: &Stats) {
    out.push_str("<section id=\"s4\">\n<h2>四、企业检查负担</h2>\n");
    if s.burden.is_empty() {
        out.push_str("<p class=\"empty\">本期没有现场检查记录。</p>\n</section>\n");
        return;
    }
    w!(
        out,
        "<p>本期共有 {} 家企业接受过现场检查。下表列出现场检查次数最多的 {} 家企业（次数相同的，按涉及执法主体数排列），\
         以及是否触发高频次、多头检查预警。</p>\n",
        s.burdened,
        s.burden.len()
    );
    let bars: Vec<Bar> = s
        .burden
        .iter()
        .map(|e| Bar {
            label: e.name.clone(),
            segments: vec![(e.onsite as f64, "seg-neutral")],
            value: format!("{} 次", e.onsite),
            target: None,
        })
        .collect();
    out.push_str(&chart("现场检查次数最多的企业", &bars, Axis::Count, &[]));
    out.push_str(
        "<table>\n<thead><tr><th class=\"idx\">序号</th><th>企业名称</th><th class=\"num\">现场<br>检查</th>\
         <th class=\"num\">执法<br>主体</th><th class=\"num\">问题</th><th class=\"num\">违规</th><th>高频次预警</th><th>多头检查预警</th></tr></thead>\n<tbody>\n",
    );
    for (i, e) in s.burden.iter().enumerate() {
        w!(
            out,
            "<tr data-enterprise=\"{}\"><td class=\"idx\">{}</td><td>{}<div class=\"sub\">{}　检查记录 {} 条</div></td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>\n",
            esc(&e.id),
            i + 1,
            esc(&e.name),
            esc(&e.id),
            e.records,
            e.onsite,
            e.agencies,
            e.counts.findings,
            e.counts.violation,
            yes(e.high_frequency, "high-frequency"),
            yes(e.multi_agency, "multi-agency")
        );
    }
    out.push_str("</tbody>\n</table>\n");
    out.push_str("<p class=\"note\">现场检查：实质为检查、方式为现场的记录（含以观摩、走访等名义实施的检查）；执法主体：这些现场检查的牵头、联合和委托主体数；问题：该企业检查记录及企业信息的问题数。</p>\n</section>\n");
}

fn alerts(out: &mut String, s: &Stats) {
    out.push_str("<section id=\"s5\">\n<h2>五、监测预警</h2>\n");
    let counts: Vec<String> = ALERTS
        .iter()
        .zip(s.alert_counts)
        .map(|((id, kind), n)| format!("{kind} <b data-k=\"{}\">{n}</b> 起", esc(id)))
        .collect();
    w!(out, "<p>本期共产生多头、重复、高频次检查预警 {} 起：{}。</p>\n", s.alerts_total(), list(&counts));
    if s.alerts_total() > s.alerts.len() {
        w!(
            out,
            "<p class=\"note\">下表按日期列出前 {} 起，其余见同次校验输出（JSON Lines、CSV 或 Excel）。</p>\n",
            s.alerts.len()
        );
    }
    if s.alerts.is_empty() {
        out.push_str("<p class=\"empty\">本期未发现多头、重复、高频次检查。</p>\n</section>\n");
        return;
    }
    out.push_str(
        "<table class=\"alerts\">\n<thead><tr><th class=\"idx\">序号</th><th class=\"w-kind\">类型/日期</th><th class=\"w-ent\">企业与检查记录</th>\
         <th>预警内容</th></tr></thead>\n<tbody>\n",
    );
    for (i, a) in s.alerts.iter().enumerate() {
        let related = if a.related.is_empty() {
            String::new()
        } else {
            format!(
                "<div class=\"sub\">关联记录：{}{}</div>",
                a.related
                    .iter()
                    .map(|r| format!("<span class=\"nowrap\">{}</span>", esc(r)))
                    .collect::<Vec<_>>()
                    .join("、"),
                a.related_total.map_or_else(String::new, |n| format!("（列出最早 {} 条，共 {n} 条）", a.related.len()))
            )
        };
        let remedy = crate::text::remedy(a.rule)
            .map_or_else(String::new, |(zh, _)| format!("<div class=\"remedy\">整改建议：{}</div>", esc(zh)));
        w!(
            out,
            "<tr><td class=\"idx\">{}</td><td><span class=\"badge warning\">{}</span><div class=\"sub\">{}</div></td><td>{}<div class=\"sub\">{}</div><div class=\"sub\">检查记录 <code>{}</code></div></td><td class=\"msg\">{}{related}{remedy}</td></tr>\n",
            i + 1,
            esc(a.kind),
            esc(&a.day),
            esc(&a.enterprise_name),
            esc(&a.enterprise),
            esc(&a.record),
            esc(&a.message)
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

fn joint(out: &mut String, s: &Stats) {
    out.push_str("<section id=\"s6\">\n<h2>六、联合检查率</h2>\n");
    if s.joint.is_empty() {
        out.push_str("<p class=\"empty\">本期没有现场检查记录。</p>\n</section>\n");
        return;
    }
    let years: BTreeSet<i32> = s.joint.iter().map(|j| j.year).collect();
    let mut targets: Vec<String> = Vec::new();
    for y in &years {
        let row = s.joint.iter().find(|j| j.year == *y);
        match row.and_then(|j| j.target.map(|t| (t, &j.explain))) {
            Some((t, explain)) => targets.push(format!("{y}年目标 {}（{}）", share(t), esc(explain))),
            None => targets.push(format!("{y}年未设目标")),
        }
    }
    w!(
        out,
        "<p>联合检查率 = 执法主体参与的现场检查中联合检查所占比例（有牵头以外的联合部门即为联合检查）。{}。\
         低于目标的以红色标出并注明“未达标”。</p>\n",
        list(&targets)
    );
    let many_years = years.len() > 1;
    let bars: Vec<Bar> = s
        .joint
        .iter()
        .map(|j| Bar {
            label: if many_years { format!("{}（{}）", j.name, j.year) } else { j.name.clone() },
            segments: vec![(
                j.rate,
                match (j.target, j.below) {
                    (None, _) => "seg-neutral",
                    (Some(_), true) => "seg-below",
                    (Some(_), false) => "seg-met",
                },
            )],
            value: if j.below { format!("{} 未达标", share(j.rate)) } else { share(j.rate) },
            target: j.target,
        })
        .collect();
    let mut legend = vec![("seg-below", "低于目标"), ("seg-met", "达到目标"), ("target", "目标值")];
    if s.joint.iter().any(|j| j.target.is_none()) {
        legend.push(("seg-neutral", "未设目标"));
    }
    out.push_str(&chart("各执法主体联合检查率与目标", &bars, Axis::Share, &legend));
    out.push_str(
        "<table>\n<thead><tr><th class=\"idx\">序号</th><th>执法主体</th><th>年度</th><th class=\"num\">现场检查</th>\
         <th class=\"num\">联合检查</th><th class=\"num\">联合检查率</th><th class=\"num\">目标</th><th>结论</th></tr></thead>\n<tbody>\n",
    );
    for (i, j) in s.joint.iter().enumerate() {
        let (class, mark, verdict) = match (j.target, j.below) {
            (None, _) => ("", String::new(), "<span class=\"muted\">未设目标</span>".to_string()),
            (Some(_), true) => (
                " class=\"below\"",
                format!(" data-joint-below=\"{}:{}\"", esc(&j.agency), j.year),
                "<span class=\"verdict-below\">▼ 未达标</span>".to_string(),
            ),
            (Some(_), false) => ("", String::new(), "<span class=\"verdict-met\">达标</span>".to_string()),
        };
        w!(
            out,
            "<tr{class}{mark}><td class=\"idx\">{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num rate\">{}</td><td class=\"num\">{}</td><td class=\"nowrap\">{verdict}</td></tr>\n",
            i + 1,
            esc(&j.name),
            j.year,
            j.all,
            j.joint,
            share(j.rate),
            j.target.map_or_else(|| "—".to_string(), share)
        );
    }
    out.push_str("</tbody>\n</table>\n");
    w!(
        out,
        "<p class=\"note\">共 {} 项（执法主体·年度），其中低于目标 <b data-k=\"joint-below\">{}</b> 项，与校验结果中“{}”的警示一一对应。</p>\n</section>\n",
        s.joint.len(),
        s.joint.iter().filter(|j| j.below).count(),
        esc(catalogue::lookup(JOINT_RULE).map_or(JOINT_RULE, |m| m.title))
    );
}

/// The parameters in force on the last inspection day (the joint target per year of the records).
fn parameters(out: &mut String, s: &Stats, ds: &Dataset) {
    let Some(day) = s.last_day.as_deref().and_then(|d| Date::parse(d).ok()) else {
        out.push_str("<p class=\"empty\">没有可读取的检查记录，不列参数。</p>\n");
        return;
    };
    let p = &ds.policy;
    let origin = |list: &[Option<Origin>]| -> String {
        let mut seen: Vec<String> = Vec::new();
        for o in list.iter().flatten() {
            let zh = origin_zh(*o);
            if !seen.contains(&zh) {
                seen.push(zh);
            }
        }
        if seen.is_empty() { "未设定".to_string() } else { seen.join("；") }
    };
    let num = |v: Option<&u32>| v.map_or_else(|| "—".to_string(), u32::to_string);
    let mut rows: Vec<(String, String, String)> = vec![
        (
            "多头检查".to_string(),
            format!(
                "{}日内{}个及以上执法主体分别（非联合）对同一企业实施现场检查",
                num(p.multi_agency_window_days.on(day)),
                num(p.multi_agency_min_agencies.on(day))
            ),
            origin(&[p.multi_agency_window_days.origin(day), p.multi_agency_min_agencies.origin(day)]),
        ),
        (
            "重复检查".to_string(),
            format!("同一检查事项{}日内被另一次非豁免检查再次检查", num(p.repeat_window_days.on(day))),
            origin(&[p.repeat_window_days.origin(day)]),
        ),
        (
            "高频次检查".to_string(),
            format!(
                "企业{}日内受到现场检查（各部门、各类事由合计）达到{}次",
                num(p.high_frequency_window_days.on(day)),
                num(p.high_frequency_min_inspections.on(day))
            ),
            origin(&[p.high_frequency_window_days.origin(day), p.high_frequency_min_inspections.origin(day)]),
        ),
        (
            "现场检查频次上限".to_string(),
            format!("同一执法主体对同一企业每年非豁免现场检查不超过{}次", num(p.onsite_cap.on(day))),
            origin(&[p.onsite_cap.origin(day)]),
        ),
    ];
    let years: BTreeSet<i32> = s.joint.iter().map(|j| j.year).collect();
    for y in years {
        let Ok(dec31) = Date::parse(&format!("{y:04}-12-31")) else { continue };
        rows.push((
            format!("联合检查率目标（{y}年）"),
            p.joint_rate_target.on(dec31).map_or_else(|| "未设目标".to_string(), |t| format!("不低于{}", share(*t))),
            origin(&[p.joint_rate_target.origin(dec31)]),
        ));
    }
    out.push_str(
        "<table class=\"params\">\n<thead><tr><th>项目</th><th>判断标准</th><th>参数来源</th></tr></thead>\n<tbody>\n",
    );
    for (name, rule, origin) in rows {
        w!(out, "<tr><td>{}</td><td>{}</td><td class=\"cite\">{}</td></tr>\n", esc(&name), esc(&rule), esc(&origin));
    }
    w!(
        out,
        "</tbody>\n</table>\n<p class=\"note\">参数为{}适用的数值；“政策默认值”指无法律明文规定、由本系统默认的数值，县级可在政策参数中调整。</p>\n",
        esc(&zh_date(s.last_day.as_deref().unwrap_or_default()))
    );
}

fn notes(out: &mut String, s: &Stats, ds: &Dataset) {
    out.push_str("<section id=\"s7\">\n<h2>九、说明</h2>\n<h3>（一）如何阅读本报告</h3>\n<ol class=\"notes\">\n");
    out.push_str(
        "<li><b>问题级别。</b>“违规”指违反国家、省、县关于规范涉企行政检查的明确规定；“警示”指需要关注、核实的情形，\
         本身不一定构成违规；“提示”是改进建议（如合并检查计划）。</li>\n",
    );
    out.push_str(
        "<li><b>统计口径。</b>检查记录数为输入的每一行（含无法读取的行）；一条记录可以有多个问题，问题按规则分别计数；\
         “无问题记录”指可读取且未发现任何问题的记录。检查计划、执法主体、企业信息和基础数据的问题另行计数，合计数与校验输出一致。</li>\n",
    );
    out.push_str(
        "<li><b>执法主体。</b>一次检查的执法主体包括牵头机关、联合检查部门和委托机关；问题按第三部分所述规则归属。</li>\n",
    );
    out.push_str(
        "<li><b>监测预警。</b>多头、重复、高频次检查预警在达到条件的那次检查上提示，判断标准见下表；\
         预警提示需要关注的检查安排，本身不一定构成违规。</li>\n",
    );
    out.push_str(
        "<li><b>联合检查率。</b>按执法主体和年度计算：参与的现场检查中联合检查的比例，与当年（以12月31日为准）适用的目标比较，\
         与校验规则“联合检查率低于目标”的口径相同。</li>\n",
    );
    out.push_str(
        "<li><b>打印。</b>本报告为单一文件，不依赖网络，可直接在浏览器中打开并按A4纸打印，每部分另起一页。</li>\n",
    );
    out.push_str("</ol>\n<h3>（二）预警与目标参数</h3>\n");
    parameters(out, s, ds);
    out.push_str("<h3>（三）依据文件</h3>\n<ol class=\"sources\">\n");
    for (key, title) in SOURCES {
        w!(out, "<li>{}<span class=\"src-key\">（{}）</span></li>\n", esc(title), esc(key));
    }
    out.push_str("</ol>\n");
    w!(
        out,
        "<p class=\"end-note\">本报告由“检查 Jiancha”v{} 自动生成，数据截至{}。如需逐条核查，请查阅同次校验输出的明细结果。</p>\n</section>\n",
        esc(env!("CARGO_PKG_VERSION")),
        esc(&s.last_day.as_deref().map_or_else(|| "—".to_string(), zh_date))
    );
}

// ---------------------------------------------------------------------------------------------------------------
// Charts: horizontal bars in inline SVG
// ---------------------------------------------------------------------------------------------------------------

/// One bar: a label, stacked segments (value, CSS class), the text after it and an optional target (shares).
struct Bar {
    label: String,
    segments: Vec<(f64, &'static str)>,
    value: String,
    target: Option<f64>,
}

/// The x axis: counts (a nice round maximum) or shares (0–100%).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Axis {
    Count,
    Share,
}

fn sev_class(sev: Severity) -> &'static str {
    match sev {
        Severity::Violation => "seg-violation",
        Severity::Warning => "seg-warning",
        Severity::Info => "seg-info",
    }
}

/// Approximate width of a text in the chart font: CJK characters are square, Latin ones about half.
fn text_width(s: &str, size: f64) -> f64 {
    s.chars().map(|c| if c.is_ascii() { 0.58 } else { 1.0 }).sum::<f64>() * size
}

/// The text cut to `max` width with `…`.
fn fit(s: &str, max: f64, size: f64) -> String {
    if text_width(s, size) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = text_width("…", size);
    for c in s.chars() {
        let cw = if c.is_ascii() { 0.58 } else { 1.0 } * size;
        if w + cw > max {
            break;
        }
        w += cw;
        out.push(c);
    }
    out.push('…');
    out
}

/// A round axis maximum and tick step for counts up to `max` (steps of 1, 2 or 5 × 10ⁿ, at least 1).
fn nice_axis(max: f64) -> (f64, f64) {
    if max <= 0.0 {
        return (1.0, 1.0);
    }
    let raw = max / 5.0;
    let mag = 10f64.powf(raw.log10().floor());
    let norm = raw / mag;
    let step = (if norm <= 1.0 {
        1.0
    } else if norm <= 2.0 {
        2.0
    } else if norm <= 5.0 {
        5.0
    } else {
        10.0
    }) * mag;
    let step = step.max(1.0);
    ((max / step).ceil() * step, step)
}

/// A coordinate.
fn c(x: f64) -> String {
    format!("{x:.1}")
}

/// A horizontal bar chart.
fn chart(aria: &str, bars: &[Bar], axis: Axis, legend: &[(&str, &str)]) -> String {
    const W: f64 = 720.0;
    const FS: f64 = 12.0;
    const TOP: f64 = 24.0;
    // Long charts are drawn tighter so that they fit on one printed page.
    let (row, bar) = if bars.len() > 16 { (18.0, 11.0) } else { (24.0, 14.0) };
    let label_w = bars.iter().map(|b| text_width(&b.label, FS)).fold(0.0, f64::max).clamp(60.0, 250.0);
    let x0 = label_w + 14.0;
    let value_w = bars.iter().map(|b| text_width(&b.value, FS)).fold(0.0, f64::max) + 14.0;
    let x1 = W - value_w.clamp(40.0, 150.0);
    let max = bars.iter().map(|b| b.segments.iter().map(|s| s.0).sum::<f64>()).fold(0.0, f64::max);
    let (axis_max, step) = match axis {
        Axis::Count => nice_axis(max),
        Axis::Share => (1.0, 0.2),
    };
    let scale = (x1 - x0) / axis_max;
    let body = row * bars.len() as f64;
    let legend_h = if legend.is_empty() { 0.0 } else { 28.0 };
    let h = TOP + body + 6.0 + legend_h;
    let mut s = String::new();
    w!(
        s,
        "<figure class=\"chart\"><svg viewBox=\"0 0 {} {}\" width=\"100%\" role=\"img\" aria-label=\"{}\">\n",
        c(W),
        c(h),
        esc(aria)
    );
    // Grid and tick labels.
    let ticks = (axis_max / step).round() as usize;
    for i in 0..=ticks {
        let v = step * i as f64;
        let x = x0 + v * scale;
        let label = match axis {
            Axis::Share => format!("{}%", (v * 100.0).round()),
            Axis::Count => format!("{}", v.round()),
        };
        w!(
            s,
            "<line class=\"grid{}\" x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\"/><text class=\"tick\" x=\"{x}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n",
            if i == 0 { " axis" } else { "" },
            c(TOP - 4.0),
            c(TOP + body),
            c(TOP - 9.0),
            esc(&label),
            x = c(x)
        );
    }
    for (i, b) in bars.iter().enumerate() {
        let y = TOP + row * i as f64;
        let mid = y + row / 2.0;
        w!(
            s,
            "<g><title>{}：{}</title><text class=\"label\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            esc(&b.label),
            esc(&b.value),
            c(x0 - 8.0),
            c(mid + 4.0),
            esc(&fit(&b.label, label_w, FS))
        );
        let mut x = x0;
        for (v, class) in &b.segments {
            let width = v * scale;
            if width > 0.0 {
                w!(
                    s,
                    "<rect class=\"{class}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
                    c(x),
                    c(mid - bar / 2.0),
                    c(width),
                    c(bar)
                );
            }
            x += width;
        }
        let below = b.segments.iter().any(|(_, class)| *class == "seg-below");
        // The value goes after the bar, or after the target line when the bar stops short of it.
        let text_x = b.target.map_or(x, |t| x.max(x0 + t * scale)) + 6.0;
        w!(
            s,
            "<text class=\"value{}\" x=\"{}\" y=\"{}\">{}</text>",
            if below { " below" } else { "" },
            c(text_x),
            c(mid + 4.0),
            esc(&b.value)
        );
        if let Some(t) = b.target {
            let tx = c(x0 + t * scale);
            w!(s, "<line class=\"target\" x1=\"{tx}\" y1=\"{}\" x2=\"{tx}\" y2=\"{}\"/>", c(y + 1.0), c(y + row - 1.0));
        }
        s.push_str("</g>\n");
    }
    // Legend.
    let mut lx = x0;
    let ly = TOP + body + 6.0 + 14.0;
    for (class, text) in legend {
        if *class == "target" {
            w!(
                s,
                "<line class=\"target\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>",
                c(lx + 5.0),
                c(ly - 10.0),
                c(lx + 5.0),
                c(ly + 3.0)
            );
        } else {
            w!(s, "<rect class=\"{class}\" x=\"{}\" y=\"{}\" width=\"12\" height=\"10\"/>", c(lx), c(ly - 9.0));
        }
        w!(s, "<text class=\"legend\" x=\"{}\" y=\"{}\">{}</text>\n", c(lx + 17.0), c(ly), esc(text));
        lx += 17.0 + text_width(text, FS) + 22.0;
    }
    s.push_str("</svg></figure>\n");
    s
}

// ---------------------------------------------------------------------------------------------------------------
// Style
// ---------------------------------------------------------------------------------------------------------------

const CSS: &str = r#".quality-banner { border: 3px solid #b91c1c; background: #fef2f2; color: #7f1d1d; padding: 8px 14px; margin-bottom: 14px; break-inside: avoid; }
.quality-banner h2 { color: #b91c1c; margin: 4px 0; }
.unit { font-size: 15px; font-weight: 600; margin: 2px 0 6px; }
.tbar { display: inline-block; height: 10px; background: #1e3a8a; border-radius: 2px; }
table.problems td { vertical-align: top; font-size: 12px; }
table.problems td:nth-child(1), table.problems td:nth-child(2) { white-space: nowrap; }
ol.advice li { margin-bottom: 6px; }
@page { size: A4; margin: 15mm 15mm 16mm 15mm;
  @bottom-center { content: "第 " counter(page) " 页 / 共 " counter(pages) " 页"; font-size: 9pt; color: #555; } }
* { box-sizing: border-box; }
html { background: #eceff3; }
body { margin: 0; color: #1d2129; font-size: 15px; line-height: 1.8;
  font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", "SimSun", "STSong", serif; }
h1, h2, h3, th, .kpi, .badge, .chart, .kicker, .period, tfoot td, .verdict-below, .verdict-met, .flag {
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "SimHei", sans-serif; }
.page { max-width: 210mm; margin: 24px auto; padding: 18mm 17mm 20mm; background: #fff;
  box-shadow: 0 1px 3px rgba(0,0,0,.12), 0 4px 16px rgba(0,0,0,.06); }
.doc-head { text-align: center; margin-bottom: 8px; }
.kicker { margin: 0; color: #b3121b; font-size: 15px; letter-spacing: .5em; font-weight: 600; }
h1 { margin: 6px 0 4px; font-size: 30px; letter-spacing: .08em; color: #1d2129; font-weight: 700; }
.period { margin: 0; font-size: 15px; color: #333; }
.rule-red { height: 0; border-top: 3px solid #b3121b; border-bottom: 1px solid #b3121b; padding-top: 2px; margin: 14px 0 10px; }
.doc-head p.kicker, .doc-head p.period { text-align: center; }
.gen-note { text-align: left; font-size: 12.5px; color: #555; margin: 0 0 6px; line-height: 1.7; }
section { margin-top: 30px; }
h2 { font-size: 21px; font-weight: 700; margin: 0 0 12px; padding-bottom: 6px; border-bottom: 1px solid #c9ced6; color: #1d2129; }
h3 { font-size: 16px; margin: 20px 0 8px; color: #1d2129; }
p { margin: 8px 0; text-align: justify; }
.kpis { display: grid; grid-template-columns: repeat(4, 1fr); gap: 10px; margin: 14px 0 6px; }
.kpi { border: 1px solid #d5dae1; border-top: 3px solid #5b6b7f; padding: 8px 12px 8px; background: #fafbfc; }
.kpi.violation { border-top-color: #b3261e; } .kpi.warning { border-top-color: #c77c02; }
.kpi.info { border-top-color: #2f6fb0; } .kpi.good { border-top-color: #2e7d32; }
.kpi-label { font-size: 13px; color: #4e5969; }
.kpi-value { font-size: 26px; font-weight: 700; line-height: 1.3; color: #1d2129; }
.kpi.violation .kpi-value { color: #b3261e; }
.kpi-value small { font-size: 13px; font-weight: 400; margin-left: 3px; color: #4e5969; }
.kpi-sub { font-size: 12px; color: #6b7785; }
ol.summary { margin: 6px 0; padding-left: 1.6em; } ol.summary li { margin: 4px 0; text-align: justify; }
ol.notes li, ol.sources li { margin: 6px 0; text-align: justify; }
table { width: 100%; border-collapse: collapse; margin: 12px 0 8px; font-size: 13px; line-height: 1.55; }
th, td { border: 1px solid #c9ced6; padding: 5px 7px; vertical-align: top; }
th { background: #f0f2f5; font-weight: 600; text-align: left; white-space: nowrap; font-size: 12.5px; }
tfoot td { background: #f7f8fa; font-weight: 600; }
table.compact { width: auto; min-width: 50%; }
.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
th.num { text-align: right; }
.idx { text-align: center; width: 2.6em; color: #4e5969; }
.nowrap { white-space: nowrap; }
.rule-title { display: block; }
code { font-family: "DejaVu Sans Mono", "Consolas", monospace; font-size: 11px; color: #5b6470; }
.sub { font-size: 11.5px; color: #6b7785; margin-top: 1px; }
td.cite { font-size: 12px; color: #333; }
td.msg { font-size: 12.5px; }
td.remedy, div.remedy { font-size: 12px; color: #1f4e79; }
div.remedy { margin-top: 3px; }
th.w-remedy { width: 30%; }
th.w-rule { width: 36%; } th.w-kind { width: 7.5em; } th.w-ent { width: 30%; }
table.params td:first-child { white-space: nowrap; }
.badge { display: inline-block; padding: 0 6px; border-radius: 3px; font-size: 12px; line-height: 1.6; border: 1px solid; white-space: nowrap; }
.badge.violation { color: #a4231b; border-color: #e6b3ae; background: #fdf1f0; }
.badge.warning { color: #955c00; border-color: #ebd09c; background: #fff8ea; }
.badge.info { color: #25598f; border-color: #b4cce6; background: #f0f6fc; }
.t-violation { color: #b3261e; }
.muted, tr.muted td { color: #86909c; }
tr.below td { background: #fdf3f2; }
tr.below td.rate, .verdict-below { color: #b3261e; font-weight: 700; }
.verdict-met { color: #2e7d32; }
.flag { color: #b3261e; white-space: nowrap; font-size: 12.5px; }
.note { font-size: 12.5px; color: #5b6470; }
.empty { color: #5b6470; padding: 10px 12px; border: 1px dashed #c9ced6; background: #fafbfc; }
.src-key { white-space: nowrap; color: #86909c; font-size: 12px; margin-left: 4px; font-family: monospace; }
.end-note { margin-top: 24px; padding-top: 10px; border-top: 1px solid #c9ced6; font-size: 12.5px; color: #5b6470; }
figure.chart { margin: 10px 0 6px; padding: 8px 6px 4px; border: 1px solid #e1e5ea; background: #fff; break-inside: avoid; }
.chart svg { display: block; }
.chart text { font-size: 12px; fill: #1d2129; }
.chart .tick { font-size: 11px; fill: #6b7785; }
.chart .value { font-size: 11.5px; fill: #333; }
.chart .value.below { fill: #b3261e; font-weight: 700; }
.chart .legend { font-size: 11.5px; fill: #4e5969; }
.chart .grid { stroke: #e6e9ee; stroke-width: 1; }
.chart .grid.axis { stroke: #8a94a3; }
.chart .seg-violation { fill: #c0392b; } .chart .seg-warning { fill: #e39b2d; } .chart .seg-info { fill: #4a86c5; }
.chart .seg-neutral { fill: #5b7ea6; } .chart .seg-met { fill: #3d8b4f; } .chart .seg-below { fill: #c0392b; }
.chart .target { stroke: #1d2129; stroke-width: 1.6; stroke-dasharray: 3 2; }
@media screen and (max-width: 820px) { .page { margin: 0; padding: 16px; } .kpis { grid-template-columns: repeat(2, 1fr); } }
table.scopes { margin-top: 6px; }
@media print {
  html, body { background: #fff; }
  body { font-size: 10pt; line-height: 1.6; }
  h2 { font-size: 15pt; margin-bottom: 8px; } h3 { font-size: 11.5pt; margin: 12px 0 6px; }
  h1 { font-size: 22pt; }
  table { font-size: 8.5pt; line-height: 1.4; margin: 8px 0 6px; }
  th { font-size: 8.5pt; } th, td { padding: 3px 5px; }
  .sub, code, td.cite, td.msg, td.remedy, div.remedy, .note, .gen-note, .end-note { font-size: 8pt; }
  .kpis { gap: 7px; margin: 8px 0 4px; } .kpi { padding: 5px 9px; }
  .kpi-value { font-size: 18pt; } .kpi-label, .kpi-sub { font-size: 8.5pt; }
  ol.summary li { margin: 2px 0; }
  figure.chart { margin: 6px 0 4px; padding: 4px; }
  .page { max-width: none; margin: 0; padding: 0; box-shadow: none; }
  section { margin-top: 0; break-before: page; }
  section.first { break-before: auto; margin-top: 16px; }
  h2, h3 { break-after: avoid; }
  tr, figure.chart, .kpi { break-inside: avoid; }
  thead { display: table-header-group; }
  tfoot { display: table-row-group; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests fail loudly")]

    use super::*;

    #[test]
    fn escapes_every_special_character() {
        assert_eq!(esc("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
        assert_eq!(esc("磐安县"), "磐安县");
    }

    #[test]
    fn dates_and_shares_read_in_chinese() {
        assert_eq!(zh_date("2025-01-03"), "2025年1月3日");
        assert_eq!(zh_date("soon"), "soon");
        assert_eq!(pct(1, 3), "33.3%");
        assert_eq!(pct(1, 0), "—");
        assert_eq!(
            citations_zh(&catalogue::lookup("subject.too-few-officers").unwrap().citation_list()),
            "《行政处罚法》第四十二条"
        );
    }

    #[test]
    fn axes_are_round() {
        assert_eq!(nice_axis(0.0), (1.0, 1.0));
        assert_eq!(nice_axis(3.0), (3.0, 1.0));
        assert_eq!(nice_axis(47.0), (50.0, 10.0));
        assert_eq!(nice_axis(154.0), (200.0, 50.0));
    }

    #[test]
    fn long_labels_are_cut() {
        let cut = fit("磐安县文化和广电旅游体育局磐安县文化和广电旅游体育局", 120.0, 12.0);
        assert!(cut.ends_with('…'));
        assert!(text_width(&cut, 12.0) <= 120.0);
    }

    #[test]
    fn an_empty_report_is_still_a_report() {
        let html = html(Gather::default(), &Dataset::default(), None);
        for h in [
            "一、总体情况",
            "二、按规则统计",
            "三、按执法主体统计",
            "四、企业检查负担",
            "五、监测预警",
            "六、联合检查率",
            "七、数据质量",
            "八、工作建议",
            "九、说明",
        ] {
            assert!(html.contains(h), "{h}");
        }
        assert!(html.contains("无可读取的检查记录"));
    }
}
