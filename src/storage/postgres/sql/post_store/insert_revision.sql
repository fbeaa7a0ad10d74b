INSERT INTO post_revisions (post_id, revision, title, body_md, body_html, lang, lang_source, slug,
                            created_at, attached_tokens)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
