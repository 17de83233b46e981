//! Every catalog code: a plan that triggers it, and a near miss that does not.

mod common;

use common::*;
use khcidr_core::{AgentPool, Cni, Code, NatRouter, Plan, Severity, Unit};

type Edit = fn(&mut Plan);

fn agents(counts: &[u32]) -> Vec<AgentPool> {
    counts.iter().map(|&n| AgentPool::new(n)).collect()
}

fn edited(edit: Edit) -> Plan {
    let mut plan = Plan::default();
    edit(&mut plan);
    plan
}

/// (code, severity it must have, plan edit that triggers it, near-miss edit that must not).
const CASES: &[(Code, Severity, Edit, Edit)] = &[
    (
        Code::InvalidCidr,
        Severity::Error,
        |p| p.network_ipv4_cidr = "10.0.0.0".into(),
        |p| p.network_ipv4_cidr = " \"10.0.0.0/8\" ".into(),
    ),
    (
        Code::InvalidCidr,
        Severity::Error,
        |p| p.cluster_ipv4_cidr = "10.42.0.0/33".into(),
        |p| p.cluster_ipv4_cidr = "10.42.0.0/16".into(),
    ),
    (
        Code::InvalidCidr,
        Severity::Error,
        |p| p.agents[0].subnet_ip_range = Some("10.100.0/24".into()),
        |p| p.agents[0].subnet_ip_range = Some("".into()),
    ),
    (
        Code::InvalidIp,
        Severity::Error,
        |p| p.cluster_dns_ipv4 = "10.43.0.300".into(),
        |p| p.cluster_dns_ipv4 = "10.43.0.10".into(),
    ),
    (
        Code::NonCanonicalCidr,
        Severity::Error,
        |p| p.network_ipv4_cidr = "10.0.0.5/8".into(),
        |p| p.network_ipv4_cidr = "10.0.0.0/8".into(),
    ),
    (
        Code::NonCanonicalCidr,
        Severity::Warning,
        |p| p.service_ipv4_cidr = "10.43.0.1/16".into(),
        |p| p.service_ipv4_cidr = "10.43.0.0/16".into(),
    ),
    (
        Code::NetworkNotPrivate,
        Severity::Error,
        |p| p.network_ipv4_cidr = "172.16.0.0/11".into(),
        |p| p.network_ipv4_cidr = "172.16.0.0/12".into(),
    ),
    (
        Code::NetworkTooSmall,
        Severity::Error,
        |p| {
            p.network_ipv4_cidr = "10.0.0.0/25".into();
            p.subnet_count = 32
        },
        |p| {
            p.network_ipv4_cidr = "10.0.0.0/24".into();
            p.subnet_count = 64
        },
    ),
    (
        Code::SubnetCountInvalid,
        Severity::Error,
        |p| p.subnet_count = 100,
        |p| p.subnet_count = 128,
    ),
    (
        Code::SubnetCountInvalid,
        Severity::Error,
        |p| {
            p.network_ipv4_cidr = "10.0.0.0/24".into();
            p.subnet_count = 512
        },
        |p| {
            p.network_ipv4_cidr = "10.0.0.0/24".into();
            p.subnet_count = 256
        },
    ),
    (
        Code::SubnetTooSmall,
        Severity::Error,
        |p| {
            p.network_ipv4_cidr = "10.0.0.0/24".into();
            p.subnet_count = 128
        },
        |p| {
            p.network_ipv4_cidr = "10.0.0.0/23".into();
            p.subnet_count = 64;
            p.agents = agents(&[1])
        },
    ),
    (
        Code::SubnetTooSmall,
        Severity::Error,
        |p| {
            p.network_ipv4_cidr = "10.0.0.0/20".into();
            p.agents = agents(&[10])
        },
        |p| {
            p.network_ipv4_cidr = "10.0.0.0/20".into();
            p.agents = agents(&[9])
        },
    ),
    (
        Code::TooManySubnets,
        Severity::Error,
        |p| p.agents = agents(&[1; 48]),
        |p| p.agents = agents(&[1; 47]),
    ),
    (
        Code::SubnetIndexCollision,
        Severity::Error,
        |p| {
            p.nat_router = NatRouter::On;
            p.nat_router_subnet_index = 1
        },
        |p| {
            p.nat_router = NatRouter::On;
            p.nat_router_subnet_index = 2
        },
    ),
    (
        Code::SubnetIndexCollision,
        Severity::Error,
        |p| {
            p.vswitch = true;
            p.vswitch_subnet_index = 256
        },
        |p| {
            p.vswitch = true;
            p.vswitch_subnet_index = 252
        },
    ),
    (
        Code::SubnetIndexCollision,
        Severity::Error,
        |p| {
            p.subnet_count = 4;
            p.agents = agents(&[1, 1]);
            p.control_planes = vec![1, 1, 1]
        },
        |p| {
            p.subnet_count = 8;
            p.network_ipv4_cidr = "10.0.0.0/16".into();
            // 3.x reads the vSwitch index even without a vSwitch: keep it in range.
            p.vswitch_subnet_index = 4
        },
    ),
    (
        Code::SubnetOutsideNetwork,
        Severity::Error,
        |p| p.agents[0].subnet_ip_range = Some("192.168.0.0/24".into()),
        |p| p.agents[0].subnet_ip_range = Some("10.100.0.0/24".into()),
    ),
    (
        Code::SubnetOverlap,
        Severity::Error,
        |p| p.agents[1].subnet_ip_range = Some("10.0.128.0/24".into()),
        |p| p.agents[1].subnet_ip_range = Some("10.2.0.0/24".into()),
    ),
    (
        Code::PodServiceOverlap,
        Severity::Error,
        |p| p.service_ipv4_cidr = "10.42.128.0/17".into(),
        |p| p.service_ipv4_cidr = "10.43.0.0/16".into(),
    ),
    (
        Code::NodeMaskInvalid,
        Severity::Error,
        |p| p.node_mask = 15,
        |p| p.node_mask = 16,
    ),
    (
        Code::NodeMaskInvalid,
        Severity::Error,
        |p| p.node_mask = 33,
        |p| p.node_mask = 32,
    ),
    (
        Code::PodCapacityExceeded,
        Severity::Error,
        |p| p.cluster_ipv4_cidr = "10.42.0.0/22".into(),
        |p| p.cluster_ipv4_cidr = "10.42.0.0/21".into(),
    ),
    (
        Code::ServiceRangeTooLarge,
        Severity::Error,
        |p| p.service_ipv4_cidr = "10.64.0.0/11".into(),
        |p| p.service_ipv4_cidr = "10.64.0.0/12".into(),
    ),
    (
        Code::DnsOutsideService,
        Severity::Error,
        |p| p.cluster_dns_ipv4 = "10.42.0.10".into(),
        |p| p.cluster_dns_ipv4 = "10.43.0.10".into(),
    ),
    (
        Code::DnsOutsideService,
        Severity::Error,
        |p| p.service_ipv4_cidr = "10.43.0.0/29".into(),
        |p| p.service_ipv4_cidr = "10.43.0.0/28".into(),
    ),
    (
        Code::DnsReservedAddress,
        Severity::Error,
        |p| p.cluster_dns_ipv4 = "10.43.0.1".into(),
        |p| p.cluster_dns_ipv4 = "10.43.0.2".into(),
    ),
    (
        Code::DnsReservedAddress,
        Severity::Error,
        |p| p.cluster_dns_ipv4 = "10.43.255.255".into(),
        |p| p.cluster_dns_ipv4 = "10.43.0.254".into(),
    ),
    (
        Code::DnsOutsideStaticBand,
        Severity::Info,
        |p| p.cluster_dns_ipv4 = "10.43.1.1".into(),
        |p| p.cluster_dns_ipv4 = "10.43.1.0".into(),
    ),
    (
        Code::PodSubnetOverlap,
        Severity::Error,
        |p| *p = incident(v3()),
        |p| *p = plan("10.20.0.0/16", "10.20.128.0/18", "10.20.64.0/19"),
    ),
    (
        Code::PodSubnetOverlap,
        Severity::Warning,
        |p| *p = plan("10.20.0.0/16", "10.20.192.0/18", "10.20.64.0/19"),
        |p| *p = plan("10.20.0.0/16", "10.20.128.0/18", "10.20.64.0/19"),
    ),
    (
        Code::PodSubnetOverlap,
        Severity::Info,
        |p| *p = suggested_fix(),
        |p| *p = plan("10.0.0.0/16", "10.42.0.0/16", "10.43.0.0/16"),
    ),
    (
        Code::ServiceSubnetOverlap,
        Severity::Error,
        |p| p.service_ipv4_cidr = "10.1.0.0/16".into(),
        |p| *p = plan("10.0.0.0/16", "10.42.0.0/16", "10.43.0.0/16"),
    ),
    (
        Code::ServiceSubnetOverlap,
        Severity::Info,
        |_| {},
        |p| *p = plan("10.0.0.0/16", "10.42.0.0/16", "10.43.0.0/16"),
    ),
    (
        Code::PodOutsideNetwork,
        Severity::Warning,
        |p| {
            *p = plan("10.0.0.0/16", "10.42.0.0/16", "10.43.0.0/16");
            p.cni = Cni::CiliumNative
        },
        |p| p.cni = Cni::CiliumNative,
    ),
    (
        Code::PodOutsideNetwork,
        Severity::Info,
        |p| *p = plan("10.0.0.0/16", "10.42.0.0/16", "10.43.0.0/16"),
        |_| {},
    ),
    (
        Code::RouteDestinationNotPrivate,
        Severity::Error,
        |p| p.cluster_ipv4_cidr = "100.96.0.0/16".into(),
        |p| {
            p.cluster_ipv4_cidr = "100.96.0.0/16".into();
            p.routes = false
        },
    ),
    (
        Code::RouteHitsHetznerGateway,
        Severity::Error,
        |p| p.cluster_ipv4_cidr = "172.31.0.0/16".into(),
        |p| p.cluster_ipv4_cidr = "172.30.0.0/16".into(),
    ),
    (
        Code::RouteHitsHetznerGateway,
        Severity::Warning,
        |p| {
            p.cluster_ipv4_cidr = "172.31.0.0/16".into();
            p.node_mask = 28
        },
        |p| {
            p.cluster_ipv4_cidr = "172.31.2.0/23".into();
            p.node_mask = 28
        },
    ),
    (
        Code::TooManyRoutes,
        Severity::Error,
        |p| p.agents = agents(&[98]),
        |p| {
            p.agents = agents(&[98]);
            p.routes = false
        },
    ),
    (
        Code::TooManyRoutes,
        Severity::Error,
        |p| {
            p.agents = agents(&[97]);
            p.nat_router = NatRouter::On
        },
        |p| p.agents = agents(&[97]),
    ),
    (
        Code::TooManyServers,
        Severity::Error,
        |p| p.agents = agents(&[98]),
        |p| p.agents = agents(&[97]),
    ),
    (
        Code::TooManyServers,
        Severity::Error,
        |p| {
            p.agents = agents(&[96]);
            p.nat_router = NatRouter::Redundant
        },
        |p| {
            p.agents = agents(&[95]);
            p.nat_router = NatRouter::Redundant
        },
    ),
    (
        Code::TailscaleRangeOverlap,
        Severity::Error,
        |p| {
            p.tailscale = true;
            p.cluster_ipv4_cidr = "100.64.0.0/16".into()
        },
        |p| {
            p.tailscale = true;
            p.cluster_ipv4_cidr = "100.128.0.0/16".into()
        },
    ),
    (
        Code::TerraformError,
        Severity::Error,
        |p| p.control_planes = vec![1, 1],
        |p| p.control_planes = vec![1, 2],
    ),
    (
        Code::TerraformError,
        Severity::Error,
        |p| {
            p.module_version = release("2.14.2");
        },
        |p| {
            p.module_version = release("2.14.2");
            p.autoscaler_max_nodes = 3
        },
    ),
    (
        Code::AddressCollision,
        Severity::Error,
        |p| {
            p.module_version = release("2.18.5");
            p.agents = vec![];
            p.control_plane_lb = true
        },
        |p| {
            p.module_version = release("3.0.0");
            p.agents = vec![];
            p.control_plane_lb = true
        },
    ),
    (
        Code::ValueIgnored,
        Severity::Error,
        |p| {
            p.module_version = release("2.3.2");
            p.cluster_ipv4_cidr = "10.100.0.0/16".into()
        },
        |p| p.module_version = release("2.3.2"),
    ),
    (
        Code::WrongGateway,
        Severity::Error,
        |p| {
            p.module_version = release("2.18.1");
            p.network_ipv4_cidr = "10.20.0.0/16".into();
            p.nat_router = NatRouter::On;
            p.control_plane_lb = true
        },
        |p| {
            p.module_version = release("2.18.3");
            p.network_ipv4_cidr = "10.20.0.0/16".into();
            p.nat_router = NatRouter::On;
            p.control_plane_lb = true
        },
    ),
    (
        Code::TerraformVersion,
        Severity::Info,
        |p| p.module_version = release("2.19.3"),
        |p| p.module_version = release("2.21.0"),
    ),
    (
        Code::ReleaseNewerThanKnown,
        Severity::Warning,
        |p| p.module_version = release("3.2.0"),
        |p| p.module_version = release("3.1.0"),
    ),
    // Upgrades (ERAS.md): 3.x attaches control planes without an IP.
    (
        Code::UpgradeMovesNode,
        Severity::Error,
        |p| {
            p.module_version = release("2.15.2");
            p.upgrade_to = Some(release("3.1.0"))
        },
        |p| {
            p.module_version = release("3.0.1");
            p.upgrade_to = Some(release("3.1.0"))
        },
    ),
    // 2.18.0 cuts the network in quarters; 2.18.1 goes back to 256 subnets.
    (
        Code::UpgradeReplacesSubnet,
        Severity::Error,
        |p| {
            p.module_version = release("2.17.0");
            p.upgrade_to = Some(release("2.18.0"))
        },
        |p| {
            p.module_version = release("2.17.0");
            p.upgrade_to = Some(release("2.18.1"))
        },
    ),
    // 2.18.0 replaces hcloud_server_network with an inline network block.
    (
        Code::UpgradeReattaches,
        Severity::Warning,
        |p| {
            p.module_version = release("2.17.4");
            p.upgrade_to = Some(release("2.18.1"))
        },
        |p| {
            p.module_version = release("2.18.1");
            p.upgrade_to = Some(release("2.18.4"))
        },
    ),
    // 2.17.1: the DNS default becomes host 10 of the service range instead of 10.43.0.10.
    (
        Code::UpgradeMovesService,
        Severity::Error,
        |p| {
            p.module_version = release("2.17.0");
            p.service_ipv4_cidr = "10.96.0.0/16".into();
            p.upgrade_to = Some(release("2.17.1"))
        },
        |p| {
            p.module_version = release("2.17.0");
            p.upgrade_to = Some(release("2.17.1"))
        },
    ),
    // 2.11.1 pins the control-plane load balancer at host 1, where Hetzner chose before,
    // with no `ignore_changes` yet (control_planes.tf:61 at 2.11.1).
    (
        Code::UpgradeMovesService,
        Severity::Warning,
        |p| {
            p.module_version = release("2.11.0");
            p.control_plane_lb = true;
            p.upgrade_to = Some(release("2.11.1"))
        },
        |p| {
            p.module_version = release("2.11.0");
            p.upgrade_to = Some(release("2.11.1"))
        },
    ),
    // 3.0.0 renames use_control_plane_lb.
    (
        Code::UpgradeRenames,
        Severity::Warning,
        |p| {
            p.module_version = release("2.21.0");
            p.control_plane_lb = true;
            p.upgrade_to = Some(release("3.1.0"))
        },
        |p| {
            p.module_version = release("2.21.0");
            p.upgrade_to = Some(release("3.1.0"))
        },
    ),
];

