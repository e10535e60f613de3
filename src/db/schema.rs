//! The one schema both backends share. Written by hand to keep to the column
//! types every backend supports (text, integers, booleans, timestamps).

diesel::table! {
    write_lock (id) {
        id -> Integer,
        generation -> BigInt,
    }
}

diesel::table! {
    regions (code) {
        code -> Text,
        level -> Text,
        parent_code -> Nullable<Text>,
        province_code -> Text,
        name -> Text,
        name_search -> Text,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        email -> Text,
        display_name -> Text,
        password_hash -> Text,
        is_active -> Bool,
        province_code -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> Integer,
        session_generation -> Integer,
        language -> Nullable<Text>,
    }
}

diesel::table! {
    account_links (token_hash) {
        token_hash -> Text,
        user_id -> Text,
        purpose -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    user_roles (user_id, role) {
        user_id -> Text,
        role -> Text,
    }
}

diesel::table! {
    admin_provinces (user_id, province_code) {
        user_id -> Text,
        province_code -> Text,
    }
}

diesel::table! {
    organisations (id) {
        id -> Text,
        kind -> Text,
        name -> Text,
        name_search -> Text,
        region_code -> Text,
        province_code -> Text,
        employer_number -> Nullable<Text>,
        size_class -> Nullable<Text>,
        sector -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> Integer,
    }
}

diesel::table! {
    organisation_members (organisation_id, user_id) {
        organisation_id -> Text,
        user_id -> Text,
    }
}

diesel::table! {
    login_throttle (key) {
        key -> Text,
        attempts -> Integer,
        window_start -> Timestamp,
        strikes -> Integer,
        locked_until -> Nullable<Timestamp>,
    }
}

diesel::table! {
    revoked_tokens (jti) {
        jti -> Text,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    audit_log (id) {
        id -> BigInt,
        occurred_at -> Timestamp,
        actor_id -> Nullable<Text>,
        actor_email -> Nullable<Text>,
        action -> Text,
        object_type -> Text,
        object_id -> Text,
        province_code -> Nullable<Text>,
        before_json -> Nullable<Text>,
        after_json -> Nullable<Text>,
        request_id -> Nullable<Text>,
    }
}

diesel::table! {
    editions (id) {
        id -> Text,
        name -> Text,
        year -> Integer,
        tier -> Text,
        province_code -> Nullable<Text>,
        zones_json -> Text,
        time_zone -> Text,
        period_start -> Date,
        period_end -> Date,
        submissions_open_at -> Nullable<Timestamp>,
        submissions_close_at -> Nullable<Timestamp>,
        judging_start_at -> Nullable<Timestamp>,
        results_at -> Nullable<Timestamp>,
        phase -> Text,
        advances_to_edition_id -> Nullable<Text>,
        advance_count -> Nullable<Integer>,
        copied_from_edition_id -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> Integer,
    }
}

diesel::table! {
    edition_phase_changes (id) {
        id -> BigInt,
        edition_id -> Text,
        from_phase -> Text,
        to_phase -> Text,
        changed_at -> Timestamp,
        actor_id -> Nullable<Text>,
        reason -> Nullable<Text>,
        forced -> Bool,
    }
}

diesel::table! {
    categories (id) {
        id -> Text,
        edition_id -> Text,
        name_id -> Text,
        name_en -> Text,
        description_id -> Text,
        description_en -> Text,
        eligibility_json -> Text,
        winners_count -> Integer,
        blind -> Bool,
        tie_break_json -> Text,
        aggregation -> Text,
        disagreement_threshold -> Text,
        form_json -> Text,
        template_key -> Nullable<Text>,
        position -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> Integer,
        entrants_see_breakdown -> Bool,
    }
}

diesel::table! {
    rubric_versions (category_id, version) {
        category_id -> Text,
        version -> Integer,
        definition_json -> Text,
        frozen -> Bool,
        reason -> Nullable<Text>,
        created_at -> Timestamp,
        created_by -> Nullable<Text>,
    }
}

diesel::table! {
    entries (id) {
        id -> Text,
        edition_id -> Text,
        category_id -> Text,
        organisation_id -> Text,
        region_code -> Text,
        province_code -> Text,
        status -> Text,
        values_json -> Text,
        source -> Text,
        submitted_at -> Nullable<Timestamp>,
        checked_at -> Nullable<Timestamp>,
        checked_by -> Nullable<Text>,
        check_note -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> Integer,
    }
}

diesel::table! {
    evidence_files (id) {
        id -> Text,
        entry_id -> Text,
        indicator_key -> Nullable<Text>,
        file_name -> Text,
        media_type -> Text,
        size_bytes -> BigInt,
        sha256 -> Text,
        uploaded_by -> Nullable<Text>,
        uploaded_at -> Timestamp,
    }
}

diesel::table! {
    edition_judges (id) {
        id -> Text,
        edition_id -> Text,
        user_id -> Text,
        home_region_code -> Nullable<Text>,
        organisation_id -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    panel_members (category_id, stage_key, judge_id) {
        category_id -> Text,
        stage_key -> Text,
        judge_id -> Text,
    }
}

diesel::table! {
    conflict_records (id) {
        id -> Text,
        judge_id -> Text,
        entry_id -> Text,
        kind -> Text,
        dismissed -> Bool,
        reason -> Text,
        recorded_by -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    shortlist (category_id, stage_key, entry_id) {
        category_id -> Text,
        stage_key -> Text,
        entry_id -> Text,
        reason -> Text,
        added_by -> Text,
        added_at -> Timestamp,
    }
}

diesel::table! {
    assignments (id) {
        id -> Text,
        category_id -> Text,
        stage_key -> Text,
        entry_id -> Text,
        judge_id -> Text,
        status -> Text,
        created_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    scoresheets (assignment_id) {
        assignment_id -> Text,
        status -> Text,
        scores_json -> Text,
        submitted_at -> Nullable<Timestamp>,
        reopened_reason -> Nullable<Text>,
        updated_at -> Timestamp,
        version -> Integer,
    }
}

diesel::table! {
    publications (id) {
        id -> Text,
        edition_id -> Text,
        version -> Integer,
        snapshot_json -> Text,
        digest -> Text,
        published_by -> Text,
        published_at -> Timestamp,
        withdrawn_at -> Nullable<Timestamp>,
        withdrawn_by -> Nullable<Text>,
        withdrawn_reason -> Nullable<Text>,
    }
}

diesel::table! {
    advancements (publication_id, entry_id) {
        publication_id -> Text,
        target_edition_id -> Text,
        category_id -> Text,
        entry_id -> Text,
        organisation_id -> Text,
        ranking -> Integer,
        target_category_id -> Nullable<Text>,
    }
}

diesel::table! {
    outbox_emails (id) {
        id -> Text,
        kind -> Text,
        edition_id -> Nullable<Text>,
        province_code -> Nullable<Text>,
        recipient -> Text,
        subject -> Text,
        body_text -> Text,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        claim_token -> Nullable<Text>,
        claimed_until -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(edition_judges -> users (user_id));
diesel::joinable!(account_links -> users (user_id));
diesel::joinable!(advancements -> publications (publication_id));
diesel::joinable!(assignments -> edition_judges (judge_id));
diesel::joinable!(scoresheets -> assignments (assignment_id));
diesel::joinable!(entries -> organisations (organisation_id));
diesel::joinable!(entries -> categories (category_id));
diesel::joinable!(evidence_files -> entries (entry_id));
diesel::joinable!(categories -> editions (edition_id));
diesel::joinable!(rubric_versions -> categories (category_id));
diesel::joinable!(user_roles -> users (user_id));
diesel::joinable!(admin_provinces -> users (user_id));
diesel::joinable!(organisation_members -> users (user_id));
diesel::joinable!(organisation_members -> organisations (organisation_id));

diesel::allow_tables_to_appear_in_same_query!(
    regions,
    users,
    user_roles,
    admin_provinces,
    organisations,
    organisation_members,
    audit_log,
    editions,
    edition_phase_changes,
    categories,
    rubric_versions,
    entries,
    evidence_files,
    edition_judges,
    panel_members,
    conflict_records,
    shortlist,
    assignments,
    scoresheets,
    publications,
    advancements,
    revoked_tokens,
    outbox_emails,
    account_links,
);
