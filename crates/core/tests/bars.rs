//! The drawing model: one axis over every range, lanes, and collision marks.

mod common;

use common::*;
use khcidr_core::{
    bars, bars_at, check, Code, Finding, LaneKind, Plan, SegmentRole, Severity, Span, MIN_WIDTH,
};

fn roles(lane: &khcidr_core::Lane) -> Vec<(SegmentRole, String)> {
    lane.segments.iter().map(|s| (s.role, s.cidr())).collect()
}

#[test]
fn the_incident_is_drawn_on_the_network_with_a_collision_now() {
    let report = check(&incident(v2()));
    let drawing = bars(&report, None).unwrap();
    assert_eq!(drawing.axis.to_string(), "10.20.128.0/17");
    assert_eq!(
        drawing.lanes.iter().map(|l| l.kind).collect::<Vec<_>>(),
        [LaneKind::Network, LaneKind::Pods, LaneKind::Services]
    );
    assert_eq!(
        roles(&drawing.lanes[1]),
        [
            (SegmentRole::Pods, "10.20.128.0/20".into()),
            (SegmentRole::PodBlocks, "10.20.128.0 – 10.20.132.255".into()),
            (SegmentRole::PodBlock, "10.20.128.0/24".into()),
            // The first block is the colliding one; the last is node 5's.
            (SegmentRole::EdgeBlock, "10.20.132.0/24".into()),
        ]
    );
    assert_eq!(
        drawing.lanes[1].segments[3].label,
        "last pod block 10.20.132.0/24, node 5's"
    );
    // The route that Hetzner refuses, and the node it points to.
    assert_eq!(
        drawing.lanes[1].segments[2].label,
        "route 10.20.128.0/24 via 10.20.128.101"
    );
    let node = drawing.lanes[0].segments.last().unwrap();
    assert_eq!(
        (node.role, node.cidr()),
        (SegmentRole::Node, "10.20.128.101".into())
    );
    // The route as data: from the middle of its block to its node's pin.
    let block = &drawing.lanes[1].segments[2];
    let route = khcidr_core::Route {
        block: "10.20.128.0/24".parse().unwrap(),
        node: "10.20.128.101".parse().unwrap(),
        from: block.start + block.width / 2.0,
        to: node.start,
    };
    assert_eq!(drawing.routes, [route]);
    let used = &drawing.lanes[1].segments[1];
    assert_eq!(
        (used.first.to_string(), used.last.to_string(), used.size),
        ("10.20.128.0".into(), "10.20.132.255".into(), 5 * 256)
    );
    assert_eq!(
        roles(&drawing.lanes[2]),
        [
            (SegmentRole::Services, "10.20.144.0/20".into()),
            (SegmentRole::Api, "10.20.144.1".into()),
            (SegmentRole::Dns, "10.20.144.10".into()),
        ]
    );
    let now: Vec<_> = drawing.marks.iter().filter(|m| m.is_now()).collect();
    assert_eq!(now.len(), 1, "{:#?}", drawing.marks);
    assert_eq!(now[0].range.to_string(), "10.20.128.0/25");
    assert_eq!(now[0].label, "collides now");
    // 128 addresses of 32768, drawn at least MIN_WIDTH wide rather than 0.4%.
    assert_eq!(now[0].start, 0.0);
    assert!(now[0].width >= MIN_WIDTH - 1e-9, "{}", now[0].width);
}

/// Every allocated range and collision is drawn at least `min` wide, in address order.
fn readable(drawing: &khcidr_core::Bars, min: f64) {
    let mut drawn: Vec<(u32, f64, f64, String)> = drawing
        .segments()
        .filter(|s| !s.role.is_base() && !s.role.is_address())
        .map(|s| (u32::from(s.first), s.start, s.width, s.describe()))
        .chain(drawing.marks.iter().map(|m| {
            (
                u32::from(m.range.network()),
                m.start,
                m.width,
                m.label.clone(),
            )
        }))
        .collect();
    for (_, start, width, what) in &drawn {
        assert!(*width >= min - 1e-9, "{what}: {width}");
        assert!(
            *start >= 0.0 && start + width <= 1.0 + 1e-9,
            "{what}: {start} + {width}"
        );
    }
    drawn.sort_by_key(|d| d.0);
    for pair in drawn.windows(2) {
        assert!(
            pair[0].1 <= pair[1].1 + 1e-9,
            "address order kept: {pair:?}"
        );
    }
}

