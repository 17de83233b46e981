//! The khcidr page: a kube-hetzner IPv4 plan, checked as you type. Built in
//! English (`khcidr-web`), and with the words of Simplified Chinese compiled in
//! (`khcidr-web-zh`, feature `zh`), which only Chinese readers fetch; and a read-only
//! embed, without the editor, in each language (`khcidr-view`, `khcidr-view-zh`).

mod app;
mod components;
mod hooks;
mod i18n;
mod services;
mod state;
mod view;

use i18n::t;

/// Starts the page.
pub fn run() {
    title();
    yew::Renderer::<app::App>::new().render();
}

/// The tab's title in the page's language: `index.html` carries the English one, which a
/// build in another language replaces (the English build has nothing to do).
fn title() {
    if i18n::LANG != khcidr_core::Lang::En {
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            document.set_title(t("khcidr · kube-hetzner IPv4 plan checker"));
        }
    }
}

/// Starts a read-only embed (`khcidr-view`, `khcidr-view-zh`).
pub fn run_view() {
    title();
    yew::Renderer::<view::Viewer>::new().render();
}
