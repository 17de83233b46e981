//! Every plan Terraform evaluated from the module's own expressions (tests/fixtures/module,
//! 60 per release era): khcidr must compute the same subnets, node, NAT router, load
//! balancer and DNS addresses, the same route and k3s flags, and fail where Terraform fails.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use khcidr_core::{
    check, AgentPool, Catalog, IngressController, Lang, Layout, NatRouter, Plan, Release, Report,
    Role, SubnetMode,
};
use serde_json::Value;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/module");

/// The plan a fixture describes (`inputs`), on one release.
fn plan(inputs: &Value, release: &Release) -> Plan {
    let text = |key: &str| inputs[key].as_str().map(str::to_string);
    let number = |key: &str| inputs[key].as_u64().map(|n| u32::try_from(n).unwrap());
    let counts = |key: &str| -> Vec<u32> {
        inputs[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| u32::try_from(n.as_u64().unwrap()).unwrap())
            .collect()
    };
    let defaults = Plan::default();
    Plan {
        module_version: release.clone(),
        network_ipv4_cidr: text("network_ipv4_cidr").unwrap(),
        cluster_ipv4_cidr: text("cluster_ipv4_cidr").unwrap(),
        service_ipv4_cidr: text("service_ipv4_cidr").unwrap_or(defaults.service_ipv4_cidr),
        cluster_dns_ipv4: text("cluster_dns_ipv4").unwrap_or_default(),
        subnet_count: number("subnet_count").unwrap_or(defaults.subnet_count),
        subnet_mode: match inputs["subnet_mode"].as_str() {
            Some("shared") => SubnetMode::Shared,
            _ => SubnetMode::PerNodepool,
        },
        control_planes: counts("control_plane_pools"),
        agents: counts("agent_pools")
            .into_iter()
            .map(AgentPool::new)
            .collect(),
        nat_router: inputs["nat_router"]
            .as_str()
            .unwrap()
            .parse::<NatRouter>()
            .unwrap(),
        nat_router_subnet_index: number("nat_router_subnet_index")
            .unwrap_or(defaults.nat_router_subnet_index),
        vswitch: inputs["vswitch"].as_bool().unwrap(),
        vswitch_subnet_index: number("vswitch_subnet_index")
            .unwrap_or(defaults.vswitch_subnet_index),
        control_plane_lb: inputs["control_plane_lb"].as_bool().unwrap(),
        ingress_controller: if inputs["ingress_lb"].as_bool().unwrap() {
            IngressController::Traefik
        } else {
            IngressController::None
        },
        klipper_metal_lb: inputs["enable_klipper_metal_lb"].as_bool().unwrap(),
        ..defaults
    }
}

/// The templates of a report's sentences the catalog lacks: its findings, what an
/// upgrade moves, its verdict.
fn untranslated(report: &Report, catalog: &Catalog) -> BTreeSet<&'static str> {
    let moves = report.upgrade.iter().flat_map(|u| &u.changes);
    report
        .findings
        .iter()
        .flat_map(|f| [&f.words.message, &f.words.symptom, &f.words.fix])
        .chain(moves.flat_map(|m| {
            [
                &m.words.what,
                &m.words.before,
                &m.words.after,
                &m.words.applying,
            ]
        }))
        .flat_map(|t| t.missing(catalog))
        .chain(report.verdict().missing(catalog))
        .collect()
}

fn ip_list(ips: &[std::net::Ipv4Addr]) -> Value {
    Value::Array(ips.iter().map(|ip| Value::String(ip.to_string())).collect())
}

fn opt<T: ToString>(value: Option<T>) -> Value {
    value.map_or(Value::Null, |v| Value::String(v.to_string()))
}

/// Node IPs per pool as the fixture lists them (`null`: Hetzner assigns).
fn pool_ips(layout: &Layout, role: Role, counts: &[u32]) -> Value {
    let pools = layout.subnets.iter().filter(|s| s.role == role);
    if let Some(shared) = pools.clone().find(|s| s.pool.is_none()) {
        let mut ips = shared.node_ips.iter();
        return Value::Array(
            counts
                .iter()
                .map(|&n| {
                    if shared.ips_assigned_by_hetzner {
                        Value::Null
                    } else {
                        ip_list(&ips.by_ref().take(n as usize).copied().collect::<Vec<_>>())
                    }
                })
                .collect(),
        );
    }
    Value::Array(
        (0..counts.len())
            .map(|k| match pools.clone().find(|s| s.pool == Some(k)) {
                Some(s) if s.ips_assigned_by_hetzner => Value::Null,
                Some(s) => ip_list(&s.node_ips),
                None => Value::Null,
            })
            .collect(),
    )
}

