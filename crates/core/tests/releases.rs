//! What changed between kube-hetzner releases, one behaviour each, as the module's source
//! has it: where the NAT router, the load balancers, the DNS address and the nodes land,
//! and where a release fails or misleads.

mod common;

use common::*;
use khcidr_core::{
    AgentPool, Code, Era, IngressController, NatRouter, Plan, Release, Role, Severity, SubnetMode,
};

fn on(version: &str, edit: impl FnOnce(&mut Plan)) -> khcidr_core::Report {
    let mut plan = Plan {
        module_version: release(version),
        ..Plan::default()
    };
    edit(&mut plan);
    run(&plan)
}

fn ip(text: Option<std::net::Ipv4Addr>) -> String {
    text.map_or("-".into(), |ip| ip.to_string())
}

#[test]
fn the_nat_router_takes_host_1_and_a_redundant_pair_hosts_2_and_3_behind_host_1() {
    let one = on("2.18.4", |p| {
        p.nat_router = NatRouter::On;
        p.control_plane_lb = true;
    });
    assert_eq!(texts(&one.layout.nat_router_ips), ["10.200.0.1"]);
    assert_eq!(ip(one.layout.nat_gateway_ip), "10.200.0.1");
    let pair = on("2.19.2", |p| {
        p.nat_router = NatRouter::Redundant;
        p.control_plane_lb = true;
    });
    assert_eq!(
        texts(&pair.layout.nat_router_ips),
        ["10.200.0.2", "10.200.0.3"]
    );
    assert_eq!(ip(pair.layout.nat_gateway_ip), "10.200.0.1");
    // 2.18.0 put it on host 1 of the peripherals quarter.
    let quarter = on("2.18.0", |p| {
        p.nat_router = NatRouter::On;
        p.control_plane_lb = true;
    });
    assert_eq!(texts(&quarter.layout.nat_router_ips), ["10.128.0.1"]);
}

#[test]
fn the_control_plane_load_balancer_moved_five_times() {
    for (version, expected) in [
        ("2.11.0", "-"),
        ("2.11.1", "10.255.0.1"),
        ("2.16.1", "10.255.0.1"),
        ("2.17.0", "-"),
        ("2.18.0", "10.64.0.254"),
        ("2.18.4", "10.255.0.254"),
        ("2.18.5", "10.255.255.254"),
        ("3.1.0", "10.255.255.254"),
    ] {
        let report = on(version, |p| p.control_plane_lb = true);
        assert_eq!(ip(report.layout.load_balancer_ip), expected, "{version}");
        assert!(
            report.layout.load_balancer_subnet.is_some(),
            "{version}: attached"
        );
    }
}

#[test]
fn the_ingress_load_balancer_exists_by_default_and_is_pinned_from_2_18_0() {
    let report = on("2.18.4", |_| {});
    assert_eq!(ip(report.layout.ingress_lb_ip), "10.0.0.254");
    let report = on("3.1.0", |_| {});
    assert_eq!(ip(report.layout.ingress_lb_ip), "10.0.255.254");
    // No ingress controller, klipper, or a single node: no load balancer.
    for edit in [
        (|p: &mut Plan| p.ingress_controller = IngressController::None) as fn(&mut Plan),
        |p| p.klipper_metal_lb = true,
        |p| {
            p.control_planes = vec![1];
            p.agents = vec![];
        },
    ] {
        assert_eq!(
            on("3.1.0", edit).layout.ingress_lb,
            khcidr_core::module::IngressLb::None
        );
    }
    // 3.x with no agent subnet and the control-plane load balancer: -3, beside it.
    let report = on("3.0.1", |p| {
        p.agents = vec![];
        p.control_plane_lb = true;
    });
    assert_eq!(ip(report.layout.ingress_lb_ip), "10.255.255.253");
}

#[test]
fn release_2_18_4_fails_in_networks_of_17_or_longer_at_the_ingress_load_balancer() {
    let report = on("2.18.4", |p| p.network_ipv4_cidr = "10.0.0.0/17".into());
    let error = find(&report, Code::SubnetTooSmall, Severity::Error);
    assert!(error.message.contains("Call to function \"cidrhost\" failed: prefix of 25 does not accommodate a host numbered 254."), "{}", error.message);
    assert!(
        error
            .symptom
            .starts_with("terraform plan stops with Error: Error in function call"),
        "{}",
        error.symptom
    );
    assert!(on("2.18.5", |p| p.network_ipv4_cidr = "10.0.0.0/17".into())
        .layout
        .terraform_errors
        .is_empty());
}

#[test]
fn coredns_was_10_43_0_10_until_2_17_0_and_host_10_of_the_service_range_since() {
    let custom = |p: &mut Plan| p.service_ipv4_cidr = "10.96.0.0/16".into();
    assert_eq!(ip(on("2.17.0", custom).layout.dns_ip), "10.43.0.10");
    find(
        &on("2.17.0", custom),
        Code::DnsOutsideService,
        Severity::Error,
    );
    assert_eq!(ip(on("2.17.1", custom).layout.dns_ip), "10.96.0.10");
    // Before 2.9.2 the module passed nothing and k3s derived it; before 2.4.0 k3s kept its own range.
    assert_eq!(ip(on("2.8.0", custom).layout.dns_ip), "10.96.0.10");
    let oldest = on("2.3.2", custom);
    assert_eq!(ip(oldest.layout.dns_ip), "10.43.0.10");
    assert_eq!(
        oldest.layout.service.unwrap().to_string(),
        "10.43.0.0/16",
        "k3s runs with its own range"
    );
    let missing = find(&oldest, Code::ValueIgnored, Severity::Error);
    assert!(
        missing.message.contains("has no service_ipv4_cidr"),
        "{}",
        missing.message
    );
}

