//! Where in the module each subnet and pinned IP is computed, release by release.

use crate::model::Era;

/// Which `hcloud_network_subnet` a subnet source names.
#[derive(Clone, Copy)]
pub(crate) enum SubnetOf {
    ControlPlane,
    Agent,
    NatRouter,
    Vswitch,
}

/// The `ip_range` line of each subnet resource in main.tf, in the plan's own release
/// (ERAS.md, eras.json: the lines move in 2.4.0, 2.8.0, 2.18.0, 2.18.1, 2.19.0, 2.20.0
/// and 3.0.0). Before 2.18.1 there is no NAT router subnet, before 2.19.0 no vSwitch.
pub(crate) fn subnet_source(era: Era, of: SubnetOf) -> &'static str {
    use SubnetOf::*;
    let [control_plane, agent, nat_router, vswitch] = match era {
        Era::V2_0_0 => ["main.tf:31 @2.0.0", "main.tf:40 @2.0.0", "", ""],
        Era::V2_4_0 => ["main.tf:38 @2.4.0", "main.tf:47 @2.4.0", "", ""],
        Era::V2_18_0 => ["main.tf:42 @2.18.0", "main.tf:50 @2.18.0", "", ""],
        era if era < Era::V2_18_0 => ["main.tf:43 @2.8.0", "main.tf:52 @2.8.0", "", ""],
        era if era < Era::V2_19_0 => [
            "main.tf:44 @2.18.1",
            "main.tf:53 @2.18.1",
            "main.tf:62 @2.18.1",
            "",
        ],
        era if era < Era::V2_20_0 => [
            "main.tf:45 @2.19.0",
            "main.tf:54 @2.19.0",
            "main.tf:63 @2.19.0",
            "main.tf:72 @2.19.0",
        ],
        era if era < Era::V3_0_0 => [
            "main.tf:73 @2.20.0",
            "main.tf:82 @2.20.0",
            "main.tf:91 @2.20.0",
            "main.tf:100 @2.20.0",
        ],
        _ => [
            "main.tf:42 @3.0.0",
            "main.tf:50 @3.0.0",
            "main.tf:59 @3.0.0",
            "main.tf:68 @3.0.0",
        ],
    };
    match of {
        ControlPlane => control_plane,
        Agent => agent,
        NatRouter => nat_router,
        Vswitch => vswitch,
    }
}

pub(super) fn agent_ip_source(era: Era) -> &'static str {
    match era {
        era if era >= Era::V3_0_1 => "agents.tf:93-96 @3.0.1",
        era if era >= Era::V2_19_0 => "agents.tf:40 @2.19.0",
        Era::V2_18_5 => "agents.tf:38 @2.18.5",
        era if era >= Era::V2_17_1 => "agents.tf:36 @2.17.1",
        era if era >= Era::V2_14_2 => "agents.tf:33 @2.14.2",
        era if era >= Era::V2_8_0 => "agents.tf:31 @2.8.0",
        _ => "agents.tf:30 @2.0.0",
    }
}

pub(super) fn control_plane_ip_source(era: Era) -> &'static str {
    match era {
        era if era >= Era::V2_19_0 => "control_planes.tf:43 @2.19.0",
        era if era >= Era::V2_18_5 => "control_planes.tf:41 @2.18.5",
        era if era >= Era::V2_18_0 => "control_planes.tf:39 @2.18.0",
        era if era >= Era::V2_17_1 => "control_planes.tf:38 @2.17.1",
        era if era >= Era::V2_14_2 => "control_planes.tf:35 @2.14.2",
        era if era >= Era::V2_9_2 => "control_planes.tf:34 @2.9.2",
        era if era >= Era::V2_8_0 => "control_planes.tf:33 @2.8.0",
        _ => "control_planes.tf:32 @2.0.0",
    }
}

/// Where a node's private IP comes from in a release: the `private_ipv4` argument of the
/// control planes' or agents' `module "host"` block (`null` from 3.0.0 for control planes,
/// in 3.0.0 for agents).
pub(crate) fn node_ip_source(era: Era, control_plane: bool) -> &'static str {
    match (control_plane, era) {
        (true, era) if era >= Era::V3_0_0 => "control_planes.tf:88 @3.0.0",
        (true, era) => control_plane_ip_source(era),
        (false, Era::V3_0_0) => "agents.tf:85 @3.0.0",
        (false, era) => agent_ip_source(era),
    }
}

/// How a server is attached to the network in a release (modules/host/main.tf).
pub(crate) fn attach_source(era: Era) -> &'static str {
    match era {
        era if era >= Era::V3_0_0 => "modules/host/main.tf:41-56 @3.0.0",
        era if era >= Era::V2_18_0 => "modules/host/main.tf:47-51 @2.18.0",
        era if era >= Era::V2_17_1 => "modules/host/main.tf:154-159 @2.17.1",
        era if era >= Era::V2_17_0 => "modules/host/main.tf:132-133 @2.17.0",
        _ => "modules/host/main.tf:128-129 @2.0.0",
    }
}

/// The control-plane load balancer's network attachment in a release.
pub(crate) fn control_plane_lb_source(era: Era) -> &'static str {
    match era.profile().control_plane_lb {
        crate::model::profile::LbIp::Host(_, source) => source,
        _ if era >= Era::V2_17_0 => "control_planes.tf:57 @2.17.0",
        _ => "control_planes.tf:53 @2.0.0",
    }
}

