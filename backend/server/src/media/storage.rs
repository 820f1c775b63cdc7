//! Media blobs through `object_store`: a local directory (default: `media` in the data dir) or
//! an S3-compatible bucket, so replicas can share media.

use object_store::path::Path as StorePath;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where media lives, parsed from `WINMESSAGES_MEDIA_STORE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MediaStoreTarget {
    Local(PathBuf),
    S3 { bucket: String, prefix: String },
}

impl MediaStoreTarget {
    /// `None` → `media` in the data dir; `s3://bucket[/prefix]`; `file:///dir` or a plain path.
    pub fn from_setting(raw: Option<&str>, data_dir: &Path) -> Result<Self, String> {
        let Some(raw) = raw else {
            return Ok(Self::Local(data_dir.join("media")));
        };
        if let Some(rest) = raw.strip_prefix("s3://") {
            let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
            if bucket.is_empty() {
                return Err(format!(
                    "`{raw}` names no bucket (use s3://bucket[/prefix])"
                ));
            }
            return Ok(Self::S3 {
                bucket: bucket.to_owned(),
                prefix: prefix.trim_matches('/').to_owned(),
            });
        }
        if let Some(path) = raw.strip_prefix("file://") {
            return Ok(Self::Local(PathBuf::from(path)));
        }
        if raw.contains("://") {
            return Err(format!(
                "`{raw}`: unsupported scheme (use a directory, file:///dir or s3://bucket[/prefix])"
            ));
        }
        Ok(Self::Local(PathBuf::from(raw)))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("media storage: {0}")]
    Store(#[from] object_store::Error),
    #[error("media storage key is invalid: {0}")]
    Key(#[from] object_store::path::Error),
}

/// The media blob store; cheap to clone.
#[derive(Clone)]
pub struct MediaStorage {
    store: Arc<dyn ObjectStore>,
    prefix: String,
}

impl std::fmt::Debug for MediaStorage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "MediaStorage({})", self.store)
    }
}

impl MediaStorage {
    pub fn open(target: &MediaStoreTarget) -> Result<Self, String> {
        match target {
            MediaStoreTarget::Local(dir) => {
                std::fs::create_dir_all(dir).map_err(|e| {
                    format!(
                        "WINMESSAGES_MEDIA_STORE: cannot create {}: {e}",
                        dir.display()
                    )
                })?;
                let store = object_store::local::LocalFileSystem::new_with_prefix(dir)
                    .map_err(|e| format!("WINMESSAGES_MEDIA_STORE: {e}"))?;
                Ok(Self {
                    store: Arc::new(store),
                    prefix: String::new(),
                })
            }
            MediaStoreTarget::S3 { bucket, prefix } => {
                let store = object_store::aws::AmazonS3Builder::from_env()
                    .with_bucket_name(bucket)
                    .build()
                    .map_err(|e| format!("WINMESSAGES_MEDIA_STORE: {e}"))?;
                Ok(Self {
                    store: Arc::new(store),
                    prefix: prefix.clone(),
                })
            }
        }
    }

    fn path(&self, key: &str) -> Result<StorePath, StorageError> {
        let full = if self.prefix.is_empty() {
            key.to_owned()
        } else {
            format!("{}/{key}", self.prefix)
        };
        Ok(StorePath::parse(full)?)
    }

    pub async fn put(&self, key: &str, bytes: Vec<u8>) -> Result<(), StorageError> {
        let path = self.path(key)?;
        self.store.put(&path, PutPayload::from(bytes)).await?;
        Ok(())
    }

    /// Deletes a blob; one that is already gone counts as deleted.
    pub async fn delete(&self, key: &str) -> Result<(), StorageError> {
        let path = self.path(key)?;
        match self.store.delete(&path).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    pub async fn get(&self, key: &str) -> Result<Vec<u8>, StorageError> {
        let path = self.path(key)?;
        let result = self.store.get(&path).await?;
        Ok(result.bytes().await?.to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_targets() {
        let d = Path::new("data");
        assert_eq!(
            MediaStoreTarget::from_setting(None, d).unwrap(),
            MediaStoreTarget::Local(d.join("media"))
        );
        assert_eq!(
            MediaStoreTarget::from_setting(Some("s3://b/x/y/"), d).unwrap(),
            MediaStoreTarget::S3 {
                bucket: "b".into(),
                prefix: "x/y".into()
            }
        );
        assert!(MediaStoreTarget::from_setting(Some("s3:///x"), d).is_err());
        assert!(MediaStoreTarget::from_setting(Some("gs://b"), d).is_err());
        assert_eq!(
            MediaStoreTarget::from_setting(Some("/srv/media"), d).unwrap(),
            MediaStoreTarget::Local(PathBuf::from("/srv/media"))
        );
    }

    #[actix_web::test]
    async fn local_roundtrip() {
        let dir = tempfile::tempdir().unwrap();
        let s = MediaStorage::open(&MediaStoreTarget::Local(dir.path().to_path_buf())).unwrap();
        s.put("org/1/2", b"abc".to_vec()).await.unwrap();
        assert_eq!(s.get("org/1/2").await.unwrap(), b"abc");
    }
}
