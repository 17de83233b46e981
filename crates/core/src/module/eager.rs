//! Where a release's own expressions fail on Terraform before 1.12, which evaluates both
//! sides of `&&` and `||` (1.12 stops at a deciding left side): a null check written
//! beside an attribute access or a function call then reaches the null value.
//!
//! Each entry is the module's file and lines at that release tag, the variable whose null
//! value (its default) reaches the expression, and the error Terraform 1.11.4 prints for
//! it. The errors of `contains`, `trimspace`, `split` and attribute access were printed by
//! Terraform 1.11.4 on these expressions; `provider::assert::ipv4` declares its
//! `ip_address` parameter `AllowNullValue: false`, which Terraform refuses with the same
//! words (hashicorp/terraform-provider-assert, `internal/provider/ipv4_function.go`).
//! Releases 2.20.0 to 2.21.0 rewrote 2.19's NAT router and flannel checks as conditionals
//! (`a == null ? true : ...`); the node-level Longhorn path check (2.18.5 to 3.1.0) stayed.

use crate::model::{NatRouter, Plan, Release};

/// The variable whose null value reaches an expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unset {
    /// `nat_router`: no NAT router (khcidr's plan says whether there is one).
    NatRouter,
    /// `cluster_dns_ipv4`: the DNS IP left to the release (the plan says).
    ClusterDns,
    /// `flannel_backend`: not one of khcidr's settings.
    FlannelBackend,
    /// The Tailscale auth keys and OAuth secret: not khcidr's settings; all must be set.
    TailscaleKeys,
    /// 3.x's IPv6 ranges and Cilium's native routing range, not khcidr's settings.
    Ipv6Ranges,
    /// A node's own `longhorn_mount_path` in an agent pool's `nodes` map: reached only
    /// where a pool has a `nodes` map (the plan says), and not one of khcidr's settings.
    NodeLonghornPath,
}

impl Unset {
    /// The variable, as a finding names it: "with nat_router unset", or for one khcidr does
    /// not read, what keeps the check from failing: "unless flannel_backend is set".
    pub fn said(self) -> crate::text::Text {
        match self {
            Unset::NatRouter => t!("with nat_router unset"),
            Unset::ClusterDns => t!("with cluster_dns_ipv4 unset"),
            Unset::FlannelBackend => t!("unless flannel_backend is set"),
            Unset::TailscaleKeys => t!("unless the five Tailscale keys (tailscale_auth_key, tailscale_{control_plane,agent,autoscaler}_auth_key, tailscale_oauth_client_secret) are all set"),
            Unset::Ipv6Ranges => t!("unless cilium_ipv4_native_routing_cidr, cluster_ipv6_cidr and service_ipv6_cidr are all set"),
            Unset::NodeLonghornPath => t!("unless each node of a nodes map sets longhorn_mount_path"),
        }
    }

    /// Whether the plan says the variable is null; `None` where khcidr does not read it.
    pub fn holds(self, plan: &Plan) -> Option<bool> {
        match self {
            Unset::NatRouter => Some(plan.nat_router == NatRouter::Off),
            Unset::ClusterDns => Some(plan.cluster_dns_ipv4.trim().is_empty()),
            Unset::NodeLonghornPath if plan.agents.iter().all(|a| a.keys.is_empty()) => Some(false),
            Unset::FlannelBackend
            | Unset::TailscaleKeys
            | Unset::Ipv6Ranges
            | Unset::NodeLonghornPath => None,
        }
    }
}

/// How Terraform 1.11 fails on a check: its error's summary and detail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fails {
    /// `var.x.attribute` on a null `x`.
    Attribute,
    /// A function whose parameter refuses null: `contains`'s `value`, `trimspace`'s `str`,
    /// `provider::assert::ipv4`'s `ip_address`.
    Null(&'static str),
}

impl Fails {
    /// Terraform's error: summary, then detail.
    pub fn error(self) -> String {
        match self {
            Fails::Attribute => "Attempt to get attribute from null value: This value is null, so it does not have any attributes.".into(),
            Fails::Null(parameter) => format!("Invalid function argument: Invalid value for \"{parameter}\" parameter: argument must not be null."),
        }
    }
}

