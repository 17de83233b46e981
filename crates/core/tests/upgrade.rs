//! What an upgrade of the module moves (`upgrade_to`): the public reports of kube-hetzner
//! upgrades, with the addresses the module's source computes at both releases (ERAS.md).

mod common;

use common::*;
use khcidr_core::{check, Change, Code, Key, MoveKind, Plan, Severity};

fn upgrade(from: &str, to: &str, edit: impl FnOnce(&mut Plan)) -> khcidr_core::Report {
    let mut plan = Plan {
        module_version: release(from),
        upgrade_to: Some(release(to)),
        ..Plan::default()
    };
    edit(&mut plan);
    check(&plan)
}

fn moves(report: &khcidr_core::Report, kind: MoveKind) -> Vec<(String, String, String)> {
    report
        .upgrade
        .as_ref()
        .unwrap()
        .changes
        .iter()
        .filter(|m| m.kind == kind)
        .map(|m| (m.what.clone(), m.before.clone(), m.after.clone()))
        .collect()
}

/// kube-hetzner #2277: 2.15.2 pins control planes at host 101 on of control-plane subnet 0
/// (10.255.0.0/16 in 10.0.0.0/8); 3.x attaches them without an IP (control_planes.tf:88
/// at 3.0.0), and `use_control_plane_lb` becomes `enable_control_plane_load_balancer`.
#[test]
fn three_control_planes_leave_their_pinned_addresses_on_the_way_to_3_1_0() {
    let report = upgrade("2.15.2", "3.1.0", |p| {
        p.control_planes = vec![3];
        p.control_plane_lb = true;
    });
    let moved = find(&report, Code::UpgradeMovesNode, Severity::Error);
    assert_eq!(
        ranges(&moved),
        ["10.255.0.101", "10.255.0.102", "10.255.0.103"]
    );
    assert!(
        moved.message.contains("control_planes.tf:88 @3.0.0"),
        "{}",
        moved.message
    );
    assert!(moved.symptom.contains("#2277"), "{}", moved.symptom);
    let nodes = moves(&report, MoveKind::Node);
    for i in 0..3 {
        let ip = format!("10.255.0.{}", 101 + i);
        assert!(
            nodes.contains(&(
                format!("control-plane pool 0 node {i}"),
                ip,
                "chosen by Hetzner".into()
            )),
            "{nodes:?}"
        );
    }
    let renames = find(&report, Code::UpgradeRenames, Severity::Warning);
    assert!(renames
        .message
        .contains("`use_control_plane_lb = true` → `enable_control_plane_load_balancer = true`"));
    assert_eq!(report.verdict().en(), "The upgrade breaks it");
}

/// kube-hetzner #1852, #1853: 2.18.0 cuts the network in quarters, agents in the first
/// (10.0.0.0/10) and control planes in the second (10.64.0.0/10), each pool a /18.
#[test]
fn the_quarter_layout_of_2_18_0_replaces_every_subnet() {
    let report = upgrade("2.17.0", "2.18.0", |_| {});
    let replaced = find(&report, Code::UpgradeReplacesSubnet, Severity::Error);
    let subnets = moves(&report, MoveKind::Subnet);
    for (what, before, after) in [
        (
            "hcloud_network_subnet.agent[0]",
            "10.0.0.0/16",
            "10.0.0.0/18",
        ),
        (
            "hcloud_network_subnet.agent[1]",
            "10.1.0.0/16",
            "10.0.64.0/18",
        ),
        (
            "hcloud_network_subnet.control_plane[0]",
            "10.255.0.0/16",
            "10.64.0.0/18",
        ),
    ] {
        assert!(
            subnets.contains(&(what.into(), before.into(), after.into())),
            "{subnets:?}"
        );
        assert!(replaced
            .message
            .contains(&format!("{what} {before} → {after}")));
    }
    // 2.18.1 goes back to 256 subnets: the same ranges as 2.17.0.
    assert_eq!(
        replaced.apply,
        [Change {
            setting: Key::UpgradeTo,
            value: "2.18.1".into()
        }]
    );
    let after_fix = upgrade("2.17.0", "2.18.1", |_| {});
    assert!(after_fix
        .findings
        .iter()
        .all(|f| f.severity != Severity::Error || !f.code.is_upgrade()));
}

