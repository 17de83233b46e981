//! Every severity cut-off tested on both sides, exactly at the boundary: the values are the
//! specification's (Hetzner's 100 servers and 100 routes per network, one /mask pod block per
//! node) and the module's own (variables.tf: at most 100 agents), never the code's.

mod common;

use common::*;
use khcidr_core::{AgentPool, Code, NatRouter, Plan, Severity};

/// The default plan (three control planes) with `agents` nodes in one agent pool.
fn with_agents(agents: u32) -> Plan {
    Plan {
        agents: vec![AgentPool::new(agents)],
        ..Plan::default()
    }
}

fn has(plan: &Plan, code: Code, severity: Severity) -> bool {
    all(&run(plan), code).iter().any(|f| f.severity == severity)
}

#[test]
fn pod_blocks_run_out_after_the_last_block_not_at_it() {
    // A /22 holds four /24 node blocks: four nodes fit, the fifth does not.
    let plan = |agents: u32| Plan {
        network_ipv4_cidr: "10.0.0.0/16".into(),
        cluster_ipv4_cidr: "10.1.0.0/22".into(),
        control_planes: vec![1],
        ..with_agents(agents)
    };
    assert!(!has(&plan(3), Code::PodCapacityExceeded, Severity::Error));
    assert!(has(&plan(4), Code::PodCapacityExceeded, Severity::Error));
}

#[test]
fn hetzner_allows_100_servers_nat_routers_included() {
    // Three control planes and 97 agents: 100 servers.
    assert!(!has(
        &with_agents(97),
        Code::TooManyServers,
        Severity::Error
    ));
    assert!(has(&with_agents(98), Code::TooManyServers, Severity::Error));
    let nat = |agents: u32, nat_router: NatRouter| Plan {
        nat_router,
        ..with_agents(agents)
    };
    assert!(!has(
        &nat(96, NatRouter::On),
        Code::TooManyServers,
        Severity::Error
    ));
    assert!(has(
        &nat(97, NatRouter::On),
        Code::TooManyServers,
        Severity::Error
    ));
    assert!(!has(
        &nat(95, NatRouter::Redundant),
        Code::TooManyServers,
        Severity::Error
    ));
    assert!(has(
        &nat(96, NatRouter::Redundant),
        Code::TooManyServers,
        Severity::Error
    ));
}

#[test]
fn hetzner_allows_100_routes_the_nat_routers_included() {
    // One route per node, and one for the NAT router's default route.
    assert!(!has(&with_agents(97), Code::TooManyRoutes, Severity::Error));
    assert!(has(&with_agents(98), Code::TooManyRoutes, Severity::Error));
    let nat = |agents: u32| Plan {
        nat_router: NatRouter::On,
        ..with_agents(agents)
    };
    assert!(!has(&nat(96), Code::TooManyRoutes, Severity::Error));
    assert!(has(&nat(97), Code::TooManyRoutes, Severity::Error));
    // Without the cloud controller's routes there is no route to count.
    let plain = Plan {
        routes: false,
        ..with_agents(98)
    };
    assert!(!has(&plain, Code::TooManyRoutes, Severity::Error));
}

#[test]
fn the_modules_100_agent_limit_fires_past_100() {
    // variables.tf (2.13.0 on): sum(...) <= 100 agents.
    let module_error = |plan: &Plan| {
        run(plan)
            .layout
            .terraform_errors
            .iter()
            .any(|e| e.detail.contains("100"))
    };
    let at = |agents: u32, version: &str| Plan {
        control_planes: vec![1],
        module_version: release(version),
        ..with_agents(agents)
    };
    for version in ["2.13.0", "3.1.0"] {
        assert!(!module_error(&at(100, version)), "{version}");
        assert!(module_error(&at(101, version)), "{version}");
    }
    // Before 2.13.0 the module has no such check.
    assert!(!module_error(&at(101, "2.12.2")));
}

#[test]
fn a_growing_collision_is_an_error_from_the_node_it_starts_at() {
    // 10.20.253.0/24 is block 61 of 10.20.192.0/18: handed out at node 62 (catalog.rs).
    let plan = |agents: u32| Plan {
        agents: vec![AgentPool::new(agents)],
        ..common::plan("10.20.0.0/16", "10.20.192.0/18", "10.20.64.0/19")
    };
    // Three control planes: 59 agents make the 62 nodes that reach it.
    assert!(has(&plan(59), Code::PodSubnetOverlap, Severity::Error));
    assert!(!has(&plan(58), Code::PodSubnetOverlap, Severity::Error));
    assert!(has(&plan(58), Code::PodSubnetOverlap, Severity::Warning));
}

#[test]
fn before_3_0_the_nat_routers_subnet_index_is_checked_at_each_edge() {
    // kube-hetzner 2.21.0 init.tf:100: nat_router_subnet_index < subnet_amount; its
    // variables.tf: the index must not be an agent pool's (counting up from 0) or a
    // control-plane pool's (counting down from the last).
    let plan = |index: u32| Plan {
        module_version: release("2.21.0"),
        subnet_count: 64,
        control_planes: vec![1],
        agents: vec![AgentPool::new(1)],
        nat_router: NatRouter::On,
        nat_router_subnet_index: index,
        ..Plan::default()
    };
    let collision = |index: u32| {
        all(&run(&plan(index)), Code::SubnetIndexCollision)
            .iter()
            .map(|f| f.message.clone())
            .collect::<Vec<_>>()
    };
    assert!(collision(64)[0].contains("is outside the 64 subnets (0 to 63)"));
    assert!(collision(63)[0].contains("is a control-plane nodepool's subnet"));
    assert!(collision(62).is_empty(), "{:?}", collision(62));
    assert!(collision(1).is_empty(), "{:?}", collision(1));
    assert!(collision(0)[0].contains("is an agent nodepool's subnet"));
    // The fix names a free index, the module's default where it fits.
    let report = run(&plan(63));
    let fix = &all(&report, Code::SubnetIndexCollision)[0].fix;
    assert!(fix.contains("e.g. 62"), "{fix}");
}
