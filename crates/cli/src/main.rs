//! `khcidr`: checks a kube-hetzner IPv4 plan from the command line or CI.

mod args;
mod files;
mod text;

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(Failure::Usage(err)) => usage(&err),
        // `khcidr check ... | head -1`: the reader has what it wanted.
        Err(Failure::Io(err)) if err.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(Failure::Io(err)) => complain(&format!("khcidr: {err}\n")),
        Err(Failure::Read(err)) => complain(&format!("khcidr: {}\n", text::visible(&err, false))),
    }
}

/// Says what went wrong on standard error, if it can be written at all, and exits 2.
fn complain(message: &str) -> ExitCode {
    let _ = std::io::stderr().lock().write_all(message.as_bytes());
    ExitCode::from(2)
}

enum Failure {
    Usage(clap::Error),
    Io(std::io::Error),
    /// A file that cannot be read or holds no kube-hetzner module.
    Read(String),
}

/// Runs the command line: exit 0 when clean, 1 when the plan has errors (or warnings
/// under `--deny-warnings`).
fn run() -> Result<ExitCode, Failure> {
    let check = args::parse(std::env::args_os()).map_err(Failure::Usage)?;
    let catalog = khcidr_core::Catalog::builtin(check.language());
    let cat = catalog.as_ref();
    let reading = match &check.path {
        Some(path) => Some(
            files::read(path, &check.values, check.release().as_ref(), cat)
                .map_err(Failure::Read)?,
        ),
        None => None,
    };
    let base = reading.as_ref().map(|r| r.plan.clone()).unwrap_or_default();
    let plan = check.plan(base).map_err(Failure::Usage)?;
    let sources = text::sources(reading.as_ref(), &check.flags, cat);
    // After an upgrade, the arguments the release upgraded to does not declare.
    let upgrade_notes = match (&reading, &plan.upgrade_to) {
        (Some(r), Some(to)) => r.upgrade_notes(to, cat),
        _ => Vec::new(),
    };
    let notes: Vec<String> = reading
        .iter()
        .flat_map(|r| r.all_notes(cat))
        .chain(upgrade_notes)
        .collect();
    let report = khcidr_core::check(&plan);
    let output = output(
        &check,
        reading.as_ref(),
        &plan,
        &report,
        (&sources, &notes),
        cat,
    )?;
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(output.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(Failure::Io)?;
    let failing = match report.worst() {
        Some(khcidr_core::Severity::Error) => true,
        Some(khcidr_core::Severity::Warning) => check.deny_warnings,
        _ => false,
    } || (check.deny_notes && !notes.is_empty());
    Ok(ExitCode::from(u8::from(failing)))
}

/// What `check` prints, in the chosen format; what derives from a sensitive variable is
/// never shown, in any format.
fn output(
    check: &args::Check,
    reading: Option<&khcidr_kubetf::Reading>,
    plan: &khcidr_core::Plan,
    report: &khcidr_core::Report,
    (sources, notes): (&text::Sources, &[String]),
    cat: Option<&khcidr_core::Catalog>,
) -> Result<String, Failure> {
    let secrets = reading.map(|r| r.secrets.clone()).unwrap_or_default();
    let report = &*report.in_language(cat);
    Ok(match check.format {
        args::Format::Text => {
            let render = |color: bool| {
                let read = reading
                    .map(|r| text::read(r, plan, sources, notes, color, cat))
                    .unwrap_or_default();
                secrets.hide(&(read + &text::render(plan, report, color, cat)))
            };
            let plain = render(false);
            // Colour only where nothing read from a file holds an escape of its own: then
            // every escape in the output is one this program wrote.
            if text::color_wanted() && !plain.contains('\u{1b}') {
                text::visible(&render(true), true)
            } else {
                text::visible(&plain, false)
            }
        }
        args::Format::Svg(theme) => secrets
            .hide_as(&khcidr_core::svg::svg(plan, report, theme, cat), |s| {
                khcidr_core::svg::esc(s)
            }),
        // The page's link: what derives from a sensitive variable at the module's default,
        // as the page keeps an imported plan; the flags over it.
        args::Format::Link => {
            let base = reading.map(|r| r.shareable().0).unwrap_or_default();
            let shareable = check.plan(base).map_err(Failure::Usage)?;
            secrets.hide(&format!("#{}\n", khcidr_core::share::encode(&shareable)))
        }
        args::Format::Json => {
            let json = text::Json {
                plan,
                sources,
                notes,
                sensitive: reading.map_or(&[][..], |r| &r.sensitive[..]),
                report,
            };
            let mut value = serde_json::to_value(&json).map_err(|e| Failure::Io(e.into()))?;
            text::hide_in(&mut value, &secrets);
            serde_json::to_string_pretty(&value).map_err(|e| Failure::Io(e.into()))? + "\n"
        }
    })
}

/// Prints a usage error with the usage line and exits 2; help and version go to stdout
/// with exit 0.
fn usage(err: &clap::Error) -> ExitCode {
    if !err.use_stderr() {
        let mut stdout = std::io::stdout().lock();
        let written = stdout
            .write_all(err.render().to_string().as_bytes())
            .and_then(|()| stdout.flush());
        return match written {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
            Err(e) => complain(&format!("khcidr: {e}\n")),
        };
    }
    let mut message = err.render().to_string();
    if !message.contains("Usage:") {
        let mut command = args::command();
        command.build();
        let usage = match command.find_subcommand_mut("check") {
            Some(check) => check.render_usage(),
            None => command.render_usage(),
        };
        message.push_str(&format!("\n{usage}\n"));
    }
    complain(&text::visible(&message, false))
}
