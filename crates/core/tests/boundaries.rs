//! Every severity cut-off tested on both sides, exactly at the boundary: the values are the
//! specification's (Hetzner's 100 servers and 100 routes per network, one /mask pod block per
//! node) and the module's own (variables.tf: at most 100 agents), never the code's.

mod common;

use common::*;
use khcidr_core::{AgentPool, Code, NatRouter, Plan, Severity, SubnetMode};

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

#[test]
fn the_nat_router_and_the_vswitch_are_offered_two_free_indexes_never_one() {
    // 3.x validation-contract.tf: both indexes below subnet_count, clear of the agent pools
    // (0 up) and the control-plane pools (subnet_count - 1 down), and of each other. The
    // default 200 and 201 do not fit 16 subnets: the highest free indexes are offered.
    let offered = |mode: SubnetMode| {
        let report = run(&Plan {
            subnet_count: 16,
            subnet_mode: mode,
            nat_router: NatRouter::On,
            control_plane_lb: true,
            ..Plan::default()
        });
        let mut changes: Vec<(String, String)> = all(&report, Code::SubnetIndexCollision)
            .iter()
            .flat_map(|f| f.apply.iter())
            .map(|c| (c.setting.to_string(), c.value.clone()))
            .collect();
        changes.sort();
        changes.dedup();
        changes
    };
    let pair = |nat: &str, vswitch: &str| {
        vec![
            ("nat_router_index".to_string(), nat.to_string()),
            ("vswitch_index".to_string(), vswitch.to_string()),
        ]
    };
    // Agents on 0 and 1, control planes on 15, 14 and 13.
    assert_eq!(offered(SubnetMode::PerNodepool), pair("12", "11"));
    // Shared: one agent subnet on 0, one control-plane subnet on 15.
    assert_eq!(offered(SubnetMode::Shared), pair("14", "13"));
    // Applied together, the plan is clean of index collisions.
    let fixed = Plan {
        subnet_count: 16,
        nat_router: NatRouter::On,
        control_plane_lb: true,
        nat_router_subnet_index: 12,
        vswitch_subnet_index: 11,
        ..Plan::default()
    };
    assert!(all(&run(&fixed), Code::SubnetIndexCollision).is_empty());
}

#[test]
fn a_pool_lists_at_most_max_listed_addresses_and_failures() {
    use khcidr_core::{Role, MAX_LISTED};
    let on = |network: &str, pool: AgentPool| {
        run(&Plan {
            module_version: release("2.17.4"),
            network_ipv4_cidr: network.into(),
            agents: vec![pool],
            ..Plan::default()
        })
    };
    // 2.x pins node k at host 101 + k (agents.tf:36 at 2.17.1): 300 nodes in a /16 subnet
    // all fit, and the first MAX_LISTED are listed, from host 101 to host 356.
    let report = on("10.0.0.0/8", AgentPool::new(300));
    let pool = report.layout.first(Role::Agent).unwrap();
    assert_eq!(pool.node_ips.len(), MAX_LISTED);
    assert_eq!(pool.node_ips.first().unwrap().to_string(), "10.0.0.101");
    assert_eq!(pool.node_ips.last().unwrap().to_string(), "10.0.1.100");
    // Terraform's cidrhost takes hosts up to 255 of a /24: 155 of 600 keyed nodes fit, and
    // the first MAX_LISTED of the 445 that do not are reported, as one finding.
    let report = on("10.0.0.0/16", AgentPool::keyed((0..600).collect()));
    let failed = find(&report, Code::SubnetTooSmall, Severity::Error);
    assert!(
        failed.message.ends_with(&format!(
            "prefix of 24 does not accommodate a host numbered 256. and {} more like it",
            MAX_LISTED - 1
        )),
        "{}",
        failed.message
    );
    assert!(
        failed
            .fix
            .starts_with("at most 155 nodes fit from host 101"),
        "{}",
        failed.fix
    );
    let report = on("10.0.0.0/16", AgentPool::keyed((0..200).collect()));
    let failed = find(&report, Code::SubnetTooSmall, Severity::Error);
    assert!(
        failed.message.ends_with("and 44 more like it"),
        "{}",
        failed.message
    );
}