#[test]
fn a_2_x_release_newer_than_the_newest_known_is_checked_as_that_release_not_as_3_x() {
    // "2.22.0" is checked as 2.21.0 (Release's documentation): its control planes are
    // pinned as in every 2.x, where 3.x leaves them to Hetzner.
    let newer = release("2.22.0");
    assert_eq!(newer.newer_than_known().as_deref(), Some("2.22.0"));
    assert_eq!(newer.era(), release("2.21.0").era());
    let report = on("2.22.0", |_| {});
    let cp = report.layout.first(Role::ControlPlane).unwrap();
    assert_eq!(texts(&cp.node_ips), ["10.255.0.101"]);
    // The same layout, save the release it remembers being asked for.
    let mut layout = report.layout;
    layout.module_release = release("2.21.0");
    assert_eq!(layout, on("2.21.0", |_| {}).layout);
}

#[test]
fn control_planes_are_pinned_in_2_x_and_left_to_hetzner_in_3_x() {
    let v2 = on("2.21.0", |_| {});
    let cp = v2.layout.first(Role::ControlPlane).unwrap();
    assert_eq!(texts(&cp.node_ips), ["10.255.0.101"]);
    let v3 = on("3.1.0", |_| {});
    let cp = v3.layout.first(Role::ControlPlane).unwrap();
    assert!(cp.ips_assigned_by_hetzner && cp.node_ips.is_empty());
    // 3.0.0 left agents to Hetzner too; 3.0.1 pinned them again.
    assert!(
        on("3.0.0", |_| {})
            .layout
            .first(Role::Agent)
            .unwrap()
            .ips_assigned_by_hetzner
    );
    assert_eq!(
        texts(
            &on("3.0.1", |_| {})
                .layout
                .first(Role::Agent)
                .unwrap()
                .node_ips
        ),
        ["10.0.0.101"]
    );
}

#[test]
fn a_nodes_map_pins_each_node_at_its_key() {
    let report = on("2.18.4", |p| {
        p.agents = vec![AgentPool::keyed(vec![0, 5, 7])]
    });
    let agent = report.layout.first(Role::Agent).unwrap();
    assert_eq!(
        texts(&agent.node_ips),
        ["10.0.0.101", "10.0.0.106", "10.0.0.108"]
    );
    assert_eq!(agent.nodes, 3);
    // Shared mode (3.0.1 on) counts nodes densely across pools, maps after counts.
    let report = on("3.1.0", |p| {
        p.subnet_mode = SubnetMode::Shared;
        p.agents = vec![AgentPool::new(2), AgentPool::keyed(vec![9])];
    });
    assert_eq!(
        texts(&report.layout.first(Role::Agent).unwrap().node_ips),
        ["10.0.0.101", "10.0.0.102", "10.0.0.103"]
    );
    let report = on("2.18.4", |p| p.agents = vec![AgentPool::keyed(vec![154])]);
    assert!(report.layout.terraform_errors[0]
        .detail
        .contains("in the range [0, 153]"));
}

#[test]
fn an_agent_pools_own_subnet_keeps_the_offset_of_the_equal_split() {
    let report = on("2.21.0", |p| {
        p.network_ipv4_cidr = "10.0.0.0/20".into();
        p.subnet_count = 16;
        p.agents[1].subnet_ip_range = Some("10.0.8.0/22".into());
    });
    // 16 subnets of a /20 are /24s: offset floor(8² · 0.4) = 25, also in the /22.
    let own = report
        .layout
        .subnets
        .iter()
        .find(|s| s.pool == Some(1) && s.role == Role::Agent)
        .unwrap();
    assert_eq!(texts(&own.node_ips), ["10.0.8.25"]);
    assert_eq!(report.layout.node_ip_offset, Some(25));
}

#[test]
fn the_module_s_own_bugs_are_findings() {
    // 3.x reads the vSwitch subnet even without a vSwitch: 201 of 128 subnets fails.
    let report = on("3.1.0", |p| p.subnet_count = 128);
    let error = find(&report, Code::SubnetIndexCollision, Severity::Error);
    assert!(
        error.message.contains("robot-nodes.tf"),
        "{}",
        error.message
    );
    // 2.18.5 to 2.21.0 give both load balancers -2 of control-plane subnet 0 without agents.
    for version in ["2.18.5", "2.21.0"] {
        let report = on(version, |p| {
            p.agents = vec![];
            p.control_plane_lb = true;
        });
        let same = find(&report, Code::AddressCollision, Severity::Error);
        assert!(same.message.contains("the control-plane load balancer and the ingress load balancer the same private IP 10.255.255.254"), "{}", same.message);
    }
    // 2.18.0 cannot fit host 101 in the /26 pool subnets of a /16.
    let report = on("2.18.0", |p| p.network_ipv4_cidr = "10.20.0.0/16".into());
    assert!(report.layout.terraform_errors.iter().any(|e| e
        .detail
        .ends_with("prefix of 26 does not accommodate a host numbered 101.")));
    // 2.17.1 to 2.18.2 route through 10.0.0.1 whatever the network.
    let report = on("2.18.2", |p| {
        p.network_ipv4_cidr = "10.20.0.0/16".into();
        p.nat_router = NatRouter::On;
        p.control_plane_lb = true;
    });
    find(&report, Code::WrongGateway, Severity::Error);
    // The NAT router on subnet 0 takes the network's gateway.
    let report = on("2.18.4", |p| {
        p.nat_router = NatRouter::On;
        p.nat_router_subnet_index = 0;
        p.agents = vec![];
        p.control_plane_lb = true;
    });
    let collisions = all(&report, Code::AddressCollision);
    assert!(collisions.iter().any(|f| f.message == "kube-hetzner 2.18.4 gives NAT router 0 10.0.0.1, the network's gateway (host 1 of 10.0.0.0/8)"), "{collisions:#?}");
    // Before 2.18.5 both load balancers took host 254 without agents: the same address too.
    assert!(
        collisions
            .iter()
            .any(|f| f.message.ends_with("the same private IP 10.255.0.254")),
        "{collisions:#?}"
    );
}

