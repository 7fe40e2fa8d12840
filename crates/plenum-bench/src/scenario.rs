//! Benchmark scenarios, read from TOML files (see `scenarios/`).

use plenum_protocol::media::MAX_VIDEO_SLOTS;
use serde::Deserialize;
use std::path::Path;

/// One scenario: rooms of participants, some of whom publish.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Short name for reports.
    pub name: String,
    /// Number of rooms.
    pub rooms: usize,
    /// Participants per room.
    pub participants: usize,
    /// Publishers per room (the first ones to join); the rest only receive.
    pub publishers: usize,
    /// Of the publishers, how many have their microphone on (the first ones); absent: all.
    /// The others publish camera video only, as most people in a plenary do.
    #[serde(default)]
    pub audio_publishers: Option<usize>,
    /// Camera video slots each participant asks for (the tiles it shows at once; at most 25).
    #[serde(default = "default_tiles")]
    pub tiles: u8,
    /// How many of the room's first cameras everyone shows large (the speaker view): they come
    /// first in every subscription and in the publisher's largest layer, the other tiles in
    /// its smallest.
    #[serde(default)]
    pub large: usize,
    /// What the scenario is measured on: `plenum`, `janus`, `null` (all three when absent).
    /// Scenarios that measure Plenum's own choices (layers by bandwidth or by tile) leave out
    /// the targets that make none.
    #[serde(default = "default_targets")]
    pub targets: Vec<String>,
    /// Length of the measurement window, after everyone joined and the warm-up.
    pub duration_s: f64,
    /// Time between the last join and the start of measuring.
    #[serde(default = "default_warmup")]
    pub warmup_s: f64,
    /// Spread all joins evenly over this many seconds (a join storm); 0 joins one after another
    /// as fast as each completes.
    #[serde(default)]
    pub join_within_s: f64,
    /// Subscribers per room that decrypt and depacketize to measure latency; the others count
    /// packets from the clear RTP header only, to keep the generator light.
    #[serde(default = "default_probes")]
    pub probes_per_room: usize,
    /// Video of each publisher; absent for audio-only rooms.
    pub video: Option<Video>,
    /// Audio of each publisher.
    pub audio: Audio,
    /// Optional impairment applied to what every subscriber receives.
    #[serde(default)]
    pub impairment: Impairment,
    /// A bad-network measurement: the last participant of the first room shows the publishers
    /// large while its downlink is impaired for a while.
    pub adaptation: Option<AdaptationPhase>,
}

/// When and how the adapting subscriber's downlink is impaired.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdaptationPhase {
    /// Seconds into the measurement window when the impairment begins.
    pub after_s: f64,
    /// How long it lasts.
    pub for_s: f64,
    /// What it is.
    pub impairment: Impairment,
}

/// Synthetic VP8-like video.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Video {
    /// Bitrate of one layer.
    pub bitrate_kbps: u32,
    /// Frames per second.
    pub fps: u32,
    /// Seconds between keyframes (keyframes are five times a delta frame).
    pub keyframe_interval_s: f64,
    /// Simulcast layers (1 = no simulcast). Layers are sent with rids `h`, `m`, `l` at
    /// full, half and quarter bitrate.
    #[serde(default = "one")]
    pub layers: u32,
}

/// Synthetic Opus-like audio with the RFC 6464 level extension.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Audio {
    /// Bitrate.
    pub bitrate_kbps: u32,
    /// Seconds of speech in each talk cycle.
    #[serde(default = "default_talk_on")]
    pub talk_on_s: f64,
    /// Seconds of silence in each talk cycle.
    #[serde(default = "default_talk_off")]
    pub talk_off_s: f64,
}

/// Userspace impairment on the receive path (this kernel has no netem).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Impairment {
    /// Percentage of datagrams dropped at random.
    #[serde(default)]
    pub loss_pct: f64,
    /// Extra one-way delay.
    #[serde(default)]
    pub delay_ms: u64,
    /// Receive rate limit (0 = none): a bottleneck that queues up to 300 ms and drops the rest.
    #[serde(default)]
    pub rate_kbps: u32,
}

/// The targets a scenario can run on.
pub const TARGETS: [&str; 3] = ["plenum", "janus", "null"];

fn default_tiles() -> u8 {
    MAX_VIDEO_SLOTS
}
fn default_targets() -> Vec<String> {
    TARGETS.iter().map(|t| (*t).to_owned()).collect()
}
fn default_warmup() -> f64 {
    3.0
}
fn default_probes() -> usize {
    1
}
fn one() -> u32 {
    1
}
fn default_talk_on() -> f64 {
    3.0
}
fn default_talk_off() -> f64 {
    7.0
}

