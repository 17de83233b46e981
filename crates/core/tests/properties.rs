//! Invariants over arbitrary input: `check` never panics, overlaps are found symmetrically
//! and exactly where ranges really overlap, and the layout stays inside its ranges.

mod common;

use std::net::Ipv4Addr;

use ipnet::Ipv4Net;
use khcidr_core::{
    check, AgentPool, Cni, Code, IngressController, NatRouter, Plan, Release, SubnetMode,
};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

/// Text that is sometimes a CIDR, sometimes nearly one, sometimes anything.
fn cidr_text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (any::<u32>(), 0u8..=32).prop_map(|(a, p)| format!("{}/{p}", Ipv4Addr::from(a))),
        4 => (0u8..=255, 0u8..=255, 8u8..=28).prop_map(|(b, c, p)| format!("10.{b}.{c}.0/{p}")),
        1 => any::<String>(),
        1 => "[0-9./: \"a-z]{0,24}",
    ]
}

fn ip_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => any::<u32>().prop_map(|a| Ipv4Addr::from(a).to_string()),
        1 => Just(String::new()),
        1 => any::<String>(),
    ]
}

fn plan() -> impl Strategy<Value = Plan> {
    (
        (cidr_text(), cidr_text(), cidr_text(), ip_text()),
        (
            prop::sample::select(Release::all().collect::<Vec<_>>()),
            prop_oneof![
                any::<u32>(),
                (0u32..=12).prop_map(|b| 1 << b),
                Just(0),
                Just(2048)
            ],
            any::<bool>(),
            prop::option::of(prop::sample::select(Release::all().collect::<Vec<_>>())),
            prop::collection::vec(prop::sample::select(khcidr_core::Key::ALL.to_vec()), 0..2),
        ),
        (
            prop::collection::vec(prop_oneof![9 => 0u32..5, 1 => Just(u32::MAX)], 0..5),
            prop::collection::vec(
                (
                    prop_oneof![9 => 0u32..200, 1 => Just(u32::MAX)],
                    prop::option::of(cidr_text()),
                    prop::collection::vec(0u32..200, 0..4),
                ),
                0..6,
            ),
            0u32..300,
            // Pool names, as a kube.tf gives them (none, some, or an unnamed one between).
            prop::collection::vec("[a-z0-9_-]{0,6}", 0..4),
        ),
        (0u8..3, any::<u32>(), any::<bool>(), 0u32..300, 0u8..=40),
        (
            any::<bool>(),
            0u8..4,
            any::<bool>(),
            any::<bool>(),
            prop::option::of(0u32..400),
            (0u8..5, any::<bool>(), 0u8..3, any::<bool>(), any::<bool>()),
        ),
    )
        .prop_map(|(texts, split, pools, extras, flags)| Plan {
            network_ipv4_cidr: texts.0,
            cluster_ipv4_cidr: texts.1,
            service_ipv4_cidr: texts.2,
            cluster_dns_ipv4: texts.3,
            module_version: split.0,
            subnet_count: split.1,
            subnet_mode: if split.2 {
                SubnetMode::Shared
            } else {
                SubnetMode::PerNodepool
            },
            control_planes: pools.0,
            agents: pools
                .1
                .into_iter()
                .map(|(nodes, subnet_ip_range, keys)| AgentPool {
                    subnet_ip_range,
                    ..if keys.is_empty() {
                        AgentPool::new(nodes)
                    } else {
                        AgentPool::keyed(keys)
                    }
                })
                .collect(),
            autoscaler_max_nodes: pools.2,
            // A trailing empty name is no name: the link never carries it.
            agent_names: {
                let mut names = pools.3.clone();
                while names.last().is_some_and(String::is_empty) {
                    names.pop();
                }
                names
            },
            control_plane_names: Vec::new(),
            nat_router: NatRouter::ALL[usize::from(extras.0)],
            nat_router_subnet_index: extras.1 % 512,
            vswitch: extras.2,
            vswitch_subnet_index: extras.3,
            node_mask: extras.4,
            routes: flags.0,
            cni: Cni::ALL[usize::from(flags.1)],
            tailscale: flags.2,
            control_plane_lb: flags.3,
            nodes: flags.4,
            ingress_controller: IngressController::ALL[usize::from(flags.5 .0)],
            klipper_metal_lb: flags.5 .1,
            terraform: [None, "1.11.4".parse().ok(), "1.12.0".parse().ok()]
                [usize::from(flags.5 .2)],
            upgrade_to: split.3,
            unknown: split
                .4
                .into_iter()
                .map(|setting| khcidr_core::Unknown {
                    name: format!("var.{setting}"),
                    at: "kube.tf:1".into(),
                    setting,
                })
                .collect(),
            disable_ipv4: flags.5 .3,
            autoscaler_disable_ipv4: flags.5 .4,
        })
}

