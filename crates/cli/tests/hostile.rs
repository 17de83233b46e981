//! `khcidr check` on hostile and careless input: exit 0, 1 or 2 only, never a panic, within
//! 512 MB of address space, nothing sensitive printed in any format, and nothing from a file
//! reaching the terminal as a control sequence.

use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const MARK: &str = "MARK-sensitive-7f3a9c";

/// A scratch directory of this test's own.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("khcidr-hostile-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs khcidr under a 512 MB address-space limit, with a hang guard.
fn khcidr(args: &[&str], env: &[(&std::ffi::OsStr, &std::ffi::OsStr)]) -> Output {
    let bin = assert_cmd::cargo::cargo_bin("khcidr");
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg("ulimit -v 524288 && exec \"$0\" \"$@\"")
        .arg(bin)
        .args(args)
        .env_remove("TF_VAR_hcloud_token")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        command.env(k, v);
    }
    let start = Instant::now();
    let child = command.spawn().unwrap();
    let output = child.wait_with_output().unwrap();
    // A bound, not a speed measure: the evaluation stops itself after 1 s, and the largest
    // file read takes a fraction of that to parse (the slowest here: about 0.6 s on a
    // loaded machine, in a debug build).
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{args:?} ran {:?}",
        start.elapsed()
    );
    let code = output.status.code();
    assert!(
        matches!(code, Some(0..=2)),
        "{args:?}: exit {code:?}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let all = [&output.stdout[..], &output.stderr[..]].concat();
    let text = String::from_utf8_lossy(&all);
    assert!(!text.contains("panicked"), "{args:?}: {text}");
    assert!(
        !text.contains(MARK),
        "{args:?} printed the sensitive value:\n{text}"
    );
    output
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

fn module(body: &str) -> String {
    format!(
        "variable \"hcloud_token\" {{\n  sensitive = true\n  default = \"{MARK}\"\n}}\nmodule \"k\" {{\n  source = \"kube-hetzner/kube-hetzner/hcloud\"\n  version = \"2.18.4\"\n{body}\n}}\n"
    )
}

#[test]
fn hostile_expressions_end_in_a_note() {
    let dir = scratch("expressions");
    let shapes = [
        "network_ipv4_cidr = \"%{ if 5 % 0 == 1 }x%{ endif }\"",
        "network_ipv4_cidr = \"${ {a = 5}.a % 0 }\"",
        "network_ipv4_cidr = [for a in range(1024) : [for b in range(1024) : [for c in range(1024) : c]]]",
        "subnet_amount = \"${ {a = 1}.a + 18446744073709551615 }\"",
        "subnet_amount = format(\"%d\", 1e30)",
        "network_ipv4_cidr = lookup({ a = 1 }, var.hcloud_token)",
        "network_ipv4_cidr = var.hcloud_token",
        "network_ipv4_cidr = \"\\u001b]0;pwned\\u0007\\u001b[2J10.0.0.0/8\"",
    ];
    for shape in shapes {
        let tf = write(&dir, "main.tf", &module(&format!("  {shape}")));
        for format in ["text", "json", "svg"] {
            let out = khcidr(&["check", &tf, "--format", format], &[]);
            let stdout = String::from_utf8_lossy(&out.stdout);
            assert!(
                !stdout.contains('\u{1b}'),
                "{shape}: a control sequence reached the output"
            );
        }
        let text = khcidr(&["check", &tf], &[]);
        let stdout = String::from_utf8_lossy(&text.stdout);
        assert!(
            stdout.contains("note:") || stdout.contains("error["),
            "{shape}: {stdout}"
        );
    }
}

#[test]
fn the_same_text_through_var_tfvars_and_the_environment_is_a_constant() {
    let dir = scratch("values");
    let tf = write(
        &dir,
        "main.tf",
        &module("  network_ipv4_cidr = var.net\n}\nvariable \"net\" {"),
    );
    let bomb = "\"%{ if 0 / 0 == 1 }x%{ endif }\"";
    write(&dir, "terraform.tfvars", &format!("net = {bomb}\n"));
    let out = khcidr(&["check", &tf], &[]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("can't divide zero by zero"));
    std::fs::remove_file(dir.join("terraform.tfvars")).unwrap();
    khcidr(&["check", &tf, "--var", &format!("net={bomb}")], &[]);
    khcidr(&["check", &tf], &[("TF_VAR_net".as_ref(), bomb.as_ref())]);
}

#[test]
fn a_sensitive_value_is_hidden_in_every_format() {
    let dir = scratch("sensitive");
    let tf = write(
        &dir,
        "main.tf",
        &module(concat!(
            "  control_plane_nodepools = [{ count = 1 }]\n",
            "  agent_nodepools = [{ count = 1 }]\n",
            "  network_ipv4_cidr = var.net\n}\nvariable \"net\" {\n  sensitive = true"
        )),
    );
    for format in ["text", "json", "svg"] {
        // The khcidr() helper fails on the mark; here the value is a valid network.
        let out = khcidr(
            &[
                "check",
                &tf,
                "--format",
                format,
                "--var",
                "net=10.77.0.0/16",
            ],
            &[],
        );
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(!stdout.contains("10.77.0.0/16"), "{format}: {stdout}");
        assert!(stdout.contains("(sensitive value)"), "{format}: {stdout}");
    }
    let out = khcidr(
        &[
            "check",
            &tf,
            "--format",
            "json",
            "--var",
            "net=10.77.0.0/16",
        ],
        &[],
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["sensitive"], serde_json::json!(["network_ipv4_cidr"]));
    // The value itself was checked: the pods' default 10.42.0.0/16 is outside 10.77.0.0/16.
    assert_eq!(out.status.code(), Some(0), "{json:#}");
}

#[test]
fn files_that_are_not_regular_or_too_large_exit_2() {
    let dir = scratch("files");
    let fifo = dir.join("pipe.tf");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let fifo = fifo.display().to_string();
    let big = dir.join("big.tfvars");
    std::fs::write(&big, vec![b'#'; 2 * 1024 * 1024]).unwrap();
    let big = big.display().to_string();
    let tf = write(&dir, "main.tf", &module(""));
    for args in [
        vec!["check", "/dev/zero"],
        vec!["check", "/dev/urandom"],
        vec!["check", &fifo],
        vec!["check", &tf, "--var-file", &fifo],
        vec!["check", &tf, "--var-file", "/dev/zero"],
        vec!["check", &tf, "--var-file", &big],
    ] {
        let out = khcidr(&args, &[]);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("not a regular file") || stderr.contains("larger than 1 MB"),
            "{args:?}: {stderr}"
        );
    }
    // A lock file that is a device is never read; the file's own release is checked.
    let locked = scratch("locked");
    write(&locked, "main.tf", &module(""));
    std::fs::create_dir_all(locked.join(".terraform/modules")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", locked.join(".terraform/modules/modules.json"))
        .unwrap();
    let out = khcidr(
        &["check", &locked.display().to_string(), "--format", "json"],
        &[],
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["plan"]["module_version"], "2.18.4");
}

#[test]
fn odd_environments_and_full_pipes_are_not_a_crash() {
    let dir = scratch("env");
    let tf = write(&dir, "main.tf", &module(""));
    let odd = std::ffi::OsStr::from_bytes(b"\xff\xfe");
    let secret =
        std::ffi::OsString::from_vec([b"\xff".to_vec(), MARK.as_bytes().to_vec()].concat());
    let out = khcidr(
        &["check", &tf],
        &[
            ("KHCIDR_UNRELATED".as_ref(), odd),
            ("TF_VAR_hcloud_token".as_ref(), &secret),
        ],
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("TF_VAR_hcloud_token is not UTF-8"));
    // Standard error or standard output full: exit 2, never a panic.
    let full = |args: &[&str], stream: &str| {
        let bin = assert_cmd::cargo::cargo_bin("khcidr");
        let status = Command::new("sh")
            .arg("-c")
            .arg(format!("exec \"$0\" \"$@\" {stream}>/dev/full"))
            .arg(bin)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap();
        status.code()
    };
    assert_eq!(full(&["check", "/dev/zero"], "2"), Some(2));
    assert_eq!(full(&["--help"], "1"), Some(2));
    assert_eq!(full(&["check", &tf], "1"), Some(2));
    assert_eq!(full(&["check", "--no-such-flag"], "2"), Some(2));
}

#[test]
fn agent_keys_obey_the_node_limit() {
    let keys: Vec<String> = (0..20_000).map(|k| k.to_string()).collect();
    let arg = format!("0={}", keys.join("/"));
    let out = khcidr(&["check", "--agents", "1", "--agent-keys", &arg], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("more than 10000"));
}

#[test]
fn a_sensitive_value_is_hidden_however_it_is_used() {
    let dir = scratch("routes");
    // Each body routes the mark into the plan another way; khcidr() fails on the mark.
    for body in [
        "  cni_plugin = \"cilium\"\n  cilium_routing_mode = upper(var.hcloud_token)",
        "  agent_nodepools = [{ count = 1, subnet_ip_range = upper(var.hcloud_token) }]",
        "  network_ipv4_cidr = \"\\t${var.hcloud_token} \"",
        "  network_ipv4_cidr = ([{ MARK = \"x\" }][*][replace(var.hcloud_token, \"-sensitive-7f3a9c\", \"\")])[0]",
        "  k3s_exec_server_args = \"--node-cidr-mask-size=${var.hcloud_token}\"",
    ] {
        let tf = write(&dir, "main.tf", &module(body));
        for format in ["text", "json", "svg"] {
            khcidr(&["check", &tf, "--format", format], &[]);
        }
    }
    // A sensitive release and a sensitive count: hidden too, numbers in JSON included.
    let tf = write(
        &dir,
        "main.tf",
        "variable \"n\" {\n  sensitive = true\n  default = 1234\n}\nvariable \"v\" {\n  sensitive = true\n  default = \"v2.18.4\"\n}\nmodule \"k\" {\n  source = \"kube-hetzner/kube-hetzner/hcloud\"\n  version = var.v\n  agent_nodepools = [{ count = var.n }]\n  autoscaler_nodepools = [{ max_nodes = var.n }]\n}\n",
    );
    for format in ["text", "json", "svg"] {
        let out = khcidr(&["check", &tf, "--format", format], &[]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(!stdout.contains("1234"), "{format}: {stdout}");
        assert!(!stdout.contains("2.18.4"), "{format}: {stdout}");
    }
}

#[test]
fn splats_chained_past_any_use_stop_with_a_note() {
    let dir = scratch("splats");
    let tf = write(
        &dir,
        "main.tf",
        &module(&format!(
            "  network_ipv4_cidr = [1]{}",
            "[*]".repeat(10_000)
        )),
    );
    let out = khcidr(&["check", &tf], &[]);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("evaluation stopped"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}
