//! The browser API (feature `wasm`): the same engine as the `jiancha` binary, exported to JavaScript with
//! wasm-bindgen. Nothing throws across the boundary: every function returns `{ok: true, …}` or
//! `{ok: false, error: {message, path, file, line}}`.
//!
//! Inputs may be JSON text or plain JavaScript objects (which are turned into JSON text and read by the very
//! same parser, so errors name the same paths as on the server).

use wasm_bindgen::prelude::*;

use crate::api::{ApiError, CheckAnswer, CheckStatsAnswer, Failure, FindingsAnswer, QuotaAnswer, True};
use crate::dataset::Dataset;
use crate::engine::{Engine, parse_records};
use crate::error::{InputError, from_str_with_path, parse_json};
use crate::model::{Inspection, Plan};

/// A JS value as JSON text: strings are taken as they are, anything else is `JSON.stringify`-ed.
fn text(v: &JsValue) -> Result<String, JsValue> {
    if let Some(s) = v.as_string() {
        return Ok(s);
    }
    js_sys::JSON::stringify(v)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| fail_message("无法转换为 JSON / cannot turn the value into JSON", ""))
}

/// An answer of [`crate::api`] as a JavaScript value (through JSON text: one parser, the same spelling).
fn answer<T: serde::Serialize>(a: &T) -> JsValue {
    serde_json::to_string(a).ok().and_then(|t| js_sys::JSON::parse(&t).ok()).unwrap_or(JsValue::NULL)
}

fn fail_message(message: &str, path: &str) -> JsValue {
    answer(&Failure::from(ApiError::new(message, path)))
}

fn fail(e: &InputError) -> JsValue {
    answer(&Failure::from(ApiError::from(e)))
}

fn load(dataset: &JsValue, policy_toml: Option<String>) -> Result<Dataset, JsValue> {
    let mut ds = Dataset::from_object("dataset.json", &text(dataset)?).map_err(|e| fail(&e))?;
    if let Some(p) = policy_toml.filter(|p| !p.trim().is_empty()) {
        ds.policy.apply_toml("policy.toml", &p).map_err(|e| fail(&e))?;
    }
    Ok(ds)
}

/// A dataset loaded once and checked against many times (what a form does on every change).
#[wasm_bindgen]
#[derive(Debug)]
pub struct Checker {
    ds: Dataset,
}

#[wasm_bindgen]
impl Checker {
    /// Loads a dataset (one JSON object) and an optional `policy.toml`; `{ok: false, error}` when it cannot be read.
    pub fn load(dataset: JsValue, policy_toml: Option<String>) -> JsValue {
        match load(&dataset, policy_toml) {
            Ok(ds) => JsValue::from(Checker { ds }),
            Err(e) => e,
        }
    }

    /// Loads the directory form of a dataset, `{"agencies.json": text, "policy.toml": text, …}` (what
    /// `jiancha serve` answers at `GET /v1/bundle` as `files`), exactly as the server loads it.
    #[wasm_bindgen(js_name = loadFiles)]
    pub fn load_files(files: JsValue) -> JsValue {
        let files = match text(&files).map(|t| parse_json::<std::collections::BTreeMap<String, String>>("files", &t)) {
            Ok(Ok(f)) => f,
            Ok(Err(e)) => return fail(&e),
            Err(e) => return e,
        };
        let files: Vec<(String, String)> = files.into_iter().collect();
        match Dataset::from_files("dataset", &files) {
            Ok(ds) => JsValue::from(Checker { ds }),
            Err(e) => fail(&e),
        }
    }

    /// The caps of the frequency family for `agency` and `enterprise` in `year`, as in force on `day`
    /// (`YYYY-MM-DD`), counted over `history` (the enterprise's records): `{ok, caps, …}`, the numbers of the
    /// server's `GET /v1/enterprises/{uscc}/quota`.
    pub fn quota(&self, history: JsValue, enterprise: &str, agency: &str, year: i32, day: &str) -> JsValue {
        let history_text =
            if history.is_undefined() || history.is_null() { Ok("[]".to_string()) } else { text(&history) };
        let history: Vec<Inspection> = match history_text.map(|t| parse_json::<Vec<Inspection>>("history", &t)) {
            Ok(Ok(h)) => h,
            Ok(Err(e)) => return fail(&e),
            Err(e) => return e,
        };
        let Ok(as_of) = crate::time::Date::parse(day) else {
            return fail_message(
                &format!("day 须为 YYYY-MM-DD，收到 `{day}` / day must be YYYY-MM-DD, got `{day}`"),
                "/day",
            );
        };
        if self.ds.agency(agency).is_none() {
            return fail_message(&format!("没有机构 {agency} / no agency {agency}"), "/agency");
        }
        let caps = crate::rules::frequency::quota(&self.ds, &history, enterprise, agency, year, as_of);
        answer(&QuotaAnswer {
            ok: True,
            enterprise: enterprise.to_string(),
            agency: agency.to_string(),
            year,
            as_of: day.to_string(),
            caps,
        })
    }

    /// JSON Lines output, byte for byte that of `jiancha check --format jsonl`: `{ok, output}`.
    pub fn check(&self, inspections_jsonl: &str) -> JsValue {
        let output = Engine::new(&self.ds).check(parse_records(inspections_jsonl)).to_jsonl();
        answer(&CheckAnswer { ok: True, output })
    }

    /// [`Checker::check`], and what the output adds up to (`jiancha_core::stats::Stats`, the numbers of the HTML
    /// report): `{ok, output, stats}`.
    #[wasm_bindgen(js_name = checkWithStats)]
    pub fn check_with_stats(&self, inspections_jsonl: &str) -> JsValue {
        let (report, stats) = Engine::new(&self.ds).check_with_stats(parse_records(inspections_jsonl));
        answer(&CheckStatsAnswer { ok: True, output: report.to_jsonl(), stats })
    }

