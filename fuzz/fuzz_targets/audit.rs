//! Fuzz the article auditor with arbitrary text against the bundled catalog and against a catalog
//! with non-ASCII condition keys, ids and citations (tests/catalogs/unicode, identical studies).
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static BUNDLED: OnceLock<evrev::catalog::Catalog> = OnceLock::new();
static UNICODE: OnceLock<evrev::catalog::Catalog> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let bundled = BUNDLED.get_or_init(|| evrev::catalog::embedded().expect("the bundled catalog loads"));
    let unicode = UNICODE.get_or_init(|| {
        evrev::catalog::from_bytes(
            include_bytes!("../../tests/catalogs/unicode/trials.csv"),
            include_bytes!("../../tests/catalogs/unicode/outcomes.csv"),
            Some(include_bytes!("../../tests/catalogs/unicode/conditions.csv")),
        )
        .expect("the non-ASCII test catalog loads")
    });
    let text = String::from_utf8_lossy(data);
    let _ = evrev::analysis::audit::audit(&text, bundled);
    let _ = evrev::analysis::audit::audit(&text, unicode);
});
