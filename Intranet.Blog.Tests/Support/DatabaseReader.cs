using System.Data.Common;
using System.Text;
using Dapper;
using Intranet.Blog.Infrastructure.Db;

namespace Intranet.Blog.Tests.Support;

/// What someone with the database's files in hand would read: every row of every table, and the write-ahead log's
/// bytes. The anonymity tests (polls, questions to leadership) look there for a link between a person and what they
/// did anonymously.
public static class DatabaseReader
{
    public static async Task<Dictionary<string, List<IDictionary<string, object?>>>> RowsAsync(BlogAppFactory app, IEnumerable<string>? tables = null)
    {
        await using var connection = await app.Service<Database>().OpenAsync();
        tables ??= await TablesAsync(connection);
        var snapshot = new Dictionary<string, List<IDictionary<string, object?>>>();
        foreach (var table in tables)
        {
            snapshot[table] = (await connection.QueryAsync($"SELECT * FROM \"{table}\"")).Cast<IDictionary<string, object?>>().ToList();
        }

        return snapshot;
    }

    /// Every table of the app's database by name: what sqlite_master lists but SQLite's own, or on PostgreSQL the base
    /// tables of the app's schema.
    public static async Task<List<string>> TablesAsync(DbConnection connection) =>
        (await connection.QueryAsync<string>(TestEngine.Postgres
            ? "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"
            : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name")).ToList();

    /// A table's columns in their order.
    public static async Task<List<string>> ColumnsAsync(DbConnection connection, string table) =>
        (await connection.QueryAsync<string>(TestEngine.Postgres
            ? "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @table ORDER BY ordinal_position"
            : "SELECT name FROM pragma_table_info(@table) ORDER BY cid", new { table })).ToList();

    /// A row as one line, blobs in hex, for comparing snapshots and for failure messages.
    public static string Describe(IDictionary<string, object?> row) =>
        string.Join(", ", row.Select(c => $"{c.Key}={(c.Value is byte[] b ? Convert.ToHexString(b) : c.Value)}"));

    public static async Task<byte[]> WalBytesAsync(BlogAppFactory app)
    {
        var path = app.DatabasePath + "-wal"; // none on PostgreSQL, whose log is the server's
        if (!File.Exists(path))
        {
            return [];
        }

        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        await file.CopyToAsync(copy);
        return copy.ToArray();
    }

    public static bool Contains(byte[] haystack, string text) => haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;
}
