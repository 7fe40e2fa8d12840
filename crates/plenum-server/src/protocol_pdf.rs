//! A vote protocol as a human-readable PDF report: motion, options, eligible voters,
//! participation, result, named ballots (roll-call votes) or ballots by receipt (secret votes),
//! problems and comings and goings, the chain's head and the signature's fingerprint. Plain
//! A4 pages in the PDF standard font Helvetica (no embedded fonts, so the file is small and the
//! dependency light); characters outside Windows-1252 print as `?`, the JSON stays the record.
//!
//! Not here: checking the protocol (`vote_verify.rs`); the PDF is a rendering of a protocol
//! that was checked before.

use plenum_core::vote_chain::{Recount, sha256_hex};
use plenum_protocol::votes::{Problem, ProtocolEvent, VoteKind, VoteProtocol, VoteState};
use std::collections::BTreeSet;

const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
const MARGIN: f32 = 56.0;

/// Regular or bold.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Face {
    Regular,
    Bold,
}

/// One line of the report.
struct Line {
    face: Face,
    size: f32,
    text: String,
    /// Space before it, in points.
    gap: f32,
}

/// The report's lines, wrapped to the page width.
#[derive(Default)]
struct Lines(Vec<Line>);

impl Lines {
    fn push(&mut self, face: Face, size: f32, gap: f32, text: &str) {
        // Helvetica averages about half an em per character; wrap a little early.
        let max = ((PAGE_W - 2.0 * MARGIN) / (size * 0.53)) as usize;
        let mut first = true;
        for line in wrap(text, max.max(20)) {
            self.0.push(Line {
                face,
                size,
                text: line,
                gap: if first { gap } else { 0.0 },
            });
            first = false;
        }
    }

    fn title(&mut self, text: &str) {
        self.push(Face::Bold, 18.0, 0.0, text);
    }

    fn heading(&mut self, text: &str) {
        self.push(Face::Bold, 12.0, 12.0, text);
    }

    fn text(&mut self, text: &str) {
        self.push(Face::Regular, 10.0, 2.0, text);
    }
}

/// Splits `text` into lines of at most `max` characters at spaces (hard breaks inside longer
/// words).
fn wrap(text: &str, max: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in text.split(' ') {
        let mut word: Vec<char> = word.chars().collect();
        while word.len() > max {
            if !current.is_empty() {
                lines.push(std::mem::take(&mut current));
            }
            lines.push(word.drain(..max).collect());
        }
        let word: String = word.into_iter().collect();
        let len = current.chars().count();
        if len > 0 && len + 1 + word.chars().count() > max {
            lines.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(&word);
    }
    lines.push(current);
    lines
}

/// `text` in Windows-1252 (what `WinAnsiEncoding` means), `?` for what it cannot show.
fn win_ansi(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            ' '..='~' => c as u8,
            '\u{A0}'..='\u{FF}' => c as u32 as u8,
            '€' => 0x80,
            '‚' => 0x82,
            '„' => 0x84,
            '…' => 0x85,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            '•' => 0x95,
            '–' => 0x96,
            '—' => 0x97,
            _ => b'?',
        })
        .collect()
}

/// A wall-clock time in UTC, to the second.
fn time(ms: u64) -> String {
    i64::try_from(ms)
        .ok()
        .and_then(|ms| jiff::Timestamp::from_millisecond(ms).ok())
        .map_or_else(
            || ms.to_string(),
            |t| t.strftime("%Y-%m-%d %H:%M:%S UTC").to_string(),
        )
}

fn problem(p: Problem) -> &'static str {
    match p {
        Problem::Audio => "could not hear",
        Problem::Video => "could not see",
        Problem::Other => "other problem",
    }
}

