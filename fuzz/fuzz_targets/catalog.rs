//! Fuzz the catalog loader: arbitrary bytes as trials.csv, outcomes.csv and conditions.csv.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Split the input into up to three files at 0x1E (record separator) bytes.
    let mut parts = data.splitn(3, |b| *b == 0x1E);
    let trials = parts.next().unwrap_or_default();
    let outcomes = parts.next().unwrap_or_default();
    let conditions = parts.next();
    if let Ok(catalog) = evrev::catalog::from_bytes(trials, outcomes, conditions) {
        // Whatever loads must also summarise without panicking.
        let filter = evrev::catalog::Filter::default();
        for ci in [evrev::stats::proportion::CiMethod::Wilson, evrev::stats::proportion::CiMethod::Exact] {
            let _ = evrev::analysis::summary::summaries(&catalog, &filter, None, ci);
        }
        for t in &catalog.trials {
            let _ = evrev::analysis::trials::line(&catalog, t);
        }
    }
});
