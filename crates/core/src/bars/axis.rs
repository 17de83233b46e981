//! Where addresses are drawn: the axis, to scale when zoomed, and on the whole plan with
//! long stretches where nothing is allocated folded, so that what is allocated gets room.

use std::net::Ipv4Addr;

use ipnet::{IpAdd, Ipv4Net};

use super::model::{Fold, Segment, SegmentRole};
use crate::net::{distance, size};
use crate::text::Text;

/// One stretch of the axis: addresses `from..to` (offsets from the axis start) drawn
/// from `start` over `width`.
#[derive(Clone, Copy, Debug)]
struct Piece {
    from: u64,
    to: u64,
    start: f64,
    width: f64,
    folded: bool,
}

/// The axis cut at every range's ends: each stretch as (from, to, needs room, may fold).
/// Pins do not cut the axis: a stretch holding one only may not fold.
fn stretches(
    total: u64,
    spans: &[(u64, u64)],
    pins: &[(u64, u64)],
    bounds: &[(u64, u64)],
) -> Vec<(u64, u64, bool, bool)> {
    let mut cuts: Vec<u64> = vec![0, total];
    // Pins do not cut the axis: a stretch holding one only may not fold.
    for &(from, to) in spans.iter().chain(bounds) {
        cuts.push(from.min(total));
        cuts.push(to.min(total));
    }
    crate::util::sort_by_number(&mut cuts, |&c| c);
    cuts.dedup();
    let meets = |set: &[(u64, u64)], (a, b): (u64, u64)| set.iter().any(|&(f, t)| f < b && t > a);
    cuts.iter()
        .zip(cuts.iter().skip(1))
        .map(|(&a, &b)| {
            // Every range starts a stretch: that first stretch gets the room, so each
            // range is at least `min_width` wide without its middle taking more.
            let busy = meets(spans, (a, b));
            let starts = spans.iter().any(|&(f, _)| f == a);
            (a, b, starts, !busy && !meets(pins, (a, b)))
        })
        .collect()
}

/// The pieces of an axis: each stretch at its fixed width, or to `scale`, side by side.
fn pieces(stretches: &[(u64, u64, bool, bool)], fixed: &[Option<f64>], scale: f64) -> Vec<Piece> {
    let mut at = 0.0;
    stretches
        .iter()
        .zip(fixed)
        .map(|(&(from, to, busy, _), w)| {
            let width = w.unwrap_or((to - from) as f64 * scale);
            let piece = Piece {
                from,
                to,
                start: at,
                width,
                folded: !busy && w.is_some(),
            };
            at += width;
            piece
        })
        .collect()
}

/// Positions on one axis: linear when zoomed, folded at the whole-plan scale.
pub(super) struct Axis {
    pub(super) net: Ipv4Net,
    pieces: Vec<Piece>,
}

/// Empty stretches wider than this share of a whole-plan axis are folded.
const FOLD_ABOVE: f64 = 0.06;
/// How wide a fold is drawn.
const FOLD_WIDTH: f64 = 0.025;
/// Default narrowest drawn width of anything allocated (24 px of a 600 px drawing).
pub const MIN_WIDTH: f64 = 0.04;

impl Axis {
    pub(super) fn linear(net: Ipv4Net) -> Axis {
        Axis {
            net,
            pieces: vec![Piece {
                from: 0,
                to: size(net),
                start: 0.0,
                width: 1.0,
                folded: false,
            }],
        }
    }

