//! Reading never panics, whatever the text: every prefix of the module's own example, and
//! the incident written a line at a time, either reads or gives an error with a place.

use khcidr_kubetf::{read, File, ReadError, REGISTRY};

const EXAMPLE: &str =
    include_str!("../../cli/tests/fixtures/kubetf/examples/kube.tf.example-3.1.0");

fn file(text: &str) -> Vec<File> {
    vec![File {
        name: "kube.tf".into(),
        text: text.into(),
    }]
}

#[test]
fn every_cut_of_a_real_file_reads_or_says_where_it_broke() {
    let mut syntax = 0;
    for cut in (0..EXAMPLE.len())
        .step_by(331)
        .filter(|&c| EXAMPLE.is_char_boundary(c))
    {
        match read("kube.tf", &file(&EXAMPLE[..cut]), &[], &[]) {
            Ok(_) => {}
            Err(ReadError::Syntax {
                file,
                line,
                column,
                message,
            }) => {
                syntax += 1;
                assert_eq!(file, "kube.tf");
                assert!(line >= 1 && column >= 1 && !message.en().is_empty());
            }
            Err(ReadError::NoModule { place }) => assert_eq!(place, "kube.tf"),
        }
    }
    assert!(
        syntax > 100,
        "cuts inside the module block are syntax errors: {syntax}"
    );
    assert!(read("kube.tf", &file(EXAMPLE), &[], &[]).is_ok());
}

#[test]
fn odd_values_become_notes_not_panics() {
    let text = r#"
module "k" {
  source                  = "kube-hetzner/kube-hetzner/hcloud"
  version                 = "9.9.9"
  network_ipv4_cidr       = [1, 2]
  cluster_ipv4_cidr       = cidrsubnet("10.0.0.0/8", 40, 1)
  service_ipv4_cidr       = cidrhost("nonsense", -99999999999)
  control_plane_nodepools = [{ count = -1 }, { count = 1e30 }, "x", { nodes = { a = {} } }]
  agent_nodepools         = [{ nodes = { "4294967296" = {} } }, { count = "7" }]
  autoscaler_nodepools    = { a = 1 }
  k3s_exec_server_args    = "--kube-controller-manager-arg=node-cidr-mask-size=999"
  nat_router              = 42
  subnet_amount           = range(5000)
}
"#;
    let reading = reading(text);
    let notes: Vec<String> = reading.all_notes(None);
    assert!(
        notes.iter().any(|n| n.contains("version = \"9.9.9\"")),
        "{notes:?}"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.contains("network_ipv4_cidr is not a single value")),
        "{notes:?}"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.contains("insufficient address space to extend prefix of 8 by 40")),
        "{notes:?}"
    );
    assert_eq!(reading.plan.agents[1].nodes, 7);
}

const TOKEN: &str = "SECRET-TOKEN-do-not-print";

fn reading(text: &str) -> khcidr_kubetf::Reading {
    read("kube.tf", &file(text), &[], &[]).expect("the block reads")
}

fn notes(r: &khcidr_kubetf::Reading) -> String {
    r.all_notes(None).into_iter().collect::<Vec<_>>().join("\n")
}

#[test]
fn arithmetic_that_is_not_a_finite_number_is_a_note_not_an_abort() {
    let r = reading(
        r#"
locals {
  per   = 256 / length([])
  big   = 1e308 * 10
  nan   = 0 / 0
  rest  = 5 % 0
  half  = 7 / 2
  whole = 8 / 2
}
module "k" {
  source            = "kube-hetzner/kube-hetzner/hcloud"
  version           = "2.18.4"
  network_ipv4_cidr = cidrsubnet("10.0.0.0/8", 8, 1 / 0)
  subnet_amount     = local.whole * 16
  nat_router_subnet_index = "${local.whole * 2}"
  agent_nodepools   = [{ count = local.half * 2 }]
}
"#,
    );
    let all = notes(&r);
    assert!(
        // 1 / 0 is an infinity in Terraform, which no subnet index is.
        all.contains(
            "network_ipv4_cidr cannot be evaluated here: cidrsubnet(): a number that is not whole"
        ),
        "{all}"
    );
    // The locals nothing uses are never evaluated: one note, for the network.
    assert_eq!(all.matches("cannot be evaluated here").count(), 1, "{all}");
    // Arithmetic inside a template is Terraform's arithmetic, checked like any other.
    assert_eq!(r.plan.nat_router_subnet_index, 8);
    assert_eq!(r.plan.subnet_count, 64);
    assert_eq!(r.plan.agents[0].nodes, 7);
}

