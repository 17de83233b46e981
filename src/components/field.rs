//! One of the four main inputs, with its parse error underneath.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::state::TextField;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub field: TextField,
    pub value: String,
    pub error: Option<String>,
    /// The worst error or warning naming this field, outlined in its colour.
    pub flagged: Option<khcidr_core::Severity>,
    /// What an empty field means: the module's default, or the address the release gives.
    pub placeholder: String,
    pub on_input: Callback<String>,
}

#[function_component(TextInput)]
pub fn text_input(props: &Props) -> Html {
    let id = format!("input-{}", props.field.name());
    let error_id = format!("{id}-error");
    let oninput = props
        .on_input
        .reform(|e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value());
    html! {
        <div class={classes!("field", props.error.is_some().then_some("invalid"), props.flagged.map(|s| format!("flagged-{}", s.as_str())))} data-flagged={props.flagged.map(|s| s.as_str())}>
            <label for={id.clone()}>
                <span class="label">{ props.field.label() }</span>
                <code class="var">{ props.field.name() }</code>
            </label>
            <input
                id={id}
                type="text"
                spellcheck="false"
                autocomplete="off"
                // Phone keyboards for URLs offer digits, "." and "/" (the decimal pad has no "/").
                inputmode="url"
                name={props.field.name()}
                data-field={props.field.name()}
                placeholder={props.placeholder.clone()}
                value={props.value.clone()}
                aria-invalid={props.error.is_some().to_string()}
                aria-describedby={error_id.clone()}
                {oninput}
            />
            <p id={error_id} class="field-error" data-field-error={props.field.name()} aria-live="polite">
                { props.error.clone().unwrap_or_default() }
            </p>
        </div>
    }
}
