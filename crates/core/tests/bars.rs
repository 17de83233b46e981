//! The drawing model: one axis over every range, lanes, and collision marks.

mod common;

use common::*;
use khcidr_core::{bars, check, LaneKind, Plan, SegmentRole, Severity};

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
            (SegmentRole::PodBlocks, "10.20.128.0 – 10.20.132.255".into())
        ]
    );
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
    assert_eq!((now[0].start, now[0].width), (0.0, 128.0 / 32768.0));
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
    assert_eq!(drawing.ticks.first().unwrap().1.to_string(), "10.42.0.0");
    assert_eq!(drawing.ticks.last().unwrap().1.to_string(), "10.42.255.255");
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
}

#[test]
fn nothing_to_draw_without_a_parsable_range() {
    let report = check(&plan("x", "y", "z"));
    assert!(bars(&report, None).is_none());
}