#[test]
fn every_catalog_code_has_a_trigger_and_a_near_miss() {
    for code in Code::ALL {
        assert!(
            CASES.iter().any(|c| c.0 == *code),
            "no test case for {code}"
        );
    }
}

#[test]
fn triggers_report_the_code_at_its_severity() {
    for (i, &(code, severity, trigger, _)) in CASES.iter().enumerate() {
        let report = run(&edited(trigger));
        let found = all(&report, code);
        assert!(
            found.iter().any(|f| f.severity == severity),
            "case {i}: expected {severity} {code}, got {:?}",
            summary(&report)
        );
        for f in found {
            assert!(
                !f.message.is_empty() && !f.symptom.is_empty() && !f.fix.is_empty(),
                "case {i}: {f:#?}"
            );
            assert!(!f.fields.is_empty(), "case {i}: {code} names no field");
        }
    }
}

#[test]
fn near_misses_do_not_report_the_code() {
    for (i, &(code, severity, _, near_miss)) in CASES.iter().enumerate() {
        let report = run(&edited(near_miss));
        let found: Vec<_> = all(&report, code)
            .into_iter()
            .filter(|f| f.severity == severity)
            .collect();
        assert!(
            found.is_empty(),
            "case {i}: near miss still reports {severity} {code}: {found:#?}"
        );
    }
}

#[test]
fn growth_findings_say_when_they_start() {
    let report = run(&plan("10.20.0.0/16", "10.20.192.0/18", "10.20.64.0/19"));
    let warning = find(&report, Code::PodSubnetOverlap, Severity::Warning);
    // 10.20.253.0/24 is block 61 of 10.20.192.0/18.
    assert_eq!(
        (
            warning.starts_at.map(|s| s.count),
            warning.starts_at.map(|s| s.unit)
        ),
        (Some(62), Some(Unit::Node))
    );
    assert!(
        warning.message.contains("grows from 5 to 62 nodes"),
        "{}",
        warning.message
    );

    let grown = run(&Plan {
        agents: agents(&[60]),
        ..plan("10.20.0.0/16", "10.20.192.0/18", "10.20.64.0/19")
    });
    let error = find(&grown, Code::PodSubnetOverlap, Severity::Error);
    assert_eq!(
        error.starts_at.map(|s| s.count),
        Some(62),
        "63 planned nodes reach block 61"
    );
}

