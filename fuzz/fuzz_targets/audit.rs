//! Fuzz the article auditor with arbitrary text against the bundled catalog.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static CATALOG: OnceLock<evrev::catalog::Catalog> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let catalog = CATALOG.get_or_init(|| evrev::catalog::embedded().expect("the bundled catalog loads"));
    let text = String::from_utf8_lossy(data);
    let _ = evrev::analysis::audit::audit(&text, catalog);
});
