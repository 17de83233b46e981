//! The drawing model of a report: lanes of ranges on one address axis, with the
//! collisions and growth limits marked. Front ends only scale fractions to pixels.

use std::fmt;
use std::net::Ipv4Addr;

use ipnet::{IpAdd, Ipv4Net};
use serde::Serialize;

use crate::model::Report;
use crate::model::{Code, Finding, Severity, Unit};
use crate::model::{Layout, Role};
use crate::net::{distance, overlaps, size};

/// What a segment shows; its text form is the page's `data-role`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SegmentRole {
    /// The Hetzner network.
    Network,
    /// An agent subnet.
    Agent,
    /// A control-plane subnet.
    ControlPlane,
    /// The NAT router subnet.
    NatRouter,
    /// The vSwitch subnet.
    Vswitch,
    /// The control-plane load balancer's IP.
    LoadBalancer,
    /// The pod range.
    Pods,
    /// The pod blocks handed to the planned nodes.
    PodBlocks,
    /// One node's pod block that a finding names: a route's destination.
    PodBlock,
    /// A node's private IP that a finding names: where a route points.
    Node,
    /// The first or the last pod block handed out.
    EdgeBlock,
    /// The service range.
    Services,
    /// The `kubernetes` API service IP.
    Api,
    /// The CoreDNS service IP.
    Dns,
}

impl SegmentRole {
    /// The kebab-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            SegmentRole::Network => "network",
            SegmentRole::Agent => "agent",
            SegmentRole::ControlPlane => "control-plane",
            SegmentRole::NatRouter => "nat-router",
            SegmentRole::Vswitch => "vswitch",
            SegmentRole::LoadBalancer => "load-balancer",
            SegmentRole::Pods => "pods",
            SegmentRole::PodBlocks => "pod-blocks",
            SegmentRole::PodBlock => "pod-block",
            SegmentRole::Node => "node",
            SegmentRole::EdgeBlock => "edge-block",
            SegmentRole::Services => "services",
            SegmentRole::Api => "api",
            SegmentRole::Dns => "dns",
        }
    }

    /// Whether it is a lane's own range (network, pods, services) rather than something inside it.
    pub fn is_base(self) -> bool {
        matches!(
            self,
            SegmentRole::Network | SegmentRole::Pods | SegmentRole::Services
        )
    }

    /// Whether it is a single address drawn as a pin rather than a span.
    pub fn is_address(self) -> bool {
        matches!(
            self,
            SegmentRole::LoadBalancer | SegmentRole::Api | SegmentRole::Dns | SegmentRole::Node
        )
    }
}

impl fmt::Display for SegmentRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One range or address on a lane.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Segment {
    /// What it is.
    pub role: SegmentRole,
    /// A short label: `agent pool 0`, `API`.
    pub label: String,
    /// The range (an address is its /32).
    pub range: Ipv4Net,
    /// The first address.
    pub first: Ipv4Addr,
    /// The last address.
    pub last: Ipv4Addr,
    /// How many addresses (for pod blocks: those handed out).
    pub size: u64,
    /// Where it starts on the axis, from 0 to 1.
    pub start: f64,
    /// How much of the axis it covers, from 0 to 1 (tiny ranges are tiny: front ends widen them).
    pub width: f64,
}

impl Segment {
    /// Whether a finding names this segment's range (for the used pod blocks: a block inside them).
    pub fn named_by(&self, finding: &Finding) -> bool {
        if self.role == SegmentRole::Node {
            return finding.ranges.iter().any(|span| span.net() == self.range);
        }
        finding.ranges.iter().any(|span| {
            let net = span.net();
            net == self.range
                || (self.role == SegmentRole::PodBlocks
                    && self.range.contains(&net)
                    && net.prefix_len() < 32)
        })
    }

    /// A one-line description: label, CIDR, first and last address, size.
    pub fn describe(&self) -> String {
        if self.role.is_address() {
            return format!("{}: {}", self.label, self.first);
        }
        if !self.is_cidr() {
            return format!(
                "{}: {} – {} · {} addresses",
                self.label, self.first, self.last, self.size
            );
        }
        format!(
            "{}: {} · {} – {} · {} addresses",
            self.label,
            self.cidr(),
            self.first,
            self.last,
            self.size
        )
    }

    /// The range as a stable hook (`data-range`): the CIDR around the span, or the address.
    pub fn hook(&self) -> String {
        if self.role.is_address() {
            self.first.to_string()
        } else {
            self.range.to_string()
        }
    }

    /// Whether the span is exactly its range (the pod blocks in use need not be a CIDR).
    fn is_cidr(&self) -> bool {
        self.first == self.range.network() && self.last == self.range.broadcast()
    }

