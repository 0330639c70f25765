//! Who may call what. Every endpoint is in [`ENDPOINTS`] with the roles that may call it; a request to anything
//! else is refused (deny by default), and so is a request without a valid token for a role of the list. Tokens are
//! `jct_<id>_<secret>`: the store keeps the id and the SHA-256 of the secret only.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use jiancha_store::{Role, TokenInfo, sha256_hex};
use rand_core::{OsRng, RngCore};

use crate::problem::Problem;
use crate::{App, blocking};

/// Who may call an endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Anyone, without a token (health checks).
    Public,
    /// A token of one of these roles.
    Roles(&'static [Role]),
}

/// An endpoint of the API.
#[derive(Clone, Copy, Debug)]
pub struct Endpoint {
    pub method: &'static str,
    /// As the router matches it (`{name}` a path parameter).
    pub path: &'static str,
    pub access: Access,
    /// What it does, for the API's index.
    pub summary: &'static str,
}

use Role::{Admin, Officer, Supervisor};
const ALL: &[Role] = &[Officer, Supervisor, Admin];

/// Every endpoint and who may call it. The router refuses whatever is not here.
pub const ENDPOINTS: &[Endpoint] = &[
    Endpoint { method: "GET", path: "/", access: Access::Public, summary: "to the web app" },
    Endpoint { method: "GET", path: "/app", access: Access::Public, summary: "to the web app's directory" },
    Endpoint {
        method: "GET",
        path: "/app/",
        access: Access::Public,
        summary: "the web app (its data comes through the API)",
    },
    Endpoint { method: "GET", path: "/app/{*path}", access: Access::Public, summary: "a file of the web app" },
    Endpoint { method: "GET", path: "/health", access: Access::Public, summary: "the process is up" },
    Endpoint { method: "GET", path: "/health/ready", access: Access::Public, summary: "the store answers" },
    Endpoint {
        method: "GET",
        path: "/openapi.json",
        access: Access::Public,
        summary: "this API described (OpenAPI 3.1)",
    },
    Endpoint {
        method: "GET",
        path: "/metrics",
        access: Access::Roles(&[Supervisor, Admin]),
        summary: "Prometheus metrics",
    },
    Endpoint {
        method: "GET",
        path: "/v1/version",
        access: Access::Roles(ALL),
        summary: "engine, rules and bundle in force",
    },
    Endpoint {
        method: "GET",
        path: "/v1/me",
        access: Access::Roles(ALL),
        summary: "who the token is: role and agency",
    },
    Endpoint { method: "GET", path: "/v1/rules", access: Access::Roles(ALL), summary: "the rule catalogue" },
    Endpoint {
        method: "GET",
        path: "/v1/policy",
        access: Access::Roles(ALL),
        summary: "the parameters in force on a date",
    },
    Endpoint {
        method: "POST",
        path: "/v1/inspections:validate",
        access: Access::Roles(&[Officer]),
        summary: "check a proposed inspection against the stored history (nothing stored)",
    },
    Endpoint {
        method: "POST",
        path: "/v1/inspections",
        access: Access::Roles(&[Officer]),
        summary: "check and file an inspection record; answers the findings that changed on earlier records too",
    },
    Endpoint {
        method: "GET",
        path: "/v1/inspections/{id}",
        access: Access::Roles(&[Officer, Supervisor]),
        summary: "a stored record and its findings now (an officer: its agency's records only)",
    },
    Endpoint {
        method: "GET",
        path: "/v1/enterprises/{uscc}/history",
        access: Access::Roles(&[Officer, Supervisor]),
        summary: "the facts the cross-record rules read of an enterprise's records, without people's names",
    },
    Endpoint {
        method: "GET",
        path: "/v1/enterprises/{uscc}/quota",
        access: Access::Roles(&[Officer, Supervisor]),
        summary: "on-site visits used and left under each cap for an agency in a year, and why (an officer: its own agency)",
    },
    Endpoint {
        method: "POST",
        path: "/v1/plans:validate",
        access: Access::Roles(&[Officer, Supervisor]),
        summary: "check a proposed inspection plan against the reference data (nothing stored)",
    },
    Endpoint {
        method: "PUT",
        path: "/v1/plans/{id}",
        access: Access::Roles(&[Officer, Admin]),
        summary: "put a plan into the reference data as a new bundle revision (an officer: its agency's plans)",
    },
    Endpoint {
        method: "GET",
        path: "/v1/alerts",
        access: Access::Roles(&[Supervisor]),
        summary: "alerts after a sequence number",
    },
    Endpoint {
        method: "GET",
        path: "/v1/alerts/stream",
        access: Access::Roles(&[Supervisor]),
        summary: "new alerts as they are filed (server-sent events)",
    },
    Endpoint {
        method: "GET",
        path: "/v1/decisions/{id}",
        access: Access::Roles(&[Supervisor, Admin]),
        summary: "one entry of the decision log",
    },
    Endpoint {
        method: "GET",
        path: "/v1/bundles",
        access: Access::Roles(&[Supervisor, Admin]),
        summary: "reference-data revisions",
    },
    Endpoint {
        method: "POST",
        path: "/v1/bundles/{revision}/restore",
        access: Access::Roles(&[Admin]),
        summary: "put an earlier reference-data revision back in force (loaded again, stored as a new revision)",
    },
    Endpoint {
        method: "GET",
        path: "/v1/bundle",
        access: Access::Roles(ALL),
        summary: "the reference data in force as uploaded (for checking in the browser against the same data)",
    },
    Endpoint {
        method: "PUT",
        path: "/v1/bundle",
        access: Access::Roles(&[Admin]),
        summary: "upload a new reference-data bundle (verified, then swapped in)",
    },
    Endpoint {
        method: "PUT",
        path: "/v1/bundle/policy",
        access: Access::Roles(&[Admin]),
        summary: "replace the policy (TOML or JSON) as a new bundle revision",
    },
    Endpoint {
        method: "PUT",
        path: "/v1/bundle/calendar",
        access: Access::Roles(&[Admin]),
        summary: "replace the extra holiday years (JSON) as a new bundle revision",
    },
    Endpoint {
        method: "PUT",
        path: "/v1/bundle/{kind}/{id}",
        access: Access::Roles(&[Admin]),
        summary: "put one agency, enterprise, inspector, item or plan into the reference data as a new revision",
    },
    Endpoint {
        method: "DELETE",
        path: "/v1/bundle/{kind}/{id}",
        access: Access::Roles(&[Admin]),
        summary: "take one entry out of the reference data as a new revision",
    },
    Endpoint {
        method: "GET",
        path: "/v1/tokens",
        access: Access::Roles(&[Admin]),
        summary: "API tokens (never their secrets)",
    },
    Endpoint {
        method: "POST",
        path: "/v1/tokens",
        access: Access::Roles(&[Admin]),
        summary: "create a token (its secret shown once)",
    },
    Endpoint { method: "DELETE", path: "/v1/tokens/{id}", access: Access::Roles(&[Admin]), summary: "revoke a token" },
    Endpoint {
        method: "POST",
        path: "/v1/batches",
        access: Access::Roles(&[Supervisor]),
        summary: "upload a whole export (JSON Lines, gzip, CSV or XLSX) to be checked as `jiancha check` checks a file",
    },
    Endpoint {
        method: "GET",
        path: "/v1/batches",
        access: Access::Roles(&[Supervisor]),
        summary: "batch jobs, newest first",
    },
    Endpoint {
        method: "GET",
        path: "/v1/batches/{id}",
        access: Access::Roles(&[Supervisor]),
        summary: "a batch job: its state, progress and summary",
    },
    Endpoint {
        method: "GET",
        path: "/v1/batches/{id}/output/{format}",
        access: Access::Roles(&[Supervisor]),
        summary: "a finished batch job's output: jsonl, csv, xlsx or report (HTML), the bytes `jiancha check` writes",
    },
    Endpoint {
        method: "GET",
        path: "/v1/plugins",
        access: Access::Roles(ALL),
        summary: "the department plugins in force",
    },
    Endpoint {
        method: "PUT",
        path: "/v1/plugins/{id}",
        access: Access::Roles(&[Admin]),
        summary: "install a signed plugin (verified, loaded with the others, then swapped in)",
    },
    Endpoint {
        method: "DELETE",
        path: "/v1/plugins/{id}",
        access: Access::Roles(&[Admin]),
        summary: "take a plugin out of the set in force",
    },
    Endpoint {
        method: "GET",
        path: "/v1/plugin-history",
        access: Access::Roles(&[Admin]),
        summary: "every install and removal of every plugin",
    },
    Endpoint {
        method: "POST",
        path: "/v1/plugin-history/{seq}/restore",
        access: Access::Roles(&[Admin]),
        summary: "put an earlier install of a plugin back in force (verified again)",
    },
    Endpoint {
        method: "GET",
        path: "/verify",
        access: Access::Public,
        summary: "the enterprise's page: verify the 行政行为码 shown at the door, evaluate the visit",
    },
    Endpoint {
        method: "GET",
        path: "/verify/{file}",
        access: Access::Public,
        summary: "a file of the enterprise's page",
    },
    Endpoint {
        method: "GET",
        path: "/v1/public/complaints",
        access: Access::Public,
        summary: "what an enterprise may complain of (五个严禁、八个不得, the code not shown)",
    },
    Endpoint {
        method: "POST",
        path: "/v1/public/codes:verify",
        access: Access::Public,
        summary: "an enterprise verifies a 行政行为码 with its USCC (rate-limited per address; no person named)",
    },
    Endpoint {
        method: "POST",
        path: "/v1/public/evaluations",
        access: Access::Public,
        summary: "an enterprise evaluates a visit, bound to its code, and may complain (rate-limited per address)",
    },
    Endpoint {
        method: "GET",
        path: "/v1/problems",
        access: Access::Roles(&[Supervisor]),
        summary: "the year's 问题清单 by agency: each problem with its records, clause, remedy, state and history",
    },
    Endpoint {
        method: "POST",
        path: "/v1/problems/{key}/moves",
        access: Access::Roles(&[Supervisor]),
        summary: "move a problem to its next state (发现 → 交办 → 整改 → 评价), with a note",
    },
    Endpoint {
        method: "GET",
        path: "/v1/problems/export/{format}",
        access: Access::Roles(&[Supervisor]),
        summary: "the year's 问题清单 as XLSX or as a printable HTML document",
    },
];

