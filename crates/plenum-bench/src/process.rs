//! CPU time and memory of a process, from `/proc`.

use std::path::PathBuf;

/// A process to observe.
#[derive(Clone, Debug)]
pub struct Process {
    stat: PathBuf,
    status: PathBuf,
    ticks_per_second: f64,
}

/// CPU seconds (user + system) and resident memory at one moment.
#[derive(Clone, Copy, Debug, Default)]
pub struct Usage {
    /// User plus system CPU seconds since the process started.
    pub cpu_seconds: f64,
    /// Resident set size in KiB.
    pub rss_kib: u64,
}

impl Process {
    /// The process `pid`, or this process for `None`.
    pub fn new(pid: Option<u32>) -> Process {
        let dir = match pid {
            Some(p) => PathBuf::from(format!("/proc/{p}")),
            None => PathBuf::from("/proc/self"),
        };
        let ticks_per_second = std::process::Command::new("getconf")
            .arg("CLK_TCK")
            .output()
            .ok()
            .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
            .unwrap_or(100.0);
        Process {
            stat: dir.join("stat"),
            status: dir.join("status"),
            ticks_per_second,
        }
    }

    /// Reads the current usage (zeroes if the process is gone).
    pub fn usage(&self) -> Usage {
        let stat = std::fs::read_to_string(&self.stat).unwrap_or_default();
        // Fields after the command name (which may contain spaces) start after the last ')'.
        let fields: Vec<&str> = stat
            .rsplit_once(')')
            .map(|(_, rest)| rest.split_whitespace().collect())
            .unwrap_or_default();
        let ticks = |i: usize| {
            fields
                .get(i)
                .and_then(|f| f.parse::<f64>().ok())
                .unwrap_or(0.0)
        };
        // utime and stime are fields 14 and 15 of stat; index 11 and 12 after the name.
        let cpu_seconds = (ticks(11) + ticks(12)) / self.ticks_per_second;
        let rss_kib = std::fs::read_to_string(&self.status)
            .unwrap_or_default()
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.split_whitespace().next()?.parse().ok())
            .unwrap_or(0);
        Usage {
            cpu_seconds,
            rss_kib,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_its_own_usage() {
        let p = Process::new(None);
        let mut x = 0u64;
        for i in 0..20_000_000u64 {
            x = x.wrapping_mul(31).wrapping_add(i);
        }
        assert!(x != 1);
        let u = p.usage();
        assert!(u.cpu_seconds > 0.0);
        assert!(u.rss_kib > 100);
    }
}
