//! The subnet index each role takes, and the remedy that moves the NAT router's or the
//! vSwitch's.

use crate::model::profile::Cut;
use crate::model::{Era, Grid, Peripheral, Remedy};

use super::allocation::Input;

/// The subnet index agent pool `k` takes (2.x and 3.x per-nodepool subnets).
pub(crate) fn agent_index(k: usize) -> u64 {
    u64::try_from(k).unwrap_or(u64::MAX)
}

/// The subnet index control-plane pool `k` takes: `k` in 2.18.0's control-plane quarter,
/// counted down from the last subnet from 2.19.0 (`subnet_amount - 1 - k`), and from index
/// 255 before (main.tf, eras.json). Negative where the pools outnumber the subnets.
pub(crate) fn control_plane_index(era: Era, grid: Grid, k: usize) -> i64 {
    let k = i64::try_from(k).unwrap_or(i64::MAX);
    match era.profile().cut {
        Cut::Quarters => k,
        Cut::Counted => i64::from(grid.count()) - 1 - k,
        Cut::Fixed256 => 255 - k,
    }
}

/// A subnet index for the NAT router or the vSwitch that no nodepool and nothing in `also`
/// takes, below `count`: `default` where it is free, else the highest free one.
pub(crate) fn free_index(input: &Input, count: u32, default: u32, also: &[u32]) -> Option<u32> {
    let agents = u32::try_from(input.plan.agents.len()).unwrap_or(u32::MAX);
    let control_planes = u32::try_from(input.plan.control_planes.len()).unwrap_or(u32::MAX);
    let taken = |i: u32| {
        also.contains(&i)
            || if input.shared() {
                i == 0 || i + 1 == count
            } else {
                i < agents || count.saturating_sub(i) <= control_planes
            }
    };
    std::iter::once(default)
        .chain((0..count).rev())
        .find(|&i| i < count && !taken(i))
}

/// The remedy moving the NAT router's or the vSwitch's subnet index to a free one below
/// `count`. The vSwitch keeps clear of the NAT router's index, and of where the NAT
/// router's own remedy would move it, so applying both never puts the two on one index.
pub(crate) fn index_remedy(input: &Input, of: Peripheral, count: u32) -> Remedy {
    let also: Vec<u32> = match of {
        Peripheral::NatRouter => Vec::new(),
        Peripheral::Vswitch => std::iter::once(input.plan.nat_router_subnet_index)
            .chain(free_index(
                input,
                count,
                Peripheral::NatRouter.default_index(),
                &[],
            ))
            .collect(),
    };
    Remedy::MoveIndex {
        of,
        to: free_index(input, count, of.default_index(), &also),
    }
}
