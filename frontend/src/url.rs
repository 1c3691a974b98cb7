//! The query string of the app's own URLs, where screens keep their filters, order and page so
//! that a link (or back and forward) opens the same view (pure, unit-tested).

use std::fmt::Write;

/// `value` as one component of a URL: every byte but the unreserved characters of RFC 3986
/// (`A–Z a–z 0–9 - . _ ~`) percent-encoded.
pub fn encode_component(value: &str) -> String {
    let mut encoded = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            encoded.push(char::from(byte));
        } else {
            let _ = write!(encoded, "%{byte:02X}");
        }
    }
    encoded
}

/// A query string built from named values; those absent are left out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QueryString {
    pairs: Vec<(&'static str, String)>,
}

impl QueryString {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `name=value` when there is a value.
    pub fn add(mut self, name: &'static str, value: Option<impl ToString>) -> Self {
        if let Some(value) = value {
            self.pairs.push((name, value.to_string()));
        }
        self
    }

    /// `?a=1&b=x%20y`, or the empty string without any value.
    pub fn render(&self) -> String {
        let mut text = String::new();
        for (i, (name, value)) in self.pairs.iter().enumerate() {
            text.push(if i == 0 { '?' } else { '&' });
            text.push_str(name);
            text.push('=');
            text.push_str(&encode_component(value));
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_keep_unreserved_characters_and_encode_the_rest() {
        assert_eq!(encode_component("Az09-._~"), "Az09-._~");
        assert_eq!(encode_component("a b&c=d%"), "a%20b%26c%3Dd%25");
        assert_eq!(encode_component("-total~12~É"), "-total~12~%C3%89");
    }

    #[test]
    fn a_query_string_leaves_out_absent_values() {
        let query = QueryString::new()
            .add("sort", Some("title"))
            .add("status", None::<&str>)
            .add("q", Some("logo review"))
            .add("start", Some(51));
        assert_eq!(query.render(), "?sort=title&q=logo%20review&start=51");
        assert_eq!(QueryString::new().render(), "");
    }
}
