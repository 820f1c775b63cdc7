// The diesel schema shared by both backends. Portable column types only (see the
// migrations); `tests/api/schema.rs` checks that both migrated databases match this file.

diesel::table! {
    organizations (id) {
        id -> BigInt,
        name -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    users (id) {
        id -> BigInt,
        organization_id -> Nullable<BigInt>,
        email -> Text,
        name -> Text,
        password_hash -> Text,
        role -> Text,
        disabled_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> BigInt,
        user_id -> BigInt,
        family_id -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    api_keys (id) {
        id -> BigInt,
        organization_id -> BigInt,
        name -> Text,
        prefix -> Text,
        key_hash -> Text,
        scope -> Text,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    audit_log (id) {
        id -> BigInt,
        organization_id -> Nullable<BigInt>,
        actor_user_id -> Nullable<BigInt>,
        actor_api_key_id -> Nullable<BigInt>,
        action -> Text,
        target_type -> Nullable<Text>,
        target_id -> Nullable<Text>,
        details -> Nullable<Text>,
        ip -> Nullable<Text>,
        user_agent -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    accounts (id) {
        id -> BigInt,
        organization_id -> BigInt,
        waba_id -> Text,
        phone_number_id -> Text,
        display_phone_number -> Text,
        verified_name -> Text,
        quality_rating -> Nullable<Text>,
        access_token_ciphertext -> Text,
        name -> Nullable<Text>,
        disabled_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    webhook_events (id) {
        id -> BigInt,
        organization_id -> Nullable<BigInt>,
        account_id -> Nullable<BigInt>,
        payload -> Text,
        status -> Text,
        attempts -> Integer,
        last_error -> Nullable<Text>,
        remote_ip -> Nullable<Text>,
        received_at -> Timestamp,
        next_attempt_at -> Nullable<Timestamp>,
        processed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    contacts (id) {
        id -> BigInt,
        organization_id -> BigInt,
        wa_id -> Nullable<Text>,
        user_id -> Nullable<Text>,
        parent_user_id -> Nullable<Text>,
        username -> Nullable<Text>,
        profile_name -> Nullable<Text>,
        name -> Nullable<Text>,
        phone_number -> Nullable<Text>,
        notes -> Nullable<Text>,
        attributes -> Nullable<Text>,
        restricted_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    conversations (id) {
        id -> BigInt,
        organization_id -> BigInt,
        account_id -> BigInt,
        contact_id -> BigInt,
        status -> Text,
        assignee_id -> Nullable<BigInt>,
        unread_count -> Integer,
        last_message_id -> Nullable<BigInt>,
        last_message_at -> Nullable<Timestamp>,
        last_inbound_at -> Nullable<Timestamp>,
        window_expires_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        read_receipt_message_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    messages (id) {
        id -> BigInt,
        organization_id -> BigInt,
        account_id -> BigInt,
        conversation_id -> BigInt,
        direction -> Text,
        kind -> Text,
        wamid -> Nullable<Text>,
        body -> Nullable<Text>,
        content -> Text,
        context_wamid -> Nullable<Text>,
        reply_to_message_id -> Nullable<BigInt>,
        status -> Text,
        error -> Nullable<Text>,
        sent_by_user_id -> Nullable<BigInt>,
        edited_at -> Nullable<Timestamp>,
        deleted_at -> Nullable<Timestamp>,
        sent_at -> Timestamp,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    message_edits (id) {
        id -> BigInt,
        message_id -> BigInt,
        previous_body -> Nullable<Text>,
        previous_content -> Text,
        edited_at -> Timestamp,
    }
}

diesel::table! {
    message_reactions (id) {
        id -> BigInt,
        message_id -> BigInt,
        reactor -> Text,
        emoji -> Text,
        wamid -> Nullable<Text>,
        reacted_at -> Timestamp,
    }
}

diesel::table! {
    pending_statuses (id) {
        id -> BigInt,
        account_id -> BigInt,
        wamid -> Text,
        status -> Text,
        payload -> Text,
        status_at -> Timestamp,
        created_at -> Timestamp,
    }
}

diesel::table! {
    media (id) {
        id -> BigInt,
        organization_id -> BigInt,
        account_id -> Nullable<BigInt>,
        message_id -> Nullable<BigInt>,
        meta_media_id -> Nullable<Text>,
        mime_type -> Nullable<Text>,
        sha256 -> Nullable<Text>,
        size_bytes -> Nullable<BigInt>,
        filename -> Nullable<Text>,
        storage_key -> Nullable<Text>,
        status -> Text,
        error -> Nullable<Text>,
        attempts -> Integer,
        next_attempt_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    outbox_jobs (id) {
        id -> BigInt,
        organization_id -> BigInt,
        account_id -> BigInt,
        message_id -> BigInt,
        kind -> Text,
        request -> Text,
        media_id -> Nullable<BigInt>,
        state -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        locked_until -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    message_templates (id) {
        id -> BigInt,
        organization_id -> BigInt,
        account_id -> BigInt,
        meta_template_id -> Nullable<Text>,
        name -> Text,
        language -> Text,
        status -> Text,
        category -> Nullable<Text>,
        parameter_format -> Nullable<Text>,
        components -> Text,
        synced_at -> Timestamp,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    idempotency_keys (id) {
        id -> BigInt,
        organization_id -> BigInt,
        idempotency_key -> Text,
        request_hash -> Text,
        message_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    api_calls (id) {
        id -> BigInt,
        organization_id -> Nullable<BigInt>,
        account_id -> Nullable<BigInt>,
        method -> Text,
        path -> Text,
        status -> Nullable<Integer>,
        duration_ms -> BigInt,
        meta_error_code -> Nullable<BigInt>,
        error -> Nullable<Text>,
        request_body -> Nullable<Text>,
        response_body -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    access_logs (id) {
        id -> BigInt,
        organization_id -> Nullable<BigInt>,
        user_id -> Nullable<BigInt>,
        api_key_id -> Nullable<BigInt>,
        method -> Text,
        route -> Nullable<Text>,
        path -> Text,
        status -> Integer,
        client_ip -> Nullable<Text>,
        user_agent -> Nullable<Text>,
        duration_ms -> BigInt,
        request_id -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    access_grants (id) {
        id -> BigInt,
        organization_id -> BigInt,
        kind -> Text,
        reason -> Text,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        revoked_by -> Nullable<BigInt>,
    }
}

diesel::joinable!(users -> organizations (organization_id));
diesel::joinable!(refresh_tokens -> users (user_id));
diesel::joinable!(api_keys -> organizations (organization_id));
diesel::joinable!(accounts -> organizations (organization_id));
diesel::joinable!(contacts -> organizations (organization_id));
diesel::table! {
    inbox_events (id) {
        id -> BigInt,
        organization_id -> BigInt,
        kind -> Text,
        conversation_id -> BigInt,
        message_id -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    retention_policies (organization_id) {
        organization_id -> BigInt,
        messages_days -> Nullable<Integer>,
        media_days -> Nullable<Integer>,
        webhook_payloads_days -> Nullable<Integer>,
        api_calls_days -> Nullable<Integer>,
        access_logs_days -> Nullable<Integer>,
        audit_log_days -> Nullable<Integer>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    blob_deletions (id) {
        id -> BigInt,
        storage_key -> Text,
        attempts -> Integer,
        created_at -> Timestamp,
    }
}

diesel::joinable!(conversations -> accounts (account_id));
diesel::joinable!(conversations -> contacts (contact_id));
diesel::joinable!(conversations -> users (assignee_id));
diesel::joinable!(messages -> conversations (conversation_id));
diesel::joinable!(message_edits -> messages (message_id));
diesel::joinable!(message_reactions -> messages (message_id));
diesel::joinable!(media -> messages (message_id));
diesel::joinable!(outbox_jobs -> accounts (account_id));
diesel::joinable!(message_templates -> accounts (account_id));

diesel::allow_tables_to_appear_in_same_query!(
    organizations,
    users,
    refresh_tokens,
    api_keys,
    audit_log,
    accounts,
    webhook_events,
    contacts,
    conversations,
    messages,
    message_edits,
    message_reactions,
    pending_statuses,
    media,
    outbox_jobs,
    idempotency_keys,
    message_templates,
    api_calls,
    inbox_events,
    retention_policies,
    blob_deletions,
    access_logs,
    access_grants,
);