/// The report's text, line by line.
fn lines(protocol: &VoteProtocol, recount: &Recount, title: Option<&str>) -> Lines {
    let d = &recount.definition;
    let option = |i: u32| {
        d.options
            .get(i as usize)
            .map_or_else(|| format!("option {i}"), Clone::clone)
    };
    let mut l = Lines::default();
    l.title("Vote protocol");
    if let Some(title) = title {
        l.text(&format!("Meeting: {title}"));
    }
    l.text(&format!("Room: {}", protocol.room));
    l.heading("Motion");
    l.text(&d.topic);
    l.text(&format!(
        "{} vote. Options: {}.",
        match d.kind {
            VoteKind::Named => "Named (roll-call)",
            VoteKind::Secret => "Secret",
        },
        d.options.join(", ")
    ));
    let started = protocol.entries.first().map_or(0, |e| e.at);
    let ended = protocol.entries.last().map_or(0, |e| e.at);
    l.text(&format!(
        "Started {}, ended {}.",
        time(started),
        time(ended)
    ));

    l.heading("Result");
    match (&recount.state, &recount.counts) {
        (VoteState::Closed, Some(counts)) => {
            l.text(&format!(
                "{} of {} eligible voters voted; {} did not.",
                recount.voted,
                recount.eligible,
                recount.eligible.saturating_sub(recount.voted)
            ));
            for (i, n) in counts.iter().enumerate() {
                l.text(&format!("{}: {n}", option(u32::try_from(i).unwrap_or(0))));
            }
        }
        _ => l.text("The vote was cancelled; it has no result."),
    }

    let mut eligible = BTreeSet::new();
    let mut voted = BTreeSet::new();
    let mut events = Vec::new();
    let mut ballots = Vec::new();
    for e in &protocol.entries {
        match &e.event {
            ProtocolEvent::Created { by, .. } => {
                events.push(format!("{}  created by {}", time(e.at), by.display_name));
            }
            ProtocolEvent::Started { eligible: list, .. } => {
                eligible.extend(list.iter().map(|v| v.display_name.clone()));
            }
            ProtocolEvent::VoterJoined { voter } => {
                eligible.insert(voter.display_name.clone());
                events.push(format!("{}  {} joined", time(e.at), voter.display_name));
            }
            ProtocolEvent::VoterLeft { voter } => {
                events.push(format!("{}  {} left", time(e.at), voter.display_name));
            }
            ProtocolEvent::Voted { voter } => {
                voted.insert(voter.display_name.clone());
            }
            ProtocolEvent::Ballot {
                voter,
                receipt,
                choice,
            } => match (voter, receipt) {
                (Some(v), _) => {
                    voted.insert(v.display_name.clone());
                    ballots.push(format!("{}: {}", v.display_name, option(*choice)));
                }
                (None, Some(r)) => ballots.push(format!("{r}: {}", option(*choice))),
                (None, None) => {}
            },
            ProtocolEvent::ProblemReported { report } => events.push(format!(
                "{}  {} reported: {}{}",
                time(e.at),
                report.voter.display_name,
                problem(report.problem),
                report
                    .text
                    .as_ref()
                    .map_or_else(String::new, |t| format!(" (\u{201C}{t}\u{201D})"))
            )),
            ProtocolEvent::Closed { by } => events.push(format!(
                "{}  closed {}",
                time(e.at),
                by.as_ref().map_or_else(
                    || "when its time ran out".to_owned(),
                    |b| format!("by {}", b.display_name)
                )
            )),
            ProtocolEvent::Cancelled { by, reason } => events.push(format!(
                "{}  cancelled{}: {reason}",
                time(e.at),
                by.as_ref()
                    .map_or_else(String::new, |b| format!(" by {}", b.display_name))
            )),
            ProtocolEvent::Result { .. } => {}
        }
    }

    l.heading(&format!("Eligible voters ({})", eligible.len()));
    for name in &eligible {
        l.text(&format!(
            "{name}{}",
            if voted.contains(name) { " (voted)" } else { "" }
        ));
    }
    if !ballots.is_empty() {
        l.heading(match d.kind {
            VoteKind::Named => "Ballots",
            VoteKind::Secret => "Ballots by receipt (only each voter knows their receipt)",
        });
        for b in &ballots {
            l.text(b);
        }
    }
    l.heading("Course of the vote");
    for e in &events {
        l.text(e);
    }

    l.heading("Verification");
    l.text(&format!(
        "{} entries; each carries the SHA-256 hash of the one before.",
        protocol.entries.len()
    ));
    l.text(&format!("Chain head: {}", recount.head));
    if let Some(sig) = &protocol.signature {
        l.text(&format!(
            "Signed (Ed25519) with key {}; signature fingerprint {}.",
            sig.kid,
            &sha256_hex(sig.value.as_bytes())[..16]
        ));
    }
    l.text(
        "Check the JSON protocol with: plenum vote verify protocol.json --keys keys.json \
         (keys from GET /api/v1/keys); add --receipt to find one's own ballot.",
    );
    l
}

