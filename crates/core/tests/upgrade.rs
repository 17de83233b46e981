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
    assert_eq!(report.verdict(), "The upgrade breaks it");
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

/// 2.18.5 moves both load balancers from host 254 to the last usable host (-2).
#[test]
fn load_balancers_move_to_the_end_of_their_subnet_in_2_18_5() {
    let report = upgrade("2.18.4", "2.18.5", |p| p.control_plane_lb = true);
    let lbs = moves(&report, MoveKind::LoadBalancer);
    assert_eq!(
        lbs,
        [
            (
                "control-plane load balancer".to_string(),
                "10.255.0.254 on 10.255.0.0/16".to_string(),
                "10.255.255.254 on 10.255.0.0/16".to_string()
            ),
            (
                "ingress load balancer".to_string(),
                "10.0.0.254 on 10.0.0.0/16".to_string(),
                "10.0.255.254 on 10.0.0.0/16".to_string()
            ),
        ]
    );
    assert_eq!(report.verdict(), "The upgrade interrupts it");
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