#[test]
fn at_whole_plan_scale_everything_allocated_is_readable_and_empty_space_is_folded() {
    for (name, plan) in [
        ("incident", incident(v2())),
        ("defaults", Plan::default()),
        ("fix", suggested_fix()),
    ] {
        let drawing = bars(&check(&plan), None).unwrap();
        readable(&drawing, MIN_WIDTH);
        assert!(!drawing.folds.is_empty(), "{name}: nothing folded");
        for fold in &drawing.folds {
            assert!(fold.width < 0.05, "{name}: {}", fold.describe());
        }
    }
    // The defaults: 10.2.0.0 to 10.41.255.255 holds nothing but the network.
    let drawing = bars(&check(&Plan::default()), None).unwrap();
    assert!(
        drawing.folds.iter().any(|f| f.describe()
            == "10.2.0.0 – 10.41.255.255: 2621440 addresses with nothing in them, drawn narrow"),
        "{:#?}",
        drawing.folds
    );
    // Ticks name where the broken axis starts, resumes and ends.
    let ticks: Vec<String> = drawing.ticks.iter().map(|t| t.1.to_string()).collect();
    assert_eq!(
        ticks,
        ["10.0.0.0", "10.42.0.0", "10.253.0.0", "10.255.255.255"]
    );
    // A wider minimum (a phone) is honoured too.
    readable(
        &bars_at(&check(&Plan::default()), None, 0.07).unwrap(),
        0.07,
    );
    // Fifty pools cannot each have 4%: they share the room, still in order.
    let many = Plan {
        agents: vec![khcidr_core::AgentPool::new(1); 47],
        ..Plan::default()
    };
    let drawing = bars(&check(&many), None).unwrap();
    readable(&drawing, 0.0);
    assert!(drawing.segments().all(|s| s.start + s.width <= 1.0 + 1e-9));
}

#[test]
fn growth_marks_say_the_node_where_each_collision_starts() {
    let drawing = bars(&check(&suggested_fix()), None).unwrap();
    let mut labels: Vec<(String, String)> = drawing
        .marks
        .iter()
        .filter(|m| m.severity == Severity::Info)
        .map(|m| (m.range.to_string(), m.label.clone()))
        .collect();
    labels.sort();
    assert_eq!(
        labels,
        [
            ("10.20.253.0/24".to_string(), "from node 126".to_string()),
            ("10.20.254.0/24".into(), "from node 127".into()),
            ("10.20.255.0/24".into(), "from node 128".into()),
        ]
    );
}

#[test]
fn defaults_mark_where_the_43rd_agent_pool_would_land() {
    let drawing = bars(&check(&Plan::default()), None).unwrap();
    assert_eq!(drawing.axis.to_string(), "10.0.0.0/8");
    let pool = drawing
        .marks
        .iter()
        .find(|m| m.range.to_string() == "10.42.0.0/16")
        .unwrap();
    assert_eq!(pool.label, "at agent pool 43");
}

