// The shared queries, compiled once for SQLite.
#include "adapters/sqlite/tx.hpp"

template class chamado::sql::CommonTx<chamado::sqlite::Db>;
