//! The result of a check: findings, layout and capacity together.

use serde::Serialize;

use std::fmt;

use super::finding::{Finding, Severity};
use super::layout::Layout;

/// Everything `check` says about a plan.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// What is wrong, worst first.
    pub findings: Vec<Finding>,
    /// What kube-hetzner and Kubernetes will allocate.
    pub layout: Layout,
    /// How far the plan can grow.
    pub capacity: Capacity,
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

    /// The verdict in words: what the worst finding means for the cluster.
    pub fn verdict(&self) -> &'static str {
        match self.worst() {
            Some(Severity::Error) => Severity::Error.heading(),
            Some(Severity::Warning) => Severity::Warning.heading(),
            Some(Severity::Info) | None => "Nothing breaks",
        }
    }

    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.worst() == Some(Severity::Error)
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

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Limit::PodBlocks => "pod blocks",
            Limit::Routes => "Hetzner's 100 routes per network",
            Limit::Servers => "Hetzner's 100 servers per network",
        })
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
    pub fn limits(&self) -> String {
        self.limited_by
            .iter()
            .map(|l| l.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    }
}