/// The ingress load balancer's network attachment in a release.
pub(crate) fn ingress_lb_source(era: Era) -> &'static str {
    match era.profile().ingress_ip {
        crate::model::profile::LbIp::Host(_, source) => source,
        _ if era >= Era::V2_17_2 => "init.tf:22-40 @2.17.2",
        _ if era >= Era::V2_17_1 => "init.tf:22-27 @2.17.1",
        // Created by Terraform, attached to the network by the cloud controller.
        _ if era >= Era::V2_8_0 => "init.tf:1 @2.8.0",
        // Created by the cloud controller, read by a data source.
        _ => "data.tf:31 @2.0.0",
    }
}

/// The flags k3s servers get in a release: `cluster-cidr`, `service-cidr`, `cluster-dns`.
pub(crate) fn k3s_source(era: Era) -> &'static str {
    match era {
        era if era >= Era::V3_0_0 => "init.tf:116-118 @3.0.0",
        era if era >= Era::V2_17_1 => "init.tf:74-76 @2.17.1",
        era if era >= Era::V2_9_2 => "init.tf:42-44 @2.9.2",
        era if era >= Era::V2_8_0 => "init.tf:41-42 @2.8.0",
        era if era >= Era::V2_4_0 => "init.tf:27-28 @2.4.0",
        _ => "init.tf @2.0.0 (no flags: k3s' own ranges)",
    }
}

/// The NAT router's address in a release.
pub(crate) fn nat_source(era: Era) -> &'static str {
    match era {
        era if era >= Era::V2_19_2 => "nat-router.tf:2-13 @2.19.2",
        era if era >= Era::V2_18_1 => "nat-router.tf:2 @2.18.1",
        _ => "nat-router.tf:2 @2.18.0",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each citation on both sides of the release that moved it, read at that tag.
    #[test]
    fn citations_change_exactly_where_the_module_s_lines_do() {
        type Cite = fn(Era) -> &'static str;
        let cases: [(Cite, &[(Era, &str)]); 5] = [
            (
                attach_source,
                &[
                    (Era::V2_16_0, "modules/host/main.tf:128-129 @2.0.0"),
                    (Era::V2_17_0, "modules/host/main.tf:132-133 @2.17.0"),
                    (Era::V2_17_1, "modules/host/main.tf:154-159 @2.17.1"),
                    (Era::V2_17_2, "modules/host/main.tf:154-159 @2.17.1"),
                    (Era::V2_18_0, "modules/host/main.tf:47-51 @2.18.0"),
                    (Era::V2_20_0, "modules/host/main.tf:47-51 @2.18.0"),
                    (Era::V3_0_0, "modules/host/main.tf:41-56 @3.0.0"),
                ],
            ),
            (
                control_plane_lb_source,
                &[
                    (Era::V2_9_2, "control_planes.tf:53 @2.0.0"),
                    (Era::V2_11_1, "control_planes.tf:61 @2.11.1"),
                    (Era::V2_17_0, "control_planes.tf:57 @2.17.0"),
                    (Era::V2_17_2, "control_planes.tf:57 @2.17.0"),
                    (Era::V2_18_0, "control_planes.tf:69 @2.18.0"),
                    (Era::V3_0_0, "control_planes.tf:228 @3.0.0"),
                ],
            ),
            (
                ingress_lb_source,
                &[
                    (Era::V2_4_0, "data.tf:31 @2.0.0"),
                    (Era::V2_8_0, "init.tf:1 @2.8.0"),
                    (Era::V2_17_0, "init.tf:1 @2.8.0"),
                    (Era::V2_17_1, "init.tf:22-27 @2.17.1"),
                    (Era::V2_17_2, "init.tf:22-40 @2.17.2"),
                    (Era::V2_18_0, "init.tf:26-32 @2.18.0"),
                ],
            ),
            (
                k3s_source,
                &[
                    (Era::V2_0_0, "init.tf @2.0.0 (no flags: k3s' own ranges)"),
                    (Era::V2_4_0, "init.tf:27-28 @2.4.0"),
                    (Era::V2_8_0, "init.tf:41-42 @2.8.0"),
                    (Era::V2_9_2, "init.tf:42-44 @2.9.2"),
                    (Era::V2_17_0, "init.tf:42-44 @2.9.2"),
                    (Era::V2_17_1, "init.tf:74-76 @2.17.1"),
                    (Era::V2_20_0, "init.tf:74-76 @2.17.1"),
                    (Era::V3_0_0, "init.tf:116-118 @3.0.0"),
                ],
            ),
            (
                nat_source,
                &[
                    (Era::V2_18_0, "nat-router.tf:2 @2.18.0"),
                    (Era::V2_18_1, "nat-router.tf:2 @2.18.1"),
                    (Era::V2_19_0, "nat-router.tf:2 @2.18.1"),
                    (Era::V2_19_2, "nat-router.tf:2-13 @2.19.2"),
                ],
            ),
        ];
        for (cite, expected) in cases {
            for &(era, line) in expected {
                assert_eq!(cite(era), line, "{era:?}");
            }
        }
        assert_eq!(
            node_ip_source(Era::V2_20_0, true),
            "control_planes.tf:43 @2.19.0"
        );
        assert_eq!(
            node_ip_source(Era::V3_0_0, true),
            "control_planes.tf:88 @3.0.0"
        );
        assert_eq!(node_ip_source(Era::V3_0_0, false), "agents.tf:85 @3.0.0");
        assert_eq!(node_ip_source(Era::V3_0_1, false), "agents.tf:93-96 @3.0.1");
    }
}
