//! The address space as SVG bars: one axis, a lane each for the Hetzner network, pods and
//! services, collisions as red hatched bands and growth limits as amber marks.

use std::cell::RefCell;
use std::rc::Rc;

use ipnet::Ipv4Net;
use khcidr_core::labels::{Labels, Names, Row};
use khcidr_core::look::{LANE_H, LANE_STEP};
use khcidr_core::{Bars, Finding, FindingId, Fold, Mark, Route, Segment, SegmentRole};
use yew::prelude::*;

use crate::i18n::{cat, say, t, w};

use crate::hooks::Same;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub bars: Same<Bars>,
    /// The finding whose ranges are highlighted.
    pub highlight: Option<(FindingId, Finding)>,
    pub on_zoom: Callback<Option<Ipv4Net>>,
    /// About how wide the drawing is, in CSS pixels.
    pub width: u32,
    /// Whether the first frame has been painted: the legend, below the bars, follows it.
    pub after_first_paint: bool,
}

// Vertical geometry in pixels; horizontal positions are fractions of the axis.
const TOP: u32 = 22;
/// Narrowest drawn span, as a fraction of the axis; narrower ones also get a marker.
const MIN_WIDTH: f64 = 0.003;
const TINY: f64 = 0.008;

/// A fraction of the axis as a percentage with four decimals, written with integer
/// formatting only (float formatting would add about 11 KB to the page).
fn pct(fraction: f64) -> String {
    // `as` saturates, and the clamp keeps NaN out of the way too.
    let units = (fraction.clamp(0.0, 1.0) * 1_000_000.0).round() as u32;
    format!("{}.{:04}%", units / 10_000, units % 10_000)
}

fn lane_y(index: usize) -> u32 {
    TOP + 18 + LANE_STEP * index as u32
}

fn height(lanes: usize) -> u32 {
    lane_y(lanes) + 8
}

fn segment(
    s: &Segment,
    y: u32,
    highlighted: bool,
    on_zoom: &Callback<Option<Ipv4Net>>,
    on_detail: &Callback<Option<String>>,
    on_refocus: &Callback<String>,
) -> Html {
    let base = s.role.is_base();
    let class = classes!(
        "seg",
        format!("role-{}", s.role),
        base.then_some("base"),
        highlighted.then_some("hl")
    );
    let desc = s.describe_in(cat());
    let range = s.range;
    let zoom = (!s.role.is_address()).then(|| on_zoom.reform(move |_: MouseEvent| Some(range)));
    let onkeydown = {
        let (on_zoom, on_refocus) = (on_zoom.clone(), on_refocus.clone());
        let address = s.role.is_address();
        Callback::from(move |e: KeyboardEvent| {
            if !address && (e.key() == "Enter" || e.key() == " ") {
                e.prevent_default();
                // The keyboard stays on the range it zoomed into.
                on_refocus.emit(format!("g.seg[data-range=\"{range}\"]"));
                on_zoom.emit(Some(range));
            }
        })
    };
    let show = {
        let desc = desc.clone();
        on_detail.reform(move |_| Some(desc.clone()))
    };
    let show_focus = {
        let desc = desc.clone();
        on_detail.reform(move |_: FocusEvent| Some(desc.clone()))
    };
    let body = segment_shape(s, y);
    html! {
        <g {class} tabindex="0" role="button" aria-label={desc.clone()} data-range={s.hook()} data-role={s.role.as_str()}
           onclick={zoom} {onkeydown} onmouseenter={show} onfocus={show_focus}>
            // No <title>: the detail line says the same on hover and focus, and a title
            // would be read as text that the name does not contain.
            { body }
        </g>
    }
}

