//! TLS for PostgreSQL connections with libpq's `sslmode` semantics, over OpenSSL (the library
//! libpq itself uses).
//!
//! Written here on top of tokio-openssl rather than taken from postgres-openssl: that crate
//! needs an `SslConnector`, whose constructor always loads the system's CA bundle — about
//! 20 ms with OpenSSL 3, a tenth of a whole `revoke` over TCP — which libpq never loads for
//! prefer/require, and which verify-ca/verify-full with a root certificate must not trust
//! anyway. What is left is small: one context per run, one handshake per connection, and the
//! channel binding that SCRAM-SHA-256-PLUS asks for.

use super::settings::SslMode;
use crate::error::Failure;
use openssl::error::ErrorStack;
use openssl::hash::MessageDigest;
use openssl::nid::Nid;
use openssl::ssl::{Ssl, SslContext, SslMethod, SslRef, SslVerifyMode, SslVersion};
use openssl::x509::verify::X509CheckFlags;
use openssl::x509::X509VerifyResult;
use std::future::Future;
use std::io;
use std::net::IpAddr;
use std::path::Path;
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, BufReader, ReadBuf};
use tokio_openssl::SslStream;
use tokio_postgres::tls::{self, ChannelBinding, MakeTlsConnect, TlsConnect};
use tokio_postgres::Socket;

/// The TLS settings of one run, shared by all its connections.
#[derive(Clone)]
pub struct Tls {
    context: SslContext,
    /// verify-full: the certificate must also name the host connected to.
    check_host: bool,
}

/// Builds the TLS context for `mode`, as libpq 15 does: a root certificate is used when its
/// file exists (`sslrootcert`, `PGSSLROOTCERT` or `~/.postgresql/root.crt`), and then the
/// server's chain must lead to it whatever the mode — so prefer and require check the CA too
/// (a prefer connection that fails that check is retried without TLS by the caller, as libpq
/// does); without one, allow, prefer and require encrypt without checking who answers, and
/// verify-ca/verify-full refuse to connect. `sslrootcert=system` trusts the system's store
/// (libpq 16's spelling). verify-full also checks the host name.
pub fn connector(mode: SslMode, rootcert: Option<&Path>) -> Result<Tls, Failure> {
    let tls_failure = |e: ErrorStack| Failure::config(format!("cannot set up TLS: {e}"));
    let mut builder = SslContext::builder(SslMethod::tls_client()).map_err(tls_failure)?;
    // libpq's default ssl_min_protocol_version.
    builder
        .set_min_proto_version(Some(SslVersion::TLS1_2))
        .map_err(tls_failure)?;
    let system = rootcert.is_some_and(|p| p == Path::new("system"));
    let existing = rootcert.filter(|p| !system && p.is_file());
    let verifying = matches!(mode, SslMode::VerifyCa | SslMode::VerifyFull);
    if system {
        builder
            .set_default_verify_paths()
            .map_err(|e| Failure::config(format!("cannot load the system's CA store: {e}")))?;
        builder.set_verify(SslVerifyMode::PEER);
    } else if let Some(path) = existing {
        builder.set_ca_file(path).map_err(|e| {
            Failure::config(format!(
                "cannot load the root certificate {}: {e} — fix PGSSLROOTCERT / sslrootcert or ~/.postgresql/root.crt",
                path.display()
            ))
        })?;
        builder.set_verify(SslVerifyMode::PEER);
    } else if verifying {
        let named = rootcert.map_or("~/.postgresql/root.crt".to_string(), |p| {
            p.display().to_string()
        });
        return Err(Failure::config(format!(
            "root certificate file \"{named}\" does not exist, and sslmode={} checks the server against it — provide the file (PGSSLROOTCERT or ~/.postgresql/root.crt), use sslrootcert=system for the system's trusted roots, or use sslmode=require",
            mode.as_str()
        )));
    } else {
        builder.set_verify(SslVerifyMode::NONE);
    }
    Ok(Tls {
        context: builder.build(),
        check_host: mode == SslMode::VerifyFull,
    })
}