/// The endpoint a request matched, if it is in the table.
pub fn endpoint(method: &Method, path: &str) -> Option<&'static Endpoint> {
    ENDPOINTS.iter().find(|e| e.method == method.as_str() && e.path == path)
}

/// The caller of a request that passed [`authorize`].
#[derive(Clone, Debug)]
pub struct Caller {
    pub token: String,
    pub agency: String,
    pub role: Role,
}

/// A new token: what is stored, and the whole token to show once.
#[derive(Debug)]
pub struct NewToken {
    pub info: TokenInfo,
    pub token: String,
}

/// The longest a token may last, in days (ten years).
pub const TOKEN_DAYS_MAX: u32 = 3650;

/// Makes a token for `agency` and `role`, expiring after `days` days (none: never; at most [`TOKEN_DAYS_MAX`]).
pub fn new_token(label: &str, agency: &str, role: Role, days: Option<u32>) -> NewToken {
    let mut id = [0u8; 6];
    let mut secret = [0u8; 24];
    OsRng.fill_bytes(&mut id);
    OsRng.fill_bytes(&mut secret);
    let id = hex::encode(id);
    let secret = hex::encode(secret);
    let expires_at = days.map(|d| {
        (chrono::Utc::now() + chrono::Duration::days(i64::from(d.min(TOKEN_DAYS_MAX))))
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    });
    NewToken {
        token: format!("jct_{id}_{secret}"),
        info: TokenInfo {
            id,
            label: label.to_string(),
            agency: agency.to_string(),
            role,
            created_at: jiancha_store::now(),
            expires_at,
            revoked_at: None,
            secret_hash: sha256_hex(secret.as_bytes()),
        },
    }
}