/// A segment's shape: a pin for an address, else a bar and, where too narrow to see, a
/// marker above it. Labels are laid out apart (see `labels`).
fn segment_shape(s: &Segment, y: u32) -> Html {
    let width = pct(s.width.max(MIN_WIDTH));
    let base = s.role.is_base();
    if s.role.is_address() {
        html! {
            <svg x={pct(s.start)} y={(y - 6).to_string()} overflow="visible" class="pin">
                <line x1="0" x2="0" y1="0" y2={(LANE_H + 12).to_string()} />
                <path d="M-5,0 L5,0 L0,7 Z" />
            </svg>
        }
    } else {
        let (ry, rh) = if base {
            (y, LANE_H)
        } else {
            (y + 5, LANE_H - 10)
        };
        let tiny = s.width < TINY;
        html! {
            <>
                <rect x={pct(s.start)} y={ry.to_string()} {width} height={rh.to_string()} rx="2" />
                if tiny {
                    <svg x={pct(s.start + s.width / 2.0)} y={(y - 1).to_string()} overflow="visible" class="tiny-marker">
                        <path d="M-4,-7 L4,-7 L0,0 Z" />
                    </svg>
                }
            </>
        }
    }
}

fn mark(m: &Mark, (top, bottom): (u32, u32), highlighted: bool, h: &Handlers) -> Html {
    let (on_zoom, on_refocus) = (h.on_zoom, h.on_refocus);
    let now = m.is_now();
    let class = classes!(
        "mark",
        if now { "now" } else { "later" },
        highlighted.then_some("hl")
    );
    let range = m.range;
    let desc = format!("{}: {}, {}", m.label, m.range, t(m.code.title()));
    // Focused or hovered, the detail line says what this mark is.
    let show = {
        let desc = desc.clone();
        h.on_detail.reform(move |_: MouseEvent| Some(desc.clone()))
    };
    let show_focus = {
        let desc = desc.clone();
        h.on_detail.reform(move |_: FocusEvent| Some(desc.clone()))
    };
    let onclick = on_zoom.reform(move |_: MouseEvent| Some(range));
    let onkeydown = {
        let (on_zoom, on_refocus) = (on_zoom.clone(), on_refocus.clone());
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" || e.key() == " " {
                e.prevent_default();
                // The keyboard stays on the band it zoomed into.
                on_refocus.emit(format!("g.mark[data-range=\"{range}\"]"));
                on_zoom.emit(Some(range));
            }
        })
    };
    html! {
        <g {class} data-overlap={m.code.as_str()} data-severity={m.severity.as_str()} data-range={m.range.to_string()}
           tabindex="0" role="button" aria-label={say(khcidr_core::t!("{0}; zoom in", desc))} {onclick} {onkeydown} onmouseenter={show} onfocus={show_focus}>
            if now {
                // The hatching lies under the lanes (see `band`); this is its outline.
                <rect x={pct(m.start)} y={top.to_string()} width={pct(m.width.max(MIN_WIDTH))} height={(bottom - top).to_string()} class="outline" />
            } else {
                <svg x={pct(m.start)} y={top.to_string()} overflow="visible">
                    <line x1="0" x2="0" y1="0" y2={(bottom - top).to_string()} />
                    <path d={format!("M0,{b} l-5,8 l10,0 Z", b = bottom - top)} />
                </svg>
            }
        </g>
    }
}

/// The rows a collision spans: from the first to the last lane with something in its
/// range (a band over a lane that holds nothing there would say it collides too).
fn rows(bars: &Bars, m: &Mark) -> (u32, u32) {
    let hit: Vec<usize> = bars
        .lanes
        .iter()
        .enumerate()
        .filter(|(_, lane)| {
            lane.segments
                .iter()
                .any(|s| s.first <= m.range.broadcast() && m.range.network() <= s.last)
        })
        .map(|(i, _)| i)
        .collect();
    let first = hit.first().copied().unwrap_or(0);
    let last = hit
        .last()
        .copied()
        .unwrap_or(bars.lanes.len().saturating_sub(1));
    (lane_y(first) - 4, lane_y(last) + LANE_H + 4)
}

/// A collision's hatching, drawn under the lanes so that what collides stays readable.
fn band(m: &Mark, (top, bottom): (u32, u32)) -> Html {
    html! {
        <rect x={pct(m.start)} y={top.to_string()} width={pct(m.width.max(MIN_WIDTH))} height={(bottom - top).to_string()} fill="url(#hatch)" class="band" aria-hidden="true" />
    }
}

