//! The khcidr page: a kube-hetzner IPv4 plan, checked as you type.

mod app;
mod components;
mod hooks;
mod services;
mod state;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
