//! The reference data changed record by record: one agency, enterprise, inspector, item or plan put or taken out,
//! the policy or the calendar replaced. Each change is a new bundle revision on top of the one in force, made only
//! if the whole bundle still loads (an entry that does not read is refused with the loader's message, the old
//! revision kept; what names a missing entry is a finding of the dataset rules, as in a file), and refused if
//! another change came in between (retry on the new revision: nothing is lost).

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use jiancha_store::{BundleFiles, BundleInfo};
use serde_json::{Value, json};

use crate::auth::Caller;
use crate::problem::Problem;
use crate::{App, blocking_p, id_param, load_bundle, require_json};

/// The collections of the reference data whose entries are changed one by one, each keyed by its `id`.
pub const COLLECTIONS: &[&str] = &["agencies", "enterprises", "inspectors", "items", "plans"];

fn collection(kind: &str) -> Result<&'static str, Problem> {
    COLLECTIONS.iter().copied().find(|c| *c == kind).ok_or_else(|| {
        Problem::not_found(format!(
            "没有这一类参考数据 `{kind}`，可用：{} / no collection `{kind}` in the reference data; one of {}",
            COLLECTIONS.join(", "),
            COLLECTIONS.join(", ")
        ))
    })
}

/// A collection's entries as JSON values, changed by `edit`, written back in the bundle's own form.
fn edit_entries(
    files: BundleFiles,
    kind: &str,
    edit: impl FnOnce(&mut Vec<Value>) -> Result<(), Problem>,
) -> Result<BundleFiles, Problem> {
    let unreadable = |e: serde_json::Error| {
        Problem::internal(format!("存储的参考数据无法读取 / the stored bundle does not read: {e}"))
    };
    match files {
        BundleFiles::Files(mut files) => {
            let name = format!("{kind}.json");
            let mut entries: Vec<Value> = match files.iter().find(|(n, _)| *n == name) {
                Some((_, text)) => serde_json::from_str(without_bom(text)).map_err(unreadable)?,
                None => Vec::new(),
            };
            edit(&mut entries)?;
            let text = serde_json::to_string_pretty(&entries)
                .map_err(|e| Problem::internal(format!("无法写出参考数据 / cannot write the reference data: {e}")))?
                + "\n";
            match files.iter_mut().find(|(n, _)| *n == name) {
                Some((_, t)) => *t = text,
                None => files.push((name, text)),
            }
            Ok(BundleFiles::Files(files))
        }
        BundleFiles::Object(text) => {
            let mut obj: serde_json::Map<String, Value> =
                serde_json::from_str(without_bom(&text)).map_err(unreadable)?;
            let mut entries: Vec<Value> = match obj.remove(kind) {
                Some(Value::Array(a)) => a,
                _ => Vec::new(),
            };
            edit(&mut entries)?;
            obj.insert(kind.to_string(), Value::Array(entries));
            Ok(BundleFiles::Object(Value::Object(obj).to_string()))
        }
    }
}

/// A stored file's text without the byte-order mark some editors write (the loader reads past it too).
fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

fn id_of(v: &Value) -> Option<&str> {
    v.get("id").and_then(Value::as_str)
}

/// Makes `change` of the bundle in force into a new revision named `name`, if the result loads; puts it in force.
pub fn change(
    app: &App,
    by: &str,
    name: &str,
    change: impl FnOnce(BundleFiles) -> Result<BundleFiles, Problem>,
) -> Result<BundleInfo, Problem> {
    let Some(bundle) = app.store.current_bundle()? else {
        return Err(Problem::internal("存储中没有参考数据 / the store has no reference data"));
    };
    let files = change(bundle.files)?;
    let ds = load_bundle(&files).map_err(|e| {
        Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "改动后的参考数据无法载入，未更换 / the changed reference data does not load and was not put in force",
            e,
        )
    })?;
    let info = app.store.put_bundle_on(Some(bundle.info.revision), name, by, &files)?;
    app.put_in_force(Some((info.clone(), Arc::new(ds))), None);
    tracing::info!(target: "jiancha::bundle", revision = info.revision, change = name, "bundle in force");
    Ok(info)
}

