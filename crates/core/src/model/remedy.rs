//! How to get past one of the module's own errors, as data: the engine (`module/`) says
//! which remedy applies, and the rules (`rules/remedies.rs`) word it, so every fix's
//! words live with the rules and a front end could word them in another language.

use super::key::Key;
use crate::platform::{MODULE_DEFAULT_NAT_ROUTER_INDEX, MODULE_DEFAULT_VSWITCH_INDEX};

/// What takes a subnet index of its own besides the nodepools.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Peripheral {
    NatRouter,
    Vswitch,
}

impl Peripheral {
    /// The setting that holds its index.
    pub(crate) fn key(self) -> Key {
        match self {
            Peripheral::NatRouter => Key::NatRouterIndex,
            Peripheral::Vswitch => Key::VswitchIndex,
        }
    }

    /// The module's default index.
    pub(crate) fn default_index(self) -> u32 {
        match self {
            Peripheral::NatRouter => MODULE_DEFAULT_NAT_ROUTER_INDEX,
            Peripheral::Vswitch => MODULE_DEFAULT_VSWITCH_INDEX,
        }
    }
}

/// A way past a plan-time error of the module.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Remedy {
    FewerAgentPools,
    FewerControlPlanePools,
    AddControlPlanePool,
    /// Agent pools may not be empty before 2.16.0.
    AddAgentPoolBefore2_16,
    AddAgentPoolOrNoIngress,
    ControlPlaneNodes,
    OddControlPlaneNodes,
    MergePoolsOrShared,
    WriteOwnRange,
    WriteCidr,
    WriteIpOrEmpty,
    PrivateRange,
    SeparateRanges,
    ServiceRangeOf28,
    NetworkOf24,
    NetworkOf22,
    /// 2.18.0 cuts the network in quarters; 2.18.1 does not.
    Upgrade2_18_1,
    /// 2.14.2 sums an empty autoscaler list.
    Upgrade2_14_3,
    LargerNetwork,
    FewerLargerSubnets,
    FewerSubnets,
    MoreSubnetsOrFewerPools,
    MoreSubnetsOrShared,
    PowerOfTwo,
    AtMost1024Subnets,
    NodeKeysBelow154,
    AtMostMaxAgentNodes,
    IngressControllerOfRelease,
    ControlPlaneLbForNat,
    EnableControlPlaneLb,
    KlipperOrNoIngress,
    /// Host 254 does not fit the subnet (2.18.0 to 2.18.4's load balancers).
    LbHost254,
    /// Host 1 does not fit the subnet.
    LbHost1,
    /// Move the NAT router's or vSwitch's subnet index to `to`, a free one; `None` where no
    /// index below the subnet count is free.
    MoveIndex {
        of: Peripheral,
        to: Option<u32>,
    },
    /// At most `fits` nodes fit a subnet from host `offset`.
    NodesFit {
        fits: u64,
        offset: u64,
    },
}
