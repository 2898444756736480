using SQLitePCL;

namespace Intranet.Blog.Infrastructure.Search;

/// SQLite-only, like everything in this folder but SearchText and SearchQuery (and migrations/0020_search_index.sql):
/// the SQL functions the search index's views and triggers call, so every write of a post, comment, person, topic or department updates
/// the index in its own transaction, whichever code path made it. Registered once per native connection: through
/// Microsoft.Data.Sqlite's CreateFunction they would be dropped each time the pool takes the connection back.
/// A connection without them (the sqlite3 shell) can read everything but cannot write an indexed table: better
/// refused than an index that silently stops matching its rows.
internal static class SqliteSearchFunctions
{
    public static void Register(sqlite3 db)
    {
        Text(db, "search_text", SearchText.HtmlText);
        Text(db, "search_terms", SearchText.Terms);
        Text(db, "search_parts", SearchText.Parts);
    }

    private static void Text(sqlite3 db, string name, Func<string?, string> function)
    {
        var rc = raw.sqlite3_create_function(db, name, 1, raw.SQLITE_UTF8 | raw.SQLITE_DETERMINISTIC, null, (ctx, _, args) =>
        {
            var value = raw.sqlite3_value_type(args[0]) == raw.SQLITE_NULL ? null : raw.sqlite3_value_text(args[0]).utf8_to_string();
            raw.sqlite3_result_text(ctx, function(value));
        });
        if (rc != raw.SQLITE_OK)
        {
            throw new InvalidOperationException($"Registering the SQL function {name} failed ({raw.sqlite3_errstr(rc).utf8_to_string()})");
        }
    }
}