#[test]
fn unparsable_fields_name_the_field_and_keep_checking_the_others() {
    let report = run(&Plan {
        service_ipv4_cidr: "10.43.0.0/".into(),
        cluster_dns_ipv4: "x".into(),
        ..Plan::default()
    });
    let invalid = find(&report, Code::InvalidCidr, Severity::Error);
    assert_eq!(invalid.fields[0].to_string(), "service_ipv4_cidr");
    assert!(
        invalid
            .message
            .starts_with("service_ipv4_cidr = \"10.43.0.0/\" is not an IPv4 CIDR"),
        "{}",
        invalid.message
    );
    assert!(invalid.fix.contains("10.43.0.0/16"));
    find(&report, Code::InvalidIp, Severity::Error);
    assert_eq!(report.layout.subnets.len(), 5, "the network still lays out");
    assert_eq!(
        report.layout.pod_blocks.len(),
        5,
        "pod blocks still computed"
    );
}

#[test]
fn non_canonical_ranges_show_the_canonical_form_and_are_used() {
    let report = run(&incident_with_network("10.20.128.5/17"));
    let f = find(&report, Code::NonCanonicalCidr, Severity::Error);
    assert!(f.fix.contains("10.20.128.0/17"), "{}", f.fix);
    assert_eq!(report.layout.network.unwrap().to_string(), "10.20.128.0/17");
}

fn incident_with_network(network: &str) -> Plan {
    Plan {
        network_ipv4_cidr: network.into(),
        ..incident(v2())
    }
}

#[test]
fn shared_mode_puts_all_agents_in_subnet_0_and_counts_pinned_ips_across_pools() {
    let report = run(&Plan {
        subnet_mode: khcidr_core::SubnetMode::Shared,
        agents: agents(&[2, 1]),
        ..plan("10.20.0.0/16", "10.42.0.0/16", "10.43.0.0/16")
    });
    let subnets: Vec<String> = report
        .layout
        .subnets
        .iter()
        .map(|s| s.text().en())
        .collect();
    assert_eq!(
        subnets,
        [
            "shared agent subnet 10.20.0.0/24",
            "shared control-plane subnet 10.20.255.0/24"
        ]
    );
    let ips: Vec<String> = report.layout.subnets[0]
        .node_ips
        .iter()
        .map(|ip| ip.to_string())
        .collect();
    assert_eq!(ips, ["10.20.0.101", "10.20.0.102", "10.20.0.103"]);
}

#[test]
fn nat_router_takes_subnet_200_with_gateway_host_1_and_routers_from_host_2() {
    let report = run(&Plan {
        nat_router: NatRouter::Redundant,
        ..Plan::default()
    });
    let nat = report.layout.first(khcidr_core::Role::NatRouter).unwrap();
    assert_eq!(nat.cidr.to_string(), "10.200.0.0/16");
    assert_eq!(
        nat.gateway.unwrap().to_string(),
        "10.0.0.1",
        "a server subnet's gateway is the network's first IP (Hetzner's API)"
    );
    assert_eq!(
        report.layout.nat_gateway_ip.unwrap().to_string(),
        "10.200.0.1"
    );
    let ips: Vec<String> = nat.node_ips.iter().map(|ip| ip.to_string()).collect();
    assert_eq!(ips, ["10.200.0.2", "10.200.0.3"]);
    assert_eq!(
        report.capacity.max_nodes, 98,
        "two routers take two of the 100 servers"
    );
}

#[test]
fn capacity_names_its_limit() {
    let report = run(&incident(v2()));
    assert_eq!(report.capacity.max_nodes, 16);
    assert_eq!(report.capacity.limited_by, [khcidr_core::Limit::PodBlocks]);
    assert_eq!(report.capacity.pods_per_node, Some(110));
    assert_eq!(report.capacity.service_ips, Some(4094));
    assert_eq!(
        (report.capacity.subnets_used, report.capacity.subnets_left),
        (4, 46)
    );
}

#[test]
fn fix_my_plan_clears_the_incident_inside_its_own_network() {
    let plan = incident(v2());
    let repair = khcidr_core::repair::repair(&plan).expect("the incident has fixes");
    // Inside the /17 the widest free pod range is a /19: 32 nodes, not Hetzner's 100. The
    // growth warning stays, and says the network must widen (or the pods leave it).
    // The /25 agent subnets (26 pinned nodes a pool) stay a warning too: no edit of one
    // setting fixes that in a /17.
    assert_eq!(
        (repair.errors, repair.warnings),
        (0, 2),
        "{:#?}",
        repair.edits
    );
    assert_eq!(repair.capacity.max_nodes, 32);
    let left = find(
        &khcidr_core::check(&repair.plan),
        Code::PodCapacityExceeded,
        Severity::Warning,
    );
    assert!(
        left.fix
            .starts_with("the network 10.20.128.0/17 has no free range wider than "),
        "{}",
        left.fix
    );
    assert!(left.apply.is_empty());
    assert!(!khcidr_core::check(&repair.plan).has_errors());
    let network: ipnet::Ipv4Net = plan.network_ipv4_cidr.parse().unwrap();
    for edit in &repair.edits {
        if let Ok(range) = edit.after.parse::<ipnet::Ipv4Net>() {
            assert!(network.contains(&range), "{edit:?} stays inside {network}");
        }
    }
    let pods = repair
        .edits
        .iter()
        .find(|e| e.variable == "cluster_ipv4_cidr")
        .unwrap();
    assert_eq!(pods.before, "10.20.128.0/20");
    assert!(pods.running.en().starts_with("not in place"));
    // The edits, applied as the page applies them, give the same plan.
    assert_eq!(
        khcidr_core::settings::apply(&plan, &repair.changes),
        repair.plan
    );
    // What is left has no edit: nothing more to fix.
    assert!(khcidr_core::repair::repair(&repair.plan).is_none());
}

#[test]
fn fix_my_plan_follows_a_moved_range_with_what_it_reveals() {
    // Pods and services on one range, and CoreDNS pinned inside it: moving the services
    // leaves the DNS address outside them, which only the next round can see and fix.
    let plan = Plan {
        cluster_ipv4_cidr: "10.42.0.0/16".into(),
        service_ipv4_cidr: "10.42.0.0/16".into(),
        cluster_dns_ipv4: "10.42.0.10".into(),
        ..Plan::default()
    };
    let first = run(&plan);
    assert_absent(&first, Code::DnsOutsideService);
    let repair = khcidr_core::repair::repair(&plan).expect("the plan has fixes");
    let edits: Vec<(&str, &str, &str)> = repair
        .edits
        .iter()
        .map(|e| (e.variable, e.before.as_str(), e.after.as_str()))
        .collect();
    let service = &edits[0].2;
    // Host 10 of the new service range: the module's own default for CoreDNS.
    let dns = format!("{}10", service.trim_end_matches("0/16"));
    assert_eq!(
        edits,
        [
            ("service_ipv4_cidr", "10.42.0.0/16", *service),
            ("cluster_dns_ipv4", "10.42.0.10", dns.as_str()),
        ]
    );
    assert_eq!((repair.errors, repair.warnings), (0, 0));
}

