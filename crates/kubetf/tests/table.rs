//! Each argument the reader models and each rule of Terraform's it follows, with the value
//! Terraform (or the module's variables.tf) gives: one case a line where it can be.

use khcidr_core::{Cni, IngressController, NatRouter, Plan};
use khcidr_kubetf::{automatic_rank, read, File, Installed, Reading, Values};

fn module(version: &str, body: &str) -> Vec<File> {
    vec![File {
        name: "kube.tf".into(),
        text: format!(
            "module \"k\" {{\n  source  = \"kube-hetzner/kube-hetzner/hcloud\"\n  version = \"{version}\"\n{body}\n}}\n"
        ),
    }]
}

fn plan(version: &str, body: &str) -> Plan {
    read("kube.tf", &module(version, body), &[], &[])
        .expect("reads")
        .plan
}

fn notes(r: &Reading) -> String {
    r.all_notes(None).into_iter().collect::<Vec<_>>().join("\n")
}

#[test]
fn each_modelled_argument_reads_as_the_module_takes_it() {
    let v3 = "3.1.0";
    // NAT router: one, or a redundant pair with enable_redundancy.
    assert_eq!(
        plan(
            v3,
            "nat_router = { server_type = \"cx22\", location = \"nbg1\" }"
        )
        .nat_router,
        NatRouter::On
    );
    assert_eq!(
        plan(v3, "nat_router = { enable_redundancy = true }").nat_router,
        NatRouter::Redundant
    );
    assert_eq!(plan(v3, "nat_router = null").nat_router, NatRouter::Off);
    // Cilium's routing mode defaults to tunnel (variables.tf: cilium_routing_mode "tunnel").
    assert_eq!(plan(v3, "cni_plugin = \"cilium\"").cni, Cni::CiliumTunnel);
    assert_eq!(
        plan(
            v3,
            "cni_plugin = \"cilium\"\n  cilium_routing_mode = \"native\""
        )
        .cni,
        Cni::CiliumNative
    );
    // The autoscaler's pools are summed.
    assert_eq!(
        plan(
            v3,
            "autoscaler_nodepools = [{ max_nodes = 3 }, { max_nodes = 4 }]"
        )
        .autoscaler_max_nodes,
        7
    );
    // The node mask from k3s' controller-manager argument.
    assert_eq!(
        plan(
            v3,
            "k3s_exec_server_args = \"--kube-controller-manager-arg=node-cidr-mask-size=26\""
        )
        .node_mask,
        26
    );
    // vswitch_id = null is no vSwitch; any other value is one.
    assert!(!plan(v3, "vswitch_id = null").vswitch);
    assert!(plan(v3, "vswitch_id = 12345").vswitch);
    assert!(!plan(v3, "").vswitch);
    // A control plane pool's subnet_ip_range is not an agent pool's.
    let p = plan(
        v3,
        "control_plane_nodepools = [{ count = 1, subnet_ip_range = \"10.9.0.0/24\" }]\n  agent_nodepools = [{ count = 2 }]",
    );
    assert_eq!(p.agents[0].subnet_ip_range, None);
    assert_eq!(p.control_planes, [1]);
    assert_eq!(
        plan(
            v3,
            "agent_nodepools = [{ count = 1 }, { count = 1, subnet_ip_range = \"10.9.0.0/24\" }]"
        )
        .agents[1]
            .subnet_ip_range
            .as_deref(),
        Some("10.9.0.0/24")
    );
    assert_eq!(
        plan(v3, "ingress_controller = \"nginx\"").ingress_controller,
        IngressController::Nginx
    );
    assert!(plan(v3, "enable_klipper_metal_lb = true").klipper_metal_lb);
    // The names of the release's era: 2.18.4 calls them use_control_plane_lb, subnet_amount.
    assert!(plan("2.18.4", "use_control_plane_lb = true").control_plane_lb);
    assert!(plan(v3, "enable_control_plane_load_balancer = true").control_plane_lb);
    assert_eq!(plan("2.18.4", "subnet_amount = 64").subnet_count, 64);
    assert_eq!(plan(v3, "subnet_count = 64").subnet_count, 64);
}

