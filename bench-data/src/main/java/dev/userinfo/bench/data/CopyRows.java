package dev.userinfo.bench.data;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/** Rows streamed into one {@code COPY … FROM STDIN} (text format) on the caller's connection and transaction. */
final class CopyRows implements AutoCloseable {

    private static final HexFormat HEX = HexFormat.of();
    private final Writer out;
    private long rows;

    CopyRows(Connection tx, String table, String columns) throws SQLException {
        PGCopyOutputStream copy = new PGCopyOutputStream(tx.unwrap(PGConnection.class),
                "COPY " + table + " (" + columns + ") FROM STDIN", 1 << 16);
        this.out = new BufferedWriter(new OutputStreamWriter(copy, StandardCharsets.UTF_8), 1 << 16);
    }

    /** One row: null is SQL NULL, byte[] a bytea, anything else its text (times as ISO 8601, arrays as "{a,b}"). */
    void row(Object... fields) throws IOException {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                out.write('\t');
            }
            Object field = fields[i];
            if (field == null) {
                out.write("\\N");
            } else if (field instanceof byte[] bytes) {
                out.write("\\\\x");
                out.write(HEX.formatHex(bytes));
            } else {
                out.write(escaped(field.toString()));
            }
        }
        out.write('\n');
        rows++;
    }

    long rows() {
        return rows;
    }

    static String escaped(String text) {
        if (text.indexOf('\\') < 0 && text.indexOf('\t') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }

    /** Ends the COPY; its rows commit with the caller's transaction. */
    @Override
    public void close() throws IOException {
        out.close();
    }
}
