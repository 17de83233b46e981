//! The bars as a table: role, CIDR, first, last, size and a subnet's gateway, for screen readers and copying.

use khcidr_core::Bars;
use yew::prelude::*;

use crate::i18n::t;

/// A view, not a component: it holds no state, and a component costs the first load
/// about a kilobyte.
pub fn range_table(bars: &Bars) -> Html {
    let rows = bars.segments().map(|s| {
        html! {
            <tr data-row-role={s.role.as_str()}>
                <th scope="row">{ &s.label }</th>
                <td data-label="CIDR"><code>{ s.cidr() }</code></td>
                <td data-label="First"><code>{ s.first.to_string() }</code></td>
                <td data-label="Last"><code>{ s.last.to_string() }</code></td>
                <td class="num" data-label="Size">{ s.size.to_string() }</td>
                if let Some(g) = s.gateway { <td data-label="Gateway"><code>{ g.to_string() }</code></td> } else { <td class="none"></td> }
            </tr>
        }
    });
    html! {
        <details class="range-table" open=true>
            <summary>{t("Ranges as a table")}</summary>
            // Up to 900 px each row is a card of its own (style.css); wider, a table that
            // scrolls sideways if it must: focusable, so the keyboard can scroll it too.
            <div class="table-scroll" tabindex="0" role="region" aria-label={t("Ranges as a table")}>
                <table>
                    <thead><tr><th scope="col">{t("Role")}</th><th scope="col">{"CIDR"}</th><th scope="col">{t("First")}</th><th scope="col">{t("Last")}</th><th scope="col">{t("Size")}</th><th scope="col">{t("Gateway")}</th></tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
        </details>
    }
}