#[test]
fn zooming_keeps_only_what_is_on_the_axis_and_ticks_name_its_ends() {
    let report = check(&Plan::default());
    let drawing = bars(&report, Some("10.42.0.0/16".parse().unwrap())).unwrap();
    assert!(drawing.zoomed);
    // To scale: the ends and the quarters, at a quarter of the axis each.
    let ticks: Vec<(String, String)> = drawing
        .ticks
        .iter()
        .map(|(at, ip)| (format!("{at:.3}"), ip.to_string()))
        .collect();
    assert_eq!(
        ticks,
        [
            ("0.000", "10.42.0.0"),
            ("0.250", "10.42.63.255"),
            ("0.500", "10.42.127.255"),
            ("0.750", "10.42.191.255"),
            ("1.000", "10.42.255.255"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    assert!(
        drawing.lanes[2].segments.is_empty(),
        "services are off this axis"
    );
    let network = &drawing.lanes[0].segments;
    assert_eq!(
        network.len(),
        1,
        "only the network itself spans the zoomed axis"
    );
    assert_eq!((network[0].start, network[0].width), (0.0, 1.0));
    assert!(drawing.folds.is_empty(), "a zoomed axis is to scale");
}

#[test]
fn nothing_to_draw_without_a_parsable_range() {
    let report = check(&plan("x", "y", "z"));
    assert!(bars(&report, None).is_none());
}

/// The segments a finding lights up when it is chosen on the page, as (role, range).
fn named(drawing: &khcidr_core::Bars, finding: &Finding) -> Vec<(SegmentRole, String)> {
    drawing
        .segments()
        .filter(|s| s.named_by(finding))
        .map(|s| (s.role, s.cidr()))
        .collect()
}

#[test]
fn a_finding_lights_up_the_ranges_it_names_and_the_used_blocks_holding_its_block() {
    // DOMAIN case 2: node 1's pod block 10.20.128.0/24 is routed via node 10.20.128.101,
    // inside agent pool 0's subnet 10.20.128.0/25.
    let report = check(&incident(v2()));
    let drawing = bars(&report, None).unwrap();
    let finding = find(&report, Code::PodSubnetOverlap, Severity::Error);
    assert_eq!(
        named(&drawing, &finding),
        [
            (SegmentRole::Agent, "10.20.128.0/25".into()),
            (SegmentRole::Node, "10.20.128.101".into()),
            (SegmentRole::PodBlocks, "10.20.128.0 – 10.20.132.255".into()),
            (SegmentRole::PodBlock, "10.20.128.0/24".into()),
        ]
    );
    // A single address inside the used blocks is not a block: only its own pin lights up.
    let mut address = finding.clone();
    address.ranges = vec![Span::Ip("10.20.128.101".parse().unwrap())];
    assert_eq!(
        named(&drawing, &address),
        [(SegmentRole::Node, "10.20.128.101".into())]
    );
    // A node pin lights up for its own address only, not for the subnet around it (which
    // lies inside the used pod blocks here: the incident's collision).
    let mut subnet = finding.clone();
    subnet.ranges = vec![Span::Cidr("10.20.128.0/25".parse().unwrap())];
    assert_eq!(
        named(&drawing, &subnet),
        [
            (SegmentRole::Agent, "10.20.128.0/25".into()),
            (SegmentRole::PodBlocks, "10.20.128.0 – 10.20.132.255".into()),
        ]
    );
    // A block inside the used ones that no segment draws lights up the used blocks alone.
    let mut block = finding;
    block.ranges = vec![Span::Cidr("10.20.130.0/24".parse().unwrap())];
    assert_eq!(
        named(&drawing, &block),
        [(SegmentRole::PodBlocks, "10.20.128.0 – 10.20.132.255".into())]
    );
}

#[test]
fn each_segment_describes_itself_with_its_first_and_last_address_and_size() {
    let report = check(&incident(v2()));
    let drawing = bars(&report, None).unwrap();
    let described: Vec<String> = drawing.segments().map(|s| s.describe()).collect();
    for line in [
        // A CIDR: a /25 holds 128 addresses; its gateway is the network's first IP.
        "agent pool 0: 10.20.128.0/25 · 10.20.128.0 – 10.20.128.127 · 128 addresses · gateway 10.20.128.1",
        // The used blocks: five /24s from the start of the pod range, not a CIDR.
        "5 pod blocks in use: 10.20.128.0 – 10.20.132.255 · 1280 addresses",
        // An address: the service range's 10th host.
        "DNS: 10.20.144.10",
    ] {
        assert!(
            described.iter().any(|d| d == line),
            "{line} not in {described:#?}"
        );
    }
    // The page's hook on each segment (`data-range`): the CIDR around the span, or the
    // address; the five used /24s from 10.20.128.0 lie in 10.20.128.0/21.
    let hooks: Vec<String> = drawing.segments().map(|s| s.hook()).collect();
    for hook in ["10.20.128.0/25", "10.20.128.0/21", "10.20.144.10"] {
        assert!(hooks.iter().any(|h| h == hook), "{hook} not in {hooks:?}");
    }
    assert_eq!(
        drawing
            .lanes
            .iter()
            .map(|l| (l.kind.slug(), l.kind.title().en))
            .collect::<Vec<_>>(),
        [
            ("network", "Hetzner network"),
            ("pods", "Pods"),
            ("services", "Services")
        ]
    );
    for lane in &drawing.lanes {
        assert_eq!(serde_json::to_value(lane.kind).unwrap(), lane.kind.slug());
    }
}

#[test]
fn role_names_are_the_same_in_json_in_pictures_and_in_text() {
    use SegmentRole::*;
    let roles = [
        (Network, "network"),
        (Agent, "agent"),
        (ControlPlane, "control-plane"),
        (NatRouter, "nat-router"),
        (Vswitch, "vswitch"),
        (LoadBalancer, "load-balancer"),
        (Pods, "pods"),
        (PodBlocks, "pod-blocks"),
        (PodBlock, "pod-block"),
        (Node, "node"),
        (EdgeBlock, "edge-block"),
        (Services, "services"),
        (Api, "api"),
        (Dns, "dns"),
    ];
    for (role, name) in roles {
        assert_eq!(serde_json::to_value(role).unwrap(), name);
        assert_eq!(role.as_str(), name);
        assert_eq!(role.to_string(), name);
        // A lane's own range is drawn full height, what lies in it inset.
        assert_eq!(
            role.is_base(),
            matches!(role, Network | Pods | Services),
            "{name}"
        );
    }
}

/// The pictures a documentation author embeds (`khcidr check --format svg`), each one
/// looked at in a browser when it changed: the site's own (static/incident.svg) and one
/// for each verdict, theme, and the cases where nothing can be drawn or the findings do
/// not all fit. `KHCIDR_BLESS=1 cargo test -p khcidr-core --test bars` rewrites them
/// after a change that is meant; look at them before committing.
#[test]
fn pictures_are_the_reviewed_ones() {
    use khcidr_core::svg::{svg, Theme};
    use khcidr_core::{AgentPool, NatRouter};
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/pictures");
    let site = concat!(env!("CARGO_MANIFEST_DIR"), "/../../static/incident.svg");
    let many = Plan {
        network_ipv4_cidr: "10.0.0.0/16".into(),
        cluster_ipv4_cidr: "10.0.0.0/16".into(),
        service_ipv4_cidr: "10.0.0.0/16".into(),
        cluster_dns_ipv4: "10.0.0.0".into(),
        module_version: release("3.0.0"),
        nat_router: NatRouter::On,
        nat_router_subnet_index: 0,
        tailscale: true,
        control_planes: vec![1, 1],
        ..Plan::default()
    };
    let cases: Vec<(String, Plan, Theme)> = vec![
        (site.into(), incident(release("2.12.0")), Theme::Light),
        (
            format!("{dir}/incident-dark.svg"),
            incident(release("2.12.0")),
            Theme::Dark,
        ),
        (
            // Pod blocks reach control-plane pool 2's subnet at node 62: a warning.
            format!("{dir}/growth.svg"),
            Plan {
                network_ipv4_cidr: "10.0.0.0/16".into(),
                cluster_ipv4_cidr: "10.0.192.0/18".into(),
                ..Plan::default()
            },
            Theme::Light,
        ),
        (
            format!("{dir}/clean-dark.svg"),
            Plan::default(),
            Theme::Dark,
        ),
        (format!("{dir}/many.svg"), many, Theme::Light),
        (
            format!("{dir}/undrawable.svg"),
            Plan {
                agents: vec![AgentPool::new(1)],
                ..plan("10.0.0.0", "10.42.0.0/33", "services")
            },
            Theme::Light,
        ),
    ];
    for (path, plan, theme) in cases {
        let drawn = svg(&plan, &check(&plan), theme, None);
        assert_reviewed(&path, &drawn, "cargo test -p khcidr-core --test bars");
    }
}

#[test]
fn the_network_lane_pins_each_load_balancer_and_the_pods_lane_counts_blocks_in_use() {
    let labels = |plan: &Plan, role: SegmentRole| -> Vec<String> {
        bars(&check(plan), None)
            .unwrap()
            .segments()
            .filter(|s| s.role == role)
            .map(|s| format!("{} {}", s.label, s.cidr()))
            .collect()
    };
    // 3.1.0: the control-plane load balancer at -2 of control-plane subnet 0, the ingress
    // one at -2 of agent subnet 0 (ERAS e22).
    let both = Plan {
        control_plane_lb: true,
        ..Plan::default()
    };
    assert_eq!(
        labels(&both, SegmentRole::LoadBalancer),
        [
            "load balancer 10.255.255.254",
            "ingress load balancer 10.0.255.254"
        ]
    );
    // 2.18.5 without agents gives both -2 of control-plane subnet 0: one pin.
    let one = Plan {
        module_version: release("2.18.5"),
        agents: vec![],
        control_plane_lb: true,
        ..Plan::default()
    };
    assert_eq!(
        labels(&one, SegmentRole::LoadBalancer),
        ["load balancer 10.255.255.254"]
    );
    // What if one node: one block in use; none: nothing in use.
    let nodes = |n: u32| Plan {
        nodes: Some(n),
        ..Plan::default()
    };
    assert_eq!(
        labels(&nodes(1), SegmentRole::PodBlocks),
        ["1 pod block in use 10.42.0.0/24"]
    );
    assert!(labels(&nodes(0), SegmentRole::PodBlocks).is_empty());
}

#[test]
fn a_collision_ahead_is_marked_at_the_pool_or_node_it_starts_at() {
    // Control-plane pool k takes subnet 255 - k (2.x, ERAS e01): pods in 10.252.0.0/16 meet
    // the 4th control-plane pool.
    let report = check(&Plan {
        module_version: v2(),
        cluster_ipv4_cidr: "10.252.0.0/16".into(),
        ..Plan::default()
    });
    let drawing = bars(&report, None).unwrap();
    let labels: Vec<&str> = drawing.marks.iter().map(|m| m.label.as_str()).collect();
    assert!(labels.contains(&"at control-plane pool 4"), "{labels:?}");
}

#[test]
fn text_in_a_picture_is_escaped_and_stays_valid_xml() {
    use khcidr_core::svg::esc;
    // Markup is escaped; characters XML 1.0 does not allow (a pasted value may hold them)
    // become U+FFFD; tabs and line breaks stay.
    assert_eq!(
        esc("a<b>&\"c\u{1}\u{1f}\u{fffe}\u{ffff}\t\n\r d"),
        "a&lt;b&gt;&amp;&quot;c\u{fffd}\u{fffd}\u{fffd}\u{fffd}\t\n\r d"
    );
    assert_eq!(esc(" \u{20ac}"), " \u{20ac}");
}

/// A route's pod block: `route` is its block and its node, as `"route 10.42.0.0/24 a"`.
fn pod_block(start: f64, width: f64, route: &str) -> khcidr_core::Segment {
    let range: ipnet::Ipv4Net = "10.42.0.0/24".parse().unwrap();
    let words = match route.split(' ').collect::<Vec<_>>()[..] {
        ["route", net, via] => khcidr_core::t!("route {0} via {1}", net, via),
        _ => khcidr_core::Text::default(),
    };
    khcidr_core::Segment {
        role: khcidr_core::SegmentRole::PodBlock,
        gateway: None,
        label: words.en(),
        words,
        range,
        first: range.network(),
        last: range.broadcast(),
        size: 256,
        start,
        width,
    }
}

/// A drawing of one pods lane holding `blocks`.
fn pods_lane(blocks: Vec<khcidr_core::Segment>) -> khcidr_core::Bars {
    khcidr_core::Bars {
        axis: "10.0.0.0/8".parse().unwrap(),
        zoomed: false,
        ticks: Vec::new(),
        lanes: vec![khcidr_core::Lane {
            kind: khcidr_core::LaneKind::Pods,
            segments: blocks,
        }],
        marks: Vec::new(),
        folds: Vec::new(),
        routes: Vec::new(),
    }
}

/// The route labels of a 600 px drawing of one pods lane holding `blocks`, each with the
/// row it went in.
fn routes_labelled_at_600px(
    blocks: Vec<khcidr_core::Segment>,
) -> Vec<(String, khcidr_core::labels::Row)> {
    khcidr_core::labels::layout(&pods_lane(blocks), 600.0, None)
        .placed
        .into_iter()
        .filter(|l| matches!(l.names, khcidr_core::labels::Names::Route(..)))
        .map(|l| (l.text, l.row))
        .collect()
}

#[test]
fn a_label_goes_inside_past_half_the_axis_else_on_the_side_with_room() {
    use khcidr_core::LabelSide;
    // Wider than half: inside. Otherwise ending at its left edge when it reaches past the
    // middle, else starting at its right edge; exactly half is not past it.
    assert_eq!(pod_block(0.0, 0.51, "").label_side(), LabelSide::Inside);
    assert_eq!(pod_block(0.0, 0.5, "").label_side(), LabelSide::Right);
    assert_eq!(pod_block(0.25, 0.25, "").label_side(), LabelSide::Right);
    assert_eq!(pod_block(0.4, 0.2, "").label_side(), LabelSide::Left);
    assert_eq!(pod_block(0.3, 0.21, "").label_side(), LabelSide::Left);
}

#[test]
fn a_mark_label_ends_at_the_mark_only_in_the_last_quarter() {
    let mark = |start: f64| khcidr_core::Mark {
        code: Code::PodSubnetOverlap,
        severity: Severity::Error,
        range: "10.0.0.0/24".parse().unwrap(),
        start,
        width: 0.01,
        label: String::new(),
        words: khcidr_core::Text::default(),
        finding: khcidr_core::FindingId {
            code: Code::PodSubnetOverlap,
            nth: 0,
        },
    };
    assert!(!mark(0.75).label_ends_here());
    assert!(mark(0.7501).label_ends_here());
    assert!(!mark(0.1).label_ends_here());
}

#[test]
fn a_route_label_that_would_cover_another_block_moves_above_its_lane() {
    // 600 px, 7 px a character: the first block's label would start 4 px past its right
    // edge (0.4 of the axis, 240 px) and run 20 characters to 384 px, over the second
    // block (270 to 276 px), in its short form too: it goes above the lane, clear of the
    // lane's title ("Pods: not on this axis", 22 characters of 7.6 px, to 167 px). The
    // second's starts 4 px past its own right edge, at 280 px, in the bar.
    use khcidr_core::labels::Row;
    let first = pod_block(0.1, 0.3, "route 10.42.0.0/24 a");
    let second = pod_block(0.45, 0.01, "route 10.42.1.0/24 b");
    let labelled = routes_labelled_at_600px(vec![first.clone(), second.clone()]);
    assert_eq!(
        labelled,
        [(first.label, Row::Above(0)), (second.label, Row::Inside(0))]
    );
}

#[test]
fn a_short_empty_stretch_is_drawn_to_scale_not_folded() {
    // The default plan with services at 10.46.0.0/16: the two /16s between the pod range's
    // end (10.43.255.255) and the services (2 of 256, under 1%) stay; only the long empty
    // stretches (over 6% of the axis) fold.
    let plan = Plan {
        service_ipv4_cidr: "10.46.0.0/16".into(),
        ..Plan::default()
    };
    let drawing = khcidr_core::bars(&check(&plan), None).unwrap();
    let gap: std::net::Ipv4Addr = "10.44.0.0".parse().unwrap();
    assert!(
        !drawing
            .folds
            .iter()
            .any(|f| f.first <= gap && gap <= f.last),
        "{:#?}",
        drawing.folds
    );
    let far: std::net::Ipv4Addr = "10.100.0.0".parse().unwrap();
    assert!(drawing
        .folds
        .iter()
        .any(|f| f.first <= far && far <= f.last));
}

#[test]
fn with_fifty_busy_stretches_and_four_folds_everything_stays_on_the_axis() {
    // 40 agent pools, a NAT router, pods and services far apart: four long empty stretches
    // fold and about fifty ranges each need room; their minimum width shrinks so that the
    // drawing still ends at the axis' end.
    let plan = Plan {
        agents: (0..40).map(|_| khcidr_core::AgentPool::new(1)).collect(),
        cluster_ipv4_cidr: "10.100.0.0/16".into(),
        service_ipv4_cidr: "10.200.0.0/16".into(),
        nat_router: khcidr_core::NatRouter::On,
        nat_router_subnet_index: 150,
        control_plane_lb: true,
        ..Plan::default()
    };
    let drawing = khcidr_core::bars(&check(&plan), None).unwrap();
    assert!(drawing.folds.len() >= 4, "{:#?}", drawing.folds);
    for s in drawing.segments() {
        assert!(
            s.start + s.width <= 1.0 + 1e-9,
            "{} ends at {}",
            s.label,
            s.start + s.width
        );
    }
    for f in &drawing.folds {
        assert!(f.start + f.width <= 1.0 + 1e-9, "{f:?}");
    }
}

#[test]
fn marks_are_where_ranges_meet_never_a_whole_subnet_beside_another() {
    // 2.19.0, /24 subnets in 10.0.0.0/16, pods in 10.0.0.0/20 cut into /25 blocks: node 1's
    // block overlaps agent pool 0's subnet, node 3's pool 1's. The marks are the blocks and
    // the nodes' addresses where they meet, never a subnet (the two subnets do not meet).
    let plan = Plan {
        module_version: khcidr_core::Release::default(),
        network_ipv4_cidr: "10.0.0.0/16".into(),
        cluster_ipv4_cidr: "10.0.0.0/20".into(),
        node_mask: 25,
        control_planes: vec![1],
        agents: vec![
            khcidr_core::AgentPool::new(1),
            khcidr_core::AgentPool::new(2),
        ],
        ..Plan::default()
    };
    let report = check(&plan);
    let drawing = khcidr_core::bars(&report, None).unwrap();
    let overlap: Vec<_> = drawing
        .marks
        .iter()
        .filter(|m| m.code == Code::PodSubnetOverlap)
        .collect();
    assert!(!overlap.is_empty(), "{:#?}", report.findings);
    for m in overlap {
        assert!(m.range.prefix_len() >= 25, "a mark over {}", m.range);
    }
}

#[test]
fn a_route_across_most_of_the_axis_is_labelled_inside_its_block_in_the_picture() {
    // One /16 pod block over the whole /16 network: the route's label starts 4 px inside
    // the block's left edge, at the picture's 16 px margin.
    let plan = Plan {
        network_ipv4_cidr: "10.0.0.0/16".into(),
        cluster_ipv4_cidr: "10.0.0.0/16".into(),
        service_ipv4_cidr: "10.1.0.0/16".into(),
        node_mask: 16,
        ..Plan::default()
    };
    let picture = khcidr_core::svg::svg(&plan, &check(&plan), khcidr_core::svg::Theme::Light, None);
    let label = picture
        .split("<text ")
        // A text element whose own content is the route's label.
        .find(|t| {
            t.split_once('>')
                .is_some_and(|(_, content)| content.starts_with("route 10.0.0.0/16 via "))
        })
        .expect("the route is labelled");
    assert!(label.starts_with("x=\"20.0\""), "{label}");
}

#[test]
fn the_picture_lists_eight_findings_and_counts_the_rest() {
    let plan = Plan {
        network_ipv4_cidr: "10.0.0.0/16".into(),
        cluster_ipv4_cidr: "10.0.0.0/16".into(),
        service_ipv4_cidr: "10.0.0.0/16".into(),
        cluster_dns_ipv4: "10.0.0.0".into(),
        module_version: release("3.0.0"),
        nat_router: khcidr_core::NatRouter::On,
        nat_router_subnet_index: 0,
        tailscale: true,
        control_planes: vec![1, 1],
        ..Plan::default()
    };
    let mut report = check(&plan);
    assert!(report.findings.len() > 9);
    report.findings.truncate(9);
    let picture = |report: &khcidr_core::Report| {
        khcidr_core::svg::svg(&plan, report, khcidr_core::svg::Theme::Light, None)
    };
    assert!(picture(&report).contains("… and 1 more: khcidr check shows them all"));
    report.findings.truncate(8);
    assert!(!picture(&report).contains("more: khcidr check shows them all"));
}

#[test]
fn a_right_hand_label_is_placed_from_its_blocks_right_edge() {
    // 600 px: a block wider than half the axis is labelled inside from 0 px (138 px long);
    // the next block's label starts at its right edge, 0.45 of the axis (270 px): both fit.
    use khcidr_core::labels::Row;
    let inside = pod_block(0.0, 0.6, "route 10.42.0.0/24 a");
    let right = pod_block(0.3, 0.15, "route 10.42.1.0/24 b");
    let labelled = routes_labelled_at_600px(vec![inside.clone(), right.clone()]);
    assert_eq!(
        labelled,
        [
            (inside.label, Row::Inside(0)),
            (right.label, Row::Inside(0))
        ]
    );
}

#[test]
fn zooming_to_the_whole_plan_is_the_whole_plan_view() {
    let report = check(&Plan::default());
    let whole = bars(&report, None).unwrap();
    let same = bars(&report, Some(whole.axis)).unwrap();
    assert!(!same.zoomed);
    assert_eq!(same.folds.len(), whole.folds.len());
    assert!(!whole.folds.is_empty());
}

#[test]
fn routes_are_drawn_on_pod_blocks_of_the_node_mask_only() {
    let drawing = bars(&check(&incident(v2())), None).unwrap();
    let blocks: Vec<String> = drawing
        .segments()
        .filter(|s| s.role == SegmentRole::PodBlock)
        .map(|s| s.cidr())
        .collect();
    assert!(!blocks.is_empty());
    assert!(blocks.iter().all(|b| b.ends_with("/24")), "{blocks:?}");
}

#[test]
fn each_node_a_route_goes_through_is_pinned_once() {
    // Nodes 1 to 4 hold the blocks on agent pools 0 to 3's subnets: four routes, four
    // nodes (pinned once each, however many findings name them).
    let plan = Plan {
        module_version: release("2.19.0"),
        network_ipv4_cidr: "10.0.0.0/16".into(),
        cluster_ipv4_cidr: "10.0.0.0/20".into(),
        agents: (0..4).map(|_| khcidr_core::AgentPool::new(1)).collect(),
        control_planes: vec![1],
        ..Plan::default()
    };
    let drawing = bars(&check(&plan), None).unwrap();
    let mut nodes: Vec<String> = drawing
        .segments()
        .filter(|s| s.role == SegmentRole::Node)
        .map(|s| s.first.to_string())
        .collect();
    let count = nodes.len();
    nodes.dedup();
    assert_eq!(nodes.len(), count, "{nodes:?}");
    assert_eq!(
        nodes,
        ["10.0.0.101", "10.0.1.101", "10.0.2.101", "10.0.3.101"]
    );
    // Each route goes to its own node: block k (node k+1's) via host 101 of subnet k.
    let routes: Vec<(String, String)> = drawing
        .routes
        .iter()
        .map(|r| (r.block.to_string(), r.node.to_string()))
        .collect();
    let expected: Vec<(String, String)> = (0..4)
        .map(|k| (format!("10.0.{k}.0/24"), format!("10.0.{k}.101")))
        .collect();
    assert_eq!(routes, expected);
}

#[test]
fn two_nodes_draw_their_first_and_last_pod_blocks() {
    // Node k gets the pod range's k-th block: with two nodes, 10.42.0.0/24 and 10.42.1.0/24.
    let plan = Plan {
        control_planes: vec![1],
        agents: vec![khcidr_core::AgentPool::new(1)],
        ..Plan::default()
    };
    let drawing = bars(&check(&plan), None).unwrap();
    let edges: Vec<String> = drawing
        .segments()
        .filter(|s| s.role == SegmentRole::EdgeBlock)
        .map(|s| s.label.clone())
        .collect();
    assert_eq!(
        edges,
        [
            "first pod block 10.42.0.0/24, node 1's",
            "last pod block 10.42.1.0/24, node 2's"
        ]
    );
}

#[test]
fn showing_the_dns_error_frames_the_service_range_and_the_address_outside_it_readably() {
    // The incident on 2.12.0: DNS 10.43.0.10 (the release's default) is far outside the
    // service range 10.20.144.0/20; the finding's extent is the /10 holding both, on which
    // the service range would be a thousandth of the axis.
    let report = check(&incident(release("2.12.0")));
    let dns = report
        .findings
        .iter()
        .find(|f| f.code == Code::DnsOutsideService)
        .unwrap();
    let extent = dns.extent().unwrap();
    assert_eq!(extent, "10.0.0.0/10".parse().unwrap());
    let drawing = bars(&report, Some(extent)).unwrap();
    assert!(drawing.zoomed);
    let services = &drawing.lanes[2].segments;
    let range = services
        .iter()
        .find(|s| s.role == SegmentRole::Services)
        .unwrap();
    assert!(
        range.width >= khcidr_core::MIN_WIDTH,
        "the service range is drawn {}",
        range.width
    );
    assert!(services
        .iter()
        .any(|s| s.role == SegmentRole::Dns && s.first.to_string() == "10.43.0.10"));
    assert!(
        !drawing.folds.is_empty(),
        "the empty stretch between them is folded"
    );
}

#[test]
fn a_label_is_found_by_what_it_names() {
    use khcidr_core::labels::{layout, Names};
    let report = check(&incident(release("2.12.0")));
    let drawing = bars(&report, None).unwrap();
    let labels = layout(&drawing, 1200.0, None);
    let title = |kind| labels.of(Names::Lane(kind)).map(|l| l.text.as_str());
    assert_eq!(
        title(khcidr_core::LaneKind::Pods),
        Some("Pods 10.20.128.0/20")
    );
    assert_eq!(
        title(khcidr_core::LaneKind::Services),
        Some("Services 10.20.144.0/20")
    );
}

#[test]
fn the_axis_last_address_ends_at_the_drawings_right_edge() {
    use khcidr_core::labels::{layout, Names};
    let report = check(&incident(release("2.12.0")));
    let drawing = bars(&report, None).unwrap();
    let last = drawing.ticks.len() - 1;
    let labels = layout(&drawing, 1200.0, None);
    let tick = labels
        .of(Names::Tick(last))
        .expect("the axis' last address is labelled");
    assert_eq!(tick.text, "10.20.255.255");
    // Ending where the last address is drawn, a hair inside the edge.
    assert!(
        tick.right > 1199.0 && tick.right <= 1200.0,
        "{}",
        tick.right
    );
}

#[test]
fn a_label_moved_above_its_lane_points_down_to_what_it_names() {
    // As above: the first block's label goes above the lane; its leader line reaches the
    // block's middle, a quarter of the way along 600 px.
    use khcidr_core::labels::{layout, Names, Row};
    let drawing = pods_lane(vec![
        pod_block(0.1, 0.3, "route 10.42.0.0/24 a"),
        pod_block(0.45, 0.01, "route 10.42.1.0/24 b"),
    ]);
    let labels = layout(&drawing, 600.0, None);
    let first = labels.of(Names::Route(0, 0)).unwrap();
    assert_eq!(first.row, Row::Above(0));
    assert_eq!(first.leader, Some(150.0));
    // Starting 4 px past the block's right edge (240 px).
    assert_eq!(first.left, 244.0);
    assert_eq!(labels.of(Names::Route(0, 1)).unwrap().leader, None);
}