/// Requests a caller may make in a window (a fixed window per caller and instance): per second per token for the
/// API, per minute per client address for the public endpoints.
#[derive(Debug)]
pub struct RateLimit {
    per_second: u32,
    window: std::time::Duration,
    windows: Mutex<HashMap<String, (Instant, u32)>>,
}

impl RateLimit {
    /// `per_second` requests a second.
    pub fn new(per_second: u32) -> RateLimit {
        RateLimit::per(per_second, std::time::Duration::from_secs(1))
    }

    /// `n` requests in each `window`.
    pub fn per(n: u32, window: std::time::Duration) -> RateLimit {
        RateLimit { per_second: n, window, windows: Mutex::new(HashMap::new()) }
    }

    /// The requests allowed in one window.
    pub fn per_window(&self) -> u32 {
        self.per_second
    }

    pub(crate) fn allow(&self, caller: &str) -> bool {
        let Ok(mut w) = self.windows.lock() else { return false };
        let now = Instant::now();
        if w.len() > 100_000 {
            w.retain(|_, (start, _)| now.duration_since(*start) < self.window);
        }
        let e = w.entry(caller.to_string()).or_insert((now, 0));
        if now.duration_since(e.0) >= self.window {
            *e = (now, 0);
        }
        e.1 = e.1.saturating_add(1);
        e.1 <= self.per_second
    }
}

/// How long a token read from the store is trusted without reading it again. A token revoked through this instance
/// stops at once (the revocation drops it here); one revoked through another instance of the same store stops here
/// within this time. Expiry is checked at every request.
pub const TOKEN_CACHE: std::time::Duration = std::time::Duration::from_secs(2);

