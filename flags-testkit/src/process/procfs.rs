//! What `/proc` (Linux) says of the processes a test started (their children, their
//! end, the port they listen on) and of a test's own connections.

use std::net::{SocketAddr, TcpStream};

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

/// The rows of a `/proc/.../net/tcp` table, each cut into its cells: `sl`,
/// `local_address`, `rem_address`, `st`, `tx_queue:rx_queue`, ..., `inode` (cell 9).
fn tcp_table(path: &str) -> Vec<Vec<String>> {
    let table = std::fs::read_to_string(path).unwrap_or_default();
    table
        .lines()
        .skip(1)
        .map(|line| line.split_whitespace().map(str::to_string).collect())
        .collect()
}

/// An IPv4 address as `/proc/net/tcp` writes it: `0100007F:1F90` for 127.0.0.1:8080.
fn proc_addr(addr: SocketAddr) -> Option<String> {
    let SocketAddr::V4(addr) = addr else {
        return None;
    };
    let ip = u32::from_le_bytes(addr.ip().octets());
    Some(format!("{ip:08X}:{:04X}", addr.port()))
}

/// How many of the bytes `client` sent the other end of its connection has not read yet
/// (its socket's receive queue in `/proc/net/tcp`); `None` when that socket is not found
/// (an IPv6 or a closed connection). Zero after a send: the server has read the request.
pub fn unread_by_peer(client: &TcpStream) -> Option<usize> {
    let local = proc_addr(client.peer_addr().ok()?)?;
    let remote = proc_addr(client.local_addr().ok()?)?;
    tcp_table("/proc/net/tcp").into_iter().find_map(|row| {
        if row.get(1) != Some(&local) || row.get(2) != Some(&remote) {
            return None;
        }
        let (_, rx_queue) = row.get(4)?.split_once(':')?;
        usize::from_str_radix(rx_queue, 16).ok()
    })
}

/// The ports of the listening IPv4 sockets that process `pid` holds: found from its open
/// files (`/proc/PID/fd`) and its TCP table (`/proc/PID/net/tcp`), without reading
/// anything it printed.
pub fn listening_ports(pid: u32) -> Vec<u16> {
    let Ok(fds) = std::fs::read_dir(format!("/proc/{pid}/fd")) else {
        return Vec::new();
    };
    let inodes: Vec<String> = fds
        .filter_map(|fd| std::fs::read_link(fd.ok()?.path()).ok())
        .filter_map(|link| {
            let link = link.to_string_lossy().into_owned();
            Some(
                link.strip_prefix("socket:[")?
                    .strip_suffix(']')?
                    .to_string(),
            )
        })
        .collect();
    tcp_table(&format!("/proc/{pid}/net/tcp"))
        .into_iter()
        .filter_map(|row| {
            let listening = row.get(3).is_some_and(|state| state == "0A");
            let ours = row.get(9).is_some_and(|inode| inodes.contains(inode));
            let (_, port) = row.get(1)?.split_once(':')?;
            (listening && ours).then(|| u16::from_str_radix(port, 16).ok())?
        })
        .collect()
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

    #[test]
    fn a_request_is_unread_until_the_server_reads_it() {
        use std::io::{Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let mut client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        client.write_all(b"GET / HTTP/1.1\r\n\r\n").unwrap();
        wait_until("the request in the queue", HANG_GUARD, || {
            unread_by_peer(&client) == Some(18)
        });
        let (mut server, _) = listener.accept().unwrap();
        let mut request = [0; 18];
        server.read_exact(&mut request).unwrap();
        assert_eq!(unread_by_peer(&client), Some(0));
    }

    #[test]
    fn a_listening_port_is_found_in_proc() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        assert!(listening_ports(std::process::id()).contains(&port));
    }
}
