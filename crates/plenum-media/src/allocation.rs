//! A subscriber's bandwidth allocation: which simulcast layer each of its video slots carries
//! so that all of them fit into the estimate of its downlink (str0m's TWCC bandwidth
//! estimate). Slots are served in the order of their priority: every slot first gets its
//! smallest layer while that fits (the first one always; any other for which even that does not
//! fit is switched off), then slots that want more climb as far as the rest allows. A slot keeps what it has within
//! the estimate; going up needs a margin, so that an estimate near a layer's bitrate does not
//! make it flap, and is not allowed at all for a while after a fall (the caller says when). Pure
//! arithmetic over the rates passed in; not the switch itself.

/// What a slot wants, as the allocation sees it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Want {
    /// The bitrates (bit/s) of its source's layers, smallest first; empty while unknown.
    pub(crate) bitrates: Vec<u64>,
    /// The largest rank it wants (clamped to the layers there are).
    pub(crate) top: usize,
    /// What it carries now (`None`: switched off).
    pub(crate) current: Option<usize>,
}

impl Want {
    /// Bit/s of what it carries now.
    pub(crate) fn rate_now(&self) -> u64 {
        self.current
            .and_then(|rank| self.bitrates.get(rank))
            .copied()
            .unwrap_or(0)
    }
}

/// The result for all slots, in the order of the wants.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Allocation {
    /// Per slot: the rank to carry, or `None` (off: nothing fits).
    pub(crate) ranks: Vec<Option<usize>>,
    /// Bit/s of what would be sent without a limit.
    pub(crate) wanted: u64,
}

/// Going up needs this much room for the new layer (in percent of its bitrate).
const UP_MARGIN_PERCENT: u64 = 125;

/// Allocates `budget` bit/s (`None`: no estimate yet, so every slot gets what it wants) to the
/// slots in `wants`, highest priority first; with `may_rise` false no slot climbs above the layer
/// it has, and one that is off stays off.
pub(crate) fn allocate(budget: Option<u64>, wants: &[Want], may_rise: bool) -> Allocation {
    let top = |w: &Want| w.top.min(w.bitrates.len().saturating_sub(1));
    let rate = |w: &Want, rank: usize| w.bitrates.get(rank).copied().unwrap_or(0);
    let wanted = wants.iter().map(|w| rate(w, top(w))).sum();
    let Some(budget) = budget else {
        return Allocation {
            ranks: wants.iter().map(|w| Some(top(w))).collect(),
            wanted,
        };
    };
    // What must be left to move a slot now at `current` from `from` bit/s to `rank`: the
    // difference when it stays or goes down; when it goes up, the new layer's rate with the
    // margin, less what it has.
    let cost = |w: &Want, rank: usize, from: u64| {
        if w.current.is_some_and(|c| c >= rank) {
            rate(w, rank).saturating_sub(from)
        } else {
            (rate(w, rank).saturating_mul(UP_MARGIN_PERCENT) / 100).saturating_sub(from)
        }
    };
    let mut left = budget;
    let mut ranks: Vec<Option<usize>> = Vec::with_capacity(wants.len());
    for (i, w) in wants.iter().enumerate() {
        // The first slot (the screen, or the picture shown large) always gets its smallest
        // layer: an estimate that fell below it is more often wrong than a link that slow, and
        // a dark main picture is worse than a late one.
        // One that is off comes back only when slots may climb again.
        let may_start = may_rise || w.current.is_some();
        if i == 0 || (may_start && cost(w, 0, 0) <= left) {
            left = left.saturating_sub(rate(w, 0));
            ranks.push(Some(0));
        } else {
            ranks.push(None);
        }
    }
    for (w, rank) in wants.iter().zip(ranks.iter_mut()) {
        let Some(have) = *rank else {
            continue;
        };
        let mut best = have;
        let ceiling = if may_rise {
            top(w)
        } else {
            w.current.unwrap_or(0).min(top(w))
        };
        for candidate in have + 1..=ceiling {
            if cost(w, candidate, rate(w, have)) <= left {
                best = candidate;
            } else {
                break;
            }
        }
        left -= rate(w, best).saturating_sub(rate(w, have));
        *rank = Some(best);
    }
    Allocation { ranks, wanted }
}

#[cfg(test)]
mod tests {
    use super::{Want, allocate};

    fn want(bitrates: &[u64], top: usize, current: Option<usize>) -> Want {
        Want {
            bitrates: bitrates.to_vec(),
            top,
            current,
        }
    }

    #[test]
    fn without_an_estimate_everyone_gets_what_they_want() {
        let a = allocate(
            None,
            &[
                want(&[100, 500], usize::MAX, None),
                want(&[100, 500], 0, None),
            ],
            true,
        );
        assert_eq!(a.ranks, vec![Some(1), Some(0)]);
        assert_eq!(a.wanted, 600);
    }

    #[test]
    fn the_large_picture_comes_down_a_layer_before_tiles_go_dark() {
        let wants = [
            want(&[150, 400, 1200], usize::MAX, Some(2)),
            want(&[150, 400], 0, Some(0)),
            want(&[150, 400], 0, Some(0)),
        ];
        let plenty = allocate(Some(2_000), &wants, true);
        assert_eq!(plenty.ranks, vec![Some(2), Some(0), Some(0)]);
        let some = allocate(Some(900), &wants, true);
        assert_eq!(some.ranks, vec![Some(1), Some(0), Some(0)]);
        let little = allocate(Some(320), &wants, true);
        assert_eq!(little.ranks, vec![Some(0), Some(0), None]);
        let nothing = allocate(Some(100), &wants, true);
        assert_eq!(
            nothing.ranks,
            vec![Some(0), None, None],
            "the first always has a picture"
        );
    }

    #[test]
    fn going_up_needs_a_margin_staying_does_not() {
        let stays = allocate(
            Some(1_000),
            &[want(&[100, 1_000], usize::MAX, Some(1))],
            true,
        );
        assert_eq!(stays.ranks, vec![Some(1)]);
        let waits = allocate(
            Some(1_200),
            &[want(&[100, 1_000], usize::MAX, Some(0))],
            true,
        );
        assert_eq!(waits.ranks, vec![Some(0)]);
        let climbs = allocate(
            Some(1_250),
            &[want(&[100, 1_000], usize::MAX, Some(0))],
            true,
        );
        assert_eq!(climbs.ranks, vec![Some(1)]);
    }

    #[test]
    fn after_a_fall_no_slot_climbs_or_comes_back_on() {
        let wants = [
            want(&[100, 1_000], usize::MAX, Some(0)),
            want(&[100, 1_000], 0, None),
            want(&[100, 1_000], 0, Some(0)),
        ];
        let held = allocate(Some(5_000), &wants, false);
        assert_eq!(held.ranks, vec![Some(0), None, Some(0)]);
        let falls = allocate(Some(50), &wants, false);
        assert_eq!(falls.ranks, vec![Some(0), None, None]);
        let free = allocate(Some(5_000), &wants, true);
        assert_eq!(free.ranks, vec![Some(1), Some(0), Some(0)]);
    }

    #[test]
    fn unknown_rates_cost_nothing() {
        let a = allocate(Some(0), &[want(&[], usize::MAX, None)], true);
        assert_eq!(a.ranks, vec![Some(0)]);
    }
}
