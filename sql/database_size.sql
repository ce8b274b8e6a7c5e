-- The size of the database this session is connected to.
SELECT pg_catalog.pg_database_size(pg_catalog.current_database()) AS size_bytes;