#[test]
fn capacity_counts_every_subnet_server_and_route_the_plan_asks_for() {
    use khcidr_core::Limit;
    let capacity = |version: &str, edit: fn(&mut Plan)| {
        let mut plan = Plan {
            module_version: release(version),
            ..Plan::default()
        };
        edit(&mut plan);
        run(&plan).capacity
    };
    // Subnets (Hetzner: 50 a network): one per nodepool (3 + 2 here); the NAT router's
    // from 2.18.1, 2.18.0's peripherals subnet always, the vSwitch's from 2.19.0.
    let subnets = |version: &str, edit: fn(&mut Plan)| {
        let c = capacity(version, edit);
        (c.subnets_used, c.subnets_left)
    };
    assert_eq!(subnets("3.1.0", |_| {}), (5, 45));
    assert_eq!(subnets("3.1.0", |p| p.nat_router = NatRouter::On), (6, 44));
    assert_eq!(
        subnets("3.1.0", |p| p.nat_router = NatRouter::Redundant),
        (6, 44)
    );
    assert_eq!(subnets("3.1.0", |p| p.vswitch = true), (6, 44));
    assert_eq!(subnets("2.19.0", |p| p.vswitch = true), (6, 44));
    assert_eq!(subnets("2.18.4", |p| p.vswitch = true), (5, 45));
    assert_eq!(subnets("2.18.1", |p| p.nat_router = NatRouter::On), (6, 44));
    assert_eq!(subnets("2.18.0", |_| {}), (6, 44));
    assert_eq!(subnets("2.18.0", |p| p.nat_router = NatRouter::On), (6, 44));
    // Shared mode: one agent and one control-plane subnet, whatever the pools.
    let shared = |p: &mut Plan| {
        p.subnet_mode = khcidr_core::SubnetMode::Shared;
        p.nat_router = NatRouter::On;
    };
    assert_eq!(subnets("3.1.0", shared), (3, 47));
    // Servers and routes (Hetzner: 100 each a network): a NAT router is a server and
    // takes a route; a redundant pair is two servers behind one route.
    let limit = |version: &str, edit: fn(&mut Plan)| {
        let c = capacity(version, edit);
        (c.max_nodes, c.limited_by.clone(), c.limits().en())
    };
    let both = "Hetzner's 100 routes per network, Hetzner's 100 servers per network";
    assert_eq!(
        limit("3.1.0", |_| {}),
        (100, vec![Limit::Routes, Limit::Servers], both.to_string())
    );
    assert_eq!(
        limit("3.1.0", |p| p.nat_router = NatRouter::On),
        (99, vec![Limit::Routes, Limit::Servers], both.to_string())
    );
    assert_eq!(
        limit("3.1.0", |p| p.nat_router = NatRouter::Redundant),
        (
            98,
            vec![Limit::Servers],
            "Hetzner's 100 servers per network".to_string()
        )
    );
    // Without the cloud controller's routes only servers count.
    assert_eq!(limit("3.1.0", |p| p.routes = false).1, [Limit::Servers]);
    // A /22 of /24 node blocks: 4 nodes.
    assert_eq!(
        limit("3.1.0", |p| p.cluster_ipv4_cidr = "10.42.0.0/22".into()),
        (4, vec![Limit::PodBlocks], "pod blocks".to_string())
    );
    // Pods per node: the block less its network and broadcast address, at most k3s's 110.
    let pods = |mask: u8| {
        run(&Plan {
            node_mask: mask,
            ..Plan::default()
        })
        .capacity
        .pods_per_node
    };
    assert_eq!(pods(24), Some(110));
    assert_eq!(pods(25), Some(110));
    assert_eq!(pods(26), Some(62));
    assert_eq!(pods(28), Some(14));
    assert_eq!(pods(33), None);
    // Planned nodes: control planes, agents and the autoscaler's maximum; the what-if
    // count instead when one is set.
    assert_eq!(capacity("3.1.0", |_| {}).planned_nodes, 5);
    assert_eq!(
        capacity("3.1.0", |p| p.autoscaler_max_nodes = 10).planned_nodes,
        15
    );
    assert_eq!(
        capacity("3.1.0", |p| {
            p.autoscaler_max_nodes = 10;
            p.nodes = Some(40);
        })
        .planned_nodes,
        40
    );
}

#[test]
fn agents_fit_a_subnet_from_the_pinning_offset_to_the_last_host() {
    let per_subnet = |version: &str, edit: fn(&mut Plan)| {
        let mut plan = Plan {
            module_version: release(version),
            ..Plan::default()
        };
        edit(&mut plan);
        run(&plan).capacity.agent_nodes_per_subnet
    };
    // 2.x: /16 subnets of 10.0.0.0/8, hosts 101 to 65,534.
    assert_eq!(per_subnet("2.17.4", |_| {}), Some(65_434));
    // /24 subnets of a /16: hosts 101 to 254.
    assert_eq!(
        per_subnet("2.17.4", |p| p.network_ipv4_cidr = "10.0.0.0/16".into()),
        Some(154)
    );
    // 2.19.0 on: 16 subnets of a /20 are /24s, offset floor(8² · 0.4) = 25: hosts 25 to 254.
    assert_eq!(
        per_subnet("2.21.0", |p| {
            p.network_ipv4_cidr = "10.0.0.0/20".into();
            p.subnet_count = 16;
        }),
        Some(230)
    );
    // 3.0.0 leaves agents to Hetzner: no offset, no count.
    assert_eq!(per_subnet("3.0.0", |_| {}), None);
}

#[test]
fn a_finding_reads_the_same_in_every_output() {
    // DOMAIN case 2 on 2.17.4: node 1's pod block routed via 10.20.128.101 in agent pool 0.
    let report = run(&incident(v2()));
    let pods = find(&report, Code::PodSubnetOverlap, Severity::Error);
    // The headline is the message's first clause: the picture and the short list show it.
    assert_eq!(
        pods.headline(),
        "pod block 10.20.128.0/24 overlaps agent pool 0 subnet 10.20.128.0/25"
    );
    assert!(pods.message.starts_with(pods.headline()));
    assert!(pods.message.len() > pods.headline().len());
    // Where to zoom: the smallest range holding the block, the subnet and the node.
    assert_eq!(pods.extent().unwrap().to_string(), "10.20.128.0/24");
    // It touches what overlaps any range it names, and nothing else.
    let touches = |cidr: &str| pods.touches(cidr.parse().unwrap());
    assert!(touches("10.20.128.64/26"));
    assert!(touches("10.20.0.0/16"));
    assert!(!touches("10.20.129.0/24"));
    // A finding over two far ranges zooms out to hold both.
    let services = find(&report, Code::ServiceSubnetOverlap, Severity::Info);
    assert_eq!(ranges(&services), ["10.20.144.0/25", "10.20.144.0/20"]);
    assert_eq!(services.extent().unwrap().to_string(), "10.20.144.0/20");
    let dns = find(
        &run(&incident(release("2.12.0"))),
        Code::DnsOutsideService,
        Severity::Error,
    );
    let far = dns.extent().unwrap();
    assert!(
        dns.ranges.iter().all(|r| far.contains(&r.net())) && far.prefix_len() < 16,
        "{far}"
    );
    // A message that is one clause is its own headline; a finding naming no range has
    // nowhere to zoom.
    let version = find(
        &run(&Plan::default()),
        Code::TerraformVersion,
        Severity::Info,
    );
    assert!(version.ranges.is_empty());
    assert_eq!(version.extent(), None);
    let mut single = version.clone();
    single.message = "one clause".into();
    assert_eq!(single.headline(), "one clause");
    // Severities, units and edits as the text output and JSON name them.
    for (severity, name) in [
        (Severity::Error, "error"),
        (Severity::Warning, "warning"),
        (Severity::Info, "info"),
    ] {
        assert_eq!(
            (severity.as_str(), severity.to_string()),
            (name, name.to_string())
        );
        assert_eq!(serde_json::to_value(severity).unwrap(), name);
    }
    for (unit, count, said) in [
        (Unit::Node, 62, "node 62"),
        (Unit::AgentPool, 33, "agent nodepool 33"),
        (Unit::ControlPlanePool, 2, "control-plane nodepool 2"),
    ] {
        assert_eq!(khcidr_core::StartsAt { count, unit }.to_string(), said);
    }
    let change = khcidr_core::Change {
        setting: khcidr_core::Key::Service,
        value: "10.50.0.0/16".into(),
    };
    assert_eq!(change.to_string(), "service_ipv4_cidr = \"10.50.0.0/16\"");
    // The release the layout was computed for, as JSON gives it.
    assert_eq!(report.layout.module_release, v2());
}

#[test]
fn the_first_public_pod_block_is_named_where_the_pod_range_leaves_rfc_1918() {
    // Hetzner routes take RFC 1918 destinations only (DOMAIN): the first block past
    // 10.0.0.0/8 in a /7 is 11.0.0.0/24; a range outside RFC 1918 fails at its first block.
    let found = |cluster: &str, node_mask: u8| {
        let report = run(&Plan {
            cluster_ipv4_cidr: cluster.into(),
            node_mask,
            ..Plan::default()
        });
        all(&report, Code::RouteDestinationNotPrivate)
            .first()
            .map(|f| (ranges(f), f.message.clone(), f.starts_at.map(|s| s.count)))
    };
    // 2^16 /23 blocks in a /7: the first past 10.0.0.0/8 is node 32,769's.
    let (spans, _, node) = found("10.0.0.0/7", 23).unwrap();
    assert_eq!(spans, ["11.0.0.0/23", "10.0.0.0/7"]);
    assert_eq!(node, Some(32_769));
    let (spans, _, node) = found("100.96.0.0/16", 24).unwrap();
    assert_eq!(spans, ["100.96.0.0/24", "100.96.0.0/16"]);
    assert_eq!(node, Some(1));
    // /24 blocks cannot cut a /7 (Kubernetes: at most 16 bits): the range is named instead.
    let (_, message, _) = found("10.0.0.0/7", 24).unwrap();
    assert!(
        message.starts_with("pod range 10.0.0.0/7 leaves RFC 1918 at 11.0.0.0"),
        "{message}"
    );
    assert!(found("10.42.0.0/16", 24).is_none());
}

