//! Writing an output file (an export, a plot) whole or not at all: through a symlink to its target,
//! straight into a device or FIFO, and with the temporary file removed on SIGINT or SIGTERM.

use crate::error::Error;
use anyhow::{Context, Result};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Where the bytes go.
#[derive(Debug, PartialEq)]
enum Destination {
    /// A regular file (or none yet) at this real path, symlinks resolved: a temporary file beside
    /// it is renamed onto it. `mode`: the permissions of the file it replaces.
    Replace { real: PathBuf, mode: Option<u32> },
    /// A device, FIFO or `/dev/stdout`-like path: written in place, never renamed over.
    Direct(PathBuf),
}

/// Write `path` whole or not at all.
///
/// A regular file (new or existing) is written to a temporary file beside it (beside the symlink's
/// target, when `path` is a symlink, so the link survives) and renamed into place; a replaced file
/// keeps its permissions, a new one gets ordinary ones (0666 less the umask), not the temporary
/// file's 0600. A device, FIFO, or a path under `/dev` or `/proc` (`/dev/stdout`, `/dev/null`) is
/// opened and written directly: renaming over it would replace the device with a file. SIGINT and
/// SIGTERM during the write remove the temporary file before evrev dies of the signal.
///
/// The error is [`Error::Output`] (exit 73) in the context "cannot write PATH".
/// Write to `path`, or to `out` when there is none or it is `-` (standard output).
pub(super) fn write_to(
    path: Option<&Path>,
    out: &mut dyn Write,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<()> {
    match path {
        Some(p) if p != Path::new("-") => write_atomically(p, write),
        _ => Ok(write(out).map_err(Error::Io)?),
    }
}

pub(super) fn write_atomically(path: &Path, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<()> {
    let written = match destination(path) {
        Ok(Destination::Direct(real)) => write_direct(&real, write),
        Ok(Destination::Replace { real, mode }) => replace(&real, mode, write),
        Err(e) => Err(e),
    };
    written.map_err(Error::Output).with_context(|| format!("cannot write {}", path.display()))
}

/// Paths whose files are the system's, not the user's: written in place.
fn is_system_path(p: &Path) -> bool {
    p.starts_with("/dev") || p.starts_with("/proc")
}

/// Follow `path`'s symlinks (at most 40, as the kernel) to the path they name, which need not exist.
fn follow_links(path: &Path) -> io::Result<PathBuf> {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let target = std::fs::read_link(&p)?;
                p = match p.parent() {
                    Some(dir) if target.is_relative() => dir.join(target),
                    _ => target,
                };
            }
            _ => return Ok(p),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

fn destination(path: &Path) -> io::Result<Destination> {
    if is_system_path(path) {
        return Ok(Destination::Direct(path.to_path_buf()));
    }
    let real = follow_links(path)?;
    if is_system_path(&real) {
        return Ok(Destination::Direct(real));
    }
    match std::fs::metadata(&real) {
        // A file nobody may write is not replaced behind its owner's back (as `>` in a shell refuses it).
        Ok(m) if m.is_file() && m.permissions().readonly() => Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            "the file is read-only (make it writable, e.g. chmod u+w, to let evrev replace it)",
        )),
        Ok(m) if m.is_file() => Ok(Destination::Replace { real, mode: Some(permission_bits(&m)) }),
        // A folder: the rename fails (exit 73) and the temporary file goes with it.
        Ok(m) if m.is_dir() => Ok(Destination::Replace { real, mode: None }),
        Ok(_) => Ok(Destination::Direct(real)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Destination::Replace { real, mode: None }),
        Err(e) => Err(e),
    }
}

#[cfg(unix)]
fn permission_bits(m: &std::fs::Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    m.permissions().mode() & 0o7777
}

#[cfg(not(unix))]
fn permission_bits(_: &std::fs::Metadata) -> u32 {
    0o666
}

/// Write into an existing device or FIFO (no create, no truncate; append, so that `/dev/stdout`
/// redirected to a file adds to it rather than writing over what the shell's redirection holds).
fn write_direct(path: &Path, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let file = std::fs::OpenOptions::new().append(true).open(path)?;
    let mut buf = io::BufWriter::new(file);
    write(&mut buf)?;
    buf.flush()
}

fn replace(real: &Path, mode: Option<u32>, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let dir = match real.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".evrev-output");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    if !dir.is_dir() {
        let reason = format!("there is no folder {}", dir.display());
        return Err(io::Error::new(io::ErrorKind::NotFound, reason));
    }
    guard_signals();
    // tempfile's own error names its random file name; the user knows only the folder.
    let mut tmp = builder.tempfile_in(dir).map_err(|e| {
        io::Error::new(e.kind(), format!("cannot create a file in the folder {}: {}", dir.display(), e.kind()))
    })?;
    pending().push(tmp.path().to_path_buf());
    let written = write_whole(tmp.as_file_mut(), mode, write);
    let mut list = pending();
    list.retain(|p| p != tmp.path());
    // The temporary file is renamed or removed while the lock is held (see PENDING).
    let result = match written {
        Ok(()) => tmp.persist(real).map(drop).map_err(|e| e.error),
        Err(e) => {
            drop(tmp);
            Err(e)
        }
    };
    drop(list);
    result
}

fn write_whole(
    file: &mut std::fs::File,
    mode: Option<u32>,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    #[cfg(unix)]
    if let Some(mode) = mode {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(mode))?;
    }
    #[cfg(not(unix))]
    let _ = mode;
    let mut buf = io::BufWriter::new(file);
    write(&mut buf)?;
    buf.flush()
}

/// Temporary files being written, removed by the signal thread. The lock is held across the final
/// rename, so a signal lands either before it (the temporary file is removed) or after (the file is whole).
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn pending() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    PENDING.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// On the first file write, a thread that waits for SIGINT or SIGTERM, removes the pending
/// temporary files and ends the process by the same signal (so the shell sees an interrupted run).
fn guard_signals() {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGINT, SIGTERM};
        static STARTED: std::sync::Once = std::sync::Once::new();
        STARTED.call_once(|| {
            let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else { return };
            // A thread the system refuses: files are still written whole or not at all, but one
            // interrupted may leave its temporary file behind.
            let _ = std::thread::Builder::new().spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    for path in pending().drain(..) {
                        let _ = std::fs::remove_file(path);
                    }
                    let _ = signal_hook::low_level::emulate_default_handler(signal);
                    std::process::exit(128 + signal);
                }
            });
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn symlinks_resolve_to_their_target_and_devices_are_written_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.csv");
        let link = dir.path().join("link.csv");
        std::os::unix::fs::symlink("real.csv", &link).unwrap();
        assert_eq!(destination(&link).unwrap(), Destination::Replace { real: real.clone(), mode: None });
        assert_eq!(destination(Path::new("/dev/null")).unwrap(), Destination::Direct("/dev/null".into()));
        let to_null = dir.path().join("null");
        std::os::unix::fs::symlink("/dev/null", &to_null).unwrap();
        assert_eq!(destination(&to_null).unwrap(), Destination::Direct("/dev/null".into()));
        let looped = dir.path().join("loop");
        std::os::unix::fs::symlink("loop", &looped).unwrap();
        assert!(destination(&looped).is_err());
    }
}
