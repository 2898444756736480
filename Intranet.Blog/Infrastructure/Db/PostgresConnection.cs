using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using Npgsql;

namespace Intranet.Blog.Infrastructure.Db;

/// PostgreSQL's connection as the stores see it, for one difference between the engines: list parameters. Dapper
/// sends a list (`WHERE id IN @ids`) to a connection it knows as Npgsql's as one array, which PostgreSQL's IN does
/// not take (it wants `= ANY(@ids)`, which SQLite does not know); to any other connection it sends the values one by
/// one, `IN (@ids1, @ids2)`, which both engines take. Wrapped, Npgsql's connection is such another connection, so the
/// stores keep one SQL text. An empty list Dapper writes as `x IN (SELECT @ids WHERE 1 = 0)`, whose untyped
/// parameter PostgreSQL takes for text and then cannot compare with a number; what it means is known without x
/// (false, and true for NOT IN), so the command says that instead. Everything else passes through to Npgsql unchanged.
public sealed partial class PostgresConnection(NpgsqlConnection inner) : DbConnection
{
    public NpgsqlConnection Inner { get; } = inner;

    [AllowNull]
    public override string ConnectionString
    {
        get => Inner.ConnectionString;
        set => Inner.ConnectionString = value;
    }

    public override string Database => Inner.Database;

    public override string DataSource => Inner.DataSource;

    public override string ServerVersion => Inner.ServerVersion;

    public override ConnectionState State => Inner.State;

    public override void ChangeDatabase(string databaseName) => Inner.ChangeDatabase(databaseName);

    public override void Close() => Inner.Close();

    public override Task CloseAsync() => Inner.CloseAsync();

    public override void Open() => Inner.Open();

    public override Task OpenAsync(CancellationToken cancellationToken) => Inner.OpenAsync(cancellationToken);

    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => Inner.BeginTransaction(isolationLevel);

    protected override async ValueTask<DbTransaction> BeginDbTransactionAsync(IsolationLevel isolationLevel, CancellationToken cancellationToken) =>
        await Inner.BeginTransactionAsync(isolationLevel, cancellationToken);

    protected override DbCommand CreateDbCommand() => new Command(this, Inner.CreateCommand());

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync() => Inner.DisposeAsync();

    /// Npgsql's command, answering to the wrapper as its connection (Dapper asks the command which connection it has).
    private sealed class Command(PostgresConnection connection, NpgsqlCommand inner) : DbCommand
    {
        [AllowNull]
        public override string CommandText
        {
            get => inner.CommandText;
            set => inner.CommandText = value is null ? value : EmptyList().Replace(value, m => m.Groups["not"].Success ? "TRUE" : "FALSE");
        }

        public override int CommandTimeout
        {
            get => inner.CommandTimeout;
            set => inner.CommandTimeout = value;
        }

        public override CommandType CommandType
        {
            get => inner.CommandType;
            set => inner.CommandType = value;
        }

        public override UpdateRowSource UpdatedRowSource
        {
            get => inner.UpdatedRowSource;
            set => inner.UpdatedRowSource = value;
        }

        public override bool DesignTimeVisible
        {
            get => inner.DesignTimeVisible;
            set => inner.DesignTimeVisible = value;
        }

        protected override DbConnection? DbConnection
        {
            get => connection;
            set => throw new NotSupportedException("A command of a PostgresConnection stays with it.");
        }

        protected override DbParameterCollection DbParameterCollection => inner.Parameters;

        protected override DbTransaction? DbTransaction
        {
            get => inner.Transaction;
            set => inner.Transaction = (NpgsqlTransaction?)value;
        }

        public override void Cancel() => inner.Cancel();

        public override void Prepare() => inner.Prepare();

        protected override DbParameter CreateDbParameter() => inner.CreateParameter();

        protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => inner.ExecuteReader(behavior);

        protected override async Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken) =>
            await inner.ExecuteReaderAsync(behavior, cancellationToken);

        public override int ExecuteNonQuery() => inner.ExecuteNonQuery();

        public override Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken) => inner.ExecuteNonQueryAsync(cancellationToken);

        public override object? ExecuteScalar() => inner.ExecuteScalar();

        public override Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken) => inner.ExecuteScalarAsync(cancellationToken);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    // Dapper's text for an empty list after a column or a qualified column; anything else is left for PostgreSQL to refuse.
    [GeneratedRegex(@"[\w.]+\s+(?<not>NOT\s+)?IN\s+\(SELECT\s+@\w+\s+WHERE\s+1\s*=\s*0\)", RegexOptions.IgnoreCase)]
    private static partial Regex EmptyList();
}