/// 2.18.3 and 2.18.4 are one era: nothing moves, whatever the plan.
#[test]
fn nothing_moves_between_2_18_3_and_2_18_4() {
    let plans: [fn(&mut Plan); 3] = [
        |_| {},
        |p| {
            p.nat_router = khcidr_core::NatRouter::On;
            p.control_plane_lb = true;
        },
        |p| {
            p.network_ipv4_cidr = "10.20.0.0/16".into();
            p.cluster_ipv4_cidr = "10.100.0.0/16".into();
            p.service_ipv4_cidr = "10.101.0.0/16".into();
            p.control_planes = vec![3, 1];
            p.agents = vec![khcidr_core::AgentPool::new(5)];
        },
    ];
    for edit in plans {
        let report = upgrade("2.18.3", "2.18.4", edit);
        assert_eq!(report.upgrade.as_ref().unwrap().changes, []);
        assert!(
            report.findings.iter().all(|f| !f.code.is_upgrade()),
            "{:?}",
            summary(&report)
        );
    }
}

/// 2.17.0 to 2.17.4 attach servers with `hcloud_server_network`; 2.18.0 on with a
/// `network` block: the same address, another resource.
#[test]
fn the_inline_network_block_of_2_18_re_attaches_every_node_at_its_address() {
    let report = upgrade("2.17.4", "2.18.4", |_| {});
    let reattached = find(&report, Code::UpgradeReattaches, Severity::Warning);
    assert_eq!(
        ranges(&reattached),
        [
            "10.0.0.101",
            "10.1.0.101",
            "10.255.0.101",
            "10.254.0.101",
            "10.253.0.101"
        ]
    );
    assert!(reattached
        .message
        .contains("modules/host/main.tf:47-51 @2.18.0"));
    let node = change(&report, "agent pool 0 node 0");
    assert_eq!(node.before, "10.0.0.101 (hcloud_server_network.server)");
    assert_eq!(
        node.after,
        "10.0.0.101 (network block of hcloud_server.server)"
    );
    // Out of the state, an attachment the inline block names again is left in place.
    assert!(
        reattached.fix.contains("terraform state rm"),
        "{}",
        reattached.fix
    );
    assert!(reattached
        .fix
        .contains("internal/server/resource.go:1159-1225"));
    assert!(report
        .findings
        .iter()
        .all(|f| f.code != Code::UpgradeMovesNode));
}

/// 2.17.1 derives CoreDNS from the service range (locals.tf:231); 2.17.0 defaults it to
/// 10.43.0.10. Setting the variable keeps it.
#[test]
fn core_dns_moving_with_the_service_range_is_kept_by_setting_it() {
    let report = upgrade("2.17.0", "2.17.1", |p| {
        p.service_ipv4_cidr = "10.96.0.0/16".into();
    });
    let dns = find(&report, Code::UpgradeMovesService, Severity::Error);
    assert_eq!(ranges(&dns), ["10.43.0.10", "10.96.0.10"]);
    assert_eq!(
        dns.apply,
        [Change {
            setting: Key::Dns,
            value: "10.43.0.10".into()
        }]
    );
    let fixed = upgrade("2.17.0", "2.17.1", |p| {
        p.service_ipv4_cidr = "10.96.0.0/16".into();
        p.cluster_dns_ipv4 = "10.43.0.10".into();
    });
    assert!(moves(&fixed, MoveKind::Dns).is_empty());
}