fn overlaps(a: Ipv4Net, b: Ipv4Net) -> bool {
    a.contains(&b.network()) || b.contains(&a.network())
}

/// Cases per property: 2000 in the test suite, `KHCIDR_CASES` for long runs (`make fuzz`).
pub fn cases(default: u32) -> u32 {
    std::env::var("KHCIDR_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(2000), failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("proptest-regressions"))), ..ProptestConfig::default() })]

    #[test]
    fn check_never_panics_and_always_explains(plan in plan()) {
        let report = check(&plan);
        for f in &report.findings {
            prop_assert!(!f.message.is_empty() && !f.symptom.is_empty() && !f.fix.is_empty(), "{:?}", f);
            prop_assert!(f.message.len() < 2000, "message too long: {}", f.message.len());
        }
        prop_assert!(serde_json::to_string(&report).is_ok());
        // Worst first (README, "Findings"): errors, then warnings, then notes; among
        // equals, collisions first, then by code as listed, then a finding that holds now
        // before one that starts later, and later before later still.
        let order = |f: &khcidr_core::Finding| {
            let code = Code::ALL.iter().position(|&c| c == f.code);
            let starts = f.starts_at.map(|s| s.count); // real clusters stay far below 2^40
            (f.severity, !f.code.is_collision(), code, starts)
        };
        for pair in report.findings.windows(2) {
            prop_assert!(order(&pair[0]) <= order(&pair[1]), "out of order: {:?} before {:?}", pair[0], pair[1]);
        }
    }

    #[test]
    fn pod_service_overlap_is_symmetric_and_exact(plan in plan()) {
        let swapped = Plan {
            cluster_ipv4_cidr: plan.service_ipv4_cidr.clone(),
            service_ipv4_cidr: plan.cluster_ipv4_cidr.clone(),
            ..plan.clone()
        };
        let a = check(&plan);
        let b = check(&swapped);
        let found = |r: &khcidr_core::Report| r.findings.iter().any(|f| f.code == Code::PodServiceOverlap);
        prop_assert_eq!(found(&a), found(&b));
        if let (Some(cluster), Some(service)) = (a.layout.cluster, a.layout.service) {
            prop_assert_eq!(found(&a), overlaps(cluster, service));
        }
    }

    #[test]
    fn every_subnet_overlapping_pods_or_services_is_reported(plan in plan()) {
        let report = check(&plan);
        let named = |code: Code, net: Ipv4Net| {
            report.findings.iter().any(|f| f.code == code && f.ranges.iter().any(|r| r.net() == net))
        };
        for subnet in &report.layout.subnets {
            if let Some(cluster) = report.layout.cluster.filter(|&c| overlaps(c, subnet.cidr)) {
                prop_assert!(named(Code::PodSubnetOverlap, subnet.cidr) || named(Code::PodSubnetOverlap, cluster),
                    "{} overlaps pods {} but no finding names it", subnet.cidr, cluster);
            }
            if let Some(service) = report.layout.service.filter(|&s| overlaps(s, subnet.cidr)) {
                prop_assert!(named(Code::ServiceSubnetOverlap, subnet.cidr), "{} overlaps services {}", subnet.cidr, service);
            }
        }
    }

    #[test]
    fn layout_stays_inside_its_ranges(plan in plan()) {
        let report = check(&plan);
        let layout = &report.layout;
        for subnet in &layout.subnets {
            if subnet.index.is_some() {
                prop_assert!(layout.network.unwrap().contains(&subnet.cidr));
            }
            for ip in &subnet.node_ips {
                prop_assert!(subnet.cidr.contains(ip));
            }
            // Pools pin their nodes from the release's offset, one host after another.
            if subnet.role.holds_nodes() && subnet.pool.is_some() {
                let host = |ip: &Ipv4Addr| u64::from(u32::from(*ip) - u32::from(subnet.cidr.network()));
                let offset = layout.node_ip_offset.unwrap();
                let indexes: Box<dyn Iterator<Item = u64>> = match (subnet.role, subnet.pool) {
                    (khcidr_core::Role::Agent, Some(k)) => Box::new(plan.agents[k].indexes()),
                    _ => Box::new(0..subnet.nodes),
                };
                for (ip, index) in subnet.node_ips.iter().zip(indexes) {
                    prop_assert_eq!(host(ip), offset + index);
                }
                prop_assert!(!subnet.ips_assigned_by_hetzner || subnet.node_ips.is_empty());
            }
        }
        for block in &layout.pod_blocks {
            prop_assert!(layout.cluster.unwrap().contains(block));
        }
        prop_assert!(layout.pod_blocks.len() as u64 <= layout.planned_nodes);
        // An address computed is an address Terraform computes: no diagnostics, or a layout
        // that stopped where Terraform stops.
        if layout.terraform_errors.is_empty() && layout.network.is_some() {
            prop_assert!(layout.node_ip_offset.is_some());
        }
    }

    /// A plan that holds fewer nodes than Hetzner lets a network hold says where it stops:
    /// a finding that starts at the first node that does not fit (a slider mark), an error
    /// when the plan already has that many nodes, else a warning.
    #[test]
    fn a_plan_capped_below_hetzners_limit_says_where_it_breaks(plan in plan()) {
        let report = check(&plan);
        let c = &report.capacity;
        let servers = 100 - u64::from(plan.nat_router.servers());
        if c.max_nodes >= servers || report.layout.cluster.is_none() {
            return Ok(());
        }
        let first = c.max_nodes + 1;
        let expected = if c.planned_nodes >= first { khcidr_core::Severity::Error } else { khcidr_core::Severity::Warning };
        prop_assert!(
            report.findings.iter().any(|f| (f.severity == expected
                    || (f.severity == khcidr_core::Severity::Info && !f.waits_for.is_empty()))
                && f.starts_at.is_some_and(|s| s.unit == khcidr_core::Unit::Node && s.count == first)),
            "capacity {} of {}: no {expected} at node {first} in {:#?}", c.max_nodes, servers, report.findings.iter().map(|f| (f.code, f.severity, f.starts_at)).collect::<Vec<_>>()
        );
    }

    /// A finding that rests on a value left to Terraform is never an error or a warning,
    /// and names what it waits for; the report says it is provisional exactly then.
    #[test]
    fn what_rests_on_an_unknown_is_provisional_and_says_what_it_waits_for(plan in plan()) {
        let report = check(&plan);
        prop_assert_eq!(report.provisional, !plan.unknown.is_empty());
        for f in &report.findings {
            let rests = f.fields.iter().any(|field| plan.unknown.iter().any(|u| u.setting == field.key()));
            // Only a finding on what it touches can wait for it.
            prop_assert!(rests || f.waits_for.is_empty(), "{}", f.message);
            if !f.waits_for.is_empty() {
                prop_assert_eq!(f.severity, khcidr_core::Severity::Info, "{}", f.message);
            }
        }
        let certain = report.findings.iter().any(|f| f.severity != khcidr_core::Severity::Info);
        prop_assert_eq!(report.provisional && !certain, report.verdict().en().starts_with("Provisional: "));
    }

    #[test]
    fn the_drawing_shows_each_thing_once_on_the_axis(plan in plan()) {
        use khcidr_core::SegmentRole::{LoadBalancer, Node, PodBlock};
        let report = check(&plan);
        let Some(drawing) = khcidr_core::bars(&report, None) else {
            return Ok(());
        };
        // A route's block or node named by two findings is drawn once, and so is a load
        // balancer at the other's address.
        let mut seen = std::collections::BTreeSet::new();
        for s in drawing.segments() {
            if matches!(s.role, LoadBalancer | Node | PodBlock) {
                prop_assert!(seen.insert((s.role.as_str(), s.hook())), "{} twice", s.describe());
            }
            prop_assert!(s.first <= s.last && s.start >= 0.0 && s.start + s.width <= 1.0 + 1e-9, "{}", s.describe());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(500), failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("proptest-regressions"))), ..ProptestConfig::default() })]

    /// A fix offered as an edit is one its setting takes, and applying it never makes the
    /// same finding come back unchanged.
    #[test]
    fn offered_edits_apply(plan in plan()) {
        let report = check(&plan);
        for f in report.findings.iter().filter(|f| !f.apply.is_empty()) {
            for change in &f.apply {
                let setting = khcidr_core::settings::Setting::of(change.setting).unwrap();
                let mut edited = plan.clone();
                prop_assert!((setting.set)(&mut edited, &change.value).is_ok(), "{change:?}");
            }
            let fixed = khcidr_core::settings::apply(&plan, &f.apply);
            let again = check(&fixed);
            prop_assert!(!again.findings.iter().any(|g| g.code == f.code && g.message == f.message), "{} came back", f.message);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(500), failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("proptest-regressions"))), ..ProptestConfig::default() })]

    /// At any width from a phone's to a wide screen, every label is inside the drawing,
    /// none overlaps another in its row, none inside a bar crosses a fold, and nothing a
    /// label names is lost: a label that has no room anywhere is in the list under it.
    #[test]
    fn labels_never_collide_and_none_is_lost(plan in plan(), width in 200.0f64..1400.0) {
        use khcidr_core::labels::{layout, Names, Row, CHAR_W, TITLE_CHAR_W};
        let report = check(&plan);
        let Some(drawing) = khcidr_core::bars(&report, None) else { return Ok(()) };
        let labels = layout(&drawing, width, None);
        for l in &labels.placed {
            let per_char = if matches!(l.names, Names::Lane(_)) { TITLE_CHAR_W } else { CHAR_W };
            prop_assert!(l.left >= 0.0 && l.right <= width, "{} outside 0..{width}: {}..{}", l.text, l.left, l.right);
            prop_assert!(l.right - l.left >= l.text.chars().count() as f64 * per_char - 1e-6, "{}: a box narrower than its text", l.text);
            if matches!(l.row, Row::Inside(_)) {
                for f in &drawing.folds {
                    let (a, b) = (f.start * width, (f.start + f.width) * width);
                    prop_assert!(l.right <= a || l.left >= b, "{} over a fold", l.text);
                }
            }
        }
        for (i, a) in labels.placed.iter().enumerate() {
            for b in &labels.placed[i + 1..] {
                prop_assert!(a.row != b.row || a.right <= b.left || b.right <= a.left, "{} and {} overlap", a.text, b.text);
            }
        }
        // No label is drawn over a pin: its head above the lane (5 px each side), its line
        // across the bar (1 px each side). Lane titles are placed first, at the left edge,
        // with a halo of the background: a pin there runs under its title.
        for (i, lane) in drawing.lanes.iter().enumerate() {
            for pin in lane.segments.iter().filter(|s| s.role.is_address()) {
                let at = pin.start.clamp(0.0, 1.0) * width;
                for l in labels.placed.iter().filter(|l| !matches!(l.names, Names::Lane(_))) {
                    let half = match l.row {
                        Row::Above(k) if k == i => 5.0,
                        Row::Inside(k) if k == i => 1.0,
                        _ => continue,
                    };
                    prop_assert!(l.right <= at - half || l.left >= at + half, "{} over the pin {} at {at}", l.text, pin.label);
                }
            }
        }
        // Every lane has its title, and every subnet, pin and route its label somewhere.
        for lane in &drawing.lanes {
            prop_assert!(labels.of(Names::Lane(lane.kind)).is_some(), "{:?} has no title", lane.kind);
        }
        for (i, lane) in drawing.lanes.iter().enumerate() {
            for (j, s) in lane.segments.iter().enumerate() {
                if s.role.is_base() || s.role == khcidr_core::SegmentRole::EdgeBlock {
                    continue;
                }
                let placed = labels.of(Names::Segment(i, j)).or(labels.of(Names::Route(i, j))).is_some();
                let listed = labels.listed.iter().any(|t| t.starts_with(&s.label));
                prop_assert!(placed || listed, "{} is neither labelled nor listed at {width}", s.describe());
            }
        }
    }
}
