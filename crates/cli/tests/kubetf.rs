//! `khcidr check PATH`: the plan read from the user's own Terraform files.

use assert_cmd::Command;
use serde_json::Value;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/kubetf");
const SECRET: &str = "SECRET-TOKEN-do-not-print";

fn fixture(name: &str) -> String {
    format!("{FIXTURES}/{name}")
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    let output = Command::cargo_bin("khcidr")
        .unwrap()
        .env_remove("TF_VAR_network")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .args(args)
        .output()
        .unwrap();
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    };
    assert!(
        !run.stdout.contains(SECRET) && !run.stderr.contains(SECRET),
        "a secret was printed:\n{}{}",
        run.stdout,
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run
}

fn json(args: &[&str]) -> (i32, Value) {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let run = run(&all);
    let value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout));
    (run.code, value)
}

fn codes(report: &Value) -> Vec<&str> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect()
}

#[test]
fn a_directory_is_read_as_terraform_reads_it() {
    let dir = fixture("infra");
    let (code, report) = json(&["check", &dir]);
    assert_eq!(code, 1, "{report:#}");
    let plan = &report["plan"];
    // network from terraform.tfvars through var.network; the pod and service ranges from
    // cidrsubnet() of a variable set in an *.auto.tfvars; counts through locals.
    assert_eq!(plan["network_ipv4_cidr"], "10.20.128.0/17");
    assert_eq!(plan["cluster_ipv4_cidr"], "10.20.128.0/20");
    assert_eq!(plan["service_ipv4_cidr"], "10.20.144.0/20");
    assert_eq!(plan["control_planes"], serde_json::json!([3]));
    assert_eq!(plan["agents"][0]["nodes"], 2);
    assert_eq!(plan["agents"][1]["nodes"], 2);
    // "~> 2.18.1" allows 2.18.1 to 2.18.5: the newest, said in a note.
    assert_eq!(plan["module_version"], "2.18.5");
    let notes = report["notes"].as_array().unwrap();
    assert!(
        notes[0]
            .as_str()
            .unwrap()
            .contains("\"~> 2.18.1\" is a constraint: checked on 2.18.5"),
        "{notes:?}"
    );
    let sources = &report["sources"];
    let network = sources["network_ipv4_cidr"].as_str().unwrap();
    assert!(
        network.ends_with(&format!(
            "infra/main.tf:31, var.network from {dir}/terraform.tfvars:1"
        )),
        "{network}"
    );
    assert!(sources["cluster_ipv4_cidr"]
        .as_str()
        .unwrap()
        .ends_with("infra/main.tf:32"));
    assert_eq!(sources["nat_router"], "default");
    assert!(codes(&report).contains(&"pod-subnet-overlap"), "{report:#}");
}

#[test]
fn flags_and_vars_override_the_files_and_say_so() {
    let dir = fixture("infra");
    let (_, report) = json(&[
        "check",
        &dir,
        "--var",
        "network=10.30.0.0/16",
        "--cluster",
        "10.50.0.0/16",
    ]);
    assert_eq!(report["plan"]["network_ipv4_cidr"], "10.30.0.0/16");
    assert!(report["sources"]["network_ipv4_cidr"]
        .as_str()
        .unwrap()
        .ends_with("var.network from --var network"));
    assert_eq!(report["plan"]["cluster_ipv4_cidr"], "10.50.0.0/16");
    assert_eq!(report["sources"]["cluster_ipv4_cidr"], "--cluster");
    // The later of --var and --var-file wins, as in Terraform.
    let tfvars = fixture("infra/terraform.tfvars");
    let (_, report) = json(&[
        "check",
        &dir,
        "--var",
        "network=10.30.0.0/16",
        "--var-file",
        &tfvars,
    ]);
    assert_eq!(report["plan"]["network_ipv4_cidr"], "10.20.128.0/17");
    let json_file = fixture("infra-json/zz.auto.tfvars.json");
    let (_, report) = json(&["check", &dir, "--var-file", &json_file]);
    assert_eq!(
        report["plan"]["cluster_ipv4_cidr"], "10.30.128.0/20",
        "a JSON --var-file"
    );
    // TF_VAR_ is the weakest: terraform.tfvars beats it.
    let output = Command::cargo_bin("khcidr")
        .unwrap()
        .env("TF_VAR_network", "10.77.0.0/16")
        .args(["check", &dir, "--format", "json"])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["plan"]["network_ipv4_cidr"], "10.20.128.0/17");
}

