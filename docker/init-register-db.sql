-- The register lives beside Temporal's own databases on the same PostgreSQL server, in a database of its own.
CREATE USER gongkai WITH PASSWORD 'gongkai';
CREATE DATABASE gongkai OWNER gongkai;
