//! How one download ended ([`DownloadStatus`]) and the tally of a run ([`Counter`]): the
//! book's `DownloadStatus` enum and its `collections.Counter` of them.

use std::ops::Index;

/// The book's `DownloadStatus` enum: how one code ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DownloadStatus {
    /// The flag was downloaded and saved.
    Ok,
    /// The server answered 404: there is no such flag.
    NotFound,
    /// Anything else: another HTTP status, a timeout, a network or disk failure.
    Error,
}

/// The book's `Counter` of statuses.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counter {
    /// Flags downloaded and saved.
    pub ok: usize,
    /// Codes the server does not know (404).
    pub not_found: usize,
    /// Codes that failed.
    pub error: usize,
}

impl Counter {
    /// Counts one more `status`.
    pub fn add(&mut self, status: DownloadStatus) {
        match status {
            DownloadStatus::Ok => self.ok += 1,
            DownloadStatus::NotFound => self.not_found += 1,
            DownloadStatus::Error => self.error += 1,
        }
    }

    /// How many codes ended, whatever their status.
    pub fn total(&self) -> usize {
        self.ok + self.not_found + self.error
    }
}

/// `counter[DownloadStatus::Ok]`, as with Python's `Counter`.
impl Index<DownloadStatus> for Counter {
    type Output = usize;
    fn index(&self, status: DownloadStatus) -> &usize {
        match status {
            DownloadStatus::Ok => &self.ok,
            DownloadStatus::NotFound => &self.not_found,
            DownloadStatus::Error => &self.error,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counter_counts_and_indexes_like_python() {
        let mut counter = Counter::default();
        for status in [
            DownloadStatus::Ok,
            DownloadStatus::Ok,
            DownloadStatus::Error,
        ] {
            counter.add(status);
        }
        assert_eq!(counter[DownloadStatus::Ok], 2);
        assert_eq!(counter[DownloadStatus::NotFound], 0);
        assert_eq!(counter[DownloadStatus::Error], 1);
        assert_eq!(counter.total(), 3);
    }
}