    /// One inspection against the enterprise's earlier records: `{ok, findings}` or `{ok: false, error}`.
    #[wasm_bindgen(js_name = validateInspection)]
    pub fn validate_inspection(&self, inspection: JsValue, history: JsValue) -> JsValue {
        validate_inspection_in(&self.ds, &inspection, &history)
    }

    /// One plan against the dataset (replacing a plan of the same id): `{ok, findings}` (scope `plan`).
    #[wasm_bindgen(js_name = validatePlan)]
    pub fn validate_plan(&self, plan: JsValue) -> JsValue {
        validate_plan_in(&self.ds, &plan)
    }
}

fn validate_inspection_in(ds: &Dataset, inspection: &JsValue, history: &JsValue) -> JsValue {
    let insp_text = match text(inspection) {
        Ok(t) => t,
        Err(e) => return e,
    };
    let insp: Inspection = match from_str_with_path(&insp_text) {
        Ok(i) => i,
        Err((mut path, e)) => {
            let message = crate::error::describe(&e.to_string(), &mut path);
            return fail_message(&message, &path);
        }
    };
    let history_text = if history.is_undefined() || history.is_null() { Ok("[]".to_string()) } else { text(history) };
    let history: Vec<Inspection> = match history_text.map(|t| parse_json::<Vec<Inspection>>("history", &t)) {
        Ok(Ok(h)) => h,
        Ok(Err(e)) => return fail(&e),
        Err(e) => return e,
    };
    // The same per-record list cap as every other way in (engine::parse_record).
    if let Some((field, n)) = insp.oversized_list() {
        let e = crate::engine::list_too_long(field, n);
        return fail_message(&e.message, &e.path);
    }
    if let Some((i, (field, n))) = history.iter().enumerate().find_map(|(i, h)| Some((i, h.oversized_list()?))) {
        let e = crate::engine::list_too_long(field, n);
        return fail(&InputError::new("history", 0, 0, format!("/{i}{}", e.path), e.message));
    }
    let id = insp.id.clone();
    let report = Engine::new(ds).validate_inspection(insp, history.into_iter().filter(|h| h.id != id).collect());
    let findings = report.lines.first().map(|l| l.findings.clone()).unwrap_or_default();
    answer(&FindingsAnswer { ok: True, findings })
}

fn validate_plan_in(ds: &Dataset, plan: &JsValue) -> JsValue {
    let plan_text = match text(plan) {
        Ok(t) => t,
        Err(e) => return e,
    };
    let plan: Plan = match parse_json("plan", &plan_text) {
        Ok(p) => p,
        Err(e) => return fail(&e),
    };
    let findings = match Engine::new(ds).validate_plan(plan) {
        Ok((_, f)) => f,
        Err(e) => return fail(&e),
    };
    answer(&FindingsAnswer { ok: True, findings })
}

/// `check(datasetJson, inspectionsJsonl, policyToml?)`: the JSON Lines text `jiancha check --format jsonl` prints
/// for the same input without plugins, as `{ok, output}`; `{ok: false, error}` when the dataset or policy is bad.
#[wasm_bindgen]
pub fn check(dataset: JsValue, inspections_jsonl: &str, policy_toml: Option<String>) -> JsValue {
    match load(&dataset, policy_toml) {
        Ok(ds) => Checker { ds }.check(inspections_jsonl),
        Err(e) => e,
    }
}

/// `checkWithStats(dataset, inspectionsJsonl, policyToml?)`: [`check`] with the run's stats (`{ok, output, stats}`).
#[wasm_bindgen(js_name = checkWithStats)]
pub fn check_with_stats(dataset: JsValue, inspections_jsonl: &str, policy_toml: Option<String>) -> JsValue {
    match load(&dataset, policy_toml) {
        Ok(ds) => Checker { ds }.check_with_stats(inspections_jsonl),
        Err(e) => e,
    }
}

/// `validateInspection(dataset, inspection, history)`: findings of one inspection (`{ok, findings}`).
#[wasm_bindgen(js_name = validateInspection)]
pub fn validate_inspection(dataset: JsValue, inspection: JsValue, history: JsValue) -> JsValue {
    match load(&dataset, None) {
        Ok(ds) => validate_inspection_in(&ds, &inspection, &history),
        Err(e) => e,
    }
}

/// `validatePlan(dataset, plan)`: findings of one plan (`{ok, findings}`).
#[wasm_bindgen(js_name = validatePlan)]
pub fn validate_plan(dataset: JsValue, plan: JsValue) -> JsValue {
    match load(&dataset, None) {
        Ok(ds) => validate_plan_in(&ds, &plan),
        Err(e) => e,
    }
}

/// `rules()`: the catalogue with titles, citations, parameters, notes and remedies (`{ok, rules, sources}`).
#[wasm_bindgen]
pub fn rules() -> JsValue {
    answer(&crate::api::rules())
}

/// `labels()`: the values of the contract's enumerations, in contract order, with their Chinese and English labels
/// (`{ok, labels: {trigger: [{value, zh, en}, …], …}}`), so that a page holds no list of its own.
#[wasm_bindgen]
pub fn labels() -> JsValue {
    answer(&crate::api::labels())
}

/// `citeZh(source, article)`: how a citation reads in Chinese text (《行政处罚法》第四十二条).
#[wasm_bindgen(js_name = citeZh)]
pub fn cite_zh(source: &str, article: &str) -> String {
    crate::catalogue::cite_zh(source, article)
}

/// The version of the engine.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