#[test]
fn a_load_balancer_pinned_where_its_subnet_has_no_such_host_is_told_how_to_fit() {
    // 2.11.1 to 2.16.1 pin the control-plane load balancer at host 1 of control-plane
    // subnet 0 (ERAS e05); a /24 network's 256 subnets are /32s, holding host 0 only.
    let report = run(&Plan {
        module_version: release("2.12.0"),
        network_ipv4_cidr: "10.0.0.0/24".into(),
        control_plane_lb: true,
        ..Plan::default()
    });
    let lb = all(&report, Code::SubnetTooSmall)
        .into_iter()
        .find(|f| f.message.contains("host 1 of"))
        .cloned()
        .unwrap_or_else(|| panic!("{:#?}", report.findings));
    assert_eq!(
        lb.fix,
        "use a larger network: each subnet needs more than one address"
    );
    // 2.18.0 to 2.18.4 pin both load balancers at host 254 (ERAS e13 to e15): a /17
    // network's /25 subnets end at host 127.
    let report = run(&Plan {
        module_version: release("2.18.4"),
        network_ipv4_cidr: "10.0.0.0/17".into(),
        control_plane_lb: true,
        ..Plan::default()
    });
    let lb = all(&report, Code::SubnetTooSmall)
        .into_iter()
        .find(|f| f.message.contains("host 254 of"))
        .cloned()
        .unwrap_or_else(|| panic!("{:#?}", report.findings));
    assert!(
        lb.fix.starts_with("upgrade to 2.18.5 or later"),
        "{}",
        lb.fix
    );
}

#[test]
fn in_3_x_the_contract_checks_each_index_and_the_50_subnets_at_the_edge() {
    // validation-contract.tf at 3.0.0: the NAT router's and the vSwitch's index below
    // subnet_count, off every pool's subnet (agents from 0 up, control planes from the
    // last down) and off each other; at most 50 subnets with them.
    let fails = |edit: &dyn Fn(&mut Plan), words: &str| {
        let mut plan = Plan {
            subnet_count: 64,
            nat_router: NatRouter::On,
            control_plane_lb: true,
            nat_router_subnet_index: 60,
            vswitch: true,
            vswitch_subnet_index: 59,
            ..Plan::default()
        };
        edit(&mut plan);
        run(&plan)
            .layout
            .terraform_errors
            .iter()
            .any(|e| e.detail.contains(words))
    };
    let below = "lower than subnet_count when nat_router is enabled";
    assert!(!fails(&|_| {}, below));
    assert!(fails(&|p| p.nat_router_subnet_index = 64, below));
    assert!(!fails(&|p| p.nat_router_subnet_index = 63, below));
    let nat_on_pool = "nat_router_subnet_index must not collide";
    assert!(fails(&|p| p.nat_router_subnet_index = 61, nat_on_pool));
    assert!(fails(&|p| p.nat_router_subnet_index = 1, nat_on_pool));
    assert!(!fails(&|p| p.nat_router_subnet_index = 2, nat_on_pool));
    let vswitch_below = "lower than subnet_count when vswitch_id is set";
    assert!(fails(&|p| p.vswitch_subnet_index = 64, vswitch_below));
    assert!(!fails(&|p| p.vswitch_subnet_index = 63, vswitch_below));
    let same = "vswitch_subnet_index must not equal nat_router_subnet_index";
    assert!(fails(&|p| p.vswitch_subnet_index = 60, same));
    assert!(!fails(&|p| p.vswitch = false, nat_on_pool));
    let vswitch_on_pool = "vswitch_subnet_index must not collide";
    assert!(fails(&|p| p.vswitch_subnet_index = 0, vswitch_on_pool));
    assert!(!fails(&|_| {}, vswitch_on_pool));
    // Three control-plane pools and 46 agent pools are 49 subnets: the NAT router's is
    // the 50th, the vSwitch's one too many.
    let nat_50 = "Disable NAT router subnet creation";
    let vswitch_50 = "Disable vSwitch subnet creation";
    let pools = |agents: usize| {
        move |p: &mut Plan| {
            p.agents = vec![AgentPool::new(1); agents];
            p.vswitch = false;
        }
    };
    assert!(!fails(&pools(46), nat_50));
    assert!(fails(&pools(47), nat_50));
    let with_vswitch =
        |agents: usize| move |p: &mut Plan| p.agents = vec![AgentPool::new(1); agents];
    assert!(!fails(&with_vswitch(45), vswitch_50));
    assert!(fails(&with_vswitch(46), vswitch_50));
}

