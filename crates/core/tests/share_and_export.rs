//! The URL fragment round-trips plans and survives hostile links; exports say the same plan.

mod common;

use common::*;
use khcidr_core::export::{cli, kube_tf};
use khcidr_core::share::{decode, encode, MAX_POOLS};
use khcidr_core::{AgentPool, Cni, NatRouter, Plan, SubnetMode};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

#[test]
fn the_fix_reads_like_kube_tf_in_the_link() {
    let plan = Plan {
        agents: vec![AgentPool::new(2), AgentPool::new(1)],
        ..suggested_fix()
    };
    assert_eq!(
        encode(&plan),
        "network_ipv4_cidr=10.20.0.0/16&cluster_ipv4_cidr=10.20.128.0/17&service_ipv4_cidr=10.20.64.0/19\
         &cluster_dns_ipv4=10.20.64.10&control_planes=1,1,1&agents=2,1"
    );
}

#[test]
fn every_setting_round_trips() {
    let plan = Plan {
        module_version: v2(),
        subnet_count: 64,
        subnet_mode: SubnetMode::Shared,
        nat_router: NatRouter::Redundant,
        nat_router_subnet_index: 40,
        vswitch: true,
        vswitch_subnet_index: 41,
        node_mask: 25,
        cni: Cni::CiliumNative,
        routes: false,
        tailscale: true,
        control_plane_lb: true,
        autoscaler_max_nodes: 7,
        nodes: Some(40),
        cluster_dns_ipv4: "10.43.0.53".into(),
        ingress_controller: khcidr_core::IngressController::Haproxy,
        klipper_metal_lb: true,
        disable_ipv4: true,
        autoscaler_disable_ipv4: true,
        // Names and places, with the link's separators in a file name.
        unknown: vec![
            khcidr_core::Unknown {
                name: "var.network".into(),
                at: "my,odd@file%.tf:12".into(),
                setting: khcidr_core::Key::Network,
            },
            khcidr_core::Unknown {
                name: "data.hcloud_network.x.ip_range".into(),
                at: "kube.tf:3".into(),
                setting: khcidr_core::Key::Agents,
            },
        ],
        terraform: Some("1.11.4".parse().unwrap()),
        upgrade_to: Some("3.1.0".parse().unwrap()),
        agents: vec![
            AgentPool {
                subnet_ip_range: Some("10.100.0.0/16".into()),
                ..AgentPool::keyed(vec![0, 5])
            },
            AgentPool::new(3),
        ],
        control_plane_names: vec!["cp-fsn1".into()],
        agent_names: vec!["".into(), "storage".into()],
        ..Plan::default()
    };
    let decoded = decode(&format!("#{}", encode(&plan)));
    assert_eq!(decoded.ignored, []);
    assert_eq!(decoded.plan, plan);
    // Every key the README documents is in that link, spelt as documented: a link someone
    // saved keeps working. The table holds exactly these keys.
    const DOCUMENTED: [&str; 30] = [
        "network_ipv4_cidr",
        "cluster_ipv4_cidr",
        "service_ipv4_cidr",
        "cluster_dns_ipv4",
        "control_planes",
        "agents",
        "agent_subnets",
        "agent_keys",
        "control_plane_names",
        "agent_names",
        "autoscaler_max",
        "module_version",
        "terraform_version",
        "upgrade_to",
        "subnet_count",
        "subnet_mode",
        "nat_router",
        "nat_router_index",
        "vswitch",
        "vswitch_index",
        "node_mask",
        "cni",
        "routes",
        "tailscale",
        "control_plane_lb",
        "ingress_controller",
        "klipper_metal_lb",
        "disable_ipv4",
        "autoscaler_disable_ipv4",
        "nodes",
    ];
    let link = encode(&plan);
    let keys: Vec<&str> = link
        .split('&')
        .filter_map(|item| item.split_once('=').map(|(k, _)| k))
        .collect();
    for key in DOCUMENTED {
        assert!(keys.contains(&key), "{key} missing from {link}");
    }
    let mut table: Vec<&str> = khcidr_core::settings::SETTINGS
        .iter()
        .map(|s| s.key.as_str())
        .collect();
    let mut documented = DOCUMENTED.to_vec();
    table.sort_unstable();
    documented.sort_unstable();
    assert_eq!(table, documented);
}

