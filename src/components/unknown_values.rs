//! The values an imported `kube.tf` leaves without one (a variable with no default and no
//! `.tfvars` value): a field per `var.x`, written as in a `.tfvars` file, and the file read
//! again with them. What only Terraform knows (`data.*`, `module.*`) is listed. A view
//! function: the fields are read when the form is sent, so it holds no state.

use khcidr_core::Unknown;
use khcidr_messages::{Answer, Request};
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::i18n::t;
use khcidr_core::t;

/// The id of the status line under the fields.
const STATUS: &str = "unknown-status";

/// Each unknown name once, with where it is used: the place and the release's variable.
fn by_name(unknown: &[Unknown], era: khcidr_core::Era) -> Vec<(&str, String)> {
    let mut out: Vec<(&str, String)> = Vec::new();
    for u in unknown {
        let variable = khcidr_core::settings::Setting::of(u.setting)
            .and_then(|s| (s.variable)(era))
            .unwrap_or(u.setting.as_str());
        let place = format!("{} ({variable})", u.at);
        match out.iter_mut().find(|(name, _)| *name == u.name) {
            Some((_, places)) if !places.contains(&place) => {
                places.push_str(", ");
                places.push_str(&place);
            }
            Some(_) => {}
            None => out.push((&u.name, place)),
        }
    }
    out
}

/// The status line's text.
fn say(text: &str) {
    if let Some(status) = crate::services::browser::element(STATUS) {
        status.set_text_content(Some(text));
    }
}

/// The form's fields, as (variable, text) pairs.
fn given(variables: &[String]) -> Vec<(String, String)> {
    variables
        .iter()
        .filter_map(|var| {
            let input = crate::services::browser::element(&format!("unknown-{var}"))?
                .dyn_into::<HtmlInputElement>()
                .ok()?;
            Some((var.clone(), input.value()))
        })
        .collect()
}

/// The fields and the list; `on_read` gets the worker's answer to the file read again.
pub fn unknown_values(
    unknown: &[Unknown],
    era: khcidr_core::Era,
    on_read: &Callback<Answer>,
) -> Html {
    let names = by_name(unknown, era);
    let variables: Vec<String> = names
        .iter()
        .filter_map(|(n, _)| n.strip_prefix("var.").map(str::to_string))
        .collect();
    let others = names.iter().filter(|(n, _)| !n.starts_with("var."));
    let onsubmit = {
        let (variables, on_read) = (variables.clone(), on_read.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            say(t("Reading…"));
            let on_read = on_read.clone();
            crate::services::worker::request(
                &Request::Values(given(&variables)),
                Callback::from(move |answer: Answer| match answer {
                    Answer::Failed(why) => {
                        say(&crate::i18n::say(t!("Could not read it: {0}", why)))
                    }
                    answer => {
                        say("");
                        on_read.emit(answer);
                    }
                }),
            );
        })
    };
    let fields = names.iter().filter_map(|(name, places)| {
        let var = name.strip_prefix("var.")?;
        let id = format!("unknown-{var}");
        Some(html! {
            <div class="unknown-field">
                <label for={id.clone()}><code>{ format!("{var} =") }</code></label>
                <input {id} type="text" spellcheck="false" autocomplete="off" data-unknown={var.to_string()}
                    placeholder={t("as in a .tfvars file: \"10.1.0.0/16\", 3, [\"a\"]")} />
                <span class="hint">{ crate::i18n::say(t!("used at {0}", places)) }</span>
            </div>
        })
    });
    html! {
        <section id="unknown-values" class="unknown-values panel" aria-label={t("Values the file leaves unknown")} data-unknown-values="">
            <h2>{t("Values the file leaves unknown")}</h2>
            if !variables.is_empty() {
                <form {onsubmit}>
                    <p>{t("Nothing in the files read gives these variables a value. Write each as in a .tfvars file, and the file is read again with them.")}</p>
                    { for fields }
                    <button type="submit" class="primary" data-unknown-submit="">{t("Check with these values")}</button>
                    <p id={STATUS} class="status" role="status" aria-live="polite"></p>
                </form>
            }
            { for others.map(|(name, places)| html! {
                <p class="unknown-other">{t("Known only to Terraform: ")}<code>{ name.to_string() }</code>{ crate::i18n::say(t!(" at {0}", places)) }</p>
            }) }
        </section>
    }
}