#[test]
fn too_many_subnets_counts_every_pool() {
    let report = on("2.18.4", |p| p.agents = vec![AgentPool::new(0); 1000]);
    assert_eq!(report.capacity.subnets_used, 1003);
    let finding = find(&report, Code::TooManySubnets, Severity::Error);
    assert!(
        finding.message.contains("1003 subnets"),
        "{}",
        finding.message
    );
}

#[test]
fn a_pod_block_over_a_nat_router_subnet_names_the_refusal_hetzner_gives() {
    let report = on("2.18.4", |p| {
        p.network_ipv4_cidr = "10.0.0.0/16".into();
        p.cluster_ipv4_cidr = "10.0.200.0/24".into();
        p.node_mask = 28;
        p.nat_router = NatRouter::On;
        p.control_plane_lb = true;
    });
    let overlap = find(&report, Code::PodSubnetOverlap, Severity::Error);
    assert!(
        overlap
            .message
            .contains("destination overlaps with another subnetwork"),
        "{}",
        overlap.message
    );
}

#[test]
fn the_release_needs_terraform_1_12_where_its_null_checks_do() {
    for (version, needs) in [
        ("2.18.5", false),
        ("2.19.0", true),
        ("2.19.3", true),
        ("2.20.0", false),
        ("3.0.0", true),
    ] {
        let report = on(version, |_| {});
        assert_eq!(
            report
                .findings
                .iter()
                .any(|f| f.code == Code::TerraformVersion),
            needs,
            "{version}"
        );
    }
}

#[test]
fn terraform_s_own_limits_and_checks_are_met_where_the_module_meets_them() {
    // range() makes at most 1024 values: more subnets fail before anything is cut.
    let report = on("2.21.0", |p| p.subnet_count = 2048);
    assert!(report.layout.terraform_errors[0]
        .detail
        .starts_with("Call to function \"range\" failed: more than 1024 values"));
    assert!(on("2.21.0", |p| {
        p.subnet_count = 1024;
        p.vswitch_subnet_index = 3;
    })
    .layout
    .terraform_errors
    .is_empty());
    // subnet_amount = 0 passes the power-of-two check (log(0) is -Inf both sides), and every
    // subnet index is then missing.
    let details: Vec<String> = on("2.21.0", |p| p.subnet_count = 0)
        .layout
        .terraform_errors
        .iter()
        .map(|e| e.detail.clone())
        .collect();
    assert!(
        !details.iter().any(|d| d.contains("power of 2")),
        "{details:?}"
    );
    assert!(
        details
            .iter()
            .any(|d| d.ends_with("the collection has no elements.")),
        "{details:?}"
    );
    assert!(
        details
            .iter()
            .any(|d| d.ends_with("a negative number is not a valid index for a sequence.")),
        "{details:?}"
    );
    // A fractional log2 is Terraform's whole-number error.
    let report = on("3.1.0", |p| p.subnet_count = 100);
    assert!(report
        .layout
        .terraform_errors
        .iter()
        .any(|e| e.detail.contains("value must be a whole number")));
    // The NAT router's variable checks run whatever the network.
    let report = on("2.18.4", |p| {
        p.network_ipv4_cidr = "10.0.0.0/26".into();
        p.nat_router = NatRouter::On;
        p.nat_router_subnet_index = 300;
    });
    let details: Vec<&str> = report
        .layout
        .terraform_errors
        .iter()
        .map(|e| e.detail.as_str())
        .collect();
    assert!(
        details.contains(&"NAT router subnet index must be between 0 and 255."),
        "{details:?}"
    );
    assert!(
        details.contains(
            &"If you enable the use of a NAT router, you must set use_control_plane_lb=true."
        ),
        "{details:?}"
    );
}

#[test]
fn the_ingress_controller_values_follow_the_release() {
    let haproxy = |p: &mut Plan| p.ingress_controller = IngressController::Haproxy;
    let report = on("2.14.0", haproxy);
    assert_eq!(
        report.layout.terraform_errors[0].detail,
        "Must be one of \"traefik\" or \"nginx\" or \"none\""
    );
    assert!(on("2.14.1", haproxy).layout.terraform_errors.is_empty());
    let custom = on("2.21.0", |p| {
        p.ingress_controller = IngressController::Custom
    });
    assert!(custom.layout.terraform_errors[0]
        .detail
        .contains("\"haproxy\" or \"none\""));
    assert!(on("3.0.0", |p| p.ingress_controller =
        IngressController::Custom)
    .layout
    .terraform_errors
    .is_empty());
}

#[test]
fn an_own_subnet_terraform_cannot_read_fails_its_nodes() {
    let report = on("2.21.0", |p| {
        p.agents[0].subnet_ip_range = Some("10.0.5.0/33".into())
    });
    assert_eq!(
        report.layout.terraform_errors[0].detail,
        "Call to function \"cidrhost\" failed: invalid CIDR expression: invalid CIDR address: 10.0.5.0/33."
    );
    assert!(!report
        .layout
        .subnets
        .iter()
        .any(|s| s.pool == Some(0) && s.role == Role::Agent));
    find(&report, Code::InvalidCidr, Severity::Error);
}

#[test]
fn huge_counts_are_cheap_and_listed_up_to_the_cap() {
    let report = on("3.1.0", |p| {
        p.network_ipv4_cidr = "10.0.0.0/8".into();
        p.subnet_count = 2;
        p.control_planes = vec![1];
        p.agents = vec![AgentPool::new(u32::MAX)];
    });
    let agent = report.layout.first(Role::Agent).unwrap();
    assert_eq!(agent.nodes, u64::from(u32::MAX));
    assert_eq!(agent.node_ips.len(), khcidr_core::MAX_LISTED);
    assert!(report.layout.terraform_errors.len() <= khcidr_core::MAX_LISTED + 8);
}