#[test]
fn the_text_output_starts_with_what_was_read() {
    let run = run(&["check", &fixture("infra")]);
    let first: Vec<&str> = run.stdout.lines().take(12).collect();
    assert!(
        first[0].starts_with("Read module \"cluster\" at "),
        "{}",
        run.stdout
    );
    assert!(first[0].ends_with("infra/main.tf:22"), "{}", run.stdout);
    assert!(first
        .iter()
        .any(|l| l.contains("network_ipv4_cidr") && l.contains("10.20.128.0/17")));
    assert!(first
        .iter()
        .any(|l| l.contains("version") && l.contains("2.18.5")));
    assert!(first
        .iter()
        .any(|l| l.contains("note:") && l.contains("~> 2.18.1")));
}

#[test]
fn the_release_terraform_init_installed_is_the_one_checked() {
    let (_, report) = json(&["check", &fixture("infra-locked")]);
    assert_eq!(report["plan"]["module_version"], "2.18.2");
    assert!(report["sources"]["module_version"]
        .as_str()
        .unwrap()
        .ends_with(".terraform/modules/modules.json"));
    // 2.18.2 puts the ingress load balancer on host 254 of a /25: Terraform's own error.
    assert!(codes(&report).contains(&"subnet-too-small"), "{report:#}");
}

#[test]
fn what_cannot_be_evaluated_is_a_note_with_the_value_used() {
    let dir = fixture("unresolved");
    let (code, report) = json(&["check", &dir]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(
        report["plan"]["module_version"], "2.18.4",
        "from the git source's ref"
    );
    assert_eq!(report["plan"]["network_ipv4_cidr"], "10.0.0.0/8");
    assert_eq!(report["plan"]["cluster_ipv4_cidr"], "10.42.0.0/16");
    assert_eq!(report["plan"]["cluster_dns_ipv4"], "10.43.0.10");
    let notes: Vec<&str> = report["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    // Values Terraform gets later: checked with the module's defaults until then, and
    // the report is provisional, naming them and where they are used (never a value).
    assert!(
        notes.iter().any(|n| n.ends_with(
            "kube.tf:17: network_ipv4_cidr waits for data.hcloud_network.existing.ip_range, which has no value here; checked with the module's default, 10.0.0.0/8, until it has one, and what rests on it is provisional"
        )),
        "{notes:?}"
    );
    assert!(
        notes.iter().any(|n| n.ends_with(
            "kube.tf:18: cluster_ipv4_cidr waits for var.pods, which has no value here; checked with the module's default, 10.42.0.0/16, until it has one, and what rests on it is provisional"
        )),
        "{notes:?}"
    );
    assert_eq!(report["provisional"], true, "{report:#}");
    let unknown: Vec<(&str, &str)> = report["unknown"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| (u["name"].as_str().unwrap(), u["setting"].as_str().unwrap()))
        .collect();
    assert_eq!(
        unknown,
        [
            ("data.hcloud_network.existing.ip_range", "network_ipv4_cidr"),
            ("var.pods", "cluster_ipv4_cidr")
        ]
    );
    assert_eq!(report["sources"]["network_ipv4_cidr"], "default");
    // --deny-notes: nothing checked by guess.
    assert_eq!(run(&["check", &dir, "--deny-notes"]).code, 1);
    // The value given with --var is then used.
    let (_, report) = json(&["check", &dir, "--var", "pods=10.60.0.0/16"]);
    assert_eq!(report["plan"]["cluster_ipv4_cidr"], "10.60.0.0/16");
}

#[test]
fn the_modules_own_examples_read_without_a_note_beyond_the_release() {
    // Neither example pins a version. 2.18.4's sets `hetzner_ccm_use_helm`, which
    // variables.tf declares from v2.17.1 (line 368) to v2.21.0 (line 552) and 3.0.0 drops:
    // it is checked on 2.21.0, the newest release that plans it.
    for (file, agents, keyed, release, note) in [
        (
            "kube.tf.example-2.18.4",
            6,
            serde_json::json!([1, 20]),
            "2.21.0",
            "has no version, and hetzner_ccm_use_helm exists only in 2.17.1 to 2.21.0: checked on 2.21.0",
        ),
        (
            "kube.tf.example-3.1.0",
            6,
            serde_json::json!([1, 20]),
            "3.1.0",
            "has no version: checked on the newest release, 3.1.0",
        ),
    ] {
        let (code, report) = json(&["check", &fixture(&format!("examples/{file}"))]);
        assert_eq!(code, 0, "{file}: {report:#}");
        let plan = &report["plan"];
        assert_eq!(
            plan["control_planes"],
            serde_json::json!([1, 1, 1]),
            "{file}"
        );
        assert_eq!(plan["agents"].as_array().unwrap().len(), agents, "{file}");
        assert_eq!(
            plan["agents"][5]["keys"], keyed,
            "{file}: the nodes map's keys"
        );
        let notes = report["notes"].as_array().unwrap();
        assert_eq!(notes.len(), 1, "{file}: {notes:?}");
        assert!(notes[0].as_str().unwrap().contains(note), "{file}: {notes:?}");
        assert_eq!(plan["module_version"], release, "{file}");
    }
    let (_, report) = json(&["check", &fixture("examples/kube.tf.example-3.1.0")]);
    assert_eq!(
        report["plan"]["agents"][1]["subnet_ip_range"],
        "10.100.0.0/16"
    );
}

#[test]
fn broken_hcl_and_foreign_files_exit_2_with_the_place() {
    let broken = fixture("broken/kube.tf");
    let run1 = run(&["check", &broken]);
    assert_eq!(run1.code, 2);
    // Where, in words, and the line it means under it (its secret-free strings only).
    assert!(
        run1.stderr
            .starts_with(&format!("khcidr: {broken} line 4, column 3: ")),
        "{}",
        run1.stderr
    );
    assert!(
        run1.stderr
            .contains("\n4 |   network_ipv4_cidr = \"10.0.0.0/8\n  |   ^"),
        "{}",
        run1.stderr
    );
    assert!(!run1.stderr.contains("SECRET"), "{}", run1.stderr);
    assert!(run1.stdout.is_empty());
    let other = fixture("other");
    let run2 = run(&["check", &other]);
    assert_eq!(run2.code, 2);
    assert_eq!(
        run2.stderr,
        format!(
            "khcidr: no module block with source kube-hetzner/kube-hetzner/hcloud in {other}\n"
        )
    );
    let missing = run(&["check", &fixture("nowhere.tf")]);
    assert_eq!(missing.code, 2);
    assert!(
        missing.stderr.starts_with("khcidr: cannot read "),
        "{}",
        missing.stderr
    );
    let stray = run(&["check", "--var", "network=10.0.0.0/8"]);
    assert_eq!(stray.code, 2);
    assert!(
        stray.stderr.contains("--var and --var-file need a PATH"),
        "{}",
        stray.stderr
    );
}

#[test]
fn json_tfvars_are_read_in_terraforms_order() {
    let (_, report) = json(&["check", &fixture("infra-json")]);
    assert_eq!(report["plan"]["network_ipv4_cidr"], "10.20.128.0/17");
    // base from zz.auto.tfvars.json: the pod range is cut from 10.30.0.0/16.
    assert_eq!(report["plan"]["cluster_ipv4_cidr"], "10.30.128.0/20");
    assert!(report["sources"]["network_ipv4_cidr"]
        .as_str()
        .unwrap()
        .ends_with("infra-json/terraform.tfvars.json"));
}

#[test]
fn module_version_rereads_the_file_under_that_releases_names() {
    let example = fixture("examples/kube.tf.example-2.18.4");
    // Under 2.18.4 (its own release) the example reads with one note, the release's.
    let (code, report) = json(&["check", &example, "--module-version", "2.18.4"]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["plan"]["module_version"], "2.18.4");
    let notes = report["notes"].as_array().unwrap();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert_eq!(
        notes[0],
        "checked on 2.18.4, the release given with --module-version: the file's arguments are read under its names"
    );
    // Under 3.1.0, `hetzner_ccm_use_helm` (variables.tf v2.17.1 to v2.21.0) is Terraform's
    // error, at the example's line.
    let (_, report) = json(&["check", &example, "--module-version", "3.1.0"]);
    assert_eq!(report["plan"]["module_version"], "3.1.0");
    let notes: Vec<&str> = report["notes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        notes.iter().any(|n| n.contains(
            "Unsupported argument: an argument named \"hetzner_ccm_use_helm\" is not expected here. kube-hetzner 3.1.0 declares no variable hetzner_ccm_use_helm (2.17.1 to 2.21.0 do)"
        )),
        "{notes:?}"
    );
    let text = run(&["check", &example, "--module-version", "3.1.0"]).stdout;
    assert!(text.contains("hetzner_ccm_use_helm"), "{text}");
}