/// 2.18.5 computes both load balancers' addresses at the end of their subnet instead of
/// host 254, but tells Terraform to ignore a change of `ip` (control_planes.tf:82 and
/// init.tf at 2.18.5, as from 2.17.0 and 2.17.2): they stay where they are.
#[test]
fn load_balancers_keep_their_address_where_the_module_ignores_it() {
    let report = upgrade("2.18.4", "2.18.5", |p| p.control_plane_lb = true);
    assert_eq!(moves(&report, MoveKind::LoadBalancer), []);
    assert_eq!(report.upgrade.unwrap().changes, []);
    // 2.11.1 pins the control-plane load balancer at host 1 with no such rule: unless
    // Hetzner gave it that address, it is attached again there.
    let report = upgrade("2.11.0", "2.11.1", |p| p.control_plane_lb = true);
    assert_eq!(
        moves(&report, MoveKind::LoadBalancer),
        [(
            "control-plane load balancer".to_string(),
            "chosen by Hetzner on 10.255.0.0/16".to_string(),
            "10.255.0.1 on 10.255.0.0/16".to_string()
        )]
    );
    assert_eq!(report.verdict().en(), "The upgrade interrupts it");
    // The same pinned address on both releases: nothing moves.
    let same = upgrade("2.11.1", "2.16.1", |p| p.control_plane_lb = true);
    assert_eq!(moves(&same, MoveKind::LoadBalancer), []);
    // A new subnet replaces the attachment whatever the module ignores.
    let report = upgrade("2.17.0", "2.18.0", |p| p.control_plane_lb = true);
    let lbs = moves(&report, MoveKind::LoadBalancer);
    assert!(
        lbs.contains(&(
            "control-plane load balancer".to_string(),
            "chosen by Hetzner on 10.255.0.0/16".to_string(),
            "10.64.0.254 on 10.64.0.0/18".to_string()
        )),
        "{lbs:?}"
    );
}

/// No upgrade asked, or the same release: no upgrade section, no upgrade findings.
#[test]
fn an_upgrade_to_the_same_release_moves_nothing() {
    assert_eq!(check(&Plan::default()).upgrade, None);
    let report = upgrade("3.1.0", "3.1.0", |p| p.control_plane_lb = true);
    assert_eq!(report.upgrade.unwrap().changes, []);
}

/// A pool with no nodes has nothing attached to its subnet: replacing it is listed, not an
/// error.
#[test]
fn an_empty_pool_s_subnet_is_replaced_without_harm() {
    let report = upgrade("2.17.0", "2.18.0", |p| {
        p.agents = vec![
            khcidr_core::AgentPool::new(0),
            khcidr_core::AgentPool::new(1),
        ];
        p.ingress_controller = khcidr_core::IngressController::None;
    });
    let agent0 = report
        .upgrade
        .as_ref()
        .unwrap()
        .changes
        .iter()
        .find(|m| m.what == "hcloud_network_subnet.agent[0]")
        .unwrap();
    assert_eq!(
        (agent0.before.as_str(), agent0.after.as_str()),
        ("10.0.0.0/16", "10.0.0.0/18")
    );
    assert!(
        agent0.applying.contains("nothing is attached"),
        "{}",
        agent0.applying
    );
    let replaced = find(&report, Code::UpgradeReplacesSubnet, Severity::Error);
    assert!(
        !replaced.message.contains("agent[0]"),
        "{}",
        replaced.message
    );
    assert!(replaced
        .message
        .contains("hcloud_network_subnet.agent[1] 10.1.0.0/16 → 10.0.64.0/18"));
}

fn change<'a>(report: &'a khcidr_core::Report, what: &str) -> &'a khcidr_core::Move {
    let changes = &report.upgrade.as_ref().unwrap().changes;
    changes
        .iter()
        .find(|m| m.what == what)
        .unwrap_or_else(|| panic!("no change of {what} in {changes:#?}"))
}

/// 2.18.0's NAT router sits on host 1 of the peripherals quarter (10.128.0.0/10 of
/// 10.0.0.0/8); 2.18.1 destroys that subnet and creates the NAT router subnet at index 200
/// (10.200.0.0/16), the router on its host 1, the network's route through it.
#[test]
fn the_nat_router_leaves_the_peripherals_quarter_in_2_18_1() {
    let report = upgrade("2.18.0", "2.18.1", |p| {
        p.nat_router = khcidr_core::NatRouter::On;
        p.control_plane_lb = true;
    });
    let peripherals = change(&report, "hcloud_network_subnet.peripherals");
    assert_eq!(
        (peripherals.before.as_str(), peripherals.after.as_str()),
        ("10.128.0.0/10", "none")
    );
    let nat = change(&report, "hcloud_network_subnet.nat_router[0]");
    assert_eq!(
        (nat.before.as_str(), nat.after.as_str()),
        ("none", "10.200.0.0/16")
    );
    assert_eq!(nat.applying, "created");
    let router = change(&report, "NAT router 0");
    assert_eq!(
        (router.before.as_str(), router.after.as_str()),
        ("10.128.0.1", "10.200.0.1")
    );
    let route = change(&report, "the network's route 0.0.0.0/0");
    assert_eq!(
        (route.before.as_str(), route.after.as_str()),
        ("via 10.128.0.1", "via 10.200.0.1")
    );
    let moved = find(&report, Code::UpgradeMovesService, Severity::Error);
    assert_eq!(ranges(&moved), ["10.128.0.1", "10.200.0.1"]);
    let replaced = find(&report, Code::UpgradeReplacesSubnet, Severity::Error);
    assert!(
        replaced
            .message
            .contains("hcloud_network_subnet.peripherals 10.128.0.0/10 is destroyed"),
        "{}",
        replaced.message
    );
}

