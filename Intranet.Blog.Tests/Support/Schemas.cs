using System.Data.Common;
using System.Text;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Intranet.Blog.Tests.Support;

/// A database's schema as engine-neutral lines ("column users.email text nocase not null", "index ..."), read from
/// each engine's own catalogue, so that the SQLite and the PostgreSQL schema can be compared line by line. The types
/// are compared as the app uses them: SQLite's INTEGER is PostgreSQL's bigint, TEXT text, BLOB bytea, and a NOCASE
/// text column is text with the case-insensitive collation nocase. Search is engine-specific by design (FTS5 here, PostgreSQL's full text there) and left out,
/// as is what one engine alone has (named sqlite_ or postgres_: PostgreSQL keeps the data-protection keys, SQLite has them as files).
public static partial class Schemas
{
    public static bool EngineSpecific(string name) => name.StartsWith("search_", StringComparison.Ordinal) || name.StartsWith("sqlite_", StringComparison.Ordinal)
        || name.StartsWith("postgres_", StringComparison.Ordinal);

    public static async Task<SortedSet<string>> DescribeAsync(DbConnection connection) =>
        connection is NpgsqlConnection postgres ? await DescribeAsync(postgres) : await DescribeAsync((SqliteConnection)connection);

    private static async Task<SortedSet<string>> DescribeAsync(SqliteConnection connection)
    {
        var lines = new SortedSet<string>(StringComparer.Ordinal);
        var tables = (await connection.QueryAsync<(string Name, string Sql)>(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name")).Where(t => !EngineSpecific(t.Name)).ToList();
        foreach (var (table, sql) in tables)
        {
            lines.Add($"table {table}");
            var columns = (await connection.QueryAsync<(string Name, string Type, long NotNull, string? Default, long Pk)>(
                "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(@table)", new { table })).ToList();
            var checks = Checks(sql).Select(check => (check, Mentioned(check, columns.Select(c => c.Name)))).ToList();
            var foreignKeys = (await connection.QueryAsync<(long Id, string Table, string From, string To, string OnDelete)>(
                "SELECT id, \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list(@table) ORDER BY id, seq", new { table })).ToList();
            var rowidTable = !sql.Contains("WITHOUT ROWID", StringComparison.OrdinalIgnoreCase);
            foreach (var column in columns)
            {
                var nocase = Regex.IsMatch(sql, $@"\b{column.Name}\s+TEXT\b[^,]*\bCOLLATE\s+NOCASE", RegexOptions.IgnoreCase);
                var type = column.Type.ToUpperInvariant() switch
                {
                    "INTEGER" => "integer",
                    "TEXT" => nocase ? "text nocase" : "text",
                    "BLOB" => "blob",
                    "REAL" => "real",
                    var other => $"unknown {other}",
                };
                var notNull = column.NotNull == 1 || column.Pk > 0 ? " not null" : "";
                // The ids the database assigns: a rowid table's INTEGER PRIMARY KEY named id that no check pins to a
                // value the app gives (heartbeat's 1); keys the app gives are named for what they are (user_id, version).
                var assigned = rowidTable && column.Name == "id" && column.Pk == 1 && columns.Count(c => c.Pk > 0) == 1
                    && type == "integer" && checks.All(c => !c.Item2.Contains(column.Name))
                    ? " assigned" : "";
                lines.Add($"column {table}.{column.Name} {type}{notNull}{Default(column.Default)}{assigned}");
            }

            var key = columns.Where(c => c.Pk > 0).OrderBy(c => c.Pk).Select(c => c.Name).ToList();
            if (key.Count > 0)
            {
                lines.Add($"primary key {table} ({string.Join(", ", key)})");
            }

            foreach (var index in await connection.QueryAsync<(string Name, string Origin)>(
                "SELECT name, origin FROM pragma_index_list(@table) WHERE origin = 'u'", new { table }))
            {
                var indexColumns = await connection.QueryAsync<string>("SELECT name FROM pragma_index_info(@index) ORDER BY seqno", new { index = index.Name });
                lines.Add($"unique {table} ({string.Join(", ", indexColumns)})");
            }

            foreach (var foreignKey in foreignKeys.GroupBy(f => f.Id))
            {
                var onDelete = foreignKey.First().OnDelete.ToLowerInvariant();
                lines.Add($"foreign key {table} ({string.Join(", ", foreignKey.Select(f => f.From))}) references {foreignKey.First().Table} "
                    + $"({string.Join(", ", foreignKey.Select(f => f.To))}) on delete {onDelete}");
            }

            foreach (var (_, mentioned) in checks)
            {
                lines.Add($"check {table} ({string.Join(", ", mentioned)})");
            }
        }

        foreach (var sql in await connection.QueryAsync<string>("SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"))
        {
            var index = Normalized(sql);
            if (!EngineSpecific(Regex.Match(index, @"index(\w+)on").Groups[1].Value))
            {
                lines.Add($"index {index}");
            }
        }

        foreach (var (type, name) in await connection.QueryAsync<(string, string)>("SELECT type, name FROM sqlite_master WHERE type IN ('trigger', 'view')"))
        {
            if (!EngineSpecific(name))
            {
                lines.Add($"{type} {name}");
            }
        }

        return lines;
    }

    private static async Task<SortedSet<string>> DescribeAsync(NpgsqlConnection connection)
    {
        var lines = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var table in await connection.QueryAsync<string>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"))
        {
            if (!EngineSpecific(table))
            {
                lines.Add($"table {table}");
            }
        }

        foreach (var column in await connection.QueryAsync<(string Table, string Name, string Type, string? Collation, string Nullable, string? Default, string Identity)>(
            """
            SELECT c.table_name, c.column_name, c.data_type, c.collation_name, c.is_nullable, c.column_default, c.is_identity
              FROM information_schema.columns c
              JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
             WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
            """))
        {
            if (EngineSpecific(column.Table))
            {
                continue;
            }

            var type = column.Type switch
            {
                "bigint" => "integer",
                "text" => column.Collation == "nocase" ? "text nocase" : "text",
                "bytea" => "blob",
                "double precision" => "real",
                var other => $"unknown {other}",
            };
            var notNull = column.Nullable == "NO" ? " not null" : "";
            var assigned = column.Identity == "YES" ? " assigned" : "";
            lines.Add($"column {column.Table}.{column.Name} {type}{notNull}{Default(column.Default)}{assigned}");
        }

        foreach (var constraint in await connection.QueryAsync<(string Table, string Type, string[] Columns, string? Referenced, string[]? ReferencedColumns, string OnDelete)>(
            """
            SELECT t.relname, c.contype::text,
                   ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
                           JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i),
                   r.relname,
                   ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(n, i)
                           JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.i),
                   c.confdeltype::text
              FROM pg_constraint c
              JOIN pg_class t ON t.oid = c.conrelid
              JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
              LEFT JOIN pg_class r ON r.oid = c.confrelid
            """))
        {
            if (EngineSpecific(constraint.Table))
            {
                continue;
            }

            var columns = string.Join(", ", constraint.Columns);
            lines.Add(constraint.Type switch
            {
                "p" => $"primary key {constraint.Table} ({columns})",
                "u" => $"unique {constraint.Table} ({columns})",
                "f" => $"foreign key {constraint.Table} ({columns}) references {constraint.Referenced} ({string.Join(", ", constraint.ReferencedColumns!)}) "
                    + $"on delete {(constraint.OnDelete == "c" ? "cascade" : "no action")}",
                "c" => $"check {constraint.Table} ({string.Join(", ", constraint.Columns.Order(StringComparer.Ordinal))})",
                var other => $"constraint {other} {constraint.Table} ({columns})",
            });
        }

        // Indexes that back a constraint are the constraint's, listed above; SQLite lists those as automatic indexes.
        foreach (var definition in await connection.QueryAsync<string>(
            """
            SELECT pg_get_indexdef(i.indexrelid)
              FROM pg_index i
              JOIN pg_class c ON c.oid = i.indexrelid
              JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
             WHERE NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
            """))
        {
            var index = Normalized(definition);
            if (!EngineSpecific(Regex.Match(index, @"index(\w+)on").Groups[1].Value))
            {
                lines.Add($"index {index}");
            }
        }

        foreach (var trigger in await connection.QueryAsync<string>(
            "SELECT tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public' WHERE NOT tgisinternal"))
        {
            if (!EngineSpecific(trigger))
            {
                lines.Add($"trigger {trigger}");
            }
        }

        foreach (var view in await connection.QueryAsync<string>("SELECT table_name FROM information_schema.views WHERE table_schema = 'public'"))
        {
            if (!EngineSpecific(view))
            {
                lines.Add($"view {view}");
            }
        }

        return lines;
    }

    /// Each engine writes a default its own way ('de'::text against 'de'); the value is what counts.
    private static string Default(string? value) =>
        value is null ? "" : $" default {CastOrParentheses().Replace(value, "")}";

    /// An index as one comparable string: both engines' definitions without casts, schema, method, case, spaces and
    /// parentheses (PostgreSQL adds them around every condition), IFNULL spelled COALESCE.
    private static string Normalized(string definition)
    {
        var text = definition.ToLowerInvariant().Replace("public.", "").Replace("using btree", "").Replace("ifnull(", "coalesce(");
        text = CastOrParentheses().Replace(text, "");
        return Regex.Replace(text, @"[\s""]", "");
    }

    /// The CHECK (...) constraints in a CREATE TABLE statement, each as its expression.
    private static IEnumerable<string> Checks(string sql)
    {
        foreach (Match match in Regex.Matches(sql, @"\bCHECK\s*\(", RegexOptions.IgnoreCase))
        {
            var depth = 1;
            var expression = new StringBuilder();
            for (var i = match.Index + match.Length; i < sql.Length && depth > 0; i++)
            {
                depth += sql[i] switch { '(' => 1, ')' => -1, _ => 0 };
                if (depth > 0)
                {
                    expression.Append(sql[i]);
                }
            }

            yield return expression.ToString();
        }
    }

    private static List<string> Mentioned(string expression, IEnumerable<string> columns) =>
        columns.Where(c => Regex.IsMatch(expression, $@"\b{c}\b")).Order(StringComparer.Ordinal).ToList();

    [GeneratedRegex(@"::(?:double precision|character varying|[a-z]+)|[()]")]
    private static partial Regex CastOrParentheses();
}
