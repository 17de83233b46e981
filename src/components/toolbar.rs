//! Presets, sharing and exports: the link, `kube.tf` lines and the `khcidr check` line.

use khcidr_core::export::{cli, kube_tf};
use khcidr_core::Plan;
use yew::prelude::*;

use crate::services::browser;
use crate::state::Preset;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub plan: Plan,
    pub on_preset: Callback<Preset>,
    pub on_reset: Callback<()>,
}

#[derive(Clone, Copy, PartialEq)]
enum Export {
    Link,
    KubeTf,
    Cli,
}

#[function_component(Toolbar)]
pub fn toolbar(props: &Props) -> Html {
    let shown = use_state(|| None::<Export>);
    let text = shown.map(|e| match e {
        Export::Link => browser::link(&props.plan),
        Export::KubeTf => kube_tf(&props.plan),
        Export::Cli => cli(&props.plan),
    });
    let show = |export: Export| {
        let shown = shown.clone();
        let plan = props.plan.clone();
        Callback::from(move |_: MouseEvent| {
            let text = match export {
                Export::Link => browser::link(&plan),
                Export::KubeTf => kube_tf(&plan),
                Export::Cli => cli(&plan),
            };
            browser::copy(&text);
            shown.set(Some(export));
        })
    };
    let presets = Preset::ALL.iter().map(|&preset| {
        html! {
            <button type="button" data-preset={preset.slug()} onclick={props.on_preset.reform(move |_| preset)}>{ preset.label() }</button>
        }
    });
    let slug = |e: Export| match e {
        Export::Link => "link",
        Export::KubeTf => "kube-tf",
        Export::Cli => "cli",
    };
    html! {
        <div class="toolbar">
            <div class="group" role="group" aria-label="Presets">
                <span class="group-label">{"Presets"}</span>
                { for presets }
                <button type="button" class="reset" data-reset="" onclick={props.on_reset.reform(|_| ())}>{"Reset"}</button>
            </div>
            <div class="group" role="group" aria-label="Share and export">
                <span class="group-label">{"Copy"}</span>
                <button type="button" data-copy="link" onclick={show(Export::Link)}>{"Link"}</button>
                <button type="button" data-copy="kube-tf" onclick={show(Export::KubeTf)}>{"kube.tf"}</button>
                <button type="button" data-copy="cli" onclick={show(Export::Cli)}>{"CLI"}</button>
            </div>
            if let (Some(export), Some(text)) = (*shown, text) {
                <div class="export">
                    <p class="hint">{"Copied to the clipboard (where the browser allows it):"}</p>
                    <pre data-export={slug(export)}>{ text }</pre>
                </div>
            }
        </div>
    }
}
