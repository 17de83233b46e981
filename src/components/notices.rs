//! What a link ignored, or what an import read and noted, until dismissed.

use yew::prelude::*;

use crate::i18n::{say, t};
use khcidr_core::t;

/// What the notice shows: the notes, and the module block read, if the plan was imported.
pub struct Props<'a> {
    pub notices: &'a [String],
    /// The module block the plan was imported from, while its notes are shown.
    pub imported: Option<&'a str>,
    pub on_dismiss: &'a Callback<()>,
}

/// Notices once each, in first-seen order, with how often they came.
fn grouped(notices: &[String]) -> Vec<(&str, usize)> {
    let mut out: Vec<(&str, usize)> = Vec::new();
    for notice in notices {
        match out.iter_mut().find(|(n, _)| *n == notice.as_str()) {
            Some((_, times)) => *times += 1,
            None => out.push((notice, 1)),
        }
    }
    out
}

/// A view, not a component: it has no state of its own, and a component costs the page's
/// first load about a kilobyte.
pub fn notices(props: Props) -> Html {
    let (imported, notices) = (props.imported, props.notices);
    if notices.is_empty() && imported.is_none() {
        return html! {};
    }
    let title = match (imported, notices.is_empty()) {
        (Some(module), true) => say(t!(
            "Read {0}. Every value it sets was read as written; what it does not set is the module's default.",
            module
        )),
        (Some(module), false) => say(t!(
            "Read {0}. What it does not set is the module's default. Notes:",
            module
        )),
        (None, _) => t("Parts of the link were ignored; defaults kept for them:").to_string(),
    };
    let read = imported.is_some() && notices.is_empty();
    html! {
        <div class={classes!("notice", read.then_some("read"))} role="status" data-notice="" data-imported={imported.is_some().then_some("")}>
            <p><strong>{ title }</strong></p>
            <ul>{ for grouped(notices).into_iter().map(|(n, times)| html! {
                <li>{ n }{ if times > 1 { format!(" (×{times})") } else { String::new() } }</li>
            }) }</ul>
            <button type="button" onclick={props.on_dismiss.reform(|_| ())}>{t("Dismiss")}</button>
        </div>
    }
}
