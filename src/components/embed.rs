//! Copy → Embed: build the snippet for documentation. Read-only or editable, theme,
//! transparent, the finding to open on, and how the frame sizes itself, with a live
//! preview of exactly what readers will see.

use khcidr_core::export::{embed_snippet, embed_title, Sizing};
use khcidr_core::share::{Theme, View};
use khcidr_core::{Code, Plan};
use yew::prelude::*;

use crate::i18n::{say, t};

use crate::components::select::Select;
use crate::services::browser;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub plan: Plan,
    /// The plan's findings' codes, each once: the findings it can open on.
    pub codes: Vec<Code>,
}

const THEMES: [Theme; 3] = [Theme::Auto, Theme::Light, Theme::Dark];

/// The languages an embed can be in: the reader's browser's, or one fixed.
const LANGS: [Option<khcidr_core::Lang>; 3] = [
    None,
    Some(khcidr_core::Lang::En),
    Some(khcidr_core::Lang::ZhCn),
];

/// The preview's height, from its height messages, as a docs page with embed.js sizes it.
#[hook]
fn use_preview_height() -> u32 {
    let preview_height = use_state(|| 480_u32);
    {
        let preview_height = preview_height.clone();
        use_effect_with((), move |_| {
            let listener = crate::hooks::on_window("message", move |event| {
                // Only this page's own frames (the preview) size the preview.
                let own = web_sys::window().and_then(|w| w.location().origin().ok());
                let data = web_sys::wasm_bindgen::JsCast::dyn_ref::<web_sys::MessageEvent>(event)
                    .filter(|e| Some(e.origin()) == own)
                    .map(|e| e.data());
                if let Some(data) = data {
                    let field = browser::field;
                    let kind = field(&data, "type").and_then(|t| t.as_string());
                    let height = field(&data, "height").and_then(|h| h.as_f64());
                    if let (Some("khcidr:height"), Some(h)) = (kind.as_deref(), height) {
                        preview_height.set(h.clamp(100.0, 5000.0).ceil() as u32);
                    }
                }
            });
            move || drop(listener)
        });
    }
    *preview_height
}

/// One option of the embed: its label and a select over `options`.
fn option(
    id: &'static str,
    label: &'static str,
    options: Vec<String>,
    selected: usize,
    on_change: Callback<usize>,
) -> Html {
    html! {
        <div class="field small">
            <label for={id}>{ label }</label>
            <Select {id} {options} {selected} disabled={false} {on_change} />
        </div>
    }
}

#[function_component(EmbedBuilder)]
pub fn embed_builder(props: &Props) -> Html {
    let view = use_state(|| View {
        embed: true,
        readonly: true,
        ..View::default()
    });
    let sizing = use_state(|| Sizing::Script);
    let copied = use_state(|| false);
    let preview_height = use_preview_height();
    let plan = &props.plan;
    let link = browser::link(plan);

    let codes = &props.codes;
    // A finding the plan no longer has is not opened on.
    let shown = View {
        focus: view.focus.filter(|c| codes.contains(c)),
        ..*view
    };
    let snippet = embed_snippet(&link, plan, shown, *sizing);
    let set = |change: fn(&mut View, usize, &[Code]), codes: Vec<Code>| {
        let (view, copied) = (view.clone(), copied.clone());
        Callback::from(move |i: usize| {
            let mut next = *view;
            change(&mut next, i, &codes);
            view.set(next);
            copied.set(false);
        })
    };
    let mode = set(
        |v, i, _| {
            v.readonly = i == 0;
            v.inputs = i == 1;
        },
        Vec::new(),
    );
    let theme = set(
        |v, i, _| v.theme = THEMES.get(i).copied().unwrap_or_default(),
        Vec::new(),
    );
    let transparent = set(|v, i, _| v.transparent = i == 1, Vec::new());
    let lang = set(
        |v, i, _| v.lang = LANGS.get(i).copied().flatten(),
        Vec::new(),
    );
    let lang_options = LANGS
        .iter()
        .map(|l| {
            l.map_or_else(
                || t("the reader's browser's").to_string(),
                |l| l.name().to_string(),
            )
        })
        .collect();
    let focus = set(
        |v, i, codes| v.focus = i.checked_sub(1).and_then(|i| codes.get(i).copied()),
        codes.clone(),
    );
    let on_sizing = {
        let (sizing, copied) = (sizing.clone(), copied.clone());
        Callback::from(move |i: usize| {
            sizing.set(if i == 0 {
                Sizing::Script
            } else {
                Sizing::Inline
            });
            copied.set(false);
        })
    };
    let copy = {
        let (snippet, copied) = (snippet.clone(), copied.clone());
        Callback::from(move |_: MouseEvent| {
            browser::copy(&snippet);
            copied.set(true);
        })
    };
    let src = format!("{}{}", link, shown.suffix());
    let mut focus_options = vec![t("none").to_string()];
    focus_options.extend(codes.iter().map(|c| format!("{} ({c})", t(c.title()))));
    let focus_selected = shown
        .focus
        .and_then(|f| codes.iter().position(|c| *c == f))
        .map_or(0, |i| i + 1);
    html! {
        <section class="embed-builder" aria-label={t("Embed in documentation")} data-embed-builder="">
            <h2>{t("Embed in documentation")}</h2>
            <div class="embed-options">
                { option("embed-mode", t("Readers can"), vec![t("only look (read-only)").to_string(), t("edit it (inputs shown)").to_string()], usize::from(!view.readonly), mode) }
                { option("embed-theme", t("Theme"), vec![t("the reader's system").to_string(), t("light").to_string(), t("dark").to_string()], THEMES.iter().position(|t| *t == view.theme).unwrap_or(0), theme) }
                { option("embed-background", t("Background"), vec![t("khcidr's").to_string(), t("transparent (the page's own)").to_string()], usize::from(view.transparent), transparent) }
                { option("embed-focus", t("Open on the finding"), focus_options, focus_selected, focus) }
                { option("embed-lang", t("Language"), lang_options, LANGS.iter().position(|l| *l == view.lang).unwrap_or(0), lang) }
                { option("embed-sizing", t("Sized by"), vec![t("embed.js (CSP-safe)").to_string(), t("an inline script").to_string()], usize::from(*sizing == Sizing::Inline), on_sizing) }
            </div>
            <pre data-export="embed">{ snippet.clone() }</pre>
            <p>
                <button type="button" class="primary" data-copy-embed="" onclick={copy}>{t("Copy the snippet")}</button>
                <span class="hint" role="status">{ if *copied {t(" Copied to the clipboard (where the browser allows it).")} else { "" } }</span>
            </p>
            <p class="hint">{t("Preview: what readers see.")}</p>
            // A new frame for new options: a link that differs only after `#` would not reload it.
            <iframe key={src.clone()} class="embed-preview" height={preview_height.to_string()} src={src} title={say(khcidr_core::t!("Preview: {0}", embed_title(plan)))} data-embed-preview="" loading="lazy"></iframe>
        </section>
    }
}
