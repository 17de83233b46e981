//! The real `khcidr` binary: exit codes, text and JSON.

use assert_cmd::Command;
use serde_json::Value;

/// The binary, in English whatever the machine's locale (the language tests set it).
fn khcidr() -> Command {
    let mut command = Command::cargo_bin("khcidr").unwrap();
    for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        command.env_remove(name);
    }
    command
}

const INCIDENT: &[&str] = &[
    "check",
    "--network",
    "10.20.128.0/17",
    "--cluster",
    "10.20.128.0/20",
    "--service",
    "10.20.144.0/20",
    "--agents",
    "2",
    "--module-version",
    "2.12.0",
];

fn json(args: &[&str]) -> (i32, Value) {
    let output = khcidr()
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let value = serde_json::from_slice(&output.stdout).expect("stdout is JSON");
    (output.status.code().unwrap(), value)
}

#[test]
fn defaults_exit_0_with_infos_only() {
    let output = khcidr().arg("check").output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains("info[pod-subnet-overlap] the 43rd agent nodepool"),
        "{text}"
    );
    assert!(
        text.contains("info[terraform-version] kube-hetzner 3.1.0 needs Terraform 1.12"),
        "{text}"
    );
    assert!(
        text.contains(
            "info[value-ignored] kube-hetzner 3.1.0 attaches these servers without a private IP"
        ),
        "{text}"
    );
    assert!(text.ends_with("0 errors, 0 warnings, 4 infos\n"), "{text}");
}

#[test]
fn the_incident_exits_1_and_names_block_subnet_and_gateway() {
    let output = khcidr().args(INCIDENT).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains("error[pod-subnet-overlap] pod block 10.20.128.0/24 overlaps agent pool 0 subnet 10.20.128.0/25; the route 10.20.128.0/24 via 10.20.128.101"),
        "{text}"
    );
    assert!(
        text.contains("hcloud/CreateRoute: invalid gateway (invalid_input)"),
        "{text}"
    );
    assert!(!text.contains('\x1b'), "no colour when not a terminal");
}

#[test]
fn json_has_the_documented_shape() {
    let (code, report) = json(INCIDENT);
    assert_eq!(code, 1);
    assert_eq!(report["plan"]["module_version"], "2.12.0");
    assert_eq!(report["layout"]["module_release"], "2.12.0");
    let finding = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "pod-subnet-overlap")
        .unwrap();
    for key in [
        "code",
        "severity",
        "message",
        "fields",
        "ranges",
        "starts_at",
    ] {
        assert!(finding.get(key).is_some(), "finding lacks {key}: {finding}");
    }
    assert_eq!(finding["code"], "pod-subnet-overlap");
    assert_eq!(finding["severity"], "error");
    assert_eq!(
        finding["ranges"],
        serde_json::json!(["10.20.128.0/24", "10.20.128.0/25", "10.20.128.101"])
    );
    assert_eq!(
        finding["fields"],
        serde_json::json!(["cluster_ipv4_cidr", "network_ipv4_cidr"])
    );

    let layout = &report["layout"];
    let agent = &layout["subnets"][0];
    assert_eq!(agent["role"], "agent");
    assert_eq!(agent["pool"], 0);
    assert_eq!(agent["index"], 0);
    assert_eq!(agent["cidr"], "10.20.128.0/25");
    assert_eq!(agent["gateway"], "10.20.128.1");
    assert_eq!(
        agent["node_ips"],
        serde_json::json!(["10.20.128.101", "10.20.128.102"])
    );
    assert_eq!(layout["subnets"][1]["role"], "control-plane");
    assert_eq!(layout["subnets"][1]["cidr"], "10.20.255.128/25");
    assert_eq!(layout["api_ip"], "10.20.144.1");
    // 2.12.0 defaults cluster_dns_ipv4 to 10.43.0.10, outside this service range.
    assert_eq!(layout["dns_ip"], "10.43.0.10");
    assert_eq!(layout["dns_source"], "variable");
    // Collisions lead among errors: the route Hetzner refuses is the story.
    assert_eq!(report["findings"][0]["code"], "pod-subnet-overlap");
    assert_eq!(report["findings"][1]["code"], "dns-outside-service");
    assert_eq!(layout["network_gateway"], "10.20.128.1");
    assert_eq!(layout["load_balancer_ip"], Value::Null);
    assert_eq!(layout["pod_blocks"][0], "10.20.128.0/24");

    let capacity = &report["capacity"];
    assert_eq!(capacity["max_nodes"], 16);
    assert_eq!(capacity["limited_by"], serde_json::json!(["pod-blocks"]));
    assert_eq!(capacity["pods_per_node"], 110);
    assert_eq!(capacity["service_ips"], 4094);
    assert_eq!(capacity["subnets_used"], 4);
    assert_eq!(capacity["subnets_left"], 46);
}

