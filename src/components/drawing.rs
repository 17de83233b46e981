//! The address space panel: the bars, and below them the ranges as a table.

use ipnet::Ipv4Net;
use khcidr_core::{Bars, Finding, FindingId};
use yew::prelude::*;

use crate::i18n::t;

use crate::hooks::Same;

use crate::components::bars::AddressBars;
use crate::components::range_table::range_table;
use crate::hooks::intents::DRAWING;

/// What the panel shows.
pub struct Props {
    /// `None` until at least one range parses.
    pub drawing: Option<Same<Bars>>,
    /// About how wide the drawing is, in CSS pixels.
    pub width: u32,
    pub highlight: Option<(FindingId, Finding)>,
    pub on_zoom: Callback<Option<Ipv4Net>>,
    /// Whether the range table is shown (not in an embed).
    pub table: bool,
    /// Whether the first frame has been painted: what lies below the bars follows it.
    pub after_first_paint: bool,
}

/// A view, not a component: the bars inside are one.
pub fn drawing(props: Props) -> Html {
    html! {
        <section class="drawing panel" aria-label={t("Address space")} id={DRAWING}>
            <h2>{t("Address space")}</h2>
            if let Some(bars) = props.drawing.clone() {
                <AddressBars bars={bars.clone()} highlight={props.highlight.clone()} on_zoom={props.on_zoom.clone()} width={props.width} after_first_paint={props.after_first_paint} />
                if props.table && props.after_first_paint {
                    { range_table(&bars) }
                }
            } else {
                <p class="empty">{t("Nothing to draw until at least one range parses.")}</p>
            }
        </section>
    }
}
