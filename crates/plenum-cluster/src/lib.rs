//! The cluster seam: what controllers and conference nodes share when they run as separate
//! services.
//!
//! - **Node registry**: a node announces itself (URL, zone, capacity, load) with a lease and
//!   renews it; a node whose lease ran out is gone.
//! - **Placement**: a room lives on one node. The first ticket for a room places it on the
//!   least-loaded live node of the right zone; every controller finds the same node again
//!   until that node is gone.
//! - **Claims** (a ticket is used once, across controllers and restarts) and **counters**
//!   (rate limits over a fixed window).
//! - **Events** between controllers and nodes (end a conference wherever it runs).
//!
//! One interface, [`Cluster`], with two backends: in-process (for `plenum serve` and tests)
//! and Redis (for several controllers and nodes). This crate knows nothing about rooms' contents,
//! tickets or HTTP; it is not the database (accounts and records stay in `plenum-store`).

mod cluster;
mod error;
mod event;
mod in_process;
mod node_info;
mod placement;
mod redis_cluster;

pub use cluster::Cluster;
pub use error::ClusterError;
pub use event::ClusterEvent;
pub use node_info::{BUSY_CPU_PERCENT, NodeInfo, NodeLoad};
pub use placement::choose_node;
