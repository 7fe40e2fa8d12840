//! Batched UDP: `recvmmsg` fills up to [`BATCH`] buffers with one system call and `sendmmsg`
//! sends up to [`BATCH`] datagrams with one. Used by the SFU shards of a node for the media port
//! and by the benchmark's null forwarder. It knows nothing about what the datagrams carry, does
//! not wait for readiness (the caller does, blocking or with tokio) and sends no segments with
//! GSO: an SFU's output alternates between subscribers, so datagrams for one destination rarely
//! come back to back.

use nix::sys::socket::{MsgFlags, MultiHeaders, SockaddrStorage, recvmmsg, sendmmsg};
use std::io::{self, IoSlice, IoSliceMut};
use std::net::{SocketAddr, SocketAddrV4, SocketAddrV6};
use std::os::fd::AsRawFd;

/// Datagrams per system call.
pub const BATCH: usize = 32;
/// Longest datagram received whole (media stays well under the path MTU).
pub const MAX_DATAGRAM: usize = 2048;

/// Buffers for receiving a batch, reused for every call.
pub struct BatchReceiver {
    headers: MultiHeaders<SockaddrStorage>,
    buffers: Vec<[u8; MAX_DATAGRAM]>,
    /// (buffer index, sender, length) of the last batch.
    received: Vec<(usize, SocketAddr, usize)>,
}

impl Default for BatchReceiver {
    fn default() -> Self {
        BatchReceiver {
            headers: MultiHeaders::preallocate(BATCH, None),
            buffers: vec![[0; MAX_DATAGRAM]; BATCH],
            received: Vec::with_capacity(BATCH),
        }
    }
}

impl BatchReceiver {
    /// Receives up to [`BATCH`] datagrams with one `recvmmsg`. With `wait` it blocks until at
    /// least one arrives (on a blocking socket); without, it returns `WouldBlock` when none is
    /// there. Returns how many arrived; [`BatchReceiver::datagrams`] yields them.
    pub fn recv(&mut self, socket: &impl AsRawFd, wait: bool) -> io::Result<usize> {
        let flags = if wait {
            MsgFlags::MSG_WAITFORONE
        } else {
            MsgFlags::MSG_DONTWAIT
        };
        self.received.clear();
        let mut slices: Vec<[IoSliceMut<'_>; 1]> = self
            .buffers
            .iter_mut()
            .map(|b| [IoSliceMut::new(b)])
            .collect();
        let results = recvmmsg(
            socket.as_raw_fd(),
            &mut self.headers,
            slices.iter_mut(),
            flags,
            None,
        )?;
        for (i, message) in results.enumerate() {
            if let Some(source) = message.address.as_ref().and_then(std_addr) {
                self.received.push((i, source, message.bytes));
            }
        }
        Ok(self.received.len())
    }

    /// The datagrams of the last [`BatchReceiver::recv`], in arrival order.
    pub fn datagrams(&self) -> impl Iterator<Item = (SocketAddr, &[u8])> {
        self.received
            .iter()
            .map(|&(i, source, len)| (source, &self.buffers[i][..len.min(MAX_DATAGRAM)]))
    }
}

/// Headers for sending a batch, reused for every call.
pub struct BatchSender {
    headers: MultiHeaders<SockaddrStorage>,
    addresses: Vec<Option<SockaddrStorage>>,
}

impl Default for BatchSender {
    fn default() -> Self {
        BatchSender {
            headers: MultiHeaders::preallocate(BATCH, None),
            addresses: Vec::with_capacity(BATCH),
        }
    }
}

impl BatchSender {
    /// Sends the first [`BATCH`] of `datagrams` with one `sendmmsg` and returns how many the
    /// kernel took. With `wait` it blocks while the socket's buffer is full (on a blocking
    /// socket); without, it may take fewer, or none with `WouldBlock`. An error is about the
    /// first datagram not taken: the caller skips it and goes on.
    pub fn send<'d>(
        &mut self,
        socket: &impl AsRawFd,
        datagrams: impl Iterator<Item = (SocketAddr, &'d [u8])>,
        wait: bool,
    ) -> io::Result<usize> {
        self.addresses.clear();
        let mut slices: Vec<[IoSlice<'d>; 1]> = Vec::with_capacity(BATCH);
        for (destination, bytes) in datagrams.take(BATCH) {
            self.addresses
                .push(Some(SockaddrStorage::from(destination)));
            slices.push([IoSlice::new(bytes)]);
        }
        if slices.is_empty() {
            return Ok(0);
        }
        let sent = sendmmsg(
            socket.as_raw_fd(),
            &mut self.headers,
            slices.iter(),
            &self.addresses,
            [],
            if wait {
                MsgFlags::empty()
            } else {
                MsgFlags::MSG_DONTWAIT
            },
        )?;
        Ok(sent.count())
    }
}

fn std_addr(a: &SockaddrStorage) -> Option<SocketAddr> {
    if let Some(v4) = a.as_sockaddr_in() {
        return Some(SocketAddrV4::from(*v4).into());
    }
    a.as_sockaddr_in6().map(|v6| SocketAddrV6::from(*v6).into())
}

#[cfg(test)]
mod tests {
    use super::{BATCH, BatchReceiver, BatchSender};
    use std::net::UdpSocket;

    #[test]
    fn a_batch_goes_out_with_one_call_and_comes_in_whole_and_in_order() {
        let a = UdpSocket::bind("127.0.0.1:0").expect("bind a");
        let b = UdpSocket::bind("127.0.0.1:0").expect("bind b");
        let to = b.local_addr().expect("b's address");
        let payloads: Vec<Vec<u8>> = (0..40u8).map(|i| vec![i; 100 + usize::from(i)]).collect();
        let mut sender = BatchSender::default();
        let sent = sender
            .send(&a, payloads.iter().map(|p| (to, p.as_slice())), false)
            .expect("send");
        assert_eq!(sent, BATCH, "one call sends at most a batch");
        let rest = sender
            .send(
                &a,
                payloads[sent..].iter().map(|p| (to, p.as_slice())),
                false,
            )
            .expect("send the rest");
        assert_eq!(sent + rest, payloads.len());

        let mut receiver = BatchReceiver::default();
        let mut got = Vec::new();
        while got.len() < payloads.len() {
            receiver.recv(&b, true).expect("receive");
            got.extend(receiver.datagrams().map(|(from, d)| {
                assert_eq!(from, a.local_addr().expect("a's address"));
                d.to_vec()
            }));
        }
        assert_eq!(got, payloads);
    }
}