/// A subnet is held by what is attached to it: nodes, a load balancer, a vSwitch.
#[test]
fn a_subnet_with_only_a_load_balancer_or_a_vswitch_in_it_is_held() {
    // Control-plane pool 0 with no node, the control-plane load balancer on it.
    let report = upgrade("2.17.0", "2.18.0", |p| {
        p.control_planes = vec![0, 1];
        p.control_plane_lb = true;
    });
    let replaced = find(&report, Code::UpgradeReplacesSubnet, Severity::Error);
    assert!(
        replaced
            .message
            .contains("control_plane[0] 10.255.0.0/16 → 10.64.0.0/18"),
        "{}",
        replaced.message
    );
    // Agent pool 0 with no node, the ingress load balancer on it (attached by Terraform
    // from 2.17.1).
    let report = upgrade("2.17.4", "2.18.0", |p| {
        p.agents = vec![
            khcidr_core::AgentPool::new(0),
            khcidr_core::AgentPool::new(1),
        ];
    });
    let replaced = find(&report, Code::UpgradeReplacesSubnet, Severity::Error);
    assert!(
        replaced
            .message
            .contains("agent[0] 10.0.0.0/16 → 10.0.0.0/18"),
        "{}",
        replaced.message
    );
    // Back from 2.19.0 to 2.18.4, which has no vSwitch: its subnet is destroyed under it.
    let report = upgrade("2.19.0", "2.18.4", |p| p.vswitch = true);
    let replaced = find(&report, Code::UpgradeReplacesSubnet, Severity::Error);
    assert!(
        replaced
            .message
            .contains("vswitch_subnet[0] 10.201.0.0/16 is destroyed"),
        "{}",
        replaced.message
    );
    // 3.0.0 leaves agents' addresses to Hetzner: none is listed, the nodes are there.
    let report = upgrade("3.0.0", "2.18.4", |p| {
        p.subnet_count = 128;
        p.vswitch_subnet_index = 100;
    });
    let replaced = find(&report, Code::UpgradeReplacesSubnet, Severity::Error);
    assert!(
        replaced
            .message
            .contains("agent[0] 10.0.0.0/15 → 10.0.0.0/16"),
        "{}",
        replaced.message
    );
    // Control-plane pool 1 holds only its nodes, whose addresses Hetzner chose.
    assert!(replaced
        .message
        .contains("control_plane[1] 10.252.0.0/15 → 10.254.0.0/16"));
}