#[test]
fn shared_subnet_and_nat_router_have_null_pool() {
    let (_, report) = json(&["check", "--subnet-mode", "shared", "--nat-router=redundant"]);
    let subnets = report["layout"]["subnets"].as_array().unwrap();
    assert!(subnets.iter().all(|s| s["pool"].is_null()), "{subnets:?}");
    let nat = subnets.iter().find(|s| s["role"] == "nat-router").unwrap();
    assert_eq!(
        nat["node_ips"],
        serde_json::json!(["10.200.0.2", "10.200.0.3"])
    );
}

#[test]
fn deny_warnings_turns_a_warning_into_exit_1() {
    let args = [
        "check",
        "--network",
        "10.20.0.0/16",
        "--cluster",
        "10.20.192.0/18",
        "--service",
        "10.20.64.0/19",
    ];
    assert_eq!(khcidr().args(args).output().unwrap().status.code(), Some(0));
    assert_eq!(
        khcidr()
            .args(args)
            .arg("--deny-warnings")
            .output()
            .unwrap()
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn suggested_fix_with_load_balancer_exits_0_and_places_it() {
    let (code, report) = json(&[
        "check",
        "--network",
        "10.20.0.0/16",
        "--cluster",
        "10.20.128.0/17",
        "--service",
        "10.20.64.0/19",
        "--dns",
        "10.20.64.10",
        "--control-plane-lb",
    ]);
    assert_eq!(code, 0);
    assert_eq!(report["layout"]["load_balancer_ip"], "10.20.255.254");
    let info = &report["findings"][0];
    assert_eq!(
        (info["code"].as_str(), info["starts_at"].as_u64()),
        (Some("pod-subnet-overlap"), Some(126))
    );
}

#[test]
fn unusable_arguments_exit_2_with_usage_and_no_backtrace() {
    for args in [
        &["check", "--bogus"][..],
        &["check", "--cni", "weave"],
        &["check", "--agents", "1,x"],
        &["check", "--node-mask", "999"],
        &[
            "check",
            "--module-version",
            "2.18.4",
            "--subnet-count",
            "64",
        ],
        &["check", "--module-version", "2.18.4", "--vswitch"],
        &[
            "check",
            "--module-version",
            "2.17.4",
            "--nat-router-index",
            "3",
        ],
        &[
            "check",
            "--module-version",
            "2.19.1",
            "--nat-router=redundant",
        ],
        &["check", "--module-version", "2.18.9"],
        &[
            "check",
            "--module-version",
            "2.0.0",
            "--nat-router-index",
            "200",
        ],
        &["check", "--agents", "-1"],
        &["frobnicate"],
        &[],
    ] {
        let output = khcidr().args(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("Usage:"), "{args:?}: {stderr}");
        assert!(
            !stderr.contains("panicked") && !stderr.contains("backtrace"),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn a_bad_cidr_is_a_finding_not_a_crash() {
    let (code, report) = json(&["check", "--network", "10.0.0.0/33"]);
    assert_eq!(code, 1);
    assert_eq!(report["findings"][0]["code"], "invalid-cidr");
    assert_eq!(report["findings"][0]["fields"][0], "network_ipv4_cidr");
}

#[test]
fn a_release_newer_than_khcidr_knows_is_checked_as_the_newest_with_a_warning() {
    // kube-hetzner 3.2.0 is out; khcidr knows up to 3.1.0: the check runs, on 3.1.0, and
    // says so. The exit code comes from the findings (a warning: 0, 1 with --deny-warnings).
    let (code, report) = json(&["check", "--module-version", "3.2.0"]);
    assert_eq!(code, 0);
    assert_eq!(report["layout"]["module_release"], "3.1.0");
    let newer = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "release-newer-than-known")
        .expect("the warning");
    assert_eq!(newer["severity"], "warning");
    assert_eq!(
        newer["message"],
        "kube-hetzner 3.2.0 is newer than the releases khcidr knows (up to 3.1.0); checked as 3.1.0"
    );
    let (code, _) = json(&["check", "--module-version", "3.2.0", "--deny-warnings"]);
    assert_eq!(code, 1);
    // The same from a kube.tf's version.
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("newer-release.tf");
    std::fs::write(
        &path,
        "module \"kube-hetzner\" {\n  source  = \"kube-hetzner/kube-hetzner/hcloud\"\n  version = \"3.2.0\"\n}\n",
    )
    .unwrap();
    let (_, report) = json(&["check", path.to_str().unwrap()]);
    assert_eq!(report["layout"]["module_release"], "3.1.0");
    assert!(report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["code"] == "release-newer-than-known"));
    // A newer major cannot be known: refused.
    let output = khcidr()
        .args(["check", "--module-version", "4.0.0"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("is a newer major"));
}

#[test]
fn the_release_is_an_input_and_json_echoes_it() {
    for (spec, release) in [
        ("2.18.4", "2.18.4"),
        ("v2.18.4", "2.18.4"),
        ("V2", "2.21.0"),
        ("~> 2.18", "2.21.0"),
        ("v3", "3.1.0"),
    ] {
        let (_, report) = json(&["check", "--module-version", spec]);
        assert_eq!(report["layout"]["module_release"], release, "{spec}");
    }
    let (_, report) = json(&["check"]);
    assert_eq!(
        report["layout"]["module_release"], "3.1.0",
        "the newest release by default"
    );
}

#[test]
fn release_2_18_4_in_a_17_fails_at_the_ingress_load_balancer() {
    let (code, report) = json(&[
        "check",
        "--module-version",
        "2.18.4",
        "--network",
        "10.0.0.0/17",
    ]);
    assert_eq!(code, 1);
    let errors = report["layout"]["terraform_errors"].as_array().unwrap();
    assert_eq!(
        errors[0]["detail"],
        "Call to function \"cidrhost\" failed: prefix of 25 does not accommodate a host numbered 254."
    );
    let finding = &report["findings"][0];
    assert_eq!(finding["severity"], "error");
    assert!(
        finding["message"]
            .as_str()
            .unwrap()
            .contains("the ingress load balancer's IP, host 254 of 10.0.0.0/25"),
        "{finding}"
    );
    // The newer release moved it to the second-to-last address.
    let (code, report) = json(&[
        "check",
        "--module-version",
        "2.18.5",
        "--network",
        "10.0.0.0/17",
    ]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["layout"]["ingress_lb_ip"], "10.0.0.126");
}

#[test]
fn the_nat_router_sits_on_host_1_and_a_pair_behind_a_floating_gateway() {
    let (_, report) = json(&["check", "--nat-router", "--control-plane-lb"]);
    assert_eq!(
        report["layout"]["nat_router_ips"],
        serde_json::json!(["10.200.0.1"])
    );
    assert_eq!(report["layout"]["nat_gateway_ip"], "10.200.0.1");
    let (_, report) = json(&["check", "--nat-router=redundant", "--control-plane-lb"]);
    assert_eq!(
        report["layout"]["nat_router_ips"],
        serde_json::json!(["10.200.0.2", "10.200.0.3"])
    );
    assert_eq!(report["layout"]["nat_gateway_ip"], "10.200.0.1");
}

#[test]
fn users_spellings_are_taken() {
    let (code, report) = json(&[
        "check",
        "--agents=",
        "--control-planes",
        "2, 2",
        "--subnet-mode",
        "per_nodepool",
    ]);
    assert_eq!(report["plan"]["agents"], serde_json::json!([]));
    assert_eq!(report["plan"]["control_planes"], serde_json::json!([2, 2]));
    assert_eq!(
        code, 1,
        "3.x wants an odd number of control-plane nodes: {report}"
    );
    let (_, report) = json(&[
        "check",
        "--agent-subnet",
        "1=10.100.0.0/16",
        "--network",
        "10.0.0.0/8",
    ]);
    let own = report["layout"]["subnets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["pool"] == 1 && s["role"] == "agent")
        .unwrap()
        .clone();
    assert_eq!(
        (own["cidr"].as_str(), own["index"].is_null()),
        (Some("10.100.0.0/16"), true)
    );
}

#[test]
fn bad_counts_and_missing_settings_say_what_to_do() {
    let output = khcidr().args(["check", "--agents", "-1"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("\"-1\" is not a node count"), "{stderr}");
    let output = khcidr()
        .args(["check", "--module-version", "2.18.4", "--vswitch"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(
            "--vswitch needs kube-hetzner 2.19.0 or later, but the release checked is 2.18.4"
        ),
        "{stderr}"
    );
}

#[test]
fn a_closed_pipe_ends_quietly() {
    use std::io::Read;
    use std::process::{Command as Process, Stdio};
    let mut child = Process::new(assert_cmd::cargo::cargo_bin("khcidr"))
        // Far more output than a pipe holds, from a plan that would otherwise exit 1.
        .args([
            "check",
            "--format",
            "json",
            "--agents",
            &vec!["200"; 50].join(","),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read one byte, then hang up, as `| head -c 1` does.
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 1];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

/// kube-hetzner#894: 55 agent nodepools on a 2.x release. No 2.x release checks the
/// count; Hetzner refuses the 51st subnet at apply. Every pool asked for is counted.
#[test]
fn fifty_five_agent_pools_are_all_counted_against_hetzners_50_subnets() {
    let pools = vec!["1"; 55].join(",");
    let output = khcidr()
        .args([
            "check",
            "--agents",
            &pools,
            "--control-planes",
            "1",
            "--module-version",
            "2.3.1",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    assert!(
        stdout.contains("error[too-many-subnets] the plan allocates 56 subnets, one per nodepool (56); Hetzner allows at most 50 per network, and kube-hetzner 2.3.1 does not check it"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Error: subnet limit reached (resource_limit_exceeded)"),
        "{stdout}"
    );
    assert_eq!(output.status.code(), Some(1));
    // 50 pools in all: within Hetzner's limit.
    let fifty = vec!["1"; 49].join(",");
    let (_, report) = json(&[
        "check",
        "--agents",
        &fifty,
        "--control-planes",
        "1",
        "--module-version",
        "2.3.1",
    ]);
    assert!(!report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["code"] == "too-many-subnets"));
    // Past what any release splits a network into, the rest is cut with a word.
    let many = vec!["1"; 300].join(",");
    let output = khcidr()
        .args(["check", "--agents", &many])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("khcidr: --agents: only the first 256 of 300 nodepools kept"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn svg_is_one_self_contained_picture_of_the_plan() {
    for theme in ["light", "dark"] {
        let mut args = INCIDENT.to_vec();
        args.extend(["--format", "svg", "--theme", theme]);
        let output = khcidr().args(&args).output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(1),
            "the exit code still says broken"
        );
        let svg = String::from_utf8(output.stdout).unwrap();
        let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "svg");
        assert!(root.attribute("viewBox").is_some());
        for node in doc.descendants().filter(|n| n.is_element()) {
            let name = node.tag_name().name();
            assert!(
                !matches!(name, "script" | "foreignObject" | "image" | "a" | "use"),
                "{name}"
            );
            for a in node.attributes() {
                assert!(
                    !a.name().starts_with("on"),
                    "an event handler: {}",
                    a.name()
                );
                assert!(
                    !a.value().contains("http") || a.name() == "xmlns",
                    "an external reference: {}",
                    a.value()
                );
            }
        }
        let text: String = doc
            .descendants()
            .filter_map(|n| n.text())
            .collect::<Vec<_>>()
            .join(" ");
        for expected in [
            "10.20.128.0/17",
            "route 10.20.128.0/24 via 10.20.128.101",
            "collides now",
            "Broken now · 2 errors",
        ] {
            assert!(text.contains(expected), "{expected} in {text}");
        }
    }
    let light = khcidr()
        .args(["check", "--format", "svg"])
        .output()
        .unwrap()
        .stdout;
    let dark = khcidr()
        .args(["check", "--format", "svg", "--theme", "dark"])
        .output()
        .unwrap()
        .stdout;
    assert_ne!(light, dark, "the themes differ");
}

#[test]
fn the_sites_picture_is_what_the_cli_draws_today() {
    let mut args = INCIDENT.to_vec();
    args.extend(["--format", "svg"]);
    let output = khcidr().args(&args).output().unwrap();
    let committed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../static/incident.svg"
    ))
    .unwrap();
    assert!(
        String::from_utf8(output.stdout).unwrap() == committed,
        "static/incident.svg is stale: regenerate it with khcidr check {} > static/incident.svg",
        args.join(" ")
    );
}

#[test]
fn terraform_version_turns_the_notice_into_terraforms_error_or_silence() {
    // kube-hetzner #2197: 2.19.x without a NAT router fails on Terraform 1.11 at
    // nat-router.tf's `var.nat_router != null && var.nat_router.enable_redundancy`.
    let (code, report) = json(&[
        "check",
        "--module-version",
        "2.19.2",
        "--terraform-version",
        "1.11.4",
    ]);
    assert_eq!(code, 1, "{report:#}");
    let error = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "terraform-version" && f["severity"] == "error")
        .expect("the error");
    assert!(error["symptom"]
        .as_str()
        .unwrap()
        .contains("Error: Attempt to get attribute from null value"));
    assert_eq!(report["plan"]["terraform"], "1.11.4");
    let (code, report) = json(&[
        "check",
        "--module-version",
        "2.19.2",
        "--terraform-version",
        "1.12.1",
    ]);
    assert_eq!(code, 0, "{report:#}");
    assert!(!report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["code"] == "terraform-version"));
    // Not a version: refused before anything is checked.
    let output = khcidr()
        .args(["check", "--terraform-version", "one"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("one is not a Terraform version"));
}

/// The incident in Simplified Chinese: every finding and the counts in Chinese, with the
/// real error text, codes, variable names and addresses as they are.
#[test]
fn the_incident_in_chinese_keeps_the_real_errors_verbatim() {
    let output = khcidr()
        .args(INCIDENT)
        .args(["--lang", "zh-CN"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8(output.stdout).unwrap();
    for said in [
        "错误[pod-subnet-overlap] Pod 地址块 10.20.128.0/24",
        "hcloud/CreateRoute: invalid gateway (invalid_input)",
        "你会看到：",
        "spec.clusterIPs: Invalid value: \"10.43.0.10\": provided IP is not in the valid range",
        "cluster_ipv4_cidr = \"10.20.160.0/20\"",
        "2 个错误",
    ] {
        assert!(text.contains(said), "{said:?} missing from:\n{text}");
    }
    assert!(!text.contains("you will see"), "{text}");
    // The picture too: its verdict, its lanes and its findings.
    let svg = khcidr()
        .args(INCIDENT)
        .args(["--format", "svg", "--lang", "zh-CN"])
        .output()
        .unwrap();
    let svg = String::from_utf8(svg.stdout).unwrap();
    for said in ["现在就会出错", "Hetzner 网络", "Pod 地址块 10.20.128.0/24"] {
        assert!(svg.contains(said), "{said:?} missing from the picture");
    }
}

/// Without --lang, text follows the locale (LC_ALL, then LC_MESSAGES, then LANG); JSON's
/// messages follow only --lang, and its codes and fields never change.
#[test]
fn the_locale_chooses_the_language_and_json_keeps_its_codes() {
    let run = |env: &[(&str, &str)], args: &[&str]| {
        let mut command = khcidr();
        for (name, value) in env {
            command.env(name, value);
        }
        String::from_utf8(command.args(INCIDENT).args(args).output().unwrap().stdout).unwrap()
    };
    assert!(run(&[("LANG", "zh_CN.UTF-8")], &[]).contains("你会看到："));
    assert!(run(&[("LANG", "zh_CN.UTF-8"), ("LC_ALL", "C")], &[]).contains("you will see:"));
    assert!(run(&[("LANG", "zh_CN.UTF-8")], &["--lang", "en"]).contains("you will see:"));
    let english: Value =
        serde_json::from_str(&run(&[("LANG", "zh_CN.UTF-8")], &["--format", "json"])).unwrap();
    let chinese: Value =
        serde_json::from_str(&run(&[], &["--format", "json", "--lang", "zh-CN"])).unwrap();
    let first = |v: &Value, key: &str| v["findings"][0][key].clone();
    assert!(first(&english, "message")
        .as_str()
        .unwrap()
        .starts_with("pod block 10.20.128.0/24"));
    assert!(first(&chinese, "message")
        .as_str()
        .unwrap()
        .starts_with("Pod 地址块 10.20.128.0/24"));
    for key in ["code", "severity", "fields", "ranges", "apply", "starts_at"] {
        assert_eq!(first(&english, key), first(&chinese, key), "{key}");
    }
}

/// The layout's table in Chinese keeps its columns: a Chinese character takes two columns
/// of a terminal, and each pool's subnet starts in the same one.
#[test]
fn the_chinese_layout_table_keeps_its_columns() {
    let output = khcidr()
        .args(["check", "--lang", "zh-CN"])
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    let wide =
        |c: char| ('\u{2e80}'..='\u{9fff}').contains(&c) || ('\u{ff00}'..='\u{ff60}').contains(&c);
    let starts: Vec<usize> = text
        .lines()
        .filter(|l| l.starts_with("  agent 节点池 ") || l.starts_with("  控制平面节点池 "))
        .filter_map(|l| {
            let at = l.find(" 10.")?;
            Some(l[..at].chars().map(|c| if wide(c) { 2 } else { 1 }).sum())
        })
        .collect();
    assert_eq!(starts.len(), 5, "{text}");
    assert!(starts.iter().all(|&s| s == starts[0]), "{starts:?}\n{text}");
}
