//! Secrets that may be generated on first run: kept in files in the data dir (mode 0600),
//! reused on every later start. Replicas sharing a database must configure them instead.

use crate::config::Secret;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use std::path::Path;

/// Returns the configured secret, or the one stored in `data_dir/file_name`, generating and
/// storing a new random one (32 bytes, base64url) when neither exists.
pub fn load_or_generate(
    configured: Option<&Secret>,
    data_dir: &Path,
    file_name: &str,
    setting: &str,
) -> Result<Secret, String> {
    if let Some(secret) = configured {
        return Ok(secret.clone());
    }
    let path = data_dir.join(file_name);
    match std::fs::read_to_string(&path) {
        Ok(text) if !text.trim().is_empty() => return Ok(Secret::new(text.trim())),
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(format!("{setting}: cannot read {}: {e}", path.display())),
    }
    std::fs::create_dir_all(data_dir).map_err(|e| {
        format!(
            "WINMESSAGES_DATA_DIR: cannot create {}: {e}",
            data_dir.display()
        )
    })?;
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let value = URL_SAFE_NO_PAD.encode(bytes);
    write_private(&path, &value)
        .map_err(|e| format!("{setting}: cannot write {}: {e}", path.display()))?;
    tracing::warn!(
        file = %path.display(),
        "{setting} is not set: generated one into the data dir (set it explicitly when running several replicas)"
    );
    Ok(Secret::new(value))
}

fn write_private(path: &Path, value: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(value.as_bytes())?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_once_then_reused() {
        let dir = tempfile::tempdir().unwrap();
        let a = load_or_generate(None, dir.path(), "k", "X").unwrap();
        let b = load_or_generate(None, dir.path(), "k", "X").unwrap();
        assert_eq!(a, b);
        assert!(a.expose().len() >= 40);
        let configured = Secret::new("c".repeat(40));
        assert_eq!(
            load_or_generate(Some(&configured), dir.path(), "k", "X").unwrap(),
            configured
        );
    }
}
