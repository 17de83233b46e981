//! The findings of values the plan's text cannot stand for as written (`parse::Problem`):
//! `invalid-cidr`, `non-canonical-cidr`, `invalid-ip`, `node-mask-invalid`.

use crate::model::{Code, Field, Finding, Severity, Span};
use crate::parse::{clean, CidrProblem, MaskProblem, Problem};
use crate::platform::MAX_NODE_MASK_BITS;

/// The user's text, shortened for quoting.
fn quote(text: &str) -> String {
    crate::util::quote(clean(text))
}

fn reason(problem: CidrProblem) -> &'static str {
    match problem {
        CidrProblem::Empty => "it is empty",
        CidrProblem::Ipv6 => "it is IPv6, and these ranges are IPv4",
        CidrProblem::NoPrefix => "it has no /prefix length",
        CidrProblem::Malformed => {
            "expected four numbers from 0 to 255 and a prefix length from 0 to 32"
        }
    }
}

/// The finding of one problem.
pub(crate) fn finding(problem: &Problem) -> Finding {
    match problem {
        Problem::InvalidCidr { field, text, problem, example } => {
            Finding::new(Code::InvalidCidr, Severity::Error, &[*field])
                .message(t!("{0} = {1} is not an IPv4 CIDR: {2}", field, quote(text), reason(*problem)))
                .symptom(t!("terraform plan or k3s rejects the value; nothing that depends on this field can be checked until it parses"))
                .fix(t!("write it as a.b.c.d/n, for example {0} = \"{1}\"", field, example))
        }
        Problem::NonCanonicalCidr { field, given, canonical, severity } => {
            let symptom = if *severity == Severity::Error {
                t!("terraform apply fails when Hetzner's API refuses the range (invalid_input)")
            } else {
                t!("k3s silently uses the canonical range, which is not what the text suggests to the next reader")
            };
            Finding::new(Code::NonCanonicalCidr, *severity, &[*field])
                .ranges([Span::Cidr(*canonical)])
                .message(t!("{0} = \"{1}\" has host bits set; the range it names is {2}", field, given, canonical))
                .symptom(symptom)
                .fix(t!("write {0} = \"{1}\"", field, canonical))
        }
        Problem::InvalidIp { text } => Finding::new(Code::InvalidIp, Severity::Error, &[Field::Dns])
            .message(t!("cluster_dns_ipv4 = {0} is not an IPv4 address (four numbers from 0 to 255, no prefix)", quote(text)))
            .symptom(t!("k3s refuses to start with an invalid cluster-dns"))
            .fix(t!("write one address inside the service range, e.g. host 10 of it, or leave cluster_dns_ipv4 empty for that default")),
        Problem::NodeMask { mask, cluster, problem } => node_mask(*mask, *cluster, *problem),
    }
}

/// `node-mask-invalid`: the mask must lie within 16 bits below the pod prefix (node IPAM cidrset).
fn node_mask(mask: u8, cluster: Option<ipnet::Ipv4Net>, problem: MaskProblem) -> Finding {
    let message = match problem {
        MaskProblem::NotAPrefix => t!("node_cidr_mask_size = {0} is not a prefix length (0 to 32)", mask),
        MaskProblem::WiderThanPods(c) => t!("node_cidr_mask_size = /{0} is larger than the pod range {1} itself, so not one node block fits", mask, c),
        MaskProblem::TooManyBits(c) => t!("node_cidr_mask_size = /{0} cuts {1} into 2^{2} blocks; Kubernetes allows at most 16 bits between the pod prefix and the node mask", mask, c, mask - c.prefix_len()),
    };
    let fix = match cluster {
        Some(c) => {
            let (lo, hi) = (
                c.prefix_len(),
                c.prefix_len().saturating_add(MAX_NODE_MASK_BITS).min(32),
            );
            t!(
                "use a node mask from /{0} to /{1} for {2}, e.g. /{3}",
                lo,
                hi,
                c,
                24u8.clamp(lo, hi)
            )
        }
        None => "use a prefix length such as 24 (256 pod addresses per node)".into(),
    };
    Finding::new(Code::NodeMaskInvalid, Severity::Error, &[Field::NodeMask, Field::Cluster])
        .ranges(cluster.map(Span::Cidr))
        .message(message)
        .symptom(t!("kube-controller-manager exits at start: the node CIDR mask does not fit the cluster CIDR, and no node gets a pod block"))
        .fix(fix)
}
