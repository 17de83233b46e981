//! Keeping the plan: in the link and in storage, one history entry per edit or burst.

use khcidr_core::share::View;
use khcidr_core::Plan;
use yew::prelude::*;

use super::on_window;
use crate::services::browser;
use crate::state::Burst;

/// Keeps the plan in the link and in storage: one history entry per edit or burst, and
/// whatever is still waiting when the page is left.
#[hook]
pub fn use_saved_plan(plan: &Plan, view: View, burst: Option<Burst>) {
    let saver = use_mut_ref(browser::Saver::default);
    {
        let saver = saver.clone();
        use_effect_with(plan.clone(), move |plan| {
            browser::Saver::schedule(&saver, plan.clone(), view, burst)
        });
    }
    // The plan as rendered, even before the effect above has run: a render that takes
    // long has its effects wait for the paint, and the page may be left before.
    let rendered = use_mut_ref(|| None::<(Plan, View)>);
    *rendered.borrow_mut() = Some((plan.clone(), view));
    use_effect_with((), move |_| {
        let listener = on_window("pagehide", move |_| {
            let mut saver = saver.borrow_mut();
            saver.flush();
            if let Some((plan, view)) = rendered.borrow().clone() {
                saver.keep(&plan, view);
            }
        });
        move || drop(listener)
    });
}
