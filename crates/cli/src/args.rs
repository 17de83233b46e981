//! The command line: one flag per plan setting, taken from the core's settings table, so
//! flags, links and exports never disagree.

use clap::error::ErrorKind;
use clap::parser::ValueSource;
use clap::{Arg, ArgAction, ArgMatches, Command};
use khcidr_core::settings::{Kind, Setting, SETTINGS};
use khcidr_core::{t, Catalog, Key, Lang, Plan};
use std::io::Write;
use std::path::PathBuf;

/// How to print the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    /// A picture of the plan, in a theme.
    Svg(khcidr_core::svg::Theme),
    /// The page's link fragment for the plan.
    Link,
}

/// A parsed `khcidr check`.
#[derive(Debug)]
pub struct Check {
    /// The `kube.tf` file or directory to read the plan from.
    pub path: Option<PathBuf>,
    /// `--var` and `--var-file`, in the order given (later ones win, as in Terraform).
    pub values: Vec<Given>,
    /// The settings given as flags: they override the file.
    pub flags: Vec<(&'static Setting, String)>,
    pub format: Format,
    pub deny_warnings: bool,
    /// Fail when the file gave something that could not be read as written.
    pub deny_notes: bool,
    /// `--lang`, where given: the words' language (JSON's messages follow only this).
    pub lang: Option<khcidr_core::Lang>,
}

/// A variable value given on the command line.
#[derive(Debug, Clone)]
pub enum Given {
    /// `--var NAME=VALUE`.
    Var(String),
    /// `--var-file FILE`.
    File(PathBuf),
}

/// The `khcidr` command, its `check` flags built from [`SETTINGS`].
pub fn command() -> Command {
    let defaults = Plan::default();
    let mut check = check_reading();
    for s in SETTINGS {
        check = check.arg(setting_arg(s, &defaults));
    }
    check = check
        .arg(
            Arg::new("deny-warnings")
                .long("deny-warnings")
                .action(ArgAction::SetTrue)
                .help("Fail (exit 1) on warnings too"),
        )
        .arg(
            Arg::new("deny-notes")
                .long("deny-notes")
                .action(ArgAction::SetTrue)
                .help("With PATH: fail (exit 1) when a value could not be read as written"),
        )
        .arg(
            Arg::new("format")
                .long("format")
                .value_name("FORMAT")
                .value_parser(["text", "json", "svg", "link"])
                .default_value("text")
                .help("Output format: text, json, svg (a self-contained picture of the plan for a README or docs), or link (the page's link fragment for the plan, what derives from a sensitive variable at the module's default)"),
        )
        .arg(
            Arg::new("theme")
                .long("theme")
                .value_name("THEME")
                .value_parser(["light", "dark"])
                .default_value("light")
                .help("With --format svg: light or dark colours"),
        )
        .arg(
            Arg::new("lang")
                .long("lang")
                .value_name("LANG")
                .value_parser(khcidr_core::Lang::ALL.map(|l| l.tag()))
                .ignore_case(true)
                .help("Language of the findings: en or zh-CN (简体中文). Without it, text and svg follow LC_ALL, LC_MESSAGES or LANG; json's messages stay English. Codes, variable names, addresses and quoted errors never change"),
        );
    Command::new("khcidr")
        .version(env!("CARGO_PKG_VERSION"))
        .about("Check a kube-hetzner cluster's IPv4 plan before terraform apply.")
        .subcommand_required(true)
        .arg_required_else_help(true)
        .subcommand(check)
}

/// The `check` command with its reading arguments: the path, `--var` and `--var-file`.
fn check_reading() -> Command {
    Command::new("check")
        .about(
            "Check a plan: exit 0 when clean, 1 on errors (or warnings with --deny-warnings), 2 on bad arguments or files",
        )
        .arg(
            Arg::new("path")
                .value_name("PATH")
                .value_parser(clap::value_parser!(PathBuf))
                .help("Read the plan from a kube.tf file or a Terraform directory (every *.tf, terraform.tfvars, *.auto.tfvars); flags override it"),
        )
        .arg(
            Arg::new("var")
                .long("var")
                .value_name("NAME=VALUE")
                .action(ArgAction::Append)
                .help("A variable's value, as terraform -var (with PATH)"),
        )
        .arg(
            Arg::new("var-file")
                .long("var-file")
                .value_name("FILE")
                .value_parser(clap::value_parser!(PathBuf))
                .action(ArgAction::Append)
                .help("A .tfvars file, as terraform -var-file (with PATH)"),
        )
}

/// A setting's flag, from the settings table: its name, help (with the default) and how it
/// takes its value.
fn setting_arg(s: &Setting, defaults: &Plan) -> Arg {
    let default = (s.get)(defaults);
    let help = match s.kind {
        Kind::Value | Kind::OptionalValue(_)
            if !default.is_empty() && s.key != Key::ModuleVersion =>
        {
            format!(
                "{} [default: {default}]",
                khcidr_core::settings::help(s.key)
            )
        }
        _ => khcidr_core::settings::help(s.key).to_string(),
    };
    let arg = Arg::new(s.key.as_str()).long(s.flag).help(help);
    match s.kind {
        Kind::Value => arg
            .value_name(s.value_name)
            .num_args(1)
            .allow_hyphen_values(true),
        Kind::Repeated => arg
            .value_name(s.value_name)
            .action(ArgAction::Append)
            .allow_hyphen_values(true),
        Kind::Switch(_) => arg.action(ArgAction::SetTrue),
        Kind::OptionalValue(bare) => arg
            .value_name(s.value_name)
            .num_args(0..=1)
            .require_equals(true)
            .default_missing_value(bare),
    }
}

/// What the user wrote for a setting, when they wrote it.
fn given(matches: &ArgMatches, s: &Setting) -> Option<String> {
    if matches.value_source(s.key.as_str()) != Some(ValueSource::CommandLine) {
        return None;
    }
    match s.kind {
        Kind::Switch(value) => Some(value.to_string()),
        _ => matches
            .get_many::<String>(s.key.as_str())
            .map(|values| values.cloned().collect::<Vec<_>>().join(",")),
    }
}

/// Parses the arguments into a check. Usage errors are clap errors (exit 2).
pub fn parse<I, T>(args: I) -> Result<Check, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let mut command = command();
    let matches = command.try_get_matches_from_mut(args)?;
    let Some(("check", matches)) = matches.subcommand() else {
        return Err(command.error(ErrorKind::MissingSubcommand, "expected a subcommand: check"));
    };
    let path = matches.get_one::<PathBuf>("path").cloned();
    let mut values: Vec<(usize, Given)> = Vec::new();
    if let (Some(vars), Some(at)) = (matches.get_many::<String>("var"), matches.indices_of("var")) {
        values.extend(at.zip(vars.map(|v| Given::Var(v.clone()))));
    }
    if let (Some(files), Some(at)) = (
        matches.get_many::<PathBuf>("var-file"),
        matches.indices_of("var-file"),
    ) {
        values.extend(at.zip(files.map(|f| Given::File(f.clone()))));
    }
    values.sort_by_key(|(at, _)| *at);
    if path.is_none() && !values.is_empty() {
        return Err(check_command().error(
            ErrorKind::MissingRequiredArgument,
            "--var and --var-file need a PATH to read: khcidr check infra/ --var ...",
        ));
    }
    let flags = SETTINGS
        .iter()
        .filter_map(|s| Some((s, given(matches, s)?)))
        .collect();
    Ok(Check {
        path,
        values: values.into_iter().map(|(_, v)| v).collect(),
        flags,
        format: match matches.get_one::<String>("format").map(String::as_str) {
            Some("json") => Format::Json,
            Some("link") => Format::Link,
            Some("svg") => Format::Svg(
                matches
                    .get_one::<String>("theme")
                    .and_then(|t| t.parse().ok())
                    .unwrap_or(khcidr_core::svg::Theme::Light),
            ),
            _ => Format::Text,
        },
        deny_warnings: matches.get_flag("deny-warnings"),
        deny_notes: matches.get_flag("deny-notes"),
        lang: matches
            .get_one::<String>("lang")
            .and_then(|l| khcidr_core::Lang::parse(l)),
    })
}

