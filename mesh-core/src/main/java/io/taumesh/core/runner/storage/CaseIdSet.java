package io.taumesh.core.runner.storage;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The ids of every case a runtime has processed, kept as 64-bit hashes in an open-addressing table: 8 to 16
 * bytes an id instead of a string's hundred, so that a history of a million cases opens in megabytes. Two
 * different ids share a hash with a chance of about n²/2⁶⁵ (1 in 36 million for a million ids); such a
 * case would be skipped as a duplicate.
 */
public final class CaseIdSet {

    private static final long EMPTY = 0L;
    private long[] table;
    private int size;
    private boolean hasZero;

    CaseIdSet() {
        this(512);
    }

    /** Sized for {@code expected} ids, so that loading them never regrows the table. */
    CaseIdSet(long expected) {
        int capacity = 1024;
        while (capacity < expected * 2 && capacity < (1 << 30)) {
            capacity <<= 1;
        }
        table = new long[capacity];
    }

    static long hash(String caseId) {
        // FNV-1a over the UTF-8 bytes, then a 64-bit finaliser to spread the bits.
        long h = 0xcbf29ce484222325L;
        for (byte b : caseId.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    public boolean contains(String caseId) {
        return containsHash(hash(caseId));
    }

    public void add(String caseId) {
        addHash(hash(caseId));
    }

    public int size() {
        return size + (hasZero ? 1 : 0);
    }

    boolean containsHash(long h) {
        if (h == EMPTY) {
            return hasZero;
        }
        int mask = table.length - 1;
        for (int i = (int) h & mask; ; i = (i + 1) & mask) {
            if (table[i] == h) {
                return true;
            }
            if (table[i] == EMPTY) {
                return false;
            }
        }
    }

    void addHash(long h) {
        if (h == EMPTY) {
            hasZero = true;
            return;
        }
        if ((size + 1) * 2 > table.length) {
            grow();
        }
        int mask = table.length - 1;
        for (int i = (int) h & mask; ; i = (i + 1) & mask) {
            if (table[i] == h) {
                return;
            }
            if (table[i] == EMPTY) {
                table[i] = h;
                size++;
                return;
            }
        }
    }

    private void grow() {
        long[] old = table;
        table = new long[old.length * 2];
        size = 0;
        for (long h : old) {
            if (h != EMPTY) {
                addHash(h);
            }
        }
    }

    /** Adds every hash in a case index file's bytes (8 bytes each, big-endian). */
    void addIndex(byte[] index, int length) {
        ByteBuffer buffer = ByteBuffer.wrap(index, 0, length);
        while (buffer.remaining() >= Long.BYTES) {
            addHash(buffer.getLong());
        }
    }

    /** Room for the ids of a few checkpoints beyond those loaded, before the set regrows. */
    static final long CHECKPOINT_HEADROOM = 16_384;

    /** The ids of the first {@code length} bytes of a case index, read in chunks: no copy of the whole file. */
    static CaseIdSet readIndex(Path file, long length) throws IOException {
        CaseIdSet ids = new CaseIdSet(length / Long.BYTES + CHECKPOINT_HEADROOM);
        if (length > 0) {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
                byte[] chunk = new byte[64 * 1024];
                long left = length - length % Long.BYTES;
                while (left > 0) {
                    int n = in.readNBytes(chunk, 0, (int) Math.min(chunk.length, left));
                    if (n <= 0) {
                        break;
                    }
                    ids.addIndex(chunk, n);
                    left -= n;
                }
            }
        }
        return ids;
    }

    /** The hashes of {@code ids}, as a case index file stores them. */
    static byte[] indexBytes(Iterable<String> ids) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer one = ByteBuffer.allocate(Long.BYTES);
        for (String id : ids) {
            one.clear();
            one.putLong(hash(id));
            out.write(one.array(), 0, Long.BYTES);
        }
        return out.toByteArray();
    }

    @Override
    public String toString() {
        return "CaseIdSet(" + size() + " ids, table "
                + Arrays.stream(new int[] {table.length}).sum() + ")";
    }
}
