//! Limits on rooms and people at once (`[limits]` `rooms_at_once`, `people_at_once` and their
//! `_per_owner` forms), checked when a join ticket is asked for: a provider's contract, a
//! tenant's share of a shared installation. A room that runs already always admits up to its own
//! size (`participants_per_room`); the limits stop new conferences and new people.
//!
//! The counts are the nodes' open connections per room (in a cluster, as of their last
//! announcement, at most two seconds old), so a burst of joins can overshoot by what arrives
//! in that time.

use super::Controller;
use crate::error::ApiError;
use plenum_protocol::RoomId;
use std::collections::{BTreeMap, HashSet};

/// Whether one more person may enter `room` (owned by `owner`, if anyone).
pub(super) async fn check(
    c: &Controller,
    room: &RoomId,
    owner: Option<&str>,
) -> Result<(), ApiError> {
    let limits = &c.settings.limits;
    let per_owner = limits.rooms_at_once_per_owner > 0 || limits.people_at_once_per_owner > 0;
    if limits.rooms_at_once == 0 && limits.people_at_once == 0 && !per_owner {
        return Ok(());
    }
    let running = c.placement.occupancy().await?;
    within(
        &running,
        room,
        limits.rooms_at_once,
        limits.people_at_once,
        "this installation",
    )?;
    if let Some(owner) = owner.filter(|_| per_owner) {
        let owned: HashSet<String> = c.store.rooms_owned_by(owner).await?.into_iter().collect();
        let theirs: BTreeMap<String, u32> = running
            .into_iter()
            .filter(|(room, _)| owned.contains(room))
            .collect();
        within(
            &theirs,
            room,
            limits.rooms_at_once_per_owner,
            limits.people_at_once_per_owner,
            "the organiser's meetings",
        )?;
    }
    Ok(())
}

/// Whether `running` (rooms with their people) leaves space for one more person in `room`.
fn within(
    running: &BTreeMap<String, u32>,
    room: &RoomId,
    rooms_limit: u32,
    people_limit: u32,
    whose: &str,
) -> Result<(), ApiError> {
    let runs = running.contains_key(room.as_str());
    if rooms_limit > 0 && !runs && running.len() >= rooms_limit as usize {
        return Err(ApiError::LimitReached(format!(
            "{whose} can hold {rooms_limit} meetings at once, and that many are running; \
             try again when one has ended"
        )));
    }
    let people: u64 = running.values().map(|n| u64::from(*n)).sum();
    if people_limit > 0 && people >= u64::from(people_limit) {
        return Err(ApiError::LimitReached(format!(
            "{whose} can hold {people_limit} people at once, and that many are connected; \
             try again later"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn running(rooms: &[(&str, u32)]) -> BTreeMap<String, u32> {
        rooms.iter().map(|(r, n)| ((*r).to_owned(), *n)).collect()
    }

    #[test]
    fn new_rooms_and_people_stop_at_the_limits_running_rooms_take_people() {
        let r1 = RoomId::parse("r1").expect("valid id");
        let r3 = RoomId::parse("r3").expect("valid id");
        let two = running(&[("r1", 3), ("r2", 1)]);
        assert!(within(&two, &r1, 2, 0, "x").is_ok(), "r1 runs already");
        assert!(matches!(
            within(&two, &r3, 2, 0, "x"),
            Err(ApiError::LimitReached(_))
        ));
        assert!(within(&two, &r3, 3, 0, "x").is_ok());
        assert!(within(&two, &r1, 0, 5, "x").is_ok());
        assert!(matches!(
            within(&two, &r1, 0, 4, "x"),
            Err(ApiError::LimitReached(_))
        ));
        assert!(within(&two, &r3, 0, 0, "x").is_ok(), "0: no limit");
    }
}
