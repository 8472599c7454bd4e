package io.memstream.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads the PostgreSQL table {@code memories} back: its ids, and its rows as JSON objects. */
public final class MemoriesTableReader {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TABLE = "memories";

    private final String jdbcUrl;
    private final String user;
    private final String password;

    public MemoriesTableReader(String jdbcUrl, String user, String password) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    public Set<String> memoryIds() throws SQLException {
        Set<String> ids = new HashSet<>();
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT memory_id FROM " + TABLE)) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    /** Every row, ordered by user, first_seen and id, as JSON objects keyed by column name. */
    public List<ObjectNode> rows() throws SQLException {
        List<ObjectNode> rows = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM " + TABLE + " ORDER BY user_id, first_seen, memory_id")) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                ObjectNode row = JSON.createObjectNode();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.set(meta.getColumnName(i), valueOf(rs, i, meta.getColumnTypeName(i)));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static JsonNode valueOf(ResultSet rs, int column, String typeName) throws SQLException {
        Object value = rs.getObject(column);
        if (value == null) {
            return JSON.nullNode();
        }
        if (typeName.equals("jsonb") || typeName.equals("json")) {
            try {
                return JSON.readTree(value.toString());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                return JSON.getNodeFactory().textNode(value.toString());
            }
        }
        if (value instanceof Array array) {
            ArrayNode items = JSON.createArrayNode();
            for (Object item : (Object[]) array.getArray()) {
                items.add(JSON.valueToTree(item));
            }
            return items;
        }
        if (value instanceof Timestamp ts) {
            return JSON.getNodeFactory().textNode(ts.toInstant().toString());
        }
        return JSON.valueToTree(value);
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }
}