    /// The CIDR, the bare address for a single address, or first – last for a span that
    /// is not a CIDR.
    pub fn cidr(&self) -> String {
        if self.role.is_address() {
            self.first.to_string()
        } else if !self.is_cidr() {
            format!("{} – {}", self.first, self.last)
        } else {
            self.range.to_string()
        }
    }
}

/// Which lane.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LaneKind {
    /// The Hetzner network and its subnets.
    Network,
    /// The pod range and its used blocks.
    Pods,
    /// The service range with the API and DNS addresses.
    Services,
}

impl LaneKind {
    /// The lane's kebab-case name.
    pub fn slug(self) -> &'static str {
        match self {
            LaneKind::Network => "network",
            LaneKind::Pods => "pods",
            LaneKind::Services => "services",
        }
    }

    /// The lane's title.
    pub fn title(self) -> &'static str {
        match self {
            LaneKind::Network => "Hetzner network",
            LaneKind::Pods => "Pods",
            LaneKind::Services => "Services",
        }
    }
}

/// One horizontal lane: its base range first, then what lies inside it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Lane {
    /// Which lane.
    pub kind: LaneKind,
    /// The segments inside the axis.
    pub segments: Vec<Segment>,
}

/// A collision (now) or a growth limit (later) drawn across the lanes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Mark {
    /// The finding it comes from.
    pub code: Code,
    /// Its severity: errors are collisions now, the rest start later.
    pub severity: Severity,
    /// The colliding range.
    pub range: Ipv4Net,
    /// Where it starts on the axis, from 0 to 1.
    pub start: f64,
    /// How much of the axis it covers.
    pub width: f64,
    /// `collides now`, `from node 126`, `at agent pool 43`.
    pub label: String,
    /// Index of the finding in the report.
    pub finding: usize,
}

impl Mark {
    /// Whether it collides now rather than later.
    pub fn is_now(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Whether its label ends at the mark (on the right of the axis) rather than starts there.
    pub fn label_ends_here(&self) -> bool {
        self.start > 0.75
    }
}

/// Where a label beside a segment goes (a route's label beside its pod block).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LabelSide {
    /// Inside it, from its left edge: it fills most of the axis.
    Inside,
    /// Ending at its left edge: it lies on the right half.
    Left,
    /// Starting at its right edge.
    Right,
}

impl Segment {
    /// Where a label beside this segment goes, so it stays on the axis.
    pub fn label_side(&self) -> LabelSide {
        if self.width > 0.5 {
            LabelSide::Inside
        } else if self.start + self.width > 0.5 {
            LabelSide::Left
        } else {
            LabelSide::Right
        }
    }
}

/// The whole drawing.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Bars {
    /// The range the axis spans.
    pub axis: Ipv4Net,
    /// Whether the axis is zoomed in from the whole plan.
    pub zoomed: bool,
    /// Addresses at 0, ¼, ½, ¾ and the end of the axis, with their positions.
    pub ticks: Vec<(f64, Ipv4Addr)>,
    /// Network, pods and services, in that order.
    pub lanes: Vec<Lane>,
    /// Collisions and growth limits.
    pub marks: Vec<Mark>,
    /// Stretches drawn narrower than their size (whole plan only): a broken axis.
    pub folds: Vec<Fold>,
}

/// A stretch of the axis where nothing but the lanes' own ranges lies, drawn narrow so
/// that what is allocated gets the room: the axis is broken there, and says so.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Fold {
    /// Its first address.
    pub first: Ipv4Addr,
    /// Its last address.
    pub last: Ipv4Addr,
    /// How many addresses it stands for.
    pub size: u64,
    /// Where it is drawn, from 0 to 1.
    pub start: f64,
    /// How wide it is drawn.
    pub width: f64,
}

impl Fold {
    /// `10.20.160.0 – 10.20.254.127 folded: 24448 addresses with nothing allocated`.
    pub fn describe(&self) -> String {
        format!(
            "{} – {} folded: {} addresses with nothing allocated",
            self.first, self.last, self.size
        )
    }
}

impl Bars {
    /// Every segment, lane by lane.
    pub fn segments(&self) -> impl Iterator<Item = &Segment> {
        self.lanes.iter().flat_map(|l| l.segments.iter())
    }

    /// For each mark, whether its label goes under the bars on a drawing `width` pixels
    /// wide: a label that would run into an earlier one is left out.
    pub fn labelled_marks(&self, width: f64) -> Vec<bool> {
        fitting(
            self.marks
                .iter()
                .map(|m| (m.start, &m.label[..], m.label_ends_here())),
            width,
        )
    }

