//! How wide the bars are drawn.

use yew::prelude::*;

use super::on_window;
use crate::services::browser;

/// About how wide the bars are drawn, in CSS pixels, following the window's size.
#[hook]
pub fn use_drawing_width() -> u32 {
    let width = use_state(browser::drawing_width);
    {
        let width = width.clone();
        use_effect_with((), move |_| {
            // The first frame was laid out for an estimate: measure the drawing itself.
            width.set(browser::drawing_width());
            let listener = on_window("resize", move |_| width.set(browser::drawing_width()));
            move || drop(listener)
        });
    }
    *width
}