impl MakeTlsConnect<Socket> for Tls {
    type Stream = TlsStream;
    type TlsConnect = Handshake;
    type Error = ErrorStack;

    fn make_tls_connect(&mut self, host: &str) -> Result<Handshake, ErrorStack> {
        let mut ssl = Ssl::new(&self.context)?;
        let ip = host.parse::<IpAddr>().ok();
        // Server Name Indication, as libpq's sslsni=1; never for an address.
        if ip.is_none() {
            ssl.set_hostname(host)?;
        }
        if self.check_host {
            let param = ssl.param_mut();
            param.set_hostflags(X509CheckFlags::NO_PARTIAL_WILDCARDS);
            match ip {
                Some(ip) => param.set_ip(ip)?,
                None => param.set_host(host)?,
            }
        }
        Ok(Handshake(ssl))
    }
}

/// One connection's TLS session, before its handshake.
pub struct Handshake(Ssl);

impl TlsConnect<Socket> for Handshake {
    type Stream = TlsStream;
    type Error = Box<dyn std::error::Error + Send + Sync>;
    type Future = Pin<Box<dyn Future<Output = Result<TlsStream, Self::Error>> + Send>>;

    fn connect(self, socket: Socket) -> Self::Future {
        Box::pin(async move {
            // Buffered: OpenSSL reads a record's header and body separately.
            let mut stream = SslStream::new(self.0, BufReader::with_capacity(8192, socket))?;
            match Pin::new(&mut stream).connect().await {
                Ok(()) => Ok(TlsStream(stream)),
                Err(e) => {
                    let verify = stream.ssl().verify_result();
                    Err(match verify {
                        X509VerifyResult::OK => e.to_string(),
                        _ => format!("{e}: {verify}"),
                    }
                    .into())
                }
            }
        })
    }
}

/// An encrypted connection to the server.
pub struct TlsStream(SslStream<BufReader<Socket>>);

impl AsyncRead for TlsStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_read(cx, buf)
    }
}

impl AsyncWrite for TlsStream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.0).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_shutdown(cx)
    }
}

impl tls::TlsStream for TlsStream {
    fn channel_binding(&self) -> ChannelBinding {
        match server_end_point(self.0.ssl()) {
            Some(hash) => ChannelBinding::tls_server_end_point(hash),
            None => ChannelBinding::none(),
        }
    }
}

/// RFC 5929's tls-server-end-point: the server certificate hashed with its signature's
/// digest, SHA-256 in place of MD5 and SHA-1; none for a signature without a separate digest
/// (Ed25519), which PostgreSQL cannot bind either.
fn server_end_point(ssl: &SslRef) -> Option<Vec<u8>> {
    let cert = ssl.peer_certificate()?;
    let algorithms = cert
        .signature_algorithm()
        .object()
        .nid()
        .signature_algorithms()?;
    let digest = match algorithms.digest {
        Nid::MD5 | Nid::SHA1 => MessageDigest::sha256(),
        nid => MessageDigest::from_nid(nid)?,
    };
    cert.digest(digest).ok().map(|hash| hash.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_root_certificate_is_used_only_where_its_file_exists() {
        let missing = Path::new("/nonexistent/root.crt");
        // As libpq 15: a missing file means no check for allow/prefer/require...
        for mode in [SslMode::Allow, SslMode::Prefer, SslMode::Require] {
            assert!(connector(mode, None).is_ok(), "{mode:?}");
            assert!(connector(mode, Some(missing)).is_ok(), "{mode:?}");
        }
        // ...and a refusal for the modes that check, which name the file and the way out.
        for mode in [SslMode::VerifyCa, SslMode::VerifyFull] {
            let refused = connector(mode, Some(missing)).err().expect("refused");
            assert!(
                refused.message.contains("/nonexistent/root.crt"),
                "{}",
                refused.message
            );
            assert!(refused.message.contains("sslrootcert=system"));
            assert!(connector(mode, None).is_err(), "no system store by default");
            assert!(connector(mode, Some(Path::new("system"))).is_ok());
        }
    }
}
