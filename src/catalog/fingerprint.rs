//! The catalog's content hash: a SHA-256 over its files' bytes, so a report can say exactly which data it shows.
//! The bundled catalog's is computed at build time (build.rs, with the same `digest`); a folder's, when asked.

mod digest;

use super::embedded;
use super::load::Source;
use super::problem::CatalogError;

/// The files a catalog may have, in the order they are hashed (the bundled catalog's file list).
fn file_names() -> impl Iterator<Item = &'static str> {
    embedded::files().into_iter().map(|f| f.name)
}

/// A catalog's SHA-256 over its files: for each file name in a fixed order, the name, then either a
/// marker for "no such file" or the length and the bytes. Renaming, adding, removing or editing any
/// file changes it; nothing else (timestamps, folder name) does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    bytes: [u8; 32],
}

impl Fingerprint {
    /// The hash of the given files: (name, contents or `None` when the catalog has no such file).
    pub fn of_files<'a>(files: impl IntoIterator<Item = (&'a str, Option<&'a [u8]>)>) -> Fingerprint {
        Fingerprint { bytes: digest::sha256_of_files(files) }
    }

    /// The bundled catalog's, computed at build time over its files as embedded.
    pub(crate) fn bundled() -> Fingerprint {
        Fingerprint { bytes: embedded::SHA256 }
    }

    /// All 64 hex digits.
    pub fn hex(&self) -> String {
        self.bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The first 12 hex digits, as `git log --oneline` shows a commit: enough to tell catalogs apart.
    pub fn short(&self) -> String {
        self.hex()[..12].to_string()
    }
}

/// The fingerprint of a catalog's files as they are now (for a folder, read again from disk).
pub fn fingerprint(source: &Source) -> Result<Fingerprint, CatalogError> {
    match source {
        Source::Embedded => Ok(Fingerprint::bundled()),
        Source::Dir(dir) => {
            let mut contents = Vec::new();
            for name in file_names() {
                let path = dir.join(name);
                let bytes = match std::fs::read(&path) {
                    Ok(b) => Some(b),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                    Err(e) => {
                        return Err(CatalogError::Missing { path: path.display().to_string(), reason: e.to_string() });
                    }
                };
                contents.push((name, bytes));
            }
            Ok(Fingerprint::of_files(contents.iter().map(|(n, b)| (*n, b.as_deref()))))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_known_input() {
        // Independent check: `printf 'trials.csv\0absent' | sha256sum`.
        let f = Fingerprint::of_files([("trials.csv", None)]);
        assert_eq!(f.hex(), "129a0ba334b97a18950edd77915bdd34da268b3860b084fd44beb5b76944f378");
        assert_eq!(f.short().len(), 12);
    }

    #[test]
    fn any_change_changes_it() {
        let a = Fingerprint::of_files([("trials.csv", Some(&b"id\n"[..])), ("rob.csv", None)]);
        let b = Fingerprint::of_files([("trials.csv", Some(&b"id\n "[..])), ("rob.csv", None)]);
        let c = Fingerprint::of_files([("trials.csv", Some(&b"id\n"[..])), ("rob.csv", Some(&b""[..]))]);
        assert_ne!(a, b);
        assert_ne!(a, c);
        assert_ne!(b, c);
    }

    #[test]
    fn bundled_catalog_read_from_disk_matches_the_embedded_one() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("studies");
        assert_eq!(fingerprint(&Source::Dir(dir)).unwrap(), fingerprint(&Source::Embedded).unwrap());
    }

    #[test]
    fn the_build_time_hash_is_the_hash_of_the_embedded_texts() {
        // An empty embedded text is a file the bundled catalog does not have (build.rs).
        let files = embedded::files();
        let texts = files.iter().map(|f| (f.name, (!f.csv.is_empty()).then_some(f.csv.as_bytes())));
        assert_eq!(Fingerprint::of_files(texts), Fingerprint::bundled());
    }
}
