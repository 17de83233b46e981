//! Address arithmetic in Terraform's terms (`cidrsubnet`, `cidrhost`) and the fixed
//! ranges of Hetzner and Kubernetes, all on top of `ipnet`.

use std::net::Ipv4Addr;

use ipnet::{IpAdd, IpSub, Ipv4Net};

/// RFC 1918, the only ranges a Hetzner network or route destination may use.
pub(crate) const RFC1918: [Ipv4Net; 3] = [
    Ipv4Net::new_assert(Ipv4Addr::new(10, 0, 0, 0), 8),
    Ipv4Net::new_assert(Ipv4Addr::new(172, 16, 0, 0), 12),
    Ipv4Net::new_assert(Ipv4Addr::new(192, 168, 0, 0), 16),
];

/// How many addresses a range holds.
pub(crate) fn size(net: Ipv4Net) -> u64 {
    1u64 << (32 - u32::from(net.prefix_len()))
}

/// The number of addresses from `from` up to `to` (0 when `to` is below `from`).
pub(crate) fn distance(from: Ipv4Addr, to: Ipv4Addr) -> u64 {
    u64::from(to.saturating_sub(from))
}

/// Whether two ranges share any address.
pub(crate) fn overlaps(a: Ipv4Net, b: Ipv4Net) -> bool {
    a.contains(&b.network()) || b.contains(&a.network())
}

/// Whether a range lies wholly inside RFC 1918.
pub(crate) fn is_private(net: Ipv4Net) -> bool {
    RFC1918.iter().any(|private| private.contains(&net))
}

/// Terraform's `cidrsubnet(net, newbits, num)`: `None` where Terraform fails.
pub(crate) fn cidrsubnet(net: Ipv4Net, newbits: u8, num: u64) -> Option<Ipv4Net> {
    let prefix = net.prefix_len().checked_add(newbits).filter(|&p| p <= 32)?;
    if num >= 1u64 << newbits {
        return None;
    }
    let offset = u32::try_from(num.checked_mul(1u64 << (32 - u32::from(prefix)))?).ok()?;
    Ipv4Net::new(net.network().saturating_add(offset), prefix).ok()
}

/// Terraform's `cidrhost(net, hostnum)`; a negative number counts back from the end.
pub(crate) fn cidrhost(net: Ipv4Net, hostnum: i64) -> Option<Ipv4Addr> {
    let size = i64::try_from(size(net)).ok()?;
    let host = if hostnum < 0 {
        size.checked_add(hostnum)?
    } else {
        hostnum
    };
    if !(0..size).contains(&host) {
        return None;
    }
    Some(net.network().saturating_add(u32::try_from(host).ok()?))
}

/// The host number of `ip` in `net` (0 is the network address).
pub(crate) fn hostnum(net: Ipv4Net, ip: Ipv4Addr) -> u64 {
    distance(net.network(), ip)
}

/// `log2(n)` when `n` is a power of two.
pub(crate) fn exact_log2(n: u32) -> Option<u8> {
    n.is_power_of_two().then(|| n.trailing_zeros() as u8)
}

/// The first address after a range, `None` at the top of the address space.
pub(crate) fn after(net: Ipv4Net) -> Option<Ipv4Addr> {
    let next = net.broadcast().saturating_add(1);
    (next != net.broadcast()).then_some(next)
}