/// A broken axis: the stretch drawn narrow, marked across each lane's bar (never over the
/// rows of titles and labels between them).
fn fold(f: &Fold, lanes: usize) -> Html {
    let mid = pct(f.start + f.width / 2.0);
    let rows = (0..lanes).map(|i| {
        let top = lane_y(i) - 2;
        let h = LANE_H + 4;
        html! {
            <>
                <rect x={pct(f.start)} y={top.to_string()} width={pct(f.width)} height={h.to_string()} class="fold-gap" />
                <svg x={mid.clone()} y={top.to_string()} overflow="visible">
                    <path d={format!("M-5,0 l4,{h} M1,0 l4,{h}")} class="fold-line" />
                </svg>
            </>
        }
    });
    html! {
        <g class="fold" data-fold={format!("{}-{}", f.first, f.last)}>
            <title>{ f.describe_in(cat()) }</title>
            { for rows }
        </g>
    }
}

/// Where a row of labels has its text's baseline.
fn baseline(row: Row, lanes: usize) -> u32 {
    match row {
        Row::Ticks => 12,
        Row::Above(i) => lane_y(i) - 5,
        Row::Inside(i) => lane_y(i) + LANE_H / 2 + 4,
        Row::Below => lane_y(lanes.saturating_sub(1)) + LANE_H + 18,
    }
}

/// Every label but the lanes' titles, each where the layout put it, with its leader line
/// down to what it names where it stands apart from it.
fn labels_view(bars: &Bars, labels: &Labels, width: f64) -> Html {
    let lanes = bars.lanes.len();
    let x = |px: f64| pct(px / width);
    labels
        .placed
        .iter()
        .filter(|l| !matches!(l.names, Names::Lane(_)))
        .map(|l| {
            let y = baseline(l.row, lanes);
            // Plain strings, not `classes!`: a class set per label costs the page bytes.
            let class = match (l.names, l.row) {
                (Names::Tick(_), _) => "tick-label",
                (Names::Mark(k), _) if bars.marks.get(k).is_some_and(Mark::is_now) => "mark-label now",
                (Names::Mark(_), _) => "mark-label later",
                (Names::Route(..), _) => "route-label",
                (Names::Segment(i, j), Row::Inside(_)) => {
                    match bars.lanes.get(i).and_then(|lane| lane.segments.get(j)).map(|s| s.role) {
                        Some(SegmentRole::PodBlocks) => "seg-label on-pod-blocks",
                        // A pin's label over a bar stands out from it, as a callout.
                        Some(role) if !role.is_address() => "seg-label",
                        _ => "callout",
                    }
                }
                _ => "callout",
            };
            let leader = l.leader.map(|at| {
                // max and min, not clamp: clamp's check of its bounds formats floats.
                let from = at.max(l.left).min(l.right);
                html! { <line class="leader" x1={x(from)} y1={(y + 2).to_string()} x2={x(at)} y2={(y + 9).to_string()} /> }
            });
            // A mark's label names its range, for tests and styles.
            let mark = match l.names {
                Names::Mark(k) => bars.marks.get(k).map(|m| m.range.to_string()),
                _ => None,
            };
            html! {
                <>
                    <text x={x(l.left)} y={y.to_string()} {class} aria-hidden="true" data-label="" data-mark-label={mark}>{ &l.text }</text>
                    { for leader }
                </>
            }
        })
        .collect()
}

/// The route a colliding pod block takes: from the block up to the node it points to.
fn route(r: &Route) -> Html {
    html! {
        <line class="route" x1={pct(r.from)} y1={lane_y(1).to_string()} x2={pct(r.to)} y2={(lane_y(0) + LANE_H).to_string()} />
    }
}

/// The legend: each swatch's classes and what it stands for.
const LEGEND: [(&str, &str); 12] = [
    ("swatch role-network", w("network")),
    ("swatch role-agent", w("agent subnet")),
    ("swatch role-control-plane", w("control-plane subnet")),
    ("swatch role-nat-router", w("NAT router / vSwitch")),
    ("swatch role-pods", w("pod range")),
    ("swatch role-pod-blocks", w("pod blocks in use")),
    (
        "swatch role-pod-block",
        w("a route's pod block, to its node"),
    ),
    ("swatch role-edge-block", w("first and last pod block")),
    ("swatch role-services", w("service range")),
    ("swatch now", w("collides now")),
    ("swatch later", w("collides as the cluster grows")),
    (
        "swatch fold",
        w("a stretch with nothing in it, drawn narrow (not to scale)"),
    ),
];

