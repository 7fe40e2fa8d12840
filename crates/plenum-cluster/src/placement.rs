//! The choice of a node for a new room: the least-used live node that accepts rooms in the
//! zone asked for (not draining, below its capacity, not busy: see [`NodeInfo::accepts`]);
//! ties go to the node with fewer rooms, then to the smaller id, so that every controller makes
//! the same choice from the same view.

use crate::NodeInfo;

/// The node a new room should go to, if any accepts it.
pub fn choose_node<'a>(nodes: &'a [NodeInfo], zone: Option<&str>) -> Option<&'a NodeInfo> {
    nodes.iter().filter(|n| n.accepts(zone)).min_by(|a, b| {
        (a.usage_ppm(), a.load.rooms, &a.id).cmp(&(b.usage_ppm(), b.load.rooms, &b.id))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::NodeLoad;
    use proptest::prelude::*;

    fn node(id: &str, zone: Option<&str>, capacity: u32, participants: u32) -> NodeInfo {
        NodeInfo {
            id: id.into(),
            url: format!("http://{id}"),
            zone: zone.map(str::to_owned),
            capacity,
            draining: false,
            load: NodeLoad {
                rooms: participants / 10,
                participants,
                cpu_percent: 0,
                cores: 1,
            },
            rooms: Default::default(),
        }
    }

    #[test]
    fn least_used_node_of_the_zone_wins() {
        let nodes = [
            node("a", Some("eu"), 100, 50),
            node("b", Some("eu"), 1000, 100),
            node("c", Some("us"), 100, 0),
        ];
        assert_eq!(
            choose_node(&nodes, Some("eu")).map(|n| &n.id[..]),
            Some("b")
        );
        assert_eq!(choose_node(&nodes, None).map(|n| &n.id[..]), Some("c"));
        assert_eq!(choose_node(&nodes, Some("asia")), None);
    }

    #[test]
    fn busy_nodes_take_no_rooms() {
        let mut busy = node("a", None, 100, 0);
        busy.load.cores = 2;
        busy.load.cpu_percent = 170;
        let mut calm = node("b", None, 100, 50);
        calm.load.cores = 2;
        calm.load.cpu_percent = 169;
        let nodes = [busy, calm];
        assert_eq!(choose_node(&nodes, None).map(|n| &n.id[..]), Some("b"));
    }

    #[test]
    fn full_and_draining_nodes_take_no_rooms() {
        let mut draining = node("a", None, 100, 0);
        draining.draining = true;
        let nodes = [draining, node("b", None, 10, 10)];
        assert_eq!(choose_node(&nodes, None), None);
    }

    proptest! {
        #[test]
        fn the_choice_accepts_and_is_minimal(
            loads in proptest::collection::vec((0u32..200, 0u32..300, any::<bool>()), 0..12)
        ) {
            let nodes: Vec<NodeInfo> = loads
                .iter()
                .enumerate()
                .map(|(i, &(capacity, participants, draining))| {
                    let mut n = node(&format!("n{i}"), None, capacity, participants);
                    n.draining = draining;
                    n
                })
                .collect();
            match choose_node(&nodes, None) {
                Some(chosen) => {
                    prop_assert!(chosen.accepts(None));
                    for n in nodes.iter().filter(|n| n.accepts(None)) {
                        prop_assert!(chosen.usage_ppm() <= n.usage_ppm());
                    }
                }
                None => prop_assert!(nodes.iter().all(|n| !n.accepts(None))),
            }
        }
    }
}