fn subnets(layout: &Layout) -> BTreeSet<String> {
    layout
        .subnets
        .iter()
        .map(|s| {
            format!(
                "{} pool={:?} index={:?} {}",
                s.role.as_str(),
                s.pool,
                s.index,
                s.cidr
            )
        })
        .collect()
}

fn fixture_subnets(result: &Value) -> BTreeSet<String> {
    result["subnets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            format!(
                "{} pool={:?} index={:?} {}",
                s["role"].as_str().unwrap(),
                s["pool"].as_u64().map(|p| p as usize),
                s["index"].as_u64().map(|i| i as u32),
                s["cidr"].as_str().unwrap()
            )
        })
        .collect()
}

/// What differs between khcidr's layout and Terraform's result, one line each.
fn compare(layout: &Layout, inputs: &Value, result: &Value) -> Vec<String> {
    let counts = |key: &str| -> Vec<u32> {
        inputs[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_u64().unwrap() as u32)
            .collect()
    };
    let route_via = layout.default_route.map(|r| r.via);
    let k3s = |flags: &khcidr_core::module::K3sFlags| {
        serde_json::json!({
            "cluster_cidr": flags.cluster_cidr, "service_cidr": flags.service_cidr, "cluster_dns": flags.cluster_dns
        })
    };
    let ingress_mode = serde_json::to_value(layout.ingress_lb).unwrap();
    let ours: Vec<(&str, Value)> = vec![
        (
            "agent_ips",
            pool_ips(layout, Role::Agent, &counts("agent_pools")),
        ),
        (
            "control_plane_ips",
            pool_ips(layout, Role::ControlPlane, &counts("control_plane_pools")),
        ),
        ("nat_router_ips", ip_list(&layout.nat_router_ips)),
        ("nat_gateway_ip", opt(layout.nat_gateway_ip)),
        (
            "vswitch_subnet",
            opt(layout
                .subnets
                .iter()
                .find(|s| s.role == Role::Vswitch)
                .map(|s| s.cidr)),
        ),
        ("cp_lb_ip", opt(layout.load_balancer_ip)),
        ("cp_lb_subnet", opt(layout.load_balancer_subnet)),
        ("ingress_lb_mode", ingress_mode),
        ("ingress_lb_ip", opt(layout.ingress_lb_ip)),
        ("ingress_lb_subnet", opt(layout.ingress_lb_subnet)),
        ("dns_ip", opt(layout.dns_ip)),
        ("network_gateway", opt(route_via)),
        (
            "node_ip_offset",
            layout.node_ip_offset.map_or(Value::Null, Value::from),
        ),
        (
            "k3s.first_control_plane",
            k3s(&layout.k3s.first_control_plane),
        ),
        (
            "k3s.other_control_planes",
            k3s(&layout.k3s.other_control_planes),
        ),
    ];
    let mut out = Vec::new();
    let (mine, theirs) = (subnets(layout), fixture_subnets(result));
    if mine != theirs {
        out.push(format!("subnets: khcidr {mine:?}, terraform {theirs:?}"));
    }
    for (key, value) in ours {
        let expected = match key.split_once('.') {
            Some((a, b)) => &result[a][b],
            None => &result[key],
        };
        if &value != expected {
            out.push(format!("{key}: khcidr {value}, terraform {expected}"));
        }
    }
    out
}

