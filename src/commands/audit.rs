//! `evrev audit FILE`: link an article's study sentences to catalog trials and flag what looks wrong.

use crate::analysis::audit::{AuditRow, audit};
use crate::analysis::trials::line;
use crate::catalog::Catalog;
use crate::error::{Error, Result};
use crate::report::{self, Column, Format, Records, Report, View};
use std::io::{Read, Write};
use std::path::Path;

/// Articles larger than this are refused (memory stays bounded; real articles are far smaller).
const MAX_BYTES: u64 = 16 * 1024 * 1024;

pub fn run(catalog: &Catalog, file: &Path, format: Format, out: &mut dyn Write) -> Result<()> {
    let text = read(file)?;
    let rows = audit(&text, catalog);
    let columns = ["line", "sentence", "trial", "confidence", "reason", "flags", "score", "citation"];
    let view = View {
        title: None,
        headers: ["Line", "Sentence", "Linked trial", "What the trial found", "Confidence", "Why linked", "Flags"]
            .map(String::from)
            .to_vec(),
        rows: rows.iter().map(|r| view_row(catalog, r)).collect(),
        notes: vec![format!(
            "{} sentence(s) describe a study; {} linked to a catalog trial; {} flagged.",
            rows.len(),
            rows.iter().filter(|r| r.trial.is_some()).count(),
            rows.iter().filter(|r| !r.flags.is_empty()).count()
        )],
        ..View::default()
    }
    .column("Why linked", Column::droppable(3))
    .column("What the trial found", Column::droppable(2))
    .column("Confidence", Column::droppable(1));
    let report = Report { records: Records::from_serialize(&rows, &columns), json: None, views: vec![view] };
    Ok(report::emit(out, format, &report)?)
}

fn view_row(catalog: &Catalog, r: &AuditRow) -> Vec<String> {
    let found = r.trial.as_deref().and_then(|id| catalog.trial(id)).map(|t| {
        let l = line(catalog, t);
        let n = l.n_randomized.map_or("N not reported".into(), |n| format!("N={n}"));
        format!("{}: {}, {n}; {}", l.citation, l.design, l.result)
    });
    vec![
        r.line.to_string(),
        r.sentence.clone(),
        r.trial.clone().unwrap_or_else(|| "—".into()),
        found.unwrap_or_else(|| "—".into()),
        r.confidence.to_string(),
        r.reason.clone(),
        r.flags.clone(),
    ]
}

fn read(file: &Path) -> Result<String> {
    let fail = |reason: String| Error::Input { path: file.display().to_string(), reason };
    let mut bytes = Vec::new();
    if file == Path::new("-") {
        std::io::stdin().take(MAX_BYTES + 1).read_to_end(&mut bytes).map_err(|e| fail(e.to_string()))?;
    } else {
        let f = std::fs::File::open(file).map_err(|e| fail(e.to_string()))?;
        f.take(MAX_BYTES + 1).read_to_end(&mut bytes).map_err(|e| fail(e.to_string()))?;
    }
    if bytes.len() as u64 > MAX_BYTES {
        return Err(fail(format!("larger than {} MiB; audit takes one article at a time", MAX_BYTES >> 20)));
    }
    // Articles copied from the web are not always valid UTF-8: replace bad bytes rather than refuse.
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
