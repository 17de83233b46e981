//! The root component: holds the state, checks and draws the plan on every edit, keeps
//! the plan in the link and in storage, and lays out the page or the embed.

use khcidr_core::check_release as check;
use yew::prelude::*;

use crate::components::layout::{self, embedded, first_of, page};
use crate::hooks::{
    use_checked, use_embed_height, use_first_paint_done, use_host_scheme, use_intents,
    use_popstate, use_replaces_frame, use_saved_plan, use_theme,
};
use crate::i18n::say;
use crate::services::browser;
use crate::state::State;

/// The state the link gives: its plan and view, opened on the finding it names.
pub(crate) fn initial_state() -> State {
    let start = browser::initial_plan();
    // `focus=<code>`: open on that finding, zoomed to what it names and highlighted.
    let report = start.view.focus.map(|_| check(&start.plan));
    let focused = report
        .as_ref()
        .zip(start.view.focus)
        .and_then(|(report, code)| first_of(report, code));
    let zoom = report
        .as_ref()
        .zip(focused)
        .and_then(|(report, id)| report.get(id)?.extent());
    State {
        plan: start.plan,
        view: start.view,
        notices: start.ignored.iter().map(|i| say(i.text())).collect(),
        highlight: focused,
        zoom,
        ..State::default()
    }
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer_eq(initial_state);
    let view = state.view;
    let checked = use_checked(&state.plan, state.zoom, state.highlight, state.dispatcher());
    let intents = use_intents(
        state.dispatcher(),
        checked.report.clone(),
        view.embed,
        state.from_file,
    );
    use_saved_plan(&state.plan, view, state.burst);
    use_replaces_frame();
    use_embed_height(view.embed);
    use_theme(view.theme);
    // Transparent only inside a docs page's frame: opened on its own, an embed has its
    // own background.
    let transparent = view.embed && view.transparent && browser::framed();
    use_host_scheme(transparent);
    use_popstate(state.dispatcher());
    let below = use_first_paint_done(view.embed);
    let props = layout::Props {
        state: &state,
        checked: &checked,
        intents: &intents,
        below,
    };
    if view.embed {
        let editable = view.inputs && !view.readonly;
        embedded(&props, editable.then(|| layout::inputs(&props)))
    } else {
        page(&props)
    }
}
