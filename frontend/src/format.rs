//! Formatting for people.
