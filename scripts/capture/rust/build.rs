fn main() -> Result<(), Box<dyn std::error::Error>> {
    tonic_prost_build::configure().compile_protos(&["../echo.proto"], &[".."])?;
    println!("cargo:rerun-if-changed=../echo.proto");
    // the tonic version actually built, for the logs and the capture index
    let lock = std::fs::read_to_string("Cargo.lock").unwrap_or_default();
    let version = lock
        .split("[[package]]")
        .find(|p| p.contains("name = \"tonic\"\n"))
        .and_then(|p| p.lines().find(|l| l.starts_with("version = ")))
        .map(|l| l.trim_start_matches("version = ").trim_matches('"').to_string())
        .unwrap_or_else(|| "unknown".into());
    println!("cargo:rustc-env=TONIC_VERSION={}", version);
    println!("cargo:rerun-if-changed=Cargo.lock");
    Ok(())
}
