//! HTTPS served by the process itself: the certificate chain and private key named by
//! `WINMESSAGES_TLS_CERT` / `WINMESSAGES_TLS_KEY` (PEM), loaded once at start-up so a bad file
//! stops the server with one line naming the setting.

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use std::path::Path;
use std::sync::Arc;

/// The rustls configuration for `cert` (chain, leaf first) and `key`.
pub fn server_config(cert: &Path, key: &Path) -> Result<rustls::ServerConfig, String> {
    let chain = CertificateDer::pem_file_iter(cert)
        .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
        .map_err(|e| {
            format!(
                "WINMESSAGES_TLS_CERT: cannot read a PEM certificate from {}: {e}",
                cert.display()
            )
        })?;
    if chain.is_empty() {
        return Err(format!(
            "WINMESSAGES_TLS_CERT: {} holds no PEM certificate",
            cert.display()
        ));
    }
    let private_key = PrivateKeyDer::from_pem_file(key).map_err(|e| {
        format!(
            "WINMESSAGES_TLS_KEY: cannot read a PEM private key from {}: {e}",
            key.display()
        )
    })?;
    // The provider is named explicitly so the process-wide default (which another crate could
    // install differently) does not matter.
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("WINMESSAGES_TLS_CERT: {e}"))?
        .with_no_client_auth()
        .with_single_cert(chain, private_key)
        .map_err(|e| {
            format!(
                "WINMESSAGES_TLS_KEY: {} does not fit the certificate in {}: {e}",
                key.display(),
                cert.display()
            )
        })
}
