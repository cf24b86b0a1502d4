#pragma once
// Row mappers shared by the store's query files: column lists and the value built from
// a row. Each *Cols constant matches its *Row function column for column.
#include "adapters/sqlite/db.hpp"
#include "domain/ticket.hpp"

namespace chamado::sqlite::rows {

inline constexpr const char* kCommentCols =
    "id, ticket_id, author_id, audit_id, body, html_body, is_public, via_channel, created_at";
Comment CommentRow(const Stmt& s);

}  // namespace chamado::sqlite::rows