/// Until 2.17.4 a server's attachment names its subnet and is replaced with it; from
/// 2.18.0 Hetzner keeps a subnet with servers in it, and refuses an overlapping new range.
#[test]
fn what_replacing_a_subnet_does_depends_on_how_servers_are_attached() {
    let report = upgrade("2.17.0", "2.18.0", |_| {});
    let agent0 = change(&report, "hcloud_network_subnet.agent[0]");
    assert!(
        agent0.applying.contains("Terraform detaches them first"),
        "{}",
        agent0.applying
    );
    assert_eq!(agent0.source, "main.tf:52 @2.8.0 → main.tf:50 @2.18.0");
    // The finding names every line its subnets come from, once each.
    let replaced = find(&report, Code::UpgradeReplacesSubnet, Severity::Error);
    assert!(
        replaced.message.ends_with(
            "where the module computes it: main.tf:52 @2.8.0 → main.tf:50 @2.18.0; main.tf:43 @2.8.0 → main.tf:42 @2.18.0"
        ),
        "{}",
        replaced.message
    );
    let report = upgrade("2.18.0", "2.18.1", |_| {});
    let agent0 = change(&report, "hcloud_network_subnet.agent[0]");
    assert_eq!(
        (agent0.before.as_str(), agent0.after.as_str()),
        ("10.0.0.0/18", "10.0.0.0/16")
    );
    assert!(agent0
        .applying
        .contains("Hetzner will not delete a subnet while servers are attached"));
    assert!(agent0
        .applying
        .contains("overlaps it, and Hetzner refuses to create it"));
    let agent1 = change(&report, "hcloud_network_subnet.agent[1]");
    assert!(
        agent1.applying.contains("is created beside it"),
        "{}",
        agent1.applying
    );
}

/// A finding lists eight moves, then how many more; each move is in the changes.
#[test]
fn long_lists_of_moves_say_how_many_more() {
    let eight = upgrade("2.17.0", "2.18.0", |p| {
        p.agents = vec![
            khcidr_core::AgentPool::new(1),
            khcidr_core::AgentPool::new(8),
        ]
    });
    let twelve = upgrade("2.17.0", "2.18.0", |p| {
        p.agents = vec![
            khcidr_core::AgentPool::new(1),
            khcidr_core::AgentPool::new(12),
        ]
    });
    let agents = |r: &khcidr_core::Report| {
        all(r, Code::UpgradeMovesNode)
            .into_iter()
            .find(|f| f.message.contains("agent pool 1"))
            .unwrap()
            .message
            .clone()
    };
    assert!(!agents(&eight).contains("more"), "{}", agents(&eight));
    assert!(agents(&eight).contains("agent pool 1 node 7 10.1.0.108 → 10.0.64.108"));
    assert!(
        agents(&twelve).contains(" and 4 more"),
        "{}",
        agents(&twelve)
    );
    assert!(!agents(&twelve).contains("node 8 "));
    assert_eq!(change(&twelve, "agent pool 1 node 11").after, "10.0.64.112");
}

/// 3.x's shared mode moves every pool; keeping one subnet per nodepool is the fix.
#[test]
fn the_shared_mode_on_the_way_to_3_x_is_undone_by_the_fix() {
    let report = upgrade("2.21.0", "3.1.0", |p| {
        p.subnet_mode = khcidr_core::SubnetMode::Shared
    });
    let replaced = find(&report, Code::UpgradeReplacesSubnet, Severity::Error);
    assert_eq!(
        replaced.apply,
        [Change {
            setting: Key::SubnetMode,
            value: "per-nodepool".into()
        }]
    );
    let kept = upgrade("2.21.0", "3.1.0", |_| {});
    assert!(all(&kept, Code::UpgradeReplacesSubnet).is_empty());
}

/// The ingress load balancer changing hands (2.8.0: a Terraform resource, attached by the
/// cloud controller) is said to be unsettled; with no ingress load balancer nothing is said.
#[test]
fn the_ingress_load_balancer_changing_hands_is_said_to_be_unsettled() {
    let report = upgrade("2.7.2", "2.8.0", |_| {});
    let ingress = change(&report, "ingress load balancer");
    assert_eq!(ingress.before, "created by the cloud controller");
    assert_eq!(
        ingress.after,
        "created by Terraform, attached by the cloud controller"
    );
    assert!(ingress.applying.contains("cannot tell"));
    let none = upgrade("2.7.2", "2.8.0", |p| {
        p.ingress_controller = khcidr_core::IngressController::None
    });
    assert_eq!(none.upgrade.unwrap().changes, []);
}

/// A plan that fails on its own release has no cluster to move, but its renames stand.
#[test]
fn a_plan_that_fails_on_its_release_still_hears_its_renames() {
    let report = upgrade("2.14.2", "3.1.0", |p| p.control_plane_lb = true);
    assert!(!report.layout.terraform_errors.is_empty());
    assert!(all(&report, Code::UpgradeMovesNode).is_empty());
    find(&report, Code::UpgradeRenames, Severity::Warning);
}

