package io.reelpipe.upload.uploads;

import io.reelpipe.core.media.ContainerFormat;
import io.reelpipe.upload.video.VideoMetadata;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code uploads} table: creation, reads, the per-upload lease that serializes writers across instances, and
 * conditional commits. A commit names the offset and version it builds on and the lease it holds, so a writer that
 * lost its lease (or raced another) can never overwrite newer state.
 */
@Component
public class Uploads {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

    private final JdbcClient jdbc;

    Uploads(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts a new ACTIVE upload (the owner's profile row is created if missing). */
    public void create(Upload upload) {
        jdbc.sql("INSERT INTO profiles (id) VALUES (?) ON CONFLICT (id) DO NOTHING").param(upload.ownerId()).update();
        jdbc.sql("""
                INSERT INTO uploads (id, owner_id, kind, state, upload_length, part_size, object_key, s3_upload_id,
                                     metadata, raw_metadata, expires_at)
                VALUES (?, ?, ?, 'ACTIVE', ?, ?, ?, ?, ?::jsonb, ?, ?)
                """)
                .param(upload.id()).param(upload.ownerId()).param(upload.kind().name()).param(upload.length())
                .param(upload.partSize()).param(upload.objectKey()).param(upload.s3UploadId())
                .param(JSON.writeValueAsString(upload.metadata())).param(upload.rawMetadata())
                .param(upload.expiresAt().atOffset(ZoneOffset.UTC))
                .update();
    }

    public Optional<Upload> find(UUID id) {
        return jdbc.sql("SELECT * FROM uploads WHERE id = ?").param(id).query(Uploads::map).optional();
    }

    /** Takes the upload's lease when nobody holds it (or the holder's lease ran out). */
    public boolean tryLock(UUID id, String token, Duration lease) {
        return jdbc.sql("""
                UPDATE uploads SET lock_owner = ?, lock_until = now() + make_interval(secs => ?)
                 WHERE id = ? AND (lock_owner IS NULL OR lock_until < now())
                """).param(token).param(lease.toMillis() / 1000.0).param(id).update() == 1;
    }

    /** Extends the leases of the given holders. */
    public void renew(Collection<String> tokens, Duration lease) {
        if (!tokens.isEmpty()) {
            jdbc.sql("UPDATE uploads SET lock_until = now() + make_interval(secs => ?) WHERE lock_owner = ANY(?)")
                    .param(lease.toMillis() / 1000.0).param(tokens.toArray(String[]::new)).update();
        }
    }

    public void unlock(UUID id, String token) {
        jdbc.sql("UPDATE uploads SET lock_owner = NULL, lock_until = NULL WHERE id = ? AND lock_owner = ?")
                .param(id).param(token).update();
    }

    /** Records the S3 multipart upload a lease holder started, before any commit, so the janitor can abort it. */
    public void recordS3Upload(UUID id, String token, String s3UploadId) {
        jdbc.sql("UPDATE uploads SET s3_upload_id = ? WHERE id = ? AND lock_owner = ? AND s3_upload_id IS NULL")
                .param(s3UploadId).param(id).param(token).update();
    }

    /**
     * Records what a PATCH added, if the upload is still as the writer read it and the writer still holds the lease.
     *
     * @return false when the upload changed meanwhile (nothing was written)
     */
    public boolean commit(Upload before, String token, Upload after) {
        return jdbc.sql("""
                UPDATE uploads SET upload_offset = ?, s3_upload_id = ?, part_etags = ?::jsonb, tail_key = ?,
                                   sha256_state = ?, format = ?, expires_at = ?, version = version + 1,
                                   updated_at = now()
                 WHERE id = ? AND state = 'ACTIVE' AND version = ? AND upload_offset = ? AND lock_owner = ?
                """)
                .param(after.offset()).param(after.s3UploadId()).param(JSON.writeValueAsString(after.partEtags()))
                .param(after.tailKey()).param(after.sha256State())
                .param(after.format() == null ? null : after.format().name())
                .param(after.expiresAt().atOffset(ZoneOffset.UTC))
                .param(before.id()).param(before.version()).param(before.offset()).param(token)
                .update() == 1;
    }

    /** Moves an ACTIVE upload to a final state; false when it was not ACTIVE any more. */
    public boolean finish(UUID id, Upload.State state, String failure) {
        return jdbc.sql("""
                UPDATE uploads SET state = ?, failure = ?, updated_at = now(),
                                   completed_at = CASE WHEN ? = 'COMPLETED' THEN now() END,
                                   upload_offset = CASE WHEN ? = 'COMPLETED' THEN upload_length ELSE upload_offset END
                 WHERE id = ? AND state = 'ACTIVE'
                """)
                .param(state.name()).param(failure).param(state.name()).param(state.name()).param(id)
                .update() == 1;
    }

    /** ACTIVE uploads past their expiry (for the janitor), oldest first. */
    public List<Upload> expired(Instant now, int limit) {
        return jdbc.sql("""
                SELECT * FROM uploads WHERE state = 'ACTIVE' AND expires_at < ?
                   AND (lock_owner IS NULL OR lock_until < now())
                 ORDER BY expires_at LIMIT ?
                """).param(now.atOffset(ZoneOffset.UTC)).param(limit).query(Uploads::map).list();
    }

    /** Deletes rows of finished uploads last changed before {@code before}. */
    public int purge(Instant before) {
        return jdbc.sql("DELETE FROM uploads WHERE state <> 'ACTIVE' AND updated_at < ?")
                .param(before.atOffset(ZoneOffset.UTC)).update();
    }

    /** The owner's ACTIVE uploads and the bytes they announced. */
    public Usage activeUsage(String ownerId) {
        return jdbc.sql("""
                SELECT count(*) AS uploads, coalesce(sum(upload_length), 0) AS bytes
                  FROM uploads WHERE owner_id = ? AND state = 'ACTIVE'
                """).param(ownerId)
                .query((rs, n) -> new Usage(rs.getLong("uploads"), rs.getLong("bytes"))).single();
    }

    /**
     * Active uploads of a creator.
     *
     * @param uploads how many
     * @param bytes   their announced sizes, summed
     */
    public record Usage(long uploads, long bytes) {}

    private static Upload map(ResultSet rs, int row) throws SQLException {
        String format = rs.getString("format");
        return new Upload(
                rs.getObject("id", UUID.class),
                rs.getString("owner_id"),
                Upload.Kind.valueOf(rs.getString("kind")),
                Upload.State.valueOf(rs.getString("state")),
                rs.getLong("upload_length"),
                rs.getLong("upload_offset"),
                rs.getLong("part_size"),
                rs.getString("object_key"),
                rs.getString("s3_upload_id"),
                JSON.readValue(rs.getString("part_etags"), STRINGS),
                rs.getString("tail_key"),
                rs.getBytes("sha256_state"),
                format == null ? null : ContainerFormat.valueOf(format),
                JSON.readValue(rs.getString("metadata"), VideoMetadata.class),
                rs.getString("raw_metadata"),
                rs.getString("failure"),
                rs.getLong("version"),
                rs.getTimestamp("expires_at").toInstant());
    }
}