#[test]
fn the_verdict_counts_the_findings_by_severity() {
    // DOMAIN case 2 on 2.12.0: two errors (the route, the DNS address) and a note.
    let report = run(&incident(release("2.12.0")));
    assert_eq!(
        (
            report.count(Severity::Error),
            report.count(Severity::Warning),
            report.count(Severity::Info)
        ),
        (2, 2, 2)
    );
    // The warnings: 16 pod blocks, and /25 agent subnets pinned from host 101, which hold
    // 26 nodes a pool (host 127 is the broadcast address).
    let room = find(&report, Code::SubnetTooSmall, Severity::Warning);
    assert!(
        room.message
            .ends_with("agent pool 0 subnet 10.20.128.0/25 holds 26"),
        "{}",
        room.message
    );
    assert!(
        room.symptom
            .starts_with("node 27 of agent pool 0 gets host 127, the subnet's broadcast address"),
        "{}",
        room.symptom
    );
    // A /24 holds 154 from host 101: past Hetzner's 100 servers, nothing to say.
    assert!(all(
        &run(&Plan {
            module_version: release("2.12.0"),
            ..Plan::default()
        }),
        Code::SubnetTooSmall
    )
    .is_empty());
    // The infos: the 33rd agent pool on the services, and the control-plane load balancer
    // that would be pinned where the ingress load balancer already is.
    assert_eq!(
        all(&report, Code::AddressCollision)[0].severity,
        Severity::Info
    );
    // The warning: 16 pod blocks, below Hetzner's 100.
    find(&report, Code::PodCapacityExceeded, Severity::Warning);
    assert_eq!(report.worst(), Some(Severity::Error));
    assert!(report.has_errors());
    let defaults = run(&Plan::default());
    assert_eq!(defaults.worst(), Some(Severity::Info));
    assert!(!defaults.has_errors());
    // Pods and services past the 50 subnets a network may hold, on 2.17.4: nothing to say.
    let quiet = run(&Plan {
        module_version: v2(),
        ..plan("10.0.0.0/8", "10.100.0.0/16", "10.101.0.0/16")
    });
    assert_eq!(quiet.worst(), None, "{:#?}", quiet.findings);
}

#[test]
fn fix_my_plan_says_what_each_change_means_for_a_running_cluster() {
    // The network, the pods and the services cannot move in place; the DNS address can.
    let plan = Plan {
        network_ipv4_cidr: "10.42.0.0/16".into(),
        cluster_ipv4_cidr: "10.42.0.0/16".into(),
        service_ipv4_cidr: "10.42.0.0/16".into(),
        cluster_dns_ipv4: "10.42.0.10".into(),
        ..Plan::default()
    };
    let repair = khcidr_core::repair::repair(&plan).expect("the plan has fixes");
    for edit in &repair.edits {
        let expected = match edit.setting.as_str() {
            "cluster_ipv4_cidr" => "not in place: every pod's address",
            "service_ipv4_cidr" => "not in place: every Service's cluster IP changes",
            "cluster_dns_ipv4" => "changes the k3s flags of every node",
            _ => "Terraform replaces what it names",
        };
        assert!(edit.running.en().starts_with(expected), "{edit:?}");
    }
    let moved: Vec<&str> = repair.edits.iter().map(|e| e.setting.as_str()).collect();
    assert!(
        moved.contains(&"service_ipv4_cidr") && moved.contains(&"cluster_dns_ipv4"),
        "{moved:?}"
    );
}

#[test]
fn each_input_problem_is_named_in_its_own_words() {
    let message = |edit: fn(&mut Plan), code: Code| {
        let mut plan = Plan::default();
        edit(&mut plan);
        all(&run(&plan), code)
            .iter()
            .map(|f| (f.message.clone(), f.symptom.clone()))
            .collect::<Vec<_>>()
    };
    let cidr = |text: &'static str| {
        let plan = Plan {
            service_ipv4_cidr: text.into(),
            ..Plan::default()
        };
        find(&run(&plan), Code::InvalidCidr, Severity::Error).message
    };
    assert!(cidr("").ends_with("is not an IPv4 CIDR: it is empty"));
    assert!(cidr("fd00::/108").ends_with("it is IPv6, and these ranges are IPv4"));
    assert!(cidr("10.43.0.0").ends_with("it has no /prefix length"));
    assert!(cidr("10.43.0.0/40")
        .ends_with("expected four numbers from 0 to 255 and a prefix length from 0 to 32"));
    // Host bits: Hetzner refuses a network written so; k3s quietly takes the service range.
    let network = message(
        |p| p.network_ipv4_cidr = "10.0.0.1/8".into(),
        Code::NonCanonicalCidr,
    );
    assert!(
        network[0].1.contains("Hetzner's API refuses the range"),
        "{network:?}"
    );
    let service = message(
        |p| p.service_ipv4_cidr = "10.43.0.1/16".into(),
        Code::NonCanonicalCidr,
    );
    assert!(
        service[0]
            .1
            .starts_with("k3s silently uses the canonical range"),
        "{service:?}"
    );
    // At most 16 bits between the pod prefix and the node mask (Kubernetes).
    let mask = |cluster: &'static str, node_mask: u8| {
        let plan = Plan {
            cluster_ipv4_cidr: cluster.into(),
            node_mask,
            ..Plan::default()
        };
        all(&run(&plan), Code::NodeMaskInvalid).len()
    };
    assert_eq!(mask("10.42.0.0/16", 32), 0);
    assert_eq!(mask("10.40.0.0/15", 32), 1);
    // A pod range too small for its five /24 blocks (a /22 holds four): each node's
    let plan = Plan {
        cluster_ipv4_cidr: "10.42.0.0/22".into(),
        ..Plan::default()
    };
    // block needs a wider range: inside the /8 there is room for Hetzner's 100 nodes.
    let capacity = find(&run(&plan), Code::PodCapacityExceeded, Severity::Error);
    assert!(
        capacity
            .fix
            .starts_with("give the pods a /17: 128 /24 blocks, room for Hetzner's 100 nodes;"),
        "{}",
        capacity.fix
    );
    // khcidr's own count of servers, beside the module's check.
    let servers = |agents: u32| {
        all(
            &run(&Plan {
                agents: vec![AgentPool::new(agents)],
                ..Plan::default()
            }),
            Code::TooManyServers,
        )
        .iter()
        .filter(|f| {
            f.message
                .ends_with("Hetzner allows at most 100 servers per network")
        })
        .count()
    };
    assert_eq!(servers(97), 0);
    assert_eq!(servers(98), 1);
}

#[test]
fn the_dns_address_is_checked_against_the_static_band_and_the_reserved_hosts() {
    let dns = |service: &str, ip: &str| {
        run(&Plan {
            service_ipv4_cidr: service.into(),
            cluster_dns_ipv4: ip.into(),
            ..Plan::default()
        })
    };
    // KEP-3070: the static band of a /24 is 16 addresses (256 / 16), up to host 16.
    assert_absent(
        &dns("10.43.0.0/24", "10.43.0.16"),
        Code::DnsOutsideStaticBand,
    );
    all(
        &dns("10.43.0.0/24", "10.43.0.17"),
        Code::DnsOutsideStaticBand,
    )
    .first()
    .expect("host 17 of a /24 is past its static band");
    // Host 1 is the API's: already allocated, not out of range.
    let api = find(
        &dns("10.43.0.0/16", "10.43.0.1"),
        Code::DnsReservedAddress,
        Severity::Error,
    );
    assert!(
        api.symptom.contains("provided IP is already allocated"),
        "{}",
        api.symptom
    );
    let network = find(
        &dns("10.43.0.0/16", "10.43.0.0"),
        Code::DnsReservedAddress,
        Severity::Error,
    );
    assert!(
        network
            .symptom
            .contains("provided IP is not in the valid range"),
        "{}",
        network.symptom
    );
    // A service range without a host 10 has no default DNS address to give.
    let tiny = find(
        &dns("10.43.0.0/29", ""),
        Code::DnsOutsideService,
        Severity::Error,
    );
    assert!(
        tiny.message
            .contains("has no host 10 for the default DNS IP"),
        "{}",
        tiny.message
    );
    assert!(all(&dns("10.43.0.0/29", "10.43.0.5"), Code::DnsOutsideService).is_empty());
}