#[test]
fn the_functions_give_terraforms_values() {
    let v = "3.1.0";
    for (expr, want) in [
        ("cidrsubnet(\"10.0.0.0/8\", 8, 2)", "10.2.0.0/16"),
        ("cidrsubnet(\"10.0.0.0/16\", \"8\", 255)", "10.0.255.0/24"),
        ("cidrhost(\"10.0.0.0/24\", 10)", "10.0.0.10"),
        ("cidrhost(\"10.0.0.0/24\", -1)", "10.0.0.255"),
        (
            "merge({ a = \"10.1.0.0/16\" }, { a = \"10.2.0.0/16\" }).a",
            "10.2.0.0/16",
        ),
        ("coalesce(\"\", null, \"10.3.0.0/16\")", "10.3.0.0/16"),
        (
            "lookup({ a = \"10.4.0.0/16\" }, \"b\", \"10.5.0.0/16\")",
            "10.5.0.0/16",
        ),
        ("format(\"10.%d.0.0/%s\", 6, \"16\")", "10.6.0.0/16"),
        (
            "join(\".\", [\"10\", \"7\", \"0\", \"0/16\"])",
            "10.7.0.0/16",
        ),
        ("split(\",\", \"10.8.0.0/16,x\")[0]", "10.8.0.0/16"),
        ("\"10.${min(9, 12)}.0.0/16\"", "10.9.0.0/16"),
        ("\"10.${max(9, 12)}.0.0/16\"", "10.12.0.0/16"),
        ("\"10.${sum([4, 6])}.0.0/16\"", "10.10.0.0/16"),
        ("\"10.${length(range(5, 0))}.0.0/16\"", "10.5.0.0/16"),
        ("\"10.${range(5, 0)[0]}.0.0/16\"", "10.5.0.0/16"),
        ("\"10.${range(0, 10, 3)[3]}.0.0/16\"", "10.9.0.0/16"),
        (
            "\"10.${length(range(2, 2, -1)) + length(range(2, 2, 1))}.0.0/16\"",
            "10.0.0.0/16",
        ),
        ("\"10.${length(range(-3))}.0.0/16\"", "10.3.0.0/16"),
        ("lower(\"10.11.0.0/16\")", "10.11.0.0/16"),
        ("trimspace(\" 10.13.0.0/16 \")", "10.13.0.0/16"),
        ("replace(\"10.14.0.0-16\", \"-\", \"/\")", "10.14.0.0/16"),
        (
            "values({ b = \"x\", a = \"10.15.0.0/16\" })[0]",
            "10.15.0.0/16",
        ),
        ("tostring(\"10.16.0.0/16\")", "10.16.0.0/16"),
        ("\"10.${tobool(\"true\") ? 17 : 0}.0.0/16\"", "10.17.0.0/16"),
        (
            "\"10.${tobool(\"false\") ? 0 : 18}.0.0/16\"",
            "10.18.0.0/16",
        ),
        // One slash is text, not a regular expression.
        ("replace(\"10.19.0.0|16\", \"|\", \"/\")", "10.19.0.0/16"),
        ("replace(\"10.20.0.0/8\", \"/\", \"/1\")", "10.20.0.0/18"),
        ("\"10.${join(\"\", range(0, 3))}.0.0/16\"", "10.012.0.0/16"),
        (
            "\"10.${join(\"\", range(3, 0, -1))}.0.0/16\"",
            "10.321.0.0/16",
        ),
    ] {
        assert_eq!(
            plan(v, &format!("network_ipv4_cidr = {expr}")).network_ipv4_cidr,
            want,
            "{expr}"
        );
    }
}