#[test]
fn a_nat_router_without_the_control_plane_load_balancer_fails_from_2_18_0_and_warns_from_2_18_5() {
    // variables.tf:136 at 2.18.0: a validation; a `check` block from 2.18.5.
    let plan = |version: &str| Plan {
        module_version: release(version),
        nat_router: NatRouter::On,
        control_plane_lb: false,
        ..Plan::default()
    };
    let rule = "If you enable the use of a NAT router, you must set use_control_plane_lb=true.";
    for version in ["2.18.0", "2.18.1", "2.18.4"] {
        let layout = run(&plan(version)).layout;
        assert!(
            layout.terraform_errors.iter().any(|e| e.detail == rule),
            "{version}: {:#?}",
            layout.terraform_errors
        );
    }
    let warned = run(&plan("2.18.5")).layout;
    assert!(
        !warned.terraform_errors.iter().any(|e| e.detail == rule),
        "{:#?}",
        warned.terraform_errors
    );
    assert!(!warned.terraform_warnings.is_empty());
    // 2.18.1 to 2.18.4: the index's own validation, 0 to 255.
    let past = Plan {
        nat_router_subnet_index: 256,
        control_plane_lb: true,
        ..plan("2.18.1")
    };
    let layout = run(&past).layout;
    assert!(
        layout
            .terraform_errors
            .iter()
            .any(|e| e.detail == "NAT router subnet index must be between 0 and 255."),
        "{:#?}",
        layout.terraform_errors
    );
}

#[test]
fn a_network_too_small_for_its_subnets_fails_in_cidrsubnet() {
    // 2.19.0: a /28 cut into 32 subnets needs 5 more bits than the 4 it has; Terraform's
    // cidrsubnet says "insufficient address space to extend prefix of 28 by 5".
    let plan = Plan {
        module_version: release("2.19.0"),
        network_ipv4_cidr: "10.0.0.0/28".into(),
        subnet_count: 32,
        ..Plan::default()
    };
    let layout = run(&plan).layout;
    assert!(
        layout.terraform_errors.iter().any(|e| e.detail
            == "Call to function \"cidrsubnet\" failed: insufficient address space to extend prefix of 28 by 5."),
        "{:#?}",
        layout.terraform_errors
    );
}

#[test]
fn a_pool_of_many_keys_lists_at_most_256_node_ips() {
    // A `nodes` map of 300 keys: every key is pinned, the layout lists the first 256.
    let plan = Plan {
        module_version: release("2.19.0"),
        agents: vec![AgentPool::keyed((0..300).collect())],
        ..Plan::default()
    };
    let layout = run(&plan).layout;
    let pool = layout
        .subnets
        .iter()
        .find(|s| s.role == khcidr_core::Role::Agent)
        .unwrap();
    assert_eq!(pool.nodes, 300);
    assert_eq!(pool.node_ips.len(), khcidr_core::MAX_LISTED);
    assert_eq!(pool.node_ips.len(), 256);
}