#[test]
fn notes_never_quote_a_value() {
    let text = format!(
        r#"
variable "hcloud_token" {{
  default = "{TOKEN}-0123"
}}
locals {{
  cfg = {{ token = var.hcloud_token, net = "10.0.0.0/8" }}
}}
module "k" {{
  source            = "kube-hetzner/kube-hetzner/hcloud"
  hcloud_token      = var.hcloud_token
  network_ipv4_cidr = local.cfg[0]
  cluster_ipv4_cidr = local.cfg + 1
  service_ipv4_cidr = cidrhost(var.hcloud_token, 10)
  cluster_dns_ipv4  = tonumber(var.hcloud_token)
  subnet_count      = -local.cfg
  agent_nodepools   = [{{ count = cidrsubnet(var.hcloud_token, 1, 1) }}]
}}
"#
    );
    let r = reading(&text);
    let all = notes(&r);
    assert_eq!(all.matches("cannot be evaluated here").count(), 6, "{all}");
    assert!(!all.contains(TOKEN), "{all}");
    // A .tfvars.json that is not an object: its text is not quoted either.
    let json = File {
        name: "terraform.tfvars.json".into(),
        text: format!("\"{TOKEN}\""),
    };
    let e = khcidr_kubetf::tfvars(json).unwrap_err().to_string();
    assert!(!e.contains(TOKEN), "{e}");
}

#[test]
fn maps_are_walked_in_key_order_as_terraform_does() {
    let r = reading(
        r#"
module "k" {
  source          = "kube-hetzner/kube-hetzner/hcloud"
  agent_nodepools = [for name, n in { small = 1, big = 5 } : { name = name, count = n }]
  control_plane_nodepools = [for n in values({ b = 2, a = 1 }) : { count = n }]
}
"#,
    );
    assert_eq!(
        r.plan.agents.iter().map(|a| a.nodes).collect::<Vec<_>>(),
        [5, 1]
    );
    assert_eq!(r.plan.control_planes, [1, 2]);
}

#[test]
fn releases_are_read_as_terraform_reads_them() {
    let release = |source: &str, version: &str| {
        let text = format!("module \"k\" {{\n  source = \"{source}\"\n  {version}\n}}\n");
        read("kube.tf", &file(&text), &[], &[])
            .map(|r| (r.plan.module_version.to_string(), r.pinned))
    };
    let git = "git::https://github.com/kube-hetzner/terraform-hcloud-kube-hetzner.git";
    assert_eq!(
        release(&format!("{git}?depth=1&ref=v2.18.4"), "").unwrap(),
        ("2.18.4".into(), true)
    );
    assert!(
        !release(&format!("{git}?ref=v2"), "").unwrap().1,
        "a branch-like ref pins nothing"
    );
    assert!(
        release(&format!("{git}//modules/host?ref=v2.18.4"), "").is_err(),
        "a part of the repository"
    );
    assert_eq!(
        release(REGISTRY, "version = \"2\"").unwrap(),
        ("2.0.0".into(), false)
    );
    assert_eq!(
        release(REGISTRY, "version = \"= 2.18.4\"").unwrap(),
        ("2.18.4".into(), true)
    );
    assert_eq!(
        release(REGISTRY, "version = \"~> 2.18.1\"").unwrap(),
        ("2.18.5".into(), false)
    );
    assert_eq!(
        release("registry.terraform.io/kube-hetzner/kube-hetzner/hcloud", "")
            .unwrap()
            .0,
        "3.1.0"
    );
}

#[test]
fn the_installed_release_names_the_variables_read() {
    let text = r#"
module "kube-hetzner" {
  source               = "kube-hetzner/kube-hetzner/hcloud"
  version              = ">= 2.18"
  use_control_plane_lb = true
}
"#;
    let installed = [khcidr_kubetf::Installed {
        label: "kube-hetzner".into(),
        release: "2.18.2".parse().unwrap(),
        from: "modules.json".into(),
    }];
    let r = read("kube.tf", &file(text), &[], &installed).unwrap();
    assert_eq!(r.plan.module_version.to_string(), "2.18.2");
    assert!(
        r.plan.control_plane_lb,
        "read under 2.18.2's name, use_control_plane_lb"
    );
    assert!(notes(&r).contains("the release terraform init installed (modules.json)"));
}

