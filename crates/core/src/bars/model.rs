//! The drawing's types: lanes of segments on one axis, the marks across them, the folds
//! of the axis and the routes from pod blocks to nodes. Front ends only scale fractions
//! to pixels.

use std::fmt;
use std::net::Ipv4Addr;

use ipnet::Ipv4Net;
use serde::Serialize;

use crate::model::{Code, Finding, FindingId, Severity};
use crate::text::{Catalog, Text};

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
    /// A subnet's gateway, as Hetzner gives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gateway: Option<Ipv4Addr>,
    /// `label` as a sentence, for other languages.
    #[serde(skip)]
    pub words: Text,
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
        self.describe_in(None)
    }

    /// [`Segment::describe`] in the catalog's language.
    pub fn describe_in(&self, cat: Option<&Catalog>) -> String {
        let words = if self.role.is_address() {
            t!("{0}: {1}", self.words, self.first)
        } else if !self.is_cidr() {
            t!(
                "{0}: {1} – {2} · {3} addresses",
                self.words,
                self.first,
                self.last,
                self.size
            )
        } else {
            let gateway = self
                .gateway
                .map(|g| t!(" · gateway {0}", g))
                .unwrap_or_default();
            t!(
                "{0}: {1} · {2} – {3} · {4} addresses{5}",
                self.words,
                self.cidr(),
                self.first,
                self.last,
                self.size,
                gateway
            )
        };
        words.render(cat)
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
    pub fn title(self) -> Text {
        match self {
            LaneKind::Network => t!("Hetzner network"),
            LaneKind::Pods => t!("Pods"),
            LaneKind::Services => t!("Services"),
        }
    }

    /// The lane's title in one word, where the title has no room.
    pub fn short(self) -> Text {
        match self {
            LaneKind::Network => t!("network"),
            LaneKind::Pods => t!("pods"),
            LaneKind::Services => t!("services"),
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
    /// `label` as a sentence, for other languages.
    #[serde(skip)]
    pub words: Text,
    /// The finding it comes from.
    pub finding: FindingId,
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
    /// The routes a collision names, each from its pod block to its node, where both are
    /// on the axis.
    pub routes: Vec<Route>,
}

/// A route the cloud controller creates: its pod block and the node it points to, paired
/// where the finding names them, so a front end draws the line without reading labels.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Route {
    /// The destination: one node's pod block.
    pub block: Ipv4Net,
    /// The gateway: the node's private IP.
    pub node: Ipv4Addr,
    /// Where the line leaves the block (its middle), from 0 to 1.
    pub from: f64,
    /// Where the line reaches the node, from 0 to 1.
    pub to: f64,
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
    /// `10.20.160.0 – 10.20.254.127: 24448 addresses with nothing in them, drawn narrow`.
    pub fn describe(&self) -> String {
        self.describe_in(None)
    }

    /// [`Fold::describe`] in the catalog's language.
    pub fn describe_in(&self, cat: Option<&Catalog>) -> String {
        t!(
            "{0} – {1}: {2} addresses with nothing in them, drawn narrow",
            self.first,
            self.last,
            self.size
        )
        .render(cat)
    }
}

impl Bars {
    /// Its labels in the catalog's language (English without one).
    pub fn localize(&mut self, cat: Option<&Catalog>) {
        for s in self.lanes.iter_mut().flat_map(|l| l.segments.iter_mut()) {
            s.label = s.words.render(cat);
        }
        for m in &mut self.marks {
            m.label = m.words.render(cat);
        }
    }

    /// Every segment, lane by lane.
    pub fn segments(&self) -> impl Iterator<Item = &Segment> {
        self.lanes.iter().flat_map(|l| l.segments.iter())
    }
}