#[test]
fn the_nat_index_fix_takes_the_highest_index_no_pool_takes() {
    // 8 subnets: six agent pools take 0 to 5, the one control-plane pool takes 7; 6 is the
    // only free index (the default 200 is past the 8).
    let plan = |version: &str| Plan {
        module_version: release(version),
        subnet_count: 8,
        agents: (0..6).map(|_| AgentPool::new(1)).collect(),
        control_planes: vec![1],
        nat_router: NatRouter::On,
        nat_router_subnet_index: 0,
        control_plane_lb: true,
        ..Plan::default()
    };
    // 3.1.0's contract refuses the collision; its fix is the edit.
    let report = run(&plan("3.1.0"));
    let edits: Vec<String> = report
        .findings
        .iter()
        .flat_map(|f| &f.apply)
        .filter(|c| c.setting.to_string() == "nat_router_index")
        .map(|c| c.value.clone())
        .collect();
    assert!(!edits.is_empty(), "{:#?}", report.findings);
    assert!(edits.iter().all(|v| v == "6"), "{edits:?}");
    // 2.19.0 does not check it; khcidr's own rule names the same index.
    let report = run(&plan("2.19.0"));
    let clash = all(&report, Code::SubnetIndexCollision);
    assert!(
        clash
            .iter()
            .any(|f| f.fix == "set nat_router_subnet_index to a free index, e.g. 6"),
        "{clash:#?}"
    );
}

#[test]
fn a_plan_without_agent_pools_has_no_agent_subnet_to_measure() {
    let plan = Plan {
        agents: Vec::new(),
        ..Plan::default()
    };
    assert_eq!(run(&plan).capacity.agent_nodes_per_subnet, None);
    let one = Plan {
        agents: vec![AgentPool::new(1)],
        ..Plan::default()
    };
    assert!(run(&one).capacity.agent_nodes_per_subnet.is_some());
}

#[test]
fn three_x_contract_edges_on_dns_the_nat_subnet_and_the_vswitch() {
    let errors = |plan: &Plan| -> Vec<String> {
        run(plan)
            .layout
            .terraform_errors
            .iter()
            .map(|e| e.detail.clone())
            .collect()
    };
    let base = || Plan {
        module_version: release("3.1.0"),
        control_plane_lb: true,
        ..Plan::default()
    };
    // A valid DNS address needs the service range.
    let dns = "cluster_dns_ipv4 must be a valid IPv4 address and requires service_ipv4_cidr to be enabled.";
    let no_service = Plan {
        service_ipv4_cidr: String::new(),
        cluster_dns_ipv4: "10.43.0.10".into(),
        ..base()
    };
    assert!(errors(&no_service).iter().any(|e| e == dns));
    // 50 pools and a NAT router on a pool's index: still 50 subnets.
    let full = Plan {
        agents: (0..48).map(|_| AgentPool::new(1)).collect(),
        control_planes: vec![1, 1],
        nat_router: NatRouter::On,
        nat_router_subnet_index: 0,
        ..base()
    };
    assert!(!errors(&full)
        .iter()
        .any(|e| e.starts_with("Hetzner Cloud Networks support at most 50 subnets. Disable NAT")));
    // The vSwitch and the NAT router apart only matters when both are on.
    let same = "vswitch_subnet_index must not equal nat_router_subnet_index when both vSwitch and nat_router are enabled.";
    let shared = |vswitch: bool, nat_router: NatRouter| Plan {
        vswitch,
        nat_router,
        nat_router_subnet_index: 100,
        vswitch_subnet_index: 100,
        ..base()
    };
    assert!(errors(&shared(true, NatRouter::On))
        .iter()
        .any(|e| e == same));
    assert!(!errors(&shared(true, NatRouter::Off))
        .iter()
        .any(|e| e == same));
    assert!(!errors(&shared(false, NatRouter::On))
        .iter()
        .any(|e| e == same));
}

