//! The plan in the URL fragment and in local storage, and copying text. Every call
//! tolerates a missing window, storage or clipboard: the page keeps working without them.

use khcidr_core::share::{decode, encode, Decoded};
use khcidr_core::Plan;

const STORAGE_KEY: &str = "khcidr.plan";
/// Edits closer together than this replace the history entry instead of adding one,
/// so typing a CIDR does not fill the back button with every keystroke.
const BURST_MS: f64 = 1200.0;

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// The current fragment without its `#`.
pub fn fragment() -> String {
    window()
        .and_then(|w| w.location().hash().ok())
        .map(|h| h.trim_start_matches('#').to_string())
        .unwrap_or_default()
}

/// The plan to start with: the link's, else the last one kept, else the defaults.
pub fn initial_plan() -> Decoded {
    let from_link = fragment();
    if !from_link.is_empty() {
        return decode(&from_link);
    }
    let kept = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
    match kept {
        Some(kept) => Decoded {
            plan: decode(&kept).plan,
            ignored: Vec::new(),
        },
        None => Decoded {
            plan: Plan::default(),
            ignored: Vec::new(),
        },
    }
}

fn storage() -> Option<web_sys::Storage> {
    window()?.local_storage().ok().flatten()
}

/// Writes the plan to storage and to the fragment: the first write and typing within a
/// burst replace the current history entry, every other edit adds one, so back and
/// forward step through edits. `last_push` is the time of the last entry, updated here.
pub fn save(plan: &Plan, typing: bool, last_push: &mut f64) {
    let encoded = encode(plan);
    if let Some(storage) = storage() {
        let _ = storage.set_item(STORAGE_KEY, &encoded);
    }
    let now = web_sys::js_sys::Date::now();
    let first = *last_push == 0.0;
    if first {
        *last_push = now;
    }
    if encoded == fragment() {
        return;
    }
    let Some(history) = window().and_then(|w| w.history().ok()) else {
        return;
    };
    let url = format!("#{encoded}");
    let null = web_sys::wasm_bindgen::JsValue::NULL;
    if first || (typing && now - *last_push < BURST_MS) {
        let _ = history.replace_state_with_url(&null, "", Some(&url));
    } else {
        let _ = history.push_state_with_url(&null, "", Some(&url));
        *last_push = now;
    }
}

/// Forgets the kept plan and clears the fragment.
pub fn forget() {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(STORAGE_KEY);
    }
}

/// Copies text to the clipboard where the browser allows it.
pub fn copy(text: &str) {
    if let Some(w) = window() {
        let _ = w.navigator().clipboard().write_text(text);
    }
}

/// The full address of the page for this plan.
pub fn link(plan: &Plan) -> String {
    let base = window()
        .and_then(|w| w.location().href().ok())
        .map(|href| href.split('#').next().unwrap_or_default().to_string())
        .unwrap_or_default();
    format!("{base}#{}", encode(plan))
}