/// Where the keyboard goes once the next drawing is in place: `refocus` holds a selector
/// to focus, `came_from` what the keyboard zoomed in from, to return to on zooming out.
#[derive(Clone)]
struct Focus {
    refocus: UseStateHandle<Option<String>>,
    came_from: Rc<RefCell<Option<String>>>,
}

impl Focus {
    /// Focus what `selector` finds in the next drawing, and come back to it on zoom out.
    fn callback(&self) -> Callback<String> {
        let focus = self.clone();
        Callback::from(move |selector: String| {
            *focus.came_from.borrow_mut() = Some(selector.clone());
            focus.refocus.set(Some(selector));
        })
    }
}

/// The keyboard's place across drawings: a new drawing clears the detail line (it
/// described the old one) and focuses what was asked for.
#[hook]
fn use_focus(bars: &Same<Bars>, detail: &UseStateHandle<Option<String>>, wrap: &NodeRef) -> Focus {
    let focus = Focus {
        refocus: use_state(|| None::<String>),
        came_from: use_mut_ref(|| None::<String>),
    };
    let (detail, refocus, wrap) = (detail.clone(), focus.refocus.clone(), wrap.clone());
    use_effect_with(bars.clone(), move |_| {
        detail.set(None);
        let Some((selector, wrap)) = (*refocus).clone().zip(wrap.cast::<web_sys::Element>()) else {
            return;
        };
        let target = wrap.query_selector(&selector).ok().flatten();
        let target = target
            .and_then(|el| web_sys::wasm_bindgen::JsCast::dyn_into::<web_sys::SvgElement>(el).ok());
        if let Some(el) = target {
            let _ = el.focus();
        }
        refocus.set(None);
    });
    focus
}

/// Esc zooms out, and the keyboard stays on the range that was zoomed.
fn on_escape(
    bars: &Bars,
    on_zoom: &Callback<Option<Ipv4Net>>,
    focus: &Focus,
) -> Callback<KeyboardEvent> {
    let (on_zoom, focus, axis, zoomed) = (on_zoom.clone(), focus.clone(), bars.axis, bars.zoomed);
    Callback::from(move |e: KeyboardEvent| {
        if zoomed && e.key() == "Escape" {
            e.prevent_default();
            let back = focus
                .came_from
                .borrow_mut()
                .take()
                .unwrap_or_else(|| format!("[data-range=\"{axis}\"]"));
            focus.refocus.set(Some(back));
            on_zoom.emit(None);
        }
    })
}

/// The axis' lines at its addresses (their labels are laid out with the rest).
fn ticks(bars: &Bars) -> Html {
    let lanes = bars.lanes.len();
    bars.ticks
        .iter()
        .map(|(at, _)| {
            html! {
                <line class="tick" x1={pct(*at)} x2={pct(*at)} y1="16" y2={height(lanes).to_string()} />
            }
        })
        .collect()
}

/// What a lane's segments answer to: zooming, the detail line, the keyboard's place.
struct Handlers<'a> {
    on_zoom: &'a Callback<Option<Ipv4Net>>,
    on_detail: &'a Callback<Option<String>>,
    on_refocus: &'a Callback<String>,
}

/// The lanes: each one's title (click to zoom to its range) and its segments.
fn lanes(bars: &Bars, labels: &Labels, finding: Option<&Finding>, h: &Handlers) -> Html {
    bars.lanes
        .iter()
        .enumerate()
        .map(|(i, lane)| {
            let y = lane_y(i);
            let base = lane.segments.first().filter(|s| s.role.is_base());
            let title = labels.of(Names::Lane(lane.kind)).map(|l| l.text.clone()).unwrap_or_default();
            let segments = lane.segments.iter().map(|s| {
                let highlighted = finding.is_some_and(|f| s.named_by(f));
                segment(s, y, highlighted, h.on_zoom, h.on_detail, h.on_refocus)
            });
            let zoom_lane = base.map(|b| {
                let range = b.range;
                h.on_zoom.reform(move |_: MouseEvent| Some(range))
            });
            html! {
                <g class="lane">
                    <text x="0" y={(y - 5).to_string()} class={classes!("lane-title", zoom_lane.is_some().then_some("zoomable"))}
                          data-zoom-lane={lane.kind.slug()} data-label="" onclick={zoom_lane}>{ title }</text>
                    { for segments }
                </g>
            }
        })
        .collect()
}

