//! "Fix my plan": the core's whole fixed plan, shown as a before/after diff to apply in one
//! step, with what each change means for a cluster that already runs.

use khcidr_core::repair::{repair, Repair};
use khcidr_core::{Change, Plan, Severity};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub plan: Plan,
    pub on_apply: Callback<Vec<Change>>,
}

fn or_module(value: &str) -> String {
    if value.is_empty() {
        "(the module's own)".into()
    } else {
        value.to_string()
    }
}

#[function_component(FixPlan)]
pub fn fix_plan(props: &Props) -> Html {
    let open = use_state(|| false);
    // Computed once per plan while open (each round re-checks the plan), not per render.
    let repaired = use_memo((props.plan.clone(), *open), |(plan, open)| {
        open.then(|| repair(plan)).flatten()
    });
    let opener = use_node_ref();
    let panel = use_node_ref();
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    // Opened, the panel takes the keyboard; closed, it goes back to the button.
    crate::hooks::use_panel_focus(*open, &panel, &opener);
    let button = html! {
        <div class="group">
            <button type="button" ref={opener} data-fix-open="" aria-expanded={open.to_string()} aria-controls="fix-plan" onclick={toggle}>{"Fix my plan"}</button>
        </div>
    };
    if !*open {
        return button;
    }
    let body = match (*repaired).clone() {
        None => html! {
            <p data-fix-none="">{"Nothing to fix by an edit: no error or warning has a concrete fix. The findings say what is left to decide."}</p>
        },
        Some(r) => changes(&r, props, &open),
    };
    html! {
        <>
            { button }
            <section id="fix-plan" class="fix-plan" aria-label="Fix my plan" tabindex="-1" ref={panel} onkeydown={crate::hooks::close_on_escape(&open)}>
                <h2>{"Fix my plan"}</h2>
                { body }
            </section>
        </>
    }
}

/// The repair's changes, what is left after them, and the buttons to apply or cancel.
fn changes(r: &Repair, props: &Props, open: &UseStateHandle<bool>) -> Html {
    let close = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(false))
    };
    let apply = {
        let (open, on_apply, changes) = (open.clone(), props.on_apply.clone(), r.changes.clone());
        Callback::from(move |_: MouseEvent| {
            on_apply.emit(changes.clone());
            open.set(false);
            // The keyboard goes on to what the plan now says.
            crate::services::browser::show("verdict");
        })
    };
    let rebuild = r
        .edits
        .iter()
        .any(|e| e.running.starts_with("not in place"));
    let left = match (r.errors, r.warnings) {
        (0, 0) => "After these changes: no errors, no warnings.".to_string(),
        (e, w) => {
            let left: Vec<String> = [(Severity::Error, e), (Severity::Warning, w)]
                .into_iter()
                .filter(|&(_, n)| n > 0)
                .map(|(severity, n)| severity.counted(n))
                .collect();
            let verb = if e + w == 1 { "remains" } else { "remain" };
            format!(
                "After these changes {} {verb}, with no concrete edit: see the findings.",
                left.join(" and ")
            )
        }
    };
    html! {
        <>
            <p data-fix-summary="">{ left }</p>
            <p data-fix-holds="">{ r.holds() }</p>
            <div class="table-scroll" tabindex="0" role="region" aria-label="Changes">
                <table class="fix-diff">
                    <thead><tr><th scope="col">{"Setting"}</th><th scope="col">{"Now"}</th><th scope="col">{"Fixed"}</th><th scope="col">{"On a running cluster"}</th></tr></thead>
                    <tbody>
                        { for r.edits.iter().map(|e| html! {
                            <tr data-fix-edit={e.setting.as_str()}>
                                <th scope="row"><code>{ e.variable }</code></th>
                                <td data-label="now"><del>{ or_module(&e.before) }</del></td>
                                <td data-label="fixed"><ins>{ or_module(&e.after) }</ins></td>
                                <td>{ e.running }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            if rebuild {
                <p class="warn-text" data-fix-rebuild="">
                    {"A running cluster cannot move its network, pod or service range: its nodes, pods and Services keep the addresses they have. For a cluster that already runs, these changes mean building a new one and moving to it; for a new cluster, apply them before terraform apply."}
                </p>
            }
            <div class="fix-actions">
                <button type="button" class="primary" data-fix-apply="" onclick={apply}>{ format!("Apply these {} changes", r.edits.len()) }</button>
                <button type="button" onclick={close.clone()}>{"Cancel"}</button>
            </div>
        </>
    }
}
