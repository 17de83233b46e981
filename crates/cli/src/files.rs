//! Reads a Terraform configuration from disk the way `terraform plan` does: every `*.tf` of
//! a directory, then `terraform.tfvars`, `*.auto.tfvars` (and their `.json` forms) and the
//! command line's values.

use std::io::Read;
use std::path::{Path, PathBuf};

use khcidr_kubetf::{
    automatic_rank, tfvars, Chose, File, Installed, Reading, Values, MAX_FILE_BYTES,
};

use crate::args::Given;
use khcidr_core::{t, Catalog, Text};

/// A regular file's text, at most [`MAX_FILE_BYTES`]: a device, a pipe or a directory is
/// refused before anything is read from it.
fn load(path: &Path) -> Result<File, Text> {
    let name = path.display().to_string();
    let fail = |why: Text| t!("cannot read {0}: {1}", name, &why);
    let os = |e: std::io::Error| fail(t!("{0}", e));
    let large = || fail(t!("larger than {0} MB", MAX_FILE_BYTES / 1024 / 1024));
    // Asked before opening: opening a pipe waits for a writer.
    let meta = std::fs::metadata(path).map_err(os)?;
    if !meta.is_file() {
        return Err(fail(t!("not a regular file")));
    }
    let file = std::fs::File::open(path).map_err(os)?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(large());
    }
    let mut bytes = Vec::new();
    // The file may grow while it is read: never past the limit.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(os)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(large());
    }
    let text = String::from_utf8(bytes).map_err(|_| fail(t!("not UTF-8 text")))?;
    Ok(File { name, text })
}

/// The files of `dir`, by name.
fn listed(dir: &Path) -> Result<Vec<PathBuf>, Text> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| t!("cannot read {0}: {1}", dir.display(), &t!("{0}", e)))?;
    let mut found: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    found.sort();
    Ok(found)
}

fn name(path: &Path) -> &str {
    path.file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
}

fn values(path: &Path) -> Result<Vec<Values>, Text> {
    tfvars(load(path)?).map_err(|e| match e {
        khcidr_kubetf::ReadError::Syntax {
            file,
            line,
            column,
            message,
        } => t!("{0}:{1}:{2}: {3}", file, line, column, &message),
        other => t!("{0}", other),
    })
}

/// Reads the plan from `path` (a `.tf` file or a directory) with the variable values
/// Terraform would use: `TF_VAR_*`, `terraform.tfvars`, `*.auto.tfvars`, then `--var` and
/// `--var-file` in the order given. A file path reads that file and the values beside it.
pub fn read(
    path: &Path,
    given: &[Given],
    chose: Option<&Chose>,
    cat: Option<&Catalog>,
) -> Result<Reading, String> {
    read_in(path, given, chose, cat).map_err(|e| e.render(cat))
}

/// [`read`], its errors as sentences, but for a syntax error's, which quotes the line.
fn read_in(
    path: &Path,
    given: &[Given],
    chose: Option<&Chose>,
    cat: Option<&Catalog>,
) -> Result<Reading, Text> {
    let (dir, tf) = if path.is_dir() {
        let tf = listed(path)?
            .into_iter()
            .filter(|p| name(p).ends_with(".tf"))
            .collect();
        (path.to_path_buf(), tf)
    } else {
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        (dir, vec![path.to_path_buf()])
    };
    let listing = if dir.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        dir.clone()
    };
    let beside = listed(&listing)?;
    let mut unread: Vec<String> = beside
        .iter()
        .filter(|p| {
            path.is_dir() && (name(p).ends_with(".tf.json") || name(p).ends_with("_override.tf"))
        })
        .map(|p| p.display().to_string())
        .collect();
    let tf: Vec<PathBuf> = tf
        .into_iter()
        .filter(|p| !name(p).ends_with("_override.tf"))
        .collect();
    let tf = tf.iter().map(|p| load(p)).collect::<Result<Vec<_>, _>>()?;
    let (mut all, unreadable) = environment();
    let mut automatic: Vec<(&PathBuf, (u8, String))> = beside
        .iter()
        .filter_map(|p| Some((p, automatic_rank(name(p))?)))
        .collect();
    automatic.sort_by(|a, b| a.1.cmp(&b.1));
    for (file, _) in automatic {
        all.extend(values(file)?);
    }
    all.extend(given_values(given)?);
    let mut reading = khcidr_kubetf::read_as(
        &path.display().to_string(),
        &tf,
        &all,
        &installed(&listing),
        chose,
    )
    .map_err(|e| t!("{0}", e.explain(&tf, cat)))?;
    for name in unreadable {
        reading.notes.push(t!(
            "TF_VAR_{0} is not UTF-8 text: it is not read, as Terraform cannot read it",
            name
        ));
    }
    for file in unread.drain(..) {
        reading.notes.push(t!(
            "{0} is not read (override files and JSON configuration are not); if it sets the module's values, check with flags",
            file
        ));
    }
    Ok(reading)
}

/// The values given on the command line: `--var-file` files and `--var` assignments, in order.
fn given_values(given: &[Given]) -> Result<Vec<Values>, Text> {
    let mut out = Vec::new();
    for g in given {
        match g {
            Given::File(file) => out.extend(values(file)?),
            Given::Var(assignment) => {
                let (name, value) = assignment
                    .split_once('=')
                    .ok_or_else(|| t!("--var {0}: expected NAME=VALUE", assignment))?;
                out.push(Values::Var {
                    name: name.trim().to_string(),
                    value: value.to_string(),
                    origin: format!("--var {}", name.trim()),
                });
            }
        }
    }
    Ok(out)
}

/// The `TF_VAR_` variables, as Terraform reads them; every variable, UTF-8 or not: one that
/// is not is never read, and never printed (only its name is returned).
fn environment() -> (Vec<Values>, Vec<String>) {
    let mut unreadable = Vec::new();
    let all: Vec<Values> = std::env::vars_os()
        .filter_map(|(k, v)| {
            let name = k.to_str()?.strip_prefix("TF_VAR_")?.to_string();
            let Some(value) = v.to_str() else {
                unreadable.push(name);
                return None;
            };
            Some(Values::Var {
                origin: format!("TF_VAR_{name}"),
                name,
                value: value.to_string(),
            })
        })
        .collect();
    (all, unreadable)
}

/// The releases `terraform init` installed, from `.terraform/modules/modules.json`.
fn installed(dir: &Path) -> Vec<Installed> {
    let lock = dir.join(".terraform/modules/modules.json");
    let Ok(File { text, .. }) = load(&lock) else {
        return Vec::new();
    };
    let Ok(json) = serde_json::from_str::<serde_json::Value>(&text) else {
        return Vec::new();
    };
    json["Modules"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|m| {
            Some(Installed {
                label: m["Key"].as_str()?.to_string(),
                release: m["Version"].as_str()?.parse().ok()?,
                from: lock.display().to_string(),
            })
        })
        .collect()
}
