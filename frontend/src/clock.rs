//! The browser's clock.

/// The current time. `chrono::Utc::now()` panics in the browser ("time not implemented on this
/// platform": chrono's `wasmbind` feature is off), so the browser's clock is read through JS.
pub fn now() -> chrono::DateTime<chrono::Utc> {
    #[cfg(target_arch = "wasm32")]
    {
        let millis = js_sys::Date::now() as i64;
        chrono::DateTime::from_timestamp_millis(millis).unwrap_or_default()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        chrono::Utc::now()
    }
}