#[test]
fn limit_messages_count_the_nat_routers_and_name_the_range_that_fits() {
    // 98 agents, three control planes and a NAT router: 102 servers, 102 routes.
    let plan = |nat_router: NatRouter| Plan {
        agents: vec![AgentPool::new(98)],
        nat_router,
        control_plane_lb: true,
        ..Plan::default()
    };
    let with = run(&plan(NatRouter::On));
    let servers = find(&with, Code::TooManyServers, Severity::Error);
    assert!(
        servers
            .message
            .starts_with("101 nodes and 1 NAT router(s) make 102 servers"),
        "{}",
        servers.message
    );
    let routes = find(&with, Code::TooManyRoutes, Severity::Error);
    assert!(
        routes
            .message
            .contains("one route per node plus the NAT router's default route: 102 routes"),
        "{}",
        routes.message
    );
    let without = run(&plan(NatRouter::Off));
    let servers = find(&without, Code::TooManyServers, Severity::Error);
    assert!(
        servers.message.starts_with("101 nodes make 101 servers"),
        "{}",
        servers.message
    );
    let routes = find(&without, Code::TooManyRoutes, Severity::Error);
    assert!(
        routes.message.contains("one route per node: 101 routes"),
        "{}",
        routes.message
    );
    // Eight nodes in a /22 of /24 blocks, in a /16 network: the widest free range inside it
    // is a /18, 64 blocks (a /17 for 100 would cover the zones the pools grow into).
    let eight = Plan {
        network_ipv4_cidr: "10.0.0.0/16".into(),
        cluster_ipv4_cidr: "10.1.0.0/22".into(),
        control_planes: vec![1],
        agents: vec![AgentPool::new(7)],
        ..Plan::default()
    };
    let capacity = find(&run(&eight), Code::PodCapacityExceeded, Severity::Error);
    assert!(
        capacity
            .fix
            .starts_with("give the pods a /18: 64 /24 blocks, room for 64 nodes;"),
        "{}",
        capacity.fix
    );
}

#[test]
fn a_setting_a_release_lacks_fails_or_is_dropped_as_terraform_does() {
    let on = |version: &str, edit: fn(&mut Plan)| {
        let mut plan = Plan {
            module_version: release(version),
            ..Plan::default()
        };
        edit(&mut plan);
        run(&plan)
    };
    // Before 2.13.0 a pool's `count` is required: a nodes map alone fails the plan.
    let keys = find(
        &on("2.12.2", |p| p.agents = vec![AgentPool::keyed(vec![0, 1])]),
        Code::ValueIgnored,
        Severity::Error,
    );
    assert!(
        keys.symptom.contains("attribute \"count\" is required"),
        "{}",
        keys.symptom
    );
    // Before 2.19.0 a pool's own subnet_ip_range is dropped without a word.
    let subnets = find(
        &on("2.18.4", |p| {
            p.agents[0].subnet_ip_range = Some("10.100.0.0/24".into());
        }),
        Code::ValueIgnored,
        Severity::Warning,
    );
    assert!(
        subnets.symptom.contains("Terraform drops subnet_ip_range"),
        "{}",
        subnets.symptom
    );
    // 2.18.x has nat_router but not its enable_redundancy: dropped; before 2.18.0 the
    // argument itself is unknown.
    let pair = find(
        &on("2.18.4", |p| {
            p.nat_router = NatRouter::Redundant;
            p.control_plane_lb = true;
        }),
        Code::ValueIgnored,
        Severity::Warning,
    );
    assert!(
        pair.symptom.contains("Terraform drops enable_redundancy"),
        "{}",
        pair.symptom
    );
    let none = find(
        &on("2.17.4", |p| p.nat_router = NatRouter::On),
        Code::ValueIgnored,
        Severity::Error,
    );
    assert!(
        none.symptom
            .contains("Unsupported argument: An argument named \"nat_router\""),
        "{}",
        none.symptom
    );
}

#[test]
fn a_given_dns_address_is_not_blamed_on_the_releases_default() {
    // 2.12.0 defaults cluster_dns_ipv4 to 10.43.0.10; a user who writes it is told about
    // their own value.
    let plan = |dns: &str| Plan {
        module_version: release("2.12.0"),
        service_ipv4_cidr: "10.100.0.0/16".into(),
        cluster_dns_ipv4: dns.into(),
        ..Plan::default()
    };
    let given = find(
        &run(&plan("10.43.0.10")),
        Code::DnsOutsideService,
        Severity::Error,
    );
    assert!(
        given.message.starts_with("DNS IP 10.43.0.10 is not inside"),
        "{}",
        given.message
    );
    let default = find(&run(&plan("")), Code::DnsOutsideService, Severity::Error);
    assert!(
        default
            .message
            .starts_with("kube-hetzner 2.12.0 sets cluster_dns_ipv4 to 10.43.0.10"),
        "{}",
        default.message
    );
}

#[test]
fn a_rule_that_explains_the_modules_check_quotes_it_once() {
    // 3.1.0's precondition on identical ranges, quoted in pod-service-overlap's symptom.
    let plan = Plan {
        module_version: v3(),
        cluster_ipv4_cidr: "10.42.0.0/16".into(),
        service_ipv4_cidr: "10.42.0.0/16".into(),
        ..Plan::default()
    };
    let finding = find(&run(&plan), Code::PodServiceOverlap, Severity::Error);
    let quote = "terraform plan stops with Error: Resource precondition failed: cluster_ipv4_cidr and service_ipv4_cidr must not be identical.";
    assert!(finding.symptom.starts_with(quote), "{}", finding.symptom);
    assert_eq!(finding.symptom.matches("terraform plan stops").count(), 1);
}

#[test]
fn an_address_collision_names_the_setting_that_placed_it() {
    // The NAT router at index 0 takes the network's gateway 10.0.0.1.
    let plan = Plan {
        nat_router: NatRouter::On,
        nat_router_subnet_index: 0,
        control_plane_lb: true,
        ..Plan::default()
    };
    let finding = find(&run(&plan), Code::AddressCollision, Severity::Error);
    assert_eq!(finding.fields, [khcidr_core::Field::NatRouterIndex]);
}

#[test]
fn a_long_list_of_collisions_spells_out_four_and_counts_the_rest() {
    // /24 subnets in 10.0.0.0/16 and pods in 10.0.0.0/20 cut into /24 blocks: node k's
    // block lies on agent pool k-1's subnet, for each of the agent pools.
    let plan = |pools: u32| Plan {
        module_version: release("2.19.0"),
        network_ipv4_cidr: "10.0.0.0/16".into(),
        cluster_ipv4_cidr: "10.0.0.0/20".into(),
        agents: (0..pools).map(|_| AgentPool::new(1)).collect(),
        control_planes: vec![1],
        ..Plan::default()
    };
    let message =
        |pools: u32| find(&run(&plan(pools)), Code::PodSubnetOverlap, Severity::Error).message;
    let four = message(4);
    assert!(!four.contains(" more"), "{four}");
    assert_eq!(four.matches("overlaps agent pool").count(), 4, "{four}");
    let five = message(5);
    assert!(five.contains("; and 1 more"), "{five}");
    assert_eq!(five.matches("overlaps agent pool").count(), 4, "{five}");
}

#[test]
fn a_pod_block_on_a_control_plane_subnet_is_refused_either_way() {
    // Node 2's block 10.0.255.0/24 is control-plane pool 0's subnet: its route is refused
    // whether or not the node holding it sits there.
    let plan = Plan {
        module_version: release("2.19.0"),
        network_ipv4_cidr: "10.0.0.0/16".into(),
        cluster_ipv4_cidr: "10.0.254.0/23".into(),
        control_planes: vec![1],
        agents: vec![AgentPool::new(1)],
        ..Plan::default()
    };
    let finding = find(&run(&plan), Code::PodSubnetOverlap, Severity::Error);
    assert!(
        finding.message.starts_with("pod block 10.0.255.0/24 overlaps control-plane pool 0 subnet 10.0.255.0/24; its route (via the node holding the block) is refused: invalid gateway if that node sits in the subnet, destination overlaps with another subnetwork if not"),
        "{}",
        finding.message
    );
}

#[test]
fn the_pod_and_service_fixes_never_suggest_the_same_range() {
    // Agent pools 0 and 1 take 10.0.0.0/16 and 10.1.0.0/16; agent pools grow to 10.49.0.0/16.
    // The pods move to the first /16 past them, the services to the next.
    let plan = Plan {
        cluster_ipv4_cidr: "10.0.0.0/16".into(),
        service_ipv4_cidr: "10.1.0.0/16".into(),
        ..Plan::default()
    };
    let report = run(&plan);
    let pods = find(&report, Code::PodSubnetOverlap, Severity::Error);
    assert!(
        pods.fix
            .ends_with("e.g. cluster_ipv4_cidr = \"10.50.0.0/16\""),
        "{}",
        pods.fix
    );
    let services = find(&report, Code::ServiceSubnetOverlap, Severity::Error);
    assert!(
        services
            .fix
            .ends_with("e.g. service_ipv4_cidr = \"10.51.0.0/16\""),
        "{}",
        services.fix
    );
    // A block that ends right before the service range is free.
    let before = Plan {
        cluster_ipv4_cidr: "10.0.0.0/16".into(),
        service_ipv4_cidr: "10.51.0.0/16".into(),
        ..Plan::default()
    };
    let pods = find(&run(&before), Code::PodSubnetOverlap, Severity::Error);
    assert!(
        pods.fix
            .ends_with("e.g. cluster_ipv4_cidr = \"10.50.0.0/16\""),
        "{}",
        pods.fix
    );
}

