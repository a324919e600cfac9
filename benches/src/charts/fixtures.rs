//! What the charts' tests read: criterion's files, as criterion writes them.

use std::path::Path;
use std::time::{Duration, SystemTime};

use super::{Estimate, Saved};

/// An `estimates.json` as criterion 0.8 writes it (trimmed to the median and the mean).
pub const ESTIMATES: &str = r#"{"mean":{"confidence_interval":{"confidence_level":0.95,
    "lower_bound":53400000.0,"upper_bound":54100000.0},"point_estimate":53700000.0,
    "standard_error":180000.0},"median":{"confidence_interval":{"confidence_level":0.95,
    "lower_bound":53500000.0,"upper_bound":53900000.0},"point_estimate":53600000.0,
    "standard_error":100000.0},"slope":null}"#;

pub fn saved(strategy: &str, parameter: &str, ms: u64) -> Saved {
    let point = Duration::from_millis(ms);
    Saved {
        strategy: strategy.to_string(),
        parameter: parameter.to_string(),
        estimate: Estimate {
            point,
            lower: point,
            upper: point,
            confidence: 0.95,
        },
        measured: SystemTime::UNIX_EPOCH,
    }
}

/// Writes a criterion-like folder: `group/strategy/parameter/new/{benchmark,estimates}.json`.
pub fn save(dir: &Path, group: &str, strategy: &str, parameter: &str, estimates: &str) {
    let new = dir.join(group).join(strategy).join(parameter).join("new");
    std::fs::create_dir_all(&new).unwrap();
    let benchmark = format!(
        r#"{{"group_id":"{group}","function_id":"{strategy}","value_str":"{parameter}",
        "throughput":{{"Elements":20}},"full_id":"{group}/{strategy}/{parameter}",
        "directory_name":"{group}/{strategy}/{parameter}","title":"{group}/{strategy}/{parameter}"}}"#
    );
    std::fs::write(new.join("benchmark.json"), benchmark).unwrap();
    std::fs::write(new.join("estimates.json"), estimates).unwrap();
}
