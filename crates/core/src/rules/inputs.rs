//! Rules on single inputs: parsing, canonical form, Hetzner's network rules, and the
//! kube-apiserver's service-range and DNS rules.

use std::net::Ipv4Addr;

use ipnet::Ipv4Net;

use super::ctx::Ctx;
use crate::model::{Code, Field, Finding, Fix, Key, Severity, Span};
use crate::net::{hostnum, is_private, size, RFC1918};
use crate::parse::clean;
use crate::platform::{MAX_NETWORK_PREFIX, MIN_SERVICE_PREFIX};
use crate::text::Text;

/// `network-not-private`, `network-too-small`, `service-range-too-large`.
pub(crate) fn ranges(ctx: &Ctx, findings: &mut Vec<Finding>) {
    if let Some(network) = ctx.ranges.network {
        if !is_private(network) {
            let list = RFC1918.map(|r| r.to_string()).join(", ");
            findings.push(
                Finding::new(Code::NetworkNotPrivate, Severity::Error, &[Field::Network])
                    .ranges([Span::Cidr(network)])
                    .message(t!("network {0} is not inside RFC 1918 ({1}); Hetzner Cloud networks must use a private range", network, list))
                    .symptom(t!("terraform apply fails creating hcloud_network: ip_range is invalid (invalid_input)"))
                    .fix(t!("use a private range, e.g. network_ipv4_cidr = \"10.0.0.0/8\" (the module default)")),
            );
        }
        if network.prefix_len() > MAX_NETWORK_PREFIX {
            findings.push(
                Finding::new(Code::NetworkTooSmall, Severity::Error, &[Field::Network])
                    .ranges([Span::Cidr(network)])
                    .message(t!(
                        "network {0} holds {1} addresses; Hetzner's smallest network is a /24",
                        network,
                        size(network)
                    ))
                    .symptom(t!(
                        "terraform apply fails creating hcloud_network (invalid_input)"
                    ))
                    .fix(t!(
                        "use a /24 or larger, e.g. network_ipv4_cidr = \"{0}\"",
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
                    .message(t!("service range {0} has {1} host bits; kube-apiserver accepts at most 20 (a /12)", service, 32 - service.prefix_len()))
                    .symptom(t!("kube-apiserver exits at start: specified --service-cluster-ip-range is too large; for 32-bit addresses, the mask must be >= 12"))
                    .fix(t!("use a /12 or smaller, e.g. service_ipv4_cidr = \"{0}\"", Ipv4Net::new(service.network(), 16).map(|n| n.trunc()).unwrap_or(service))),
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
        t!("set cluster_dns_ipv4 = \"{0}\" (host 10 of the service range), or leave it empty for that default", host10),
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
        .message(t!("service range {0} has no host 10 for the default DNS IP; it holds only {1} addresses", service, size(service)))
        .symptom(t!("k3s cannot derive cluster-dns; CoreDNS gets no service IP and every DNS lookup from pods fails"))
        .fix(t!("use a larger service range, e.g. a /16, or set cluster_dns_ipv4 to a host inside it"))
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
            t!("kube-hetzner {0} sets cluster_dns_ipv4 to 10.43.0.10 unless told otherwise, whatever the service range: ", ctx.plan.module_version),
            Fix::set(
                t!("set cluster_dns_ipv4 = \"{0}\" (host 10 of the service range) explicitly; from 2.17.1 the module derives it", host10),
                Key::Dns,
                host10,
            ),
        )
    } else {
        (Text::default(), fix_default)
    };
    Finding::new(Code::DnsOutsideService, Severity::Error, &[Field::Dns, Field::Service])
        .ranges([Span::Ip(dns), Span::Cidr(service)])
        .message(t!("{0}DNS IP {1} is not inside the service range {2}; CoreDNS's ClusterIP must come from that range", why, dns, service))
        .symptom(t!("the kube-dns service is refused: spec.clusterIPs: Invalid value: \"{0}\": provided IP is not in the valid range; pods' DNS lookups time out", dns))
        .fix(fix)
}

/// `dns-reserved-address`: the range's network or broadcast address, or the API's.
fn reserved_dns(ctx: &Ctx, dns: Ipv4Addr, service: Ipv4Net, fix_default: &Fix) -> Option<Finding> {
    let what = if dns == service.network() {
        t!("its network address")
    } else if dns == service.broadcast() {
        t!("its broadcast address")
    } else if Some(dns) == ctx.layout.api_ip {
        t!("host 1, the kubernetes API service")
    } else {
        return None;
    };
    let symptom = if Some(dns) == ctx.layout.api_ip {
        t!("the kube-dns service is refused: spec.clusterIPs: Invalid value: \"{0}\": provided IP is already allocated; pods' DNS lookups time out", dns)
    } else {
        t!("the kube-dns service is refused: spec.clusterIPs: Invalid value: \"{0}\": provided IP is not in the valid range; pods' DNS lookups time out", dns)
    };
    Some(
        Finding::new(Code::DnsReservedAddress, Severity::Error, &[Field::Dns])
            .ranges([Span::Ip(dns), Span::Cidr(service)])
            .message(t!(
                "DNS IP {0} is {1} of the service range {2}, which no service can take",
                dns,
                what,
                service
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
            .message(t!("DNS IP {0} is host {1} of {2}, above the static band of the first {3} addresses{4} that Kubernetes keeps for fixed ClusterIPs", dns, host, service, band, band_end.map(|end| t!(" (up to {0})", end)).unwrap_or_default()))
            .symptom(t!("a service created before CoreDNS's may be given {0} first; then kube-dns is refused: provided IP is already allocated", dns))
            .fix(fix_default.clone()),
    )
}
