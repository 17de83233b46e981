//! The values an imported `kube.tf` leaves without one (a variable with no default and no
//! `.tfvars` value): a field per `var.x`, written as in a `.tfvars` file, and the file read
//! again with them. What only Terraform knows (`data.*`, `module.*`) is listed.

use khcidr_core::Unknown;
use khcidr_messages::{Answer, Request};
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub unknown: Vec<Unknown>,
    /// The worker's answer to the file read again with the values.
    pub on_read: Callback<Answer>,
}

/// Each unknown name once, with where it is used.
fn by_name(unknown: &[Unknown]) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for u in unknown {
        let place = format!("{} ({})", u.at, u.setting);
        match out.iter_mut().find(|(name, _)| *name == u.name) {
            Some((_, places)) if !places.contains(&place) => places.push(place),
            Some(_) => {}
            None => out.push((u.name.clone(), vec![place])),
        }
    }
    out
}

#[function_component(UnknownValues)]
pub fn unknown_values(props: &Props) -> Html {
    let values = use_state(Vec::<(String, String)>::new);
    let status = use_state(String::new);
    let names = by_name(&props.unknown);
    let variables: Vec<&(String, Vec<String>)> = names
        .iter()
        .filter(|(n, _)| n.starts_with("var."))
        .collect();
    let others: Vec<&(String, Vec<String>)> = names
        .iter()
        .filter(|(n, _)| !n.starts_with("var."))
        .collect();
    let onsubmit = {
        let (values, status, on_read) = (values.clone(), status.clone(), props.on_read.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            status.set("Reading…".into());
            let status = status.clone();
            let on_read = on_read.clone();
            crate::services::worker::request(
                &Request::Values((*values).clone()),
                Callback::from(move |answer: Answer| match answer {
                    Answer::Failed(why) => status.set(format!("Could not read it: {why}")),
                    answer => {
                        status.set(String::new());
                        on_read.emit(answer);
                    }
                }),
            );
        })
    };
    let field = |(name, places): &(String, Vec<String>)| {
        let var = name.trim_start_matches("var.").to_string();
        let id = format!("unknown-{var}");
        let text = values
            .iter()
            .find(|(n, _)| *n == var)
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        let oninput = {
            let (values, var) = (values.clone(), var.clone());
            Callback::from(move |e: InputEvent| {
                let text = e.target_unchecked_into::<HtmlInputElement>().value();
                let mut next: Vec<(String, String)> = (*values)
                    .iter()
                    .filter(|(n, _)| *n != var)
                    .cloned()
                    .collect();
                next.push((var.clone(), text));
                values.set(next);
            })
        };
        html! {
            <div class="unknown-field">
                <label for={id.clone()}><code>{ format!("{var} =") }</code></label>
                <input id={id} type="text" spellcheck="false" autocomplete="off" value={text} {oninput}
                    placeholder="as in a .tfvars file: \"10.1.0.0/16\", 3, [\"a\"]" data-unknown={var.clone()} />
                <span class="hint">{ format!("used at {}", places.join(", ")) }</span>
            </div>
        }
    };
    html! {
        <section id="unknown-values" class="unknown-values panel" aria-label="Values the file leaves unknown" data-unknown-values="">
            <h2>{"Values the file leaves unknown"}</h2>
            if !variables.is_empty() {
                <form {onsubmit}>
                    <p>{"Nothing in the files read gives these variables a value. Write each as in a .tfvars file, and the file is read again with them."}</p>
                    { for variables.iter().map(|v| field(v)) }
                    <button type="submit" class="primary" data-unknown-submit="">{"Check with these values"}</button>
                    <p class="status" role="status" aria-live="polite">{ (*status).clone() }</p>
                </form>
            }
            if !others.is_empty() {
                <p>{"Known only to Terraform (a data source, a module output): "}
                    { for others.iter().map(|(name, places)| html! { <span class="unknown-other"><code>{ name.clone() }</code>{ format!(" at {}; ", places.join(", ")) }</span> }) }
                </p>
            }
        </section>
    }
}
