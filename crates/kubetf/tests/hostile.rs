//! Hostile and careless input: every shape that once crashed, leaked or ran unbounded ends
//! in a reading or an error, with a note that names the limit reached, and never shows a
//! sensitive value.

use khcidr_core::settings::SETTINGS;
use khcidr_kubetf::{read, File, Reading, Values};

const MARK: &str = "MARK-sensitive-7f3a9c";

fn file(text: &str) -> Vec<File> {
    vec![File {
        name: "kube.tf".into(),
        text: text.into(),
    }]
}

/// A module block that sets `attribute = expr`, beside `locals` and a sensitive variable
/// whose value is the mark.
fn config(attribute: &str, expr: &str, locals: &str) -> String {
    let text = release_config(locals);
    if attribute == "version" {
        return text.replace("version = \"2.18.4\"", &format!("version = {expr}"));
    }
    text.replace("  # the attribute\n", &format!("  {attribute} = {expr}\n"))
}

fn release_config(locals: &str) -> String {
    format!(
        r#"
variable "hcloud_token" {{
  sensitive = true
  default   = "{MARK}"
}}
locals {{
  nets = {{ prod = "10.1.0.0/16" }}
  {locals}
}}
module "k" {{
  source  = "kube-hetzner/kube-hetzner/hcloud"
  version = "2.18.4"
  # the attribute
}}
"#
    )
}

fn reading(text: &str, values: &[Values]) -> Reading {
    read("kube.tf", &file(text), values, &[]).expect("the configuration reads")
}

fn notes(r: &Reading) -> String {
    r.all_notes(None).into_iter().collect::<Vec<_>>().join("\n")
}

/// Everything a reading shows or keeps: its notes, the plan a page keeps in its link, and the
/// plan's text under each setting, with the secrets hidden as every output hides them.
fn shown(r: &Reading) -> String {
    let (plan, kept_out) = r.shareable();
    let kept_out: Vec<String> = kept_out.iter().map(|n| n.en()).collect();
    let mut all = vec![notes(r), kept_out.join("\n")];
    all.push(khcidr_core::share::encode(&plan));
    all.extend(SETTINGS.iter().map(|s| r.secrets.hide(&(s.get)(&r.plan))));
    all.join("\n")
}

