//! Errors as `application/problem+json` (RFC 9457), with the bilingual message and, where a field is at fault,
//! its JSON pointer.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// An error answer.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Problem {
    #[serde(skip)]
    pub status: StatusCode,
    /// Chinese first, English beside.
    pub title: String,
    /// What exactly was wrong (Chinese / English).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub detail: String,
    /// JSON pointer to the field at fault in the request body.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
    /// Seconds after which a retry may succeed (503, 429).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
}

impl Problem {
    pub fn new(status: StatusCode, title: &str, detail: impl Into<String>) -> Problem {
        Problem { status, title: title.to_string(), detail: detail.into(), pointer: None, retry_after: None }
    }

    pub fn at(mut self, pointer: impl Into<String>) -> Problem {
        self.pointer = Some(pointer.into());
        self
    }

    pub fn bad_request(detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::BAD_REQUEST, "请求无效 / bad request", detail)
    }

    pub fn unprocessable(detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::UNPROCESSABLE_ENTITY, "记录无法读取 / the record cannot be read", detail)
    }

    pub fn unauthorized(detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::UNAUTHORIZED, "未认证 / not authenticated", detail)
    }

    pub fn forbidden(detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::FORBIDDEN, "无权访问 / forbidden", detail)
    }

    pub fn not_found(detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::NOT_FOUND, "未找到 / not found", detail)
    }

    pub fn conflict(detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::CONFLICT, "与已有数据冲突 / conflict with stored data", detail)
    }

    pub fn unavailable(detail: impl Into<String>) -> Problem {
        let mut p = Problem::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "服务暂不可用，请稍后重试 / unavailable, retry later",
            detail,
        );
        p.retry_after = Some(2);
        p
    }

    pub fn internal(detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "服务内部错误 / internal error", detail)
    }
}

impl From<jiancha_store::StoreError> for Problem {
    fn from(e: jiancha_store::StoreError) -> Problem {
        match e {
            jiancha_store::StoreError::Unavailable(_) => Problem::unavailable(e.to_string()),
            jiancha_store::StoreError::Refused(m) => Problem::conflict(m),
            _ => Problem::internal(e.to_string()),
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        #[derive(Serialize)]
        struct Body<'a> {
            #[serde(rename = "type")]
            kind: &'static str,
            status: u16,
            #[serde(flatten)]
            p: &'a Problem,
        }
        let body = serde_json::to_vec(&Body { kind: "about:blank", status: self.status.as_u16(), p: &self })
            .unwrap_or_default();
        let mut r = (self.status, body).into_response();
        r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
        if let Some(s) = self.retry_after {
            r.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(s));
        }
        r
    }
}