    /// The route blocks whose labels fit beside them on a drawing `width` pixels wide, in
    /// drawing order: a label that would run into an earlier one is left out (the block
    /// still names its route when hovered).
    pub fn labelled_routes(&self, width: f64) -> Vec<&Segment> {
        let blocks: Vec<&Segment> = self
            .segments()
            .filter(|s| s.role == SegmentRole::PodBlock)
            .collect();
        let fits = fitting(
            blocks.iter().map(|s| match s.label_side() {
                LabelSide::Inside => (s.start, &s.label[..], false),
                LabelSide::Left => (s.start, &s.label[..], true),
                LabelSide::Right => (s.start + s.width, &s.label[..], false),
            }),
            width,
        );
        blocks
            .into_iter()
            .zip(fits)
            .filter_map(|(s, fits)| fits.then_some(s))
            .collect()
    }
}

/// Which labels fit on one line `width` pixels wide, each given as where it is anchored
/// (a fraction of the axis), its text, and whether it ends there rather than starts: a
/// label that would run into an earlier one is left out (about 6.5 px a character of an
/// 11 px bold label, and 8 px of room).
fn fitting<'a>(labels: impl Iterator<Item = (f64, &'a str, bool)>, width: f64) -> Vec<bool> {
    let mut taken: Vec<(f64, f64)> = Vec::new();
    labels
        .map(|(at, label, ends_here)| {
            let at = at * width;
            let long = label.chars().count() as f64 * 6.5 + 8.0;
            let span = if ends_here {
                (at - long, at)
            } else {
                (at, at + long)
            };
            let free = taken.iter().all(|&(l, r)| span.1 <= l || span.0 >= r);
            if free {
                taken.push(span);
            }
            free
        })
        .collect()
}

/// The smallest CIDR holding every given range.
fn span(ranges: &[Ipv4Net]) -> Option<Ipv4Net> {
    let mut axis = *ranges.first()?;
    while !ranges.iter().all(|r| axis.contains(r)) {
        axis = axis.supernet()?;
    }
    Some(axis)
}

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
struct Axis {
    net: Ipv4Net,
    pieces: Vec<Piece>,
}

/// Empty stretches wider than this share of a whole-plan axis are folded.
const FOLD_ABOVE: f64 = 0.06;
/// How wide a fold is drawn.
const FOLD_WIDTH: f64 = 0.025;
/// Default narrowest drawn width of anything allocated (24 px of a 600 px drawing).
pub const MIN_WIDTH: f64 = 0.04;

