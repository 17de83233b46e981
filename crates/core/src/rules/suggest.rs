//! Concrete replacement ranges for fixes: a block of the wanted size clear of every
//! subnet the module allocates or could allocate within Hetzner's 50-subnet limit.

use std::net::Ipv4Addr;

use ipnet::Ipv4Net;

use super::ctx::Ctx;
use crate::model::{Fix, Key};
use crate::net::{size, RFC1918};
use crate::platform::MAX_SUBNETS;

/// An inclusive address interval, as integers.
type Interval = (u64, u64);

fn interval(net: Ipv4Net) -> Interval {
    (
        u64::from(u32::from(net.network())),
        u64::from(u32::from(net.broadcast())),
    )
}

/// What a new range must not touch: allocated subnets, the zones agent and control-plane
/// pools grow into, the NAT router and vSwitch subnets, and `avoid`.
fn reserved(ctx: &Ctx, avoid: &[Ipv4Net]) -> Vec<Interval> {
    let mut taken: Vec<Interval> = ctx
        .layout
        .subnets
        .iter()
        .map(|s| interval(s.cidr))
        .collect();
    taken.extend(avoid.iter().copied().map(interval));
    if let Some(split) = ctx.split {
        let reach = u32::try_from(MAX_SUBNETS).unwrap_or(50);
        let count = split.count();
        let last_agent = split.block(u64::from(reach.min(count).saturating_sub(1)));
        let first_cp = split.block(u64::from(count.saturating_sub(reach)));
        if let (Some(first), Some(last)) = (split.block(0), last_agent) {
            taken.push((interval(first).0, interval(last).1));
        }
        if let (Some(first), Some(last)) =
            (first_cp, split.block(u64::from(count.saturating_sub(1))))
        {
            taken.push((interval(first).0, interval(last).1));
        }
        for index in [
            ctx.plan.nat_router_subnet_index,
            ctx.plan.vswitch_subnet_index,
        ] {
            taken.extend(split.block(u64::from(index)).map(interval));
        }
    }
    taken
}

/// The first aligned /`prefix` block in `region` that touches nothing in `taken`.
fn first_free(region: Ipv4Net, prefix: u8, taken: &[Interval]) -> Option<Ipv4Net> {
    if prefix < region.prefix_len() || prefix > 32 {
        return None;
    }
    let block = size(Ipv4Net::new(Ipv4Addr::UNSPECIFIED, prefix).ok()?);
    let (start, end) = interval(region);
    let mut candidate = start;
    while candidate.checked_add(block - 1)? <= end {
        let last = candidate + block - 1;
        match taken.iter().find(|&&(a, b)| a <= last && candidate <= b) {
            None => {
                return Ipv4Net::new(Ipv4Addr::from(u32::try_from(candidate).ok()?), prefix).ok()
            }
            Some(&(_, b)) => candidate = (b / block + 1) * block,
        }
    }
    None
}

/// A /`prefix` range for pods or services: inside the network where one is free there,
/// else elsewhere in RFC 1918 outside the network. Always private: of a network that is
/// not (itself a finding), only its RFC 1918 parts are searched.
pub(crate) fn range(ctx: &Ctx, prefix: u8, avoid: &[Ipv4Net]) -> Option<Ipv4Net> {
    if let Some(found) = range_inside(ctx, prefix, avoid) {
        return Some(found);
    }
    let mut taken = reserved(ctx, avoid);
    taken.extend(ctx.ranges.network.map(interval));
    RFC1918
        .iter()
        .find_map(|&region| first_free(region, prefix, &taken))
}

/// A free /`prefix` range inside the network's RFC 1918 parts, if there is one.
pub(crate) fn range_inside(ctx: &Ctx, prefix: u8, avoid: &[Ipv4Net]) -> Option<Ipv4Net> {
    let taken = reserved(ctx, avoid);
    let mut private_parts = ctx.ranges.network.into_iter().flat_map(|n| {
        RFC1918
            .iter()
            .filter_map(move |&r| match (r.contains(&n), n.contains(&r)) {
                (true, _) => Some(n),
                (_, true) => Some(r),
                _ => None,
            })
    });
    private_parts.find_map(|region| first_free(region, prefix, &taken))
}

/// The fix for moving `field` to a free range of `prefix` (with that edit), or a general one.
pub(crate) fn move_fix(ctx: &Ctx, field: Key, prefix: u8, avoid: &[Ipv4Net]) -> Fix {
    // Before 2.4.0 k3s is given neither range: changing the variable changes nothing.
    let flags = &ctx.layout.k3s.first_control_plane;
    let ignored = match field {
        Key::Cluster => flags.cluster_cidr.is_none(),
        Key::Service => flags.service_cidr.is_none(),
        _ => false,
    };
    if ignored {
        return t!("kube-hetzner {0} does not hand {1} to k3s, which keeps its own range: move network_ipv4_cidr clear of it, or upgrade to 2.4.0 or later and set {1}", ctx.plan.module_version, field)
        .into();
    }
    let current = match field {
        Key::Cluster => ctx.ranges.cluster,
        Key::Service => ctx.ranges.service,
        _ => None,
    };
    match range(ctx, prefix, avoid).filter(|&free| Some(free) != current) {
        Some(free) => Fix::set(
            t!("move {0} clear of every subnet the module allocates or grows into, e.g. {0} = \"{1}\"", field, free),
            field,
            free,
        ),
        None => t!("move {0} to a range that no Hetzner subnet uses", field).into(),
    }
}

/// What a new service range must avoid: the pod range, and where the pod range itself
/// needs moving, the range suggested for it, so the two fixes never collide.
pub(crate) fn service_avoid(ctx: &Ctx) -> Vec<Ipv4Net> {
    let Some(cluster) = ctx.ranges.cluster else {
        return Vec::new();
    };
    let pods_move = ctx
        .layout
        .subnets
        .iter()
        .any(|s| crate::net::overlaps(s.cidr, cluster));
    let service: Vec<Ipv4Net> = ctx.ranges.service.into_iter().collect();
    let moved = if pods_move {
        range(ctx, cluster.prefix_len(), &service)
    } else {
        None
    };
    std::iter::once(cluster).chain(moved).collect()
}
