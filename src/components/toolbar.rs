//! Presets, sharing and exports: the link, `kube.tf` lines, the `khcidr check` line and
//! the iframe snippet for documentation.

use khcidr_core::export::{cli, kube_tf};
use khcidr_core::Plan;
use yew::prelude::*;

use crate::i18n::{say, t};
use khcidr_core::t;

use crate::services::browser;
use crate::state::Preset;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub plan: Plan,
    /// The plan's findings' codes, each once (what an embed can open on).
    pub codes: Vec<khcidr_core::Code>,
    pub on_preset: Callback<Preset>,
    pub on_reset: Callback<()>,
    pub on_import: Callback<khcidr_messages::Answer>,
    /// A new import starts: the last one's banner goes.
    pub on_dismiss: Callback<()>,
    /// Apply a whole fixed plan's edits, as one step.
    pub on_fix: Callback<Vec<khcidr_core::Change>>,
}

#[derive(Clone, Copy, PartialEq)]
enum Export {
    Link,
    KubeTf,
    Cli,
    Embed,
}

impl Export {
    const ALL: [Export; 4] = [Export::Link, Export::KubeTf, Export::Cli, Export::Embed];

    fn text(self, plan: &Plan) -> String {
        match self {
            Export::Link => browser::link(plan),
            Export::KubeTf => kube_tf(plan),
            Export::Cli => cli(plan),
            // Built, with its options and a preview, in the embed builder.
            Export::Embed => String::new(),
        }
    }

    fn slug(self) -> &'static str {
        match self {
            Export::Link => "link",
            Export::KubeTf => "kube-tf",
            Export::Cli => "cli",
            Export::Embed => "embed",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Export::Link => t("Link"),
            Export::KubeTf => "kube.tf",
            Export::Cli => "CLI",
            Export::Embed => t("Embed"),
        }
    }
}

#[function_component(Toolbar)]
pub fn toolbar(props: &Props) -> Html {
    // What was copied, and from which plan: the panel shows what is on the clipboard.
    let shown = use_state(|| None::<(Export, String, Plan)>);
    let presets = Preset::ALL.iter().map(|&preset| {
        html! {
            <button type="button" data-preset={preset.slug()} onclick={props.on_preset.reform(move |_| preset)}>{ preset.label() }</button>
        }
    });
    let exports = Export::ALL.iter().map(|&export| {
        let shown = shown.clone();
        let plan = props.plan.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            let text = export.text(&plan);
            if export != Export::Embed {
                browser::copy(&text);
            }
            shown.set(Some((export, text, plan.clone())));
        });
        html! { <button type="button" data-copy={export.slug()} {onclick}>{ export.label() }</button> }
    });
    // On a phone the presets and exports fold into a menu, so the toolbar is one row.
    let menu = use_state(|| false);
    let toggle_menu = {
        let menu = menu.clone();
        Callback::from(move |_: MouseEvent| menu.set(!*menu))
    };
    html! {
        <div class="toolbar">
            <crate::components::fix::FixPlan plan={props.plan.clone()} on_apply={props.on_fix.clone()} />
            <crate::components::import::Import on_import={props.on_import.clone()} on_start={props.on_dismiss.clone()} />
            <button type="button" class="menu-toggle" data-menu="" aria-expanded={menu.to_string()} aria-controls="toolbar-more" onclick={toggle_menu}>{t("More")}<span aria-hidden="true">{" ▾"}</span></button>
            <div id="toolbar-more" class={if *menu {"more open"} else {"more"}}>
                <div class="group" role="group" aria-label={t("Presets")}>
                    <span class="group-label">{t("Presets")}</span>
                    { for presets }
                </div>
                <div class="group" role="group" aria-label={t("Share and export")}>
                    <span class="group-label">{t("Copy")}</span>
                    { for exports }
                    <button type="button" data-download-svg="" onclick={download_svg(&props.plan)}>{t("Download SVG")}</button>
                </div>
                <div class="group">
                    // Not a preset: it also forgets the plan this browser keeps.
                    <button type="button" class="reset" data-reset="" title={t("Back to the module's defaults, and forget the plan this browser keeps")} onclick={props.on_reset.reform(|_| ())}>{t("Start over")}</button>
                </div>
            </div>
            { copied_panel(&shown, props) }
        </div>
    }
}

/// Downloads the plan's picture, drawn by the page's helper worker: the SVG renderer stays
/// off the first load.
fn download_svg(plan: &Plan) -> Callback<MouseEvent> {
    let plan = plan.clone();
    Callback::from(move |_: MouseEvent| {
        crate::services::worker::picture(
            &khcidr_core::share::encode(&plan),
            browser::dark(),
            Callback::from(|svg: String| browser::download("khcidr-plan.svg", &svg)),
        );
    })
}

/// What was copied, shown under the toolbar: the embed builder, or the text on the
/// clipboard (marked stale, with a way to copy again, once the plan changes).
fn copied_panel(shown: &UseStateHandle<Option<(Export, String, Plan)>>, props: &Props) -> Html {
    html! {
        <>
    if let Some((Export::Embed, _, _)) = (**shown).clone() {
        <div class="export">
            <crate::components::embed::EmbedBuilder plan={props.plan.clone()} codes={props.codes.clone()} />
        </div>
    } else if let Some((export, text, copied)) = (**shown).clone() {
        <div class="export" data-stale={(copied != props.plan).to_string()}>
            if copied == props.plan {
                <p class="hint">{t("Copied to the clipboard (where the browser allows it):")}</p>
            } else {
                <p class="hint stale" role="status">
                    {t("The plan has changed since: this is the old plan, still on the clipboard. ")}
                    <button type="button" data-copy-again="" onclick={{
                        let (shown, plan) = (shown.clone(), props.plan.clone());
                        Callback::from(move |_: MouseEvent| {
                            let text = export.text(&plan);
                            browser::copy(&text);
                            shown.set(Some((export, text, plan.clone())));
                        })
                    }}>{ say(t!("Copy the current plan's {0}", export.label())) }</button>
                </p>
            }
            <pre data-export={export.slug()}>{ text }</pre>
            if export == Export::Cli {
                <p class="hint" data-cli-install="">
                    {t("The khcidr command runs the same checks in CI; install it with ")}
                    <code>{ khcidr_core::export::INSTALL }</code>
                    {t(" (Rust's cargo).")}
                </p>
            }
        </div>
    }
        </>
    }
}