/// Tokens read from the store, kept [`TOKEN_CACHE`]: a check then needs no store read for its caller. Only tokens
/// the store knows are kept, so unknown ids cannot fill it; it is emptied when it holds more than 10,000.
#[derive(Debug, Default)]
pub struct TokenCache {
    known: Mutex<HashMap<String, (TokenInfo, Instant)>>,
}

impl TokenCache {
    fn get(&self, id: &str) -> Option<TokenInfo> {
        let known = self.known.lock().ok()?;
        known.get(id).filter(|(_, at)| at.elapsed() < TOKEN_CACHE).map(|(t, _)| t.clone())
    }

    fn put(&self, t: &TokenInfo) {
        if let Ok(mut known) = self.known.lock() {
            if known.len() >= 10_000 {
                known.clear();
            }
            known.insert(t.id.clone(), (t.clone(), Instant::now()));
        }
    }

    /// Forgets a token (revoked here).
    pub fn forget(&self, id: &str) {
        if let Ok(mut known) = self.known.lock() {
            known.remove(id);
        }
    }
}

fn deny(app: &App, method: &Method, path: &str, who: &str, p: Problem) -> Response {
    tracing::warn!(target: "jiancha::access", %method, path, who, status = p.status.as_u16(), detail = %p.detail, "denied");
    app.metrics.denied();
    p.into_response()
}

/// The middleware: finds the endpoint in [`ENDPOINTS`], checks the token and its role, and hands the [`Caller`]
/// to the handler. Anything not in the table is refused.
pub async fn authorize(State(app): State<App>, matched: Option<MatchedPath>, mut req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let Some(path) = matched.as_ref().map(|m| m.as_str().to_string()) else {
        // No route: the router's fallback answers 404.
        return next.run(req).await;
    };
    let Some(ep) = endpoint(&method, &path) else {
        let p = Problem::new(
            axum::http::StatusCode::METHOD_NOT_ALLOWED,
            "不支持的方法 / method not allowed",
            format!("{method} {path}"),
        );
        return deny(&app, &method, &path, "-", p);
    };
    let roles = match ep.access {
        Access::Public => return next.run(req).await,
        Access::Roles(r) => r,
    };
    let bearer = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .map(str::to_string);
    let Some(bearer) = bearer else {
        let p = Problem::unauthorized("缺少 Authorization: Bearer 令牌 / missing the Authorization: Bearer token");
        return deny(&app, &method, &path, "-", p);
    };
    let Some((id, secret)) = bearer.strip_prefix("jct_").and_then(|t| t.split_once('_')) else {
        return deny(&app, &method, &path, "-", Problem::unauthorized("令牌格式无效 / malformed token"));
    };
    let (id, secret) = (id.to_string(), secret.to_string());
    let token = match app.tokens.get(&id) {
        Some(t) => Some(t),
        None => {
            let store = app.store.clone();
            let lookup = id.clone();
            match blocking(move || store.token(&lookup)).await {
                Ok(t) => {
                    if let Some(t) = &t {
                        app.tokens.put(t);
                    }
                    t
                }
                Err(p) => return p.into_response(),
            }
        }
    };
    let valid = token.filter(|t| t.secret_hash == sha256_hex(secret.as_bytes()) && t.in_force(&jiancha_store::now()));
    let Some(t) = valid else {
        let p = Problem::unauthorized("令牌无效、已吊销或已过期 / the token is unknown, revoked or expired");
        return deny(&app, &method, &path, &id, p);
    };
    if !roles.contains(&t.role) {
        let allowed: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
        let p = Problem::forbidden(format!(
            "角色 {} 不能调用 {method} {path}（允许：{}）/ role {} may not call {method} {path} (allowed: {})",
            t.role.as_str(),
            allowed.join(", "),
            t.role.as_str(),
            allowed.join(", ")
        ));
        return deny(&app, &method, &path, &id, p);
    }
    if !app.rate.allow(&t.id) {
        let mut p = Problem::new(
            axum::http::StatusCode::TOO_MANY_REQUESTS,
            "请求过于频繁 / too many requests",
            format!(
                "每个令牌每秒最多 {} 次 / at most {} requests per second per token",
                app.rate.per_second, app.rate.per_second
            ),
        );
        p.retry_after = Some(1);
        return deny(&app, &method, &path, &id, p);
    }
    req.extensions_mut().insert(Caller { token: t.id, agency: t.agency, role: t.role });
    next.run(req).await
}