#[test]
fn nodepools_default_to_none_as_in_the_module() {
    let r = reading(
        r#"
locals {
  pods = cidrsubnet(var.base, 4, 8)
}
variable "base" {}
module "k" {
  source            = "kube-hetzner/kube-hetzner/hcloud"
  cluster_ipv4_cidr = local.pods
  agent_nodepools   = [{ nodes = {} }, { nodes = { "3" = {}, "1" = {} } }]
}
"#,
    );
    assert!(
        r.plan.control_planes.is_empty(),
        "{:?}",
        r.plan.control_planes
    );
    assert_eq!(
        r.plan.agents.iter().map(|a| a.count()).collect::<Vec<_>>(),
        [0, 2]
    );
    assert_eq!(r.plan.agents[1].keys, [1, 3]);
    let all = notes(&r);
    // local.pods rests on var.base, which has no value: the pod range waits for it.
    assert!(
        all.contains("kube.tf:8: cluster_ipv4_cidr waits for var.base, which has no value here"),
        "{all}"
    );
    assert_eq!(r.plan.unknown.len(), 1);
    assert_eq!(r.plan.unknown[0].name, "var.base");
}

#[test]
fn a_var_is_text_unless_written_as_a_literal() {
    let text = "variable \"x\" {}\nmodule \"k\" {\n  source = \"kube-hetzner/kube-hetzner/hcloud\"\n  network_ipv4_cidr = var.x\n  subnet_count = var.n\n}\n";
    let var = |name: &str, value: &str| khcidr_kubetf::Values::Var {
        name: name.into(),
        value: value.into(),
        origin: "--var".into(),
    };
    let r = read(
        "kube.tf",
        &file(text),
        &[var("x", "1+2"), var("n", "64")],
        &[],
    )
    .unwrap();
    assert_eq!(r.plan.network_ipv4_cidr, "1+2");
    assert_eq!(r.plan.subnet_count, 64);
}

/// After an upgrade to 3.1.0, each argument of a 2.15.2 file that 3.1.0 does not declare
/// is Terraform's "Unsupported argument", with MIGRATION.md's new name where it gives one
/// and whether the value is inverted; a renamed setting set away from its default is the
/// check's `upgrade-renames` instead, and one left at its default a note.
#[test]
fn upgrade_notes_name_what_3_x_calls_each_v2_argument() {
    let text = r#"module "kh" {
  source = "kube-hetzner/kube-hetzner/hcloud"
  version = "2.15.2"
  use_control_plane_lb = true
  disable_hetzner_csi = true
  k3s_token = "x"
  enable_wireguard = true
  network_ipv4_cidr = "10.0.0.0/8"
}"#;
    let reading = read("kube.tf", &file(text), &[], &[]).unwrap();
    let notes = reading.upgrade_notes(&"3.1.0".parse().unwrap(), None);
    assert_eq!(notes.len(), 3, "{notes:?}");
    assert!(notes[0].starts_with("kube.tf:5"), "{}", notes[0]);
    assert!(notes[0].contains("disable_hetzner_csi: kube-hetzner 3.1.0 declares no variable disable_hetzner_csi: after the upgrade, terraform plan fails (Unsupported argument); kube-hetzner's migration guide renames it enable_hetzner_csi, with the value inverted"), "{}", notes[0]);
    assert!(
        notes[1].ends_with("renames it cluster_token"),
        "{}",
        notes[1]
    );
    assert!(
        notes[2].ends_with("renames it enable_cni_wireguard_encryption"),
        "{}",
        notes[2]
    );
    // Left at its default, the renamed setting is a note too.
    let default = text.replace(
        "use_control_plane_lb = true",
        "use_control_plane_lb = false",
    );
    let reading = read("kube.tf", &file(&default), &[], &[]).unwrap();
    let notes = reading.upgrade_notes(&"3.1.0".parse().unwrap(), None);
    assert!(
        notes.iter().any(|n| n.contains("use_control_plane_lb")
            && n.ends_with("renames it enable_control_plane_load_balancer")),
        "{notes:?}"
    );
    // Within 2.x nothing is unsupported.
    let reading = read("kube.tf", &file(text), &[], &[]).unwrap();
    assert_eq!(
        reading.upgrade_notes(&"2.21.0".parse().unwrap(), None),
        Vec::<String>::new()
    );
}

