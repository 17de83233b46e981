//! Reads a Terraform configuration from disk the way `terraform plan` does: every `*.tf` of
//! a directory, then `terraform.tfvars`, `*.auto.tfvars` (and their `.json` forms) and the
//! command line's values.

use std::path::{Path, PathBuf};

use khcidr_kubetf::{File, Reading, Values};

use crate::args::Given;

fn load(path: &Path) -> Result<File, String> {
    std::fs::read_to_string(path)
        .map(|text| File {
            name: path.display().to_string(),
            text,
        })
        .map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// The files of `dir` whose names end in `suffix`, in Terraform's (lexical) order.
fn listed(dir: &Path, suffix: &str) -> Result<Vec<PathBuf>, String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut found: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.ends_with(suffix))
        })
        .collect();
    found.sort();
    Ok(found)
}

/// Reads the plan from `path` (a `.tf` file or a directory) with the variable values
/// Terraform would use: `TF_VAR_*`, `terraform.tfvars`, `*.auto.tfvars`, then `--var` and
/// `--var-file` in the order given. A file path reads that file and the values beside it.
pub fn read(path: &Path, given: &[Given]) -> Result<Reading, String> {
    let (dir, tf) = if path.is_dir() {
        (path.to_path_buf(), listed(path, ".tf")?)
    } else {
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        (dir, vec![path.to_path_buf()])
    };
    let tf = tf.iter().map(|p| load(p)).collect::<Result<Vec<_>, _>>()?;
    let mut values: Vec<Values> = std::env::vars()
        .filter_map(|(k, v)| {
            let name = k.strip_prefix("TF_VAR_")?.to_string();
            Some(Values::Var {
                origin: format!("TF_VAR_{name}"),
                name,
                value: v,
            })
        })
        .collect();
    let here = |name: &str| {
        if dir.as_os_str().is_empty() {
            PathBuf::from(name)
        } else {
            dir.join(name)
        }
    };
    let listing = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        &dir
    };
    // Terraform's order: terraform.tfvars, terraform.tfvars.json, then *.auto.tfvars and
    // *.auto.tfvars.json by name.
    let mut files = vec![here("terraform.tfvars"), here("terraform.tfvars.json")];
    let mut auto = listed(listing, ".auto.tfvars")?;
    auto.extend(listed(listing, ".auto.tfvars.json")?);
    auto.sort();
    files.extend(auto);
    for file in files.iter().filter(|f| f.is_file()) {
        values.extend(tfvars(file)?);
    }
    for g in given {
        values.push(match g {
            Given::File(file) => {
                values.extend(tfvars(file)?);
                continue;
            }
            Given::Var(assignment) => {
                let (name, value) = assignment
                    .split_once('=')
                    .ok_or_else(|| format!("--var {assignment}: expected NAME=VALUE"))?;
                Values::Var {
                    name: name.trim().to_string(),
                    value: value.to_string(),
                    origin: format!("--var {}", name.trim()),
                }
            }
        });
    }
    let mut reading = khcidr_kubetf::read(&path.display().to_string(), &tf, &values)
        .map_err(|e| e.to_string())?;
    installed(&dir, &mut reading);
    Ok(reading)
}

/// A `.tfvars` or `.tfvars.json` file's values.
fn tfvars(path: &Path) -> Result<Vec<Values>, String> {
    let file = load(path)?;
    if path.extension().is_some_and(|e| e == "json") {
        json_values(&file)
    } else {
        Ok(vec![Values::File(file)])
    }
}

/// A `.tfvars.json` file's values: strings as they are, anything else as the HCL its JSON
/// text also is.
fn json_values(file: &File) -> Result<Vec<Values>, String> {
    let json: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&file.text)
        .map_err(|e| format!("{}:{}:{}: {e}", file.name, e.line(), e.column()))?;
    Ok(json
        .into_iter()
        .map(|(name, value)| Values::Var {
            origin: file.name.clone(),
            value: match value {
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            },
            name,
        })
        .collect())
}

/// Where `kube.tf` gives a constraint, the release `terraform init` installed, from
/// `.terraform/modules/modules.json`, is the one checked.
fn installed(dir: &Path, reading: &mut Reading) {
    if reading.pinned {
        return;
    }
    let lock = dir.join(".terraform/modules/modules.json");
    let Ok(text) = std::fs::read_to_string(&lock) else {
        return;
    };
    let Ok(json) = serde_json::from_str::<serde_json::Value>(&text) else {
        return;
    };
    let version = json["Modules"].as_array().and_then(|modules| {
        modules
            .iter()
            .find(|m| m["Key"].as_str() == Some(reading.label.as_str()))
            .and_then(|m| m["Version"].as_str())
    });
    if let Some(release) = version.and_then(|v| v.parse::<khcidr_core::Release>().ok()) {
        reading.plan.module_version = release.clone();
        reading.release_note = Some(format!(
            "checked on {release}, the release terraform init installed ({})",
            lock.display()
        ));
        reading.sources.retain(|(k, _)| *k != "module_version");
        reading
            .sources
            .push(("module_version", lock.display().to_string()));
    }
}
