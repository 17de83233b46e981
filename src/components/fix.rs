//! "Fix my plan": the core's whole fixed plan, shown as a before/after diff to apply in one
//! step, with what each change means for a cluster that already runs. The repair and its
//! diff come from the page's helper worker (they never weigh on the first load); the
//! panel applies or cancels from the buttons in it.

use khcidr_core::{Change, Key, Plan};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::i18n::t;
use crate::services::worker;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub plan: Plan,
    pub on_apply: Callback<Vec<Change>>,
}

/// The helper's answer: the diff's markup and the changes, or why there is none.
type Fixed = Result<(AttrValue, Vec<Change>), String>;

#[function_component(FixPlan)]
pub fn fix_plan(props: &Props) -> Html {
    let open = use_state(|| false);
    // The answer, with the plan it answers: an older answer never replaces a newer one.
    let answer = use_state(|| None::<(String, Fixed)>);
    let fragment = khcidr_core::share::encode(&props.plan);
    {
        let answer = answer.clone();
        use_effect_with((fragment.clone(), *open), move |(fragment, open)| {
            if *open {
                let asked = fragment.clone();
                worker::fix(
                    fragment,
                    Callback::from(move |fixed| answer.set(Some((asked.clone(), fixed)))),
                );
            }
        });
    }
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
            <button type="button" ref={opener} data-fix-open="" aria-expanded={open.to_string()} aria-controls="fix-plan" onclick={toggle}>{t("Fix my plan")}</button>
        </div>
    };
    if !*open {
        return button;
    }
    let (body, changes) = match &*answer {
        Some((asked, Ok((markup, changes)))) if *asked == fragment => {
            (Html::from_html_unchecked(markup.clone()), changes.clone())
        }
        Some((asked, Err(why))) if *asked == fragment => {
            (html! { <p class="note">{ why }</p> }, Vec::new())
        }
        _ => (
            html! { <p class="note" aria-busy="true">{t("Reading…")}</p> },
            Vec::new(),
        ),
    };
    // The buttons in the diff: apply the changes as one step, or cancel.
    let onclick = {
        let (open, on_apply) = (open.clone(), props.on_apply.clone());
        Callback::from(move |e: MouseEvent| {
            let Some(target) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            else {
                return;
            };
            if target.closest("[data-fix-apply]").ok().flatten().is_some() {
                on_apply.emit(changes.clone());
                open.set(false);
                // The keyboard goes on to what the plan now says.
                crate::services::browser::show("verdict");
            } else if target.closest("[data-fix-cancel]").ok().flatten().is_some() {
                open.set(false);
            }
        })
    };
    html! {
        <>
            { button }
            <section id="fix-plan" class="fix-plan" aria-label={t("Fix my plan")} tabindex="-1" ref={panel} onkeydown={crate::hooks::close_on_escape(&open)} {onclick}>
                <h2>{t("Fix my plan")}</h2>
                { body }
            </section>
        </>
    }
}

/// The changes the helper names: setting keys and values, one after the other.
pub fn changes(items: &[String]) -> Vec<Change> {
    items
        .chunks(2)
        .filter_map(|pair| {
            Some(Change {
                setting: Key::parse(pair.first()?)?,
                value: pair.get(1)?.clone(),
            })
        })
        .collect()
}