/// 2.18.0 to 2.21.0 attach control planes with an inline block that names their IP; 3.x
/// with one that names none. Whether the provider sees a change there is not settled by
/// the sources: a warning that says so, and what to read before applying.
#[test]
fn control_planes_attached_inline_may_move_on_the_way_to_3_x() {
    let report = upgrade("2.21.0", "3.1.0", |_| {});
    let moved = find(&report, Code::UpgradeMovesNode, Severity::Warning);
    assert_eq!(
        ranges(&moved),
        ["10.255.0.101", "10.254.0.101", "10.253.0.101"]
    );
    assert!(
        moved.fix.starts_with("read terraform plan on 3.1.0"),
        "{}",
        moved.fix
    );
    let node = change(&report, "control-plane pool 0 node 0");
    assert!(node.applying.contains("not settled"), "{}", node.applying);
    assert!(all(&report, Code::UpgradeMovesNode)
        .iter()
        .all(|f| f.severity == Severity::Warning));
}

/// 3.0.0 leaves agents' addresses to Hetzner; 3.0.1 pins them again at host 101 on of
/// their pool's subnet: a move unless Hetzner happened to give that address.
#[test]
fn agents_pinned_again_in_3_0_1_move_unless_hetzner_chose_the_same() {
    let report = upgrade("3.0.0", "3.0.1", |_| {});
    let node = change(&report, "agent pool 0 node 0");
    assert_eq!(
        (node.before.as_str(), node.after.as_str()),
        ("chosen by Hetzner", "10.0.0.101")
    );
    assert!(node.applying.starts_with("unless Hetzner happened to give it 10.0.0.101: detached and attached again at 10.0.0.101"), "{}", node.applying);
    let moved = find(&report, Code::UpgradeMovesNode, Severity::Warning);
    assert_eq!(ranges(&moved), ["10.0.0.101", "10.1.0.101"]);
    assert!(all(&report, Code::UpgradeMovesNode)
        .iter()
        .all(|f| f.severity == Severity::Warning));
}

/// Below a /16 network, 2.19.0 pins nodes at 40% of a subnet's hosts instead of host 101
/// (agents.tf:40 at 2.19.0): in 10.0.0.0/17 (subnets of /25) host 19, not 101. 2.18.5 keeps
/// host 101, so it is the release that breaks none of it.
#[test]
fn a_safer_older_release_is_offered_and_the_way_on_said() {
    let small = |p: &mut Plan| {
        p.network_ipv4_cidr = "10.0.0.0/17".into();
        p.ingress_controller = khcidr_core::IngressController::None;
    };
    let report = upgrade("2.18.3", "2.19.0", small);
    let moved = all(&report, Code::UpgradeMovesNode);
    let agents = moved
        .iter()
        .find(|f| f.message.contains("agent pool 1"))
        .unwrap();
    assert!(agents.message.starts_with("Upgrading from 2.18.3 to 2.19.0 moves nodes: agent pool 0 node 0 10.0.0.101 → 10.0.0.19, agent pool 1 node 0 10.0.0.229 → 10.0.0.147"), "{}", agents.message);
    assert_eq!(
        agents.fix,
        "upgrade to 2.18.5 instead, which breaks none of this; to go on to 2.19.0, build a new cluster on 2.19.0 and move the workloads over (MIGRATION.md: blue/green)"
    );
    assert_eq!(
        agents.apply,
        [Change {
            setting: Key::UpgradeTo,
            value: "2.18.5".into()
        }]
    );
    // From 2.18.5 itself, no later 2.x release keeps the addresses.
    let report = upgrade("2.18.5", "2.19.0", small);
    for f in all(&report, Code::UpgradeMovesNode) {
        assert!(
            f.fix.starts_with(
                "no 2.x release after 2.18.5 keeps this: build a new cluster on 2.19.0"
            ),
            "{}",
            f.fix
        );
        assert_eq!(f.apply, []);
    }
}

