//! Rendering below the bars once the first frame is painted.

use gloo_timers::callback::Timeout;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::services::browser;

/// Whether the first frame with the bars has been painted. What lies below the bars (the
/// legend, the range table, the findings in full, capacity) and the closed Advanced
/// panel's settings render after it, so the verdict, the plan
/// and the bars reach the screen one render sooner; nothing above them moves. `at_once`
/// (an embed, which its host sizes from its content) and a document nobody sees render
/// everything at once.
#[hook]
pub fn use_first_paint_done(at_once: bool) -> bool {
    let done = use_state_eq(|| at_once || browser::hidden());
    {
        let done = done.clone();
        use_effect_with((), move |_| {
            if *done {
                return;
            }
            // A timeout queued from an animation frame runs after that frame's paint. A
            // page that gets no frame (its tab hidden meanwhile) renders the rest after the
            // fallback.
            let after_paint = {
                let done = done.clone();
                Closure::once_into_js(move || Timeout::new(0, move || done.set(true)).forget())
            };
            if let Some(w) = web_sys::window() {
                let _ = w.request_animation_frame(after_paint.unchecked_ref());
            }
            Timeout::new(AFTER_PAINT_FALLBACK_MS, move || done.set(true)).forget();
        });
    }
    *done
}

/// How long the rest of the page waits for a first frame that does not come.
const AFTER_PAINT_FALLBACK_MS: u32 = 200;
