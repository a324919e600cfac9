//! What `/proc` (Linux) says of the processes a test started: their children, their end.

use super::{HANG_GUARD, wait_until};

/// The children of process `pid`, from `/proc` (Linux).
pub fn children_of(pid: u32) -> Vec<u32> {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return Vec::new();
    };
    tasks
        .flatten()
        .filter_map(|task| std::fs::read_to_string(task.path().join("children")).ok())
        .flat_map(|children| {
            children
                .split_whitespace()
                .filter_map(|pid| pid.parse().ok())
                .collect::<Vec<u32>>()
        })
        .collect()
}

/// Whether process `pid` has ended: gone from `/proc`, or a zombie waiting to be reaped
/// (an orphan's new parent may be slow to reap it; it runs no more code).
pub fn has_ended(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).map_or(true, |stat| {
        // The state follows the command name in parentheses.
        stat.rsplit_once(')')
            .is_some_and(|(_, rest)| rest.trim_start().starts_with(['Z', 'X']))
    })
}

/// Waits until process `pid` has ended ([`has_ended`]); fails the test past [`HANG_GUARD`].
pub fn assert_ends(pid: u32) {
    wait_until(&format!("process {pid} to end"), HANG_GUARD, || {
        has_ended(pid)
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::process::{Running, run};

    #[test]
    fn a_child_is_seen_then_seen_to_end() {
        // The child's output goes elsewhere: it outlives the parent here.
        let parent = Running::spawn("sh", &["-c", "sleep 30 >/dev/null 2>&1 & wait"]);
        let mut children = Vec::new();
        wait_until("the child", HANG_GUARD, || {
            children = children_of(parent.pid());
            !children.is_empty()
        });
        assert!(!has_ended(children[0]));
        parent.signal("KILL");
        let _ = parent.wait(HANG_GUARD);
        // The orphaned `sleep` lives on: end it too, and see it end.
        let sleeper = children[0].to_string();
        let _ = run("kill", &["-KILL", &sleeper]);
        assert_ends(children[0]);
    }
}
