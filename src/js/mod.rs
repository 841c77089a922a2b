//! The wasm-bindgen facade: the only module that talks to JavaScript.

use wasm_bindgen::prelude::*;

/// Installs the panic hook in debug builds, so a panic shows its message in the console.
#[wasm_bindgen(start)]
pub fn init() {
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
}

/// The package version, for diagnostics.
#[wasm_bindgen(js_name = version)]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
