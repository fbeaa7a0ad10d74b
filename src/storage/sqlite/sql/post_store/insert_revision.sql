INSERT INTO post_revisions (post_id, revision, title, body_md, body_html, lang, lang_source, slug,
                            created_at, attached_tokens)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
