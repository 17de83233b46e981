//! Rules on single inputs: parsing, canonical form, Hetzner's network rules, and the
//! kube-apiserver's service-range and DNS rules.

use std::net::Ipv4Addr;

use ipnet::Ipv4Net;

use super::ctx::Ctx;
use crate::model::{Code, Field, Finding, Fix, Key, Plan, Ranges, Severity, Span};
use crate::net::{hostnum, is_private, size, RFC1918};
use crate::platform::{MODULE_DEFAULT_CLUSTER, MODULE_DEFAULT_NETWORK, MODULE_DEFAULT_SERVICE};

/// kube-apiserver refuses service ranges with more than 20 host bits (`--service-cluster-ip-range`).
const MIN_SERVICE_PREFIX: u8 = 12;
/// Hetzner's smallest network.
const MAX_NETWORK_PREFIX: u8 = 24;
/// A node mask may be at most this many bits longer than the pod prefix (node IPAM bitmap).
const MAX_NODE_MASK_BITS: u8 = 16;

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

/// `network-not-private`, `network-too-small`, `service-range-too-large`.
pub(crate) fn ranges(ctx: &Ctx, findings: &mut Vec<Finding>) {
    if let Some(network) = ctx.ranges.network {
        if !is_private(network) {
            let list = RFC1918.map(|r| r.to_string()).join(", ");
            findings.push(
                Finding::new(Code::NetworkNotPrivate, Severity::Error, &[Field::Network])
                    .ranges([Span::Cidr(network)])
                    .message(format!(
                        "network {network} is not inside RFC 1918 ({list}); Hetzner Cloud networks must use a private range"
                    ))
                    .symptom("terraform apply fails creating hcloud_network: ip_range is invalid (invalid_input)")
                    .fix("use a private range, e.g. network_ipv4_cidr = \"10.0.0.0/8\" (the module default)"),
            );
        }
        if network.prefix_len() > MAX_NETWORK_PREFIX {
            findings.push(
                Finding::new(Code::NetworkTooSmall, Severity::Error, &[Field::Network])
                    .ranges([Span::Cidr(network)])
                    .message(format!(
                        "network {network} holds {} addresses; Hetzner's smallest network is a /24",
                        size(network)
                    ))
                    .symptom("terraform apply fails creating hcloud_network (invalid_input)")
                    .fix(format!(
                        "use a /24 or larger, e.g. network_ipv4_cidr = \"{}\"",
                        Ipv4Net::new(network.network(), MAX_NETWORK_PREFIX)
                            .map(|n| n.trunc())
                            .unwrap_or(network)
                    )),
            );
        }
    }
    if let Some(service) = ctx.ranges.service {
        if service.prefix_len() < MIN_SERVICE_PREFIX {
            findings.push(
                Finding::new(Code::ServiceRangeTooLarge, Severity::Error, &[Field::Service])
                    .ranges([Span::Cidr(service)])
                    .message(format!(
                        "service range {service} has {} host bits; kube-apiserver accepts at most 20 (a /12)",
                        32 - service.prefix_len()
                    ))
                    .symptom("kube-apiserver exits at start: specified --service-cluster-ip-range is too large; for 32-bit addresses, the mask must be >= 12")
                    .fix(format!(
                        "use a /12 or smaller, e.g. service_ipv4_cidr = \"{}\"",
                        Ipv4Net::new(service.network(), 16).map(|n| n.trunc()).unwrap_or(service)
                    )),
            );
        }
    }
}

/// The size of Kubernetes' static band for fixed ClusterIPs (KEP-3070): `min(max(16, size/16), 256)`.
pub(crate) fn static_band(service: Ipv4Net) -> u64 {
    (size(service) / 16).clamp(16, 256)
}

/// `dns-outside-service`, `dns-reserved-address`, `dns-outside-static-band`.
pub(crate) fn dns(ctx: &Ctx, findings: &mut Vec<Finding>) {
    let Some(service) = ctx.ranges.service else {
        return;
    };
    let given = !clean(&ctx.plan.cluster_dns_ipv4).is_empty();
    let host10 = crate::net::cidrhost(service, 10)
        .map_or_else(|| service.network().to_string(), |ip| ip.to_string());
    let fix_default = Fix::set(
        format!("set cluster_dns_ipv4 = \"{host10}\" (host 10 of the service range), or leave it empty for that default"),
        Key::Dns,
        &host10,
    );
    let Some(dns) = ctx.layout.dns_ip else {
        if !given {
            findings.push(no_host_10(service));
        }
        return;
    };
    let finding = if service.contains(&dns) {
        reserved_dns(ctx, dns, service, &fix_default)
            .or_else(|| above_static_band(dns, service, &fix_default))
    } else {
        Some(outside_service(
            ctx,
            dns,
            service,
            &host10,
            given,
            fix_default,
        ))
    };
    findings.extend(finding);
}

