//! `khcidr`: checks a kube-hetzner IPv4 plan from the command line or CI.

mod args;
mod text;

use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = args::parse();
    match run(&cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("khcidr: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// Runs a parsed command line; exit 0 when clean, 1 when the plan has errors
/// (or warnings under `--deny-warnings`).
fn run(cli: &args::Cli) -> anyhow::Result<ExitCode> {
    let args::Command::Check(check) = &cli.command;
    let plan = check.plan();
    let report = khcidr_core::check(&plan);
    match check.format {
        args::Format::Text => print!("{}", text::render(&plan, &report, text::color_wanted())),
        args::Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&text::Json {
                plan: &plan,
                report: &report
            })?
        ),
    }
    let failing = match report.worst() {
        Some(khcidr_core::Severity::Error) => true,
        Some(khcidr_core::Severity::Warning) => check.deny_warnings,
        _ => false,
    };
    Ok(if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
