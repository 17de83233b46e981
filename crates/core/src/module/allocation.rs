//! What the module's expressions read (`Input`) and what they compute (`Allocation`),
//! with the helpers every release family uses to record subnets, pins and errors.

use std::net::Ipv4Addr;

use ipnet::Ipv4Net;

use crate::model::{
    Code, Diagnostic, Era, Field, Grid, Layout, NatRouter, Plan, Remedy, Role, Subnet, SubnetMode,
    MAX_LISTED,
};
use crate::net::size;
use crate::text::Text;

use super::terraform::{cidrhost, FUNCTION_CALL};

/// A Terraform diagnostic the module raises for this plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PlanError {
    /// The catalog code the failure belongs to.
    pub code: Code,
    /// Terraform's summary: "Error in function call", "Invalid value for variable", ...
    pub summary: &'static str,
    /// Terraform's detail, word for word (a validation's `error_message`).
    pub detail: String,
    /// Where in the module, at the era's first release.
    pub source: &'static str,
    /// What the module was computing, in words.
    pub what: Text,
    /// The plan fields to change.
    pub fields: Vec<Field>,
    /// How to get past it (the rules word it).
    pub remedy: Remedy,
}

/// What the module computes for a plan: the layout as the report shows it, how the
/// network is cut, and the module's own errors and warnings as data (the rules word them
/// as findings).
#[derive(Clone, Debug, Default)]
pub(crate) struct Allocation {
    /// Subnets, pinned IPs, load balancers, DNS, gateway, k3s flags: the report's layout,
    /// filled by the module's expressions (`check` adds the ranges and pod blocks).
    pub layout: Layout,
    /// How the module cuts the network, where it can.
    pub grid: Option<Grid>,
    /// Plan-time errors, in the order the module meets them.
    pub errors: Vec<PlanError>,
    /// Plan-time warnings (`check` blocks).
    pub warnings: Vec<PlanError>,
}

/// The parsed inputs the module's expressions read.
pub(crate) struct Input<'a> {
    pub era: Era,
    pub plan: &'a Plan,
    pub network: Option<Ipv4Net>,
    pub service: Option<Ipv4Net>,
    /// `cluster_dns_ipv4` when given and valid.
    pub dns: Option<Ipv4Addr>,
    /// Each agent pool's own `subnet_ip_range`, where given and valid.
    pub agent_ranges: &'a [Option<Ipv4Net>],
}

impl Input<'_> {
    pub(super) fn agent_nodes(&self) -> u64 {
        self.plan.agents.iter().map(|p| u64::from(p.count())).sum()
    }

    pub(super) fn control_plane_nodes(&self) -> u64 {
        self.plan.control_planes.iter().map(|&n| u64::from(n)).sum()
    }

    pub(super) fn nat(&self) -> bool {
        self.plan.nat_router != NatRouter::Off
    }

    /// `network_subnet_mode` where the release has it (3.x), else one subnet per nodepool.
    pub(super) fn shared(&self) -> bool {
        self.era >= Era::V3_0_0 && self.plan.subnet_mode == SubnetMode::Shared
    }
}

impl From<&PlanError> for Diagnostic {
    fn from(e: &PlanError) -> Self {
        Diagnostic {
            summary: e.summary.into(),
            detail: e.detail.clone(),
            source: e.source.into(),
            what: e.what.en(),
        }
    }
}

impl Allocation {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn error(
        &mut self,
        code: Code,
        summary: &'static str,
        detail: impl Into<String>,
        source: &'static str,
        what: Text,
        fields: &[Field],
        remedy: Remedy,
    ) {
        let detail = detail.into();
        // Terraform reports each diagnostic once, however many nodes meet it.
        if self
            .errors
            .iter()
            .any(|e| e.detail == detail && e.source == source)
        {
            return;
        }
        self.errors.push(PlanError {
            code,
            summary,
            detail,
            source,
            what,
            fields: fields.to_vec(),
            remedy,
        });
    }

    /// A validation or precondition whose `condition` is false.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn require(
        &mut self,
        code: Code,
        holds: bool,
        summary: &'static str,
        message: &'static str,
        source: &'static str,
        fields: &[Field],
        remedy: Remedy,
    ) {
        if !holds {
            self.error(
                code,
                summary,
                message,
                source,
                t!("the module's own check"),
                fields,
                remedy,
            );
        }
    }

    /// A load balancer's pinned address, `cidrhost(subnet, host)`, or Terraform's error.
    pub(super) fn pinned_lb(
        &mut self,
        subnet: Ipv4Net,
        host: i64,
        source: &'static str,
        what: Text,
        field: Field,
    ) -> Option<Ipv4Addr> {
        match cidrhost(subnet, host) {
            Ok(ip) => Some(ip),
            Err(detail) => {
                self.error(
                    Code::SubnetTooSmall,
                    FUNCTION_CALL,
                    detail,
                    source,
                    t!("{0}, host {1} of {2}", what, host, subnet),
                    &[field, Field::Network, Field::ModuleVersion],
                    match host {
                        254 => Remedy::LbHost254,
                        1 => Remedy::LbHost1,
                        _ => Remedy::FewerLargerSubnets,
                    },
                );
                None
            }
        }
    }

    /// Pins one address per node index at `cidrhost(subnet, index + offset)`; Terraform
    /// reports every node whose host number does not fit, and so does this (up to
    /// [`MAX_LISTED`] a subnet).
    pub(super) fn pin(
        &mut self,
        subnet: &mut Subnet,
        indexes: impl Iterator<Item = u64>,
        offset: u64,
        source: &'static str,
        field: Field,
    ) {
        let mut failed = 0;
        for index in indexes {
            let host = i64::try_from(index.saturating_add(offset)).unwrap_or(i64::MAX);
            match cidrhost(subnet.cidr, host) {
                Ok(ip) if subnet.node_ips.len() < MAX_LISTED => subnet.node_ips.push(ip),
                Ok(_) => {}
                Err(_) if failed >= MAX_LISTED => break,
                Err(detail) => {
                    failed += 1;
                    let fits = size(subnet.cidr).saturating_sub(offset);
                    self.error(
                        Code::SubnetTooSmall,
                        FUNCTION_CALL,
                        detail,
                        source,
                        t!("the node IPs of {0} (host {1} on)", subnet.text(), offset),
                        &[field, Field::Network],
                        Remedy::NodesFit { fits, offset },
                    );
                }
            }
        }
    }
}

/// The node indexes worth pinning one by one: for `0..count`, the first [`MAX_LISTED`]
/// (the rest fit too, and are not listed) and the first [`MAX_LISTED`] that do not fit;
/// a `nodes` map's keys as they are. Huge counts cost no more than small ones.
pub(crate) fn listed(
    indexes: impl Iterator<Item = u64>,
    counted: bool,
    count: u64,
    cidr: Ipv4Net,
    offset: u64,
) -> Vec<u64> {
    if !counted {
        return indexes.collect();
    }
    let limit = MAX_LISTED as u64;
    let first_misfit = size(cidr).saturating_sub(offset).max(limit);
    (0..count.min(limit))
        .chain(first_misfit..count.min(first_misfit.saturating_add(limit)))
        .collect()
}

pub(super) fn subnet(
    role: Role,
    pool: Option<usize>,
    index: Option<u32>,
    cidr: Ipv4Net,
    nodes: u64,
) -> Subnet {
    Subnet {
        role,
        pool,
        index,
        cidr,
        gateway: None,
        nodes,
        node_ips: Vec::new(),
        ips_assigned_by_hetzner: false,
    }
}
