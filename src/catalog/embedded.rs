//! The bundled catalog (`studies/`), compiled into the binary so evrev works from any folder.

/// The bundled catalog's files: (file name, text). The optional rob.csv and grade.csv come through
/// build.rs: empty text when studies/ has no such file.
pub(super) fn files() -> [(&'static str, &'static str); 8] {
    [
        ("documents.csv", include_str!("../../studies/documents.csv")),
        ("claims.csv", include_str!("../../studies/claims.csv")),
        ("evidence.csv", include_str!("../../studies/evidence.csv")),
        ("trials.csv", include_str!("../../studies/trials.csv")),
        ("outcomes.csv", include_str!("../../studies/outcomes.csv")),
        ("conditions.csv", include_str!("../../studies/conditions.csv")),
        ("rob.csv", include_str!(concat!(env!("OUT_DIR"), "/rob.csv"))),
        ("grade.csv", include_str!(concat!(env!("OUT_DIR"), "/grade.csv"))),
    ]
}