#[test]
fn arithmetic_in_templates_and_directives_is_terraforms() {
    // Terraform 1.11: a number over zero is an infinity, "+Inf" as text, and 1e308 * 10 is
    // exact. The plan holds Terraform's value, which the checks then refuse as an address.
    let big = format!("1{}", "0".repeat(309));
    for (expr, text) in [
        (r#""%{ if 5 / 0 == 1 }${0}%{ else }+Inf%{ endif }""#, "+Inf"),
        (r#""${ {a = 5}.a / 0 }""#, "+Inf"),
        (r#""${ -1 / 0 }""#, "-Inf"),
        (r#""%{ for x in [1] }${ x / 0 }%{ endfor }""#, "+Inf"),
    ] {
        let r = reading(&config("network_ipv4_cidr", expr, ""), &[]);
        assert_eq!(r.plan.network_ipv4_cidr, text, "{expr}: {}", notes(&r));
    }
    // Too long for an address: the default stays, and the note quotes the value's start.
    let r = reading(
        &config("network_ipv4_cidr", r#""${ 1e308 * 10 }""#, ""),
        &[],
    );
    assert_eq!(r.plan.network_ipv4_cidr, "10.0.0.0/8");
    assert!(notes(&r).contains(&big[..40]), "{}", notes(&r));
    let r = reading(&config("network_ipv4_cidr", r#""${ 0 / 0 }""#, ""), &[]);
    assert!(
        notes(&r).contains("can't divide zero by zero"),
        "{}",
        notes(&r)
    );
}

#[test]
fn a_local_nothing_uses_is_never_evaluated() {
    let r = reading(
        &config(
            "network_ipv4_cidr",
            // A bare name (the loop's) is no reference to `local` as a whole.
            r#"[for x in ["10.4.0.0/16"] : x][0]"#,
            r#"bomb = "%{ if 5 % 0 == 1 }x%{ endif }"
  huge = [for a in range(1024) : [for b in range(1024) : [for c in range(1024) : c]]]"#,
        ),
        &[],
    );
    assert_eq!(r.plan.network_ipv4_cidr, "10.4.0.0/16");
    assert!(!notes(&r).contains("cannot be evaluated"), "{}", notes(&r));
}

#[test]
fn work_that_grows_without_bound_stops_with_a_note_naming_the_limit() {
    let shapes = [
        // Nested loops: a thousand million elements.
        (
            "[for a in range(1024) : [for b in range(1024) : [for c in range(1024) : c]]]",
            String::new(),
        ),
        // Text doubled level after level.
        (
            "local.s30",
            (1..=30)
                .map(|k| format!("s{k} = \"${{local.s{}}}${{local.s{}}}\"\n", k - 1, k - 1))
                .collect::<String>()
                + "s0 = \"xxxxxxxxxxxxxxxx\"",
        ),
        // Lists doubled level after level.
        (
            "length(local.l40)",
            (1..=40)
                .map(|k| format!("l{k} = concat(local.l{}, local.l{})\n", k - 1, k - 1))
                .collect::<String>()
                + "l0 = [1, 2]",
        ),
        // Replacements that multiply the text.
        (
            "local.r4",
            (1..=4)
                .map(|k| {
                    format!(
                        "r{k} = replace(local.r{}, \"x\", local.r{})\n",
                        k - 1,
                        k - 1
                    )
                })
                .collect::<String>()
                + &format!("r0 = \"{}\"", "x".repeat(200)),
        ),
        // join and format over a growing list.
        (
            "local.j25",
            (1..=25)
                .map(|k| {
                    format!(
                        "j{k} = join(local.j{}, [local.j{}, local.j{}])\n",
                        k - 1,
                        k - 1,
                        k - 1
                    )
                })
                .collect::<String>()
                + "j0 = \"ab\"",
        ),
        (
            "local.f30",
            (1..=30)
                .map(|k| {
                    format!(
                        "f{k} = format(\"%s%s\", local.f{}, local.f{})\n",
                        k - 1,
                        k - 1
                    )
                })
                .collect::<String>()
                + "f0 = \"ab\"",
        ),
        // A million comparisons of numbers near 10^-1,200, each one's text 1,200 digits.
        (
            "length([for i in range(1024) : [for j in range(1024) : i if 1.5e-1200 * (i + 1) == 1e-1201 * j]])",
            String::new(),
        ),
        (
            r#"length(distinct([for i in range(1024) : tostring(i * 1e-1200)]))"#,
            String::new(),
        ),
        // Widths and precisions that ask for more text than any value may hold, and a
        // regular expression's replacement that repeats every match.
        (r#"format("%999999999999d", 1)"#, String::new()),
        (r#"format("%.99999999999f", 1)"#, String::new()),
        (r#"formatlist("%999999d", range(1000))[0]"#, String::new()),
        (
            r#"format("%s", formatlist("%9999s", range(1000)))"#,
            String::new(),
        ),
        (
            "local.g3",
            (1..=3)
                .map(|k| {
                    format!(
                        "g{k} = replace(local.g{}, \"/.+/\", \"$0$0$0$0$0$0$0$0\")\n",
                        k - 1
                    )
                })
                .collect::<String>()
                + &format!("g0 = \"{}\"", "x".repeat(1000)),
        ),
        // Values nested deeper than any configuration's.
        (
            "local.d100",
            (1..=100)
                .map(|k| format!("d{k} = [local.d{}]\n", k - 1))
                .collect::<String>()
                + "d0 = 1",
        ),
    ];
    for (expr, locals) in shapes {
        let start = std::time::Instant::now();
        let r = reading(&config("network_ipv4_cidr", expr, &locals), &[]);
        let all = notes(&r);
        assert!(all.contains("evaluation stopped"), "{expr}: {all}");
        assert!(all.contains("kube.tf:"), "the note names the place: {all}");
        assert_eq!(r.plan.network_ipv4_cidr, "10.0.0.0/8");
        // A hang guard, not a speed measure: the budget ends it in about a second at most.
        assert!(start.elapsed().as_secs() < 20, "{expr}");
    }
}

#[test]
fn values_given_outside_tf_files_are_constants() {
    let text = "variable \"n\" {}\nvariable \"net\" {}\nmodule \"k\" {\n  source = \"kube-hetzner/kube-hetzner/hcloud\"\n  subnet_count = var.n\n  network_ipv4_cidr = var.net\n}\n";
    let tfvars = Values::File(File {
        name: "terraform.tfvars".into(),
        text: "n = length(range(64))\nnet = \"10.${1 + 1}.0.0/16\"\n".into(),
    });
    let r = reading(text, &[tfvars]);
    let all = notes(&r);
    // Terraform: "Function calls not allowed"; operators and templates of constants are fine.
    assert!(all.contains("Function calls not allowed"), "{all}");
    assert_eq!(r.plan.network_ipv4_cidr, "10.2.0.0/16");
    let var = Values::Var {
        name: "n".into(),
        value: "[for x in range(3) : x]".into(),
        origin: "--var n".into(),
    };
    let r = reading(text, &[var]);
    assert_eq!(r.plan.subnet_count, 256, "{}", notes(&r));
}

#[test]
fn numbers_are_exact_or_refused() {
    // Terraform's values, whatever their size: a count past what a setting takes is refused
    // by the setting, with the value.
    for (expr, count, why) in [
        (
            r#"format("%d", 1e30)"#,
            256,
            "1000000000000000000000000000000",
        ),
        ("length(range(0, 1e19, 1e17))", 100, ""),
        (
            r#""${ {a = 1}.a + 18446744073709551615 }""#,
            256,
            "18446744073709551616",
        ),
        (r#"tonumber("1e100000")"#, 256, "10^±1,233"),
    ] {
        let r = reading(&config("subnet_amount", expr, ""), &[]);
        assert_eq!(r.plan.subnet_count, count, "{expr}: {}", notes(&r));
        assert!(notes(&r).contains(why), "{expr}: {}", notes(&r));
    }
    // Numbers are exact as Terraform's: 2^53 + 1 minus 2^53 is 1, and so is 10^20 + 1 minus
    // 10^20.
    for (expr, want) in [
        ("16 + (9007199254740993 - 9007199254740992)", 17),
        ("16 + tonumber(\"9007199254740993\") - 9007199254740992", 17),
        ("16 + max(9007199254740993, 1) - 9007199254740992", 17),
        ("16 + sum([9007199254740993, -9007199254740992])", 17),
        ("(9223372036854775807 + 1) - 9223372036854775807 + 16", 17),
        ("100000000000000000001 - 100000000000000000000 + 16", 17),
        ("9007199254740993.0 - 9007199254740992 + 16", 17),
        ("0.1 + 0.2 == 0.3 ? 17 : 18", 17),
        ("(30 / 0.3) == 100 ? 18 : 17", 17),
        ("9007199254740993 > 9007199254740992 ? 17 : 18", 17),
    ] {
        let r = reading(&config("subnet_amount", expr, ""), &[]);
        assert_eq!(r.plan.subnet_count, want, "{expr}: {}", notes(&r));
    }
    // Three keys are three nodes, as Terraform counts a map's keys.
    let r = reading(
        &config(
            "agent_nodepools",
            r#"[{ nodes = { "1" = {}, "01" = {}, "+1" = {} } }]"#,
            "",
        ),
        &[],
    );
    assert_eq!(r.plan.agents.len(), 1);
    assert_eq!(r.plan.agents[0].count(), 3, "{}", notes(&r));
    assert!(
        notes(&r).contains("two of them give node 1"),
        "{}",
        notes(&r)
    );
}

#[test]
fn an_object_of_many_items_is_refused_before_it_is_read() {
    let items: String = (0..5000).map(|k| format!("k{k} = {k}, ")).collect();
    let text = config("subnet_amount", &format!("length({{ {items} }})"), "");
    match read("kube.tf", &file(&text), &[], &[]) {
        Err(khcidr_kubetf::ReadError::Syntax { message, line, .. }) => {
            let message = message.en();
            assert!(message.contains("more than 4096 items"), "{message}");
            assert_eq!(line, 13);
        }
        other => panic!("{other:?}"),
    }
    // Ten objects of 3,000 items: each under the limit, together too slow to read.
    let object: String = (0..3000).map(|k| format!("k{k} = {k}, ")).collect();
    let locals: String = (0..10)
        .map(|k| format!("o{k} = {{ {object} }}\n"))
        .collect();
    assert!(read(
        "kube.tf",
        &file(&config("subnet_amount", "1", &locals)),
        &[],
        &[]
    )
    .is_err());
    // A block of many attributes is no object: it reads.
    let locals: String = (0..5000).map(|k| format!("l{k} = {k}\n")).collect();
    assert!(read(
        "kube.tf",
        &file(&config("subnet_amount", "local.l64", &locals)),
        &[],
        &[]
    )
    .is_ok());
}

/// Every way into a setting: each function the reader evaluates, indexing, templates,
/// conditions and `for` expressions, with the sensitive value where a value goes.
fn routes() -> Vec<String> {
    let v = "var.hcloud_token";
    let mut all: Vec<String> = [
        "cidrsubnet(V, 8, 1)",
        "cidrhost(V, 10)",
        "cidrsubnet(\"10.0.0.0/8\", V, 1)",
        "format(\"%s\", V)",
        "format(\"%d\", V)",
        "format(V)",
        "join(\",\", [V])",
        "split(\",\", V)",
        "length(V)",
        "tostring(V)",
        "tonumber(V)",
        "tobool(V)",
        "tolist([V])",
        "toset([V])",
        "tomap({ a = V })",
        "lower(V)",
        "upper(V)",
        "lower({ a = V })",
        "trimspace(V)",
        "replace(V, \"-\", \"/\")",
        "min(V)",
        "max(1, V)",
        "sum([V])",
        "concat([V], V)",
        "merge({ a = V }, V)",
        "lookup(local.nets, V)",
        "lookup({ x = 1 }, \"y\", V)",
        "coalesce(\"\", V)",
        "keys(V)",
        "values(V)",
        "range(V)",
        "try(V.x, V)",
        "can(V.x) ? V : V",
        "local.nets[V]",
        "[V][1]",
        "{ a = V }[V]",
        "\"${V}\"",
        "\"10.${V}.0.0/16\"",
        "\"%{ if V == \"x\" }a%{ else }${V}%{ endif }\"",
        "\"%{ for x in [V] }${x}%{ endfor }\"",
        "V == \"\" ? \"10.0.0.0/8\" : V",
        "[for k, x in { (V) = 1 } : k][0]",
        "{ for x in [V, V] : x => x }",
        "[for x in [V] : x if x != \"\"]",
        "-V",
        "V + 1",
        "V ? 1 : 2",
        "[V]",
        "{ count = V, subnet_ip_range = V, nodes = { (V) = {} } }",
        "[{ count = 1, subnet_ip_range = V }]",
        "[{ nodes = { (V) = {} } }]",
        "sensitive(\"10.9.0.0/16\")",
        "V[*]",
        "V.missing",
    ]
    .iter()
    .map(|r| r.replace('V', v))
    .collect();
    all.push(v.to_string());
    all
}

#[test]
fn a_sensitive_value_is_never_shown_kept_or_linked() {
    let attributes: Vec<&str> = SETTINGS
        .iter()
        .filter_map(|s| (s.variable)(khcidr_core::Release::default().era()))
        .chain(["version", "k3s_exec_server_args", "cilium_routing_mode"])
        .collect();
    let mut tried = 0;
    for attribute in &attributes {
        for route in routes() {
            let r = reading(&config(attribute, &route, ""), &[]);
            let all = shown(&r);
            assert!(!all.contains(MARK), "{attribute} = {route}:\n{all}");
            tried += 1;
        }
    }
    assert!(tried > 1000, "{tried}");
    // The same value given by a tfvars file, --var and TF_VAR_: the variable is what is
    // sensitive, wherever its value comes from.
    for values in [
        Values::File(File {
            name: "terraform.tfvars".into(),
            text: format!("hcloud_token = \"{MARK}-file\"\n"),
        }),
        Values::Var {
            name: "hcloud_token".into(),
            value: format!("{MARK}-var"),
            origin: "TF_VAR_hcloud_token".into(),
        },
    ] {
        for route in routes() {
            let r = reading(
                &config("network_ipv4_cidr", &route, ""),
                std::slice::from_ref(&values),
            );
            assert!(!shown(&r).contains(MARK), "{route}: {}", shown(&r));
        }
    }
}

#[test]
fn a_sensitive_setting_is_checked_but_kept_out_of_the_link() {
    let r = reading(
        &config("network_ipv4_cidr", "sensitive(\"10.20.0.0/16\")", ""),
        &[],
    );
    // Checked with the value itself...
    assert_eq!(r.plan.network_ipv4_cidr, "10.20.0.0/16");
    assert_eq!(r.sensitive, [khcidr_core::Key::Network]);
    assert_eq!(r.secrets.hide("net 10.20.0.0/16"), "net (sensitive value)");
    // Its debug form, as a log would print it, names how many secrets, never one.
    let debug = format!("{r:?}");
    assert!(
        debug.contains("secrets: Secrets(") && !debug.contains("10.20.0.0/16"),
        "{debug}"
    );
    // ...and never put into a page's link.
    let (plan, kept_out) = r.shareable();
    assert_eq!(plan.network_ipv4_cidr, "10.0.0.0/8");
    assert!(kept_out[0]
        .en()
        .contains("network_ipv4_cidr derives from a sensitive variable"));
    assert!(!khcidr_core::share::encode(&plan).contains("10.20.0.0"));
}

#[test]
fn rejected_values_are_quoted_short() {
    let long = "x".repeat(500);
    let r = reading(
        &config("network_ipv4_cidr", &format!("\"{long}\""), ""),
        &[],
    );
    let all = notes(&r);
    assert!(!all.contains(&"x".repeat(100)), "{all}");
    assert!(all.contains('…'), "{all}");
}

/// An object of `n` items, each written `kN = VALUE`.
fn object(n: usize, value: &str) -> String {
    let items: String = (0..n).map(|k| format!("k{k} = {value}\n")).collect();
    format!("{{\n{items}}}")
}

#[test]
fn only_object_items_count_toward_the_limit() {
    let reads = |locals: &str| {
        read(
            "kube.tf",
            &file(&config("subnet_amount", "1", locals)),
            &[],
            &[],
        )
    };
    // 4,000 items, each beside text that holds `=`, `:` and braces: in strings, comments,
    // heredocs and operators, none of it an item.
    let busy = [
        r#""a = { b : c }""#,
        r#""esc \" = { ""#,
        "1 # x = { y = 1 }",
        "1 // x = { y = 1 }",
        "1 /* x = { y = 1 } */",
        "1 == 2 ? 3 : 4",
        "1 != 2",
        "1 <= 2",
        "1 >= 2",
        "{ for k, v in {} : k => v }",
        "<<EOT\nx = { y = 1 }\nz = 2\nEOT",
        "<<-EOT\n  x = { y = 1 }\n  EOT",
    ];
    let items: String = (0..4000)
        .map(|k| format!("k{k} = {}\n", busy[k % busy.len()]))
        .collect();
    let r = reads(&format!("o = {{\n{items}}}"));
    assert!(r.is_ok(), "{r:?}");
    // Each kind on its own, 3,000 times: counted as items, any of them would pass 4,096.
    for kind in busy {
        let items: String = (0..3000).map(|k| format!("k{k} = {kind}\n")).collect();
        let r = reads(&format!("o = {{\n{items}}}"));
        assert!(r.is_ok(), "{kind}: {r:?}");
    }
    // Operators that look like the start of a comment or a heredoc are operators: 4,097
    // items on one line after a division or a comparison are still too many.
    for first in ["4 / 2", "1 < 2", "1 <= 2"] {
        let rest: String = (1..4097).map(|k| format!(", k{k} = {k}")).collect();
        let line = format!("o = {{ k0 = {first}{rest} }}");
        assert!(reads(&line).is_err(), "{first}");
    }
    // One item past the limit, written with `:` as well as `=`.
    let colons: String = (0..4097).map(|k| format!("k{k}: {k}\n")).collect();
    assert!(reads(&format!("o = {{\n{colons}}}")).is_err());
    assert!(reads(&format!("o = {}", object(4096, "1"))).is_ok());
    assert!(reads(&format!("o = {}", object(4097, "1"))).is_err());
    // Two objects of 3,000 items read; six of 3,500 are too many in all.
    let two: String = (0..2)
        .map(|k| format!("o{k} = {}\n", object(3000, "1")))
        .collect();
    assert!(reads(&two).is_ok());
    let six: String = (0..6)
        .map(|k| format!("o{k} = {}\n", object(3500, "1")))
        .collect();
    match reads(&six) {
        Err(khcidr_kubetf::ReadError::Syntax { message, line, .. }) => {
            let message = message.en();
            assert!(message.contains("in all"), "{message}");
            // The sixth object's closing brace: where the sum went past the limit.
            assert_eq!(line, 8 + 5 * 3502 + 3501, "{message}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn notes_name_the_line() {
    let r = reading(&config("network_ipv4_cidr", "local.missing", "\n\n"), &[]);
    assert!(
        notes(&r).contains("kube.tf:15: network_ipv4_cidr cannot be evaluated here"),
        "{}",
        notes(&r)
    );
}

#[test]
fn every_text_of_a_sensitive_value_is_a_secret() {
    let text = "variable \"keys\" {\n  sensitive = true\n  default = [\"MARK-list-item\", { k = \"MARK-in-object\", n = 123456 }]\n}\nmodule \"k\" {\n  source = \"kube-hetzner/kube-hetzner/hcloud\"\n}\n";
    let r = read("kube.tf", &file(text), &[], &[]).unwrap();
    assert!(!r.secrets.is_empty());
    assert_eq!(
        r.secrets
            .hide("a MARK-list-item, a MARK-in-object and 123456 and its key k"),
        "a (sensitive value), a (sensitive value) and (sensitive value) and its key k"
    );
    assert!(r.secrets.is_secret("123456"));
    assert!(!r.secrets.is_secret("12345"));
    // Nothing sensitive, nothing to hide.
    let plain = read("kube.tf", &file(&text.replace("true", "false")), &[], &[]).unwrap();
    assert!(plain.secrets.is_empty());
    assert_eq!(plain.secrets.hide("MARK-list-item"), "MARK-list-item");
}

#[test]
fn a_refused_object_and_a_file_without_the_module_are_placed_exactly() {
    // One item a line after `o = {`: the 4,097th item's `:` is on line 4,098, column 6
    // (after `k4096`).
    let colons: String = (0..4097).map(|k| format!("k{k}: {k}\n")).collect();
    let error = read("kube.tf", &file(&format!("o = {{\n{colons}}}")), &[], &[]).unwrap_err();
    assert_eq!(
        error.to_string(),
        "kube.tf:4098:6: an object of more than 4096 items, or objects of that many in all, is not read"
    );
    // Valid HCL without the module.
    let error = read("main.tf", &file("locals {\n  x = 1\n}\n"), &[], &[]).unwrap_err();
    assert_eq!(
        error.to_string(),
        "no module block with source kube-hetzner/kube-hetzner/hcloud in main.tf"
    );
}

#[test]
fn only_the_kube_hetzner_module_is_kube_hetzner() {
    use khcidr_kubetf::is_kube_hetzner;
    for source in [
        "kube-hetzner/kube-hetzner/hcloud",
        "registry.terraform.io/kube-hetzner/kube-hetzner/hcloud",
        "git::https://github.com/kube-hetzner/terraform-hcloud-kube-hetzner.git?ref=v2.18.4",
        "github.com/mysticaltech/terraform-hcloud-kube-hetzner",
        "../kube-hetzner",
        "./modules/kube-hetzner",
        "/srv/kube-hetzner",
    ] {
        assert!(is_kube_hetzner(source), "{source}");
    }
    for source in [
        "./modules/other",
        "someone/kube-hetzner-fork/hcloud",
        "git::https://github.com/kube-hetzner/terraform-hcloud-kube-hetzner.git//modules/host",
        "hashicorp/consul/aws",
    ] {
        assert!(!is_kube_hetzner(source), "{source}");
    }
}

#[test]
fn a_sensitive_variable_of_at_most_1024_texts_is_read_and_one_of_more_is_not() {
    let with = |n: usize| {
        let texts: Vec<String> = (0..n).map(|k| format!("\"secret-{k:04}\"")).collect();
        let text = format!(
            "variable \"s\" {{\n  sensitive = true\n  default = [{}]\n}}\nmodule \"k\" {{\n  source = \"kube-hetzner/kube-hetzner/hcloud\"\n  version = \"3.1.0\"\n  subnet_count = length(var.s) / 16\n}}\n",
            texts.join(", ")
        );
        read("kube.tf", &file(&text), &[], &[])
            .unwrap()
            .plan
            .subnet_count
    };
    assert_eq!(with(1024), 64);
    // More texts than can be hidden one by one: the variable is not read, the default holds.
    assert_eq!(with(1040), 256);
}

#[test]
fn a_secret_is_hidden_in_its_escaped_form_too() {
    // A value with a quote and markup: JSON writes `\"`, XML `&quot;` and `&lt;`.
    let r = reading(
        &config("cluster_ipv4_cidr", "sensitive(\"x\\\"<y\")", ""),
        &[],
    );
    let json = |s: &str| {
        serde_json::to_string(s)
            .unwrap()
            .trim_matches('"')
            .to_string()
    };
    let xml = |s: &str| s.replace('"', "&quot;").replace('<', "&lt;");
    assert_eq!(
        r.secrets.hide_as(r#"{"pods": "x\"<y"}"#, json),
        r#"{"pods": "(sensitive value)"}"#
    );
    assert_eq!(
        r.secrets.hide_as("<text>x&quot;&lt;y</text>", xml),
        "<text>(sensitive value)</text>"
    );
    // As written, it is hidden in plain text whatever the escape.
    assert_eq!(
        r.secrets.hide_as("pods x\"<y", json),
        "pods (sensitive value)"
    );
}

#[test]
fn a_cni_whose_routing_mode_is_sensitive_is_sensitive() {
    let text = config("cni_plugin", "\"cilium\"", "")
        .replace("  # the attribute\n", "")
        .replace(
            "  cni_plugin = \"cilium\"\n",
            "  cni_plugin = \"cilium\"\n  cilium_routing_mode = sensitive(\"native\")\n",
        );
    let r = reading(&text, &[]);
    assert_eq!(r.plan.cni, khcidr_core::Cni::CiliumNative);
    assert!(
        r.sensitive.contains(&khcidr_core::Key::Cni),
        "{:?}",
        r.sensitive
    );
}
