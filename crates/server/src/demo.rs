//! `jiancha serve --demo`: the built-in Pan'an example county as the reference data, and a token for each role.

use jiancha_store::{BundleFiles, Role, Store};

use crate::auth::{NewToken, new_token};

/// The example's reference data (`examples/panan/`), built into the binary so that the demo needs no checkout.
pub fn example_bundle() -> BundleFiles {
    BundleFiles::Files(vec![
        ("agencies.json".into(), include_str!("../../../examples/panan/agencies.json").into()),
        ("enterprises.json".into(), include_str!("../../../examples/panan/enterprises.json").into()),
        ("inspectors.json".into(), include_str!("../../../examples/panan/inspectors.json").into()),
        ("items.json".into(), include_str!("../../../examples/panan/items.json").into()),
        ("plans.json".into(), include_str!("../../../examples/panan/plans.json").into()),
        ("policy.toml".into(), include_str!("../../../examples/panan/policy.toml").into()),
    ])
}

/// The example's 2025 records (JSON Lines).
pub const EXAMPLE_RECORDS: &str = include_str!("../../../examples/panan/records-2025.jsonl");

/// The demo's tokens: officers of 市场监管局 (scjg) and 应急管理局 (yjgl), a supervisor and an admin, each valid
/// for 30 days. They are new on every start (a token's secret is never stored).
pub fn demo_tokens(store: &dyn Store) -> jiancha_store::Result<Vec<NewToken>> {
    let wanted = [
        ("demo-officer-scjg", "scjg", Role::Officer),
        ("demo-officer-yjgl", "yjgl", Role::Officer),
        ("demo-supervisor", "scjg", Role::Supervisor),
        ("demo-admin", "scjg", Role::Admin),
    ];
    let mut out = Vec::new();
    for (label, agency, role) in wanted {
        let t = new_token(label, agency, role, Some(30));
        store.put_token(&t.info)?;
        out.push(t);
    }
    Ok(out)
}

/// The id of the demo's visit of today, whose code an enterprise can verify at the door.
pub const TODAY_VISIT: &str = "I-DEMO-TODAY";

/// What the demo county seeds into an empty store: the example's records filed one by one (as officers of their
/// agencies would file them), a visit of today with a code to verify, and two evaluations with complaints about
/// 市场监管局 (which raise the complaint alert and put complaints in the 问题清单). Blocking: called before the
/// service's runtime starts. Returns the code and enterprise of today's visit.
pub fn seed(app: &crate::App) -> anyhow::Result<(String, String)> {
    use jiancha_core::supervision::Complaint;
    let mut lines: Vec<serde_json::Value> =
        EXAMPLE_RECORDS.lines().filter(|l| !l.trim().is_empty()).map(serde_json::from_str).collect::<Result<_, _>>()?;
    let today = today_visit(&lines)?;
    let code = text(&today, "code").to_string();
    let enterprise = text(&today, "enterprise").to_string();
    lines.push(today);
    let mut waiting = Vec::new();
    for r in &lines {
        let agency = text(r, "lead_agency").to_string();
        let caller = crate::auth::Caller { token: "demo-seed".into(), agency, role: Role::Officer };
        let prepared = crate::service::prepare(&caller, r.to_string().as_bytes())
            .map_err(|p| anyhow::anyhow!("{}: {}", p.title, p.detail))?;
        let (reply, answer) = tokio::sync::oneshot::channel();
        let req = crate::service::FileRequest { caller, prepared, loaded: app.loaded.load_full(), reply };
        app.filer.send(crate::service::Work::File(req)).map_err(|_| anyhow::anyhow!("the filer has stopped"))?;
        waiting.push(answer);
    }
    for w in waiting {
        w.blocking_recv()
            .map_err(|_| anyhow::anyhow!("a demo filing did not finish"))?
            .map_err(|p| anyhow::anyhow!("{}: {}", p.title, p.detail))?;
    }
    // Two visits of 市场监管局 in 2025, complained of.
    let complained: Vec<&serde_json::Value> = lines
        .iter()
        .filter(|r| text(r, "lead_agency") == "scjg" && text(r, "mode") == "on-site" && !text(r, "code").is_empty())
        .take(2)
        .collect();
    let texts = [
        (2, vec!["hospitality"], "检查结束后要求安排午餐 / asked for lunch to be arranged after the inspection"),
        (
            1,
            vec!["legal-rep-required", "no-code"],
            "未出示行政行为码，并要求法定代表人必须到场 / no code shown; the legal representative was required",
        ),
    ];
    for (r, (rating, kinds, words)) in complained.iter().zip(texts) {
        let kinds: Vec<&'static Complaint> = kinds.iter().filter_map(|k| Complaint::by_id(k)).collect();
        crate::enterprise::submit(
            app,
            text(r, "code"),
            text(r, "enterprise"),
            rating,
            &kinds,
            format!("（演示评价 / demo evaluation）{words}"),
        )
        .map_err(|p| anyhow::anyhow!("{}: {}", p.title, p.detail))?;
    }
    Ok((code, enterprise))
}

/// An on-site 双随机 visit of 市场监管局 under way now (begun an hour ago), made from the example's first such
/// record: its code, approval and notice moved with it.
fn today_visit(lines: &[serde_json::Value]) -> anyhow::Result<serde_json::Value> {
    let mut r = lines
        .iter()
        .find(|r| {
            text(r, "lead_agency") == "scjg" && text(r, "mode") == "on-site" && text(r, "trigger") == "random-sampling"
        })
        .cloned()
        .ok_or_else(|| anyhow::anyhow!("the example has no on-site random-sampling visit of scjg"))?;
    let now = chrono::Utc::now().with_timezone(&jiancha_core::time::shanghai());
    let at = |hours: i64| (now + chrono::Duration::hours(hours)).format("%Y-%m-%dT%H:%M:00+08:00").to_string();
    let code = format!("ZJXZ330727{}90001", (now - chrono::Duration::hours(1)).format("%Y%m%d"));
    let notice = serde_json::json!({"sent_at": at(-26), "time": true, "basis": true, "purpose": true, "content": true});
    let Some(o) = r.as_object_mut() else { anyhow::bail!("an example record is not an object") };
    for (k, v) in [
        ("id", TODAY_VISIT.into()),
        ("started_at", at(-1).into()),
        ("ended_at", at(2).into()),
        ("code_assigned_at", at(-2).into()),
        ("code", code.into()),
        ("notice", notice),
    ] {
        o.insert(k.to_string(), v);
    }
    if let Some(a) = o.get_mut("approval").and_then(serde_json::Value::as_object_mut) {
        a.insert("approved_at".into(), at(-3).into());
    }
    Ok(r)
}

/// A string field of a record (empty when it has none).
fn text<'a>(r: &'a serde_json::Value, key: &str) -> &'a str {
    r.get(key).and_then(serde_json::Value::as_str).unwrap_or_default()
}
