//! The bundled catalog (`studies/`), compiled into the binary so evrev works from any folder.

// `SHA256` and `ROWS`: the bundled catalog's hash and its numbers of trials and outcome rows, computed
// at build time (build.rs) so that `--version` reads and hashes nothing.
include!(concat!(env!("OUT_DIR"), "/bundled.rs"));

/// One bundled file: its name, its CSV text, and its records split at build time (build.rs; empty
/// when the file must be parsed as CSV at run time).
pub(super) struct Embedded {
    pub(super) name: &'static str,
    pub(super) csv: &'static str,
    pub(super) split: &'static str,
}

macro_rules! embedded {
    ($name:literal, $csv:expr) => {
        Embedded { name: $name, csv: $csv, split: include_str!(concat!(env!("OUT_DIR"), "/", $name, ".split")) }
    };
}

/// The bundled catalog's files. The optional rob.csv and grade.csv come through build.rs: empty
/// text when studies/ has no such file.
pub(super) fn files() -> [Embedded; 8] {
    [
        embedded!("documents.csv", include_str!("../../studies/documents.csv")),
        embedded!("claims.csv", include_str!("../../studies/claims.csv")),
        embedded!("evidence.csv", include_str!("../../studies/evidence.csv")),
        embedded!("trials.csv", include_str!("../../studies/trials.csv")),
        embedded!("outcomes.csv", include_str!("../../studies/outcomes.csv")),
        embedded!("conditions.csv", include_str!("../../studies/conditions.csv")),
        embedded!("rob.csv", include_str!(concat!(env!("OUT_DIR"), "/rob.csv"))),
        embedded!("grade.csv", include_str!(concat!(env!("OUT_DIR"), "/grade.csv"))),
    ]
}