/// Why a scenario could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    /// Reading the file failed.
    #[error("reading {0}: {1}")]
    Io(String, std::io::Error),
    /// The TOML is invalid.
    #[error("parsing {0}: {1}")]
    Toml(String, toml::de::Error),
    /// The numbers make no sense.
    #[error("invalid scenario: {0}")]
    Invalid(&'static str),
}

impl Scenario {
    /// Reads and checks a scenario file.
    pub fn load(path: &Path) -> Result<Scenario, ScenarioError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| ScenarioError::Io(name.clone(), e))?;
        Self::parse(&text).map_err(|e| match e {
            ScenarioError::Toml(_, t) => ScenarioError::Toml(name, t),
            other => other,
        })
    }

    /// Parses and checks scenario TOML.
    pub fn parse(text: &str) -> Result<Scenario, ScenarioError> {
        let s: Scenario =
            toml::from_str(text).map_err(|e| ScenarioError::Toml(String::new(), e))?;
        if s.rooms == 0 || s.participants < 2 {
            return Err(ScenarioError::Invalid("need at least one room of two"));
        }
        if s.publishers == 0 || s.publishers > s.participants {
            return Err(ScenarioError::Invalid(
                "publishers must be between 1 and participants",
            ));
        }
        if s.audio_publishers.is_some_and(|a| a > s.publishers) {
            return Err(ScenarioError::Invalid(
                "audio_publishers must be at most publishers",
            ));
        }
        if s.tiles > MAX_VIDEO_SLOTS || s.large > usize::from(s.tiles) {
            return Err(ScenarioError::Invalid(
                "tiles must be at most 25, large at most tiles",
            ));
        }
        if s.targets.is_empty() || s.targets.iter().any(|t| !TARGETS.contains(&t.as_str())) {
            return Err(ScenarioError::Invalid(
                "targets must name plenum, janus or null",
            ));
        }
        if s.duration_s <= 0.0 {
            return Err(ScenarioError::Invalid("duration_s must be positive"));
        }
        if let Some(v) = &s.video
            && (v.fps == 0 || v.bitrate_kbps == 0 || !(1..=3).contains(&v.layers))
        {
            return Err(ScenarioError::Invalid(
                "video needs fps, bitrate and 1 to 3 layers",
            ));
        }
        if let Some(a) = &s.adaptation
            && (a.after_s < 0.0 || a.for_s <= 0.0 || a.after_s + a.for_s >= s.duration_s)
        {
            return Err(ScenarioError::Invalid(
                "the impairment must begin and end within the window",
            ));
        }
        Ok(s)
    }

    /// How many of the publishers have their microphone on.
    pub fn audio_publishers(&self) -> usize {
        self.audio_publishers.unwrap_or(self.publishers)
    }

    /// Everyone in every room.
    pub fn total_participants(&self) -> usize {
        self.rooms * self.participants
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_scenarios_parse() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
        let mut n = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            Scenario::load(&path).unwrap_or_else(|e| panic!("{e}"));
            n += 1;
        }
        assert!(n >= 5);
    }

    #[test]
    fn nonsense_is_refused() {
        let base = "name='x'\nrooms=1\nparticipants=2\nduration_s=1\n[audio]\nbitrate_kbps=32\n";
        assert!(Scenario::parse(&format!("publishers=1\n{base}")).is_ok());
        assert!(Scenario::parse(&format!("publishers=3\n{base}")).is_err());
        assert!(Scenario::parse(&format!("publishers=1\nbogus=1\n{base}")).is_err());
        assert!(Scenario::parse(&format!("publishers=1\naudio_publishers=2\n{base}")).is_err());
        assert!(Scenario::parse(&format!("publishers=1\ntiles=26\n{base}")).is_err());
        assert!(Scenario::parse(&format!("publishers=1\ntiles=2\nlarge=3\n{base}")).is_err());
        assert!(Scenario::parse(&format!("publishers=1\ntargets=[]\n{base}")).is_err());
        assert!(Scenario::parse(&format!("publishers=1\ntargets=['mcu']\n{base}")).is_err());
        let s = Scenario::parse(&format!("publishers=1\ntargets=['plenum']\n{base}")).unwrap();
        assert_eq!(
            (s.audio_publishers(), s.tiles, s.targets),
            (1, 25, vec!["plenum".into()])
        );
    }
}