#[test]
fn variable_files_in_terraforms_order() {
    // One variable set everywhere: terraform.tfvars, its .json, then *.auto.tfvars by name
    // (a before b), then --var-file and --var in the order given; the last wins.
    let mut names = vec![
        "b.auto.tfvars",
        "terraform.tfvars.json",
        "a.auto.tfvars.json",
        "terraform.tfvars",
        "a.auto.tfvars",
        "other.tfvars",
    ];
    names.sort_by_key(|n| automatic_rank(n));
    assert_eq!(
        names,
        [
            "other.tfvars",
            "terraform.tfvars",
            "terraform.tfvars.json",
            "a.auto.tfvars",
            "a.auto.tfvars.json",
            "b.auto.tfvars"
        ]
    );
    assert_eq!(automatic_rank("other.tfvars"), None);
    let tf = vec![File {
        name: "kube.tf".into(),
        text: "variable \"net\" {\n  default = \"10.0.0.0/16\"\n}\nmodule \"k\" {\n  source = \"kube-hetzner/kube-hetzner/hcloud\"\n  network_ipv4_cidr = var.net\n}\n".into(),
    }];
    let file = |name: &str, net: &str| {
        Values::File(File {
            name: name.into(),
            text: format!("net = \"{net}\"\n"),
        })
    };
    let var = |net: &str| Values::Var {
        name: "net".into(),
        value: net.into(),
        origin: "--var net".into(),
    };
    let net = |values: &[Values]| {
        read("kube.tf", &tf, values, &[])
            .unwrap()
            .plan
            .network_ipv4_cidr
    };
    assert_eq!(net(&[]), "10.0.0.0/16", "the default");
    assert_eq!(
        net(&[file("terraform.tfvars", "10.1.0.0/16")]),
        "10.1.0.0/16"
    );
    assert_eq!(
        net(&[
            file("terraform.tfvars", "10.1.0.0/16"),
            file("a.auto.tfvars", "10.2.0.0/16"),
            file("b.auto.tfvars", "10.3.0.0/16"),
        ]),
        "10.3.0.0/16"
    );
    assert_eq!(
        net(&[
            file("b.auto.tfvars", "10.3.0.0/16"),
            var("10.4.0.0/16"),
            file("extra.tfvars", "10.5.0.0/16"),
        ]),
        "10.5.0.0/16",
        "--var-file after --var: the later"
    );
}

#[test]
fn the_release_from_the_file_and_from_terraform_init() {
    let installed = |release: &str| Installed {
        label: "k".into(),
        release: release.parse().unwrap(),
        from: ".terraform/modules/modules.json".into(),
    };
    // An exact pin is the release, whatever the lock file says.
    let r = read(
        "kube.tf",
        &module("2.18.4", ""),
        &[],
        &[installed("2.18.2")],
    )
    .unwrap();
    assert_eq!(r.plan.module_version.to_string(), "2.18.4");
    assert!(r.pinned);
    // A constraint: the release terraform init installed.
    let r = read(
        "kube.tf",
        &module("~> 2.18", ""),
        &[],
        &[installed("2.18.2")],
    )
    .unwrap();
    assert_eq!(r.plan.module_version.to_string(), "2.18.2");
    assert!(notes(&r).contains("the release terraform init installed"));
    // A lock file for another module block changes nothing.
    let other = Installed {
        label: "other".into(),
        ..installed("2.18.2")
    };
    let r = read("kube.tf", &module("~> 2.18.1", ""), &[], &[other]).unwrap();
    assert_eq!(r.plan.module_version.to_string(), "2.18.5");
    // A local copy of the module is the module.
    for source in [
        "./modules/kube-hetzner",
        "../terraform-hcloud-kube-hetzner",
        "/opt/kube-hetzner",
    ] {
        let text = format!("module \"k\" {{\n  source = \"{source}\"\n}}\n");
        assert!(
            read(
                "kube.tf",
                &[File {
                    name: "kube.tf".into(),
                    text
                }],
                &[],
                &[]
            )
            .is_ok(),
            "{source}"
        );
    }
}

#[test]
fn local_as_a_whole_and_function_arity() {
    let text = "locals {\n  net = \"10.5.0.0/16\"\n}\nmodule \"k\" {\n  source = \"kube-hetzner/kube-hetzner/hcloud\"\n  network_ipv4_cidr = lookup(local, \"net\")\n  cluster_ipv4_cidr = cidrhost(\"10.0.0.0/24\")\n  service_ipv4_cidr = lower(\"10.44.0.0/16\", \"x\")\n}\n";
    let r = read(
        "kube.tf",
        &[File {
            name: "kube.tf".into(),
            text: text.into(),
        }],
        &[],
        &[],
    )
    .unwrap();
    // `local` itself: every local is evaluated for it.
    assert_eq!(r.plan.network_ipv4_cidr, "10.5.0.0/16");
    let all = notes(&r);
    assert!(
        all.contains("cidrhost(): takes 2 arguments, not 1"),
        "{all}"
    );
    assert!(all.contains("lower(): takes 1 arguments, not 2"), "{all}");
}