/// Each of Terraform's errors: its summary and the first paragraph of its detail.
fn details(errors: &Value) -> Vec<(String, String)> {
    errors
        .as_array()
        .map(|list| {
            list.iter()
                .map(|e| {
                    let detail = e["detail"].as_str().unwrap();
                    (
                        e["summary"].as_str().unwrap().to_string(),
                        detail.split("\n\n").next().unwrap().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn every_fixture_plan_matches_terraform() {
    let eras: Value =
        serde_json::from_str(&fs::read_to_string(Path::new(FIXTURES).join("eras.json")).unwrap())
            .unwrap();
    let mut mismatches = Vec::new();
    let mut checked = 0;
    let mut cited = BTreeSet::new();
    // Every finding any of these plans raises has its words in Chinese.
    let zh = Catalog::builtin(Lang::ZhCn).unwrap();
    let mut lacking = BTreeSet::new();
    for era in eras.as_array().unwrap() {
        let name = era["era"].as_str().unwrap();
        let fixtures: Value = serde_json::from_str(
            &fs::read_to_string(Path::new(FIXTURES).join(format!("{name}.json"))).unwrap(),
        )
        .unwrap();
        let releases: Vec<Release> = ["first_tag", "last_tag"]
            .iter()
            .map(|k| era[k].as_str().unwrap().parse().unwrap())
            .collect();
        for fixture in fixtures.as_array().unwrap() {
            let id = fixture["id"].as_str().unwrap();
            // Current Terraform (1.12 and later) where it differs from 1.11.
            let outcome = fixture.get("tf_ge_1_12").unwrap_or(fixture);
            for release in &releases {
                checked += 1;
                let report = check(&plan(&fixture["inputs"], release));
                lacking.extend(untranslated(&report, &zh));
                let layout = &report.layout;
                for d in layout
                    .terraform_errors
                    .iter()
                    .chain(&layout.terraform_warnings)
                {
                    cited.insert((name, release.to_string(), d.source.clone()));
                }
                let mut problems = Vec::new();
                let theirs = details(&outcome["error"]);
                let ours: Vec<(&str, &str)> = layout
                    .terraform_errors
                    .iter()
                    .map(|e| (e.summary.as_str(), e.detail.as_str()))
                    .collect();
                if theirs.is_empty() != ours.is_empty() {
                    problems.push(format!("errors: khcidr {ours:?}, terraform {theirs:?}"));
                } else {
                    // Every diagnostic Terraform prints must be among khcidr's. khcidr may
                    // list more: Terraform skips whatever depends on a value that already
                    // failed, and the oracle groups the module's subnets into one local, so
                    // it skips more than the module would.
                    // The same summary, and a detail Terraform's begins with.
                    for (summary, detail) in &theirs {
                        if !ours
                            .iter()
                            .any(|(s, d)| s == summary && detail.starts_with(d))
                        {
                            problems.push(format!(
                                "terraform's error {summary:?}: {detail:?} is not among khcidr's {ours:?}"
                            ));
                        }
                    }
                }
                let warned = outcome["warnings"]
                    .as_array()
                    .is_some_and(|w| !w.is_empty());
                if warned == layout.terraform_warnings.is_empty() {
                    problems.push(format!(
                        "warnings: khcidr {:?}, terraform {}",
                        layout.terraform_warnings, outcome["warnings"]
                    ));
                }
                if let Some(result) = outcome.get("result").filter(|r| !r.is_null()) {
                    problems.extend(compare(layout, &fixture["inputs"], result));
                }
                mismatches.extend(
                    problems
                        .into_iter()
                        .map(|p| format!("{id} on {release}: {p}")),
                );
            }
        }
    }
    assert!(checked >= 2 * 1320, "only {checked} fixture checks ran");
    // A citation names the line in a release no later than the plan's: never the future.
    for (era, release, source) in &cited {
        let cited: Release = source
            .rsplit_once(" @")
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or_else(|| panic!("{source}: not FILE:LINE @RELEASE"));
        let release: Release = release.parse().unwrap();
        assert!(cited <= release, "{era}: {release} cites {source}");
    }
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
    assert!(lacking.is_empty(), "no Chinese words for: {lacking:#?}");
}

/// Terraform's `cidrsubnet` and `cidrhost` as a kube.tf calls them: each value and each
/// reason is what Terraform 1.12 printed for the same call (the reader's cases,
/// crates/kubetf/tests/fixtures/terraform-eval; Terraform prefixes `Call to function
/// "cidrhost" failed: ` and ends the sentence with a full stop).
#[test]
fn terraform_s_cidr_functions_word_for_word() {
    use khcidr_core::module::{terraform_cidrhost, terraform_cidrsubnet};
    let subnet = |p: &str, bits: i64, num: i64| terraform_cidrsubnet(p, bits, num);
    assert_eq!(subnet("10.42.0.0/16", 4, 4), Ok("10.42.64.0/20".into()));
    assert_eq!(
        subnet("10.42.64.0/20", 2, 7),
        Err("prefix extension of 2 does not accommodate a subnet numbered 7".into())
    );
    // Host bits are dropped first: 10.1.2.3/16 is 10.1.0.0/16.
    assert_eq!(subnet("10.1.2.3/16", 4, 7), Ok("10.1.112.0/20".into()));
    assert_eq!(
        subnet("10.1.2.3/16", 9, 512),
        Err("prefix extension of 9 does not accommodate a subnet numbered 512".into())
    );
    assert_eq!(
        subnet("192.168.0.0/16", 9, 332),
        Ok("192.168.166.0/25".into())
    );
    assert_eq!(
        subnet("192.168.166.0/25", 40, 1),
        Err("insufficient address space to extend prefix of 25 by 40".into())
    );
    // To /32 exactly is room enough; one bit more is not.
    assert_eq!(subnet("10.0.0.0/24", 8, 255), Ok("10.0.0.255/32".into()));
    assert_eq!(
        subnet("10.0.0.0/24", 9, 0),
        Err("insufficient address space to extend prefix of 24 by 9".into())
    );
    let host = |p: &str, num: i64| terraform_cidrhost(p, num);
    assert_eq!(host("10.42.0.0/16", 0), Ok("10.42.0.0".into()));
    assert_eq!(host("10.42.0.0/16", -1), Ok("10.42.255.255".into()));
    assert_eq!(host("10.42.0.0/16", 1), Ok("10.42.0.1".into()));
    assert_eq!(host("10.0.0.0/16", 2737), Ok("10.0.10.177".into()));
    assert_eq!(host("100.64.0.0/10", -256), Ok("100.127.255.0".into()));
    assert_eq!(host("10.0.0.0/8", 16_777_215), Ok("10.255.255.255".into()));
    assert_eq!(
        host("10.0.0.0/8", 16_777_216),
        Err("prefix of 8 does not accommodate a host numbered 16777216".into())
    );
    assert_eq!(
        host("10.1.2.3/16", 65_537),
        Err("prefix of 16 does not accommodate a host numbered 65537".into())
    );
    // Terraform quotes the text it could not read; this does not (it may be a secret).
    for text in ["10.0.0.0", "10.0.0.0/33"] {
        assert_eq!(
            host(text, 1),
            Err("invalid CIDR expression: not an IPv4 CIDR address".into()),
            "{text}"
        );
    }
}

/// Where a node's address fails, the finding cites the module's line in the plan's own
/// release, as ERAS.md cites it (eras.json): agents.tf, control_planes.tf and the subnets
/// in main.tf, era by era.
#[test]
fn node_address_failures_cite_the_line_of_the_plan_s_release() {
    let eras: Value =
        serde_json::from_str(&fs::read_to_string(Path::new(FIXTURES).join("eras.json")).unwrap())
            .unwrap();
    let mut checked = 0;
    for era in eras.as_array().unwrap() {
        let refs: BTreeSet<&str> = era["citations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["ref"].as_str().unwrap())
            .collect();
        for tag in ["first_tag", "last_tag"] {
            let release: Release = era[tag].as_str().unwrap().parse().unwrap();
            // /24 pool subnets (/26 in 2.18.0's quarters): 200 nodes from host 101 do not fit.
            let report = check(&Plan {
                module_version: release.clone(),
                network_ipv4_cidr: "10.0.0.0/16".into(),
                control_planes: vec![201],
                agents: vec![AgentPool::new(200)],
                ..Plan::default()
            });
            // 300 pools of each kind and the NAT router's and vSwitch's subnets on index
            // 300: past the 256 subnets, each subnet (main.tf) is an index Terraform cannot
            // find.
            let tiny = check(&Plan {
                module_version: release.clone(),
                control_planes: vec![1; 300],
                agents: vec![AgentPool::new(1); 300],
                nat_router: NatRouter::On,
                nat_router_subnet_index: 300,
                vswitch: true,
                vswitch_subnet_index: 300,
                ..Plan::default()
            });
            let errors = report.layout.terraform_errors.iter();
            for e in errors.chain(&tiny.layout.terraform_errors) {
                let (place, _) = e.source.split_once(" @").unwrap();
                if ["agents.tf", "control_planes.tf", "main.tf"]
                    .iter()
                    .any(|file| place.starts_with(file))
                {
                    checked += 1;
                    assert!(
                        refs.contains(place),
                        "{release} cites {}, not among {refs:?}",
                        e.source
                    );
                }
            }
        }
    }
    assert!(checked >= 40, "only {checked} citations checked");
}

/// Terraform's resource address of a subnet in a fixture's result or a layout.
fn subnet_address(role: &str, pool: Option<u64>) -> String {
    let index = pool.unwrap_or(0);
    match role {
        "control-plane" => format!("hcloud_network_subnet.control_plane[{index}]"),
        "agent" => format!("hcloud_network_subnet.agent[{index}]"),
        "nat-router" => "hcloud_network_subnet.nat_router[0]".into(),
        "vswitch" => "hcloud_network_subnet.vswitch_subnet[0]".into(),
        _ => "hcloud_network_subnet.peripherals".into(),
    }
}

/// A node's address as the upgrade words it: the IP, or `chosen by Hetzner`.
fn node_address(pool: &Value, i: usize) -> Option<String> {
    match pool {
        Value::Null => Some("chosen by Hetzner".into()),
        Value::Array(ips) => ips.get(i).and_then(|ip| ip.as_str()).map(str::to_string),
        _ => None,
    }
}

/// Each pair of neighbouring eras, both ways round: the plans of one era's fixtures, with
/// the allocation Terraform computed for them on that era, upgraded to (or from) the other
/// era. A node, subnet, CoreDNS address, pinned control-plane load balancer or NAT router
/// is reported as moving exactly when Terraform's value on the fixture's side differs
/// from the other side's (for the load balancer, where the release upgraded to does not
/// ignore its `ip`), and the move names Terraform's value.
#[test]
fn upgrades_across_every_era_boundary_move_exactly_what_differs() {
    use khcidr_core::{Era, MoveKind};
    let mut problems = Vec::new();
    let mut compared = 0;
    let zh = Catalog::builtin(Lang::ZhCn).unwrap();
    let mut lacking = BTreeSet::new();
    for pair in Era::ALL.windows(2) {
        let (from, to) = (pair[0].releases().1, pair[1].releases().0);
        for (era, fixture_side_is_before) in [(pair[0], true), (pair[1], false)] {
            let name = ERA_NAMES[Era::ALL.iter().position(|e| *e == era).unwrap()];
            let fixtures: Value = serde_json::from_str(
                &fs::read_to_string(Path::new(FIXTURES).join(format!("{name}.json"))).unwrap(),
            )
            .unwrap();
            for fixture in fixtures.as_array().unwrap() {
                let outcome = fixture.get("tf_ge_1_12").unwrap_or(fixture);
                let Some(result) = outcome.get("result").filter(|r| !r.is_null()) else {
                    continue;
                };
                let inputs = &fixture["inputs"];
                let (own, other) = if fixture_side_is_before {
                    (&from, &to)
                } else {
                    (&to, &from)
                };
                let other_layout = check(&plan(inputs, other)).layout;
                let before_layout = if fixture_side_is_before {
                    check(&plan(inputs, &from)).layout
                } else {
                    other_layout.clone()
                };
                if !other_layout.terraform_errors.is_empty()
                    || !before_layout.terraform_errors.is_empty()
                {
                    continue;
                }
                compared += 1;
                let report = check(&Plan {
                    upgrade_to: Some(to.clone()),
                    ..plan(inputs, &from)
                });
                lacking.extend(untranslated(&report, &zh));
                let changes = &report.upgrade.as_ref().unwrap().changes;
                let id = format!(
                    "{} {from} → {to} ({own} side)",
                    fixture["id"].as_str().unwrap()
                );
                let moved = |kind: MoveKind, what: &str| {
                    changes.iter().find(|m| m.kind == kind && m.what == what)
                };
                // The fixture's value on its side, the other release's value as khcidr computes it.
                let mut expect = |kind: MoveKind,
                                  what: String,
                                  theirs: Option<String>,
                                  ours: Option<String>,
                                  moves: bool| {
                    let (Some(theirs), Some(ours)) = (theirs, ours) else {
                        return;
                    };
                    let found = moved(kind, &what);
                    let (before, after) = if fixture_side_is_before {
                        (&theirs, &ours)
                    } else {
                        (&ours, &theirs)
                    };
                    match found {
                        Some(m)
                            if moves
                                && !(m.before.starts_with(before.as_str())
                                    && m.after.starts_with(after.as_str())) =>
                        {
                            problems.push(format!("{id}: {what}: {} → {}, terraform and khcidr say {before} → {after}", m.before, m.after));
                        }
                        Some(m)
                            if !moves
                                && (theirs != ours
                                    || !m.before.starts_with(before.as_str())
                                    || !m.after.starts_with(after.as_str())) =>
                        {
                            problems.push(format!(
                                "{id}: {what} reported moving {} → {}, but it stays {theirs}",
                                m.before, m.after
                            ));
                        }
                        None if moves => problems.push(format!(
                            "{id}: {what} moves {before} → {after}, not reported"
                        )),
                        _ => {}
                    }
                };
                for (role, key, counts_key) in [
                    (
                        Role::ControlPlane,
                        "control_plane_ips",
                        "control_plane_pools",
                    ),
                    (Role::Agent, "agent_ips", "agent_pools"),
                ] {
                    let counts: Vec<u32> = inputs[counts_key]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|n| n.as_u64().unwrap() as u32)
                        .collect();
                    let theirs = &result[key];
                    let ours = pool_ips(&other_layout, role, &counts);
                    for (k, &n) in counts.iter().enumerate() {
                        for i in 0..n.min(64) as usize {
                            let t = node_address(&theirs[k], i);
                            let o = node_address(&ours[k], i);
                            // Hetzner choosing on both sides: nothing is said.
                            let both_hetzner = t.as_deref() == Some("chosen by Hetzner") && t == o;
                            if both_hetzner {
                                continue;
                            }
                            let what = format!("{} pool {k} node {i}", role.as_str());
                            let moves = t != o;
                            expect(MoveKind::Node, what, t, o, moves);
                        }
                    }
                }
                let theirs_subnets: BTreeMap<String, String> = result["subnets"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|s| {
                        (
                            subnet_address(s["role"].as_str().unwrap(), s["pool"].as_u64()),
                            s["cidr"].as_str().unwrap().to_string(),
                        )
                    })
                    .collect();
                for s in &other_layout.subnets {
                    let address = subnet_address(s.role.as_str(), s.pool.map(|p| p as u64));
                    if let Some(t) = theirs_subnets.get(&address) {
                        let o = s.cidr.to_string();
                        let moves = *t != o;
                        expect(MoveKind::Subnet, address, Some(t.clone()), Some(o), moves);
                    }
                }
                let text = |v: &Value| v.as_str().map(str::to_string);
                let (t, o) = (
                    text(&result["dns_ip"]),
                    other_layout.dns_ip.map(|ip| ip.to_string()),
                );
                let moves = t != o;
                expect(MoveKind::Dns, "CoreDNS".into(), t, o, moves);
                let (t, o) = (
                    text(&result["cp_lb_ip"]),
                    other_layout.load_balancer_ip.map(|ip| ip.to_string()),
                );
                let same_subnet = text(&result["cp_lb_subnet"])
                    == other_layout.load_balancer_subnet.map(|s| s.to_string());
                if same_subnet {
                    // From 2.17.0 the module ignores a change of the attachment's `ip`
                    // (lifecycle ignore_changes, control_planes.tf:67 at 2.17.0).
                    let moves = t != o && !to.at_least(2, 17, 0);
                    expect(
                        MoveKind::LoadBalancer,
                        "control-plane load balancer".into(),
                        t,
                        o,
                        moves,
                    );
                }
                let theirs_nat: Vec<String> = result["nat_router_ips"]
                    .as_array()
                    .map(|a| a.iter().filter_map(text).collect())
                    .unwrap_or_default();
                for (i, (t, o)) in theirs_nat
                    .iter()
                    .zip(&other_layout.nat_router_ips)
                    .enumerate()
                {
                    let o = o.to_string();
                    let moves = *t != o;
                    expect(
                        MoveKind::NatRouter,
                        format!("NAT router {i}"),
                        Some(t.clone()),
                        Some(o),
                        moves,
                    );
                }
            }
        }
    }
    assert!(compared >= 900, "only {compared} upgrades compared");
    assert!(lacking.is_empty(), "no Chinese words for: {lacking:#?}");
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The fixture files, in the order of `Era::ALL`.
const ERA_NAMES: [&str; 22] = [
    "e01_v2.0.0-v2.3.2",
    "e02_v2.4.0-v2.7.2",
    "e03_v2.8.0-v2.9.1",
    "e04_v2.9.2-v2.11.0",
    "e05_v2.11.1-v2.12.2",
    "e06_v2.13.0-v2.14.1",
    "e07_v2.14.2",
    "e08_v2.14.3-v2.15.4",
    "e09_v2.16.0-v2.16.1",
    "e10_v2.17.0",
    "e11_v2.17.1",
    "e12_v2.17.2-v2.17.4",
    "e13_v2.18.0",
    "e14_v2.18.1-v2.18.2",
    "e15_v2.18.3-v2.18.4",
    "e16_v2.18.5",
    "e17_v2.19.0-v2.19.1",
    "e18_v2.19.2",
    "e19_v2.19.3",
    "e20_v2.20.0-v2.21.0",
    "e21_v3.0.0",
    "e22_v3.0.1-v3.1.0",
];