impl Axis {
    fn linear(net: Ipv4Net) -> Axis {
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
    fn folded(
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
    fn at(&self, offset: u64) -> f64 {
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

    fn offset(&self, ip: Ipv4Addr) -> u64 {
        distance(self.net.network(), ip)
    }

    /// Start and width of the part of `range` on the axis, if any.
    fn place(&self, range: Ipv4Net) -> Option<(f64, f64)> {
        self.place_span(range.network(), range.broadcast())
    }

    /// Start and width of the part of `first..=last` on the axis, if any.
    fn place_span(&self, first: Ipv4Addr, last: Ipv4Addr) -> Option<(f64, f64)> {
        let first = first.max(self.net.network());
        let last = last.min(self.net.broadcast());
        if first > last {
            return None;
        }
        let start = self.at(self.offset(first));
        let end = self.at(self.offset(last) + 1);
        Some((start, end - start))
    }

    fn folds(&self) -> Vec<Fold> {
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

    fn segment(&self, role: SegmentRole, label: String, range: Ipv4Net) -> Option<Segment> {
        let (start, width) = self.place(range)?;
        Some(Segment {
            role,
            label,
            range,
            first: range.network(),
            last: range.broadcast(),
            size: size(range),
            start,
            width,
        })
    }

    fn address(&self, role: SegmentRole, label: &str, ip: Option<Ipv4Addr>) -> Option<Segment> {
        self.segment(role, label.into(), Ipv4Net::from(ip?))
    }
}

fn subnet_role(role: Role) -> SegmentRole {
    match role {
        Role::Agent => SegmentRole::Agent,
        Role::ControlPlane => SegmentRole::ControlPlane,
        Role::NatRouter | Role::Peripherals => SegmentRole::NatRouter,
        Role::Vswitch => SegmentRole::Vswitch,
    }
}

/// The three lanes; `nodes` and `blocks` are what findings name (see [`routes`]).
fn lanes(
    axis: &Axis,
    layout: &Layout,
    pod_blocks: Option<u64>,
    (nodes, blocks): (Vec<Segment>, Vec<Segment>),
) -> Vec<Lane> {
    let mut network = network_segments(axis, layout);
    let mut pods = Vec::new();
    if let Some(cluster) = layout.cluster {
        pods.extend(axis.segment(SegmentRole::Pods, "pod range".into(), cluster));
        pods.extend(blocks_in_use(axis, layout, pod_blocks, cluster));
    }
    network.extend(nodes);
    pods.extend(blocks);
    let mut services = Vec::new();
    if let Some(service) = layout.service {
        services.extend(axis.segment(SegmentRole::Services, "service range".into(), service));
        services.extend(axis.address(SegmentRole::Api, "API", layout.api_ip));
        services.extend(axis.address(SegmentRole::Dns, "DNS", layout.dns_ip));
    }
    vec![
        Lane {
            kind: LaneKind::Network,
            segments: network,
        },
        Lane {
            kind: LaneKind::Pods,
            segments: pods,
        },
        Lane {
            kind: LaneKind::Services,
            segments: services,
        },
    ]
}

/// The network lane before its nodes: the network, its subnets, the load balancers.
fn network_segments(axis: &Axis, layout: &Layout) -> Vec<Segment> {
    let mut network = Vec::new();
    if let Some(net) = layout.network {
        network.extend(axis.segment(SegmentRole::Network, "network".into(), net));
        for s in &layout.subnets {
            network.extend(axis.segment(subnet_role(s.role), s.name(), s.cidr));
        }
        network.extend(axis.address(
            SegmentRole::LoadBalancer,
            "load balancer",
            layout.load_balancer_ip,
        ));
        if layout.ingress_lb_ip != layout.load_balancer_ip {
            network.extend(axis.address(
                SegmentRole::LoadBalancer,
                "ingress load balancer",
                layout.ingress_lb_ip,
            ));
        }
    }
    network
}

/// The planned nodes' pod blocks as one span: they are contiguous from the bottom, so one
/// span, which need not be a CIDR; its `range` is the smallest CIDR around it.
fn blocks_in_use(
    axis: &Axis,
    layout: &Layout,
    pod_blocks: Option<u64>,
    cluster: Ipv4Net,
) -> Option<Segment> {
    let used = layout.planned_nodes.min(pod_blocks.unwrap_or(0));
    let first = layout.pod_blocks.first().filter(|_| used > 0)?;
    let addresses = used.saturating_mul(size(*first)).min(size(cluster));
    let last = first
        .network()
        .saturating_add(u32::try_from(addresses - 1).unwrap_or(u32::MAX));
    let mut range = *first;
    while !range.contains(&last) {
        let Some(wider) = range.supernet() else { break };
        range = wider;
    }
    let (start, width) = axis.place_span(first.network(), last)?;
    let noun = if used == 1 { "block" } else { "blocks" };
    Some(Segment {
        role: SegmentRole::PodBlocks,
        label: format!("{used} pod {noun} in use"),
        range,
        first: first.network(),
        last,
        size: addresses,
        start,
        width,
    })
}

/// The ranges where a finding's ranges meet, smallest sets only.
fn intersections(finding: &Finding) -> Vec<Ipv4Net> {
    let nets: Vec<Ipv4Net> = finding.ranges.iter().map(|r| r.net()).collect();
    let mut meets: Vec<Ipv4Net> = Vec::new();
    for (i, a) in nets.iter().enumerate() {
        for b in nets.iter().skip(i + 1) {
            if a != b && overlaps(*a, *b) {
                let smaller = if a.prefix_len() >= b.prefix_len() {
                    *a
                } else {
                    *b
                };
                if !meets.contains(&smaller) {
                    meets.push(smaller);
                }
            } else if a == b && !meets.contains(a) {
                meets.push(*a);
            }
        }
    }
    // Keep only the widest of nested meets (an address inside a colliding block adds nothing).
    let all = meets.clone();
    meets.retain(|m| !all.iter().any(|o| o != m && o.contains(m)));
    meets
}

fn mark_label(finding: &Finding, range: Ipv4Net, layout: &Layout) -> String {
    if finding.severity == Severity::Error {
        return "collides now".into();
    }
    let count = finding.starts_at.map_or(0, |s| s.count);
    match finding.starts_at.map(|s| s.unit) {
        Some(Unit::AgentPool) => format!("at agent pool {count}"),
        Some(Unit::ControlPlanePool) => format!("at control-plane pool {count}"),
        _ => {
            let node = layout
                .cluster
                .zip(layout.pod_blocks.first())
                .map(|(cluster, block)| {
                    distance(cluster.network(), range.network().max(cluster.network()))
                        / size(*block)
                        + 1
                });
            format!("from node {}", node.unwrap_or(count))
        }
    }
}

/// The pod blocks and node IPs that findings of a collision now name: each route's
/// destination and the node it points to (`10.20.128.0/24 via 10.20.128.101`).
fn routes(axis: &Axis, report: &Report) -> (Vec<Segment>, Vec<Segment>) {
    let layout = &report.layout;
    let (Some(network), Some(cluster), Some(block)) =
        (layout.network, layout.cluster, layout.pod_blocks.first())
    else {
        return (Vec::new(), Vec::new());
    };
    let (mut nodes, mut blocks): (Vec<Segment>, Vec<Segment>) = (Vec::new(), Vec::new());
    for finding in report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error && f.code.is_collision())
    {
        // A finding names each pod block, then what it meets, then the node its route goes
        // through: the blocks named since the last node address go through the next one.
        let mut routes: Vec<(Ipv4Net, Option<Ipv4Addr>)> = Vec::new();
        for net in finding.ranges.iter().map(|r| r.net()) {
            if net.prefix_len() == block.prefix_len() && cluster.contains(&net) {
                routes.push((net, None));
            } else if net.prefix_len() == 32 && network.contains(&net) {
                for route in routes.iter_mut().rev().take_while(|r| r.1.is_none()) {
                    route.1 = Some(net.addr());
                }
            }
        }
        for (net, via) in routes {
            if blocks.iter().any(|b| b.range == net) {
                continue;
            }
            let label = match via {
                Some(ip) => format!("route {net} via {ip}"),
                None => format!("pod block {net}"),
            };
            blocks.extend(axis.segment(SegmentRole::PodBlock, label, net));
            if let Some(ip) = via.filter(|ip| !nodes.iter().any(|n| n.first == *ip)) {
                nodes.extend(axis.address(SegmentRole::Node, "node", Some(ip)));
            }
        }
    }
    // The first and the last block handed out, where they are not drawn already.
    let used = layout
        .planned_nodes
        .min(report.capacity.pod_blocks.unwrap_or(0));
    if used >= 2 {
        let last = crate::net::cidrsubnet(
            cluster,
            block.prefix_len().saturating_sub(cluster.prefix_len()),
            used - 1,
        );
        for (label, net) in [("first", Some(*block)), ("last", last)] {
            let Some(net) = net.filter(|n| !blocks.iter().any(|b| b.range == *n)) else {
                continue;
            };
            let node = if label == "first" { 1 } else { used };
            blocks.extend(axis.segment(
                SegmentRole::EdgeBlock,
                format!("{label} pod block {net}, node {node}'s"),
                net,
            ));
        }
    }
    (nodes, blocks)
}

/// Lanes and marks on an axis.
fn draw(axis: &Axis, report: &Report) -> (Vec<Lane>, Vec<Mark>) {
    let layout = &report.layout;
    let lanes = lanes(
        axis,
        layout,
        report.capacity.pod_blocks,
        routes(axis, report),
    );
    let mut marks = Vec::new();
    for (index, finding) in report.findings.iter().enumerate() {
        if !finding.code.is_collision() {
            continue;
        }
        for range in intersections(finding) {
            if let Some((start, width)) = axis.place(range) {
                marks.push(Mark {
                    code: finding.code,
                    severity: finding.severity,
                    range,
                    start,
                    width,
                    label: mark_label(finding, range, layout),
                    finding: index,
                });
            }
        }
    }
    (lanes, marks)
}

/// Draws a report, on the axis spanning every range, or zoomed to `zoom`, with anything
/// allocated at least [`MIN_WIDTH`] wide.
pub fn bars(report: &Report, zoom: Option<Ipv4Net>) -> Option<Bars> {
    bars_at(report, zoom, MIN_WIDTH)
}

/// Draws a report with anything allocated at least `min_width` of the axis wide: on the
/// whole plan, stretches with nothing allocated are folded to make the room. A zoomed axis
/// is to scale.
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
    let axis = if zoomed {
        linear
    } else {
        whole_plan_axis(report, &linear, min_width)
    };
    let folds = axis.folds();
    let ticks = ticks(&axis, &folds);
    let (lanes, marks) = draw(&axis, report);
    Some(Bars {
        axis: axis_net,
        zoomed,
        ticks,
        lanes,
        marks,
        folds,
    })
}

/// The whole-plan axis: what is allocated, and where the lanes' own ranges start and end,
/// measured on the linear axis, then folded.
fn whole_plan_axis(report: &Report, linear: &Axis, min_width: f64) -> Axis {
    let (lanes, marks) = draw(linear, report);
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
