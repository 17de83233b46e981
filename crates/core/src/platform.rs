//! The fixed numbers and ranges of the platform the module builds on: Hetzner Cloud's
//! limits, k3s' and Kubernetes' defaults, the module's default ranges. Each once.

use std::net::Ipv4Addr;

use ipnet::Ipv4Net;

/// Hetzner's limits per network (API reference: networks, routes).
pub const MAX_SERVERS: u64 = 100;
pub const MAX_ROUTES: u64 = 100;
pub const MAX_SUBNETS: u64 = 50;

/// Hetzner's smallest subnet.
pub(crate) const MAX_SUBNET_PREFIX: u8 = 30;

/// The public-interface gateway of every Hetzner Cloud server.
pub(crate) const HETZNER_GATEWAY: Ipv4Addr = Ipv4Addr::new(172, 31, 1, 1);

/// The gateway Hetzner gives a subnet (API reference, networks: a subnet's `gateway`):
/// for a cloud (server) subnet always the network's first IP, `cidrhost(network, 1)`,
/// whichever subnet it is; for a vSwitch subnet the subnet's own first IP.
pub(crate) fn subnet_gateway(network: Ipv4Net, subnet: Ipv4Net, vswitch: bool) -> Option<Ipv4Addr> {
    crate::net::cidrhost(if vswitch { subnet } else { network }, 1)
}

/// Calico's IP pool where nothing sets `CALICO_IPV4POOL_CIDR` (Calico's manifest and
/// operator default; kube-hetzner#2265).
pub(crate) const CALICO_DEFAULT_POOL: Ipv4Net =
    Ipv4Net::new_assert(Ipv4Addr::new(192, 168, 0, 0), 16);

/// Hetzner's smallest network.
pub(crate) const MAX_NETWORK_PREFIX: u8 = 24;

/// kube-apiserver refuses service ranges with more than 20 host bits
/// (`--service-cluster-ip-range`).
pub(crate) const MIN_SERVICE_PREFIX: u8 = 12;

/// A node mask may be at most this many bits longer than the pod prefix (node IPAM bitmap).
pub(crate) const MAX_NODE_MASK_BITS: u8 = 16;

/// k3s' kubelet default `max-pods`.
pub const KUBELET_MAX_PODS: u64 = 110;

/// k3s' own pod range, where the module passes none.
pub(crate) const K3S_DEFAULT_CLUSTER: &str = "10.42.0.0/16";
/// k3s' own service range, where the module passes none.
pub(crate) const K3S_DEFAULT_SERVICE: &str = "10.43.0.0/16";
/// k3s' own CoreDNS service IP, where the module passes none.
pub(crate) const K3S_DEFAULT_DNS: Ipv4Addr = Ipv4Addr::new(10, 43, 0, 10);

/// The module's defaults of `network_ipv4_cidr`, `cluster_ipv4_cidr` and
/// `service_ipv4_cidr` (variables.tf).
pub(crate) const MODULE_DEFAULT_NETWORK: &str = "10.0.0.0/8";
pub(crate) const MODULE_DEFAULT_CLUSTER: &str = "10.42.0.0/16";
pub(crate) const MODULE_DEFAULT_SERVICE: &str = "10.43.0.0/16";

/// The module's defaults of `nat_router_subnet_index` and `vswitch_subnet_index`
/// (variables.tf, from 2.18.1 and 2.19.0).
pub(crate) const MODULE_DEFAULT_NAT_ROUTER_INDEX: u32 = 200;
pub(crate) const MODULE_DEFAULT_VSWITCH_INDEX: u32 = 201;

/// Tailscale's CGNAT range, reserved when nodes talk over Tailscale.
pub(crate) const TAILSCALE: Ipv4Net = Ipv4Net::new_assert(Ipv4Addr::new(100, 64, 0, 0), 10);