/// kube-hetzner#1901's setting: a nodepool without a public IPv4, as 2.x (`disable_ipv4`)
/// and 3.x (`enable_public_ipv4 = false`) write it, and the autoscaler's.
#[test]
fn nodepools_without_a_public_ipv4_are_read_in_each_releases_words() {
    let v2 = reading(
        r#"
module "k" {
  source  = "kube-hetzner/kube-hetzner/hcloud"
  version = "2.18.2"
  network_ipv4_cidr = "10.1.0.0/16"
  control_plane_nodepools = [{ name = "cp", count = 1 }]
  agent_nodepools = [{ name = "a", count = 2, disable_ipv4 = true }]
  autoscaler_disable_ipv4 = true
}
"#,
    );
    assert!(v2.plan.disable_ipv4);
    assert!(v2.plan.autoscaler_disable_ipv4);
    let report = khcidr_core::check(&v2.plan);
    assert!(report
        .findings
        .iter()
        .any(|f| f.code == khcidr_core::Code::WrongGateway
            && f.severity == khcidr_core::Severity::Error));

    let v3 = reading(
        r#"
module "k" {
  source  = "kube-hetzner/kube-hetzner/hcloud"
  version = "3.1.0"
  control_plane_nodepools = [{ name = "cp", count = 1, enable_public_ipv4 = false }]
  agent_nodepools = [{ name = "a", count = 2 }]
  autoscaler_enable_public_ipv4 = false
}
"#,
    );
    assert!(v3.plan.disable_ipv4);
    assert!(v3.plan.autoscaler_disable_ipv4);
    let public = reading(
        r#"
module "k" {
  source  = "kube-hetzner/kube-hetzner/hcloud"
  version = "3.1.0"
  agent_nodepools = [{ name = "a", count = 2, enable_public_ipv4 = true }]
  autoscaler_enable_public_ipv4 = true
}
"#,
    );
    assert!(!public.plan.disable_ipv4);
    assert!(!public.plan.autoscaler_disable_ipv4);
}

/// Terraform takes an object's key given twice and keeps the last; so does the reader,
/// with a note (the parser alone refuses it: "expected unique object key").
#[test]
fn a_key_given_twice_in_an_object_keeps_the_last_as_terraform_does() {
    let r = reading(
        r#"
module "k" {
  source = "kube-hetzner/kube-hetzner/hcloud"
  control_plane_nodepools = [{ name = "cp", count = 1, "count" = 3, "count" = 2 }]
  agent_nodepools = [{ labels = [], count = 1, labels = ["a=b"], count = 4, count = 5, count = 6 }]
  version = "2.18.4"
}
"#,
    );
    assert_eq!(
        r.plan.agents.iter().map(|a| a.nodes).collect::<Vec<_>>(),
        [6]
    );
    assert_eq!(r.plan.control_planes, [2]);
    let notes = notes(&r);
    assert!(notes.contains("kube.tf:5: labels is given more than once in one object; Terraform takes the last, and so does khcidr"), "{notes}");
    assert_eq!(
        notes
            .matches("kube.tf:5: count is given more than once")
            .count(),
        1,
        "{notes}"
    );
    assert!(
        notes.contains("kube.tf:4: count is given more than once"),
        "{notes}"
    );
    // Places after the rewritten keys are where the file has them.
    assert!(r.module.en().ends_with("at kube.tf:2"), "{:?}", r.module);
    assert_eq!(r.plan.module_version.to_string(), "2.18.4");
    // Twenty locals with a key three times each: the module is still found at its line.
    let locals: String = (0..20)
        .map(|i| format!("  l{i} = {{ a = 1, a = 2, a = 3 }}\n"))
        .collect();
    let many = format!(
        "locals {{\n{locals}}}\nmodule \"k\" {{\n  source = \"kube-hetzner/kube-hetzner/hcloud\"\n}}\n"
    );
    let r = read("kube.tf", &file(&many), &[], &[]).unwrap();
    assert!(r.module.en().ends_with("at kube.tf:23"), "{:?}", r.module);
    // An argument given twice in a block is refused, as Terraform refuses it ("Attribute
    // redefined").
    let twice = read(
        "kube.tf",
        &file("module \"k\" {\n  source = \"kube-hetzner/kube-hetzner/hcloud\"\n  network_ipv4_cidr = \"10.1.0.0/16\"\n  network_ipv4_cidr = \"10.2.0.0/16\"\n}\n"),
        &[],
        &[],
    );
    assert!(
        matches!(twice, Err(ReadError::Syntax { line: 4, .. })),
        "{twice:?}"
    );
}

