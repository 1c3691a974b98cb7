//! The signed-in session.
