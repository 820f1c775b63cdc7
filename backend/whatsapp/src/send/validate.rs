//! Local checks of Meta's documented limits (CLOUD_API.md §6.1), so an
//! inbox user gets an immediate, specific error instead of an async
//! failure or a generic `100 invalid parameter`.

use super::{
    InteractiveHeader, InteractiveMessage, MediaRef, OutgoingContent, OutgoingMessage,
    TemplateMessage,
};
use crate::Error;

fn invalid(msg: impl Into<String>) -> Error {
    Error::InvalidRequest(msg.into())
}

fn max_chars(what: &str, s: &str, max: usize) -> Result<(), Error> {
    let n = s.chars().count();
    if n > max {
        return Err(invalid(format!("{what} has {n} characters, limit {max}")));
    }
    Ok(())
}

fn non_empty(what: &str, s: &str) -> Result<(), Error> {
    if s.trim().is_empty() {
        return Err(invalid(format!("{what} is empty")));
    }
    Ok(())
}

pub(super) fn message(m: &OutgoingMessage) -> Result<(), Error> {
    let has_to = m.to.as_deref().is_some_and(|s| !s.trim().is_empty());
    let has_recipient = m.recipient.as_deref().is_some_and(|s| !s.trim().is_empty());
    if !has_to && !has_recipient {
        return Err(invalid("no recipient: set `to` or `recipient`"));
    }
    if let Some(ctx) = &m.context {
        non_empty("context.message_id", &ctx.message_id)?;
    }
    if let Some(data) = &m.biz_opaque_callback_data {
        max_chars("biz_opaque_callback_data", data, 512)?;
    }
    content(&m.content)
}

fn media(what: &str, m: &MediaRef, caption_allowed: bool) -> Result<(), Error> {
    match (&m.id, &m.link) {
        (Some(id), None) => non_empty(what, id)?,
        (None, Some(link)) => {
            let url = url::Url::parse(link).map_err(|e| invalid(format!("{what} link: {e}")))?;
            if !matches!(url.scheme(), "https" | "http") {
                return Err(invalid(format!("{what} link must be http(s)")));
            }
        }
        _ => return Err(invalid(format!("{what} needs exactly one of id or link"))),
    }
    match &m.caption {
        Some(_) if !caption_allowed => Err(invalid(format!("{what} does not support a caption"))),
        Some(c) => max_chars("caption", c, 1024),
        None => Ok(()),
    }
}

fn content(c: &OutgoingContent) -> Result<(), Error> {
    match c {
        OutgoingContent::Text { text } => {
            non_empty("text body", &text.body)?;
            max_chars("text body", &text.body, 4096)
        }
        OutgoingContent::Image { image } => media("image", image, true),
        OutgoingContent::Video { video } => media("video", video, true),
        OutgoingContent::Document { document } => media("document", document, true),
        OutgoingContent::Audio { audio } => media("audio", audio, false),
        OutgoingContent::Sticker { sticker } => media("sticker", sticker, false),
        OutgoingContent::Location { location } => {
            if !(-90.0..=90.0).contains(&location.latitude)
                || !(-180.0..=180.0).contains(&location.longitude)
            {
                return Err(invalid("location coordinates out of range"));
            }
            Ok(())
        }
        OutgoingContent::Contacts { contacts } => {
            if contacts.is_empty() || contacts.len() > 5 {
                return Err(invalid("contacts message needs 1 to 5 cards"));
            }
            for card in contacts {
                let name = card.name.as_ref().and_then(|n| n.formatted_name.as_deref());
                non_empty("contact formatted_name", name.unwrap_or(""))?;
            }
            Ok(())
        }
        OutgoingContent::Reaction { reaction } => {
            non_empty("reaction message_id", &reaction.message_id)
        }
        OutgoingContent::Interactive { interactive } => self::interactive(interactive),
        OutgoingContent::Template { template } => self::template(template),
    }
}

fn interactive(i: &InteractiveMessage) -> Result<(), Error> {
    let body = i.body.as_ref().map(|b| b.text.as_str());
    if let Some(f) = &i.footer {
        max_chars("footer", &f.text, 60)?;
    }
    if let Some(InteractiveHeader::Text { text }) = &i.header {
        max_chars("header", text, 60)?;
    }
    match i.kind.as_str() {
        "button" => {
            non_empty("body", body.unwrap_or(""))?;
            max_chars("body", body.unwrap_or(""), 1024)?;
            let buttons = &i.action.buttons;
            if buttons.is_empty() || buttons.len() > 3 {
                return Err(invalid("reply buttons: 1 to 3 buttons required"));
            }
            for (n, b) in buttons.iter().enumerate() {
                non_empty("button id", &b.reply.id)?;
                max_chars("button id", &b.reply.id, 256)?;
                non_empty("button title", &b.reply.title)?;
                max_chars("button title", &b.reply.title, 20)?;
                if buttons[..n].iter().any(|o| o.reply.title == b.reply.title) {
                    return Err(invalid("button titles must be unique"));
                }
            }
            Ok(())
        }
        "list" => {
            non_empty("body", body.unwrap_or(""))?;
            max_chars("body", body.unwrap_or(""), 1024)?;
            if !matches!(i.header, None | Some(InteractiveHeader::Text { .. })) {
                return Err(invalid("list header must be text"));
            }
            let label = i.action.button.as_deref().unwrap_or("");
            non_empty("list button", label)?;
            max_chars("list button", label, 20)?;
            let sections = &i.action.sections;
            if sections.is_empty() || sections.len() > 10 {
                return Err(invalid("list: 1 to 10 sections required"));
            }
            let rows: usize = sections.iter().map(|s| s.rows.len()).sum();
            if rows == 0 || rows > 10 {
                return Err(invalid("list: 1 to 10 rows in total required"));
            }
            for s in sections {
                if let Some(t) = &s.title {
                    max_chars("section title", t, 24)?;
                } else if sections.len() > 1 {
                    return Err(invalid("section title required with several sections"));
                }
                for r in &s.rows {
                    non_empty("row id", &r.id)?;
                    max_chars("row id", &r.id, 200)?;
                    non_empty("row title", &r.title)?;
                    max_chars("row title", &r.title, 24)?;
                    if let Some(d) = &r.description {
                        max_chars("row description", d, 72)?;
                    }
                }
            }
            Ok(())
        }
        "cta_url" => {
            non_empty("body", body.unwrap_or(""))?;
            max_chars("body", body.unwrap_or(""), 1024)?;
            let p = i
                .action
                .parameters
                .as_ref()
                .ok_or_else(|| invalid("cta_url needs action.parameters"))?;
            non_empty("display_text", &p.display_text)?;
            max_chars("display_text", &p.display_text, 20)?;
            url::Url::parse(&p.url).map_err(|e| invalid(format!("cta url: {e}")))?;
            Ok(())
        }
        // Other interactive types are passed through for Meta to judge.
        _ => Ok(()),
    }
}

fn template(t: &TemplateMessage) -> Result<(), Error> {
    non_empty("template name", &t.name)?;
    non_empty("template language", &t.language.code)?;
    for c in &t.components {
        if c.kind == "button" && c.index.is_none() {
            return Err(invalid("template button component needs an index"));
        }
    }
    Ok(())
}
