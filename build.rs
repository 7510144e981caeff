//! Build script: the bundled catalog's optional files (studies/rob.csv, studies/grade.csv) are embedded
//! when they exist; an absent one is embedded as empty text, which the loader treats as no file.

use std::path::Path;

fn main() {
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    println!("cargo:rerun-if-changed=studies");
    for name in ["rob.csv", "grade.csv"] {
        let src = Path::new("studies").join(name);
        println!("cargo:rerun-if-changed={}", src.display());
        let text = std::fs::read_to_string(&src).unwrap_or_default();
        std::fs::write(Path::new(&out).join(name), text).expect("write to OUT_DIR");
    }
}
