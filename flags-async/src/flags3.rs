//! `flags3_asyncio.py`: two requests per code, one after the other in the same task:
//! `metadata.json` for the country's name, then the flag, saved under that name.
//!
//! Where callbacks would nest one request inside the other, `await` keeps the steps in
//! order in plain sequential code. Each request takes its own permit of the semaphore,
//! so `concur_req` still bounds the requests in flight, not the tasks.
//!
//! Each download's outcome is its own `Result`: nothing carries an error from one
//! download to the next (the book's supervisor never resets its `error` variable, so
//! after the first error every later download counts as an error).

use std::sync::Arc;

use flags_common::{
    Counter, DownloadStatus, FetchError, Job, check_metadata, safe_file_name, save_flag,
};
use reqwest::Client;
use tokio::sync::Semaphore;

use crate::client::{http_get, runtime};

use crate::flags2::supervise;

pub use crate::flags2::{DEFAULT_CONCUR_REQ, MAX_CONCUR_REQ, get_flag};

// ANCHOR: download_one
/// Downloads the metadata of `cc` and returns the country's name: `"Korea, South"`.
///
/// The document is checked as a flag is (status, encoding, length, cap), and must be
/// JSON with the four fields of the book's files and the `iso_cc` asked for.
pub async fn get_country(client: &Client, job: &Job, cc: &str) -> Result<String, FetchError> {
    let (headers, body) = http_get(client, &job.metadata_url(cc), job.timeout).await?;
    let metadata = check_metadata(cc, &headers, &body)?;
    Ok(metadata.country)
}

/// Downloads the country's name, then its flag, and saves the flag as `{name}.gif`.
pub async fn download_one(
    client: &Client,
    job: &Job,
    cc: &str,
    semaphore: &Semaphore,
) -> Result<DownloadStatus, FetchError> {
    // New: two requests in a row, each under its own permit of the semaphore.
    let fetched = async {
        let country = {
            let _permit = semaphore.acquire().await.expect("never closed");
            get_country(client, job, cc).await?
        };
        let image = {
            let _permit = semaphore.acquire().await.expect("never closed");
            get_flag(client, job, cc).await?
        };
        Ok((country, image))
    };
    let (country, image) = match fetched.await {
        Ok(fetched) => fetched,
        Err(FetchError::NotFound { url }) => {
            job.say(cc, &format!("not found: {url}"));
            return Ok(DownloadStatus::NotFound);
        }
        Err(err) => return Err(err),
    };
    // After Ctrl-C the supervisor drops this task; a write already handed to a blocking
    // thread would still finish, uncounted. So start none once stopped.
    if job.stop.is_cancelled() {
        return Err(FetchError::interrupted());
    }
    // New: named after the country, made safe for every file system: "Korea, South"
    // becomes Korea_South.gif, and no name can escape the folder. Two codes whose names
    // clean up alike would overwrite each other: the second is an error instead.
    let filename = format!("{}.gif", safe_file_name(&country, cc));
    job.claim_file_name(cc, &filename)?;
    let dest = job.dest.clone();
    tokio::task::spawn_blocking(move || save_flag(&image, &dest, &filename))
        .await
        .expect("save_flag does not panic")?;
    job.say(cc, "OK");
    Ok(DownloadStatus::Ok)
}
// ANCHOR_END: download_one

/// Spawns a task per code and counts the results as they complete, until the last one
/// or Ctrl-C (`job.stop`), whichever comes first: flags2's supervisor, with this
/// `download_one`.
pub async fn supervisor(job: &Job) -> Counter {
    let download = |client: Client, job: Arc<Job>, cc: String, semaphore: Arc<Semaphore>| async move {
        download_one(&client, &job, &cc, &semaphore).await
    };
    supervise(job, download, Job::count).await
}

/// Runs [`supervisor`] to completion: the book's `asyncio.run(supervisor(...))`.
pub fn download_many(job: &Job) -> Counter {
    runtime().block_on(supervisor(job))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_documents_give_the_country_names() {
        // The server escapes non-ASCII as Python's json.dumps does: "C\u00f4te d'Ivoire".
        let none = reqwest::header::HeaderMap::new();
        for country in &flags_common::COUNTRIES {
            let json = flags_server::metadata_json(country);
            let metadata = check_metadata(country.iso_cc, &none, json.as_bytes()).unwrap();
            assert_eq!(metadata.country, country.country);
        }
        let ci = flags_common::country("CI").unwrap();
        assert_eq!(safe_file_name(ci.country, "CI"), "Côte_dIvoire");
    }
}
