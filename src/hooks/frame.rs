//! The page's frame: the embed's height for its host, the theme, and the static frame
//! `index.html` shows while the checks load.

use yew::prelude::*;

use crate::services::browser;

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

/// A transparent embed in a frame takes its host's scheme (see `browser::follow_host`).
#[hook]
pub fn use_host_scheme(transparent: bool) {
    use_effect_with(transparent, |&transparent| {
        let listener = transparent.then(browser::follow_host).flatten();
        move || drop(listener)
    });
}

/// `theme=light|dark` on the page's root element; `auto` follows the reader's system.
#[hook]
pub fn use_theme(theme: khcidr_core::share::Theme) {
    use_effect_with(theme, |&theme| {
        browser::set_theme(theme);
    });
}

/// The static frame `index.html` shows while the checks load goes once the app is drawn.
#[hook]
pub fn use_replaces_frame() {
    use_effect_with((), |_| browser::remove("frame"));
}