/// `--upgrade-to` starts from the file's release: what moves, the renames of the plan's
/// settings as findings, and every other argument 3.1.0 lacks as a note with its new name
/// (MIGRATION.md at 3.1.0). The token stays unprinted throughout.
#[test]
fn an_upgrade_starts_from_the_file_s_release() {
    let path = fixture("upgrade/kube.tf");
    let (code, out) = json(&["check", &path, "--upgrade-to", "3.1.0"]);
    assert_eq!(code, 1);
    assert_eq!(out["upgrade"]["from"], "2.15.2");
    assert_eq!(out["upgrade"]["to"], "3.1.0");
    let found = codes(&out);
    assert!(found.contains(&"upgrade-moves-node"), "{found:?}");
    assert!(found.contains(&"upgrade-renames"), "{found:?}");
    let nodes: Vec<&Value> = out["upgrade"]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["kind"] == "node" && m["after"] == "chosen by Hetzner")
        .collect();
    assert_eq!(nodes.len(), 3, "{nodes:?}");
    let notes = out["notes"].as_array().unwrap();
    assert!(
        notes.iter().any(|n| {
            let n = n.as_str().unwrap();
            n.contains("kube.tf:21: disable_hetzner_csi")
                && n.contains("Unsupported argument")
                && n.contains("enable_hetzner_csi, with the value inverted")
        }),
        "{notes:?}"
    );
    // The renamed setting is the check's finding, not a note as well.
    assert!(!notes
        .iter()
        .any(|n| n.as_str().unwrap().contains("use_control_plane_lb")));
    let text = run(&["check", &path, "--upgrade-to", "3.1.0"]);
    assert!(
        text.stdout.contains("Upgrade 2.15.2 → 3.1.0"),
        "{}",
        text.stdout
    );
    // The text shows the argument terraform plan will refuse after the upgrade, as JSON does.
    assert!(
        text.stdout
            .contains("disable_hetzner_csi: kube-hetzner 3.1.0 declares no variable"),
        "{}",
        text.stdout
    );
    // The same release: nothing moves, and the file's own check decides the exit code.
    let (code, out) = json(&["check", &path, "--upgrade-to", "2.15.2"]);
    assert_eq!(out["upgrade"]["changes"], serde_json::json!([]));
    assert_eq!(code, 0, "{out}");
}