/// The `value-ignored` findings whose message says `words`.
fn ignored(report: &khcidr_core::Report, words: &str) -> Vec<(Severity, String)> {
    all(report, Code::ValueIgnored)
        .into_iter()
        .filter(|f| f.message.contains(words))
        .map(|f| (f.severity, f.message.clone()))
        .collect()
}

#[test]
fn from_2_8_0_to_2_9_1_control_plane_config_drops_the_ranges_on_every_control_plane() {
    // init.tf:41-42 gives the ranges to the first control plane's first config only;
    // null_resource.control_plane_config (control_planes.tf:116-141 @2.8.0) rewrites every
    // control plane's config without them, the first one too, and restarts k3s. (ERAS e03
    // says the first keeps them; the module's source says otherwise.)
    let rewrites = "rewrites every control plane's config without them, the first one too";
    for version in ["2.8.0", "2.9.1"] {
        let pods = on(version, |p| p.cluster_ipv4_cidr = "10.100.0.0/16".into());
        let found = ignored(&pods, rewrites);
        assert_eq!(found.len(), 1, "{version}: {found:#?}");
        assert_eq!(found[0].0, Severity::Error);
        let symptom = &all(&pods, Code::ValueIgnored)[0].symptom;
        // Three control planes: the two others fail to join while the first runs the ranges.
        assert!(symptom.ends_with("the other 2 join with k3s' own and fail: k3s reports a critical configuration value mismatch between servers"), "{symptom}");
        let services = on(version, |p| p.service_ipv4_cidr = "10.101.0.0/16".into());
        assert_eq!(ignored(&services, rewrites).len(), 1, "{version}");
        // k3s's own ranges are what every control plane ends up with anyway.
        assert!(ignored(&on(version, |_| {}), rewrites).is_empty());
    }
    // #1080's plan, one control plane: the kubernetes Service keeps 10.64.0.1, every other
    // Service lands in 10.43.0.0/16.
    let issue = |version: &str, dns: &str| {
        on(version, |p| {
            p.cluster_ipv4_cidr = "10.48.0.0/12".into();
            p.service_ipv4_cidr = "10.64.0.0/12".into();
            p.cluster_dns_ipv4 = dns.into();
            p.control_planes = vec![1];
        })
    };
    let single = issue("2.9.1", "");
    let error = find(&single, Code::ValueIgnored, Severity::Error);
    assert_eq!(
        error.symptom,
        "after the restart new Services get cluster IPs from 10.43.0.0/16 while the kubernetes Service keeps 10.64.0.1, and new nodes get pod blocks from 10.42.0.0/16"
    );
    // 2.9.2, which #1080 fixed: every control plane keeps both ranges, and the CoreDNS
    // address it added (default 10.43.0.10) is set inside them, as #1080 does.
    let fixed = issue("2.9.2", "10.64.0.10");
    assert!(
        all(&fixed, Code::ValueIgnored).is_empty(),
        "{:#?}",
        fixed.findings
    );
    assert!(!fixed.has_errors(), "{:#?}", summary(&fixed));
    // ERAS e02 and e04 pass both ranges to every control plane.
    for version in ["2.7.2", "2.9.2"] {
        let report = on(version, |p| p.cluster_ipv4_cidr = "10.100.0.0/16".into());
        assert!(ignored(&report, rewrites).is_empty(), "{version}");
    }
}

#[test]
fn release_3_0_0_leaves_agents_to_hetzner_who_puts_them_in_the_last_subnet() {
    // ERAS e21: private_ipv4 = null for agents and control planes; Hetzner takes the
    // network's last subnet by range: control-plane pool 0's 10.255.0.0/16 (subnet 255).
    // The default plan's three control-plane pools are unpinned too, where nothing breaks.
    let report = on("3.0.0", |_| {});
    let found = ignored(&report, "without a private IP");
    let last = "the network's last subnet by range, 10.255.0.0/16, not in";
    assert_eq!(
        found,
        [
            (
                Severity::Warning,
                format!("kube-hetzner 3.0.0 attaches these servers without a private IP, so Hetzner places them in {last} agent pool 0 subnet 10.0.0.0/16, agent pool 1 subnet 10.1.0.0/16")
            ),
            (
                Severity::Info,
                format!("kube-hetzner 3.0.0 attaches these servers without a private IP, so Hetzner places them in {last} control-plane pool 1 subnet 10.254.0.0/16, control-plane pool 2 subnet 10.253.0.0/16")
            ),
        ]
    );
    // ERAS e22: agents pinned again from 3.0.1; control planes stay unpinned.
    let found = ignored(&on("3.0.1", |_| {}), "without a private IP");
    assert_eq!(
        found.iter().map(|f| f.0).collect::<Vec<_>>(),
        [Severity::Info]
    );
    // One control-plane pool lands in its own subnet, the last one.
    let single = on("3.1.0", |p| p.control_planes = vec![3]);
    assert!(ignored(&single, "without a private IP").is_empty());
    // Before 3.0 every node is pinned in its pool's subnet.
    assert!(ignored(&on("2.21.0", |_| {}), "without a private IP").is_empty());
}

