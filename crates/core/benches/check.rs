//! Native benchmark of `check`: the default plan and a 100-node, 50-subnet plan.
//! Prints one JSON object with the median nanoseconds per call of each.
//! Run with `cargo bench -p khcidr-core --bench check`.

use std::hint::black_box;
use std::time::Instant;

use khcidr_core::{check, AgentPool, NatRouter, Plan};

/// Median of `rounds` timings, each the mean over a batch sized to take about 5 ms.
fn median_ns(plan: &Plan, rounds: usize) -> f64 {
    let start = Instant::now();
    let mut calls = 0u32;
    while start.elapsed().as_millis() < 5 {
        black_box(check(black_box(plan)));
        calls += 1;
    }
    let batch = calls.max(1);
    let mut samples: Vec<f64> = (0..rounds)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..batch {
                black_box(check(black_box(plan)));
            }
            t.elapsed().as_nanos() as f64 / f64::from(batch)
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

fn large() -> Plan {
    // 45 agent pools + 3 control-plane pools + NAT router + vSwitch = 50 subnets;
    // 97 nodes + 3 control planes = 100 nodes.
    let mut agents: Vec<AgentPool> = (0..45).map(|_| AgentPool::new(2)).collect();
    agents[0].nodes = 9;
    Plan {
        network_ipv4_cidr: "10.0.0.0/16".into(),
        cluster_ipv4_cidr: "10.100.0.0/16".into(),
        service_ipv4_cidr: "10.101.0.0/16".into(),
        agents,
        nat_router: NatRouter::On,
        nat_router_subnet_index: 100,
        vswitch: true,
        vswitch_subnet_index: 101,
        ..Plan::default()
    }
}

fn main() {
    let large = large();
    let report = check(&large);
    assert_eq!(
        report.capacity.subnets_used, 50,
        "the large plan allocates 50 subnets"
    );
    assert_eq!(
        report.layout.planned_nodes, 100,
        "the large plan has 100 nodes"
    );
    let default_ns = median_ns(&Plan::default(), 31);
    let large_ns = median_ns(&large, 31);
    println!("{{\"core_check_ns_median\":{{\"default\":{default_ns:.0},\"large_100_nodes_50_subnets\":{large_ns:.0}}}}}");
}
