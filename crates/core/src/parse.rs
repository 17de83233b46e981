//! The plan's text read into ranges: each value parsed, or refused with the problem as
//! data (`rules/parsed.rs` words each as `invalid-cidr`, `non-canonical-cidr`,
//! `invalid-ip` or `node-mask-invalid`).

use std::net::Ipv4Addr;

use ipnet::Ipv4Net;

use crate::model::{Field, Plan, Ranges, Severity};
use crate::platform::{
    MAX_NODE_MASK_BITS, MODULE_DEFAULT_CLUSTER, MODULE_DEFAULT_NETWORK, MODULE_DEFAULT_SERVICE,
};

/// Why a CIDR text did not parse.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CidrProblem {
    Empty,
    Ipv6,
    NoPrefix,
    Malformed,
}

/// Why a node mask does not fit the pod range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum MaskProblem {
    /// Past 32.
    NotAPrefix,
    /// Shorter than the pod range's own prefix.
    WiderThanPods(Ipv4Net),
    /// More than 16 bits below the pod prefix (node IPAM's bitmap).
    TooManyBits(Ipv4Net),
}

/// A value the plan's text cannot stand for as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Problem {
    /// Not a CIDR; `example` is the field's default, to show how one is written.
    InvalidCidr {
        field: Field,
        text: String,
        problem: CidrProblem,
        example: &'static str,
    },
    /// A CIDR with host bits set: `canonical` is the range it names.
    NonCanonicalCidr {
        field: Field,
        given: Ipv4Net,
        canonical: Ipv4Net,
        severity: Severity,
    },
    /// `cluster_dns_ipv4` is not an address.
    InvalidIp { text: String },
    /// The node mask does not fit the pod range (`cluster`, where it parses).
    NodeMask {
        mask: u8,
        cluster: Option<Ipv4Net>,
        problem: MaskProblem,
    },
}

/// The text with surrounding blanks and quotes (as pasted from `kube.tf`) removed.
pub(crate) fn clean(text: &str) -> &str {
    text.trim().trim_matches('"').trim()
}

fn parse_cidr(text: &str) -> Result<Ipv4Net, CidrProblem> {
    let text = clean(text);
    // Byte scans: `str::contains` would bring its 1.7 KB searcher into the page for this.
    if text.is_empty() {
        Err(CidrProblem::Empty)
    } else if text.bytes().any(|b| b == b':') {
        Err(CidrProblem::Ipv6)
    } else if !text.bytes().any(|b| b == b'/') {
        Err(CidrProblem::NoPrefix)
    } else {
        text.parse().map_err(|_| CidrProblem::Malformed)
    }
}

/// Parses one CIDR field, noting `invalid-cidr` or `non-canonical-cidr`; yields the
/// canonical range.
fn cidr_field(
    text: &str,
    field: Field,
    example: &'static str,
    severity: Severity,
    problems: &mut Vec<Problem>,
) -> Option<Ipv4Net> {
    let net = match parse_cidr(text) {
        Ok(net) => net,
        Err(problem) => {
            problems.push(Problem::InvalidCidr {
                field,
                text: text.to_string(),
                problem,
                example,
            });
            return None;
        }
    };
    let canonical = net.trunc();
    if canonical != net {
        problems.push(Problem::NonCanonicalCidr {
            field,
            given: net,
            canonical,
            severity,
        });
    }
    Some(canonical)
}

/// Parses every text input, noting each value that does not stand for what it says.
pub(crate) fn parse(plan: &Plan, problems: &mut Vec<Problem>) -> Ranges {
    let network = cidr_field(
        &plan.network_ipv4_cidr,
        Field::Network,
        MODULE_DEFAULT_NETWORK,
        Severity::Error,
        problems,
    );
    let cluster = cidr_field(
        &plan.cluster_ipv4_cidr,
        Field::Cluster,
        MODULE_DEFAULT_CLUSTER,
        Severity::Warning,
        problems,
    );
    let service = cidr_field(
        &plan.service_ipv4_cidr,
        Field::Service,
        MODULE_DEFAULT_SERVICE,
        Severity::Warning,
        problems,
    );
    let dns = dns_field(&plan.cluster_dns_ipv4, problems);
    let agent_ranges = plan
        .agents
        .iter()
        .enumerate()
        .map(|(k, pool)| {
            let text = pool
                .subnet_ip_range
                .as_deref()
                .filter(|t| !clean(t).is_empty())?;
            cidr_field(
                text,
                Field::AgentSubnetRange(k),
                "10.100.0.0/24",
                Severity::Error,
                problems,
            )
        })
        .collect();
    let node_mask = node_mask(plan.node_mask, cluster, problems);
    Ranges {
        network,
        cluster,
        service,
        dns,
        agent_ranges,
        node_mask,
    }
}

/// `cluster_dns_ipv4` parsed: `None` when empty (the release derives it) or not an address
/// (noted).
fn dns_field(text: &str, problems: &mut Vec<Problem>) -> Option<Ipv4Addr> {
    let dns_text = clean(text);
    if dns_text.is_empty() {
        return None;
    }
    let parsed = dns_text.parse::<Ipv4Addr>().ok();
    if parsed.is_none() {
        problems.push(Problem::InvalidIp {
            text: dns_text.to_string(),
        });
    }
    parsed
}

/// `node-mask-invalid`: the mask must lie within 16 bits below the pod prefix (node IPAM
/// cidrset).
fn node_mask(mask: u8, cluster: Option<Ipv4Net>, problems: &mut Vec<Problem>) -> Option<u8> {
    let problem = match cluster {
        _ if mask > 32 => Some(MaskProblem::NotAPrefix),
        Some(c) if mask < c.prefix_len() => Some(MaskProblem::WiderThanPods(c)),
        Some(c) if mask - c.prefix_len() > MAX_NODE_MASK_BITS => Some(MaskProblem::TooManyBits(c)),
        _ => None,
    };
    let Some(problem) = problem else {
        return cluster.map(|_| mask);
    };
    problems.push(Problem::NodeMask {
        mask,
        cluster,
        problem,
    });
    None
}
