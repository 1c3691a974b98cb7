//! Query-string extractor: a bad parameter is a 422 naming it, like a bad body field.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use budget_contract::problem::FieldError;
use serde::de::DeserializeOwned;

use crate::problem::ApiError;

pub struct Query<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for Query<T> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let parsed = parse(req.query_string());
        Box::pin(async move { parsed.map(Query) })
    }
}

pub fn parse<T: DeserializeOwned>(query: &str) -> Result<T, ApiError> {
    // No parameter takes a NUL (no database stores it as text).
    if let Some((name, _)) = form_urlencoded_parse(query)
        .find(|(name, value)| name.contains('\0') || value.contains('\0'))
    {
        return Err(ApiError::validation(vec![FieldError {
            field: name.replace('\0', "\u{FFFD}"),
            code: "invalid_character".to_owned(),
            message: budget_contract::text::refused_message('\0'),
        }]));
    }
    let deserializer = serde_urlencoded::Deserializer::new(form_urlencoded_parse(query));
    serde_path_to_error::deserialize(deserializer).map_err(|err| {
        let path = err.path().to_string();
        let message = err.into_inner().to_string();
        let (field, code, message) = match message.strip_prefix("missing field `") {
            Some(rest) => (
                rest.split('`').next().unwrap_or_default().to_owned(),
                "required",
                "is required".to_owned(),
            ),
            None => (
                if path == "." {
                    "query".to_owned()
                } else {
                    path
                },
                "invalid",
                message,
            ),
        };
        ApiError::validation(vec![FieldError {
            field,
            code: code.to_owned(),
            message,
        }])
    })
}

fn form_urlencoded_parse(query: &str) -> form_urlencoded::Parse<'_> {
    form_urlencoded::parse(query.as_bytes())
}
