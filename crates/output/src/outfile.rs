//! Output files that are written whole or not at all, and never over an input.
//!
//! A findings file or report that a run killed half-way left behind would look complete, and a failed run that
//! emptied yesterday's good file would lose it. So every output is written to a temporary file beside its
//! destination (same directory, so the final rename is atomic on one file system) and renamed over it only when
//! the run succeeded; a failed run removes its temporary file and leaves the old output as it was. Before the
//! run, an output that names one of the run's inputs (the records, a dataset file, the policy, a key) is refused,
//! as is one file given as two outputs: `--output records.jsonl` would otherwise empty the records first.

use std::fs::File;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// An output being written: a temporary file beside `dest`, renamed over it by [`Output::commit`]; or, when
/// `dest` is not a regular file (`/dev/stdout`, a pipe), that file itself, which cannot be replaced.
#[derive(Debug)]
pub struct Output {
    target: Target,
    dest: PathBuf,
}

#[derive(Debug)]
enum Target {
    Temp(tempfile::NamedTempFile),
    Direct(File),
}

impl Output {
    /// Starts writing `dest`: creates the temporary file now, so that a directory that cannot be written fails
    /// before the run.
    pub fn create(dest: &Path) -> Result<Output> {
        if std::fs::metadata(dest).is_ok_and(|m| !m.is_file()) {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(dest)
                .with_context(|| format!("无法写入输出文件 / cannot write `{}`", dest.display()))?;
            return Ok(Output { target: Target::Direct(file), dest: dest.to_path_buf() });
        }
        let dir = match dest.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = dest.file_name().map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
        let prefix = format!(".{name}.");
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(".part");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // As a file made by `File::create` would be: the umask applies to the mode given.
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let tmp = builder
            .tempfile_in(&dir)
            .with_context(|| format!("无法写入输出文件 / cannot write `{}` (its directory)", dest.display()))?;
        Ok(Output { target: Target::Temp(tmp), dest: dest.to_path_buf() })
    }

    /// The file to write to.
    pub fn file(&mut self) -> &mut File {
        match &mut self.target {
            Target::Temp(tmp) => tmp.as_file_mut(),
            Target::Direct(f) => f,
        }
    }

    /// Another handle on the file to write to, for a writer that owns it.
    pub fn writer(&self) -> Result<File> {
        match &self.target {
            Target::Temp(tmp) => tmp.as_file().try_clone(),
            Target::Direct(f) => f.try_clone(),
        }
        .with_context(|| format!("无法写入输出文件 / cannot write `{}`", self.dest.display()))
    }

    /// The path to write to (for writers that take a path, such as the XLSX writer).
    pub fn path(&self) -> &Path {
        match &self.target {
            Target::Temp(tmp) => tmp.path(),
            Target::Direct(_) => &self.dest,
        }
    }

    /// Makes the output final: flushes it to disk and renames it over the destination.
    pub fn commit(self) -> Result<()> {
        let Output { target, dest } = self;
        let Target::Temp(tmp) = target else { return Ok(()) };
        tmp.as_file().sync_all().with_context(|| format!("无法写入输出文件 / cannot write `{}`", dest.display()))?;
        tmp.persist(&dest)
            .map_err(|e| anyhow::Error::from(e.error))
            .with_context(|| format!("无法写入输出文件 / cannot write `{}`", dest.display()))?;
        Ok(())
    }
}

/// Refuses outputs that are inputs, or one file given as two outputs. `inputs` are every file the run reads;
/// `outputs` are `(option, path)` pairs such as `("--output", …)`.
pub fn refuse_overlap(inputs: &[PathBuf], outputs: &[(&str, &Path)]) -> Result<()> {
    for (i, (opt, out)) in outputs.iter().enumerate() {
        if let Some(input) = inputs.iter().find(|input| same_file(out, input)) {
            bail!(
                "{opt} `{}` 是本次检查的输入文件 `{}`，写入会覆盖输入；请换一个输出文件 / {opt} `{}` is an input of this run (`{}`); writing it would destroy the input: choose another output file",
                out.display(),
                input.display(),
                out.display(),
                input.display()
            );
        }
        if let Some((other, _)) = outputs.iter().take(i).find(|(_, o)| same_file(out, o)) {
            bail!(
                "{other} 与 {opt} 是同一个文件 `{}` / {other} and {opt} name the same file `{}`",
                out.display(),
                out.display()
            );
        }
    }
    Ok(())
}

/// Whether two paths name one file: the same device and inode when both exist (hard links, `..`, symbolic
/// links), otherwise the same absolute path.
fn same_file(a: &Path, b: &Path) -> bool {
    if let (Ok(x), Ok(y)) = (std::fs::metadata(a), std::fs::metadata(b)) {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            return x.dev() == y.dev() && x.ino() == y.ino();
        }
        #[cfg(not(unix))]
        {
            let _ = (x, y);
        }
    }
    match (absolute(a), absolute(b)) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

/// The absolute path of a file that may not exist yet: its directory resolved, its name kept.
fn absolute(p: &Path) -> Option<PathBuf> {
    if let Ok(c) = p.canonicalize() {
        return Some(c);
    }
    let name = p.file_name()?;
    let dir = match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.canonicalize().ok()?,
        _ => std::env::current_dir().ok()?,
    };
    Some(dir.join(name))
}

/// The files of a dataset path: the directory's contract files, or the one object file.
pub fn dataset_files(path: &Path) -> Vec<PathBuf> {
    if path.is_dir() {
        jiancha_core::dataset::FILES.iter().map(|f| path.join(f)).filter(|p| p.exists()).collect()
    } else {
        vec![path.to_path_buf()]
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests fail loudly")]
    use super::*;

    #[test]
    fn an_output_that_is_an_input_is_refused_by_any_name() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("records.jsonl");
        std::fs::write(&input, "{}\n").unwrap();
        let other = dir.path().join("sub");
        std::fs::create_dir(&other).unwrap();
        let roundabout = other.join("../records.jsonl");
        let inputs = [input.clone()];
        assert!(refuse_overlap(&inputs, &[("--output", &roundabout)]).is_err());
        let link = dir.path().join("link.jsonl");
        std::fs::hard_link(&input, &link).unwrap();
        assert!(refuse_overlap(&inputs, &[("--output", &link)]).is_err());
        let fresh = dir.path().join("findings.jsonl");
        assert!(refuse_overlap(&inputs, &[("--output", &fresh)]).is_ok());
        assert!(
            refuse_overlap(&inputs, &[("--output", &fresh), ("--report", &other.join("../findings.jsonl"))]).is_err()
        );
        assert_eq!(std::fs::read_to_string(&input).unwrap(), "{}\n");
    }

    #[test]
    fn an_output_is_in_place_only_once_committed() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("findings.jsonl");
        std::fs::write(&dest, "yesterday\n").unwrap();
        {
            let mut out = Output::create(&dest).unwrap();
            std::io::Write::write_all(out.file(), b"half").unwrap();
            // Dropped without commit: a failed run.
        }
        assert_eq!(std::fs::read_to_string(&dest).unwrap(), "yesterday\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "the temporary file is gone");
        let mut out = Output::create(&dest).unwrap();
        std::io::Write::write_all(out.file(), b"today\n").unwrap();
        assert_eq!(std::fs::read_to_string(&dest).unwrap(), "yesterday\n");
        out.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&dest).unwrap(), "today\n");
    }
}
