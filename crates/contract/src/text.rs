//! Which characters text fields take. One rule for every field, applied by the server's
//! validation and declared in the schemas as a pattern:
//!
//! - **Names and titles** (boards, tasks, organisations, people, tokens, emails) are one line of
//!   visible text: no control character (C0 `U+0000–U+001F`, `U+007F`, C1 `U+0080–U+009F`) and
//!   no bidirectional override or isolate (`U+202A–U+202E`, `U+2066–U+2069`), which can make a
//!   name read differently from what it is.
//! - **Free text** (entry descriptions, notes) may span lines: line feed, carriage return and
//!   tab are allowed, every other control character is refused; bidirectional controls are
//!   allowed there, as right-to-left prose needs them.
//! - Nowhere a NUL: no database engine stores it as text.

/// The kind of text a field holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextKind {
    /// One line: a name, a title, an email.
    Name,
    /// Multi-line prose: a description or a note.
    Free,
}

/// The pattern a name or title matches, for the OpenAPI schemas (ECMA-262 syntax): at least one
/// non-space character and none of the refused ones.
pub const NAME_PATTERN: &str = r"^[^\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]*\S[^\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]*$";

/// The pattern free text matches.
pub const FREE_TEXT_PATTERN: &str = r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$";

/// Whether `c` is a bidirectional embedding, override or isolate control.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The first character `text` may not hold as `kind`, if any.
pub fn refused_char(text: &str, kind: TextKind) -> Option<char> {
    text.chars().find(|&c| match kind {
        TextKind::Name => c.is_control() || is_bidi_control(c),
        TextKind::Free => c.is_control() && !matches!(c, '\n' | '\r' | '\t'),
    })
}

/// A message naming the refused character, for a field error.
pub fn refused_message(c: char) -> String {
    if is_bidi_control(c) {
        format!(
            "must not contain the bidirectional control U+{:04X}",
            u32::from(c)
        )
    } else {
        format!(
            "must not contain the control character U+{:04X}",
            u32::from(c)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_refuse_every_control_and_bidi_character() {
        for bad in [
            "a\0b",
            "a\nb",
            "a\tb",
            "a\u{7f}",
            "a\u{85}",
            "a\u{9f}",
            "\u{202E}gnp.exe",
            "a\u{2066}",
            "a\u{2069}",
            "a\u{202A}",
        ] {
            assert!(refused_char(bad, TextKind::Name).is_some(), "{bad:?}");
        }
        for good in [
            "Website relaunch",
            "Überarbeitung",
            "東京オフィス",
            "O'Brien & Co.",
            "שלום",
        ] {
            assert_eq!(refused_char(good, TextKind::Name), None, "{good:?}");
        }
    }

    #[test]
    fn free_text_allows_lines_and_tabs_but_no_other_control() {
        assert_eq!(refused_char("line one\r\nline\ttwo", TextKind::Free), None);
        assert_eq!(refused_char("right\u{202B}to left", TextKind::Free), None);
        assert_eq!(refused_char("a\0b", TextKind::Free), Some('\0'));
        assert_eq!(refused_char("a\u{1b}[31m", TextKind::Free), Some('\u{1b}'));
        assert_eq!(refused_char("a\u{8d}", TextKind::Free), Some('\u{8d}'));
    }

    #[test]
    fn the_message_names_the_character() {
        assert_eq!(
            refused_message('\0'),
            "must not contain the control character U+0000"
        );
        assert_eq!(
            refused_message('\u{202E}'),
            "must not contain the bidirectional control U+202E"
        );
    }
}