#[test]
fn future_nodepools_are_counted_within_hetzners_50_subnets() {
    // 2.19.0, 256 /24 subnets of 10.0.0.0/16: two agent pools (0, 1), one control-plane
    // pool (255), 3 subnets used, room for 47 more. A pod range on subnet k is where the
    // (k+1)th agent pool or the (256-k)th control-plane pool would land.
    let future = |cluster: &str| -> Vec<String> {
        let plan = Plan {
            module_version: release("2.19.0"),
            network_ipv4_cidr: "10.0.0.0/16".into(),
            cluster_ipv4_cidr: cluster.into(),
            control_planes: vec![1],
            agents: vec![AgentPool::new(1), AgentPool::new(1)],
            ..Plan::default()
        };
        all(&run(&plan), Code::PodSubnetOverlap)
            .iter()
            .filter(|f| f.severity == Severity::Info)
            .map(|f| f.message.clone())
            .collect()
    };
    let says = |cluster: &str, words: &str| {
        let found = future(cluster);
        assert!(
            found.iter().any(|m| m.starts_with(words)),
            "{cluster}: {found:#?}"
        );
    };
    says(
        "10.0.10.0/24",
        "the 11th agent nodepool would get subnet 10.0.10.0/24",
    );
    says(
        "10.0.20.0/24",
        "the 21st agent nodepool would get subnet 10.0.20.0/24",
    );
    says(
        "10.0.22.0/24",
        "the 23rd agent nodepool would get subnet 10.0.22.0/24",
    );
    // The 49th agent pool is the 47th new one: the last that fits; the 50th does not.
    says(
        "10.0.48.0/24",
        "the 49th agent nodepool would get subnet 10.0.48.0/24",
    );
    assert!(
        future("10.0.49.0/24").is_empty(),
        "{:#?}",
        future("10.0.49.0/24")
    );
    says(
        "10.0.254.0/24",
        "the 2nd control-plane nodepool would get subnet 10.0.254.0/24",
    );
    says(
        "10.0.244.0/24",
        "the 12th control-plane nodepool would get subnet 10.0.244.0/24",
    );
    says(
        "10.0.208.0/24",
        "the 48th control-plane nodepool would get subnet 10.0.208.0/24",
    );
    assert!(
        future("10.0.207.0/24").is_empty(),
        "{:#?}",
        future("10.0.207.0/24")
    );
}

#[test]
fn before_3_0_the_nat_index_clashes_with_a_pool_exactly_on_the_pools_indexes() {
    // 2.19.0, 8 subnets: three agent pools take 0 to 2, two control-plane pools 7 and 6.
    let clash = |agents: u32, nat: u32| -> Vec<String> {
        let plan = Plan {
            module_version: release("2.19.0"),
            subnet_count: 8,
            agents: (0..agents).map(|_| AgentPool::new(1)).collect(),
            control_planes: vec![1, 1],
            nat_router: NatRouter::On,
            nat_router_subnet_index: nat,
            control_plane_lb: true,
            ..Plan::default()
        };
        all(&run(&plan), Code::SubnetIndexCollision)
            .iter()
            .map(|f| f.message.clone())
            .filter(|m| m.starts_with("the NAT router's subnet index"))
            .collect()
    };
    assert_eq!(
        clash(3, 2),
        ["the NAT router's subnet index 2 is an agent nodepool's subnet"]
    );
    assert!(clash(3, 3).is_empty());
    assert!(clash(3, 5).is_empty());
    assert_eq!(
        clash(3, 6),
        ["the NAT router's subnet index 6 is a control-plane nodepool's subnet"]
    );
    assert_eq!(
        clash(3, 7),
        ["the NAT router's subnet index 7 is a control-plane nodepool's subnet"]
    );
    // Without agent pools, index 0 is free.
    assert!(clash(0, 0).is_empty());
    assert_eq!(
        clash(0, 8),
        ["the NAT router's subnet index 8 is outside the 8 subnets (0 to 7)"]
    );
}

#[test]
fn subnets_smaller_than_hetzners_30_are_refused_at_apply() {
    // 2.19.0: 128 subnets of a /24 are /31s; 64 are /30s, Hetzner's smallest.
    let plan = |count: u32| Plan {
        module_version: release("2.19.0"),
        network_ipv4_cidr: "10.0.0.0/24".into(),
        subnet_count: count,
        control_planes: vec![1],
        agents: vec![AgentPool::new(1)],
        ..Plan::default()
    };
    let small = all(&run(&plan(128)), Code::SubnetTooSmall)
        .iter()
        .find(|f| {
            f.message
                .starts_with("128 subnets of 10.0.0.0/24 are /31 each")
        })
        .map(|f| f.fix.clone());
    assert_eq!(
        small.as_deref(),
        Some("use at most subnet_count = 64, or a larger network")
    );
    assert!(!all(&run(&plan(64)), Code::SubnetTooSmall)
        .iter()
        .any(|f| f.message.contains("Hetzner's smallest subnet is a /30")));
}