/// Unknown values stay unknown: every known part is kept, nothing is checked against a
/// guess, and what rests on an unknown is provisional, naming what it waits for.
#[test]
fn unknown_values_keep_every_known_part_and_make_only_what_rests_on_them_provisional() {
    // A pool's location with no value: no address rests on it; the counts are exact.
    let r = reading(
        r#"
variable "location" {}
module "k" {
  source  = "kube-hetzner/kube-hetzner/hcloud"
  version = "2.18.4"
  control_plane_nodepools = [{ name = "cp", location = var.location, count = 3 }]
  agent_nodepools = [{ name = "a", location = var.location, count = 2 }, { name = "b", location = "fsn1", count = 1 }]
}
"#,
    );
    assert_eq!(r.plan.control_planes, [3]);
    assert_eq!(
        r.plan.agents.iter().map(|a| a.nodes).collect::<Vec<_>>(),
        [2, 1]
    );
    assert!(r.plan.unknown.is_empty(), "{:?}", r.plan.unknown);
    assert!(notes(&r).contains("kube.tf:6: control_plane_nodepools[0].location waits for var.location; no address rests on it, so nothing here waits for it"), "{}", notes(&r));
    let report = khcidr_core::check(&r.plan);
    assert!(!report.provisional);
    assert!(!report.has_errors(), "{:#?}", report.findings);

    // A list with one unknown element keeps the others; an unknown count is waited for.
    let r = reading(
        r#"
variable "extra" {}
variable "n" {}
module "k" {
  source  = "kube-hetzner/kube-hetzner/hcloud"
  version = "2.18.4"
  control_plane_nodepools = [{ name = "cp", count = 1 }]
  agent_nodepools = [{ name = "a", count = 2 }, var.extra, { name = "c", count = var.n }]
}
"#,
    );
    assert_eq!(r.plan.agents.len(), 3, "every pool keeps its subnet");
    assert_eq!(r.plan.agents[0].nodes, 2);
    let names: Vec<&str> = r.plan.unknown.iter().map(|u| u.name.as_str()).collect();
    assert_eq!(names, ["var.extra", "var.n"]);
    assert!(r
        .plan
        .unknown
        .iter()
        .all(|u| u.setting == khcidr_core::Key::Agents && u.at == "kube.tf:8"));

    // Pools from a caller (a wrapper module): unknown, not empty. The module's own checks
    // that an empty list would fail are provisional, and say what they wait for.
    let r = reading(
        r#"
variable "control_plane_nodepools" {}
variable "agent_nodepools" {}
module "k" {
  source  = "kube-hetzner/kube-hetzner/hcloud"
  version = "2.15.0"
  control_plane_nodepools = var.control_plane_nodepools
  agent_nodepools         = var.agent_nodepools
}
"#,
    );
    let report = khcidr_core::check(&r.plan);
    assert!(report.provisional);
    assert!(!report.has_errors(), "{:#?}", report.findings);
    assert!(report
        .findings
        .iter()
        .all(|f| f.severity == khcidr_core::Severity::Info));
    let waiting: Vec<&khcidr_core::Finding> = report
        .findings
        .iter()
        .filter(|f| !f.waits_for.is_empty())
        .collect();
    assert!(!waiting.is_empty());
    assert!(
        waiting
            .iter()
            .all(|f| f.message.starts_with("provisional until var.")),
        "{waiting:#?}"
    );
    assert_eq!(report.verdict().en(), "Provisional: 2 values unknown");

    // A count past what is checked keeps the list, said in a note.
    let r = reading(
        r#"
module "k" {
  source  = "kube-hetzner/kube-hetzner/hcloud"
  version = "2.18.4"
  control_plane_nodepools = [{ name = "cp", count = 1 }]
  agent_nodepools = [{ name = "a", count = 10001 }, { name = "b", count = 2 }]
}
"#,
    );
    assert_eq!(
        r.plan.agents.iter().map(|a| a.nodes).collect::<Vec<_>>(),
        [10000, 2]
    );
    assert!(
        notes(&r).contains(
            "kube.tf:6: agent_nodepools: 1 nodepool count(s) above 10000 checked as 10000"
        ),
        "{}",
        notes(&r)
    );
}

