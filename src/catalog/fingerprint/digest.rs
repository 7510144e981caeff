//! The catalog hash's byte format, shared by the library and build.rs (which hashes the bundled
//! catalog once, at build time): for each file in order, its name, a NUL, then `absent`, or
//! `present`, its length (u64, little-endian) and its bytes; SHA-256 over all of it.

use sha2::{Digest, Sha256};

/// The SHA-256 of the given files: (name, contents or `None` when the catalog has no such file).
pub(crate) fn sha256_of_files<'a>(files: impl IntoIterator<Item = (&'a str, Option<&'a [u8]>)>) -> [u8; 32] {
    let mut hasher = Sha256::new();
    for (name, content) in files {
        hasher.update(name.as_bytes());
        hasher.update([0]);
        match content {
            None => hasher.update(b"absent"),
            Some(bytes) => {
                hasher.update(b"present");
                hasher.update((bytes.len() as u64).to_le_bytes());
                hasher.update(bytes);
            }
        }
    }
    hasher.finalize().into()
}