#[test]
fn a_pod_block_holding_the_networks_gateway_is_refused_when_no_subnet_names_it() {
    // 2.19.0 without agent pools: subnet 0, which holds 10.0.0.1, is unused, and node 1's
    // block 10.0.0.0/24 holds the gateway.
    let plan = Plan {
        module_version: release("2.19.0"),
        network_ipv4_cidr: "10.0.0.0/16".into(),
        cluster_ipv4_cidr: "10.0.0.0/20".into(),
        control_planes: vec![1],
        agents: Vec::new(),
        ..Plan::default()
    };
    let finding = all(&run(&plan), Code::PodSubnetOverlap)
        .into_iter()
        .find(|f| f.message.contains("the gateway of the network"))
        .cloned()
        .expect("the gateway's block is named");
    assert_eq!(finding.severity, Severity::Error);
    assert!(
        finding
            .message
            .starts_with("pod block 10.0.0.0/24 holds 10.0.0.1, the gateway of the network"),
        "{}",
        finding.message
    );
}

#[test]
fn a_growing_collision_says_it_or_the_first_of_them() {
    // Pods in 10.0.192.0/18 of a /16 network: blocks 62, 63 and 64 land on the three
    // control-plane subnets (a warning: 5 nodes planned); one control-plane pool, one block.
    let plan = |control_planes: Vec<u32>| Plan {
        network_ipv4_cidr: "10.0.0.0/16".into(),
        cluster_ipv4_cidr: "10.0.192.0/18".into(),
        control_planes,
        ..Plan::default()
    };
    let three = find(
        &run(&plan(vec![1, 1, 1])),
        Code::PodSubnetOverlap,
        Severity::Warning,
    );
    assert!(
        three
            .message
            .contains("; the first is handed out at node 62"),
        "{}",
        three.message
    );
    let one = find(
        &run(&plan(vec![1])),
        Code::PodSubnetOverlap,
        Severity::Warning,
    );
    assert!(
        one.message.contains("; it is handed out at node 64"),
        "{}",
        one.message
    );
}

#[test]
fn a_pin_on_a_subnets_own_address_names_the_pool_that_placed_it() {
    use khcidr_core::Field;
    // 2.19.0, 128 /31 subnets of a /24: pins start at host 0, the subnet's network address.
    let mut plan = Plan {
        module_version: release("2.19.0"),
        network_ipv4_cidr: "10.0.0.0/24".into(),
        subnet_count: 128,
        control_planes: vec![1],
        agents: vec![AgentPool::new(1), AgentPool::new(1), AgentPool::new(0)],
        nat_router: NatRouter::On,
        nat_router_subnet_index: 5,
        control_plane_lb: true,
        ..Plan::default()
    };
    plan.agents[1].subnet_ip_range = Some("10.0.0.2/31".into());
    let pins: Vec<(String, Vec<Field>)> = all(&run(&plan), Code::SubnetTooSmall)
        .iter()
        .filter(|f| f.message.contains(" pins nodes from host 0 on"))
        .map(|f| {
            (
                f.message.split(" pins").next().unwrap().to_string(),
                f.fields.clone(),
            )
        })
        .collect();
    assert_eq!(
        pins,
        [
            (
                "agent pool 0 subnet 10.0.0.0/31".to_string(),
                vec![Field::Agents, Field::SubnetCount]
            ),
            (
                "agent pool 1 subnet 10.0.0.2/31".to_string(),
                vec![Field::AgentSubnetRange(1), Field::SubnetCount]
            ),
            (
                "control-plane pool 0 subnet 10.0.0.254/31".to_string(),
                vec![Field::ControlPlanes, Field::SubnetCount]
            ),
        ],
        "no finding for the empty pool or the NAT router's subnet"
    );
}