/// A kube.tf read in Chinese: every note, the place each value came from and a syntax
/// error in Chinese, with the places, names, references and the parser's own message as
/// they are; JSON's notes only with --lang.
#[test]
fn a_files_notes_read_in_chinese_with_places_and_names_verbatim() {
    let dir = fixture("unresolved");
    let text = run(&["check", &dir, "--lang", "zh-CN"]).stdout;
    for verbatim in [
        "kube.tf:17: network_ipv4_cidr",
        "data.hcloud_network.existing.ip_range",
        "kube.tf:18: cluster_ipv4_cidr",
        "var.pods",
        "10.0.0.0/8",
        "module \"kube-hetzner\"",
    ] {
        assert!(
            text.contains(verbatim),
            "{verbatim:?} missing from:\n{text}"
        );
    }
    for english in [
        "waits for",
        "checked with",
        "provisional",
        "the source's ref",
        " at ",
    ] {
        assert!(!text.contains(english), "{english:?} in:\n{text}");
    }
    let (_, chinese) = json(&["check", &dir, "--lang", "zh-CN"]);
    let (_, english) = json(&["check", &dir]);
    let note = |v: &Value| v["notes"][0].as_str().unwrap().to_string();
    assert!(note(&english).contains("waits for data.hcloud_network.existing.ip_range"));
    assert!(!note(&chinese).contains("waits for"), "{}", note(&chinese));
    assert!(note(&chinese).contains("data.hcloud_network.existing.ip_range"));
    // A syntax error: the place and the parser's message as they are, the words in Chinese.
    let broken = run(&["check", &fixture("broken"), "--lang", "zh-CN"]);
    assert_eq!(broken.code, 2);
    assert!(
        broken
            .stderr
            .contains("invalid block body; expected `}`, newline or identifier"),
        "{}",
        broken.stderr
    );
    assert!(
        !broken.stderr.contains("does not read as"),
        "{}",
        broken.stderr
    );
    assert!(
        !broken.stderr.contains("line 4, column 3"),
        "{}",
        broken.stderr
    );
}

/// `--format link`: the page's link for the plan read, with the flags over it; what derives
/// from a sensitive variable is at the module's default, never in the link.
#[test]
fn the_link_is_the_plan_without_what_is_sensitive() {
    let dir = std::env::temp_dir().join(format!("khcidr-link-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("main.tf"),
        r#"
variable "net" {
  sensitive = true
  default   = "10.20.0.0/16"
}
module "kube-hetzner" {
  source            = "kube-hetzner/kube-hetzner/hcloud"
  version           = "2.18.4"
  network_ipv4_cidr = var.net
  cluster_ipv4_cidr = "10.50.0.0/16"
  agent_nodepools   = [{ name = "a", count = 2 }]
}
"#,
    )
    .unwrap();
    let path = dir.display().to_string();
    let link = run(&["check", &path, "--format", "link", "--agents", "4"]);
    std::fs::remove_dir_all(&dir).unwrap();
    // Exit 1: no control plane pool, an error of the plan; the link is printed all the same.
    assert_eq!(link.code, 1, "{}", link.stderr);
    let fragment = link.stdout.trim();
    assert!(fragment.starts_with('#'), "{fragment}");
    for part in [
        "network_ipv4_cidr=10.0.0.0/8",
        "cluster_ipv4_cidr=10.50.0.0/16",
        "agents=4",
        "module_version=2.18.4",
    ] {
        assert!(
            fragment.split(['#', '&']).any(|p| p == part),
            "{part} in {fragment}"
        );
    }
    assert!(!fragment.contains("10.20."), "{fragment}");
}
