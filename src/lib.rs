//! The khcidr page: a kube-hetzner IPv4 plan, checked as you type. Built twice: in
//! English (`khcidr-web`), and with the words of Simplified Chinese compiled in
//! (`khcidr-web-zh`, feature `zh`), which only Chinese readers fetch.

mod app;
mod components;
mod hooks;
mod i18n;
mod services;
mod state;

/// Starts the page.
pub fn run() {
    yew::Renderer::<app::App>::new().render();
}