/// Each finding says what the upgrade does in its first words, and a fix of its own kind.
#[test]
fn findings_say_what_the_upgrade_does_and_name_their_fields() {
    let report = upgrade("2.15.2", "3.1.0", |p| p.control_plane_lb = true);
    let moved = find(&report, Code::UpgradeMovesNode, Severity::Error);
    assert!(moved
        .message
        .starts_with("Upgrading from 2.15.2 to 3.1.0 moves nodes: "));
    assert_eq!(
        moved.fix,
        "no 3.x release after 2.15.2 keeps this: build a new cluster on 3.1.0 and move the workloads over (MIGRATION.md: blue/green)"
    );
    assert_eq!(
        moved.fields,
        [
            khcidr_core::Field::ControlPlanes,
            khcidr_core::Field::ModuleVersion
        ]
    );
    let reattached = find(&report, Code::UpgradeReattaches, Severity::Warning);
    assert!(reattached
        .message
        .starts_with("Upgrading from 2.15.2 to 3.1.0 re-attaches nodes to the network: "));
    assert_eq!(
        reattached.fields,
        [
            khcidr_core::Field::Agents,
            khcidr_core::Field::ModuleVersion
        ]
    );
    let renames = find(&report, Code::UpgradeRenames, Severity::Warning);
    assert!(renames
        .message
        .starts_with("Upgrading from 2.15.2 to 3.1.0 renames: "));
    assert_eq!(
        renames.fix,
        "rename them in kube.tf before running terraform init -upgrade for 3.1.0"
    );
    assert_eq!(
        renames.fields,
        [
            khcidr_core::Field::ControlPlaneLb,
            khcidr_core::Field::ModuleVersion
        ]
    );
    let report = upgrade("2.21.0", "3.1.0", |p| p.subnet_count = 64);
    let renames = find(&report, Code::UpgradeRenames, Severity::Warning);
    assert!(
        renames
            .message
            .contains("`subnet_amount = 64` → `subnet_count = 64`"),
        "{}",
        renames.message
    );
    assert_eq!(
        renames.fields,
        [
            khcidr_core::Field::SubnetCount,
            khcidr_core::Field::ModuleVersion
        ]
    );
    let report = upgrade("2.17.0", "2.18.0", |_| {});
    let replaced = find(&report, Code::UpgradeReplacesSubnet, Severity::Error);
    assert!(replaced
        .message
        .starts_with("Upgrading from 2.17.0 to 2.18.0 replaces subnets: "));
    // A warning is not sent to another release: its own fix stands.
    let ingress = find(&report, Code::UpgradeMovesService, Severity::Warning);
    assert!(ingress
        .message
        .starts_with("Upgrading from 2.17.0 to 2.18.0 moves: the ingress load balancer"));
    assert!(
        ingress.fix.starts_with("run terraform plan on 2.18.0"),
        "{}",
        ingress.fix
    );
    assert_eq!(ingress.apply, []);
    let dns = find(
        &upgrade("2.17.0", "2.17.1", |p| {
            p.service_ipv4_cidr = "10.96.0.0/16".into()
        }),
        Code::UpgradeMovesService,
        Severity::Error,
    );
    assert_eq!(
        dns.fields,
        [khcidr_core::Field::Dns, khcidr_core::Field::ModuleVersion]
    );
}

/// Before 2.4.0 k3s runs with its own 10.42.0.0/16 and 10.43.0.0/16 whatever the plan says;
/// 2.4.0 passes the plan's ranges (init.tf:27-28). Setting them to what runs keeps them.
#[test]
fn k3s_ranges_that_start_to_be_passed_move_unless_set_to_what_runs() {
    let report = upgrade("2.3.2", "2.4.0", |p| {
        p.cluster_ipv4_cidr = "10.100.0.0/16".into()
    });
    let pods = change(&report, "k3s pod range");
    assert_eq!(
        (pods.before.as_str(), pods.after.as_str()),
        ("10.42.0.0/16", "10.100.0.0/16")
    );
    let moved = find(&report, Code::UpgradeMovesService, Severity::Error);
    assert_eq!(
        moved.apply,
        [Change {
            setting: Key::Cluster,
            value: "10.42.0.0/16".into()
        }]
    );
    assert_eq!(
        moved.fields,
        [
            khcidr_core::Field::Cluster,
            khcidr_core::Field::ModuleVersion
        ]
    );
    let report = upgrade("2.3.2", "2.4.0", |p| {
        p.service_ipv4_cidr = "10.96.0.0/16".into()
    });
    let services = change(&report, "k3s service range");
    assert_eq!(
        (services.before.as_str(), services.after.as_str()),
        ("10.43.0.0/16", "10.96.0.0/16")
    );
    let moved = all(&report, Code::UpgradeMovesService);
    assert!(moved.iter().any(|f| f.apply
        == [Change {
            setting: Key::Service,
            value: "10.43.0.0/16".into()
        }]));
}

