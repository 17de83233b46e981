//! What the components ask for, as plain callbacks: each turns into the reducer's
//! actions here, so no component sees the reducer.

use ipnet::Ipv4Net;
use khcidr_core::{Change, FindingId, Key, Plan, Release, Report};
use khcidr_messages::{Answer, Request};
use yew::prelude::*;

use super::Same;

use crate::services::browser;
use crate::state::{Action, PoolKind, Preset, State, TextField};

/// The id of the drawing's panel, which showing a finding brings into view.
pub const DRAWING: &str = "address-space";

/// Every intent of the page.
#[derive(Clone, PartialEq)]
pub struct Intents {
    pub set_text: Callback<(TextField, String)>,
    pub set_release: Callback<Release>,
    pub set_nodes: Callback<(PoolKind, usize, u32)>,
    pub set_subnet: Callback<(usize, String)>,
    pub add_pool: Callback<PoolKind>,
    pub remove_pool: Callback<(PoolKind, usize)>,
    pub set_autoscaler: Callback<u32>,
    /// A setting as one edit (a select, a toggle).
    pub set: Callback<(Key, String)>,
    /// One step of a numeric setting.
    pub step: Callback<(Key, String)>,
    pub what_if: Callback<Option<u32>>,
    pub apply: Callback<Vec<Change>>,
    /// Show a finding in the bars (zoomed to what it names), or none.
    pub select: Callback<Option<FindingId>>,
    /// Bring a finding into view in the list.
    pub show: Callback<FindingId>,
    pub zoom: Callback<Option<Ipv4Net>>,
    pub preset: Callback<Preset>,
    pub reset: Callback<()>,
    /// The worker's answer to a `kube.tf` read (or read again under another release).
    pub import: Callback<Answer>,
    /// The worker's answer to the last file read again with values given on the page: the
    /// file's plan again, as an import (one history step), edited since or not.
    pub reread: Callback<Answer>,
    pub dismiss: Callback<()>,
}

/// The page's intents over its reducer; `report` is the plan's, for what a finding names;
/// `from_file` whether the plan is still as the last import gave it.
#[hook]
pub fn use_intents(
    dispatcher: UseReducerDispatcher<State>,
    report: Same<Report>,
    embed: bool,
    from_file: bool,
) -> Intents {
    let d = dispatcher;
    Intents {
        set_text: to(&d, |(field, text)| Action::SetText(field, text)),
        set_release: set_release(d.clone(), from_file),
        set_nodes: to(&d, |(kind, pool, nodes)| {
            Action::SetNodes(kind, pool, nodes)
        }),
        set_subnet: to(&d, |(pool, text)| Action::SetAgentSubnet(pool, text)),
        add_pool: to(&d, Action::AddPool),
        remove_pool: to(&d, |(kind, pool)| Action::RemovePool(kind, pool)),
        set_autoscaler: to(&d, Action::SetAutoscaler),
        set: to(&d, |(key, text)| Action::Set(key, text)),
        step: to(&d, |(key, text)| Action::Step(key, text)),
        what_if: to(&d, Action::SetWhatIf),
        apply: to(&d, Action::ApplyFix),
        zoom: to(&d, Action::Zoom),
        preset: to(&d, |preset: Preset| Action::Load(preset.plan(), Vec::new())),
        import: {
            let d = d.clone();
            Callback::from(move |answer| {
                if let Some((plan, module, notes)) = imported(answer) {
                    d.dispatch(Action::Import(plan, module, notes));
                }
            })
        },
        reread: {
            let d = d.clone();
            Callback::from(move |answer| {
                if let Some((plan, module, notes)) = imported(answer) {
                    d.dispatch(Action::Import(plan, module, notes));
                }
            })
        },
        dismiss: to(&d, |()| Action::DismissNotices),
        select: select(d.clone(), report, embed),
        show: show(d.clone()),
        reset: Callback::from(move |()| {
            browser::forget();
            d.dispatch(Action::Reset);
        }),
    }
}

/// Picking a release while the plan is still as the last import gave it reads the file
/// again under that release's names, as `--module-version` does; once the plan is edited,
/// the release alone changes (and so it does if the file cannot be read again).
fn set_release(d: UseReducerDispatcher<State>, from_file: bool) -> Callback<Release> {
    Callback::from(move |release: Release| {
        if !from_file {
            return d.dispatch(Action::SetRelease(release));
        }
        let d = d.clone();
        crate::services::worker::request(
            &Request::Again(release.asked()),
            Callback::from(move |answer| {
                d.dispatch(match imported(answer) {
                    Some((plan, module, notes)) => Action::Reread(plan, module, notes),
                    None => Action::SetRelease(release.clone()),
                })
            }),
        );
    })
}

/// The plan a `kube.tf` read gave, with the module block and the notes.
fn imported(answer: Answer) -> Option<(Plan, String, Vec<String>)> {
    let Answer::Read {
        fragment,
        module,
        notes,
    } = answer
    else {
        return None;
    };
    Some((
        khcidr_core::share::decode_own(&fragment).plan,
        module,
        notes,
    ))
}

/// Bring a finding into view in the list, highlighted.
fn show(d: UseReducerDispatcher<State>) -> Callback<FindingId> {
    Callback::from(move |id: FindingId| {
        d.dispatch(Action::Highlight(Some(id)));
        browser::show(&format!("finding-{id}"));
    })
}

/// A callback dispatching the action `make` builds from its value.
fn to<T: 'static>(d: &UseReducerDispatcher<State>, make: fn(T) -> Action) -> Callback<T> {
    let d = d.clone();
    Callback::from(move |value| d.dispatch(make(value)))
}

/// Showing a finding zooms to what it names, so a sliver becomes visible, and brings the
/// drawing into view (not in an embed: it is as tall as its content, and scrolling would
/// move the host page).
fn select(
    d: UseReducerDispatcher<State>,
    report: Same<Report>,
    embed: bool,
) -> Callback<Option<FindingId>> {
    Callback::from(move |id: Option<FindingId>| {
        if let Some(extent) = id.and_then(|id| report.get(id)).and_then(|f| f.extent()) {
            d.dispatch(Action::Zoom(Some(extent)));
        }
        d.dispatch(Action::Highlight(id));
        if id.is_some() && !embed {
            browser::scroll_to_id(DRAWING);
        }
    })
}

/// A read-only embed's intents: showing, highlighting and zooming; nothing edits (and the
/// editor's code is not in its build).
#[hook]
pub fn use_view_intents(dispatcher: UseReducerDispatcher<State>, report: Same<Report>) -> Intents {
    let d = dispatcher;
    Intents {
        set_text: Callback::noop(),
        set_release: Callback::noop(),
        set_nodes: Callback::noop(),
        set_subnet: Callback::noop(),
        add_pool: Callback::noop(),
        remove_pool: Callback::noop(),
        set_autoscaler: Callback::noop(),
        set: Callback::noop(),
        step: Callback::noop(),
        what_if: Callback::noop(),
        apply: Callback::noop(),
        zoom: to(&d, Action::Zoom),
        preset: Callback::noop(),
        import: Callback::noop(),
        reread: Callback::noop(),
        dismiss: to(&d, |()| Action::DismissNotices),
        select: select(d.clone(), report, true),
        show: show(d.clone()),
        reset: Callback::noop(),
    }
}