    /// The whole-plan axis: every stretch where a range is allocated (`spans`) at least
    /// `min_width` wide, long stretches with nothing in them folded, the rest to scale.
    /// Single addresses (`pins`) are never folded away but take no room of their own.
    pub(super) fn folded(
        net: Ipv4Net,
        spans: &[(u64, u64)],
        pins: &[(u64, u64)],
        bounds: &[(u64, u64)],
        min_width: f64,
    ) -> Axis {
        let total = size(net);
        let stretches = stretches(total, spans, pins, bounds);
        let share = |from: u64, to: u64| (to - from) as f64 / total as f64;
        let folding = |&(f, t, _, may): &(u64, u64, bool, bool)| may && share(f, t) > FOLD_ABOVE;
        let folds = stretches.iter().filter(|s| folding(s)).count();
        let busy = stretches.iter().filter(|s| s.2).count();
        // Too many things to give each its minimum: share what is left between them.
        let room = (1.0_f64 - folds as f64 * FOLD_WIDTH).max(0.0) * 0.9;
        let min_width = if busy == 0 {
            0.0
        } else {
            min_width.min(room / busy as f64)
        };
        // Widths: folds fixed, busy stretches at least `min_width`, the rest to scale.
        let mut fixed: Vec<Option<f64>> = stretches
            .iter()
            .map(|s| folding(s).then_some(FOLD_WIDTH))
            .collect();
        loop {
            let taken: f64 = fixed.iter().flatten().sum();
            let free: u64 = stretches
                .iter()
                .zip(&fixed)
                .filter(|(_, w)| w.is_none())
                .map(|(&(f, t, _, _), _)| t - f)
                .sum();
            let scale = if free == 0 {
                0.0
            } else {
                (1.0 - taken).max(0.0) / free as f64
            };
            let mut changed = false;
            for (&(f, t, busy, _), w) in stretches.iter().zip(fixed.iter_mut()) {
                if w.is_none() && busy && (t - f) as f64 * scale < min_width {
                    *w = Some(min_width);
                    changed = true;
                }
            }
            if !changed {
                return Axis {
                    net,
                    pieces: pieces(&stretches, &fixed, scale),
                };
            }
        }
    }

    /// Where an offset from the axis start is drawn.
    pub(super) fn at(&self, offset: u64) -> f64 {
        let piece = self
            .pieces
            .iter()
            .find(|p| offset < p.to)
            .or(self.pieces.last());
        match piece {
            Some(p) if p.to > p.from => {
                let into = offset.clamp(p.from, p.to) - p.from;
                p.start + p.width * into as f64 / (p.to - p.from) as f64
            }
            _ => 0.0,
        }
    }

    pub(super) fn offset(&self, ip: Ipv4Addr) -> u64 {
        distance(self.net.network(), ip)
    }

    /// Start and width of the part of `range` on the axis, if any.
    pub(super) fn place(&self, range: Ipv4Net) -> Option<(f64, f64)> {
        self.place_span(range.network(), range.broadcast())
    }

    /// Start and width of the part of `first..=last` on the axis, if any.
    pub(super) fn place_span(&self, first: Ipv4Addr, last: Ipv4Addr) -> Option<(f64, f64)> {
        let first = first.max(self.net.network());
        let last = last.min(self.net.broadcast());
        if first > last {
            return None;
        }
        let start = self.at(self.offset(first));
        let end = self.at(self.offset(last) + 1);
        Some((start, end - start))
    }

    pub(super) fn folds(&self) -> Vec<Fold> {
        self.pieces
            .iter()
            .filter(|p| p.folded)
            .map(|p| Fold {
                first: self
                    .net
                    .network()
                    .saturating_add(u32::try_from(p.from).unwrap_or(u32::MAX)),
                last: self
                    .net
                    .network()
                    .saturating_add(u32::try_from(p.to - 1).unwrap_or(u32::MAX)),
                size: p.to - p.from,
                start: p.start,
                width: p.width,
            })
            .collect()
    }

    pub(super) fn segment(
        &self,
        role: SegmentRole,
        words: Text,
        range: Ipv4Net,
    ) -> Option<Segment> {
        let (start, width) = self.place(range)?;
        Some(Segment {
            role,
            gateway: None,
            label: words.en(),
            words,
            range,
            first: range.network(),
            last: range.broadcast(),
            size: size(range),
            start,
            width,
        })
    }

    pub(super) fn address(
        &self,
        role: SegmentRole,
        words: Text,
        ip: Option<Ipv4Addr>,
    ) -> Option<Segment> {
        self.segment(role, words, Ipv4Net::from(ip?))
    }
}