#[test]
fn before_2_4_the_fix_moves_the_network_off_k3s_own_ranges() {
    // 2.0.0 hands neither range to k3s: moving the variable would change nothing.
    let on = |network: &str| Plan {
        module_version: release("2.0.0"),
        network_ipv4_cidr: network.into(),
        ..Plan::default()
    };
    let pods = find(
        &run(&on("10.42.0.0/16")),
        Code::PodSubnetOverlap,
        Severity::Error,
    );
    assert!(
        pods.fix
            .starts_with("kube-hetzner 2.0.0 does not hand cluster_ipv4_cidr to k3s"),
        "{}",
        pods.fix
    );
    assert!(pods.apply.is_empty());
    let services = find(
        &run(&on("10.43.0.0/16")),
        Code::ServiceSubnetOverlap,
        Severity::Error,
    );
    assert!(
        services
            .fix
            .starts_with("kube-hetzner 2.0.0 does not hand service_ipv4_cidr to k3s"),
        "{}",
        services.fix
    );
}

#[test]
fn a_fix_may_take_a_whole_private_range() {
    // Pods in 192.0.0.0/8 leave RFC 1918: a /8 of pods fits only in 10.0.0.0/8, whole.
    let plan = Plan {
        network_ipv4_cidr: "192.168.0.0/16".into(),
        cluster_ipv4_cidr: "192.0.0.0/8".into(),
        service_ipv4_cidr: "172.16.0.0/16".into(),
        ..Plan::default()
    };
    let finding = find(
        &run(&plan),
        Code::RouteDestinationNotPrivate,
        Severity::Error,
    );
    assert!(
        finding
            .fix
            .ends_with("e.g. cluster_ipv4_cidr = \"10.0.0.0/8\""),
        "{}",
        finding.fix
    );
}

#[test]
fn a_public_networks_fix_still_moves_pods_into_rfc_1918() {
    // The whole address space as the network: its RFC 1918 parts are the only place a pod
    // range may go, since Hetzner routes take only private destinations.
    let plan = Plan {
        network_ipv4_cidr: "0.0.0.0/0".into(),
        cluster_ipv4_cidr: "0.0.0.0/0".into(),
        service_ipv4_cidr: "1.0.0.0/8".into(),
        node_mask: 8,
        subnet_count: 0,
        control_planes: vec![],
        agents: vec![],
        ..Plan::default()
    };
    let finding = find(
        &run(&plan),
        Code::RouteDestinationNotPrivate,
        Severity::Warning,
    );
    let moved: Vec<String> = finding.apply.iter().map(|c| c.value.clone()).collect();
    // RFC 1918's first range, whole: the /8 the pod range's prefix asks for.
    assert_eq!(moved, ["10.0.0.0/8"], "{}", finding.fix);
}

/// Hetzner's API: a cloud (server) subnet's gateway is always the network's first IP; a
/// vSwitch subnet's is its own first IP (DOMAIN.md §2 and §3).
#[test]
fn every_server_subnet_has_the_networks_first_ip_as_gateway() {
    let report = run(&incident(release("2.12.0")));
    for subnet in &report.layout.subnets {
        assert_eq!(
            subnet.gateway.map(|g| g.to_string()).as_deref(),
            Some("10.20.128.1"),
            "{}",
            subnet.text().en()
        );
    }
    let cp = report
        .layout
        .first(khcidr_core::Role::ControlPlane)
        .unwrap();
    assert_eq!(cp.cidr.to_string(), "10.20.255.128/25");

    let report = run(&Plan {
        vswitch: true,
        nat_router: NatRouter::On,
        ..Plan::default()
    });
    let vswitch = report.layout.first(khcidr_core::Role::Vswitch).unwrap();
    assert_eq!(vswitch.cidr.to_string(), "10.201.0.0/16");
    assert_eq!(vswitch.gateway.unwrap().to_string(), "10.201.0.1");
    let nat = report.layout.first(khcidr_core::Role::NatRouter).unwrap();
    assert_eq!(nat.gateway.unwrap().to_string(), "10.0.0.1");

    // The picture and the page's table carry it too.
    let bars = khcidr_core::bars(&report, None).unwrap();
    let agent = bars
        .segments()
        .find(|s| s.role == khcidr_core::SegmentRole::Agent)
        .unwrap();
    assert!(
        agent.describe().ends_with("· gateway 10.0.0.1"),
        "{}",
        agent.describe()
    );
    let svg = khcidr_core::svg::svg(
        &Plan::default(),
        &run(&Plan::default()),
        khcidr_core::svg::Theme::Light,
        None,
    );
    assert!(svg.contains("agent pool 0: 10.0.0.0/16 · 10.0.0.0 – 10.0.255.255 · 65536 addresses · gateway 10.0.0.1"), "the SVG's title names the gateway");
}

/// The incident's pods moved to a free /20 hold 16 /24 node blocks: the 17th node gets no
/// pod block. That is a growth limit below Hetzner's 100 servers, so a warning that starts
/// at node 17, an error once 17 nodes are planned; Fix my plan leaves room for 100.
#[test]
fn a_pod_range_that_caps_the_cluster_below_100_nodes_breaks_as_it_grows() {
    let moved = Plan {
        cluster_dns_ipv4: "10.20.144.10".into(),
        ..plan("10.20.128.0/17", "10.20.160.0/20", "10.20.144.0/20")
    };
    let moved = Plan {
        module_version: release("2.12.0"),
        ..moved
    };
    let report = run(&moved);
    assert_eq!(report.capacity.max_nodes, 16);
    let warning = find(&report, Code::PodCapacityExceeded, Severity::Warning);
    assert_eq!(
        warning.message,
        "pod range 10.20.160.0/20 holds 16 /24 pod blocks: node 17 gets none, so the plan breaks when the cluster grows from 5 to 17 nodes, below Hetzner's 100 nodes"
    );
    // With a redundant NAT router pair, Hetzner's 100 servers leave 98 nodes.
    let paired = run(&Plan {
        nat_router: NatRouter::Redundant,
        module_version: release("3.1.0"),
        ..moved.clone()
    });
    let warning = find(&paired, Code::PodCapacityExceeded, Severity::Warning);
    assert!(
        warning
            .message
            .ends_with("below the 98 nodes Hetzner's 100 servers leave beside the NAT routers"),
        "{}",
        warning.message
    );
    let starts = warning.starts_at.unwrap();
    assert_eq!((starts.count, starts.unit), (17, Unit::Node));
    assert_eq!(report.verdict().en(), "Breaks as the cluster grows");

    // At 16 nodes it still fits; at 17, it is broken now.
    let at = |nodes: u32| {
        run(&Plan {
            nodes: Some(nodes),
            ..moved.clone()
        })
    };
    assert!(at(16)
        .findings
        .iter()
        .all(|f| f.severity != Severity::Error));
    let broken = at(17);
    assert_eq!(broken.verdict().en(), "Broken now");
    find(&broken, Code::PodCapacityExceeded, Severity::Error);

    // Fix my plan: the widest free range inside the /17 is a /19, 32 blocks; it says so.
    let repaired = khcidr_core::repair::repair(&moved).unwrap();
    assert_eq!(repaired.capacity.max_nodes, 32);
    let fixed = run(&repaired.plan);
    assert_eq!(fixed.layout.cluster.unwrap().prefix_len(), 19);
    assert_eq!(
        repaired.holds().en(),
        "The fixed plan holds up to 32 nodes (limited by pod blocks); this plan has 5."
    );

    // Where the network allows it, room for Hetzner's 100: the same pods in a /8.
    let roomy = Plan {
        network_ipv4_cidr: "10.0.0.0/8".into(),
        ..moved.clone()
    };
    let repaired = khcidr_core::repair::repair(&roomy).unwrap();
    assert_eq!(
        (repaired.errors, repaired.warnings),
        (0, 0),
        "{:#?}",
        repaired.edits
    );
    assert_eq!(repaired.capacity.max_nodes, 100);
    assert_eq!(run(&repaired.plan).layout.cluster.unwrap().prefix_len(), 17);
    assert_eq!(
        repaired.holds().en(),
        "The fixed plan holds up to 100 nodes (limited by Hetzner's 100 servers and 100 routes per network); this plan has 5."
    );
    // Without the cloud controller's routes, the servers alone limit it.
    let no_routes = khcidr_core::repair::repair(&Plan {
        routes: false,
        ..roomy.clone()
    })
    .unwrap();
    assert_eq!(
        no_routes.holds().en(),
        "The fixed plan holds up to 100 nodes (limited by Hetzner's 100 servers per network); this plan has 5."
    );
}

