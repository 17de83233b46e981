//! DOMAIN.md's reference cases, with exact addresses and messages.

mod common;

use common::*;
use khcidr_core::{Code, Plan, Role, Severity, Unit};

#[test]
fn case_1_module_defaults_are_clean_but_warn_of_the_43rd_and_44th_agent_pool() {
    let report = run(&Plan::default());
    assert_eq!(report.count(Severity::Error), 0, "{:#?}", report.findings);
    assert_eq!(report.count(Severity::Warning), 0, "{:#?}", report.findings);

    let pods = find(&report, Code::PodSubnetOverlap, Severity::Info);
    assert_eq!(
        (
            pods.starts_at.map(|s| s.count),
            pods.starts_at.map(|s| s.unit)
        ),
        (Some(43), Some(Unit::AgentPool))
    );
    assert_eq!(ranges(&pods), ["10.42.0.0/16", "10.42.0.0/16"]);
    assert!(
        pods.message
            .starts_with("the 43rd agent nodepool would get subnet 10.42.0.0/16"),
        "{}",
        pods.message
    );
    // Nothing to do now, so nothing to apply; the way out names a /16 clear of the 42
    // agent subnets before it, of the control planes' 10.253 to 10.255 and of services.
    let way_out = "nothing to do unless you plan 43 agent nodepools; to rule it out: move cluster_ipv4_cidr clear of every subnet the module allocates or grows into, e.g. cluster_ipv4_cidr = \"";
    assert!(pods.fix.starts_with(way_out), "{}", pods.fix);
    assert!(pods.apply.is_empty());
    let free: ipnet::Ipv4Net = pods.fix[way_out.len()..]
        .trim_end_matches('"')
        .parse()
        .unwrap();
    assert_eq!(free.prefix_len(), 16);
    let second = u32::from(free.network()) >> 16 & 0xff;
    assert!(
        free.network().octets()[0] != 10 || (44..253).contains(&second),
        "{free}"
    );

    let services = find(&report, Code::ServiceSubnetOverlap, Severity::Info);
    assert_eq!(
        (
            services.starts_at.map(|s| s.count),
            services.starts_at.map(|s| s.unit)
        ),
        (Some(44), Some(Unit::AgentPool))
    );
    assert!(
        services.message.contains("10.43.0.0/16"),
        "{}",
        services.message
    );
}

#[test]
fn case_1_layout_matches_the_module() {
    let layout = run(&Plan::default()).layout;
    let subnets: Vec<(Role, Option<usize>, Option<u32>, String)> = layout
        .subnets
        .iter()
        .map(|s| (s.role, s.pool, s.index, s.cidr.to_string()))
        .collect();
    assert_eq!(
        subnets,
        [
            (Role::Agent, Some(0), Some(0), "10.0.0.0/16".to_string()),
            (Role::Agent, Some(1), Some(1), "10.1.0.0/16".to_string()),
            (
                Role::ControlPlane,
                Some(0),
                Some(255),
                "10.255.0.0/16".to_string()
            ),
            (
                Role::ControlPlane,
                Some(1),
                Some(254),
                "10.254.0.0/16".to_string()
            ),
            (
                Role::ControlPlane,
                Some(2),
                Some(253),
                "10.253.0.0/16".to_string()
            ),
        ]
    );
    assert_eq!(
        layout.subnets[0].node_ips,
        ["10.0.0.101".parse::<std::net::Ipv4Addr>().unwrap()]
    );
    assert_eq!(layout.network_gateway.unwrap().to_string(), "10.0.0.1");
    assert_eq!(layout.api_ip.unwrap().to_string(), "10.43.0.1");
    assert_eq!(layout.dns_ip.unwrap().to_string(), "10.43.0.10");
    assert_eq!(layout.load_balancer_ip, None);
    let blocks: Vec<String> = layout.pod_blocks.iter().map(|b| b.to_string()).collect();
    assert_eq!(
        blocks,
        [
            "10.42.0.0/24",
            "10.42.1.0/24",
            "10.42.2.0/24",
            "10.42.3.0/24",
            "10.42.4.0/24"
        ]
    );
}

#[test]
fn case_2_the_incident_on_module_v2_reports_the_refused_route() {
    let report = run(&incident(v2()));
    let overlap = find(&report, Code::PodSubnetOverlap, Severity::Error);
    assert_eq!(
        overlap.message,
        "pod block 10.20.128.0/24 overlaps agent pool 0 subnet 10.20.128.0/25; the route 10.20.128.0/24 via \
         10.20.128.101 covers that subnet, and Hetzner refuses routes that overlap a subnet"
    );
    assert_eq!(
        overlap.symptom,
        "hcloud/CreateRoute: invalid gateway (invalid_input) in the cloud controller's log; pods on the node \
         holding that block cannot be reached, and their calls to the API at 10.20.144.1:443 time out"
    );
    assert_eq!(
        ranges(&overlap),
        ["10.20.128.0/24", "10.20.128.0/25", "10.20.128.101"]
    );
    assert_eq!(overlap.starts_at.map(|s| s.count), Some(1));
    assert!(
        overlap
            .fix
            .contains("cluster_ipv4_cidr = \"10.20.160.0/20\""),
        "{}",
        overlap.fix
    );
    assert_eq!(
        report.findings[0].code,
        Code::PodSubnetOverlap,
        "the incident's cause comes first"
    );
}