#[test]
fn a_function_that_would_outgrow_the_budget_is_refused_before_it_runs() {
    // 200,000 characters each: the replacement alone would be 40 GB, the join 200 MB.
    let big = "x".repeat(200_000);
    for expr in [
        "replace(local.big, \"x\", local.big)",
        "join(local.big, [for i in range(1024) : \"a\"])",
        "format(\"%s%s%s\", local.big, local.big, local.big)",
        "concat([local.big], [local.big], [local.big])[0]",
    ] {
        let text = format!("locals {{\n  big = \"{big}\"\n}}\nmodule \"k\" {{\n  source = \"kube-hetzner/kube-hetzner/hcloud\"\n  network_ipv4_cidr = {expr}\n}}\n");
        let r = read(
            "kube.tf",
            &[File {
                name: "kube.tf".into(),
                text,
            }],
            &[],
            &[],
        )
        .unwrap();
        assert!(
            notes(&r).contains("evaluation stopped"),
            "{expr}: {}",
            notes(&r)
        );
    }
}

#[test]
fn a_var_on_the_command_line_reads_as_terraform_reads_it() {
    // terraform plan -var: a list, an object, a number, a bool or null where the value is
    // written as one; anything else (a CIDR, an expression) is the text as it is.
    let tf = vec![File {
        name: "kube.tf".into(),
        text: "variable \"pools\" {}\nvariable \"count\" {}\nvariable \"net\" {}\nvariable \"cp\" {}\nmodule \"k\" {\n  source = \"kube-hetzner/kube-hetzner/hcloud\"\n  version = \"2.18.4\"\n  network_ipv4_cidr = var.net\n  agent_nodepools = var.pools\n  control_plane_nodepools = [{ name = \"cp\", count = var.count }]\n  use_control_plane_lb = var.cp\n}\n".into(),
    }];
    let var = |name: &str, value: &str| Values::Var {
        name: name.into(),
        value: value.into(),
        origin: format!("--var {name}"),
    };
    let r = read(
        "kube.tf",
        &tf,
        &[
            var(
                "pools",
                "[{ name = \"a\", count = 2 }, { name = \"b\", count = 1 }]",
            ),
            var("count", " 3 "),
            var("net", "10.0.0.0/16"),
            var("cp", "true"),
        ],
        &[],
    )
    .unwrap();
    assert_eq!(
        r.plan.agents.iter().map(|p| p.count()).collect::<Vec<_>>(),
        [2, 1],
        "{}",
        notes(&r)
    );
    assert_eq!(r.plan.control_planes, [3]);
    assert_eq!(
        r.plan.network_ipv4_cidr, "10.0.0.0/16",
        "a CIDR is text, not a division"
    );
    assert!(r.plan.control_plane_lb);
}

#[test]
fn a_local_that_cannot_be_evaluated_says_why_as_terraform_does() {
    let why = |locals: &str| {
        let tf = vec![File {
            name: "kube.tf".into(),
            text: format!("locals {{\n{locals}\n}}\nmodule \"k\" {{\n  source = \"kube-hetzner/kube-hetzner/hcloud\"\n  version = \"2.18.4\"\n  network_ipv4_cidr = local.net\n}}\n"),
        }];
        notes(&read("kube.tf", &tf, &[], &[]).unwrap())
    };
    // Terraform: "Cycle: local.net, local.other" and "Reference to undeclared local value".
    let cycle = why("  net = local.other\n  other = local.net");
    assert!(
        cycle.contains("refers to itself through other locals (Cycle in local values)"),
        "{cycle}"
    );
    let missing = why("  net = local.nowhere");
    assert!(
        missing
            .contains("there is no local value \"nowhere\" (Reference to undeclared local value)"),
        "{missing}"
    );
}

#[test]
fn a_function_given_the_wrong_kind_of_value_says_what_it_got() {
    // tobool takes "true" or "false" only (Terraform: cannot convert "yes" to bool); upper
    // takes a string, not a list.
    for (expr, got) in [
        (
            "tobool(\"yes\") ? \"10.1.0.0/16\" : \"10.2.0.0/16\"",
            "cannot convert a string to bool",
        ),
        (
            "upper([\"10.1.0.0/16\"])",
            "a string is required, not a list",
        ),
        ("upper({ a = 1 })", "a string is required, not an object"),
        ("upper(null)", "a string is required, not null"),
    ] {
        let r = read(
            "kube.tf",
            &module("3.1.0", &format!("network_ipv4_cidr = {expr}")),
            &[],
            &[],
        )
        .unwrap();
        assert_eq!(r.plan.network_ipv4_cidr, "10.0.0.0/8", "{expr}");
        assert!(notes(&r).contains(got), "{expr}: {}", notes(&r));
    }
}

