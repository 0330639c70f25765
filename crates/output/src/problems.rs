//! The 涉企行政执法问题清单 written out: an Excel workbook (one row per problem, one sheet of its moves) and a
//! printable HTML document to hand to the discipline bodies (行纪联动), both from the service's
//! [`ProblemList`].

use anyhow::{Result, anyhow};
use jiancha_core::catalogue::{cite_en, cite_zh};
use jiancha_core::supervision::{Listed, ProblemList};

use crate::report::esc;
use crate::sheets::excel_text;

fn clauses_zh(p: &Listed) -> String {
    p.problem.citations.iter().map(|c| cite_zh(&c.source, &c.article)).collect::<Vec<_>>().join("；")
}

fn clauses_en(p: &Listed) -> String {
    p.problem.citations.iter().map(|c| cite_en(&c.source, &c.article)).collect::<Vec<_>>().join("; ")
}

fn complaints_text(p: &Listed) -> String {
    p.evaluations
        .iter()
        .map(|e| {
            let text = if e.text.is_empty() { String::new() } else { format!("：{}", e.text) };
            format!("{}（评分 {}/5）{text}", e.record, e.rating)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The workbook: sheet 问题清单 (a row per problem) and sheet 流转记录 (a row per move).
pub fn xlsx(list: &ProblemList) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    let xerr = |e: rust_xlsxwriter::XlsxError| anyhow!("无法生成 Excel 文件 / cannot build the workbook: {e}");
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("问题清单").map_err(xerr)?;
    let head = [
        ("序号 No.", 6.0),
        ("机构 agency", 22.0),
        ("类别 category", 18.0),
        ("问题 problem", 36.0),
        ("规则 rule", 26.0),
        ("条款 clause", 40.0),
        ("整改建议 remedy", 50.0),
        ("记录数 records", 9.0),
        ("记录 record ids", 40.0),
        ("企业评价 evaluations", 40.0),
        ("状态 state", 9.0),
        ("最后变更 last change", 30.0),
    ];
    for (c, (t, w)) in head.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *t, &bold).map_err(xerr)?;
        sheet.set_column_width(c as u16, *w).map_err(xerr)?;
    }
    let mut row = 1u32;
    for a in &list.agencies {
        for p in &a.problems {
            let last = p.history.last().map_or(String::new(), |m| format!("{} {} {}", m.at, m.by, m.note));
            let cells = [
                row.to_string(),
                format!("{}（{}）", a.agency_name, a.agency),
                p.category_zh.to_string(),
                p.problem.title.clone(),
                p.problem.rule.clone(),
                clauses_zh(p),
                p.problem.remedy.clone(),
                p.problem.records.len().to_string(),
                p.problem.records.join(", "),
                complaints_text(p),
                p.state_zh.to_string(),
                last,
            ];
            for (c, v) in cells.iter().enumerate() {
                sheet.write_string_with_format(row, c as u16, excel_text(v), &wrap).map_err(xerr)?;
            }
            row += 1;
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(xerr)?;
    if row > 1 {
        sheet.autofilter(0, 0, row - 1, (head.len() - 1) as u16).map_err(xerr)?;
    }
    let moves = book.add_worksheet();
    moves.set_name("流转记录").map_err(xerr)?;
    for (c, t) in ["问题 problem key", "从 from", "到 to", "说明 note", "操作人 by", "时间 at"].iter().enumerate()
    {
        moves.write_string_with_format(0, c as u16, *t, &bold).map_err(xerr)?;
        moves.set_column_width(c as u16, if c == 0 || c == 3 { 40.0 } else { 16.0 }).map_err(xerr)?;
    }
    let mut r = 1u32;
    for p in list.agencies.iter().flat_map(|a| &a.problems) {
        for m in &p.history {
            let cells = [p.problem.key.as_str(), m.from.zh(), m.to.zh(), m.note.as_str(), m.by.as_str(), m.at.as_str()];
            for (c, v) in cells.iter().enumerate() {
                moves.write_string(r, c as u16, excel_text(v)).map_err(xerr)?;
            }
            r += 1;
        }
    }
    book.save_to_buffer().map_err(xerr)
}

/// The printable document's style, inline (the document stands alone as a file); the web app's policy allows it by
/// its hash.
pub const PRINT_CSS: &str = "body{font-family:'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei',sans-serif;margin:2em;color:#111}\
h1{font-size:1.5em;margin:0 0 .2em}h2{font-size:1.15em;margin:1.6em 0 .4em;border-bottom:2px solid #333;page-break-after:avoid}\
table{border-collapse:collapse;width:100%;font-size:.85em}th,td{border:1px solid #888;padding:.3em .45em;vertical-align:top;text-align:left}\
th{background:#eee}tr{page-break-inside:avoid}.meta{color:#444;font-size:.9em}.en{color:#555;font-size:.9em}\
.sign{margin-top:3em;display:flex;gap:6em}@media print{body{margin:0}a{color:inherit;text-decoration:none}}";

/// A printable document: a section per agency, a table row per problem with its records, clauses, remedy, state
/// and moves; the counts by state at the top; room for the signatures at the end.
pub fn html(list: &ProblemList, made_at: &str, made_by: &str) -> String {
    let mut out = String::new();
    out.push_str("<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">");
    out.push_str(&format!(
        "<title>{} 年涉企行政执法问题清单 / problem list {}</title><style>{PRINT_CSS}</style></head><body>",
        list.year, list.year
    ));
    out.push_str(&format!(
        "<h1>{} 年度涉企行政执法问题清单</h1><p class=\"en\">Problems of enterprise inspections, {} — by agency</p>",
        list.year, list.year
    ));
    out.push_str(&format!("<p class=\"meta\">生成 / made {} · {}</p>", esc(made_at), esc(made_by)));
    let counts: Vec<String> =
        list.by_state.iter().map(|(s, n)| format!("{} {} <span class=\"en\">{}</span>", s.zh(), n, s.en())).collect();
    out.push_str(&format!("<p>状态 / states: {}</p>", counts.join(" · ")));
    if list.agencies.is_empty() {
        out.push_str("<p>本年度没有问题 / no problems this year.</p>");
    }
    for a in &list.agencies {
        out.push_str(&format!(
            "<h2>{}（{}）· {} 项 / {} problems</h2>",
            esc(&a.agency_name),
            esc(&a.agency),
            a.problems.len(),
            a.problems.len()
        ));
        out.push_str(
            "<table><thead><tr><th>类别 / category</th><th>问题 / problem</th><th>条款 / clause</th>\
             <th>整改建议 / remedy</th><th>记录 / records</th><th>状态 / state</th><th>流转 / moves</th></tr></thead><tbody>",
        );
        for p in &a.problems {
            let moves: Vec<String> = p
                .history
                .iter()
                .map(|m| format!("{} → {}：{} · {} · {}", m.from.zh(), m.to.zh(), esc(&m.note), esc(&m.by), esc(&m.at)))
                .collect();
            let mut records = esc(&p.problem.records.join(", "));
            if !p.evaluations.is_empty() {
                records.push_str("<br>");
                records.push_str(&esc(&complaints_text(p)).replace('\n', "<br>"));
            }
            out.push_str(&format!(
                "<tr><td>{}<div class=\"en\">{}</div></td><td>{}<div class=\"en\">{} · <code>{}</code></div></td>\
                 <td>{}<div class=\"en\">{}</div></td><td>{}<div class=\"en\">{}</div></td><td>{} 条 / {}: {}</td>\
                 <td>{}</td><td>{}</td></tr>",
                esc(p.category_zh),
                esc(p.category_en),
                esc(&p.problem.title),
                esc(&p.problem.title_en),
                esc(&p.problem.rule),
                esc(&clauses_zh(p)),
                esc(&clauses_en(p)),
                esc(&p.problem.remedy),
                esc(&p.problem.remedy_en),
                p.problem.records.len(),
                p.problem.records.len(),
                records,
                esc(p.state_zh),
                moves.join("<br>"),
            ));
        }
        out.push_str("</tbody></table>");
    }
    out.push_str(
        "<div class=\"sign\"><p>监督机构（盖章）/ supervision (seal)：</p><p>日期 / date：</p></div></body></html>",
    );
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests fail loudly")]

    use std::collections::BTreeMap;

    use jiancha_core::meta::Severity;
    use jiancha_core::supervision::{FindingOf, Move, ProblemState, list, problems};

    use super::*;

    fn sample() -> ProblemList {
        let p = problems(
            2025,
            [FindingOf { record: "I-1", agency: "scjg", rule: "plan.outside-plan", severity: Severity::Violation }],
            [],
        );
        let mut moves = BTreeMap::new();
        moves.insert(
            p[0].key.clone(),
            vec![Move {
                from: ProblemState::Found,
                to: ProblemState::Assigned,
                note: "<交办>".into(),
                by: "sup".into(),
                at: "2026-01-02T00:00:00Z".into(),
            }],
        );
        list(2025, p, &moves, &BTreeMap::new(), |_| "市场监管局".into())
    }

    #[test]
    fn the_document_holds_every_problem_and_escapes_what_it_shows() {
        let doc = html(&sample(), "2026-01-03", "sup");
        assert!(doc.contains("plan.outside-plan"));
        assert!(doc.contains("发现 → 交办：&lt;交办&gt;"), "{doc}");
        assert!(!doc.contains("<交办>"));
        assert!(doc.contains("交办 1"));
    }

    #[test]
    fn the_workbook_is_a_zip_with_both_sheets() {
        let bytes = xlsx(&sample()).unwrap();
        assert_eq!(&bytes[..2], b"PK");
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains("xl/worksheets/sheet2.xml"));
    }
}
