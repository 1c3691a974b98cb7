//! The words of signing in, registering, and setting a new password with a reset link.

pub struct Words {
    /// The product's name above the form.
    pub brand: &'static str,

    // Signing in and registering
    pub sign_in_heading: &'static str,
    pub register_heading: &'static str,
    pub session_expired: &'static str,
    pub name_label: &'static str,
    pub email_label: &'static str,
    pub password_label: &'static str,
    pub password_hint: &'static str,
    pub sign_in_button: &'static str,
    pub signing_in: &'static str,
    pub register_button: &'static str,
    pub registering: &'static str,
    /// Switches the form from registering to signing in.
    pub to_sign_in: &'static str,
    /// Switches the form from signing in to registering.
    pub to_register: &'static str,

    // Setting a new password
    pub reset_heading: &'static str,
    pub reset_no_token: &'static str,
    pub new_password_label: &'static str,
    pub reset_button: &'static str,
    pub resetting: &'static str,
    pub reset_done: &'static str,
    pub sign_in_link: &'static str,
}

pub const ENGLISH: Words = Words {
    brand: "Budget & ROI Tracker",

    sign_in_heading: "Sign in",
    register_heading: "Create an account",
    session_expired: "Your session has expired — sign in again.",
    name_label: "Your name",
    email_label: "Email",
    password_label: "Password",
    password_hint: "At least 10 characters.",
    sign_in_button: "Sign in",
    signing_in: "Signing in…",
    register_button: "Create account",
    registering: "Creating account…",
    to_sign_in: "I already have an account — sign in",
    to_register: "New here? Create an account",

    reset_heading: "Set a new password",
    reset_no_token:
        "This link carries no reset token. Ask your organisation's admin for a new link.",
    new_password_label: "New password",
    reset_button: "Set password",
    resetting: "Setting…",
    reset_done: "Your new password is set, and every earlier session has ended. Sign in with it.",
    sign_in_link: "Sign in",
};