/// A `nodes` map whose nodes wait for a value keeps its keys: they are what counts.
#[test]
fn a_nodes_map_keeps_its_keys_when_a_node_waits_for_a_value() {
    let r = reading(
        r#"
variable "location" {}
module "k" {
  source  = "kube-hetzner/kube-hetzner/hcloud"
  version = "2.18.4"
  control_plane_nodepools = [{ name = "cp", count = 1 }]
  agent_nodepools = [{ name = "a", nodes = { "1" = { location = var.location }, "2" = {} } }]
}
"#,
    );
    assert_eq!(
        r.plan.agents.iter().map(|a| a.count()).collect::<Vec<_>>(),
        [2]
    );
    assert_eq!(r.plan.agents[0].keys, [1, 2]);
    assert!(r.plan.unknown.is_empty(), "{:?}", r.plan.unknown);
    // Keys written as names count too (the module then takes the first offsets).
    let r = reading(
        r#"
variable "location" {}
module "k" {
  source  = "kube-hetzner/kube-hetzner/hcloud"
  version = "2.18.4"
  agent_nodepools = [{ name = "a", nodes = { one = { location = var.location }, two = {}, three = {} } }]
}
"#,
    );
    assert_eq!(
        r.plan.agents.iter().map(|a| a.count()).collect::<Vec<_>>(),
        [3]
    );
}

/// Only a key given twice is rewritten: any other syntax error is the parser's own, at its
/// own place, even where it points at a name.
#[test]
fn other_syntax_errors_are_the_parsers_own() {
    let text = "module \"k\" {\n  source = \"kube-hetzner/kube-hetzner/hcloud\"\n  network_ipv4_cidr = foo bar\n}\n";
    let error = read("kube.tf", &file(text), &[], &[]).unwrap_err();
    assert_eq!(error.to_string(), "kube.tf:3:27: expected newline or eof");
}

/// A number literal past the largest float64 (`1e309`): the parser refuses it where
/// Terraform reads it, and the error says so, with the way to write it that is read.
#[test]
fn a_number_past_a_float_is_named_where_the_parser_stops() {
    for literal in ["1e309", "-2.5e400", "min(1, 1e309)"] {
        let text = format!("locals {{\n  big = {literal}\n}}\n");
        let error = read("kube.tf", &file(&text), &[], &[]).unwrap_err();
        assert!(
            error.to_string().contains("past about 1.8e308"),
            "{literal}: {error}"
        );
    }
    let text = "module \"k\" {\n  source = \"kube-hetzner/kube-hetzner/hcloud\"\n  subnet_amount = tonumber(\"1e309\") > 1e308 ? 64 : 32\n}\n";
    assert_eq!(reading(text).plan.subnet_count, 64);
}

/// Keys given more than once in every way they can be written: a name with `-` or `_`, a
/// quoted key, a key in parentheses. A quoted key with an escape or a template is a key
/// only Terraform can compare: refused, as the parser refuses it.
#[test]
fn keys_given_more_than_once_in_every_written_form() {
    let r = reading(
        r#"
locals {
  a = { my-key = 1, my-key = 2, _k = 1, _k = 3, ("p") = 1, ("p") = 4, ("p") = 5 }
}
module "k" {
  source = "kube-hetzner/kube-hetzner/hcloud"
  control_plane_nodepools = [{ count = local.a["my-key"] }, { count = local.a._k }, { count = local.a.p }]
}
"#,
    );
    assert_eq!(r.plan.control_planes, [2, 3, 5]);
    let notes = notes(&r);
    for key in ["my-key", "_k", "p"] {
        assert!(
            notes.contains(&format!(
                "kube.tf:3: {key} is given more than once in one object"
            )),
            "{key}: {notes}"
        );
    }
    let escaped = "locals {\n  a = { \"x\\ty\" = 1, \"x\\ty\" = 2 }\n}\n";
    assert!(matches!(
        read("kube.tf", &file(escaped), &[], &[]),
        Err(ReadError::Syntax { line: 2, .. })
    ));
}

