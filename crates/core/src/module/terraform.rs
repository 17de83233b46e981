//! Terraform's functions and diagnostics as the module meets them: `cidrhost` and
//! `cidrsubnet` with their error texts word for word, and the summaries `terraform plan`
//! prints.

use std::net::Ipv4Addr;

use ipnet::Ipv4Net;

use crate::net::size;

/// Terraform's `cidrhost`: the address, or its error text word for word.
pub(crate) fn cidrhost(net: Ipv4Net, hostnum: i64) -> Result<Ipv4Addr, String> {
    crate::net::cidrhost(net, hostnum).ok_or_else(|| {
        // go-cidr reports a negative number as counted from the start.
        let shown = if hostnum < 0 {
            i64::try_from(size(net))
                .unwrap_or(i64::MAX)
                .saturating_add(hostnum)
        } else {
            hostnum
        };
        format!(
            "Call to function \"cidrhost\" failed: {}.",
            host_reason(net, shown)
        )
    })
}

/// Why Terraform's `cidrhost` fails: the host number does not fit.
fn host_reason(net: Ipv4Net, hostnum: i64) -> String {
    format!(
        "prefix of {} does not accommodate a host numbered {hostnum}",
        net.prefix_len()
    )
}

/// Why Terraform's `cidrsubnet` fails for lack of room.
fn extend_reason(net: Ipv4Net, newbits: impl std::fmt::Display) -> String {
    format!(
        "insufficient address space to extend prefix of {} by {newbits}",
        net.prefix_len()
    )
}

/// Terraform's `cidrsubnet` failing for lack of room, word for word.
pub(crate) fn cidrsubnet_error(net: Ipv4Net, newbits: u8) -> String {
    format!(
        "Call to function \"cidrsubnet\" failed: {}.",
        extend_reason(net, newbits)
    )
}

/// Terraform's `cidrsubnet(prefix, newbits, netnum)` on text, as a `kube.tf` calls it:
/// the subnet, or the reason Terraform gives.
pub fn terraform_cidrsubnet(prefix: &str, newbits: i64, netnum: i64) -> Result<String, String> {
    let net = parse_prefix(prefix)?;
    // Negative newbits shorten the prefix (go-cidr's `Subnet`): the network's address kept
    // as it is, the number set into the bits after the new length, any number taken.
    if newbits < 0 {
        let len = i64::from(net.prefix_len()) + newbits;
        let num = u32::try_from(netnum)
            .ok()
            .filter(|_| (0..=32).contains(&len));
        return match num {
            Some(num) => {
                let shifted = num.checked_shl(32 - len as u32).unwrap_or(0);
                Ok(format!(
                    "{}/{len}",
                    Ipv4Addr::from(u32::from(net.network()) | shifted)
                ))
            }
            None => Err(extend_reason(net, newbits)),
        };
    }
    let bits = u8::try_from(newbits)
        .ok()
        .filter(|&b| u32::from(net.prefix_len()) + u32::from(b) <= 32)
        .ok_or_else(|| extend_reason(net, newbits))?;
    u64::try_from(netnum)
        .ok()
        .and_then(|num| crate::net::cidrsubnet(net, bits, num))
        .map(|subnet| subnet.to_string())
        .ok_or_else(|| {
            format!("prefix extension of {newbits} does not accommodate a subnet numbered {netnum}")
        })
}

/// Terraform's `cidrhost(prefix, hostnum)` on text: the address, or the reason.
pub fn terraform_cidrhost(prefix: &str, hostnum: i64) -> Result<String, String> {
    let net = parse_prefix(prefix)?;
    crate::net::cidrhost(net, hostnum)
        .map(|ip| ip.to_string())
        .ok_or_else(|| host_reason(net, hostnum))
}

/// Terraform's `cidrsubnets(prefix, newbits...)`: consecutive subnets, each of its own
/// size, each after the last and aligned to its size (go-cidr's `NextSubnet`, from the
/// subnet before the first); the reason Terraform gives where one does not fit.
pub fn terraform_cidrsubnets(prefix: &str, newbits: &[i64]) -> Result<Vec<String>, String> {
    let net = parse_prefix(prefix)?;
    let base = u32::from(net.network());
    let lengths = newbits
        .iter()
        .map(|&bits| {
            let len = i64::from(net.prefix_len()).saturating_add(bits);
            if bits < 1 {
                Err("must extend prefix by at least one bit".to_string())
            } else if len > 32 {
                Err(format!(
                    "would extend prefix to {len} bits, which is too long for an IPv4 address"
                ))
            } else {
                Ok(len as u8)
            }
        })
        .collect::<Result<Vec<u8>, String>>()?;
    let Some(&first) = lengths.first() else {
        return Ok(Vec::new());
    };
    let mask = |len: u8| u32::MAX.checked_shl(32 - u32::from(len)).unwrap_or(0);
    // The subnet before the first: the last address before the network, at the first size.
    let mut current = Ipv4Net::new(Ipv4Addr::from(base.wrapping_sub(1) & mask(first)), first)
        .map_err(|e| e.to_string())?;
    let mut out = Vec::with_capacity(lengths.len());
    for len in lengths {
        // The subnet of this size holding the current one's last address, then the next.
        let last = u32::from(current.broadcast());
        let holding =
            Ipv4Net::new(Ipv4Addr::from(last & mask(len)), len).map_err(|e| e.to_string())?;
        let after = u32::from(holding.broadcast()).wrapping_add(1);
        let next =
            Ipv4Net::new(Ipv4Addr::from(after & mask(len)), len).map_err(|e| e.to_string())?;
        if after == 0 || !net.contains(&next.network()) {
            return Err(format!(
                "not enough remaining address space for a subnet with a prefix of {len} bits after {current}"
            ));
        }
        out.push(next.to_string());
        current = next;
    }
    Ok(out)
}

/// Terraform's `cidrnetmask(prefix)`: the prefix's mask, dotted.
pub fn terraform_cidrnetmask(prefix: &str) -> Result<String, String> {
    parse_prefix(prefix).map(|net| net.netmask().to_string())
}

fn parse_prefix(prefix: &str) -> Result<Ipv4Net, String> {
    prefix
        .parse::<Ipv4Net>()
        .map(|net| net.trunc())
        // Terraform quotes the text; a `kube.tf` value might be a secret, so this does not.
        .map_err(|_| "invalid CIDR expression: not an IPv4 CIDR address".to_string())
}

/// Terraform's summaries.
pub(crate) const FUNCTION_CALL: &str = "Error in function call";
pub(crate) const INVALID_INDEX: &str = "Invalid index";
pub(crate) const INVALID_ARGUMENT: &str = "Invalid function argument";
pub(crate) const INVALID_VARIABLE: &str = "Invalid value for variable";
pub(crate) const PRECONDITION: &str = "Resource precondition failed";
pub(crate) const CHECK: &str = "Check block assertion failed";
/// Terraform's detail for `list[index]` outside a list of `len` elements, word for word
/// (HCL's `Index`: the specific reasons only for a negative index and for `index == len`).
pub(crate) fn no_such_index(index: i64, len: u64) -> String {
    let reason = if index < 0 {
        ": a negative number is not a valid index for a sequence"
    } else if u64::try_from(index).is_ok_and(|i| i == len) {
        if len == 0 {
            ": the collection has no elements"
        } else {
            ": the given index is greater than or equal to the length of the collection"
        }
    } else {
        ""
    };
    format!("The given key does not identify an element in this collection value{reason}.")
}
/// Terraform's detail for `sum([])`.
pub(crate) const EMPTY_SUM: &str =
    "Invalid value for \"list\" parameter: cannot sum an empty list.";
