package io.reelpipe.upload.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ContentHashTests {

    static byte[] bytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    static String oneShot(byte[] bytes) {
        ContentHash hash = new ContentHash();
        hash.update(bytes, 0, bytes.length);
        return hash.finish();
    }

    @Test
    void itIsTheSha256OfTheBlockDigests() throws Exception {
        byte[] file = bytes(2 * ContentHash.BLOCK + 10);
        MessageDigest outer = MessageDigest.getInstance("SHA-256");
        for (int from = 0; from < file.length; from += ContentHash.BLOCK) {
            int to = Math.min(file.length, from + ContentHash.BLOCK);
            outer.update(MessageDigest.getInstance("SHA-256").digest(java.util.Arrays.copyOfRange(file, from, to)));
        }

        assertThat(oneShot(file)).isEqualTo(java.util.HexFormat.of().formatHex(outer.digest()));
    }

    @Test
    void resumingFromTheSavedStateAtABlockBoundaryGivesTheSameHashAsOneRun() {
        byte[] file = bytes(5 * ContentHash.BLOCK + 12345);
        ContentHash first = new ContentHash();
        first.update(file, 0, 3 * ContentHash.BLOCK + 777);
        byte[] state = first.blocksBefore(2L * ContentHash.BLOCK);

        ContentHash resumed = new ContentHash(state);
        resumed.update(file, 2 * ContentHash.BLOCK, file.length - 2 * ContentHash.BLOCK);

        assertThat(resumed.finish()).isEqualTo(oneShot(file));
        ContentHash again = new ContentHash(state);
        again.update(file, 2 * ContentHash.BLOCK, file.length - 2 * ContentHash.BLOCK);
        assertThat(ContentHash.hex(again.finishBlocks())).isEqualTo(oneShot(file));
    }

    @Test
    void differentContentHasADifferentHashAndAnExactBlockMultipleHasNoEmptyTrailingBlock() {
        byte[] file = bytes(2 * ContentHash.BLOCK);
        byte[] changed = file.clone();
        changed[ContentHash.BLOCK + 5] ^= 1;

        assertThat(oneShot(changed)).isNotEqualTo(oneShot(file));
        ContentHash hash = new ContentHash();
        hash.update(file, 0, file.length);
        assertThat(hash.finishBlocks()).hasSize(64);
    }
}
