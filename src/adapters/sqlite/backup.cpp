// Online backup and restore of the SQLite help desk (see backup.hpp).