#[test]
fn old_links_with_a_major_pick_its_newest_release() {
    assert_eq!(
        decode("module_version=v2").plan.module_version.to_string(),
        "2.21.0"
    );
    assert_eq!(
        decode("module_version=v3").plan.module_version,
        Plan::default().module_version
    );
    let unknown = decode("module_version=2.18.9");
    assert_eq!(unknown.plan.module_version, Plan::default().module_version);
    assert!(
        unknown.ignored[0]
            .reason
            .en()
            .contains("not a published release"),
        "{:?}",
        unknown.ignored
    );
}

#[test]
fn hostile_links_keep_the_valid_part_and_say_what_was_ignored() {
    let decoded = decode("network_ipv4_cidr=10.20.0.0/16&agents=1,x&cni=<script>&bogus=1&nodes=99999999999&node_mask=abc");
    assert_eq!(decoded.plan.network_ipv4_cidr, "10.20.0.0/16");
    assert_eq!(decoded.plan.agents, Plan::default().agents);
    assert_eq!(decoded.plan.cni, Cni::Flannel);
    let keys: Vec<&str> = decoded.ignored.iter().map(|i| i.key.as_str()).collect();
    assert_eq!(keys, ["agents", "cni", "bogus", "nodes", "node_mask"]);
    assert!(decoded.ignored[2].reason.en().starts_with("unknown key"));

    let many = format!("agents={}", vec!["1"; 5000].join(","));
    let decoded = decode(&many);
    assert_eq!(decoded.plan.agents.len(), MAX_POOLS);
    assert!(decoded
        .ignored
        .iter()
        .any(|i| i.reason.en().contains("only the first 256 of")));

    let huge = "a".repeat(1 << 20);
    assert!(decode(&huge)
        .ignored
        .iter()
        .any(|i| i.reason.en().contains("longer than 4096")));
}

#[test]
fn text_values_are_escaped_and_come_back_verbatim() {
    let plan = Plan {
        network_ipv4_cidr: "10.0.0.0/8&x=\"1\" #".into(),
        ..Plan::default()
    };
    let fragment = encode(&plan);
    assert!(
        fragment.starts_with("network_ipv4_cidr=10.0.0.0/8%26x%3D%221%22%20%23&"),
        "{fragment}"
    );
    assert_eq!(decode(&fragment).plan, plan);
}

#[test]
fn kube_tf_lists_only_what_differs_from_the_defaults() {
    assert_eq!(
        kube_tf(&suggested_fix()),
        "# Network plan checked with khcidr; only values that differ from the module defaults.\n\
         network_ipv4_cidr = \"10.20.0.0/16\"\n\
         cluster_ipv4_cidr = \"10.20.128.0/17\"\n\
         service_ipv4_cidr = \"10.20.64.0/19\"\n\
         cluster_dns_ipv4 = \"10.20.64.10\"\n"
    );
    assert!(kube_tf(&Plan::default()).contains("nothing: this plan is the module's default"));
}

