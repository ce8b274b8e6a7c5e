//! TLS for PostgreSQL connections with libpq's `sslmode` semantics, over OpenSSL (the library
//! libpq itself uses). tokio-postgres knows disable/prefer/require only; the certificate
//! checks of verify-ca and verify-full are configured on the OpenSSL connector here.

use super::settings::SslMode;
use crate::error::Failure;
use openssl::ssl::{SslConnector, SslMethod, SslVerifyMode};
use postgres_openssl::MakeTlsConnector;
use std::path::Path;

pub fn connector(mode: SslMode, rootcert: Option<&Path>) -> Result<MakeTlsConnector, Failure> {
    let tls_failure =
        |e: openssl::error::ErrorStack| Failure::config(format!("cannot set up TLS: {e}"));
    let mut builder = SslConnector::builder(SslMethod::tls_client()).map_err(tls_failure)?;
    match mode {
        // libpq's prefer and require encrypt without checking who answers.
        SslMode::Disable | SslMode::Prefer | SslMode::Require => {
            builder.set_verify(SslVerifyMode::NONE)
        }
        SslMode::VerifyCa | SslMode::VerifyFull => {
            builder.set_verify(SslVerifyMode::PEER);
            match rootcert {
                Some(path) => builder.set_ca_file(path).map_err(|e| {
                    Failure::config(format!(
                        "cannot load the root certificate {}: {e} — fix PGSSLROOTCERT / sslrootcert or ~/.postgresql/root.crt",
                        path.display()
                    ))
                })?,
                None => builder.set_default_verify_paths().map_err(tls_failure)?,
            }
        }
    }
    let mut connector = MakeTlsConnector::new(builder.build());
    if mode == SslMode::VerifyCa {
        connector.set_callback(|config, _host| {
            config.set_verify_hostname(false);
            Ok(())
        });
    }
    Ok(connector)
}
