//! The bundled catalog (`studies/`), compiled into the binary so evrev works from any folder.

/// The bundled catalog's files: (file name, text).
pub(super) fn files() -> [(&'static str, &'static str); 5] {
    [
        ("documents.csv", include_str!("../../studies/documents.csv")),
        ("claims.csv", include_str!("../../studies/claims.csv")),
        ("trials.csv", include_str!("../../studies/trials.csv")),
        ("outcomes.csv", include_str!("../../studies/outcomes.csv")),
        ("conditions.csv", include_str!("../../studies/conditions.csv")),
    ]
}

/// The bundled catalog, loaded and validated.
pub fn embedded() -> Result<super::Catalog, super::CatalogError> {
    super::load(&super::Source::Embedded)
}