#[test]
fn a_pools_own_range_over_module_subnets_is_refused_for_each_it_covers() {
    // 2.19.0, /24 subnets of 10.0.0.0/16; agent pool 0 given its own range.
    let overlaps = |pools: usize, own: &str| -> Vec<String> {
        let mut plan = Plan {
            module_version: release("2.19.0"),
            network_ipv4_cidr: "10.0.0.0/16".into(),
            agents: (0..pools).map(|_| AgentPool::new(1)).collect(),
            control_planes: vec![1],
            ..Plan::default()
        };
        plan.agents[0].subnet_ip_range = Some(own.into());
        all(&run(&plan), Code::SubnetOverlap)
            .iter()
            .map(|f| f.message.split(" overlap;").next().unwrap().to_string())
            .collect()
    };
    // Pool 0's own /22 covers pools 1 to 3's subnets.
    assert_eq!(
        overlaps(4, "10.0.0.0/22"),
        [
            "agent pool 0 subnet 10.0.0.0/22 and agent pool 1 subnet 10.0.1.0/24",
            "agent pool 0 subnet 10.0.0.0/22 and agent pool 2 subnet 10.0.2.0/24",
            "agent pool 0 subnet 10.0.0.0/22 and agent pool 3 subnet 10.0.3.0/24",
        ]
    );
    // The wider of two that start together comes first, whatever the pools' order.
    assert_eq!(
        overlaps(2, "10.0.1.0/25"),
        ["agent pool 1 subnet 10.0.1.0/24 and agent pool 0 subnet 10.0.1.0/25"]
    );
}

#[test]
fn a_future_pools_fix_keeps_the_pods_clear_of_the_services() {
    // The 49th agent pool would land on the pods; their fix skips 10.0.49.0/24 (grown
    // into) and 10.0.50.0/24 (the services).
    let plan = Plan {
        module_version: release("2.19.0"),
        network_ipv4_cidr: "10.0.0.0/16".into(),
        cluster_ipv4_cidr: "10.0.48.0/24".into(),
        service_ipv4_cidr: "10.0.50.0/24".into(),
        control_planes: vec![1],
        agents: vec![AgentPool::new(1), AgentPool::new(1)],
        ..Plan::default()
    };
    let future = all(&run(&plan), Code::PodSubnetOverlap)
        .into_iter()
        .find(|f| f.message.starts_with("the 49th agent nodepool"))
        .cloned()
        .expect("the 49th agent pool is foreseen");
    assert!(
        future
            .fix
            .ends_with("e.g. cluster_ipv4_cidr = \"10.0.51.0/24\""),
        "{}",
        future.fix
    );
}

#[test]
fn before_3_0_pools_meet_only_when_they_outnumber_the_subnets() {
    let meet = |agents: u32, control_planes: u32| -> bool {
        let plan = Plan {
            module_version: release("2.19.0"),
            subnet_count: 4,
            agents: (0..agents).map(|_| AgentPool::new(1)).collect(),
            control_planes: (0..control_planes).map(|_| 1).collect(),
            ..Plan::default()
        };
        all(&run(&plan), Code::SubnetIndexCollision)
            .iter()
            .any(|f| f.message.ends_with("so they meet"))
    };
    assert!(!meet(2, 2));
    assert!(meet(3, 2));
    assert!(meet(2, 3));
    assert!(!meet(1, 3));
    assert!(meet(1, 4));
}

