//! The drawing model of a report: lanes of ranges on one address axis, with the
//! collisions and growth limits marked. Front ends only scale fractions to pixels.
//!
//! [`model`] holds the types, [`axis`] where each address is drawn (and the folding),
//! [`lanes`] what each lane shows.

mod axis;
pub mod labels;
mod lanes;
mod model;

use std::net::Ipv4Addr;

use ipnet::Ipv4Net;

pub use axis::MIN_WIDTH;
pub use model::{Bars, Fold, LabelSide, Lane, LaneKind, Mark, Route, Segment, SegmentRole};

use crate::model::Report;
use crate::net::{distance, size};
use axis::Axis;

/// The smallest CIDR holding every given range.
fn span(ranges: &[Ipv4Net]) -> Option<Ipv4Net> {
    let mut axis = *ranges.first()?;
    while !ranges.iter().all(|r| axis.contains(r)) {
        axis = axis.supernet()?;
    }
    Some(axis)
}

/// Draws a report, on the axis spanning every range, or zoomed to `zoom`, with anything
/// allocated at least [`MIN_WIDTH`] wide.
pub fn bars(report: &Report, zoom: Option<Ipv4Net>) -> Option<Bars> {
    bars_at(report, zoom, MIN_WIDTH)
}

/// Draws a report with anything allocated at least `min_width` of the axis wide: on the
/// whole plan, stretches with nothing allocated are folded to make the room. A zoomed axis
/// is to scale, unless a range on it would be a sliver (see [`SLIVER`]).
pub fn bars_at(report: &Report, zoom: Option<Ipv4Net>, min_width: f64) -> Option<Bars> {
    let layout = &report.layout;
    let ranges: Vec<Ipv4Net> = [layout.network, layout.cluster, layout.service]
        .into_iter()
        .flatten()
        .collect();
    let whole = span(&ranges)?;
    let axis_net = zoom.map(|z| z.trunc()).unwrap_or(whole);
    let linear = Axis::linear(axis_net);
    let zoomed = zoom.is_some() && axis_net != whole;
    // A zoomed axis is to scale, unless a range on it would be a sliver (a DNS address far
    // outside the service range it should be in): then empty stretches fold there too.
    let axis = if zoomed && !has_sliver(report, &linear) {
        linear
    } else {
        whole_plan_axis(report, &linear, min_width)
    };
    let folds = axis.folds();
    let ticks = ticks(&axis, &folds);
    let (lanes, marks, routes) = lanes::draw(&axis, report);
    Some(Bars {
        axis: axis_net,
        zoomed,
        ticks,
        lanes,
        marks,
        folds,
        routes,
    })
}

/// Narrower than this share of a zoomed axis, a lane's range is a sliver (3 px of a 600 px
/// drawing): the zoomed axis folds its empty stretches to give it room.
pub const SLIVER: f64 = 0.005;

/// Whether a lane's own range (network, pods, services) drawn on `linear` would be a
/// sliver.
fn has_sliver(report: &Report, linear: &Axis) -> bool {
    let (lanes, _, _) = lanes::draw(linear, report);
    lanes
        .iter()
        .flat_map(|l| &l.segments)
        .any(|s| s.role.is_base() && s.width < SLIVER)
}

/// The whole-plan axis: what is allocated, and where the lanes' own ranges start and end,
/// measured on the linear axis, then folded.
fn whole_plan_axis(report: &Report, linear: &Axis, min_width: f64) -> Axis {
    let (lanes, marks, _) = lanes::draw(linear, report);
    let stretch = |first: Ipv4Addr, last: Ipv4Addr| (linear.offset(first), linear.offset(last) + 1);
    let drawn = || lanes.iter().flat_map(|l| &l.segments);
    let spans: Vec<(u64, u64)> = drawn()
        .filter(|s| !s.role.is_base() && !s.role.is_address())
        .map(|s| stretch(s.first, s.last))
        .chain(
            marks
                .iter()
                .map(|m| stretch(m.range.network(), m.range.broadcast())),
        )
        .collect();
    let pins: Vec<(u64, u64)> = drawn()
        .filter(|s| s.role.is_address())
        .map(|s| stretch(s.first, s.last))
        .collect();
    let bounds: Vec<(u64, u64)> = lanes
        .iter()
        .flat_map(|l| &l.segments)
        .filter(|s| s.role.is_base())
        .map(|s| stretch(s.first, s.last))
        .collect();
    Axis::folded(linear.net, &spans, &pins, &bounds, min_width)
}

/// The axis' address labels: to scale, the ends and the quarters; broken, the ends and
/// where the axis resumes after each fold, where there is room.
fn ticks(axis: &Axis, folds: &[Fold]) -> Vec<(f64, Ipv4Addr)> {
    let axis_net = axis.net;
    let address = |offset: u64| {
        let offset = offset.min(size(axis_net) - 1);
        let ip = crate::net::cidrhost(axis_net, i64::try_from(offset).unwrap_or(0))
            .unwrap_or(axis_net.network());
        (axis.at(offset), ip)
    };
    if folds.is_empty() {
        // To scale: the ends and the quarters.
        (0..=4u64)
            .map(|q| address((size(axis_net) - 1) * q / 4))
            .collect()
    } else {
        // Broken: the ends, and where the axis resumes after each fold, when there is room.
        let mut ticks = vec![address(0)];
        for fold in folds {
            let resumes = distance(axis_net.network(), fold.last) + 1;
            let tick = address(resumes);
            if ticks.last().is_some_and(|t| tick.0 - t.0 > 0.12) && tick.0 < 0.88 {
                ticks.push(tick);
            }
        }
        ticks.push(address(size(axis_net) - 1));
        ticks
    }
}
