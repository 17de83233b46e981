//! A read-only embed's root (`embed=1&readonly=1`), built on its own (`khcidr-view`) so a
//! documentation page's readers fetch the checks and what shows them, not the editor:
//! the same verdict, drawing and findings as the page's embed, nothing that edits.

use yew::prelude::*;

use crate::app::initial_state;
use crate::components::layout::{self, embedded};
use crate::hooks::{
    use_checked, use_embed_height, use_host_scheme, use_popstate, use_replaces_frame, use_theme,
    use_view_intents,
};
use crate::services::browser;
use crate::state::State;

/// The link's state, shown read-only whatever else the link says: the boot script loads
/// this build only for a read-only embed.
fn read_only() -> State {
    let mut state = initial_state();
    state.view.embed = true;
    state.view.readonly = true;
    state
}

#[function_component(Viewer)]
pub fn viewer() -> Html {
    let state = use_reducer_eq(read_only);
    let view = state.view;
    let checked = use_checked(&state.plan, state.zoom, state.highlight, state.dispatcher());
    let intents = use_view_intents(state.dispatcher(), checked.report.clone());
    use_replaces_frame();
    use_embed_height(true);
    use_theme(view.theme);
    use_host_scheme(view.transparent && browser::framed());
    use_popstate(state.dispatcher());
    // An embed renders everything at once: its host sizes it from its content.
    let props = layout::Props {
        state: &state,
        checked: &checked,
        intents: &intents,
        below: true,
    };
    embedded(&props, None)
}
