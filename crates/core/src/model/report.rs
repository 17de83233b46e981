//! The result of a check: findings, layout and capacity together.

use serde::Serialize;

use std::fmt;

use super::finding::{Code, Finding, Severity};
use super::layout::{Diagnostic, Layout};
use super::plan::Unknown;
use super::release::Release;
use crate::text::{Catalog, Text};

/// Everything `check` says about a plan.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// What is wrong, worst first.
    pub findings: Vec<Finding>,
    /// What kube-hetzner and Kubernetes will allocate.
    pub layout: Layout,
    /// How far the plan can grow.
    pub capacity: Capacity,
    /// What upgrading the module to `upgrade_to` moves, where the plan asks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upgrade: Option<Upgrade>,
    /// Whether values the plan leaves to Terraform make the findings that rest on them
    /// provisional.
    pub provisional: bool,
    /// Those values: names and places, never values.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unknown: Vec<Unknown>,
}

/// What kind of thing an upgrade moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MoveKind {
    /// An `hcloud_network_subnet`.
    Subnet,
    /// A node's private IP or its network attachment.
    Node,
    /// A NAT router's private IP.
    NatRouter,
    /// A load balancer's private IP or attachment.
    LoadBalancer,
    /// The CoreDNS service IP.
    Dns,
    /// The pod or service range k3s runs with.
    K3s,
    /// The network's NAT route, or the nodes' private default route.
    Route,
    /// A variable of `kube.tf` renamed.
    Variable,
}

impl MoveKind {
    /// The kebab-case name, as in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            MoveKind::Subnet => "subnet",
            MoveKind::Node => "node",
            MoveKind::NatRouter => "nat-router",
            MoveKind::LoadBalancer => "load-balancer",
            MoveKind::Dns => "dns",
            MoveKind::K3s => "k3s",
            MoveKind::Route => "route",
            MoveKind::Variable => "variable",
        }
    }
}

/// One difference between the plan on its release and on the release upgraded to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Move {
    /// What kind of thing moves.
    pub kind: MoveKind,
    /// Which one: `control-plane pool 0 node 1`, `hcloud_network_subnet.agent[0]`.
    pub what: String,
    /// Its value on the plan's release (`chosen by Hetzner`, `none`, an address, a range).
    pub before: String,
    /// Its value on the release upgraded to.
    pub after: String,
    /// What `terraform apply` does with it.
    pub applying: String,
    /// Where the module computes it, at both releases (`file:line @release → ...`).
    pub source: String,
    /// `what`, `before`, `after` and `applying` as sentences, for other languages.
    #[serde(skip)]
    pub words: MoveWords,
}

/// A move's words as data.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MoveWords {
    pub what: Text,
    pub before: Text,
    pub after: Text,
    pub applying: Text,
}

impl Move {
    /// Its words in the catalog's language (English without one).
    pub fn localize(&mut self, catalog: Option<&Catalog>) {
        self.what = self.words.what.render(catalog);
        self.before = self.words.before.render(catalog);
        self.after = self.words.after.render(catalog);
        self.applying = self.words.applying.render(catalog);
    }
}

/// What upgrading the module from the plan's release to another moves.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Upgrade {
    /// The plan's release.
    pub from: Release,
    /// The release upgraded to.
    pub to: Release,
    /// Everything that differs, subnets first.
    pub changes: Vec<Move>,
    /// What `terraform plan` stops with on the release upgraded to (nothing is applied
    /// until they are fixed).
    pub terraform_errors: Vec<Diagnostic>,
}

