//! Reads a Terraform configuration from disk the way `terraform plan` does: every `*.tf` of
//! a directory, then `terraform.tfvars`, `*.auto.tfvars` (and their `.json` forms) and the
//! command line's values.

use std::path::{Path, PathBuf};

use khcidr_kubetf::{automatic_rank, tfvars, File, Installed, Reading, Values};

use crate::args::Given;

fn load(path: &Path) -> Result<File, String> {
    std::fs::read_to_string(path)
        .map(|text| File {
            name: path.display().to_string(),
            text,
        })
        .map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// The files of `dir`, by name.
fn listed(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
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

fn values(path: &Path) -> Result<Vec<Values>, String> {
    tfvars(load(path)?).map_err(|e| e.to_string())
}

/// Reads the plan from `path` (a `.tf` file or a directory) with the variable values
/// Terraform would use: `TF_VAR_*`, `terraform.tfvars`, `*.auto.tfvars`, then `--var` and
/// `--var-file` in the order given. A file path reads that file and the values beside it.
pub fn read(path: &Path, given: &[Given]) -> Result<Reading, String> {
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
    let mut all: Vec<Values> = std::env::vars()
        .filter_map(|(k, v)| {
            let name = k.strip_prefix("TF_VAR_")?.to_string();
            Some(Values::Var {
                origin: format!("TF_VAR_{name}"),
                name,
                value: v,
            })
        })
        .collect();
    let mut automatic: Vec<(&PathBuf, (u8, String))> = beside
        .iter()
        .filter_map(|p| Some((p, automatic_rank(name(p))?)))
        .collect();
    automatic.sort_by(|a, b| a.1.cmp(&b.1));
    for (file, _) in automatic {
        all.extend(values(file)?);
    }
    for g in given {
        match g {
            Given::File(file) => all.extend(values(file)?),
            Given::Var(assignment) => {
                let (name, value) = assignment
                    .split_once('=')
                    .ok_or_else(|| format!("--var {assignment}: expected NAME=VALUE"))?;
                all.push(Values::Var {
                    name: name.trim().to_string(),
                    value: value.to_string(),
                    origin: format!("--var {}", name.trim()),
                });
            }
        }
    }
    let mut reading =
        khcidr_kubetf::read(&path.display().to_string(), &tf, &all, &installed(&listing))
            .map_err(|e| e.to_string())?;
    for file in unread.drain(..) {
        reading.notes.push(format!(
            "{file} is not read (override files and JSON configuration are not); if it sets the module's values, check with flags"
        ));
    }
    Ok(reading)
}

/// The releases `terraform init` installed, from `.terraform/modules/modules.json`.
fn installed(dir: &Path) -> Vec<Installed> {
    let lock = dir.join(".terraform/modules/modules.json");
    let Ok(text) = std::fs::read_to_string(&lock) else {
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
