//! Whether an RTP payload begins a key frame, by video codec: what a receive slot waits for
//! before it shows a new source, so that a subscriber's decoder never gets a picture that refers
//! to one it never saw; and, for VP8, the width a key frame announces (to tell simulcast layers
//! apart). Reads only the first bytes of the payload descriptor of the video codecs
//! the node negotiates (RFC 7741 for VP8, RFC 6184 for H.264); the bytes come from the network,
//! so every read is checked and nothing here can panic. Not a depacketizer: it never looks at
//! more than one packet.

use str0m::format::Codec;

/// Whether `payload` (an RTP payload of `codec`) is the first packet of a key frame. Codecs it
/// does not know count as always ready (a switch happens at once).
pub(crate) fn starts_keyframe(codec: Codec, payload: &[u8]) -> bool {
    match codec {
        Codec::Vp8 => vp8(payload),
        Codec::H264 => h264(payload),
        _ => true,
    }
}

/// The picture width a key frame's first packet announces, where the codec puts it there (VP8);
/// `None` for other packets and codecs.
pub(crate) fn keyframe_width(codec: Codec, payload: &[u8]) -> Option<u16> {
    if codec != Codec::Vp8 || !vp8(payload) {
        return None;
    }
    let header = vp8_header_at(payload)?;
    // The key frame header: 3 bytes of frame tag, the start code 9d 01 2a, then 14 bits width.
    let rest = payload.get(header..header + 8)?;
    (rest[3..6] == [0x9d, 0x01, 0x2a]).then(|| u16::from_le_bytes([rest[6], rest[7]]) & 0x3fff)
}

fn bit(byte: u8, mask: u8) -> bool {
    byte & mask != 0
}

/// Where the VP8 payload header starts after the payload descriptor.
fn vp8_header_at(p: &[u8]) -> Option<usize> {
    let first = *p.first()?;
    let mut at = 1;
    if bit(first, 0x80) {
        let ext = *p.get(1)?;
        at = 2;
        if bit(ext, 0x80) {
            // Picture id: 7 bits, or 15 with the M bit.
            at += if p.get(at).is_some_and(|b| bit(*b, 0x80)) {
                2
            } else {
                1
            };
        }
        if bit(ext, 0x40) {
            at += 1; // TL0PICIDX
        }
        if bit(ext, 0x20) || bit(ext, 0x10) {
            at += 1; // TID / KEYIDX
        }
    }
    Some(at)
}

fn vp8(p: &[u8]) -> bool {
    let Some(&first) = p.first() else {
        return false;
    };
    // S: start of a partition; PID: partition index (0: the frame's first).
    if !bit(first, 0x10) || first & 0x07 != 0 {
        return false;
    }
    // The VP8 payload header: P (inter frame) is its lowest bit.
    vp8_header_at(p)
        .and_then(|at| p.get(at))
        .is_some_and(|h| !bit(*h, 0x01))
}

/// Whether an H.264 NAL unit type begins a key frame: an IDR slice or a sequence parameter set.
fn h264_key(nal_type: u8) -> bool {
    matches!(nal_type, 5 | 7)
}

fn h264(p: &[u8]) -> bool {
    let Some(&first) = p.first() else {
        return false;
    };
    match first & 0x1f {
        // STAP-A: 16-bit sizes, each followed by a NAL unit.
        24 => {
            let mut at = 1;
            while let (Some(&hi), Some(&lo)) = (p.get(at), p.get(at + 1)) {
                let size = usize::from(u16::from_be_bytes([hi, lo]));
                match p.get(at + 2) {
                    Some(nal) if h264_key(nal & 0x1f) => return true,
                    Some(_) => at += 2 + size,
                    None => return false,
                }
            }
            false
        }
        // FU-A: the fragment header's S bit and the fragmented unit's type.
        28 => p
            .get(1)
            .is_some_and(|h| bit(*h, 0x80) && h264_key(h & 0x1f)),
        nal_type => h264_key(nal_type),
    }
}

#[cfg(test)]
mod tests {
    use super::{keyframe_width, starts_keyframe};
    use str0m::format::Codec;

    #[test]
    fn vp8_key_and_inter_frames() {
        // S=1, PID=0, then a key frame header (P=0) or an inter frame (P=1).
        assert!(starts_keyframe(Codec::Vp8, &[0x10, 0x10, 0x02, 0x00]));
        assert!(!starts_keyframe(Codec::Vp8, &[0x10, 0x11, 0x02, 0x00]));
        // Not the start of the frame.
        assert!(!starts_keyframe(Codec::Vp8, &[0x00, 0x10]));
        // Extended: a 15-bit picture id and TL0PICIDX before the header.
        assert!(starts_keyframe(
            Codec::Vp8,
            &[0x90, 0xc0, 0x81, 0x23, 0x07, 0x50]
        ));
        assert!(!starts_keyframe(Codec::Vp8, &[0x90, 0xc0, 0x81]));
    }

    #[test]
    fn a_vp8_key_frame_tells_its_width() {
        let key = [
            0x10, 0x50, 0x02, 0x00, 0x9d, 0x01, 0x2a, 0x80, 0x02, 0xe0, 0x01,
        ];
        assert_eq!(keyframe_width(Codec::Vp8, &key), Some(640));
        let mut inter = key;
        inter[1] |= 0x01;
        assert_eq!(keyframe_width(Codec::Vp8, &inter), None);
        assert_eq!(keyframe_width(Codec::Vp8, &key[..8]), None, "cut short");
        assert_eq!(keyframe_width(Codec::H264, &[0x65]), None);
    }

    #[test]
    fn h264_key_and_other_units() {
        assert!(starts_keyframe(Codec::H264, &[0x65]), "IDR");
        assert!(!starts_keyframe(Codec::H264, &[0x41]), "non-IDR slice");
        assert!(
            starts_keyframe(Codec::H264, &[0x18, 0x00, 0x02, 0x67, 0x42]),
            "STAP-A with SPS"
        );
        assert!(
            starts_keyframe(Codec::H264, &[0x7c, 0x85]),
            "FU-A start of IDR"
        );
        assert!(!starts_keyframe(Codec::H264, &[0x7c, 0x05]), "FU-A middle");
    }

    #[test]
    fn empty_payloads_start_nothing() {
        for codec in [Codec::Vp8, Codec::H264] {
            assert!(!starts_keyframe(codec, &[]));
        }
    }
}

#[cfg(test)]
mod fuzz {
    use super::starts_keyframe;
    use proptest::prelude::*;
    use str0m::format::Codec;

    proptest! {
        #[test]
        fn any_bytes_are_answered_without_a_panic(
            codec in prop::sample::select(vec![Codec::Vp8, Codec::H264, Codec::Opus]),
            payload in prop::collection::vec(any::<u8>(), 0..64),
        ) {
            let _ = starts_keyframe(codec, &payload);
            let _ = super::keyframe_width(codec, &payload);
        }
    }
}
