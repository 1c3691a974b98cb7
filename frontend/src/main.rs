//! Mounts the web app (see the library's docs in `lib.rs`).

fn main() {
    leptos::mount::mount_to_body(frontend::app::App);
}
