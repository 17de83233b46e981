//! The root component: holds the state, runs the core on every edit, lays out the page.

use khcidr_core::{check, Code, Report};
use yew::prelude::*;

use crate::components::field::TextInput;
use crate::components::findings::Findings;
use crate::components::nodepools::Nodepools;
use crate::state::{Action, State, TextField};

/// The parse error of one field, if the report has one.
fn field_error(report: &Report, field: TextField) -> Option<String> {
    report
        .findings
        .iter()
        .find(|f| {
            matches!(f.code, Code::InvalidCidr | Code::InvalidIp)
                && f.fields.first() == Some(&field.core_field())
        })
        .map(|f| f.message.clone())
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(State::default);
    let report = use_memo(state.plan.clone(), check);
    let dispatch = {
        let state = state.clone();
        Callback::from(move |action: Action| state.dispatch(action))
    };
    let inputs = TextField::ALL.iter().map(|&field| {
        let dispatch = dispatch.clone();
        html! {
            <TextInput
                key={field.name()}
                {field}
                value={field.text(&state.plan).to_string()}
                error={field_error(&report, field)}
                on_input={Callback::from(move |text| dispatch.emit(Action::SetText(field, text)))}
            />
        }
    });
    html! {
        <main class="page">
            <header class="masthead">
                <h1>{"khcidr"}</h1>
                <p class="tagline">{"Check a kube-hetzner cluster's IPv4 plan before terraform apply."}</p>
            </header>
            <section class="inputs" aria-label="Plan">
                <div class="fields">{ for inputs }</div>
                <Nodepools plan={state.plan.clone()} on_action={dispatch.clone()} />
                <button type="button" class="reset" onclick={dispatch.reform(|_| Action::Reset)}>{"Reset to module defaults"}</button>
            </section>
            <Findings report={(*report).clone()} />
        </main>
    }
}
