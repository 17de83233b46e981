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

/// Starts the page.
pub fn run() {
    yew::Renderer::<app::App>::new().render();
}

/// Starts a read-only embed (`khcidr-view`, `khcidr-view-zh`).
pub fn run_view() {
    yew::Renderer::<view::Viewer>::new().render();
}