#[test]
fn from_2_17_1_to_2_17_4_private_only_nodes_route_via_10_0_0_1() {
    // ERAS e11/e12: cloudinit.yaml.tpl routes 0.0.0.0/0 via the hard-coded 10.0.0.1.
    for version in ["2.17.1", "2.17.4"] {
        let report = on(version, |p| p.network_ipv4_cidr = "10.20.0.0/16".into());
        let route = find(&report, Code::WrongGateway, Severity::Info);
        assert_eq!(ranges(&route), ["10.0.0.1", "10.20.0.1", "10.20.0.0/16"]);
        assert!(
            route.message.contains("nodes without a public IP"),
            "{}",
            route.message
        );
        // In 10.0.0.0/8 the hard-coded address is the gateway.
        assert_absent(&on(version, |_| {}), Code::WrongGateway);
    }
    // 2.17.0 installs no such route; 2.18.3 routes via host 1 of the network.
    for version in ["2.17.0", "2.18.3"] {
        let report = on(version, |p| p.network_ipv4_cidr = "10.20.0.0/16".into());
        assert_absent(&report, Code::WrongGateway);
    }
    // 2.18.0 routes every node that way: without a NAT router nothing depends on it yet.
    let report = on("2.18.0", |p| p.network_ipv4_cidr = "10.20.0.0/16".into());
    let route = find(&report, Code::WrongGateway, Severity::Info);
    assert!(route.message.contains("every node"), "{}", route.message);
}

#[test]
fn over_tailscale_3_x_needs_no_control_plane_lb_behind_nat_but_no_managed_ingress() {
    // validation-contract.tf at 3.0.0 (lines 399 and 405) and 3.1.0 (476 and 482).
    let nat = |p: &mut Plan| {
        p.nat_router = NatRouter::On;
        p.control_plane_lb = false;
    };
    let plan_fails = |report: &khcidr_core::Report, words: &str| {
        report
            .layout
            .terraform_errors
            .iter()
            .any(|e| e.detail.contains(words))
    };
    let lb = "must be set to true unless node_transport_mode";
    let ingress = "makes Terraform-managed nodes private-only";
    for version in ["3.0.0", "3.1.0"] {
        let report = on(version, nat);
        assert!(plan_fails(&report, lb), "{version}");
        assert!(!plan_fails(&report, ingress), "{version}");
        let tailnet = on(version, |p| {
            nat(p);
            p.tailscale = true;
        });
        assert!(!plan_fails(&tailnet, lb), "{version}");
        // The default ingress (traefik) gets a Hetzner load balancer no node can serve.
        assert!(plan_fails(&tailnet, ingress), "{version}");
        for edit in [
            (|p: &mut Plan| p.klipper_metal_lb = true) as fn(&mut Plan),
            |p| p.ingress_controller = IngressController::None,
            |p| p.ingress_controller = IngressController::Custom,
        ] {
            let report = on(version, |p| {
                nat(p);
                p.tailscale = true;
                edit(p);
            });
            assert!(!plan_fails(&report, ingress), "{version}");
        }
        // Over Tailscale the ingress load balancer is created but not attached to the network.
        let report = on(version, |p| p.tailscale = true);
        assert_eq!(
            report.layout.ingress_lb,
            khcidr_core::module::IngressLb::TerraformLbNotAttached
        );
        assert_eq!(ip(report.layout.ingress_lb_ip), "-");
    }
}

#[test]
fn tailscale_s_range_is_checked_on_each_of_the_three_ranges() {
    // Tailscale reserves 100.64.0.0/10 (DOMAIN): the network, pods and services alike.
    for (edit, field) in [
        (
            (|p: &mut Plan| p.network_ipv4_cidr = "100.64.0.0/16".into()) as fn(&mut Plan),
            "network_ipv4_cidr",
        ),
        (
            |p| p.cluster_ipv4_cidr = "100.127.0.0/16".into(),
            "cluster_ipv4_cidr",
        ),
        (
            |p| p.service_ipv4_cidr = "100.100.0.0/16".into(),
            "service_ipv4_cidr",
        ),
    ] {
        let report = on("3.1.0", |p| {
            edit(p);
            p.tailscale = true;
        });
        let found = find(&report, Code::TailscaleRangeOverlap, Severity::Error);
        assert!(found.message.starts_with(field), "{}", found.message);
        assert_absent(&on("3.1.0", edit), Code::TailscaleRangeOverlap);
    }
}

#[test]
fn from_2_14_2_the_autoscaler_s_nodes_make_a_cluster_more_than_one_node() {
    // locals.tf:229 at 2.14.2 adds local.autoscaler_max_count to is_single_node_cluster
    // (locals.tf:228 at 2.14.1 does not): a single node gets no ingress load balancer.
    let single = |version: &str| {
        on(version, |p| {
            p.control_planes = vec![1];
            p.agents = vec![];
            p.autoscaler_max_nodes = 2;
        })
        .layout
        .ingress_lb
    };
    assert_eq!(single("2.14.1"), khcidr_core::module::IngressLb::None);
    assert_ne!(single("2.14.2"), khcidr_core::module::IngressLb::None);
    assert_ne!(single("3.1.0"), khcidr_core::module::IngressLb::None);
}

#[test]
fn settings_a_release_does_not_have_change_nothing_it_computes() {
    // Before 2.19.0 the network is cut into 256 subnets whatever subnet_count says
    // (ERAS e01 to e16): agent pool 0 on 10.0.0.0/16, control-plane pool 0 on 10.255.0.0/16.
    let report = on("2.17.4", |p| p.subnet_count = 16);
    assert_eq!(cidrs(&report.layout, Role::Agent)[0], "10.0.0.0/16");
    assert_eq!(
        cidrs(&report.layout, Role::ControlPlane)[0],
        "10.255.0.0/16"
    );
    let report = on("2.19.0", |p| p.subnet_count = 16);
    assert_eq!(cidrs(&report.layout, Role::Agent)[0], "10.0.0.0/12");
    assert_eq!(
        cidrs(&report.layout, Role::ControlPlane)[0],
        "10.240.0.0/12"
    );
    // Before 2.18.0 there is no nat_router: the module's checks on it do not run.
    let report = on("2.17.4", |p| p.nat_router = NatRouter::On);
    assert!(
        report.layout.terraform_errors.is_empty(),
        "{:#?}",
        report.layout.terraform_errors
    );
    let report = on("2.18.0", |p| p.nat_router = NatRouter::On);
    assert!(!report.layout.terraform_errors.is_empty());
    // An own subnet_ip_range that does not parse fails each node's cidrhost (2.19.0 on);
    // a pool of no nodes calls cidrhost for none.
    let bad_range = |nodes: u32| {
        on("2.19.0", move |p| {
            p.agents = vec![AgentPool {
                subnet_ip_range: Some("10.0.0.0/99".into()),
                ..AgentPool::new(nodes)
            }];
        })
        .layout
        .terraform_errors
        .iter()
        .filter(|e| e.detail.contains("invalid CIDR address: 10.0.0.0/99"))
        .count()
    };
    assert_eq!(bad_range(2), 1);
    assert_eq!(bad_range(0), 0);
}

