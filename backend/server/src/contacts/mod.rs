//! Contacts: the people who write to an organization. Created by ingestion; read, searched
//! and annotated (name, notes, attributes) by the organization's members.

pub mod dto;
pub mod erase;
pub mod export;
pub mod routes;
pub mod scrub;
pub mod store;
pub mod visibility;

pub use dto::{Contact, ContactPage, ContactSummary, UpdateContact};

/// A contact's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ContactId(pub i64);

/// The contacts part of the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        routes::list_contacts,
        routes::get_contact,
        routes::update_contact,
        routes::erase_contact,
        routes::export_contact,
        routes::restrict_contact,
        routes::unrestrict_contact
    ),
    tags((name = "contacts", description = "People who write to the organization"))
)]
pub struct Api;