fn check_command() -> Command {
    command()
        .find_subcommand_mut("check")
        .cloned()
        .unwrap_or_else(|| Command::new("check"))
}

impl Check {
    /// The language of the output: `--lang`, else, for text and pictures, the environment's
    /// (`LC_ALL`, `LC_MESSAGES`, `LANG`); JSON, read by programs, only follows `--lang`.
    pub fn language(&self) -> Lang {
        match self.format {
            Format::Json => self.lang.unwrap_or_default(),
            _ => self
                .lang
                .unwrap_or_else(|| Lang::from_env(|name| std::env::var(name).ok())),
        }
    }

    /// The release `--module-version` gives, which a kube.tf is read under; `None` when not
    /// given (or not a release: [`Check::plan`] refuses it).
    pub fn release(&self) -> Option<khcidr_kubetf::Chose> {
        let (s, value) = self
            .flags
            .iter()
            .find(|(s, _)| s.key == Key::ModuleVersion)?;
        Some(khcidr_kubetf::Chose {
            release: value.parse().ok()?,
            by: t!("given with --{0}", s.flag),
        })
    }

    /// The plan checked: `base` (the file's, or the defaults) with the flags applied over it.
    pub fn plan(&self, base: Plan) -> Result<Plan, clap::Error> {
        let catalog = Catalog::builtin(self.language());
        let cat = catalog.as_ref();
        let mut plan = base;
        let late = self
            .flags
            .iter()
            .filter(|(s, _)| !s.late)
            .chain(self.flags.iter().filter(|(s, _)| s.late));
        for (s, value) in late {
            match (s.set)(&mut plan, value) {
                Err(reason) => {
                    return Err(check_command().error(
                        ErrorKind::ValueValidation,
                        format!(
                            "invalid value '{value}' for '--{} <{}>': {}",
                            s.flag,
                            s.value_name,
                            reason.render(cat)
                        ),
                    ))
                }
                // Only part was kept (more than 50 nodepools): say so, and check that part.
                Ok(Some(note)) => {
                    // A note on stderr that cannot be written is not worth failing for.
                    let _ = writeln!(
                        std::io::stderr(),
                        "khcidr: --{}: {}",
                        s.flag,
                        note.render(cat)
                    );
                }
                Ok(None) => {}
            }
        }
        // A setting the chosen release does not have, even at its default: Terraform refuses
        // an argument the module does not declare.
        for (s, _) in &self.flags {
            if let Some(first) = s.lacking_in(&plan) {
                return Err(check_command().error(
                    ErrorKind::ArgumentConflict,
                    format!(
                        "--{} needs kube-hetzner {first} or later, but the release checked is {}",
                        s.flag, plan.module_version
                    ),
                ));
            }
        }
        Ok(plan)
    }
}