fn module_errors(plan: &Plan) -> Vec<String> {
    run(plan)
        .layout
        .terraform_errors
        .iter()
        .map(|e| format!("{} | {}", e.source, e.detail))
        .collect()
}

#[test]
fn no_control_plane_pool_fails_the_count_sum_until_3_0_0() {
    // locals.tf:95 at 2.0.0: sum([]) fails; 3.0.0 guards it.
    let plan = |version: &str| Plan {
        module_version: release(version),
        control_planes: Vec::new(),
        ..Plan::default()
    };
    for version in ["2.0.0", "2.18.4", "2.21.0"] {
        assert!(
            module_errors(&plan(version))
                .iter()
                .any(|e| e.starts_with("locals.tf:95 @2.0.0")),
            "{version}"
        );
    }
    for version in ["3.0.0", "3.0.1", "3.1.0"] {
        assert!(
            !module_errors(&plan(version))
                .iter()
                .any(|e| e.starts_with("locals.tf:95 @2.0.0")),
            "{version}"
        );
    }
}

#[test]
fn more_than_100_agents_fail_the_module_from_2_13_0() {
    // variables.tf:260 at 2.13.0: the agent_nodepools validation; none before.
    let plan = |version: &str| Plan {
        module_version: release(version),
        agents: vec![AgentPool::new(101)],
        ..Plan::default()
    };
    let rule = "Hetzner does not support networks with more than 100 servers.";
    assert!(module_errors(&plan("2.13.0"))
        .iter()
        .any(|e| e.ends_with(rule)));
    assert!(!module_errors(&plan("2.12.2"))
        .iter()
        .any(|e| e.ends_with(rule)));
}

#[test]
fn three_x_refuses_a_subnet_count_that_is_not_a_power_of_two_or_is_zero() {
    // variables.tf:538 and :542 at 3.0.0.
    let plan = |count: u32| Plan {
        module_version: v3(),
        subnet_count: count,
        ..Plan::default()
    };
    let power = "variables.tf:538 @3.0.0 | Subnet amount must be a power of 2.";
    let zero = "variables.tf:542 @3.0.0 | Subnet amount must be greater than 0.";
    let three = module_errors(&plan(3));
    assert!(three.iter().any(|e| e == power), "{three:#?}");
    assert!(!three.iter().any(|e| e == zero), "{three:#?}");
    let none = module_errors(&plan(0));
    assert!(none.iter().any(|e| e == power), "{none:#?}");
    assert!(none.iter().any(|e| e == zero), "{none:#?}");
    assert!(module_errors(&plan(64))
        .iter()
        .all(|e| e != power && e != zero));
}

#[test]
fn a_redundant_nat_router_needs_two_subnets_from_2_19_2() {
    // 2.19.2's subnet amount check counts the pair as two subnets; 2.19.1 as one.
    let plan = |version: &str| Plan {
        module_version: release(version),
        subnet_count: 4,
        agents: vec![AgentPool::new(1), AgentPool::new(1)],
        control_planes: vec![1],
        nat_router: NatRouter::Redundant,
        control_plane_lb: true,
        ..Plan::default()
    };
    let rule = "Subnet amount must be large enough so that a subnet for each agent pool, each control plane pool and (if enabled) the nat router can be created in the network.";
    assert!(module_errors(&plan("2.19.2"))
        .iter()
        .any(|e| e.ends_with(rule)));
    assert!(!module_errors(&plan("2.19.1"))
        .iter()
        .any(|e| e.ends_with(rule)));
}

#[test]
fn every_era_says_what_changed_in_its_own_words() {
    let changes: Vec<&str> = Era::ALL.iter().map(|e| e.changes()).collect();
    assert!(changes.iter().all(|c| c.len() > 10), "{changes:?}");
    let mut distinct = changes.clone();
    distinct.sort_unstable();
    distinct.dedup();
    assert_eq!(distinct.len(), changes.len());
}

#[test]
fn a_release_reads_back_from_json_and_knows_its_major() {
    let read: Release = serde_json::from_str("\"2.18.4\"").unwrap();
    assert_eq!(read, release("2.18.4"));
    assert!(serde_json::from_str::<Release>("\"not a release\"").is_err());
    assert_eq!(release("2.18.4").major(), 2);
    assert_eq!(release("3.1.0").major(), 3);
}

#[test]
fn the_nat_and_vswitch_indexes_must_stay_below_the_subnet_amount_on_2_19_and_2_20() {
    let plan = |version: &str, nat: u32, vswitch: u32| Plan {
        module_version: release(version),
        subnet_count: 128,
        nat_router: NatRouter::On,
        nat_router_subnet_index: nat,
        vswitch: true,
        vswitch_subnet_index: vswitch,
        control_plane_lb: true,
        ..Plan::default()
    };
    let has = |plan: &Plan, rule: &str| module_errors(plan).iter().any(|e| e.ends_with(rule));
    // 2.19.0: variables.tf:182, whether or not the router is on.
    let nat_219 = "NAT router subnet index must be between 0 and subnet_amount.";
    assert!(has(&plan("2.19.0", 128, 100), nat_219));
    assert!(!has(&plan("2.19.0", 127, 100), nat_219));
    // 2.20.0: init.tf preconditions when enabled.
    let nat_220 =
        "NAT router subnet index must be lower than subnet_amount when nat_router is enabled.";
    let vswitch_220 =
        "vSwitch subnet index must be lower than subnet_amount when vswitch_id is set.";
    assert!(has(&plan("2.20.0", 128, 100), nat_220));
    assert!(!has(&plan("2.20.0", 127, 100), nat_220));
    assert!(has(&plan("2.20.0", 100, 128), vswitch_220));
    assert!(!has(&plan("2.20.0", 100, 127), vswitch_220));
}