/// Each release's checks that fail before Terraform 1.12: the release, the variable whose
/// null reaches them, the module's file and lines at that tag, and how they fail.
const CHECKS: &[(&str, Unset, &str, Fails)] = {
    use Fails::*;
    use Unset::*;
    // variables.tf: `var.flannel_backend == null || contains([...], var.flannel_backend)`.
    const FLANNEL: Fails = Null("value");
    // variables.tf: `node.longhorn_mount_path == null || (... split("/",
    // node.longhorn_mount_path) ...)` for each node of an agent pool's `nodes` map.
    const LONGHORN: Fails = Null("str");
    &[
        ("2.18.5", NodeLonghornPath, "variables.tf:320", LONGHORN),
        ("2.19.0", FlannelBackend, "variables.tf:1347", FLANNEL),
        ("2.19.0", NodeLonghornPath, "variables.tf:384", LONGHORN),
        ("2.19.1", FlannelBackend, "variables.tf:1347", FLANNEL),
        ("2.19.1", NodeLonghornPath, "variables.tf:384", LONGHORN),
        // nat-router.tf: `var.nat_router != null && var.nat_router.enable_redundancy`;
        // variables.tf: `var.nat_router == null || !var.nat_router.enable_redundancy || ...`.
        (
            "2.19.2",
            NatRouter,
            "nat-router.tf:5, 20, 35 and variables.tf:177, 189",
            Attribute,
        ),
        ("2.19.2", FlannelBackend, "variables.tf:1413", FLANNEL),
        ("2.19.2", NodeLonghornPath, "variables.tf:403", LONGHORN),
        // variables.tf:177 and 189 wrap the attributes in try() here; nat-router.tf does not.
        ("2.19.3", NatRouter, "nat-router.tf:5, 51, 66", Attribute),
        ("2.19.3", FlannelBackend, "variables.tf:1413", FLANNEL),
        ("2.19.3", NodeLonghornPath, "variables.tf:403", LONGHORN),
        ("2.20.0", NodeLonghornPath, "variables.tf:394", LONGHORN),
        ("2.20.1", NodeLonghornPath, "variables.tf:394", LONGHORN),
        ("2.21.0", NodeLonghornPath, "variables.tf:394", LONGHORN),
        // validation-contract.tf: `var.cluster_dns_ipv4 == null || (provider::assert::ipv4(
        // var.cluster_dns_ipv4) && ...)`, and `var.tailscale_auth_key != null &&
        // trimspace(var.tailscale_auth_key) != ""` (and the other keys, for nodes and for
        // the autoscaler); locals.tf: `var.cluster_ipv6_cidr != null &&
        // trimspace(var.cluster_ipv6_cidr) != ""` (and two more ranges).
        (
            "3.0.0",
            ClusterDns,
            "validation-contract.tf:382",
            Null("ip_address"),
        ),
        (
            "3.0.0",
            TailscaleKeys,
            "validation-contract.tf:197, 201, 203, 210, 816, 820",
            Null("str"),
        ),
        ("3.0.0", FlannelBackend, "variables.tf:3014", FLANNEL),
        (
            "3.0.0",
            Ipv6Ranges,
            "locals.tf:194, 1751, 1752",
            Null("str"),
        ),
        ("3.0.0", NodeLonghornPath, "variables.tf:1507", LONGHORN),
        (
            "3.0.1",
            ClusterDns,
            "validation-contract.tf:393",
            Null("ip_address"),
        ),
        (
            "3.0.1",
            TailscaleKeys,
            "validation-contract.tf:208, 212, 214, 221, 827, 831",
            Null("str"),
        ),
        ("3.0.1", FlannelBackend, "variables.tf:3014", FLANNEL),
        (
            "3.0.1",
            Ipv6Ranges,
            "locals.tf:194, 1784, 1785",
            Null("str"),
        ),
        ("3.0.1", NodeLonghornPath, "variables.tf:1507", LONGHORN),
        (
            "3.1.0",
            ClusterDns,
            "validation-contract.tf:459",
            Null("ip_address"),
        ),
        (
            "3.1.0",
            TailscaleKeys,
            "validation-contract.tf:274, 278, 280, 287, 872, 876",
            Null("str"),
        ),
        ("3.1.0", FlannelBackend, "variables.tf:3046", FLANNEL),
        (
            "3.1.0",
            Ipv6Ranges,
            "locals.tf:194, 1935, 1936",
            Null("str"),
        ),
        ("3.1.0", NodeLonghornPath, "variables.tf:1507", LONGHORN),
    ]
};

/// A release's checks that fail before Terraform 1.12: the variable, the lines, how.
pub fn checks(release: &Release) -> impl Iterator<Item = (Unset, &'static str, Fails)> {
    let release = release.to_string();
    CHECKS
        .iter()
        .filter(move |c| c.0 == release)
        .map(|&(_, unset, at, fails)| (unset, at, fails))
}