/// The collisions: hatching under the lanes for those now, and every mark.
fn collisions(bars: &Bars, highlight: Option<FindingId>, h: &Handlers) -> (Html, Html) {
    // The rows each mark spans, for its outline and, drawn under the lanes, its hatching.
    let spans: Vec<(u32, u32)> = bars.marks.iter().map(|m| rows(bars, m)).collect();
    let bands = bars
        .marks
        .iter()
        .zip(&spans)
        .filter(|(m, _)| m.is_now())
        .map(|(m, &span)| band(m, span))
        .collect();
    let marks = bars
        .marks
        .iter()
        .zip(&spans)
        .map(|(m, &span)| mark(m, span, highlight == Some(m.finding), h))
        .collect();
    (bands, marks)
}

/// Above the drawing: back to the whole plan, where the axis is zoomed.
fn zoom_nav(bars: &Bars, on_zoom: &Callback<Option<Ipv4Net>>) -> Html {
    let zoom_out = on_zoom.reform(|_| None);
    html! {
        <div class="bars-nav" aria-label={t("Zoom")}>
            <button type="button" class="crumb" disabled={!bars.zoomed} onclick={zoom_out.clone()} data-zoom-out="">{t("Whole plan")}</button>
            if bars.zoomed {
                <span class="sep" aria-hidden="true">{"›"}</span>
                <span class="crumb current" data-zoom={bars.axis.to_string()}>{ bars.axis.to_string() }</span>
                <button type="button" class="zoom-out" onclick={zoom_out}>{t("Zoom out")}</button>
            }
            <span class="hint">{t("Click a range to zoom in.")}</span>
        </div>
    }
}

#[function_component(AddressBars)]
pub fn address_bars(props: &Props) -> Html {
    let detail = use_state(|| None::<String>);
    let on_detail = {
        let detail = detail.clone();
        Callback::from(move |text: Option<String>| detail.set(text))
    };
    let wrap = use_node_ref();
    let focus = use_focus(&props.bars, &detail, &wrap);
    let on_refocus = focus.callback();
    let bars = &*props.bars;
    let h = Handlers {
        on_zoom: &props.on_zoom,
        on_detail: &on_detail,
        on_refocus: &on_refocus,
    };
    let lanes_count = bars.lanes.len();
    let highlight = props.highlight.as_ref();
    let (bands, marks) = collisions(bars, highlight.map(|(id, _)| *id), &h);
    let width = f64::from(props.width.max(1));
    let labels = khcidr_core::labels::layout(bars, width, cat());
    html! {
        <div class="bars-wrap" ref={wrap} onkeydown={on_escape(bars, &props.on_zoom, &focus)}>
            { zoom_nav(bars, &props.on_zoom) }
            <svg class="bars" width="100%" height={height(lanes_count).to_string()} role="group" aria-label={say(khcidr_core::t!("Address space {0}", bars.axis))} data-axis={bars.axis.to_string()}>
                <defs>
                    <pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                        <rect width="6" height="6" class="hatch-bg" />
                        <line x1="0" y1="0" x2="0" y2="6" class="hatch-line" />
                    </pattern>
                </defs>
                { ticks(bars) }
                { bands }
                { lanes(bars, &labels, highlight.map(|(_, f)| f), &h) }
                { for bars.routes.iter().map(route) }
                { for bars.folds.iter().map(|f| fold(f, lanes_count)) }
                { marks }
                { labels_view(bars, &labels, width) }
            </svg>
            if !labels.listed.is_empty() {
                <p class="unlabelled" data-unlabelled="">{ say(khcidr_core::t!("Too narrow to label at this width: {0}. Zoom in to see them in the bars.", labels.listed.join(" · "))) }</p>
            }
            <p class="detail" aria-live="polite" data-detail="">{ (*detail).clone().unwrap_or_else(|| t("Hover or focus a range for its first and last address and size.").into()) }</p>
            if props.after_first_paint {
                <ul class="legend" aria-label={t("Legend")}>
                    { for LEGEND.iter().map(|(swatch, text)| html! { <li><span class={*swatch}></span>{ t(text) }</li> }) }
                </ul>
            }
        </div>
    }
}