#[test]
fn case_2_layout_on_module_v2() {
    let layout = run(&incident(v2())).layout;
    let agent = layout.first(Role::Agent).unwrap();
    assert_eq!(agent.cidr.to_string(), "10.20.128.0/25");
    let ips = texts(&agent.node_ips);
    assert_eq!(ips, ["10.20.128.101", "10.20.128.102"]);
    let control_planes = cidrs(&layout, Role::ControlPlane);
    assert_eq!(
        control_planes,
        ["10.20.255.128/25", "10.20.255.0/25", "10.20.254.128/25"]
    );
    assert_eq!(layout.api_ip.unwrap().to_string(), "10.20.144.1");
    assert_eq!(layout.dns_ip.unwrap().to_string(), "10.20.144.10");
}

#[test]
fn case_2_on_module_v3_pins_agents_lower_and_fails_the_same_way() {
    let report = run(&incident(v3()));
    let ips = texts(&report.layout.first(Role::Agent).unwrap().node_ips);
    assert_eq!(
        ips,
        ["10.20.128.19", "10.20.128.20"],
        "offset floor(7^2 * 0.4) = 19"
    );
    let overlap = find(&report, Code::PodSubnetOverlap, Severity::Error);
    assert!(
        overlap
            .message
            .contains("the route 10.20.128.0/24 via 10.20.128.19"),
        "{}",
        overlap.message
    );
}

#[test]
fn case_3_suggested_fix_has_no_error_and_an_info_from_node_126() {
    let report = run(&suggested_fix());
    assert_eq!(report.count(Severity::Error), 0, "{:#?}", report.findings);
    assert_eq!(report.count(Severity::Warning), 0, "{:#?}", report.findings);
    let info = find(&report, Code::PodSubnetOverlap, Severity::Info);
    assert_eq!(
        (
            info.starts_at.map(|s| s.count),
            info.starts_at.map(|s| s.unit)
        ),
        (Some(126), Some(Unit::Node))
    );
    assert!(info.message.contains("pod block 10.20.253.0/24 (node 126) overlaps control-plane pool 2 subnet 10.20.253.0/24"), "{}", info.message);
    assert!(
        info.message
            .contains("beyond the plan's limit of 100 nodes"),
        "{}",
        info.message
    );
    assert_eq!(report.layout.dns_ip.unwrap().to_string(), "10.20.64.10");
    let control_planes = cidrs(&report.layout, Role::ControlPlane);
    assert_eq!(
        control_planes,
        ["10.20.255.0/24", "10.20.254.0/24", "10.20.253.0/24"]
    );
}

#[test]
fn case_3_with_the_load_balancer_on_places_it_at_10_20_255_254() {
    let report = run(&Plan {
        control_plane_lb: true,
        ..suggested_fix()
    });
    assert_eq!(
        report.layout.load_balancer_ip.unwrap().to_string(),
        "10.20.255.254"
    );
    let v2 = run(&Plan {
        control_plane_lb: true,
        module_version: release("2.18.4"),
        ..suggested_fix()
    });
    assert_eq!(
        v2.layout.load_balancer_ip.unwrap().to_string(),
        "10.20.255.254",
        "2.18.4: host 254 of a /24"
    );
    let older = run(&Plan {
        control_plane_lb: true,
        module_version: release("2.12.0"),
        ..suggested_fix()
    });
    assert_eq!(
        older.layout.load_balancer_ip.unwrap().to_string(),
        "10.20.255.1",
        "2.11.1 to 2.16.1: host 1"
    );
}

#[test]
fn case_2_on_2_12_0_the_release_of_the_incident_also_puts_dns_outside_the_service_range() {
    let report = run(&incident(release("2.12.0")));
    let dns = find(&report, Code::DnsOutsideService, Severity::Error);
    assert!(
        dns.message.starts_with(
            "kube-hetzner 2.12.0 sets cluster_dns_ipv4 to 10.43.0.10 unless told otherwise"
        ),
        "{}",
        dns.message
    );
    assert!(
        dns.fix.contains("cluster_dns_ipv4 = \"10.20.144.10\""),
        "{}",
        dns.fix
    );
    find(&report, Code::PodSubnetOverlap, Severity::Error);
}

#[test]
fn the_incident_s_fixes_apply_as_edits_and_clear_its_errors() {
    let plan = incident(release("2.12.0"));
    let report = run(&plan);
    let changes: Vec<khcidr_core::Change> = report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .flat_map(|f| f.apply.clone())
        .collect();
    let edits: Vec<(&str, &str)> = changes
        .iter()
        .map(|c| (c.setting.as_str(), c.value.as_str()))
        .collect();
    assert_eq!(
        edits,
        [
            ("cluster_ipv4_cidr", "10.20.160.0/20"),
            ("cluster_dns_ipv4", "10.20.144.10")
        ]
    );
    let fixed = khcidr_core::settings::apply(&plan, &changes);
    assert!(!run(&fixed).has_errors(), "{:#?}", run(&fixed).findings);
}
