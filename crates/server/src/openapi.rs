//! `GET /openapi.json`: the API described as OpenAPI 3.1, made from the endpoint table ([`crate::auth::ENDPOINTS`],
//! with who may call each) and the core's JSON Schema of the record (`jiancha_core::schema`), so that it cannot
//! drift from what the router serves or what the engine reads.

use serde_json::{Map, Value, json};

use crate::auth::{Access, ENDPOINTS};

/// The record schema's definitions moved to `components/schemas` (OpenAPI resolves `$ref` from the document's root).
fn record_schemas() -> Map<String, Value> {
    let text = jiancha_core::schema::inspection_schema().replace("#/$defs/", "#/components/schemas/");
    let mut schema: Map<String, Value> = serde_json::from_str(&text).unwrap_or_default();
    let mut out = match schema.remove("$defs") {
        Some(Value::Object(defs)) => defs,
        _ => Map::new(),
    };
    schema.remove("$schema");
    out.insert("Inspection".into(), Value::Object(schema));
    out
}

fn problem_schema() -> Value {
    json!({
        "type": "object",
        "description": "RFC 9457 problem: Chinese first, English beside; `pointer` names the field at fault.",
        "properties": {
            "type": {"type": "string"}, "status": {"type": "integer"}, "title": {"type": "string"},
            "detail": {"type": "string"}, "pointer": {"type": "string"}, "retry_after": {"type": "integer"}
        },
        "required": ["type", "status", "title"]
    })
}

/// The document.
pub fn document() -> Value {
    let mut schemas = record_schemas();
    schemas.insert("Problem".into(), problem_schema());
    let problem = json!({"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}});
    let mut paths = Map::new();
    for ep in ENDPOINTS {
        let params: Vec<Value> = ep
            .path
            .split('/')
            .filter_map(|seg| {
                seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')).map(|s| s.trim_start_matches('*'))
            })
            .map(|name| {
                let schema = if name == "kind" {
                    json!({"enum": crate::bundle::COLLECTIONS})
                } else {
                    json!({"type": "string"})
                };
                json!({"name": name, "in": "path", "required": true, "schema": schema})
            })
            .collect();
        let mut op = Map::new();
        op.insert("summary".into(), json!(ep.summary));
        op.insert("operationId".into(), json!(format!("{} {}", ep.method.to_lowercase(), ep.path)));
        if !params.is_empty() {
            op.insert("parameters".into(), Value::Array(params));
        }
        match ep.access {
            Access::Public => {
                op.insert("security".into(), json!([]));
                op.insert("x-roles".into(), json!(["anyone"]));
            }
            Access::Roles(roles) => {
                op.insert("security".into(), json!([{"token": []}]));
                op.insert("x-roles".into(), json!(roles.iter().map(|r| r.as_str()).collect::<Vec<_>>()));
            }
        }
        if ep.path.starts_with("/v1/inspections") && ep.method == "POST" {
            op.insert(
                "requestBody".into(),
                json!({"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Inspection"}}}}),
            );
        } else if ep.path == "/v1/batches" && ep.method == "POST" {
            let binary = json!({"schema": {"type": "string", "format": "binary"}});
            op.insert(
                "requestBody".into(),
                json!({"required": true, "content": {
                    "application/x-ndjson": binary, "application/gzip": binary, "text/csv": binary,
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": binary
                }}),
            );
            op.insert(
                "parameters".into(),
                json!([
                    {"name": "format", "in": "query", "schema": {"enum": ["jsonl", "jsonl.gz", "csv", "xlsx"]}},
                    {"name": "name", "in": "query", "schema": {"type": "string"}, "description": "the export's file name, for messages"}
                ]),
            );
        } else if ep.path == "/v1/bundle/policy" {
            let object = json!({"schema": {"type": "object"}});
            op.insert(
                "requestBody".into(),
                json!({"required": true, "content": {"application/toml": {"schema": {"type": "string"}}, "application/json": object}}),
            );
        } else if matches!(ep.method, "POST" | "PUT") {
            op.insert(
                "requestBody".into(),
                json!({"required": true, "content": {"application/json": {"schema": {"type": "object"}}}}),
            );
        }
        op.insert(
            "responses".into(),
            json!({
                "2XX": {"description": "the answer (JSON; the alert stream: text/event-stream)"},
                "4XX": {"description": "refused: the problem says why", "content": problem},
                "5XX": {"description": "the service or its store failed; 503 carries Retry-After", "content": problem}
            }),
        );
        let item = paths.entry(ep.path.replace("{*", "{")).or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(m) = item {
            m.insert(ep.method.to_lowercase(), Value::Object(op));
        }
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "检查 Jiancha",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "涉企行政检查合规服务 / the county's inspection service: checks proposed and filed inspections against the rules and the enterprise's history."
        },
        "components": {
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer", "description": "jct_<id>_<secret>, from `jiancha token create` or POST /v1/tokens"}},
            "schemas": schemas
        },
        "paths": paths
    })
}