#[test]
fn two_19_needs_a_control_plane_pool_and_a_control_plane_node() {
    // variables.tf:290 and :294 at 2.19.0.
    let plan = |control_planes: Vec<u32>| Plan {
        module_version: release("2.19.0"),
        control_planes,
        ..Plan::default()
    };
    let pool = "At least one control plane nodepool is required. Kubernetes cannot run without control plane nodes.";
    let node = "At least one control plane node is required (total count across all control_plane_nodepools must be >= 1).";
    let none = module_errors(&plan(Vec::new()));
    assert!(none.iter().any(|e| e.ends_with(pool)), "{none:#?}");
    let empty = module_errors(&plan(vec![0]));
    assert!(empty.iter().any(|e| e.ends_with(node)), "{empty:#?}");
    assert!(!empty.iter().any(|e| e.ends_with(pool)));
    let one = module_errors(&plan(vec![1]));
    assert!(!one.iter().any(|e| e.ends_with(pool) || e.ends_with(node)));
}

/// kube-hetzner#2265: from 2.11.0 the calico patch that set `CALICO_IPV4POOL_CIDR` to
/// `cluster_ipv4_cidr` is no longer applied (locals.tf:92-110 @2.11.0), so Calico takes its
/// own 192.168.0.0/16; up to 2.10.2 it was (locals.tf:99 @2.10.2).
#[test]
fn calico_takes_its_own_pool_from_2_11_0() {
    let in_192 = |version: &str| {
        on(version, |p| {
            p.cni = khcidr_core::Cni::Calico;
            p.network_ipv4_cidr = "192.168.0.0/16".into();
        })
    };
    let broken = in_192("2.15.3");
    let error = find(&broken, Code::ValueIgnored, Severity::Error);
    assert_eq!(
        error.message,
        "kube-hetzner 2.15.3 does not apply its calico patch (CALICO_IPV4POOL_CIDR = cluster_ipv4_cidr), so Calico's IP pool is its own 192.168.0.0/16, not 10.42.0.0/16"
    );
    assert!(
        error
            .symptom
            .contains("which overlaps the network 192.168.0.0/16"),
        "{}",
        error.symptom
    );
    assert_eq!(ranges(&error), ["192.168.0.0/16"]);
    // Every release since, 3.1.0 too: nothing has fixed it.
    assert!(in_192("3.1.0")
        .findings
        .iter()
        .any(|f| f.code == Code::ValueIgnored && f.message.contains("calico patch")));
    // 2.10.2 still patches the pool: no calico finding, no error.
    let patched = in_192("2.10.2");
    assert!(
        !patched
            .findings
            .iter()
            .any(|f| f.message.contains("calico")),
        "{:#?}",
        summary(&patched)
    );
    assert!(!patched.has_errors(), "{:#?}", summary(&patched));
    // Clear of 192.168.0.0/16, it is worth knowing, not an error.
    let clear = on("2.15.3", |p| p.cni = khcidr_core::Cni::Calico);
    let info = find(&clear, Code::ValueIgnored, Severity::Info);
    assert!(info
        .symptom
        .starts_with("pods get addresses from 192.168.0.0/16, not 10.42.0.0/16"));
    // The CNI is read from its flag as from kube.tf.
    assert_eq!(
        "calico".parse::<khcidr_core::Cni>().unwrap(),
        khcidr_core::Cni::Calico
    );
}

/// kube-hetzner#1654 (and #1608): 2.11.1 to 2.16.1 pin the control-plane load balancer at
/// host 1 of control-plane subnet 0, the network's last subnet, where the cloud controller's
/// ingress load balancer and autoscaled nodes land without an IP and take host 1 first.
#[test]
fn the_control_plane_load_balancer_pinned_at_host_1_is_not_available_once_others_took_it() {
    let issue = |version: &str| {
        on(version, |p| {
            p.network_ipv4_cidr = "10.0.0.0/16".into();
            p.cluster_ipv4_cidr = "10.42.0.0/16".into();
            p.control_planes = vec![3];
            p.control_plane_lb = true;
            p.autoscaler_max_nodes = 3;
        })
    };
    for version in ["2.11.1", "2.16.1"] {
        let report = issue(version);
        assert_eq!(
            ip(report.layout.load_balancer_ip),
            "10.0.255.1",
            "{version}"
        );
        let warning = find(&report, Code::AddressCollision, Severity::Warning);
        assert_eq!(ranges(&warning), ["10.0.255.1", "10.0.255.0/24"]);
        assert!(
            warning.message.contains(
                "and autoscaled nodes join that subnet, the network's last, without an IP"
            ),
            "{}",
            warning.message
        );
        assert!(warning.symptom.ends_with("turning use_control_plane_lb on fails: Error: IP not available (ip_not_available) for 10.0.255.1"), "{}", warning.symptom);
    }
    // 2.11.0 and 2.17.0 let Hetzner choose: nothing to collide with.
    for version in ["2.11.0", "2.17.0"] {
        assert!(
            all(&issue(version), Code::AddressCollision).is_empty(),
            "{version}"
        );
    }
    // The ingress load balancer alone: it, not "the first to come", takes host 1.
    let ingress = on("2.16.1", |p| p.control_plane_lb = true);
    let warning = find(&ingress, Code::AddressCollision, Severity::Warning);
    assert!(
        warning.message.contains("; the ingress load balancer (attached by the cloud controller) joins that subnet, the network's last, without an IP, and takes its lowest free address, 10.255.0.1, whenever it comes before the load balancer"),
        "{}",
        warning.message
    );
    // Nothing attached without an IP (no ingress load balancer, no autoscaler): no finding.
    let alone = on("2.16.1", |p| {
        p.control_plane_lb = true;
        p.ingress_controller = khcidr_core::IngressController::None;
    });
    assert!(all(&alone, Code::AddressCollision).is_empty());
}

