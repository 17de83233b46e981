//! The page's hooks, one concern per file: checking the plan and drawing it, the intents
//! the components emit, keeping the plan, Back and Forward, the frame, the drawing's
//! width, the focus of opened panels, and rendering below the bars after the first paint.

mod checked;
mod drawing_width;
mod first_paint;
mod frame;
pub mod intents;
mod panel_focus;
mod popstate;
mod saved_plan;

use gloo_events::EventListener;
use yew::Event;

pub use checked::{use_checked, Checked, Same};
pub use drawing_width::use_drawing_width;
pub use first_paint::use_first_paint_done;
pub use frame::{use_embed_height, use_host_scheme, use_replaces_frame, use_theme};
pub use intents::{use_intents, use_view_intents, Intents};
pub use panel_focus::{close_on_escape, use_panel_focus};
pub use popstate::use_popstate;
pub use saved_plan::use_saved_plan;

/// The window's `event` calls `then` for as long as the component lives.
pub fn on_window(event: &'static str, then: impl FnMut(&Event) + 'static) -> Option<EventListener> {
    web_sys::window().map(|window| EventListener::new(&window, event, then))
}