/// `PUT /v1/bundle/{kind}/{id}`: one entry put into a collection (in place of the entry of that id, or added).
pub async fn put_entry(
    State(app): State<App>,
    axum::Extension(caller): axum::Extension<Caller>,
    Path((kind, id)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), Problem> {
    require_json(&headers)?;
    let kind = collection(&kind)?;
    id_param("id", &id)?;
    let entry: Value = read_json(&body)?;
    if !entry.is_object() {
        return Err(Problem::bad_request("请求体须为一个 JSON 对象 / the body must be one JSON object"));
    }
    if id_of(&entry) != Some(id.as_str()) {
        return Err(Problem::bad_request(format!(
            "条目的 id 与路径中的 `{id}` 不同 / the entry's id is not the path's `{id}`"
        ))
        .at("/id"));
    }
    let a = app.clone();
    let (info, replaced) = blocking_p(move || {
        let mut replaced = false;
        let info = change(&a, &caller.token, &format!("{kind}/{id}"), |files| {
            edit_entries(files, kind, |entries| {
                match entries.iter_mut().find(|e| id_of(e) == Some(id.as_str())) {
                    Some(e) => {
                        *e = entry;
                        replaced = true;
                    }
                    None => entries.push(entry),
                }
                Ok(())
            })
        })?;
        Ok((info, replaced))
    })
    .await?;
    let status = if replaced { StatusCode::OK } else { StatusCode::CREATED };
    Ok((status, Json(json!({ "bundle": info, "replaced": replaced }))))
}

/// `DELETE /v1/bundle/{kind}/{id}`: one entry taken out of a collection (what still names it is then a finding of
/// the dataset rules, as in a file).
pub async fn delete_entry(
    State(app): State<App>,
    axum::Extension(caller): axum::Extension<Caller>,
    Path((kind, id)): Path<(String, String)>,
) -> Result<Json<Value>, Problem> {
    let kind = collection(&kind)?;
    id_param("id", &id)?;
    let a = app.clone();
    let info = blocking_p(move || {
        change(&a, &caller.token, &format!("-{kind}/{id}"), |files| {
            edit_entries(files, kind, |entries| {
                let before = entries.len();
                entries.retain(|e| id_of(e) != Some(id.as_str()));
                if entries.len() == before {
                    return Err(Problem::not_found(format!("{kind} 中没有 `{id}` / no `{id}` in {kind}")));
                }
                Ok(())
            })
        })
    })
    .await?;
    Ok(Json(json!({ "bundle": info })))
}

/// `PUT /v1/bundle/policy`: the policy replaced (TOML, as `policy.toml`; or JSON, as the one-object form's
/// `policy`).
pub async fn put_policy(
    State(app): State<App>,
    axum::Extension(caller): axum::Extension<Caller>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), Problem> {
    let text = std::str::from_utf8(&body)
        .map_err(|e| Problem::bad_request(format!("请求体不是 UTF-8 文本 / the body is not UTF-8 text: {e}")))?
        .to_string();
    let (_, mime) = crate::mime(&headers);
    let json_body = mime == "application/json";
    let value: Value = if json_body {
        read_json(text.as_bytes())?
    } else {
        match mime.as_str() {
            "application/toml" | "text/toml" | "text/plain" => {}
            _ => {
                return Err(Problem::new(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "不支持的内容类型 / unsupported content type",
                    "政策须为 TOML（application/toml）或 JSON（application/json） / the policy must be TOML (application/toml) or JSON (application/json)".to_string(),
                ));
            }
        }
        let table: toml::Table = toml::from_str(&text)
            .map_err(|e| Problem::bad_request(format!("请求体不是有效的 TOML / the body is not valid TOML: {e}")))?;
        serde_json::to_value(table)
            .map_err(|e| Problem::internal(format!("无法写出参考数据 / cannot write the reference data: {e}")))?
    };
    if !value.is_object() {
        return Err(Problem::bad_request("政策须为一个表 / the policy must be one table"));
    }
    let text = if json_body {
        toml::to_string(&value).map_err(|e| {
            Problem::bad_request(format!("政策无法写为 TOML / the policy cannot be written as TOML: {e}"))
        })?
    } else {
        text
    };
    put_part(app, caller, ("policy.toml", text), ("policy", value)).await
}

/// `PUT /v1/bundle/calendar`: the extra holiday years replaced (JSON, as `calendar.json`).
pub async fn put_calendar(
    State(app): State<App>,
    axum::Extension(caller): axum::Extension<Caller>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), Problem> {
    require_json(&headers)?;
    let value: Value = read_json(&body)?;
    let text = serde_json::to_string_pretty(&value)
        .map_err(|e| Problem::internal(format!("无法写出参考数据 / cannot write the reference data: {e}")))?
        + "\n";
    put_part(app, caller, ("calendar.json", text), ("calendar", value)).await
}

/// One part of the bundle replaced: the file `file.0` by the text `file.1` in the directory form, the member
/// `member.0` by `member.1` in the one-object form.
async fn put_part(
    app: App,
    caller: Caller,
    file: (&'static str, String),
    member: (&'static str, Value),
) -> Result<(StatusCode, Json<Value>), Problem> {
    let info = blocking_p(move || {
        change(&app, &caller.token, member.0, |files| match files {
            BundleFiles::Files(mut files) => {
                files.retain(|(n, _)| n != file.0);
                files.push((file.0.to_string(), file.1));
                Ok(BundleFiles::Files(files))
            }
            BundleFiles::Object(t) => set_member(&t, member.0, member.1),
        })
    })
    .await?;
    Ok((StatusCode::CREATED, Json(json!({ "bundle": info }))))
}

fn set_member(text: &str, key: &str, value: Value) -> Result<BundleFiles, Problem> {
    let mut obj: serde_json::Map<String, Value> = serde_json::from_str(without_bom(text))
        .map_err(|e| Problem::internal(format!("存储的参考数据无法读取 / the stored bundle does not read: {e}")))?;
    obj.insert(key.to_string(), value);
    Ok(BundleFiles::Object(Value::Object(obj).to_string()))
}

/// A request body read as JSON.
fn read_json(body: &[u8]) -> Result<Value, Problem> {
    serde_json::from_slice(body)
        .map_err(|e| Problem::bad_request(format!("请求体不是有效的 JSON / the body is not valid JSON: {e}")))
}
