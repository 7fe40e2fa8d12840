//! The checks that polls and votes share for what a moderator defines (and a controller stores
//! prepared): texts (control characters removed, trimmed, bounded), a list of options (how many,
//! each a text, no two alike ignoring case) and a duration, each refused with the field it is
//! about ([`InvalidDefinition`]). Not here: the rules of one kind (`polls.rs`, `votes.rs`).

use std::ops::RangeInclusive;

/// Why a definition was refused: the field and what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct InvalidDefinition {
    /// The field (`topic`, `answers`, `options`, `voters`, `seconds`, …).
    pub field: &'static str,
    /// What is wrong, in a sentence.
    pub message: String,
}

/// A refusal of `field`.
pub(crate) fn invalid(field: &'static str, message: impl Into<String>) -> InvalidDefinition {
    InvalidDefinition {
        field,
        message: message.into(),
    }
}

/// A text as kept: without control characters, trimmed, 1 to `max` characters; `what` names it
/// in the message ("the question").
pub(crate) fn text(
    raw: &str,
    field: &'static str,
    what: &str,
    max: usize,
) -> Result<String, InvalidDefinition> {
    let kept: String = raw.chars().filter(|c| !c.is_control()).collect();
    let kept = kept.trim();
    if kept.is_empty() {
        return Err(invalid(field, format!("{what} must not be empty")));
    }
    if kept.chars().count() > max {
        return Err(invalid(
            field,
            format!("{what} has at most {max} characters"),
        ));
    }
    Ok(kept.to_owned())
}

/// What a list of choices is called in messages: the list (`"a poll"`, `"answers"`) and one of
/// them (`"an answer"`).
pub(crate) struct ChoiceNames {
    pub(crate) field: &'static str,
    pub(crate) owner: &'static str,
    pub(crate) plural: &'static str,
    pub(crate) one: &'static str,
}

/// The choices as kept: `count` of them, each a text of at most `max` characters, no two alike
/// (ignoring case), in their order.
pub(crate) fn choices(
    raw: &[String],
    names: &ChoiceNames,
    count: &RangeInclusive<usize>,
    max: usize,
) -> Result<Vec<String>, InvalidDefinition> {
    if !count.contains(&raw.len()) {
        return Err(invalid(
            names.field,
            format!(
                "{} offers {} to {} {}",
                names.owner,
                count.start(),
                count.end(),
                names.plural
            ),
        ));
    }
    let mut kept: Vec<String> = Vec::with_capacity(raw.len());
    for c in raw {
        let c = text(c, names.field, names.one, max)?;
        if kept.iter().any(|k| k.to_lowercase() == c.to_lowercase()) {
            return Err(invalid(names.field, format!("\"{c}\" is offered twice")));
        }
        kept.push(c);
    }
    Ok(kept)
}

/// A duration in `range` seconds (or none); `owner` names what runs (`"a poll"`).
pub(crate) fn seconds(
    seconds: Option<u32>,
    owner: &str,
    range: &RangeInclusive<u32>,
) -> Result<(), InvalidDefinition> {
    match seconds {
        Some(s) if !range.contains(&s) => Err(invalid(
            "seconds",
            format!(
                "{owner} runs {} seconds to {} hours",
                range.start(),
                range.end() / 3600
            ),
        )),
        _ => Ok(()),
    }
}