/// What a setting waits for is named as the file writes it where it is one reference, and
/// by its root where it is more than that.
#[test]
fn what_a_setting_waits_for_is_named_as_written() {
    let r = reading(
        r#"
data "hcloud_network" "x" {
  name = "shared"
}
locals {
  n = data.hcloud_network.x.ip_range
}
module "k" {
  source            = "kube-hetzner/kube-hetzner/hcloud"
  network_ipv4_cidr = data.hcloud_network.x.ip_range
  cluster_ipv4_cidr = cidrsubnet(data.hcloud_network.x.ip_range, 8, 1)
  service_ipv4_cidr = local.n
}
"#,
    );
    let names: Vec<&str> = r.plan.unknown.iter().map(|u| u.name.as_str()).collect();
    assert_eq!(
        names,
        ["data.hcloud_network.x.ip_range", "data.*", "data.*"]
    );
}

/// The parts of a nodepool list read one by one keep what the whole would: a quoted
/// attribute name, and a sensitive element's mark (its setting is then never shown).
#[test]
fn pools_read_part_by_part_keep_quoted_names_and_sensitive_marks() {
    let r = reading(
        r#"
variable "location" {}
variable "secret_pool" {
  sensitive = true
  default   = { name = "s", count = 3 }
}
module "k" {
  source  = "kube-hetzner/kube-hetzner/hcloud"
  version = "2.18.4"
  control_plane_nodepools = [{ "count" = 2, location = var.location }]
  agent_nodepools = [var.secret_pool, { name = "b", count = 1, location = var.location }]
}
"#,
    );
    assert_eq!(r.plan.control_planes, [2]);
    assert_eq!(
        r.plan.agents.iter().map(|a| a.nodes).collect::<Vec<_>>(),
        [3, 1]
    );
    assert!(
        r.sensitive.contains(&khcidr_core::Key::Agents),
        "{:?}",
        r.sensitive
    );
    assert!(!r.sensitive.contains(&khcidr_core::Key::ControlPlanes));
}

/// A value a setting refuses is said with what is checked instead: the module's own
/// default. A count that is not a number is a pool of 0 nodes, said so.
#[test]
fn a_refused_value_says_what_is_checked_instead() {
    let r = reading(
        r#"
module "k" {
  source  = "kube-hetzner/kube-hetzner/hcloud"
  version = "2.18.4"
  control_plane_nodepools = [{ name = "cp", count = "many" }]
  nat_router_subnet_index = "x"
}
"#,
    );
    assert_eq!(r.plan.control_planes, [0]);
    assert_eq!(r.plan.nat_router_subnet_index, 200);
    let notes = notes(&r);
    assert!(notes.contains("control_plane_nodepools[0] has no count or nodes map that can be read here; checked as 0 nodes"), "{notes}");
    assert!(
        notes.contains("nat_router_subnet_index = \"x\": Terraform cannot convert this text to a number or a bool"),
        "{notes}"
    );
    assert!(
        notes.contains("; checked with the module's default, 200"),
        "{notes}"
    );
}

/// A nodepool list set to null is the module's default, none, with nothing to note.
#[test]
fn a_null_nodepool_list_is_the_modules_default() {
    let r = reading(
        "module \"k\" {\n  source = \"kube-hetzner/kube-hetzner/hcloud\"\n  version = \"2.18.4\"\n  agent_nodepools = null\n}\n",
    );
    assert!(r.plan.agents.is_empty());
    assert!(!notes(&r).contains("agent_nodepools"), "{}", notes(&r));
}

/// Each nodepool's `name` is kept by position, shown beside the pool; a pool without a
/// readable name keeps its place with none.
#[test]
fn nodepool_names_are_kept_by_position() {
    let text = "module \"k\" {\n  source = \"kube-hetzner/kube-hetzner/hcloud\"\n  version = \"2.18.4\"\n  control_plane_nodepools = [{ name = \"cp-fsn1\", count = 1 }]\n  agent_nodepools = [{ count = 2 }, { name = \"storage\", count = 1 }]\n}\n";
    let plan = read("kube.tf", &file(text), &[], &[]).unwrap().plan;
    assert_eq!(plan.control_plane_names, ["cp-fsn1"]);
    assert_eq!(plan.agent_names, ["", "storage"]);
    assert_eq!(plan.control_planes, [1]);
    assert_eq!(plan.agents.len(), 2);
}