/// With 30 nodes planned on the same /20, the fix still needs room for 100 where it can.
#[test]
fn too_few_pod_blocks_now_is_an_error_from_the_first_node_without_one() {
    let report = run(&Plan {
        nodes: Some(30),
        ..plan("10.20.128.0/17", "10.20.160.0/20", "10.20.144.0/20")
    });
    let error = find(&report, Code::PodCapacityExceeded, Severity::Error);
    assert_eq!(error.starts_at.unwrap().count, 17);
    assert!(
        error
            .fix
            .starts_with("give the pods a /19: 32 /24 blocks, room for 32 nodes;"),
        "{}",
        error.fix
    );
}

/// An unknown count can only add nodes: that the plan already has more nodes than pod
/// blocks is certain, and stays an error. What rests on an unknown range is provisional,
/// and a certain warning keeps the verdict.
#[test]
fn what_an_unknown_cannot_undo_stays_certain() {
    let unknown = |name: &str, setting| khcidr_core::Unknown {
        name: name.into(),
        at: "kube.tf:7".into(),
        setting,
    };
    let counted = Plan {
        control_planes: vec![3],
        agents: vec![AgentPool::new(0), AgentPool::new(20)],
        unknown: vec![unknown("var.n", khcidr_core::Key::Agents)],
        ..plan("10.0.0.0/8", "10.42.0.0/20", "10.43.0.0/16")
    };
    let report = run(&counted);
    let error = find(&report, Code::PodCapacityExceeded, Severity::Error);
    assert!(error.waits_for.is_empty());
    assert_eq!(report.verdict().en(), "Broken now");
    assert!(report.provisional);

    // The network unknown: the pod range's 32 blocks still cap the cluster, whatever it is.
    let network = Plan {
        unknown: vec![unknown("var.net", khcidr_core::Key::Network)],
        ..plan("10.0.0.0/8", "10.42.0.0/19", "10.43.0.0/16")
    };
    let report = run(&network);
    find(&report, Code::PodCapacityExceeded, Severity::Warning);
    assert_eq!(report.verdict().en(), "Breaks as the cluster grows");
    // What rests on the network waits for it, by its own name only.
    let network_clash = Plan {
        unknown: vec![
            unknown("var.network", khcidr_core::Key::Network),
            unknown("var.n", khcidr_core::Key::Agents),
        ],
        ..plan("10.0.0.0/16", "10.0.0.0/16", "10.43.0.0/16")
    };
    let report = run(&network_clash);
    let waiting = report
        .findings
        .iter()
        .find(|f| f.code == Code::PodSubnetOverlap)
        .unwrap();
    assert_eq!(waiting.severity, Severity::Info);
    // var.n, a prefix of var.network, is not what it waits for.
    assert!(
        waiting
            .message
            .starts_with("provisional until var.network is known (error if it holds): "),
        "{}",
        waiting.message
    );
    assert_eq!(waiting.waits_for, ["var.network at kube.tf:7"]);
}

/// Hundreds of pools whose pinned ranges overlap share thousands of addresses: the first
/// sixteen are named, the rest counted in one finding, so a link of a few kilobytes cannot
/// make a report of megabytes.
#[test]
fn address_collisions_past_sixteen_are_counted_in_one() {
    let plan = Plan {
        module_version: release("2.18.4"),
        control_planes: vec![10_000; 256],
        agents: vec![AgentPool::new(10_000); 256],
        ..Plan::default()
    };
    let report = run(&plan);
    let collisions = all(&report, Code::AddressCollision);
    assert_eq!(collisions.len(), 17);
    let last = collisions.last().unwrap();
    assert!(
        last.message.starts_with("kube-hetzner 2.18.4 also gives "),
        "{}",
        last.message
    );
    assert!(last
        .message
        .ends_with(" more private IPs to two things each"));
}

/// Where the network has no room for the nodes already planned, the pods go outside it,
/// as an edit; with Cilium native routing, which needs them inside, only as words. Before
/// 2.4.0 the release ignores the pod range: the fix says so.
#[test]
fn too_few_pod_blocks_with_no_room_inside_the_network() {
    let forty = Plan {
        nodes: Some(40),
        ..plan("10.20.128.0/17", "10.20.160.0/20", "10.20.144.0/20")
    };
    let error = find(&run(&forty), Code::PodCapacityExceeded, Severity::Error);
    assert!(
        error.fix.starts_with("give the pods a /17: 128 /24 blocks, room for Hetzner's 100 nodes; no free range in the network 10.20.128.0/17 is that wide, so outside it"),
        "{}",
        error.fix
    );
    assert_eq!(error.apply.len(), 1);
    assert_eq!(error.apply[0].value, "10.0.0.0/17");
    let native = Plan {
        cni: Cni::CiliumNative,
        ..forty.clone()
    };
    let error = find(&run(&native), Code::PodCapacityExceeded, Severity::Error);
    assert!(error.apply.is_empty(), "{:?}", error.apply);
    assert!(
        error
            .fix
            .starts_with("the network 10.20.128.0/17 has no free range wider than 10.20.160.0/20"),
        "{}",
        error.fix
    );
    // 2.3.2 hands k3s no pod range: moving cluster_ipv4_cidr changes nothing.
    let old = Plan {
        module_version: release("2.3.2"),
        node_mask: 18,
        ..Plan::default()
    };
    let error = find(&run(&old), Code::PodCapacityExceeded, Severity::Error);
    assert!(
        error
            .fix
            .starts_with("kube-hetzner 2.3.2 does not hand cluster_ipv4_cidr to k3s"),
        "{}",
        error.fix
    );
}

/// With nothing certain to say, the verdict is provisional and counts the values.
#[test]
fn a_verdict_with_only_provisional_findings_counts_the_values_it_waits_for() {
    let unknown = |name: &str| khcidr_core::Unknown {
        name: name.into(),
        at: "kube.tf:3".into(),
        setting: khcidr_core::Key::Network,
    };
    let report = run(&Plan {
        unknown: vec![unknown("var.a"), unknown("var.b"), unknown("var.a")],
        ..plan("10.0.0.0/16", "10.0.0.0/16", "10.43.0.0/16")
    });
    assert!(!report.has_errors());
    assert_eq!(report.unknown_names(), ["var.a", "var.b"]);
    assert_eq!(report.verdict().en(), "Provisional: 2 values unknown");
    let one = run(&Plan {
        unknown: vec![unknown("var.a")],
        ..Plan::default()
    });
    assert_eq!(one.verdict().en(), "Provisional: 1 value unknown");
}

/// An unknown pod range can change how many blocks there are: too few is then
/// provisional. An unknown count leaves what it does not count provisional too.
#[test]
fn only_counts_against_a_limit_outlast_an_unknown() {
    let unknown = |setting| khcidr_core::Unknown {
        name: "var.x".into(),
        at: "kube.tf:3".into(),
        setting,
    };
    let pods_unknown = Plan {
        nodes: Some(30),
        unknown: vec![unknown(khcidr_core::Key::Cluster)],
        ..plan("10.20.128.0/17", "10.20.160.0/20", "10.20.144.0/20")
    };
    let capacity = all(&run(&pods_unknown), Code::PodCapacityExceeded)[0].clone();
    assert_eq!(capacity.severity, Severity::Info);
    assert_eq!(capacity.waits_for, ["var.x at kube.tf:3"]);
    // Agent pools with an unknown count: how far each subnet holds pinned nodes waits.
    let counts_unknown = Plan {
        unknown: vec![unknown(khcidr_core::Key::Agents)],
        ..incident(release("2.12.0"))
    };
    let room = all(&run(&counts_unknown), Code::SubnetTooSmall)[0].clone();
    assert_eq!(room.severity, Severity::Info);
    assert!(room
        .message
        .starts_with("provisional until var.x is known (warning if it holds): "));
}

/// The pinned room warns only below Hetzner's limit: a /25 pinned from host 101 holds 26
/// agents a pool; with 74 other nodes that is exactly 100, and nothing to say.
#[test]
fn pinned_room_warns_only_below_hetzners_limit() {
    let with = |nodes: u32| {
        all(
            &run(&Plan {
                nodes: Some(nodes),
                cluster_dns_ipv4: "10.20.144.10".into(),
                ..incident(release("2.12.0"))
            }),
            Code::SubnetTooSmall,
        )
        .len()
    };
    assert_eq!(with(75), 1, "26 + 73 others = 99");
    assert_eq!(with(76), 0, "26 + 74 others = 100");
}

/// 256 agent pools and 256 control-plane pools of one node on 2.18.4 share every subnet
/// index, each with two nodes on host 101: 256 addresses given twice, 16 named and 240
/// counted.
#[test]
fn two_hundred_and_fifty_six_shared_addresses_are_named_then_counted() {
    let report = run(&Plan {
        module_version: release("2.18.4"),
        control_planes: vec![1; 256],
        agents: vec![AgentPool::new(1); 256],
        ..Plan::default()
    });
    let collisions = all(&report, Code::AddressCollision);
    assert_eq!(collisions.len(), 17);
    assert_eq!(
        collisions[16].message,
        "kube-hetzner 2.18.4 also gives 240 more private IPs to two things each"
    );
}
