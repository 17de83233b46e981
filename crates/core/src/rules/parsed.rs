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
                .message(format!("{field} = {} is not an IPv4 CIDR: {}", quote(text), reason(*problem)))
                .symptom("terraform plan or k3s rejects the value; nothing that depends on this field can be checked until it parses")
                .fix(format!("write it as a.b.c.d/n, for example {field} = \"{example}\""))
        }
        Problem::NonCanonicalCidr { field, given, canonical, severity } => {
            let symptom = if *severity == Severity::Error {
                "terraform apply fails when Hetzner's API refuses the range (invalid_input)"
            } else {
                "k3s silently uses the canonical range, which is not what the text suggests to the next reader"
            };
            Finding::new(Code::NonCanonicalCidr, *severity, &[*field])
                .ranges([Span::Cidr(*canonical)])
                .message(format!(
                    "{field} = \"{given}\" has host bits set; the range it names is {canonical}"
                ))
                .symptom(symptom)
                .fix(format!("write {field} = \"{canonical}\""))
        }
        Problem::InvalidIp { text } => Finding::new(Code::InvalidIp, Severity::Error, &[Field::Dns])
            .message(format!(
                "cluster_dns_ipv4 = {} is not an IPv4 address (four numbers from 0 to 255, no prefix)",
                quote(text)
            ))
            .symptom("k3s refuses to start with an invalid cluster-dns")
            .fix("write one address inside the service range, e.g. host 10 of it, or leave cluster_dns_ipv4 empty for that default"),
        Problem::NodeMask { mask, cluster, problem } => node_mask(*mask, *cluster, *problem),
    }
}

/// `node-mask-invalid`: the mask must lie within 16 bits below the pod prefix (node IPAM cidrset).
fn node_mask(mask: u8, cluster: Option<ipnet::Ipv4Net>, problem: MaskProblem) -> Finding {
    let message = match problem {
        MaskProblem::NotAPrefix => format!("node_cidr_mask_size = {mask} is not a prefix length (0 to 32)"),
        MaskProblem::WiderThanPods(c) => format!(
            "node_cidr_mask_size = /{mask} is larger than the pod range {c} itself, so not one node block fits"
        ),
        MaskProblem::TooManyBits(c) => format!(
            "node_cidr_mask_size = /{mask} cuts {c} into 2^{} blocks; Kubernetes allows at most 16 bits between the pod prefix and the node mask",
            mask - c.prefix_len()
        ),
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
    Finding::new(Code::NodeMaskInvalid, Severity::Error, &[Field::NodeMask, Field::Cluster])
        .ranges(cluster.map(Span::Cidr))
        .message(message)
        .symptom("kube-controller-manager exits at start: the node CIDR mask does not fit the cluster CIDR, and no node gets a pod block")
        .fix(fix)
}
