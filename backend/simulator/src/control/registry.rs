//! Registering phone numbers, templates and customers.

use actix_web::HttpResponse;
use actix_web::web::{Data, Json};

use crate::engine::Engine;
use crate::errors::SimError;
use crate::model::{Customer, NewTemplate, PhoneNumber};

/// `POST /_sim/phone-numbers`.
pub(crate) async fn add_phone(
    engine: Data<Engine>,
    body: Json<PhoneNumber>,
) -> Result<HttpResponse, SimError> {
    let phone = engine.add_phone_number(body.into_inner())?;
    Ok(HttpResponse::Created().json(phone))
}

/// `GET /_sim/phone-numbers`.
pub(crate) async fn list_phones(engine: Data<Engine>) -> HttpResponse {
    let phones: Vec<PhoneNumber> = engine.state.with(|i| i.phones.values().cloned().collect());
    HttpResponse::Ok().json(phones)
}

/// `POST /_sim/templates`.
pub(crate) async fn add_template(
    engine: Data<Engine>,
    body: Json<NewTemplate>,
) -> Result<HttpResponse, SimError> {
    let template = engine.add_template(body.into_inner())?;
    Ok(HttpResponse::Created().json(template))
}

/// `GET /_sim/templates`.
pub(crate) async fn list_templates(engine: Data<Engine>) -> HttpResponse {
    let all = engine.state.with(|i| i.templates.clone());
    HttpResponse::Ok().json(all)
}

/// `POST /_sim/customers`.
pub(crate) async fn add_customer(
    engine: Data<Engine>,
    body: Json<Customer>,
) -> Result<HttpResponse, SimError> {
    let customer = engine.add_customer(body.into_inner())?;
    Ok(HttpResponse::Created().json(customer))
}

/// `GET /_sim/customers`.
pub(crate) async fn list_customers(engine: Data<Engine>) -> HttpResponse {
    let all: Vec<Customer> = engine
        .state
        .with(|i| i.customers.values().cloned().collect());
    HttpResponse::Ok().json(all)
}