#[test]
fn cli_line_reproduces_the_plan() {
    assert_eq!(
        cli(&incident(v2())),
        "khcidr check --network 10.20.128.0/17 --cluster 10.20.128.0/20 --service 10.20.144.0/20 --agents 2 --module-version 2.17.4"
    );
    // A NAT router is `--nat-router`, a redundant pair `--nat-router=redundant`; a range
    // left empty is written empty, not dropped.
    let nat = |nat_router: NatRouter, service: &str| {
        cli(&Plan {
            nat_router,
            service_ipv4_cidr: service.into(),
            ..Plan::default()
        })
    };
    assert_eq!(
        nat(NatRouter::On, "10.43.0.0/16"),
        "khcidr check --network 10.0.0.0/8 --cluster 10.42.0.0/16 --service 10.43.0.0/16 --nat-router"
    );
    assert_eq!(
        nat(NatRouter::Redundant, ""),
        "khcidr check --network 10.0.0.0/8 --cluster 10.42.0.0/16 --service= --nat-router=redundant"
    );
    let odd = Plan {
        network_ipv4_cidr: "10.0.0.0/8'; rm -rf /".into(),
        ..Plan::default()
    };
    assert!(
        cli(&odd).contains("--network '10.0.0.0/8'\\''; rm -rf /'"),
        "{}",
        cli(&odd)
    );
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("KHCIDR_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(1000),
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn decode_never_panics(text in any::<String>()) {
        let decoded = decode(&text);
        prop_assert!(decoded.plan.agents.len() <= MAX_POOLS && decoded.plan.control_planes.len() <= MAX_POOLS);
    }

    #[test]
    fn encode_then_decode_is_the_same_plan(
        network in "[ -~]{0,40}",
        agents in prop::collection::vec(0u32..=10_000, 0..=50),
        control_planes in prop::collection::vec(0u32..=10_000, 0..=50),
        mask in any::<u8>(),
        nodes in prop::option::of(0u32..=10_000),
    ) {
        let plan = Plan {
            network_ipv4_cidr: network,
            agents: agents.into_iter().map(AgentPool::new).collect(),
            control_planes,
            node_mask: mask,
            nodes,
            ..Plan::default()
        };
        let decoded = decode(&encode(&plan));
        prop_assert_eq!(decoded.ignored, vec![]);
        prop_assert_eq!(decoded.plan, plan);
    }
}

#[test]
fn view_keys_are_not_plan_keys_and_round_trip() {
    let decoded =
        decode("network_ipv4_cidr=10.20.0.0/16&embed=1&readonly=true&transparent=1&inputs=0");
    assert_eq!(decoded.ignored, []);
    assert!(
        decoded.view.embed
            && decoded.view.readonly
            && decoded.view.transparent
            && !decoded.view.inputs
    );
    assert_eq!(decoded.view.suffix(), "&embed=1&readonly=1&transparent=1");
    assert_eq!(decoded.plan.network_ipv4_cidr, "10.20.0.0/16");
}

#[test]
fn the_embed_snippet_points_at_the_fixed_plan_and_sizes_itself() {
    use khcidr_core::export::{embed_snippet, Sizing};
    use khcidr_core::share::{Theme, View};
    let view = View {
        readonly: true,
        theme: Theme::Dark,
        focus: Some(khcidr_core::Code::PodSubnetOverlap),
        ..View::default()
    };
    let url = "https://example.org/khcidr/#old";
    let snippet = embed_snippet(url, &suggested_fix(), view, Sizing::Script);
    assert!(snippet.starts_with(
        "<iframe src=\"https://example.org/khcidr/#network_ipv4_cidr=10.20.0.0/16&amp;cluster_ipv4_cidr=10.20.128.0/17"
    ), "{snippet}");
    assert!(
        snippet
            .contains("&amp;embed=1&amp;readonly=1&amp;theme=dark&amp;focus=pod-subnet-overlap\""),
        "{snippet}"
    );
    assert!(snippet.contains("title=\"kube-hetzner IPv4 plan: network 10.20.0.0/16, pods 10.20.128.0/17, services 10.20.64.0/19 (khcidr)\""), "{snippet}");
    assert!(
        snippet.ends_with("<script src=\"https://example.org/khcidr/embed.js\" async></script>\n"),
        "{snippet}"
    );
    let inline = embed_snippet(url, &suggested_fix(), view, Sizing::Inline);
    assert!(
        inline.contains("event.data.type !== 'khcidr:height'"),
        "{inline}"
    );
    assert!(
        inline.contains("  for (const frame of document.querySelectorAll('iframe')) {\n"),
        "{inline}"
    );
    // Only khcidr's own origin sizes a frame, and never past 20,000 px, as embed.js does.
    assert!(
        inline.contains("if (event.origin !== 'https://example.org') return;"),
        "{inline}"
    );
    assert!(
        inline.contains("Math.ceil(Math.min(event.data.height, 20000)) + 'px'"),
        "{inline}"
    );
    let relative = embed_snippet("./", &suggested_fix(), view, Sizing::Inline);
    assert!(
        relative.contains("if (event.origin !== location.origin) return;"),
        "{relative}"
    );
    // The view keys read back.
    let decoded = khcidr_core::share::decode(&format!("#x=1{}", view.suffix()));
    assert_eq!(
        (decoded.view.theme, decoded.view.focus),
        (Theme::Dark, view.focus)
    );
}

#[test]
fn a_choice_that_does_not_parse_names_every_choice() {
    assert_eq!(
        "x".parse::<NatRouter>().unwrap_err().to_string(),
        "unknown NAT router setting; expected one of: off, on, redundant"
    );
    assert_eq!(
        "cilium".parse::<Cni>().unwrap_err().to_string(),
        "unknown CNI; expected one of: flannel, cilium-tunnel, cilium-native, calico"
    );
    // Written as in kube.tf (underscores) or in any case, a choice reads.
    assert_eq!("Cilium_Native".parse::<Cni>(), Ok(Cni::CiliumNative));
}

#[test]
fn a_value_is_kept_up_to_64_characters() {
    use khcidr_core::settings::{apply, MAX_TEXT};
    use khcidr_core::Change;
    let set = |value: String| {
        apply(
            &Plan::default(),
            &[Change {
                setting: khcidr_core::Key::Network,
                value,
            }],
        )
        .network_ipv4_cidr
    };
    assert_eq!(MAX_TEXT, 64);
    assert_eq!(set("x".repeat(64)), "x".repeat(64));
    // Longer is refused, and the plan keeps its value.
    assert_eq!(set("x".repeat(65)), "10.0.0.0/8");
}

#[test]
fn what_a_release_lacks_is_said_from_its_first_release_on() {
    use khcidr_core::settings::Setting;
    let nat = Setting::by_key("nat_router").unwrap();
    let on = |version: &str, nat_router: NatRouter| Plan {
        module_version: version.parse().unwrap(),
        nat_router,
        ..Plan::default()
    };
    // nat_router from 2.18.0 (variables.tf at 2.18.0); a redundant pair from 2.19.2.
    assert_eq!(nat.lacking_in(&on("2.18.0", NatRouter::On)), None);
    assert_eq!(
        nat.lacking_in(&on("2.17.4", NatRouter::On))
            .map(|r| r.to_string()),
        Some("2.18.0".into())
    );
    assert_eq!(nat.lacking_in(&on("2.19.2", NatRouter::Redundant)), None);
    assert_eq!(
        nat.lacking_in(&on("2.19.1", NatRouter::Redundant))
            .map(|r| r.to_string()),
        Some("2.19.2".into())
    );
    // Only a value that differs from the module's default is missing.
    assert_eq!(nat.missing_in(&on("2.17.4", NatRouter::Off)), None);
}

#[test]
fn a_release_before_2_19_uses_256_subnets_and_before_3_0_one_per_pool() {
    let plan = |version: &str| Plan {
        module_version: version.parse().unwrap(),
        subnet_count: 16,
        subnet_mode: SubnetMode::Shared,
        ..Plan::default()
    };
    assert_eq!(plan("2.18.5").effective_subnet_count(), 256);
    assert_eq!(plan("2.19.0").effective_subnet_count(), 16);
    assert_eq!(
        plan("2.21.0").effective_subnet_mode(),
        SubnetMode::PerNodepool
    );
    assert_eq!(plan("3.0.0").effective_subnet_mode(), SubnetMode::Shared);
}

#[test]
fn a_pool_takes_up_to_10000_node_keys_as_it_takes_a_count() {
    use khcidr_core::settings::{apply, MAX_NODES};
    use khcidr_core::Change;
    let keys = |n: u32| {
        let value = format!(
            "0={}",
            (0..n).map(|k| k.to_string()).collect::<Vec<_>>().join("/")
        );
        apply(
            &Plan::default(),
            &[Change {
                setting: khcidr_core::Key::AgentKeys,
                value,
            }],
        )
        .agents[0]
            .count()
    };
    assert_eq!(MAX_NODES, 10_000);
    assert_eq!(keys(3), 3);
    assert_eq!(keys(10_000), 10_000);
    // One more is refused, and the pool keeps its count.
    assert_eq!(keys(10_001), 1);
}

/// The settings table is a contract: its link keys and flags appear in links and scripts
/// people keep, its variables in the kube.tf lines it writes. Any change to it shows here as
/// a change to tests/fixtures/settings.txt, to be read before it is accepted
/// (`KHCIDR_BLESS=1 cargo test -p khcidr-core --test share_and_export` rewrites it).
#[test]
fn the_settings_table_changes_only_on_purpose() {
    use khcidr_core::settings::{Hcl, SETTINGS};
    use khcidr_core::{IngressController, Release};
    let releases: Vec<Release> = ["2.0.0", "2.18.4", "2.19.0", "3.0.0"]
        .iter()
        .map(|r| r.parse().unwrap())
        .collect();
    let unusual = Plan {
        nat_router: NatRouter::Redundant,
        ingress_controller: IngressController::Haproxy,
        ..Plan::default()
    };
    let custom = Plan {
        ingress_controller: IngressController::Custom,
        ..Plan::default()
    };
    let mut text = String::new();
    for s in SETTINGS {
        let variables: Vec<String> = releases
            .iter()
            .map(|r| format!("{r}={}", (s.variable)(r.era()).unwrap_or("-")))
            .collect();
        let hcl = match s.hcl {
            Hcl::None => "none",
            Hcl::Text => "text",
            Hcl::Bare => "bare",
            Hcl::Custom(_) => "custom",
        };
        text.push_str(&format!(
            "{} --{} <{}> {:?} always={:?} late={} hcl={hcl} since={}/{}/{} variable {}\n    {}\n",
            s.key,
            s.flag,
            s.value_name,
            s.kind,
            s.always,
            s.late,
            (s.since)(&Plan::default()).map_or("-".to_string(), |r| r.to_string()),
            (s.since)(&unusual).map_or("-".to_string(), |r| r.to_string()),
            (s.since)(&custom).map_or("-".to_string(), |r| r.to_string()),
            variables.join(" "),
            khcidr_core::settings::help(s.key),
        ));
    }
    assert_reviewed(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/settings.txt"),
        &text,
        "cargo test -p khcidr-core --test share_and_export",
    );
}

#[test]
fn kube_tf_writes_the_nat_router_and_own_subnets_as_the_release_takes_them() {
    let on = |version: &str, edit: fn(&mut Plan)| {
        let mut plan = Plan {
            module_version: version.parse().unwrap(),
            ..Plan::default()
        };
        edit(&mut plan);
        kube_tf(&plan)
    };
    let one = "nat_router = { server_type = \"...\", location = \"...\" }";
    let pair =
        "nat_router = { server_type = \"...\", location = \"...\", enable_redundancy = true, standby_location = \"...\" }";
    assert!(on("2.19.2", |p| p.nat_router = NatRouter::On).contains(one));
    assert!(on("2.19.2", |p| p.nat_router = NatRouter::Redundant).contains(pair));
    // Before 2.19.2 there is no redundant pair to ask for.
    assert!(!on("2.19.1", |p| p.nat_router = NatRouter::Redundant).contains("enable_redundancy"));
    assert!(!on("3.1.0", |_| {}).contains("nat_router"));
    let own = on("3.1.0", |p| {
        p.agents[1].subnet_ip_range = Some("10.100.0.0/16".into());
    });
    assert!(
        own.contains("# agent_nodepools[1]: subnet_ip_range = \"10.100.0.0/16\""),
        "{own}"
    );
    assert!(
        !own.contains("agent_nodepools[0]: subnet_ip_range"),
        "{own}"
    );
}

#[test]
fn changing_the_pool_counts_keeps_a_nodes_map_only_while_its_size_holds() {
    use khcidr_core::settings::apply;
    use khcidr_core::Change;
    let keyed = Plan {
        agents: vec![AgentPool::keyed(vec![0, 5, 9]), AgentPool::new(1)],
        ..Plan::default()
    };
    let counts = |value: &str| {
        apply(
            &keyed,
            &[Change {
                setting: khcidr_core::Key::Agents,
                value: value.into(),
            }],
        )
        .agents
        .iter()
        .map(|a| a.keys.clone())
        .collect::<Vec<_>>()
    };
    assert_eq!(counts("3,2"), [vec![0, 5, 9], vec![]]);
    assert_eq!(counts("4,2"), [vec![], vec![]]);
}

#[test]
fn a_pasted_value_reads_as_the_bare_value() {
    use khcidr_core::settings::pasted;
    for (text, bare) in [
        (r#"network_ipv4_cidr = "10.0.0.0/8""#, "10.0.0.0/8"),
        (r#"  "10.42.0.0/16","#, "10.42.0.0/16"),
        ("--service=10.43.0.0/16", "10.43.0.0/16"),
        ("cluster-dns='10.43.0.10'", "10.43.0.10"),
        ("10.0.0.", "10.0.0."),
        ("\"", "\""),
        ("''", ""),
        // Not a name before `=`: kept as it is.
        ("a b = 10.0.0.0/8", "a b = 10.0.0.0/8"),
        ("= 10.0.0.0/8", "= 10.0.0.0/8"),
        ("network_ipv4_cidr =", "network_ipv4_cidr ="),
    ] {
        assert_eq!(pasted(text), bare, "{text}");
    }
}

#[test]
fn every_key_has_one_setting_and_parses_back() {
    for &key in khcidr_core::Key::ALL {
        let entries = khcidr_core::settings::SETTINGS
            .iter()
            .filter(|s| s.key == key)
            .count();
        assert_eq!(
            entries, 1,
            "{key} has {entries} entries in the settings table"
        );
        assert_eq!(khcidr_core::Key::parse(key.as_str()), Some(key));
        assert_eq!(
            khcidr_core::settings::Setting::by_key(key.as_str()).map(|s| s.key),
            Some(key)
        );
    }
    assert_eq!(
        khcidr_core::settings::SETTINGS.len(),
        khcidr_core::Key::ALL.len()
    );
    assert_eq!(khcidr_core::Key::parse("network"), None);
}

#[test]
fn an_ignored_key_reads_as_key_and_reason() {
    let decoded = decode("#bogus=1");
    let ignored: Vec<String> = decoded.ignored.iter().map(|i| i.to_string()).collect();
    assert_eq!(ignored, ["bogus: unknown key; default kept"]);
}

#[test]
fn an_agent_pools_own_subnet_applies_after_the_pools_whatever_the_links_order() {
    // Pool 2 exists only once `agents` is read (the default plan has two pools).
    let decoded = decode("#agent_subnets=2%3D10.100.0.0%2F24&agents=1,1,2");
    assert_eq!(decoded.plan.agents.len(), 3);
    assert_eq!(
        decoded.plan.agents[2].subnet_ip_range.as_deref(),
        Some("10.100.0.0/24")
    );
    assert!(decoded.ignored.is_empty(), "{:?}", decoded.ignored);
}

#[test]
fn a_link_of_exactly_the_limit_is_read_whole_and_a_longer_one_is_cut_on_a_character() {
    use khcidr_core::share::MAX_FRAGMENT;
    // Exactly MAX_FRAGMENT characters: nothing is cut.
    let value = "cluster_dns_ipv4=10.43.0.10";
    let exact = format!("#{}{value}", "&".repeat(MAX_FRAGMENT - value.len()));
    let decoded = decode(&exact);
    assert!(
        decoded.ignored.iter().all(|i| i.key != "(link)"),
        "{:?}",
        decoded.ignored
    );
    assert_eq!(decoded.plan.cluster_dns_ipv4, "10.43.0.10");
    // One more, a two-byte character across the limit: the cut backs off to before it.
    let value = "cluster_dns_ipv4=10.43.0.1é";
    let over = format!("#{}{value}", "&".repeat(MAX_FRAGMENT + 1 - value.len()));
    let decoded = decode(&over);
    assert!(decoded.ignored.iter().any(|i| i.key == "(link)"));
    assert_eq!(decoded.plan.cluster_dns_ipv4, "10.43.0.1");
}

#[test]
fn the_pages_own_longer_fragment_reads_back_whole() {
    // 50 pools defined by `nodes` maps: past a link's limit, within the page's own.
    let plan = Plan {
        agents: (0..MAX_POOLS as u32)
            .map(|k| AgentPool::keyed((0..22).map(|n| n * 7 + k % 7).collect()))
            .collect(),
        ..Plan::default()
    };
    let fragment = encode(&plan);
    assert!(fragment.len() > khcidr_core::share::MAX_FRAGMENT);
    let decoded = khcidr_core::share::decode_own(&fragment);
    assert!(decoded.ignored.is_empty(), "{:?}", decoded.ignored);
    assert_eq!(decoded.plan, plan);
}

#[test]
fn every_settings_help_names_the_first_release_that_has_it() {
    // The help's "(from X)" is the table's own first release, written once more for
    // people: a typo in either fails here.
    for s in khcidr_core::settings::SETTINGS {
        if let Some(first) = (s.since)(&Plan::default()) {
            assert!(
                khcidr_core::settings::help(s.key).contains(&format!("(from {first}")),
                "--{}: {:?} does not say from {first}",
                s.flag,
                khcidr_core::settings::help(s.key)
            );
        }
    }
}

#[test]
fn a_field_is_named_as_its_release_names_the_variable() {
    use khcidr_core::{settings::variable, Era, Field};
    // variables.tf: subnet_amount at 2.19.0, renamed subnet_count at 3.0.0;
    // use_control_plane_lb renamed enable_control_plane_load_balancer at 3.0.0.
    assert_eq!(variable(Field::SubnetCount, Era::V2_19_0), "subnet_amount");
    assert_eq!(variable(Field::SubnetCount, Era::V3_0_1), "subnet_count");
    assert_eq!(
        variable(Field::ControlPlaneLb, Era::V2_18_3),
        "use_control_plane_lb"
    );
    assert_eq!(
        variable(Field::ControlPlaneLb, Era::V3_0_0),
        "enable_control_plane_load_balancer"
    );
    // A pool's own range keeps its index; the node mask is not a module variable.
    assert_eq!(
        variable(Field::AgentSubnetRange(2), Era::V3_0_1),
        "agent_nodepools[2].subnet_ip_range"
    );
    assert_eq!(
        variable(Field::NodeMask, Era::V3_0_1),
        "node_cidr_mask_size"
    );
}

#[test]
fn front_ends_show_a_missing_value_and_a_count_the_same_way() {
    use khcidr_core::{or_dash, Severity};
    assert_eq!(or_dash(None::<u64>), "–");
    assert_eq!(or_dash(Some(110)), "110");
    assert_eq!(Severity::Error.counted(1).en(), "1 error");
    assert_eq!(Severity::Warning.counted(2).en(), "2 warnings");
    assert_eq!(Severity::Info.counted(0).en(), "0 infos");
}

/// A nodepool count past what is checked keeps the list: the count is taken as the most
/// that is, and a note says so; a count at the limit is taken as it is.
#[test]
fn a_count_past_the_limit_keeps_the_other_pools() {
    let decoded = decode("agents=10001,2&control_planes=10000");
    assert_eq!(
        decoded
            .plan
            .agents
            .iter()
            .map(|a| a.nodes)
            .collect::<Vec<_>>(),
        [10_000, 2]
    );
    assert_eq!(decoded.plan.control_planes, [10_000]);
    let reasons: Vec<String> = decoded.ignored.iter().map(|i| i.reason.en()).collect();
    assert_eq!(
        reasons,
        ["1 nodepool count(s) above 10000 checked as 10000"]
    );
}

/// The `unknown` key keeps at most 64 values, and says how many it could not read.
#[test]
fn a_links_unknown_values_are_bounded_and_odd_items_are_counted() {
    let items: Vec<String> = (0..70)
        .map(|i| format!("var.v{i}@kube.tf:{i}@network_ipv4_cidr"))
        .collect();
    let decoded = decode(&format!("unknown={}", items.join(",")));
    assert_eq!(decoded.plan.unknown.len(), 64);
    assert_eq!(decoded.plan.unknown[63].name, "var.v63");
    let reasons: Vec<String> = decoded.ignored.iter().map(|i| i.reason.en()).collect();
    assert_eq!(reasons, ["6 unknown value(s) not read"]);
    let odd =
        decode("unknown=var.a@kube.tf:1,var.b@kube.tf:2@no_such_setting,var.c@kube.tf:3@agents");
    assert_eq!(odd.plan.unknown.len(), 1);
    assert_eq!(odd.plan.unknown[0].name, "var.c");
    let reasons: Vec<String> = odd.ignored.iter().map(|i| i.reason.en()).collect();
    assert_eq!(reasons, ["2 unknown value(s) not read"]);
}

/// The kube.tf lines write the autoscaler's public IPv4 switch in the release's own words:
/// 3.x asks the other way round.
#[test]
fn the_autoscalers_public_ipv4_is_written_in_each_releases_words() {
    let lines = |version: &str| {
        khcidr_core::export::kube_tf(&Plan {
            module_version: version.parse().unwrap(),
            autoscaler_disable_ipv4: true,
            ..Plan::default()
        })
    };
    assert!(lines("2.18.4").contains("autoscaler_disable_ipv4 = true"));
    assert!(lines("3.1.0").contains("autoscaler_enable_public_ipv4 = false"));
    assert!(!lines("3.1.0").contains("autoscaler_disable_ipv4"));
}

#[test]
fn nodepool_names_travel_in_the_link_and_nothing_else_does() {
    let plan = Plan {
        agent_names: vec!["".into(), "storage".into()],
        control_plane_names: vec!["cp-fsn1".into()],
        ..Plan::default()
    };
    let fragment = khcidr_core::share::encode(&plan);
    assert!(fragment.contains("agent_names=,storage"), "{fragment}");
    assert!(
        fragment.contains("control_plane_names=cp-fsn1"),
        "{fragment}"
    );
    assert_eq!(khcidr_core::share::decode(&fragment).plan, plan);
    // A name is letters, digits, - and _: markup in a link is refused with a notice.
    let decoded = khcidr_core::share::decode("agent_names=%3Cscript%3E");
    assert!(decoded.plan.agent_names.is_empty());
    assert_eq!(decoded.ignored.len(), 1);
}

#[test]
fn a_link_names_at_most_as_many_pools_as_it_may_hold() {
    // MAX_POOLS (256) names are taken; one more is refused with a notice.
    let names = |n: usize| vec!["p"; n].join(",");
    let at_most = khcidr_core::share::decode(&format!("agent_names={}", names(256)));
    assert_eq!(at_most.plan.agent_names.len(), 256);
    assert!(at_most.ignored.is_empty());
    let over = khcidr_core::share::decode(&format!("agent_names={}", names(257)));
    assert!(over.plan.agent_names.is_empty());
    assert_eq!(over.ignored.len(), 1);
}

#[test]
fn details_asks_a_read_only_embed_for_every_finding_card() {
    let decoded = khcidr_core::share::decode("embed=1&readonly=1&details=1");
    assert!(decoded.ignored.is_empty(), "{:?}", decoded.ignored);
    assert!(decoded.view.details && decoded.view.readonly && decoded.view.embed);
    assert_eq!(decoded.view.suffix(), "&embed=1&readonly=1&details=1");
    assert!(!khcidr_core::share::decode("embed=1").view.details);
}
