//! Mounts the web app (see the library's docs in `lib.rs`).

fn main() {
    // A panic in wasm is an opaque "unreachable" trap: write its message to the console first.
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("web app panic: {info}").into());
    }));
    // Numbers and dates in the browser's locale, learned before the first figure is written.
    frontend::locale::set(frontend::locale::from_browser());
    leptos::mount::mount_to_body(frontend::app::App);
}
