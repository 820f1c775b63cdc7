//! WhatsApp Cloud API protocol.
