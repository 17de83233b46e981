//! The plan's text read into ranges: each value parsed, or refused with a finding that
//! names the field and the fix (`invalid-cidr`, `non-canonical-cidr`, `invalid-ip`,
//! `node-mask-invalid`).

use std::net::Ipv4Addr;

use ipnet::Ipv4Net;

use crate::model::{Code, Field, Finding, Plan, Ranges, Severity, Span};
use crate::platform::{
    MAX_NODE_MASK_BITS, MODULE_DEFAULT_CLUSTER, MODULE_DEFAULT_NETWORK, MODULE_DEFAULT_SERVICE,
};

/// Why a CIDR text did not parse.
enum CidrProblem {
    Empty,
    Ipv6,
    NoPrefix,
    Malformed,
}

impl CidrProblem {
    fn reason(&self) -> &'static str {
        match self {
            CidrProblem::Empty => "it is empty",
            CidrProblem::Ipv6 => "it is IPv6, and these ranges are IPv4",
            CidrProblem::NoPrefix => "it has no /prefix length",
            CidrProblem::Malformed => {
                "expected four numbers from 0 to 255 and a prefix length from 0 to 32"
            }
        }
    }
}

/// The text with surrounding blanks and quotes (as pasted from `kube.tf`) removed.
pub(crate) fn clean(text: &str) -> &str {
    text.trim().trim_matches('"').trim()
}

/// The user's text, shortened for quoting.
fn quote(text: &str) -> String {
    crate::util::quote(clean(text))
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

/// Parses one CIDR field, reporting `invalid-cidr` or `non-canonical-cidr`; yields the canonical range.
fn cidr_field(
    text: &str,
    field: Field,
    example: &str,
    host_bits: Severity,
    findings: &mut Vec<Finding>,
) -> Option<Ipv4Net> {
    let net = match parse_cidr(text) {
        Ok(net) => net,
        Err(problem) => {
            findings.push(
                Finding::new(Code::InvalidCidr, Severity::Error, &[field])
                    .message(format!("{field} = {} is not an IPv4 CIDR: {}", quote(text), problem.reason()))
                    .symptom("terraform plan or k3s rejects the value; nothing that depends on this field can be checked until it parses")
                    .fix(format!("write it as a.b.c.d/n, for example {field} = \"{example}\"")),
            );
            return None;
        }
    };
    let canonical = net.trunc();
    if canonical != net {
        let symptom = if host_bits == Severity::Error {
            "terraform apply fails when Hetzner's API refuses the range (invalid_input)"
        } else {
            "k3s silently uses the canonical range, which is not what the text suggests to the next reader"
        };
        findings.push(
            Finding::new(Code::NonCanonicalCidr, host_bits, &[field])
                .ranges([Span::Cidr(canonical)])
                .message(format!(
                    "{field} = \"{net}\" has host bits set; the range it names is {canonical}"
                ))
                .symptom(symptom)
                .fix(format!("write {field} = \"{canonical}\"")),
        );
    }
    Some(canonical)
}

/// Parses every text input; the findings are the parse rules.
pub(crate) fn parse(plan: &Plan, findings: &mut Vec<Finding>) -> Ranges {
    let network = cidr_field(
        &plan.network_ipv4_cidr,
        Field::Network,
        MODULE_DEFAULT_NETWORK,
        Severity::Error,
        findings,
    );
    let cluster = cidr_field(
        &plan.cluster_ipv4_cidr,
        Field::Cluster,
        MODULE_DEFAULT_CLUSTER,
        Severity::Warning,
        findings,
    );
    let service = cidr_field(
        &plan.service_ipv4_cidr,
        Field::Service,
        MODULE_DEFAULT_SERVICE,
        Severity::Warning,
        findings,
    );
    let dns = dns_field(&plan.cluster_dns_ipv4, findings);
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
                findings,
            )
        })
        .collect();
    let node_mask = node_mask(plan.node_mask, cluster, findings);
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
/// (with its finding).
fn dns_field(text: &str, findings: &mut Vec<Finding>) -> Option<Ipv4Addr> {
    let dns_text = clean(text);
    if dns_text.is_empty() {
        None
    } else {
        let parsed = dns_text.parse::<Ipv4Addr>().ok();
        if parsed.is_none() {
            findings.push(
                Finding::new(Code::InvalidIp, Severity::Error, &[Field::Dns])
                    .message(format!(
                        "cluster_dns_ipv4 = {} is not an IPv4 address (four numbers from 0 to 255, no prefix)",
                        quote(dns_text)
                    ))
                    .symptom("k3s refuses to start with an invalid cluster-dns")
                    .fix("write one address inside the service range, e.g. host 10 of it, or leave cluster_dns_ipv4 empty for that default"),
            );
        }
        parsed
    }
}

/// `node-mask-invalid`: the mask must lie within 16 bits below the pod prefix (node IPAM cidrset).
fn node_mask(mask: u8, cluster: Option<Ipv4Net>, findings: &mut Vec<Finding>) -> Option<u8> {
    let problem = match cluster {
        _ if mask > 32 => Some(format!("node_cidr_mask_size = {mask} is not a prefix length (0 to 32)")),
        Some(c) if mask < c.prefix_len() => Some(format!(
            "node_cidr_mask_size = /{mask} is larger than the pod range {c} itself, so not one node block fits"
        )),
        Some(c) if mask - c.prefix_len() > MAX_NODE_MASK_BITS => Some(format!(
            "node_cidr_mask_size = /{mask} cuts {c} into 2^{} blocks; Kubernetes allows at most 16 bits between the pod prefix and the node mask",
            mask - c.prefix_len()
        )),
        _ => None,
    };
    let Some(message) = problem else {
        return cluster.map(|_| mask);
    };
    let fix = match cluster {
        Some(c) => {
            let (lo, hi) = (
                c.prefix_len(),
                c.prefix_len().saturating_add(MAX_NODE_MASK_BITS).min(32),
            );
            format!(
                "use a node mask from /{lo} to /{hi} for {c}, e.g. /{}",
                24u8.clamp(lo, hi)
            )
        }
        None => "use a prefix length such as 24 (256 pod addresses per node)".into(),
    };
    findings.push(
        Finding::new(Code::NodeMaskInvalid, Severity::Error, &[Field::NodeMask, Field::Cluster])
            .ranges(cluster.map(Span::Cidr))
            .message(message)
            .symptom("kube-controller-manager exits at start: the node CIDR mask does not fit the cluster CIDR, and no node gets a pod block")
            .fix(fix),
    );
    None
}
