//! Back and Forward.

use khcidr_core::share::decode;
use yew::prelude::*;

use super::on_window;
use crate::i18n::say;
use crate::services::browser;
use crate::state::{Action, State};

/// Back and Forward load the plan of the link they land on.
#[hook]
pub fn use_popstate(state: UseReducerDispatcher<State>) {
    use_effect_with((), move |_| {
        let listener = on_window("popstate", move |_| {
            let decoded = decode(&browser::fragment());
            state.dispatch(Action::Load(
                decoded.plan,
                decoded.ignored.iter().map(|i| say(i.text())).collect(),
            ));
        });
        move || drop(listener)
    });
}