/// A name the page cannot show is left out alone; the other pools keep theirs.
#[test]
fn a_nodepool_name_that_cannot_be_shown_leaves_the_others() {
    let text = "module \"k\" {\n  source = \"kube-hetzner/kube-hetzner/hcloud\"\n  agent_nodepools = [{ name = \"agent.small\", count = 1 }, { name = \"big\", count = 1 }]\n}\n";
    let plan = read("kube.tf", &file(text), &[], &[]).unwrap().plan;
    assert_eq!(plan.agent_names, ["", "big"]);
}

/// Terraform's values where a reader walking what is written would differ: a map built in
/// one expression is walked in key order, a set is each element once in lexical order, and
/// a variable's type converts its value (Terraform's results, as the reader issue states
/// them: `"10.2.0.0/16"`, pools `[3, 1]`, `var.n == 3` true).
#[test]
fn maps_walk_in_key_order_sets_are_sets_and_types_convert() {
    let r = reading(
        r#"
locals {
  base  = { prod = { n = 3 } }
  extra = { dev = { n = 1 }, acc = { n = 2 } }
}
variable "n" {
  type    = number
  default = "3"
}
variable "zones" {
  type    = set(string)
  default = ["nbg1", "fsn1", "nbg1"]
}
variable "spec" {
  type = object({
    cidr = string
    bits = optional(number, 8)
  })
  default = { cidr = "10.0.0.0/8" }
}
module "k" {
  source            = "kube-hetzner/kube-hetzner/hcloud"
  version           = "2.19.0"
  network_ipv4_cidr = [for k, v in merge({ prod = "10.1.0.0/16" }, { dev = "10.2.0.0/16" }) : v][0]
  cluster_ipv4_cidr = cidrsubnet(var.spec.cidr, var.spec.bits, 50)
  control_plane_nodepools = [for loc in toset(["nbg1", "fsn1", "nbg1"]) : { name = loc, count = loc == "nbg1" ? 1 : 3 }]
  agent_nodepools   = [for name, p in merge(local.base, local.extra) : { name = name, count = p.n }]
  subnet_amount     = var.n == 3 && length(var.zones) == 2 ? 3 : 4
}
"#,
    );
    assert_eq!(r.plan.network_ipv4_cidr, "10.2.0.0/16", "{}", notes(&r));
    assert_eq!(r.plan.control_planes, [3, 1]);
    assert_eq!(r.plan.control_plane_names, ["fsn1", "nbg1"]);
    let agents: Vec<u32> = r.plan.agents.iter().map(|a| a.count()).collect();
    assert_eq!(agents, [2, 1, 3]);
    assert_eq!(r.plan.agent_names, ["acc", "dev", "prod"]);
    assert_eq!(r.plan.subnet_count, 3, "{}", notes(&r));
    // optional(number, 8): cidrsubnet("10.0.0.0/8", 8, 50).
    assert_eq!(r.plan.cluster_ipv4_cidr, "10.50.0.0/16", "{}", notes(&r));
    assert!(!notes(&r).contains("cannot be evaluated"), "{}", notes(&r));
}

/// A value that does not convert to its variable's type is refused, as `terraform plan`
/// refuses it (Invalid value for variable), and what uses it is not evaluated.
#[test]
fn a_value_not_of_its_type_is_refused_with_a_note() {
    let r = read(
        "kube.tf",
        &file(
            r#"
variable "n" {
  type = number
}
module "k" {
  source        = "kube-hetzner/kube-hetzner/hcloud"
  version       = "2.19.0"
  subnet_amount = var.n
}
"#,
        ),
        &[khcidr_kubetf::Values::File(khcidr_kubetf::File {
            name: "terraform.tfvars".into(),
            text: "n = \" 3\"\n".into(),
        })],
        &[],
    )
    .unwrap();
    assert_eq!(r.plan.subnet_count, 256);
    let notes = notes(&r);
    assert!(
        notes.contains("var.n from terraform.tfvars:1 is not of its type: a number is required (Invalid value for variable)"),
        "{notes}"
    );
    assert!(
        notes.contains("subnet_amount cannot be evaluated here"),
        "{notes}"
    );
}
