//! Writing an output file (an export, a plot) whole or not at all.

use crate::error::{Error, Result};
use std::io::Write;
use std::path::Path;

/// Write to a temporary file beside `path`, then rename it into place: the file is whole or absent,
/// and a failed run leaves nothing behind. The file gets ordinary permissions (0666 less the umask),
/// not the temporary file's 0600.
pub(super) fn write_atomically(path: &Path, write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<()> {
    let fail = |source| Error::Output { path: path.display().to_string(), source };
    let dir = match path.parent() {
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
    let mut tmp = builder.tempfile_in(dir).map_err(fail)?;
    {
        let mut buf = std::io::BufWriter::new(tmp.as_file_mut());
        write(&mut buf).map_err(fail)?;
        buf.flush().map_err(fail)?;
    }
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}