/// The PDF report of a protocol that verified as `recount`; `title` is the meeting's.
pub fn render(protocol: &VoteProtocol, recount: &Recount, title: Option<&str>) -> Vec<u8> {
    use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str};
    let lines = lines(protocol, recount, title);
    // Paginate: each page's content stream holds the lines that fit.
    let mut pages: Vec<Content> = Vec::new();
    let mut content = Content::new();
    let mut y = PAGE_H - MARGIN;
    for line in lines.0 {
        let step = line.gap + line.size * 1.35;
        if y - step < MARGIN {
            pages.push(std::mem::replace(&mut content, Content::new()));
            y = PAGE_H - MARGIN;
        }
        y -= step;
        let font = match line.face {
            Face::Regular => Name(b"F1"),
            Face::Bold => Name(b"F2"),
        };
        content
            .begin_text()
            .set_font(font, line.size)
            .next_line(MARGIN, y)
            .show(Str(&win_ansi(&line.text)))
            .end_text();
    }
    pages.push(content);

    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let regular = Ref::new(3);
    let bold = Ref::new(4);
    let first_page = 5;
    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(tree);
    let page_refs: Vec<Ref> = (0..pages.len())
        .map(|i| Ref::new(first_page + 2 * i32::try_from(i).unwrap_or(0)))
        .collect();
    pdf.pages(tree)
        .kids(page_refs.iter().copied())
        .count(i32::try_from(pages.len()).unwrap_or(i32::MAX));
    pdf.type1_font(regular)
        .base_font(Name(b"Helvetica"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.type1_font(bold)
        .base_font(Name(b"Helvetica-Bold"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    for (page_ref, content) in page_refs.iter().zip(pages) {
        let content_ref = Ref::new(page_ref.get() + 1);
        let mut page = pdf.page(*page_ref);
        page.media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H));
        page.parent(tree);
        page.contents(content_ref);
        let mut resources = page.resources();
        let mut fonts = resources.fonts();
        fonts.pair(Name(b"F1"), regular);
        fonts.pair(Name(b"F2"), bold);
        fonts.finish();
        resources.finish();
        page.finish();
        pdf.stream(content_ref, &content.finish());
    }
    pdf.finish()
}

#[cfg(test)]
mod tests {
    use super::{win_ansi, wrap};

    #[test]
    fn long_text_wraps_at_spaces_and_splits_long_words() {
        assert_eq!(wrap("aa bb cc", 5), ["aa bb", "cc"]);
        assert_eq!(wrap("abcdefgh", 3), ["abc", "def", "gh"]);
        assert_eq!(wrap("", 3), [""]);
    }

    #[test]
    fn text_is_encoded_for_the_standard_font() {
        assert_eq!(win_ansi("Grüße – 5 €"), b"Gr\xfc\xdfe \x96 5 \x80");
        assert_eq!(win_ansi("会"), b"?");
    }
}