impl Report {
    /// How many findings have this severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// The worst severity found, `None` for a clean plan.
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).min()
    }

    /// The unknown values by name, each once: `var.location`, `var.network`.
    pub fn unknown_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for u in &self.unknown {
            if !names.contains(&u.name.as_str()) {
                names.push(&u.name);
            }
        }
        names
    }

    /// The verdict in words: what the worst finding means for the cluster; with values left
    /// unknown and nothing certainly breaking (what rests on them is an info), that it is
    /// provisional.
    pub fn verdict(&self) -> Text {
        let n = self.unknown_names().len();
        if self.provisional && matches!(self.worst(), None | Some(Severity::Info)) {
            return if n == 1 {
                t!("Provisional: {0} value unknown", n)
            } else {
                t!("Provisional: {0} values unknown", n)
            };
        }
        self.certain_verdict()
    }

    /// The verdict of the findings alone.
    fn certain_verdict(&self) -> Text {
        let worst = self.worst();
        let upgrade_only = self
            .findings
            .iter()
            .filter(|f| Some(f.severity) == worst)
            .all(|f| f.code.is_upgrade());
        match worst {
            Some(Severity::Error) if upgrade_only => t!("The upgrade breaks it"),
            Some(Severity::Warning) if upgrade_only => t!("The upgrade interrupts it"),
            Some(Severity::Error) => Severity::Error.heading(),
            Some(Severity::Warning) => Severity::Warning.heading(),
            Some(Severity::Info) | None => t!("Nothing breaks"),
        }
    }

    /// Every sentence of the report in the catalog's language (English without one): the
    /// findings and what an upgrade moves. Codes, fields, addresses and quoted errors stay.
    pub fn localize(&mut self, catalog: Option<&Catalog>) {
        for f in &mut self.findings {
            f.localize(catalog);
        }
        for m in self.upgrade.iter_mut().flat_map(|u| u.changes.iter_mut()) {
            m.localize(catalog);
        }
    }

    /// The report in the catalog's language: itself for English (its own words), else a
    /// copy with every sentence rendered in that language.
    pub fn in_language(&self, catalog: Option<&Catalog>) -> std::borrow::Cow<'_, Report> {
        match catalog {
            None => std::borrow::Cow::Borrowed(self),
            Some(_) => {
                let mut copy = self.clone();
                copy.localize(catalog);
                std::borrow::Cow::Owned(copy)
            }
        }
    }

    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.worst() == Some(Severity::Error)
    }

    /// Every finding with its identity.
    pub fn identified(&self) -> impl Iterator<Item = (FindingId, &Finding)> {
        self.findings.iter().enumerate().map(|(i, f)| {
            let nth = self
                .findings
                .iter()
                .take(i)
                .filter(|o| o.code == f.code)
                .count();
            (FindingId { code: f.code, nth }, f)
        })
    }

    /// The finding with this identity, if the report has it.
    pub fn get(&self, id: FindingId) -> Option<&Finding> {
        self.findings
            .iter()
            .filter(|f| f.code == id.code)
            .nth(id.nth)
    }
}

/// Which finding of a report: its code, and which of that code's findings it is (in the
/// report's order). It stays with its finding when others come and go, as an edit of
/// the plan adds or removes findings of other codes.
///
/// # Examples
///
/// ```
/// use khcidr_core::{check, Code, FindingId, Plan};
///
/// let plan = Plan { cluster_ipv4_cidr: "10.0.0.0/16".into(), ..Plan::default() };
/// let report = check(&plan);
/// let id = FindingId { code: Code::PodSubnetOverlap, nth: 0 };
/// assert_eq!(report.get(id).map(|f| f.code), Some(Code::PodSubnetOverlap));
/// assert_eq!(id.to_string(), "pod-subnet-overlap");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FindingId {
    /// The finding's code.
    pub code: Code,
    /// How many findings of that code come before it.
    pub nth: usize,
}

impl Serialize for FindingId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl fmt::Display for FindingId {
    /// `pod-subnet-overlap`, then `pod-subnet-overlap-2`, `-3` for the next ones: usable
    /// as an element id.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.nth {
            0 => f.write_str(self.code.as_str()),
            n => write!(f, "{}-{}", self.code.as_str(), n + 1),
        }
    }
}

/// What caps the node count.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Limit {
    /// The pod range holds this many node blocks.
    PodBlocks,
    /// Hetzner's 100 routes per network (one per node, one for the NAT router).
    Routes,
    /// Hetzner's 100 servers per network (nodes and NAT routers).
    Servers,
}

impl Limit {
    /// What it is, in words.
    pub fn text(self) -> Text {
        match self {
            Limit::PodBlocks => t!("pod blocks"),
            Limit::Routes => t!("Hetzner's 100 routes per network"),
            Limit::Servers => t!("Hetzner's 100 servers per network"),
        }
    }
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text().en())
    }
}

/// The plan's headroom.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Capacity {
    /// The most nodes the plan can hold.
    pub max_nodes: u64,
    /// What sets `max_nodes` (more than one when they tie).
    pub limited_by: Vec<Limit>,
    /// Nodes planned (control planes, agents, autoscaler maximum).
    pub planned_nodes: u64,
    /// Node pod blocks in the pod range.
    pub pod_blocks: Option<u64>,
    /// Usable pod addresses per node, capped by the kubelet's 110 pods.
    pub pods_per_node: Option<u64>,
    /// Addresses ClusterIPs can take.
    pub service_ips: Option<u64>,
    /// Subnets the plan allocates.
    pub subnets_used: u64,
    /// Subnets left of Hetzner's 50.
    pub subnets_left: u64,
    /// The most nodes the tightest agent subnet can pin, where there are agent subnets.
    pub agent_nodes_per_subnet: Option<u64>,
}

impl Capacity {
    /// What sets the node limit, in words: "pod blocks", or several joined by commas.
    pub fn limits(&self) -> Text {
        Text::join(
            self.limited_by.iter().map(|l| l.text()).collect(),
            "{0}, {1}",
        )
    }
}
