//! Panels opened from a button: the panel takes the keyboard when it opens, Esc closes
//! it, and the keyboard goes back to the button (unless it has gone on elsewhere).

use web_sys::HtmlElement;
use yew::prelude::*;

/// Opened, `panel` takes the focus; closed with the focus lost with it, `opener` gets it.
#[hook]
pub fn use_panel_focus(open: bool, panel: &NodeRef, opener: &NodeRef) {
    let was_open = use_mut_ref(|| false);
    let (panel, opener) = (panel.clone(), opener.clone());
    use_effect_with(open, move |&open| {
        let before = std::mem::replace(&mut *was_open.borrow_mut(), open);
        if open && !before {
            if let Some(el) = panel.cast::<HtmlElement>() {
                let _ = el.focus();
            }
        } else if !open && before {
            let document = web_sys::window().and_then(|w| w.document());
            let active = document.as_ref().and_then(|d| d.active_element());
            let body = document.and_then(|d| d.body());
            let lost = match (active, body) {
                (Some(active), Some(body)) => active == *body.as_ref(),
                (None, _) => true,
                _ => false,
            };
            if let (true, Some(el)) = (lost, opener.cast::<HtmlElement>()) {
                let _ = el.focus();
            }
        }
    });
}

/// Esc closes the panel whose `open` this is.
pub fn close_on_escape(open: &UseStateHandle<bool>) -> Callback<KeyboardEvent> {
    let open = open.clone();
    Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Escape" {
            e.prevent_default();
            open.set(false);
        }
    })
}
