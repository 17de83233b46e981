//! The subnet indexes the NAT router and the vSwitch take, and the fix that moves them.

use crate::model::{Fix, Key};
use crate::settings::Setting;

use super::allocation::Input;

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

/// The fix moving the NAT router's or the vSwitch's subnet index (`setting`, a key of the
/// settings table) to a free one.
pub(crate) fn index_fix(
    input: &Input,
    setting: Key,
    count: u32,
    default: u32,
    also: &[u32],
) -> Fix {
    let variable = Setting::of(setting)
        .and_then(|s| (s.variable)(input.era))
        .unwrap_or(setting.as_str());
    // The vSwitch keeps clear of where the NAT router's own fix would move it too, so
    // applying both fixes never puts the two on one index.
    let nat_fix = (setting == Key::VswitchIndex)
        .then(|| free_index(input, count, 200, &[]))
        .flatten();
    let also: Vec<u32> = also.iter().copied().chain(nat_fix).collect();
    match free_index(input, count, default, &also) {
        Some(index) => Fix::set(
            format!("set {variable} = {index}, a subnet index no nodepool takes"),
            setting,
            index,
        ),
        None => format!("use a larger subnet_count to make room for {variable}").into(),
    }
}
