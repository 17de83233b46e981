//! The plan checked and drawn: each computed once per change, and shared with the
//! components as the `Rc` the memo holds.

use std::rc::Rc;

use ipnet::Ipv4Net;
use khcidr_core::{bars_at, check_release as check, Bars, FindingId, Plan, Report};
use yew::prelude::*;

use super::use_drawing_width;
use crate::state::{Action, State};

/// A value computed once per change and shared as the memo's `Rc`: two are equal when
/// they are the same computation, so comparing props never walks a whole report or
/// drawing (and the page carries no code that would).
#[derive(Debug)]
pub struct Same<T>(pub Rc<T>);

impl<T> Clone for Same<T> {
    fn clone(&self) -> Self {
        Same(Rc::clone(&self.0))
    }
}

impl<T> PartialEq for Same<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::ops::Deref for Same<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

/// The report and its drawing at the zoom and width in force.
#[derive(Clone, PartialEq)]
pub struct Checked {
    pub report: Same<Report>,
    /// `None` until at least one range parses.
    pub drawing: Option<Same<Bars>>,
    /// About how wide the drawing is, in CSS pixels.
    pub width: u32,
}

/// Checks the plan and draws the report; a highlighted finding the report no longer has
/// stops being highlighted.
#[hook]
pub fn use_checked(
    plan: &Plan,
    zoom: Option<Ipv4Net>,
    highlight: Option<FindingId>,
    dispatcher: UseReducerDispatcher<State>,
) -> Checked {
    // In the language of the page.
    let report = Same(use_memo(plan.clone(), |plan| {
        let mut report = check(plan);
        if let Some(cat) = crate::i18n::cat() {
            report.localize(Some(cat));
        }
        report
    }));
    let width = use_drawing_width();
    // Everything allocated is drawn at least 24 px wide.
    let drawing = use_memo((report.clone(), zoom, width), |(report, zoom, width)| {
        let min_width = (24.0 / f64::from((*width).max(1))).clamp(0.02, 0.1);
        bars_at(report, *zoom, min_width).map(|mut bars| {
            bars.localize(crate::i18n::cat());
            Same(Rc::new(bars))
        })
    });
    use_effect_with((report.clone(), highlight), move |(report, highlight)| {
        if highlight.is_some_and(|id| report.get(id).is_none()) {
            dispatcher.dispatch(Action::Highlight(None));
        }
    });
    Checked {
        report,
        drawing: (*drawing).clone(),
        width,
    }
}