/// `dns-outside-service` where the service range has no host 10 to derive the address from.
fn no_host_10(service: Ipv4Net) -> Finding {
    Finding::new(Code::DnsOutsideService, Severity::Error, &[Field::Dns, Field::Service])
        .ranges([Span::Cidr(service)])
        .message(format!(
            "service range {service} has no host 10 for the default DNS IP; it holds only {} addresses",
            size(service)
        ))
        .symptom("k3s cannot derive cluster-dns; CoreDNS gets no service IP and every DNS lookup from pods fails")
        .fix("use a larger service range, e.g. a /16, or set cluster_dns_ipv4 to a host inside it")
}

/// `dns-outside-service`: the DNS address outside the service range.
fn outside_service(
    ctx: &Ctx,
    dns: Ipv4Addr,
    service: Ipv4Net,
    host10: &str,
    given: bool,
    fix_default: Fix,
) -> Finding {
    // 2.9.2 to 2.17.0 default cluster_dns_ipv4 to the literal 10.43.0.10.
    let release_default = !given && ctx.layout.dns_source == crate::module::DnsSource::Variable;
    let (why, fix) = if release_default {
        (
            format!("kube-hetzner {} sets cluster_dns_ipv4 to 10.43.0.10 unless told otherwise, whatever the service range: ", ctx.plan.module_version),
            Fix::set(
                format!("set cluster_dns_ipv4 = \"{host10}\" (host 10 of the service range) explicitly; from 2.17.1 the module derives it"),
                Key::Dns,
                host10,
            ),
        )
    } else {
        (String::new(), fix_default)
    };
    Finding::new(Code::DnsOutsideService, Severity::Error, &[Field::Dns, Field::Service])
        .ranges([Span::Ip(dns), Span::Cidr(service)])
        .message(format!(
            "{why}DNS IP {dns} is not inside the service range {service}; CoreDNS's ClusterIP must come from that range"
        ))
        .symptom(format!(
            "the kube-dns service is refused: spec.clusterIPs: Invalid value: \"{dns}\": provided IP is not in the valid range; pods' DNS lookups time out"
        ))
        .fix(fix)
}

/// `dns-reserved-address`: the range's network or broadcast address, or the API's.
fn reserved_dns(ctx: &Ctx, dns: Ipv4Addr, service: Ipv4Net, fix_default: &Fix) -> Option<Finding> {
    let what = if dns == service.network() {
        "its network address"
    } else if dns == service.broadcast() {
        "its broadcast address"
    } else if Some(dns) == ctx.layout.api_ip {
        "host 1, the kubernetes API service"
    } else {
        return None;
    };
    let symptom = if Some(dns) == ctx.layout.api_ip {
        format!("the kube-dns service is refused: spec.clusterIPs: Invalid value: \"{dns}\": provided IP is already allocated; pods' DNS lookups time out")
    } else {
        format!("the kube-dns service is refused: spec.clusterIPs: Invalid value: \"{dns}\": provided IP is not in the valid range; pods' DNS lookups time out")
    };
    Some(
        Finding::new(Code::DnsReservedAddress, Severity::Error, &[Field::Dns])
            .ranges([Span::Ip(dns), Span::Cidr(service)])
            .message(format!(
                "DNS IP {dns} is {what} of the service range {service}, which no service can take"
            ))
            .symptom(symptom)
            .fix(fix_default.clone()),
    )
}

/// `dns-outside-static-band`: above the addresses Kubernetes keeps for fixed ClusterIPs.
fn above_static_band(dns: Ipv4Addr, service: Ipv4Net, fix_default: &Fix) -> Option<Finding> {
    let band = static_band(service);
    let host = hostnum(service, dns);
    if host <= band {
        return None;
    }
    let band_end = crate::net::cidrhost(service, i64::try_from(band).unwrap_or(16));
    Some(
        Finding::new(Code::DnsOutsideStaticBand, Severity::Info, &[Field::Dns])
            .ranges([Span::Ip(dns), Span::Cidr(service)])
            .message(format!(
                "DNS IP {dns} is host {host} of {service}, above the static band of the first {band} addresses{} that Kubernetes keeps for fixed ClusterIPs",
                band_end.map(|end| format!(" (up to {end})")).unwrap_or_default()
            ))
            .symptom(format!(
                "a service created before CoreDNS's may be given {dns} first; then kube-dns is refused: provided IP is already allocated"
            ))
            .fix(fix_default.clone()),
    )
}