#[test]
fn a_module_block_with_count_0_creates_nothing_and_says_so() {
    let r = read("kube.tf", &module("3.1.0", "count = 0"), &[], &[]).unwrap();
    assert!(
        notes(&r).contains("the module block has count = 0: Terraform creates nothing from it"),
        "{}",
        notes(&r)
    );
    let r = read("kube.tf", &module("3.1.0", "count = 1"), &[], &[]).unwrap();
    assert!(!notes(&r).contains("count = 0"), "{}", notes(&r));
}

#[test]
fn each_value_says_where_it_came_from_and_what_release_was_checked() {
    let tf = |source: &str, body: &str| {
        vec![File {
            name: "kube.tf".into(),
            text: format!("variable \"net\" {{\n  default = \"10.1.0.0/16\"\n}}\nmodule \"k\" {{\n  source = \"{source}\"\n{body}\n}}\n"),
        }]
    };
    let r = read(
        "kube.tf",
        &tf(
            "kube-hetzner/kube-hetzner/hcloud",
            "  version = \"2.18.4\"\n  network_ipv4_cidr = var.net\n  cluster_ipv4_cidr = \"10.50.0.0/16\"",
        ),
        &[],
        &[],
    )
    .unwrap();
    let source = |key: &str| {
        r.sources
            .iter()
            .find(|(k, _)| k.as_str() == key)
            .map(|(_, s)| s.en())
            .unwrap_or_default()
    };
    assert_eq!(
        source("network_ipv4_cidr"),
        "kube.tf:7, var.net from its default at kube.tf:1"
    );
    assert_eq!(source("cluster_ipv4_cidr"), "kube.tf:8");
    // No version: the registry's newest, as terraform init takes it; a git source without
    // a ref names no release at all.
    let registry = read(
        "kube.tf",
        &tf("kube-hetzner/kube-hetzner/hcloud", ""),
        &[],
        &[],
    )
    .unwrap();
    assert!(
        registry
            .release_note
            .as_ref()
            .map(|n| n.en())
            .is_some_and(|n| n.contains("the module block has no version")),
        "{:?}",
        registry.release_note
    );
    let git = read(
        "kube.tf",
        &tf(
            "git::https://github.com/kube-hetzner/terraform-hcloud-kube-hetzner.git",
            "",
        ),
        &[],
        &[],
    )
    .unwrap();
    assert!(
        git.release_note
            .as_ref()
            .map(|n| n.en())
            .is_some_and(|n| n.contains("the source names no release (a local copy or a branch)")),
        "{:?}",
        git.release_note
    );
}

#[test]
fn a_control_plane_pool_of_keys_is_counted_and_only_agents_keep_their_keys() {
    let p = plan(
        "2.18.4",
        "  control_plane_nodepools = [{ name = \"cp\", nodes = { \"0\" = {}, \"1\" = {}, \"2\" = {} } }]\n  agent_nodepools = [{ name = \"a\", nodes = { \"3\" = {}, \"7\" = {} } }]",
    );
    assert_eq!(p.control_planes, [3]);
    assert_eq!(p.agents[0].keys, [3, 7]);
}

#[test]
fn a_control_plane_pools_nodes_map_counts_its_keys_and_nothing_more() {
    // Keys that repeat a node or are not numbers concern agent pools only (agents.tf pins
    // by key); a control-plane pool defined by a map is as many nodes as it has keys.
    let r = read(
        "kube.tf",
        &module(
            "2.19.0",
            r#"  control_plane_nodepools = [{ nodes = { "1" = {}, "01" = {}, "x" = {} } }]"#,
        ),
        &[],
        &[],
    )
    .expect("reads");
    assert_eq!(r.plan.control_planes, [3], "{}", notes(&r));
    assert!(!notes(&r).contains("two of them"), "{}", notes(&r));
    assert!(!notes(&r).contains("not numbers"), "{}", notes(&r));
    assert!(r.plan.agents.iter().all(|a| a.keys.is_empty()));
    assert!(!r.sources.iter().any(|(k, _)| k.as_str() == "agent_keys"));
}