/// Back from 2.18.4 (host 254) to 2.16.1 (host 1, no rule to ignore the address): the
/// control-plane load balancer's attachment is replaced.
#[test]
fn a_downgrade_moves_the_load_balancer_where_nothing_ignores_its_address() {
    let report = upgrade("2.18.4", "2.16.1", |p| {
        p.control_plane_lb = true;
        p.ingress_controller = khcidr_core::IngressController::None;
    });
    let lb = change(&report, "control-plane load balancer");
    assert_eq!(
        (lb.before.as_str(), lb.after.as_str()),
        (
            "10.255.0.254 on 10.255.0.0/16",
            "10.255.0.1 on 10.255.0.0/16"
        )
    );
    assert!(lb
        .applying
        .starts_with("hcloud_load_balancer_network.control_plane is replaced"));
    // The 3.x attachment is cited at 3.0.0's own line.
    let report = upgrade("2.18.4", "3.0.1", |p| {
        p.control_plane_lb = true;
        p.subnet_count = 128;
        p.vswitch_subnet_index = 100;
    });
    let lb = change(&report, "control-plane load balancer");
    assert_eq!(
        lb.source,
        "control_planes.tf:69 @2.18.0 → control_planes.tf:228 @3.0.0"
    );
}

/// Each change names where the module computes it at both releases: the node's
/// `private_ipv4` and how the host module attaches it (modules/host/main.tf at each tag).
#[test]
fn every_change_names_the_module_s_lines_at_both_releases() {
    let source =
        |from: &str, to: &str, what: &str| change(&upgrade(from, to, |_| {}), what).source.clone();
    assert_eq!(
        source("2.17.0", "2.18.1", "control-plane pool 0 node 0"),
        "control_planes.tf:35 @2.14.2, modules/host/main.tf:132-133 @2.17.0 → control_planes.tf:39 @2.18.0, modules/host/main.tf:47-51 @2.18.0"
    );
    assert_eq!(
        source("2.17.1", "2.18.1", "agent pool 0 node 0"),
        "agents.tf:36 @2.17.1, modules/host/main.tf:154-159 @2.17.1 → agents.tf:36 @2.17.1, modules/host/main.tf:47-51 @2.18.0"
    );
    assert!(source("2.0.0", "2.18.1", "agent pool 0 node 0")
        .starts_with("agents.tf:30 @2.0.0, modules/host/main.tf:128-129 @2.0.0 → "));
    assert!(source("2.15.2", "3.1.0", "control-plane pool 0 node 0")
        .ends_with("→ control_planes.tf:88 @3.0.0, modules/host/main.tf:41-56 @3.0.0"));
    assert!(source("2.21.0", "3.0.0", "agent pool 0 node 0")
        .ends_with("→ agents.tf:85 @3.0.0, modules/host/main.tf:41-56 @3.0.0"));
    assert!(source("3.0.0", "3.0.1", "agent pool 0 node 0").starts_with(
        "agents.tf:85 @3.0.0, modules/host/main.tf:41-56 @3.0.0 → agents.tf:93-96 @3.0.1"
    ));
}

/// The kinds as JSON writes them, and as the page's markup marks its rows.
#[test]
fn move_kinds_read_the_same_in_json_and_in_words() {
    use khcidr_core::MoveKind::*;
    for (kind, text) in [
        (Subnet, "subnet"),
        (Node, "node"),
        (NatRouter, "nat-router"),
        (LoadBalancer, "load-balancer"),
        (Dns, "dns"),
        (K3s, "k3s"),
        (Route, "route"),
        (Variable, "variable"),
    ] {
        assert_eq!(kind.as_str(), text);
        assert_eq!(serde_json::to_value(kind).unwrap(), text);
    }
}