#[test]
fn before_3_0_a_clashing_nat_index_is_offered_its_default_else_the_highest_free() {
    // 2.19.0, 256 subnets: agent pools take 0 and 1, control-plane pools 255 to 253.
    let plan = |vswitch: Option<u32>, nat: u32| Plan {
        module_version: release("2.19.0"),
        nat_router: NatRouter::On,
        nat_router_subnet_index: nat,
        vswitch: vswitch.is_some(),
        vswitch_subnet_index: vswitch.unwrap_or(201),
        control_plane_lb: true,
        ..Plan::default()
    };
    let fixes = |plan: &Plan| -> Vec<String> {
        all(&run(plan), Code::SubnetIndexCollision)
            .iter()
            .filter(|f| f.message.starts_with("the NAT router"))
            .map(|f| f.fix.clone())
            .collect()
    };
    assert_eq!(
        fixes(&plan(None, 0)),
        ["set nat_router_subnet_index to a free index, e.g. 200"]
    );
    // The vSwitch holds 200: the highest index no pool takes.
    assert_eq!(
        fixes(&plan(Some(200), 0)),
        ["set nat_router_subnet_index to a free index, e.g. 252"]
    );
    // One index for both.
    let both: Vec<String> = all(&run(&plan(Some(100), 100)), Code::SubnetIndexCollision)
        .iter()
        .map(|f| f.message.clone())
        .collect();
    assert_eq!(
        both,
        ["the NAT router and the vSwitch both take subnet index 100"]
    );
    assert!(all(&run(&plan(Some(101), 100)), Code::SubnetIndexCollision).is_empty());
}

#[test]
fn each_finding_has_an_identity_by_code_and_order() {
    // 3.1.0 without control-plane pools: the module's own checks fail three times
    // (variables.tf: at least one control-plane nodepool; an odd count; ...).
    let plan = Plan {
        module_version: release("3.1.0"),
        control_planes: vec![],
        ..Plan::default()
    };
    let report = run(&plan);
    let errors: Vec<khcidr_core::FindingId> = report
        .identified()
        .filter(|(id, _)| id.code == Code::TerraformError)
        .map(|(id, _)| id)
        .collect();
    assert!(errors.len() >= 2, "{errors:?}");
    for (nth, id) in errors.iter().enumerate() {
        assert_eq!(id.nth, nth);
        let same: Vec<&khcidr_core::Finding> = all(&report, Code::TerraformError);
        assert_eq!(report.get(*id), Some(same[nth]));
    }
    assert_eq!(errors[0].to_string(), "terraform-error");
    assert_eq!(errors[1].to_string(), "terraform-error-2");
    let past = khcidr_core::FindingId {
        code: Code::TerraformError,
        nth: errors.len(),
    };
    assert_eq!(report.get(past), None);
    // Another code's findings are numbered on their own.
    let (first, _) = report.identified().next().unwrap();
    assert_eq!(first.nth, 0);
}

#[test]
fn a_nat_router_index_past_the_subnets_is_moved_to_the_modules_default_where_free() {
    // variables.tf: nat_router_subnet_index defaults to 200; 256 subnets hold it, and no
    // nodepool takes it.
    for version in ["2.19.0", "3.1.0"] {
        let plan = Plan {
            module_version: release(version),
            nat_router: NatRouter::On,
            nat_router_subnet_index: 300,
            control_plane_lb: true,
            ..Plan::default()
        };
        let report = run(&plan);
        let moved: Vec<String> = all(&report, Code::SubnetIndexCollision)
            .iter()
            .flat_map(|f| f.apply.iter().map(|c| c.value.clone()))
            .collect();
        assert!(
            !moved.is_empty() && moved.iter().all(|v| v == "200"),
            "{version}: {moved:?}"
        );
    }
}

#[test]
fn the_ingress_load_balancer_in_3x_cites_3x() {
    // A /24 cut in 256 gives /32 subnets: cidrhost(agent subnet 0, -2) fails, and the
    // error cites init.tf:29-35 at 3.0.0, not the 2.18.5 expression.
    let plan = Plan {
        module_version: release("3.0.0"),
        network_ipv4_cidr: "10.0.0.0/24".into(),
        subnet_count: 256,
        control_planes: vec![1],
        agents: vec![AgentPool::new(1)],
        ..Plan::default()
    };
    let report = run(&plan);
    let ingress = report
        .layout
        .terraform_errors
        .iter()
        .find(|e| e.what.starts_with("the ingress load balancer's IP"))
        .expect("the ingress load balancer fails");
    assert_eq!(ingress.source, "init.tf:29-35 @3.0.0");
}
