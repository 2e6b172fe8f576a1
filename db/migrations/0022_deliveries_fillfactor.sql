-- Room on each page for the updates that change no indexed column (the send stamp, lease renewals):
-- PostgreSQL can then keep them on the same page (HOT) instead of adding an entry to every index.
-- Applies to pages written from now on; a VACUUM FULL or pg_repack would rewrite the old ones.
ALTER TABLE "deliveries" SET (fillfactor = 80);
