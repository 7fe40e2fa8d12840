//! Who a request comes from: the TCP peer's address, or — when the peer is one of the
//! configured `trusted_proxies` (a reverse proxy such as the shipped nginx site) — the client
//! address the proxy reports in `X-Forwarded-For`. Rate limits, connection caps and the audit
//! log key on it. `X-Forwarded-For` from anyone else is ignored, so a client cannot choose its
//! own address.

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use ipnet::IpNet;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

/// An address or network in `trusted_proxies`: `10.0.0.1`, `10.0.0.0/8`, `::1`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ProxyNet(pub IpNet);

impl TryFrom<String> for ProxyNet {
    type Error = String;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse::<IpNet>()
            .or_else(|_| s.parse::<IpAddr>().map(IpNet::from))
            .map(ProxyNet)
            .map_err(|_| format!("{s:?} is not an IP address or network"))
    }
}

impl From<ProxyNet> for String {
    fn from(p: ProxyNet) -> String {
        p.0.to_string()
    }
}

/// The proxies whose `X-Forwarded-For` is believed (config key `trusted_proxies`).
#[derive(Clone, Debug, Default)]
pub struct TrustedProxies(pub Arc<Vec<ProxyNet>>);

impl TrustedProxies {
    fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|net| net.0.contains(&ip))
    }

    /// The client behind `peer`, given the request's `X-Forwarded-For` values (in order).
    pub fn client(&self, peer: IpAddr, forwarded: &[&str]) -> IpAddr {
        if !self.trusts(peer) {
            return peer;
        }
        // Walk from the nearest hop outwards; the first address not of a trusted proxy is the
        // client. Anything unparsable ends the walk at the last trusted hop.
        let hops = forwarded
            .iter()
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .rev();
        let mut client = peer;
        for hop in hops {
            let Ok(ip) = hop.parse::<IpAddr>() else {
                break;
            };
            client = ip;
            if !self.trusts(ip) {
                break;
            }
        }
        client
    }
}

/// The client's address; `None` for requests without a TCP peer (in-process tests).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientAddr(pub Option<IpAddr>);

impl ClientAddr {
    /// Whether the client is on this machine (and not behind a proxy on it).
    pub fn is_loopback(&self) -> bool {
        self.0.is_some_and(|ip| ip.is_loopback())
    }
}

impl fmt::Display for ClientAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(ip) => write!(f, "{ip}"),
            None => f.write_str("unknown"),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let Some(peer) = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip())
        else {
            return Ok(ClientAddr(None));
        };
        let trusted = parts
            .extensions
            .get::<TrustedProxies>()
            .cloned()
            .unwrap_or_default();
        let forwarded: Vec<&str> = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        Ok(ClientAddr(Some(trusted.client(peer, &forwarded))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proxies(list: &[&str]) -> TrustedProxies {
        TrustedProxies(Arc::new(
            list.iter()
                .map(|s| ProxyNet::try_from(s.to_string()).unwrap_or_else(|e| panic!("{e}")))
                .collect(),
        ))
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap_or_else(|_| unreachable!())
    }

    #[test]
    fn only_trusted_proxies_may_name_the_client() {
        let p = proxies(&["127.0.0.1", "10.0.0.0/8"]);
        assert_eq!(
            p.client(ip("203.0.113.9"), &["1.2.3.4"]),
            ip("203.0.113.9"),
            "not a proxy"
        );
        assert_eq!(
            p.client(ip("127.0.0.1"), &["198.51.100.7"]),
            ip("198.51.100.7")
        );
        // A client's own forged entry sits before the proxies' entries and is not reached.
        assert_eq!(
            p.client(ip("127.0.0.1"), &["6.6.6.6, 198.51.100.7", "10.1.2.3"]),
            ip("198.51.100.7")
        );
        assert_eq!(p.client(ip("127.0.0.1"), &[]), ip("127.0.0.1"));
        assert_eq!(p.client(ip("127.0.0.1"), &["garbage"]), ip("127.0.0.1"));
        assert_eq!(
            TrustedProxies::default().client(ip("127.0.0.1"), &["1.2.3.4"]),
            ip("127.0.0.1")
        );
    }
}
