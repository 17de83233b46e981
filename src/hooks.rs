//! The page's effects, one hook each: keeping the plan, following Back and Forward, the
//! embed's height, the drawing's width, and rendering below the bars after the first paint.

use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use khcidr_core::share::{decode, View};
use khcidr_core::Plan;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::services::browser;
use crate::state::{Action, Burst, State};

/// The window's `event` calls `then` for as long as the component lives.
pub fn on_window(event: &'static str, then: impl FnMut(&Event) + 'static) -> Option<EventListener> {
    web_sys::window().map(|window| EventListener::new(&window, event, then))
}

/// Keeps the plan in the link and in storage: one history entry per edit or burst, and
/// whatever is still waiting when the page is left.
#[hook]
pub fn use_saved_plan(plan: &Plan, view: View, burst: Option<Burst>) {
    let saver = use_mut_ref(browser::Saver::default);
    {
        let saver = saver.clone();
        use_effect_with(plan.clone(), move |plan| {
            browser::Saver::schedule(&saver, plan.clone(), view, burst)
        });
    }
    // The plan as rendered, even before the effect above has run: a render that takes
    // long has its effects wait for the paint, and the page may be left before.
    let rendered = use_mut_ref(|| None::<(Plan, View)>);
    *rendered.borrow_mut() = Some((plan.clone(), view));
    use_effect_with((), move |_| {
        let listener = on_window("pagehide", move |_| {
            let mut saver = saver.borrow_mut();
            saver.flush();
            if let Some((plan, view)) = rendered.borrow().clone() {
                saver.keep(&plan, view);
            }
        });
        move || drop(listener)
    });
}

/// Back and Forward load the plan of the link they land on.
#[hook]
pub fn use_popstate(state: UseReducerHandle<State>) {
    use_effect_with((), move |_| {
        let listener = on_window("popstate", move |_| {
            let decoded = decode(&browser::fragment());
            state.dispatch(Action::Load(
                decoded.plan,
                decoded.ignored.iter().map(|i| i.to_string()).collect(),
            ));
        });
        move || drop(listener)
    });
}

/// An embed tells the host page its content's height whenever it changes: after a
/// render, a folded part opened, a narrower or wider frame.
#[hook]
pub fn use_embed_height(embed: bool) {
    use_effect(move || {
        if embed {
            browser::post_height();
        }
    });
    use_effect_with(embed, |&embed| {
        let watch = embed.then(browser::watch_height).flatten();
        move || drop(watch)
    });
}

/// `theme=light|dark` on the page's root element; `auto` follows the reader's system.
#[hook]
pub fn use_theme(theme: khcidr_core::share::Theme) {
    use_effect_with(theme, |&theme| {
        browser::set_theme(theme);
    });
}

/// About how wide the bars are drawn, in CSS pixels, following the window's size.
#[hook]
pub fn use_drawing_width() -> u32 {
    let width = use_state(browser::drawing_width);
    {
        let width = width.clone();
        use_effect_with((), move |_| {
            let listener = on_window("resize", move |_| width.set(browser::drawing_width()));
            move || drop(listener)
        });
    }
    *width
}

/// The static frame `index.html` shows while the checks load goes once the app is drawn.
#[hook]
pub fn use_replaces_frame() {
    use_effect_with((), |_| browser::remove("frame"));
}

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
