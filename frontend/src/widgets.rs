//! Small shared view pieces (loading, empty and error states, field errors).
