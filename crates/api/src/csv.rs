//! CSV output (RFC 4180): comma-separated, CRLF line ends, fields quoted when they hold a comma,
//! quote or line break, quotes doubled. Free text that starts like a spreadsheet formula is
//! prefixed with `'` so opening an export cannot run it.

/// One record, CRLF-terminated.
pub fn record<I, S>(fields: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut line = fields
        .into_iter()
        .map(|field| escape(field.as_ref()))
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

/// A user-written text field (title, description): neutralises formula-like starts.
pub fn text(value: &str) -> String {
    match value.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{value}"),
        _ => value.to_owned(),
    }
}

fn escape(field: &str) -> String {
    if field.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}

/// Optional values are empty fields.
pub fn optional<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_what_needs_quoting() {
        assert_eq!(record(["a", "b c", "1234.50"]), "a,b c,1234.50\r\n");
        assert_eq!(
            record(["x,y", "say \"hi\"", "two\nlines"]),
            "\"x,y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n"
        );
        assert_eq!(record([""; 2]), ",\r\n");
    }

    #[test]
    fn formulas_are_defused() {
        assert_eq!(text("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(text("-rm"), "'-rm");
        assert_eq!(text("plain"), "plain");
    }
}
