"""A content folder into the index: chunks, payloads, and builds that are incremental or made aside."""
