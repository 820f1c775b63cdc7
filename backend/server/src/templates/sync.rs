//! One account's templates made equal to Meta's list: fetch every page, then upsert by
//! (name, language) and delete what Meta no longer lists, in one transaction.

use super::store::{self, SyncedTemplate, TemplateRow};
use crate::accounts::{self, store::AccountRow};
use crate::app::AppState;
use crate::db::Conn;
use chrono::NaiveDateTime;
use diesel::QueryResult;
use whatsapp_cloud::templates::{Template, TemplateQuery};

/// Why templates could not be fetched.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("{0}")]
    Token(String),
    #[error(transparent)]
    Graph(#[from] whatsapp_cloud::Error),
}

/// Counts of a stored sync.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Outcome {
    pub synced: usize,
    pub added: usize,
    pub removed: usize,
}

/// Every template of the account's WABA, all pages, with the account's token. The calls are
/// filed under the account in the API call log.
pub async fn fetch(state: &AppState, account: &AccountRow) -> Result<Vec<Template>, FetchError> {
    let token = accounts::access_token(state, account).map_err(FetchError::Token)?;
    let query = TemplateQuery {
        limit: Some(100),
        ..TemplateQuery::default()
    };
    let listed = crate::api_calls::scope(
        account.organization_id,
        Some(account.id),
        state.graph.list_templates(&token, &account.waba_id, &query),
    )
    .await?;
    Ok(listed)
}

fn to_synced(t: &Template) -> Option<SyncedTemplate> {
    Some(SyncedTemplate {
        meta_template_id: t.id.clone(),
        name: t.name.clone(),
        language: t.language.clone()?,
        status: t
            .status
            .clone()
            .unwrap_or_else(|| "UNKNOWN".to_owned())
            .to_ascii_uppercase(),
        category: t.category.clone(),
        parameter_format: t.parameter_format.clone(),
        components: serde_json::to_string(&t.components).unwrap_or_else(|_| "[]".to_owned()),
    })
}

/// Stores a fetched list for the account (call inside a transaction).
pub fn store(
    conn: &mut Conn,
    account: &AccountRow,
    listed: &[Template],
    now: NaiveDateTime,
) -> QueryResult<Outcome> {
    let mut keep = Vec::with_capacity(listed.len());
    let mut added = 0;
    for t in listed.iter().filter_map(to_synced) {
        let (id, new) = store::upsert(conn, account.organization_id, account.id, &t, now)?;
        if !keep.contains(&id) {
            keep.push(id);
        }
        added += usize::from(new);
    }
    let removed = store::delete_others(conn, account.id, &keep)?;
    Ok(Outcome {
        synced: keep.len(),
        added,
        removed,
    })
}

/// Every template of the account, all statuses (the sync's answer).
pub fn all(conn: &mut Conn, account: &AccountRow) -> QueryResult<Vec<TemplateRow>> {
    store::list(
        conn,
        crate::ids::OrgId(account.organization_id),
        account.id,
        None,
        None,
        i64::MAX,
    )
}

/// Fetches and stores one account's templates (background refresh).
pub async fn refresh(state: &AppState, account: AccountRow) -> Result<Outcome, String> {
    let listed = fetch(state, &account).await.map_err(|e| e.to_string())?;
    let st = state.clone();
    tokio::task::spawn_blocking(move || {
        let now = st.clock.now_naive();
        let mut conn = st.pool.get().map_err(|e| e.to_string())?;
        crate::db::transaction(&mut conn, |c| store(c, &account, &listed, now))
            .map_err(|e: diesel::result::Error| e.to_string())
    })
    .await
    .map_err(|e| e.to_string())?
}
