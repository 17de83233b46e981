//! The plan in the URL fragment and in local storage, and copying text. Every call
//! tolerates a missing window, storage or clipboard: the page keeps working without them.

use khcidr_core::share::{decode, encode, Decoded, View};
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
    Decoded {
        plan: kept.map(|kept| decode(&kept).plan).unwrap_or_default(),
        ..Decoded::default()
    }
}

fn storage() -> Option<web_sys::Storage> {
    window()?.local_storage().ok().flatten()
}

/// Writes the plan to storage and to the fragment: the first write and typing within a
/// burst replace the current history entry, every other edit adds one, so back and
/// forward step through edits. `last_push` is the time of the last entry, updated here.
///
/// An embed keeps its view keys, never touches storage (it must not replace the reader's
/// own plan) and never adds history entries (they would land in the host page's history);
/// a read-only embed writes nothing.
pub fn save(plan: &Plan, view: View, typing: bool, last_push: &mut f64) {
    if view.readonly {
        return;
    }
    let encoded = encode(plan) + &view.suffix();
    if !view.embed {
        if let Some(storage) = storage() {
            let _ = storage.set_item(STORAGE_KEY, &encoded);
        }
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
    if first || view.embed || (typing && now - *last_push < BURST_MS) {
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

/// Tells the embedding page how tall the content is: `{ type: "khcidr:height", height }`.
pub fn post_height() {
    let Some(window) = window() else { return };
    let Some(parent) = window.parent().ok().flatten() else {
        return;
    };
    let Some(root) = window.document().and_then(|d| d.document_element()) else {
        return;
    };
    let message = web_sys::js_sys::Object::new();
    let set = |key: &str, value: web_sys::wasm_bindgen::JsValue| {
        let _ = web_sys::js_sys::Reflect::set(&message, &key.into(), &value);
    };
    set("type", "khcidr:height".into());
    set("height", f64::from(root.scroll_height()).into());
    let _ = parent.post_message(&message, "*");
}