/// kube-hetzner#1901: 2.17.1 to 2.18.2 give nodes without a public IPv4 a private default
/// route via a hard-coded 10.0.0.1; in a network that does not start at 10.0.0.0 that is
/// not the gateway, and it is their only IPv4 way out. 2.18.3 routes via host 1.
#[test]
fn nodes_without_a_public_ipv4_lose_egress_through_the_hard_coded_gateway() {
    let issue = |version: &str, edit: fn(&mut Plan)| {
        on(version, |p| {
            p.network_ipv4_cidr = "10.1.0.0/16".into();
            p.cluster_ipv4_cidr = "10.42.0.0/16".into();
            p.service_ipv4_cidr = "10.43.0.0/16".into();
            edit(p);
        })
    };
    let private_pool = |p: &mut Plan| p.disable_ipv4 = true;
    for version in ["2.17.1", "2.18.0", "2.18.2"] {
        let report = issue(version, private_pool);
        let error = find(&report, Code::WrongGateway, Severity::Error);
        // 2.17.x adds the route only where disable_ipv6 is set too.
        let who = if version == "2.17.1" {
            "the nodepools with disable_ipv4 = true (with disable_ipv6, as 2.17.x asks before it adds the route)"
        } else {
            "the nodepools with disable_ipv4 = true"
        };
        assert_eq!(
            error.message,
            format!("kube-hetzner {version} gives {who} a default route via the hard-coded 10.0.0.1, but the gateway of 10.1.0.0/16 is 10.1.0.1")
        );
        assert!(
            error.symptom.contains("Network unreachable"),
            "{}",
            error.symptom
        );
        assert!(error.fields.contains(&khcidr_core::Field::DisableIpv4));
    }
    // Every node with a public IPv4: worth knowing only.
    assert_eq!(
        find(&issue("2.18.2", |_| {}), Code::WrongGateway, Severity::Info).severity,
        Severity::Info
    );
    // Autoscaled nodes get the route from 2.17.2 (2.17.1 gives them none).
    let autoscaled = |p: &mut Plan| {
        p.autoscaler_max_nodes = 2;
        p.autoscaler_disable_ipv4 = true;
    };
    find(
        &issue("2.17.2", autoscaled),
        Code::WrongGateway,
        Severity::Error,
    );
    find(
        &issue("2.17.1", autoscaled),
        Code::WrongGateway,
        Severity::Info,
    );
    // 2.18.3, which #1901 fixed: the route goes via 10.1.0.1.
    let fixed = issue("2.18.3", private_pool);
    assert!(all(&fixed, Code::WrongGateway).is_empty());
    assert!(!fixed.has_errors(), "{:#?}", summary(&fixed));
    // A network that starts at 10.0.0.0 has 10.0.0.1 as its gateway.
    assert!(all(&on("2.18.2", private_pool), Code::WrongGateway).is_empty());
}

/// A nodepool's disable_ipv4 exists from 2.17.1 (variables.tf:187, :223 @2.17.1): before,
/// Terraform drops the attribute. autoscaler_disable_ipv4 is a variable from 2.17.2
/// (variables.tf:362 @2.17.2): before, Terraform refuses it.
#[test]
fn the_public_ipv4_switches_exist_from_their_first_releases() {
    let lacks = |version: &str, edit: fn(&mut Plan)| {
        all(&on(version, edit), Code::ValueIgnored)
            .into_iter()
            .map(|f| (f.severity, f.message.clone(), f.symptom.clone()))
            .collect::<Vec<_>>()
    };
    let pools = |p: &mut Plan| p.disable_ipv4 = true;
    let dropped = lacks("2.17.0", pools);
    assert_eq!(dropped.len(), 1, "{dropped:#?}");
    assert_eq!(dropped[0].0, Severity::Warning);
    assert_eq!(
        dropped[0].1,
        "kube-hetzner 2.17.0 has no disable_ipv4 (true); it exists from 2.17.1"
    );
    assert!(lacks("2.17.1", pools).is_empty());
    let autoscaler = |p: &mut Plan| p.autoscaler_disable_ipv4 = true;
    let refused = lacks("2.17.1", autoscaler);
    assert_eq!(refused.len(), 1, "{refused:#?}");
    assert_eq!(refused[0].0, Severity::Error);
    assert!(
        refused[0]
            .2
            .ends_with("An argument named \"autoscaler_disable_ipv4\" is not expected here"),
        "{}",
        refused[0].2
    );
    assert!(lacks("2.17.2", autoscaler).is_empty());
    // Its name in each release: 3.x asks the other way round (variables.tf:1916 @3.0.0).
    let setting =
        khcidr_core::settings::Setting::of(khcidr_core::Key::AutoscalerDisableIpv4).unwrap();
    let names: Vec<Option<&str>> = ["2.17.1", "2.17.2", "2.21.0", "3.0.0"]
        .iter()
        .map(|v| (setting.variable)(release(v).era()))
        .collect();
    assert_eq!(
        names,
        [
            None,
            Some("autoscaler_disable_ipv4"),
            Some("autoscaler_disable_ipv4"),
            Some("autoscaler_enable_public_ipv4")
        ]
    );
}
