//! Every word and sentence the web app shows people, in one place: headings, labels, buttons,
//! hints, confirmations, accessible names, and the messages the app writes itself (the API's
//! own problem details are shown as the server wrote them).
//!
//! Each screen or group of components has a module with a `Words` struct: a field per piece of
//! text, `&'static str` for fixed text and `fn(…) -> String` for a sentence built from figures
//! (so that a language orders its words and makes its plurals itself). `ENGLISH` in each module
//! is the English text; [`ENGLISH`] gathers them.
//!
//! Adding a language: a `const` of each module's `Words` in that language (the compiler lists
//! any piece left out), gathered into a [`Text`] of its own, and [`text`] choosing it from the
//! browser's language. Figures, dates and money are written by [`crate::format`] in the
//! browser's locale, never here.

pub mod alerts;
pub mod analytics;
pub mod app;
pub mod approvals;
pub mod auth;
pub mod budget;
pub mod charts;
pub mod common;
pub mod dashboard;
pub mod expenses;
pub mod history;
pub mod imports;
pub mod labels;
pub mod members;
pub mod messages;
pub mod notifications;
pub mod optimiser;
pub mod organization;
pub mod rates;
pub mod resources;
pub mod roi;
pub mod settings;
pub mod tasks;
pub mod timer;
pub mod timesheet;

/// The web app's text in one language.
pub struct Text {
    pub common: common::Words,
    pub app: app::Words,
    pub auth: auth::Words,
    pub labels: labels::Words,
    pub messages: messages::Words,
    pub analytics: analytics::Words,
    pub charts: charts::Words,
    pub organization: organization::Words,
    pub members: members::Words,
    pub settings: settings::Words,
    pub optimiser: optimiser::Words,
    pub rates: rates::Words,
    pub roi: roi::Words,
    pub resources: resources::Words,
    pub tasks: tasks::Words,
    pub expenses: expenses::Words,
    pub dashboard: dashboard::Words,
    pub budget: budget::Words,
    pub alerts: alerts::Words,
    pub notifications: notifications::Words,
    pub history: history::Words,
    pub timesheet: timesheet::Words,
    pub approvals: approvals::Words,
    pub imports: imports::Words,
    pub timer: timer::Words,
}

/// The web app's text in English.
pub static ENGLISH: Text = Text {
    common: common::ENGLISH,
    app: app::ENGLISH,
    auth: auth::ENGLISH,
    labels: labels::ENGLISH,
    messages: messages::ENGLISH,
    analytics: analytics::ENGLISH,
    charts: charts::ENGLISH,
    organization: organization::ENGLISH,
    members: members::ENGLISH,
    settings: settings::ENGLISH,
    optimiser: optimiser::ENGLISH,
    rates: rates::ENGLISH,
    roi: roi::ENGLISH,
    resources: resources::ENGLISH,
    tasks: tasks::ENGLISH,
    expenses: expenses::ENGLISH,
    dashboard: dashboard::ENGLISH,
    budget: budget::ENGLISH,
    alerts: alerts::ENGLISH,
    notifications: notifications::ENGLISH,
    history: history::ENGLISH,
    timesheet: timesheet::ENGLISH,
    approvals: approvals::ENGLISH,
    imports: imports::ENGLISH,
    timer: timer::ENGLISH,
};

/// The text the web app shows: English, the one language it has.
pub fn text() -> &'static Text {
    &ENGLISH
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    /// The source files of the web app outside this module.
    fn screens_sources(dir: &Path, found: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                if !path.ends_with("text") {
                    screens_sources(&path, found);
                }
            } else if path.extension().is_some_and(|e| e == "rs") {
                found.push(path);
            }
        }
    }

    /// Whether a string literal holds a word (two letters in a row): punctuation, separators
    /// and signs between figures are not text to translate.
    fn has_word(literal: &str) -> bool {
        let letters: Vec<bool> = literal.chars().map(char::is_alphabetic).collect();
        letters.windows(2).any(|pair| pair[0] && pair[1])
    }

    /// Text written in a view rather than here, line by line: a literal between two tags
    /// (`<p>"Saved"</p>`), a literal alone on the line after an opening tag, and a literal
    /// accessible name, placeholder or tooltip. A file's unit tests (after `#[cfg(test)]`) are
    /// not looked at.
    fn inline_text(source: &str) -> Vec<(usize, String)> {
        let code = source.split("#[cfg(test)]").next().unwrap_or(source);
        let mut found = Vec::new();
        let mut previous = "";
        for (number, line) in code.lines().enumerate() {
            let trimmed = line.trim();
            let literal_alone = trimmed.len() > 1
                && trimmed.starts_with('"')
                && trimmed.ends_with('"')
                && trimmed[1..trimmed.len() - 1].find('"').is_none();
            let after_tag = previous.ends_with('>') && !previous.ends_with("=>");
            let between_tags = trimmed
                .split_once(">\"")
                .and_then(|(_, rest)| rest.split_once("\"<"))
                .map(|(literal, _)| literal);
            let attribute = ["aria-label=\"", "placeholder=\"", "title=\"", "alt=\""]
                .iter()
                .find_map(|name| trimmed.split_once(name))
                .and_then(|(_, rest)| rest.split_once('"'))
                .map(|(literal, _)| literal);
            let suspect = match (literal_alone && after_tag, between_tags, attribute) {
                (true, _, _) => Some(&trimmed[1..trimmed.len() - 1]),
                (false, Some(literal), _) | (false, None, Some(literal)) => Some(literal),
                _ => None,
            };
            if suspect.is_some_and(has_word) {
                found.push((number + 1, trimmed.to_owned()));
            }
            if !trimmed.is_empty() {
                previous = trimmed;
            }
        }
        found
    }

    #[test]
    fn the_finder_sees_text_in_views_and_nothing_else() {
        let view = "<p class=\"hint\">\n    \"At least ten characters.\"\n</p>\n\
                    <h2>\"Tasks\"</h2>\n<input placeholder=\"Search\" />\n\
                    <span>\" · \"</span>\n<span>{words.heading}</span>\n\
                    match x {\n    A =>\n    \"not after a tag\"\n}\n";
        let found: Vec<usize> = inline_text(view).into_iter().map(|(n, _)| n).collect();
        assert_eq!(found, [2, 4, 5]);
        assert!(inline_text("#[cfg(test)]\n<h2>\"Tasks\"</h2>").is_empty());
    }

    #[test]
    fn screens_take_their_words_from_here() {
        let mut files = Vec::new();
        screens_sources(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut files,
        );
        assert!(files.len() > 50, "the web app's sources were not found");
        let mut inline = Vec::new();
        for file in files {
            let source = std::fs::read_to_string(&file).unwrap_or_default();
            for (line, text) in inline_text(&source) {
                inline.push(format!("{}:{line}: {text}", file.display()));
            }
        }
        assert!(
            inline.is_empty(),
            "text written in views instead of in crate::text:\n{}",
            inline.join("\n")
        );
    }
}
